#pragma once
// The Conferences panel: every server's conferences with their members (who talks, who holds
// the floor, muted, deaf, energy, volumes, how long), locked and recording marks, and the
// operator's actions on them: mute/unmute, deaf/undeaf, kick, hang up, volume in/out, energy,
// transfer a member out (to another conference or an extension), lock/unlock, record/stop,
// play a file, invite (dial out into the conference), and a call dragged in from the calls view.
//
// It reads the ConferenceStore of each server (monitor/conferencestore.h), coalescing their
// changes on a short timer; the model (conferencesmodel.h) keeps rows in place. While the
// pointer rests on the tree, rows are neither added nor removed (values still change) for at
// most kHoldLimitMs, so a click lands on the row it was aimed at. The selection is kept by
// identity (server, conference, member id and uuid): when its member leaves, nothing is
// selected, rather than the neighbour. Every action acts on the target it was asked for (a
// dialog takes it when it opens), refuses when that target has gone, asks first before kick
// and hang up, goes through CallControl::serverCommand with Console::ConferenceCommands'
// builders and reply check, and its outcome is told on the notice strip.

#include "monitor/channelkey.h"
#include "ui/common/panelcontext.h"

#include "console/callcontrol.h"

#include <QFuture>
#include <QTimer>
#include <QWidget>

class QLabel;
class QAction;
class QMenu;
class QToolBar;
class QTreeView;

namespace Ui {

class ConferencesModel;

class ConferencesPanel : public QWidget
{
    Q_OBJECT

public:
    explicit ConferencesPanel(const PanelContext &context, QWidget *parent = nullptr);
    ~ConferencesPanel() override;

    [[nodiscard]] ConferencesModel *model() const { return m_model; }
    [[nodiscard]] QTreeView *view() const { return m_view; }
    // The per-server notes above the tree (module missing, stale, sync failed); empty when none.
    [[nodiscard]] QString statusText() const;
    // Selects a conference (memberId 0) or one of its members; false when it is not shown.
    bool select(Monitor::ServerId server, const QString &conference, int memberId = 0);
    // Applies what the stores have now, without waiting for the coalescing timer (rows are
    // held while the pointer rests on the tree, as ever).
    void refreshNow();
    // How long rows may be held under a resting pointer (tests shorten it).
    void setHoldLimitMs(int ms) { m_holdLimitMs = ms; }
    // The toolbar's and menu's actions by object name ("confKick", "confInvite", …).
    [[nodiscard]] QAction *action(const QString &name) const { return m_actions.value(name); }

    // The actions on the selection, with their inputs given (the toolbar asks for them in
    // dialogs first). Each returns the action's outcome; a finished refusal when nothing fits.
    QFuture<Console::ActionOutcome> toggleMute();
    QFuture<Console::ActionOutcome> toggleDeaf();
    QFuture<Console::ActionOutcome> kick();
    QFuture<Console::ActionOutcome> hangUp();
    QFuture<Console::ActionOutcome> setVolume(bool in, int level);
    QFuture<Console::ActionOutcome> setEnergy(int level);
    QFuture<Console::ActionOutcome> transferToConference(const QString &destination);
    QFuture<Console::ActionOutcome> transferToExtension(const QString &extension);
    QFuture<Console::ActionOutcome> toggleLock();
    QFuture<Console::ActionOutcome> startRecording(const QString &path);
    QFuture<Console::ActionOutcome> stopRecording();
    QFuture<Console::ActionOutcome> play(const QString &file, bool toMember = false);
    QFuture<Console::ActionOutcome> invite(const QString &endpoint);
    // A call dropped on a conference of its own server.
    QFuture<Console::ActionOutcome> bringIn(const Monitor::ChannelKey &call,
                                            Monitor::ServerId server, const QString &conference);

Q_SIGNALS:
    // The tab's title changed (a count, a warning): the main window shows it.
    void titleChanged(const QString &title);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    // What an action acts on: the selection when it was asked for.
    struct Target
    {
        Monitor::ServerId server = 0;
        QString conference;
        int member = 0; // 0: the conference itself
        QString uuid;
        QString name;  // the member: "Bo Chen (5550781)", isolated
        QString where; // "conference 3100 on demo-pbx", isolated
        QString who;   // "#2 Bo Chen (5550781) in conference 3100 on demo-pbx", or `where`
    };
    [[nodiscard]] Target target() const;
    // Why the target is no longer there ("Sam Okafor (5168) left conference 3100 on pbx —
    // nothing sent"), or empty.
    [[nodiscard]] QString goneReason(const Target &t) const;
    QFuture<Console::ActionOutcome> send(const Target &t, const QString &action,
                                         const QString &what,
                                         const Esl::Expected<QString> &command);
    QFuture<Console::ActionOutcome> refuse(const QString &action, const QString &why);
    // The actions on a given target (the public ones take the selection).
    QFuture<Console::ActionOutcome> memberAction(const Target &t, int which);
    QFuture<Console::ActionOutcome> setVolume(const Target &t, bool in, int level);
    QFuture<Console::ActionOutcome> setEnergy(const Target &t, int level);
    QFuture<Console::ActionOutcome> transferToConference(const Target &t, const QString &destination);
    QFuture<Console::ActionOutcome> transferToExtension(const Target &t, const QString &extension);
    QFuture<Console::ActionOutcome> startRecording(const Target &t, const QString &path);
    QFuture<Console::ActionOutcome> play(const Target &t, const QString &file, bool toMember);
    QFuture<Console::ActionOutcome> invite(const Target &t, const QString &endpoint);
    void watchServer(Monitor::ServerMonitor *server);
    void scheduleRefresh();
    [[nodiscard]] bool pointerRests() const;
    // After the rows changed: the selected member's row again, or nothing when it went.
    void keepSelection();
    void noteSelection();
    void updateStatus();
    void updateActions();
    void buildActions();
    void showMenu(const QPoint &pos);
    // Kick and hang up ask first, naming the member and the conference.
    void confirmKick();
    void confirmHangup();
    // The toolbar's dialogs (conferencesdialogs.cpp).
    void askVolume(bool in);
    void askEnergy();
    void askTransfer();
    void askRecord();
    void askPlay();
    void askInvite();

    struct Selected
    {
        Monitor::ServerId server = 0; // 0: nothing selected
        QString conference;
        int member = 0;
        QString uuid;
    };

    PanelContext m_context;
    ConferencesModel *m_model = nullptr;
    QTreeView *m_view = nullptr;
    QToolBar *m_toolbar = nullptr;
    QLabel *m_status = nullptr;
    QTimer m_coalesce;
    QTimer m_tick;
    QTimer m_hold;             // applies held rows when the hold limit is reached
    qint64 m_holdSinceMs = 0;  // rows wait to be added or removed since then; 0: none
    int m_holdLimitMs = 3000;
    Selected m_selected;
    bool m_applying = false;   // the panel, not the operator, is changing the selection
    QString m_title;
    QHash<QString, QAction *> m_actions; // by objectName
};

} // namespace Ui
