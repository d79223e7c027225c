// The monitor on the switch's worst days, end to end over sockets: the link cut a hundred times
// under load, a switch that stops answering, a broken frame in the middle of the event stream,
// a restart, and the console itself killed while it journals. Each time the console must come
// back, read the channel list again and agree with the switch, losing nothing it had.
//
// The fault points are random: the seed is printed, and SWITCHBOARD_FAULTS_SEED=<n> replays a
// run. The SIGKILL case is real: this binary, started with --capture, watches a simulated switch
// in the parent process and journals what it receives until it is killed.

#include "monitor/eslswitchlink.h"
#include "monitor/hub.h"
#include "monitor/journal.h"
#include "sim/eventsocketserver.h"
#include "sim/simswitch.h"
#include "sim/traffic.h"

#include <QDateTime>
#include <QDeadlineTimer>
#include <QEventLoop>
#include <QFile>
#include <QProcess>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <cstdio>

// Under AddressSanitizer (.ci/sanitize) freed memory is held in a quarantine of 256 MB, to catch
// uses after free, and VmRSS grows by that much whatever the code does. There the test measures
// the heap in use instead: what is allocated and not yet freed, quarantine not counted.
#if defined(__SANITIZE_ADDRESS__)
#define SWITCHBOARD_TST_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SWITCHBOARD_TST_ASAN 1
#endif
#endif
#ifdef SWITCHBOARD_TST_ASAN
// From the runtime's public <sanitizer/allocator_interface.h>, which GCC 12 does not install.
extern "C" size_t __sanitizer_get_current_allocated_bytes();
#endif

using namespace Qt::Literals::StringLiterals;
using Monitor::Hub;
using Monitor::ServerMonitor;

namespace {

// The Event Socket client under a monitor's link: these faults are faults of its wire.
Esl::InboundClient *clientOf(ServerMonitor *m)
{
    return Monitor::EslSwitchLink::clientOf(m->link());
}

constexpr int kWait = 10000; // ms; generous, for a loaded machine
// A journal flushes every second; a killed capture may lose what came after the last flush.
// The bound below is that second plus slack for a late timer and the commit on a busy 2-core
// machine: a limit on what may be lost, not on how fast anything is.
constexpr qint64 kMaxLossMs = 1500;
const QByteArray kShowChannels = "api show channels as json";

// QTest::qWaitFor sleeps 10 ms between passes of the event loop, and a pass writes at most one
// block of a socket's buffer: under this load the switch would outrun the test's own loop and
// the view would lag for reasons of the harness. This runs the event loop as the application
// does, looking at the predicate every few milliseconds.
template<typename Predicate> bool waitFor(Predicate predicate, int ms, int pollMs = 2)
{
    if (predicate())
        return true;
    const QDeadlineTimer deadline(ms);
    bool met = false;
    QEventLoop loop;
    QTimer poll;
    poll.setTimerType(Qt::PreciseTimer);
    QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
        // Once true, stop looking: the rest of this pass of the loop may change it again.
        if (!met && (predicate() || deadline.hasExpired())) {
            met = predicate();
            poll.stop();
            loop.quit();
        }
    });
    poll.start(pollMs);
    loop.exec();
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    return met;
}

quint32 chooseSeed()
{
    bool ok = false;
    const quint32 fixed = qEnvironmentVariable("SWITCHBOARD_FAULTS_SEED").toUInt(&ok);
    return ok ? fixed : QRandomGenerator::global()->generate();
}

