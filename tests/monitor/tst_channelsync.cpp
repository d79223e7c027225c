// What a real switch does that a tidy one never shows, held against the channel store with
// the switch's own words: listings taken from a real FreeSWITCH 1.10.12 (tests/fixtures/
// api-bodies: 10 calls through loopback/9197 and loopback/9196, 40 channels), the load capture's
// events, and scripted events shaped as the switch sends them.
//
// Happy flows: calls up before the monitor connected get their true age, state, application
// and bridge from the lists; uuid_dump adds the answer time and variables; loopback chains are
// one call. Rainy days: stale listing rows after hangups, ghosts, transfers that split a call.

#include "support/fixtures.h"

#include "esl/commands.h"
#include "monitor/channelstore.h"

#include <QSignalSpy>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using Monitor::ChannelStore;

namespace {

// The api/response bodies of the api-bodies capture, in order.
QList<QByteArray> apiBodies()
{
    QList<QByteArray> out;
    for (const Esl::Message &m :
         TestSupport::parseAll(TestSupport::readFixture(u"api-bodies"_s, u".esl"_s))) {
        if (m.contentType() == "api/response")
            out.append(m.body());
    }
    return out;
}

QList<Monitor::ShowRow> rowsOf(const QByteArray &body)
{
    const auto result = Esl::ShowResult::fromJson(body);
    return result ? result->rows : QList<Monitor::ShowRow>{};
}

// The capture's `show channels as json` and `show calls as json`.
Monitor::Listing realListing()
{
    const QList<QByteArray> bodies = apiBodies();
    Monitor::Listing listing;
    listing.channels = rowsOf(bodies.value(10));
    listing.calls = rowsOf(bodies.value(11));
    listing.hasCalls = true;
    return listing;
}

Monitor::ShowRow row(const QString &uuid, const QString &name, const QString &callstate,
                     const QString &state = u"CS_EXECUTE"_s, const QString &app = {})
{
    return {{u"uuid"_s, uuid},   {u"name"_s, name},           {u"created_epoch"_s, u"1795525837"_s},
            {u"state"_s, state}, {u"callstate"_s, callstate}, {u"application"_s, app}};
}

// A channel event with the channel's basic data (Caller-*), as the switch sends every one.
Esl::Event channelEvent(const char *name, const QString &uuid,
                        const QList<std::pair<QByteArray, QString>> &more = {})
{
    Esl::HeaderList h;
    h.append("Event-Name", name);
    h.appendText("Unique-ID", uuid);
    h.appendText("Caller-Unique-ID", uuid);
    bool hasCallUuid = false;
    for (const auto &[k, v] : more) {
        h.appendText(k, v);
        hasCallUuid |= k == "Channel-Call-UUID";
    }
    if (!hasCallUuid)
        h.appendText("Channel-Call-UUID", uuid);
    return Esl::Event(h, {}, false);
}

const QString kA = u"ff4aa895-8ae9-428c-93c1-88599d6f7aa2"_s;  // loopback/9197-a
const QString kAb = u"75c0f594-4ca9-4fcf-85a1-1f3274072315"_s; // loopback/9197-b
const QString kB = u"64f9a209-4393-47b7-9680-62a152084d86"_s;  // loopback/9196-a
const QString kBb = u"dd192a72-4d0a-4b9f-becd-89282617cc7b"_s; // loopback/9196-b
const QString kOtherB = u"f792ca41-0000-0000-0000-000000000000"_s;

} // namespace

class TestChannelSync : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // Happy flows
    void callsUpAtConnectTakeTheirAgeStateApplicationAndBridgeFromTheLists();
    void aParkedOrHeldLegIsShownSoFromTheLists();
    void aDumpAddsTheAnswerTimeAndVariablesAndJoinsTheLoopbackChain();
    void theLoadCaptureShowsEachLoopbackChainAsOneCallOfFourLegs();
    void bridgingTwoEndsOfOneLoopbackChainIsRefusedWithAReason();
    // Rainy days
    void aChannelSeenEndingIsNotBroughtBackByAStaleListingRow();
    void aGhostStaysAwayAndExpires();
    void doubtfulRowsAreThoseNoEventOrProbeVouchedFor();
    void tombstonesAreBoundedInCountAndTime();
    void aTransferOfBothLegsSplitsTheCallInTwo();
    void aTransferOfTheBLegLeavesItsEndedFirstLegBehind();
    void aNewBridgeTakesALegFromItsOldPartnerWhenTheUnbridgeWasLost();
};

