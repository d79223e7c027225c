// The monitor against a simulated switch over real sockets: it connects, reads the channel
// list, follows calls, reports health, resyncs after lost events and restarts, watches several
// servers at once, and audits operator commands.

#include "monitor/eslswitchlink.h"
#include "monitor/hub.h"
#include "sim/eventsocketserver.h"
#include "sim/simswitch.h"

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QThread>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using Monitor::Hub;
using Monitor::ServerMonitor;

namespace {

struct SimSwitch
{
    explicit SimSwitch(int heartbeatMs = 0, int initialCalls = 0)
    {
        Sim::SwitchConfig config;
        config.initialCalls = initialCalls;
        config.heartbeatIntervalMs = heartbeatMs;
        config.ringMs = 20;
        config.answerDelayMs = 10;
        sw = std::make_unique<Sim::Switch>(config);
        server = std::make_unique<Sim::EventSocketServer>(sw.get());
        server->listen(QHostAddress::LocalHost, 0);
    }
    Monitor::ServerProfile profile(const QString &name) const
    {
        Monitor::ServerProfile p;
        p.name = name;
        p.connection.port = server->serverPort();
        p.connection.reconnectMinMs = 50;
        p.connection.reconnectMaxMs = 200;
        p.logLevel = 7;
        return p;
    }
    QString call(const QString &name = u"Alice"_s)
    {
        Sim::Switch::CallSpec spec;
        spec.callerName = name;
        return sw->placeCall(spec);
    }
    std::unique_ptr<Sim::Switch> sw;
    std::unique_ptr<Sim::EventSocketServer> server;
};

bool waitInStep(ServerMonitor *m)
{
    return QTest::qWaitFor([m] { return m->link()->isLive() && !m->isOutOfStep(); }, 5000);
}

} // namespace

class TestServerMonitor : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void readsTheChannelListWhenItConnects();
    void meetsCallsAlreadyUpWithTheirAgeStateAndPartner();
    void transfersRegroupTheLegsAsTheSwitchSays();
    void staleRowsAfterAnAttendedTransferNeverComeBackAsLiveCalls();
    void aLoopbackChainIsOneCallThatCannotBeBridgedToItself();
    void followsCallsAndStoresEveryRecord();
    void reportsWhatHeartbeatsSay();
    void resyncsAfterAReconnectThatMissedEvents();
    void seesARestartedSwitchAndMarksItsChannelsZombies();
    void watchesSeveralServersAtOnce();
    void auditsOperatorCommandsWithTheirReplies();
    void countsChannelsAndCallsPerSecond();
    void journalsEverythingItReceives();
};

void TestServerMonitor::readsTheChannelListWhenItConnects()
{
    SimSwitch sim;
    const QString a = sim.call();
    QTest::qWait(100); // the call is up before the console connects
    Hub hub;
    ServerMonitor *m = hub.addServer(sim.profile(u"pbx1"_s));
    QSignalSpy outOfStep(m, &ServerMonitor::outOfStepChanged);
    QVERIFY(m->isOutOfStep());
    m->start();
    QVERIFY(waitInStep(m));
    QCOMPARE(outOfStep.last().first().toBool(), false);
    QCOMPARE(m->lastReconcile().added, 2);
    QVERIFY(m->channels()->channel(a));
    QCOMPARE(m->channels()->liveCallCount(), 1);
    QVERIFY(!m->link()->coreUuid().isEmpty());
    QCOMPARE(m->link()->coreUuid(), sim.sw->coreUuid());
}

