// A journal file keeps a bounded past: sessions older than the retention's age go, then the
// oldest sessions while the file is over its size, never the session being written (only its
// oldest records when it alone is too big, and the blocks no record uses then); the freed pages
// go back to the file system. Files of the first and second formats are read as they are,
// migrated when opened for writing, and keep their sessions.

#include "esl/wire/event.h"
#include "monitor/journal.h"

#include <QDateTime>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using Monitor::EventStore;
using Monitor::Journal;

namespace {

constexpr qint64 kDayMs = 24LL * 3600 * 1000;
constexpr qint64 kNow = 1'795'525'689'000;

// An event whose body does not compress: `bytes` of it cost about that much on disk.
Esl::Event bulkyEvent(int n, qsizetype bytes)
{
    QByteArray body(bytes, Qt::Uninitialized);
    QRandomGenerator random(quint32(n + 1));
    for (char &c : body)
        c = char('a' + random.bounded(26));
    Esl::HeaderList headers;
    headers.append("Event-Name", "CUSTOM");
    headers.append("Unique-ID", QByteArray::number(n));
    return Esl::Event(headers, body, true, Esl::Event::Format::Plain);
}

// Writes a session of `count` records of `bytes` each, received `ageMs` before kNow.
qint64 writeSession(const QString &path, int count, qsizetype bytes, qint64 ageMs)
{
    Journal journal;
    journal.setCompression(false);
    const auto session = journal.open(path, u"old"_s);
    if (!session)
        return 0;
    for (int i = 0; i < count; ++i)
        journal.append(1, u"pbx"_s, bulkyEvent(i, bytes), kNow - ageMs + i);
    journal.close();
    return *session;
}

QList<qint64> sessionIds(const QString &path)
{
    QList<qint64> ids;
    const auto sessions = Journal::sessions(path);
    if (sessions) {
        for (const Journal::SessionInfo &s : *sessions)
            ids.append(s.id);
    }
    return ids;
}

qint64 pragma(const QString &path, const QString &name)
{
    qint64 value = -1;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"pragma"_s);
        db.setDatabaseName(path);
        if (db.open()) {
            QSqlQuery query(db);
            if (query.exec(u"PRAGMA "_s + name) && query.next())
                value = query.value(0).toLongLong();
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(u"pragma"_s);
    return value;
}

// The first column of a query's first row; -1 when it fails.
qint64 scalar(const QString &path, const QString &sql)
{
    qint64 value = -1;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"scalar"_s);
        db.setDatabaseName(path);
        if (db.open()) {
            QSqlQuery query(db);
            if (query.exec(sql) && query.next())
                value = query.value(0).toLongLong();
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(u"scalar"_s);
    return value;
}

bool exec(const QString &path, const QStringList &statements)
{
    bool ok = true;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"exec"_s);
        db.setDatabaseName(path);
        ok = db.open();
        QSqlQuery query(db);
        for (const QString &statement : statements)
            ok = ok && query.exec(statement);
        db.close();
    }
    QSqlDatabase::removeDatabase(u"exec"_s);
    return ok;
}

} // namespace

class TestJournalRetention : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void removesSessionsOlderThanTheAgeButNeverTheOpenOne();
    void removesTheOldestSessionsUntilTheFileIsUnderItsSize();
    void trimsTheOldestRecordsOfTheOpenSessionWhenItAloneIsTooBig();
    void appliesItsRetentionWhenAFileIsOpened();
    void trimmingTheOpenSessionFreesTheBlocksNoRecordUses();
    void migratesAFileOfTheFirstFormatKeepingItsSessions();
    void readsAndMigratesAFileOfTheSecondFormatRecordByRecord();
    void refusesAFileOfANewerFormat();

private:
    QTemporaryDir m_dir;
    int m_files = 0;
    QString nextPath() { return m_dir.filePath(u"journal-%1.sqlite"_s.arg(++m_files)); }
};

