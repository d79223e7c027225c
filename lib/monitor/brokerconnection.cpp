#include "brokerconnection.h"

#include "amqpswitchlink.h"
#include "brokercommands.h"

#include "esl/promise.h"

#include "amqp/routingkey.h"

#include <QDateTime>
#include <QLoggingCategory>
#include <QSemaphore>
#include <QUuid>

#include <algorithm>
#include <atomic>

Q_LOGGING_CATEGORY(lcBroker, "monitor.broker")

namespace Monitor {

namespace {

// The queues of the topology, by index (brokertopology.cpp).
constexpr int kEventsQueue = 0;
constexpr int kRepliesQueue = 1;
// Every switch is re-synced at most this often while the broker keeps dropping.
constexpr int kOverflowResyncMs = 1000;

} // namespace

// The worker's side of the handover: at most kMaxBatchesInFlight decoded batches wait for this
// thread; the worker waits for a slot (so the backlog stays in the broker) unless the connection
// is closing.
struct BrokerConnection::Gate
{
    QSemaphore slots{kMaxBatchesInFlight};
    std::atomic<bool> closing{false};

    bool enter()
    {
        while (!slots.tryAcquire(1, 50)) {
            if (closing.load())
                return false;
        }
        return true;
    }
};

qint64 BrokerConnection::now()
{
    return QDateTime::currentMSecsSinceEpoch();
}

BrokerConnection::BrokerConnection(BrokerOptions options, QObject *parent)
    : QObject(parent), m_options(std::move(options)),
      m_client(std::make_unique<Amqp::Client>(m_options.connection)),
      m_gate(std::make_shared<Gate>()), m_commands(new BrokerCommands(this))
{
    m_consoleId = m_options.consoleId.isEmpty()
                      ? "sb-" + QUuid::createUuid().toByteArray(QUuid::Id128).left(12)
                      : Amqp::escapeKeyPart(m_options.consoleId.toUtf8());
    m_commands->setReplyTarget(repliesExchange.toByteArray(), m_consoleId);
    m_client->setTopology(topology());
    // A message body is at most a few hundred kB (show channels as json of a busy switch).
    m_client->setMaxMessageBytes(16 * 1024 * 1024);
    m_client->setReconnectBackoff(m_options.reconnectFirstMs, m_options.reconnectMaxMs);
    installHandler();
    connect(m_client.get(), &Amqp::Client::stateChanged, this, &BrokerConnection::onClientState);
    connect(m_client.get(), &Amqp::Client::ready, this, &BrokerConnection::onReady);
    connect(m_client.get(), &Amqp::Client::errorOccurred, this, &BrokerConnection::errorOccurred);
    connect(m_commands, &BrokerCommands::replyDropped, this,
            [](const QString &why) { qCInfo(lcBroker) << why; });

    m_silenceTimer.setInterval(std::clamp(m_options.silenceMs / 4, 100, 5000));
    connect(&m_silenceTimer, &QTimer::timeout, this, &BrokerConnection::checkSilence);
    m_overflowResync.setSingleShot(true);
    m_overflowResync.setInterval(kOverflowResyncMs);
    connect(&m_overflowResync, &QTimer::timeout, this, [this] {
        for (const auto &link : std::as_const(m_links)) {
            if (link)
                link->missedEvents();
        }
    });
}

BrokerConnection::~BrokerConnection()
{
    m_gate->closing = true;
    m_client->stop();
    m_commands->failAll(Esl::Error{Esl::Error::Code::Disconnected,
                                   tr("the broker connection was closed"), -1});
    for (const auto &link : std::as_const(m_links)) {
        if (link && link->parent() != this)
            link->connectionGone(); // owned by a monitor that outlives this connection
    }
}

void BrokerConnection::installHandler()
{
    // Runs on the worker thread: decode there, then one queued call per batch.
    m_client->setBatchHandler([gate = m_gate, self = this](int queueIndex,
                                                            QList<Amqp::Message> &&batch) {
        if (!gate->enter())
            return;
        const qint64 count = batch.size();
        if (queueIndex == kEventsQueue) {
            BrokerDecode::Batch decoded = BrokerDecode::decodeBatch(batch, eventsExchange);
            QMetaObject::invokeMethod(
                self,
                [self, gate, decoded = std::move(decoded), count] {
                    gate->slots.release();
                    self->takeBatch(decoded, count);
                },
                Qt::QueuedConnection);
        } else if (queueIndex == kRepliesQueue) {
            QMetaObject::invokeMethod(
                self,
                [self, gate, batch = std::move(batch)] {
                    gate->slots.release();
                    for (const Amqp::Message &message : batch)
                        self->m_commands->takeReply(message);
                },
                Qt::QueuedConnection);
        } else {
            QMetaObject::invokeMethod(
                self,
                [self, gate, count] {
                    gate->slots.release();
                    self->takeOverflow(count);
                },
                Qt::QueuedConnection);
        }
    });
}

QString BrokerConnection::describe() const
{
    const Amqp::ConnectionOptions &c = m_options.connection;
    const QString vhost = c.vhost == u"/" ? QString() : c.vhost;
    return QStringLiteral("%1://%2:%3/%4")
        .arg(c.tls ? QStringLiteral("amqps") : QStringLiteral("amqp"), c.host)
        .arg(c.port)
        .arg(vhost);
}

Amqp::State BrokerConnection::state() const
{
    return m_client->state();
}

QString BrokerConnection::lastError() const
{
    return m_client->lastError();
}

qint64 BrokerConnection::lateReplies() const
{
    return m_commands->lateReplies();
}

void BrokerConnection::start()
{
    if (m_started)
        return;
    m_started = true;
    m_gate->closing = false;
    for (const QString &host : std::as_const(m_options.expectedHostnames))
        expectSwitch(host);
    m_client->start();
    m_silenceTimer.start();
    for (const auto &link : std::as_const(m_links)) {
        if (link)
            link->updateState();
    }
}

void BrokerConnection::stop()
{
    if (!m_started)
        return;
    m_started = false;
    m_silenceTimer.stop();
    m_gate->closing = true;
    m_client->stop(); // emits stateChanged(Disconnected): every link follows
    if (m_ready)
        onClientState(Amqp::State::Disconnected);
}

void BrokerConnection::reconnectNow()
{
    if (m_started)
        m_client->reconnectNow();
    else
        start();
}

void BrokerConnection::onClientState(Amqp::State state)
{
    if (state != Amqp::State::Live && m_ready) {
        m_ready = false;
        const QString why = m_client->lastError().isEmpty()
                                ? tr("lost the connection to the broker")
                                : m_client->lastError();
        m_commands->failAll(Esl::Error{Esl::Error::Code::Disconnected, why, -1});
        for (const auto &link : std::as_const(m_links)) {
            if (link)
                link->brokerLost(why);
        }
    } else {
        for (const auto &link : std::as_const(m_links)) {
            if (link)
                link->updateState();
        }
    }
    Q_EMIT stateChanged(state);
}

void BrokerConnection::onReady()
{
    m_ready = true;
    qCInfo(lcBroker) << "connected to" << describe() << "as" << m_consoleId;
    for (const auto &link : std::as_const(m_links)) {
        if (link)
            link->brokerReady();
    }
    Q_EMIT ready();
}

QStringList BrokerConnection::hostnames() const
{
    QStringList names;
    for (auto it = m_links.cbegin(); it != m_links.cend(); ++it) {
        if (it.value())
            names.append(it.key());
    }
    std::sort(names.begin(), names.end());
    return names;
}

AmqpSwitchLink *BrokerConnection::link(const QString &hostname) const
{
    return m_links.value(hostname);
}

std::unique_ptr<SwitchLink> BrokerConnection::takeLink(const QString &hostname)
{
    AmqpSwitchLink *link = m_links.value(hostname);
    if (!link || link->parent() != this)
        return nullptr;
    link->setParent(nullptr);
    return std::unique_ptr<SwitchLink>(link);
}

AmqpSwitchLink *BrokerConnection::createLink(const QString &hostname, bool expected)
{
    auto *link = new AmqpSwitchLink(this, hostname, expected);
    link->setParent(this);
    m_links.insert(hostname, link);
    if (m_ready)
        link->brokerReady();
    link->updateState();
    return link;
}

void BrokerConnection::expectSwitch(const QString &hostname)
{
    if (hostname.isEmpty() || m_links.value(hostname))
        return;
    if (!m_options.expectedHostnames.contains(hostname))
        m_options.expectedHostnames.append(hostname);
    createLink(hostname, true);
    Q_EMIT switchDiscovered(hostname);
}

void BrokerConnection::hideSwitch(const QString &hostname)
{
    m_hidden.insert(hostname);
}

void BrokerConnection::showSwitch(const QString &hostname)
{
    m_hidden.remove(hostname);
}

bool BrokerConnection::isHidden(const QString &hostname) const
{
    return m_hidden.contains(hostname);
}

void BrokerConnection::forgetSwitch(const QString &hostname)
{
    const QPointer<AmqpSwitchLink> link = m_links.take(hostname);
    if (link && link->parent() == this)
        delete link.data();
    m_options.expectedHostnames.removeAll(hostname);
}

QFuture<Esl::Reply> BrokerConnection::api(const QString &hostname, const QString &command,
                                          int timeoutMs)
{
    // Before anything else: a watch-only link never publishes a command that changes things.
    if (m_options.watchOnly) {
        if (std::optional<Esl::Error> refused = BrokerCommands::watchOnlyRefusal(command))
            return Esl::detail::readyFuture(Esl::Reply::failure(*refused));
    }
    if (!m_ready) {
        const auto body = BrokerCommands::commandBody(command);
        const Esl::Error error =
            body ? Esl::Error{Esl::Error::Code::Disconnected,
                              tr("not connected to the broker %1").arg(describe()), -1}
                 : body.error();
        return Esl::detail::readyFuture(Esl::Reply::failure(error));
    }
    return m_commands->send(m_client.get(), commandsExchange.toByteArray(), commandKey(hostname),
                            command,
                            timeoutMs > 0 ? timeoutMs : m_options.commandTimeoutMs);
}

void BrokerConnection::takeBatch(const BrokerDecode::Batch &batch, qint64 messages)
{
    m_messagesReceived += messages;
    if (batch.malformed > 0) {
        m_malformed += batch.malformed;
        for (const BrokerDecode::Malformed &m : batch.firstMalformed) {
            if (m_firstMalformed.size() >= BrokerDecode::kMaxDescribedMalformed)
                break;
            m_firstMalformed.append(m);
            const QString text = tr("a message from %1 with key %2 did not decode: %3")
                                     .arg(QString::fromUtf8(m.exchange),
                                          QString::fromUtf8(m.routingKey), m.reason);
            qCWarning(lcBroker) << text;
            Q_EMIT malformedMessage(text);
        }
    }
    const bool gapsMeanLoss = m_options.eventNames.isEmpty();
    for (const BrokerDecode::SwitchItems &part : batch.switches) {
        const QString hostname = QString::fromUtf8(part.hostname);
        if (m_hidden.contains(hostname))
            continue;
        QPointer<AmqpSwitchLink> link = m_links.value(hostname);
        if (!link) {
            if (m_links.size() >= m_options.maxSwitches) {
                m_malformed += part.items.size();
                continue;
            }
            link = createLink(hostname, false);
            Q_EMIT switchDiscovered(hostname);
        }
        if (link) // a receiver of switchDiscovered may have forgotten it again
            link->deliver(part.items, gapsMeanLoss);
    }
}

void BrokerConnection::takeOverflow(qint64 messages)
{
    m_droppedByBroker += messages;
    Q_EMIT overflowed(m_droppedByBroker);
    if (m_overflowResync.isActive())
        return; // one warning and one re-sync per burst
    qCWarning(lcBroker).nospace() << "the queue's bound dropped messages (" << m_droppedByBroker
                                  << " so far): this console fell behind; re-syncing every switch";
    m_overflowResync.start();
}

void BrokerConnection::checkSilence()
{
    const qint64 t = now();
    for (const auto &link : std::as_const(m_links)) {
        if (link)
            link->checkSilence(t, m_options.silenceMs);
    }
}

} // namespace Monitor
