// bench_fleet: a fleet of switches through a real RabbitMQ into one console (issue #18, "Scale").
//
// A private broker (tests/support's RabbitBroker: rabbitmq-server on loopback, free ports, its
// own data directory) carries N simulated switches publishing as mod_amqp does. The fleet runs
// in a process of its own (this program again, --fleet-child; see fleetchild.h), so its CPU and
// memory are not the console's; its switches start with initial calls that make --channels
// live channels in all (never hung up, found by the console's sync), and short calls on top at
// the rate that fires the target events/s (events and log lines per call measured first).
//
// For each switch count, three consumers in turn, each through every rate:
//  - broker: the broker alone, one plain Amqp::Client consumer counting messages (no decode),
//    on a queue bound and bounded as the console's. What it receives is what the broker
//    sustains on this machine while the fleet publishes.
//  - link: the broker link alone, a BrokerConnection decoding on its worker thread and handing
//    batches to the GUI thread, no monitor and no window: messages/s from socket to decoded
//    event, and that rate per core of the threads doing it ("per core").
//  - console: the whole console: a Hub with the journal on, BrokerConnection + BrokerFleet (a
//    ServerMonitor per switch, each synced over TAP.Commands) and the main window offscreen.
//    Handled = messages the console's link took in on the GUI thread; the ratio is handled /
//    published by the fleet in the same seconds. GUI stall as bench_window measures it.
// Between rates the traffic stops until the consumer has caught up, so each row stands alone.
//
//     bench_fleet [--switches 10,100] [--rates 2000,5000,10000,20000,30000] [--seconds 10]
//                 [--channels 30000] [--phases broker,link,console] [--no-journal]

#include "fleetchild.h"
#include "fleetharness.h"

#include "support/rabbitbroker.h"

#include <QCommandLineParser>
#include <QDateTime>
#include <QSysInfo>

#include <cstdio>

