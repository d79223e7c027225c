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

#include "esl/wire/event.h"
#include "esl/wire/parser.h"
#include "monitor/hub.h"
#include "sim/eventsocketserver.h"
#include "sim/simswitch.h"
#include "sim/traffic.h"
#include "ui/callspanel.h"
#include "ui/logpanels.h"
#include "ui/mainwindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QLocale>
#include <QMetaEnum>
#include <QTemporaryDir>
#include <QThread>
#include <QTimer>
#include <QtWidgets/qtestsupport_widgets.h>

#include <pthread.h>
#include <time.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <vector>

namespace {

constexpr int kLogLevel = 6;           // the profile's `log 6`, as in the program
constexpr int kCalibrationCalls = 500; // placed at once to measure the events per call

qint64 residentKiB()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').first().toLongLong();
    }
    return -1;
}

qint64 cpuNs(clockid_t clock)
{
    timespec t{};
    clock_gettime(clock, &t);
    return qint64(t.tv_sec) * 1'000'000'000 + t.tv_nsec;
}

// How long the calling thread has waited, runnable, for a CPU (ns): what a shared machine's other
// work took from it.
qint64 runqueueWaitNs()
{
    QFile stat(QStringLiteral("/proc/thread-self/schedstat"));
    if (!stat.open(QIODevice::ReadOnly))
        return 0;
    const QList<QByteArray> fields = stat.readAll().split(' ');
    return fields.size() > 1 ? fields[1].toLongLong() : 0;
}

QList<Esl::Event> loadEvents(const QString &path) // as bench_monitor reads the load capture
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        std::fprintf(stderr, "bench_window: cannot read %s\n", qPrintable(path));
        return {};
    }
    Esl::wire::Parser parser;
    parser.feed(file.readAll());
    QList<Esl::Event> events;
    while (parser.hasMessage()) {
        const Esl::Message m = parser.takeMessage();
        if (m.isEvent()) {
            if (auto e = Esl::Event::fromMessage(m))
                events.append(*e);
        }
    }
    return events;
}

QString num(double value, int decimals = 0)
{
    return QLocale(QLocale::English).toString(value, 'f', decimals);
}

QString mib(qint64 kib)
{
    return num(double(kib) / 1024.0) + QStringLiteral(" MiB");
}

// Runs the GUI thread's event loop until `done()` holds (checked every millisecond) or
// `timeoutMs` passed; says whether it holds.
template<typename Done> bool runUntil(Done done, qint64 timeoutMs)
{
    if (done())
        return true;
    QEventLoop loop;
    QElapsedTimer clock;
    clock.start();
    QTimer check;
    check.setTimerType(Qt::PreciseTimer);
    check.callOnTimeout(&loop, [&] {
        if (done() || clock.elapsed() >= timeoutMs)
            loop.quit();
    });
    check.start(1);
    loop.exec();
    return done();
}

void runFor(qint64 ms)
{
    QEventLoop loop;
    QTimer::singleShot(ms, Qt::PreciseTimer, &loop, &QEventLoop::quit);
    loop.exec();
}

// How promptly the GUI thread's event loop answers: a 5 ms precise timer whose ticks should come
// 5 ms apart. A tick's lateness is the gap since the previous tick minus 5 ms, so the largest
// is the longest time the window could not react to anything (a stall). Measuring with the
// event dispatcher's aboutToBlock/awake would give the longest busy stretch instead, and under
// load the loop never gets to block, so that stretch is the whole run and says nothing.
class StallMeter
{
public:
    static constexpr qint64 kTickNs = 5'000'000;

    StallMeter()
    {
        m_timer.setTimerType(Qt::PreciseTimer);
        m_timer.setInterval(int(kTickNs / 1'000'000));
        m_timer.callOnTimeout([this] {
            const qint64 now = m_clock.nsecsElapsed();
            m_lateness.push_back(std::max<qint64>(0, now - m_last - kTickNs));
            m_last = now;
        });
    }
    void restart()
    {
        m_lateness.clear();
        m_clock.start();
        m_last = 0;
        m_timer.start();
    }
    [[nodiscard]] double longestMs() const { return percentileMs(1.0); }
    [[nodiscard]] double percentileMs(double p) const
    {
        if (m_lateness.empty())
            return 0.0;
        std::vector<qint64> sorted = m_lateness;
        const auto at = sorted.begin() + qsizetype(p * double(sorted.size() - 1));
        std::nth_element(sorted.begin(), at, sorted.end());
        return double(*at) / 1e6;
    }

private:
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_last = 0;
    std::vector<qint64> m_lateness; // ns, one per tick
};

