// mod_callcenter in the simulated switch against the real capture (real2/callcenter): every
// CC-Action the sim fires carries the capture's header names (the CC- headers in the same order;
// channel data and variables as the channel has them), the listings and control commands answer
// the real texts (quirks included), and what the capture lacks follows mod_callcenter.c
// (member-queue-end Cancel / BREAK_OUT from callcenter_function, bridge-agent-fail and
// agent-max-no-answer from outbound_agent_thread_run).

#include "simclient.h"

#include "sim/eventsocketserver.h"
#include "sim/simcallcenter.h"
#include "sim/simswitch.h"

#include "support/fixtures.h"

#include <QSet>
#include <QTest>

using namespace Qt::Literals::StringLiterals;

namespace {

QStringList ccHeaders(const Esl::Event &e)
{
    QStringList out;
    for (qsizetype i = 0; i < e.headers().size(); ++i) {
        const QString name = QString::fromUtf8(e.headers().name(i));
        if (name.startsWith(u"CC-"))
            out.append(name);
    }
    return out;
}

// The names outside the channel's variables (which differ call by call).
QSet<QString> fixedHeaders(const Esl::Event &e)
{
    QSet<QString> out;
    for (qsizetype i = 0; i < e.headers().size(); ++i) {
        const QString name = QString::fromUtf8(e.headers().name(i));
        if (!name.startsWith(u"variable_"))
            out.insert(name);
    }
    return out;
}

QHash<QString, Esl::Event> capturedByAction()
{
    QHash<QString, Esl::Event> out;
    for (const Esl::Event &e : TestSupport::fixtureEvents(u"real2/callcenter-info"_s)) {
        const QString action = e.text("CC-Action");
        // member-queue-end: the capture has the Terminated one only.
        if (!out.contains(action))
            out.insert(action, e);
    }
    return out;
}

} // namespace

class TstSimCallCenter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void everyCapturedActionHasTheCapturedHeaders();
    void listingsAnswerTheRealTables();
    void controlCommandsAnswerTheRealTexts();
    void aCallerWhoHangsUpWaitingIsAbandoned();
    void anAgentWhoDoesNotAnswerFailsTheBridge();
    void pickingAMemberTransfersItOutOfTheQueue();
    void aSubscriberToTheSubclassGetsThemAsTheCaptureDid();

private:
    QByteArray api(const QString &command) { return m_switch->api(command); }
    QString caller(const QString &queue = u"support@default"_s, const QString &name = u"Member1"_s)
    {
        Sim::Switch::CallSpec spec;
        spec.callerName = name;
        spec.callerNumber = u"4001"_s;
        spec.destination = u"7100"_s;
        spec.bridge = false;
        spec.application = u"callcenter"_s;
        spec.applicationArgument = queue;
        return m_switch->placeCall(spec);
    }
    QList<Esl::Event> actions(const QString &action) const
    {
        QList<Esl::Event> out;
        for (const Esl::Event &e : m_events) {
            if (e.subclass() == "callcenter::info" && e.text("CC-Action") == action)
                out.append(e);
        }
        return out;
    }
    bool waitForAction(const QString &action, int count = 1)
    {
        return QTest::qWaitFor([&] { return actions(action).size() >= count; }, 5000);
    }

    std::unique_ptr<Sim::Switch> m_switch;
    QList<Esl::Event> m_events;
};

void TstSimCallCenter::init()
{
    Sim::SwitchConfig config;
    config.initialCalls = 0;
    config.heartbeatIntervalMs = 0;
    config.ringMs = 30;
    config.answerDelayMs = 10;
    m_switch = std::make_unique<Sim::Switch>(config);
    m_events.clear();
    connect(m_switch.get(), &Sim::Switch::eventFired, this,
            [this](const Sim::FiredEventPtr &e) { m_events.append(e->event()); });
}

void TstSimCallCenter::cleanup()
{
    m_switch.reset();
}

