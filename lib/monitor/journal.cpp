#include "journal.h"
#include "journalsql.h"

#include "recordwire.h"

#include "esl/wire/parser.h"

#include <QAtomicInteger>
#include <QDateTime>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>

#include <zlib.h>

#include <optional>

namespace Monitor {

Q_LOGGING_CATEGORY(lcJournal, "monitor.journal")

namespace {

using detail::describe;
using detail::storageError;

// 1: the first format. 2: the same tables in a file with auto_vacuum=INCREMENTAL, so that the
// pages retention frees (Journal::prune) go back to the file system.
constexpr int kSchemaVersion = 2;
// After failed flushes (a full disk), keep at most this many records queued for the next try.
constexpr size_t kMaxQueued = 200'000;
constexpr qsizetype kCompressAbove = 128; // smaller records do not shrink
constexpr int kCompressionLevel = 1;      // ~2/3 of level 6's gain at a third of its cost

// A stored record is one message as the parser took it: never more than its limits allow.
constexpr qsizetype kMaxRecordBytes =
    Esl::wire::Parser::Limits{}.maxBodySize + Esl::wire::Parser::Limits{}.maxHeaderBlockSize + 64;

// qUncompress trusts the size in the blob's first four bytes (a 23-byte corrupt record made the
// reload allocate 4 GiB, found by fuzz_journal) and doubles its buffer for as long as the data
// inflates. The journal's own records say their exact size (qCompress writes it) and are never
// larger than kMaxRecordBytes: inflate into exactly that much, and call anything else undecodable.
std::optional<QByteArray> inflateRecord(const QByteArray &packed)
{
    if (packed.size() < 4)
        return std::nullopt;
    const auto *head = reinterpret_cast<const uchar *>(packed.constData());
    const qint64 expected =
        (qint64(head[0]) << 24) | (qint64(head[1]) << 16) | (qint64(head[2]) << 8) | head[3];
    if (expected > kMaxRecordBytes)
        return std::nullopt;
    QByteArray out(qsizetype(expected), Qt::Uninitialized);
    z_stream stream{};
    if (inflateInit(&stream) != Z_OK)
        return std::nullopt;
    stream.next_in = const_cast<Bytef *>(head + 4);
    stream.avail_in = uInt(packed.size() - 4);
    stream.next_out = reinterpret_cast<Bytef *>(out.data());
    stream.avail_out = uInt(expected);
    const int result = inflate(&stream, Z_FINISH);
    const bool whole = result == Z_STREAM_END && stream.total_out == uLong(expected);
    inflateEnd(&stream);
    if (!whole)
        return std::nullopt;
    return out;
}

QString uniqueConnectionName()
{
    static QAtomicInteger<quint64> counter;
    return QStringLiteral("switchboard-journal-%1").arg(counter.fetchAndAddRelaxed(1));
}

// SQL binds a null QString as NULL; the text columns are NOT NULL.
QString text(const QString &value)
{
    return value.isNull() ? QStringLiteral("") : value;
}

// One connection to a journal file for the length of a scope (the readers).
class Connection
{
public:
    explicit Connection(const QString &path) : m_name(uniqueConnectionName())
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_name);
        db.setDatabaseName(path);
        db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000"));
        if (!db.open())
            m_error = db.lastError().text();
    }
    ~Connection()
    {
        QSqlDatabase::database(m_name, false).close();
        QSqlDatabase::removeDatabase(m_name);
    }
    Connection(const Connection &) = delete;
    Connection &operator=(const Connection &) = delete;

    [[nodiscard]] QSqlDatabase db() const { return QSqlDatabase::database(m_name, false); }
    [[nodiscard]] const QString &error() const { return m_error; }

private:
    QString m_name;
    QString m_error;
};

// Whether the file holds a journal of a version we read; an error otherwise.
std::optional<Esl::Error> checkSchema(const QSqlDatabase &db)
{
    QSqlQuery query(db);
    if (!query.exec(QStringLiteral("PRAGMA user_version")) || !query.next())
        return storageError(QStringLiteral("not a journal: %1").arg(describe(query)));
    const int version = query.value(0).toInt();
    if (version == 0)
        return storageError(QStringLiteral("not a Switchboard journal"));
    if (version > kSchemaVersion)
        return storageError(QStringLiteral("journal format %1 is newer than this program's (%2)")
                                .arg(version)
                                .arg(kSchemaVersion));
    return std::nullopt;
}