// The QApplication, timing each event it delivers in the GUI thread, so that a step can name
// its slowest delivery: a socket's readyRead, a timer (by interval: the models' batches are
// 100 ms, the journal's flush and the status and chart ticks 1 s), a repaint. Costs two clock
// reads per event. Only what was learnt before the delivery is described after it, since a
// receiver may be gone by then.
class TimedApplication : public QApplication
{
public:
    struct Delivery
    {
        qint64 ns = 0;
        QString what;
    };

    using QApplication::QApplication;

    bool notify(QObject *receiver, QEvent *event) override
    {
        if (m_depth > 0 || QThread::currentThread() != thread())
            return QApplication::notify(receiver, event);
        const QMetaObject *chain[4] = {receiver->metaObject(), nullptr, nullptr, nullptr};
        QObject *up = receiver->parent();
        for (int i = 1; i < 4 && up; ++i, up = up->parent())
            chain[i] = up->metaObject();
        const auto *timer = qobject_cast<QTimer *>(receiver);
        const int interval = timer ? timer->interval() : -1;
        const QEvent::Type type = event->type();
        QElapsedTimer clock;
        clock.start();
        ++m_depth;
        const bool result = QApplication::notify(receiver, event);
        --m_depth;
        if (const qint64 ns = clock.nsecsElapsed(); ns > m_slowest.ns) {
            m_slowest.ns = ns;
            m_slowest.what =
                QString::fromLatin1(QMetaEnum::fromType<QEvent::Type>().valueToKey(type));
            m_slowest.what += QStringLiteral(" to ");
            for (int i = 0; i < 4 && chain[i]; ++i)
                m_slowest.what += (i ? QStringLiteral(" < ") : QString()) +
                                  QString::fromLatin1(chain[i]->className());
            if (interval >= 0)
                m_slowest.what += QStringLiteral(" (%1 ms)").arg(interval);
        }
        return result;
    }

    Delivery takeSlowest() { return std::exchange(m_slowest, {}); }

private:
    int m_depth = 0;
    Delivery m_slowest;
};

// The simulated switch on a thread of its own. Its objects (QObjects with timers and sockets)
// are created, driven and deleted on that thread through run(); the counters are atomics the
// GUI thread reads.
class SimThread
{
public:
    SimThread()
    {
        m_anchor.moveToThread(&m_thread);
        m_thread.start();
        run([this] {
            pthread_getcpuclockid(pthread_self(), &m_cpuClock);
            Sim::SwitchConfig config;
            config.ringMs = 50;
            config.answerDelayMs = 10;
            config.maxSessions = 1'000'000;
            m_switch = new Sim::Switch(config);
            QObject::connect(m_switch, &Sim::Switch::eventFired, m_switch,
                             [this] { m_offered.fetch_add(1, std::memory_order_relaxed); });
            QObject::connect(m_switch, &Sim::Switch::logged, m_switch,
                             [this](const Sim::LogEntry &entry) {
                                 if (entry.level <= kLogLevel)
                                     m_offered.fetch_add(1, std::memory_order_relaxed);
                             });
            m_server = new Sim::EventSocketServer(m_switch);
            // A listener killed for a slow reader takes its statistics with it.
            QObject::connect(m_server, &Sim::EventSocketServer::listenerFinished, m_server,
                             [this](Sim::Listener *l) { m_lostByGone += l->stats().eventsLost; });
            m_server->listen(QHostAddress::LocalHost, 0);
            m_port = m_server->serverPort();
            m_traffic = new Sim::TrafficGenerator(m_switch, trafficProfile(0));
        });
    }
    ~SimThread()
    {
        run([this] {
            delete m_traffic;
            delete m_server;
            delete m_switch;
        });
        m_thread.quit();
        m_thread.wait();
    }

    // Runs `f` on the sim's thread and waits for it.
    template<typename F> void run(F f)
    {
        QMetaObject::invokeMethod(&m_anchor, std::move(f), Qt::BlockingQueuedConnection);
    }

