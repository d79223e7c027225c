// The Queues panel's store on the real capture of FreeSWITCH 1.10.12 (real2/callcenter and
// real2/callcenter-info): the callcenter::info events replayed in order, the `callcenter_config
// ... list` bodies as the listing answers, the states the capture's .md describes at each step
// checked against the listings the switch gave at that moment; what the capture lacks (an
// abandoned member, bridge-agent-fail, "Available (On Demand)") as mod_callcenter.c fires it;
// re-sync after lost events. The parsers and hostile listings: tst_callcenterlisting.

#include "monitor/callcenterstore.h"

#include "callcentercapture.h"

#include <QJsonArray>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using Monitor::CallCenterAgent;
using Monitor::CallCenterMember;
using Monitor::CallCenterStore;
using Monitor::PanelSyncState;
namespace Listing = Monitor::CallCenterListing;

using namespace CallCenterCapture;

namespace {

// What an agent's listing row says and the store must agree with.
void compareAgent(const CallCenterStore &store, const CallCenterAgent &listed)
{
    QVERIFY2(store.agents().contains(listed.name), qPrintable(listed.name));
    const CallCenterAgent &a = store.agents()[listed.name];
    QCOMPARE(a.status, listed.status);
    QCOMPARE(a.state, listed.state);
    QCOMPARE(a.uuid, listed.uuid);
    QCOMPARE(a.contact, listed.contact);
    QCOMPARE(a.callsAnswered, listed.callsAnswered);
    QCOMPARE(a.lastBridgeStartMs, listed.lastBridgeStartMs);
    QCOMPARE(a.lastBridgeEndMs, listed.lastBridgeEndMs);
    QCOMPARE(a.talkTimeSeconds, listed.talkTimeSeconds);
}

void compareAgents(const CallCenterStore &store, const QByteArray &agentList)
{
    const auto listed = Listing::parseAgents(agentList, 100);
    QVERIFY(listed.ok());
    for (const CallCenterAgent &a : *listed)
        compareAgent(store, a);
}

} // namespace

class TstCallCenterStore : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void followsTheCaptureStepByStepAsTheListingsSaidThen();
    void theInfoOnlyConnectionReachesTheSameState();
    void countsTheHourAndTheAverageWaitFromEvents();
    void anAbandonedMemberFollowsTheModuleSource();
    void countsAsAbandonedOnlyWhatTheCallerDid_data();
    void countsAsAbandonedOnlyWhatTheCallerDid();
    void bridgeAgentFailPutsTheMemberBackToWaiting();
    void availableOnDemandAndMaxNoAnswer();
    void resyncAfterLostEventsCorrectsDrift();
    void rowsCarryQueuesWithTheirAgentsAndMembers();
};

namespace {

// A callcenter::info event with the CC headers given (and the switch's time, `atSeconds`).
Esl::Event info(const QList<std::pair<QByteArray, QByteArray>> &headers, qint64 atSeconds)
{
    Esl::HeaderList h;
    h.append("Event-Name", "CUSTOM");
    h.append("Event-Subclass", "callcenter::info");
    h.append("Event-Date-Timestamp", QByteArray::number(atSeconds * 1000000));
    for (const auto &[name, value] : headers)
        h.append(name, value);
    return Esl::Event(h, {}, false);
}

// A store synced from `listings` and fed the capture's events up to `upTo` (all: -1).
void replay(CallCenterStore &store, const QList<Step> &steps, int upTo = -1,
            const QSet<int> &skip = {})
{
    int n = 0;
    for (const Step &s : steps) {
        if (!s.event)
            continue;
        if (upTo >= 0 && n >= upTo)
            return;
        if (!skip.contains(n))
            store.apply(*s.event, kCaptureEndMs);
        ++n;
    }
}

} // namespace

