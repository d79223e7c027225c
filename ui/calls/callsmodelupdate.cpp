// How the calls model follows the hub: store signals only mark a server dirty; the flush compares
// the rows with the stores and changes them in as few, as large steps as it can; the tick moves
// durations and fades on.

#include "ui/calls/callsmodel.h"

#include "ui/calls/callpresentation.h"

#include <algorithm>
#include <unordered_set>

namespace Ui {

namespace {

constexpr int kMaxRuns = 16;       // more separate runs of changed rows than this: one span for all
constexpr int kMaxRemovedRuns = 8; // more separate runs of removed calls: one layout change

const QList<int> kTickRoles{Qt::DisplayRole, RawValueRole, Qt::ToolTipRole};
const QList<int> kFadeRoles{FadeRole, Qt::ForegroundRole, Qt::BackgroundRole};

// Contiguous runs in rows sorted in descending order: (first, last) pairs, the highest first.
QList<std::pair<int, int>> runsDescending(QList<int> rows)
{
    std::sort(rows.begin(), rows.end(), std::greater<>());
    rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
    QList<std::pair<int, int>> runs;
    for (qsizetype i = 0; i < rows.size();) {
        const int last = rows[i];
        int first = last;
        while (++i < rows.size() && rows[i] == first - 1)
            first = rows[i];
        runs.append({first, last});
    }
    return runs;
}

} // namespace

struct CallsModel::Flush
{
    std::vector<Leg *> gone;                       // the store no longer has them
    std::vector<std::pair<Leg *, QString>> moving; // to the call with this key
    std::vector<std::pair<Monitor::ChannelKey, QString>>
        added;                          // new channels, with their call's key
    QSet<Monitor::ChannelKey> changed;  // legs whose data changed
    QSet<Monitor::ChannelKey> reshaped; // calls (by key) that gained or lost legs