void TestServerMonitor::meetsCallsAlreadyUpWithTheirAgeStateAndPartner()
{
    // The simulated switch starts as a real one is met: four calls up for seconds to minutes
    // (bridged, held, parked), none of their events ever sent.
    SimSwitch sim(0, 4);
    const qint64 started = ServerMonitor::now();
    Hub hub;
    ServerMonitor *m = hub.addServer(sim.profile(u"pbx1"_s));
    m->start();
    QVERIFY(waitInStep(m));
    const Monitor::ChannelStore *store = m->channels();
    QCOMPARE(store->liveCallCount(), 4);
    QHash<QString, const Monitor::Channel *> first; // caller name -> the call's first leg
    for (const Monitor::Channel *c : store->channels()) {
        if (store->callKeyOf(*c) == c->uuid)
            first.insert(c->callerName, c);
    }
    // Created 187 s before the switch started, not when the monitor connected.
    const Monitor::Channel *soren = first.value(u"Søren Kierkegaard"_s);
    QVERIFY(soren);
    QVERIFY2(started - soren->createdMs >= 186000 && started - soren->createdMs < 190000,
             qPrintable(QString::number(started - soren->createdMs)));
    QCOMPARE(soren->displayState(), u"active"_s);
    QCOMPARE(soren->application, u"bridge"_s);
    QVERIFY(!soren->bridgedTo.isEmpty()); // show calls' b_uuid
    QCOMPARE(store->channel(soren->bridgedTo)->bridgedTo, soren->uuid);
    QCOMPARE(store->calls().value(soren->uuid).size(), 2);
    QCOMPARE(first.value(u"山田太郎"_s)->displayState(), u"held"_s);
    QCOMPARE(first.value(u"Дмитрий Иванов"_s)->displayState(), u"parked"_s);
    // The calls view's order is their age.
    QVERIFY(first.value(u"Amara Okafor"_s)->createdMs >
            first.value(u"Дмитрий Иванов"_s)->createdMs);
    // No event vouched for them: the sync's probes confirm them, and none is a ghost.
    for (const Monitor::Channel *c : store->channels())
        QVERIFY(c->confirmed && !c->ghost);
    // What the lists lack, on demand for the one looked at: its answer time (6.25 s after).
    QSignalSpy refreshed(m, &ServerMonitor::channelRefreshed);
    QVERIFY(m->refreshChannel(soren->uuid));
    QVERIFY(refreshed.wait(5000));
    QCOMPARE(soren->answeredMs - soren->createdMs, 6250);
}

void TestServerMonitor::transfersRegroupTheLegsAsTheSwitchSays()
{
    SimSwitch sim;
    Hub hub;
    ServerMonitor *m = hub.addServer(sim.profile(u"pbx1"_s));
    m->start();
    QVERIFY(waitInStep(m));
    const Monitor::ChannelStore *store = m->channels();
    auto bridgedCall = [&] {
        const QString a = sim.call();
        const bool bridged = QTest::qWaitFor(
            [&] { return store->channel(a) && !store->channel(a)->bridgedTo.isEmpty(); }, 5000);
        return bridged ? a : QString();
    };
    // -both: each leg goes to the dialplan on its own (here to be parked, so no new bridge
    // regroups them); two calls now, though each still knows the other's uuid.
    const QString a = bridgedCall();
    QVERIFY(!a.isEmpty());
    const QString b = store->channel(a)->bridgedTo;
    QVERIFY(!b.isEmpty());
    sim.sw->api(u"uuid_transfer "_s + a + u" -both park XML default"_s);
    QVERIFY(QTest::qWaitFor([&] { return store->callKeyOf(b) == b; }, 5000));
    QCOMPARE(store->callKeyOf(a), a);
    QVERIFY(!store->channel(a)->ended && !store->channel(b)->ended);
    QCOMPARE(store->channel(b)->displayState(), u"parked"_s);
    // -bleg: the B leg goes on alone, and the call's ended first leg stays behind.
    const QString c = bridgedCall();
    QVERIFY(!c.isEmpty());
    const QString d = store->channel(c)->bridgedTo;
    QVERIFY(!d.isEmpty());
    sim.sw->api(u"uuid_transfer "_s + c + u" -bleg park XML default"_s);
    QVERIFY(QTest::qWaitFor([&] { return store->channel(c)->ended; }, 5000));
    QVERIFY(QTest::qWaitFor([&] { return store->callKeyOf(d) == d; }, 5000));
    QCOMPARE(store->calls().value(c), QStringList{c});
    QVERIFY(!store->channel(d)->ended);
}

