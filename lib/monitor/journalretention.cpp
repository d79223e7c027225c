// Journal::prune: what a journal file keeps of the past (by age, then by size), and how big the
// file is. The rest of the journal is in journal.cpp.

#include "journal.h"
#include "journalsql.h"

#include <QDateTime>
#include <QLoggingCategory>
#include <QSqlDatabase>
#include <QSqlQuery>

namespace Monitor {

Q_DECLARE_LOGGING_CATEGORY(lcJournal)

using detail::describe;
using detail::storageError;
using detail::usedBytes;

namespace {

struct SessionAge
{
    qint64 id = 0;
    qint64 newestMs = 0; // received_ms of its newest record; its start when it has none
};

// Oldest first.
Esl::Expected<QList<SessionAge>> sessionAges(const QSqlDatabase &db)
{
    QSqlQuery query(db);
    if (!query.exec(QStringLiteral("SELECT s.id, COALESCE((SELECT MAX(received_ms) FROM records r "
                                   "WHERE r.session = s.id), "
                                   "s.started_ms) FROM sessions s ORDER BY s.id")))
        return storageError(describe(query));
    QList<SessionAge> ages;
    while (query.next())
        ages.append({query.value(0).toLongLong(), query.value(1).toLongLong()});
    return ages;
}

// Removes a session whole; returns the records it held.
Esl::Expected<qint64> removeSession(QSqlDatabase &db, qint64 session)
{
    QSqlQuery query(db);
    qint64 records = 0;
    for (const char *sql :
         {"DELETE FROM records WHERE session = ?", "DELETE FROM servers WHERE session = ?",
          "DELETE FROM blocks WHERE session = ?", "DELETE FROM sessions WHERE id = ?"}) {
        query.prepare(QString::fromLatin1(sql));
        query.addBindValue(session);
        if (!query.exec())
            return storageError(describe(query));
        if (records == 0)
            records = query.numRowsAffected();
    }
    return records;
}

// Removes the oldest `share` (0..1) of a session's records, at least one.
Esl::Expected<qint64> removeOldestRecords(QSqlDatabase &db, qint64 session, double share)
{
    QSqlQuery query(db);
    query.prepare(QStringLiteral("SELECT COUNT(*), MIN(seq) FROM records WHERE session = ?"));
    query.addBindValue(session);
    if (!query.exec() || !query.next())
        return storageError(describe(query));
    const qint64 count = query.value(0).toLongLong();
    if (count == 0)
        return qint64(0);
    const qint64 first = query.value(1).toLongLong();
    const qint64 drop = std::max<qint64>(1, qint64(double(count) * share));
    query.prepare(QStringLiteral("DELETE FROM records WHERE session = ? AND seq < ?"));
    query.addBindValue(session);
    query.addBindValue(first + drop);
    if (!query.exec())
        return storageError(describe(query));
    const auto removed = qint64(query.numRowsAffected());
    // The blocks no record uses any more: a session's blocks were written in the order of its
    // records, so they are those before the first block still used (all, when none is).
    query.prepare(QStringLiteral(
        "DELETE FROM blocks WHERE session = ? AND id < COALESCE((SELECT MIN(block) FROM records "
        "WHERE session = ? AND encoding = 2), (SELECT MAX(id) + 1 FROM blocks))"));
    query.addBindValue(session);
    query.addBindValue(session);
    if (!query.exec())
        return storageError(describe(query));
    return removed;
}

// Gives the free pages back to the file system. incremental_vacuum frees one page per step of
// its statement, and Qt steps a statement without result columns only once: so it runs until no
// free page is left, once per page at most.
std::optional<Esl::Error> returnFreePages(QSqlDatabase &db)
{
    QSqlQuery query(db);
    if (!query.exec(QStringLiteral("PRAGMA freelist_count")) || !query.next())
        return storageError(describe(query));
    qint64 free = query.value(0).toLongLong();
    const qint64 rounds = free; // each frees a page at least
    for (qint64 round = 0; free > 0 && round < rounds; ++round) {
        if (!query.exec(QStringLiteral("PRAGMA incremental_vacuum(%1)").arg(free)))
            return storageError(describe(query));
        if (!query.exec(QStringLiteral("PRAGMA freelist_count")) || !query.next())
            return storageError(describe(query));
        free = query.value(0).toLongLong();
    }
    return std::nullopt;
}

} // namespace

Esl::Expected<Journal::Pruned> Journal::prune(const Retention &retention, qint64 nowMs)
{
    if (!isOpen())
        return storageError(QStringLiteral("the journal is not open"));
    flush();
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    Pruned pruned;
    const Esl::Expected<qint64> before = usedBytes(db);
    if (!before)
        return before.error();
    pruned.bytesBefore = *before;

    Esl::Expected<QList<SessionAge>> ages = sessionAges(db);
    if (!ages)
        return ages.error();
    // By age: every closed session whose newest record is older than the bound.
    QList<qint64> kept;
    for (const SessionAge &age : std::as_const(*ages)) {
        if (age.id != m_session && retention.maxAgeMs > 0 &&
            nowMs - age.newestMs > retention.maxAgeMs) {
            const Esl::Expected<qint64> records = removeSession(db, age.id);
            if (!records)
                return records.error();
            ++pruned.sessions;
            pruned.records += *records;
        } else if (age.id != m_session) {
            kept.append(age.id);
        }
    }
    // By size: the oldest closed sessions, then the oldest tenth of this one at a time. Deleted
    // pages are free pages at once (usedBytes counts them out); the vacuum below returns them.
    Esl::Expected<qint64> size = usedBytes(db);
    while (size && retention.maxBytes > 0 && *size > retention.maxBytes) {
        Esl::Expected<qint64> records = qint64(0);
        if (!kept.isEmpty()) {
            records = removeSession(db, kept.takeFirst());
            ++pruned.sessions;
        } else {
            records = removeOldestRecords(db, m_session, 0.1);
        }
        if (!records)
            return records.error();
        pruned.records += *records;
        if (*records == 0 && kept.isEmpty())
            break; // nothing left to remove: the tables alone are over the bound
        size = usedBytes(db);
    }
    if (!size)
        return size.error();
    if (pruned.records > 0) {
        const std::optional<Esl::Error> error = returnFreePages(db);
        if (error)
            return *error;
    }
    const Esl::Expected<qint64> after = usedBytes(db);
    if (!after)
        return after.error();
    pruned.bytesAfter = *after;
    return pruned;
}

void Journal::setRetention(const Retention &retention)
{
    m_retention = retention;
    if (isOpen()) {
        applyRetention();
        m_retentionTimer.start();
    }
}

void Journal::applyRetention()
{
    if (!m_retention || !isOpen())
        return;
    const Esl::Expected<Pruned> result = prune(*m_retention, QDateTime::currentMSecsSinceEpoch());
    if (!result) {
        qCWarning(lcJournal) << "retention of" << m_path << "failed:" << result.error().message;
        Q_EMIT pruned({}, result.error().message);
    } else if (result->records > 0 || result->sessions > 0) {
        qCInfo(lcJournal) << "retention removed" << result->sessions << "sessions and"
                          << result->records << "records from" << m_path << "("
                          << result->bytesBefore << "->" << result->bytesAfter << "bytes)";
        Q_EMIT pruned(*result, {});
    }
}

} // namespace Monitor
