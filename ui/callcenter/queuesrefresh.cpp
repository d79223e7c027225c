// QueuesPanel: what its three tables show, and how wide (queuespanel.h). A stale store's rows
// are read at the moment its link went (staleSinceMs), so waits and ages stop there.

#include "ui/callcenter/queuespanel.h"

#include "ui/callcenter/queuestablemodel.h"

#include "monitor/bidi.h"
#include "monitor/callcenterstore.h"
#include "monitor/hub.h"
#include "monitor/servermonitor.h"

#include <QDateTime>
#include <QHeaderView>
#include <QLabel>
#include <QScrollBar>
#include <QSplitter>
#include <QStyle>
#include <QTableView>

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

// When a store's figures are read: now, or when its link went (they are last known then).
qint64 readAt(const Monitor::CallCenterStore &store, qint64 now)
{
    return store.isStale() && store.staleSinceMs() > 0 ? std::min(now, store.staleSinceMs()) : now;
}

QString staleSince(const Monitor::CallCenterStore &store)
{
    return QueuesPanel::tr("unknown since %1")
        .arg(QDateTime::fromMSecsSinceEpoch(store.staleSinceMs()).toString(u"HH:mm:ss"));
}

// The server's colour as a swatch, when rows of several servers share the panel.
QColor swatch(const Monitor::ServerMonitor &server, int servers)
{
    return servers > 1 ? QColor::fromString(server.profile().colour) : QColor();
}

// The columns of each table an operator needs in view, most important first.
constexpr int kQueueColumnsInView = 6;  // Queue, Server (when shown), Waiting … Aband./h
constexpr int kMemberColumnsInView = 5; // Pos, Caller, Number, Wait, State
constexpr int kAgentColumnsInView = 4;  // Agent, Status, State, In queue

} // namespace

void QueuesPanel::refreshQueues(qint64 now)
{
    QList<QueuesTableModel::Row> rows;
    QStringList stale;
    QStringList notes;
    int waiting = 0;
    const QList<Monitor::ServerMonitor *> servers =
        m_context.hub ? m_context.hub->servers() : QList<Monitor::ServerMonitor *>{};
    m_servers = int(servers.size());
    for (Monitor::ServerMonitor *server : servers) {
        const Monitor::CallCenterStore *store = server->panels()->callCenter();
        if (store->syncState() == Monitor::PanelSyncState::ModuleMissing) {
            notes.append(tr("mod_callcenter is not loaded on %1").arg(server->name()));
            continue;
        }
        if (store->syncState() == Monitor::PanelSyncState::Failed)
            notes.append(tr("%1: %2").arg(server->name(), store->syncError()));
        const bool isStale = store->isStale();
        if (isStale)
            stale.append(tr("%1: queues %2").arg(server->name(), staleSince(*store)));
        const qint64 at = readAt(*store, now);
        for (const Monitor::CallCenterQueue &q : store->queues()) {
            const Monitor::CallCenterFigures f = store->figures(q.info.name, at);
            if (!isStale)
                waiting += f.waiting;
            QueuesTableModel::Row row;
            row.key = QString::number(server->id()) + u' ' + q.info.name;
            row.cells = {q.info.name,
                         server->name(),
                         isStale ? tr("?") : QString::number(f.waiting),
                         f.waiting > 0 ? duration(f.longestWaitMs) : QStringLiteral("–"),
                         QString::number(f.answeredLastHour),
                         QString::number(f.abandonedLastHour),
                         f.averageWaitMs < 0 ? QStringLiteral("–") : duration(f.averageWaitMs)};
            row.grey = isStale;
            row.swatch = swatch(*server, m_servers);
            row.tip = tr("%1 (%2) on %3. In the last hour, as this console saw them: %4 "
                         "answered, %5 abandoned (the caller hung up or timed out), %6 taken "
                         "out (transferred out, hung up by an operator). The switch counts %7 "
                         "answered and %8 abandoned since the queue was loaded.")
                          .arg(q.info.name, q.info.strategy, server->name())
                          .arg(f.answeredLastHour)
                          .arg(f.abandonedLastHour)
                          .arg(f.takenOutLastHour)
                          .arg(q.info.callsAnswered)
                          .arg(q.info.callsAbandoned);
            if (isStale)
                row.tip = staleSince(*store) + QStringLiteral("\n\n") + row.tip;
            rows.append(row);
        }
    }
    const int before = m_queues->rowCount();
    m_queues->update(rows);
    // The server column only says something with more than one server.
    const bool serverShown = !m_queueView->isColumnHidden(1);
    m_queueView->setColumnHidden(1, servers.size() <= 1);
    if (m_queues->rowCount() != before || serverShown != !m_queueView->isColumnHidden(1))
        fitColumns(m_queueView, {130, 110, 0, 0, 0, 0, 0});
    // What is not live comes first and is never cut: the time it is last known from.
    m_note->setText((stale + notes).join(QStringLiteral(" · ")));
    m_note->setVisible(!stale.isEmpty() || !notes.isEmpty());
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
    const qint64 at = store ? readAt(*store, now) : now;
    const QColor colour = selectedServer() ? swatch(*selectedServer(), m_servers) : QColor();
    if (q) {
        for (const Monitor::CallCenterMember &m : q->members) {
            if (!Monitor::CallCenterStore::stillListed(*q, m, at))
                continue;
            const bool waiting = m.state == u"Waiting" || m.state == u"Trying";
            const qint64 waitMs = waiting               ? at - m.joinedMs
                                  : m.bridgedMs > 0    ? m.bridgedMs - m.joinedMs
                                  : m.abandonedMs > 0 ? m.abandonedMs - m.joinedMs
                                                       : 0;
            const int pos = Monitor::CallCenterStore::position(*q, m.uuid);
            QueuesTableModel::Row row;
            row.key = m.uuid;
            row.cells = {pos > 0 ? QString::number(pos) : QString(), m.cidName, m.cidNumber,
                         duration(waitMs), m.state, m.servingAgent};
            // Answered and Trying are live only while the link is.
            row.colour = memberColour(m.state);
            row.colourColumn = 4;
            row.grey = m.state == u"Abandoned" || store->isStale();
            row.swatch = colour;
            row.tip = m.sessionUuid.isEmpty() ? tr("Member %1 (no channel: it left the queue)")
                                                    .arg(m.uuid)
                                              : tr("Member %1, channel %2").arg(m.uuid, m.sessionUuid);
            if (store->isStale())
                row.tip = staleSince(*store) + QStringLiteral("\n\n") + row.tip;
            rows.append(row);
        }
    }
    const int before = m_members->rowCount();
    m_members->update(rows);
    if (m_members->rowCount() != before)
        fitColumns(m_memberView, {40, 110, 100, 0, 0, 130});
    if (q) {
        const Monitor::CallCenterFigures f = store->figures(name, at);
        m_summary->setText(
            tr("%1: %2 waiting, longest %3 · last hour (seen here): %4 answered, %5 abandoned, "
               "%6 taken out · average wait %7")
                .arg(Monitor::isolated(name), store->isStale() ? tr("?") : QString::number(f.waiting))
                .arg(f.waiting > 0 ? duration(f.longestWaitMs) : QStringLiteral("–"))
                .arg(f.answeredLastHour)
                .arg(f.abandonedLastHour)
                .arg(f.takenOutLastHour)
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
    const QColor colour = selectedServer() ? swatch(*selectedServer(), m_servers) : QColor();
    if (store) {
        const qint64 at = readAt(*store, now);
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
                         last > 0 ? tr("%1 ago").arg(duration(at - last)) : QString()};
            row.colour = statusColour(a.status);
            row.colourColumn = 1;
            row.grey = store->isStale();
            row.swatch = colour;
            row.tip = tr("%1 (%2), contact %3").arg(a.name, a.type, a.contact);
            if (store->isStale())
                row.tip = staleSince(*store) + QStringLiteral("\n\n") + row.tip;
            rows.append(row);
        }
    }
    const int before = m_agents->rowCount();
    m_agents->update(rows);
    if (m_agents->rowCount() != before) {
        fitColumns(m_agentView, {130, 130, 0, 0, 0, 0, 0});
        // Room for the longest state, whatever the agents were doing when they were listed.
        const int state = m_agentView->fontMetrics().horizontalAdvance(tr("In a queue call")) + 12;
        m_agentView->setColumnWidth(2, std::max(m_agentView->columnWidth(2), state));
        balance();
    }
}

