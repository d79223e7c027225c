// The rules evaluated per record, the hot path (30,000 records/s with 50 rules): the built-ins
// look at Event-Name first (and Event-Subclass for CUSTOM) and do nothing more for the rest;
// each custom rule runs its compiled Filter on the stored record itself, and counts a match in
// a ring sized once (alertwindow.h). A record that matches nothing allocates nothing.

#include "alertengine.h"

#include "headernames.h"

namespace Monitor {

namespace {

struct Names
{
    NameId eventName = HeaderNames::instance().intern("Event-Name");
    NameId subclass = HeaderNames::instance().intern("Event-Subclass");
    NameId otherLeg = HeaderNames::instance().intern("Other-Leg-Unique-ID");
    NameId gateway = HeaderNames::instance().intern("Gateway");
    NameId uniqueId = HeaderNames::instance().intern("Unique-ID");
    NameId userData = HeaderNames::instance().intern("User-Data");
};

const Names &names()
{
    static const Names n;
    return n;
}

} // namespace

void AlertEngine::processRecord(const EventStore::Record &record)
{
    const ServerId id = record.server();
    if (record.kind() == RecordKind::Event) {
        const Names &n = names();
        const QByteArrayView name = record.value(n.eventName);
        if (name == "CUSTOM") {
            const QByteArrayView subclass = record.value(n.subclass);
            if (subclass == "sofia::unregister" || subclass == "sofia::expire") {
                if (builtIn(AlertKind::RegistrationsDrop))
                    countRegistrationDrop(id, serverState(id), record);
            } else if (subclass == "sofia::gateway_state" || subclass == "sofia::gateway_delete") {
                // The server's gateway store has taken the event already (the monitor applies
                // an event to its stores before it announces the record).
                const QString gateway = QString::fromUtf8(record.value(n.gateway));
                if (builtIn(AlertKind::GatewayDown) && !gateway.isEmpty())
                    evaluateGateways(id, serverState(id), now(), gateway, record.sequence(), true);
            }
        } else if (name == "CHANNEL_CREATE" && !record.has(n.otherLeg)) {
            if (builtIn(AlertKind::CallsPerSecond))
                serverState(id).starts.add(record.receivedMs());
        }
    }
    for (int index : m_customs) {
        CompiledRule &rule = m_rules[size_t(index)];
        if (rule.filter.matches(record))
            countCustom(rule, id, record);
    }
}

void AlertEngine::countRegistrationDrop(ServerId id, ServerState &s,
                                        const EventStore::Record &record)
{
    const CompiledRule *rule = builtIn(AlertKind::RegistrationsDrop);
    const int most = int(rule->rule.param(QStringLiteral("count")));
    const int minutes = int(rule->rule.param(QStringLiteral("minutes")));
    if (s.drops.capacity() != most + 1)
        s.drops.reset(most + 1);
    s.drops.push(record.receivedMs(), record.sequence());
    if (!s.drops.exceeded(record.receivedMs(), qint64(minutes) * 60000))
        return;
    Firing f;
    f.rule = rule;
    f.server = id;
    f.message = QStringLiteral("More than %1 registrations lost on %2 in %3 min")
                    .arg(most)
                    .arg(s.name)
                    .arg(minutes);
    f.target.server = id;
    const bool active = activeAlert(rule->rule.id, id, {});
    f.records = active ? QList<Sequence>{record.sequence()} : s.drops.newest(Alert::kMaxRecords);
    fire(std::move(f), now());
}

void AlertEngine::countCustom(CompiledRule &rule, ServerId id, const EventStore::Record &record)
{
    const bool perServer = rule.rule.param(QStringLiteral("perServer")) != 0;
    const ServerId key = perServer ? id : kAllServers;
    const int most = int(rule.rule.param(QStringLiteral("count")));
    const qint64 windowMs = qint64(rule.rule.param(QStringLiteral("windowSeconds")) * 1000);
    TimeWindow &window = rule.windows[key];
    if (window.capacity() != most + 1)
        window.reset(most + 1);
    bool counted = true;
    if (rule.rule.count == AlertCounting::Records) {
        window.push(record.receivedMs(), record.sequence());
    } else {
        // A channel counts once per window (its hangup alone is ~7 matching events).
        const Names &n = names();
        const QByteArrayView uuid = record.value(
            record.kind() == RecordKind::Log ? n.userData : n.uniqueId);
        counted = window.pushChannel(record.receivedMs(), record.sequence(), uuid.toByteArray(),
                                     windowMs);
    }
    if (!window.exceeded(record.receivedMs(), windowMs))
        return;
    Firing f;
    f.rule = &rule;
    f.server = key;
    f.message = QStringLiteral("%1: more than %2 in %3 s on %4")
                    .arg(rule.rule.name)
                    .arg(most)
                    .arg(windowMs / 1000)
                    .arg(serverName(key));
    f.target.server = key;
    const bool active = activeAlert(rule.rule.id, key, {});
    f.records = active ? QList<Sequence>{record.sequence()} : window.newest(Alert::kMaxRecords);
    // Another record of a channel already counted: kept among the alert's records, no repeat.
    if (!counted)
        f.repeat = Repeat::Hold;
    fire(std::move(f), now());
}

} // namespace Monitor
