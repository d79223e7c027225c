// libFuzzer target for the alert engine (lib/monitor/alert*). Two kinds of input, by the first
// byte:
//  - 'r': the rest is a rules file (AlertRules::fromJson). Besides not crashing: a file it
//    accepts has every built-in rule, no more than kMaxRules custom ones, each of them valid,
//    and it reads back the same after toJson.
//  - anything else: parts separated by the byte 0x1e, each an event in plain form ("Name:
//    value" lines, percent-encoded), stored in an EventStore, applied to a server's stores
//    (gateways, call center, channels) as a ServerMonitor does, and handed to an engine with
//    every rule on (and two custom ones, one across servers); a part starting with '!' moves
//    the link instead (its next byte: state, restart, events missed). The engine ticks between
//    parts with a clock that moves by the part's length in seconds. Invariants: the number of
//    alerts stays within maxAlerts(); active counts agree (overall = the sum per server + the
//    across-servers ones); every alert has a count >= 1, at most kMaxRecords records, and a
//    cleared time exactly when cleared; an alert's records are sequences the store issued.

#include "monitor/alertengine.h"
#include "monitor/alertrules.h"
#include "monitor/callcenterstore.h"
#include "monitor/channelstore.h"
#include "monitor/gatewaystore.h"
#include "monitor/supervisorpanels.h"

#include <cstdint>
#include <cstdio>

namespace {

[[noreturn]] void fail(const char *what)
{
    std::fprintf(stderr, "fuzz_alerts: %s\n", what);
    __builtin_trap();
}

constexpr qsizetype kMaxParts = 256;
constexpr qint64 kStart = 1'800'000'000'000;

void fuzzRules(QByteArrayView bytes)
{
    const Monitor::AlertRulesResult r = Monitor::AlertRules::fromJson(bytes);
    if (!r.ok) {
        if (r.error.message.isEmpty())
            fail("a refusal without a reason");
        return;
    }
    const QList<Monitor::AlertKind> kinds = Monitor::AlertRules::builtInKinds();
    if (r.rules.size() < kinds.size() ||
        r.rules.size() > kinds.size() + Monitor::AlertRules::kMaxRules)
        fail("accepted rules out of bounds");
    for (qsizetype i = 0; i < r.rules.size(); ++i) {
        if (i < kinds.size() && r.rules[i].kind != kinds[i])
            fail("a built-in rule missing or out of order");
        if (Monitor::AlertRules::validate(r.rules[i]))
            fail("an accepted rule does not validate");
    }
    const Monitor::AlertRulesResult back =
        Monitor::AlertRules::fromJson(Monitor::AlertRules::toJson(r.rules, false));
    if (!back.ok || back.rules != r.rules)
        fail("the rules do not read back the same after toJson");
}

void check(const Monitor::AlertEngine &engine, const Monitor::EventStore &store)
{
    if (engine.size() > engine.maxAlerts())
        fail("more alerts than maxAlerts()");
    int perServer = engine.activeCount(Monitor::kAllServers);
    for (Monitor::ServerId id : {Monitor::ServerId(1), Monitor::ServerId(2)})
        perServer += engine.activeCount(id);
    if (perServer != engine.activeCount())
        fail("active counts disagree");
    for (const Monitor::Alert &a : engine.alerts()) {
        if (a.count < 1 || a.records.size() > Monitor::Alert::kMaxRecords)
            fail("an alert's count or records out of bounds");
        if ((a.state == Monitor::AlertState::Cleared) != (a.clearedMs > 0))
            fail("cleared time and state disagree");
        for (Monitor::Sequence seq : a.records) {
            if (seq >= store.endSequence())
                fail("an alert names a record never stored");
        }
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray input(reinterpret_cast<const char *>(data), qsizetype(size));
    if (input.startsWith('r')) {
        fuzzRules(QByteArrayView(input).sliced(1));
        return 0;
    }

    Monitor::EventStore store;
    Monitor::SupervisorPanels panels;
    Monitor::ChannelStore channels;
    Monitor::AlertEngine engine(&store);
    qint64 clock = kStart;
    engine.setClock([&clock] { return clock; });
    engine.setMaxAlerts(40);
    QList<Monitor::AlertRule> rules = Monitor::AlertRules::defaults();
    for (Monitor::AlertRule &rule : rules) {
        // Low thresholds, so that short inputs reach every rule.
        for (const Monitor::AlertParamSpec &spec : Monitor::AlertRules::paramSpecs(rule.kind)) {
            if (!spec.boolean)
                rule.params[spec.name] = spec.min;
        }
    }
    rules.append(Monitor::AlertRules::custom(1, QStringLiteral("Hangup-Cause == NO_ROUTE_DESTINATION")));
    rules.append(Monitor::AlertRules::custom(2, QStringLiteral("Event-Name contains CHANNEL")));
    rules.last().params[QStringLiteral("perServer")] = 0;
    rules.last().params[QStringLiteral("count")] = 1;
    engine.setRules(rules);
    engine.addServer(1, QStringLiteral("fs1"),
                     {panels.gateways(), panels.callCenter(), &channels});
    engine.addServer(2, QStringLiteral("fs2")); // records only
    engine.linkStateChanged(1, Monitor::LinkState::Live, clock);

    qsizetype parts = 0;
    for (const QByteArray &part : input.split('\x1e')) {
        if (part.isEmpty() || ++parts > kMaxParts)
            continue;
        clock += 1000 * (part.size() % 7);
        if (part.startsWith('!')) {
            const quint8 what = part.size() > 1 ? quint8(part[1]) : 0;
            if (what % 3 == 0)
                engine.linkStateChanged(1, Monitor::LinkState(what / 3 % 6), clock);
            else if (what % 3 == 1)
                engine.linkCoreUuidChanged(1, QString::fromLatin1(part.mid(2, 36)), clock);
            else
                engine.linkEventsMissed(1, clock);
        } else if (Esl::Expected<Esl::Event> event = Esl::Event::fromPlain(part)) {
            const Monitor::ServerId server = part.size() % 5 == 0 ? 2 : 1;
            const Monitor::Sequence seq = store.append(server, *event, clock);
            if (server == 1) {
                channels.apply(*event, clock);
                panels.onEvent(*event, clock);
            }
            if (const std::optional<Monitor::EventStore::Record> record = store.record(seq))
                engine.processRecord(*record);
        }
        engine.tick(clock);
        check(engine, store);
    }
    clock += 3600'000;
    engine.tick(clock);
    check(engine, store);
    engine.removeCleared();
    if (engine.size() != engine.activeCount())
        fail("removeCleared left a cleared alert");
    return 0;
}
