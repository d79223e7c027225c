// libFuzzer target for the journal's reload (Monitor::Journal::load, lib/monitor/journal.h).
// Each input becomes the records of one session in a journal file (made by a Journal, so the
// schema is its own, and emptied for every input), written into its `records` table the way the
// journal stores them; then the session is loaded back. The input is records cut by "\n@@"
// (sessionscript.h's separator); a record's first byte says how it is stored:
//   bits 0-1  0: as it is (encoding 0); 1: qCompress'ed, as formats 1 and 2 did (encoding 1);
//             2: as it is, but marked compressed (encoding 1: a corrupt blob); 3: as it is,
//             under an encoding this version does not know (3)
//   bits 2-4  the server id (each server gets a row in `servers`)
//   bit 5     the kind column (0 event, 1 log line; load() goes by the bytes)
//   bit 6     (the first record's only) go on to the round trip below
//   bit 7     stored as format 3 does, in a block of its own (bits 0-1 then say the block's
//             encoding), the record being the block's first <its length> bytes (encoding 2)
// and the rest is its bytes (recordwire.h: a plain event message or a log/data frame). Besides
// not crashing:
//  - the load succeeds (the file is sound) with every record either loaded or counted
//    undecodable, in a range [first, end) of the store, under the servers' names;
//  - with bit 6, what was loaded, written by a Journal into a second session and loaded, then
//    written into a third and loaded, comes back the same from the third as from the second: a
//    record the journal wrote itself reads back unchanged (the first pass may normalise,
//    recordwire.h);
//  - sessions() counts each session's records as they were written.

#include "sessionscript.h"

#include "monitor/eventstore.h"
#include "monitor/journal.h"
#include "monitor/recordwire.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <vector>

namespace {

using Monitor::EventStore;
using Monitor::Journal;

[[noreturn]] void fail(const char *what, const QString &detail = {})
{
    std::fprintf(stderr, "fuzz_journal: %s\n", what);
    if (!detail.isEmpty())
        std::fprintf(stderr, "  %s\n", qPrintable(detail));
    std::abort();
}

struct Row
{
    Monitor::ServerId server = 0;
    int kind = 0;
    int encoding = 0;
    QByteArray bytes;
    bool inBlock = false;
    qint64 length = 0; // before compression
};

std::vector<Row> rowsOf(QByteArrayView input)
{
    std::vector<Row> rows;
    qsizetype pos = 0;
    while (pos <= input.size()) {
        qsizetype end = input.indexOf(SessionScript::kSeparator, pos);
        if (end < 0)
            end = input.size();
        if (end > pos) {
            const auto control = uint8_t(input[pos]);
            Row row;
            row.server = Monitor::ServerId((control >> 2) & 7);
            row.kind = (control >> 5) & 1;
            row.bytes = input.sliced(pos + 1, end - pos - 1).toByteArray();
            row.inBlock = (control & 0x80) != 0;
            row.length = row.bytes.size();
            switch (control & 3) {
            case 1:
                row.bytes = qCompress(row.bytes, 1);
                row.encoding = 1;
                break;
            case 2:
                row.encoding = 1;
                break;
            case 3:
                row.encoding = 3;
                break;
            }
            rows.push_back(std::move(row));
        }
        pos = end + SessionScript::kSeparator.size();
    }
    return rows;
}

QString serverName(Monitor::ServerId server)
{
    return QStringLiteral("switch-%1").arg(server);
}

// A folder for the run's journal file, in tmpfs where there is one (SQLite syncs), named after
// the process. A run that crashes leaves by _Exit() and no destructor removes its folder: the
// next run sweeps the folders of processes that are gone.
class ScratchDir
{
public:
    ScratchDir()
    {
        const QString base = QDir(QStringLiteral("/dev/shm")).exists() ? QStringLiteral("/dev/shm")
                                                                       : QDir::tempPath();
        const QFileInfoList old = QDir(base).entryInfoList({QStringLiteral("fuzz_journal-*")},
                                                           QDir::Dirs | QDir::NoDotAndDotDot);
        for (const QFileInfo &dir : old) {
            const qint64 pid = dir.fileName().section(u'-', 1).toLongLong();
            if (pid > 0 && !QFileInfo::exists(QStringLiteral("/proc/%1").arg(pid)))
                QDir(dir.filePath()).removeRecursively();
        }
        m_path = base + QStringLiteral("/fuzz_journal-%1").arg(QCoreApplication::applicationPid());
        if (!QDir().mkpath(m_path))
            fail("cannot make a scratch folder", m_path);
    }
    ~ScratchDir() { QDir(m_path).removeRecursively(); }
    ScratchDir(const ScratchDir &) = delete;
    ScratchDir &operator=(const ScratchDir &) = delete;

