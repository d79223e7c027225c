// The monitor's sync against a simulated switch over real sockets: calls already up when it
// connects get their age, state and bridge from `show channels` and `show calls`; rows no event
// vouched for are probed (uuid_exists); the channel the operator looks at is fetched in full
// (uuid_dump), not too often; and a channel the switch disowns stays gone whatever it lists.
// The stale rows of a real switch are played by a scripted switch, as a transcript.

#include "esl/commands.h"
#include "monitor/hub.h"
#include "sim/eventsocketserver.h"
#include "sim/simswitch.h"
#include "support/fixtures.h"
#include "support/scriptedpeer.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>

#include <functional>
#include <utility>

using namespace Qt::Literals::StringLiterals;
using Monitor::Hub;
using Monitor::ServerMonitor;

namespace {

struct SimSwitch
{
    SimSwitch()
    {
        Sim::SwitchConfig config;
        config.initialCalls = 0;
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

// A real switch after an attended transfer: it lists a channel the monitor saw end (kEnded)
// and one that hung up before the monitor connected (kStale: uuid_exists says false), beside
// a live one (kLive).
const QByteArray kLive = "1b2c3d4e-0000-4000-8000-000000000001";
const QByteArray kEnded = "1b2c3d4e-0000-4000-8000-000000000002";
const QByteArray kStale = "1b2c3d4e-0000-4000-8000-000000000003";

QByteArray listRow(const QByteArray &uuid)
{
    return R"({"uuid":")" + uuid +
           R"(","direction":"inbound","created_epoch":"1795525837","name":"sofia/internal/1001",)"
           R"("state":"CS_EXECUTE","callstate":"ACTIVE","application":"playback","call_uuid":")" +
           uuid + R"("})";
}

QByteArray plainEvent(const QByteArray &name, const QByteArray &uuid)
{
    const QByteArray body =
        "Event-Name: " + name + "\nUnique-ID: " + uuid + "\nCaller-Unique-ID: " + uuid +
        "\nChannel-Call-State: " + (name == "CHANNEL_CREATE" ? "DOWN" : "HANGUP") +
        "\nHangup-Cause: NORMAL_CLEARING\n\n";
    return "Content-Length: " + QByteArray::number(body.size()) +
           "\nContent-Type: text/event-plain\n\n" + body;
}

// The scripted switch's answer to one command.
QByteArray answerTo(const QByteArray &command)
{
    using TestSupport::ScriptedPeer;
    const QByteArray line = command.left(command.indexOf('\n'));
    if (line == "api global_getvar core_uuid")
        return ScriptedPeer::apiResponse("5f1c0e2a-0000-4000-8000-00000000c0de");
    if (line == "api show channels as json")
        return ScriptedPeer::apiResponse(R"({"row_count":3,"rows":[)" + listRow(kLive) + "," +
                                         listRow(kEnded) + "," + listRow(kStale) + "]}");
    if (line == "api show calls as json")
        return ScriptedPeer::apiResponse(R"({"row_count": 0})");
    if (line.startsWith("api uuid_exists "))
        return ScriptedPeer::apiResponse(line.endsWith(kStale) ? "false" : "true");
    if (line.startsWith("api "))
        return ScriptedPeer::apiResponse("-ERR no reply\n");
    return ScriptedPeer::reply("+OK");
}