    [[nodiscard]] quint16 port() const { return m_port; }
    [[nodiscard]] qint64 cpuNs() const { return ::cpuNs(m_cpuClock); }
    // Events and log lines (up to the monitor's level) the sim fired.
    [[nodiscard]] qint64 offered() const { return m_offered.load(std::memory_order_relaxed); }
    // Events the sim's listeners dropped because their client did not read them in time.
    qint64 lost()
    {
        qint64 lost = 0;
        run([&] {
            lost = m_lostByGone;
            for (const Sim::Listener *l : m_server->listeners())
                lost += l->stats().eventsLost;
        });
        return lost;
    }
    qint64 queued()
    {
        qint64 n = 0;
        run([&] {
            for (const Sim::Listener *l : m_server->listeners())
                n += l->queuedFrames();
        });
        return n;
    }
    int channels()
    {
        int n = 0;
        run([&] { n = m_switch->channelCount(); });
        return n;
    }

    // Events per call of the traffic's mix: kCalibrationCalls calls placed at once (before any
    // client connects), counted until the last one is gone.
    double calibrate()
    {
        const qint64 before = offered();
        run([this] {
            Sim::TrafficGenerator generator(m_switch, trafficProfile(0));
            for (int i = 0; i < kCalibrationCalls; ++i)
                generator.placeCall();
        });
        QElapsedTimer clock;
        clock.start();
        while (channels() > 0 && clock.elapsed() < 15000)
            QThread::msleep(20);
        return double(offered() - before) / kCalibrationCalls;
    }

    // Bridged calls that stay up; returns once they are answered and their events fired.
    void placeLongCalls(int calls)
    {
        run([this, calls] {
            for (int i = 0; i < calls; ++i) {
                const Sim::TrafficGenerator::PlannedCall plan = m_traffic->planCall();
                Sim::Switch::CallSpec spec;
                spec.callerName = plan.callerName;
                spec.callerNumber = plan.callerNumber;
                spec.destination = plan.destination;
                m_switch->placeCall(spec); // durationMs -1: never hangs up
            }
        });
        qint64 seen = -1;
        while (seen != offered()) { // quiet for 300 ms: every ring and answer has happened
            seen = offered();
            QThread::msleep(300);
        }
    }

    // Calls at the rate that fires `eventsPerSecond`, given the events per call; 0 stops.
    void setRate(double eventsPerSecond, double eventsPerCall)
    {
        run([this, rate = eventsPerSecond / eventsPerCall] {
            m_traffic->setProfile(trafficProfile(rate));
            if (rate > 0 && !m_traffic->isRunning())
                m_traffic->start();
            else if (rate <= 0)
                m_traffic->stop();
        });
    }

private:
    static Sim::TrafficProfile trafficProfile(double callsPerSecond)
    {
        Sim::TrafficProfile profile; // the default mix of held, transferred and parked calls
        profile.callsPerSecond = callsPerSecond;
        profile.meanDurationMs = 600;
        profile.minDurationMs = 200;
        profile.maxConcurrentCalls = 1'000'000;
        return profile;
    }

    QThread m_thread;
    QObject m_anchor;
    clockid_t m_cpuClock{};
    Sim::Switch *m_switch = nullptr;
    Sim::EventSocketServer *m_server = nullptr;
    Sim::TrafficGenerator *m_traffic = nullptr;
    quint16 m_port = 0;
    std::atomic<qint64> m_offered{0};
    qint64 m_lostByGone = 0; // the sim's thread only
};

