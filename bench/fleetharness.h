#pragma once
// bench_fleet's harness: the fleet in a process of its own (FleetProcess, talking to
// fleetchild.h over a pipe), the three consumers a step can measure — the broker alone (a plain
// Amqp::Client that counts what it is given, no decode), the broker link alone (a
// BrokerConnection decoding on its worker, no monitor, no window) and the console (a Hub with
// the journal on, a BrokerConnection and BrokerFleet adding a ServerMonitor per switch, and the
// main window offscreen, as bench_window has it) — and the CPU clocks of other processes.

#include "windowharness.h"

#include "monitor/brokerconnection.h"
#include "monitor/brokerfleet.h"

#include "amqp/client.h"
#include "amqp/routingkey.h"

#include <QDir>
#include <QProcess>

#include <unistd.h>

namespace Bench {

// CPU time (user + system) of another process, from /proc/PID/stat (ns); 0 when it is gone.
inline qint64 processCpuNs(qint64 pid)
{
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (pid <= 0 || !stat.open(QIODevice::ReadOnly))
        return 0;
    const QByteArray text = stat.readAll();
    // The command may hold spaces: fields count from the ')' that ends it.
    const QList<QByteArray> fields = text.mid(text.lastIndexOf(')') + 2).split(' ');
    if (fields.size() < 13)
        return 0;
    static const double nsPerTick = 1e9 / double(sysconf(_SC_CLK_TCK));
    return qint64(double(fields[11].toLongLong() + fields[12].toLongLong()) * nsPerTick);
}

inline qint64 ownCpuNs()
{
    return cpuNs(CLOCK_PROCESS_CPUTIME_ID);
}

// The processes whose command line contains `text` (the broker's node names its data
// directory on it).
inline QList<qint64> processesWith(const QString &text)
{
    QList<qint64> pids;
    const QByteArray needle = text.toUtf8();
    for (const QString &entry : QDir(QStringLiteral("/proc")).entryList(QDir::Dirs)) {
        bool ok = false;
        const qint64 pid = entry.toLongLong(&ok);
        if (!ok || pid == getpid())
            continue;
        QFile cmdline(QStringLiteral("/proc/%1/cmdline").arg(pid));
        if (cmdline.open(QIODevice::ReadOnly) && cmdline.readAll().contains(needle))
            pids.append(pid);
    }
    return pids;
}

// The fleet, in a child process (bench_fleet --fleet-child, see fleetchild.h).
class FleetProcess
{
public:
    struct Counts
    {
        qint64 events = 0;
        qint64 logLines = 0;
        qint64 dropped = 0; // by the fleet's own send queues (as mod_amqp drops)
        qint64 channels = 0;
        qint64 cpuNs = 0;
        [[nodiscard]] qint64 published() const { return events + logLines; }
    };

    FleetProcess(const QString &url, int switches, int channelsPerSwitch)
    {
        m_process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        m_process.start(QCoreApplication::applicationFilePath(),
                        {QStringLiteral("--fleet-child"), url, QString::number(switches),
                         QString::number(channelsPerSwitch)});
        m_ok = m_process.waitForStarted(10000);
        const QByteArray calibrated = expect("per-call ", 30000);
        m_perCall = calibrated.mid(9).toDouble();
        m_ok = m_ok && m_perCall > 0 && expect("ready", 60000) == "ready";
    }
    ~FleetProcess()
    {
        m_process.write("quit\n");
        if (!m_process.waitForFinished(10000))
            m_process.kill();
    }

    [[nodiscard]] bool isRunning() const { return m_ok; }
    [[nodiscard]] double eventsPerCall() const { return m_perCall; }
    void setRate(double eventsPerSecond)
    {
        m_process.write("rate " + QByteArray::number(eventsPerSecond) + '\n');
        expect("ok", 30000);
    }
    // The fleet's counters now; the last ones known if it does not answer in time (a busy
    // fleet's event loop reads its stdin late).
    Counts counts()
    {
        m_process.write("count\n");
        const QList<QByteArray> f = expect("count ", 30000).split(' ');
        if (f.size() == 7)
            m_last = {f[1].toLongLong(), f[2].toLongLong(), f[3].toLongLong() + f[4].toLongLong(),
                      f[5].toLongLong(), f[6].toLongLong()};
        else
            std::fprintf(stderr, "bench_fleet: the fleet did not answer `count` in time\n");
        return m_last;
    }

private:
    // The next line starting with `prefix`, skipping the answers to earlier commands that came
    // too late (every command is answered with one line, in order).
    QByteArray expect(QByteArrayView prefix, int timeoutMs)
    {
        QElapsedTimer clock;
        clock.start();
        while (clock.elapsed() < timeoutMs && m_process.state() == QProcess::Running) {
            if (!m_process.canReadLine()) {
                m_process.waitForReadyRead(100);
                continue;
            }
            const QByteArray line = m_process.readLine().trimmed();
            if (line.startsWith(prefix))
                return line;
        }
        return {};
    }

