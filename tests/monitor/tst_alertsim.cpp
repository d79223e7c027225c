// The built-in alert rules against the simulated switch, through a hub as the window has it:
// a gateway whose far end stops answering, a queue filling while the agents are on break, a long
// call, a burst of calls, and a leg whose audio degrades (Switch::degradeLeg: RTCP with loss and
// jitter). The hub's engine ticks on its own (1 s), so the test waits for what it concludes.

#include "monitor/alertengine.h"
#include "monitor/hub.h"
#include "sim/eventsocketserver.h"
#include "sim/simsofia.h"
#include "sim/simswitch.h"

#include <QTest>

using namespace Qt::Literals::StringLiterals;
using namespace Monitor;

namespace {

constexpr int kWait = 15000;

struct SimRig
{
    std::unique_ptr<Sim::Switch> sw;
    std::unique_ptr<Sim::EventSocketServer> server;
    Hub hub;
    AlertEngine *engine = hub.alerts();
    ServerMonitor *monitor = nullptr;

    explicit SimRig(const QList<AlertRule> &rules = AlertRules::defaults())
    {
        Sim::SwitchConfig config;
        config.initialCalls = 0;
        config.heartbeatIntervalMs = 0;
        config.ringMs = 20;
        config.answerDelayMs = 10;
        config.rtcpReportMs = 100;
        sw = std::make_unique<Sim::Switch>(config);
        server = std::make_unique<Sim::EventSocketServer>(sw.get());
        server->listen(QHostAddress::LocalHost, 0);
        engine->setRules(rules);
        ServerProfile p;
        p.name = u"sim"_s;
        p.connection.port = server->serverPort();
        p.connection.reconnectMinMs = 50;
        p.connection.reconnectMaxMs = 200;
        p.logLevel = -1;
        monitor = hub.addServer(p);
        monitor->start();
    }
    bool live() const
    {
        return QTest::qWaitFor([this] { return monitor->link()->isLive() && !monitor->isOutOfStep(); },
                               kWait);
    }
    [[nodiscard]] const Alert *active(const QString &ruleId) const
    {
        for (const Alert &a : engine->alerts()) {
            if (a.ruleId == ruleId && a.isActive())
                return engine->alert(a.id);
        }
        return nullptr;
    }
};

AlertRule tuned(AlertKind kind, std::initializer_list<std::pair<QString, double>> params)
{
    AlertRule rule = AlertRules::builtIn(kind);
    for (const auto &[name, value] : params)
        rule.params[name] = value;
    return rule;
}

} // namespace

class TestAlertSim : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void aGatewayFailingInTheSimIsOneAlertUntilItIsBack();
    void aQueueFillingWhileTheAgentsAreOnBreak();
    void aLongCallIsOneAlertForItsCall();
    void aBurstOfCallsAboveTheRate();
    void aDegradedLegIsAQualityAlertUntilItHangsUp();
};

void TestAlertSim::aGatewayFailingInTheSimIsOneAlertUntilItIsBack()
{
    SimRig rig;
    QVERIFY(rig.live());
    rig.sw->sofia()->setStepMs(20);
    QTest::qWait(200);
    QVERIFY(!rig.active(u"gateway-down"_s)); // carrier is REGED, its ping UP
    rig.sw->sofia()->setReachable(u"carrier"_s, false);
    QTRY_VERIFY_WITH_TIMEOUT(rig.active(u"gateway-down"_s), kWait);
    const Alert a = *rig.active(u"gateway-down"_s);
    QCOMPARE(a.subject, u"carrier"_s);
    QVERIFY2(a.message.startsWith(u"Gateway carrier on sim"_s), qPrintable(a.message));
    QVERIFY(!a.records.isEmpty());
    // Its retries (FAILED, FAIL_WAIT, TRYING, ...) are the same alert.
    QTest::qWait(300);
    int gatewayAlerts = 0;
    for (const Alert &x : rig.engine->alerts())
        gatewayAlerts += x.ruleId == u"gateway-down" ? 1 : 0;
    QCOMPARE(gatewayAlerts, 1);
    rig.sw->sofia()->setReachable(u"carrier"_s, true);
    QTRY_VERIFY_WITH_TIMEOUT(!rig.active(u"gateway-down"_s), kWait);
    QCOMPARE(rig.engine->alert(a.id)->state, AlertState::Cleared);
}

