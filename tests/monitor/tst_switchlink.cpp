// The monitor through the SwitchLink interface alone, with a link that has no socket behind it
// (support/fakeswitchlink.h): the test plays the switch. What a link says reaches the stores and
// the window's signals; a link coming up is re-read; and what a link cannot carry (sendmsg over a
// broker) is refused with a clear error, audited, and never sent.

#include "support/fakeswitchlink.h"

#include "console/callcontrol.h"
#include "monitor/hub.h"

#include <QSignalSpy>
#include <QTest>

#include <algorithm>

using namespace Qt::Literals::StringLiterals;
using Monitor::LinkState;
using TestSupport::FakeSwitchLink;

namespace {

constexpr int kWait = 5000;
const QString kUuid = u"0b7c5a3e-1f2d-4c6b-9a8e-3d2f1e0c9b8a"_s;

Esl::Event channelCreate(const QString &uuid, const QString &callerName)
{
    Esl::HeaderList h;
    h.append("Event-Name", "CHANNEL_CREATE");
    h.appendText("Unique-ID", uuid);
    h.appendText("Caller-Unique-ID", uuid);
    h.appendText("Channel-Call-UUID", uuid);
    h.append("Channel-Name", "sofia/internal/1000@example.com");
    h.append("Channel-State", "CS_INIT");
    h.append("Answer-State", "ringing");
    h.appendText("Caller-Caller-ID-Name", callerName);
    h.append("Caller-Caller-ID-Number", "1000");
    h.append("Caller-Destination-Number", "2000");
    return Esl::Event(h, {}, false);
}

// `show channels as json` with the one channel, and `show calls as json` with none.
QByteArray channelsListing(const QString &uuid)
{
    return R"({"row_count":1,"rows":[{"uuid":")" + uuid.toUtf8() +
           R"(","direction":"inbound","created_epoch":"1795525837","name":"sofia/internal/1000@example.com","state":"CS_EXECUTE","cid_name":"Alice","cid_num":"1000","dest":"2000","application":"park","callstate":"ACTIVE"}]})";
}
const QByteArray kNoCalls = R"({"row_count":0})";

struct Rig
{
    explicit Rig(Monitor::Capabilities capabilities = FakeSwitchLink::kBroker)
    {
        Monitor::ServerProfile profile;
        profile.name = u"pbx"_s;
        auto owned = std::make_unique<FakeSwitchLink>(capabilities);
        link = owned.get();
        link->apiAnswers.insert(u"show channels as json"_s, R"({"row_count":0})");
        link->apiAnswers.insert(u"show calls as json"_s, kNoCalls);
        monitor = hub.addServer(profile, std::move(owned));
        monitor->start();
    }
    // Live and in step, with one live channel from an event.
    bool liveWithAChannel()
    {
        link->goLive();
        if (!QTest::qWaitFor([this] { return !monitor->isOutOfStep(); }, kWait))
            return false;
        link->deliver(channelCreate(kUuid, u"Alice"_s));
        return control.liveChannel({monitor->id(), kUuid}) != nullptr;
    }
    // What was sent but the supervisor panels' listings (tst_panelstore covers those), and
    // but what starts with `prefix`.
    [[nodiscard]] QStringList sentBut(const QString &prefix = {}) const
    {
        static const QStringList panels{u"api conference "_s, u"api callcenter_config "_s,
                                        u"api sofia "_s, u"api show registrations"_s,
                                        u"api valet_info"_s};
        QStringList out;
        for (const QString &s : link->sent) {
            const bool panel = std::any_of(panels.cbegin(), panels.cend(),
                                           [&s](const QString &p) { return s.startsWith(p); });
            if (!panel && (prefix.isEmpty() || !s.startsWith(prefix)))
                out.append(s);
        }
        return out;
    }

    Monitor::Hub hub;
    FakeSwitchLink *link = nullptr;
    Monitor::ServerMonitor *monitor = nullptr;
    Console::CallControl control{&hub};
};

Console::ActionOutcome await(const QFuture<Console::ActionOutcome> &future)
{
    if (!QTest::qWaitFor([&] { return future.isFinished(); }, kWait))
        return {};
    return future.result();
}

} // namespace