    QProcess m_process;
    bool m_ok = false;
    double m_perCall = 0;
    Counts m_last;
};

// The broker alone: one consumer on a queue bound as the console's is (every event and log
// line, the same bound and prefetch), counting batches on the client's worker thread.
class CountingConsumer
{
public:
    explicit CountingConsumer(const Amqp::ConnectionOptions &options) : m_client(options)
    {
        Amqp::Topology topology;
        for (const char *name : {"TAP.Events", "TAP.Logging"})
            topology.exchanges.append({name, "topic", true, false});
        Amqp::QueueSpec queue;
        queue.maxLength = Monitor::BrokerOptions{}.maxQueueLength;
        queue.prefetch = Monitor::BrokerOptions{}.prefetch;
        topology.queues = {queue};
        topology.bindings = {{"TAP.Events", Amqp::eventBindingKey(), 0},
                             {"TAP.Logging", Amqp::logBindingKey(), 0}};
        m_client.setTopology(topology);
        m_client.setBatchHandler([counted = m_counted](int, QList<Amqp::Message> &&batch) {
            counted->fetch_add(batch.size(), std::memory_order_relaxed);
        });
        QObject::connect(&m_client, &Amqp::Client::ready, &m_client, [this] { m_ready = true; });
        m_client.start();
    }
    [[nodiscard]] bool isReady() const { return m_ready; }
    [[nodiscard]] qint64 received() const { return m_counted->load(std::memory_order_relaxed); }

private:
    Amqp::Client m_client;
    std::shared_ptr<std::atomic<qint64>> m_counted = std::make_shared<std::atomic<qint64>>(0);
    bool m_ready = false;
};

inline Monitor::BrokerOptions brokerOptions(const Amqp::ConnectionOptions &connection,
                                            const QStringList &expected = {})
{
    Monitor::BrokerOptions options; // the program's defaults otherwise
    options.connection = connection;
    options.expectedHostnames = expected;
    return options;
}

// The console: what `switchboard` builds for a broker profile, the window offscreen.
struct FleetConsole
{
    FleetConsole(const Amqp::ConnectionOptions &connection, const QStringList &hostnames,
                 bool journal)
        : link(brokerOptions(connection, hostnames))
    {
        if (journal && dir.isValid()) {
            const auto opened = hub.startJournal(dir.filePath(QStringLiteral("journal.sqlite")));
            if (!opened)
                std::fprintf(stderr, "bench_fleet: no journal: %s\n",
                             qPrintable(opened.error().message));
        }
        QObject::connect(
            hub.journal(), &Monitor::Journal::flushed, hub.journal(),
            [this] {
                const qint64 us = hub.journal()->stats().lastFlushUs;
                qint64 was = longestFlushUs.load();
                while (us > was && !longestFlushUs.compare_exchange_weak(was, us)) {
                }
            },
            Qt::DirectConnection);
        Monitor::BrokerFleetSettings settings;
        settings.logLevel = kLogLevel;
        fleet = std::make_unique<Monitor::BrokerFleet>(&hub, &link, settings);
        window = std::make_unique<Ui::MainWindow>(&hub);
        window->show();
        if (!QTest::qWaitForWindowExposed(window.get()))
            std::fprintf(stderr, "bench_fleet: the window was not exposed\n");
        link.start();
    }
    ~FleetConsole()
    {
        window.reset();
        fleet.reset();
        link.stop();
    }
    // Every expected switch shown, live and in step.
    [[nodiscard]] bool inStep(int switches) const
    {
        if (fleet->hostnames().size() < switches)
            return false;
        for (const QString &host : fleet->hostnames()) {
            const Monitor::ServerMonitor *server = fleet->server(host);
            if (!server || !server->link()->isLive() || server->isOutOfStep())
                return false;
        }
        return true;
    }
    [[nodiscard]] qint64 liveChannels() const
    {
        qint64 n = 0;
        for (const QString &host : fleet->hostnames()) {
            for (const Monitor::Channel *c : fleet->server(host)->channels()->channels())
                n += c->ended ? 0 : 1;
        }
        return n;
    }
    // Messages the link took in on the GUI thread (events and log lines of every level).
    [[nodiscard]] qint64 handled() const { return link.messagesReceived(); }

    QTemporaryDir dir;
    Monitor::Hub hub;
    Monitor::BrokerConnection link;
    std::unique_ptr<Monitor::BrokerFleet> fleet;
    std::unique_ptr<Ui::MainWindow> window;
    std::atomic<qint64> longestFlushUs = 0;
};

} // namespace Bench
