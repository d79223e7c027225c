// The journal's writing side: queueing records into blocks, flushing them in bounded
// transactions, opening and closing. Reading is in journalreader.cpp, the schema in
// journalschema.cpp, retention in journalretention.cpp.

#include "journal.h"
#include "journalcodec.h"
#include "journalsql.h"
#include "recordwire.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QLoggingCategory>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>

#include <utility>

namespace Monitor {

Q_LOGGING_CATEGORY(lcJournal, "monitor.journal")

using detail::describe;
using detail::kInBlock;
using detail::storageError;
using detail::text;

Journal::Journal(QObject *parent) : QObject(parent), m_deflater(std::make_unique<detail::Deflater>())
{
    // Children, so that moveToThread() takes the timers along (the hub runs its journal on a
    // thread of its own); being members, they leave the children list before ~QObject runs.
    m_timer.setParent(this);
    m_retentionTimer.setParent(this);
    m_retentionTimer.setInterval(kRetentionIntervalMs);
    connect(&m_retentionTimer, &QTimer::timeout, this, &Journal::applyRetention);
    m_timer.setInterval(1000);
    connect(&m_timer, &QTimer::timeout, this, [this] { flush(); });
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
    m_connection = detail::uniqueConnectionName();
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connection);
    db.setDatabaseName(path);
    db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000"));
    std::optional<Esl::Error> error;
    if (!db.open())
        error = storageError(db.lastError().text());
    else
        error = detail::createSchema(db);
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
    m_blocks.clear();
    m_open = {};
    m_queued = 0;
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
    if (m_queued > 0)
        qCWarning(lcJournal) << "closing" << m_path << "with" << m_queued << "records not written";
    m_blocks.clear();
    m_open = {};
    m_queued = 0;
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
                      QByteArrayView uuid, const QByteArray &bytes, qint64 receivedMs)
{
    const auto known = m_serverNames.constFind(server);
    if (known == m_serverNames.cend() || *known != serverName) {
        m_serverNames.insert(server, serverName);
        m_pendingServers.insert(server, serverName);
    }
    if (m_open.rows.empty())
        m_open.bytes.reserve(detail::kBlockBytes + 4096);
    Row row;
    row.seq = m_nextSeq++;
    row.receivedMs = receivedMs;
    row.server = server;
    row.kind = kind;
    row.name = std::move(name);
    row.uuid = QString::fromUtf8(uuid);
    row.start = m_open.bytes.size();
    row.length = bytes.size();
    m_open.bytes.append(bytes);
    m_open.rows.push_back(std::move(row));
    ++m_queued;
    // Compressed now, a block at a time, so that a flush only writes.
    if (m_open.bytes.size() >= detail::kBlockBytes || m_open.rows.size() >= kMaxBlockRecords)
        closeBlock();
    // Enough for a write of its own; not while writes fail (the interval paces the retries).
    if (m_queued >= m_flushRecords && !m_lastError && !m_flushPosted) {
        m_flushPosted = true;
        QMetaObject::invokeMethod(
            this,
            [this] {
                if (m_flushPosted)
                    flush();
            },
            Qt::QueuedConnection);
    }
}

void Journal::closeBlock()
{
    if (m_open.rows.empty())
        return;
    Block block = std::move(m_open);
    m_open = {};
    block.rawSize = block.bytes.size();
    if (m_compress) {
        QByteArray packed = m_deflater->pack(block.bytes);
        if (!packed.isEmpty() && packed.size() < block.bytes.size()) {
            block.bytes = std::move(packed);
            block.compressed = true;
        }
    }
    m_blocks.push_back(std::move(block));
}

