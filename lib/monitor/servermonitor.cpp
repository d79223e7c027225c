#include "servermonitor.h"

#include "eslswitchlink.h"

#include "esl/commands.h"

#include <QDateTime>
#include <QLoggingCategory>
#include <QScopeGuard>

#include <memory>
#include <optional>

Q_LOGGING_CATEGORY(lcMonitor, "monitor")

namespace Monitor {

qint64 ServerMonitor::now()
{
    return QDateTime::currentMSecsSinceEpoch();
}

std::unique_ptr<SwitchLink> makeSwitchLink(const ServerProfile &profile)
{
    Esl::Subscription subscription;
    subscription.events = {QStringLiteral("ALL")};
    subscription.logLevel = profile.logLevel;
    return std::make_unique<EslSwitchLink>(profile.connection, subscription);
}

ServerMonitor::ServerMonitor(ServerId id, ServerProfile profile, EventStore *store, QObject *parent)
    : ServerMonitor(id, profile, store, makeSwitchLink(profile), parent)
{}

ServerMonitor::ServerMonitor(ServerId id, ServerProfile profile, EventStore *store,
                             std::unique_ptr<SwitchLink> link, QObject *parent)
    : QObject(parent), m_id(id), m_profile(std::move(profile)), m_store(store),
      m_link(std::move(link))
{
    // Its child, so that findChildren() and moveToThread() see it; still deleted by m_link.
    m_link->setParent(this);
    m_channels.setEndedRetention(m_profile.endedRetentionMs);

    connect(m_link.get(), &SwitchLink::stateChanged, this, [this](LinkState s) {
        if (s != LinkState::Live) {
            setOutOfStep(true);
            m_panels.markStale(now());
        }
        Q_EMIT connectionStateChanged(s);
    });
    connect(m_link.get(), &SwitchLink::connected, this, &ServerMonitor::resync);
    connect(m_link.get(), &SwitchLink::eventsMayHaveBeenMissed, this, [this] { resync(); });
    connect(m_link.get(), &SwitchLink::eventReceived, this, &ServerMonitor::onEvent);
    connect(m_link.get(), &SwitchLink::logReceived, this, &ServerMonitor::onLog);
    connect(m_link.get(), &SwitchLink::errorOccurred, this, &ServerMonitor::errorOccurred);
    // Only an Event Socket link has a transport that can stop for the operator's trust.
    if (auto *esl = qobject_cast<EslSwitchLink *>(m_link.get()))
        connect(esl, &EslSwitchLink::trustRequired, this, &ServerMonitor::trustRequired);
    connect(&m_channels, &ChannelStore::reconciled, this, &ServerMonitor::reconciled);

    m_reconcileTimer.setInterval(std::max(1000, m_profile.reconcileIntervalMs));
    connect(&m_reconcileTimer, &QTimer::timeout, this, &ServerMonitor::resync);
    m_expireTimer.setInterval(1000);
    connect(&m_expireTimer, &QTimer::timeout, this, [this] { m_channels.expire(now()); });
}

ServerMonitor::~ServerMonitor()
{
    m_link->disconnect(this);
}

void ServerMonitor::start()
{
    m_link->start();
    m_reconcileTimer.start();
    m_expireTimer.start();
}

void ServerMonitor::stop()
{
    m_reconcileTimer.stop();
    m_link->stop();
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
    if (!m_link->isLive() || m_resyncing)
        return;
    m_resyncing = true;
    setOutOfStep(true);
    // The supervisor panels read their modules' listings at the same moments (and only then).
    m_panels.sync([this](const QString &command) { return m_link->api(command); }, now());
    // Events keep flowing while the lists are read; they are applied in stream order, and each
    // reply arrives after every event the switch sent before answering. Both commands go out at
    // once; whichever answer comes second (the calls, replies being in order) finishes.
    struct Pending
    {
        Listing listing;
        int answers = 0;
        bool channelsRead = false;
    };
    auto pending = std::make_shared<Pending>();
    auto answered = [this, pending] {
        if (++pending->answers < 2)
            return;
        if (pending->channelsRead)
            finishResync(pending->listing);
        else
            m_resyncing = false;
    };
    auto rowsOf = [this](const Esl::Reply &reply,
                         const char *what) -> std::optional<QList<ShowRow>> {
        if (!reply.ok()) {
            // The link going away mid-resync is routine: the reconnect resyncs anyway.
            const bool linkLost =
                reply.error() && reply.error()->code == Esl::Error::Code::Disconnected;
            if (linkLost)
                qCInfo(lcMonitor) << m_profile.name << "resync interrupted:" << reply.errorText();
            else
                qCWarning(lcMonitor)
                    << m_profile.name << "cannot read" << what << reply.errorText();
            return std::nullopt;
        }
        auto rows = Esl::ShowResult::fromJson(reply.body());
        if (!rows) {
            Q_EMIT errorOccurred(rows.error());
            return std::nullopt;
        }
        return std::move(rows->rows);
    };
    m_link->api(QStringLiteral("show channels as json"))
        .then(this, [pending, answered, rowsOf](const Esl::Reply &reply) {
            // Without it the table stays out of step; the timer or the next reconnect retries.
            if (auto rows = rowsOf(reply, "the channel list:")) {
                pending->listing.channels = std::move(*rows);
                pending->channelsRead = true;
            }
            answered();
        });
    m_link->api(QStringLiteral("show calls as json"))
        .then(this, [pending, answered, rowsOf](const Esl::Reply &reply) {
            // Without it the channels are still compared; bridges are left as the events said.
            if (auto rows = rowsOf(reply, "the call list:")) {
                pending->listing.calls = std::move(*rows);
                pending->listing.hasCalls = true;
            }
            answered();
        });
}

void ServerMonitor::finishResync(const Listing &listing)
{
    m_lastReconcileMs = now();
    m_lastReconcile = m_channels.reconcile(listing, m_lastReconcileMs);
    if (m_lastReconcile.drift() > 0) {
        qCInfo(lcMonitor) << m_profile.name << "was out of step: added" << m_lastReconcile.added
                          << "zombies" << m_lastReconcile.zombies << "corrected"
                          << m_lastReconcile.corrected;
    }
    if (m_lastReconcile.stale > 0) {
        qCInfo(lcMonitor) << m_profile.name << "lists" << m_lastReconcile.stale
                          << "channels that have ended (stale rows of its channel table)";
    }
    // In step once the doubtful rows of this look are settled too.
    probeDoubtful();
    if (m_probesInFlight == 0)
        probesSettled();
}

void ServerMonitor::probesSettled()
{
    m_resyncing = false;
    if (m_link->isLive())
        setOutOfStep(false);
}

void ServerMonitor::probeDoubtful()
{
    // At most kMaxProbesPerResync: the rest wait for the next re-sync.
    for (const QString &uuid : m_channels.doubtful(kMaxProbesPerResync)) {
        const Channel *c = m_channels.channel(uuid);
        const bool wantPartner = c->isLoopback() && c->loopbackPartner.isEmpty();
        Esl::Expected<QString> command = Esl::Commands::uuidExists(uuid);
        if (!command) {
            m_channels.markConfirmed(uuid); // not a uuid the switch could answer about
            continue;
        }
        if (wantPartner)
            command = QStringLiteral("uuid_getvar %1 other_loopback_leg_uuid").arg(uuid);
        ++m_probesInFlight;
        m_link->api(*command).then(this, [this, uuid, wantPartner](const Esl::Reply &reply) {
            const auto settle = qScopeGuard([this] {
                if (--m_probesInFlight == 0)
                    probesSettled();
            });
            if (reply.error())
                return; // no answer: asked again at the next re-sync
            const QString text = reply.text().trimmed();
            if (text == u"false" || saysNoSuchChannel(reply)) {
                qCInfo(lcMonitor) << m_profile.name << "lists" << uuid
                                  << "but has no such channel: a ghost";
                m_channels.markGhost(uuid, now());
                return;
            }
            m_channels.markConfirmed(uuid);
            if (wantPartner && reply.ok() && text != u"_undef_")
                m_channels.setLoopbackPartner(uuid, text);
        });
    }
}

bool ServerMonitor::refreshChannel(const QString &uuid)
{
    const qint64 t = now();
    const auto asked = m_refreshedMs.constFind(uuid);
    if (!m_link->isLive() || !m_link->can(Capability::ChannelDump) ||
        (asked != m_refreshedMs.cend() && t - *asked < kRefreshIntervalMs))
        return false;
    const Esl::Expected<QString> command =
        Esl::Commands::uuidDump(uuid, Esl::Commands::DumpFormat::Json);
    if (!command)
        return false;
    // Bounded: forget what was asked long enough ago to be asked again anyway.
    for (auto it = m_refreshedMs.begin(); it != m_refreshedMs.end();)
        it = t - *it >= kRefreshIntervalMs ? m_refreshedMs.erase(it) : std::next(it);
    m_refreshedMs.insert(uuid, t);
    m_link->api(*command).then(this, [this, uuid](const Esl::Reply &reply) {
        if (saysNoSuchChannel(reply)) {
            noSuchChannel(uuid);
            Q_EMIT channelRefreshed(uuid, reply.errorText());
            return;
        }
        if (!reply.ok()) {
            Q_EMIT channelRefreshed(uuid, reply.errorText());
            return;
        }
        const auto dump = Esl::Event::fromJson(reply.body());
        if (!dump) {
            Q_EMIT channelRefreshed(uuid, dump.error().message);
            return;
        }
        m_channels.applyDump(*dump, now());
        Q_EMIT channelRefreshed(uuid, QString());
    });
    return true;
}

void ServerMonitor::noSuchChannel(const QString &uuid)
{
    if (m_channels.markGhost(uuid, now()))
        qCInfo(lcMonitor) << m_profile.name << "has no channel" << uuid << "any more: a ghost";
}

bool ServerMonitor::saysNoSuchChannel(const Esl::Reply &reply)
{
    return !reply.error() && reply.text().trimmed().startsWith(u"-ERR No such channel");
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
    m_panels.onEvent(event, t);
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
