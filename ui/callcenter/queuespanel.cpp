#include "ui/callcenter/queuespanel.h"

#include "console/watchonlysetting.h"
#include "ui/common/controlactions.h"

#include "ui/callcenter/queuestablemodel.h"

#include "monitor/callcenterstore.h"
#include "monitor/hub.h"
#include "monitor/servermonitor.h"

#include <QDateTime>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QMenu>
#include <QSplitter>
#include <QTableView>
#include <QToolBar>
#include <QToolButton>
#include <QVBoxLayout>

namespace Ui {

namespace {

QTableView *makeView(QAbstractItemModel *model, const QString &name, QWidget *parent)
{
    auto *view = new QTableView(parent);
    view->setObjectName(name);
    view->setModel(model);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setSelectionMode(QAbstractItemView::SingleSelection);
    view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    view->verticalHeader()->hide();
    view->verticalHeader()->setDefaultSectionSize(view->fontMetrics().height() + 6);
    view->horizontalHeader()->setStretchLastSection(true);
    view->horizontalHeader()->setMinimumSectionSize(view->fontMetrics().horizontalAdvance(QStringLiteral("000")) + 10);
    view->setWordWrap(false);
    // Names and URIs keep both ends (agent1@default, sofia/…/1001); the tooltip has it whole.
    view->setTextElideMode(Qt::ElideMiddle);
    view->setContextMenuPolicy(Qt::CustomContextMenu);
    return view;
}

} // namespace

QueuesPanel::QueuesPanel(const PanelContext &context, QWidget *parent)
    : QWidget(parent), m_context(context),
      m_queues(new QueuesTableModel({tr("Queue"), tr("Server"), tr("Waiting"), tr("Longest"),
                                     tr("Ans./h"), tr("Aband./h"), tr("Avg wait")},
                                    this)),
      m_members(new QueuesTableModel(
          {tr("Pos"), tr("Caller"), tr("Number"), tr("Wait"), tr("State"), tr("Agent")}, this)),
      m_agents(new QueuesTableModel({tr("Agent"), tr("Status"), tr("State"), tr("In queue"),
                                     tr("Tier state"), tr("Answered"), tr("Last call")},
                                    this))
{
    setObjectName(QStringLiteral("queuespanel"));
    // The full text of the cells that elide leads their tooltip.
    m_queues->setFullTextColumns({0, 1});
    m_members->setFullTextColumns({1, 2, 5});
    m_agents->setFullTextColumns({0, 1, 2, 3});
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);

    auto *toolbar = new QToolBar(this);
    toolbar->setObjectName(QStringLiteral("queuesToolBar"));
    toolbar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_statusMenu = new QMenu(tr("Set status"), this);
    m_statusMenu->setObjectName(QStringLiteral("queuesStatusMenu"));
    for (const QString &status : {QStringLiteral("Available"),
                                  QStringLiteral("Available (On Demand)"),
                                  QStringLiteral("On Break"), QStringLiteral("Logged Out")}) {
        QAction *a = m_statusMenu->addAction(status);
        a->setObjectName(QStringLiteral("status:") + status);
        connect(a, &QAction::triggered, this, [this, status] { setStatus(m_statusTarget, status); });
    }
    // The agent the menu was opened for is the one whose status is set.
    connect(m_statusMenu, &QMenu::aboutToShow, this, [this] { m_statusTarget = agentTarget(); });
    m_statusAction = m_statusMenu->menuAction();
    m_statusAction->setText(tr("Agent &status"));
    m_statusAction->setToolTip(tr("Set the selected agent's status"));
    toolbar->addAction(m_statusAction);
    if (auto *button = qobject_cast<QToolButton *>(toolbar->widgetForAction(m_statusAction)))
        button->setPopupMode(QToolButton::InstantPopup);
    m_logInAction = toolbar->addAction(tr("Log &in…"), this, &QueuesPanel::askLogIn);
    m_logInAction->setObjectName(QStringLiteral("queuesLogIn"));
    m_logInAction->setToolTip(
        tr("Log the selected agent in to the queue (tier add), and make it Available"));
    m_logOutAction = toolbar->addAction(tr("Log &out…"), this, &QueuesPanel::askLogOut);
    m_logOutAction->setObjectName(QStringLiteral("queuesLogOut"));
    m_logOutAction->setToolTip(tr("Log the selected agent out of the queue (tier del)"));
    toolbar->addSeparator();
    m_pickAction = toolbar->addAction(tr("&Pick…"), this, &QueuesPanel::askPick);
    m_pickAction->setObjectName(QStringLiteral("queuesPick"));
    m_pickAction->setToolTip(tr("Send the selected caller to an extension (uuid_transfer)"));
    m_hangUpAction = toolbar->addAction(tr("&Hang up…"), this, &QueuesPanel::askHangUp);
    m_hangUpAction->setObjectName(QStringLiteral("queuesHangUp"));
    m_hangUpAction->setToolTip(tr("Hang up the selected caller (uuid_kill), after asking"));
    // Every action here is removed for a watch-only selection: the bar keeps its height.
    keepToolBarHeight(toolbar);
    layout->addWidget(toolbar);

