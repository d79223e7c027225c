// AlertEngine: the rules it runs, the servers it knows, and the alerts it keeps (de-duplication,
// reopening, the bound, acknowledge and silence, the notice rate limit). The rules themselves
// are evaluated in alertstaterules.cpp (tick) and alertrecordrules.cpp (per record).

#include "alertengine.h"

#include "alertjournal.h"

#include <QDateTime>

namespace Monitor {

AlertEngine::AlertEngine(EventStore *store, QObject *parent)
    : QObject(parent), m_store(store), m_clock([] { return QDateTime::currentMSecsSinceEpoch(); })
{
    m_ticker.setInterval(int(kTickMs));
    connect(&m_ticker, &QTimer::timeout, this, [this] { tick(now()); });
    setRules(AlertRules::defaults());
}

AlertEngine::~AlertEngine() = default;

void AlertEngine::setClock(Clock clock)
{
    m_clock = std::move(clock);
}

qint64 AlertEngine::now() const
{
    return m_clock();
}

void AlertEngine::setRules(const QList<AlertRule> &rules)
{
    m_ruleList = rules;
    m_rules.clear();
    m_rules.reserve(size_t(rules.size()));
    m_builtIn.assign(size_t(AlertKind::Custom), -1);
    m_customs.clear();
    QSet<QString> enabled;
    for (const AlertRule &rule : rules) {
        if (!rule.enabled || enabled.contains(rule.id))
            continue;
        CompiledRule compiled{rule, {}, {}};
        if (!rule.isBuiltIn()) {
            FilterResult result = Filter::compile(rule.expression);
            if (!result || rule.expression.trimmed().isEmpty())
                continue; // a rule that did not validate stays off
            compiled.filter = result.filter();
        }
        enabled.insert(rule.id);
        m_rules.push_back(std::move(compiled));
        const int index = int(m_rules.size()) - 1;
        if (rule.isBuiltIn())
            m_builtIn[size_t(rule.kind)] = index;
        else
            m_customs.push_back(index);
    }
    // The windows count afresh under the new thresholds.
    for (ServerState &s : m_servers)
        s.drops.reset(0);
    const qint64 t = now();
    QList<quint64> orphans;
    for (const auto &[id, alert] : m_alerts) {
        if (alert.isActive() && !enabled.contains(alert.ruleId))
            orphans.append(id);
    }
    for (quint64 id : orphans)
        clearAlert(m_alerts.at(id), t);
}

const AlertEngine::CompiledRule *AlertEngine::builtIn(AlertKind kind) const
{
    const int index = m_builtIn[size_t(kind)];
    return index < 0 ? nullptr : &m_rules[size_t(index)];
}

const AlertEngine::CompiledRule *AlertEngine::ruleById(const QString &id) const
{
    for (const CompiledRule &rule : m_rules) {
        if (rule.rule.id == id)
            return &rule;
    }
    return nullptr;
}

void AlertEngine::addServer(ServerId id, const QString &name, AlertSources sources)
{
    ServerState &s = serverState(id);
    s.name = name;
    s.sources = sources;
}

AlertEngine::ServerState &AlertEngine::serverState(ServerId id)
{
    auto it = m_servers.find(id);
    if (it == m_servers.end()) {
        it = m_servers.insert(id, ServerState{});
        it->name = QStringLiteral("server %1").arg(id);
    }
    return *it;
}

void AlertEngine::removeServer(ServerId id)
{
    for (const QMetaObject::Connection &c : m_connections.take(id))
        disconnect(c);
    m_servers.remove(id);
    const qint64 t = now();
    QList<quint64> gone;
    for (const auto &[alertId, alert] : m_alerts) {
        if (alert.isActive() && alert.server == id)
            gone.append(alertId);
    }
    for (quint64 alertId : gone)
        clearAlert(m_alerts.at(alertId), t);
    if (m_servers.isEmpty())
        m_ticker.stop();
}

QString AlertEngine::serverName(ServerId id) const
{
    if (id == kAllServers)
        return QStringLiteral("all servers");
    const auto it = m_servers.constFind(id);
    return it == m_servers.cend() ? QStringLiteral("server %1").arg(id) : it->name;
}

QString AlertEngine::keyOf(const QString &ruleId, ServerId server, const QString &subject)
{
    return ruleId + QChar(0x1f) + QString::number(server) + QChar(0x1f) + subject;
}

Alert *AlertEngine::activeAlert(const QString &ruleId, ServerId server, const QString &subject)
{
    const auto key = m_byKey.constFind(keyOf(ruleId, server, subject));
    if (key == m_byKey.cend())
        return nullptr;
    const auto it = m_alerts.find(*key);
    return it != m_alerts.end() && it->second.isActive() ? &it->second : nullptr;
}

void AlertEngine::fire(Firing f, qint64 nowMs)
{
    const QString key = keyOf(f.rule->rule.id, f.server, f.subject);
    Alert *existing = nullptr;
    if (const auto k = m_byKey.constFind(key); k != m_byKey.cend()) {
        if (const auto it = m_alerts.find(*k); it != m_alerts.end())
            existing = &it->second;
    }
    auto addRecords = [&f](Alert &a) {
        for (Sequence seq : std::as_const(f.records)) {
            if (a.records.contains(seq))
                continue;
            a.records.append(seq);
            if (a.records.size() > Alert::kMaxRecords)
                a.records.removeFirst();
        }
    };
    if (existing && existing->isActive()) {
        bool changed = false;
        if (f.repeat == Repeat::Count) {
            ++existing->count;
            existing->lastMs = nowMs;
            changed = true;
        }
        if (!f.message.isEmpty() && f.message != existing->message) {
            existing->message = f.message;
            changed = true;
            journal("changed", *existing, nowMs);
        }
        if (!f.figures.isEmpty() && f.figures != existing->figures) {
            existing->figures = f.figures;
            changed = true;
        }
        const qsizetype before = existing->records.size();
        addRecords(*existing);
        changed = changed || existing->records.size() != before ||
                  (!f.records.isEmpty() && existing->records.last() != f.records.last());
        if (changed) {
            const Alert copy = *existing;
            Q_EMIT alertChanged(copy);
        }
        return;
    }
    const bool silenced = isSilenced(f.rule->rule.id, f.server, nowMs);
    if (existing && nowMs - existing->clearedMs < kReopenMs) {
        Alert &a = *existing;
        // Acknowledged survives a flap: the operator already knows about this one.
        const bool acknowledged = a.acknowledgedMs > 0;
        a.state = acknowledged ? AlertState::Acknowledged : AlertState::Active;
        a.clearedMs = 0;
        ++a.count;
        a.lastMs = nowMs;
        a.silenced = silenced;
        a.severity = f.rule->rule.severity;
        if (!f.message.isEmpty())
            a.message = f.message;
        a.figures = f.figures;
        addRecords(a);
        journal("reopened", a, nowMs);
        const Alert copy = a;
        Q_EMIT alertRaised(copy);
        if (!acknowledged)
            considerNotice(copy, *f.rule, nowMs);
        return;
    }
    if (!makeRoom()) {
        ++m_dropped;
        return;
    }
    Alert a;
    a.id = m_nextId++;
    a.ruleId = f.rule->rule.id;
    a.kind = f.rule->rule.kind;
    a.severity = f.rule->rule.severity;
    a.server = f.server;
    a.serverName = serverName(f.server);
    a.subject = f.subject;
    a.message = f.message;
    a.silenced = silenced;
    a.firedMs = a.lastMs = nowMs;
    a.target = f.target;
    a.figures = f.figures;
    addRecords(a);
    m_byKey.insert(key, a.id);
    const Alert &stored = m_alerts.emplace(a.id, a).first->second;
    journal("fired", stored, nowMs);
    Q_EMIT alertRaised(a);
    considerNotice(a, *f.rule, nowMs);
}

void AlertEngine::clear(const QString &ruleId, ServerId server, const QString &subject,
                        qint64 nowMs)
{
    if (Alert *a = activeAlert(ruleId, server, subject))
        clearAlert(*a, nowMs);
}

void AlertEngine::clearAlert(Alert &alert, qint64 nowMs)
{
    if (!alert.isActive())
        return;
    alert.state = AlertState::Cleared;
    alert.clearedMs = nowMs;
    journal("cleared", alert, nowMs);
    const Alert copy = alert;
    Q_EMIT alertCleared(copy);
}

bool AlertEngine::makeRoom()
{
    if (int(m_alerts.size()) < m_maxAlerts)
        return true;
    for (auto it = m_alerts.begin(); it != m_alerts.end(); ++it) {
        if (it->second.isActive())
            continue;
        const quint64 id = it->first;
        const QString key = keyOf(it->second.ruleId, it->second.server, it->second.subject);
        if (m_byKey.value(key) == id)
            m_byKey.remove(key);
        m_alerts.erase(it);
        Q_EMIT alertsRemoved({id});
        return true;
    }
    return false;
}

void AlertEngine::considerNotice(const Alert &alert, const CompiledRule &rule, qint64 nowMs)
{
    if (!rule.rule.notify || alert.silenced)
        return;
    if (m_noticeWindowStart >= 0 && nowMs - m_noticeWindowStart >= kNoticeWindowMs)
        flushNotices(nowMs, true);
    if (m_noticeWindowStart < 0) {
        m_noticeWindowStart = nowMs;
        m_noticesInWindow = 0;
    }
    if (m_noticesInWindow < m_noticeLimit) {
        ++m_noticesInWindow;
        AlertNotice notice;
        notice.title = QStringLiteral("%1 (%2)").arg(rule.rule.name,
                                                     alertSeverityName(alert.severity));
        notice.text = alert.message;
        notice.sound = rule.rule.sound;
        Q_EMIT notify(alert, notice);
        return;
    }
    ++m_heldBack;
    m_heldBackSound = m_heldBackSound || rule.rule.sound;
    m_lastHeldBack = alert.id;
}

void AlertEngine::flushNotices(qint64 nowMs, bool force)
{
    if (m_noticeWindowStart < 0 || (!force && nowMs - m_noticeWindowStart < kNoticeWindowMs))
        return;
    const int held = m_heldBack;
    const bool sound = m_heldBackSound;
    const quint64 last = m_lastHeldBack;
    m_noticeWindowStart = -1;
    m_noticesInWindow = 0;
    m_heldBack = 0;
    m_heldBackSound = false;
    if (held == 0)
        return;
    const auto it = m_alerts.find(last);
    const Alert alert = it == m_alerts.end() ? Alert{} : it->second;
    AlertNotice notice;
    notice.title = held == 1 ? QStringLiteral("1 more alert")
                             : QStringLiteral("%1 more alerts").arg(held);
    notice.text = alert.message;
    notice.sound = sound;
    notice.summary = true;
    notice.count = held;
    Q_EMIT notify(alert, notice);
}

bool AlertEngine::acknowledge(quint64 id)
{
    const auto it = m_alerts.find(id);
    if (it == m_alerts.end() || it->second.state != AlertState::Active)
        return false;
    Alert &a = it->second;
    a.state = AlertState::Acknowledged;
    a.acknowledgedMs = now();
    journal("acknowledged", a, a.acknowledgedMs);
    const Alert copy = a;
    Q_EMIT alertChanged(copy);
    return true;
}

void AlertEngine::silence(const QString &ruleId, qint64 untilMs)
{
    if (untilMs <= 0)
        m_silencedRules.remove(ruleId);
    else
        m_silencedRules.insert(ruleId, untilMs);
    markSilenced(now());
}

void AlertEngine::silenceServer(ServerId id, qint64 untilMs)
{
    if (untilMs <= 0)
        m_silencedServers.remove(id);
    else
        m_silencedServers.insert(id, untilMs);
    markSilenced(now());
}

void AlertEngine::markSilenced(qint64 nowMs)
{
    m_silencedRules.removeIf([nowMs](const auto &it) { return it.value() <= nowMs; });
    m_silencedServers.removeIf([nowMs](const auto &it) { return it.value() <= nowMs; });
    QList<quint64> flipped;
    for (const auto &[id, alert] : m_alerts) {
        if (alert.isActive() && alert.silenced != isSilenced(alert.ruleId, alert.server, nowMs))
            flipped.append(id);
    }
    for (quint64 id : flipped) {
        Alert &a = m_alerts.at(id);
        a.silenced = !a.silenced;
        journal("changed", a, nowMs);
        const Alert copy = a;
        Q_EMIT alertChanged(copy);
    }
}

bool AlertEngine::isSilenced(const QString &ruleId, ServerId server, qint64 nowMs) const
{
    return m_silencedRules.value(ruleId, 0) > nowMs || m_silencedServers.value(server, 0) > nowMs;
}

int AlertEngine::removeCleared()
{
    QList<quint64> removed;
    for (auto it = m_alerts.begin(); it != m_alerts.end();) {
        if (it->second.isActive()) {
            ++it;
            continue;
        }
        const QString key = keyOf(it->second.ruleId, it->second.server, it->second.subject);
        if (m_byKey.value(key) == it->first)
            m_byKey.remove(key);
        removed.append(it->first);
        it = m_alerts.erase(it);
    }
    if (!removed.isEmpty())
        Q_EMIT alertsRemoved(removed);
    return int(removed.size());
}

const Alert *AlertEngine::alert(quint64 id) const
{
    const auto it = m_alerts.find(id);
    return it == m_alerts.end() ? nullptr : &it->second;
}

QList<Alert> AlertEngine::alerts() const
{
    QList<Alert> out;
    out.reserve(qsizetype(m_alerts.size()));
    for (const auto &[id, alert] : m_alerts)
        out.append(alert);
    return out;
}

int AlertEngine::activeCount() const
{
    int n = 0;
    for (const auto &[id, alert] : m_alerts)
        n += alert.isActive() ? 1 : 0;
    return n;
}

int AlertEngine::activeCount(ServerId server) const
{
    int n = 0;
    for (const auto &[id, alert] : m_alerts)
        n += alert.isActive() && alert.server == server ? 1 : 0;
    return n;
}

} // namespace Monitor
