// bench_window: the whole program, end to end and at scale, offscreen.
//
// A simulated switch sends events over a loopback socket to a Monitor::Hub whose stores feed a
// real Ui::MainWindow, wired as `switchboard` wires them: the InboundClient, the event and
// channel stores, the journal, the calls view, the event log, the console log, the charts and
// the status bar all run. The switch lives on a thread of its own (its objects are created,
// driven and deleted there), so the GUI thread's stalls are the client's work alone; its memory
// is the process's all the same (with a slow client, its listener queues up to 100,000 events).
//
// The traffic is realistic only: the sim's TrafficGenerator places bridged calls (created,
// ringing, answered, bridged, a share held, transferred or parked, hung up) at the rate of calls
// that gives the target events/s, the events per call being measured first. Calls are short
// (0.6 s on average) so that the rate steadies within the warm-up second; ended calls stay in
// the calls view for the program's default 10 s. The sim's thread fires about 50,000 events/s
// of this mix on a core of its own, so no cheaper filler events are needed; on a busy machine
// the "offered" column says what it managed.
//
//  - End to end (default): per target rate, events/s offered (fired by the sim) and handled
//    (stored by the hub), events the sim lost because the client did not read them in time, how
//    far behind the newest stored event is at the end, the CPU each thread used, the longest
//    stall of the GUI thread and the 99th percentile of its timer's lateness, resident memory;
//    then the slowest single event delivery of each step (the stall's likely cause) and the
//    journal's longest flush. Between rates the traffic stops until the client has caught up,
//    so each row stands on its own.
//  - Scale (--scale): 10,000 live channels and a million stored events: memory, bytes per
//    event, filtering them all through the event log, the initial sync of the calls view, and
//    the longest stall while 5,000 events/s arrive, each against the target.
//  - Soak (--soak, through bench/soak): one rate for a long time, a row per interval with the
//    longest stall, memory, events stored and channels shown, then the memory growth.
//
// On a shared machine the wall-clock figures (stalls, handled events/s) include time the
// scheduler gave to other work; the GUI thread's CPU per event is the steady figure, and the
// time it spent waiting for a CPU says how much the machine got in the way.
//
//     bench_window [--rates 1000,5000,10000,20000,50000] [--seconds 5] [--no-journal]
//     bench_window --scale [--channels 10000] [--events 1000000] [--capture load.esl]
//     bench_window --soak [--rates 2000] [--seconds 3600] [--interval 60]   (bench/soak runs it)

#include "windowharness.h"

#include "monitor/eslswitchlink.h"
#include "ui/logs/logpanels.h"

#include <QCommandLineParser>

#include <cstdio>