void TestServerMonitor::staleRowsAfterAnAttendedTransferNeverComeBackAsLiveCalls()
{
    SimSwitch sim;
    Hub hub;
    ServerMonitor *m = hub.addServer(sim.profile(u"pbx1"_s));
    m->start();
    QVERIFY(waitInStep(m));
    Monitor::ChannelStore *store = m->channels();
    store->setEndedRetention(200);
    const QString a = sim.call();
    QVERIFY(QTest::qWaitFor(
        [&] { return store->channel(a) && !store->channel(a)->bridgedTo.isEmpty(); }, 5000));
    const QString b = store->channel(a)->bridgedTo;
    QVERIFY(sim.sw->execute(b, u"att_xfer"_s, u"user/1002"_s, u"xfer"_s, 1, false));
    // The transferor is bridged to the target, then leaves.
    QVERIFY(QTest::qWaitFor(
        [&] {
            const QString to = store->channel(b)->bridgedTo;
            return sim.sw->channelCount() == 3 && !to.isEmpty() && to != a;
        },
        5000));
    sim.sw->api(u"uuid_kill "_s + b);
    QVERIFY(QTest::qWaitFor([&] { return store->channel(b)->ended; }, 5000));
    QVERIFY(sim.sw->api(u"show channels as json"_s).contains(b.toUtf8())); // a stale row
    // Re-sync after re-sync, before and after the ended channel expires: it stays gone.
    for (int round = 0; round < 3; ++round) {
        QSignalSpy reconciled(m, &ServerMonitor::reconciled);
        m->resync();
        QVERIFY(reconciled.wait(5000));
        QVERIFY(QTest::qWaitFor([&] { return !m->isOutOfStep(); }, 5000));
        QCOMPARE(m->lastReconcile().added, 0);
        QVERIFY(m->lastReconcile().stale >= 1);
        const Monitor::Channel *c = store->channel(b);
        QVERIFY(!c || c->ended);
        QTest::qWait(round == 0 ? 1300 : 0); // the expiry timer runs once a second
    }
    QVERIFY(!store->channel(b));
}

void TestServerMonitor::aLoopbackChainIsOneCallThatCannotBeBridgedToItself()
{
    SimSwitch sim;
    Hub hub;
    ServerMonitor *m = hub.addServer(sim.profile(u"pbx1"_s));
    m->start();
    QVERIFY(waitInStep(m));
    const QByteArray reply =
        sim.sw->api(u"originate loopback/9196/default &bridge(loopback/9197/default)"_s);
    QVERIFY(reply.startsWith("+OK "));
    const QString a = QString::fromUtf8(reply.mid(4).trimmed()); // loopback/9196-a
    const Monitor::ChannelStore *store = m->channels();
    QVERIFY(QTest::qWaitFor([&] { return store->calls().value(a).size() == 4; }, 5000));
    QCOMPARE(store->liveCallCount(), 1);
    QStringList ends; // the two -b halves, where each extension runs
    for (const QString &leg : store->calls().value(a)) {
        if (store->channel(leg)->isLoopbackB())
            ends.append(leg);
    }
    QCOMPARE(ends.size(), 2);
    QCOMPARE(store->whyNotBridge(ends[0], ends[1]),
             u"both legs belong to one loopback chain (loopback/9196, loopback/9197): bridging "
             "them crashes FreeSWITCH 1.10"_s);
}

void TestServerMonitor::followsCallsAndStoresEveryRecord()
{
    SimSwitch sim;
    Hub hub;
    ServerMonitor *m = hub.addServer(sim.profile(u"pbx1"_s));
    m->start();
    QVERIFY(waitInStep(m));
    const QString a = sim.call(u"Søren"_s);
    QVERIFY(QTest::qWaitFor(
        [&] {
            const auto *c = m->channels()->channel(a);
            return c && !c->bridgedTo.isEmpty();
        },
        5000));
    QCOMPARE(m->channels()->channel(a)->callerName, u"Søren"_s);
    QCOMPARE(m->callsStarted(), 1);
    // Every record of the call is in the store, tagged with this server, findable by channel.
    const QList<Monitor::Sequence> records = hub.store()->recordsOfChannel(a.toUtf8());
    QVERIFY(records.size() >= 8);
    QCOMPARE(hub.store()->record(records.first())->server(), m->id());
    QCOMPARE(hub.store()->event(records.first())->name(), u"CHANNEL_CREATE"_s);
    sim.sw->api(u"uuid_kill "_s + a);
    QVERIFY(QTest::qWaitFor([&] { return m->channels()->channel(a)->ended; }, 5000));
    QVERIFY(m->eventsReceived() > 20);
}

void TestServerMonitor::reportsWhatHeartbeatsSay()
{
    SimSwitch sim(100);
    Hub hub;
    ServerMonitor *m = hub.addServer(sim.profile(u"pbx1"_s));
    m->start();
    QVERIFY(QTest::qWaitFor([&] { return m->health().receivedMs > 0; }, 5000));
    QCOMPARE(m->health().maxSessions, 1000);
    QVERIFY(m->health().uptimeMs >= 0);
    QVERIFY(m->health().version.startsWith(u"1.10.12"_s));
}

