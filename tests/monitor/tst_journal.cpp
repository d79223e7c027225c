// The journal keeps what the monitor received on disk: every record flushed before the program
// died is there when the file is opened again, decoding back to the same events and log lines
// with their servers and times; what was only queued may be lost, nothing else.
//
// The crash is real: this test binary, started with --journal-writer, writes and flushes, says
// so, and is killed with SIGKILL before it can close the journal.

#include "support/fixtures.h"
#include "support/heap.h"

#include "esl/logline.h"
#include "esl/wire/event.h"
#include "monitor/journal.h"

#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <cstdio>

using namespace Qt::Literals::StringLiterals;
using namespace TestSupport;
using Monitor::EventStore;
using Monitor::Journal;
using Monitor::Sequence;
using Monitor::ServerId;

namespace {

constexpr int ProcessTimeoutMs = 30000;
const QHash<ServerId, QString> ServerNames{{1, u"pbx-a"_s}, {2, u"pbx-b, Søren's"_s}};

// The events and log lines of a capture, in order, each with the server and time it is filed
// under.
struct Record
{
    ServerId server = 0;
    qint64 receivedMs = 0;
    std::optional<Esl::Event> event;
    Esl::LogLine line;
};

QList<Record> recordsOf(const QString &scenario)
{
    QList<Record> out;
    for (const Esl::Message &m : parseAll(readFixture(scenario, u".esl"_s))) {
        Record r;
        r.server = ServerId(out.size() % 2 + 1);
        r.receivedMs = 1'795'525'689'000 + out.size();
        if (m.isEvent())
            r.event = *Esl::Event::fromMessage(m);
        else if (m.contentType() == Esl::ContentType::LogData)
            r.line = Esl::LogLine::fromMessage(m);
        else
            continue;
        out.append(std::move(r));
    }
    return out;
}

void append(Journal &journal, const Record &r)
{
    if (r.event)
        journal.append(r.server, ServerNames.value(r.server), *r.event, r.receivedMs);
    else
        journal.appendLog(r.server, ServerNames.value(r.server), r.line, r.receivedMs);
}

// The store holds exactly `records`, in order.
bool holds(const EventStore &store, const QList<Record> &records, QString *why)
{
    EventStore direct;
    for (const Record &r : records) {
        if (r.event)
            direct.append(r.server, *r.event, r.receivedMs);
        else
            direct.appendLog(r.server, r.line, r.receivedMs);
    }
    if (store.size() != direct.size()) {
        *why = u"%1 records, expected %2"_s.arg(store.size()).arg(direct.size());
        return false;
    }
    for (qint64 i = 0; i < store.size(); ++i) {
        const auto a = store.record(store.firstSequence() + Sequence(i));
        const auto b = direct.record(Sequence(i));
        const auto ea = store.event(a->sequence());
        const auto eb = direct.event(b->sequence());
        if (a->kind() != b->kind() || a->server() != b->server() ||
            a->receivedMs() != b->receivedMs() || ea->headers() != eb->headers() ||
            ea->hasBody() != eb->hasBody() || ea->body() != eb->body()) {
            *why = u"record %1 differs"_s.arg(i);
            return false;
        }
    }
    return true;
}

template<typename T> QString why(const Esl::Expected<T> &result)
{
    return result ? QString() : result.error().toString();
}

// --journal-writer PATH FIRST_FLUSH SECOND_FLUSH: journals inbound-plain, flushing after the
// first FIRST_FLUSH and SECOND_FLUSH records only, queues the rest, prints "flushed N" and
// waits to be killed.
int runWriter(const QStringList &arguments)
{
    const QString path = arguments.value(2);
    const qsizetype first = arguments.value(3).toLongLong();
    const qsizetype second = arguments.value(4).toLongLong();
    const QList<Record> records = recordsOf(u"inbound-plain"_s);
    Journal journal;
    journal.setFlushInterval(3'600'000); // only the flushes below
    if (!journal.open(path, u"killed writer"_s))
        return 3;
    for (qsizetype i = 0; i < records.size(); ++i) {
        append(journal, records[i]);
        if ((i + 1 == first || i + 1 == second) && !journal.flush())
            return 4;
    }
    std::printf("flushed %lld of %lld\n", static_cast<long long>(journal.stats().recordsWritten),
                static_cast<long long>(records.size()));
    std::fflush(stdout);
    for (;;)
        QThread::sleep(1);
}

} // namespace

