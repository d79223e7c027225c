#pragma once
// Non-modal notices of what operator actions did: a line per action, grey while it waits for
// the switch, green when it worked (then gone after a few seconds), red with the switch's own
// text when it failed (it stays until closed), and under it the exact command sent. The newest
// few are shown; older ones drop off. The state's icon is the style's own (an emoji such as an
// hourglass is a missing-glyph box on a desktop without an emoji font).

#include "console/callcontrol.h"

#include <QHash>
#include <QWidget>

class QLabel;
class QVBoxLayout;

namespace Ui {

class NoticeBar : public QWidget
{
    Q_OBJECT

public:
    explicit NoticeBar(QWidget *parent = nullptr);

    // Shows a new action or updates the notice of the same outcome.id.
    void post(const Console::ActionOutcome &outcome);
    // A notice that is not an action's (e.g. "Nothing selected").
    void postMessage(const QString &text, bool error);

    // The notices shown, newest last, as their plain text (for tests and screen readers): the
    // state line, then the command sent on the lines after it.
    [[nodiscard]] QStringList texts() const;
    void setSuccessLingerMs(int ms) { m_lingerMs = ms; }

    static constexpr int kMaxShown = 4;

private:
    struct Notice
    {
        QWidget *row = nullptr;
        QLabel *icon = nullptr;
        QLabel *label = nullptr;
        QString plain;
    };
    Notice &noticeFor(int id);
    enum class Kind { Pending, Success, Failure, Information };
    void update(Notice &notice, int id, Kind kind, const QString &line, const QString &command);
    void remove(int id);

    QVBoxLayout *m_rows;
    QHash<int, Notice> m_notices;
    QList<int> m_order; // ids, oldest first
    int m_lingerMs = 6000;
    int m_nextMessageId = -1; // messages use negative ids
};

} // namespace Ui
