// The monitor's sync against a simulated switch over real sockets: calls already up when it
// connects get their age, state and bridge from `show channels` and `show calls`; rows no event
// vouched for are probed (uuid_exists); the channel the operator looks at is fetched in full
// (uuid_dump), not too often; and a channel the switch disowns stays gone whatever it lists.

#include "esl/commands.h"
#include "monitor/hub.h"
#include "sim/eventsocketserver.h"
#include "sim/simswitch.h"

#include <QDateTime>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using Monitor::Hub;
using Monitor::ServerMonitor;

namespace {

struct SimSwitch
{
    SimSwitch()
    {
        Sim::SwitchConfig config;
        config.heartbeatIntervalMs = 0;
        config.ringMs = 20;
        config.answerDelayMs = 10;
        sw = std::make_unique<Sim::Switch>(config);
        server = std::make_unique<Sim::EventSocketServer>(sw.get());
        server->listen(QHostAddress::LocalHost, 0);
    }
    Monitor::ServerProfile profile() const
    {
        Monitor::ServerProfile p;
        p.name = u"pbx1"_s;
        p.connection.port = server->serverPort();
        p.connection.reconnectMinMs = 50;
        p.connection.reconnectMaxMs = 200;
        p.logLevel = -1;
        return p;
    }
    // A call bridged on the switch before anybody watches; its A leg's uuid.
    QString bridgedCall()
    {
        Sim::Switch::CallSpec spec;
        spec.callerName = u"Early Bird"_s;
        const QString a = sw->placeCall(spec);
        const bool bridged = QTest::qWaitFor(
            [&] {
                const auto calls = Esl::ShowResult::fromJson(sw->api(u"show calls as json"_s));
                for (qsizetype i = 0; calls && i < calls->rows.size(); ++i) {
                    const auto row = calls->rowHash(i);
                    if (row.value(u"uuid"_s) == a && !row.value(u"b_uuid"_s).isEmpty())
                        return true;
                }
                return false;
            },
            3000);
        return bridged ? a : QString();
    }
    std::unique_ptr<Sim::Switch> sw;
    std::unique_ptr<Sim::EventSocketServer> server;
};

bool waitInStep(ServerMonitor *m)
{
    return QTest::qWaitFor([m] { return m->client()->isLive() && !m->isOutOfStep(); }, 5000);
}

} // namespace

class TestMonitorSync : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void callsUpBeforeItConnectsShowTheirAgeAndBridge();
    void rowsNoEventVouchedForAreProbedAndConfirmed();
    void theChannelLookedAtIsFetchedInFullNotTooOften();
    void aChannelTheSwitchDisownsStaysAGhostWhateverItLists();
};

void TestMonitorSync::callsUpBeforeItConnectsShowTheirAgeAndBridge()
{
    SimSwitch sim;
    const qint64 placed = QDateTime::currentMSecsSinceEpoch();
    const QString a = sim.bridgedCall();
    QVERIFY(!a.isEmpty());
    QTest::qWait(1100); // long enough that the age is not the time of the sync
    Hub hub;
    ServerMonitor *m = hub.addServer(sim.profile());
    m->start();
    QVERIFY(waitInStep(m));
    const Monitor::Channel *c = m->channels()->channel(a);
    QVERIFY(c);
    QVERIFY2(c->createdMs <= placed, qPrintable(QString::number(placed - c->createdMs)));
    QVERIFY(c->createdMs > placed - 1000); // created_epoch is whole seconds
    QCOMPARE(c->displayState(), u"active"_s);
    QVERIFY(!c->bridgedTo.isEmpty()); // from show calls
    QCOMPARE(m->channels()->channel(c->bridgedTo)->bridgedTo, a);
    QCOMPARE(m->channels()->callKeyOf(c->bridgedTo), a);
    QCOMPARE(m->channels()->calls().value(a).size(), 2);
}

void TestMonitorSync::rowsNoEventVouchedForAreProbedAndConfirmed()
{
    SimSwitch sim;
    const QString a = sim.bridgedCall();
    Hub hub;
    ServerMonitor *m = hub.addServer(sim.profile());
    m->start();
    QVERIFY(waitInStep(m));
    QVERIFY(m->channels()->channel(a));
    const QString b = m->channels()->channel(a)->bridgedTo;
    // Confirmed by uuid_exists, so they are no longer doubtful.
    QVERIFY(QTest::qWaitFor([&] { return m->channels()->channel(a)->confirmed; }, 5000));
    QVERIFY(QTest::qWaitFor([&] { return m->channels()->channel(b)->confirmed; }, 5000));
    QVERIFY(!m->channels()->doubtful(100).contains(a));
    QVERIFY(!m->channels()->channel(a)->ghost);
}

void TestMonitorSync::theChannelLookedAtIsFetchedInFullNotTooOften()
{
    SimSwitch sim;
    const QString a = sim.bridgedCall();
    Hub hub;
    ServerMonitor *m = hub.addServer(sim.profile());
    m->start();
    QVERIFY(waitInStep(m));
    QCOMPARE(m->channels()->channel(a)->answeredMs, 0); // the lists do not say
    QSignalSpy refreshed(m, &ServerMonitor::channelRefreshed);
    QVERIFY(m->refreshChannel(a));
    QVERIFY(!m->refreshChannel(a)); // asked a moment ago
    QVERIFY(refreshed.wait(5000));
    QCOMPARE(refreshed.first().at(0).toString(), a);
    QCOMPARE(refreshed.first().at(1).toString(), QString());
    const Monitor::Channel *c = m->channels()->channel(a);
    QVERIFY(c->answeredMs > 0);
    QVERIFY(c->answeredMs >= c->createdMs);
    QVERIFY(c->headers.contains("Caller-Caller-ID-Name"));
    QCOMPARE(c->callerName, u"Early Bird"_s);
    // Not a channel uuid: nothing is sent.
    QVERIFY(!m->refreshChannel(u"not a uuid"_s));
}

void TestMonitorSync::aChannelTheSwitchDisownsStaysAGhostWhateverItLists()
{
    SimSwitch sim;
    const QString a = sim.bridgedCall();
    Hub hub;
    ServerMonitor *m = hub.addServer(sim.profile());
    m->start();
    QVERIFY(waitInStep(m));
    const QString b = m->channels()->channel(a)->bridgedTo;
    QVERIFY(!b.isEmpty());
    // As CallControl does when an action gets "-ERR No such channel!".
    auto kill = hub.api(m->id(), u"uuid_kill 00000000-0000-0000-0000-00000000beef"_s);
    QVERIFY(QTest::qWaitFor([&] { return kill.isFinished(); }, 5000));
    QVERIFY(ServerMonitor::saysNoSuchChannel(kill.result()));
    m->noSuchChannel(a);
    QVERIFY(m->channels()->channel(a)->ghost);
    QVERIFY(m->channels()->channel(b)->bridgedTo.isEmpty());
    // The switch still lists it (here it is even alive), and the re-sync leaves it a ghost.
    QSignalSpy reconciled(m, &ServerMonitor::reconciled);
    m->resync();
    QVERIFY(reconciled.wait(5000));
    QVERIFY(m->lastReconcile().stale >= 1);
    QVERIFY(m->channels()->channel(a)->ghost);
    QVERIFY(m->channels()->channel(a)->zombie);
}

QTEST_GUILESS_MAIN(TestMonitorSync)
#include "tst_monitorsync.moc"