// Moves a file of an older format to this one, in place; nothing when it is current.
std::optional<Esl::Error> migrate(QSqlDatabase &db, int from)
{
    QSqlQuery query(db);
    if (from < 2) {
        // auto_vacuum only changes with a VACUUM, which rewrites the file (and cannot run
        // inside a transaction): a journal of 32 MB takes well under a second.
        for (const QString &statement :
             {QStringLiteral("PRAGMA auto_vacuum=INCREMENTAL"), QStringLiteral("VACUUM")}) {
            if (!query.exec(statement))
                return storageError(QStringLiteral("migrating the journal from format %1: %2: %3")
                                        .arg(from)
                                        .arg(statement, describe(query)));
        }
    }
    if (!query.exec(QStringLiteral("PRAGMA user_version=%1").arg(kSchemaVersion)))
        return storageError(describe(query));
    return std::nullopt;
}

std::optional<Esl::Error> createSchema(QSqlDatabase &db)
{
    const QStringList statements{
        QStringLiteral("PRAGMA journal_mode=WAL"),
        QStringLiteral("PRAGMA synchronous=NORMAL"),
        QStringLiteral("CREATE TABLE IF NOT EXISTS sessions(id INTEGER PRIMARY KEY, "
                       "started_ms INTEGER NOT NULL, note TEXT NOT NULL DEFAULT '')"),
        QStringLiteral("CREATE TABLE IF NOT EXISTS servers(session INTEGER NOT NULL, "
                       "id INTEGER NOT NULL, name TEXT NOT NULL, PRIMARY KEY(session, id))"),
        QStringLiteral("CREATE TABLE IF NOT EXISTS records(session INTEGER NOT NULL, "
                       "seq INTEGER NOT NULL, server INTEGER NOT NULL, "
                       "received_ms INTEGER NOT NULL, kind INTEGER NOT NULL, "
                       "name TEXT NOT NULL, uuid TEXT NOT NULL, encoding INTEGER NOT NULL, "
                       "bytes BLOB NOT NULL, PRIMARY KEY(session, seq))"),
    };
    QSqlQuery query(db);
    if (!query.exec(QStringLiteral("PRAGMA user_version")) || !query.next())
        return storageError(QStringLiteral("not a journal: %1").arg(describe(query)));
    const int version = query.value(0).toInt();
    if (version > kSchemaVersion)
        return checkSchema(db);
    // A new file: auto_vacuum takes effect only when set before the first table.
    if (version == 0 && !query.exec(QStringLiteral("PRAGMA auto_vacuum=INCREMENTAL")))
        return storageError(describe(query));
    for (const QString &statement : statements) {
        if (!query.exec(statement))
            return storageError(QStringLiteral("%1: %2").arg(statement, describe(query)));
    }
    if (version == 0) {
        if (!query.exec(QStringLiteral("PRAGMA user_version=%1").arg(kSchemaVersion)))
            return storageError(describe(query));
        return std::nullopt;
    }
    return version < kSchemaVersion ? migrate(db, version) : std::nullopt;
}

QHash<qint64, QHash<ServerId, QString>> serverNames(const QSqlDatabase &db, qint64 session)
{
    QHash<qint64, QHash<ServerId, QString>> names;
    QSqlQuery query(db);
    query.prepare(session > 0
                      ? QStringLiteral("SELECT session, id, name FROM servers WHERE session = ?")
                      : QStringLiteral("SELECT session, id, name FROM servers"));
    if (session > 0)
        query.addBindValue(session);
    if (query.exec()) {
        while (query.next())
            names[query.value(0).toLongLong()][ServerId(query.value(1).toUInt())] =
                query.value(2).toString();
    }
    return names;
}

} // namespace