void TstSimCallCenter::everyCapturedActionHasTheCapturedHeaders()
{
    // The capture's run, on the sim's queue: add and configure an agent, a caller bridged to it,
    // its status and state asked, the caller hung up.
    QCOMPARE(api(u"callcenter_config agent add agent9@default callback"_s), QByteArray("+OK\n"));
    QCOMPARE(api(u"callcenter_config agent set contact agent9@default user/1009"_s),
             QByteArray("+OK\n"));
    QCOMPARE(api(u"callcenter_config tier add support@default agent9@default 1 3"_s),
             QByteArray("+OK\n"));
    api(u"callcenter_config agent set status agent1@default 'On Break'"_s);
    api(u"callcenter_config agent set status agent2@default 'On Break'"_s);
    QCOMPARE(api(u"callcenter_config agent set status agent9@default Available"_s),
             QByteArray("+OK\n"));
    const QString member = caller();
    QVERIFY(waitForAction(u"bridge-agent-start"_s));
    QCOMPARE(m_switch->callCenter()->memberState(member), u"Answered"_s);
    QCOMPARE(api(u"callcenter_config agent get status agent9@default"_s), QByteArray("Available"));
    QCOMPARE(api(u"callcenter_config agent get state agent9@default"_s),
             QByteArray("In a queue call"));
    QCOMPARE(api(u"uuid_kill "_s + member), QByteArray("+OK\n"));
    QVERIFY(waitForAction(u"member-queue-end"_s));
    QVERIFY(QTest::qWaitFor([&] { return actions(u"agent-state-change"_s).size() >= 3; }, 5000));

    const QHash<QString, Esl::Event> captured = capturedByAction();
    QCOMPARE(captured.size(), 12);
    for (auto it = captured.cbegin(); it != captured.cend(); ++it) {
        const QList<Esl::Event> ours = actions(it.key());
        QVERIFY2(!ours.isEmpty(), qPrintable(it.key()));
        const Esl::Event &sim = ours.first();
        QCOMPARE(ccHeaders(sim), ccHeaders(*it));
        QCOMPARE(sim.headers().name(0), QByteArrayView("Event-Subclass"));
        QCOMPARE(sim.text("Event-Calling-Function"), it->text("Event-Calling-Function"));
        QCOMPARE(sim.text("Event-Calling-Line-Number"), it->text("Event-Calling-Line-Number"));
        // Channel-bearing actions carry the channel's data: the capture's names, less those of
        // a loopback or SIP leg the sim's channel does not have.
        const QSet<QString> theirs = fixedHeaders(*it);
        const QSet<QString> mine = fixedHeaders(sim);
        QVERIFY2(theirs.contains(u"Unique-ID"_s) == mine.contains(u"Unique-ID"_s),
                 qPrintable(it.key()));
        QSet<QString> missing = theirs - mine;
        // The capture's legs were loopback legs that had been transferred (Caller-Transfer-
        // Source) and bridged on (Other-Leg-*); the sim's are plain SIP legs.
        missing.removeIf([](const QString &n) {
            return n.startsWith(u"Other-Leg-") || n == u"Caller-Transfer-Source";
        });
        QVERIFY2(missing.isEmpty(),
                 qPrintable(it.key() + u": "_s + QStringList(missing.cbegin(), missing.cend()).join(u", ")));
    }
}

void TstSimCallCenter::listingsAnswerTheRealTables()
{
    const QList<Esl::Message> messages =
        TestSupport::parseAll(TestSupport::readFixture(u"real2/callcenter"_s, u".esl"_s));
    QList<QByteArray> bodies;
    for (const Esl::Message &m : messages) {
        if (m.contentType() == "api/response")
            bodies.append(m.body());
    }
    const auto header = [](const QByteArray &body) { return body.left(body.indexOf('\n')); };
    // Index in the capture's api replies: queue list (4), agent list (15), tier list (16),
    // queue list members (18).
    QCOMPARE(header(api(u"callcenter_config queue list"_s)), header(bodies[4]));
    QCOMPARE(header(api(u"callcenter_config agent list"_s)), header(bodies[15]));
    QCOMPARE(header(api(u"callcenter_config tier list"_s)), header(bodies[16]));
    QVERIFY(api(u"callcenter_config queue list"_s).endsWith("\n+OK\n"));
    caller();
    api(u"callcenter_config agent set status agent1@default 'On Break'"_s);
    QVERIFY(waitForAction(u"member-queue-start"_s));
    const QByteArray members = api(u"callcenter_config queue list members support@default"_s);
    QCOMPARE(header(members), header(bodies[18]));
    QCOMPARE(api(u"callcenter_config queue list members nosuchqueue@default"_s), QByteArray("+OK\n"));
    QCOMPARE(api(u"callcenter_config queue list agents nosuchqueue@default"_s), QByteArray("+OK\n"));
    // Every row has the header's number of fields.
    const QList<QByteArray> lines = members.split('\n');
    QCOMPARE(lines[1].count('|'), lines[0].count('|'));
    QCOMPARE(api(u"callcenter_config queue count"_s), QByteArray("2\n"));
}