class TestSwitchLink : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // Happy flows
    void eventsAndLogLinesReachTheStores();
    void aLinkComingUpIsReReadAndComesInStep();
    void linkStatesReachTheMonitorAndPutItOutOfStep();
    void theActionTimeoutBoundsOnlyWhatTheLinkReportsAsAcknowledged();
    // Rainy days
    void aLinkWithoutExecuteRefusesItAuditsItAndSendsNothing();
    void aLinkWithoutChannelDumpIsNotAskedForOne();
    void aLinkRefusesEveryCommandItCannotCarryWhateverItsState();
};

void TestSwitchLink::eventsAndLogLinesReachTheStores()
{
    Rig rig;
    rig.link->goLive();
    QSignalSpy stored(rig.monitor, &Monitor::ServerMonitor::recordStored);
    const Monitor::Sequence first = rig.hub.store()->endSequence();

    rig.link->deliver(channelCreate(kUuid, u"Alice"_s));
    Esl::LogLine line;
    line.level = 6;
    line.userData = kUuid;
    line.text = u"Alice is calling"_s;
    rig.link->deliver(line);

    const Monitor::Channel *c = rig.monitor->channels()->channel(kUuid);
    QVERIFY(c);
    QCOMPARE(c->callerName, u"Alice"_s);
    QCOMPARE(rig.monitor->eventsReceived(), 1);
    QCOMPARE(rig.monitor->logLinesReceived(), 1);
    QCOMPARE(rig.monitor->callsStarted(), 1);
    QCOMPARE(stored.size(), 2);
    QCOMPARE(rig.hub.store()->endSequence(), first + 2);
    QCOMPARE(rig.hub.store()->record(first)->kind(), Monitor::RecordKind::Event);
    QCOMPARE(rig.hub.store()->record(first)->server(), rig.monitor->id());
    QCOMPARE(rig.hub.store()->record(first + 1)->kind(), Monitor::RecordKind::Log);
}

void TestSwitchLink::aLinkComingUpIsReReadAndComesInStep()
{
    Rig rig;
    rig.link->apiAnswers.insert(u"show channels as json"_s, channelsListing(kUuid));
    // No event has vouched for the listed channel yet: the monitor asks whether it exists.
    rig.link->apiAnswers.insert(u"uuid_exists "_s + kUuid, "true");
    QCOMPARE(rig.link->starts, 1); // the monitor started its link
    QVERIFY(rig.link->sent.isEmpty());
    QVERIFY(rig.monitor->isOutOfStep());

    rig.link->goLive();
    QCOMPARE(rig.sentBut(),
             (QStringList{u"api show channels as json"_s, u"api show calls as json"_s}));
    QVERIFY(rig.monitor->isOutOfStep()); // until both answers are in
    QVERIFY(QTest::qWaitFor([&] { return !rig.monitor->isOutOfStep(); }, kWait));
    const Monitor::Channel *c = rig.monitor->channels()->channel(kUuid);
    QVERIFY2(c, "the listed channel is in the store");
    QCOMPARE(c->application, u"park"_s);

    // Events may have been missed (a broker that lost messages, a restarted switch): read again.
    rig.link->sent.clear();
    Q_EMIT rig.link->eventsMayHaveBeenMissed();
    QCOMPARE(rig.sentBut(),
             (QStringList{u"api show channels as json"_s, u"api show calls as json"_s}));
    QVERIFY(QTest::qWaitFor([&] { return !rig.monitor->isOutOfStep(); }, kWait));
}

