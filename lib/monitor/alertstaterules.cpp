// The rules evaluated on the engine's 1 s tick (and, for gateways, on their events): each reads
// a store the server monitor keeps current, fires (Hold: a condition that still holds is the
// same alert, its count unchanged) for what is wrong and clears what is not any more.

#include "alertengine.h"

#include "callcenterstore.h"
#include "channelstore.h"
#include "gatewaystore.h"

namespace Monitor {

namespace {

QString duration(qint64 ms)
{
    const qint64 s = std::max<qint64>(0, ms / 1000);
    if (s < 60)
        return QStringLiteral("%1 s").arg(s);
    if (s < 3600)
        return QStringLiteral("%1 min %2 s").arg(s / 60).arg(s % 60);
    return QStringLiteral("%1 h %2 min").arg(s / 3600).arg(s % 3600 / 60);
}

QString linkStateText(LinkState state)
{
    switch (state) {
    case LinkState::Disconnected:
        return QStringLiteral("disconnected");
    case LinkState::Connecting:
        return QStringLiteral("connecting");
    case LinkState::Authenticating:
        return QStringLiteral("logging in");
    case LinkState::Live:
        return QStringLiteral("live");
    case LinkState::Reconnecting:
        return QStringLiteral("reconnecting");
    case LinkState::Failed:
        break;
    }
    return QStringLiteral("failed");
}

bool stateIsDown(const GatewayStore::Entry &e)
{
    const QString &state = e.gateway.state;
    return e.failing || (e.wasReged && state != u"REGED" && state != u"REGISTER");
}

bool pingIsDown(const GatewayStore::Entry &e)
{
    return e.pingWasUp && e.gateway.pingStatus == u"DOWN";
}

// Back for good: REGED, and its ping UP (or never seen UP: no ping configured, or not pinged
// since this console knew it; or pings not watched). REGISTER (Status 200) comes before REGED
// and is no recovery yet: clearing there printed "cleared" and 17 s later "fired" again.
bool recovered(const GatewayStore::Entry &e, bool watchPing)
{
    return e.gateway.state == u"REGED" && !e.failing &&
           (!watchPing || !e.pingWasUp || e.gateway.pingStatus == u"UP");
}

} // namespace

bool AlertEngine::storesUsable(const ServerState &s) const
{
    // While the link is down the stores hold what was last known: alerts stay as they are.
    return !s.linkKnown || s.link == LinkState::Live;
}

void AlertEngine::tick(qint64 nowMs)
{
    const QList<ServerId> ids = m_servers.keys();
    for (ServerId id : ids) {
        auto it = m_servers.find(id);
        if (it == m_servers.end())
            continue; // a receiver removed it
        evaluateLink(id, *it, nowMs);
        if ((it = m_servers.find(id)) == m_servers.end() || !storesUsable(*it))
            continue;
        evaluateGateways(id, *it, nowMs);
        evaluateQueues(id, *it, nowMs);
        evaluateCalls(id, *it, nowMs);
        evaluateQuality(id, *it, nowMs);
        evaluateRate(id, *it, nowMs);
    }
    expireWindowsAndHeld(nowMs);
    markSilenced(nowMs);
    flushNotices(nowMs, false);
}

void AlertEngine::linkStateChanged(ServerId id, LinkState state, qint64 nowMs)
{
    ServerState &s = serverState(id);
    const bool wasLive = s.linkKnown && s.link == LinkState::Live;
    s.linkKnown = true;
    s.link = state;
    if (state == LinkState::Live && !wasLive) {
        s.liveSinceMs = nowMs;
        s.wasLive = true;
    } else if (state != LinkState::Live && wasLive) {
        s.leftLiveMs = nowMs;
    }
    evaluateLink(id, s, nowMs);
}

void AlertEngine::evaluateLink(ServerId id, ServerState &s, qint64 nowMs)
{
    const CompiledRule *rule = builtIn(AlertKind::SwitchDisconnected);
    if (!rule || !s.linkKnown)
        return;
    const qint64 graceMs = qint64(rule->rule.param(QStringLiteral("graceSeconds")) * 1000);
    if (s.link == LinkState::Live) {
        clear(rule->rule.id, id, QStringLiteral("switch"), nowMs);
    } else if (s.wasLive && nowMs - s.leftLiveMs >= graceMs) {
        Firing f;
        f.rule = rule;
        f.server = id;
        f.subject = QStringLiteral("switch");
        f.message = QStringLiteral("Switch %1 is %2").arg(s.name, linkStateText(s.link));
        f.target.server = id;
        f.repeat = Repeat::Hold;
        fire(std::move(f), nowMs);
    }
}

void AlertEngine::linkCoreUuidChanged(ServerId id, const QString &coreUuid, qint64 nowMs)
{
    ServerState &s = serverState(id);
    const bool restarted = !s.coreUuid.isEmpty() && !coreUuid.isEmpty() && coreUuid != s.coreUuid;
    if (!coreUuid.isEmpty())
        s.coreUuid = coreUuid;
    const CompiledRule *rule = builtIn(AlertKind::SwitchRestarted);
    if (!restarted)
        return;
    s.restartMs = nowMs;
    if (!rule)
        return;
    Firing f;
    f.rule = rule;
    f.server = id;
    f.subject = QStringLiteral("switch");
    f.message = QStringLiteral("Switch %1 restarted (Core-UUID %2)").arg(s.name, coreUuid);
    f.target.server = id;
    fire(std::move(f), nowMs);
}

void AlertEngine::linkEventsMissed(ServerId id, qint64 nowMs)
{
    ServerState &s = serverState(id);
    const CompiledRule *rule = builtIn(AlertKind::EventsLost);
    if (!rule)
        return;
    // A reconnect and a restart announce missed events too, the moment the link is live again:
    // those are the disconnect's and restart's rules' business (a blip is no alert).
    constexpr qint64 kSameMomentMs = 1000;
    if (s.linkKnown && (s.link != LinkState::Live || nowMs - s.liveSinceMs < kSameMomentMs))
        return;
    if (s.restartMs > 0 && nowMs - s.restartMs < kSameMomentMs)
        return;
    Firing f;
    f.rule = rule;
    f.server = id;
    f.subject = QStringLiteral("switch");
    f.message = QStringLiteral("Switch %1 may have lost events").arg(s.name);
    f.target.server = id;
    fire(std::move(f), nowMs);
}

void AlertEngine::evaluateGateways(ServerId id, ServerState &s, qint64 nowMs,
                                   const QString &only, Sequence seq, bool fromRecord)
{
    const CompiledRule *rule = builtIn(AlertKind::GatewayDown);
    const GatewayStore *gateways = s.sources.gateways;
    if (!rule || !gateways)
        return;
    const bool ping = rule->rule.param(QStringLiteral("ping")) != 0;
    auto check = [&](const GatewayStore::Entry &e) {
        const bool pingDown = pingIsDown(e);
        const bool up = activeAlert(rule->rule.id, id, e.gateway.name) != nullptr;
        // Once up, the alert holds until the gateway has recovered (not merely re-registering).
        const bool down = stateIsDown(e) || (up && !recovered(e, ping) && !(ping && pingDown));
        if (!down && !(ping && pingDown)) {
            clear(rule->rule.id, id, e.gateway.name, nowMs);
            return false;
        }
        const Sofia::Gateway &g = e.gateway;
        QString message = down ? QStringLiteral("Gateway %1 on %2 is %3").arg(g.name, s.name, g.state)
                               : QStringLiteral("Gateway %1 on %2: ping DOWN").arg(g.name, s.name);
        if (down && e.failing && !g.status.isEmpty() && g.status != u"200")
            message += QStringLiteral(" (%1)").arg((g.status + u' ' + g.phrase).trimmed());
        if (down && ping && pingDown)
            message += QStringLiteral(", ping DOWN");
        Firing f;
        f.rule = rule;
        f.server = id;
        f.subject = g.name;
        f.message = message;
        f.target.server = id;
        f.target.gateway = g.name;
        f.figures = QJsonObject{{QStringLiteral("state"), g.state},
                                {QStringLiteral("pingStatus"), g.pingStatus},
                                {QStringLiteral("status"), g.status},
                                {QStringLiteral("phrase"), g.phrase}};
        if (fromRecord)
            f.records = {seq};
        f.repeat = Repeat::Hold;
        fire(std::move(f), nowMs);
        return true;
    };
    if (fromRecord) {
        if (const GatewayStore::Entry *e = gateways->find(only))
            check(*e);
        else
            clear(rule->rule.id, id, only, nowMs); // deleted (killgw): nothing left to be down
        return;
    }
    QSet<QString> firing;
    for (const GatewayStore::Entry &e : gateways->entries()) {
        if (check(e))
            firing.insert(e.gateway.name);
    }
    clearOthers(rule, id, firing, nowMs);
}

void AlertEngine::evaluateQueues(ServerId id, ServerState &s, qint64 nowMs)
{
    const CompiledRule *rule = builtIn(AlertKind::QueueWaiting);
    const CallCenterStore *store = s.sources.callCenter;
    if (!rule || !store)
        return;
    const double most = rule->rule.param(QStringLiteral("waiting"));
    const qint64 longestMs = qint64(rule->rule.param(QStringLiteral("waitSeconds")) * 1000);
    QSet<QString> firing;
    for (auto it = store->queues().cbegin(); it != store->queues().cend(); ++it) {
        const CallCenterFigures figures = store->figures(it.key(), nowMs);
        if (figures.waiting <= most && figures.longestWaitMs <= longestMs)
            continue;
        firing.insert(it.key());
        Firing f;
        f.rule = rule;
        f.server = id;
        f.subject = it.key();
        f.message = QStringLiteral("Queue %1 on %2: %3 waiting, longest %4")
                        .arg(it.key(), s.name)
                        .arg(figures.waiting)
                        .arg(duration(figures.longestWaitMs));
        f.target.server = id;
        f.target.queue = it.key();
        f.figures = QJsonObject{{QStringLiteral("waiting"), figures.waiting},
                                {QStringLiteral("longestWaitSeconds"),
                                 double(figures.longestWaitMs / 1000)}};
        f.repeat = Repeat::Hold;
        fire(std::move(f), nowMs);
    }
    clearOthers(rule, id, firing, nowMs);
}

void AlertEngine::evaluateCalls(ServerId id, ServerState &s, qint64 nowMs)
{
    const CompiledRule *rule = builtIn(AlertKind::LongCall);
    const ChannelStore *channels = s.sources.channels;
    if (!rule || !channels)
        return;
    const qint64 limitMs = qint64(rule->rule.param(QStringLiteral("hours")) * 3600 * 1000);
    // Only legs past the limit are grouped into calls: the rest cost one comparison each.
    QHash<QString, const Channel *> first;
    for (const Channel *c : channels->channels()) {
        if (c->ended || c->zombie || c->createdMs <= 0 || nowMs - c->createdMs <= limitMs)
            continue;
        const Channel *&oldest = first[channels->callKeyOf(*c)];
        if (!oldest || c->createdMs < oldest->createdMs)
            oldest = c;
    }
    QSet<QString> firing;
    for (auto it = first.cbegin(); it != first.cend(); ++it) {
        const Channel &c = **it;
        firing.insert(it.key());
        Firing f;
        f.rule = rule;
        f.server = id;
        f.subject = it.key();
        const QString who = c.callerNumber.isEmpty() ? c.name : c.callerNumber;
        f.message = QStringLiteral("Call %1 → %2 on %3 has lasted over %4")
                        .arg(who, c.destination, s.name, duration(limitMs));
        f.target.server = id;
        f.target.channelUuid = it.key();
        f.figures = QJsonObject{{QStringLiteral("startedMs"), double(c.createdMs)}};
        f.repeat = Repeat::Hold;
        fire(std::move(f), nowMs);
    }
    clearOthers(rule, id, firing, nowMs);
}

void AlertEngine::evaluateRate(ServerId id, ServerState &s, qint64 nowMs)
{
    const CompiledRule *rule = builtIn(AlertKind::CallsPerSecond);
    if (!rule)
        return;
    const int window = int(rule->rule.param(QStringLiteral("windowSeconds")));
    const double limit = rule->rule.param(QStringLiteral("rate"));
    const double rate = double(s.starts.countOver(nowMs, window)) / std::max(1, window);
    if (rate <= limit) {
        clear(rule->rule.id, id, {}, nowMs);
        return;
    }
    Firing f;
    f.rule = rule;
    f.server = id;
    f.message = QStringLiteral("Calls on %1 above %2 per second over %3 s")
                    .arg(s.name)
                    .arg(limit)
                    .arg(window);
    f.target.server = id;
    f.figures = QJsonObject{{QStringLiteral("callsPerSecond"), rate}};
    f.repeat = Repeat::Hold;
    fire(std::move(f), nowMs);
}

void AlertEngine::clearOthers(const CompiledRule *rule, ServerId server,
                              const QSet<QString> &firing, qint64 nowMs)
{
    QList<quint64> stale;
    for (const auto &[id, alert] : m_alerts) {
        if (alert.isActive() && alert.server == server && alert.ruleId == rule->rule.id &&
            !firing.contains(alert.subject))
            stale.append(id);
    }
    for (quint64 id : stale) {
        if (const auto it = m_alerts.find(id); it != m_alerts.end())
            clearAlert(it->second, nowMs);
    }
}

void AlertEngine::expireWindowsAndHeld(qint64 nowMs)
{
    QList<quint64> over;
    for (const auto &[id, alert] : m_alerts) {
        if (!alert.isActive())
            continue;
        const CompiledRule *rule = ruleById(alert.ruleId);
        if (!rule)
            continue;
        switch (alert.kind) {
        case AlertKind::RegistrationsDrop: {
            const auto s = m_servers.constFind(alert.server);
            const qint64 windowMs = qint64(rule->rule.param(QStringLiteral("minutes")) * 60000);
            if (s == m_servers.cend() || !s->drops.exceeded(nowMs, windowMs))
                over.append(id);
            break;
        }
        case AlertKind::Custom: {
            const auto w = rule->windows.constFind(alert.server);
            const qint64 windowMs =
                qint64(rule->rule.param(QStringLiteral("windowSeconds")) * 1000);
            if (w == rule->windows.cend() || !w->exceeded(nowMs, windowMs))
                over.append(id);
            break;
        }
        case AlertKind::SwitchRestarted:
        case AlertKind::EventsLost:
            if (nowMs - alert.lastMs >=
                qint64(rule->rule.param(QStringLiteral("clearAfterSeconds")) * 1000))
                over.append(id);
            break;
        default:
            break;
        }
    }
    for (quint64 id : over) {
        if (const auto it = m_alerts.find(id); it != m_alerts.end())
            clearAlert(it->second, nowMs);
    }
}

} // namespace Monitor
