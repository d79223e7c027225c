#pragma once
// What the journal's files (journal.cpp, journalreader.cpp, journalschema.cpp,
// journalretention.cpp) share about talking to SQLite.

#include "esl/wire/error.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QString>

#include <optional>

namespace Monitor::detail {

// 1: the first format. 2: the same tables in a file with auto_vacuum=INCREMENTAL, so that the
// pages retention frees (Journal::prune) go back to the file system. 3: records packed in blocks
// (`blocks`, and records' block, block_start and block_length), encoding 2.
inline constexpr int kSchemaVersion = 3;
inline constexpr int kInBlock = 2; // a record's encoding: its bytes are in a block

// A Qt SQL connection name no other journal or reader uses.
[[nodiscard]] QString uniqueConnectionName();

// Whether the file holds a journal of a format we read (stored in `format` when given), or why
// not.
[[nodiscard]] std::optional<Esl::Error> checkSchema(const QSqlDatabase &db, int *format = nullptr);
// Makes a new file a journal of the current format, or moves an older one to it, in place.
[[nodiscard]] std::optional<Esl::Error> createSchema(QSqlDatabase &db);

// SQL binds a null QString as NULL; the text columns are NOT NULL.
inline QString text(const QString &value)
{
    return value.isNull() ? QStringLiteral("") : value;
}

inline Esl::Error storageError(const QString &message)
{
    // There is no storage code in Esl::Error; Transport is the nearest ("the bytes did not get
    // where they were going").
    return Esl::Error{Esl::Error::Code::Transport, message, -1};
}

inline QString describe(const QSqlQuery &query)
{
    return query.lastError().text();
}

// The bytes of the file's pages in use (its size less its free pages; the WAL not counted).
inline Esl::Expected<qint64> usedBytes(const QSqlDatabase &db)
{
    QSqlQuery query(db);
    qint64 values[3] = {};
    const char *pragmas[3] = {"page_count", "freelist_count", "page_size"};
    for (int i = 0; i < 3; ++i) {
        if (!query.exec(QStringLiteral("PRAGMA ") + QLatin1StringView(pragmas[i])) || !query.next())
            return storageError(describe(query));
        values[i] = query.value(0).toLongLong();
    }
    return (values[0] - values[1]) * values[2];
}

} // namespace Monitor::detail
