#pragma once
// What the journal's files (journal.cpp, journalretention.cpp) share about talking to SQLite.

#include "esl/wire/error.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QString>

namespace Monitor::detail {

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
