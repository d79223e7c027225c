// Reading a journal file back: its sessions, one session's records into an EventStore, its size.
// Each reader opens a connection of its own, so that a file can be read while a journal writes it.

#include "journal.h"
#include "journalcodec.h"
#include "journalsql.h"
#include "recordwire.h"

#include "esl/wire/parser.h"

#include <QFileInfo>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>

#include <optional>

namespace Monitor {

using detail::checkSchema;
using detail::describe;
using detail::kInBlock;
using detail::storageError;

namespace {

// One connection to a journal file for the length of a scope (the readers).
class Connection
{
public:
    explicit Connection(const QString &path) : m_name(detail::uniqueConnectionName())
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

// The blocks of one session as its records ask for them, in order: the last one read is kept
// (inflated, at most detail::kMaxBlockBytes), since consecutive records share it.
class BlockReader
{
public:
    BlockReader(const QSqlDatabase &db, qint64 session) : m_query(db)
    {
        m_query.setForwardOnly(true);
        m_query.prepare(
            QStringLiteral("SELECT encoding, bytes FROM blocks WHERE id = ? AND session = ?"));
        m_session = session;
    }

    // Bytes [start, start + length) of block `id`; nothing when it is missing, does not
    // decode, or is shorter.
    std::optional<QByteArray> slice(qint64 id, qint64 start, qint64 length)
    {
        if (id != m_id) {
            m_id = id;
            m_bytes = read(id);
        }
        if (!m_bytes || start < 0 || length < 0 || start > m_bytes->size() ||
            length > m_bytes->size() - start)
            return std::nullopt;
        return m_bytes->sliced(qsizetype(start), qsizetype(length));
    }

private:
    std::optional<QByteArray> read(qint64 id)
    {
        m_query.bindValue(0, id);
        m_query.bindValue(1, m_session);
        if (!m_query.exec() || !m_query.next())
            return std::nullopt;
        const int encoding = m_query.value(0).toInt();
        const QByteArray bytes = m_query.value(1).toByteArray();
        m_query.finish();
        if (encoding == 0)
            return bytes;
        if (encoding == 1)
            return detail::inflateBounded(bytes, detail::kMaxBlockBytes);
        return std::nullopt;
    }

    QSqlQuery m_query;
    qint64 m_session = 0;
    qint64 m_id = -1;
    std::optional<QByteArray> m_bytes;
};

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
    int format = 0;
    if (std::optional<Esl::Error> error = checkSchema(db, &format))
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

    // A file of an older format, read as it is, has no blocks.
    query.prepare(format >= 3 ? QStringLiteral("SELECT server, received_ms, encoding, bytes, block, "
                                               "block_start, block_length FROM records "
                                               "WHERE session = ? ORDER BY seq")
                              : QStringLiteral("SELECT server, received_ms, encoding, bytes, 0, 0, 0 "
                                               "FROM records WHERE session = ? ORDER BY seq"));
    query.addBindValue(session);
    if (!query.exec())
        return storageError(QStringLiteral("%1: %2").arg(path, describe(query)));
    BlockReader blocks(db, session);
    Loaded loaded;
    loaded.servers = serverNames(db, session).value(session);
    loaded.first = loaded.end = store.endSequence();
    Esl::wire::Parser parser;
    qint64 done = 0;
    while (query.next()) {
        if (progress && (done & 1023) == 0 && !progress(done, total))
            return Esl::Error{Esl::Error::Code::Canceled, QStringLiteral("canceled"), -1};
        ++done;
        std::optional<QByteArray> bytes;
        switch (query.value(2).toInt()) {
        case 0:
            bytes = query.value(3).toByteArray();
            break;
        case 1:
            bytes = detail::inflateBounded(query.value(3).toByteArray(), detail::kMaxRecordBytes);
            break;
        case kInBlock:
            bytes = blocks.slice(query.value(4).toLongLong(), query.value(5).toLongLong(),
                                 query.value(6).toLongLong());
            break;
        default:
            break;
        }
        if (!bytes) {
            ++loaded.undecodable;
            continue;
        }
        parser.reset();
        parser.feed(*bytes);
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
