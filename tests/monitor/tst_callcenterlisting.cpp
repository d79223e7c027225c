// mod_callcenter's listing replies parsed (CallCenterListing) on the real bodies of real2/
// callcenter, quirks included, and the Queues store's sync on hostile ones: a reply that is cut
// short, garbage, absurd numbers or too many rows fails the sync with its reason and keeps
// what the store had; a switch without mod_callcenter leaves it quiet (ModuleMissing).

#include "callcentercapture.h"

#include <QSignalSpy>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using namespace CallCenterCapture;
using Monitor::CallCenterStore;
using Monitor::PanelSyncState;
namespace Listing = Monitor::CallCenterListing;

class TstCallCenterListing : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parsesTheRealQueueList();
    void parsesTheRealAgentAndTierLists();
    void parsesTheRealMemberLists();
    void anUnknownQueueIsJustOk();
    void aContactHoldingAPipeStaysWhole();
    void hostileListingsFailWithAReasonAndKeepTheState_data();
    void hostileListingsFailWithAReasonAndKeepTheState();
    void tenThousandRowsAreTheLimit();
    void aMissingModuleIsQuiet();
};

void TstCallCenterListing::parsesTheRealQueueList()
{
    const auto steps = captureSteps();
    const auto queues = Listing::parseQueues(capturedBody(steps, kQueueList, 0), 100);
    QVERIFY2(queues.ok(), qPrintable(queues ? QString() : queues.error().message));
    QCOMPARE(queues->size(), 2);
    QCOMPARE(queues->at(0).name, kQueue);
    QCOMPARE(queues->at(0).strategy, u"longest-idle-agent"_s);
    // The moh holds ';', '=', '%' and ',': kept whole.
    QCOMPARE(queues->at(0).mohSound, u"tone_stream://%(2000,4000,440,480);loops=-1"_s);
    QCOMPARE(queues->at(0).discardAbandonedAfter, 60);
    QCOMPARE(queues->at(0).callsAnswered, 0);
    QCOMPARE(queues->at(0).callsAbandoned, 2);
    QCOMPARE(queues->at(1).name, u"support@default"_s);
    const auto later = Listing::parseQueues(capturedBody(steps, kQueueList, 1), 100);
    QVERIFY(later.ok());
    QCOMPARE(later->at(0).callsAnswered, 2);
}

void TstCallCenterListing::parsesTheRealAgentAndTierLists()
{
    const auto steps = captureSteps();
    const auto agents = Listing::parseAgents(capturedBody(steps, kAgentList, 0), 100);
    QVERIFY(agents.ok());
    QCOMPARE(agents->size(), 2);
    QCOMPARE(agents->at(0).name, kAgent1);
    QCOMPARE(agents->at(0).type, u"callback"_s);
    QCOMPARE(agents->at(0).contact, u"[leg_timeout=10]loopback/9297/default"_s);
    QCOMPARE(agents->at(0).status, u"Available"_s);
    QCOMPARE(agents->at(0).state, u"Waiting"_s);
    QCOMPARE(agents->at(0).wrapUpTime, 3);
    QCOMPARE(agents->at(0).lastStatusChangeMs, 1796578852000);
    QCOMPARE(agents->at(1).status, u"On Break"_s);
    // In a queue call: the agent's leg and the bridge's start (`queue list agents`, same columns).
    const auto busy = Listing::parseAgents(
        capturedBody(steps, u"callcenter_config queue list agents corpus@default"_s, 1), 100);
    QVERIFY(busy.ok());
    QCOMPARE(busy->at(0).state, u"In a queue call"_s);
    QCOMPARE(busy->at(0).uuid, u"957a5526-9562-4c15-8122-3701f264b5d3"_s);
    QCOMPARE(busy->at(0).lastBridgeStartMs, 1796578853000);
    QCOMPARE(busy->at(0).callsAnswered, 1);
    const auto tiers = Listing::parseTiers(capturedBody(steps, kTierList, 0), 100);
    QVERIFY(tiers.ok());
    QCOMPARE(tiers->size(), 2);
    QCOMPARE(tiers->at(1).queue, kQueue);
    QCOMPARE(tiers->at(1).agent, kAgent2);
    QCOMPARE(tiers->at(1).state, u"Ready"_s);
    QCOMPARE(tiers->at(1).level, 1);
    QCOMPARE(tiers->at(1).position, 2);
    // `queue list tiers` has the same shape.
    QVERIFY(Listing::parseTiers(
                capturedBody(steps, u"callcenter_config queue list tiers corpus@default"_s), 100)
                .ok());
}