void TestServerMonitor::resyncsAfterAReconnectThatMissedEvents()
{
    SimSwitch sim;
    Hub hub;
    ServerMonitor *m = hub.addServer(sim.profile(u"pbx1"_s));
    m->start();
    QVERIFY(waitInStep(m));
    const QString first = sim.call();
    QVERIFY(QTest::qWaitFor([&] { return m->channels()->liveCount() == 2; }, 5000));
    // The link drops; meanwhile the first call ends and a second begins.
    sim.server->dropAll();
    sim.sw->api(u"uuid_kill "_s + first);
    const QString second = sim.call(u"Bob"_s);
    QVERIFY(QTest::qWaitFor([&] { return m->isOutOfStep(); }, 5000));
    QVERIFY(waitInStep(m));
    QVERIFY(QTest::qWaitFor([&] { return m->channels()->channel(second) != nullptr; }, 5000));
    const Monitor::Channel *old = m->channels()->channel(first);
    QVERIFY(!old || old->zombie || old->ended);
    QVERIFY(m->channels()->totalDrift() >= 2);
}

void TestServerMonitor::seesARestartedSwitchAndMarksItsChannelsZombies()
{
    SimSwitch sim;
    Hub hub;
    ServerMonitor *m = hub.addServer(sim.profile(u"pbx1"_s));
    m->start();
    QVERIFY(waitInStep(m));
    const QString a = sim.call();
    QVERIFY(QTest::qWaitFor([&] { return m->channels()->liveCount() == 2; }, 5000));
    const QString before = m->link()->coreUuid();
    QSignalSpy missed(Monitor::EslSwitchLink::clientOf(m->link()),
                      &Esl::InboundClient::eventsMayHaveBeenMissed);
    sim.sw->restart();
    sim.server->dropAll();
    QVERIFY(QTest::qWaitFor([&] { return m->link()->coreUuid() != before; }, 5000));
    QVERIFY(waitInStep(m));
    bool restarted = false;
    for (const auto &args : missed)
        restarted |= args.first().value<Esl::InboundClient::MissedReason>() ==
                     Esl::InboundClient::MissedReason::SwitchRestarted;
    QVERIFY(restarted);
    QVERIFY(QTest::qWaitFor([&] { return m->channels()->channel(a)->zombie; }, 5000));
    QCOMPARE(m->channels()->liveCount(), 0);
}

void TestServerMonitor::watchesSeveralServersAtOnce()
{
    SimSwitch one, two;
    Hub hub;
    ServerMonitor *m1 = hub.addServer(one.profile(u"east"_s));
    ServerMonitor *m2 = hub.addServer(two.profile(u"west"_s));
    QVERIFY(m1->id() != m2->id());
    m1->start();
    m2->start();
    QVERIFY(waitInStep(m1) && waitInStep(m2));
    const QString a = one.call(u"East caller"_s);
    const QString b = two.call(u"West caller"_s);
    QVERIFY(QTest::qWaitFor(
        [&] { return m1->channels()->liveCount() == 2 && m2->channels()->liveCount() == 2; },
        5000));
    QVERIFY(m1->channels()->channel(a) && !m2->channels()->channel(a));
    QVERIFY(m2->channels()->channel(b) && !m1->channels()->channel(b));
    QCOMPARE(hub.store()->record(hub.store()->recordsOfChannel(b.toUtf8()).first())->server(),
             m2->id());
    QCOMPARE(hub.serverName(m1->id()), u"east"_s);
    hub.removeServer(m1->id());
    QCOMPARE(hub.servers().size(), 1);
    QVERIFY(!hub.server(m1->id()));
}