    m_split = new QSplitter(Qt::Horizontal, this);
    m_split->setObjectName(QStringLiteral("queuesSplitter"));
    m_split->setChildrenCollapsible(false);
    m_queueView = makeView(m_queues, QStringLiteral("queuesView"), m_split);
    m_memberView = makeView(m_members, QStringLiteral("membersView"), m_split);
    m_agentView = makeView(m_agents, QStringLiteral("agentsView"), m_split);
    m_split->addWidget(m_queueView);
    m_split->addWidget(m_memberView);
    m_split->addWidget(m_agentView);
    connect(m_split, &QSplitter::splitterMoved, this, [this] { m_userSized = true; });
    layout->addWidget(m_split, 1);
    // A stale server's "unknown since" line first, wrapped rather than cut; then the selected
    // queue's figures in words.
    m_note = new QLabel(this);
    m_note->setObjectName(QStringLiteral("queuesNote"));
    m_note->setWordWrap(true);
    m_note->hide();
    layout->addWidget(m_note);
    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("queueSummary"));
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_summary);

    connect(m_queueView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) {
                if (m_restoring)
                    return;
                m_queue = m_queues->keyAt(current.row());
                m_queueChosen = m_queueChosen || !m_queue.isEmpty();
                refresh();
            });
    connect(m_memberView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) {
                if (m_restoring)
                    return;
                m_member = m_members->keyAt(current.row());
                updateActions();
            });
    connect(m_agentView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) {
                if (m_restoring)
                    return;
                m_agent = m_agents->keyAt(current.row());
                updateActions();
            });
    connect(m_memberView, &QWidget::customContextMenuRequested, this, &QueuesPanel::showMemberMenu);
    connect(m_agentView, &QWidget::customContextMenuRequested, this, &QueuesPanel::showAgentMenu);

    m_refresh.setSingleShot(true);
    m_refresh.setInterval(kRefreshMs);
    connect(&m_refresh, &QTimer::timeout, this, &QueuesPanel::refresh);
    m_tick.setInterval(1000);
    connect(&m_tick, &QTimer::timeout, this, &QueuesPanel::scheduleRefresh);
    m_tick.start();

    // Empty tables as wide as their headers until rows come.
    for (QTableView *view : {m_queueView, m_memberView, m_agentView})
        view->resizeColumnsToContents();
    if (m_context.hub) {
        for (Monitor::ServerMonitor *s : m_context.hub->servers())
            watch(s);
        connect(m_context.hub, &Monitor::Hub::serverAdded, this, &QueuesPanel::watch);
        connect(m_context.hub, &Monitor::Hub::serverRemoved, this, &QueuesPanel::scheduleRefresh);
    }
    refresh();
}

QueuesPanel::~QueuesPanel() = default;

void QueuesPanel::watch(Monitor::ServerMonitor *server)
{
    Monitor::CallCenterStore *store = server->panels()->callCenter();
    connect(store, &Monitor::PanelStore::changed, this, &QueuesPanel::scheduleRefresh);
    scheduleRefresh();
}

void QueuesPanel::scheduleRefresh()
{
    if (!m_refresh.isActive())
        m_refresh.start();
}

Monitor::CallCenterStore *QueuesPanel::storeOf(Monitor::ServerId server) const
{
    Monitor::ServerMonitor *s = m_context.hub ? m_context.hub->server(server) : nullptr;
    return s ? s->panels()->callCenter() : nullptr;
}

