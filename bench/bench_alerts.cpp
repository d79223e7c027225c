// bench_alerts: the alert rule engine (Monitor::AlertEngine) at 30,000 events/s on one core, with
// the 9 built-in rules and with 50 (the built-ins plus 41 custom filter rules of the shapes
// operators write: equality, contains, regex, numeric comparisons, sets, a bare-word search;
// each counted over a window).
//
// The events are a realistic mix: the load capture (bridged loopback calls, CHANNEL_* events of
// ~2.8 KB) and the real captures of tests/fixtures/real2 (sofia registrations and gateways,
// call-center, conferences, parking, RTCP), cycled with fresh uuids (each pass over the mix
// rewrites every uuid-shaped value) and stamped --rate per simulated second. Each simulated
// second the events go into an EventStore, a ChannelStore and the supervisor panels' stores
// (as a ServerMonitor would, not timed), then through processRecord (timed), then one tick
// (timed: the state rules over the stores). CPU time is this thread's.
//
// Beside the capture's calls (which come and go within seconds), --standing calls stay up the
// whole run, so that the tick walks a busy switch's channel table.
//
//     bench_alerts [--rate 30000] [--seconds 20] [--standing 5000] [--capture load.esl]
//                  [--real2 DIR]

#include "benchsupport.h"

#include "monitor/alertengine.h"
#include "monitor/channelstore.h"
#include "monitor/eventstore.h"
#include "monitor/supervisorpanels.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>

#include <cstdio>