    [[nodiscard]] bool isEmpty() const
    {
        return gone.empty() && moving.empty() && added.empty() && changed.isEmpty();
    }
};

void CallsModel::watch(Monitor::ServerMonitor *monitor)
{
    const Monitor::ServerId id = monitor->id();
    const Monitor::ChannelStore *store = monitor->channels();
    m_servers[id].store = store;
    m_servers[id].everything = true;
    const auto note = [this, id](const QString &uuid) { this->note(id, uuid); };
    connect(store, &Monitor::ChannelStore::channelAdded, this, note);
    connect(store, &Monitor::ChannelStore::channelChanged, this, note);
    connect(store, &Monitor::ChannelStore::channelRemoved, this, note);
    note(QString()); // channels it already has come with the next flush
}

void CallsModel::note(Monitor::ServerId id, const QString &uuid)
{
    const auto it = m_servers.find(id);
    if (it == m_servers.end())
        return;
    if (!uuid.isEmpty())
        it->second.changed.insert(uuid);
    it->second.dirty = true;
    if (!m_batch.isActive())
        m_batch.start();
}

void CallsModel::forget(Monitor::ServerId id)
{
    const auto it = m_servers.find(id);
    if (it == m_servers.end())
        return;
    QList<int> callRows;
    QList<int> legRows;
    for (const auto &[key, call] : it->second.calls)
        callRows.append(call->row);
    for (const auto &[uuid, leg] : it->second.legs)
        legRows.append(leg->row);
    const bool tree = m_layout == Layout::Tree;
    removeTopRows(m_callRows, callRows, tree);
    removeTopRows(m_legRows, legRows, !tree);
    disconnect(it->second.store, nullptr, this, nullptr); // the monitor is deleted later
    m_servers.erase(it);
}

void CallsModel::flush()
{
    m_batch.stop();
    Flush f;
    for (auto &[id, server] : m_servers) {
        if (server.dirty)
            survey(id, server, f);
    }
    // The next batch comes after an interval that grows with the rows: each flush looks at every
    // channel again, and with thousands of calls the view lays its rows out again after any
    // insertion or removal, so that ten flushes a second at 10,000 channels would cost the
    // window a fifth of its time. The calls view then lags the switch by up to half a second.
    const qsizetype rows = qsizetype(m_legRows.size());
    m_batch.setInterval(std::clamp(int(rows / 20), m_minBatchMs, std::max(m_minBatchMs, 500)));
    if (f.isEmpty())
        return;
    detach(f);
    attach(f);
    announceChanges(f);
}

void CallsModel::noteRefs(ServerRows &server, const QString &uuid, const Monitor::Channel *c)
{
    Refs now;
    if (c)
        now = {c->bridgedTo, c->otherLeg, c->callUuid};
    const auto it = server.refs.find(uuid);
    if (it != server.refs.end()) {
        if (c && *it == now)
            return;
        for (const QString &named : std::as_const(*it)) {
            if (!named.isEmpty())
                server.namedBy.remove(named, uuid);
        }
    }
    if (!c) {
        if (it != server.refs.end())
            server.refs.erase(it);
        return;
    }
    for (size_t i = 0; i < now.size(); ++i) {
        const QString &named = now[i];
        if (!named.isEmpty() && named != uuid &&
            std::find(now.begin(), now.begin() + i, named) == now.begin() + i)
            server.namedBy.insert(named, uuid);
    }
    server.refs.insert(uuid, now);
}

void CallsModel::survey(Monitor::ServerId id, ServerRows &server, Flush &f)
{
    const Monitor::ChannelStore *store = server.store;
    std::vector<std::pair<const Monitor::Channel *, QString>> fresh;
    // One channel, as the store has it now (null: gone): its row comes, goes, moves or stays.
    const auto look = [&](const QString &uuid, const Monitor::Channel *c) {
        noteRefs(server, uuid, c);
        if (c && CallPresentation::isGone(*c))
            server.fading.insert(uuid);
        else
            server.fading.remove(uuid);
        const auto leg = server.legs.find(uuid);
        if (!c) {
            if (leg != server.legs.end()) {
                f.gone.push_back(leg->second.get());
                f.reshaped.insert({id, leg->second->call->key});
            }
            return;
        }
        QString key = store->callKeyOf(*c);
        if (leg == server.legs.end()) {
            fresh.emplace_back(c, std::move(key));
        } else if (key != leg->second->call->key) {
            f.reshaped.insert({id, leg->second->call->key});
            f.reshaped.insert({id, key});
            f.moving.emplace_back(leg->second.get(), std::move(key));
        }
    };
    if (server.everything) {
        server.refs.clear();
        server.namedBy.clear();
        server.fading.clear();
        for (const Monitor::Channel *c : store->channels())
            look(c->uuid, c);
        for (const auto &[uuid, leg] : server.legs) {
            if (!store->channel(uuid))
                look(uuid, nullptr);
        }
        server.everything = false;
    } else {
        // A call key changes without a signal for every leg concerned (a transfer re-pairs legs
        // that saw no event; a B leg's first leg may arrive after it), but only ever because a
        // channel it names changed: what changed and what names it is all there is to look at.
        // Looking at every channel instead took 20-30 ms a batch at 10,000 channels.
        QSet<QString> wanted = server.changed;
        for (const QString &uuid : std::as_const(server.changed)) {
            for (auto it = server.namedBy.constFind(uuid);
                 it != server.namedBy.cend() && it.key() == uuid; ++it)
                wanted.insert(it.value());
        }
        for (const QString &uuid : std::as_const(wanted))
            look(uuid, store->channel(uuid));
    }
    // New channels in the order they were created, so that new calls are appended so too.
    std::sort(fresh.begin(), fresh.end(), [](const auto &a, const auto &b) {
        return a.first->createdMs != b.first->createdMs ? a.first->createdMs < b.first->createdMs
                                                        : a.first->uuid < b.first->uuid;
    });
    for (auto &[c, key] : fresh) {
        f.reshaped.insert({id, key});
        f.added.emplace_back(Monitor::ChannelKey{id, c->uuid}, std::move(key));
    }
    for (const QString &uuid : std::as_const(server.changed)) {
        f.changed.insert({id, uuid});
        // Its partner shows its caller id in the "bridged to" column.
        if (const Monitor::Channel *c = store->channel(uuid); c && !c->bridgedTo.isEmpty())
            f.changed.insert({id, c->bridgedTo});
    }
    server.changed.clear();
    server.dirty = false;
}

template<typename Row>
void CallsModel::removeTopRows(std::vector<Row *> &rows, QList<int> doomed, bool announce)
{
    const QList<std::pair<int, int>> runs = runsDescending(std::move(doomed));
    if (announce && runs.size() > kMaxRemovedRuns) {
        removeTopRowsInOneLayoutChange(rows, runs);
        return;
    }
    // Bottom-up, so the rows of the runs still to go stay where they are.
    for (const auto &[first, last] : runs) {
        if (announce)
            beginRemoveRows({}, first, last);
        rows.erase(rows.begin() + first, rows.begin() + last + 1);
        for (size_t r = size_t(first); r < rows.size(); ++r)
            rows[r]->row = int(r);
        if (announce)
            endRemoveRows();
    }
}

template<typename Row>
void CallsModel::removeTopRowsInOneLayoutChange(std::vector<Row *> &rows,
                                                const QList<std::pair<int, int>> &runs)
{
    // Each removal makes the proxy and the view renumber every row below it and every persistent
    // index there (one per expanded call): calls that ended together lie scattered among 5,000
    // live ones, and removing 50 of them run by run took 30 ms. Removed in one change of the
    // layout, as QSortFilterProxyModel::invalidate() removes what its filter drops, the work is
    // done once.
    Q_EMIT layoutAboutToBeChanged({}, QAbstractItemModel::NoLayoutChangeHint);
    std::vector<int> moved(rows.size()); // old row -> new row, -1 when it goes
    std::unordered_set<const void *> doomed;
    for (const auto &[first, last] : runs) {
        for (int r = first; r <= last; ++r) {
            moved[size_t(r)] = -1;
            doomed.insert(rows[size_t(r)]);
        }
    }
    size_t kept = 0;
    for (size_t r = 0; r < rows.size(); ++r) {
        if (moved[r] < 0)
            continue;
        moved[r] = int(kept);
        rows[kept] = rows[r];
        rows[kept]->row = int(kept);
        ++kept;
    }
    rows.resize(kept);
    const QModelIndexList from = persistentIndexList();
    QModelIndexList to;
    to.reserve(from.size());
    for (const QModelIndex &index : from) {
        if (index.internalPointer()) { // a leg: it stays as it is, unless its call went
            to.append(doomed.count(index.internalPointer()) ? QModelIndex() : index);
            continue;
        }
        const size_t old = size_t(index.row());
        const int row = old < moved.size() ? moved[old] : -1;
        to.append(row >= 0 ? createIndex(row, index.column(), nullptr) : QModelIndex());
    }
    changePersistentIndexList(from, to);
    Q_EMIT layoutChanged({}, QAbstractItemModel::NoLayoutChangeHint);
}

void CallsModel::removeLegsOf(Call *call, QList<int> rows)
{
    const bool tree = m_layout == Layout::Tree;
    const QModelIndex parent = tree ? createIndex(call->row, 0, nullptr) : QModelIndex();
    for (const auto &[first, last] : runsDescending(std::move(rows))) {
        if (tree)
            beginRemoveRows(parent, first, last);
        call->legs.remove(first, last - first + 1);
        if (tree)
            endRemoveRows();
    }
}

void CallsModel::detach(const Flush &f)
{
    const bool tree = m_layout == Layout::Tree;
    std::vector<Leg *> leaving = f.gone;
    for (const auto &[leg, key] : f.moving)
        leaving.push_back(leg);
    // The tree: legs leave their calls; a call left without legs goes as a whole.
    std::unordered_map<Call *, QList<int>> byCall;
    for (Leg *leg : leaving)
        byCall[leg->call].append(int(leg->call->legs.indexOf(leg)));
    QList<int> emptiedRows;
    std::vector<Call *> emptied;
    for (auto &[call, rows] : byCall) {
        if (rows.size() == call->legs.size()) {
            emptiedRows.append(call->row);
            emptied.push_back(call);
        } else {
            removeLegsOf(call, rows);
        }
    }
    removeTopRows(m_callRows, emptiedRows, tree);
    for (Leg *leg : leaving)
        leg->call = nullptr;
    for (Call *call : emptied)
        m_servers[call->server].calls.erase(call->key);
    // The flat list: only channels that went leave it.
    QList<int> goneRows;
    for (const Leg *leg : f.gone)
        goneRows.append(leg->row);
    removeTopRows(m_legRows, goneRows, !tree);
    for (const Leg *leg : f.gone)
        m_servers[leg->key.server].legs.erase(leg->key.uuid);
}

void CallsModel::attach(const Flush &f)
{
    const bool tree = m_layout == Layout::Tree;
    // Legs for new channels, grouped with the moving ones by the call they join.
    std::vector<Leg *> fresh;
    QList<Monitor::ChannelKey> order;
    QHash<Monitor::ChannelKey, QList<Leg *>> byCall;
    const auto join = [&](Leg *leg, const QString &key) {
        const Monitor::ChannelKey call{leg->key.server, key};
        auto it = byCall.find(call);
        if (it == byCall.end()) {
            order.append(call);
            it = byCall.insert(call, {});
        }
        it->append(leg);
    };
    for (const auto &[leg, key] : f.moving)
        join(leg, key);
    for (const auto &[channel, key] : f.added) {
        auto leg = std::make_unique<Leg>();
        leg->key = channel;
        fresh.push_back(leg.get());
        join(leg.get(), key);
        m_servers[channel.server].legs.emplace(channel.uuid, std::move(leg));
    }
    std::vector<Call *> created;
    for (const Monitor::ChannelKey &key : std::as_const(order)) {
        ServerRows &server = m_servers[key.server];
        QList<Leg *> legs = byCall.value(key);
        if (const auto it = server.calls.find(key.uuid); it != server.calls.end()) {
            Call *call = it->second.get();
            const int first = int(call->legs.size());
            if (tree)
                beginInsertRows(createIndex(call->row, 0, nullptr), first,
                                first + int(legs.size()) - 1);
            for (Leg *leg : legs) {
                leg->call = call;
                call->legs.append(leg);
            }
            if (tree)
                endInsertRows();
            continue;
        }
        // A new call: its first leg first, then the others as they were created.
        std::sort(legs.begin(), legs.end(), [&](const Leg *a, const Leg *b) {
            if ((a->key.uuid == key.uuid) != (b->key.uuid == key.uuid))
                return a->key.uuid == key.uuid;
            const Monitor::Channel *ca = channelOf(a);
            const Monitor::Channel *cb = channelOf(b);
            return ca && cb && ca->createdMs < cb->createdMs;
        });
        auto call = std::make_unique<Call>();
        call->server = key.server;
        call->key = key.uuid;
        call->legs = legs;
        for (Leg *leg : legs)
            leg->call = call.get();
        created.push_back(call.get());
        server.calls.emplace(key.uuid, std::move(call));
    }
    if (!created.empty()) {
        const int first = int(m_callRows.size());
        if (tree)
            beginInsertRows({}, first, first + int(created.size()) - 1);
        for (Call *call : created) {
            call->row = int(m_callRows.size());
            m_callRows.push_back(call);
        }
        if (tree)
            endInsertRows();
    }
    if (!fresh.empty()) {
        const int first = int(m_legRows.size());
        if (!tree)
            beginInsertRows({}, first, first + int(fresh.size()) - 1);
        for (Leg *leg : fresh) {
            leg->row = int(m_legRows.size());
            m_legRows.push_back(leg);
        }
        if (!tree)
            endInsertRows();
    }
}

QList<std::pair<int, int>> CallsModel::announceRows(QList<int> rows, const QModelIndex &parent,
                                                    int firstColumn, int lastColumn,
                                                    const QList<int> &roles)
{
    if (rows.isEmpty())
        return {};
    const int count = rowCount(parent);
    QList<std::pair<int, int>> runs = runsDescending(std::move(rows));
    qsizetype changed = 0;
    for (const auto &[first, last] : runs)
        changed += last - first + 1;
    if (changed * 2 > count || runs.size() > kMaxRuns) {
        // Many rows: one signal. More than half: all of them, as the house style says.
        const int first = changed * 2 > count ? 0 : runs.last().first;
        const int last = changed * 2 > count ? count - 1 : runs.first().second;
        runs = {{first, last}};
    }
    for (const auto &[first, last] : runs)
        Q_EMIT dataChanged(index(first, firstColumn, parent), index(last, lastColumn, parent),
                           roles);
    return runs;
}

void CallsModel::announceChanges(const Flush &f)
{
    const int lastColumn = columnCount() - 1;
    if (m_layout == Layout::Flat) {
        QList<int> rows;
        for (const Monitor::ChannelKey &key : f.changed) {
            if (const Leg *leg = findLeg(key))
                rows.append(leg->row);
        }
        for (const auto &[leg, key] : f.moving)
            rows.append(leg->row); // its call key changed
        announceRows(rows, {}, 0, lastColumn, {});
        return;
    }
    QList<int> callRows;
    QHash<const Call *, QList<int>> legRows;
    for (const Monitor::ChannelKey &key : f.changed) {
        if (const Leg *leg = findLeg(key)) {
            callRows.append(leg->call->row);
            legRows[leg->call].append(int(leg->call->legs.indexOf(leg)));
        }
    }
    for (const Monitor::ChannelKey &key : f.reshaped) {
        const auto server = m_servers.find(key.server);
        if (server == m_servers.end())
            continue;
        if (const auto it = server->second.calls.find(key.uuid); it != server->second.calls.end())
            callRows.append(it->second->row); // the call's state is its legs'
    }
    announceRows(callRows, {}, 0, lastColumn, {});
    for (auto it = legRows.cbegin(); it != legRows.cend(); ++it)
        announceRows(*it, createIndex(it.key()->row, 0, nullptr), 0, lastColumn, {});
}

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
    const int rows = rowCount();
    if (rows == 0)
        return;
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
    Q_EMIT ticked();
}

} // namespace Ui
