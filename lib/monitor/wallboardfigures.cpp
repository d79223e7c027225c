#include "wallboardfigures.h"

#include "amqpswitchlink.h"
#include "brokerconnection.h"
#include "callcenterstore.h"

#include <QSet>

#include <algorithm>
#include <map>

namespace Monitor {

namespace {

using namespace Qt::Literals::StringLiterals;

const QString kAvailable = u"Available"_s;
const QString kAvailableOnDemand = u"Available (On Demand)"_s;
const QString kWaitingState = u"Waiting"_s;

// Adds `part` (a reachable server's numbers) into a fleet's: sums, the worst wait, and the MOS
// as a mean over all the legs of the fleet rather than a mean of means.
void addInto(WallboardNumbers &sum, const WallboardNumbers &part)
{
    sum.liveCalls += part.liveCalls;
    sum.callsPerMinute += part.callsPerMinute;
    sum.activeAlerts += part.activeAlerts;
    if (part.queuesKnown) {
        sum.queuesKnown = true;
        sum.waiting += part.waiting;
        sum.agentsFree += part.agentsFree;
        sum.longestWaitMs = std::max(sum.longestWaitMs, part.longestWaitMs);
    }
    if (part.mosLegs > 0) {
        const double total =
            (sum.mosLegs > 0 ? sum.averageMos * sum.mosLegs : 0.0) + part.averageMos * part.mosLegs;
        sum.mosLegs += part.mosLegs;
        sum.averageMos = total / sum.mosLegs;
    }
}

bool queuesListed(const CallCenterStore *store)
{
    // A re-sync on a live link keeps what the last listing said (current but for a moment); a
    // store stale since its link dropped holds what is last known only.
    if (store->isStale())
        return false;
    return store->syncState() == PanelSyncState::Synced ||
           (store->syncState() == PanelSyncState::Syncing && store->syncedAtMs() > 0);
}

} // namespace

bool WallboardTile::shows(WallboardFigure figure) const
{
    if (kind != Kind::Queue)
        return true;
    return figure == WallboardFigure::Waiting || figure == WallboardFigure::LongestWait ||
           figure == WallboardFigure::AgentsFree;
}

WallboardFigures::WallboardFigures(Hub *hub, QObject *parent) : QObject(parent), m_hub(hub)
{
    for (ServerMonitor *server : hub->servers())
        watch(server);
    connect(hub, &Hub::serverAdded, this, &WallboardFigures::watch);
    connect(hub, &Hub::serverRemoved, this, [this](ServerId id) { m_unknownSince.remove(id); });
}

WallboardFigures::~WallboardFigures() = default;

void WallboardFigures::watch(ServerMonitor *server)
{
    const ServerId id = server->id();
    if (!server->link()->isLive() || server->isOutOfStep()) {
        const qint64 stale = server->panels()->callCenter()->staleSinceMs();
        m_unknownSince.insert(id, stale > 0 ? stale : ServerMonitor::now());
    }
    connect(server, &ServerMonitor::connectionStateChanged, this, [this, id](LinkState state) {
        if (state != LinkState::Live && !m_unknownSince.contains(id))
            m_unknownSince.insert(id, ServerMonitor::now());
    });
    // In step on a live link: the lists were re-read, the numbers are current again. A periodic
    // re-sync (out of step for a moment on a link that stayed live) never made them stale.
    connect(server, &ServerMonitor::outOfStepChanged, this, [this, server, id](bool outOfStep) {
        if (!outOfStep && server->link()->isLive())
            m_unknownSince.remove(id);
    });
}

bool WallboardFigures::isStale(const ServerMonitor *server) const
{
    return m_unknownSince.contains(server->id()) || !server->link()->isLive();
}

qint64 WallboardFigures::unknownSince(const ServerMonitor *server) const
{
    return m_unknownSince.value(server->id(), 0);
}

bool WallboardFigures::isFree(const CallCenterAgent &agent)
{
    return (agent.status == kAvailable || agent.status == kAvailableOnDemand) &&
           agent.state == kWaitingState;
}

QString WallboardFigures::brokerOf(const ServerMonitor *server)
{
    const auto *amqp = qobject_cast<const AmqpSwitchLink *>(server->link());
    if (!amqp || !amqp->connection())
        return {};
    const BrokerConnection *connection = amqp->connection();
    return connection->objectName().isEmpty() ? connection->describe() : connection->objectName();
}

WallboardNumbers WallboardFigures::queueNumbers(const ServerMonitor *server, const QString &queue,
                                                qint64 nowMs)
{
    WallboardNumbers n;
    const CallCenterStore *store = server->panels()->callCenter();
    if (!queuesListed(store) || !store->queue(queue))
        return n;
    n.queuesKnown = true;
    const CallCenterFigures figures = store->figures(queue, nowMs);
    n.waiting = figures.waiting;
    n.longestWaitMs = figures.longestWaitMs;
    for (const CallCenterTier &tier : store->tiers(queue)) {
        const auto agent = store->agents().constFind(tier.agent);
        if (agent != store->agents().cend() && isFree(*agent))
            ++n.agentsFree;
    }
    return n;
}

WallboardNumbers WallboardFigures::serverNumbers(const ServerMonitor *server, qint64 nowMs) const
{
    WallboardNumbers n;
    const ChannelStore *channels = server->channels();
    n.liveCalls = channels->liveCallCount();
    // The MOS of what is up now: legs that ended (or that the switch no longer has) are out.
    double mosSum = 0;
    for (const Channel *channel : channels->channels()) {
        if (channel->ended || channel->zombie)
            continue;
        const double mos = channel->quality.displayMos();
        if (mos >= 0) {
            mosSum += mos;
            ++n.mosLegs;
        }
    }
    if (n.mosLegs > 0)
        n.averageMos = mosSum / n.mosLegs;
    n.activeAlerts = m_hub->alerts()->activeCount(server->id());
    const std::deque<Sample> &series = m_hub->statistics()->series(server->id());
    if (!series.empty())
        n.callsPerMinute = series.back().callsLastMinute;

    const CallCenterStore *store = server->panels()->callCenter();
    if (queuesListed(store)) {
        n.queuesKnown = true;
        for (auto it = store->queues().cbegin(); it != store->queues().cend(); ++it) {
            const CallCenterFigures figures = store->figures(it.key(), nowMs);
            n.waiting += figures.waiting;
            n.longestWaitMs = std::max(n.longestWaitMs, figures.longestWaitMs);
        }
        for (const CallCenterAgent &agent : store->agents())
            n.agentsFree += isFree(agent) ? 1 : 0;
    }
    return n;
}

WallboardTile WallboardFigures::serverTile(const ServerMonitor *server, qint64 nowMs) const
{
    WallboardTile tile;
    tile.kind = WallboardTile::Kind::Server;
    tile.key = u"server:"_s + server->name();
    tile.title = server->name();
    tile.subtitle = server->link()->describe();
    tile.colour = server->profile().colour;
    tile.server = server->id();
    tile.stale = isStale(server);
    if (tile.stale) {
        tile.unknownSinceMs = unknownSince(server);
        tile.staleServers = 1;
        // The console's own alerts are current whatever the link: a switch that went away is
        // what some of them are about.
        tile.numbers.activeAlerts = m_hub->alerts()->activeCount(server->id());
    } else {
        tile.numbers = serverNumbers(server, nowMs);
    }
    return tile;
}

QList<WallboardTile> WallboardFigures::queueTiles(const ServerMonitor *server, qint64 nowMs) const
{
    QList<WallboardTile> tiles;
    const CallCenterStore *store = server->panels()->callCenter();
    const bool stale = isStale(server);
    for (auto it = store->queues().cbegin(); it != store->queues().cend(); ++it) {
        WallboardTile tile;
        tile.kind = WallboardTile::Kind::Queue;
        tile.key = u"queue:"_s + server->name() + u'/' + it.key();
        tile.title = it.key();
        tile.subtitle = server->name();
        tile.colour = server->profile().colour;
        tile.server = server->id();
        tile.stale = stale;
        if (stale) {
            tile.unknownSinceMs = unknownSince(server);
            tile.staleServers = 1;
        } else {
            tile.numbers = queueNumbers(server, it.key(), nowMs);
        }
        tiles.append(tile);
    }
    return tiles;
}

QList<WallboardTile> WallboardFigures::fleetTiles(qint64 nowMs) const
{
    // Broker -> its servers, by name; a server reached directly is a fleet of one.
    std::map<QString, QList<const ServerMonitor *>> fleets;
    for (const ServerMonitor *server : m_hub->servers()) {
        const QString broker = brokerOf(server);
        fleets[broker.isEmpty() ? u"server:"_s + server->name() : u"fleet:"_s + broker].append(
            server);
    }
    QList<WallboardTile> tiles;
    for (auto &[key, servers] : fleets) {
        std::sort(
            servers.begin(), servers.end(),
            [](const ServerMonitor *a, const ServerMonitor *b) { return a->name() < b->name(); });
        if (key.startsWith(u"server:")) {
            tiles.append(serverTile(servers.constFirst(), nowMs));
            continue;
        }
        WallboardTile tile;
        tile.kind = WallboardTile::Kind::Fleet;
        tile.key = key;
        tile.title = key.mid(6);
        tile.colour = servers.constFirst()->profile().colour;
        tile.servers = int(servers.size());
        qint64 earliestUnknown = 0;
        for (const ServerMonitor *server : servers) {
            if (isStale(server)) {
                ++tile.staleServers;
                const qint64 since = unknownSince(server);
                if (since > 0 && (earliestUnknown == 0 || since < earliestUnknown))
                    earliestUnknown = since;
                tile.numbers.activeAlerts += m_hub->alerts()->activeCount(server->id());
                continue;
            }
            addInto(tile.numbers, serverNumbers(server, nowMs));
        }
        tile.stale = tile.staleServers == tile.servers;
        tile.unknownSinceMs = earliestUnknown;
        tile.subtitle =
            tile.staleServers > 0
                ? tr("%n server(s), %1 unknown", nullptr, tile.servers).arg(tile.staleServers)
                : tr("%n server(s)", nullptr, tile.servers);
        tiles.append(tile);
    }
    return tiles;
}

QList<WallboardTile> WallboardFigures::tiles(WallboardGrouping grouping, qint64 nowMs) const
{
    if (grouping == WallboardGrouping::Fleets)
        return fleetTiles(nowMs);
    QList<ServerMonitor *> servers = m_hub->servers();
    std::sort(servers.begin(), servers.end(),
              [](const ServerMonitor *a, const ServerMonitor *b) { return a->name() < b->name(); });
    QList<WallboardTile> tiles;
    for (const ServerMonitor *server : servers) {
        if (grouping != WallboardGrouping::Queues)
            tiles.append(serverTile(server, nowMs));
        if (grouping != WallboardGrouping::Servers)
            tiles.append(queueTiles(server, nowMs));
    }
    return tiles;
}

QString WallboardFigures::groupingName(WallboardGrouping grouping)
{
    switch (grouping) {
    case WallboardGrouping::Servers:
        return tr("Per server");
    case WallboardGrouping::Fleets:
        return tr("Per broker fleet");
    case WallboardGrouping::Queues:
        return tr("Per queue");
    case WallboardGrouping::ServersAndQueues:
        return tr("Servers and their queues");
    }
    return {};
}

QString WallboardFigures::figureName(WallboardFigure figure)
{
    switch (figure) {
    case WallboardFigure::LiveCalls:
        return tr("live calls");
    case WallboardFigure::Waiting:
        return tr("waiting");
    case WallboardFigure::LongestWait:
        return tr("longest wait");
    case WallboardFigure::AgentsFree:
        return tr("agents free");
    case WallboardFigure::CallsPerMinute:
        return tr("calls / min");
    case WallboardFigure::AverageMos:
        return tr("average MOS");
    case WallboardFigure::ActiveAlerts:
        return tr("alerts");
    }
    return {};
}

} // namespace Monitor