void TestChannelSync::callsUpAtConnectTakeTheirAgeStateApplicationAndBridgeFromTheLists()
{
    ChannelStore store;
    const qint64 now = 1795525900000; // a minute after the calls began
    const Monitor::ReconcileResult result = store.reconcile(realListing(), now);
    QCOMPARE(result.added, 40);
    QCOMPARE(result.corrected, 0); // bridges of channels just added are no drift
    const Monitor::Channel *a = store.channel(kA);
    QVERIFY(a);
    QCOMPARE(a->createdMs, 1795525837000); // created_epoch, not the time of the sync
    QCOMPARE(a->displayState(), u"active"_s);
    QCOMPARE(a->application, u"bridge"_s);
    QCOMPARE(a->bridgedTo, kB); // from show calls' b_uuid
    QVERIFY(a->bridgeA);
    QCOMPARE(store.channel(kB)->bridgedTo, kA);
    QCOMPARE(store.channel(kBb)->application, u"echo"_s);
    QCOMPARE(store.callKeyOf(kB), kA);
    // The calls keep the switch's order of creation, not the order of a hash.
    QVERIFY(store.channel(u"ee92fd74-da3a-49da-bf28-b909b5840977"_s)->createdMs > a->createdMs);
    // A second look at the same lists changes nothing.
    QSignalSpy changed(&store, &ChannelStore::channelChanged);
    QCOMPARE(store.reconcile(realListing(), now + 60000).drift(), 0);
    QCOMPARE(changed.size(), 0);
}

void TestChannelSync::aParkedOrHeldLegIsShownSoFromTheLists()
{
    ChannelStore store;
    Monitor::Listing listing;
    listing.channels = {row(kA, u"sofia/internal/1001"_s, u"ACTIVE"_s, u"CS_PARK"_s),
                        row(kB, u"sofia/internal/1002"_s, u"ACTIVE"_s, u"CS_EXECUTE"_s, u"park"_s),
                        row(kBb, u"sofia/internal/1003"_s, u"HELD"_s)};
    store.reconcile(listing, 1795525900000);
    QCOMPARE(store.channel(kA)->displayState(), u"parked"_s);
    QCOMPARE(store.channel(kB)->displayState(), u"parked"_s);
    QCOMPARE(store.channel(kBb)->displayState(), u"held"_s);
}

void TestChannelSync::aDumpAddsTheAnswerTimeAndVariablesAndJoinsTheLoopbackChain()
{
    ChannelStore store;
    store.reconcile(realListing(), 1795525900000);
    // The lists do not say which -b half belongs to which -a half.
    QCOMPARE(store.callKeyOf(kAb), kAb);
    QVERIFY(store.channel(kA)->answeredMs == 0);
    const auto dump = Esl::Event::fromJson(apiBodies().value(13)); // uuid_dump <kA> json
    QVERIFY(dump);
    QSignalSpy changed(&store, &ChannelStore::channelChanged);
    QVERIFY(store.applyDump(*dump, 1795525900000));
    const Monitor::Channel *a = store.channel(kA);
    QCOMPARE(a->answeredMs, 1795525837902);
    QCOMPARE(a->loopbackPartner, kAb);
    QCOMPARE(store.channel(kAb)->loopbackPartner, kA);
    QVERIFY(a->headers.contains("variable_loopback_leg"));
    QVERIFY(a->confirmed);
    QVERIFY(changed.size() >= 2);
    QCOMPARE(store.callKeyOf(kAb), kA); // the 9197-b half continues the call
    QCOMPARE(store.chainOf(kA).first(), kA);
    QVERIFY(store.chainOf(kA).contains(kAb));
    QVERIFY(store.chainOf(kA).contains(kB));
}

