// Every built-in alert rule, as a hub runs it: a ServerMonitor over a scripted link plays the real
// captures of tests/fixtures/real2 (sofia-registrations for gateways and registrations,
// callcenter for a queue, sip-call-quality for RTCP, callcenter's hangups for a custom rule),
// and the test moves the link and the engine's clock. Each rule fires with its message and
// subject, de-duplicates, clears, and follows its parameters and enabled/silenced switches.
// tst_alertsim runs the same rules against the simulated switch.

#include "callcentercapture.h"
#include "sofiacapture.h"

#include "support/fakeswitchlink.h"

#include "monitor/alertengine.h"
#include "monitor/gatewaystore.h"
#include "monitor/hub.h"

#include <QSignalSpy>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using namespace Monitor;
using TestSupport::FakeSwitchLink;

namespace {

// A hub with one server "fs1" behind a scripted link, its engine on a test clock.
struct Rig
{
    Hub hub;
    FakeSwitchLink *link = nullptr;
    ServerMonitor *server = nullptr;
    AlertEngine *engine = hub.alerts();
    qint64 clock = QDateTime::currentMSecsSinceEpoch();

    explicit Rig(const QList<AlertRule> &rules = AlertRules::defaults(),
                 const QHash<QString, QByteArray> &answers = {})
    {
        engine->setClock([this] { return clock; });
        engine->setRules(rules);
        auto owned = std::make_unique<FakeSwitchLink>();
        link = owned.get();
        link->apiAnswers = answers;
        ServerProfile profile;
        profile.name = u"fs1"_s;
        server = hub.addServer(profile, std::move(owned));
        server->start();
        link->goLive();
        QCoreApplication::processEvents(); // the scripted answers
    }
    void deliver(const Esl::Event &event) { link->deliver(event); }
    void tickAt(qint64 ms)
    {
        clock = ms;
        engine->tick(ms);
    }
    [[nodiscard]] QList<Alert> alertsOf(const QString &ruleId) const
    {
        QList<Alert> out;
        for (const Alert &a : engine->alerts()) {
            if (a.ruleId == ruleId)
                out.append(a);
        }
        return out;
    }
};

QList<AlertRule> only(AlertRule rule)
{
    return {rule};
}

AlertRule tuned(AlertKind kind, std::initializer_list<std::pair<QString, double>> params)
{
    AlertRule rule = AlertRules::builtIn(kind);
    for (const auto &[name, value] : params)
        rule.params[name] = value;
    return rule;
}

Esl::Event withHeader(Esl::Event event, QByteArrayView name, QByteArrayView value)
{
    Esl::HeaderList headers = event.headers();
    headers.removeAll(name);
    headers.append(name, value);
    return Esl::Event(std::move(headers), event.body(), event.hasBody());
}

Esl::Event gatewayState(const char *gateway, const char *state, const char *ping)
{
    Esl::HeaderList h;
    h.append("Event-Name", "CUSTOM");
    h.append("Event-Subclass", "sofia::gateway_state");
    h.append("Gateway", gateway);
    h.append("State", state);
    h.append("Ping-Status", ping);
    return Esl::Event(std::move(h), {}, false);
}

Esl::Event channelCreate(int n, qint64 createdMs)
{
    Esl::HeaderList h;
    h.append("Event-Name", "CHANNEL_CREATE");
    h.append("Unique-ID", QStringLiteral("4b7e0c1a-0000-4000-8000-%1").arg(n, 12, 10, QChar(u'0')).toUtf8());
    h.append("Channel-Name", "sofia/internal/1001@10.0.0.5");
    h.append("Call-Direction", "inbound");
    h.append("Caller-Caller-ID-Number", "1001");
    h.append("Caller-Destination-Number", "5000");
    h.append("Caller-Channel-Created-Time", QByteArray::number(createdMs * 1000));
    h.append("Channel-State", "CS_INIT");
    return Esl::Event(std::move(h), {}, false);
}

Esl::Event hangup(int n)
{
    Esl::HeaderList h;
    h.append("Event-Name", "CHANNEL_HANGUP_COMPLETE");
    h.append("Unique-ID", QStringLiteral("4b7e0c1a-0000-4000-8000-%1").arg(n, 12, 10, QChar(u'0')).toUtf8());
    h.append("Hangup-Cause", "NORMAL_CLEARING");
    h.append("Answer-State", "hangup");
    return Esl::Event(std::move(h), {}, false);
}

} // namespace