void TstCallCenterStore::followsTheCaptureStepByStepAsTheListingsSaidThen()
{
    const auto steps = captureSteps();
    CallCenterStore store;
    Listings start = startListings(steps);
    store.sync(start.api(), kCaptureEndMs);
    QCOMPARE(store.syncState(), PanelSyncState::Synced);
    QCOMPARE(start.asked,
             (QStringList{kQueueList, kAgentList, kTierList, kMembersList, kSupportMembers}));
    QCOMPARE(store.rowCount(), 2);
    QVERIFY(store.agents().isEmpty());

    // Walk the capture; at each listing the switch gave, the store (events only since the
    // start) must agree with it, once the events fired before the listing ran are in.
    int events = 0;
    int checked = 0;
    QSet<int> applied;
    const auto applyEvent = [&](int index) {
        if (applied.contains(index))
            return;
        applied.insert(index);
        store.apply(*steps[index].event, kCaptureEndMs);
        ++events;
        if (events == 10) { // agent-offering: member 1 is being offered to agent1
            const Monitor::CallCenterQueue *q = store.queue(kQueue);
            QCOMPARE(q->members.size(), 1);
            QCOMPARE(q->members[0].state, u"Trying"_s);
            QCOMPARE(q->members[0].servingAgent, kAgent1);
            QCOMPARE(q->members[0].sessionUuid, kMember1Session);
            QCOMPARE(store.agents()[kAgent1].state, u"Receiving"_s);
            QCOMPARE(store.figures(kQueue, kCaptureEndMs).waiting, 1);
        }
        if (events == 21) { // member 2 waits: agent1 On Break, agent2 On Break
            const Monitor::CallCenterQueue *q = store.queue(kQueue);
            QCOMPARE(q->members.size(), 1);
            QCOMPARE(q->members[0].uuid, kMember2);
            QCOMPARE(q->members[0].state, u"Waiting"_s);
            QCOMPARE(CallCenterStore::position(*q, kMember2), 1);
            QCOMPARE(store.agents()[kAgent1].status, u"On Break"_s);
            QCOMPARE(store.agents()[kAgent2].status, u"On Break"_s);
        }
    };
    for (int i = 0; i < steps.size(); ++i) {
        const Step &s = steps[i];
        if (s.event) {
            applyEvent(i);
            continue;
        }
        for (int j = i + 1; j < steps.size() && s.apiSequence > 0; ++j) {
            if (steps[j].event && steps[j].event->sequence() < s.apiSequence)
                applyEvent(j);
        }
        if (s.command.startsWith(u"callcenter_config agent list") ||
            s.command == u"callcenter_config queue list agents corpus@default") {
            if (store.agents().size() == 2) {
                compareAgents(store, s.body);
                ++checked;
            }
        } else if (s.command == kMembersList && !s.body.isEmpty()) {
            // Our members (from events) are the listing's, less the abandoned ones of runs before
            // the capture, which no event told us of.
            const auto listed = Listing::parseMembers(s.body, 100);
            QVERIFY(listed.ok());
            QStringList theirs;
            for (const CallCenterMember &m : *listed) {
                if (m.state != u"Abandoned")
                    theirs.append(m.uuid + u' ' + m.state + u' ' + m.servingAgent);
            }
            QStringList ours;
            for (const CallCenterMember &m : store.queue(kQueue)->members)
                ours.append(m.uuid + u' ' + m.state + u' ' + m.servingAgent);
            QCOMPARE(ours, theirs);
            ++checked;
        }
    }
    QCOMPARE(events, 33);
    QCOMPARE(checked, 10); // 7 agent listings with both agents, 3 member listings
    QCOMPARE(store.eventsUnmatched(), 0);
    // The end: both agents Logged Out, agent1 Idle, nobody waiting, two calls answered.
    QCOMPARE(store.agents()[kAgent1].status, u"Logged Out"_s);
    QCOMPARE(store.agents()[kAgent1].state, u"Idle"_s);
    QCOMPARE(store.agents()[kAgent2].state, u"Waiting"_s);
    QVERIFY(store.queue(kQueue)->members.isEmpty());
    QCOMPARE(store.queue(kQueue)->info.callsAnswered, 2);
}