namespace {

using Bench::num;

// The 41 custom rules: {expression, count, windowSeconds}.
struct CustomShape
{
    const char *expression;
    int count;
    int windowSeconds;
};

constexpr CustomShape kCustomRules[] = {
    // Equality.
    {"Event-Name == CHANNEL_HANGUP && Hangup-Cause == NO_ROUTE_DESTINATION", 5, 60},
    {"Event-Name == CHANNEL_HANGUP && Hangup-Cause == USER_BUSY", 20, 60},
    {"Event-Name == CHANNEL_HANGUP && Hangup-Cause == CALL_REJECTED", 10, 60},
    {"Event-Name == CHANNEL_HANGUP && Hangup-Cause == NO_ANSWER", 50, 300},
    {"Event-Name == CHANNEL_HANGUP && Hangup-Cause == UNALLOCATED_NUMBER", 10, 60},
    {"Event-Name == CHANNEL_HANGUP && Hangup-Cause == NORMAL_TEMPORARY_FAILURE", 5, 60},
    {"Event-Name == CHANNEL_HANGUP && Hangup-Cause == RECOVERY_ON_TIMER_EXPIRE", 5, 120},
    {"Event-Name == CHANNEL_HANGUP && Hangup-Cause == INCOMPATIBLE_DESTINATION", 5, 60},
    {"Event-Subclass == sofia::register_failure", 20, 60},
    {"Event-Name == CHANNEL_HANGUP_COMPLETE", 1000, 60}, // fires and keeps counting
    // Contains.
    {"variable_sip_user_agent contains friendly-scanner", 1, 60},
    {"variable_sip_user_agent contains sipvicious", 1, 60},
    {"Caller-Caller-ID-Name contains anonymous", 30, 60},
    {"variable_sip_from_host contains evil.example", 1, 300},
    {"Event-Subclass contains callcenter && CC-Cause contains cancel", 10, 60},
    {"Log-File contains sofia_reg && Log-Level <= 3", 20, 60},
    {"variable_sip_hangup_phrase contains \"Service Unavailable\"", 10, 60},
    {"Channel-Name contains sofia/external/ && Event-Name == CHANNEL_HANGUP && "
     "Hangup-Cause != NORMAL_CLEARING",
     25, 60},
    // Regular expressions.
    {"Caller-Destination-Number ~ \"^00(88|96)\"", 1, 60},
    {"Caller-Caller-ID-Number ~ \"^\\+?1?900\"", 5, 60},
    {"Caller-Destination-Number ~ \"^(\\+|00)(23[0-9]|53|252)\"", 3, 300},
    {"variable_sip_user_agent ~ \"(scanner|sipcli|pplsip)\"", 1, 60},
    {"Hangup-Cause ~ \"^(MEDIA_TIMEOUT|RECOVERY_ON_TIMER_EXPIRE)$\"", 5, 60},
    {"Channel-Name ~ \"^sofia/external/.*@10\\.0\\.\"", 100, 60},
    {"variable_hangup_cause ~ \"FAILURE$\"", 10, 60},
    {"Event-Subclass ~ \"^sofia::(expire|unregister)$\"", 50, 300},
    // Numeric comparisons.
    {"Event-Name == CHANNEL_HANGUP_COMPLETE && variable_billsec > 7200", 1, 60},
    {"variable_rtp_audio_in_mos < 3.5", 10, 300},
    {"variable_rtp_audio_in_skip_packet_count > 100", 10, 300},
    {"Log-Level <= 2", 10, 60},
    {"Event-Name == CHANNEL_HANGUP_COMPLETE && variable_billsec < 3 && variable_answersec > 0",
     20, 60},
    {"variable_progress_mediamsec > 5000", 10, 60},
    {"Event-Name == HEARTBEAT && Session-Count > 5000", 1, 60},
    {"CC-Member-Leaving-Time > 0 && CC-Cause == Terminated", 20, 60},
    // Sets, existence, a bare-word search.
    {"Event-Name in {CHANNEL_HANGUP CHANNEL_HANGUP_COMPLETE} && "
     "Hangup-Cause in {NO_USER_RESPONSE NO_ANSWER USER_BUSY}",
     50, 300},
    {"Answer-State == hangup && Hangup-Cause != NORMAL_CLEARING && "
     "Hangup-Cause != ORIGINATOR_CANCEL",
     30, 60},
    {"Event-Subclass == conference::maintenance && Action == kick-member", 5, 60},
    {"exists variable_sip_term_status && variable_sip_term_status ~ \"^5\"", 20, 60},
    {"Event-Name == CHANNEL_CREATE && Call-Direction == inbound", 500, 10}, // a surge
    {"\"no route\"", 5, 60},
    {"Event-Name == API && API-Command in {uuid_kill hupall}", 3, 60},
};

QList<Monitor::AlertRule> customRules()
{
    QList<Monitor::AlertRule> out;
    int n = 0;
    for (const CustomShape &shape : kCustomRules) {
        Monitor::AlertRule rule = Monitor::AlertRules::custom(++n, QString::fromUtf8(shape.expression));
        rule.params.insert(QStringLiteral("count"), shape.count);
        rule.params.insert(QStringLiteral("windowSeconds"), shape.windowSeconds);
        if (const auto error = Monitor::AlertRules::validate(rule)) {
            std::fprintf(stderr, "bench_alerts: %s\n", qPrintable(error->toString()));
            return {};
        }
        out.append(rule);
    }
    return out;
}

bool isUuid(QByteArrayView v)
{
    if (v.size() != 36)
        return false;
    for (qsizetype i = 0; i < 36; ++i) {
        const char c = v[i];
        const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash ? c != '-' : !std::isxdigit(static_cast<unsigned char>(c)))
            return false;
    }
    return true;
}

// A microsecond time stamp as the switch writes them (Event-Date-Timestamp, Caller-Channel-*-Time).
bool isMicroseconds(QByteArrayView name, QByteArrayView value)
{
    if (value.size() != 16 || !(name.endsWith("-Time") || name == "Event-Date-Timestamp"))
        return false;
    for (const char c : value) {
        if (c < '0' || c > '9')
            return false;
    }
    return true;
}

// The event as new: every uuid-shaped value's first 8 digits replaced by the pass number (each
// pass over the mix is new calls: new channels for the stores, new keys for the engine), and its
// time stamps moved to `ms` (the captures are from other days: calls would look hours old).
Esl::Event freshened(const Esl::Event &event, quint32 pass, qint64 ms)
{
    Esl::HeaderList headers = event.headers();
    const QByteArray prefix = QByteArray::number(pass, 16).rightJustified(8, '0');
    const QByteArray stamp = QByteArray::number(ms * 1000);
    for (qsizetype i = 0; i < headers.size(); ++i) {
        if (isUuid(headers.value(i))) {
            QByteArray v = headers.value(i).toByteArray();
            v.replace(0, 8, prefix);
            headers.setValue(i, v);
        } else if (isMicroseconds(headers.name(i), headers.value(i))) {
            headers.setValue(i, stamp);
        }
    }
    return Esl::Event(std::move(headers), event.body(), event.hasBody(), event.format());
}

