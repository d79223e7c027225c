#include "client.h"

#include "worker.h"
#include "workershared.h"

#include <QThread>

#include <openssl/crypto.h>

namespace Amqp {

// The worker's stack: rabbitmq-c decodes nested header tables recursively, bounded only by the
// frame size, so give it room rather than trust the platform default.
static constexpr uint workerStackBytes = 16 * 1024 * 1024;

struct Client::Private
{
    ConnectionOptions options;
    Detail::Shared shared;
    QThread *thread = nullptr;
};

Client::Client(ConnectionOptions options, QObject *parent)
    : QObject(parent), d(std::make_unique<Private>())
{
    d->options = std::move(options);
}

Client::~Client()
{
    stop();
}

const ConnectionOptions &Client::options() const
{
    return d->options;
}

State Client::state() const
{
    return d->shared.ownerState;
}

QString Client::lastError() const
{
    return d->shared.ownerLastError;
}

void Client::setTopology(const Topology &topology)
{
    {
        QMutexLocker lock(&d->shared.mutex);
        d->shared.topology = topology;
        d->shared.topologyChanged = true;
    }
    d->shared.wakeup.signal();
}

Topology Client::topology() const
{
    QMutexLocker lock(&d->shared.mutex);
    return d->shared.topology;
}

void Client::setBatchHandler(BatchHandler handler)
{
    QMutexLocker lock(&d->shared.mutex);
    d->shared.settings.handler = std::move(handler);
}

void Client::setBatchLimits(int maxMessages, int maxWaitMs)
{
    QMutexLocker lock(&d->shared.mutex);
    d->shared.settings.maxBatchMessages = qBound(1, maxMessages, 1 << 20);
    d->shared.settings.maxBatchWaitMs = qBound(0, maxWaitMs, 60000);
}

void Client::setReconnectBackoff(int firstMs, int maxMs)
{
    QMutexLocker lock(&d->shared.mutex);
    d->shared.settings.backoffFirstMs = qBound(1, firstMs, 3600000);
    d->shared.settings.backoffMaxMs = qBound(d->shared.settings.backoffFirstMs, maxMs, 3600000);
}

void Client::setMaxMessageBytes(qint64 bytes)
{
    QMutexLocker lock(&d->shared.mutex);
    d->shared.settings.maxMessageBytes = qMax<qint64>(0, bytes);
}

quint64 Client::droppedMessages() const
{
    return d->shared.droppedMessages.load();
}

void Client::start()
{
    if (d->thread)
        return;
    {
        QMutexLocker lock(&d->shared.mutex);
        d->shared.stopRequested = false;
        d->shared.reconnectRequested = false;
    }
    d->shared.wakeup.clear();
    const int generation = ++d->shared.generation;
    auto worker = std::make_shared<Detail::Worker>(this, d->options, &d->shared, generation);
    d->thread = QThread::create([worker] {
        worker->run();
        // OpenSSL's state for this thread (amqps) is freed here, not at the thread's exit after
        // QThread::wait() has returned, when a program exiting would free it a second time.
        OPENSSL_thread_stop();
    });
    d->thread->setObjectName(QStringLiteral("amqp ") + d->options.host);
    d->thread->setStackSize(workerStackBytes);
    d->thread->start();
}

void Client::stop()
{
    if (!d->thread)
        return;
    {
        QMutexLocker lock(&d->shared.mutex);
        d->shared.stopRequested = true;
    }
    d->shared.wakeup.signal();
    d->thread->wait();
    delete d->thread;
    d->thread = nullptr;
    ++d->shared.generation; // whatever the worker queued before it ended is old news
    if (d->shared.ownerState != State::Disconnected) {
        d->shared.ownerState = State::Disconnected;
        Q_EMIT stateChanged(State::Disconnected);
    }
}

void Client::reconnectNow()
{
    if (!d->thread) {
        start();
        return;
    }
    {
        QMutexLocker lock(&d->shared.mutex);
        d->shared.reconnectRequested = true;
    }
    d->shared.wakeup.signal();
}

bool Client::publish(const Message &message)
{
    {
        QMutexLocker lock(&d->shared.mutex);
        const int limit = d->shared.settings.maxQueuedPublishes;
        if (d->shared.publishes.size() >= size_t(limit)) {
            lock.unlock();
            d->shared.ownerLastError
                = QStringLiteral("publish refused: %1 messages are already waiting for %2")
                      .arg(limit)
                      .arg(d->options.describe());
            return false;
        }
        d->shared.publishes.push_back(message);
    }
    d->shared.wakeup.signal();
    return true;
}

void Client::setMaxQueuedPublishes(int count)
{
    QMutexLocker lock(&d->shared.mutex);
    d->shared.settings.maxQueuedPublishes = qMax(0, count);
}

void Client::requestQueueDepth(int queueIndex)
{
    {
        QMutexLocker lock(&d->shared.mutex);
        QList<int> &requests = d->shared.depthRequests;
        if (requests.contains(queueIndex) || requests.size() >= Detail::maxDepthRequests)
            return;
        requests.append(queueIndex);
    }
    d->shared.wakeup.signal();
}

QString stateName(State state)
{
    switch (state) {
    case State::Disconnected: return QStringLiteral("disconnected");
    case State::Connecting: return QStringLiteral("connecting");
    case State::Live: return QStringLiteral("live");
    case State::Reconnecting: return QStringLiteral("reconnecting");
    case State::Failed: return QStringLiteral("failed");
    }
    return {};
}

} // namespace Amqp