void TestAlertSim::aQueueFillingWhileTheAgentsAreOnBreak()
{
    SimRig rig;
    QVERIFY(rig.live());
    rig.sw->api(u"callcenter_config agent set status agent1@default 'On Break'"_s);
    rig.sw->api(u"callcenter_config agent set status agent2@default 'On Break'"_s);
    QStringList callers;
    for (int i = 0; i < 6; ++i) {
        Sim::Switch::CallSpec spec;
        spec.callerName = u"Caller %1"_s.arg(i);
        spec.callerNumber = u"400%1"_s.arg(i);
        spec.destination = u"7100"_s;
        spec.bridge = false;
        spec.application = u"callcenter"_s;
        spec.applicationArgument = u"support@default"_s;
        callers.append(rig.sw->placeCall(spec));
        if (i == 4) {
            QTest::qWait(1500);
            QVERIFY(!rig.active(u"queue-waiting"_s)); // five is not more than five
        }
    }
    QTRY_VERIFY_WITH_TIMEOUT(rig.active(u"queue-waiting"_s), kWait);
    const Alert a = *rig.active(u"queue-waiting"_s);
    QCOMPARE(a.subject, u"support@default"_s);
    QCOMPARE(a.target.queue, u"support@default"_s);
    QVERIFY2(a.message.startsWith(u"Queue support@default on sim: 6 waiting"_s),
             qPrintable(a.message));
    for (const QString &uuid : callers)
        rig.sw->api(u"uuid_kill "_s + uuid);
    QTRY_VERIFY_WITH_TIMEOUT(!rig.active(u"queue-waiting"_s), kWait);
}

void TestAlertSim::aLongCallIsOneAlertForItsCall()
{
    SimRig rig(QList<AlertRule>{AlertRules::builtIn(AlertKind::LongCall)});
    QVERIFY(rig.live());
    Sim::Switch::CallSpec spec;
    spec.callerNumber = u"1001"_s;
    spec.destination = u"9196"_s;
    const QString a = rig.sw->placeCall(spec);
    QTRY_VERIFY_WITH_TIMEOUT(rig.monitor->channels()->liveCount() >= 2, kWait);
    // Five hours on: the call (both its legs) is one alert.
    rig.engine->tick(QDateTime::currentMSecsSinceEpoch() + 5 * 3600'000);
    QCOMPARE(rig.engine->activeCount(), 1);
    const Alert alert = rig.engine->alerts().first();
    QCOMPARE(alert.subject, rig.monitor->channels()->callKeyOf(a));
    QCOMPARE(alert.target.channelUuid, alert.subject);
    QVERIFY2(alert.message.startsWith(u"Call 1001 → 9196 on sim has lasted over 4 h"_s),
             qPrintable(alert.message));
    rig.sw->hangupAll();
    QTRY_COMPARE_WITH_TIMEOUT(rig.monitor->channels()->liveCount(), 0, kWait);
    rig.engine->tick(QDateTime::currentMSecsSinceEpoch() + 5 * 3600'000);
    QCOMPARE(rig.engine->activeCount(), 0);
}

void TestAlertSim::aBurstOfCallsAboveTheRate()
{
    SimRig rig(QList<AlertRule>{
        tuned(AlertKind::CallsPerSecond, {{u"rate"_s, 2}, {u"windowSeconds"_s, 10}})});
    QVERIFY(rig.live());
    for (int i = 0; i < 30; ++i) {
        Sim::Switch::CallSpec spec;
        spec.destination = u"9196"_s;
        spec.durationMs = 50;
        rig.sw->placeCall(spec);
    }
    QTRY_VERIFY_WITH_TIMEOUT(rig.active(u"calls-per-second"_s), kWait);
    QCOMPARE(rig.active(u"calls-per-second"_s)->message,
             u"Calls on sim above 2 per second over 10 s"_s);
    // Ten quiet seconds later the rate is back under.
    rig.engine->tick(QDateTime::currentMSecsSinceEpoch() + 11'000);
    QVERIFY(!rig.active(u"calls-per-second"_s));
}

void TestAlertSim::aDegradedLegIsAQualityAlertUntilItHangsUp()
{
    SimRig rig(QList<AlertRule>{AlertRules::builtIn(AlertKind::Quality)});
    QVERIFY(rig.live());
    Sim::Switch::CallSpec spec;
    spec.callerNumber = u"1000"_s;
    spec.destination = u"9296"_s;
    spec.variables = {{"rtcp_audio_interval_msec", u"1000"_s},
                      {"fire_rtcp_events", u"true"_s}};
    const QString a = rig.sw->placeCall(spec);
    QTRY_VERIFY_WITH_TIMEOUT(rig.monitor->channels()->liveCount() >= 2, kWait);
    QTest::qWait(1500);
    QVERIFY(!rig.active(u"quality"_s)); // good audio
    for (const QString &uuid : rig.sw->channelUuids())
        QVERIFY(rig.sw->degradeLeg(uuid, 25, 80));
    QTRY_VERIFY_WITH_TIMEOUT(rig.active(u"quality"_s), kWait);
    const Alert alert = *rig.active(u"quality"_s);
    QVERIFY2(alert.message.startsWith(u"Poor audio on sim: "_s), qPrintable(alert.message));
    QVERIFY(alert.figures.value(u"lossPct"_s).toDouble() > 5);
    QVERIFY(rig.sw->channelUuids().contains(alert.subject));
    rig.sw->hangupAll();
    QTRY_VERIFY_WITH_TIMEOUT(!rig.active(u"quality"_s), kWait);
    QCOMPARE(rig.engine->alert(alert.id)->state, AlertState::Cleared);
    QVERIFY(!rig.engine->alert(alert.id)->figures.isEmpty());
    Q_UNUSED(a);
}

QTEST_GUILESS_MAIN(TestAlertSim)
#include "tst_alertsim.moc"
