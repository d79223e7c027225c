// The calls model's one-second tick (durations move on, never back; ended rows fade) and the
// pins a view puts on the calls it must not lose from under the operator's pointer.

#include "ui/calls/callsmodel.h"

#include "ui/calls/callpresentation.h"

namespace Ui {

namespace {

const QList<int> kTickRoles{Qt::DisplayRole, RawValueRole, Qt::ToolTipRole};
const QList<int> kFadeRoles{FadeRole, Qt::ForegroundRole, Qt::BackgroundRole};

} // namespace

void CallsModel::tick()
{
    // Every live row's duration moved on and every ended row faded a little: one dataChanged for
    // the duration column of all top-level rows and ranged ones for the faded rows, never one per
    // call. A signal for each call's legs (thousands a second at scale) cost the view a search for
    // the row of each and the proxy a re-sort check, which stalled the window for a second with
    // 5,000 calls up (bench_window --scale).
    //
    // Qt 6.4's QTreeView repaints only the bounding rectangle of the rows a ranged signal names
    // (QTreeViewPrivate::intersectedRect), so the legs between two named call rows are repainted
    // and read again, but the legs below the last one are not: the last call's legs, and the legs
    // under the last call of each run of faded calls, get a signal of their own. A proxy that
    // keeps the order (the quick filter) maps those ranges as they are.
    releaseOverduePins();
    const int rows = rowCount();
    if (rows == 0)
        return;
    Q_EMIT aboutToApplyChanges(); // a proxy sorting on the duration moves rows now
    const int lastColumn = columnCount() - 1;
    const bool tree = m_layout == Layout::Tree;
    Q_EMIT dataChanged(index(0, Duration), index(rows - 1, Duration), kTickRoles);
    if (tree) {
        const Call *last = m_callRows.back();
        if (!last->legs.isEmpty()) {
            const QModelIndex parent = createIndex(last->row, 0, nullptr);
            Q_EMIT dataChanged(index(0, Duration, parent),
                               index(int(last->legs.size()) - 1, Duration, parent), kTickRoles);
        }
    }
    // Only the rows of channels that ended fade: the flush keeps them in a set, so the tick
    // looks at those and not at every channel (10,000 lookups, 6 ms a second).
    QList<int> fading;
    QHash<const Call *, QList<int>> fadingLegs; // the tree: each fading leg under its call
    for (const auto &[id, server] : m_servers) {
        for (const QString &uuid : server.fading) {
            const auto found = server.legs.find(uuid);
            if (found == server.legs.end() || !found->second->call)
                continue;
            const Leg *leg = found->second.get();
            if (!tree) {
                fading.append(leg->row);
                continue;
            }
            fading.append(leg->call->row);
            fadingLegs[leg->call].append(int(leg->call->legs.indexOf(leg)));
        }
    }
    const QList<std::pair<int, int>> runs = announceRows(fading, {}, 0, lastColumn, kFadeRoles);
    // Flat, the rows are legs (m_callRows is not what they index) and there is nothing below.
    for (const auto &[first, last] : tree ? runs : QList<std::pair<int, int>>()) {
        const Call *call = m_callRows[size_t(last)];
        if (const auto legs = fadingLegs.constFind(call); legs != fadingLegs.cend())
            announceRows(*legs, createIndex(call->row, 0, nullptr), 0, lastColumn, kFadeRoles);
    }
    Q_EMIT changesApplied();
    Q_EMIT ticked();
}

void CallsModel::noteStart(ServerRows &server, const Monitor::Channel &c)
{
    const qint64 start = c.answeredMs > 0 ? c.answeredMs : c.createdMs;
    if (start <= 0)
        return;
    const bool answered = CallPresentation::hasAnswered(c);
    const auto it = server.starts.find(c.uuid);
    if (it == server.starts.end())
        server.starts.insert(c.uuid, {start, answered});
    else if (!it->answered) // ringing: from its creation; seen answering: from the answer
        *it = {start, answered};
    else // answered: a start learned since only ever makes it longer
        it->ms = std::min(it->ms, start);
}

void CallsModel::noteLastKnown(ServerRows &server)
{
    for (const auto &[uuid, leg] : server.legs) {
        const Monitor::Channel *c = server.store->channel(uuid);
        if (c && !c->ended)
            server.lastKnownAt.insert(uuid, server.staleSinceMs);
    }
}

void CallsModel::forgetLastKnown(Monitor::ServerId id)
{
    const auto it = m_servers.find(id);
    if (it == m_servers.end())
        return;
    ServerRows &server = it->second;
    for (auto known = server.lastKnownAt.begin(); known != server.lastKnownAt.end();) {
        const Monitor::Channel *c = server.store->channel(known.key());
        if (c && c->zombie)
            ++known; // lost while nobody could see: it stays as it was last known
        else
            known = server.lastKnownAt.erase(known);
    }
}

qint64 CallsModel::durationOf(const Monitor::Channel &c, Monitor::ServerId id) const
{
    qint64 start = c.answeredMs > 0 ? c.answeredMs : c.createdMs;
    qint64 end = durationClock(id);
    const auto server = m_servers.find(id);
    if (server != m_servers.end()) {
        if (const auto s = server->second.starts.constFind(c.uuid);
            s != server->second.starts.cend() && s->answered && s->ms > 0 &&
            (start <= 0 || s->ms < start))
            start = s->ms;
    }
    if (c.ended) {
        end = c.hungUpMs > 0 ? c.hungUpMs : c.goneMs;
    } else if (c.zombie) {
        end = c.goneMs;
        if (server != m_servers.end()) {
            if (const auto known = server->second.lastKnownAt.constFind(c.uuid);
                known != server->second.lastKnownAt.cend())
                end = std::min(end, *known);
        }
    }
    return start > 0 ? std::max<qint64>(0, end - start) : 0;
}

void CallsModel::announceAllRows(const QList<int> &roles)
{
    const int rows = rowCount();
    if (rows == 0)
        return;
    const int lastColumn = columnCount() - 1;
    Q_EMIT dataChanged(index(0, 0), index(rows - 1, lastColumn), roles);
    if (m_layout == Layout::Tree && !m_callRows.back()->legs.isEmpty()) {
        const Call *last = m_callRows.back();
        const QModelIndex parent = createIndex(last->row, 0, nullptr);
        Q_EMIT dataChanged(index(0, 0, parent),
                           index(int(last->legs.size()) - 1, lastColumn, parent), roles);
    }
}

bool CallsModel::isPinned(const Leg *leg) const
{
    return !m_pinned.isEmpty() && leg->call && m_pinned.contains({leg->key.server, leg->call->key});
}

bool CallsModel::keepDropped(ServerRows &server, const Leg *leg)
{
    const QString &uuid = leg->key.uuid;
    const auto copy = server.copies.find(uuid);
    if (copy == server.copies.end())
        return false; // nothing to show it from
    const qint64 now = Monitor::ServerMonitor::now();
    const auto since = server.keptSince.constFind(uuid);
    if (since == server.keptSince.cend()) {
        server.keptSince.insert(uuid, now);
        if (!CallPresentation::isGone(*copy)) { // dropped without a word: it went, now
            copy->ended = true;
            copy->goneMs = now;
        }
        return true;
    }
    return now - *since < m_pinLimitMs ||
           (leg->call && m_held.contains({leg->key.server, leg->call->key}));
}

void CallsModel::releaseOverduePins()
{
    // A leg kept past its time goes at the next flush, pinned or not.
    const qint64 now = Monitor::ServerMonitor::now();
    for (auto &[id, server] : m_servers) {
        for (auto it = server.keptSince.cbegin(); it != server.keptSince.cend(); ++it) {
            if (now - it.value() >= m_pinLimitMs)
                note(id, it.key());
        }
    }
}

void CallsModel::setPinnedCalls(const QSet<Monitor::ChannelKey> &calls,
                                const QSet<Monitor::ChannelKey> &held)
{
    // Legs no longer held go at the next tick (releaseOverduePins).
    m_held = held;
    if (calls == m_pinned)
        return;
    const auto callOf = [this](const Monitor::ChannelKey &key) -> Call * {
        const auto server = m_servers.find(key.server);
        if (server == m_servers.end())
            return nullptr;
        const auto it = server->second.calls.find(key.uuid);
        return it == server->second.calls.end() ? nullptr : it->second.get();
    };
    for (const Monitor::ChannelKey &key : std::as_const(m_pinned)) {
        if (calls.contains(key))
            continue;
        // Released: what the store dropped of it, or moved elsewhere, catches up.
        if (const Call *call = callOf(key)) {
            for (const Leg *leg : call->legs)
                note(key.server, leg->key.uuid);
        }
    }
    for (const Monitor::ChannelKey &key : calls) {
        if (m_pinned.contains(key))
            continue;
        Call *call = callOf(key);
        if (!call)
            continue;
        ServerRows &server = m_servers[key.server];
        for (const Leg *leg : call->legs) {
            if (const Monitor::Channel *c = server.store->channel(leg->key.uuid))
                server.copies.insert(leg->key.uuid, *c);
        }
    }
    m_pinned = calls;
}

} // namespace Ui