void TstCallCenterListing::parsesTheRealMemberLists()
{
    const auto steps = captureSteps();
    const auto first = Listing::parseMembers(capturedBody(steps, kMembersList, 0), 100);
    QVERIFY(first.ok());
    // Two abandoned members of earlier runs stay listed (discard-abandoned-after), without a
    // session; `queue count members` (3) counts them too.
    QCOMPARE(first->size(), 3);
    QCOMPARE(capturedBody(steps, u"callcenter_config queue count members corpus@default"_s),
             QByteArray("3\n"));
    QCOMPARE(first->at(0).state, u"Abandoned"_s);
    QVERIFY(first->at(0).sessionUuid.isEmpty());
    QCOMPARE(first->at(0).abandonedMs, 1796578801000);
    QCOMPARE(first->at(2).uuid, kMember1);
    QCOMPARE(first->at(2).sessionUuid, kMember1Session);
    QCOMPARE(first->at(2).state, u"Answered"_s);
    QCOMPARE(first->at(2).servingAgent, kAgent1);
    QCOMPARE(first->at(2).cidName, u"Member1"_s);
    QCOMPARE(first->at(2).cidNumber, u"4001"_s);
    QCOMPARE(first->at(2).joinedMs, 1796578852000);
    QCOMPARE(first->at(2).bridgedMs, 1796578853000);
    const auto second = Listing::parseMembers(capturedBody(steps, kMembersList, 1), 100);
    QVERIFY(second.ok());
    QCOMPARE(second->at(2).uuid, kMember2);
    QCOMPARE(second->at(2).state, u"Waiting"_s);
    QVERIFY(second->at(2).servingAgent.isEmpty());
    // `agent get status` answers without a newline: the capture's exact bytes.
    QCOMPARE(capturedBody(steps, u"callcenter_config agent get status agent1@default"_s),
             QByteArray("Available"));
}

void TstCallCenterListing::anUnknownQueueIsJustOk()
{
    const auto steps = captureSteps();
    const QByteArray body =
        capturedBody(steps, u"callcenter_config queue list members nosuchqueue@default"_s);
    QCOMPARE(body, QByteArray("+OK\n"));
    const auto members = Listing::parseMembers(body, 100);
    QVERIFY(members.ok());
    QVERIFY(members->isEmpty());
}

void TstCallCenterListing::aContactHoldingAPipeStaysWhole()
{
    // list_result_callback escapes nothing: a `|` in a contact spills into the next fields.
    const QByteArray body =
        "name|instance_id|uuid|type|contact|status|state\n"
        "a@q|single_box||callback|{x=1|2}user/1000|Available|Waiting\n+OK\n";
    const auto agents = Listing::parseAgents(body, 10);
    QVERIFY(agents.ok());
    QCOMPARE(agents->at(0).contact, u"{x=1|2}user/1000"_s);
    QCOMPARE(agents->at(0).status, u"Available"_s);
}