class TestJournal : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    // Happy flows
    void reopensASessionRecordByRecord_data();
    void reopensASessionRecordByRecord();
    void keepsEverythingFlushedWhenTheProgramIsKilled();
    void aCorruptCompressedRecordIsUndecodableWithoutAllocatingWhatItClaims();
    void aCorruptBlockMakesItsRecordsUndecodableWithoutAllocatingWhatItClaims();
    void writesAFlushInTransactionsOfBoundedSize();
    void writesOnATimerWithoutBeingAsked();
    void writesAsSoonAsEnoughIsQueued();
    void closingAndDestroyingWriteWhatIsQueued();
    void keepsSessionsApartWithTheirNotesAndServers();
    void countsWhatItWrote();
    void measuresItsThroughput();

    // Rainy days
    void refusesAFileThatIsNotAJournal();
    void saysWhatIsMissing();
    void loadingCanBeCanceled();
    void dropsWholeBlocksAndCountsEachRecordWhenWritesKeepFailing();

private:
    QString path(const QString &name) const { return m_dir.filePath(name); }
    QTemporaryDir m_dir;
};

void TestJournal::reopensASessionRecordByRecord_data()
{
    QTest::addColumn<QString>("scenario");
    for (const QString &s : {u"inbound-plain"_s, u"inbound-json"_s, u"outbound"_s})
        QTest::newRow(qPrintable(s)) << s;
}

void TestJournal::reopensASessionRecordByRecord()
{
    QFETCH(QString, scenario);
    const QList<Record> records = recordsOf(scenario);
    const QString file = path(scenario + u".journal"_s);
    qint64 session = 0;
    {
        Journal journal;
        const auto opened = journal.open(file, scenario);
        QVERIFY2(opened, qPrintable(why(opened)));
        session = *opened;
        for (const Record &r : records)
            append(journal, r);
        journal.close();
    }
    EventStore store;
    const auto loaded = Journal::load(file, session, store);
    QVERIFY2(loaded, qPrintable(why(loaded)));
    QCOMPARE(loaded->events + loaded->logLines, records.size());
    QCOMPARE(loaded->undecodable, 0);
    QCOMPARE(loaded->servers, ServerNames);
    QCOMPARE(qint64(loaded->end - loaded->first), records.size());
    QString why;
    QVERIFY2(holds(store, records, &why), qPrintable(why));
}

void TestJournal::aCorruptCompressedRecordIsUndecodableWithoutAllocatingWhatItClaims()
{
    // Found by fuzz_journal: qUncompress allocated the size a record's first four bytes claim
    // (4 GiB for a 23-byte record) and grew its buffer for as long as the data inflated.
    const QList<Record> records = recordsOf(u"inbound-plain"_s);
    const QString file = path(u"corrupt.journal"_s);
    qint64 session = 0;
    {
        Journal journal;
        const auto opened = journal.open(file, u"corrupt"_s);
        QVERIFY2(opened, qPrintable(why(opened)));
        session = *opened;
        for (const Record &r : records)
            append(journal, r);
        journal.close();
    }
    QByteArray bomb = qCompress(QByteArray(64 * 1024 * 1024, 'x'), 9);
    bomb[0] = bomb[1] = bomb[2] = 0; // claims 16 bytes, inflates to 64 MiB
    bomb[3] = 16;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"corrupt"_s);
        db.setDatabaseName(file);
        QVERIFY(db.open());
        QSqlQuery query(db);
        // Two records as formats 1 and 2 stored them, one by one and qCompress'ed (encoding 1).
        QVERIFY(query.exec(u"SELECT seq FROM records ORDER BY seq LIMIT 2"_s));
        QList<qint64> seqs;
        while (query.next())
            seqs.append(query.value(0).toLongLong());
        QCOMPARE(seqs.size(), 2);
        const QList<QByteArray> corrupt{"\xff\xff\xff\xff" + QByteArray(19, 'z'), bomb};
        for (int i = 0; i < 2; ++i) {
            QVERIFY(query.prepare(u"UPDATE records SET encoding = 1, bytes = ? WHERE seq = ?"_s));
            query.addBindValue(corrupt[i]);
            query.addBindValue(seqs[i]);
            QVERIFY(query.exec());
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(u"corrupt"_s);
    bomb.clear();
    EventStore store;
    qint64 growth = 0;
    {
        TestSupport::HeapWatch heap; // the bomb inflated in Qt's hands for tens of milliseconds
        const auto loaded = Journal::load(file, session, store);
        QVERIFY2(loaded, qPrintable(why(loaded)));
        QCOMPARE(loaded->undecodable, 2);
        QCOMPARE(loaded->events + loaded->logLines, records.size() - 2);
        growth = heap.growth();
    }
    QVERIFY2(growth < 32 * 1024 * 1024, qPrintable(QString::number(growth)));
}