void TstSimCallCenter::controlCommandsAnswerTheRealTexts()
{
    QCOMPARE(api(u"callcenter_config agent set status agent2@default Nonsense"_s),
             QByteArray("-ERR Invalid Agent Status!\n"));
    QCOMPARE(api(u"callcenter_config agent set status nobody@default Available"_s),
             QByteArray("-ERR Agent not found!\n"));
    QCOMPARE(api(u"callcenter_config agent set status agent3@default 'Available (On Demand)'"_s),
             QByteArray("+OK\n"));
    QCOMPARE(m_switch->callCenter()->agentStatus(u"agent3@default"_s), u"Available (On Demand)"_s);
    QCOMPARE(api(u"callcenter_config tier add nosuch@default agent1@default"_s),
             QByteArray("-ERR Queue not found!\n"));
    QCOMPARE(api(u"callcenter_config tier add support@default agent1@default"_s),
             QByteArray("-ERR Tier already exist!\n"));
    QCOMPARE(api(u"callcenter_config tier del support@default nobody@default"_s), QByteArray("+OK\n"));
    QCOMPARE(api(u"callcenter_config tier del sales@default agent2@default"_s), QByteArray("+OK\n"));
    QVERIFY(!m_switch->callCenter()->hasTier(u"sales@default"_s, u"agent2@default"_s));
    QCOMPARE(api(u"callcenter_config tier set state support@default agent1@default Bogus"_s),
             QByteArray("-ERR Invalid Tier State!\n"));
    QCOMPARE(api(u"callcenter_config agent"_s), QByteArray("-ERR Invalid!\n"));
    // No tier event and no agent-del event exist in mod_callcenter.
    QVERIFY(actions(u"tier-add"_s).isEmpty());
}

void TstSimCallCenter::aCallerWhoHangsUpWaitingIsAbandoned()
{
    api(u"callcenter_config agent set status agent1@default 'On Break'"_s);
    api(u"callcenter_config agent set status agent2@default 'On Break'"_s);
    const QString member = caller();
    QVERIFY(waitForAction(u"member-queue-start"_s));
    QCOMPARE(m_switch->callCenter()->memberState(member), u"Waiting"_s);
    QCOMPARE(api(u"uuid_kill "_s + member), QByteArray("+OK\n"));
    QVERIFY(waitForAction(u"member-queue-end"_s));
    const Esl::Event end = actions(u"member-queue-end"_s).first();
    QCOMPARE(end.text("CC-Cause"), u"Cancel"_s);
    QCOMPARE(end.text("CC-Cancel-Reason"), u"BREAK_OUT"_s);
    // Fired once the channel is down, as callcenter_function notices it: the channel data says
    // the caller hung up, and why.
    QCOMPARE(end.text("Answer-State"), u"hangup"_s);
    QCOMPARE(end.text("Hangup-Cause"), u"NORMAL_CLEARING"_s);
    QCOMPARE(ccHeaders(end),
             (QStringList{u"CC-Queue"_s, u"CC-Action"_s, u"CC-Member-Leaving-Time"_s,
                          u"CC-Member-Joined-Time"_s, u"CC-Cause"_s, u"CC-Cancel-Reason"_s,
                          u"CC-Member-UUID"_s, u"CC-Member-Session-UUID"_s,
                          u"CC-Member-CID-Name"_s, u"CC-Member-CID-Number"_s}));
    const QByteArray listed = api(u"callcenter_config queue list members support@default"_s);
    QVERIFY2(listed.contains("|Abandoned|"), listed.constData());
    // `queue count members` counts the abandoned member too.
    QCOMPARE(api(u"callcenter_config queue count members support@default"_s), QByteArray("1\n"));
}