struct Result
{
    qint64 events = 0;
    qint64 recordNs = 0; // processRecord, summed
    qint64 tickNs = 0;   // tick, summed
    int ticks = 0;
    qint64 raised = 0;
    qint64 changed = 0;
    int liveChannels = 0; // at the last tick
};

// Calls that stay up the whole run (the capture's calls come and go within seconds), so that the
// tick's rules over the channels (long calls, quality) walk a busy switch's table: the first
// channel's CHANNEL_CREATE and CHANNEL_ANSWER, `count` times with fresh uuids.
void addStandingCalls(Monitor::ChannelStore &channels, const QList<Esl::Event> &mix, int count,
                      qint64 ms)
{
    const Esl::Event *create = nullptr;
    const Esl::Event *answer = nullptr;
    for (const Esl::Event &e : mix) {
        if (!create && e.eventName() == "CHANNEL_CREATE")
            create = &e;
        else if (create && e.eventName() == "CHANNEL_ANSWER" &&
                 e.header("Unique-ID") == create->header("Unique-ID"))
            answer = &e;
        if (answer)
            break;
    }
    if (!answer)
        return;
    for (int i = 0; i < count; ++i) {
        channels.apply(freshened(*create, 0xf0000000u + quint32(i), ms), ms);
        channels.apply(freshened(*answer, 0xf0000000u + quint32(i), ms), ms);
    }
}

Result run(const QList<Esl::Event> &mix, const QList<Monitor::AlertRule> &rules, int rate,
           int seconds, int standingCalls)
{
    Monitor::EventStore store(Monitor::EventStore::Limits{qint64(rate) * 4, qint64(1) << 30});
    Monitor::ChannelStore channels;
    Monitor::SupervisorPanels panels;
    Monitor::AlertEngine engine(&store);
    const qint64 t0 = 1'796'000'000'000;
    qint64 now = t0;
    engine.setClock([&now] { return now; });
    engine.setRules(rules);
    constexpr Monitor::ServerId server = 1;
    engine.addServer(server, QStringLiteral("bench-pbx"),
                     {panels.gateways(), panels.callCenter(), &channels});
    engine.linkStateChanged(server, Monitor::LinkState::Live, t0);
    addStandingCalls(channels, mix, standingCalls, t0);
    Result r;
    QObject::connect(&engine, &Monitor::AlertEngine::alertRaised, [&r] { ++r.raised; });
    QObject::connect(&engine, &Monitor::AlertEngine::alertChanged, [&r] { ++r.changed; });

    qint64 index = 0;
    for (int second = 0; second < seconds; ++second) {
        const Monitor::Sequence from = store.endSequence();
        for (int i = 0; i < rate; ++i, ++index) {
            const qint64 ms = t0 + qint64(second) * 1000 + qint64(i) * 1000 / rate;
            const Esl::Event e =
                freshened(mix[index % mix.size()], quint32(index / mix.size()), ms);
            store.append(server, e, ms);
            channels.apply(e, ms);
            panels.onEvent(e, ms);
        }
        const Monitor::Sequence to = store.endSequence();
        const qint64 before = Bench::cpuNs(CLOCK_THREAD_CPUTIME_ID);
        store.forEach(from, to, [&](const Monitor::EventStore::Record &record) {
            now = record.receivedMs();
            engine.processRecord(record);
            return true;
        });
        const qint64 middle = Bench::cpuNs(CLOCK_THREAD_CPUTIME_ID);
        now = t0 + qint64(second + 1) * 1000;
        engine.tick(now);
        const qint64 after = Bench::cpuNs(CLOCK_THREAD_CPUTIME_ID);
        r.recordNs += middle - before;
        r.tickNs += after - middle;
        ++r.ticks;
        r.events += qint64(to - from);
        r.liveChannels = channels.liveCount();
    }
    return r;
}