void TestJournal::aCorruptBlockMakesItsRecordsUndecodableWithoutAllocatingWhatItClaims()
{
    const QList<Record> records = recordsOf(u"inbound-plain"_s);
    const QString file = path(u"corrupt-block.journal"_s);
    qint64 session = 0;
    {
        Journal journal;
        const auto opened = journal.open(file, u"corrupt block"_s);
        QVERIFY2(opened, qPrintable(why(opened)));
        session = *opened;
        for (const Record &r : records)
            append(journal, r);
        journal.close();
    }
    QByteArray bomb = qCompress(QByteArray(64 * 1024 * 1024, 'x'), 9);
    bomb[0] = 0; // claims 64 KiB, inflates to 64 MiB
    bomb[1] = 1;
    bomb[2] = bomb[3] = 0;
    qint64 inFirst = 0;
    qint64 inSecond = 0;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"corrupt-block"_s);
        db.setDatabaseName(file);
        QVERIFY(db.open());
        QSqlQuery query(db);
        QVERIFY(query.exec(u"SELECT id FROM blocks ORDER BY id LIMIT 2"_s));
        QList<qint64> ids;
        while (query.next())
            ids.append(query.value(0).toLongLong());
        QCOMPARE(ids.size(), 2);
        for (int i = 0; i < 2; ++i) {
            QVERIFY(query.prepare(u"SELECT COUNT(*) FROM records WHERE block = ?"_s));
            query.addBindValue(ids[i]);
            QVERIFY(query.exec() && query.next());
            (i == 0 ? inFirst : inSecond) = query.value(0).toLongLong();
        }
        // The first a bomb, the second shorter than its records say.
        QVERIFY(query.prepare(u"UPDATE blocks SET encoding = 1, bytes = ? WHERE id = ?"_s));
        query.addBindValue(bomb);
        query.addBindValue(ids[0]);
        QVERIFY(query.exec());
        QVERIFY(query.prepare(u"UPDATE blocks SET encoding = 0, bytes = ? WHERE id = ?"_s));
        query.addBindValue(QByteArray(10, 'z'));
        query.addBindValue(ids[1]);
        QVERIFY(query.exec());
        db.close();
    }
    QSqlDatabase::removeDatabase(u"corrupt-block"_s);
    bomb.clear();
    QVERIFY(inFirst > 0 && inSecond > 0);
    EventStore store;
    qint64 growth = 0;
    {
        TestSupport::HeapWatch heap;
        const auto loaded = Journal::load(file, session, store);
        QVERIFY2(loaded, qPrintable(why(loaded)));
        // The second block's first record may fit in its 10 bytes: it cannot parse as one.
        QCOMPARE(loaded->undecodable, inFirst + inSecond);
        QCOMPARE(loaded->events + loaded->logLines, records.size() - inFirst - inSecond);
        growth = heap.growth();
    }
    QVERIFY2(growth < 32 * 1024 * 1024, qPrintable(QString::number(growth)));
    QString why;
    QVERIFY2(holds(store, records.mid(inFirst + inSecond), &why), qPrintable(why));
}

