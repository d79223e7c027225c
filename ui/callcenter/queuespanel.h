#pragma once
// The Queues panel: mod_callcenter's queues on every server of the hub, side by side with the
// waiting members and the agents of the queue selected. Each queue row carries its service
// figures (waiting now, longest wait, answered, abandoned and taken out in the last hour as this
// console saw them, average wait); members count their wait up; agents show status and state in
// colour and whether they are in the queue (its tier). Actions (toolbar and right-click): set
// an agent's status, log an agent in to or out of the queue (tier add / tier del, and on offer
// its status), pick a waiting member to an extension, hang a member up (after asking); their
// outcomes go to the notice strip.
//
// An action acts on what it was asked for: its dialog, question or menu captures the target
// (server, queue, agent or member) when it opens, and when the operator says OK the panel checks
// that target is still there and acts on it, whatever is selected by then; if it went, nothing
// is sent and the notice strip says so. Selections are kept by key, never by row: when the
// selected row goes, nothing is selected.
//
// State lives in each server's CallCenterStore; the panel only reads it, coalescing changes on
// a short timer and updating its tables in place (QueuesTableModel). A store whose link is
// down shows greyed and frozen at the moment it went ("unknown since HH:MM:SS"), and is not
// counted in the tab's title (the number of callers waiting); a switch without mod_callcenter
// gets one quiet line.

#include "ui/common/panelcontext.h"

#include "esl/wire/error.h"
#include "monitor/eventstore.h"

#include <QPointer>
#include <QTimer>
#include <QWidget>

#include <functional>

class QAction;
class QLabel;
class QMenu;
class QSplitter;
class QTableView;

namespace Monitor {
class CallCenterStore;
class ServerMonitor;
struct CallCenterMember;
} // namespace Monitor

namespace Ui {

class QueuesTableModel;

class QueuesPanel : public QWidget
{
    Q_OBJECT

public:
    explicit QueuesPanel(const PanelContext &context, QWidget *parent = nullptr);
    ~QueuesPanel() override;

    static constexpr int kRefreshMs = 200;

    // What an action acts on, captured when it is asked for.
    struct Target
    {
        Monitor::ServerId server = 0;
        QString serverName;
        QString queue;
        QString agent;   // an agent's actions
        QString member;  // a member's actions: its uuid…
        QString session; // …and its channel
        QString who;     // how the notices and dialogs name it (isolated: "Bo Chen (5550781)")
        [[nodiscard]] bool isEmpty() const { return agent.isEmpty() && member.isEmpty(); }
    };

    // What the actions act on: the queue, member and agent selected (empty when none).
    [[nodiscard]] QString selectedQueue() const { return m_queue; }
    [[nodiscard]] QString selectedMember() const { return m_member; }
    [[nodiscard]] QString selectedAgent() const { return m_agent; }
    void selectQueue(const QString &queue);
    // The selected agent or member as a target (empty when none is selected).
    [[nodiscard]] Target agentTarget() const;
    [[nodiscard]] Target memberTarget() const;

    // The actions on the selection, without their dialogs (tests; the toolbar and menus ask
    // first, then act on the target they captured).
    void setSelectedAgentStatus(const QString &status);
    void logInSelectedAgent(int level, int position, bool setAvailable = false);
    void logOutSelectedAgent(bool setLoggedOut = false);
    void pickSelectedMember(const QString &extension, const QString &context);
    void hangUpSelectedMember();

    // The actions on a captured target: refused, unsent, when it went meanwhile.
    void setStatus(const Target &target, const QString &status);
    // tier add; then, when asked and it worked, `agent set status … 'Available'`.
    void logIn(const Target &target, int level, int position, bool setAvailable);
    // tier del; then, when asked and it worked, `agent set status … 'Logged Out'`.
    void logOut(const Target &target, bool setLoggedOut);
    void pick(const Target &target, const QString &extension, const QString &context);
    void hangUp(const Target &target);
    // Why `target` cannot be acted on any more ("Bo Chen (5550781) left support@default"), or
    // empty when it still can. `waitingOnly`: a member must still be waiting (a pick).
    [[nodiscard]] QString gone(const Target &target, bool waitingOnly = false) const;
    // Whether `agent` is in another queue of its server than `queue` (log out offers to set it
    // Logged Out only when it is in no other).
    [[nodiscard]] bool inOtherQueue(const Target &target) const;

    // Refreshes now (tests; the timer does it otherwise).
    void refresh();

Q_SIGNALS:
    // The tab's title changed (a count, a warning): the main window shows it.
    void titleChanged(const QString &title);

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    void watch(Monitor::ServerMonitor *server);
    void scheduleRefresh();
    // queuesrefresh.cpp
    void refreshQueues(qint64 now);
    void refreshMembers(qint64 now);
    void refreshAgents(qint64 now);
    // Widths: each column to its contents within a cap; the three parts balanced so that the
    // most important columns of each are in view (queuesrefresh.cpp).
    void fitColumns(QTableView *view, const QList<int> &caps);
    void balance();
    // Puts the selection back on the row of `key` after an update, or selects nothing.
    void restoreSelection(QTableView *view, QueuesTableModel *model, QString &key);
    void updateActions();
    void showMemberMenu(const QPoint &pos);
    void showAgentMenu(const QPoint &pos);
    // queuesdialogs.cpp: each captures its target, asks, then acts on that target.
    void askLogIn();
    void askLogOut();
    void askPick();
    void askHangUp();
    // The server and store of the selected queue.
    [[nodiscard]] Monitor::ServerMonitor *selectedServer() const;
    [[nodiscard]] Monitor::CallCenterStore *selectedStore() const;
    [[nodiscard]] Monitor::CallCenterStore *storeOf(Monitor::ServerId server) const;
    [[nodiscard]] const Monitor::CallCenterMember *member(const QString &uuid) const;
    void send(const Target &target, const QString &action, const QString &what,
              const Esl::Expected<QString> &command, bool resyncAfter,
              std::function<void()> onSuccess = {});
    // Refuses the action unsent, with the reason, in the notice strip and the audit log.
    void refuse(const Target &target, const QString &action, const QString &what,
                const QString &why);

    PanelContext m_context;
    QueuesTableModel *m_queues;
    QueuesTableModel *m_members;
    QueuesTableModel *m_agents;
    QSplitter *m_split = nullptr;
    QTableView *m_queueView;
    QTableView *m_memberView;
    QTableView *m_agentView;
    QLabel *m_summary;
    QLabel *m_note;
    QMenu *m_statusMenu;
    QAction *m_statusAction;
    QAction *m_logInAction;
    QAction *m_logOutAction;
    QAction *m_pickAction;
    QAction *m_hangUpAction;
    QTimer m_refresh;
    QTimer m_tick; // waits count up once a second
    QString m_queue;  // "<server id> <queue name>"
    QString m_member; // the selected member's uuid
    QString m_agent;  // the selected agent's name
    Target m_statusTarget; // captured when the status menu opens
    bool m_restoring = false; // the tables are being updated: selection changes are not the operator's
    bool m_queueChosen = false; // a queue was selected once: when it goes, none is chosen for the operator
    bool m_userSized = false;   // the operator moved the splitter: the panel stops balancing it
    int m_servers = 0;
    QString m_title;
};

} // namespace Ui
