#include "ui/callcenter/queuespanel.h"

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

QString duration(qint64 ms)
{
    const qint64 s = std::max<qint64>(0, ms / 1000);
    return s >= 3600 ? QStringLiteral("%1:%2:%3")
                           .arg(s / 3600)
                           .arg(s / 60 % 60, 2, 10, QLatin1Char('0'))
                           .arg(s % 60, 2, 10, QLatin1Char('0'))
                     : QStringLiteral("%1:%2").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
}

QColor statusColour(const QString &status)
{
    if (status == u"Available")
        return QColor(0x2e, 0x7d, 0x32);
    if (status == u"Available (On Demand)")
        return QColor(0x00, 0x89, 0x7b);
    if (status == u"On Break")
        return QColor(0xe6, 0x51, 0x00);
    return QColor(0x75, 0x75, 0x75); // Logged Out
}

QColor memberColour(const QString &state)
{
    if (state == u"Trying")
        return QColor(0x15, 0x65, 0xc0);
    if (state == u"Answered")
        return QColor(0x2e, 0x7d, 0x32);
    return {};
}

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
    view->setWordWrap(false);
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
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);

    auto *toolbar = new QToolBar(this);
    toolbar->setObjectName(QStringLiteral("queuesToolBar"));
    toolbar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_statusMenu = new QMenu(tr("Set status"), this);
    for (const QString &status : {QStringLiteral("Available"),
                                  QStringLiteral("Available (On Demand)"),
                                  QStringLiteral("On Break"), QStringLiteral("Logged Out")}) {
        QAction *a = m_statusMenu->addAction(status);
        a->setObjectName(QStringLiteral("status:") + status);
        connect(a, &QAction::triggered, this, [this, status] { setSelectedAgentStatus(status); });
    }
    m_statusAction = m_statusMenu->menuAction();
    m_statusAction->setText(tr("Agent &status"));
    m_statusAction->setToolTip(tr("Set the selected agent's status"));
    toolbar->addAction(m_statusAction);
    if (auto *button = qobject_cast<QToolButton *>(toolbar->widgetForAction(m_statusAction)))
        button->setPopupMode(QToolButton::InstantPopup);
    m_logInAction = toolbar->addAction(tr("Log &in…"), this, &QueuesPanel::askLogIn);
    m_logInAction->setToolTip(tr("Log the selected agent in to the queue (tier add)"));
    m_logOutAction = toolbar->addAction(tr("Log &out"), this, &QueuesPanel::logOutSelectedAgent);
    m_logOutAction->setToolTip(tr("Log the selected agent out of the queue (tier del)"));
    toolbar->addSeparator();
    m_pickAction = toolbar->addAction(tr("&Pick…"), this, &QueuesPanel::askPick);
    m_pickAction->setToolTip(tr("Send the selected caller to an extension (uuid_transfer)"));
    m_hangUpAction = toolbar->addAction(tr("&Hang up"), this, &QueuesPanel::hangUpSelectedMember);
    m_hangUpAction->setToolTip(tr("Hang up the selected caller (uuid_kill)"));
    layout->addWidget(toolbar);

    auto *split = new QSplitter(Qt::Horizontal, this);
    m_queueView = makeView(m_queues, QStringLiteral("queuesView"), split);
    m_memberView = makeView(m_members, QStringLiteral("membersView"), split);
    m_agentView = makeView(m_agents, QStringLiteral("agentsView"), split);
    split->addWidget(m_queueView);
    split->addWidget(m_memberView);
    split->addWidget(m_agentView);
    split->setStretchFactor(0, 2);
    split->setStretchFactor(1, 2);
    split->setStretchFactor(2, 3);
    layout->addWidget(split, 1);
    // The selected queue's figures in words, under the tables.
    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("queueSummary"));
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_summary);
    m_note = new QLabel(this);
    m_note->setObjectName(QStringLiteral("queuesNote"));
    m_note->setWordWrap(false);
    m_note->hide();
    layout->addWidget(m_note);

    connect(m_queueView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) {
                m_queue = m_queues->keyAt(current.row());
                refresh();
            });
    connect(m_memberView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &QueuesPanel::updateActions);
    connect(m_agentView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &QueuesPanel::updateActions);
    connect(m_memberView, &QWidget::customContextMenuRequested, this, &QueuesPanel::showMemberMenu);
    connect(m_agentView, &QWidget::customContextMenuRequested, this, &QueuesPanel::showAgentMenu);

    m_refresh.setSingleShot(true);
    m_refresh.setInterval(kRefreshMs);
    connect(&m_refresh, &QTimer::timeout, this, &QueuesPanel::refresh);
    m_tick.setInterval(1000);
    connect(&m_tick, &QTimer::timeout, this, &QueuesPanel::scheduleRefresh);
    m_tick.start();

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