void TestJournal::writesAFlushInTransactionsOfBoundedSize()
{
    // A flush of many records is several transactions, none above kMaxFlushRecords, so that no
    // single write holds the journal's thread (and what is not on disk yet) for long.
    const QList<Record> load = recordsOf(u"load"_s);
    QList<Record> records = load + load;
    QVERIFY(records.size() > 3 * Journal::kMaxFlushRecords);
    const QString file = path(u"slices.journal"_s);
    Journal journal;
    journal.setFlushInterval(3'600'000);
    journal.setFlushRecords(1 << 30); // only the flush below
    const auto opened = journal.open(file);
    QVERIFY2(opened, qPrintable(why(opened)));
    QSignalSpy flushed(&journal, &Journal::flushed);
    for (const Record &r : records)
        append(journal, r);
    QCOMPARE(journal.stats().pending, records.size());
    QVERIFY(journal.flush());
    qint64 sum = 0;
    for (const QList<QVariant> &signal : flushed) {
        const qint64 n = signal.first().toLongLong();
        QVERIFY2(n > 0 && n <= Journal::kMaxFlushRecords, qPrintable(QString::number(n)));
        sum += n;
    }
    QCOMPARE(sum, records.size());
    QVERIFY(flushed.size() > 3);
    const Journal::Stats stats = journal.stats();
    QCOMPARE(stats.flushes, flushed.size());
    QCOMPARE(stats.recordsWritten, records.size());
    QCOMPARE(stats.pending, 0);
    QVERIFY(stats.lastFlushRecords <= Journal::kMaxFlushRecords);
    journal.close();
    EventStore store;
    const auto loaded = Journal::load(file, *opened, store);
    QVERIFY2(loaded, qPrintable(why(loaded)));
    QString why;
    QVERIFY2(holds(store, records, &why), qPrintable(why));
}

void TestJournal::keepsEverythingFlushedWhenTheProgramIsKilled()
{
    const QList<Record> records = recordsOf(u"inbound-plain"_s);
    const qsizetype first = 100;
    const qsizetype second = records.size() - 57;
    const QString file = path(u"killed.journal"_s);
    QProcess writer;
    writer.start(QCoreApplication::applicationFilePath(),
                 {u"--journal-writer"_s, file, QString::number(first), QString::number(second)});
    QVERIFY(writer.waitForStarted(ProcessTimeoutMs));
    QVERIFY(QTest::qWaitFor(
        [&] {
            return writer.canReadLine() || !writer.isOpen() ||
                   writer.state() == QProcess::NotRunning;
        },
        ProcessTimeoutMs));
    QCOMPARE(writer.readLine().trimmed(),
             u"flushed %1 of %2"_s.arg(second).arg(records.size()).toUtf8());
    writer.kill(); // SIGKILL: no close(), no destructor, the queued records die with it
    QVERIFY(writer.waitForFinished(ProcessTimeoutMs));
    QCOMPARE(writer.exitStatus(), QProcess::CrashExit);

    const auto sessions = Journal::sessions(file);
    QVERIFY2(sessions, qPrintable(why(sessions)));
    QCOMPARE(sessions->size(), 1);
    QCOMPARE(sessions->first().note, u"killed writer"_s);
    QCOMPARE(sessions->first().records, second);
    QCOMPARE(sessions->first().servers, ServerNames);
    EventStore store;
    const auto loaded = Journal::load(file, sessions->first().id, store);
    QVERIFY2(loaded, qPrintable(why(loaded)));
    QString why;
    QVERIFY2(holds(store, records.first(second), &why), qPrintable(why));

    // The file takes a new session after the crash.
    Journal again;
    QVERIFY(again.open(file));
    again.appendLog(1, u"pbx-a"_s, records[0].line, 1);
    again.close();
    QCOMPARE(Journal::sessions(file)->size(), 2);
}

