// bench_journal: the on-disk journal alone (Monitor::Journal), on a thread of its own as the hub
// runs it, fed the load capture's events (bridged calls' CHANNEL_* events, about 2.8 KB each as
// plain text) the way Hub::handToJournal feeds it: one queued call per record, at most
// Hub::kMaxJournalBacklog waiting, the rest dropped and counted.
//
//  - Flat out: every record handed over as fast as the feeding thread can, then close():
//    records/s from the first hand-over to the last commit, the journal thread's CPU per
//    record, the time its flushes took (wall clock) and the longest, and bytes per record on
//    disk (the file after close, the WAL folded in) against the plain text's.
//  - Paced (--rates): per rate, records offered for --seconds on a 1 ms timer: records/s
//    written, records dropped at the backlog's bound, the longest flush, the largest backlog,
//    the journal thread's CPU, and how long close() took to write what was left.
//
//     bench_journal [--records 300000] [--rates 10000,20000,30000,50000] [--seconds 5]
//                   [--capture load.esl] [--dir DIR]
//
// The file goes in --dir (a temporary folder beside the build by default: the journal's real
// place is on disk, not tmpfs, and SQLite's syncs are part of its cost).

#include "benchsupport.h"

#include "monitor/hub.h"
#include "monitor/journal.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QThread>
#include <QTimer>

#include <pthread.h>

#include <atomic>
#include <cstdio>

namespace {

using Bench::num;

// A Journal on a thread of its own with the hub's hand-over, and clocks on that thread.
class JournalOnThread
{
public:
    explicit JournalOnThread(const QString &path)
    {
        m_journal = new Monitor::Journal;
        m_journal->moveToThread(&m_thread);
        m_thread.start();
        run([this, path] {
            pthread_getcpuclockid(pthread_self(), &m_cpuClock); // readable from any thread
            const auto opened = m_journal->open(path, QStringLiteral("bench_journal"));
            if (!opened)
                std::fprintf(stderr, "bench_journal: %s\n", qPrintable(opened.error().message));
            QObject::connect(m_journal, &Monitor::Journal::flushed, m_journal, [this] {
                const Monitor::Journal::Stats s = m_journal->stats();
                m_flushUs += s.lastFlushUs;
                m_written = s.recordsWritten;
                m_longestFlushUs = std::max(m_longestFlushUs.load(), s.lastFlushUs);
                m_largestFlush = std::max(m_largestFlush.load(), s.lastFlushRecords);
            });
        });
    }
    ~JournalOnThread()
    {
        close();
        m_thread.quit();
        m_thread.wait();
        delete m_journal;
    }
    JournalOnThread(const JournalOnThread &) = delete;
    JournalOnThread &operator=(const JournalOnThread &) = delete;

    // As Hub::handToJournal: queued, in order, dropped past the backlog's bound.
    void hand(const Esl::Event &event, qint64 ms)
    {
        const qint64 waiting = m_inFlight.load(std::memory_order_relaxed);
        m_largestBacklog = std::max(m_largestBacklog, waiting);
        if (waiting >= Monitor::Hub::kMaxJournalBacklog) {
            ++m_dropped;
            return;
        }
        m_inFlight.fetch_add(1, std::memory_order_relaxed);
        QMetaObject::invokeMethod(
            m_journal,
            [this, event, ms] {
                m_inFlight.fetch_sub(1, std::memory_order_relaxed);
                m_journal->append(1, QStringLiteral("bench-pbx"), event, ms);
            },
            Qt::QueuedConnection);
    }
    // Writes what is left and closes the file, after everything handed over; the stats stay.
    void close()
    {
        run([this] { m_journal->close(); });
    }
    // Runs `work` on the journal's thread and waits for it (after everything handed before).
    template<typename Work>
    void run(Work work)
    {
        QMetaObject::invokeMethod(m_journal, std::move(work), Qt::BlockingQueuedConnection);
    }
    [[nodiscard]] qint64 cpuNs() const { return Bench::cpuNs(m_cpuClock); }
    [[nodiscard]] Monitor::Journal::Stats stats()
    {
        Monitor::Journal::Stats s;
        run([&] { s = m_journal->stats(); });
        return s;
    }
    [[nodiscard]] qint64 backlog() const { return m_inFlight.load(); }

