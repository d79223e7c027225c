#pragma once
// What operators did: every command the console sent on their behalf, when, to which server,
// and what the switch answered. Kept for the session and exportable.

#include <QList>
#include <QObject>
#include <QString>

namespace Monitor {

struct AuditEntry
{
    qint64 timeMs = 0;
    QString server;
    QString command; // exactly as sent (api/bgapi line, or the sendmsg block)
    QString reply;   // the switch's answer, or why there was none
    bool ok = false;
    qint64 finishedMs = 0; // 0 while the reply is outstanding
};

class AuditLog : public QObject
{
    Q_OBJECT

public:
    explicit AuditLog(QObject *parent = nullptr);

    // Records a command as sent; returns its index for finish().
    int begin(const QString &server, const QString &command, qint64 timeMs);
    void finish(int index, bool ok, const QString &reply, qint64 timeMs);

    [[nodiscard]] const QList<AuditEntry> &entries() const { return m_entries; }
    [[nodiscard]] int size() const { return int(m_entries.size()); }

    // Written atomically (QSaveFile). CSV: time, server, command, ok, reply; JSONL: one object
    // per entry. An error message, or empty on success.
    [[nodiscard]] QString exportCsv(const QString &path) const;
    [[nodiscard]] QString exportJsonLines(const QString &path) const;

Q_SIGNALS:
    void entryAdded(int index);
    void entryFinished(int index);

private:
    QList<AuditEntry> m_entries;
};

} // namespace Monitor