void TestJournalRetention::removesSessionsOlderThanTheAgeButNeverTheOpenOne()
{
    const QString path = nextPath();
    const qint64 tenDaysOld = writeSession(path, 5, 100, 10 * kDayMs);
    const qint64 oneDayOld = writeSession(path, 5, 100, kDayMs);
    QVERIFY(tenDaysOld > 0 && oneDayOld > 0);
    Journal journal;
    const auto open = journal.open(path);
    QVERIFY(open);
    // The open session's own records are older than the bound too: it stays all the same.
    for (int i = 0; i < 3; ++i)
        journal.append(1, u"pbx"_s, bulkyEvent(i, 100), kNow - 30 * kDayMs);

    const auto pruned = journal.prune({.maxAgeMs = 7 * kDayMs, .maxBytes = 0}, kNow);
    QVERIFY2(pruned, qPrintable(pruned ? QString() : pruned.error().toString()));
    QCOMPARE(pruned->sessions, 1);
    QCOMPARE(pruned->records, 5);
    QCOMPARE(sessionIds(path), (QList<qint64>{oneDayOld, *open}));
    EventStore store;
    const auto loaded = Journal::load(path, *open, store);
    QVERIFY(loaded);
    QCOMPARE(loaded->events, 3);
}

void TestJournalRetention::removesTheOldestSessionsUntilTheFileIsUnderItsSize()
{
    const QString path = nextPath();
    QList<qint64> written;
    for (int s = 0; s < 4; ++s)
        written.append(writeSession(path, 20, 50'000, kDayMs - s)); // ~1 MB each
    Journal journal;
    const auto open = journal.open(path);
    QVERIFY(open);
    const qint64 limit = 2'300'000; // room for two of them
    const auto pruned = journal.prune({.maxAgeMs = 0, .maxBytes = limit}, kNow);
    QVERIFY(pruned);
    QVERIFY2(pruned->bytesBefore > 4'000'000, qPrintable(QString::number(pruned->bytesBefore)));
    QVERIFY2(pruned->bytesAfter <= limit, qPrintable(QString::number(pruned->bytesAfter)));
    QCOMPARE(pruned->sessions, 2);
    QCOMPARE(sessionIds(path), (QList<qint64>{written[2], written[3], *open}));
    journal.close();
    // The freed pages went back: the file holds no free pages and is about as big as its data.
    QCOMPARE(pragma(path, u"freelist_count"_s), 0);
    const auto used = Journal::sizeInUse(path);
    QVERIFY(used);
    QVERIFY2(*used <= limit, qPrintable(QString::number(*used)));
}

void TestJournalRetention::trimsTheOldestRecordsOfTheOpenSessionWhenItAloneIsTooBig()
{
    const QString path = nextPath();
    Journal journal;
    journal.setCompression(false);
    const auto open = journal.open(path);
    QVERIFY(open);
    for (int i = 0; i < 40; ++i)
        journal.append(1, u"pbx"_s, bulkyEvent(i, 50'000), kNow + i);
    const qint64 limit = 1'000'000;
    const auto pruned = journal.prune({.maxAgeMs = 0, .maxBytes = limit}, kNow);
    QVERIFY(pruned);
    QCOMPARE(pruned->sessions, 0);
    QVERIFY(pruned->records > 0);
    QVERIFY2(pruned->bytesAfter <= limit, qPrintable(QString::number(pruned->bytesAfter)));
    QCOMPARE(sessionIds(path), QList<qint64>{*open});
    // What is left is the newest, in order, and new records still follow it.
    journal.append(1, u"pbx"_s, bulkyEvent(99, 10), kNow + 99);
    journal.close();
    EventStore store;
    const auto loaded = Journal::load(path, *open, store);
    QVERIFY(loaded);
    QCOMPARE(loaded->events, 40 - pruned->records + 1);
    QCOMPARE(store.event(loaded->end - 1)->header("Unique-ID"), "99");
    QCOMPARE(store.event(loaded->first)->header("Unique-ID"), QByteArray::number(pruned->records));
}

void TestJournalRetention::appliesItsRetentionWhenAFileIsOpened()
{
    const QString path = nextPath();
    // Received "now" minus 30 days by the wall clock, which setRetention measures against.
    const qint64 wallAge = QDateTime::currentMSecsSinceEpoch() - kNow + 30 * kDayMs;
    QVERIFY(writeSession(path, 3, 100, wallAge) > 0);
    Journal journal;
    journal.setRetention({.maxAgeMs = 7 * kDayMs, .maxBytes = 0});
    QSignalSpy pruned(&journal, &Journal::pruned);
    const auto open = journal.open(path);
    QVERIFY(open);
    QCOMPARE(sessionIds(path), QList<qint64>{*open});
    QCOMPARE(pruned.count(), 1);
    QCOMPARE(pruned.at(0).at(0).value<Journal::Pruned>().sessions, 1);
}

void TestJournalRetention::migratesAFileOfTheFirstFormatKeepingItsSessions()
{
    const QString path = nextPath();
    const qint64 old = writeSession(path, 7, 300, kDayMs);
    QVERIFY(old > 0);
    // As the first format left files: no incremental vacuum, user_version 1.
    QVERIFY(exec(path, {u"PRAGMA auto_vacuum=NONE"_s, u"VACUUM"_s, u"PRAGMA user_version=1"_s}));
    QCOMPARE(pragma(path, u"auto_vacuum"_s), 0);
    // Readers take it as it is.
    QCOMPARE(sessionIds(path), QList<qint64>{old});

    Journal journal;
    const auto open = journal.open(path);
    QVERIFY2(open, qPrintable(open ? QString() : open.error().toString()));
    journal.close();
    QCOMPARE(pragma(path, u"user_version"_s), 3); // the current format
    QCOMPARE(pragma(path, u"auto_vacuum"_s), 2); // INCREMENTAL
    QCOMPARE(sessionIds(path), (QList<qint64>{old, *open}));
    EventStore store;
    const auto loaded = Journal::load(path, old, store);
    QVERIFY(loaded);
    QCOMPARE(loaded->events, 7);
}

void TestJournalRetention::refusesAFileOfANewerFormat()
{
    const QString path = nextPath();
    QVERIFY(writeSession(path, 1, 10, 0) > 0);
    QVERIFY(exec(path, {u"PRAGMA user_version=4"_s})); // the current format is 3
    Journal journal;
    const auto open = journal.open(path);
    QVERIFY(!open);
    QVERIFY2(open.error().message.contains(u"newer"_s), qPrintable(open.error().message));
    QCOMPARE(pragma(path, u"user_version"_s), 4); // left as it was
}

void TestJournalRetention::trimmingTheOpenSessionFreesTheBlocksNoRecordUses()
{
    // Records of 20 KB: three to a block, so that trimming a tenth at a time cuts blocks in two.
    const QString path = nextPath();
    Journal journal;
    journal.setCompression(false);
    const auto open = journal.open(path);
    QVERIFY(open);
    for (int i = 0; i < 60; ++i)
        journal.append(1, u"pbx"_s, bulkyEvent(i, 20'000), kNow + i);
    QVERIFY(journal.flush());
    const qint64 blocksBefore = scalar(path, u"SELECT COUNT(*) FROM blocks"_s);
    QVERIFY2(blocksBefore >= 15, qPrintable(QString::number(blocksBefore)));
    const auto pruned = journal.prune({.maxAgeMs = 0, .maxBytes = 700'000}, kNow);
    QVERIFY(pruned);
    QVERIFY(pruned->records > 0);
    journal.close();
    QCOMPARE(scalar(path, u"SELECT COUNT(*) FROM blocks b WHERE NOT EXISTS "
                          "(SELECT 1 FROM records r WHERE r.block = b.id)"_s),
             0);
    QVERIFY(scalar(path, u"SELECT COUNT(*) FROM blocks"_s) < blocksBefore);
    // A block whose first records went keeps the rest readable.
    EventStore store;
    const auto loaded = Journal::load(path, *open, store);
    QVERIFY(loaded);
    QCOMPARE(loaded->undecodable, 0);
    QCOMPARE(loaded->events, 60 - pruned->records);
    QCOMPARE(store.event(loaded->first)->header("Unique-ID"), QByteArray::number(pruned->records));
}

void TestJournalRetention::readsAndMigratesAFileOfTheSecondFormatRecordByRecord()
{
    // As format 2 wrote files: no blocks, each record's bytes in its row, qCompress'ed (1) or
    // as they are (0).
    const QString path = nextPath();
    QVERIFY(exec(path,
                 {u"PRAGMA auto_vacuum=INCREMENTAL"_s, u"PRAGMA journal_mode=WAL"_s,
                  u"CREATE TABLE sessions(id INTEGER PRIMARY KEY, started_ms INTEGER NOT NULL, "
                  "note TEXT NOT NULL DEFAULT '')"_s,
                  u"CREATE TABLE servers(session INTEGER NOT NULL, id INTEGER NOT NULL, "
                  "name TEXT NOT NULL, PRIMARY KEY(session, id))"_s,
                  u"CREATE TABLE records(session INTEGER NOT NULL, seq INTEGER NOT NULL, "
                  "server INTEGER NOT NULL, received_ms INTEGER NOT NULL, kind INTEGER NOT NULL, "
                  "name TEXT NOT NULL, uuid TEXT NOT NULL, encoding INTEGER NOT NULL, "
                  "bytes BLOB NOT NULL, PRIMARY KEY(session, seq))"_s,
                  u"INSERT INTO sessions(id, started_ms, note) VALUES(1, 1, 'format 2')"_s,
                  u"INSERT INTO servers VALUES(1, 4, 'pbx-old')"_s, u"PRAGMA user_version=2"_s}));
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"format2"_s);
        db.setDatabaseName(path);
        QVERIFY(db.open());
        QSqlQuery insert(db);
        for (int i = 0; i < 6; ++i) {
            const QByteArray plain = bulkyEvent(i, 300).toPlainMessage();
            QVERIFY(insert.prepare(u"INSERT INTO records VALUES(1, ?, 4, ?, 0, 'CUSTOM', ?, ?, ?)"_s));
            insert.addBindValue(i);
            insert.addBindValue(kNow + i);
            insert.addBindValue(QString::number(i));
            insert.addBindValue(i % 2);
            insert.addBindValue(i % 2 ? qCompress(plain, 1) : plain);
            QVERIFY(insert.exec());
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(u"format2"_s);
    const auto check = [&](const char *when) {
        EventStore store;
        const auto loaded = Journal::load(path, 1, store);
        QVERIFY2(loaded, when);
        QCOMPARE(loaded->events, 6);
        QCOMPARE(loaded->undecodable, 0);
        QCOMPARE(loaded->servers.value(4), u"pbx-old"_s);
        for (int i = 0; i < 6; ++i) {
            QCOMPARE(store.record(loaded->first + Monitor::Sequence(i))->receivedMs(), kNow + i);
            QCOMPARE(store.event(loaded->first + Monitor::Sequence(i))->body(),
                     bulkyEvent(i, 300).body());
        }
    };
    check("read as it is");
    if (QTest::currentTestFailed())
        return;
    QCOMPARE(pragma(path, u"user_version"_s), 2);

    Journal journal;
    const auto open = journal.open(path);
    QVERIFY2(open, qPrintable(open ? QString() : open.error().toString()));
    journal.append(1, u"pbx"_s, bulkyEvent(9, 300), kNow);
    journal.close();
    QCOMPARE(pragma(path, u"user_version"_s), 3);
    check("migrated");
    if (QTest::currentTestFailed())
        return;
    EventStore store;
    const auto loaded = Journal::load(path, *open, store);
    QVERIFY(loaded);
    QCOMPARE(loaded->events, 1);
    QCOMPARE(sessionIds(path), (QList<qint64>{1, *open}));
}

QTEST_GUILESS_MAIN(TestJournalRetention)
#include "tst_journalretention.moc"