void TestChannelSync::theLoadCaptureShowsEachLoopbackChainAsOneCallOfFourLegs()
{
    // 40 `originate loopback/9197 &bridge(loopback/9196)`: each is two loopback pairs and one
    // bridge. Before the first hangup all 160 channels are up.
    ChannelStore store;
    for (const Esl::Message &m :
         TestSupport::parseAll(TestSupport::readFixture(u"load"_s, u".esl"_s))) {
        if (!m.isEvent())
            continue;
        const auto e = Esl::Event::fromMessage(m);
        if (e->name() == u"CHANNEL_HANGUP")
            break;
        store.apply(*e, 0);
    }
    QCOMPARE(store.liveCount(), 160);
    const QHash<QString, QStringList> calls = store.calls();
    QCOMPARE(calls.size(), 40);
    QCOMPARE(store.liveCallCount(), 40);
    for (auto it = calls.cbegin(); it != calls.cend(); ++it) {
        QCOMPARE(it->size(), 4);
        QCOMPARE(store.channel(it.key())->name, u"loopback/9197-a"_s);
        QCOMPARE(store.chainOf(it->at(2)), *it);
    }
}

void TestChannelSync::bridgingTwoEndsOfOneLoopbackChainIsRefusedWithAReason()
{
    ChannelStore store;
    store.reconcile(realListing(), 1795525900000);
    // Both halves' variables known, as events or uuid_dump give them.
    store.setLoopbackPartner(kA, kAb);
    store.setLoopbackPartner(kB, kBb);
    QCOMPARE(store.whyNotBridge(kAb, kBb),
             u"both legs belong to one loopback chain (loopback/9196, loopback/9197): bridging "
             "them crashes FreeSWITCH 1.10"_s);
    QVERIFY(!store.whyNotBridge(kBb, kA).isEmpty());
    // A leg of another chain whose halves are unknown: not refused as one chain, but the
    // operator hears why the monitor cannot tell.
    const QString otherA = u"1f72455d-338c-4ad0-8284-9c32c18af526"_s;
    QVERIFY(store.whyNotBridge(kAb, otherA).contains(u"cannot tell yet"_s));
    store.setLoopbackPartner(otherA, u"7cec8bdf-0f8e-4c8d-bb5c-8a5e2ddeea86"_s);
    QCOMPARE(store.whyNotBridge(kAb, otherA), QString());
    QVERIFY(!store.whyNotBridge(kA, kA).isEmpty());
}

void TestChannelSync::aChannelSeenEndingIsNotBroughtBackByAStaleListingRow()
{
    ChannelStore store;
    store.setEndedRetention(1000);
    store.apply(channelEvent("CHANNEL_CREATE", kA, {{"Channel-Call-State", u"DOWN"_s}}), 1000);
    store.apply(channelEvent("CHANNEL_HANGUP", kA, {{"Hangup-Cause", u"NORMAL_CLEARING"_s}}), 2000);
    // While it is still shown as ended, the row does not make it active again.
    Monitor::Listing listing;
    listing.channels = {row(kA, u"sofia/internal/1001"_s, u"ACTIVE"_s)};
    Monitor::ReconcileResult result = store.reconcile(listing, 2500);
    QCOMPARE(result.stale, 1);
    QCOMPARE(result.drift(), 0);
    QVERIFY(store.channel(kA)->ended);
    // Nor once it has expired, through several re-syncs, for minutes.
    store.expire(10000);
    QVERIFY(!store.channel(kA));
    for (qint64 t = 60000; t <= 300000; t += 60000) {
        result = store.reconcile(listing, t);
        QCOMPARE(result.added, 0);
        QCOMPARE(result.stale, 1);
        QVERIFY(!store.channel(kA));
    }
    // Late words of the expired channel do not bring it back either.
    QVERIFY(!store.apply(channelEvent("CHANNEL_CALLSTATE", kA), 300000));
    QVERIFY(!store.channel(kA));
}