void TstCallCenterStore::theInfoOnlyConnectionReachesTheSameState()
{
    CallCenterStore all;
    CallCenterStore infoOnly;
    Listings a = startListings(captureSteps());
    Listings b = startListings(captureSteps());
    all.sync(a.api(), kCaptureEndMs);
    infoOnly.sync(b.api(), kCaptureEndMs);
    replay(all, captureSteps());
    replay(infoOnly, captureSteps(u"real2/callcenter-info"_s));
    QCOMPARE(infoOnly.eventsApplied(), 33);
    QCOMPARE(infoOnly.rows(kCaptureEndMs), all.rows(kCaptureEndMs));
}

void TstCallCenterStore::countsTheHourAndTheAverageWaitFromEvents()
{
    CallCenterStore store;
    Listings l = startListings(captureSteps());
    store.sync(l.api(), kCaptureEndMs);
    replay(store, captureSteps());
    // Member 1 joined at …852 and agent1 answered at …853; member 2 joined at …858 and agent2
    // answered at …861 (bridge-agent-start's CC-Member-Joined-Time / CC-Agent-Answered-Time).
    const Monitor::CallCenterFigures f = store.figures(kQueue, kCaptureEndMs);
    QCOMPARE(f.answeredLastHour, 2);
    QCOMPARE(f.abandonedLastHour, 0);
    QCOMPARE(f.averageWaitMs, 2000);
    QCOMPARE(f.waiting, 0);
    // An hour later the console has seen nothing new.
    const Monitor::CallCenterFigures later =
        store.figures(kQueue, kCaptureEndMs + CallCenterStore::kHourMs);
    QCOMPARE(later.answeredLastHour, 0);
    QCOMPARE(later.averageWaitMs, -1);
}

void TstCallCenterStore::anAbandonedMemberFollowsTheModuleSource()
{
    // The capture has no abandoned member. mod_callcenter.c, callcenter_function: a member whose
    // channel leaves the queue before an agent answers (hangup, transfer: BREAK_OUT) gets
    // member-queue-end with CC-Cause "Cancel", CC-Cancel-Reason, CC-Member-Leaving-Time and
    // CC-Member-Joined-Time; its row stays "Abandoned" with no session_uuid until
    // discard-abandoned-after.
    CallCenterStore store;
    Listings l = startListings(captureSteps());
    store.sync(l.api(), kCaptureEndMs);
    const qint64 t = kCaptureEndMs / 1000;
    store.apply(info({{"CC-Queue", "corpus@default"}, {"CC-Action", "member-queue-start"},
                      {"CC-Member-UUID", "m-1"}, {"CC-Member-Session-UUID", "s-1"},
                      {"CC-Member-CID-Name", "Alice"}, {"CC-Member-CID-Number", "1001"}},
                     t),
                kCaptureEndMs);
    QCOMPARE(store.figures(kQueue, (t + 7) * 1000).longestWaitMs, 7000);
    store.apply(info({{"CC-Queue", "corpus@default"}, {"CC-Action", "member-queue-end"},
                      {"CC-Member-Leaving-Time", QByteArray::number(t + 9)},
                      {"CC-Member-Joined-Time", QByteArray::number(t)}, {"CC-Cause", "Cancel"},
                      {"CC-Cancel-Reason", "BREAK_OUT"}, {"CC-Member-UUID", "m-1"},
                      {"CC-Member-Session-UUID", "s-1"}},
                     t + 9),
                (t + 9) * 1000);
    const Monitor::CallCenterQueue *q = store.queue(kQueue);
    QCOMPARE(q->members.size(), 1);
    QCOMPARE(q->members[0].state, u"Abandoned"_s);
    QVERIFY(q->members[0].sessionUuid.isEmpty());
    const Monitor::CallCenterFigures f = store.figures(kQueue, (t + 10) * 1000);
    QCOMPARE(f.waiting, 0);
    QCOMPARE(f.abandonedLastHour, 1);
    QCOMPARE(f.averageWaitMs, -1);
    // Listed for discard-abandoned-after (60 s in the capture's queue list), then not.
    QVERIFY(CallCenterStore::stillListed(*q, q->members[0], (t + 30) * 1000));
    QVERIFY(!CallCenterStore::stillListed(*q, q->members[0], (t + 80) * 1000));
    QCOMPARE(store.rows((t + 80) * 1000).value(0).value(u"members"_s).toArray().size(), 0);
    // member-queue-resume (abandoned-resume-allowed): the same member waits again.
    store.apply(info({{"CC-Queue", "corpus@default"}, {"CC-Action", "member-queue-resume"},
                      {"CC-Member-UUID", "m-1"}, {"CC-Member-Session-UUID", "s-2"}},
                     t + 20),
                (t + 20) * 1000);
    QCOMPARE(store.queue(kQueue)->members[0].state, u"Waiting"_s);
    QCOMPARE(store.queue(kQueue)->members[0].sessionUuid, u"s-2"_s);
}