void QueuesPanel::fitColumns(QTableView *view, const QList<int> &caps)
{
    view->resizeColumnsToContents();
    // Long names elide in the middle (the tooltip has them whole) rather than push the columns
    // after them out of sight.
    for (int c = 0; c < caps.size(); ++c) {
        if (caps[c] > 0 && view->columnWidth(c) > caps[c])
            view->setColumnWidth(c, caps[c]);
    }
    balance();
}

void QueuesPanel::balance()
{
    if (!m_split || m_userSized)
        return;
    // Each part's wish: its columns that matter in view, with its frame, and its scroll bar
    // when its rows overflow.
    const int extent = style()->pixelMetric(QStyle::PM_ScrollBarExtent, nullptr, this);
    const auto wish = [extent](const QTableView *view, int columns) {
        const bool scrolls = view->verticalHeader()->length() + view->horizontalHeader()->height() +
                                 2 * view->frameWidth() >
                             view->height();
        int w = 2 * view->frameWidth() + (scrolls ? extent : 0) + 2;
        for (int c = 0; c < std::min(columns, view->model()->columnCount()); ++c)
            w += view->isColumnHidden(c) ? 0 : view->columnWidth(c);
        return w;
    };
    const int q = wish(m_queueView, kQueueColumnsInView);
    const int m = wish(m_memberView, kMemberColumnsInView);
    const int a = wish(m_agentView, kAgentColumnsInView);
    const int avail = m_split->width() - 2 * m_split->handleWidth();
    if (avail <= 0)
        return;
    QList<int> sizes;
    if (q + m + a <= avail) {
        // Room for all: what is left goes to the members and agents, whose further columns
        // (the serving agent, the tier state, calls answered) come next.
        const int extra = avail - q - m - a;
        sizes = {q, m + extra / 2, a + extra - extra / 2};
    } else {
        // Narrow (1024×700 with the details beside): the queues' figures first, then the
        // members and agents in proportion to their wishes.
        const int queues = std::min(q, avail * 45 / 100);
        const int rest = avail - queues;
        const int members = rest * m / std::max(1, m + a);
        sizes = {queues, members, rest - members};
    }
    if (m_split->sizes() != sizes)
        m_split->setSizes(sizes);
}

} // namespace Ui