void TestSwitchLink::linkStatesReachTheMonitorAndPutItOutOfStep()
{
    Rig rig;
    QSignalSpy states(rig.monitor, &Monitor::ServerMonitor::connectionStateChanged);
    QSignalSpy outOfStep(rig.monitor, &Monitor::ServerMonitor::outOfStepChanged);

    rig.link->setState(LinkState::Connecting);
    rig.link->setState(LinkState::Authenticating);
    rig.link->goLive();
    QCOMPARE(rig.monitor->connectionState(), LinkState::Live);
    QVERIFY(QTest::qWaitFor([&] { return !rig.monitor->isOutOfStep(); }, kWait));
    QCOMPARE(outOfStep.size(), 1);
    QCOMPARE(outOfStep.takeFirst().first().toBool(), false);

    rig.link->setState(LinkState::Reconnecting);
    QCOMPARE(rig.monitor->connectionState(), LinkState::Reconnecting);
    QVERIFY(rig.monitor->isOutOfStep());
    QCOMPARE(outOfStep.size(), 1);
    QCOMPARE(outOfStep.first().first().toBool(), true);

    rig.link->setState(LinkState::Failed);
    QList<LinkState> seen;
    for (const QList<QVariant> &args : std::as_const(states))
        seen.append(args.first().value<LinkState>());
    QCOMPARE(seen, (QList<LinkState>{LinkState::Connecting, LinkState::Authenticating,
                                     LinkState::Live, LinkState::Reconnecting, LinkState::Failed}));
    QCOMPARE(Monitor::SwitchLink::stateName(LinkState::Reconnecting), u"reconnecting"_s);
}

void TestSwitchLink::theActionTimeoutBoundsOnlyWhatTheLinkReportsAsAcknowledged()
{
    Rig rig;
    QVERIFY(rig.liveWithAChannel());
    rig.control.setTimeoutMs(200);
    Esl::Commands::Originate request;
    request.endpoint = u"user/1000"_s;
    request.extension = u"2000"_s;

    // Acknowledged at once, answered after the timeout: a ringing phone, not a silent switch.
    const QFuture<Console::ActionOutcome> ringing =
        rig.control.originate(rig.monitor->id(), request);
    QCOMPARE(rig.link->waitingJobs(), 1);
    rig.link->acknowledgeJob();
    QTest::qWait(400);
    QVERIFY(!ringing.isFinished());
    rig.link->finishJob("+OK 6a3c0d5e\n");
    const Console::ActionOutcome answered = await(ringing);
    QVERIFY2(answered.ok, qPrintable(answered.reply));
    QCOMPARE(answered.reply, u"+OK 6a3c0d5e"_s);

    // Never acknowledged: the timeout ends the action.
    const QFuture<Console::ActionOutcome> silent =
        rig.control.originate(rig.monitor->id(), request);
    const Console::ActionOutcome timedOut = await(silent);
    QVERIFY(!timedOut.ok);
    QVERIFY2(timedOut.reply.contains(u"no answer within 200 ms"_s), qPrintable(timedOut.reply));
}