void TestJournal::writesOnATimerWithoutBeingAsked()
{
    const QList<Record> records = recordsOf(u"outbound"_s);
    Journal journal;
    QVERIFY(journal.open(path(u"timer.journal"_s)));
    journal.setFlushInterval(20);
    QCOMPARE(journal.flushInterval(), 20);
    QSignalSpy flushed(&journal, &Journal::flushed);
    for (const Record &r : records)
        append(journal, r);
    QCOMPARE(journal.stats().pending, records.size());
    QVERIFY(flushed.wait(ProcessTimeoutMs));
    QCOMPARE(flushed.first().first().toLongLong(), records.size());
    QCOMPARE(journal.stats().pending, 0);
    // Visible to a reader while the journal is still open.
    const auto sessions = Journal::sessions(path(u"timer.journal"_s));
    QVERIFY2(sessions, qPrintable(why(sessions)));
    QCOMPARE(sessions->first().records, records.size());
}

void TestJournal::writesAsSoonAsEnoughIsQueued()
{
    // An hour's interval: only the queue's size makes the writes, each of flushRecords()
    // records, when the event loop next runs.
    const QList<Record> records = recordsOf(u"outbound"_s);
    QVERIFY(records.size() >= 8);
    Journal journal;
    QCOMPARE(journal.flushRecords(), 500);
    journal.setFlushInterval(3'600'000);
    journal.setFlushRecords(4);
    QVERIFY(journal.open(path(u"soon.journal"_s)));
    QSignalSpy flushed(&journal, &Journal::flushed);
    for (int i = 0; i < 3; ++i)
        append(journal, records[i]);
    QTest::qWait(50);
    QCOMPARE(flushed.size(), 0); // three are not enough
    QCOMPARE(journal.stats().pending, 3);
    append(journal, records[3]);
    QCOMPARE(journal.stats().pending, 4); // not written from inside append()
    QVERIFY(flushed.wait(ProcessTimeoutMs));
    QCOMPARE(flushed.first().first().toLongLong(), 4);
    QCOMPARE(journal.stats().recordsWritten, 4);
    for (int i = 4; i < 8; ++i)
        append(journal, records[i]);
    QVERIFY(flushed.wait(ProcessTimeoutMs));
    QCOMPARE(flushed.size(), 2);
    QCOMPARE(journal.stats().recordsWritten, 8);
    QCOMPARE(journal.stats().pending, 0);
}

void TestJournal::closingAndDestroyingWriteWhatIsQueued()
{
    const QList<Record> records = recordsOf(u"outbound"_s);
    const QString file = path(u"close.journal"_s);
    {
        Journal journal;
        journal.setFlushInterval(3'600'000);
        QVERIFY(journal.open(file, u"closed"_s));
        append(journal, records[0]);
        journal.close();
        QVERIFY(!journal.isOpen());
        append(journal, records[1]); // ignored while closed
        QVERIFY(journal.open(file, u"destroyed"_s));
        for (const Record &r : records)
            append(journal, r);
    } // destroyed with everything queued
    const auto sessions = Journal::sessions(file);
    QVERIFY2(sessions, qPrintable(why(sessions)));
    QCOMPARE(sessions->size(), 2);
    QCOMPARE(sessions->at(0).records, 1);
    QCOMPARE(sessions->at(1).records, records.size());
}

void TestJournal::keepsSessionsApartWithTheirNotesAndServers()
{
    const QList<Record> plain = recordsOf(u"inbound-plain"_s);
    const QList<Record> outbound = recordsOf(u"outbound"_s);
    const QString file = path(u"two.journal"_s);
    Journal journal;
    const auto first = journal.open(file, u"morning"_s);
    QVERIFY(first);
    for (const Record &r : plain)
        append(journal, r);
    const auto second = journal.open(file, u"afternoon"_s); // closes the first
    QVERIFY(second);
    QVERIFY(*second > *first);
    for (const Record &r : outbound)
        journal.append(7, u"lab"_s, *r.event, r.receivedMs);
    journal.close();

    const auto sessions = Journal::sessions(file);
    QVERIFY2(sessions, qPrintable(why(sessions)));
    QCOMPARE(sessions->size(), 2);
    QCOMPARE(sessions->at(0).note, u"morning"_s);
    QCOMPARE(sessions->at(0).records, plain.size());
    QCOMPARE(sessions->at(0).firstMs, plain.first().receivedMs);
    QCOMPARE(sessions->at(0).lastMs, plain.last().receivedMs);
    QVERIFY(sessions->at(0).startedMs > 0);
    QCOMPARE(sessions->at(1).note, u"afternoon"_s);
    QCOMPARE(sessions->at(1).servers, (QHash<ServerId, QString>{{7, u"lab"_s}}));

    EventStore store;
    const auto loaded = Journal::load(file, *second, store);
    QVERIFY(loaded);
    QCOMPARE(loaded->events, outbound.size());
    QCOMPARE(loaded->logLines, 0);
    QCOMPARE(store.record(0)->server(), ServerId(7));
}