void TstSimCallCenter::anAgentWhoDoesNotAnswerFailsTheBridge()
{
    api(u"callcenter_config agent set status agent2@default 'On Break'"_s);
    api(u"callcenter_config agent set status agent4@default Available"_s);
    const QString member = caller(u"sales@default"_s);
    QVERIFY(waitForAction(u"bridge-agent-fail"_s));
    const Esl::Event fail = actions(u"bridge-agent-fail"_s).first();
    QCOMPARE(fail.text("CC-Hangup-Cause"), u"NO_ANSWER"_s);
    QCOMPARE(fail.text("CC-Agent"), u"agent4@default"_s);
    QCOMPARE(ccHeaders(fail),
             (QStringList{u"CC-Queue"_s, u"CC-Action"_s, u"CC-Hangup-Cause"_s, u"CC-Agent"_s,
                          u"CC-Agent-System"_s, u"CC-Agent-Called-Time"_s,
                          u"CC-Agent-Aborted-Time"_s, u"CC-Member-UUID"_s,
                          u"CC-Member-Session-UUID"_s, u"CC-Member-CID-Name"_s,
                          u"CC-Member-CID-Number"_s, u"CC-Member-Joined-Time"_s}));
    QCOMPARE(m_switch->callCenter()->memberState(member), u"Waiting"_s);
    QVERIFY(api(u"callcenter_config tier list"_s).contains("sales@default|agent4@default|No Answer"));
}

void TstSimCallCenter::pickingAMemberTransfersItOutOfTheQueue()
{
    api(u"callcenter_config agent set status agent1@default 'On Break'"_s);
    api(u"callcenter_config agent set status agent2@default 'On Break'"_s);
    const QString member = caller();
    QVERIFY(waitForAction(u"member-queue-start"_s));
    QCOMPARE(api(u"uuid_transfer "_s + member + u" 1001 XML default"_s), QByteArray("+OK\n"));
    QVERIFY(waitForAction(u"member-queue-end"_s));
    QCOMPARE(actions(u"member-queue-end"_s).first().text("CC-Cancel-Reason"), u"BREAK_OUT"_s);
    // The channel is still up (it went on to 1001): no Hangup-Cause.
    QCOMPARE(actions(u"member-queue-end"_s).first().text("Answer-State"), u"answered"_s);
    QVERIFY(actions(u"member-queue-end"_s).first().text("Hangup-Cause").isEmpty());
    QVERIFY(m_switch->hasChannel(member));
}

void TstSimCallCenter::aSubscriberToTheSubclassGetsThemAsTheCaptureDid()
{
    // As callcenter-info.esl's connection: `event plain CUSTOM callcenter::info` only, the
    // subclass URL-encoded in plain format.
    Sim::EventSocketServer server(m_switch.get());
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    SimTest::RawClient client;
    QVERIFY(client.connectTo(server.serverPort()));
    QVERIFY(client.next()); // auth/request
    client.send("auth ClueCon\n\n");
    QVERIFY(client.nextReply());
    client.send("event plain CUSTOM callcenter::info\n\n");
    const auto subscribed = client.nextReply();
    QVERIFY(subscribed);
    QCOMPARE(subscribed->header("Reply-Text"), QByteArrayView("+OK event listener enabled plain"));
    api(u"callcenter_config agent set status agent3@default Available"_s);
    const auto message = client.next();
    QVERIFY(message && message->isEvent());
    QVERIFY(message->body().contains("Event-Subclass: callcenter%3A%3Ainfo\n"));
    const auto event = Esl::Event::fromMessage(*message);
    QVERIFY(event.ok());
    QCOMPARE(event->text("CC-Action"), u"agent-status-change"_s);
    QCOMPARE(event->text("CC-Agent-Status"), u"Available"_s);
}

QTEST_GUILESS_MAIN(TstSimCallCenter)
#include "tst_simcallcenter.moc"