Journal::Journal(QObject *parent) : QObject(parent)
{
    // Children, so that moveToThread() takes the timers along (the hub runs its journal on a
    // thread of its own); being members, they leave the children list before ~QObject runs.
    m_timer.setParent(this);
    m_soon.setParent(this);
    m_retentionTimer.setParent(this);
    m_retentionTimer.setInterval(kRetentionIntervalMs);
    connect(&m_retentionTimer, &QTimer::timeout, this, &Journal::applyRetention);
    m_timer.setInterval(1000);
    connect(&m_timer, &QTimer::timeout, this, [this] { flush(); });
    m_soon.setSingleShot(true);
    m_soon.setInterval(0);
    connect(&m_soon, &QTimer::timeout, this, [this] { flush(); });
}

Journal::~Journal()
{
    close();
}

void Journal::setFlushInterval(int ms)
{
    m_timer.setInterval(std::max(ms, 1));
}

Esl::Expected<qint64> Journal::open(const QString &path, const QString &note)
{
    close();
    m_connection = uniqueConnectionName();
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connection);
    db.setDatabaseName(path);
    db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000"));
    std::optional<Esl::Error> error;
    if (!db.open())
        error = storageError(db.lastError().text());
    else
        error = createSchema(db);
    qint64 session = 0;
    if (!error) {
        QSqlQuery insert(db);
        insert.prepare(QStringLiteral("INSERT INTO sessions(started_ms, note) VALUES(?, ?)"));
        insert.addBindValue(QDateTime::currentMSecsSinceEpoch());
        insert.addBindValue(text(note));
        if (insert.exec())
            session = insert.lastInsertId().toLongLong();
        else
            error = storageError(describe(insert));
    }
    if (error) {
        db.close();
        db = QSqlDatabase();
        QSqlDatabase::removeDatabase(m_connection);
        m_connection.clear();
        return *error;
    }
    m_path = path;
    m_session = session;
    m_nextSeq = 0;
    m_stats = {};
    m_serverNames.clear();
    m_pendingServers.clear();
    m_lastError.reset();
    m_timer.start();
    if (m_retention) {
        applyRetention();
        m_retentionTimer.start();
    }
    return session;
}

void Journal::close()
{
    if (!isOpen())
        return;
    m_timer.stop();
    m_retentionTimer.stop();
    flush();
    if (!m_queue.empty())
        qCWarning(lcJournal) << "closing" << m_path << "with" << m_queue.size()
                             << "records not written";
    m_queue.clear();
    QSqlDatabase::database(m_connection, false).close();
    QSqlDatabase::removeDatabase(m_connection);
    m_connection.clear();
    m_session = 0;
}

void Journal::append(ServerId server, const QString &serverName, const Esl::Event &event,
                     qint64 receivedMs)
{
    if (isOpen())
        enqueue(server, serverName, RecordKind::Event, event.name(), event.header("Unique-ID"),
                event.toPlainMessage(), receivedMs);
}

void Journal::appendLog(ServerId server, const QString &serverName, const Esl::LogLine &line,
                        qint64 receivedMs)
{
    if (isOpen())
        enqueue(server, serverName, RecordKind::Log, Esl::LogLine::levelName(line.level),
                line.userData.toUtf8(), logFrame(logHeaders(line), line.text.toUtf8()), receivedMs);
}

void Journal::enqueue(ServerId server, const QString &serverName, RecordKind kind, QString name,
                      QByteArrayView uuid, QByteArray bytes, qint64 receivedMs)
{
    const auto known = m_serverNames.constFind(server);
    if (known == m_serverNames.cend() || *known != serverName) {
        m_serverNames.insert(server, serverName);
        m_pendingServers.insert(server, serverName);
    }
    Row row;
    row.seq = m_nextSeq++;
    row.receivedMs = receivedMs;
    row.server = server;
    row.kind = kind;
    row.name = std::move(name);
    row.uuid = uuid.toByteArray();
    row.rawSize = bytes.size();
    // Serialized and compressed now, a record at a time, so that a flush only writes.
    if (m_compress && bytes.size() > kCompressAbove) {
        QByteArray packed = qCompress(bytes, kCompressionLevel);
        if (packed.size() < bytes.size()) {
            bytes = std::move(packed);
            row.compressed = true;
        }
    }
    row.bytes = std::move(bytes);
    m_queue.push_back(std::move(row));
    // Enough for a write of its own; not while writes fail (the interval paces the retries).
    if (qsizetype(m_queue.size()) >= m_flushRecords && !m_lastError && !m_soon.isActive())
        m_soon.start();
}