namespace {

using namespace Bench;

// Traffic at one rate for a while: what was offered and handled, and how the GUI thread kept up.
struct Step
{
    double rate = 0;
    double offered = 0; // events/s
    double handled = 0;
    qint64 lost = 0;    // from the start of the warm-up
    double delayMs = 0; // of the newest stored event, at the end
    double guiCpu = 0;  // share of one core
    double guiUsPerEvent = 0;
    double guiWait = 0; // share of the time it was runnable but had no CPU
    double simCpu = 0;
    double stallMs = 0;
    double p99Ms = 0;
    qint64 residentKiB = 0;
    qint64 simQueued = 0; // events and log lines waiting in the sim's listener at the end
    TimedApplication::Delivery slowest;
    double longestFlushMs = 0;
    int reconnects = 0;
};

Step runStep(SimThread &sim, WindowConsole &console, double rate, double perCall, double seconds,
             bool drain = true, int warmUpMs = 1000, bool stop = true)
{
    auto *app = static_cast<TimedApplication *>(QCoreApplication::instance());
    static const clockid_t guiClock = [] {
        clockid_t c{};
        pthread_getcpuclockid(pthread_self(), &c);
        return c;
    }();
    Step step;
    step.rate = rate;
    const qint64 lost0 = sim.lost();
    const int channels0 = sim.channels();
    const int connects0 = console.connects;
    sim.setRate(rate, perCall);
    runFor(warmUpMs); // warm-up: the rate of events steadies as the first calls end

    const qint64 offered0 = sim.offered();
    const qint64 handled0 = console.stored();
    const qint64 gui0 = cpuNs(guiClock);
    const qint64 wait0 = runqueueWaitNs();
    const qint64 sim0 = sim.cpuNs();
    console.longestFlushUs = 0;
    app->takeSlowest();
    StallMeter meter;
    meter.restart();
    QElapsedTimer clock;
    clock.start();
    runFor(qint64(seconds * 1000));
    const qint64 elapsed = clock.nsecsElapsed();
    step.offered = double(sim.offered() - offered0) * 1e9 / double(elapsed);
    step.handled = double(console.stored() - handled0) * 1e9 / double(elapsed);
    step.guiCpu = double(cpuNs(guiClock) - gui0) / double(elapsed);
    step.simCpu = double(sim.cpuNs() - sim0) / double(elapsed);
    step.guiWait = double(runqueueWaitNs() - wait0) / double(elapsed);
    step.guiUsPerEvent = double(cpuNs(guiClock) - gui0) / 1e3 /
                         double(std::max<qint64>(1, console.stored() - handled0));
    step.stallMs = meter.longestMs();
    step.p99Ms = meter.percentileMs(0.99);
    step.slowest = app->takeSlowest();
    step.longestFlushMs = double(console.longestFlushUs.load()) / 1000.0;
    step.delayMs = console.delayMs();
    step.lost = sim.lost() - lost0;
    step.simQueued = sim.queued();
    step.reconnects = console.connects - connects0;
    step.residentKiB = residentKiB();

    // Quiet again: the calls over, everything sent stored, the monitor in step.
    if (!stop)
        return step;
    sim.setRate(0, perCall);
    if (!drain)
        return step;
    qint64 seen = -1;
    QElapsedTimer still; // since the counts last moved
    still.start();
    runUntil(
        [&] {
            if (const qint64 now = console.stored() + sim.offered(); now != seen) {
                seen = now;
                still.restart();
            }
            return still.elapsed() >= 300 && console.inStep() && sim.channels() <= channels0;
        },
        60000);
    return step;
}

int runRates(const QList<double> &rates, double seconds, bool journal)
{
    SimThread sim;
    const double perCall = sim.calibrate();
    WindowConsole console(sim.port(), journal);
    console.monitor->start();
    if (!runUntil([&] { return console.inStep(); }, 30000))
        return 1;
    std::vector<Step> steps;
    for (const double rate : rates) {
        steps.push_back(runStep(sim, console, rate, perCall, seconds));
        std::fprintf(stderr, "bench_window: %g events/s done\n", rate);
    }

    std::printf("End to end: %.1f events per call (measured over %d calls), %g s per rate after "
                "1 s of warm-up, journal %s\n\n",
                perCall, kCalibrationCalls, seconds, journal ? "on" : "off");
    std::printf("| target events/s | offered | handled | lost by the sim | delay at the end "
                "| GUI thread CPU | … per event | … waiting for a CPU | sim thread CPU "
                "| longest stall | p99 lateness | resident |\n"
                "|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (const Step &s : steps) {
        std::printf("| %s | %s | %s | %s | %s ms | %s %% | %s µs | %s %% | %s %% | %s ms | %s ms "
                    "| %s |\n",
                    qPrintable(num(s.rate)), qPrintable(num(s.offered)), qPrintable(num(s.handled)),
                    qPrintable(num(double(s.lost))), qPrintable(num(s.delayMs)),
                    qPrintable(num(s.guiCpu * 100)), qPrintable(num(s.guiUsPerEvent, 1)),
                    qPrintable(num(s.guiWait * 100)), qPrintable(num(s.simCpu * 100)),
                    qPrintable(num(s.stallMs, 1)), qPrintable(num(s.p99Ms, 1)),
                    qPrintable(mib(s.residentKiB)));
    }
    std::printf("\n| target events/s | slowest event delivery in the GUI thread | journal's "
                "longest flush | queued in the sim at the end | reconnects |\n"
                "|---|---|---|---|---|\n");
    for (const Step &s : steps) {
        std::printf("| %s | %s ms: %s | %s ms | %s | %d |\n", qPrintable(num(s.rate)),
                    qPrintable(num(double(s.slowest.ns) / 1e6, 1)), qPrintable(s.slowest.what),
                    qPrintable(num(s.longestFlushMs, 1)), qPrintable(num(double(s.simQueued))),
                    s.reconnects);
    }
    return 0;
}

// Soak: one rate for a long time, a row per interval. Memory should level off once the event
// store is full (its limits drop the oldest chunks) and the calls view holds a steady number of
// calls; stalls should stay as short as in the end-to-end run.
int runSoak(double rate, double seconds, double interval, bool journal)
{
    SimThread sim;
    const double perCall = sim.calibrate();
    WindowConsole console(sim.port(), journal);
    console.monitor->start();
    if (!runUntil([&] { return console.inStep(); }, 30000))
        return 1;
    std::printf(
        "Soak: %s events/s for %s s (%.1f events per call), a row every %s s, journal %s\n\n",
        qPrintable(num(rate)), qPrintable(num(seconds)), perCall, qPrintable(num(interval)),
        journal ? "on" : "off");
    std::printf("| at | handled/s | longest stall | p99 lateness | GUI CPU | resident | events "
                "stored | channels shown | lost by the sim | reconnects | slowest delivery |\n"
                "|---|---|---|---|---|---|---|---|---|---|---|\n");
    std::fflush(stdout);
    QElapsedTimer clock;
    clock.start();
    qint64 firstKiB = -1;
    qint64 lastKiB = 0;
    qint64 firstStored = 0;
    qint64 lastStored = 0;
    double longest = 0;
    qint64 lost = 0;
    int reconnects = 0;
    int rows = 0;
    while (double(clock.elapsed()) / 1000.0 + interval <= seconds + 0.5 || rows == 0) {
        const bool last = double(clock.elapsed()) / 1000.0 + 2 * interval > seconds + 0.5;
        const Step s =
            runStep(sim, console, rate, perCall, interval, false, rows == 0 ? 1000 : 0, last);
        ++rows;
        if (firstKiB < 0) {
            firstKiB = s.residentKiB;
            firstStored = console.hub.store()->size();
        }
        lastKiB = s.residentKiB;
        lastStored = console.hub.store()->size();
        longest = std::max(longest, s.stallMs);
        lost += s.lost;
        reconnects += s.reconnects;
        std::printf("| %s s | %s | %s ms | %s ms | %s %% | %s | %s | %s | %s | %d | %s ms: %s |\n",
                    qPrintable(num(double(clock.elapsed()) / 1000.0)), qPrintable(num(s.handled)),
                    qPrintable(num(s.stallMs, 1)), qPrintable(num(s.p99Ms, 1)),
                    qPrintable(num(s.guiCpu * 100)), qPrintable(mib(s.residentKiB)),
                    qPrintable(num(double(console.hub.store()->size()))),
                    qPrintable(num(console.channelsShown())), qPrintable(num(double(s.lost))),
                    s.reconnects, qPrintable(num(double(s.slowest.ns) / 1e6, 1)),
                    qPrintable(s.slowest.what));
        std::fflush(stdout);
        if (last)
            break;
    }
    // The event store grows until its limits (a million records by default), then drops its
    // oldest chunks: growth per record it gained says whether anything else grew.
    const qint64 gained = lastStored - firstStored;
    std::printf(
        "\nSoak summary: resident %s after the first interval, %s at the end (%s%s; the "
        "event store gained %s records, %s bytes of growth per record gained); longest "
        "stall %s ms; %s events lost by the sim; %d reconnects\n",
        qPrintable(mib(firstKiB)), qPrintable(mib(lastKiB)), lastKiB >= firstKiB ? "+" : "-",
        qPrintable(mib(std::abs(lastKiB - firstKiB))), qPrintable(num(double(gained))),
        gained > 0 ? qPrintable(num(double(lastKiB - firstKiB) * 1024.0 / double(gained))) : "n/a",
        qPrintable(num(longest, 1)), qPrintable(num(double(lost))), reconnects);
    return 0;
}

void verdict(const QString &what, const QString &figure, const char *target, bool met)
{
    std::printf("| %s | %s | %s | %s |\n", qPrintable(what), qPrintable(figure), target,
                met ? "PASS" : "MISS");
}

int runScale(int channels, qint64 events, const QString &capture, double seconds, bool journal)
{
    const QList<Esl::Event> sample = loadEvents(capture, "bench_window");
    if (sample.isEmpty())
        return 1;
    const qint64 rssStart = residentKiB();
    SimThread sim;
    const double perCall = sim.calibrate();
    sim.placeLongCalls(channels / 2);
    const qint64 simKiB = residentKiB() - rssStart;
    WindowConsole console(sim.port(), journal);

    // A million events, as if received: the load capture replayed into the hub's store.
    Monitor::EventStore *store = console.hub.store();
    const qint64 rssBeforeStore = residentKiB();
    const qint64 receivedMs = QDateTime::currentMSecsSinceEpoch();
    for (qint64 n = 0; n < events;) {
        for (qsizetype i = 0; i < sample.size() && n < events; ++i, ++n)
            store->append(console.monitor->id(), sample[i], receivedMs);
    }
    const qint64 storeKiB = residentKiB() - rssBeforeStore;
    const double bytesPerEvent = double(store->memoryBytes()) / double(store->size());
    console.window->eventLogPanel()->model()->flush();
    QCoreApplication::processEvents();

    // Initial sync: connect, `show channels as json` (the sim builds it on its thread), parse
    // and reconcile, then the calls view's next batch, until the view shows every channel and
    // has painted them. Timed from start() to each step.
    QElapsedTimer clock;
    double replyMs = 0;
    double reconciledMs = 0;
    qsizetype replyBytes = 0;
    // The raw Event Socket client: the reply is timed as it comes off the wire.
    QObject::connect(Monitor::EslSwitchLink::clientOf(console.monitor->link())->session(),
                     &Esl::Session::messageReceived, &console.hub, [&](const Esl::Message &m) {
                         // The window sends commands of its own (`show ... as json`).
                         if (replyMs == 0 && m.contentType() == "api/response" &&
                             m.body().startsWith("{\"row_count\"") &&
                             m.body().contains("\"uuid\":")) {
                             replyMs = double(clock.nsecsElapsed()) / 1e6;
                             replyBytes = m.body().size();
                         }
                     });
    QObject::connect(console.monitor, &Monitor::ServerMonitor::reconciled, &console.hub, [&] {
        if (reconciledMs == 0)
            reconciledMs = double(clock.nsecsElapsed()) / 1e6;
    });
    clock.start();
    console.monitor->start();
    runUntil([&] { return console.monitor->link()->isLive(); }, 30000);
    const double liveMs = double(clock.nsecsElapsed()) / 1e6;
    runUntil([&] { return console.channelsShown() >= channels; }, 30000);
    console.window->callsPanel()->view()->viewport()->repaint();
    const double shownMs = double(clock.nsecsElapsed()) / 1e6;
    const int shown = console.channelsShown();

    // Filtering: typed into the event log's filter box, so the model rebuilds its rows over the
    // whole store and resets, then the view repainted at once. (Not the event loop's aftermath:
    // that would include the calls view's timers, due every 100 ms and every second.)
    struct Filtered
    {
        const char *expression;
        double typedMs; // setText(): compiling, the model's pass over the store, its reset
        double ms;      // ... and the view repainted
        int rows;
    };
    std::vector<Filtered> filtered;
    QLineEdit *edit = console.window->eventLogPanel()->filterEdit();
    const qint64 filteredOver = store->size();
    for (const char *expression :
         {"Event-Name == CHANNEL_ANSWER", "Caller-Caller-ID-Number ~ \"^20[0-4]\"",
          "variable_sip_user_agent contains yealink", "loopback/9196"}) {
        clock.restart();
        edit->setText(QString::fromUtf8(expression));
        const double typedMs = double(clock.nsecsElapsed()) / 1e6;
        console.window->eventLogPanel()->view()->viewport()->repaint();
        filtered.push_back({expression, typedMs, double(clock.nsecsElapsed()) / 1e6,
                            console.window->eventLogPanel()->model()->rowCount()});
    }
    edit->clear();

    // Live traffic on top of the channels.
    const Step live = runStep(sim, console, 5000, perCall, seconds, false);
    const qint64 rss = residentKiB();

    std::printf("Scale: %s channels up in the sim, %s events replayed from %s into the store, "
                "%.1f events per call, journal %s\n\n",
                qPrintable(num(channels)), qPrintable(num(double(events))),
                qPrintable(capture.section(u'/', -1)), perCall, journal ? "on" : "off");
    std::printf("| what | figure | target | |\n|---|---|---|---|\n");
    verdict(QStringLiteral("resident memory at the end"),
            QStringLiteral("%1 (the sim's own share about %2)").arg(mib(rss), mib(simKiB)), "1 GiB",
            rss <= 1024 * 1024);
    std::printf("| bytes per stored event | %s (the store's count), %s (resident) | | |\n",
                qPrintable(num(bytesPerEvent)),
                qPrintable(num(double(storeKiB) * 1024.0 / double(events))));
    for (const Filtered &f : filtered) {
        verdict(QStringLiteral("filter %1 events: `%2`")
                    .arg(num(double(filteredOver)), QString::fromUtf8(f.expression)),
                QStringLiteral("%1 ms (%2 ms in setText), %3 rows")
                    .arg(num(f.ms), num(f.typedMs), num(f.rows)),
                "1 s", f.ms <= 1000);
    }
    std::printf("| initial sync: connected and subscribed | %s ms | | |\n",
                qPrintable(num(liveMs)));
    std::printf("| … `show channels as json` answered (%s MB) | %s ms | | |\n",
                qPrintable(num(double(replyBytes) / 1e6, 1)), qPrintable(num(replyMs)));
    std::printf("| … parsed and reconciled | %s ms | | |\n", qPrintable(num(reconciledMs)));
    verdict(QStringLiteral("… calls view populated"),
            QStringLiteral("%1 ms (%2 channels shown)").arg(num(shownMs), num(shown)), "1 s",
            shownMs <= 1000 && shown >= channels);
    verdict(QStringLiteral("longest stall at 5,000 events/s"),
            QStringLiteral("%1 ms (p99 %2 ms; offered %3/s, handled %4/s; GUI thread %5 % "
                           "CPU, %8 % waiting for one; slowest delivery %6 ms: %7)")
                .arg(num(live.stallMs, 1), num(live.p99Ms, 1), num(live.offered), num(live.handled),
                     num(live.guiCpu * 100), num(double(live.slowest.ns) / 1e6, 1),
                     live.slowest.what, num(live.guiWait * 100)),
            "50 ms", live.stallMs <= 50);
    return 0;
}

} // namespace

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    TimedApplication app(argc, argv);
    // Not the program's settings: the window restores no layout saved by a real session.
    QApplication::setOrganizationName(QStringLiteral("Switchboard-bench"));
    QApplication::setApplicationName(QStringLiteral("bench_window"));

    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addOption({QStringLiteral("rates"), QStringLiteral("Target events/s, in turn."),
                      QStringLiteral("LIST"), QStringLiteral("1000,5000,10000,20000,50000")});
    parser.addOption({QStringLiteral("seconds"), QStringLiteral("Seconds measured per rate."),
                      QStringLiteral("N"), QStringLiteral("5")});
    parser.addOption({QStringLiteral("no-journal"),
                      QStringLiteral("Do not journal to disk (the program always does).")});
    parser.addOption(
        {QStringLiteral("scale"), QStringLiteral("Measure at scale instead of at rising rates.")});
    parser.addOption({QStringLiteral("channels"), QStringLiteral("Scale: live channels."),
                      QStringLiteral("N"), QStringLiteral("10000")});
    parser.addOption({QStringLiteral("events"), QStringLiteral("Scale: stored events."),
                      QStringLiteral("N"), QStringLiteral("1000000")});
    parser.addOption({QStringLiteral("capture"), QStringLiteral("Scale: events to replay."),
                      QStringLiteral("FILE"), QStringLiteral(SWITCHBOARD_LOAD_CAPTURE)});
    parser.addOption({QStringLiteral("soak"),
                      QStringLiteral("Soak: run at the first of --rates for --seconds, a row per "
                                     "--interval.")});
    parser.addOption({QStringLiteral("interval"), QStringLiteral("Soak: seconds per row."),
                      QStringLiteral("N"), QStringLiteral("60")});
    parser.process(app);

    const double seconds = parser.value(QStringLiteral("seconds")).toDouble();
    const bool journal = !parser.isSet(QStringLiteral("no-journal"));
    if (parser.isSet(QStringLiteral("scale"))) {
        return runScale(parser.value(QStringLiteral("channels")).toInt(),
                        parser.value(QStringLiteral("events")).toLongLong(),
                        parser.value(QStringLiteral("capture")), seconds, journal);
    }
    QList<double> rates;
    for (const QString &rate : parser.value(QStringLiteral("rates")).split(u','))
        rates.append(rate.toDouble());
    if (parser.isSet(QStringLiteral("soak"))) {
        return runSoak(rates.value(0), seconds,
                       std::max(1.0, parser.value(QStringLiteral("interval")).toDouble()), journal);
    }
    return runRates(rates, seconds, journal);
}
