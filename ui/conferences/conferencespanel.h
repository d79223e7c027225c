#pragma once
// The Conferences panel: every server's conferences with their members (who talks, who holds
// the floor, muted, deaf, energy, volumes, how long), locked and recording marks, and the
// operator's actions on them: mute/unmute, deaf/undeaf, kick, hang up, volume in/out, energy,
// transfer a member out (to another conference or an extension), lock/unlock, record/stop,
// play a file, invite (dial out into the conference), and a call dragged in from the calls view.
//
// It reads the ConferenceStore of each server (monitor/conferencestore.h), coalescing their
// changes on a short timer; the model (conferencesmodel.h) keeps rows in place. Every action
// goes through CallControl::serverCommand with Console::ConferenceCommands' builders and reply
// check, and its outcome is told on the notice strip.

#include "monitor/channelkey.h"
#include "ui/common/panelcontext.h"

#include "console/callcontrol.h"

#include <QFuture>
#include <QTimer>
#include <QWidget>

class QLabel;
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
    // Applies what the stores have now, without waiting for the coalescing timer.
    void refreshNow();

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
    // What the selection names.
    struct Target
    {
        Monitor::ServerId server = 0;
        QString conference;
        int member = 0; // 0: the conference itself
        QString uuid;
        QString who; // for people: "#2 Alice (1000) in 3000"
    };
    [[nodiscard]] Target target() const;
    QFuture<Console::ActionOutcome> send(const Target &t, const QString &action,
                                         const QString &what,
                                         const Esl::Expected<QString> &command);
    QFuture<Console::ActionOutcome> refuse(const QString &action, const QString &why);
    void watchServer(Monitor::ServerMonitor *server);
    void scheduleRefresh();
    void updateStatus();
    void updateActions();
    void buildActions();
    void showMenu(const QPoint &pos);
    // The toolbar's dialogs (conferencesdialogs.cpp).
    void askVolume(bool in);
    void askEnergy();
    void askTransfer();
    void askRecord();
    void askPlay();
    void askInvite();

    PanelContext m_context;
    ConferencesModel *m_model = nullptr;
    QTreeView *m_view = nullptr;
    QToolBar *m_toolbar = nullptr;
    QLabel *m_status = nullptr;
    QTimer m_coalesce;
    QTimer m_tick;
    QString m_title;
    QHash<QString, QAction *> m_actions; // by objectName
};

} // namespace Ui
