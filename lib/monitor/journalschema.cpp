// The journal file's schema: creating it, telling which format a file is, and moving older
// formats to the current one (journal.h describes each).

#include "journalsql.h"

#include <QAtomicInteger>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QStringList>

namespace Monitor::detail {

namespace {

// Whether `table` has a column of that name (a migration interrupted half way added some).
bool hasColumn(const QSqlDatabase &db, const QString &table, const QString &column)
{
    QSqlQuery query(db);
    if (!query.exec(QStringLiteral("PRAGMA table_info(%1)").arg(table)))
        return false;
    while (query.next()) {
        if (query.value(1).toString() == column)
            return true;
    }
    return false;
}

// Moves a file of an older format to this one, in place; nothing when it is current.
std::optional<Esl::Error> migrate(QSqlDatabase &db, int from)
{
    QSqlQuery query(db);
    const auto failed = [&](const QString &statement) {
        return storageError(QStringLiteral("migrating the journal from format %1: %2: %3")
                                .arg(from)
                                .arg(statement, describe(query)));
    };
    if (from < 2) {
        // auto_vacuum only changes with a VACUUM, which rewrites the file (and cannot run
        // inside a transaction): a journal of 32 MB takes well under a second.
        for (const QString &statement :
             {QStringLiteral("PRAGMA auto_vacuum=INCREMENTAL"), QStringLiteral("VACUUM")}) {
            if (!query.exec(statement))
                return failed(statement);
        }
    }
    if (from < 3) {
        // Adding a column with a constant default rewrites nothing: instant on any size. The
        // old rows keep their encodings (0, 1) and never use the new columns; `blocks` exists
        // already (createSchema made it).
        for (const char *column : {"block", "block_start", "block_length"}) {
            if (hasColumn(db, QStringLiteral("records"), QLatin1StringView(column)))
                continue;
            const QString statement =
                QStringLiteral("ALTER TABLE records ADD COLUMN %1 INTEGER NOT NULL DEFAULT 0")
                    .arg(QLatin1StringView(column));
            if (!query.exec(statement))
                return failed(statement);
        }
    }
    if (!query.exec(QStringLiteral("PRAGMA user_version=%1").arg(kSchemaVersion)))
        return storageError(describe(query));
    return std::nullopt;
}

} // namespace

QString uniqueConnectionName()
{
    static QAtomicInteger<quint64> counter;
    return QStringLiteral("switchboard-journal-%1").arg(counter.fetchAndAddRelaxed(1));
}

// Whether the file holds a journal of a version we read (its version), or an error.
std::optional<Esl::Error> checkSchema(const QSqlDatabase &db, int *format)
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
    if (format)
        *format = version;
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
                       "bytes BLOB NOT NULL, block INTEGER NOT NULL DEFAULT 0, "
                       "block_start INTEGER NOT NULL DEFAULT 0, "
                       "block_length INTEGER NOT NULL DEFAULT 0, PRIMARY KEY(session, seq))"),
        QStringLiteral("CREATE TABLE IF NOT EXISTS blocks(id INTEGER PRIMARY KEY, "
                       "session INTEGER NOT NULL, encoding INTEGER NOT NULL, "
                       "bytes BLOB NOT NULL)"),
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

} // namespace Monitor::detail
