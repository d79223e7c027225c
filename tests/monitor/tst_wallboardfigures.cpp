// The wallboard's numbers (issue #20) against the simulated switch and its modules: each equals
// what the stores say (live calls, waiting callers, longest wait, free agents), calls per minute
// counts the calls started, a dropped link gives "unknown since" instead of old numbers, and the
// servers of one broker add up to one fleet tile.
#include "monitor/brokerconsole.h"

#include "monitor/callcenterstore.h"
#include "monitor/wallboardfigures.h"
#include "sim/simcallcenter.h"
#include "support/uisim.h"

#include <QTest>

using namespace TestSupport;
using namespace Monitor;
using namespace Qt::Literals::StringLiterals;

namespace {

const WallboardTile *find(const QList<WallboardTile> &tiles, const QString &key)
{
    for (const WallboardTile &t : tiles) {
        if (t.key == key)
            return &t;
    }
    return nullptr;
}

QString keysOf(const QList<WallboardTile> &tiles)
{
    QStringList keys;
    for (const WallboardTile &t : tiles)
        keys.append(t.key);
    return keys.join(u", ");
}

// A receiver report from the leg's far end, shaped as real2/sip-call-quality's
// RECV_RTCP_MESSAGE (numbered Source0- headers, RTP-Rate present); `fraction` is RTCP's 8-bit
// fraction lost (25: about 10 %).
void rtcpReport(Sim::Switch &sw, const QString &uuid, int fraction, int jitter, qint64 highest)
{
    Esl::HeaderList h = sw.eventBase("RECV_RTCP_MESSAGE", "switch_core_media.c",
                                     "switch_core_media_read_frame", 2945);
    h.appendText("Unique-ID", uuid);
    h.append("SSRC", "6b1a9110");
    h.append("RTP-Rate", "8000");
    h.append("Source0-SSRC", "53215480");
    h.appendNumber("Source0-Fraction", fraction);
    h.appendNumber("Source0-Lost", fraction * highest / 2560);
    h.append("Source0-Loss-Avg", "0");
    h.appendNumber("Source0-Highest-Sequence-Number-Received", highest);
    h.appendNumber("Source0-Jitter", jitter);
    h.append("Source0-LSR", "0");
    h.append("Source0-DLSR", "0");
    sw.fire(Esl::Event(std::move(h), {}, false));
}

} // namespace