void TestSwitchLink::aLinkWithoutExecuteRefusesItAuditsItAndSendsNothing()
{
    Rig rig(FakeSwitchLink::kBroker);
    QVERIFY(rig.liveWithAChannel());
    QVERIFY(!rig.link->can(Monitor::Capability::Execute));
    rig.link->sent.clear();
    const int audited = rig.hub.audit()->size();

    // The hub: a clear error, audited, nothing sent.
    Esl::ExecuteOptions options;
    options.uuid = kUuid;
    int acknowledged = 0;
    const QFuture<Esl::ExecuteResult> run = rig.hub.execute(
        rig.monitor->id(), u"playback"_s, u"ivr/welcome.wav"_s, options, [&] { ++acknowledged; });
    QVERIFY(QTest::qWaitFor([&] { return run.isFinished(); }, kWait));
    QVERIFY(!run.result().ok());
    QVERIFY(run.result().error());
    QCOMPARE(run.result().errorText(), u"execute is not available over Fake broker"_s);
    QCOMPARE(acknowledged, 0);
    QVERIFY(QTest::qWaitFor([&] { return rig.hub.audit()->size() == audited + 1; }, kWait));
    const Monitor::AuditEntry entry = rig.hub.audit()->entries().last();
    QVERIFY(entry.command.startsWith(u"sendmsg "_s + kUuid));
    QVERIFY(!entry.ok);
    QVERIFY(entry.finishedMs > 0);
    QCOMPARE(entry.reply, u"execute is not available over Fake broker"_s);

    // Call control does not ask the link for execute: a dialplan application and an attended
    // transfer (att_xfer) go through uuid_broadcast, an api command, and say they were queued.
    const Monitor::ChannelKey key{rig.monitor->id(), kUuid};
    const QString playback = u"uuid_broadcast %1 playback::ivr/welcome.wav aleg"_s.arg(kUuid);
    const QString attXfer = u"uuid_broadcast %1 att_xfer::user/3000 aleg"_s.arg(kUuid);
    rig.link->apiAnswers.insert(playback, "+OK Message Sent\n");
    rig.link->apiAnswers.insert(attXfer, "+OK Message Sent\n");
    const Console::ActionOutcome application =
        await(rig.control.execute(key, u"playback"_s, u"ivr/welcome.wav"_s));
    QVERIFY(!application.pending);
    QVERIFY2(application.ok, qPrintable(application.reply));
    QVERIFY2(application.reply.startsWith(u"queued on the channel (uuid_broadcast)"_s),
             qPrintable(application.reply));
    const Console::ActionOutcome attended =
        await(rig.control.attendedTransfer(key, u"user/3000"_s));
    QVERIFY2(attended.ok, qPrintable(attended.reply));
    QCOMPARE(rig.control.outstanding(), 0);
    QCOMPARE(rig.link->sent, (QStringList{u"api "_s + playback, u"api "_s + attXfer}));
    rig.link->sent.clear();

    // What the link can carry still goes out.
    rig.link->apiAnswers.insert(u"uuid_kill "_s + kUuid, "+OK\n");
    const Console::ActionOutcome hangup = await(rig.control.hangup(key));
    QVERIFY2(hangup.ok, qPrintable(hangup.reply));
    QCOMPARE(rig.link->sent, QStringList{u"api uuid_kill "_s + kUuid});
}

void TestSwitchLink::aLinkWithoutChannelDumpIsNotAskedForOne()
{
    Rig broker(Monitor::Capability::Api | Monitor::Capability::Bgapi |
               Monitor::Capability::LogLines);
    QVERIFY(broker.liveWithAChannel());
    QVERIFY(!broker.monitor->refreshChannel(kUuid));
    QCOMPARE(broker.sentBut(u"api show "_s), QStringList{});

    Rig everything(FakeSwitchLink::kEverything);
    QVERIFY(everything.liveWithAChannel());
    QVERIFY(everything.monitor->refreshChannel(kUuid));
    QCOMPARE(everything.sentBut(u"api show "_s),
             QStringList{u"api uuid_dump %1 json"_s.arg(kUuid)});
}

void TestSwitchLink::aLinkRefusesEveryCommandItCannotCarryWhateverItsState()
{
    // Not live, and unable: the capability is the reason given, since no reconnect will help.
    FakeSwitchLink link(Monitor::Capability::LogLines);
    const QFuture<Esl::Reply> api = link.api(u"status"_s);
    QVERIFY(api.isFinished());
    QCOMPARE(api.result().errorText(), u"api is not available over Fake broker"_s);
    const QFuture<Esl::JobResult> bgapi = link.bgapi(u"status"_s);
    QVERIFY(bgapi.isFinished());
    QCOMPARE(bgapi.result().errorText(), u"bgapi is not available over Fake broker"_s);
    const QFuture<Esl::ExecuteResult> execute = link.execute(u"park"_s);
    QVERIFY(execute.isFinished());
    QCOMPARE(execute.result().errorText(), u"execute is not available over Fake broker"_s);
    link.goLive();
    QCOMPARE(link.api(u"status"_s).result().error()->code, Esl::Error::Code::InvalidArgument);
    QCOMPARE(link.sent, QStringList{});

    // Able but not live: refused as not connected, and not sent either.
    FakeSwitchLink able;
    const QFuture<Esl::Reply> early = able.api(u"status"_s);
    QVERIFY(early.isFinished());
    QCOMPARE(early.result().error()->code, Esl::Error::Code::Disconnected);
    QCOMPARE(able.sent, QStringList{});
}

QTEST_GUILESS_MAIN(TestSwitchLink)
#include "tst_switchlink.moc"