QString QueuesPanel::selectedMember() const
{
    return m_members->keyAt(m_memberView->currentIndex().row());
}

QString QueuesPanel::selectedAgent() const
{
    return m_agents->keyAt(m_agentView->currentIndex().row());
}

const Monitor::CallCenterMember *QueuesPanel::member(const QString &uuid) const
{
    const Monitor::CallCenterStore *store = selectedStore();
    const Monitor::CallCenterQueue *q = store ? store->queue(m_queue.section(u' ', 1)) : nullptr;
    if (!q)
        return nullptr;
    for (const Monitor::CallCenterMember &m : q->members) {
        if (m.uuid == uuid)
            return &m;
    }
    return nullptr;
}

void QueuesPanel::refresh()
{
    m_refresh.stop();
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    refreshQueues(now);
    if (m_queue.isEmpty() && m_queues->rowCount() > 0) {
        m_queueView->setCurrentIndex(m_queues->index(0, 0)); // refreshes again, with a queue
        return;
    }
    refreshMembers(now);
    refreshAgents(now);
    updateActions();
}

void QueuesPanel::refreshQueues(qint64 now)
{
    QList<QueuesTableModel::Row> rows;
    QStringList notes;
    int waiting = 0;
    const QList<Monitor::ServerMonitor *> servers =
        m_context.hub ? m_context.hub->servers() : QList<Monitor::ServerMonitor *>{};
    for (Monitor::ServerMonitor *server : servers) {
        const Monitor::CallCenterStore *store = server->panels()->callCenter();
        if (store->syncState() == Monitor::PanelSyncState::ModuleMissing) {
            notes.append(tr("mod_callcenter is not loaded on %1").arg(server->name()));
            continue;
        }
        if (store->syncState() == Monitor::PanelSyncState::Failed)
            notes.append(tr("%1: %2").arg(server->name(), store->syncError()));
        const QString stale =
            store->isStale()
                ? tr("unknown since %1")
                      .arg(QDateTime::fromMSecsSinceEpoch(store->staleSinceMs()).toString(u"HH:mm:ss"))
                : QString();
        if (!stale.isEmpty())
            notes.append(tr("%1: queues %2").arg(server->name(), stale));
        for (const Monitor::CallCenterQueue &q : store->queues()) {
            const Monitor::CallCenterFigures f = store->figures(q.info.name, now);
            if (stale.isEmpty())
                waiting += f.waiting;
            QueuesTableModel::Row row;
            row.key = QString::number(server->id()) + u' ' + q.info.name;
            row.cells = {q.info.name,
                         server->name(),
                         stale.isEmpty() ? QString::number(f.waiting) : tr("?"),
                         f.waiting > 0 ? duration(f.longestWaitMs) : QStringLiteral("–"),
                         QString::number(f.answeredLastHour),
                         QString::number(f.abandonedLastHour),
                         f.averageWaitMs < 0 ? QStringLiteral("–") : duration(f.averageWaitMs)};
            row.grey = !stale.isEmpty();
            row.tip = stale.isEmpty()
                          ? tr("%1 (%2). Answered and abandoned: in the last hour, as this "
                               "console saw them; the switch counts %3 answered and %4 abandoned "
                               "since the queue was loaded.")
                                .arg(q.info.name, q.info.strategy)
                                .arg(q.info.callsAnswered)
                                .arg(q.info.callsAbandoned)
                          : stale;
            rows.append(row);
        }
    }
    const int before = m_queues->rowCount();
    m_queues->update(rows);
    // The server column only says something with more than one server.
    m_queueView->setColumnHidden(1, servers.size() <= 1);
    if (m_queues->rowCount() != before)
        m_queueView->resizeColumnsToContents();
    if (!m_queue.isEmpty() && m_queues->rowOf(m_queue) < 0)
        m_queue.clear();
    m_note->setText(notes.join(QStringLiteral(" · ")));
    m_note->setVisible(!notes.isEmpty());
    const QString title = waiting > 0 ? tr("&Queues (%1)").arg(waiting) : tr("&Queues");
    if (title != m_title) {
        m_title = title;
        Q_EMIT titleChanged(title);
    }
}