// The program's side: a hub watching the sim as `switchboard` does (journal included unless
// turned off), and its window, shown offscreen.
struct Console
{
    Console(quint16 port, bool journal)
    {
        if (journal && dir.isValid()) {
            const auto opened = hub.startJournal(dir.filePath(QStringLiteral("journal.sqlite")));
            if (!opened)
                std::fprintf(stderr, "bench_window: no journal: %s\n",
                             qPrintable(opened.error().message));
        }
        // Read on the journal's own thread, where its figures live.
        QObject::connect(
            hub.journal(), &Monitor::Journal::flushed, hub.journal(),
            [this] {
                const qint64 us = hub.journal()->stats().lastFlushUs;
                qint64 was = longestFlushUs.load();
                while (us > was && !longestFlushUs.compare_exchange_weak(was, us)) {
                }
            },
            Qt::DirectConnection);
        Monitor::ServerProfile profile; // the program's defaults
        profile.name = QStringLiteral("bench-pbx");
        profile.connection.port = port;
        profile.logLevel = kLogLevel;
        monitor = hub.addServer(profile);
        QObject::connect(monitor, &Monitor::ServerMonitor::connectionStateChanged, &hub,
                         [this](Esl::InboundClient::State s) {
                             connects += s == Esl::InboundClient::State::Live;
                         });
        window = std::make_unique<Ui::MainWindow>(&hub);
        window->show();
        if (!QTest::qWaitForWindowExposed(window.get()))
            std::fprintf(stderr, "bench_window: the window was not exposed\n");
    }
    [[nodiscard]] bool inStep() const
    {
        return monitor->client()->isLive() && !monitor->isOutOfStep();
    }
    // Records stored so far (events and log lines, dropped ones included).
    [[nodiscard]] qint64 stored() { return qint64(hub.store()->endSequence()); }
    // How long ago the newest stored event was fired (ms).
    [[nodiscard]] double delayMs()
    {
        static const Monitor::NameId stamp =
            Monitor::HeaderNames::instance().intern("Event-Date-Timestamp");
        const Monitor::EventStore *store = hub.store();
        for (Monitor::Sequence s = store->endSequence(); s > store->firstSequence();) {
            if (const auto r = store->record(--s); r && r->kind() == Monitor::RecordKind::Event)
                return double(QDateTime::currentMSecsSinceEpoch() * 1000 -
                              r->value(stamp).toLongLong()) /
                       1000.0;
        }
        return 0;
    }
    // The channels the calls view shows: the legs under its call rows (in the view's own,
    // sorting and filtering, model).
    [[nodiscard]] int channelsShown() const
    {
        const QAbstractItemModel *model = window->callsPanel()->view()->model();
        int legs = 0;
        for (int r = 0, calls = model->rowCount(); r < calls; ++r)
            legs += model->rowCount(model->index(r, 0));
        return legs;
    }

    QTemporaryDir dir;
    Monitor::Hub hub;
    Monitor::ServerMonitor *monitor = nullptr;
    std::unique_ptr<Ui::MainWindow> window;
    std::atomic<qint64> longestFlushUs = 0;
    int connects = 0;
};

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

Step runStep(SimThread &sim, Console &console, double rate, double perCall, double seconds,
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
    Console console(sim.port(), journal);
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
    Console console(sim.port(), journal);
    console.monitor->start();
    if (!runUntil([&] { return console.inStep(); }, 30000))
        return 1;
    std::printf("Soak: %s events/s for %s s (%.1f events per call), a row every %s s, journal %s\n\n",
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
        const Step s = runStep(sim, console, rate, perCall, interval, false, rows == 0 ? 1000 : 0,
                               last);
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
    std::printf("\nSoak summary: resident %s after the first interval, %s at the end (%s%s; the "
                "event store gained %s records, %s bytes of growth per record gained); longest "
                "stall %s ms; %s events lost by the sim; %d reconnects\n",
                qPrintable(mib(firstKiB)), qPrintable(mib(lastKiB)),
                lastKiB >= firstKiB ? "+" : "-", qPrintable(mib(std::abs(lastKiB - firstKiB))),
                qPrintable(num(double(gained))),
                gained > 0 ? qPrintable(num(double(lastKiB - firstKiB) * 1024.0 / double(gained)))
                           : "n/a",
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
    const QList<Esl::Event> sample = loadEvents(capture);
    if (sample.isEmpty())
        return 1;
    const qint64 rssStart = residentKiB();
    SimThread sim;
    const double perCall = sim.calibrate();
    sim.placeLongCalls(channels / 2);
    const qint64 simKiB = residentKiB() - rssStart;
    Console console(sim.port(), journal);

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
    QObject::connect(console.monitor->client()->session(), &Esl::Session::messageReceived,
                     &console.hub, [&](const Esl::Message &m) {
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
    runUntil([&] { return console.monitor->client()->isLive(); }, 30000);
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