// Busy, short calls on a simulated switch, and a hub watching it.
struct Rig
{
    explicit Rig(quint32 seed, double callsPerSecond = 15)
    {
        Sim::SwitchConfig config;
        config.initialCalls = 0;
        config.heartbeatIntervalMs = 200; // extra load, and health to parse
        config.ringMs = 20;
        config.answerDelayMs = 10;
        sw = std::make_unique<Sim::Switch>(config);
        server = std::make_unique<Sim::EventSocketServer>(sw.get());
        server->listen(QHostAddress::LocalHost, 0);
        Sim::TrafficProfile load;
        load.callsPerSecond = callsPerSecond;
        load.meanDurationMs = 500;
        load.minDurationMs = 100;
        load.maxConcurrentCalls = 60;
        load.seed = seed;
        traffic = std::make_unique<Sim::TrafficGenerator>(sw.get(), load);
        hub = std::make_unique<Hub>();
    }
    ~Rig()
    {
        traffic->stop();
        hub.reset(); // the console goes before the switch it watches
    }
    ServerMonitor *watch(const std::function<void(Monitor::ServerProfile &)> &change = {})
    {
        Monitor::ServerProfile p;
        p.name = u"pbx1"_s;
        p.connection.port = server->serverPort();
        p.connection.reconnectMinMs = 50;
        p.connection.reconnectMaxMs = 200;
        p.logLevel = 7;
        p.endedRetentionMs = 1000;
        if (change)
            change(p);
        m = hub->addServer(p);
        m->start();
        return m;
    }
    QString longCall(const QString &name)
    {
        Sim::Switch::CallSpec spec;
        spec.callerName = name;
        return sw->placeCall(spec); // never hangs up by itself
    }

    std::unique_ptr<Sim::Switch> sw;
    std::unique_ptr<Sim::EventSocketServer> server;
    std::unique_ptr<Sim::TrafficGenerator> traffic;
    std::unique_ptr<Hub> hub;
    ServerMonitor *m = nullptr;
};

// Live after at least `connections` connections, and the channel list read since.
bool waitInStep(ServerMonitor *m, const QSignalSpy &connects, qsizetype connections)
{
    return waitFor(
        [&] { return connects.size() >= connections && m->link()->isLive() && !m->isOutOfStep(); },
        kWait);
}

QSet<QString> liveChannels(const Monitor::ChannelStore &store)
{
    QSet<QString> live;
    for (const Monitor::Channel *c : store.channels()) {
        if (!c->ended && !c->zombie)
            live.insert(c->uuid);
    }
    return live;
}

// Empty when the store's live channels are exactly the switch's channels; else what differs.
QString disagreement(const Monitor::ChannelStore &store, const Sim::Switch &sw)
{
    const QStringList uuids = sw.channelUuids();
    const QSet<QString> onSwitch(uuids.begin(), uuids.end());
    const QSet<QString> live = liveChannels(store);
    if (live == onSwitch)
        return {};
    const auto describe = [&](const QSet<QString> &uuids) {
        QStringList out;
        for (const QString &uuid : uuids) {
            const Monitor::Channel *c = store.channel(uuid);
            const Esl::HeaderList onSw = sw.channelData(uuid);
            out.append(u"%1 (store: %2; switch: %3)"_s.arg(
                uuid,
                !c ? u"unknown"_s
                   : u"%1%2%3, last event %4 ms ago"_s
                         .arg(c->ended ? u"ended "_s : QString(),
                              c->zombie ? u"zombie "_s : QString(), c->callState)
                         .arg(ServerMonitor::now() - c->lastEventMs),
                onSw.isEmpty()
                    ? u"gone"_s
                    : onSw.text("Channel-Call-State") + u' ' + onSw.text("Channel-Name")));
        }
        return out.join(u", "_s);
    };
    return u"missing from the store: [%1]; live in the store, gone from the switch: [%2]"_s.arg(
        describe(onSwitch - live), describe(live - onSwitch));
}

// The channel view catches up with the switch (events in flight are applied first). On failure
// the message describes the moment after the wait, which traffic may already have changed.
#define AGREES(rig)                                                                                \
    QVERIFY2(                                                                                      \
        waitFor([&] { return disagreement(*(rig).m->channels(), *(rig).sw).isEmpty(); }, kWait),   \
        qPrintable(disagreement(*(rig).m->channels(), *(rig).sw)))

// The process's memory in kB: VmRSS, or under AddressSanitizer the heap in use (see above).
qint64 residentKb()
{
#ifdef SWITCHBOARD_TST_ASAN
    return qint64(__sanitizer_get_current_allocated_bytes() / 1024);
#else
    QFile status(u"/proc/self/status"_s);
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').first().toLongLong();
    }
    return -1;
#endif
}

qsizetype objectCount(Hub &hub)
{
    qsizetype n = hub.findChildren<QObject *>().size();
    for (ServerMonitor *s : hub.servers())
        n += s->findChildren<QObject *>().size() + clientOf(s)->findChildren<QObject *>().size() +
             clientOf(s)->session()->findChildren<QObject *>().size();
    return n;
}

