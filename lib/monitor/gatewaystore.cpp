#include "gatewaystore.h"

#include "esl/wire/event.h"

namespace Monitor {

namespace {

qint64 eventMs(const Esl::Event &event, qint64 nowMs)
{
    const qint64 micros = event.timestamp();
    return micros > 0 ? micros / 1000 : nowMs;
}

// sofia_reg.c's states in which the registration is failing (retrying, or given up).
bool isFailingState(const QString &state)
{
    return state == u"FAILED" || state == u"FAIL_WAIT" || state == u"TIMEOUT" ||
           state == u"EXPIRED";
}

} // namespace

GatewayStore::GatewayStore(QObject *parent) : PanelStore(parent) {}

GatewayStore::~GatewayStore() = default;

const GatewayStore::Entry *GatewayStore::find(const QString &name) const
{
    const auto it = m_index.constFind(name);
    return it == m_index.cend() ? nullptr : &m_entries[*it];
}

bool GatewayStore::isLoud(const Entry &e)
{
    const QString &state = e.gateway.state;
    // A REGED gateway re-registering reports REGISTER (Status 200) before REGED again.
    const bool leftReged = e.wasReged && state != u"REGED" && state != u"REGISTER";
    const bool pingDown = e.pingWasUp && e.gateway.pingStatus == u"DOWN";
    return e.failing || leftReged || pingDown;
}

int GatewayStore::loudCount() const
{
    int n = 0;
    for (const Entry &e : m_entries)
        n += isLoud(e) ? 1 : 0;
    return n;
}

QList<QJsonObject> GatewayStore::rows(qint64 nowMs) const
{
    QList<QJsonObject> out;
    out.reserve(m_entries.size());
    for (const Entry &e : m_entries) {
        const Sofia::Gateway &g = e.gateway;
        out.append(QJsonObject{
            {QStringLiteral("profile"), g.profile},
            {QStringLiteral("name"), g.name},
            {QStringLiteral("state"), g.state},
            {QStringLiteral("pingStatus"), g.pingStatus},
            {QStringLiteral("status"), g.status},
            {QStringLiteral("phrase"), g.phrase},
            {QStringLiteral("proxy"), g.proxy},
            {QStringLiteral("to"), g.to},
            {QStringLiteral("username"), g.username},
            {QStringLiteral("realm"), g.realm},
            {QStringLiteral("pingTime"), g.pingTime},
            {QStringLiteral("retry"), g.retry},
            {QStringLiteral("changedAtMs"), g.changedAtMs},
            {QStringLiteral("changedSecondsAgo"),
             g.changedAtMs > 0 ? (nowMs - g.changedAtMs) / 1000 : -1},
            {QStringLiteral("upSinceMs"), g.upSinceMs},
            {QStringLiteral("loud"), isLoud(e)},
            {QStringLiteral("callsIn"), g.callsIn},
            {QStringLiteral("callsOut"), g.callsOut},
            {QStringLiteral("failedCallsIn"), g.failedCallsIn},
            {QStringLiteral("failedCallsOut"), g.failedCallsOut},
        });
    }
    return out;
}

void GatewayStore::startSync(qint64 nowMs)
{
    request(QStringLiteral("sofia xmlstatus gateway"), [this, nowMs](const Esl::Reply &reply) {
        auto parsed = Sofia::parseGatewaysXml(QByteArrayView(reply.body()), nowMs);
        if (!parsed) {
            failSync(parsed.error().message);
            return;
        }
        replaceWith(std::move(*parsed), nowMs);
        m_everSynced = true;
        finishSync(nowMs);
    });
}

void GatewayStore::noteState(Entry &e)
{
    const QString &state = e.gateway.state;
    if (state == u"REGED") {
        e.wasReged = true;
        e.failing = false;
    } else if (state == u"NOREG") {
        e.failing = false;
    } else if (isFailingState(state)) {
        e.failing = true;
    }
    if (e.gateway.pingStatus == u"UP")
        e.pingWasUp = true;
}

void GatewayStore::replaceWith(QList<Sofia::Gateway> fresh, qint64 nowMs)
{
    QHash<QString, qsizetype> freshIndex;
    for (qsizetype i = 0; i < fresh.size(); ++i)
        freshIndex.insert(fresh[i].name, i);
    QList<Entry> next;
    next.reserve(fresh.size());
    QList<bool> taken(fresh.size(), false);
    for (const Entry &old : std::as_const(m_entries)) {
        const auto it = freshIndex.constFind(old.gateway.name);
        if (it == freshIndex.cend() || taken[*it])
            continue;
        taken[*it] = true;
        Entry e = old;
        Sofia::Gateway g = fresh[*it];
        const bool same = g.state == old.gateway.state && g.pingStatus == old.gateway.pingStatus;
        g.changedAtMs = same ? old.gateway.changedAtMs : nowMs;
        // The last REGISTER answer is in events only.
        g.status = old.gateway.status;
        g.phrase = old.gateway.phrase;
        e.gateway = std::move(g);
        noteState(e);
        next.append(std::move(e));
    }
    for (qsizetype i = 0; i < fresh.size(); ++i) {
        if (taken[i] || (i != freshIndex.value(fresh[i].name)))
            continue; // a name listed twice: the last one stands
        Entry e;
        e.gateway = std::move(fresh[i]);
        // Up since it came up; otherwise unknown at the first listing.
        e.gateway.changedAtMs = e.gateway.upSinceMs > 0 ? e.gateway.upSinceMs
                                : m_everSynced          ? nowMs
                                                        : 0;
        noteState(e);
        next.append(std::move(e));
    }
    m_entries = std::move(next);
    reindex();
}

bool GatewayStore::applyEvent(const Esl::Event &event, qint64 nowMs)
{
    const QByteArrayView subclass = event.subclass();
    const qint64 at = eventMs(event, nowMs);
    const QString name = event.text("Gateway");
    if (name.isEmpty()) {
        countUnmatched();
        return false;
    }
    if (subclass == "sofia::gateway_state")
        return applyState(event, at);
    if (subclass == "sofia::gateway_add") {
        Entry *e = findOrAdd(name);
        if (!e)
            return false;
        e->gateway.profile = event.text("profile-name");
        e->gateway.changedAtMs = at;
        return true;
    }
    // sofia::gateway_delete
    const auto it = m_index.constFind(name);
    if (it == m_index.cend()) {
        countUnmatched();
        return false;
    }
    m_entries.removeAt(*it);
    reindex();
    return true;
}

bool GatewayStore::applyState(const Esl::Event &event, qint64 atMs)
{
    const QString name = event.text("Gateway");
    if (!m_index.contains(name))
        countUnmatched(); // a gateway no listing named yet: followed from here on
    Entry *e = findOrAdd(name);
    if (!e)
        return false;
    Sofia::Gateway &g = e->gateway;
    const QString state = event.text("State");
    const QString ping = event.text("Ping-Status");
    if ((!state.isEmpty() && state != g.state) || (!ping.isEmpty() && ping != g.pingStatus))
        g.changedAtMs = atMs;
    if (!ping.isEmpty() && ping != g.pingStatus)
        g.upSinceMs = ping == u"UP" ? atMs : 0;
    if (!state.isEmpty())
        g.state = state;
    if (!ping.isEmpty())
        g.pingStatus = ping;
    if (event.hasHeader("Status")) {
        g.status = event.text("Status");
        g.phrase = event.text("Phrase");
    }
    if (!isFailingState(g.state) && g.state != u"TRYING")
        g.retry.clear();
    noteState(*e);
    return true;
}

GatewayStore::Entry *GatewayStore::findOrAdd(const QString &name)
{
    if (const auto it = m_index.constFind(name); it != m_index.cend())
        return &m_entries[*it];
    if (m_entries.size() >= kMaxRows)
        return nullptr;
    Entry e;
    e.gateway.name = name;
    m_index.insert(name, m_entries.size());
    m_entries.append(std::move(e));
    return &m_entries.last();
}

void GatewayStore::reindex()
{
    m_index.clear();
    for (qsizetype i = 0; i < m_entries.size(); ++i)
        m_index.insert(m_entries[i].gateway.name, i);
}

void GatewayStore::clearState()
{
    m_entries.clear();
    m_index.clear();
    m_everSynced = false;
}

} // namespace Monitor