bool waitInStep(ServerMonitor *m)
{
    return QTest::qWaitFor([m] { return m->link()->isLive() && !m->isOutOfStep(); }, 5000);
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
    void staleRowsOfARealSwitchNeverComeBackAsLiveCalls();
    void loopbackChainsUpAtConnectAreLearntAFewAtATime();
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

void TestMonitorSync::staleRowsOfARealSwitchNeverComeBackAsLiveCalls()
{
    TestSupport::ScriptedPeer peer;
    Hub hub;
    Monitor::ServerProfile profile;
    profile.name = u"pbx1"_s;
    profile.connection.port = peer.port();
    profile.logLevel = -1;
    ServerMonitor *m = hub.addServer(profile);
    m->start();
    QVERIFY(peer.waitForClient());
    QList<QByteArray> sent; // the first line of every command the monitor sent
    // S: the monitor sees kEnded begin and end (just before the switch answers its first
    // `show channels`, so the order is fixed).
    QByteArray eventsFirst = plainEvent("CHANNEL_CREATE", kEnded) +
                             plainEvent("CHANNEL_HANGUP", kEnded) +
                             plainEvent("CHANNEL_DESTROY", kEnded);
    auto serveUntil = [&](const std::function<bool()> &done) {
        QElapsedTimer clock;
        clock.start();
        while (!done() && clock.elapsed() < 5000) {
            const QByteArray command = peer.nextCommand(20);
            if (command.isEmpty())
                continue;
            sent.append(command.left(command.indexOf('\n')));
            if (sent.last() == "api show channels as json")
                peer.send(std::exchange(eventsFirst, {}));
            peer.send(answerTo(command));
        }
        return done();
    };
    peer.send(TestSupport::ScriptedPeer::authRequest());
    QVERIFY(serveUntil([&] {
        const Monitor::Channel *c = m->channels()->channel(QString::fromLatin1(kEnded));
        return c && c->ended && !m->isOutOfStep() && sent.contains("api uuid_exists " + kLive) &&
               sent.contains("api uuid_exists " + kStale) &&
               m->channels()->channel(QString::fromLatin1(kStale))->ghost;
    }));
    // C: both lists were read, and only rows no event vouched for were probed.
    QVERIFY(sent.contains("api show channels as json"));
    QVERIFY(sent.contains("api show calls as json"));
    QVERIFY(!sent.contains("api uuid_exists " + kEnded));
    QVERIFY(m->channels()->channel(QString::fromLatin1(kEnded))->ended);
    QVERIFY(m->channels()->channel(QString::fromLatin1(kLive))->confirmed);
    QCOMPARE(m->channels()->liveCount(), 1);

    // The next re-syncs, while the switch keeps listing both: nothing comes back, nothing is
    // asked again.
    for (int round = 0; round < 3; ++round) {
        sent.clear();
        QSignalSpy reconciled(m, &ServerMonitor::reconciled);
        m->resync();
        QVERIFY(serveUntil([&] { return !reconciled.isEmpty() && !m->isOutOfStep(); }));
        QCOMPARE(m->lastReconcile().stale, 2);
        QCOMPARE(m->lastReconcile().added, 0);
        QCOMPARE(m->channels()->liveCount(), 1);
        QVERIFY(!sent.contains("api uuid_exists " + kStale));
        QVERIFY(m->channels()->channel(QString::fromLatin1(kStale))->ghost);
        QVERIFY(m->channels()->channel(QString::fromLatin1(kEnded))->ended);
    }
}

void TestMonitorSync::loopbackChainsUpAtConnectAreLearntAFewAtATime()
{
    // The real lists of 10 calls through loopback/9197 and loopback/9196 (api-bodies): they do
    // not say which -b half belongs to which -a half. The switch lists each -b row right after
    // its -a row, which is how this scripted switch answers uuid_getvar.
    QList<QByteArray> bodies;
    for (const Esl::Message &m :
         TestSupport::parseAll(TestSupport::readFixture(u"api-bodies"_s, u".esl"_s))) {
        if (m.contentType() == "api/response")
            bodies.append(m.body());
    }
    const auto channels = Esl::ShowResult::fromJson(bodies.value(10));
    QVERIFY(channels && channels->rows.size() == 40);
    QHash<QByteArray, QByteArray> partner;
    for (qsizetype i = 0; i + 1 < channels->rows.size(); i += 2) {
        const QByteArray a = channels->rowHash(i).value(u"uuid"_s).toLatin1();
        const QByteArray b = channels->rowHash(i + 1).value(u"uuid"_s).toLatin1();
        partner.insert(a, b);
        partner.insert(b, a);
    }
    TestSupport::ScriptedPeer peer;
    Hub hub;
    Monitor::ServerProfile profile;
    profile.name = u"pbx1"_s;
    profile.connection.port = peer.port();
    profile.logLevel = -1;
    ServerMonitor *m = hub.addServer(profile);
    m->start();
    QVERIFY(peer.waitForClient());
    int probes = 0;
    auto serveUntil = [&](const std::function<bool()> &done) {
        QElapsedTimer clock;
        clock.start();
        while (!done() && clock.elapsed() < 5000) {
            const QByteArray command = peer.nextCommand(20);
            const QByteArray line = command.left(command.indexOf('\n'));
            if (line == "api show channels as json") {
                peer.send(TestSupport::ScriptedPeer::apiResponse(bodies.value(10)));
            } else if (line == "api show calls as json") {
                peer.send(TestSupport::ScriptedPeer::apiResponse(bodies.value(11)));
            } else if (line.startsWith("api uuid_getvar ")) {
                ++probes;
                const QList<QByteArray> words = line.split(' ');
                peer.send(TestSupport::ScriptedPeer::apiResponse(
                    words.value(3) == "other_loopback_leg_uuid" ? partner.value(words.value(2))
                                                                : "_undef_"));
            } else if (!command.isEmpty()) {
                probes += line.startsWith("api uuid_exists ");
                peer.send(answerTo(command));
            }
        }
        return done();
    };
    peer.send(TestSupport::ScriptedPeer::authRequest());
    QVERIFY(serveUntil([&] { return m->link()->isLive() && !m->isOutOfStep(); }));
    QCOMPARE(probes, ServerMonitor::kMaxProbesPerResync); // a few at a time
    QVERIFY(m->channels()->calls().size() > 10);
    // Each answer tells both halves of a pair; the next re-sync confirms the rest.
    m->resync();
    QVERIFY(
        serveUntil([&] { return m->channels()->doubtful(100).isEmpty() && !m->isOutOfStep(); }));
    QVERIFY(probes <= 2 * ServerMonitor::kMaxProbesPerResync);
    // Every chain is one call of four legs, first leg the 9197-a that began it.
    const Monitor::ChannelStore *store = m->channels();
    const QHash<QString, QStringList> calls = store->calls();
    QCOMPARE(calls.size(), 10);
    for (auto it = calls.cbegin(); it != calls.cend(); ++it) {
        QCOMPARE(it->size(), 4);
        QCOMPARE(store->channel(it.key())->name, u"loopback/9197-a"_s);
    }
    const QString a = u"ff4aa895-8ae9-428c-93c1-88599d6f7aa2"_s;  // loopback/9197-a
    const QString ab = u"75c0f594-4ca9-4fcf-85a1-1f3274072315"_s; // loopback/9197-b
    const QString bb = u"dd192a72-4d0a-4b9f-becd-89282617cc7b"_s; // loopback/9196-b
    QCOMPARE(store->chainOf(bb), calls.value(a));
    QVERIFY(store->whyNotBridge(ab, bb).startsWith(u"both legs belong to one loopback chain"_s));
    QCOMPARE(store->whyNotBridge(ab, u"7cec8bdf-5ed6-4e45-bb5f-8a1c7b1e5e0e"_s), QString());
    // The 9197-b of the second call: another chain.
    const QString otherB = calls.value(u"1f72455d-338c-4ad0-8284-9c32c18af526"_s).value(1);
    QVERIFY(!otherB.isEmpty());
    QCOMPARE(store->whyNotBridge(ab, otherB), QString());
}

QTEST_GUILESS_MAIN(TestMonitorSync)
#include "tst_monitorsync.moc"