bool nothingPending(Esl::Session *session)
{
    return session->pendingReplies() == 0 && session->pendingJobs() == 0 &&
           session->pendingExecutions() == 0;
}

// Runs `action` (once) when the switch receives `line` from its client; queued, so the command
// is handled (and its reply written) first.
void onCommand(Sim::EventSocketServer *server, const QByteArray &line, std::function<void()> action)
{
    auto once = std::make_shared<QMetaObject::Connection>();
    *once = QObject::connect(server, &Sim::EventSocketServer::commandReceived, server,
                             [once, line, action](const Esl::wire::Command &command) {
                                 if (command.line != line)
                                     return;
                                 QObject::disconnect(*once);
                                 QMetaObject::invokeMethod(qApp, action, Qt::QueuedConnection);
                             });
}

// --capture PORT JOURNAL: watches the switch at PORT, journals everything into JOURNAL, says
// "capturing" once in step, and runs until killed (or a minute passes, should nobody kill it).
int runCapture(const QStringList &arguments)
{
    Hub hub;
    if (!hub.startJournal(arguments.value(3), u"killed while capturing"_s))
        return 3;
    Monitor::ServerProfile p;
    p.name = u"pbx1"_s;
    p.connection.port = quint16(arguments.value(2).toUInt());
    p.logLevel = -1; // events only: the parent compares them with what its switch fired
    ServerMonitor *m = hub.addServer(p);
    QObject::connect(m, &ServerMonitor::outOfStepChanged, &hub, [](bool outOfStep) {
        if (!outOfStep) {
            std::printf("capturing\n");
            std::fflush(stdout);
        }
    });
    m->start();
    QTimer::singleShot(60000, qApp, [] { QCoreApplication::exit(5); });
    return QCoreApplication::exec();
}

} // namespace

class TestFaults : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void dropsUnderLoadAHundredTimes();
    void stalledSwitchFiresTheLivenessProbe();
    void malformedFrameMidStream_data();
    void malformedFrameMidStream();
    void restartIsDetectedAndStateRebuilt();
    void sigkillWhileCapturingLosesAtMostTheLastSecond();

private:
    quint32 m_seed = 0;
};

void TestFaults::initTestCase()
{
    m_seed = chooseSeed();
    qInfo("seed %u (replay with SWITCHBOARD_FAULTS_SEED=%u)", m_seed, m_seed);
}