    [[nodiscard]] QString filePath(const QString &name) const { return m_path + u'/' + name; }

private:
    QString m_path;
};

// A journal file made by a Journal (so the schema is its own), for the whole run.
QString journalPath()
{
    static const ScratchDir dir;
    static const QString path = [] {
        const QString made = dir.filePath(QStringLiteral("journal.sqlite"));
        QFile::remove(made);
        Journal journal;
        const Esl::Expected<qint64> opened = journal.open(made);
        if (!opened)
            fail("a journal does not open a new file", opened.error().toString());
        return made;
    }();
    return path;
}

// Empties the file and writes the rows as a session of their own, through a connection of ours
// that stays open for the run; returns the session's id.
qint64 writeSession(const std::vector<Row> &rows)
{
    static const QString name = [] {
        const QString connection = QStringLiteral("fuzz-journal-writer");
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connection);
        db.setDatabaseName(journalPath());
        if (!db.open())
            fail("cannot open the journal file", db.lastError().text());
        return connection;
    }();
    QSqlDatabase db = QSqlDatabase::database(name, false);
    if (!db.transaction())
        fail("cannot write the journal file", db.lastError().text());
    QSqlQuery query(db);
    for (const char *statement :
         {"DELETE FROM records", "DELETE FROM servers", "DELETE FROM sessions",
          "INSERT INTO sessions(started_ms, note) VALUES(1700000000000, 'fuzz')"}) {
        if (!query.exec(QString::fromLatin1(statement)))
            fail("cannot write the journal file", query.lastError().text());
    }
    const qint64 session = query.lastInsertId().toLongLong();
    QSqlQuery servers(db);
    servers.prepare(QStringLiteral("INSERT OR REPLACE INTO servers VALUES(?, ?, ?)"));
    if (!query.exec(QStringLiteral("DELETE FROM blocks")))
        fail("cannot write the journal file", query.lastError().text());
    QSqlQuery block(db);
    block.prepare(QStringLiteral("INSERT INTO blocks(session, encoding, bytes) VALUES(?, ?, ?)"));
    QSqlQuery insert(db);
    insert.prepare(QStringLiteral("INSERT INTO records(session, seq, server, received_ms, kind, "
                                  "name, uuid, encoding, bytes, block, block_start, block_length) "
                                  "VALUES(?, ?, ?, ?, ?, '', '', ?, ?, ?, 0, ?)"));
    for (size_t i = 0; i < rows.size(); ++i) {
        const Row &row = rows[i];
        qint64 blockId = 0;
        if (row.inBlock) {
            block.addBindValue(session);
            block.addBindValue(row.encoding);
            block.addBindValue(row.bytes);
            if (!block.exec())
                fail("cannot insert a block", block.lastError().text());
            blockId = block.lastInsertId().toLongLong();
        }
        servers.addBindValue(session);
        servers.addBindValue(int(row.server));
        servers.addBindValue(serverName(row.server));
        insert.addBindValue(session);
        insert.addBindValue(qint64(i));
        insert.addBindValue(int(row.server));
        insert.addBindValue(qint64(1'700'000'000'000) + qint64(i));
        insert.addBindValue(row.kind);
        insert.addBindValue(row.inBlock ? 2 : row.encoding);
        insert.addBindValue(row.inBlock ? QByteArray("") : row.bytes);
        insert.addBindValue(blockId);
        insert.addBindValue(row.length);
        if (!servers.exec() || !insert.exec())
            fail("cannot insert a record", insert.lastError().text());
    }
    if (!db.commit())
        fail("cannot commit the records", db.lastError().text());
    return session;
}

Journal::Loaded load(qint64 session, EventStore &store)
{
    const Esl::Expected<Journal::Loaded> loaded = Journal::load(journalPath(), session, store);
    if (!loaded)
        fail("a sound journal file does not load", loaded.error().toString());
    if (loaded->end < loaded->first ||
        qint64(loaded->end - loaded->first) != loaded->events + loaded->logLines)
        fail("the loaded range is not the loaded events and log lines");
    return *loaded;
}