void QueuesPanel::refreshMembers(qint64 now)
{
    QList<QueuesTableModel::Row> rows;
    const Monitor::CallCenterStore *store = selectedStore();
    const QString name = m_queue.section(u' ', 1);
    const Monitor::CallCenterQueue *q = store ? store->queue(name) : nullptr;
    if (q) {
        for (const Monitor::CallCenterMember &m : q->members) {
            if (!Monitor::CallCenterStore::stillListed(*q, m, now))
                continue;
            const bool waiting = m.state == u"Waiting" || m.state == u"Trying";
            const qint64 waitMs = waiting               ? now - m.joinedMs
                                  : m.bridgedMs > 0    ? m.bridgedMs - m.joinedMs
                                  : m.abandonedMs > 0 ? m.abandonedMs - m.joinedMs
                                                       : 0;
            const int pos = Monitor::CallCenterStore::position(*q, m.uuid);
            QueuesTableModel::Row row;
            row.key = m.uuid;
            row.cells = {pos > 0 ? QString::number(pos) : QString(), m.cidName, m.cidNumber,
                         duration(waitMs), m.state, m.servingAgent};
            row.colour = memberColour(m.state);
            row.colourColumn = 4;
            row.grey = m.state == u"Abandoned" || store->isStale();
            row.tip = m.sessionUuid.isEmpty() ? tr("Member %1 (no channel: it left the queue)")
                                                    .arg(m.uuid)
                                              : tr("Member %1, channel %2").arg(m.uuid, m.sessionUuid);
            rows.append(row);
        }
    }
    const int before = m_members->rowCount();
    m_members->update(rows);
    if (m_members->rowCount() != before)
        m_memberView->resizeColumnsToContents();
    if (q) {
        const Monitor::CallCenterFigures f = store->figures(name, now);
        m_summary->setText(
            tr("%1: %2 waiting, longest %3 · last hour (seen here): %4 answered, %5 abandoned · "
               "average wait %6")
                .arg(name)
                .arg(f.waiting)
                .arg(f.waiting > 0 ? duration(f.longestWaitMs) : QStringLiteral("–"))
                .arg(f.answeredLastHour)
                .arg(f.abandonedLastHour)
                .arg(f.averageWaitMs < 0 ? QStringLiteral("–") : duration(f.averageWaitMs)));
    } else {
        m_summary->clear();
    }
}

void QueuesPanel::refreshAgents(qint64 now)
{
    QList<QueuesTableModel::Row> rows;
    const Monitor::CallCenterStore *store = selectedStore();
    const QString name = m_queue.section(u' ', 1);
    if (store) {
        QHash<QString, Monitor::CallCenterTier> tiers;
        for (const Monitor::CallCenterTier &t : store->tiers(name))
            tiers.insert(t.agent, t);
        for (const Monitor::CallCenterAgent &a : store->agents()) {
            const auto t = tiers.constFind(a.name);
            const bool in = t != tiers.cend();
            const qint64 last = std::max(a.lastBridgeEndMs, a.lastBridgeStartMs);
            QueuesTableModel::Row row;
            row.key = a.name;
            row.cells = {a.name,
                         a.status,
                         a.state,
                         in ? tr("level %1, #%2").arg(t->level).arg(t->position) : tr("no"),
                         in ? t->state : QString(),
                         QString::number(a.callsAnswered),
                         last > 0 ? tr("%1 ago").arg(duration(now - last)) : QString()};
            row.colour = statusColour(a.status);
            row.colourColumn = 1;
            row.grey = store->isStale();
            row.tip = tr("%1 (%2), contact %3").arg(a.name, a.type, a.contact);
            rows.append(row);
        }
    }
    const int before = m_agents->rowCount();
    m_agents->update(rows);
    if (m_agents->rowCount() != before) {
        m_agentView->resizeColumnsToContents();
        // Room for the longest state, whatever the agents were doing when they were listed.
        const int state = m_agentView->fontMetrics().horizontalAdvance(tr("In a queue call")) + 12;
        m_agentView->setColumnWidth(2, std::max(m_agentView->columnWidth(2), state));
    }
}

void QueuesPanel::updateActions()
{
    Monitor::ServerMonitor *server = selectedServer();
    const bool live = server && !server->panels()->callCenter()->isStale();
    const QString agent = selectedAgent();
    const Monitor::CallCenterStore *store = selectedStore();
    bool inQueue = false;
    if (store && !agent.isEmpty()) {
        for (const Monitor::CallCenterTier &t : store->tiers(m_queue.section(u' ', 1)))
            inQueue = inQueue || t.agent == agent;
    }
    m_statusAction->setEnabled(live && !agent.isEmpty());
    m_logInAction->setEnabled(live && !agent.isEmpty() && !inQueue);
    m_logOutAction->setEnabled(live && !agent.isEmpty() && inQueue);
    const Monitor::CallCenterMember *m = member(selectedMember());
    const bool reachable = live && m && !m->sessionUuid.isEmpty() && m->state != u"Abandoned";
    m_pickAction->setEnabled(reachable && m->state != u"Answered");
    m_hangUpAction->setEnabled(reachable);
}

} // namespace Ui
