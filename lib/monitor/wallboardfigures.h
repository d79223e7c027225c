#pragma once
// The wallboard's numbers, without widgets: for each tile (a server, a broker fleet, or one queue
// of one server) the live calls, waiting callers, longest wait, free agents, calls per minute,
// average MOS and active alerts, computed from what the Hub's stores hold at the moment asked.
// The window reads them once a second; eslcat and the tests read the same.
//
// A server whose link is not Live (or that came back and has not re-read its lists yet) is
// stale: its tile carries no numbers, only since when they are unknown. Numbers kept from before
// the link dropped are last known, not current, and a wall display must never show them as if
// they were. A fleet adds up its reachable servers and says how many are unknown.
//
// What each number is:
//  - live calls: ChannelStore::liveCallCount() (calls with a leg not ended, zombies excluded);
//  - waiting: members Waiting or Trying (CallCenterFigures::waiting), over the server's queues;
//  - longest wait: the longest of those members' waits now;
//  - agents free: agents whose status is "Available" or "Available (On Demand)" and whose state
//    is "Waiting" (ready for an offer: not Receiving, In a queue call, Idle or Reserved); for a
//    queue, those of them with a tier in the queue; for a server, each such agent once;
//  - calls per minute: calls started in the last minute (Statistics' callsLastMinute: fewer
//    while the server has been watched for less than a minute);
//  - average MOS: the mean over live legs (not ended, not zombies) whose MOS is known
//    (Channel::quality.displayMos(): the E-model estimate from RTCP, else FreeSWITCH's own);
//    none: -1, shown as "—";
//  - active alerts: Hub::alerts()->activeCount(server): alerts not cleared, acknowledged ones
//    included. The console's own, so current even while the server is stale (a tile of a switch
//    that went away shows its alerts and nothing else).

#include "callcenterlisting.h"
#include "hub.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QString>

namespace Monitor {

// What the board is made of.
enum class WallboardGrouping {
    Servers,          // a tile per server
    Fleets,           // a tile per broker (a server reached directly is a fleet of its own)
    Queues,           // a tile per call-center queue of each server
    ServersAndQueues, // each server's tile followed by its queues'
};

// One number of a tile, in the order a tile shows them.
enum class WallboardFigure {
    LiveCalls,
    Waiting,
    LongestWait,
    AgentsFree,
    CallsPerMinute,
    AverageMos,
    ActiveAlerts,
};
inline constexpr int kWallboardFigureCount = 7;

struct WallboardNumbers
{
    int liveCalls = 0;
    int waiting = 0;
    qint64 longestWaitMs = 0;
    int agentsFree = 0;
    int callsPerMinute = 0;
    double averageMos = -1; // -1: no live leg with a known MOS
    int mosLegs = 0;        // the legs averageMos is the mean of
    int activeAlerts = 0;
    // Whether the queue figures (waiting, longest wait, agents free) are known: the server's
    // mod_callcenter is listed (loaded and synced); otherwise they read "—", not 0.
    bool queuesKnown = false;
};

struct WallboardTile
{
    enum class Kind { Server, Fleet, Queue };
    Kind kind = Kind::Server;
    // Stable across ticks and runs: "server:<name>", "fleet:<broker>", "queue:<server>/<queue>".
    QString key;
    QString title;       // the server's, fleet's or queue's name
    QString subtitle;    // a queue's server; a fleet's server count; a server's link
    QString colour;      // "#rrggbb": the server's (a fleet's first server's); empty: none
    ServerId server = 0; // a server's or a queue's; 0 for a fleet
    WallboardNumbers numbers;
    // No current numbers but the alerts: the link is not Live (or has not re-read the switch
    // since it came back), since unknownSinceMs (ms since the epoch). A fleet: every server is.
    bool stale = false;
    qint64 unknownSinceMs = 0;
    int servers = 1;      // a fleet's servers
    int staleServers = 0; // of those, how many are left out of its numbers

    // Whether `figure` means something on this tile (a queue has no calls per minute of its own).
    [[nodiscard]] bool shows(WallboardFigure figure) const;
};

class WallboardFigures : public QObject
{
    Q_OBJECT

public:
    // Watches `hub`'s servers (their link states) to know since when a stale one is unknown.
    explicit WallboardFigures(Hub *hub, QObject *parent = nullptr);
    ~WallboardFigures() override;

    // The tiles for `grouping` now, in a stable order: servers and fleets by name, a server's
    // queues by name after it.
    [[nodiscard]] QList<WallboardTile> tiles(WallboardGrouping grouping, qint64 nowMs) const;

    // One server's numbers now (stale or not: the caller decides what to show).
    [[nodiscard]] WallboardNumbers serverNumbers(const ServerMonitor *server, qint64 nowMs) const;
    // One queue's.
    [[nodiscard]] static WallboardNumbers queueNumbers(const ServerMonitor *server,
                                                       const QString &queue, qint64 nowMs);
    // Whether the server's numbers are current; when not, since when they are unknown.
    [[nodiscard]] bool isStale(const ServerMonitor *server) const;
    [[nodiscard]] qint64 unknownSince(const ServerMonitor *server) const;
    // The broker a server is reached through ("amqp://host:5672/vhost"), empty when direct.
    [[nodiscard]] static QString brokerOf(const ServerMonitor *server);
    // Whether an agent is ready for an offer (see the header's comment).
    [[nodiscard]] static bool isFree(const CallCenterAgent &agent);

    [[nodiscard]] static QString groupingName(WallboardGrouping grouping);
    [[nodiscard]] static QString figureName(WallboardFigure figure);

private:
    void watch(ServerMonitor *server);
    [[nodiscard]] WallboardTile serverTile(const ServerMonitor *server, qint64 nowMs) const;
    [[nodiscard]] QList<WallboardTile> queueTiles(const ServerMonitor *server, qint64 nowMs) const;
    [[nodiscard]] QList<WallboardTile> fleetTiles(qint64 nowMs) const;

    Hub *m_hub;
    // Servers whose numbers are not current, and since when: set as the link leaves Live,
    // cleared once the server is in step again on a live link.
    QHash<ServerId, qint64> m_unknownSince;
};

} // namespace Monitor