void TstCallCenterListing::hostileListingsFailWithAReasonAndKeepTheState_data()
{
    QTest::addColumn<QString>("command");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("reason");
    const QByteArray agentHeader = "name|instance_id|uuid|type|contact|status|state|"
                                   "last_bridge_start\n";
    QTest::newRow("cut-short") << kAgentList << QByteArray(agentHeader + "a@q|single_box|")
                               << u"does not end with +OK"_s;
    QTest::newRow("garbage") << kQueueList << QByteArray("\x01\xff garbage\n+OK\n")
                             << u"no column \"name\""_s;
    QTest::newRow("absurd-epoch")
        << kAgentList
        << QByteArray(agentHeader + "a@q|single_box||callback|c|Available|Waiting|99999999999999999\n+OK\n")
        << u"last_bridge_start is not a number"_s;
    QTest::newRow("not-a-number")
        << kAgentList << QByteArray(agentHeader + "a@q|single_box||callback|c|Available|Waiting|soon\n+OK\n")
        << u"last_bridge_start is not a number"_s;
    QTest::newRow("short-row") << kTierList << QByteArray("queue|agent|state|level|position\nq|a\n+OK\n")
                               << u"row 1 has 2 fields where the header has 5"_s;
    QTest::newRow("error-reply") << kMembersList << QByteArray("-ERR Invalid!\n")
                                 << u"-ERR Invalid!"_s;
}

void TstCallCenterListing::hostileListingsFailWithAReasonAndKeepTheState()
{
    QFETCH(QString, command);
    QFETCH(QByteArray, body);
    QFETCH(QString, reason);
    const auto steps = captureSteps();
    CallCenterStore store;
    Listings good = endListings(steps);
    store.sync(good.api(), kCaptureEndMs);
    QCOMPARE(store.syncState(), PanelSyncState::Synced);
    const QList<QJsonObject> before = store.rows(kCaptureEndMs);
    Listings bad = endListings(steps);
    bad.bodies.insert(command, body);
    store.sync(bad.api(), kCaptureEndMs);
    QCOMPARE(store.syncState(), PanelSyncState::Failed);
    QVERIFY2(store.syncError().contains(reason), qPrintable(store.syncError()));
    QCOMPARE(store.rows(kCaptureEndMs), before);
}

void TstCallCenterListing::tenThousandRowsAreTheLimit()
{
    QByteArray rows = "queue|agent|state|level|position\n";
    for (int i = 0; i < CallCenterStore::kMaxItems; ++i)
        rows += "corpus@default|agent" + QByteArray::number(i) + "@default|Ready|1|1\n";
    const auto atLimit = Listing::parseTiers(rows + "+OK\n", CallCenterStore::kMaxItems);
    QVERIFY(atLimit.ok());
    QCOMPARE(atLimit->size(), CallCenterStore::kMaxItems);

    const auto steps = captureSteps();
    CallCenterStore store;
    Listings good = endListings(steps);
    store.sync(good.api(), kCaptureEndMs);
    Listings flood = endListings(steps);
    flood.bodies.insert(kTierList, rows + "corpus@default|one-more@default|Ready|1|1\n+OK\n");
    store.sync(flood.api(), kCaptureEndMs);
    QCOMPARE(store.syncState(), PanelSyncState::Failed);
    QVERIFY2(store.syncError().contains(u"more than 10000 rows"_s), qPrintable(store.syncError()));
    QCOMPARE(store.tiers(kQueue).size(), 2);
}

void TstCallCenterListing::aMissingModuleIsQuiet()
{
    CallCenterStore store;
    Listings none;
    for (const QString &c : {kQueueList, kAgentList, kTierList})
        none.bodies.insert(c, "-ERR callcenter_config Command not found!\n");
    store.sync(none.api(), kCaptureEndMs);
    QCOMPARE(store.syncState(), PanelSyncState::ModuleMissing);
    QCOMPARE(store.rowCount(), 0);
    QVERIFY(store.syncError().contains(u"mod_callcenter"_s));
}

QTEST_GUILESS_MAIN(TstCallCenterListing)
#include "tst_callcenterlisting.moc"