void TestChannelSync::aGhostStaysAwayAndExpires()
{
    ChannelStore store;
    store.setEndedRetention(1000);
    Monitor::Listing listing;
    listing.channels = {row(kA, u"sofia/internal/1001"_s, u"ACTIVE"_s),
                        row(kB, u"sofia/internal/1002"_s, u"ACTIVE"_s)};
    listing.calls = {{{u"uuid"_s, kA}, {u"b_uuid"_s, kB}}};
    listing.hasCalls = true;
    store.reconcile(listing, 1000);
    QCOMPARE(store.channel(kB)->bridgedTo, kA);
    // "-ERR No such channel!" to an action on it.
    QSignalSpy changed(&store, &ChannelStore::channelChanged);
    QVERIFY(store.markGhost(kA, 2000));
    const Monitor::Channel *a = store.channel(kA);
    QVERIFY(a->ghost && a->zombie);
    QCOMPARE(store.liveCount(), 1);
    QVERIFY(store.channel(kB)->bridgedTo.isEmpty()); // nobody is bridged to a ghost
    QCOMPARE(changed.size(), 2);
    const Monitor::ReconcileResult result = store.reconcile(listing, 2500);
    QCOMPARE(result.stale, 1);
    QCOMPARE(result.corrected, 0);
    QVERIFY(store.channel(kA)->ghost);
    QVERIFY(store.channel(kB)->bridgedTo.isEmpty());
    store.expire(3000);
    QVERIFY(!store.channel(kA));
    QCOMPARE(store.reconcile(listing, 60000).added, 0);
    QVERIFY(!store.markGhost(kOtherB, 60000)); // never had it: remembered all the same
    QVERIFY(store.isTombstoned(kOtherB));
}

void TestChannelSync::doubtfulRowsAreThoseNoEventOrProbeVouchedFor()
{
    ChannelStore store;
    store.reconcile(realListing(), 1795525900000);
    QCOMPARE(store.doubtful(1000).size(), 40);
    // Loopback halves of unknown partner first (all of these are), bounded.
    QCOMPARE(store.doubtful(20).size(), 20);
    store.apply(channelEvent("CHANNEL_EXECUTE", kA, {{"variable_other_loopback_leg_uuid", kAb}}),
                1795525901000);
    store.markConfirmed(kB);
    QStringList left = store.doubtful(1000);
    // kA had an event and kB was confirmed. kAb learnt its partner from kA's event, but no
    // event or probe has said it still exists.
    QCOMPARE(left.size(), 38);
    QVERIFY(!left.contains(kA) && !left.contains(kB));
    QCOMPARE(store.channel(kAb)->loopbackPartner, kA);
    QVERIFY(left.indexOf(kAb) > left.indexOf(u"dd192a72-4d0a-4b9f-becd-89282617cc7b"_s));
    store.markGhost(kBb, 1795525902000);
    QVERIFY(!store.doubtful(1000).contains(kBb));
}

void TestChannelSync::tombstonesAreBoundedInCountAndTime()
{
    ChannelStore store;
    store.setTombstoneLimits(60000, 100);
    for (int i = 0; i < 250; ++i)
        store.markGhost(u"ghost-"_s + QString::number(i), 1000 + i);
    QCOMPARE(store.tombstoneCount(), 100);
    QVERIFY(!store.isTombstoned(u"ghost-149"_s));
    QVERIFY(store.isTombstoned(u"ghost-150"_s));
    store.expire(1000 + 200 + 60000);
    QCOMPARE(store.tombstoneCount(), 49); // those of 1201 ms and later remain
}