void TestFaults::dropsUnderLoadAHundredTimes()
{
    enum class Fault { MidStream, MidFrame, DuringResync };
    constexpr int kRounds = 100;
    QRandomGenerator random(m_seed);
    Rig rig(m_seed);
    constexpr qint64 kMaxRecords = 20000;
    rig.hub->store()->setLimits({kMaxRecords, qint64(64) * 1024 * 1024});
    Sim::FiredEventPtr lastFired; // a real frame to cut short
    QObject::connect(rig.sw.get(), &Sim::Switch::eventFired, rig.sw.get(),
                     [&](const Sim::FiredEventPtr &e) { lastFired = e; });
    rig.traffic->start();
    ServerMonitor *m = rig.watch();
    QSignalSpy connects(clientOf(m), &Esl::InboundClient::connected);
    QSignalSpy missed(clientOf(m), &Esl::InboundClient::eventsMayHaveBeenMissed);
    QVERIFY(waitInStep(m, connects, 0));
    connects.clear();
    int faults[3] = {};
    qint64 rssAt10 = 0;
    qsizetype objectsAt10 = 0;

    for (int round = 1; round <= kRounds; ++round) {
        const auto fault = Fault(random.bounded(3));
        ++faults[int(fault)];
        // A random point in the stream: after 1..120 more events.
        const qint64 until = m->eventsReceived() + 1 + random.bounded(120);
        QVERIFY2(waitFor([&] { return m->eventsReceived() >= until; }, kWait),
                 qPrintable(u"round %1: no events"_s.arg(round)));
        QCOMPARE(rig.server->connectionCount(), 1);
        Sim::Listener *listener = rig.server->listeners().first();
        switch (fault) {
        case Fault::MidStream:
            rig.server->dropAll();
            break;
        case Fault::MidFrame: {
            // The first bytes of an event, then nothing: the client holds half a frame.
            const QByteArray &frame = lastFired->bytes(Esl::Event::Format::Plain);
            listener->sendMalformedFrame(frame.first(1 + random.bounded(int(frame.size()) - 1)));
            if (auto *socket = listener->findChild<QTcpSocket *>())
                socket->flush();
            listener->drop();
            break;
        }
        case Fault::DuringResync:
            onCommand(rig.server.get(), kShowChannels, [&rig] { rig.server->dropAll(); });
            m->resync();
            break;
        }
        QVERIFY2(waitInStep(m, connects, round), qPrintable(u"round %1: not back"_s.arg(round)));
        QCOMPARE(connects.size(), round); // exactly one reconnect per drop
        AGREES(rig);
        QCOMPARE(rig.server->connectionCount(), 1);
        // Nothing stays pending: what the reconnect itself sent (the subscription, core_uuid)
        // may still be on its way when the tables agree, so it is given the time to be answered.
        QTRY_VERIFY_WITH_TIMEOUT(nothingPending(clientOf(m)->session()), kWait);
        if (round == 10) {
            rssAt10 = residentKb();
            objectsAt10 = objectCount(*rig.hub);
        }
    }
    qInfo("faults: %d mid-stream, %d mid-frame, %d during a resync; %lld events received",
          faults[0], faults[1], faults[2], m->eventsReceived());

    // Every drop was one reconnect, each one reported as a chance of missed events.
    QCOMPARE(connects.size(), kRounds);
    QCOMPARE(missed.size(), kRounds);
    for (const QList<QVariant> &args : std::as_const(missed))
        QCOMPARE(args.first().value<Esl::InboundClient::MissedReason>(),
                 Esl::InboundClient::MissedReason::Reconnected);
    QCOMPARE(rig.server->stats().accepted, kRounds + 1);

    // Memory stays flat: nothing accumulates per connection.
    QCOMPARE(objectCount(*rig.hub), objectsAt10);
    QCOMPARE(rig.server->findChildren<Sim::Listener *>().size(), 1);
    QVERIFY(rig.hub->store()->size() <= kMaxRecords);
    // Ended channels and zombies go once their retention is over; nothing else stays.
    const qint64 now = ServerMonitor::now();
    m->channels()->expire(now);
    for (const Monitor::Channel *c : m->channels()->channels()) {
        QVERIFY2(!(c->ended || c->zombie) || now - c->goneMs < m->channels()->endedRetention(),
                 qPrintable(c->uuid));
    }
    const qint64 rssAt100 = residentKb();
#ifdef SWITCHBOARD_TST_ASAN
    const char *measure = "heap in use (AddressSanitizer)";
#else
    const char *measure = "VmRSS";
#endif
    qInfo("%s %lld kB at round 10, %lld kB at round 100", measure, rssAt10, rssAt100);
    QVERIFY(rssAt10 > 0);
    QVERIFY2(rssAt100 - rssAt10 < 50 * 1024,
             qPrintable(u"grew by %1 kB"_s.arg(rssAt100 - rssAt10)));
}