QList<Esl::Event> loadMix(const QString &capture, const QString &real2)
{
    QList<Esl::Event> mix = Bench::loadEvents(capture, "bench_alerts");
    const QStringList captures = QDir(real2).entryList({QStringLiteral("*.esl")}, QDir::Files,
                                                       QDir::Name);
    for (const QString &name : captures)
        mix += Bench::loadEvents(QDir(real2).filePath(name), "bench_alerts");
    return mix;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "The alert rule engine over a realistic event mix at --rate events per second: CPU per\n"
        "event on one core with the 9 built-in rules and with 50 rules (41 custom filters)."));
    parser.addHelpOption();
    parser.addOption({QStringLiteral("rate"), QStringLiteral("Events per simulated second."),
                      QStringLiteral("N"), QStringLiteral("30000")});
    parser.addOption({QStringLiteral("seconds"), QStringLiteral("Simulated seconds."),
                      QStringLiteral("N"), QStringLiteral("20")});
    parser.addOption({QStringLiteral("standing"),
                      QStringLiteral("Calls up for the whole run (the tick walks them)."),
                      QStringLiteral("N"), QStringLiteral("5000")});
    parser.addOption({QStringLiteral("capture"), QStringLiteral("The load capture."),
                      QStringLiteral("FILE"), QStringLiteral(SWITCHBOARD_LOAD_CAPTURE)});
    parser.addOption({QStringLiteral("real2"),
                      QStringLiteral("A folder of real captures (*.esl) mixed in."),
                      QStringLiteral("DIR"), QStringLiteral(SWITCHBOARD_REAL2_FIXTURES)});
    parser.process(app);
    const int rate = std::clamp(parser.value(QStringLiteral("rate")).toInt(), 100, 1'000'000);
    const int seconds = std::clamp(parser.value(QStringLiteral("seconds")).toInt(), 1, 3600);
    const int standing = std::clamp(parser.value(QStringLiteral("standing")).toInt(), 0, 1'000'000);

    const QList<Esl::Event> mix =
        loadMix(parser.value(QStringLiteral("capture")), parser.value(QStringLiteral("real2")));
    if (mix.isEmpty())
        return 1;
    const QList<Monitor::AlertRule> customs = customRules();
    if (customs.size() != qsizetype(std::size(kCustomRules)))
        return 1;
    const QList<Monitor::AlertRule> builtIns = Monitor::AlertRules::defaults();

    std::printf("bench_alerts (%s build): %lld events in the mix, %s events/s for %d simulated "
                "seconds, one core\n\n",
                SWITCHBOARD_BUILD_TYPE, static_cast<long long>(mix.size()),
                qPrintable(num(rate)), seconds);
    std::printf("| rules | events | µs/event (records) | ms/tick | µs/event (all) | sustainable "
                "events/s | one core at %s/s | alerts raised / changed |\n",
                qPrintable(num(rate)));
    std::printf("|---|---:|---:|---:|---:|---:|---:|---:|\n");
    bool fits = true;
    int liveChannels = 0;
    for (const auto &[label, rules] :
         {std::pair{QStringLiteral("9 built-ins"), builtIns},
          std::pair{QStringLiteral("50 (9 built-ins + 41 custom)"), builtIns + customs}}) {
        const Result r = run(mix, rules, rate, seconds, standing);
        const double perRecordUs = double(r.recordNs) / 1000.0 / double(r.events);
        const double perTickMs = double(r.tickNs) / 1e6 / std::max(1, r.ticks);
        const double allUs = double(r.recordNs + r.tickNs) / 1000.0 / double(r.events);
        const double sustainable = 1e6 / allUs;
        const double load = double(rate) * allUs / 1e6;
        fits = fits && load < 1.0;
        std::printf("| %s | %s | %s | %s | %s | %s | %s %% | %lld / %lld |\n", qPrintable(label),
                    qPrintable(num(double(r.events))), qPrintable(num(perRecordUs, 3)),
                    qPrintable(num(perTickMs, 2)), qPrintable(num(allUs, 3)),
                    qPrintable(num(sustainable)), qPrintable(num(load * 100, 1)),
                    static_cast<long long>(r.raised), static_cast<long long>(r.changed));
        std::fflush(stdout);
        liveChannels = r.liveChannels;
    }
    std::printf("\n%d live channels in the store at the last tick (%d standing). %s/s %s on one core with 50 "
                "rules.\n",
                liveChannels, standing, qPrintable(num(rate)), fits ? "fits" : "does NOT fit");
    return 0;
}
