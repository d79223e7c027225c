#include "worker.h"

#include <QMetaObject>

namespace Amqp::Detail {

namespace {

// How long an idle worker sleeps between looks at the socket; heartbeats are sent from these
// calls into rabbitmq-c, so it stays well under any heartbeat interval.
constexpr int idleWaitMs = 100;
// Publishes taken per turn of the loop, so that a flood of them never starves the reading.
constexpr int publishesPerTurn = 1024;

} // namespace

Worker::Worker(Client *client, ConnectionOptions options, Shared *shared, int generation)
    : m_client(client), m_options(std::move(options)), m_shared(shared), m_generation(generation)
{
}

Worker::~Worker() = default;

void Worker::settle(State state, const QString &error)
{
    if (state == m_state && error.isEmpty())
        return;
    m_state = state;
    postState(state, error);
}

bool Worker::pause(int ms, bool *reconnectAsked)
{
    QElapsedTimer waited;
    waited.start();
    for (;;) {
        {
            QMutexLocker lock(&m_shared->mutex);
            if (m_shared->stopRequested)
                return false;
            if (m_shared->reconnectRequested) {
                m_shared->reconnectRequested = false;
                *reconnectAsked = true;
                return true;
            }
        }
        const qint64 left = ms < 0 ? idleWaitMs * 10 : ms - waited.elapsed();
        if (left <= 0)
            return true;
        m_shared->wakeup.wait(-1, int(left));
    }
}

void Worker::run()
{
    int backoffMs = 0;
    bool first = true;
    for (;;) {
        {
            QMutexLocker lock(&m_shared->mutex);
            if (m_shared->stopRequested)
                break;
            m_settings = m_shared->settings;
            m_topology = m_shared->topology;
            m_shared->topologyChanged = false;
            m_shared->reconnectRequested = false;
        }
        if (backoffMs == 0)
            backoffMs = qMax(1, m_settings.backoffFirstMs);
        settle(first ? State::Connecting : State::Reconnecting, {});
        QString error;
        bool refused = false;
        if (connectSession(&error, &refused)) {
            first = false;
            backoffMs = qMax(1, m_settings.backoffFirstMs);
            settle(State::Live, {});
            QMetaObject::invokeMethod(m_client, [client = m_client, shared = m_shared,
                                                 generation = m_generation] {
                if (shared->generation == generation)
                    Q_EMIT client->ready();
            }, Qt::QueuedConnection);
            const Outcome outcome = serve(&error);
            flushBatch(nullptr, false); // what was read is handed over; the broker keeps the rest
            m_incoming = {};
            if (outcome == Outcome::Stopped)
                break;
            m_session.reset();
            if (outcome == Outcome::Restart) {
                first = true;
                continue;
            }
            settle(State::Reconnecting, error);
        } else if (refused) {
            m_session.reset();
            settle(State::Failed, error);
            bool reconnect = false, stopAsked = false;
            while (!reconnect && !stopAsked)
                stopAsked = !pause(-1, &reconnect);
            if (stopAsked)
                break;
            first = true;
            backoffMs = 0;
            continue;
        } else {
            m_session.reset();
            settle(State::Reconnecting, error);
        }
        bool reconnect = false;
        if (!pause(backoffMs, &reconnect))
            break;
        backoffMs = reconnect ? 0 : qMin(backoffMs * 2, qMax(backoffMs, m_settings.backoffMaxMs));
    }
    m_session.reset();
}

bool Worker::connectSession(QString *error, bool *refused)
{
    m_session = std::make_unique<BrokerSession>(m_options);
    if (!m_session->open(error, refused))
        return false;
    ReplyFailure failure;
    if (!m_session->declare(m_topology, &m_names, &failure)) {
        *error = failure.text;
        return false;
    }
    postDeclared(m_names);
    return true;
}

Worker::Outcome Worker::serve(QString *error)
{
    QElapsedTimer sinceHeartbeat;
    sinceHeartbeat.start();
    for (;;) {
        bool morePublishes = false;
        const Outcome outcome = serviceRequests(error, &morePublishes);
        if (outcome != Outcome::Continue)
            return outcome;

        if (m_shared->batchesInFlight.load() >= maxBatchesInFlight) {
            // The owner is behind: leave the messages in the socket and the broker, but keep
            // the connection alive.
            const int heartbeat = m_session->heartbeatSeconds();
            if (heartbeat > 0 && sinceHeartbeat.elapsed() > heartbeat * 500) {
                m_session->sendHeartbeat();
                sinceHeartbeat.restart();
            }
            m_shared->wakeup.wait(-1, idleWaitMs);
            continue;
        }
        bool drained = false;
        if (!readAvailable(error, &drained))
            return Outcome::Lost;
        sinceHeartbeat.restart();
        if (m_batch.queueIndex >= 0 && batchWaitLeftMs() == 0 && !flushBatch(error))
            return Outcome::Lost;
        int wait = m_batch.queueIndex >= 0 ? batchWaitLeftMs() : idleWaitMs;
        if (!drained || morePublishes)
            wait = 0;
        if (wait > 0)
            m_shared->wakeup.wait(m_session->socketFd(), wait);
    }
}

Worker::Outcome Worker::serviceRequests(QString *error, bool *morePublishes)
{
    bool stop = false, topologyChanged = false;
    Topology topology;
    QList<int> depths;
    std::deque<Message> publishes;
    {
        QMutexLocker lock(&m_shared->mutex);
        stop = m_shared->stopRequested;
        m_shared->reconnectRequested = false; // already connected
        if (m_shared->topologyChanged) {
            topologyChanged = true;
            topology = m_shared->topology;
            m_shared->topologyChanged = false;
        }
        depths.swap(m_shared->depthRequests);
        const size_t take = stop ? m_shared->publishes.size()
                                 : qMin(m_shared->publishes.size(), size_t(publishesPerTurn));
        for (size_t i = 0; i < take; ++i) {
            publishes.push_back(std::move(m_shared->publishes.front()));
            m_shared->publishes.pop_front();
        }
        *morePublishes = !m_shared->publishes.empty();
    }
    if (!publishQueued(publishes, error))
        return Outcome::Lost;
    if (stop)
        return Outcome::Stopped;
    if (topologyChanged) {
        const Outcome outcome = applyTopology(topology, error);
        if (outcome != Outcome::Continue)
            return outcome;
    }
    for (const int index : std::as_const(depths)) {
        if (index < 0 || index >= m_names.size())
            continue;
        qint64 messages = 0, consumers = 0;
        QString failure;
        if (m_session->queueDepth(m_names[index], &messages, &consumers, &failure)) {
            postDepth(index, messages, consumers);
        } else if (m_session->socketFd() < 0) {
            *error = failure;
            return Outcome::Lost;
        } else {
            postError(failure);
        }
    }
    return Outcome::Continue;
}

bool Worker::publishQueued(std::deque<Message> &messages, QString *error)
{
    while (!messages.empty()) {
        if (!m_session->publish(messages.front(), error)) {
            postPublishFailed(messages.front(), *error);
            messages.pop_front();
            // The rest go out after the reconnect, ahead of anything published since.
            QMutexLocker lock(&m_shared->mutex);
            while (!messages.empty()) {
                m_shared->publishes.push_front(std::move(messages.back()));
                messages.pop_back();
            }
            return false;
        }
        messages.pop_front();
    }
    return true;
}

Worker::Outcome Worker::applyTopology(const Topology &topology, QString *error)
{
    if (topology.exchanges != m_topology.exchanges || topology.queues != m_topology.queues)
        return Outcome::Restart; // queues and consumers change only through a fresh session
    for (const Binding &binding : std::as_const(m_topology.bindings)) {
        if (topology.bindings.contains(binding))
            continue;
        ReplyFailure failure;
        if (binding.queueIndex >= 0 && binding.queueIndex < m_names.size()
            && !m_session->bind(m_names[binding.queueIndex], binding, true, &failure)) {
            *error = failure.text;
            return Outcome::Lost;
        }
    }
    for (const Binding &binding : topology.bindings) {
        if (m_topology.bindings.contains(binding))
            continue;
        ReplyFailure failure;
        if (binding.queueIndex < 0 || binding.queueIndex >= m_names.size()) {
            postError(QStringLiteral("a binding names queue %1, but the topology has %2 queues")
                          .arg(binding.queueIndex)
                          .arg(m_names.size()));
            continue;
        }
        if (!m_session->bind(m_names[binding.queueIndex], binding, false, &failure)) {
            *error = failure.text; // the broker closed the consuming channel: start again
            return Outcome::Lost;
        }
    }
    m_topology = topology;
    return Outcome::Continue;
}

void Worker::postState(State state, const QString &error)
{
    QMetaObject::invokeMethod(m_client, [client = m_client, shared = m_shared, state, error,
                                         generation = m_generation] {
        if (shared->generation != generation)
            return;
        const bool changed = shared->ownerState != state;
        shared->ownerState = state;
        if (!error.isEmpty()) {
            shared->ownerLastError = error;
            Q_EMIT client->errorOccurred(error);
        }
        if (changed)
            Q_EMIT client->stateChanged(state);
    }, Qt::QueuedConnection);
}

void Worker::postError(const QString &error)
{
    QMetaObject::invokeMethod(m_client, [client = m_client, shared = m_shared, error] {
        shared->ownerLastError = error;
        Q_EMIT client->errorOccurred(error);
    }, Qt::QueuedConnection);
}

void Worker::postDeclared(const QList<QByteArray> &names)
{
    QMetaObject::invokeMethod(m_client, [client = m_client, shared = m_shared, names,
                                         generation = m_generation] {
        if (shared->generation != generation)
            return;
        for (qsizetype i = 0; i < names.size(); ++i)
            Q_EMIT client->queueDeclared(int(i), names[i]);
    }, Qt::QueuedConnection);
}

void Worker::postDepth(int queueIndex, qint64 messages, qint64 consumers)
{
    QMetaObject::invokeMethod(m_client, [client = m_client, queueIndex, messages, consumers] {
        Q_EMIT client->queueDepth(queueIndex, messages, consumers);
    }, Qt::QueuedConnection);
}

void Worker::postPublishFailed(const Message &message, const QString &error)
{
    QMetaObject::invokeMethod(m_client, [client = m_client, shared = m_shared, message, error] {
        shared->ownerLastError = error;
        Q_EMIT client->publishFailed(message, error);
    }, Qt::QueuedConnection);
}

void Worker::postBatch(int queueIndex, QList<Message> &&batch)
{
    m_shared->batchesInFlight.fetch_add(1);
    QMetaObject::invokeMethod(m_client, [client = m_client, shared = m_shared, queueIndex,
                                         batch = std::move(batch)] {
        Q_EMIT client->messagesReceived(queueIndex, batch);
        if (shared->batchesInFlight.fetch_sub(1) >= maxBatchesInFlight)
            shared->wakeup.signal();
    }, Qt::QueuedConnection);
}

} // namespace Amqp::Detail