void TstCallCenterStore::countsAsAbandonedOnlyWhatTheCallerDid_data()
{
    QTest::addColumn<QByteArray>("reason");
    QTest::addColumn<QByteArray>("answerState");
    QTest::addColumn<QByteArray>("hangupCause");
    QTest::addColumn<bool>("abandoned");
    // mod_callcenter.c, callcenter_function: BREAK_OUT is whatever broke the wait; the
    // channel data the event carries says whether the caller hung up.
    QTest::newRow("the caller hung up") << QByteArray("BREAK_OUT") << QByteArray("hangup")
                                        << QByteArray("NORMAL_CLEARING") << true;
    QTest::newRow("transferred out (a pick)") << QByteArray("BREAK_OUT") << QByteArray("answered")
                                              << QByteArray() << false;
    QTest::newRow("hung up by an operator") << QByteArray("BREAK_OUT") << QByteArray("hangup")
                                            << QByteArray("MANAGER_REQUEST") << false;
    QTest::newRow("timed out") << QByteArray("TIMEOUT") << QByteArray("answered") << QByteArray()
                               << true;
    QTest::newRow("no agent in time") << QByteArray("NO_AGENT_TIMEOUT") << QByteArray("answered")
                                      << QByteArray() << true;
    QTest::newRow("left with an exit key") << QByteArray("EXIT_WITH_KEY") << QByteArray("answered")
                                           << QByteArray() << false;
    QTest::newRow("no channel data") << QByteArray("BREAK_OUT") << QByteArray() << QByteArray()
                                     << true;
}

void TstCallCenterStore::countsAsAbandonedOnlyWhatTheCallerDid()
{
    QFETCH(QByteArray, reason);
    QFETCH(QByteArray, answerState);
    QFETCH(QByteArray, hangupCause);
    QFETCH(bool, abandoned);
    CallCenterStore store;
    Listings l = startListings(captureSteps());
    store.sync(l.api(), kCaptureEndMs);
    const qint64 t = kCaptureEndMs / 1000;
    store.apply(info({{"CC-Queue", "corpus@default"}, {"CC-Action", "member-queue-start"},
                      {"CC-Member-UUID", "m-1"}, {"CC-Member-Session-UUID", "s-1"}},
                     t),
                kCaptureEndMs);
    QList<std::pair<QByteArray, QByteArray>> end{{"CC-Queue", "corpus@default"},
                                                 {"CC-Action", "member-queue-end"},
                                                 {"CC-Cause", "Cancel"},
                                                 {"CC-Cancel-Reason", reason},
                                                 {"CC-Member-UUID", "m-1"},
                                                 {"CC-Member-Session-UUID", "s-1"}};
    if (!answerState.isEmpty())
        end.prepend({"Answer-State", answerState});
    if (!hangupCause.isEmpty())
        end.prepend({"Hangup-Cause", hangupCause});
    store.apply(info(end, t + 5), (t + 5) * 1000);
    // The module lists it as Abandoned whoever ended the wait; the hour counts who did.
    QCOMPARE(store.queue(kQueue)->members.value(0).state, u"Abandoned"_s);
    const Monitor::CallCenterFigures f = store.figures(kQueue, (t + 6) * 1000);
    QCOMPARE(f.abandonedLastHour, abandoned ? 1 : 0);
    QCOMPARE(f.takenOutLastHour, abandoned ? 0 : 1);
}