void TestFaults::stalledSwitchFiresTheLivenessProbe()
{
    Rig rig(m_seed);
    rig.traffic->start();
    ServerMonitor *m = rig.watch([](Monitor::ServerProfile &p) {
        p.connection.livenessMs = 300;
        p.connection.probeTimeoutMs = 300;
        p.connection.connectTimeoutMs = 400;
        p.endedRetentionMs = 60000; // the zombie stays to be seen
    });
    QSignalSpy connects(clientOf(m), &Esl::InboundClient::connected);
    QSignalSpy errors(m, &ServerMonitor::errorOccurred);
    QVERIFY(waitInStep(m, connects, 1));
    const QString before = rig.longCall(u"Before the stall"_s);
    QVERIFY(waitFor([&] { return liveChannels(*m->channels()).contains(before); }, kWait));
    int probes = 0;
    QObject::connect(rig.server.get(), &Sim::EventSocketServer::commandReceived, m,
                     [&](const Esl::wire::Command &c) { probes += c.line == "api status"; });

    // The switch hangs: it keeps accepting connections but writes nothing, to anyone.
    rig.server->stallAll(600000);
    auto stallNewcomers =
        QObject::connect(rig.server.get(), &Sim::EventSocketServer::listenerStarted, m,
                         [&](Sim::Listener *l) { l->stall(600000); });
    const QString during = rig.longCall(u"During the stall"_s);
    rig.sw->api(u"uuid_kill "_s + before);

    // Silence, a probe, no answer: the link is given up and the view is out of step.
    QVERIFY(waitFor([&] { return m->isOutOfStep(); }, kWait));
    QVERIFY(probes >= 1);
    QVERIFY(!errors.isEmpty());
    const auto first = errors.first().first().value<Esl::Error>();
    QCOMPARE(first.code, Esl::Error::Code::Timeout);
    QVERIFY2(first.message.contains(u"liveness probe"_s), qPrintable(first.message));
    // While the switch stays silent the console cannot get back in, and says so.
    QVERIFY(waitFor(
        [&] {
            return errors.size() >= 2 &&
                   errors.last().first().value<Esl::Error>().message.startsWith(
                       u"no answer from"_s);
        },
        kWait));
    QVERIFY(m->isOutOfStep());
    QCOMPARE(connects.size(), 1);

    // The switch recovers: the console logs in, reads the channel list, and is in step again.
    QObject::disconnect(stallNewcomers);
    for (Sim::Listener *l : rig.server->listeners())
        l->resume();
    QVERIFY(waitInStep(m, connects, 2));
    AGREES(rig);
    const Monitor::Channel *gone = m->channels()->channel(before);
    QVERIFY(gone && gone->zombie); // its hangup was said only to the stalled connection
    QVERIFY(liveChannels(*m->channels()).contains(during));
    QVERIFY(m->lastReconcile().added >= 2 && m->lastReconcile().zombies >= 2);
}

void TestFaults::malformedFrameMidStream_data()
{
    QTest::addColumn<QByteArray>("frame"); // empty: the sim's own (a negative Content-Length)
    QTest::addColumn<QString>("message");
    QTest::addColumn<qint64>("at"); // where in the frame the client finds the fault

    QTest::newRow("negative Content-Length")
        << QByteArray() << u"negative Content-Length \"-1\""_s << qint64(46);
    QTest::newRow("header line without a colon")
        << "Content-Type: text/event-plain\nContent-Length 12\n\n"_ba
        << u"header line without a colon"_s << qint64(31);
    QTest::newRow("Content-Length not a number")
        << "Content-Type: text/event-plain\nContent-Length: 12abc\n\n"_ba
        << u"Content-Length \"12abc\" is not a number"_s << qint64(53);
}