namespace {

using namespace Bench;

struct Step
{
    QString phase;
    int switches = 0;
    double rate = 0;
    double offered = 0;  // published by the fleet, per s
    double received = 0; // by the consumer, per s
    qint64 fleetDropped = 0;
    qint64 behind = 0;   // published but not yet received at the end of the window
    qint64 lost = 0;     // published during the step and never received
    double guiCpu = 0;
    double guiUsPerMessage = 0;
    double guiWait = 0;  // share of the time the GUI thread was runnable but had no CPU
    double otherCpu = 0; // the consumer process's other threads (worker, journal)
    double fleetCpu = 0;
    double brokerCpu = 0;
    double stallMs = 0;
    double p99Ms = 0;
    qint64 residentKiB = 0;
    TimedApplication::Delivery slowest;
    double longestFlushMs = 0;
};

struct Context
{
    FleetProcess *fleet = nullptr;
    QList<qint64> brokerPids;
    double seconds = 10;
    [[nodiscard]] qint64 brokerCpuNs() const
    {
        qint64 ns = 0;
        for (const qint64 pid : brokerPids)
            ns += processCpuNs(pid);
        return ns;
    }
};

qint64 guiCpuNs()
{
    static const clockid_t clock = [] {
        clockid_t c{};
        pthread_getcpuclockid(pthread_self(), &c);
        return c;
    }();
    return cpuNs(clock);
}

// One rate through one consumer. `received` counts what the consumer took in; `settled` says
// it is in step again after the traffic stopped.
template<typename Received, typename Settled>
Step runStep(Context &ctx, const QString &phase, double rate, Received received, Settled settled,
             FleetConsole *console = nullptr)
{
    auto *app = static_cast<TimedApplication *>(QCoreApplication::instance());
    Step step;
    step.phase = phase;
    step.rate = rate;
    const FleetProcess::Counts start = ctx.fleet->counts();
    const qint64 receivedAtStart = received();
    ctx.fleet->setRate(rate);
    runFor(1500); // warm-up: the first short calls end and the rate steadies

    const FleetProcess::Counts c0 = ctx.fleet->counts();
    const qint64 r0 = received();
    const qint64 gui0 = guiCpuNs();
    const qint64 own0 = ownCpuNs();
    const qint64 wait0 = runqueueWaitNs();
    const qint64 broker0 = ctx.brokerCpuNs();
    if (console)
        console->longestFlushUs = 0;
    app->takeSlowest();
    StallMeter meter;
    meter.restart();
    QElapsedTimer clock;
    clock.start();
    runFor(qint64(ctx.seconds * 1000));
    const double elapsed = double(clock.nsecsElapsed());
    step.stallMs = meter.longestMs();
    step.p99Ms = meter.percentileMs(0.99);
    step.slowest = app->takeSlowest();
    const qint64 r1 = received();
    const qint64 gui1 = guiCpuNs();
    const qint64 own1 = ownCpuNs();
    step.guiWait = double(runqueueWaitNs() - wait0) / elapsed;
    const qint64 broker1 = ctx.brokerCpuNs();
    const FleetProcess::Counts c1 = ctx.fleet->counts();
    step.offered = double(c1.published() - c0.published()) * 1e9 / elapsed;
    step.received = double(r1 - r0) * 1e9 / elapsed;
    step.fleetDropped = c1.dropped - start.dropped;
    step.behind = (c1.published() - start.published()) - (r1 - receivedAtStart);
    step.guiCpu = double(gui1 - gui0) / elapsed;
    step.guiUsPerMessage = double(gui1 - gui0) / 1e3 / double(std::max<qint64>(1, r1 - r0));
    step.otherCpu = double((own1 - own0) - (gui1 - gui0)) / elapsed;
    step.fleetCpu = double(c1.cpuNs - c0.cpuNs) / elapsed;
    step.brokerCpu = double(broker1 - broker0) / elapsed;
    step.residentKiB = residentKiB();
    if (console)
        step.longestFlushMs = double(console->longestFlushUs.load()) / 1000.0;

    // Quiet again: everything published received (or given up on after a minute).
    ctx.fleet->setRate(0);
    qint64 seen = -1;
    QElapsedTimer still;
    still.start();
    runUntil(
        [&] {
            if (const qint64 now = received(); now != seen) {
                seen = now;
                still.restart();
            }
            return still.elapsed() >= 500 && settled();
        },
        60000);
    const FleetProcess::Counts end = ctx.fleet->counts();
    step.lost = (end.published() - start.published()) - (received() - receivedAtStart);
    std::fprintf(stderr, "bench_fleet: %s, %g events/s: %.0f/s offered, %.0f/s received\n",
                 qPrintable(phase), rate, step.offered, step.received);
    return step;
}

struct SwitchesRun
{
    int switches = 0;
    double perCall = 0;
    qint64 fleetChannels = 0;
    qint64 channelsShown = 0;
    double syncSeconds = 0;
    qint64 residentAfterSyncKiB = 0;
    std::vector<Step> steps;
};

bool runSwitches(SwitchesRun &run, const QString &url, int channels, const QList<double> &rates,
                 const QStringList &phases, bool journal, Context &ctx)
{
    FleetProcess fleet(url, run.switches, channels / run.switches);
    if (!fleet.isRunning()) {
        std::fprintf(stderr, "bench_fleet: the fleet did not start\n");
        return false;
    }
    ctx.fleet = &fleet;
    run.perCall = fleet.eventsPerCall();
    run.fleetChannels = fleet.counts().channels;
    QString error;
    const Amqp::ConnectionOptions options = Amqp::ConnectionOptions::fromUrl(url, &error);
    const auto always = [] { return true; };

    if (phases.contains(u"broker")) {
        CountingConsumer consumer(options);
        runUntil([&] { return consumer.isReady(); }, 30000);
        for (const double rate : rates)
            run.steps.push_back(runStep(ctx, QStringLiteral("broker"), rate,
                                        [&] { return consumer.received(); }, always));
    }
    if (phases.contains(u"link")) {
        Monitor::BrokerConnection link(brokerOptions(options));
        link.start();
        runUntil([&] { return link.isReady(); }, 30000);
        for (const double rate : rates)
            run.steps.push_back(runStep(ctx, QStringLiteral("link"), rate,
                                        [&] { return link.messagesReceived(); }, always));
    }
    if (phases.contains(u"console")) {
        QStringList hostnames;
        for (int i = 0; i < run.switches; ++i)
            hostnames.append(Sim::AmqpFleet::hostnameOf(i, run.switches));
        QElapsedTimer clock;
        clock.start();
        FleetConsole console(options, hostnames, journal);
        // In step, and the calls view's stores hold every live channel (checked every 50 ms:
        // counting 30,000 channels is not free).
        runUntil(
            [&, last = qint64(0)]() mutable {
                if (clock.elapsed() - last < 50)
                    return false;
                last = clock.elapsed();
                return console.inStep(run.switches) &&
                       console.liveChannels() >= run.fleetChannels;
            },
            180000);
        run.syncSeconds = double(clock.elapsed()) / 1000.0;
        run.channelsShown = console.liveChannels();
        run.residentAfterSyncKiB = residentKiB();
        for (const double rate : rates) {
            run.steps.push_back(runStep(
                ctx, QStringLiteral("console"), rate, [&] { return console.handled(); },
                [&] { return console.inStep(run.switches); }, &console));
        }
    }
    ctx.fleet = nullptr;
    return true;
}

QString loadAverage()
{
    QFile file(QStringLiteral("/proc/loadavg"));
    return file.open(QIODevice::ReadOnly)
               ? QString::fromLatin1(file.readAll().split(' ').mid(0, 3).join(' '))
               : QString();
}

QString cpuModel()
{
    QFile file(QStringLiteral("/proc/cpuinfo"));
    if (file.open(QIODevice::ReadOnly)) {
        for (const QByteArray &line : file.readAll().split('\n')) {
            if (line.startsWith("model name"))
                return QString::fromLatin1(line.mid(line.indexOf(':') + 1).trimmed());
        }
    }
    return QStringLiteral("unknown CPU");
}

void print(const std::vector<SwitchesRun> &runs, const QString &startLoad, bool journal)
{
    std::printf("Machine: %s, %d cores, %s; %s; load average %s at the start, %s at the end; "
                "journal %s\n\n",
                qPrintable(cpuModel()), QThread::idealThreadCount(),
                qPrintable(QSysInfo::prettyProductName()),
                qPrintable(QDateTime::currentDateTime().toString(Qt::ISODate)),
                qPrintable(startLoad), qPrintable(loadAverage()), journal ? "on" : "off");
    for (const SwitchesRun &r : runs) {
        std::printf("%d switches: %.1f messages per call, %s live channels in the fleet, %s in "
                    "the console after a sync of %.1f s, resident then %s\n",
                    r.switches, r.perCall, qPrintable(num(double(r.fleetChannels))),
                    qPrintable(num(double(r.channelsShown))), r.syncSeconds,
                    qPrintable(mib(r.residentAfterSyncKiB)));
    }
    std::printf("\n| switches | consumer | target msg/s | published/s | received/s | ratio "
                "| behind at the end | lost | fleet dropped | GUI CPU | GUI µs/msg "
                "| GUI waiting for a CPU | other threads CPU | per core | fleet CPU | broker CPU | longest stall "
                "| p99 lateness | resident |\n"
                "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (const SwitchesRun &r : runs) {
        for (const Step &s : r.steps) {
            const double ratio = s.offered > 0 ? s.received / s.offered : 0;
            const bool window = s.phase == u"console";
            std::printf(
                "| %d | %s | %s | %s | %s | %.2f | %s | %s | %s | %s %% | %s | %s %% | %s %% | %s "
                "| %s %% | %s %% | %s | %s | %s |\n",
                r.switches, qPrintable(s.phase), qPrintable(num(s.rate)),
                qPrintable(num(s.offered)), qPrintable(num(s.received)), ratio,
                qPrintable(num(double(s.behind))), qPrintable(num(double(s.lost))),
                qPrintable(num(double(s.fleetDropped))), qPrintable(num(s.guiCpu * 100)),
                window ? qPrintable(num(s.guiUsPerMessage, 1)) : "–",
                qPrintable(num(s.guiWait * 100)),
                qPrintable(num(s.otherCpu * 100)),
                s.phase == u"link" && s.otherCpu > 0 ? qPrintable(num(s.received / s.otherCpu))
                                                     : "–",
                qPrintable(num(s.fleetCpu * 100)), qPrintable(num(s.brokerCpu * 100)),
                qPrintable(num(s.stallMs, 1) + QStringLiteral(" ms")),
                qPrintable(num(s.p99Ms, 1) + QStringLiteral(" ms")),
                window ? qPrintable(mib(s.residentKiB)) : "–");
        }
    }
    std::printf("\n| switches | target msg/s | slowest delivery in the GUI thread | journal's "
                "longest flush |\n|---|---|---|---|\n");
    for (const SwitchesRun &r : runs) {
        for (const Step &s : r.steps) {
            if (s.phase == u"console")
                std::printf("| %d | %s | %s ms: %s | %s ms |\n", r.switches,
                            qPrintable(num(s.rate)),
                            qPrintable(num(double(s.slowest.ns) / 1e6, 1)),
                            qPrintable(s.slowest.what), qPrintable(num(s.longestFlushMs, 1)));
        }
    }
}

} // namespace