// Writes the loaded records into a new session of the file; returns its id and how many.
std::pair<qint64, qint64> rewrite(const EventStore &store, const Journal::Loaded &loaded)
{
    Journal journal;
    journal.setFlushRecords(1 << 20); // one write, at close()
    const Esl::Expected<qint64> session = journal.open(journalPath());
    if (!session)
        fail("a journal does not open its own file again", session.error().toString());
    qint64 count = 0;
    store.forEach(loaded.first, loaded.end, [&](const EventStore::Record &record) {
        const Esl::Event event = Monitor::eventOf(record);
        const QString name = loaded.servers.value(record.server());
        if (record.kind() == Monitor::RecordKind::Log) {
            const Esl::Message frame(event.headers(), event.body(), true);
            journal.appendLog(record.server(), name, Esl::LogLine::fromMessage(frame),
                              record.receivedMs());
        } else {
            journal.append(record.server(), name, event, record.receivedMs());
        }
        ++count;
        return true;
    });
    journal.close();
    if (journal.stats().recordsWritten != count)
        fail("the journal did not write every record it was given");
    return {*session, count};
}

void requireSame(const EventStore &a, const Journal::Loaded &x, const EventStore &b,
                 const Journal::Loaded &y)
{
    if (x.events != y.events || x.logLines != y.logLines || y.undecodable != 0 ||
        x.servers != y.servers)
        fail("records the journal wrote itself do not load back the same",
             QStringLiteral("%1 events, %2 log lines vs %3, %4, %5 undecodable")
                 .arg(x.events)
                 .arg(x.logLines)
                 .arg(y.events)
                 .arg(y.logLines)
                 .arg(y.undecodable));
    for (qint64 i = 0; i < x.events + x.logLines; ++i) {
        const std::optional<EventStore::Record> r = a.record(x.first + Monitor::Sequence(i));
        const std::optional<EventStore::Record> s = b.record(y.first + Monitor::Sequence(i));
        if (!r || !s)
            fail("a loaded record is missing from the store");
        if (r->kind() != s->kind() || r->server() != s->server() ||
            r->receivedMs() != s->receivedMs() ||
            !Monitor::eventOf(*r).isEquivalent(Monitor::eventOf(*s)))
            fail("a record the journal wrote itself loads back different",
                 QStringLiteral("record %1").arg(i));
    }
}

void quiet(QtMsgType type, const QMessageLogContext &, const QString &message)
{
    if (type == QtFatalMsg) {
        std::fprintf(stderr, "%s\n", qPrintable(message));
        std::abort();
    }
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    static int argc = 1;
    static char name[] = "fuzz_journal";
    static char *argv[] = {name, nullptr};
    new QCoreApplication(argc, argv); // for the whole run: the SQL plugin, the journal's timers
    // qUncompress warns about every corrupt blob.
    if (qEnvironmentVariableIsEmpty("FUZZ_QT_MESSAGES"))
        qInstallMessageHandler(quiet);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const std::vector<Row> rows = rowsOf(QByteArrayView(data, qsizetype(size)));
    const qint64 session = writeSession(rows);

    EventStore first;
    const Journal::Loaded loaded = load(session, first);
    if (loaded.events + loaded.logLines + loaded.undecodable != qint64(rows.size()))
        fail("records went missing: neither loaded nor counted undecodable");
    QHash<Monitor::ServerId, QString> servers;
    for (const Row &row : rows)
        servers.insert(row.server, serverName(row.server));
    if (loaded.servers != servers)
        fail("the loaded server names are not the stored ones");

    // The round trip through the journal's writer triples the time an input takes: only the
    // inputs that ask for it.
    qint64 counts[] = {qint64(rows.size()), 0, 0};
    qsizetype sessionCount = 1;
    if (size > 0 && (data[0] & 0x40)) {
        EventStore second;
        const auto [secondSession, secondCount] = rewrite(first, loaded);
        const Journal::Loaded secondLoad = load(secondSession, second);
        EventStore third;
        const auto [thirdSession, thirdCount] = rewrite(second, secondLoad);
        const Journal::Loaded thirdLoad = load(thirdSession, third);
        requireSame(second, secondLoad, third, thirdLoad);
        counts[1] = secondCount;
        counts[2] = thirdCount;
        sessionCount = 3;
    }

    const Esl::Expected<QList<Journal::SessionInfo>> sessions = Journal::sessions(journalPath());
    if (!sessions || sessions->size() != sessionCount)
        fail("sessions() does not list the sessions written");
    for (qsizetype i = 0; i < sessionCount; ++i) {
        if (sessions->at(i).records != counts[i])
            fail("sessions() miscounts a session's records");
    }
    return 0;
}