void TstCallCenterStore::bridgeAgentFailPutsTheMemberBackToWaiting()
{
    // Not in the capture; mod_callcenter.c, outbound_agent_thread_run: an agent that does not
    // answer gives bridge-agent-fail (CC-Hangup-Cause), the member goes from Trying back to
    // Waiting, the tier is "No Answer" and no_answer_count grows.
    CallCenterStore store;
    Listings l = endListings(captureSteps());
    store.sync(l.api(), kCaptureEndMs);
    const qint64 t = kCaptureEndMs / 1000;
    store.apply(info({{"CC-Queue", "corpus@default"}, {"CC-Action", "member-queue-start"},
                      {"CC-Member-UUID", "m-9"}, {"CC-Member-Session-UUID", "s-9"}},
                     t),
                kCaptureEndMs);
    store.apply(info({{"CC-Queue", "corpus@default"}, {"CC-Action", "agent-offering"},
                      {"CC-Agent", "agent1@default"}, {"CC-Member-UUID", "m-9"}},
                     t + 1),
                kCaptureEndMs);
    QCOMPARE(store.queue(kQueue)->members.last().state, u"Trying"_s);
    QCOMPARE(store.tiers(kQueue).value(0).state, u"Offering"_s);
    store.apply(info({{"CC-Queue", "corpus@default"}, {"CC-Action", "bridge-agent-fail"},
                      {"CC-Hangup-Cause", "NO_ANSWER"}, {"CC-Agent", "agent1@default"},
                      {"CC-Member-UUID", "m-9"}},
                     t + 11),
                kCaptureEndMs);
    QCOMPARE(store.queue(kQueue)->members.last().state, u"Waiting"_s);
    QVERIFY(store.queue(kQueue)->members.last().servingAgent.isEmpty());
    QCOMPARE(store.tiers(kQueue).value(0).state, u"No Answer"_s);
    QCOMPARE(store.agents()[kAgent1].noAnswerCount, 1);
}

void TstCallCenterStore::availableOnDemandAndMaxNoAnswer()
{
    // AGENT_STATUS_CHART in mod_callcenter.c: "Available (On Demand)"; agent-max-no-answer
    // carries CC-Agent-No-Answer-Count and is followed by the status change.
    CallCenterStore store;
    Listings l = endListings(captureSteps());
    store.sync(l.api(), kCaptureEndMs);
    const qint64 t = kCaptureEndMs / 1000;
    QVERIFY(store.apply(info({{"CC-Agent", "agent2@default"}, {"CC-Action", "agent-status-change"},
                              {"CC-Agent-Status", "Available (On Demand)"}},
                             t),
                        kCaptureEndMs));
    QCOMPARE(store.agents()[kAgent2].status, u"Available (On Demand)"_s);
    QCOMPARE(store.agents()[kAgent2].lastStatusChangeMs, t * 1000);
    QVERIFY(store.apply(info({{"CC-Agent", "agent2@default"}, {"CC-Action", "agent-max-no-answer"},
                              {"CC-Agent-No-Answer-Count", "3"},
                              {"CC-Agent-No-Answer-Status", "On Break"}},
                             t + 1),
                        kCaptureEndMs));
    QCOMPARE(store.agents()[kAgent2].noAnswerCount, 3);
    // The same status again changes nothing.
    QVERIFY(!store.apply(info({{"CC-Agent", "agent2@default"}, {"CC-Action", "agent-status-get"},
                               {"CC-Agent-Status", "Available (On Demand)"}},
                              t + 2),
                         kCaptureEndMs));
}