class TstWallboardFigures : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        m_sim = std::make_unique<UiSim>();
        m_hub = std::make_unique<Hub>();
        m_figures = std::make_unique<WallboardFigures>(m_hub.get());
        m_server = m_sim->watch(*m_hub, u"sim"_s);
        QVERIFY(m_server);
        m_store = m_server->panels()->callCenter();
        QVERIFY(
            QTest::qWaitFor([&] { return m_store->syncState() == PanelSyncState::Synced; }, kWait));
    }
    void cleanup()
    {
        m_figures.reset();
        m_hub.reset();
        m_sim.reset();
    }

    void freeAgentsAreAvailableAndWaiting()
    {
        // The simulated call center: agent1 and agent2 Available (Waiting), agent3 On Break,
        // agent4 Logged Out; support has tiers for 1, 2, 3 and sales for 2 and 4.
        const QList<WallboardTile> tiles =
            m_figures->tiles(WallboardGrouping::ServersAndQueues, ServerMonitor::now());
        QCOMPARE(keysOf(tiles),
                 u"server:sim, queue:sim/sales@default, queue:sim/support@default"_s);
        QCOMPARE(find(tiles, u"server:sim"_s)->numbers.agentsFree, 2);
        QCOMPARE(find(tiles, u"queue:sim/support@default"_s)->numbers.agentsFree, 2);
        QCOMPARE(find(tiles, u"queue:sim/sales@default"_s)->numbers.agentsFree, 1);
        QVERIFY(find(tiles, u"server:sim"_s)->numbers.queuesKnown);

        // On Demand counts while Waiting; On Break never does.
        m_sim->sw->api(u"callcenter_config agent set status agent2@default 'On Break'"_s);
        m_sim->sw->api(
            u"callcenter_config agent set status agent3@default 'Available (On Demand)'"_s);
        QVERIFY(QTest::qWaitFor(
            [&] { return m_store->agents().value(u"agent2@default"_s).status == u"On Break"; },
            kWait));
        QVERIFY(QTest::qWaitFor(
            [&] { return m_store->agents().value(u"agent3@default"_s).status.contains(u"Demand"); },
            kWait));
        const QList<WallboardTile> after =
            m_figures->tiles(WallboardGrouping::ServersAndQueues, ServerMonitor::now());
        QCOMPARE(find(after, u"server:sim"_s)->numbers.agentsFree, 2); // agent1, agent3
        QCOMPARE(find(after, u"queue:sim/support@default"_s)->numbers.agentsFree, 2);
        QCOMPARE(find(after, u"queue:sim/sales@default"_s)->numbers.agentsFree, 0);
    }

    void liveCallsWaitingAndLongestWaitAreTheStores()
    {
        for (const QString &agent : {u"agent1@default"_s, u"agent2@default"_s})
            m_sim->sw->api(u"callcenter_config agent set status %1 'On Break'"_s.arg(agent));
        m_sim->call(u"Ann"_s);
        m_sim->call(u"Bob"_s);
        Sim::Switch::CallSpec caller;
        caller.callerName = u"Queued"_s;
        caller.callerNumber = u"4001"_s;
        caller.destination = u"7100"_s;
        caller.bridge = false;
        caller.application = u"callcenter"_s;
        caller.applicationArgument = u"support@default"_s;
        m_sim->sw->placeCall(caller);
        QVERIFY(QTest::qWaitFor(
            [&] {
                return m_store->figures(u"support@default"_s, ServerMonitor::now()).waiting == 1 &&
                       m_server->channels()->liveCallCount() == 3;
            },
            kWait));
        QTest::qWait(1100); // a wait long enough to read as seconds

        const qint64 now = ServerMonitor::now();
        const QList<WallboardTile> tiles =
            m_figures->tiles(WallboardGrouping::ServersAndQueues, now);
        const WallboardTile *server = find(tiles, u"server:sim"_s);
        const WallboardTile *support = find(tiles, u"queue:sim/support@default"_s);
        const WallboardTile *sales = find(tiles, u"queue:sim/sales@default"_s);
        QVERIFY(server && support && sales);
        QVERIFY(!server->stale);
        QCOMPARE(server->numbers.liveCalls, m_server->channels()->liveCallCount());
        QCOMPARE(server->numbers.liveCalls, 3);
        QCOMPARE(server->numbers.waiting, 1);
        QCOMPARE(support->numbers.waiting, 1);
        QCOMPARE(sales->numbers.waiting, 0);
        const qint64 longest = m_store->figures(u"support@default"_s, now).longestWaitMs;
        QVERIFY2(longest >= 1000, qPrintable(QString::number(longest)));
        QCOMPARE(server->numbers.longestWaitMs, longest);
        QCOMPARE(support->numbers.longestWaitMs, longest);
        QCOMPARE(sales->numbers.longestWaitMs, 0);
        QCOMPARE(server->numbers.agentsFree, 0);
        QCOMPARE(server->title, u"sim"_s);
        QVERIFY(support->shows(WallboardFigure::Waiting));
        QVERIFY(!support->shows(WallboardFigure::CallsPerMinute));
    }

    void callsPerMinuteCountsTheCallsStarted()
    {
        m_hub->statistics()->sample(ServerMonitor::now());
        for (int i = 0; i < 4; ++i)
            m_sim->call(u"Caller %1"_s.arg(i));
        QVERIFY(QTest::qWaitFor([&] { return m_server->callsStarted() == 4; }, kWait));
        m_hub->statistics()->sample(ServerMonitor::now());
        const QList<WallboardTile> tiles =
            m_figures->tiles(WallboardGrouping::Servers, ServerMonitor::now());
        QCOMPARE(tiles.size(), 1);
        QCOMPARE(tiles[0].numbers.callsPerMinute, 4);
        QCOMPARE(tiles[0].numbers.liveCalls, 4);
        QCOMPARE(tiles[0].numbers.activeAlerts, m_hub->alerts()->activeCount(m_server->id()));
    }

    void averageMosIsTheMeanOfTheLiveLegsWithAKnownMos()
    {
        const QString clean = m_sim->call(u"Clean"_s);
        const QString lossy = m_sim->call(u"Lossy"_s);
        m_sim->call(u"Silent"_s); // no report: its legs have no MOS and are not counted
        QVERIFY(QTest::qWaitFor([&] { return m_server->channels()->liveCallCount() == 3; }, kWait));
        WallboardTile tile = m_figures->tiles(WallboardGrouping::Servers, ServerMonitor::now())[0];
        QCOMPARE(tile.numbers.mosLegs, 0);
        QCOMPARE(tile.numbers.averageMos, -1.0);

        for (int i = 1; i <= 2; ++i) {
            rtcpReport(*m_sim->sw, clean, 0, 8, 1000 * i);
            rtcpReport(*m_sim->sw, lossy, 25, 400, 1000 * i);
        }
        const auto mosOf = [&](const QString &uuid) {
            const Channel *c = m_server->channels()->channel(uuid);
            return c ? c->quality.displayMos() : -1.0;
        };
        QVERIFY(QTest::qWaitFor([&] { return mosOf(clean) >= 0 && mosOf(lossy) >= 0; }, kWait));
        QVERIFY2(mosOf(lossy) < mosOf(clean),
                 qPrintable(u"%1 %2"_s.arg(mosOf(lossy)).arg(mosOf(clean))));
        tile = m_figures->tiles(WallboardGrouping::Servers, ServerMonitor::now())[0];
        QCOMPARE(tile.numbers.mosLegs, 2);
        QCOMPARE(tile.numbers.averageMos, (mosOf(clean) + mosOf(lossy)) / 2);

        // A leg that ends leaves the average.
        m_sim->sw->api(u"uuid_kill "_s + lossy);
        QVERIFY(
            QTest::qWaitFor([&] { return m_server->channels()->channel(lossy)->ended; }, kWait));
        tile = m_figures->tiles(WallboardGrouping::Servers, ServerMonitor::now())[0];
        QCOMPARE(tile.numbers.mosLegs, 1);
        QCOMPARE(tile.numbers.averageMos, mosOf(clean));
    }

    void aDroppedLinkGivesUnknownSinceNotOldNumbers()
    {
        m_sim->call(u"Ann"_s);
        QVERIFY(QTest::qWaitFor([&] { return m_server->channels()->liveCallCount() == 1; }, kWait));
        QCOMPARE(
            m_figures->tiles(WallboardGrouping::Servers, ServerMonitor::now())[0].numbers.liveCalls,
            1);
        QCOMPARE(m_hub->alerts()->activeCount(m_server->id()), 0);
        // "Switch disconnected" at once rather than after its grace time.
        QList<AlertRule> rules = AlertRules::defaults();
        for (AlertRule &rule : rules) {
            if (rule.kind == AlertKind::SwitchDisconnected)
                rule.params[u"graceSeconds"_s] = 0;
        }
        m_hub->alerts()->setRules(rules);
        const qint64 before = ServerMonitor::now();
        m_sim->server->shutdown();
        QVERIFY(QTest::qWaitFor([&] { return !m_server->link()->isLive(); }, kWait));
        QVERIFY(QTest::qWaitFor([&] { return m_hub->alerts()->activeCount(m_server->id()) > 0; },
                                kWait));
        const QList<WallboardTile> tiles =
            m_figures->tiles(WallboardGrouping::ServersAndQueues, ServerMonitor::now());
        for (const WallboardTile &t : tiles) {
            QVERIFY2(t.stale, qPrintable(t.key));
            QVERIFY(t.unknownSinceMs >= before);
            QVERIFY(t.unknownSinceMs <= ServerMonitor::now());
            // No number survives into a stale tile.
            QCOMPARE(t.numbers.liveCalls, 0);
            QVERIFY(!t.numbers.queuesKnown);
        }
        // But the console's own alerts are current: the disconnection is one of them.
        QCOMPARE(tiles[0].kind, WallboardTile::Kind::Server);
        QCOMPARE(tiles[0].numbers.activeAlerts, m_hub->alerts()->activeCount(m_server->id()));
        QVERIFY(m_figures->isStale(m_server));
    }

    void comesBackCurrentOnceInStepAgain()
    {
        m_sim->server->dropAll();
        QVERIFY(QTest::qWaitFor([&] { return m_figures->isStale(m_server); }, kWait));
        QVERIFY(QTest::qWaitFor(
            [&] {
                return m_server->link()->isLive() && !m_server->isOutOfStep() &&
                       m_store->syncState() == PanelSyncState::Synced;
            },
            kWait));
        QVERIFY(!m_figures->isStale(m_server));
        const QList<WallboardTile> tiles =
            m_figures->tiles(WallboardGrouping::Servers, ServerMonitor::now());
        QVERIFY(!tiles[0].stale);
        QCOMPARE(tiles[0].numbers.agentsFree, 2);
    }

    void aSwitchWithoutTheCallCenterHasNoQueueNumbers()
    {
        UiSim bare(20, {u"mod_callcenter"_s});
        ServerMonitor *other = bare.watch(*m_hub, u"bare"_s);
        QVERIFY(other);
        QVERIFY(QTest::qWaitFor(
            [&] {
                return other->panels()->callCenter()->syncState() == PanelSyncState::ModuleMissing;
            },
            kWait));
        const QList<WallboardTile> tiles =
            m_figures->tiles(WallboardGrouping::ServersAndQueues, ServerMonitor::now());
        QCOMPARE(keysOf(tiles), u"server:bare, server:sim, queue:sim/sales@default, "
                                u"queue:sim/support@default"_s);
        QVERIFY(!tiles[0].stale);
        QVERIFY(!tiles[0].numbers.queuesKnown);
        // Per fleet, a server reached directly is a fleet of its own.
        QCOMPARE(keysOf(m_figures->tiles(WallboardGrouping::Fleets, ServerMonitor::now())),
                 u"server:bare, server:sim"_s);
        m_hub->removeServer(other->id());
    }

    void theServersOfOneBrokerAddUpToOneFleet()
    {
        QSKIP_UNLESS_BROKER(broker);
        const auto fleet = startFleet(*broker, 2, 2);
        Console console(*broker);
        QTRY_VERIFY2_WITH_TIMEOUT(showsEveryChannel(console, *fleet),
                                  qPrintable(whatIsMissing(console, *fleet)), 30000);
        WallboardFigures figures(&console.hub);
        // A server reached directly stands beside the fleet.
        ServerMonitor *direct = m_sim->watch(console.hub, u"direct"_s);
        QVERIFY(direct);
        m_sim->call(u"Ann"_s);
        QVERIFY(QTest::qWaitFor([&] { return direct->channels()->liveCallCount() == 1; }, kWait));

        QList<WallboardTile> tiles;
        const WallboardTile *tile = nullptr;
        QVERIFY(QTest::qWaitFor(
            [&] {
                tiles = figures.tiles(WallboardGrouping::Fleets, ServerMonitor::now());
                tile = find(tiles, u"fleet:"_s + console.connection->describe());
                return tile && !tile->stale && tile->staleServers == 0;
            },
            kWait));
        QCOMPARE(tiles.size(), 2);
        QVERIFY(find(tiles, u"server:direct"_s));
        QCOMPARE(tile->kind, WallboardTile::Kind::Fleet);
        QCOMPARE(tile->servers, 2);
        const ServerMonitor *a = console.server(fleet->hostname(0));
        const ServerMonitor *b = console.server(fleet->hostname(1));
        QCOMPARE(tile->numbers.liveCalls,
                 a->channels()->liveCallCount() + b->channels()->liveCallCount());
        QVERIFY(tile->numbers.liveCalls >= 2);
        QCOMPARE(WallboardFigures::brokerOf(a), console.connection->describe());
        QVERIFY(WallboardFigures::brokerOf(direct).isEmpty());
        console.hub.removeServer(direct->id());
    }

private:
    std::unique_ptr<UiSim> m_sim;
    std::unique_ptr<Hub> m_hub;
    std::unique_ptr<WallboardFigures> m_figures;
    ServerMonitor *m_server = nullptr;
    CallCenterStore *m_store = nullptr;
};

QTEST_GUILESS_MAIN(TstWallboardFigures)
#include "tst_wallboardfigures.moc"