int main(int argc, char **argv)
{
    if (argc == 5 && qstrcmp(argv[1], "--fleet-child") == 0) {
        QCoreApplication app(argc, argv);
        return FleetChild::run(QString::fromLocal8Bit(argv[2]), atoi(argv[3]), atoi(argv[4]));
    }
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    TimedApplication app(argc, argv);
    // Not the program's settings: the window restores no layout saved by a real session.
    QApplication::setOrganizationName(QStringLiteral("Switchboard-bench"));
    QApplication::setApplicationName(QStringLiteral("bench_fleet"));

    QCommandLineParser parser;
    parser.addHelpOption();
    const auto option = [&](const char *name, const char *help, const char *value,
                            const char *fallback) {
        parser.addOption({QString::fromLatin1(name), QString::fromLatin1(help),
                          QString::fromLatin1(value), QString::fromLatin1(fallback)});
    };
    option("switches", "Switch counts, in turn.", "LIST", "10,100");
    option("rates", "Target messages/s (events and log lines) of the whole fleet, in turn.", "LIST",
           "2000,5000,10000,20000,30000");
    option("seconds", "Seconds measured per step (after 1.5 s of warm-up).", "N", "10");
    option("channels", "Live channels of the whole fleet (initial calls).", "N", "30000");
    option("phases", "Consumers, in turn: broker, link, console.", "LIST", "broker,link,console");
    parser.addOption({QStringLiteral("no-journal"),
                      QStringLiteral("Do not journal to disk (the program always does).")});
    parser.process(app);

    QList<int> switchCounts;
    for (const QString &n : parser.value(QStringLiteral("switches")).split(u','))
        switchCounts.append(std::clamp(n.toInt(), 1, 1000));
    QList<double> rates;
    for (const QString &r : parser.value(QStringLiteral("rates")).split(u','))
        rates.append(r.toDouble());
    const QStringList phases = parser.value(QStringLiteral("phases")).split(u',');
    const bool journal = !parser.isSet(QStringLiteral("no-journal"));
    const int channels = parser.value(QStringLiteral("channels")).toInt();

    const QString startLoad = loadAverage();
    TestSupport::RabbitBroker *broker = TestSupport::RabbitBroker::shared();
    if (!broker) {
        std::fprintf(stderr, "bench_fleet: no broker: %s\n",
                     qPrintable(TestSupport::RabbitBroker::unavailableReason()));
        return 1;
    }
    Context ctx;
    ctx.seconds = parser.value(QStringLiteral("seconds")).toDouble();
    ctx.brokerPids = processesWith(broker->dataDirectory());

    std::vector<SwitchesRun> runs;
    for (const int switches : switchCounts) {
        SwitchesRun run;
        run.switches = switches;
        if (!runSwitches(run, broker->url(), channels, rates, phases, journal, ctx))
            return 1;
        runs.push_back(std::move(run));
    }
    print(runs, startLoad, journal);
    return 0;
}