void TestServerMonitor::auditsOperatorCommandsWithTheirReplies()
{
    SimSwitch sim;
    Hub hub;
    ServerMonitor *m = hub.addServer(sim.profile(u"pbx1"_s));
    m->start();
    QVERIFY(waitInStep(m));
    const QString a = sim.call();
    QVERIFY(QTest::qWaitFor([&] { return m->channels()->liveCount() == 2; }, 5000));
    auto hold = hub.api(m->id(), u"uuid_hold "_s + a);
    QVERIFY(QTest::qWaitFor([&] { return hold.isFinished(); }, 5000));
    auto missing = hub.api(m->id(), u"uuid_kill 00000000-0000-0000-0000-000000000000"_s);
    QVERIFY(QTest::qWaitFor([&] { return missing.isFinished(); }, 5000));
    auto play = hub.execute(m->id(), u"playback"_s, u"tone_stream://%(100,0,440)"_s,
                            Esl::ExecuteOptions{a, true, 1, -1});
    QVERIFY(QTest::qWaitFor([&] { return play.isFinished(); }, 5000));
    auto nowhere = hub.api(999, u"status"_s);
    QVERIFY(nowhere.isFinished());

    const QList<Monitor::AuditEntry> &log = hub.audit()->entries();
    QCOMPARE(log.size(), 4);
    QCOMPARE(log[0].command, u"api uuid_hold "_s + a);
    QVERIFY(log[0].ok);
    QCOMPARE(log[0].reply, u"+OK Success"_s);
    QCOMPARE(log[0].server, u"pbx1"_s);
    QVERIFY(!log[1].ok);
    QCOMPARE(log[1].reply, u"-ERR No such channel!"_s);
    QVERIFY(log[2].command.startsWith(u"sendmsg "_s + a +
                                      u"\ncall-command: execute\nexecute-app-name: playback"_s));
    QVERIFY(log[2].ok);
    QCOMPARE(log[2].reply, u"completed: FILE PLAYED"_s);
    QVERIFY(!log[3].ok);
    QVERIFY(log[3].finishedMs > 0);

    QTemporaryDir dir;
    const QString csv = dir.filePath(u"audit.csv"_s);
    QCOMPARE(hub.audit()->exportCsv(csv), QString());
    QFile file(csv);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray text = file.readAll();
    QVERIFY(text.startsWith("time,server,command,ok,reply\r\n"));
    QVERIFY(text.contains("\"sendmsg ")); // a multi-line command is quoted
    QCOMPARE(text.count("\r\n"),
             5); // the header and 4 entries; the sendmsg lines stay inside quotes
    QVERIFY(text.contains("\"sendmsg " + a.toUtf8() + "\ncall-command: execute\n"));
}

void TestServerMonitor::countsChannelsAndCallsPerSecond()
{
    SimSwitch sim;
    Hub hub;
    ServerMonitor *m = hub.addServer(sim.profile(u"pbx1"_s));
    m->start();
    QVERIFY(waitInStep(m));
    hub.statistics()->sample(1000);
    sim.call();
    sim.call();
    QVERIFY(QTest::qWaitFor([&] { return m->channels()->liveCount() == 4; }, 5000));
    hub.statistics()->sample(3000);
    const auto &series = hub.statistics()->series(m->id());
    QCOMPARE(series.back().channels, 4);
    QCOMPARE(series.back().calls, 2);
    QCOMPARE(series.back().callsPerSecond, 1.0); // two calls over two seconds
    QVERIFY(series.back().eventsPerSecond > 0);
    QCOMPARE(hub.statistics()->total().back().calls, 2);
}

void TestServerMonitor::journalsEverythingItReceives()
{
    SimSwitch sim;
    QTemporaryDir dir;
    const QString path = dir.filePath(u"session.sqlite"_s);
    Hub hub;
    const Esl::Expected<qint64> session = hub.startJournal(path, u"test"_s);
    QVERIFY2(session.ok(), session.ok() ? "" : qPrintable(session.error().message));
    QVERIFY(hub.isJournaling());
    // Written on a thread of its own, not the one the events arrive on.
    QVERIFY(hub.journal()->thread() != QThread::currentThread());
    QVERIFY(hub.journal()->thread()->isRunning());
    ServerMonitor *m = hub.addServer(sim.profile(u"pbx1"_s));
    m->start();
    QVERIFY(waitInStep(m));
    const QString a = sim.call(u"Ærø"_s);
    QVERIFY(QTest::qWaitFor([&] { return m->channels()->liveCount() == 2; }, 5000));
    sim.sw->api(u"uuid_kill "_s + a);
    QVERIFY(QTest::qWaitFor([&] { return m->channels()->liveCount() == 0; }, 5000));
    hub.stopJournal(); // writes what was handed over and is queued
    QVERIFY(!hub.isJournaling());
    QVERIFY(!hub.journal()->isOpen());
    QCOMPARE(hub.journalBacklog(), 0); // all taken in
    QCOMPARE(hub.journalDropped(), 0);

    Monitor::EventStore reopened;
    const auto loaded = Monitor::Journal::load(path, *session, reopened);
    QVERIFY(loaded.ok());
    QCOMPARE(reopened.size(), hub.store()->size());
    QCOMPARE(loaded->servers.value(m->id()), u"pbx1"_s);
    const QList<Monitor::Sequence> mine = reopened.recordsOfChannel(a.toUtf8());
    QCOMPARE(mine.size(), hub.store()->recordsOfChannel(a.toUtf8()).size());
    QCOMPARE(reopened.event(mine.first())->text("Caller-Caller-ID-Name"), u"Ærø"_s);
}

QTEST_GUILESS_MAIN(TestServerMonitor)
#include "tst_servermonitor.moc"
