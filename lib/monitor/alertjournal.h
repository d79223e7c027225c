#pragma once
// The alerts' history on disk: one JSON line per thing that happened to an alert —
//   {"at":"2026-12-07T11:17:05.123Z","atMs":…,"event":"fired","alert":{…alertToJson…}}
// with event fired, reopened, changed (its message), acknowledged or cleared — appended as it
// happens and flushed at once (a crash loses nothing written). At maxBytes the file is rotated to
// path.1 (the older .1 goes). read() folds both files back into the last word on each alert, so
// that the panel shows past alerts after a restart. Lines that do not parse are skipped; a line
// longer than kMaxLineBytes is skipped too.

#include "alert.h"

#include <QFile>
#include <QString>

namespace Monitor {

class AlertJournal
{
public:
    static constexpr qint64 kMaxLineBytes = 64 * 1024;

    // Opens (appending) `path`, creating its folder; false and error() when it cannot.
    bool open(const QString &path, qint64 maxBytes);
    [[nodiscard]] QString error() const { return m_error; }
    [[nodiscard]] QString path() const { return m_path; }
    void append(const char *event, const Alert &alert, qint64 atMs);

    // The alerts of path.1 and path, the newest `max` by id, oldest first.
    [[nodiscard]] static QList<Alert> read(const QString &path, int max);

private:
    void rotate();

    QFile m_file;
    QString m_path;
    QString m_error;
    qint64 m_maxBytes = 0;
};

} // namespace Monitor
