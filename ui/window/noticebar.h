#pragma once
// What operator actions did, in one strip of a fixed height above the calls: the newest notice —
// grey while it waits for the switch, green when it worked, red when it failed, the reason first
// ("Record refused — the channel has hung up · …", "Hold failed — -ERR … · …") so that the strip
// shows it — and beside it the exact command sent. The strip never appears, grows or goes away,
// so the calls below it never move under the pointer: a success settles to plain text after a few
// seconds, a failure stays red until dismissed, and a newer notice takes the place of an older
// one. The History button counts the failures not yet dismissed and lists the recent notices,
// whole and wrapped, with their times (a click copies one's command); the Audit log dock keeps every command. The state's icon is the style's own
// (an emoji such as an hourglass is a missing-glyph box on a desktop without an emoji font).

#include "console/callcontrol.h"

#include <QDateTime>
#include <QList>
#include <QWidget>

class QLabel;
class QToolButton;

namespace Ui {

class ElidedLabel;

class NoticeBar : public QWidget
{
    Q_OBJECT

public:
    explicit NoticeBar(QWidget *parent = nullptr);

    // Shows a new action or updates the notice of the same outcome.id.
    void post(const Console::ActionOutcome &outcome);
    // A notice that is not an action's (e.g. "Nothing selected").
    void postMessage(const QString &text, bool error);
    // Something the operator should know that is no failure ("the password is kept only until
    // Switchboard quits"): shown as information, never red, never counted as failed.
    void postInformation(const QString &text);
    // Whether the notice the strip shows is a failure (red).
    [[nodiscard]] bool shownIsFailure() const;

    // The newest notices (at most kMaxShown), newest last, as their plain text (for tests and
    // screen readers): the state line, then the command sent on the lines after it.
    [[nodiscard]] QStringList texts() const;
    // Every notice kept (at most kHistory), newest last: "HH:MM:SS  " and its plain text.
    [[nodiscard]] QStringList history() const;
    // The failures not dismissed yet.
    [[nodiscard]] int unseenFailures() const;
    void setSuccessLingerMs(int ms) { m_lingerMs = ms; }
    // Closes the notice shown (a failure is then seen); the strip shows the newest failure not
    // dismissed yet, or the notice before it, settled.
    void dismissShown();

    static constexpr int kMaxShown = 4;
    static constexpr int kHistory = 50;

Q_SIGNALS:
    // The operator asked for the whole record (History → "Open the audit log").
    void auditLogRequested();

private:
    enum class Kind { Pending, Success, Failure, Information };
    struct Notice
    {
        int id = 0;
        Kind kind = Kind::Information;
        QString line;
        QString command;
        QDateTime time;
        bool settled = false;   // a success or message, a few seconds on: plain text now
        bool dismissed = false; // closed by the operator
        [[nodiscard]] QString plain() const
        {
            return command.isEmpty() ? line : line + u'\n' + command;
        }
    };
    void put(int id, Kind kind, const QString &line, const QString &command);
    void showNotice();
    void showHistory();
    [[nodiscard]] const Notice *shown() const;
    // The reply of a failed action as the words after "Record refused —".
    [[nodiscard]] static QString failureReason(const QString &reply);

    QLabel *m_icon;
    ElidedLabel *m_line;
    ElidedLabel *m_command;
    QToolButton *m_history;
    QToolButton *m_dismiss;
    QList<Notice> m_notices; // oldest first
    int m_lingerMs = 6000;
    int m_nextMessageId = -1; // messages use negative ids
};

} // namespace Ui