bool Journal::flush()
{
    m_flushPosted = false;
    if (!isOpen() || (m_queued == 0 && m_pendingServers.isEmpty()))
        return true;
    closeBlock();
    do {
        // A transaction's worth: whole blocks, up to kMaxFlushRecords records.
        size_t count = 0;
        qint64 records = 0;
        while (count < m_blocks.size() &&
               (count == 0 ||
                records + qint64(m_blocks[count].rows.size()) <= kMaxFlushRecords)) {
            records += qint64(m_blocks[count].rows.size());
            ++count;
        }
        QElapsedTimer clock;
        clock.start();
        if (!writeBlocks(count)) {
            ++m_stats.failedFlushes;
            // Whole blocks go, oldest first, each record counted.
            while (m_queued > m_maxQueued && !m_blocks.empty()) {
                const auto rows = qint64(m_blocks.front().rows.size());
                m_queued -= rows;
                m_stats.dropped += rows;
                m_blocks.pop_front();
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
    } while (!m_blocks.empty() && isOpen());
    return true;
}

bool Journal::writeBlocks(size_t count)
{
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    if (!db.transaction())
        return fail(QStringLiteral("begin"), db.lastError().text());
    QSqlQuery servers(db);
    QSqlQuery block(db);
    QSqlQuery insert(db);
    // A statement that does not prepare says why here (a bind would only see no parameters).
    for (auto [query, sql] :
         {std::pair{&servers,
                    QStringLiteral("INSERT OR REPLACE INTO servers(session, id, name) "
                                   "VALUES(?, ?, ?)")},
          std::pair{&block,
                    QStringLiteral("INSERT INTO blocks(session, encoding, bytes) VALUES(?, ?, ?)")},
          std::pair{&insert, QStringLiteral("INSERT INTO records(session, seq, server, "
                                            "received_ms, kind, name, uuid, encoding, bytes, block, "
                                            "block_start, block_length) "
                                            "VALUES(?, ?, ?, ?, ?, ?, ?, %1, x'', ?, ?, ?)")
                                 .arg(kInBlock)}}) {
        if (!query->prepare(sql)) {
            const QString why = describe(*query);
            db.rollback();
            return fail(QStringLiteral("prepare"), why);
        }
    }
    for (auto it = m_pendingServers.cbegin(); it != m_pendingServers.cend(); ++it) {
        servers.bindValue(0, m_session);
        servers.bindValue(1, int(it.key()));
        servers.bindValue(2, text(it.value()));
        if (!servers.exec()) {
            db.rollback();
            return fail(QStringLiteral("servers"), describe(servers));
        }
    }
    qint64 records = 0;
    qint64 stored = 0;
    qint64 raw = 0;
    for (size_t i = 0; i < count; ++i) {
        const Block &b = m_blocks[i];
        block.bindValue(0, m_session);
        block.bindValue(1, b.compressed ? 1 : 0);
        block.bindValue(2, b.bytes);
        if (!block.exec()) {
            db.rollback();
            return fail(QStringLiteral("block"), describe(block));
        }
        const qint64 id = block.lastInsertId().toLongLong();
        for (const Row &row : b.rows) {
            insert.bindValue(0, m_session);
            insert.bindValue(1, row.seq);
            insert.bindValue(2, int(row.server));
            insert.bindValue(3, row.receivedMs);
            insert.bindValue(4, row.kind == RecordKind::Log ? 1 : 0);
            insert.bindValue(5, text(row.name));
            insert.bindValue(6, text(row.uuid));
            insert.bindValue(7, id);
            insert.bindValue(8, row.start);
            insert.bindValue(9, row.length);
            if (!insert.exec()) {
                db.rollback();
                return fail(QStringLiteral("insert"), describe(insert));
            }
        }
        records += qint64(b.rows.size());
        stored += b.bytes.size();
        raw += b.rawSize;
    }
    if (!db.commit()) {
        const QString why = db.lastError().text();
        db.rollback();
        return fail(QStringLiteral("commit"), why);
    }
    m_stats.recordsWritten += records;
    m_stats.bytesWritten += stored;
    m_stats.rawBytes += raw;
    m_queued -= records;
    m_blocks.erase(m_blocks.begin(), m_blocks.begin() + qsizetype(count));
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
    stats.pending = m_queued;
    return stats;
}

} // namespace Monitor