void TestFaults::malformedFrameMidStream()
{
    QFETCH(QByteArray, frame);
    QFETCH(QString, message);
    QFETCH(qint64, at);
    Rig rig(m_seed);
    rig.traffic->start();
    ServerMonitor *m = rig.watch();
    QSignalSpy connects(clientOf(m), &Esl::InboundClient::connected);
    QSignalSpy errors(m, &ServerMonitor::errorOccurred);
    qint64 eventsOnThisConnection = 0;
    QObject::connect(clientOf(m), &Esl::InboundClient::connected, m,
                     [&] { eventsOnThisConnection = 0; });
    QObject::connect(clientOf(m), &Esl::InboundClient::eventReceived, m,
                     [&] { ++eventsOnThisConnection; });
    QVERIFY(waitInStep(m, connects, 1));
    const qint64 until = m->eventsReceived() + 200;
    QVERIFY(waitFor([&] { return m->eventsReceived() >= until; }, kWait));

    // Mid-stream, the switch writes a frame no parser can accept.
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"^protocol error: "_s));
    Sim::Listener *listener = rig.server->listeners().first();
    const qint64 sentBefore = listener->stats().eventsSent;
    const qint64 bytesBefore = listener->stats().bytesWritten;
    listener->sendMalformedFrame(frame);
    qint64 receivedBefore = -1;
    QObject::connect(m, &ServerMonitor::errorOccurred, m, [&](const Esl::Error &e) {
        if (e.code == Esl::Error::Code::Protocol && receivedBefore < 0)
            receivedBefore = eventsOnThisConnection;
    });
    QVERIFY(waitFor([&] { return receivedBefore >= 0; }, kWait));
    const Monitor::Sequence storedEnd = rig.hub->store()->endSequence();
    QList<Esl::HeaderList> stored; // what the store had when the fault was found
    for (Monitor::Sequence s = rig.hub->store()->firstSequence(); s < storedEnd; ++s)
        stored.append(rig.hub->store()->event(s)->headers());

    // A clear error, said once, pointing at the fault.
    QCOMPARE(errors.size(), 1);
    const auto error = errors.first().first().value<Esl::Error>();
    QCOMPARE(error.code, Esl::Error::Code::Protocol);
    QVERIFY2(error.message.contains(message), qPrintable(error.toString()));
    QCOMPARE(error.offset, bytesBefore + at);
    // Every event written before the broken frame arrived and was stored; none after it.
    QCOMPARE(receivedBefore, sentBefore);

    // Back again, in step, with events flowing on the new connection.
    QVERIFY(waitInStep(m, connects, 2));
    QCOMPARE(errors.size(), 1);
    AGREES(rig);
    QVERIFY(waitFor([&] { return eventsOnThisConnection >= 50; }, kWait));
    // What was stored before the fault is still there, unchanged.
    QCOMPARE(rig.hub->store()->firstSequence(), Monitor::Sequence(0));
    for (Monitor::Sequence s = 0; s < storedEnd; ++s)
        QVERIFY2(rig.hub->store()->event(s)->headers() == stored[qsizetype(s)],
                 qPrintable(u"record %1 changed"_s.arg(s)));
}

void TestFaults::restartIsDetectedAndStateRebuilt()
{
    Rig rig(m_seed);
    rig.traffic->start();
    ServerMonitor *m = rig.watch([](Monitor::ServerProfile &p) { p.endedRetentionMs = 60000; });
    QSignalSpy connects(clientOf(m), &Esl::InboundClient::connected);
    QSignalSpy missed(clientOf(m), &Esl::InboundClient::eventsMayHaveBeenMissed);
    QSignalSpy cores(clientOf(m), &Esl::InboundClient::coreUuidChanged);
    QVERIFY(waitInStep(m, connects, 1));
    const QString oldCall = rig.longCall(u"Before the restart"_s);
    QVERIFY(waitFor([&] { return liveChannels(*m->channels()).contains(oldCall); }, kWait));
    AGREES(rig);
    const QString oldCore = m->link()->coreUuid();
    QCOMPARE(oldCore, rig.sw->coreUuid());
    const QSet<QString> before = liveChannels(*m->channels());
    QVERIFY(before.size() >= 2);

    rig.sw->restart(); // a new Core-UUID, every channel gone, every connection dropped

    QVERIFY(waitInStep(m, connects, 2));
    QVERIFY(waitFor([&] { return m->link()->coreUuid() == rig.sw->coreUuid(); }, kWait));
    QVERIFY(oldCore != rig.sw->coreUuid());
    QCOMPARE(cores.last().first().toString(), rig.sw->coreUuid());
    bool restarted = false;
    for (const QList<QVariant> &args : std::as_const(missed))
        restarted |= args.first().value<Esl::InboundClient::MissedReason>() ==
                     Esl::InboundClient::MissedReason::SwitchRestarted;
    QVERIFY(restarted);
    QVERIFY(waitInStep(m, connects, 2));
    AGREES(rig);
    // Everything the old switch had is still shown, as a zombie: no event ever said it ended.
    for (const QString &uuid : before) {
        const Monitor::Channel *c = m->channels()->channel(uuid);
        QVERIFY2(c && c->zombie, qPrintable(uuid));
    }
    // The new switch's calls appear as they are placed.
    const QString newCall = rig.longCall(u"After the restart"_s);
    QVERIFY(waitFor(
        [&] {
            const Monitor::Channel *c = m->channels()->channel(newCall);
            return c && !c->bridgedTo.isEmpty();
        },
        kWait));
    const qint64 placed = rig.traffic->callsPlaced();
    QVERIFY(waitFor([&] { return rig.traffic->callsPlaced() >= placed + 5; }, kWait));
    AGREES(rig);
}