class TestAlertRules : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { qRegisterMetaType<Monitor::Alert>(); }
    void gatewayDownFollowsTheRealGatewaysDownAndBack();
    void gatewayDownRespectsPingEnabledAndSilence();
    void gatewayDownHoldsThroughRegisterUntilRegedWithItsPingUp();
    void registrationsDropCountsUnregistersAndExpiresInTheWindow();
    void switchDisconnectedAfterTheGraceOnlyAndClearsWhenLive();
    void switchRestartedAndEventsLostFromTheLink();
    void queueWaitingOnTheRealCallCenterCapture();
    void qualityFiresAfterConsecutiveBadReportsAndClearsWhenTheLegEnds();
    void qualityClearsOnlyAfterClearReportsGoodReportsInARow();
    void longCallPerCallClearsAtHangup();
    void callsPerSecondAboveTheRateOverTheWindow();
    void customRuleCountsMatchingRecordsOfTheRealCapture();
    void customRuleCountsACallOnceHoweverManyOfItsEventsMatch();
};

void TestAlertRules::gatewayDownFollowsTheRealGatewaysDownAndBack()
{
    using namespace TestSupport::SofiaCapture;
    Rig rig(AlertRules::defaults(),
            {{u"sofia xmlstatus gateway"_s, replyTo(u"sofia xmlstatus gateway"_s)}});
    QTRY_COMPARE(rig.server->panels()->gateways()->syncState(), PanelSyncState::Synced);
    QSignalSpy notices(rig.engine, &AlertEngine::notify);
    rig.tickAt(rig.clock);
    QCOMPARE(rig.engine->size(), 0); // loopreg is REGED
    QList<Esl::Event> events;
    for (const Step &s : steps()) {
        if (s.isEvent)
            events.append(s.event);
    }
    int step = 0;
    auto deliverUntil = [&](auto done) {
        while (step < events.size()) {
            rig.deliver(events[step++]);
            rig.tickAt(rig.clock + 100);
            if (done())
                return true;
        }
        return false;
    };
    // killgw: State DOWN, then gateway_delete.
    QVERIFY(deliverUntil([&] { return rig.engine->activeCount() == 1; }));
    Alert loopreg = rig.alertsOf(u"gateway-down"_s).first();
    QCOMPARE(loopreg.subject, u"loopreg"_s);
    QCOMPARE(loopreg.message, u"Gateway loopreg on fs1 is DOWN, ping DOWN"_s);
    QCOMPARE(loopreg.severity, AlertSeverity::Critical);
    QCOMPARE(loopreg.target.gateway, u"loopreg"_s);
    QCOMPARE(loopreg.target.server, rig.server->id());
    QCOMPARE(loopreg.records.size(), 1);
    QCOMPARE(rig.hub.store()->event(loopreg.records.first())->text("State"), u"DOWN"_s);
    QVERIFY(deliverUntil([&] { return rig.engine->activeCount() == 0; }));
    QVERIFY(!rig.server->panels()->gateways()->find(u"loopreg"_s)); // cleared by its delete
    // rescan brings loopreg back (TRYING, REGISTER, REGED): no alert. deadgw fails.
    QVERIFY(deliverUntil([&] { return rig.engine->activeCount() == 1; }));
    Alert dead = rig.engine->alerts().last();
    QCOMPARE(dead.subject, u"deadgw"_s);
    QCOMPARE(dead.message, u"Gateway deadgw on fs1 is FAILED (503 Service Unavailable)"_s);
    QCOMPARE(rig.engine->alert(loopreg.id)->state, AlertState::Cleared);
    // FAIL_WAIT, UNREGED, TRYING, FAILED, DOWN: the same alert, its message following.
    QVERIFY(deliverUntil([&] { return rig.engine->alert(dead.id)->message.contains(u"is FAIL_WAIT"_s); }));
    QCOMPARE(rig.engine->alert(dead.id)->count, 1);
    QVERIFY(deliverUntil([&] { return rig.engine->activeCount() == 0; })); // killgw deadgw
    QCOMPARE(rig.engine->size(), 2);
    QCOMPARE(rig.engine->alert(dead.id)->count, 1);
    QCOMPARE(notices.size(), 2);
    QVERIFY(notices.first().at(1).value<AlertNotice>().sound);
    // Flapping: loopreg fails again within a minute of clearing: the same alert, reopened.
    rig.deliver(gatewayState("loopreg", "FAILED", "DOWN"));
    QCOMPARE(rig.engine->size(), 2);
    QCOMPARE(rig.engine->alert(loopreg.id)->state, AlertState::Active);
    QCOMPARE(rig.engine->alert(loopreg.id)->count, 2);
    rig.deliver(gatewayState("loopreg", "REGED", "UP"));
    QCOMPARE(rig.engine->activeCount(), 0);
}