Monitor::ServerMonitor *QueuesPanel::selectedServer() const
{
    if (!m_context.hub || m_queue.isEmpty())
        return nullptr;
    return m_context.hub->server(Monitor::ServerId(m_queue.section(u' ', 0, 0).toInt()));
}

Monitor::CallCenterStore *QueuesPanel::selectedStore() const
{
    Monitor::ServerMonitor *s = selectedServer();
    return s ? s->panels()->callCenter() : nullptr;
}

void QueuesPanel::selectQueue(const QString &queue)
{
    for (int row = 0; row < m_queues->rowCount(); ++row) {
        if (m_queues->keyAt(row).section(u' ', 1) == queue) {
            m_queueView->selectRow(row);
            m_queueView->setCurrentIndex(m_queues->index(row, 0));
            return;
        }
    }
}

const Monitor::CallCenterMember *QueuesPanel::member(const QString &uuid) const
{
    const Monitor::CallCenterStore *store = selectedStore();
    const Monitor::CallCenterQueue *q = store ? store->queue(m_queue.section(u' ', 1)) : nullptr;
    if (!q || uuid.isEmpty())
        return nullptr;
    for (const Monitor::CallCenterMember &m : q->members) {
        if (m.uuid == uuid)
            return &m;
    }
    return nullptr;
}

void QueuesPanel::restoreSelection(QTableView *view, QueuesTableModel *model, QString &key)
{
    // Qt moves the current index to a neighbour when its row is removed: the selection is put
    // back on its key's row, or on nothing when that row went.
    const int row = key.isEmpty() ? -1 : model->rowOf(key);
    QItemSelectionModel *selection = view->selectionModel();
    if (row < 0) {
        key.clear();
        if (selection->currentIndex().isValid() || selection->hasSelection()) {
            selection->clearSelection();
            selection->setCurrentIndex(QModelIndex(), QItemSelectionModel::Clear);
        }
        return;
    }
    if (selection->currentIndex().row() != row || !selection->isRowSelected(row, {})) {
        selection->setCurrentIndex(model->index(row, 0), QItemSelectionModel::ClearAndSelect |
                                                             QItemSelectionModel::Rows);
    }
}

void QueuesPanel::refresh()
{
    m_refresh.stop();
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    m_restoring = true;
    refreshQueues(now);
    if (!m_queue.isEmpty() && m_queues->rowOf(m_queue) < 0)
        m_queue.clear();
    // The first queue is chosen for the operator at the start; one that went is not replaced.
    if (m_queue.isEmpty() && !m_queueChosen && m_queues->rowCount() > 0) {
        m_queue = m_queues->keyAt(0);
        m_queueChosen = true;
    }
    restoreSelection(m_queueView, m_queues, m_queue);
    refreshMembers(now);
    restoreSelection(m_memberView, m_members, m_member);
    refreshAgents(now);
    restoreSelection(m_agentView, m_agents, m_agent);
    m_restoring = false;
    updateActions();
}

void QueuesPanel::updateActions()
{
    Monitor::ServerMonitor *server = selectedServer();
    const bool live = server && !server->panels()->callCenter()->isStale();
    const QString agent = m_agent;
    const Monitor::CallCenterStore *store = selectedStore();
    bool inQueue = false;
    if (store && !agent.isEmpty()) {
        for (const Monitor::CallCenterTier &t : store->tiers(m_queue.section(u' ', 1)))
            inQueue = inQueue || t.agent == agent;
    }
    m_statusAction->setEnabled(live && !agent.isEmpty());
    m_logInAction->setEnabled(live && !agent.isEmpty() && !inQueue);
    m_logOutAction->setEnabled(live && !agent.isEmpty() && inQueue);
    const Monitor::CallCenterMember *m = member(m_member);
    const bool reachable = live && m && !m->sessionUuid.isEmpty() && m->state != u"Abandoned";
    m_pickAction->setEnabled(reachable && m->state != u"Answered");
    m_hangUpAction->setEnabled(reachable);
    // Watch-only: agents, tiers and callers are not changed from a watch-only server's queues.
    const bool offered = server ? !Console::isWatchOnly(*server)
                                : Console::anyServerTakesControl(m_context.hub);
    offerControlActions({m_statusAction, m_logInAction, m_logOutAction, m_pickAction, m_hangUpAction},
                        offered);
}

void QueuesPanel::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    balance();
}

} // namespace Ui
