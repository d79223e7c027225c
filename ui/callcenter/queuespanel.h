#pragma once
// The Queues panel: mod_callcenter's queues on every server of the hub, side by side with the
// waiting members and the agents of the queue selected. Each queue row carries its service
// figures (waiting now, longest wait, answered and abandoned in the last hour as this console
// saw them, average wait); members count their wait up; agents show status and state in
// colour and whether they are in the queue (its tier). Actions (toolbar and right-click): set
// an agent's status, log an agent in to or out of the queue (tier add / tier del), pick a
// waiting member to an extension, hang a member up; their outcomes go to the notice strip.
//
// State lives in each server's CallCenterStore; the panel only reads it, coalescing changes on
// a short timer and updating its tables in place (QueuesTableModel). A store whose link is
// down shows greyed, "unknown since HH:MM:SS"; a switch without mod_callcenter gets one quiet
// line. The tab's title carries the number of callers waiting.

#include "ui/common/panelcontext.h"

#include "monitor/panelstore.h"

#include <QPointer>
#include <QTimer>
#include <QWidget>

class QAction;
class QLabel;
class QMenu;
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

    // What the actions act on: the queue, member and agent selected (empty when none).
    [[nodiscard]] QString selectedQueue() const { return m_queue; }
    [[nodiscard]] QString selectedMember() const;
    [[nodiscard]] QString selectedAgent() const;
    void selectQueue(const QString &queue);

    // The actions without their dialogs (the toolbar and menus ask first, then call these).
    void setSelectedAgentStatus(const QString &status);
    void logInSelectedAgent(int level, int position);
    void logOutSelectedAgent();
    void pickSelectedMember(const QString &extension, const QString &context);
    void hangUpSelectedMember();

    // Refreshes now (tests; the timer does it otherwise).
    void refresh();

Q_SIGNALS:
    // The tab's title changed (a count, a warning): the main window shows it.
    void titleChanged(const QString &title);

private:
    void watch(Monitor::ServerMonitor *server);
    void scheduleRefresh();
    void refreshQueues(qint64 now);
    void refreshMembers(qint64 now);
    void refreshAgents(qint64 now);
    void updateActions();
    void showMemberMenu(const QPoint &pos);
    void showAgentMenu(const QPoint &pos);
    void askLogIn();
    void askPick();
    // The server and store of the selected queue.
    [[nodiscard]] Monitor::ServerMonitor *selectedServer() const;
    [[nodiscard]] Monitor::CallCenterStore *selectedStore() const;
    [[nodiscard]] const Monitor::CallCenterMember *member(const QString &uuid) const;
    void send(const QString &action, const QString &what, const Esl::Expected<QString> &command,
              bool resyncAfter);

    PanelContext m_context;
    QueuesTableModel *m_queues;
    QueuesTableModel *m_members;
    QueuesTableModel *m_agents;
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
    QString m_queue; // "<server id> <queue name>"
    QString m_title;
};

} // namespace Ui