void TestFaults::sigkillWhileCapturingLosesAtMostTheLastSecond()
{
    QRandomGenerator random(m_seed);
    Rig rig(m_seed);
    // What the switch sent the capture, from the moment it subscribed, and when.
    struct Sent
    {
        Sim::FiredEventPtr event;
        qint64 ms = 0;
    };
    QList<Sent> sent;
    bool subscribed = false;
    QObject::connect(
        rig.server.get(), &Sim::EventSocketServer::commandReceived, rig.sw.get(),
        [&](const Esl::wire::Command &c) { subscribed |= c.line == "event plain ALL"; });
    QObject::connect(rig.sw.get(), &Sim::Switch::eventFired, rig.sw.get(),
                     [&](const Sim::FiredEventPtr &e) {
                         if (subscribed)
                             sent.append({e, QDateTime::currentMSecsSinceEpoch()});
                     });
    rig.traffic->start();

    QTemporaryDir dir;
    const QString file = dir.filePath(u"capture.journal"_s);
    QProcess capture;
    capture.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    capture.start(QCoreApplication::applicationFilePath(),
                  {u"--capture"_s, QString::number(rig.server->serverPort()), file});
    QVERIFY(capture.waitForStarted(kWait));
    QVERIFY(waitFor([&] { return capture.canReadLine(); }, kWait));
    QCOMPARE(capture.readLine().trimmed(), "capturing"_ba);
    // Capture until the journal has been written twice, then a little more: a random moment
    // in the flush cycle.
    qint64 firstFlush = 0;
    QVERIFY(waitFor(
        [&] {
            const auto sessions = Monitor::Journal::sessions(file);
            const qint64 n = sessions && !sessions->isEmpty() ? sessions->first().records : 0;
            if (firstFlush == 0)
                firstFlush = n;
            return firstFlush > 0 && n > firstFlush;
        },
        kWait, 50));
    const qsizetype target = sent.size() + 20 + random.bounded(400);
    QVERIFY(waitFor([&] { return sent.size() >= target; }, kWait));
    const qint64 killedMs = QDateTime::currentMSecsSinceEpoch();
    capture.kill(); // SIGKILL: no close(), no destructor, whatever was queued dies with it
    QVERIFY(capture.waitForFinished(kWait));
    QCOMPARE(capture.exitStatus(), QProcess::CrashExit);

    const auto sessions = Monitor::Journal::sessions(file);
    QVERIFY2(sessions, qPrintable(sessions ? QString() : sessions.error().toString()));
    QCOMPARE(sessions->size(), 1);
    QCOMPARE(sessions->first().note, u"killed while capturing"_s);
    Monitor::EventStore store;
    const auto loaded = Monitor::Journal::load(file, sessions->first().id, store);
    QVERIFY2(loaded, qPrintable(loaded ? QString() : loaded.error().toString()));
    QCOMPARE(loaded->undecodable, 0);
    QCOMPARE(loaded->logLines, 0);
    const qsizetype kept = qsizetype(store.size());
    QVERIFY(kept > 0 && kept <= sent.size());
    // The journal holds a prefix of what the switch sent: the same events, in order, none
    // skipped.
    for (qsizetype i = 0; i < kept; ++i) {
        QVERIFY2(store.event(Monitor::Sequence(i))->headers() == sent[i].event->event().headers(),
                 qPrintable(u"record %1 is not the switch's event %1"_s.arg(i)));
    }
    // And only the last moments are missing: everything sent before them was kept.
    const qint64 lostFrom = kept < sent.size() ? sent[kept].ms : killedMs;
    qInfo("kept %lld of %lld events; the first one lost was sent %lld ms before the kill",
          qint64(kept), qint64(sent.size()), killedMs - lostFrom);
    QVERIFY2(killedMs - lostFrom <= kMaxLossMs,
             qPrintable(u"lost events sent %1 ms before the kill"_s.arg(killedMs - lostFrom)));
}

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (argc >= 4 && qstrcmp(argv[1], "--capture") == 0)
        return runCapture(QCoreApplication::arguments());
    TestFaults test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_faults.moc"
