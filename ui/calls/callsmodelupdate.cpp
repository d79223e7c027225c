// How the calls model follows the hub: store signals only mark a server dirty; the flush compares
// the rows with the stores and changes them in as few, as large steps as it can (the steps
// themselves are in callsmodelrows.cpp).

#include "ui/calls/callsmodel.h"

#include "ui/calls/callpresentation.h"

#include <algorithm>

namespace Ui {

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
    connect(
        monitor, &Monitor::ServerMonitor::connectionStateChanged, this,
        [this, id](Monitor::LinkState state) { setLive(id, state == Monitor::LinkState::Live); });
    connect(monitor, &Monitor::ServerMonitor::outOfStepChanged, this, [this, id](bool outOfStep) {
        if (!outOfStep)
            forgetLastKnown(id);
    });
    m_servers[id].staleSinceMs = monitor->link()->isLive() ? 0 : Monitor::ServerMonitor::now();
    note(QString()); // channels it already has come with the next flush
}

void CallsModel::setLive(Monitor::ServerId id, bool live)
{
    const auto it = m_servers.find(id);
    if (it == m_servers.end() || live == (it->second.staleSinceMs == 0))
        return;
    if (live)
        noteLastKnown(it->second);
    it->second.staleSinceMs = live ? 0 : Monitor::ServerMonitor::now();
    // Every row of the server reads differently now; announcing all is one signal, as the tick's.
    announceAllRows({});
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
    Q_EMIT aboutToApplyChanges();
    removeTopRows(m_callRows, callRows, tree);
    removeTopRows(m_legRows, legRows, !tree);
    disconnect(it->second.store, nullptr, this, nullptr); // the monitor is deleted later
    m_servers.erase(it);
    m_serverBars.remove(id); // another server may come with this id and another colour
    Q_EMIT changesApplied();
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
    Q_EMIT aboutToApplyChanges();
    detach(f);
    attach(f);
    announceChanges(f);
    Q_EMIT changesApplied();
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
        const auto leg = server.legs.find(uuid);
        const bool pinned = leg != server.legs.end() && isPinned(leg->second.get());
        if (!c) {
            if (leg == server.legs.end()) {
                server.fading.remove(uuid);
                server.starts.remove(uuid);
                server.lastKnownAt.remove(uuid);
                return;
            }
            if (pinned && keepDropped(server, leg->second.get())) {
                server.fading.insert(uuid); // it goes on fading, from its copy
                return;
            }
            server.fading.remove(uuid);
            server.copies.remove(uuid);
            server.keptSince.remove(uuid);
            f.gone.push_back(leg->second.get());
            f.reshaped.insert({id, leg->second->call->key});
            return;
        }
        noteStart(server, *c);
        if (CallPresentation::isGone(*c))
            server.fading.insert(uuid);
        else
            server.fading.remove(uuid);
        if (pinned)
            server.copies.insert(uuid, *c); // for when the store drops it
        else if (!server.copies.isEmpty())
            server.copies.remove(uuid);
        QString key = store->callKeyOf(*c);
        if (leg == server.legs.end()) {
            fresh.emplace_back(c, std::move(key));
        } else if (key != leg->second->call->key && !pinned) {
            f.reshaped.insert({id, leg->second->call->key});
            f.reshaped.insert({id, key});
            f.moving.emplace_back(leg->second.get(), std::move(key));
        } else if (const Call *call = leg->second->call; !pinned && call->legs.size() == 1) {
            // The operator's own leg found whom it listens to: it moves beside that call.
            if (const qint64 beside = besideStart(server, *c);
                beside > 0 && beside != call->startMs) {
                f.reshaped.insert({id, key});
                f.moving.emplace_back(leg->second.get(), std::move(key));
            }
        }
    };
    if (server.everything) {
        server.refs.clear();
        server.namedBy.clear();
        server.fading.clear();
        server.keptSince.clear();
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
    for (const Leg *leg : f.gone) {
        ServerRows &server = m_servers[leg->key.server];
        server.starts.remove(leg->key.uuid);
        server.lastKnownAt.remove(leg->key.uuid);
        server.legs.erase(leg->key.uuid);
    }
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
        const Monitor::Channel *c = m_servers[channel.server].store->channel(channel.uuid);
        leg->startMs = c && c->createdMs > 0 ? c->createdMs : Monitor::ServerMonitor::now();
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
        call->startMs = legs.first()->startMs;
        for (Leg *leg : legs) {
            leg->call = call.get();
            call->startMs = std::min(call->startMs, leg->startMs);
        }
        if (legs.size() == 1) {
            if (const Monitor::Channel *c = channelOf(legs.first())) {
                if (const qint64 beside = besideStart(server, *c); beside > 0)
                    call->startMs = beside;
            }
        }
        created.push_back(call.get());
        server.calls.emplace(key.uuid, std::move(call));
    }
    // Calls of every server in one order, by when they started: a server that connects late, a
    // leg split off an older call, come in among the others, not after them.
    insertInOrder(m_callRows, std::move(created), tree);
    insertInOrder(m_legRows, std::move(fresh), !tree);
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

} // namespace Ui
