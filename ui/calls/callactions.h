#pragma once
// The call-control actions of the window: QActions (for the Calls menu, the toolbar, the calls
// view's context menu and their keyboard shortcuts) that ask what they need in a dialog, confirm
// what destroys or moves calls, and hand the work to CallControl. Outcomes show in the notice
// bar; the audit log has every command.
//
// Hang up is confirmed however it is started, unless the operator turned confirmations off; a
// transfer asks once — its dialog, or, dropped on a destination, a confirmation — and a bridge
// made by dragging is confirmed too, since drops happen by accident.
//
// An action the link of a selected channel's server cannot carry (sendmsg execute over a
// broker, say) is disabled, and its tooltip says why.

#include "console/appsettings.h"
#include "console/callcontrol.h"

#include <QAction>
#include <QHash>
#include <QObject>

class QMenu;
class QToolBar;

namespace Console {
class SwitchFacts;
} // namespace Console

namespace Ui {

class CallsPanel;
class NoticeBar;

class CallActions : public QObject
{
    Q_OBJECT

public:
    CallActions(Monitor::Hub *hub, Console::CallControl *control, CallsPanel *calls,
                NoticeBar *notices, Console::AppSettings *settings, QWidget *window);

    void addToMenu(QMenu *menu) const;
    void addToToolBar(QToolBar *bar) const;
    void addToContextMenu(QMenu *menu) const;
    [[nodiscard]] QList<QAction *> actions() const;

    // The actions, also reachable by objectName ("hangupAction", ...).
    QAction *hangup;          // Delete: hang up the selected channels (NORMAL_CLEARING)
    QAction *hangupWithCause; // Shift+Delete: choose the cause first
    QAction *transfer;        // Ctrl+Shift+T: blind or attended
    QAction *hold;            // Ctrl+H: hold, or take off hold when all are held
    QAction *park;            // Ctrl+P
    QAction *bridge;          // Ctrl+B: the two selected channels
    QAction *record;          // Ctrl+R: start, or stop when recording
    QAction *dtmf;            // Ctrl+D
    QAction *listen;          // Ctrl+Shift+L
    QAction *whisper;         // Ctrl+Shift+W
    QAction *barge;           // Ctrl+Shift+B
    QAction *originate;       // Ctrl+N: click to call
    QAction *execute;         // Ctrl+Shift+X: any dialplan application
    QAction *dump;            // Ctrl+I: uuid_dump in a dialog

    // Transfers `channels` (the selection when empty) to `destination` with the default
    // dialplan and context, after confirming (drops on the destinations list come here).
    void transferTo(QList<Monitor::ChannelKey> channels, const QString &destination);
    // Bridges the one dragged channel with `target`, after confirming.
    void bridgeDropped(const QList<Monitor::ChannelKey> &dragged,
                       const Monitor::ChannelKey &target);

    // Updates which actions apply to the selection (and their texts: Hold / Unhold, ...).
    void updateEnabled();

private:
    QAction *make(const QString &text, const char *name, const QKeySequence &keys,
                  const QString &tip, void (CallActions::*slot)(), bool viewOnly = true);
    [[nodiscard]] QList<Monitor::ChannelKey> selection(bool one = false);
    [[nodiscard]] bool confirm(const QString &title, const QString &text);
    // True (and the notice bar says why) when any of `channels` is on a watch-only server.
    [[nodiscard]] bool refusedAsWatchOnly(const QList<Monitor::ChannelKey> &channels);
    // Why an action is off for channels on `servers`: the first one whose link cannot do
    // `capability` ("Not available on pbx1: execute is not available over ..."), else empty.
    [[nodiscard]] QString whyNot(const QList<Monitor::ServerId> &servers,
                                 Monitor::Capability capability) const;
    // Enabled when `enabled` and nothing stands in the way; the tooltip says what does.
    void setAvailable(QAction *action, bool enabled, const QString &whyNot);

    void doHangup();
    void doHangupWithCause();
    void doTransfer();
    void doHold();
    void doPark();
    void doBridge();
    void doRecord();
    void openRecordDialog(const Monitor::ChannelKey &key);
    void doDtmf();
    void doListen();
    void doWhisper();
    void doBarge();
    void doEavesdrop(Console::CallControl::Eavesdrop mode);
    void doOriginate();
    void doExecute();
    void doDump();

    Monitor::Hub *m_hub;
    Console::CallControl *m_control;
    CallsPanel *m_calls;
    NoticeBar *m_notices;
    Console::AppSettings *m_settings;
    QWidget *m_window;
    Console::SwitchFacts *m_facts;
    QList<QAction *> m_all;
    QHash<QAction *, QString> m_toolTips; // as made, for when an action is available again
    QStringList m_recentApplications;
};

} // namespace Ui