bool Journal::flush()
{
    m_soon.stop();
    if (!isOpen() || (m_queue.empty() && m_pendingServers.isEmpty()))
        return true;
    QElapsedTimer clock;
    clock.start();
    const qint64 records = qint64(m_queue.size());
    if (!writeQueue()) {
        ++m_stats.failedFlushes;
        if (m_queue.size() > kMaxQueued) {
            const size_t drop = m_queue.size() - kMaxQueued;
            m_queue.erase(m_queue.begin(), m_queue.begin() + qsizetype(drop));
            m_stats.dropped += qint64(drop);
        }
        Q_EMIT flushFailed(*m_lastError);
        return false;
    }
    ++m_stats.flushes;
    m_stats.lastFlushMs = QDateTime::currentMSecsSinceEpoch();
    m_stats.lastFlushUs = clock.nsecsElapsed() / 1000;
    m_stats.lastFlushRecords = records;
    m_lastError.reset();
    Q_EMIT flushed(records);
    return true;
}

bool Journal::writeQueue()
{
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    if (!db.transaction())
        return fail(QStringLiteral("begin"), db.lastError().text());
    QSqlQuery servers(db);
    servers.prepare(
        QStringLiteral("INSERT OR REPLACE INTO servers(session, id, name) VALUES(?, ?, ?)"));
    for (auto it = m_pendingServers.cbegin(); it != m_pendingServers.cend(); ++it) {
        servers.addBindValue(m_session);
        servers.addBindValue(int(it.key()));
        servers.addBindValue(text(it.value()));
        if (!servers.exec()) {
            db.rollback();
            return fail(QStringLiteral("servers"), describe(servers));
        }
    }
    QSqlQuery insert(db);
    insert.prepare(
        QStringLiteral("INSERT INTO records(session, seq, server, received_ms, kind, "
                       "name, uuid, encoding, bytes) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    qint64 stored = 0;
    qint64 raw = 0;
    for (const Row &row : m_queue) {
        insert.addBindValue(m_session);
        insert.addBindValue(row.seq);
        insert.addBindValue(int(row.server));
        insert.addBindValue(row.receivedMs);
        insert.addBindValue(row.kind == RecordKind::Log ? 1 : 0);
        insert.addBindValue(text(row.name));
        insert.addBindValue(text(QString::fromUtf8(row.uuid)));
        insert.addBindValue(row.compressed ? 1 : 0);
        insert.addBindValue(row.bytes);
        if (!insert.exec()) {
            db.rollback();
            return fail(QStringLiteral("insert"), describe(insert));
        }
        stored += row.bytes.size();
        raw += row.rawSize;
    }
    if (!db.commit()) {
        const QString why = db.lastError().text();
        db.rollback();
        return fail(QStringLiteral("commit"), why);
    }
    m_stats.recordsWritten += qint64(m_queue.size());
    m_stats.bytesWritten += stored;
    m_stats.rawBytes += raw;
    m_queue.clear();
    m_pendingServers.clear();
    return true;
}

bool Journal::fail(const QString &what, const QString &why)
{
    m_lastError = storageError(QStringLiteral("%1: %2: %3").arg(m_path, what, why));
    qCWarning(lcJournal).noquote() << m_lastError->message;
    return false;
}

Journal::Stats Journal::stats() const
{
    Stats stats = m_stats;
    stats.pending = qint64(m_queue.size());
    return stats;
}

Esl::Expected<QList<Journal::SessionInfo>> Journal::sessions(const QString &path)
{
    if (!QFileInfo(path).isFile())
        return storageError(QStringLiteral("%1: no such file").arg(path));
    const Connection connection(path);
    if (!connection.error().isEmpty())
        return storageError(QStringLiteral("%1: %2").arg(path, connection.error()));
    QSqlDatabase db = connection.db();
    if (std::optional<Esl::Error> error = checkSchema(db))
        return *error;
    QSqlQuery query(db);
    query.setForwardOnly(true);
    if (!query.exec(QStringLiteral(
            "SELECT s.id, s.started_ms, s.note, COUNT(r.seq), MIN(r.received_ms), "
            "MAX(r.received_ms) FROM sessions s LEFT JOIN records r ON r.session = s.id "
            "GROUP BY s.id ORDER BY s.id")))
        return storageError(QStringLiteral("%1: %2").arg(path, describe(query)));
    const QHash<qint64, QHash<ServerId, QString>> names = serverNames(db, 0);
    QList<SessionInfo> out;
    while (query.next()) {
        SessionInfo info;
        info.id = query.value(0).toLongLong();
        info.startedMs = query.value(1).toLongLong();
        info.note = query.value(2).toString();
        info.records = query.value(3).toLongLong();
        info.firstMs = query.value(4).toLongLong();
        info.lastMs = query.value(5).toLongLong();
        info.servers = names.value(info.id);
        out.append(std::move(info));
    }
    return out;
}

Esl::Expected<Journal::Loaded> Journal::load(const QString &path, qint64 session, EventStore &store,
                                             const Progress &progress)
{
    if (!QFileInfo(path).isFile())
        return storageError(QStringLiteral("%1: no such file").arg(path));
    const Connection connection(path);
    if (!connection.error().isEmpty())
        return storageError(QStringLiteral("%1: %2").arg(path, connection.error()));
    QSqlDatabase db = connection.db();
    if (std::optional<Esl::Error> error = checkSchema(db))
        return *error;
    QSqlQuery query(db);
    query.setForwardOnly(true);
    query.prepare(QStringLiteral("SELECT COUNT(*), (SELECT COUNT(*) FROM sessions WHERE id = ?) "
                                 "FROM records WHERE session = ?"));
    query.addBindValue(session);
    query.addBindValue(session);
    if (!query.exec() || !query.next())
        return storageError(QStringLiteral("%1: %2").arg(path, describe(query)));
    const qint64 total = query.value(0).toLongLong();
    if (query.value(1).toLongLong() == 0)
        return storageError(QStringLiteral("%1: no session %2").arg(path).arg(session));

    query.prepare(QStringLiteral("SELECT server, received_ms, encoding, bytes FROM records "
                                 "WHERE session = ? ORDER BY seq"));
    query.addBindValue(session);
    if (!query.exec())
        return storageError(QStringLiteral("%1: %2").arg(path, describe(query)));
    Loaded loaded;
    loaded.servers = serverNames(db, session).value(session);
    loaded.first = loaded.end = store.endSequence();
    Esl::wire::Parser parser;
    qint64 done = 0;
    while (query.next()) {
        if (progress && (done & 1023) == 0 && !progress(done, total))
            return Esl::Error{Esl::Error::Code::Canceled, QStringLiteral("canceled"), -1};
        ++done;
        QByteArray bytes = query.value(3).toByteArray();
        if (query.value(2).toInt() == 1) {
            std::optional<QByteArray> inflated = inflateRecord(bytes);
            if (!inflated) {
                ++loaded.undecodable;
                continue;
            }
            bytes = std::move(*inflated);
        }
        parser.reset();
        parser.feed(bytes);
        parser.finish();
        if (!parser.hasMessage()) {
            ++loaded.undecodable;
            continue;
        }
        const DecodedRecord record = decodeRecord(parser.takeMessage());
        if (!record.kind) {
            ++loaded.undecodable;
            continue;
        }
        appendRecord(store, ServerId(query.value(0).toUInt()), record, query.value(1).toLongLong());
        ++(record.kind == RecordKind::Log ? loaded.logLines : loaded.events);
    }
    if (progress)
        progress(done, total);
    loaded.end = store.endSequence();
    return loaded;
}

Esl::Expected<qint64> Journal::sizeInUse(const QString &path)
{
    if (!QFileInfo::exists(path))
        return storageError(QStringLiteral("%1: no such file").arg(path));
    const Connection connection(path);
    if (!connection.error().isEmpty())
        return storageError(connection.error());
    return detail::usedBytes(connection.db());
}

} // namespace Monitor
