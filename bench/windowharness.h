#pragma once
// bench_window's harness: the simulated switch on a thread of its own (SimThread), the program's
// side with its window (WindowConsole), and the GUI thread's clocks: how late a 5 ms timer comes
// (StallMeter) and how long each event delivery takes (TimedApplication).

#include "benchsupport.h"

#include "monitor/hub.h"
#include "sim/eventsocketserver.h"
#include "sim/simswitch.h"
#include "sim/traffic.h"
#include "ui/calls/callspanel.h"
#include "ui/window/mainwindow.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QMetaEnum>
#include <QTemporaryDir>
#include <QThread>
#include <QTimer>
#include <QtWidgets/qtestsupport_widgets.h>

#include <pthread.h>

#include <algorithm>
#include <atomic>
#include <memory>
#include <vector>

namespace Bench {

constexpr int kLogLevel = 6;           // the profile's `log 6`, as in the program
constexpr int kCalibrationCalls = 500; // placed at once to measure the events per call

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

inline void runFor(qint64 ms)
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
            config.initialCalls = 0;
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
    [[nodiscard]] qint64 cpuNs() const { return Bench::cpuNs(m_cpuClock); }
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
struct WindowConsole
{
    WindowConsole(quint16 port, bool journal)
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
        QObject::connect(
            monitor, &Monitor::ServerMonitor::connectionStateChanged, &hub,
            [this](Monitor::LinkState s) { connects += s == Monitor::LinkState::Live; });
        window = std::make_unique<Ui::MainWindow>(&hub);
        window->show();
        if (!QTest::qWaitForWindowExposed(window.get()))
            std::fprintf(stderr, "bench_window: the window was not exposed\n");
    }
    [[nodiscard]] bool inStep() const
    {
        return monitor->link()->isLive() && !monitor->isOutOfStep();
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

} // namespace Bench