void TstCallCenterStore::resyncAfterLostEventsCorrectsDrift()
{
    const auto steps = captureSteps();
    CallCenterStore store;
    Listings l = startListings(steps);
    store.sync(l.api(), kCaptureEndMs);
    // Lost: member 2's start (19) and agent1 going Logged Out (31).
    replay(store, steps, -1, {19, 31});
    QVERIFY(store.eventsUnmatched() > 0); // the count and the end about an unknown member
    QCOMPARE(store.agents()[kAgent1].status, u"On Break"_s);
    Listings end = endListings(steps);
    QSignalSpy changed(&store, &Monitor::PanelStore::changed);
    store.sync(end.api(), kCaptureEndMs);
    QCOMPARE(store.syncState(), PanelSyncState::Synced);
    QVERIFY(changed.count() >= 1);
    compareAgents(store, capturedBody(steps, kAgentList, 3));
    // The listing knows the abandoned member of an earlier run that no event told of.
    const Monitor::CallCenterQueue *q = store.queue(kQueue);
    QCOMPARE(q->members.size(), 1);
    QCOMPARE(q->members[0].uuid, u"16064971-9224-4f81-9092-e48e186a6036"_s);
    QCOMPARE(q->members[0].state, u"Abandoned"_s);
    QCOMPARE(store.tiers(kQueue).size(), 2);
    QCOMPARE(store.tiers(kQueue)[1].agent, kAgent2);
    // The hour's figures are what this console saw and survive the listing.
    QCOMPARE(store.figures(kQueue, kCaptureEndMs).answeredLastHour, 2);
}

void TstCallCenterStore::rowsCarryQueuesWithTheirAgentsAndMembers()
{
    const auto steps = captureSteps();
    CallCenterStore store;
    Listings l = startListings(steps);
    store.sync(l.api(), kCaptureEndMs);
    replay(store, steps, 21); // member 2 waiting
    // tier add fires no event (cc_tier_add): the tiers come from a listing.
    const QList<QJsonObject> before = store.rows(kCaptureEndMs);
    QCOMPARE(before.size(), 2);
    const QJsonObject corpus = before[0];
    QCOMPARE(corpus[u"queue"_s].toString(), kQueue);
    QCOMPARE(corpus[u"waiting"_s].toInt(), 1);
    // Joined when member-queue-start was fired (…858 and some ms).
    const qint64 joinedMs = store.queue(kQueue)->members[0].joinedMs;
    QVERIFY(joinedMs >= 1796578858000 && joinedMs < 1796578859000);
    QCOMPARE(corpus[u"longestWaitSeconds"_s].toInt(), int((kCaptureEndMs - joinedMs) / 1000));
    QCOMPARE(corpus[u"answeredLastHour"_s].toInt(), 1);
    QCOMPARE(corpus[u"averageWaitSeconds"_s].toInt(), 1);
    const QJsonObject m = corpus[u"members"_s].toArray().at(0).toObject();
    QCOMPARE(m[u"uuid"_s].toString(), kMember2);
    QCOMPARE(m[u"cidName"_s].toString(), u"Member2"_s);
    QCOMPARE(m[u"cidNumber"_s].toString(), u"4002"_s);
    QCOMPARE(m[u"state"_s].toString(), u"Waiting"_s);
    QCOMPARE(m[u"position"_s].toInt(), 1);
    QCOMPARE(corpus[u"agents"_s].toArray().size(), 0);
    Listings end = endListings(steps);
    store.sync(end.api(), kCaptureEndMs);
    const QJsonArray agents = store.rows(kCaptureEndMs)[0][u"agents"_s].toArray();
    QCOMPARE(agents.size(), 2);
    QCOMPARE(agents[0].toObject()[u"name"_s].toString(), kAgent1);
    QCOMPARE(agents[0].toObject()[u"status"_s].toString(), u"Logged Out"_s);
    QCOMPARE(agents[0].toObject()[u"tierState"_s].toString(), u"Ready"_s);
    QCOMPARE(agents[1].toObject()[u"position"_s].toInt(), 2);
}

QTEST_GUILESS_MAIN(TstCallCenterStore)
#include "tst_callcenterstore.moc"
