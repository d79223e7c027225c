#pragma once
// What operators did: every command the console sent on their behalf, when, to which server,
// and what the switch answered; and every action the console refused without sending anything
// (a channel that hung up, a bridge across two servers), with the reason. Kept for the session
// and exportable. Sent commands and refusals are two lists (entries(), refusals()), so that the
// count of commands a switch was sent stays a count of those; rows() is both, in time order, as
// the audit dock and the exports show them.

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
    bool refused = false;  // nothing was sent: `command` is the action, `reply` why not
};

class AuditLog : public QObject
{
    Q_OBJECT

public:
    explicit AuditLog(QObject *parent = nullptr);

    // Records a command as sent; returns its index for finish().
    int begin(const QString &server, const QString &command, qint64 timeMs);
    void finish(int index, bool ok, const QString &reply, qint64 timeMs);
    // Records an action refused before anything was sent: `action` as the operator saw it
    // ("Record Alice (1000) to /tmp/a.wav"), and why it was not sent.
    void refuse(const QString &server, const QString &action, const QString &reason,
                qint64 timeMs);

    // The commands sent.
    [[nodiscard]] const QList<AuditEntry> &entries() const { return m_entries; }
    [[nodiscard]] int size() const { return int(m_entries.size()); }
    // The actions refused unsent.
    [[nodiscard]] const QList<AuditEntry> &refusals() const { return m_refusals; }
    // Both, in the order they happened.
    [[nodiscard]] int rowCount() const { return int(m_rows.size()); }
    [[nodiscard]] const AuditEntry &row(int row) const;

    // rows(), written atomically (QSaveFile). CSV: time, server, command, ok (yes, no, pending,
    // refused), reply; JSONL: one object per row, "refused": true on a refusal. An error message,
    // or empty on success.
    [[nodiscard]] QString exportCsv(const QString &path) const;
    [[nodiscard]] QString exportJsonLines(const QString &path) const;

Q_SIGNALS:
    void entryAdded(int index);
    void entryFinished(int index);
    // A row of rows() came (a command sent, or an action refused) or got its reply.
    void rowAdded(int row);
    void rowFinished(int row);

private:
    struct Row
    {
        bool refused = false;
        int index = 0; // into m_refusals or m_entries
    };

    QList<AuditEntry> m_entries;
    QList<AuditEntry> m_refusals;
    QList<Row> m_rows;
    QList<int> m_rowOfEntry; // entry index -> row
};

} // namespace Monitor