void TestAlertRules::gatewayDownRespectsPingEnabledAndSilence()
{
    {
        Rig rig;
        rig.deliver(gatewayState("carrier1", "REGED", "UP"));
        rig.deliver(gatewayState("carrier1", "REGED", "DOWN"));
        QCOMPARE(rig.engine->activeCount(), 1);
        QCOMPARE(rig.engine->alerts().first().message, u"Gateway carrier1 on fs1: ping DOWN"_s);
        rig.deliver(gatewayState("carrier1", "FAIL_WAIT", "DOWN"));
        QCOMPARE(rig.engine->alerts().first().message,
                 u"Gateway carrier1 on fs1 is FAIL_WAIT, ping DOWN"_s);
        rig.deliver(gatewayState("carrier1", "REGED", "DOWN"));
        QCOMPARE(rig.engine->activeCount(), 1); // REGED, but not UP again
        rig.deliver(gatewayState("carrier1", "REGED", "UP"));
        QCOMPARE(rig.engine->activeCount(), 0);
    }
    {
        Rig rig(only(tuned(AlertKind::GatewayDown, {{u"ping"_s, 0}})));
        rig.deliver(gatewayState("carrier1", "REGED", "UP"));
        rig.deliver(gatewayState("carrier1", "REGED", "DOWN"));
        rig.tickAt(rig.clock + 1000);
        QCOMPARE(rig.engine->size(), 0);
    }
    {
        AlertRule off = AlertRules::builtIn(AlertKind::GatewayDown);
        off.enabled = false;
        Rig rig(only(off));
        rig.deliver(gatewayState("carrier1", "REGED", "UP"));
        rig.deliver(gatewayState("carrier1", "FAILED", "DOWN"));
        rig.tickAt(rig.clock + 1000);
        QCOMPARE(rig.engine->size(), 0);
    }
    {
        Rig rig;
        QSignalSpy notices(rig.engine, &AlertEngine::notify);
        rig.engine->silence(u"gateway-down"_s, rig.clock + 3600'000);
        rig.deliver(gatewayState("carrier1", "REGED", "UP"));
        rig.deliver(gatewayState("carrier1", "FAILED", "DOWN"));
        QCOMPARE(rig.engine->activeCount(), 1);
        QVERIFY(rig.engine->alerts().first().silenced);
        QCOMPARE(notices.size(), 0);
    }
}

void TestAlertRules::gatewayDownHoldsThroughRegisterUntilRegedWithItsPingUp()
{
    // The simulated switch's backup gateway flapping (SimSofia::setReachable, stepGateway): its
    // ping fails first, the re-registration fails, and when it is reachable again it goes
    // TRYING, REGISTER (Status 200, ping still DOWN), then REGED with its ping UP. Clearing at
    // REGISTER printed "cleared" and then "fired" again 17 s later.
    {
        Rig rig;
        QSignalSpy cleared(rig.engine, &AlertEngine::alertCleared);
        rig.deliver(gatewayState("backup", "REGED", "UP"));
        rig.deliver(gatewayState("backup", "REGED", "DOWN"));
        QCOMPARE(rig.engine->activeCount(), 1);
        const quint64 id = rig.engine->alerts().first().id;
        for (const char *state : {"TRYING", "FAILED", "FAIL_WAIT", "UNREGED", "TRYING"}) {
            rig.deliver(gatewayState("backup", state, "DOWN"));
            rig.tickAt(rig.clock + 1000);
        }
        rig.deliver(withHeader(withHeader(gatewayState("backup", "REGISTER", "DOWN"), "Status",
                                          "200"),
                               "Phrase", "OK"));
        rig.tickAt(rig.clock + 1000);
        QCOMPARE(rig.engine->activeCount(), 1);
        QCOMPARE(rig.engine->alert(id)->message, u"Gateway backup on fs1 is REGISTER, ping DOWN"_s);
        rig.tickAt(rig.clock + 17'000);
        QCOMPARE(cleared.size(), 0);
        rig.deliver(gatewayState("backup", "REGED", "UP"));
        QCOMPARE(rig.engine->activeCount(), 0);
        QCOMPARE(rig.engine->alert(id)->count, 1);
        QCOMPARE(rig.engine->size(), 1);
    }
    {
        // Pings not watched: the same flap fires at TRYING (it left REGED); REGISTER still
        // holds it; REGED clears it whatever the ping says.
        Rig rig(only(tuned(AlertKind::GatewayDown, {{u"ping"_s, 0}})));
        rig.deliver(gatewayState("backup", "REGED", "UP"));
        rig.deliver(gatewayState("backup", "REGED", "DOWN"));
        QCOMPARE(rig.engine->activeCount(), 0);
        rig.deliver(gatewayState("backup", "TRYING", "DOWN"));
        QCOMPARE(rig.engine->activeCount(), 1);
        rig.deliver(gatewayState("backup", "REGISTER", "DOWN"));
        rig.tickAt(rig.clock + 1000);
        QCOMPARE(rig.engine->activeCount(), 1);
        QCOMPARE(rig.engine->alerts().first().message, u"Gateway backup on fs1 is REGISTER"_s);
        rig.deliver(gatewayState("backup", "REGED", "DOWN"));
        QCOMPARE(rig.engine->activeCount(), 0);
    }
    {
        // A gateway with no ping configured (never UP): REGISTER holds, REGED clears.
        Rig rig;
        rig.deliver(gatewayState("noping", "REGED", "INVALID"));
        rig.deliver(gatewayState("noping", "TRYING", "INVALID"));
        QCOMPARE(rig.engine->activeCount(), 1);
        rig.deliver(gatewayState("noping", "REGISTER", "INVALID"));
        rig.tickAt(rig.clock + 1000);
        QCOMPARE(rig.engine->activeCount(), 1);
        rig.deliver(gatewayState("noping", "REGED", "INVALID"));
        QCOMPARE(rig.engine->activeCount(), 0);
    }
    {
        // The real capture: loopreg, REGED at the sync, fails; the switch's own way back
        // (TRYING, REGISTER Status 200 with Ping-Status DOWN, REGED with UP) clears it at REGED
        // only. A gateway never pinged UP clears at REGED.
        using namespace TestSupport::SofiaCapture;
        Rig rig(AlertRules::defaults(),
                {{u"sofia xmlstatus gateway"_s, replyTo(u"sofia xmlstatus gateway"_s)}});
        QTRY_COMPARE(rig.server->panels()->gateways()->syncState(), PanelSyncState::Synced);
        rig.deliver(gatewayState("loopreg", "FAILED", "DOWN"));
        QCOMPARE(rig.engine->activeCount(), 1);
        QList<Esl::Event> back;
        for (const Step &s : steps()) {
            if (s.isEvent && s.event.text("Gateway") == u"loopreg"_s &&
                s.event.subclass() == "sofia::gateway_state" &&
                s.event.text("State") != u"DOWN"_s)
                back.append(s.event);
        }
        QCOMPARE(back.size(), 3);
        QCOMPARE(back[1].text("State"), u"REGISTER"_s);
        QCOMPARE(back[1].text("Status"), u"200"_s);
        QCOMPARE(back[1].text("Ping-Status"), u"DOWN"_s);
        for (int i = 0; i < 2; ++i) {
            rig.deliver(back[i]);
            rig.tickAt(rig.clock + 1000);
            QCOMPARE(rig.engine->activeCount(), 1);
        }
        rig.deliver(back[2]);
        QCOMPARE(rig.engine->activeCount(), 0);
    }
}

void TestAlertRules::registrationsDropCountsUnregistersAndExpiresInTheWindow()
{
    using namespace TestSupport::SofiaCapture;
    Esl::Event unregister;
    for (const Step &s : steps()) {
        if (s.isEvent && s.event.subclass() == "sofia::unregister")
            unregister = s.event;
    }
    QVERIFY(unregister.hasHeader("Event-Subclass"));
    const Esl::Event expire = withHeader(unregister, "Event-Subclass", "sofia::expire");
    {
        Rig rig; // more than 10 in 5 minutes
        for (int i = 0; i < 5; ++i)
            rig.deliver(unregister);
        for (int i = 0; i < 5; ++i)
            rig.deliver(expire);
        QCOMPARE(rig.engine->size(), 0);
        rig.deliver(expire);
        QCOMPARE(rig.engine->activeCount(), 1);
        const Alert a = rig.engine->alerts().first();
        QCOMPARE(a.ruleId, u"registrations-drop"_s);
        QCOMPARE(a.message, u"More than 10 registrations lost on fs1 in 5 min"_s);
        QCOMPARE(a.records.size(), 11);
        rig.deliver(unregister);
        QCOMPARE(rig.engine->alerts().first().count, 2);
        rig.tickAt(rig.clock + 4 * 60'000);
        QCOMPARE(rig.engine->activeCount(), 1);
        rig.tickAt(rig.clock + 2 * 60'000);
        QCOMPARE(rig.engine->activeCount(), 0);
    }
    {
        Rig rig(only(tuned(AlertKind::RegistrationsDrop, {{u"count"_s, 2}, {u"minutes"_s, 1}})));
        for (int i = 0; i < 3; ++i)
            rig.deliver(unregister);
        QCOMPARE(rig.engine->activeCount(), 1);
        QCOMPARE(rig.engine->alerts().first().message,
                 u"More than 2 registrations lost on fs1 in 1 min"_s);
    }
}

void TestAlertRules::switchDisconnectedAfterTheGraceOnlyAndClearsWhenLive()
{
    Rig rig;
    QSignalSpy notices(rig.engine, &AlertEngine::notify);
    const qint64 t = rig.clock;
    // A reconnect blip within the grace is no alert.
    rig.clock = t + 1000;
    rig.link->setState(LinkState::Reconnecting);
    rig.tickAt(t + 9000);
    rig.clock = t + 9500;
    rig.link->goLive();
    rig.tickAt(t + 20'000);
    QCOMPARE(rig.engine->size(), 0);
    // Down for longer than 10 s.
    rig.clock = t + 30'000;
    rig.link->setState(LinkState::Reconnecting);
    rig.tickAt(t + 39'000);
    QCOMPARE(rig.engine->size(), 0);
    rig.tickAt(t + 40'000);
    QCOMPARE(rig.engine->activeCount(), 1);
    const Alert a = rig.engine->alerts().first();
    QCOMPARE(a.ruleId, u"switch-disconnected"_s);
    QCOMPARE(a.subject, u"switch"_s);
    QCOMPARE(a.message, u"Switch fs1 is reconnecting"_s);
    rig.link->setState(LinkState::Failed);
    rig.tickAt(t + 41'000);
    QCOMPARE(rig.engine->alerts().first().message, u"Switch fs1 is failed"_s);
    QCOMPARE(rig.engine->alerts().first().count, 1);
    rig.clock = t + 50'000;
    rig.link->goLive();
    QCOMPARE(rig.engine->activeCount(), 0);
    QCOMPARE(notices.size(), 1);
    // The grace is a parameter.
    rig.engine->setRules(only(tuned(AlertKind::SwitchDisconnected, {{u"graceSeconds"_s, 0}})));
    rig.link->setState(LinkState::Reconnecting);
    QCOMPARE(rig.engine->activeCount(), 1);
}

void TestAlertRules::switchRestartedAndEventsLostFromTheLink()
{
    Rig rig;
    const qint64 t = rig.clock;
    Q_EMIT rig.link->coreUuidChanged(u"0b8ec5b4-3a43-4c9f-8c1e-5e4c2ae3b2f0"_s);
    QCOMPARE(rig.engine->size(), 0); // the first one known is no restart
    rig.clock = t + 60'000;
    Q_EMIT rig.link->coreUuidChanged(u"7d1c0e9a-2f6b-4b8e-9a51-0c3d8f2e6a11"_s);
    Q_EMIT rig.link->eventsMayHaveBeenMissed(); // the restart's own: not another alert
    QCOMPARE(rig.engine->size(), 1);
    Alert restart = rig.engine->alerts().first();
    QCOMPARE(restart.ruleId, u"switch-restarted"_s);
    QCOMPARE(restart.message,
             u"Switch fs1 restarted (Core-UUID 7d1c0e9a-2f6b-4b8e-9a51-0c3d8f2e6a11)"_s);
    // Events lost while live (a broker's sequence gap, a full queue).
    rig.clock = t + 70'000;
    Q_EMIT rig.link->eventsMayHaveBeenMissed();
    QCOMPARE(rig.engine->size(), 2);
    QCOMPARE(rig.engine->alerts().last().message, u"Switch fs1 may have lost events"_s);
    rig.clock = t + 71'000;
    Q_EMIT rig.link->eventsMayHaveBeenMissed();
    QCOMPARE(rig.engine->alerts().last().count, 2);
    // A reconnect's missed events are the disconnect rule's business.
    rig.link->setState(LinkState::Reconnecting);
    rig.link->goLive();
    Q_EMIT rig.link->eventsMayHaveBeenMissed();
    QCOMPARE(rig.engine->alerts().last().count, 2);
    // Both clear by themselves after clearAfterSeconds (300) without a repeat.
    rig.tickAt(t + 60'000 + 299'000);
    QCOMPARE(rig.engine->activeCount(), 2);
    rig.tickAt(t + 60'000 + 300'000);
    QCOMPARE(rig.engine->activeCount(), 1);
    rig.tickAt(t + 71'000 + 300'000);
    QCOMPARE(rig.engine->activeCount(), 0);
}

void TestAlertRules::queueWaitingOnTheRealCallCenterCapture()
{
    // More than 0 waiting, so that the capture's one caller at a time is an alert.
    Rig rig(only(tuned(AlertKind::QueueWaiting, {{u"waiting"_s, 0}})));
    int fired = 0;
    int cleared = 0;
    connect(rig.engine, &AlertEngine::alertRaised, rig.engine, [&] { ++fired; });
    connect(rig.engine, &AlertEngine::alertCleared, rig.engine, [&] { ++cleared; });
    QString firstMessage;
    for (const CallCenterCapture::Step &s : CallCenterCapture::captureSteps()) {
        if (!s.event)
            continue;
        rig.deliver(*s.event);
        rig.tickAt(s.event->timestamp() / 1000);
        if (firstMessage.isEmpty() && rig.engine->activeCount() > 0)
            firstMessage = rig.engine->alerts().first().message;
    }
    QVERIFY(fired >= 1);
    QCOMPARE(firstMessage, u"Queue corpus@default on fs1: 1 waiting, longest 0 s"_s);
    const Alert a = rig.engine->alerts().first();
    QCOMPARE(a.subject, CallCenterCapture::kQueue);
    QCOMPARE(a.target.queue, CallCenterCapture::kQueue);
    rig.tickAt(CallCenterCapture::kCaptureEndMs);
    QCOMPARE(rig.engine->activeCount(), 0); // nobody waits at the end
    QCOMPARE(cleared, fired);
    QCOMPARE(rig.engine->size(), 1); // each caller reopened the same alert within a minute
    // With the defaults (more than 5, or 120 s) the capture's queue is no alert.
    Rig quiet;
    for (const CallCenterCapture::Step &s : CallCenterCapture::captureSteps()) {
        if (s.event) {
            quiet.deliver(*s.event);
            quiet.tickAt(s.event->timestamp() / 1000);
        }
    }
    QCOMPARE(quiet.alertsOf(u"queue-waiting"_s).size(), 0);
}

void TestAlertRules::qualityFiresAfterConsecutiveBadReportsAndClearsWhenTheLegEnds()
{
    // The capture's call is good (MOS about 4.4): with the defaults no alert; with a bar of 5
    // every report is bad, and two in a row fire.
    const QList<Esl::Event> events = TestSupport::fixtureEvents(u"real2/sip-call-quality"_s);
    for (double bar : {3.6, 5.0}) {
        Rig rig(only(tuned(AlertKind::Quality, {{u"mos"_s, bar}})));
        int reports = 0;
        int reportsWhenFired = -1;
        for (const Esl::Event &e : events) {
            rig.deliver(e);
            if (e.eventName().endsWith("_RTCP_MESSAGE"))
                ++reports;
            rig.tickAt(std::max(rig.clock + 1, e.timestamp() / 1000));
            if (reportsWhenFired < 0 && rig.engine->size() > 0)
                reportsWhenFired = reports;
        }
        if (bar < 4) {
            QCOMPARE(rig.engine->size(), 0);
            continue;
        }
        QVERIFY(rig.engine->size() >= 1);
        QVERIFY(reportsWhenFired >= 2);
        const Alert a = rig.engine->alerts().first();
        QCOMPARE(a.ruleId, u"quality"_s);
        QCOMPARE(a.target.channelUuid, a.subject);
        QVERIFY2(a.message.startsWith(u"Poor audio on fs1: "_s), qPrintable(a.message));
        QVERIFY(a.message.contains(u"MOS "_s));
        QVERIFY(a.figures.value(u"mos"_s).toDouble() > 1);
        // Hung up: cleared, with its figures kept.
        QCOMPARE(rig.engine->activeCount(), 0);
        QCOMPARE(a.state, AlertState::Cleared);
    }
}

void TestAlertRules::qualityClearsOnlyAfterClearReportsGoodReportsInARow()
{
    // The capture's reports with a bar of 5 are all bad: the alert fires at the first. The bar
    // then drops to 1 (every report good), and before the hangup the leg's last real report is
    // played again as later ones (its sequence moved on, nothing lost): one good report no
    // longer clears the alert (it cleared 4-6 s after firing, before "Go to" found the call);
    // `clearReports` in a row do; failing that, the hangup does, the alert keeping its figures.
    const QList<Esl::Event> events = TestSupport::fixtureEvents(u"real2/sip-call-quality"_s);
    for (int clearReports : {1, 2, 4, 100}) {
        AlertRule rule = tuned(AlertKind::Quality, {{u"mos"_s, 5},
                                                    {u"reports"_s, 1},
                                                    {u"clearReports"_s, clearReports}});
        Rig rig(only(rule));
        quint64 id = 0;
        QString leg;
        qint64 lastReportMs = 0;
        int good = 0; // reports of the alert's leg since the bar dropped
        int goodWhenCleared = -1;
        bool legEnded = false;
        auto follow = [&] {
            if (!id)
                return;
            const Channel *c = rig.server->channels()->channel(leg);
            if (c && !c->ended && c->quality.updatedMs != lastReportMs) {
                lastReportMs = c->quality.updatedMs;
                ++good;
            }
            if (goodWhenCleared < 0 && !rig.engine->alert(id)->isActive()) {
                goodWhenCleared = good;
                legEnded = !c || c->ended;
            }
        };
        bool replayed = false;
        for (const Esl::Event &e : events) {
            if (id && !replayed && e.eventName() == "CHANNEL_HANGUP") {
                replayed = true;
                Esl::Event last;
                for (const Esl::Event &r : events) {
                    if (r.eventName() == "SEND_RTCP_MESSAGE" && r.uniqueId() == leg &&
                        r.header("Source-SSRC") != "00000000")
                        last = r;
                }
                QVERIFY(!last.headers().isEmpty());
                const qint64 highest =
                    last.header("Source-Highest-Sequence-Number-Received").toLongLong();
                for (int k = 1; k <= 5; ++k) {
                    Esl::Event later = withHeader(last, "Source-Highest-Sequence-Number-Received",
                                                  QByteArray::number(highest + 250 * k));
                    later = withHeader(later, "Source-Fraction", "0");
                    QTest::qSleep(2); // a report's time is the monitor's receipt time
                    rig.deliver(later);
                    rig.tickAt(rig.clock + 5000);
                    follow();
                }
            }
            QTest::qSleep(1);
            rig.deliver(e);
            rig.tickAt(std::max(rig.clock + 1, e.timestamp() / 1000));
            follow();
            if (!id && rig.engine->activeCount() == 1) {
                const Alert a = rig.engine->alerts().first();
                id = a.id;
                leg = a.subject;
                lastReportMs = rig.server->channels()->channel(leg)->quality.updatedMs;
                rule.params[u"mos"_s] = 1;
                rig.engine->setRules(only(rule));
            }
        }
        QVERIFY(id);
        QVERIFY2(good >= 5, qPrintable(QString::number(good)));
        if (clearReports <= good) {
            QCOMPARE(goodWhenCleared, clearReports);
            QVERIFY(!legEnded);
        } else {
            QVERIFY(legEnded); // never enough good reports: cleared when the leg ended
            QVERIFY(rig.engine->alert(id)->figures.value(u"mos"_s).toDouble() > 1);
        }
        QCOMPARE(rig.engine->alert(id)->state, AlertState::Cleared);
    }
}

void TestAlertRules::longCallPerCallClearsAtHangup()
{
    Rig rig;
    const qint64 t = rig.clock;
    rig.deliver(channelCreate(1, t - 5 * 3600'000));
    rig.deliver(channelCreate(2, t - 3 * 3600'000));
    rig.tickAt(t);
    QCOMPARE(rig.engine->activeCount(), 1);
    const Alert a = rig.engine->alerts().first();
    QCOMPARE(a.ruleId, u"long-call"_s);
    QCOMPARE(a.subject, u"4b7e0c1a-0000-4000-8000-000000000001"_s);
    QCOMPARE(a.target.channelUuid, a.subject);
    QCOMPARE(a.message, u"Call 1001 → 5000 on fs1 has lasted over 4 h 0 min"_s);
    QCOMPARE(a.severity, AlertSeverity::Info);
    rig.tickAt(t + 1000);
    QCOMPARE(rig.engine->alerts().first().count, 1); // still the same call: no repeat
    rig.tickAt(t + 3600'000 + 1000);
    QCOMPARE(rig.engine->activeCount(), 2);
    rig.deliver(hangup(1));
    rig.tickAt(t + 3600'000 + 2000);
    QCOMPARE(rig.engine->activeCount(), 1);
    QCOMPARE(rig.engine->alert(a.id)->state, AlertState::Cleared);
    // Tuned: an hour.
    rig.engine->setRules(only(tuned(AlertKind::LongCall, {{u"hours"_s, 1}})));
    rig.deliver(channelCreate(3, t));
    rig.tickAt(t + 3600'000 + 3000);
    QCOMPARE(rig.engine->activeCount(), 2);
}

void TestAlertRules::callsPerSecondAboveTheRateOverTheWindow()
{
    Rig rig;
    // 250 new calls within this second: 25/s over 10 s, under 30.
    for (int i = 0; i < 250; ++i)
        rig.deliver(channelCreate(100 + i, rig.clock));
    rig.tickAt(QDateTime::currentMSecsSinceEpoch());
    QCOMPARE(rig.alertsOf(u"calls-per-second"_s).size(), 0);
    for (int i = 0; i < 60; ++i)
        rig.deliver(channelCreate(400 + i, rig.clock));
    rig.tickAt(QDateTime::currentMSecsSinceEpoch());
    QCOMPARE(rig.alertsOf(u"calls-per-second"_s).size(), 1);
    const Alert a = rig.alertsOf(u"calls-per-second"_s).first();
    QCOMPARE(a.message, u"Calls on fs1 above 30 per second over 10 s"_s);
    QCOMPARE(a.figures.value(u"callsPerSecond"_s).toDouble(), 31.0);
    rig.tickAt(QDateTime::currentMSecsSinceEpoch() + 11'000);
    QCOMPARE(rig.alertsOf(u"calls-per-second"_s).first().state, AlertState::Cleared);
}

void TestAlertRules::customRuleCountsMatchingRecordsOfTheRealCapture()
{
    AlertRule rule = AlertRules::custom(
        1, u"Event-Name == CHANNEL_HANGUP_COMPLETE && Hangup-Cause == NORMAL_CLEARING"_s,
        u"Hangups"_s);
    rule.params[u"count"_s] = 5;
    rule.params[u"windowSeconds"_s] = 3600;
    Rig rig(only(rule));
    for (const Esl::Event &e : TestSupport::fixtureEvents(u"real2/callcenter"_s))
        rig.deliver(e);
    QCOMPARE(rig.engine->activeCount(), 1);
    const Alert a = rig.engine->alerts().first();
    QCOMPARE(a.message, u"Hangups: more than 5 in 3600 s on fs1"_s);
    QVERIFY(a.records.size() >= 6);
    for (Sequence seq : a.records)
        QCOMPARE(rig.hub.store()->event(seq)->text("Hangup-Cause"), u"NORMAL_CLEARING"_s);
    // The NO_ROUTE_DESTINATION rule of the issue on a real hangup with its cause changed,
    // counting records: the same hangup delivered six times (by channels it would be one).
    AlertRule noRoute = AlertRules::custom(2, u"Hangup-Cause == NO_ROUTE_DESTINATION"_s);
    noRoute.count = AlertCounting::Records;
    Rig other(only(noRoute));
    Esl::Event real;
    for (const Esl::Event &e : TestSupport::fixtureEvents(u"real2/callcenter"_s)) {
        if (e.eventName() == "CHANNEL_HANGUP")
            real = e;
    }
    const Esl::Event failed = withHeader(real, "Hangup-Cause", "NO_ROUTE_DESTINATION");
    for (int i = 0; i < 5; ++i)
        other.deliver(failed);
    other.deliver(real);
    QCOMPARE(other.engine->size(), 0);
    other.deliver(failed);
    QCOMPARE(other.engine->activeCount(), 1);
    QCOMPARE(other.engine->alerts().first().records.size(), 6);
    other.tickAt(QDateTime::currentMSecsSinceEpoch() + 61'000);
    QCOMPARE(other.engine->activeCount(), 0);
}

void TestAlertRules::customRuleCountsACallOnceHoweverManyOfItsEventsMatch()
{
    // The operator's rule: Hangup-Cause == NORMAL_CLEARING, more than 3 in 60 s. One hangup
    // carries the cause on seven events (CHANNEL_STATE x3, CHANNEL_HANGUP, CHANNEL_CALLSTATE,
    // CHANNEL_HANGUP_COMPLETE, CHANNEL_DESTROY).
    auto hangupOf = [](int n) {
        QList<Esl::Event> out;
        for (const char *name : {"CHANNEL_STATE", "CHANNEL_STATE", "CHANNEL_HANGUP",
                                 "CHANNEL_CALLSTATE", "CHANNEL_STATE", "CHANNEL_HANGUP_COMPLETE",
                                 "CHANNEL_DESTROY"})
            out.append(withHeader(hangup(n), "Event-Name", name));
        return out;
    };
    AlertRule rule = AlertRules::custom(1, u"Hangup-Cause == NORMAL_CLEARING"_s, u"Cleared"_s);
    rule.params[u"count"_s] = 3;
    {
        Rig rig(only(rule));
        for (int call = 1; call <= 3; ++call) {
            for (const Esl::Event &e : hangupOf(call))
                rig.deliver(e);
        }
        QCOMPARE(rig.engine->size(), 0); // three calls, 21 events: not more than 3
        for (const Esl::Event &e : hangupOf(4))
            rig.deliver(e);
        QCOMPARE(rig.engine->activeCount(), 1);
        const Alert a = rig.engine->alerts().first();
        QCOMPARE(a.count, 1); // the fourth call's other six events are no repeats
        QCOMPARE(a.message, u"Cleared: more than 3 in 60 s on fs1"_s);
        // Its records: the first of each call, then the rest of the fourth call's.
        QCOMPARE(a.records.size(), 4 + 6);
        for (Sequence seq : a.records)
            QCOMPARE(rig.hub.store()->event(seq)->text("Hangup-Cause"), u"NORMAL_CLEARING"_s);
        // A fifth call is a repeat.
        for (const Esl::Event &e : hangupOf(5))
            rig.deliver(e);
        QCOMPARE(rig.engine->alerts().first().count, 2);
        QCOMPARE(rig.engine->alerts().first().records.size(), 10 + 7);
        // Records without a channel count one each.
        Rig bare(only(rule));
        Esl::Event noUuid = hangup(9);
        Esl::HeaderList h = noUuid.headers();
        h.removeAll("Unique-ID");
        for (int i = 0; i < 4; ++i)
            bare.deliver(Esl::Event(h, {}, false));
        QCOMPARE(bare.engine->activeCount(), 1);
    }
    {
        // By records, as before: one hangup is seven, and fires.
        rule.count = AlertCounting::Records;
        Rig rig(only(rule));
        for (const Esl::Event &e : hangupOf(1))
            rig.deliver(e);
        QCOMPARE(rig.engine->activeCount(), 1);
        QCOMPARE(rig.engine->alerts().first().count, 4); // the 4th, 5th, 6th, 7th records
    }
}

QTEST_GUILESS_MAIN(TestAlertRules)
#include "tst_alertrules.moc"