void TestJournal::countsWhatItWrote()
{
    const QList<Record> records = recordsOf(u"inbound-plain"_s);
    Journal journal;
    journal.setFlushInterval(3'600'000);
    QVERIFY(journal.open(path(u"stats.journal"_s)));
    QCOMPARE(journal.stats().lastFlushMs, 0);
    for (const Record &r : records)
        append(journal, r);
    QVERIFY(journal.flush());
    const Journal::Stats stats = journal.stats();
    QCOMPARE(stats.recordsWritten, records.size());
    QCOMPARE(stats.pending, 0);
    QCOMPARE(stats.flushes, 1);
    QCOMPARE(stats.lastFlushRecords, records.size());
    QVERIFY(stats.lastFlushMs > 0);
    QVERIFY(stats.rawBytes > 0);
    QVERIFY(stats.bytesWritten * 2 < stats.rawBytes); // compressed
    QVERIFY(journal.flush());                         // nothing queued: nothing to do
    QCOMPARE(journal.stats().flushes, 1);
}

// Not a check: the figures for the README (run in Release for meaningful numbers).
void TestJournal::measuresItsThroughput()
{
    const QList<Record> load = recordsOf(u"load"_s);
    constexpr int Rounds = 5;
    for (const bool compress : {true, false}) {
        Journal journal;
        journal.setFlushInterval(3'600'000);
        journal.setCompression(compress);
        QVERIFY(journal.open(path(compress ? u"speed.journal"_s : u"speed-raw.journal"_s)));
        QElapsedTimer clock;
        qint64 appendNs = 0;
        qint64 flushNs = 0;
        qint64 worstFlushNs = 0;
        for (int round = 0; round < Rounds; ++round) {
            // About a second of a busy switch per flush.
            for (qsizetype at = 0; at < load.size(); at += 2000) {
                clock.start();
                for (qsizetype i = at; i < std::min<qsizetype>(at + 2000, load.size()); ++i)
                    append(journal, load[i]);
                appendNs += clock.nsecsElapsed();
                clock.start();
                QVERIFY(journal.flush());
                const qint64 ns = clock.nsecsElapsed();
                flushNs += ns;
                worstFlushNs = std::max(worstFlushNs, ns);
            }
        }
        const Journal::Stats stats = journal.stats();
        QCOMPARE(stats.recordsWritten, load.size() * Rounds);
        qInfo("%s: %lld records, %.1f MB -> %.1f MB; append %.1f us/record, flush %.1f us/record "
              "(worst flush of 2000: %.1f ms); sustained %.0f records/s",
              compress ? "compressed" : "uncompressed",
              static_cast<long long>(stats.recordsWritten), double(stats.rawBytes) / 1e6,
              double(stats.bytesWritten) / 1e6,
              double(appendNs) / 1e3 / double(stats.recordsWritten),
              double(flushNs) / 1e3 / double(stats.recordsWritten), double(worstFlushNs) / 1e6,
              double(stats.recordsWritten) * 1e9 / double(appendNs + flushNs));
    }
}