void TestChannelSync::aTransferOfBothLegsSplitsTheCallInTwo()
{
    ChannelStore store;
    store.apply(channelEvent("CHANNEL_CREATE", kA), 0);
    store.apply(channelEvent("CHANNEL_CREATE", kB,
                             {{"Channel-Call-UUID", kA},
                              {"Other-Type", u"originator"_s},
                              {"Other-Leg-Unique-ID", kA}}),
                0);
    store.apply(channelEvent("CHANNEL_BRIDGE", kA,
                             {{"Other-Type", u"originatee"_s},
                              {"Other-Leg-Unique-ID", kB},
                              {"Bridge-A-Unique-ID", kA},
                              {"Bridge-B-Unique-ID", kB}}),
                0);
    QCOMPARE(store.calls().value(kA), (QStringList{kA, kB}));
    // uuid_transfer <A> -both 9999: the bridge ends, each leg is routed with a new caller
    // profile (no Other-Leg-*) and its own Call-UUID.
    store.apply(channelEvent("CHANNEL_UNBRIDGE", kA,
                             {{"Other-Type", u"originatee"_s},
                              {"Other-Leg-Unique-ID", kB},
                              {"Bridge-A-Unique-ID", kA},
                              {"Bridge-B-Unique-ID", kB}}),
                0);
    store.apply(channelEvent("CHANNEL_EXECUTE", kB, {{"Application", u"playback"_s}}), 0);
    store.apply(channelEvent("CHANNEL_EXECUTE", kA, {{"Application", u"playback"_s}}), 0);
    QCOMPARE(store.callKeyOf(kA), kA);
    QCOMPARE(store.callKeyOf(kB), kB);
    QCOMPARE(store.liveCallCount(), 2);
}

void TestChannelSync::aTransferOfTheBLegLeavesItsEndedFirstLegBehind()
{
    ChannelStore store;
    store.apply(channelEvent("CHANNEL_CREATE", kA), 0);
    store.apply(channelEvent("CHANNEL_CREATE", kB,
                             {{"Channel-Call-UUID", kA},
                              {"Other-Type", u"originator"_s},
                              {"Other-Leg-Unique-ID", kA}}),
                0);
    store.apply(channelEvent("CHANNEL_BRIDGE", kA,
                             {{"Other-Type", u"originatee"_s},
                              {"Other-Leg-Unique-ID", kB},
                              {"Bridge-A-Unique-ID", kA},
                              {"Bridge-B-Unique-ID", kB}}),
                0);
    // uuid_transfer <A> -bleg 9999: the A leg is hung up (BLIND_TRANSFER), the B leg routed.
    store.apply(channelEvent("CHANNEL_UNBRIDGE", kA,
                             {{"Bridge-A-Unique-ID", kA}, {"Bridge-B-Unique-ID", kB}}),
                0);
    store.apply(channelEvent("CHANNEL_HANGUP", kA,
                             {{"Other-Type", u"originatee"_s},
                              {"Other-Leg-Unique-ID", kB},
                              {"Hangup-Cause", u"BLIND_TRANSFER"_s}}),
                0);
    store.apply(channelEvent("CHANNEL_EXECUTE", kB, {{"Application", u"playback"_s}}), 0);
    QCOMPARE(store.callKeyOf(kB), kB);
    QCOMPARE(store.calls().value(kA), QStringList{kA});
    QCOMPARE(store.liveCallCount(), 1);
}

void TestChannelSync::aNewBridgeTakesALegFromItsOldPartnerWhenTheUnbridgeWasLost()
{
    ChannelStore store;
    auto bridge = [&](const QString &a, const QString &b) {
        store.apply(channelEvent("CHANNEL_BRIDGE", a,
                                 {{"Bridge-A-Unique-ID", a}, {"Bridge-B-Unique-ID", b}}),
                    0);
    };
    bridge(kA, kB);
    bridge(kA, kOtherB); // attended transfer: the first B leg's UNBRIDGE never arrived
    QCOMPARE(store.channel(kA)->bridgedTo, kOtherB);
    QVERIFY(store.channel(kB)->bridgedTo.isEmpty());
    QCOMPARE(store.callKeyOf(kB), kB);
    QCOMPARE(store.calls().value(kA), (QStringList{kA, kOtherB}));
}

QTEST_GUILESS_MAIN(TestChannelSync)
#include "tst_channelsync.moc"