    qint64 m_dropped = 0;
    qint64 m_largestBacklog = 0;
    std::atomic<qint64> m_written = 0; // committed
    std::atomic<qint64> m_flushUs = 0; // summed over the flushes
    std::atomic<qint64> m_longestFlushUs = 0;
    std::atomic<qint64> m_largestFlush = 0; // records

private:
    QThread m_thread;
    Monitor::Journal *m_journal = nullptr;
    clockid_t m_cpuClock{};
    std::atomic<qint64> m_inFlight = 0;
};

double plainBytes(const QList<Esl::Event> &events)
{
    double bytes = 0;
    for (const Esl::Event &e : events)
        bytes += double(e.toPlainMessage().size());
    return bytes / double(events.size());
}

void flatOut(const QList<Esl::Event> &events, qint64 count, const QString &dir)
{
    const QString path = dir + QStringLiteral("/flat.sqlite");
    QFile::remove(path);
    qint64 written = 0;
    double cpuMs = 0;
    double seconds = 0;
    double flushMs = 0;
    double longestMs = 0;
    qint64 largest = 0;
    qint64 flushes = 0;
    {
        JournalOnThread journal(path);
        const qint64 cpuBefore = journal.cpuNs();
        QElapsedTimer clock;
        clock.start();
        for (qint64 i = 0; i < count; ++i) {
            // Flat out measures the journal, not the bound: wait for room rather than drop.
            while (journal.backlog() >= Monitor::Hub::kMaxJournalBacklog)
                QThread::usleep(200);
            journal.hand(events[qsizetype(i % events.size())], 1'700'000'000'000 + i);
        }
        journal.close(); // after every record handed over: the last commit
        seconds = double(clock.nsecsElapsed()) / 1e9;
        cpuMs = double(journal.cpuNs() - cpuBefore) / 1e6;
        const Monitor::Journal::Stats after = journal.stats();
        written = after.recordsWritten;
        flushes = after.flushes;
        flushMs = double(journal.m_flushUs) / 1e3;
        longestMs = double(journal.m_longestFlushUs) / 1e3;
        largest = journal.m_largestFlush;
    }
    const double fileBytes = double(QFileInfo(path).size());
    std::printf("flat out: %s records in %.2f s = %s records/s written\n",
                qPrintable(num(double(written))), seconds,
                qPrintable(num(double(written) / seconds)));
    std::printf("  journal thread: %.1f us CPU per record; its writes took %.1f us per record "
                "(wall clock: %s transactions, the longest %.0f ms, the largest %s records)\n",
                cpuMs * 1e3 / double(written), flushMs * 1e3 / double(written),
                qPrintable(num(double(flushes))), longestMs, qPrintable(num(double(largest))));
    std::printf("  on disk: %.0f bytes per record (the plain text: %.0f)\n",
                fileBytes / double(written), plainBytes(events));
}

struct Paced
{
    double rate = 0;
    double offered = 0;
    double written = 0; // per second, while offered
    qint64 dropped = 0;
    double longestFlushMs = 0;
    qint64 largestBacklog = 0;
    double cpu = 0; // share of one core, while offered
    double closeMs = 0;
};

Paced paced(const QList<Esl::Event> &events, double rate, double seconds, const QString &dir)
{
    const QString path = dir + QStringLiteral("/paced.sqlite");
    QFile::remove(path);
    Paced out;
    out.rate = rate;
    JournalOnThread journal(path);
    const qint64 cpuBefore = journal.cpuNs();
    qint64 handed = 0;
    QElapsedTimer clock;
    clock.start();
    QTimer tick;
    tick.setTimerType(Qt::PreciseTimer);
    tick.setInterval(1);
    QEventLoop loop;
    QObject::connect(&tick, &QTimer::timeout, &loop, [&] {
        const double elapsed = double(clock.nsecsElapsed()) / 1e9;
        if (elapsed >= seconds) {
            loop.quit();
            return;
        }
        const auto due = qint64(elapsed * rate);
        for (; handed < due; ++handed)
            journal.hand(events[qsizetype(handed % events.size())],
                         1'700'000'000'000 + handed);
    });
    tick.start();
    loop.exec();
    const double elapsed = double(clock.nsecsElapsed()) / 1e9;
    out.cpu = double(journal.cpuNs() - cpuBefore) / 1e9 / elapsed;
    out.offered = double(handed) / elapsed;
    out.written = double(journal.m_written) / elapsed;
    out.dropped = journal.m_dropped;
    out.largestBacklog = journal.m_largestBacklog;
    QElapsedTimer closing;
    closing.start();
    journal.close(); // takes in the backlog and writes it, as Hub::stopJournal waits for
    out.closeMs = double(closing.nsecsElapsed()) / 1e6;
    out.longestFlushMs = double(journal.m_longestFlushUs) / 1e3;
    return out;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addOption({QStringLiteral("records"), QStringLiteral("Records to write flat out."),
                      QStringLiteral("N"), QStringLiteral("300000")});
    parser.addOption({QStringLiteral("rates"), QStringLiteral("Offered records/s, paced."),
                      QStringLiteral("LIST"), QStringLiteral("10000,20000,30000,50000")});
    parser.addOption({QStringLiteral("seconds"), QStringLiteral("Seconds per rate."),
                      QStringLiteral("S"), QStringLiteral("5")});
    parser.addOption({QStringLiteral("capture"), QStringLiteral("Event capture to replay."),
                      QStringLiteral("FILE"), QStringLiteral(SWITCHBOARD_LOAD_CAPTURE)});
    parser.addOption({QStringLiteral("dir"), QStringLiteral("Folder for the journal files."),
                      QStringLiteral("DIR")});
    parser.addHelpOption();
    parser.process(app);

    const QList<Esl::Event> events =
        Bench::loadEvents(parser.value(QStringLiteral("capture")), "bench_journal");
    if (events.isEmpty())
        return 1;
    QTemporaryDir temporary(parser.isSet(QStringLiteral("dir"))
                                ? parser.value(QStringLiteral("dir")) +
                                      QStringLiteral("/bench_journal-XXXXXX")
                                : QDir::currentPath() + QStringLiteral("/bench_journal-XXXXXX"));
    if (!temporary.isValid()) {
        std::fprintf(stderr, "bench_journal: no folder for the files\n");
        return 1;
    }
    std::printf("bench_journal (%s build): %d events of the capture, %.0f bytes each as plain "
                "text\n\n",
                SWITCHBOARD_BUILD_TYPE, int(events.size()), plainBytes(events));
    flatOut(events, parser.value(QStringLiteral("records")).toLongLong(), temporary.path());

    const double seconds = parser.value(QStringLiteral("seconds")).toDouble();
    std::printf("\n| offered records/s | written records/s | dropped | longest flush | largest "
                "backlog | journal thread CPU | close() after |\n|---|---|---|---|---|---|---|\n");
    for (const QString &r :
         parser.value(QStringLiteral("rates")).split(u',', Qt::SkipEmptyParts)) {
        const Paced p = paced(events, r.toDouble(), seconds, temporary.path());
        std::printf("| %s | %s | %s | %.0f ms | %s | %.0f %% | %.0f ms |\n",
                    qPrintable(num(p.offered)), qPrintable(num(p.written)),
                    qPrintable(num(double(p.dropped))), p.longestFlushMs,
                    qPrintable(num(double(p.largestBacklog))), p.cpu * 100, p.closeMs);
        std::fflush(stdout);
    }
    return 0;
}
