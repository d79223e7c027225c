#include "servermonitor.h"

#include "esl/commands.h"

#include <QDateTime>
#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcMonitor, "monitor")

namespace Monitor {

qint64 ServerMonitor::now()
{
    return QDateTime::currentMSecsSinceEpoch();
}

ServerMonitor::ServerMonitor(ServerId id, ServerProfile profile, EventStore *store, QObject *parent)
    : QObject(parent), m_id(id), m_profile(std::move(profile)), m_store(store),
      m_client(m_profile.connection)
{
    Esl::Subscription subscription;
    subscription.events = {QStringLiteral("ALL")};
    subscription.logLevel = m_profile.logLevel;
    m_client.setSubscription(subscription);
    m_channels.setEndedRetention(m_profile.endedRetentionMs);

    connect(&m_client, &Esl::InboundClient::stateChanged, this,
            [this](Esl::InboundClient::State s) {
                if (s != Esl::InboundClient::State::Live)
                    setOutOfStep(true);
                Q_EMIT connectionStateChanged(s);
            });
    connect(&m_client, &Esl::InboundClient::connected, this, &ServerMonitor::resync);
    connect(&m_client, &Esl::InboundClient::eventsMayHaveBeenMissed, this, [this] { resync(); });
    connect(&m_client, &Esl::InboundClient::eventReceived, this, &ServerMonitor::onEvent);
    connect(&m_client, &Esl::InboundClient::logReceived, this, &ServerMonitor::onLog);
    connect(&m_client, &Esl::InboundClient::errorOccurred, this, &ServerMonitor::errorOccurred);
    connect(&m_channels, &ChannelStore::reconciled, this, &ServerMonitor::reconciled);

    m_reconcileTimer.setInterval(std::max(1000, m_profile.reconcileIntervalMs));
    connect(&m_reconcileTimer, &QTimer::timeout, this, &ServerMonitor::resync);
    m_expireTimer.setInterval(1000);
    connect(&m_expireTimer, &QTimer::timeout, this, [this] { m_channels.expire(now()); });
}

ServerMonitor::~ServerMonitor()
{
    m_client.disconnect(this);
}

void ServerMonitor::start()
{
    m_client.connectToServer();
    m_reconcileTimer.start();
    m_expireTimer.start();
}

void ServerMonitor::stop()
{
    m_reconcileTimer.stop();
    m_client.disconnectFromServer();
    setOutOfStep(true);
}

void ServerMonitor::setOutOfStep(bool outOfStep)
{
    if (m_outOfStep == outOfStep)
        return;
    m_outOfStep = outOfStep;
    Q_EMIT outOfStepChanged(outOfStep);
}

void ServerMonitor::resync()
{
    if (!m_client.isLive() || m_resyncing)
        return;
    m_resyncing = true;
    setOutOfStep(true);
    // Events keep flowing while the list is read; they are applied in stream order, and the
    // reply arrives after every event the switch sent before answering.
    m_client.api(QStringLiteral("show channels as json"))
        .then(this, [this](const Esl::Reply &reply) {
            m_resyncing = false;
            if (!reply.ok()) {
                // The link going away mid-resync is routine: the reconnect resyncs anyway.
                const bool linkLost = reply.error() &&
                                      reply.error()->code == Esl::Error::Code::Disconnected;
                if (linkLost)
                    qCInfo(lcMonitor) << m_profile.name << "resync interrupted:" << reply.errorText();
                else
                    qCWarning(lcMonitor)
                        << m_profile.name << "cannot read the channel list:" << reply.errorText();
                return; // stays out of step; the timer or the next reconnect tries again
            }
            const auto rows = Esl::ShowResult::fromJson(reply.body());
            if (!rows) {
                Q_EMIT errorOccurred(rows.error());
                return;
            }
            m_lastReconcileMs = now();
            m_lastReconcile = m_channels.reconcile(rows->rows, m_lastReconcileMs);
            if (m_lastReconcile.drift() > 0) {
                qCInfo(lcMonitor) << m_profile.name << "was out of step: added"
                                  << m_lastReconcile.added << "zombies" << m_lastReconcile.zombies
                                  << "corrected" << m_lastReconcile.corrected;
            }
            if (m_client.isLive())
                setOutOfStep(false);
        });
}

void ServerMonitor::onEvent(const Esl::Event &event)
{
    const qint64 t = now();
    ++m_eventsReceived;
    const Sequence seq = m_store->append(m_id, event, t);
    const QByteArrayView name = event.eventName();
    if (name == "HEARTBEAT")
        onHeartbeat(event);
    else if (name == "CHANNEL_CREATE" && !event.hasHeader("Other-Leg-Unique-ID"))
        ++m_callsStarted; // a first leg: a new call
    m_channels.apply(event, t);
    Q_EMIT recordStored(seq);
    Q_EMIT eventArrived(event, t);
}

void ServerMonitor::onLog(const Esl::LogLine &line)
{
    ++m_logsReceived;
    const qint64 t = now();
    Q_EMIT recordStored(m_store->appendLog(m_id, line, t));
    Q_EMIT logArrived(line, t);
}

void ServerMonitor::onHeartbeat(const Esl::Event &event)
{
    m_health.uptimeMs = event.header("Uptime-msec").toLongLong();
    m_health.sessions = event.header("Session-Count").toInt();
    m_health.maxSessions = event.header("Max-Sessions").toInt();
    m_health.sessionsPerSecond = event.header("Session-Per-Sec").toInt();
    m_health.idleCpu = event.header("Idle-CPU").toDouble();
    m_health.version = event.text("FreeSWITCH-Version");
    m_health.receivedMs = now();
    Q_EMIT healthChanged();
}

} // namespace Monitor