void TestJournal::refusesAFileThatIsNotAJournal()
{
    const QString file = path(u"garbage.journal"_s);
    {
        QFile garbage(file);
        QVERIFY(garbage.open(QIODevice::WriteOnly));
        garbage.write(QByteArray(4096, 'x'));
    }
    Journal journal;
    const auto opened = journal.open(file);
    QVERIFY(!opened);
    QVERIFY2(opened.error().message.contains(u"not a"_s), qPrintable(opened.error().message));
    QVERIFY(!journal.isOpen());
    journal.append(1, u"x"_s, Esl::Event(), 0); // ignored
    QVERIFY(!Journal::sessions(file));
    EventStore store;
    QVERIFY(!Journal::load(file, 1, store));
    QCOMPARE(store.size(), 0);
}

void TestJournal::saysWhatIsMissing()
{
    QVERIFY(!Journal::sessions(path(u"nothing-here.journal"_s)));
    QVERIFY(!QFile::exists(path(u"nothing-here.journal"_s))); // not created by looking
    const QString file = path(u"one.journal"_s);
    {
        Journal journal;
        QVERIFY(journal.open(file));
    }
    EventStore store;
    const auto loaded = Journal::load(file, 42, store);
    QVERIFY(!loaded);
    QVERIFY(loaded.error().message.contains(u"no session 42"_s));
}

void TestJournal::loadingCanBeCanceled()
{
    const QList<Record> records = recordsOf(u"inbound-plain"_s);
    const QString file = path(u"cancel.journal"_s);
    qint64 session = 0;
    {
        Journal journal;
        session = *journal.open(file);
        for (const Record &r : records)
            append(journal, r);
    }
    EventStore store;
    qint64 total = 0;
    const auto loaded = Journal::load(file, session, store, [&](qint64, qint64 all) {
        total = all;
        return false;
    });
    QCOMPARE(total, records.size());
    QVERIFY(!loaded);
    QCOMPARE(loaded.error().code, Esl::Error::Code::Canceled);
}

void TestJournal::dropsWholeBlocksAndCountsEachRecordWhenWritesKeepFailing()
{
    // Past the bound of what stays queued after a failed write, the oldest blocks go: every
    // record is then either written or counted as dropped, and what is written is the newest.
    const QList<Record> records = recordsOf(u"load"_s);
    const QString file = path(u"failing.journal"_s);
    Journal journal;
    journal.setFlushInterval(3'600'000);
    journal.setFlushRecords(1 << 30);
    journal.setMaxQueued(1000);
    const auto opened = journal.open(file);
    QVERIFY2(opened, qPrintable(why(opened)));
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"saboteur"_s);
        db.setDatabaseName(file);
        QVERIFY(db.open());
        QSqlQuery query(db);
        QVERIFY(query.exec(u"ALTER TABLE blocks RENAME TO blocks_away"_s));
        db.close();
    }
    QSqlDatabase::removeDatabase(u"saboteur"_s);
    QSignalSpy failed(&journal, &Journal::flushFailed);
    for (const Record &r : records)
        append(journal, r);
    QVERIFY(!journal.flush());
    QCOMPARE(failed.size(), 1);
    QVERIFY(journal.lastError());
    Journal::Stats stats = journal.stats();
    QCOMPARE(stats.failedFlushes, 1);
    QVERIFY2(stats.pending <= 1000, qPrintable(QString::number(stats.pending)));
    QVERIFY(stats.dropped > 0);
    QCOMPARE(stats.dropped + stats.pending, records.size());
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"mender"_s);
        db.setDatabaseName(file);
        QVERIFY(db.open());
        QSqlQuery query(db);
        QVERIFY(query.exec(u"ALTER TABLE blocks_away RENAME TO blocks"_s));
        db.close();
    }
    QSqlDatabase::removeDatabase(u"mender"_s);
    QVERIFY(journal.flush());
    stats = journal.stats();
    QCOMPARE(stats.recordsWritten + stats.dropped, records.size());
    journal.close();
    EventStore store;
    const auto loaded = Journal::load(file, *opened, store);
    QVERIFY2(loaded, qPrintable(why(loaded)));
    QString why;
    QVERIFY2(holds(store, records.mid(stats.dropped), &why), qPrintable(why));
}

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (argc >= 2 && qstrcmp(argv[1], "--journal-writer") == 0)
        return runWriter(QCoreApplication::arguments());
    TestJournal test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_journal.moc"
