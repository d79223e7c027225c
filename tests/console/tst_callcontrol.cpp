// Ui::CallControl against the simulated switch. Every action is checked twice: by the command
// the switch received (the transcript), and by what the monitor then shows for the channel.
// Happy flows first (hang up, transfer, hold, park, bridge, record, DTMF, dump, eavesdrop,
// originate, execute, attended transfer); then rainy days: input that must never reach the
// switch, channels that are gone, a switch that is gone, one that stops answering, a double
// click, and the audit trail of it all.

#include "support/uisim.h"

#include "console/callcontrol.h"
#include "monitor/eslswitchlink.h"
#include "monitor/panelstore.h"
#include "support/fakeswitchlink.h"

#include <QElapsedTimer>
#include <QRegularExpression>
#include <QTest>
#include <QTimer>

#include <functional>
#include <memory>

using namespace Qt::Literals::StringLiterals;
using Console::ActionOutcome;
using Console::CallControl;
using Monitor::ChannelKey;
using TestSupport::kWait;
namespace C = Esl::Commands;

using Action = std::function<QFuture<Console::ActionOutcome>(Console::CallControl &,
                                                             const Monitor::ChannelKey &)>;
Q_DECLARE_METATYPE(Action)

namespace {

// One switch, the hub watching it, the control under test, and the transcript of everything the
// switch was sent and everything the control announced.
struct Rig
{
    explicit Rig(int ringMs = 20) : sim(ringMs)
    {
        QObject::connect(sim.server.get(), &Sim::EventSocketServer::commandReceived, &hub,
                         [this](const Esl::wire::Command &command) { received.append(command); });
        QObject::connect(&control, &Console::CallControl::started, &hub,
                         [this](const Console::ActionOutcome &o) { started.append(o); });
        QObject::connect(&control, &Console::CallControl::finished, &hub,
                         [this](const Console::ActionOutcome &o) { finished.append(o); });
        monitor = watch(sim, u"pbx1"_s);
        received.clear();
    }

    // Like UiSim::watch, without the periodic re-read of the channel list: the transcript holds
    // the operator's commands and nothing else.
    Monitor::ServerMonitor *watch(const TestSupport::UiSim &s, const QString &name)
    {
        Monitor::ServerProfile profile = s.profile(name);
        profile.reconcileIntervalMs = 3600 * 1000;
        Monitor::ServerMonitor *m = hub.addServer(profile);
        m->start();
        if (!QTest::qWaitFor([m] { return settled(m); }, kWait))
            return nullptr;
        return m;
    }
    // In step, and the supervisor panels' listings (some in two steps) all answered.
    static bool settled(const Monitor::ServerMonitor *m)
    {
        if (!m->link()->isLive() || m->isOutOfStep())
            return false;
        for (const Monitor::PanelStore *store : m->panels()->stores()) {
            if (store->syncState() == Monitor::PanelSyncState::Syncing)
                return false;
        }
        return true;
    }

    [[nodiscard]] Monitor::ChannelKey key(const QString &uuid) const
    {
        return {monitor->id(), uuid};
    }
    [[nodiscard]] const Monitor::Channel *channel(const QString &uuid) const
    {
        return monitor->channels()->channel(uuid);
    }
    [[nodiscard]] QString bridgedTo(const QString &uuid) const
    {
        const Monitor::Channel *c = channel(uuid);
        return c ? c->bridgedTo : QString();
    }

    // A call answered and bridged, as the monitor sees it; returns the A leg.
    QString bridgedCall(const QString &name = u"Alice"_s, const QString &number = u"1000"_s,
                        const QString &destination = u"2000"_s)
    {
        const QString a = sim.call(name, number, destination);
        if (!QTest::qWaitFor([&] { return !bridgedTo(a).isEmpty(); }, kWait))
            return {};
        return a;
    }
    // A call the switch answered and parked (waiting for an operator).
    QString parkedCall(const QString &name, const QString &number)
    {
        Sim::Switch::CallSpec spec;
        spec.callerName = name;
        spec.callerNumber = number;
        spec.destination = u"5000"_s;
        spec.bridge = false;
        const QString uuid = sim.sw->placeCall(spec);
        if (!QTest::qWaitFor(
                [&] {
                    const Monitor::Channel *c = channel(uuid);
                    return c && c->parked && c->answerState == u"answered";
                },
                kWait))
            return {};
        return uuid;
    }

    // The first lines of what the switch received, the test's markers left out.
    [[nodiscard]] QStringList lines() const
    {
        QStringList out;
        for (const Esl::wire::Command &c : received) {
            if (!c.line.startsWith("api echo marker-"))
                out.append(QString::fromUtf8(c.line));
        }
        return out;
    }
    // What the switch got up to now: a marker command goes down the same connection, and since
    // the connection keeps order, anything sent before it has arrived when the marker has.
    QStringList linesBeforeMarker()
    {
        const QByteArray marker = "api echo marker-" + QByteArray::number(++markers);
        monitor->link()->api(QString::fromUtf8(marker.mid(4)));
        const auto arrived = [&] {
            return std::any_of(received.cbegin(), received.cend(),
                               [&](const Esl::wire::Command &c) { return c.line == marker; });
        };
        if (!QTest::qWaitFor(arrived, kWait))
            return {u"(the marker never arrived)"_s};
        return lines();
    }

    TestSupport::UiSim sim;
    Monitor::Hub hub;
    Console::CallControl control{&hub};
    Monitor::ServerMonitor *monitor = nullptr;
    QList<Esl::wire::Command> received;
    QList<Console::ActionOutcome> started;
    QList<Console::ActionOutcome> finished;
    int markers = 0;
};

Console::ActionOutcome await(const QFuture<Console::ActionOutcome> &future)
{
    if (!QTest::qWaitFor([&] { return future.isFinished(); }, kWait))
        return Console::ActionOutcome{0, {}, {}, {}, true, false, u"(still pending)"_s, {}};
    return future.result();
}

QString header(const Esl::wire::Command &command, QByteArrayView name)
{
    return command.headers.text(name);
}

} // namespace

class TestCallControl : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    // Happy flows.
    void hangsUpWithTheCauseGiven();
    void namesARightToLeftCallerIsolated();
    void hangsUpSeveralChannelsAtOnce();
    void transfersTheLegsAsked_data();
    void transfersTheLegsAsked();
    void holdsResumesAndToggles();
    void aRefusalShowsTheSwitchsLogLineAboutTheChannel_data();
    void aRefusalShowsTheSwitchsLogLineAboutTheChannel();
    void aRefusedUnholdShowsTheSwitchsReason();
    void parksAChannel();
    void bridgesTwoParkedChannels();
    void startsAndStopsARecording();
    void sendsDtmf();
    void dumpsTheChannelsHeaders();
    void eavesdropsFromTheOperatorsPhone_data();
    void eavesdropsFromTheOperatorsPhone();
    void originatesToAnExtension();
    void failedOriginateCarriesTheSwitchsError_data();
    void failedOriginateCarriesTheSwitchsError();
    void executeFinishesOnlyWhenTheApplicationCompletes();
    void attendedTransferRunsAttXfer_data();
    void attendedTransferRunsAttXfer();
    void runsApplicationsThroughUuidBroadcastWithoutSendmsg();

    // Rainy days.
    void refusesWithoutSendingAnything_data();
    void refusesWithoutSendingAnything();
    void refusesAChannelThatHasHungUp();
    void refusesAChannelTheSwitchNoLongerHas();
    void refusesABridgeAcrossTwoServers();
    void refusesToBridgeTwoEndsOfOneLoopbackChain();
    void failsAtOnceWhenTheSwitchIsGone();
    void timesOutWhenTheSwitchStopsAnswering_data();
    void timesOutWhenTheSwitchStopsAnswering();
    void waitsForARingingPhoneOrARunningApplicationBeyondTheTimeout();
    void sendsAHangupOnlyOnceWhileItIsOutstanding();
    void auditsEverySentActionWithItsReply();
    void outstandingActionsOutliveTheControl();
    void expandsARecordingTemplateIntoASafePath_data();
    void expandsARecordingTemplateIntoASafePath();

private:
    std::unique_ptr<Rig> m_rig;
};

void TestCallControl::init()
{
    m_rig = std::make_unique<Rig>();
    QVERIFY(m_rig->monitor);
}

void TestCallControl::cleanup()
{
    if (m_rig) {
        // started() and finished() pair up by id, whatever the test did.
        QStringList unpaired;
        for (const Console::ActionOutcome &s : std::as_const(m_rig->started)) {
            QVERIFY(s.pending);
            const auto n =
                std::count_if(m_rig->finished.cbegin(), m_rig->finished.cend(),
                              [&](const Console::ActionOutcome &f) { return f.id == s.id; });
            if (n != 1 && m_rig->control.outstanding() == 0)
                unpaired.append(u"%1 %2 (finished %3 times)"_s.arg(s.id).arg(s.what).arg(n));
        }
        for (const Console::ActionOutcome &f : std::as_const(m_rig->finished))
            QVERIFY(!f.pending);
        QVERIFY2(unpaired.isEmpty(), qPrintable(unpaired.join(u"; "_s)));
    }
    m_rig.reset();
}

// ---- happy flows -----------------------------------------------------------------------------

void TestCallControl::namesARightToLeftCallerIsolated()
{
    Rig &r = *m_rig;
    const QString a = r.bridgedCall(u"محمد العلي"_s, u"1017"_s, u"2000"_s);
    QVERIFY(!a.isEmpty());
    // The name in FSI … PDI: its direction stays inside, and the number and the arrow after it
    // read left to right in a notice.
    QCOMPARE(r.control.describe(r.key(a)), u"\u2068محمد العلي\u2069 (1017) → 2000"_s);
    const QString b = r.bridgedCall(u"Alice"_s, u"1000"_s, u"2001"_s);
    QCOMPARE(r.control.describe(r.key(b)), u"Alice (1000) → 2001"_s);
}

void TestCallControl::hangsUpWithTheCauseGiven()
{
    Rig &r = *m_rig;
    const QString a = r.bridgedCall();
    QVERIFY(!a.isEmpty());
    const QString b = r.bridgedTo(a);

    const Console::ActionOutcome o = await(r.control.hangup(r.key(a), u"USER_BUSY"_s));

    QCOMPARE(r.lines(), QStringList{u"api uuid_kill %1 USER_BUSY"_s.arg(a)});
    QVERIFY2(o.ok, qPrintable(o.reply));
    QCOMPARE(o.command, u"api uuid_kill %1 USER_BUSY"_s.arg(a));
    QCOMPARE(o.reply, u"+OK"_s);
    QCOMPARE(o.server, u"pbx1"_s);
    QCOMPARE(o.what, u"Hang up Alice (1000) → 2000"_s);
    QVERIFY(QTest::qWaitFor([&] { return r.channel(a)->ended && r.channel(b)->ended; }, kWait));
    QCOMPARE(r.channel(a)->hangupCause, u"USER_BUSY"_s);
    QCOMPARE(r.control.outstanding(), 0);
}

void TestCallControl::hangsUpSeveralChannelsAtOnce()
{
    Rig &r = *m_rig;
    const QStringList calls{r.bridgedCall(u"Alice"_s, u"1000"_s),
                            r.bridgedCall(u"Bob"_s, u"1001"_s),
                            r.bridgedCall(u"Carol"_s, u"1002"_s)};
    QVERIFY(!calls.contains(QString()));

    QList<QFuture<Console::ActionOutcome>> futures;
    for (const QString &uuid : calls)
        futures.append(r.control.hangup(r.key(uuid), u"CALL_REJECTED"_s));
    QCOMPARE(r.control.outstanding(), 3);

    QStringList expected;
    for (qsizetype i = 0; i < calls.size(); ++i) {
        const Console::ActionOutcome o = await(futures[i]);
        QVERIFY2(o.ok, qPrintable(o.reply));
        expected.append(u"api uuid_kill %1 CALL_REJECTED"_s.arg(calls[i]));
    }
    QCOMPARE(r.lines(), expected);
    QVERIFY(QTest::qWaitFor(
        [&] {
            return std::all_of(calls.cbegin(), calls.cend(),
                               [&](const QString &uuid) { return r.channel(uuid)->ended; });
        },
        kWait));
    for (const QString &uuid : calls)
        QCOMPARE(r.channel(uuid)->hangupCause, u"CALL_REJECTED"_s);
    QCOMPARE(r.control.outstanding(), 0);
}

void TestCallControl::transfersTheLegsAsked_data()
{
    QTest::addColumn<int>("leg");
    QTest::addColumn<QString>("dialplan");
    QTest::addColumn<QString>("context");
    QTest::addColumn<QString>("line");   // %1: the A leg, %2: the B leg
    QTest::addColumn<bool>("movesBLeg"); // else the A leg moves
    QTest::addColumn<QString>("newContext");

    QTest::newRow("A leg") << int(C::Leg::A) << QString() << QString()
                           << u"api uuid_transfer %1 3000"_s << false << u"default"_s;
    QTest::newRow("A leg, dialplan and context")
        << int(C::Leg::A) << u"XML"_s << u"public"_s << u"api uuid_transfer %1 3000 XML public"_s
        << false << u"public"_s;
    QTest::newRow("B leg") << int(C::Leg::B) << QString() << QString()
                           << u"api uuid_transfer %1 -bleg 3000"_s << true << u"default"_s;
    QTest::newRow("both legs") << int(C::Leg::Both) << u"XML"_s << u"default"_s
                               << u"api uuid_transfer %1 -both 3000 XML default"_s << false
                               << u"default"_s;
}

void TestCallControl::transfersTheLegsAsked()
{
    QFETCH(int, leg);
    QFETCH(QString, dialplan);
    QFETCH(QString, context);
    QFETCH(QString, line);
    QFETCH(bool, movesBLeg);
    QFETCH(QString, newContext);
    Rig &r = *m_rig;
    const QString a = r.bridgedCall();
    QVERIFY(!a.isEmpty());
    const QString b = r.bridgedTo(a);
    QCOMPARE(r.channel(a)->destination, u"2000"_s);

    const Console::ActionOutcome o =
        await(r.control.transfer(r.key(a), u"3000"_s, C::Leg(leg), dialplan, context));

    QCOMPARE(r.lines(), QStringList{line.arg(a)});
    QVERIFY2(o.ok, qPrintable(o.reply));
    QCOMPARE(o.command, line.arg(a));
    QCOMPARE(o.reply, u"+OK"_s);
    // The leg that moved goes through the dialplan again, to the new destination.
    const QString moved = movesBLeg ? b : a;
    QVERIFY(QTest::qWaitFor([&] { return r.channel(moved)->destination == u"3000"; }, kWait));
    QCOMPARE(r.channel(moved)->context, newContext);
    QVERIFY(!r.channel(moved)->ended);
}

void TestCallControl::holdsResumesAndToggles()
{
    Rig &r = *m_rig;
    const QString a = r.bridgedCall();
    QVERIFY(!a.isEmpty());
    const Monitor::ChannelKey k = r.key(a);

    Console::ActionOutcome o = await(r.control.hold(k));
    QVERIFY2(o.ok, qPrintable(o.reply));
    QCOMPARE(o.command, u"api uuid_hold %1"_s.arg(a));
    QVERIFY(QTest::qWaitFor([&] { return r.channel(a)->held; }, kWait));

    o = await(r.control.hold(k, C::HoldAction::Unhold));
    QVERIFY2(o.ok, qPrintable(o.reply));
    QVERIFY(QTest::qWaitFor([&] { return !r.channel(a)->held; }, kWait));

    o = await(r.control.hold(k, C::HoldAction::Toggle));
    QVERIFY2(o.ok, qPrintable(o.reply));
    QCOMPARE(o.reply, u"+OK Success"_s);
    QVERIFY(QTest::qWaitFor([&] { return r.channel(a)->held; }, kWait));

    QCOMPARE(r.lines(), (QStringList{u"api uuid_hold %1"_s.arg(a), u"api uuid_hold off %1"_s.arg(a),
                                     u"api uuid_hold toggle %1"_s.arg(a)}));
    QCOMPARE(r.channel(a)->displayState(), u"held"_s);
}

void TestCallControl::aRefusalShowsTheSwitchsLogLineAboutTheChannel_data()
{
    QTest::addColumn<int>("delayMs");  // when the switch logs, after the command arrives; -1: never
    QTest::addColumn<bool>("aboutIt"); // the line names the channel (else its partner)
    QTest::addColumn<bool>("shown");

    QTest::newRow("logged as the command arrives") << 0 << true << true;
    QTest::newRow("logged a moment after the reply") << 400 << true << true;
    QTest::newRow("logged about another channel") << 0 << false << false;
    QTest::newRow("logged too late") << 2500 << true << false;
    QTest::newRow("nothing logged") << -1 << true << false;
}

// A refusal the simulated switch does not explain (stopping a recording that is not running);
// the test writes the switch's log line, when it likes.
void TestCallControl::aRefusalShowsTheSwitchsLogLineAboutTheChannel()
{
    QFETCH(int, delayMs);
    QFETCH(bool, aboutIt);
    QFETCH(bool, shown);
    Rig &r = *m_rig;
    const QString a = r.bridgedCall();
    QVERIFY(!a.isEmpty());
    Sim::LogEntry entry;
    entry.level = 3;
    entry.file = u"mod_dptools.c"_s;
    entry.function = u"scripted"_s;
    entry.line = 1;
    entry.uuid = aboutIt ? a : r.bridgedTo(a);
    entry.text = "No recording to /tmp/none.wav on this channel\n";
    entry.channel = 3;
    QObject context;
    QObject::connect(r.sim.server.get(), &Sim::EventSocketServer::commandReceived, &context,
                     [&](const Esl::wire::Command &command) {
                         if (!command.line.startsWith("api uuid_record") || delayMs < 0)
                             return;
                         QTimer::singleShot(delayMs, &context,
                                            [&r, entry] { r.sim.sw->log(entry); });
                     });
    QElapsedTimer clock;
    clock.start();
    const Console::ActionOutcome o = await(r.control.stopRecording(r.key(a), u"/tmp/none.wav"_s));
    QVERIFY(!o.ok);
    QVERIFY2(o.reply.startsWith(u"-ERR Cannot stop record session!"_s), qPrintable(o.reply));
    QCOMPARE(o.reply.contains(u"The switch logged: No recording to /tmp/none.wav"_s), shown);
    // Without a line, the failure waits a second for one, not more.
    QVERIFY(clock.elapsed() < Console::CallControl::kLogNearMs + 2000);
}

// The real switch refuses `uuid_hold off` on a loopback channel (its hold is never confirmed by
// signalling) with "-ERR Operation failed", and says why only in its log; so does the simulator.
void TestCallControl::aRefusedUnholdShowsTheSwitchsReason()
{
    Rig &r = *m_rig;
    const QString a = r.bridgedCall();
    QVERIFY(!a.isEmpty());
    const Console::ActionOutcome o = await(r.control.hold(r.key(a), C::HoldAction::Unhold));
    QVERIFY(!o.ok);
    QVERIFY2(o.reply.startsWith(u"-ERR Operation failed\nThe switch logged: Call is not on hold"_s),
             qPrintable(o.reply));
}

void TestCallControl::parksAChannel()
{
    Rig &r = *m_rig;
    const QString a = r.bridgedCall();
    QVERIFY(!a.isEmpty());

    const Console::ActionOutcome o = await(r.control.park(r.key(a)));

    QCOMPARE(r.lines(), QStringList{u"api uuid_park %1"_s.arg(a)});
    QVERIFY2(o.ok, qPrintable(o.reply));
    QVERIFY(QTest::qWaitFor([&] { return r.channel(a)->parked; }, kWait));
    QVERIFY(r.channel(a)->bridgedTo.isEmpty());
    QCOMPARE(r.channel(a)->displayState(), u"parked"_s);
}

void TestCallControl::bridgesTwoParkedChannels()
{
    Rig &r = *m_rig;
    const QString a = r.parkedCall(u"Alice"_s, u"1000"_s);
    const QString b = r.parkedCall(u"Bob"_s, u"1001"_s);
    QVERIFY(!a.isEmpty() && !b.isEmpty());

    const Console::ActionOutcome o = await(r.control.bridge(r.key(a), r.key(b)));

    QCOMPARE(r.lines(), QStringList{u"api uuid_bridge %1 %2"_s.arg(a, b)});
    QVERIFY2(o.ok, qPrintable(o.reply));
    QCOMPARE(o.reply, u"+OK %1"_s.arg(b));
    QVERIFY(QTest::qWaitFor([&] { return r.bridgedTo(a) == b && r.bridgedTo(b) == a; }, kWait));
    QVERIFY(!r.channel(a)->parked);
    QVERIFY(!r.channel(b)->parked);
}

void TestCallControl::startsAndStopsARecording()
{
    Rig &r = *m_rig;
    const QString a = r.bridgedCall();
    QVERIFY(!a.isEmpty());
    const QString path = u"/var/lib/freeswitch/recordings/%1.wav"_s.arg(a);

    Console::ActionOutcome o = await(r.control.startRecording(r.key(a), path));
    QVERIFY2(o.ok, qPrintable(o.reply));
    QVERIFY(QTest::qWaitFor([&] { return r.channel(a)->recordPath == path; }, kWait));
    QVERIFY(r.channel(a)->isRecording());

    o = await(r.control.stopRecording(r.key(a)));
    QVERIFY2(o.ok, qPrintable(o.reply));
    QVERIFY(QTest::qWaitFor([&] { return !r.channel(a)->isRecording(); }, kWait));

    QCOMPARE(r.lines(), (QStringList{u"api uuid_record %1 start %2"_s.arg(a, path),
                                     u"api uuid_record %1 stop all"_s.arg(a)}));
}

void TestCallControl::sendsDtmf()
{
    Rig &r = *m_rig;
    const QString a = r.bridgedCall();
    QVERIFY(!a.isEmpty());

    const Console::ActionOutcome o = await(r.control.sendDtmf(r.key(a), u"12w#@200"_s));

    QCOMPARE(r.lines(), QStringList{u"api uuid_send_dtmf %1 12w#@200"_s.arg(a)});
    QVERIFY2(o.ok, qPrintable(o.reply));
    QCOMPARE(o.reply, u"+OK %1 sent DTMF 12w#@200."_s.arg(a));
}

void TestCallControl::dumpsTheChannelsHeaders()
{
    Rig &r = *m_rig;
    const QString a = r.bridgedCall();
    QVERIFY(!a.isEmpty());

    const Console::ActionOutcome o = await(r.control.dump(r.key(a)));

    QCOMPARE(r.lines(), QStringList{u"api uuid_dump %1"_s.arg(a)});
    QVERIFY2(o.ok, qPrintable(o.reply));
    const QStringList dump = o.reply.split(u'\n');
    QVERIFY2(dump.contains(u"Unique-ID: %1"_s.arg(a)), qPrintable(o.reply));
    QVERIFY2(dump.contains(u"Caller-Caller-ID-Number: 1000"_s), qPrintable(o.reply));
}

void TestCallControl::eavesdropsFromTheOperatorsPhone_data()
{
    QTest::addColumn<int>("mode");
    QTest::addColumn<QString>("line"); // %1: the channel listened to
    QTest::addColumn<QString>("application");

    QTest::newRow("listen") << int(Console::CallControl::Eavesdrop::Listen)
                            << u"bgapi originate {origination_caller_id_name=Listen,"
                               "origination_caller_id_number=1000}user/1000 &eavesdrop(%1)"_s
                            << u"eavesdrop"_s;
    QTest::newRow("whisper") << int(Console::CallControl::Eavesdrop::Whisper)
                             << u"bgapi originate {origination_caller_id_name=Whisper,"
                                "origination_caller_id_number=1000,eavesdrop_whisper_aleg=true}"
                                "user/1000 &eavesdrop(%1)"_s
                             << u"eavesdrop"_s;
    QTest::newRow("barge") << int(Console::CallControl::Eavesdrop::Barge)
                           << u"bgapi originate {origination_caller_id_name=Barge,"
                              "origination_caller_id_number=1000}user/1000 &three_way(%1)"_s
                           << u"three_way"_s;
}

void TestCallControl::eavesdropsFromTheOperatorsPhone()
{
    QFETCH(int, mode);
    QFETCH(QString, line);
    QFETCH(QString, application);
    Rig &r = *m_rig;
    const QString a = r.bridgedCall();
    QVERIFY(!a.isEmpty());

    const Console::ActionOutcome o =
        await(r.control.eavesdrop(r.key(a), Console::CallControl::Eavesdrop(mode), u"user/1000"_s));

    QCOMPARE(r.lines(), QStringList{line.arg(a)});
    QVERIFY(r.received.first().headers.contains("Job-UUID"));
    QVERIFY2(o.ok, qPrintable(o.reply));
    QCOMPARE(o.command, line.arg(a));
    static const QRegularExpression okUuid(u"^\\+OK ([0-9a-f-]{36})$"_s);
    const QRegularExpressionMatch m = okUuid.match(o.reply);
    QVERIFY2(m.hasMatch(), qPrintable(o.reply));
    const QString operatorLeg = m.captured(1);
    QVERIFY(QTest::qWaitFor(
        [&] {
            const Monitor::Channel *c = r.channel(operatorLeg);
            return c && c->application == application;
        },
        kWait));
    QCOMPARE(r.channel(operatorLeg)->applicationData, a);
    QCOMPARE(r.channel(operatorLeg)->destination, u"1000"_s);
    QVERIFY(!r.channel(a)->ended);
}

void TestCallControl::originatesToAnExtension()
{
    Rig &r = *m_rig;
    C::Originate request;
    request.endpoint = u"user/1001"_s;
    request.extension = u"2000"_s;
    request.dialplan = u"XML"_s;
    request.context = u"default"_s;
    request.callerIdName = u"Switchboard"_s;

    const Console::ActionOutcome o = await(r.control.originate(r.monitor->id(), request));

    const QString line =
        u"bgapi originate {origination_caller_id_name=Switchboard}user/1001 2000 XML default"_s;
    QCOMPARE(r.lines(), QStringList{line});
    QVERIFY2(o.ok, qPrintable(o.reply));
    QCOMPARE(o.command, line);
    QCOMPARE(o.what, u"Call 2000 from user/1001"_s);
    const QString uuid = o.reply.section(u' ', 1);
    QVERIFY2(o.reply.startsWith(u"+OK ") && uuid.size() == 36, qPrintable(o.reply));
    // The new leg rang user/1001 and, answered, the dialplan bridged it to 2000.
    QVERIFY(QTest::qWaitFor([&] { return !r.bridgedTo(uuid).isEmpty(); }, kWait));
    QCOMPARE(r.channel(uuid)->callerName, u"Switchboard"_s);
    QCOMPARE(r.channel(r.bridgedTo(uuid))->destination, u"2000"_s);
}

void TestCallControl::failedOriginateCarriesTheSwitchsError_data()
{
    QTest::addColumn<QString>("endpoint");
    QTest::addColumn<QString>("error");

    QTest::newRow("unknown endpoint type") << u"skype/1001"_s << u"-ERR CHAN_NOT_IMPLEMENTED"_s;
    QTest::newRow("the callee is busy") << u"error/USER_BUSY"_s << u"-ERR USER_BUSY"_s;
}

void TestCallControl::failedOriginateCarriesTheSwitchsError()
{
    QFETCH(QString, endpoint);
    QFETCH(QString, error);
    Rig &r = *m_rig;
    C::Originate request;
    request.endpoint = endpoint;
    request.extension = u"2000"_s;

    const Console::ActionOutcome o = await(r.control.originate(r.monitor->id(), request));

    QCOMPARE(r.lines(), QStringList{u"bgapi originate %1 2000"_s.arg(endpoint)});
    QVERIFY(!o.ok);
    QVERIFY(!o.pending);
    QCOMPARE(o.reply, error);
    QCOMPARE(r.hub.audit()->entries().last().reply, error);
    QVERIFY(!r.hub.audit()->entries().last().ok);
}

void TestCallControl::executeFinishesOnlyWhenTheApplicationCompletes()
{
    Rig &r = *m_rig;
    const QString a = r.parkedCall(u"Alice"_s, u"1000"_s);
    QVERIFY(!a.isEmpty());
    // When the control says "finished", has the switch completed the application?
    bool completedBeforeFinished = false;
    int completions = 0;
    QObject::connect(r.sim.sw.get(), &Sim::Switch::eventFired, &r.hub,
                     [&](const Sim::FiredEventPtr &e) {
                         if (e->event().eventName() == "CHANNEL_EXECUTE_COMPLETE" &&
                             e->event().text("Application") == u"playback")
                             ++completions;
                     });
    QObject::connect(&r.control, &Console::CallControl::finished, &r.hub,
                     [&] { completedBeforeFinished = completions == 1; });

    const QFuture<Console::ActionOutcome> future =
        r.control.execute(r.key(a), u"playback"_s, u"/tmp/welcome to the desk.wav"_s, true);

    QCOMPARE(r.started.size(), 1);
    QVERIFY(r.started.first().pending);
    QVERIFY(r.finished.isEmpty());
    // The switch took it and the application is running: still pending.
    QVERIFY(QTest::qWaitFor([&] { return r.channel(a)->application == u"playback"; }, kWait));
    QCOMPARE(r.received.size(), 1);
    const Esl::wire::Command &sent = r.received.first();
    QCOMPARE(sent.line, u"sendmsg %1"_s.arg(a).toUtf8());
    QCOMPARE(header(sent, "call-command"), u"execute"_s);
    QCOMPARE(header(sent, "execute-app-name"), u"playback"_s);
    QCOMPARE(header(sent, "execute-app-arg"), u"/tmp/welcome to the desk.wav"_s);
    QCOMPARE(header(sent, "event-lock"), u"true"_s);
    QCOMPARE(r.channel(a)->applicationData, u"/tmp/welcome to the desk.wav"_s);
    QVERIFY(!future.isFinished());
    QVERIFY(r.finished.isEmpty());
    QCOMPARE(r.control.outstanding(), 1);

    const Console::ActionOutcome o = await(future);
    QVERIFY2(o.ok, qPrintable(o.reply));
    QVERIFY(!o.pending);
    QCOMPARE(o.reply, u"completed: FILE PLAYED"_s);
    QCOMPARE(o.command, u"sendmsg %1\ncall-command: execute\nexecute-app-name: playback\n"
                        "execute-app-arg: /tmp/welcome to the desk.wav\nevent-lock: true"_s.arg(a));
    QVERIFY(completedBeforeFinished);
    QCOMPARE(r.finished.size(), 1);
    QCOMPARE(r.finished.first().id, r.started.first().id);
    QCOMPARE(r.control.outstanding(), 0);
}

void TestCallControl::attendedTransferRunsAttXfer_data()
{
    QTest::addColumn<QString>("target");
    QTest::addColumn<QString>("dial");

    QTest::newRow("an extension, through loopback") << u"3000"_s << u"loopback/3000/default"_s;
    QTest::newRow("a dial string, as is") << u"user/3000"_s << u"user/3000"_s;
}

void TestCallControl::attendedTransferRunsAttXfer()
{
    QFETCH(QString, target);
    QFETCH(QString, dial);
    Rig &r = *m_rig;
    const QString a = r.bridgedCall();
    QVERIFY(!a.isEmpty());
    const QString b = r.bridgedTo(a);

    const QFuture<Console::ActionOutcome> future = r.control.attendedTransfer(r.key(a), target);

    QCOMPARE(r.started.size(), 1);
    QCOMPARE(r.started.first().what,
             u"Attended transfer of Alice (1000) → 2000 to %1"_s.arg(target));
    QCOMPARE(r.linesBeforeMarker(), QStringList{u"sendmsg %1"_s.arg(a)});
    const Esl::wire::Command &sent = r.received.first();
    QCOMPARE(header(sent, "call-command"), u"execute"_s);
    QCOMPARE(header(sent, "execute-app-name"), u"att_xfer"_s);
    QCOMPARE(header(sent, "execute-app-arg"), dial);
    QVERIFY(!sent.headers.contains("event-lock"));

    // The channel consults the target while its partner waits; the action lasts as long.
    QVERIFY(QTest::qWaitFor(
        [&] {
            const Monitor::Channel *t = r.channel(r.bridgedTo(a));
            return t && t->uuid != b && t->destination == u"3000";
        },
        kWait));
    const QString consulted = r.bridgedTo(a);
    QCOMPARE(r.channel(a)->application, u"att_xfer"_s);
    QVERIFY(!future.isFinished());
    QCOMPARE(r.control.outstanding(), 1);

    // The transferor hangs up: the partner gets the target, and att_xfer completes.
    r.sim.sw->hangup(a, u"NORMAL_CLEARING"_s);
    const Console::ActionOutcome o = await(future);
    QVERIFY2(o.ok, qPrintable(o.reply));
    QCOMPARE(o.reply, u"completed: _none_"_s);
    QCOMPARE(o.what, r.started.first().what);
    QVERIFY(QTest::qWaitFor(
        [&] { return r.bridgedTo(b) == consulted && r.bridgedTo(consulted) == b; }, kWait));
    QVERIFY(r.channel(a)->ended);
    QCOMPARE(r.finished.size(), 1);
    QCOMPARE(r.finished.first().what, o.what);
    QCOMPARE(r.control.outstanding(), 0);
    QCOMPARE(r.lines(), QStringList{u"sendmsg %1"_s.arg(a)});
}

void TestCallControl::runsApplicationsThroughUuidBroadcastWithoutSendmsg()
{
    // A switch reached through a link with api but no sendmsg (a broker's), its channel known
    // from an event.
    Monitor::Hub hub;
    Console::CallControl control{&hub};
    Monitor::ServerProfile profile;
    profile.name = u"broker-pbx"_s;
    profile.reconcileIntervalMs = 3600 * 1000; // the transcript holds the operator's commands
    auto owned =
        std::make_unique<TestSupport::FakeSwitchLink>(TestSupport::FakeSwitchLink::kBroker);
    TestSupport::FakeSwitchLink *link = owned.get();
    link->apiAnswers.insert(u"show channels as json"_s, R"({"row_count":0})");
    link->apiAnswers.insert(u"show calls as json"_s, R"({"row_count":0})");
    Monitor::ServerMonitor *broker = hub.addServer(profile, std::move(owned));
    broker->start();
    link->goLive();
    QVERIFY(QTest::qWaitFor([&] { return !broker->isOutOfStep(); }, kWait));
    const QString uuid = u"5d0c2e4a-7b1f-4e39-a6c8-2f9e0b1d3c57"_s;
    Esl::HeaderList h;
    h.append("Event-Name", "CHANNEL_CREATE");
    h.appendText("Unique-ID", uuid);
    h.append("Channel-Name", "sofia/internal/1001@example.com");
    h.append("Caller-Caller-ID-Name", "Bob Broker");
    h.append("Caller-Caller-ID-Number", "1001");
    link->deliver(Esl::Event(h, {}, false));
    const ChannelKey key{broker->id(), uuid};
    QVERIFY(QTest::qWaitFor([&] { return control.liveChannel(key) != nullptr; }, kWait));
    const QString park = u"uuid_broadcast %1 park:: aleg"_s.arg(uuid);
    const QString attXfer = u"uuid_broadcast %1 att_xfer::loopback/3000/default aleg"_s.arg(uuid);
    link->apiAnswers.insert(park, "+OK Message Sent\n");
    link->apiAnswers.insert(attXfer, "+OK Message Sent\n");
    link->sent.clear();

    // The application goes as an api command, and its outcome says it was queued, not done.
    const Console::ActionOutcome parked = await(control.execute(key, u"park"_s, {}));
    QVERIFY2(parked.ok, qPrintable(parked.reply));
    QCOMPARE(parked.command, u"api "_s + park);
    QCOMPARE(parked.reply, u"queued on the channel (uuid_broadcast): completion is not reported "
                           "over Fake broker"_s);
    // An attended transfer likewise (att_xfer's dial string has no space).
    const Console::ActionOutcome attended = await(control.attendedTransfer(key, u"3000"_s));
    QVERIFY2(attended.ok, qPrintable(attended.reply));
    QCOMPARE(attended.command, u"api "_s + attXfer);
    QCOMPARE(link->sent, (QStringList{u"api "_s + park, u"api "_s + attXfer}));

    // Arguments uuid_broadcast cannot carry are refused, unsent, with the reason.
    const Console::ActionOutcome spaced =
        await(control.execute(key, u"playback"_s, u"/tmp/welcome to the desk.wav"_s));
    QVERIFY(spaced.refused());
    QVERIFY2(spaced.reply.contains(u"over Fake broker an application runs through "
                                   "uuid_broadcast"_s),
             qPrintable(spaced.reply));
    QVERIFY2(spaced.reply.contains(u"contain spaces, which uuid_broadcast cannot carry (it "
                                   "splits its line at them)"_s),
             qPrintable(spaced.reply));
    const Console::ActionOutcome quoted = await(control.execute(key, u"set"_s, u"x='y'"_s));
    QVERIFY(quoted.refused());
    QVERIFY2(quoted.reply.contains(u"uuid_broadcast would strip"_s), qPrintable(quoted.reply));
    QCOMPARE(link->sent.size(), 2);
}

// ---- rainy days ------------------------------------------------------------------------------

void TestCallControl::refusesWithoutSendingAnything_data()
{
    QTest::addColumn<Action>("action");
    QTest::addColumn<QString>("why");

    auto row = [](const char *name, const QString &why, Action action) {
        QTest::newRow(name) << std::move(action) << why;
    };
    row("CR in a transfer destination", u"CR character"_s,
        [](Console::CallControl &c, const Monitor::ChannelKey &k) {
            return c.transfer(k, u"3000\rhupall"_s);
        });
    row("LF in a transfer destination", u"LF character"_s,
        [](Console::CallControl &c, const Monitor::ChannelKey &k) {
            return c.transfer(k, u"3000\napi hupall"_s);
        });
    row("NUL in a transfer destination", u"NUL character"_s,
        [](Console::CallControl &c, const Monitor::ChannelKey &k) {
            return c.transfer(k, u"3000"_s + QChar(0) + u"1"_s);
        });
    row("an empty transfer destination", u"is empty"_s,
        [](Console::CallControl &c, const Monitor::ChannelKey &k) {
            return c.transfer(k, QString());
        });
    row("a transfer destination with a space", u"whitespace"_s,
        [](Console::CallControl &c, const Monitor::ChannelKey &k) {
            return c.transfer(k, u"30 00"_s);
        });
    row("a letter among DTMF digits", u"hold 'x'"_s,
        [](Console::CallControl &c, const Monitor::ChannelKey &k) {
            return c.sendDtmf(k, u"12x"_s);
        });
    row("no DTMF digits", u"DTMF digits are empty"_s,
        [](Console::CallControl &c, const Monitor::ChannelKey &k) {
            return c.sendDtmf(k, QString());
        });
    row("a cause in lower case", u"not a cause name"_s,
        [](Console::CallControl &c, const Monitor::ChannelKey &k) {
            return c.hangup(k, u"user_busy"_s);
        });
    row("a cause with a line break", u"LF character"_s,
        [](Console::CallControl &c, const Monitor::ChannelKey &k) {
            return c.hangup(k, u"USER_BUSY\n"_s);
        });
    row("an application name with a space", u"not an application name"_s,
        [](Console::CallControl &c, const Monitor::ChannelKey &k) {
            return c.execute(k, u"play back"_s, u"/tmp/a.wav"_s);
        });
    row("no application name", u"No application"_s,
        [](Console::CallControl &c, const Monitor::ChannelKey &k) {
            return c.execute(k, u" "_s, {});
        });
    row("application arguments with a line break", u"line break"_s,
        [](Console::CallControl &c, const Monitor::ChannelKey &k) {
            return c.execute(k, u"playback"_s, u"/tmp/a.wav\nexecute-app-name: hangup"_s);
        });
    row("a recording path with a space", u"whitespace"_s,
        [](Console::CallControl &c, const Monitor::ChannelKey &k) {
            return c.startRecording(k, u"/tmp/my call.wav"_s);
        });
    row("an attended transfer target with a CR", u"control characters"_s,
        [](Console::CallControl &c, const Monitor::ChannelKey &k) {
            return c.attendedTransfer(k, u"3000\r"_s);
        });
    row("an empty attended transfer target", u"target is empty"_s,
        [](Console::CallControl &c, const Monitor::ChannelKey &k) {
            return c.attendedTransfer(k, u" "_s);
        });
    row("eavesdropping with no operator endpoint", u"No operator endpoint"_s,
        [](Console::CallControl &c, const Monitor::ChannelKey &k) {
            return c.eavesdrop(k, Console::CallControl::Eavesdrop::Listen, QString());
        });
    row("eavesdropping from an endpoint with a space", u"whitespace"_s,
        [](Console::CallControl &c, const Monitor::ChannelKey &k) {
            return c.eavesdrop(k, Console::CallControl::Eavesdrop::Whisper, u"user/10 00"_s);
        });
    row("bridging a channel with itself", u"itself"_s,
        [](Console::CallControl &c, const Monitor::ChannelKey &k) { return c.bridge(k, k); });
    row("an unknown uuid", u"is not on pbx1"_s,
        [](Console::CallControl &c, const Monitor::ChannelKey &k) {
            return c.hangup({k.server, u"0badf00d-0000-4000-8000-000000000000"_s});
        });
    row("a server nobody watches", u"no longer watched"_s,
        [](Console::CallControl &c, const Monitor::ChannelKey &k) {
            return c.park({quint16(k.server + 7), k.uuid});
        });
    row("something that is not a uuid", u"not a channel uuid"_s,
        [](Console::CallControl &c, const Monitor::ChannelKey &k) {
            return c.hangup({k.server, u"abc def"_s});
        });
    row("an originate with neither extension nor application",
        u"needs either an extension or an application"_s,
        [](Console::CallControl &c, const Monitor::ChannelKey &k) {
            C::Originate request;
            request.endpoint = u"user/1000"_s;
            return c.originate(k.server, request);
        });
}

void TestCallControl::refusesWithoutSendingAnything()
{
    QFETCH(Action, action);
    QFETCH(QString, why);
    Rig &r = *m_rig;
    const QString a = r.bridgedCall();
    QVERIFY(!a.isEmpty());
    const int audited = r.hub.audit()->size();

    const QFuture<Console::ActionOutcome> future = action(r.control, r.key(a));

    // Refused on the spot: no waiting, no command, nothing audited.
    QVERIFY(future.isFinished());
    const Console::ActionOutcome o = future.result();
    QVERIFY(!o.ok);
    QVERIFY(!o.pending);
    QVERIFY2(o.reply.contains(why), qPrintable(o.reply));
    QVERIFY(o.command.isEmpty());
    QCOMPARE(r.started.size(), 1);
    QCOMPARE(r.finished.size(), 1);
    QCOMPARE(r.finished.first().id, r.started.first().id);
    QCOMPARE(r.control.outstanding(), 0);
    QCOMPARE(r.hub.audit()->size(), audited);
    QCOMPARE(r.linesBeforeMarker(), QStringList());
    QVERIFY(!r.channel(a)->ended);
}

void TestCallControl::refusesAChannelThatHasHungUp()
{
    Rig &r = *m_rig;
    const QString a = r.bridgedCall();
    QVERIFY(!a.isEmpty());
    const QString b = r.bridgedTo(a);
    const QString other = r.parkedCall(u"Bob"_s, u"1001"_s);
    QVERIFY(!other.isEmpty());
    r.sim.sw->hangup(a, u"NO_ANSWER"_s);
    QVERIFY(QTest::qWaitFor([&] { return r.channel(a)->ended && r.channel(b)->ended; }, kWait));
    const Monitor::ChannelKey k = r.key(a);

    const QList<QFuture<Console::ActionOutcome>> futures{
        r.control.hangup(k),
        r.control.transfer(k, u"3000"_s),
        r.control.hold(k),
        r.control.park(k),
        r.control.bridge(r.key(other), k),
        r.control.bridge(k, r.key(other)),
        r.control.startRecording(k, u"/tmp/a.wav"_s),
        r.control.sendDtmf(k, u"1"_s),
        r.control.dump(k),
        r.control.eavesdrop(k, Console::CallControl::Eavesdrop::Barge, u"user/1000"_s),
        r.control.execute(k, u"playback"_s, u"/tmp/a.wav"_s),
        r.control.attendedTransfer(k, u"3000"_s),
    };

    for (const QFuture<Console::ActionOutcome> &f : futures) {
        QVERIFY(f.isFinished());
        const Console::ActionOutcome o = f.result();
        QVERIFY(!o.ok);
        QVERIFY(o.command.isEmpty());
        QVERIFY2(o.reply.contains(u"hung up (NO_ANSWER)"_s),
                 qPrintable(o.what + u": "_s + o.reply));
        QVERIFY(o.refused());
        QVERIFY(!o.action.isEmpty());
    }
    QCOMPARE(r.linesBeforeMarker(), QStringList());
    QCOMPARE(r.hub.audit()->size(), 0);
    // No command went out, and the audit log says what was refused and why.
    const QList<Monitor::AuditEntry> &refused = r.hub.audit()->refusals();
    QCOMPARE(refused.size(), futures.size());
    for (qsizetype i = 0; i < refused.size(); ++i) {
        QVERIFY(refused[i].refused);
        QCOMPARE(refused[i].command, futures[i].result().what);
        QCOMPARE(refused[i].reply, futures[i].result().reply);
        QCOMPARE(r.hub.audit()->row(int(i)).command, refused[i].command);
    }
}

void TestCallControl::refusesAChannelTheSwitchNoLongerHas()
{
    Rig &r = *m_rig;
    const QString a = r.bridgedCall();
    QVERIFY(!a.isEmpty());
    // The switch restarts: its channels are gone without a word, and the monitor, back in step,
    // shows them as zombies.
    r.sim.sw->restart();
    QVERIFY(QTest::qWaitFor(
        [&] {
            return Rig::settled(r.monitor) && r.channel(a)->zombie;
        },
        kWait));
    r.received.clear();

    const QFuture<Console::ActionOutcome> f = r.control.hangup(r.key(a));

    QVERIFY(f.isFinished());
    QVERIFY(!f.result().ok);
    QVERIFY(f.result().command.isEmpty());
    QVERIFY2(f.result().reply.contains(u"no longer has the channel"_s),
             qPrintable(f.result().reply));
    QCOMPARE(r.linesBeforeMarker(), QStringList());
    QCOMPARE(r.hub.audit()->size(), 0);
}

void TestCallControl::refusesABridgeAcrossTwoServers()
{
    Rig &r = *m_rig;
    TestSupport::UiSim second;
    Monitor::ServerMonitor *pbx2 = r.watch(second, u"pbx2"_s);
    QVERIFY(pbx2);
    QList<Esl::wire::Command> receivedBySecond;
    QObject::connect(second.server.get(), &Sim::EventSocketServer::commandReceived, &r.hub,
                     [&](const Esl::wire::Command &c) { receivedBySecond.append(c); });
    const QString a = r.parkedCall(u"Alice"_s, u"1000"_s);
    QVERIFY(!a.isEmpty());
    const QString there = second.call(u"Bob"_s, u"1001"_s);
    QVERIFY(QTest::qWaitFor([&] { return pbx2->channels()->channel(there); }, kWait));

    const QFuture<Console::ActionOutcome> f = r.control.bridge(r.key(a), {pbx2->id(), there});

    QVERIFY(f.isFinished());
    QVERIFY(!f.result().ok);
    QVERIFY(f.result().command.isEmpty());
    QVERIFY2(f.result().reply.contains(u"different servers"_s), qPrintable(f.result().reply));
    QCOMPARE(r.linesBeforeMarker(), QStringList());
    QVERIFY(receivedBySecond.isEmpty());
    QCOMPARE(r.hub.audit()->size(), 0);
}

void TestCallControl::failsAtOnceWhenTheSwitchIsGone()
{
    Rig &r = *m_rig;
    const QString a = r.bridgedCall();
    QVERIFY(!a.isEmpty());
    r.sim.server->close();
    r.sim.server->dropAll();
    QVERIFY(QTest::qWaitFor([&] { return !r.monitor->link()->isLive(); }, kWait));
    r.received.clear();
    const Monitor::ChannelKey k = r.key(a);

    C::Originate call;
    call.endpoint = u"user/1001"_s;
    call.extension = u"2000"_s;
    const QList<QFuture<Console::ActionOutcome>> futures{
        r.control.hangup(k, u"USER_BUSY"_s),
        r.control.eavesdrop(k, Console::CallControl::Eavesdrop::Listen, u"user/1000"_s),
        r.control.execute(k, u"playback"_s, u"/tmp/a.wav"_s),
        r.control.originate(k.server, call),
    };

    // Nothing waits for a switch that is not there.
    for (const QFuture<Console::ActionOutcome> &f : futures) {
        QVERIFY(f.isFinished());
        const Console::ActionOutcome o = f.result();
        QVERIFY(!o.ok);
        QVERIFY(!o.command.isEmpty());
        QVERIFY2(o.reply.contains(u"not connected"_s), qPrintable(o.what + u": "_s + o.reply));
    }
    QCOMPARE(r.control.outstanding(), 0);
    QVERIFY(r.received.isEmpty());
    // The operator's attempt is on record, with why it failed.
    const QList<Monitor::AuditEntry> &audit = r.hub.audit()->entries();
    QCOMPARE(audit.size(), futures.size());
    for (qsizetype i = 0; i < futures.size(); ++i) {
        QCOMPARE(audit[i].command, futures[i].result().command);
        QCOMPARE(audit[i].server, u"pbx1"_s);
        QVERIFY(!audit[i].ok);
        QVERIFY(audit[i].finishedMs > 0);
        QVERIFY2(audit[i].reply.contains(u"not connected"_s), qPrintable(audit[i].reply));
    }
    QCOMPARE(audit[0].command, u"api uuid_kill %1 USER_BUSY"_s.arg(a));
}

void TestCallControl::timesOutWhenTheSwitchStopsAnswering_data()
{
    QTest::addColumn<Action>("action");
    QTest::addColumn<QString>("line"); // %1: the channel

    QTest::newRow("api: hang up") << Action([](Console::CallControl &c,
                                               const Monitor::ChannelKey &k) {
        return c.hangup(k, u"USER_BUSY"_s);
    }) << u"api uuid_kill %1 USER_BUSY"_s;
    QTest::newRow("bgapi: listen in")
        << Action([](Console::CallControl &c, const Monitor::ChannelKey &k) {
               return c.eavesdrop(k, Console::CallControl::Eavesdrop::Listen, u"user/1000"_s);
           })
        << u"bgapi originate {origination_caller_id_name=Listen,origination_caller_id_number=1000}"
           "user/1000 &eavesdrop(%1)"_s;
    QTest::newRow("sendmsg: run an application")
        << Action([](Console::CallControl &c, const Monitor::ChannelKey &k) {
               return c.execute(k, u"playback"_s, u"/tmp/a.wav"_s);
           })
        << u"sendmsg %1"_s;
}

void TestCallControl::timesOutWhenTheSwitchStopsAnswering()
{
    QFETCH(Action, action);
    QFETCH(QString, line);
    Rig &r = *m_rig;
    const QString a = r.bridgedCall();
    QVERIFY(!a.isEmpty());
    r.control.setTimeoutMs(300);
    r.sim.server->stallAll(60000);

    const QFuture<Console::ActionOutcome> future = action(r.control, r.key(a));
    const Console::ActionOutcome o = await(future);

    QVERIFY(!o.pending);
    QVERIFY(!o.ok);
    QVERIFY2(o.reply.contains(u"no answer within 300 ms"_s), qPrintable(o.reply));
    QCOMPARE(r.control.outstanding(), 0);
    // Sent once and not again, though it failed.
    QCOMPARE(r.linesBeforeMarker(), QStringList{line.arg(a)});

    // The late reply, when it comes, changes nothing.
    for (Sim::Listener *l : r.sim.server->listeners())
        l->resume();
    Esl::Session *session = Monitor::EslSwitchLink::clientOf(r.monitor->link())->session();
    QVERIFY(QTest::qWaitFor([&] { return session->pendingReplies() == 0; }, kWait));
    QCOMPARE(r.finished.size(), 1);
    QCOMPARE(future.result().reply, o.reply);
}

void TestCallControl::waitsForARingingPhoneOrARunningApplicationBeyondTheTimeout()
{
    // A switch that acknowledges at once and then rings the operator's phone, or plays a long
    // prompt, is not a silent switch: the timeout bounds the acknowledgement, not the answer.
    m_rig = std::make_unique<Rig>(2500);
    Rig &r = *m_rig;
    QVERIFY(r.monitor);
    const QString a = r.parkedCall(u"Alice"_s, u"1000"_s);
    QVERIFY(!a.isEmpty());
    r.control.setTimeoutMs(1000);

    // Replies ahead of ours in the switch's queue do not confuse the count.
    const QFuture<Console::ActionOutcome> dumped = r.control.dump(r.key(a));
    const QFuture<Console::ActionOutcome> listening =
        r.control.eavesdrop(r.key(a), Console::CallControl::Eavesdrop::Listen, u"user/1000"_s);
    const QFuture<Console::ActionOutcome> sleeping =
        r.control.execute(r.key(a), u"sleep"_s, u"2500"_s);

    const Console::ActionOutcome d = await(dumped);
    QVERIFY2(d.ok, qPrintable(d.reply));
    const Console::ActionOutcome l = await(listening);
    QVERIFY2(l.ok, qPrintable(l.reply));
    QVERIFY2(l.reply.startsWith(u"+OK "_s), qPrintable(l.reply));
    const Console::ActionOutcome s = await(sleeping);
    QVERIFY2(s.ok, qPrintable(s.reply));
    QCOMPARE(s.reply, u"completed: _none_"_s);
    QCOMPARE(r.lines().size(), 3);
    QCOMPARE(r.control.outstanding(), 0);
}

void TestCallControl::sendsAHangupOnlyOnceWhileItIsOutstanding()
{
    Rig &r = *m_rig;
    const QString a = r.bridgedCall();
    QVERIFY(!a.isEmpty());
    r.sim.server->stallAll(60000);

    const QFuture<Console::ActionOutcome> first = r.control.hangup(r.key(a), u"USER_BUSY"_s);
    const QFuture<Console::ActionOutcome> second = r.control.hangup(r.key(a), u"USER_BUSY"_s);

    QVERIFY(!first.isFinished());
    QVERIFY(second.isFinished());
    QVERIFY(!second.result().ok);
    QVERIFY(second.result().command.isEmpty());
    QVERIFY2(second.result().reply.contains(u"Already in progress"_s),
             qPrintable(second.result().reply));
    QCOMPARE(r.control.outstanding(), 1);
    QCOMPARE(r.linesBeforeMarker(), QStringList{u"api uuid_kill %1 USER_BUSY"_s.arg(a)});

    for (Sim::Listener *l : r.sim.server->listeners())
        l->resume();
    const Console::ActionOutcome o = await(first);
    QVERIFY2(o.ok, qPrintable(o.reply));
    QVERIFY(QTest::qWaitFor([&] { return r.channel(a)->ended; }, kWait));
    QCOMPARE(r.control.outstanding(), 0);
    QCOMPARE(r.hub.audit()->size(), 1);
    const QStringList sent = r.lines();
    QCOMPARE(sent.count(u"api uuid_kill %1 USER_BUSY"_s.arg(a)), 1);
}

void TestCallControl::auditsEverySentActionWithItsReply()
{
    Rig &r = *m_rig;
    const QString a = r.bridgedCall();
    const QString p = r.parkedCall(u"Bob"_s, u"1001"_s);
    QVERIFY(!a.isEmpty() && !p.isEmpty());

    QList<QFuture<Console::ActionOutcome>> futures{
        r.control.hold(r.key(a)),
        r.control.sendDtmf(r.key(a), u"x"_s), // refused: not audited
        r.control.dump(r.key(p)),
        r.control.eavesdrop(r.key(a), Console::CallControl::Eavesdrop::Whisper, u"user/1000"_s),
        r.control.execute(r.key(p), u"sleep"_s, u"50"_s),
    };
    QList<Console::ActionOutcome> outcomes;
    for (const QFuture<Console::ActionOutcome> &f : std::as_const(futures))
        outcomes.append(await(f));
    // One the switch turns down.
    C::Originate busy;
    busy.endpoint = u"error/USER_BUSY"_s;
    busy.extension = u"2000"_s;
    futures.append(r.control.originate(r.monitor->id(), busy));
    outcomes.append(await(futures.last()));
    QCOMPARE(r.control.outstanding(), 0);

    QList<Console::ActionOutcome> sent;
    for (const Console::ActionOutcome &o : std::as_const(outcomes)) {
        if (!o.command.isEmpty())
            sent.append(o);
    }
    QCOMPARE(sent.size(), 5);
    const QList<Monitor::AuditEntry> &audit = r.hub.audit()->entries();
    QCOMPARE(audit.size(), sent.size());
    for (qsizetype i = 0; i < sent.size(); ++i) {
        QCOMPARE(audit[i].command, sent[i].command);
        QCOMPARE(audit[i].ok, sent[i].ok);
        QCOMPARE(audit[i].reply, sent[i].reply);
        QCOMPARE(audit[i].server, u"pbx1"_s);
        QVERIFY(audit[i].finishedMs >= audit[i].timeMs);
    }
    QCOMPARE(audit[0].command, u"api uuid_hold %1"_s.arg(a));
    QCOMPARE(audit[0].reply, u"+OK Success"_s);
    QVERIFY(audit[1].reply.contains(u"Unique-ID: %1"_s.arg(p)));
    QVERIFY(audit[2].command.startsWith(u"bgapi originate {"_s));
    QVERIFY(audit[2].reply.startsWith(u"+OK "_s));
    QCOMPARE(
        audit[3].command,
        u"sendmsg %1\ncall-command: execute\nexecute-app-name: sleep\nexecute-app-arg: 50"_s.arg(
            p));
    QCOMPARE(audit[3].reply, u"completed: _none_"_s);
    QCOMPARE(audit[4].command, u"bgapi originate error/USER_BUSY 2000"_s);
    QVERIFY(!audit[4].ok);
    QCOMPARE(audit[4].reply, u"-ERR USER_BUSY"_s);

    // One started() and one finished() per action, the same id, started first.
    QCOMPARE(r.started.size(), futures.size());
    QCOMPARE(r.finished.size(), futures.size());
    for (const Console::ActionOutcome &o : std::as_const(outcomes)) {
        const auto s = std::find_if(r.started.cbegin(), r.started.cend(),
                                    [&](const Console::ActionOutcome &x) { return x.id == o.id; });
        const auto f = std::find_if(r.finished.cbegin(), r.finished.cend(),
                                    [&](const Console::ActionOutcome &x) { return x.id == o.id; });
        QVERIFY(s != r.started.cend() && f != r.finished.cend());
        QVERIFY(s->pending);
        QVERIFY(!f->pending);
        QCOMPARE(s->command, o.command);
        QCOMPARE(f->reply, o.reply);
        QCOMPARE(f->ok, o.ok);
        QCOMPARE(f->what, s->what);
    }
    QSet<int> ids;
    for (const Console::ActionOutcome &s : std::as_const(r.started))
        ids.insert(s.id);
    QCOMPARE(ids.size(), r.started.size());
}

void TestCallControl::outstandingActionsOutliveTheControl()
{
    // The window (and its control) may close while a playback runs or the operator's phone
    // rings, and the hub then fails what is still pending as it goes.
    TestSupport::UiSim sim;
    auto hub = std::make_unique<Monitor::Hub>();
    Monitor::ServerMonitor *monitor = sim.watch(*hub, u"pbx1"_s);
    QVERIFY(monitor);
    Sim::Switch::CallSpec spec;
    spec.callerNumber = u"1000"_s;
    spec.bridge = false;
    const QString a = sim.sw->placeCall(spec);
    QVERIFY(QTest::qWaitFor(
        [&] {
            const Monitor::Channel *c = monitor->channels()->channel(a);
            return c && c->parked;
        },
        kWait));
    const Monitor::ChannelKey k{monitor->id(), a};

    auto control = std::make_unique<Console::CallControl>(hub.get());
    const QFuture<Console::ActionOutcome> ringing =
        control->eavesdrop(k, Console::CallControl::Eavesdrop::Listen, u"user/1000"_s);
    const QFuture<Console::ActionOutcome> playing =
        control->execute(k, u"playback"_s, u"/tmp/a.wav"_s);
    const QFuture<Console::ActionOutcome> sleeping = control->execute(k, u"sleep"_s, u"60000"_s);
    QVERIFY(!ringing.isFinished() && !playing.isFinished() && !sleeping.isFinished());
    control.reset();

    // Answered after the control is gone: the futures still finish, with the switch's answer.
    QVERIFY(QTest::qWaitFor([&] { return ringing.isFinished() && playing.isFinished(); }, kWait));
    QVERIFY2(ringing.result().ok, qPrintable(ringing.result().reply));
    QCOMPARE(playing.result().reply, u"completed: FILE PLAYED"_s);
    QVERIFY(!sleeping.isFinished());
    // Failed by the hub as it goes.
    hub.reset();
    QVERIFY(sleeping.isFinished());
    QVERIFY(!sleeping.result().ok);
    QVERIFY(!sleeping.result().pending);
    QVERIFY(!sleeping.result().reply.isEmpty());
}

void TestCallControl::expandsARecordingTemplateIntoASafePath_data()
{
    QTest::addColumn<QString>("callerNumber");
    QTest::addColumn<QString>("destination");
    QTest::addColumn<QString>("caller"); // as it lands in the path
    QTest::addColumn<QString>("destinationIn");

    QTest::newRow("plain") << u"1000"_s << u"2000"_s << u"1000"_s << u"2000"_s;
    QTest::newRow("spaces and a plus")
        << u"+1 555 0100"_s << u"sales desk"_s << u"+1_555_0100"_s << u"sales_desk"_s;
    QTest::newRow("slashes and dots") << u"../../etc"_s << u"a/b"_s << u"______etc"_s << u"a_b"_s;
    QTest::newRow("dots") << u"."_s << u"...hidden"_s << u"_"_s << u"__.hidden"_s;
    QTest::newRow("a line break") << u"1000\r\n"_s << u"20\t00"_s << u"1000__"_s << u"20_00"_s;
}

void TestCallControl::expandsARecordingTemplateIntoASafePath()
{
    QFETCH(QString, callerNumber);
    QFETCH(QString, destination);
    QFETCH(QString, caller);
    QFETCH(QString, destinationIn);
    Rig &r = *m_rig;
    const QString a = r.sim.call(u"Alice"_s, callerNumber, destination);
    QVERIFY(QTest::qWaitFor(
        [&] { return r.channel(a) && r.channel(a)->callerNumber == callerNumber; }, kWait));
    QCOMPARE(r.channel(a)->destination, destination);

    const QDate before = QDate::currentDate();
    const QString path = r.control.expandRecordTemplate(
        u"/recordings/{server}/{date}/{caller}/{destination}/{time}-{uuid}.wav"_s, r.key(a));
    const QDate after = QDate::currentDate();

    static const QRegularExpression shape(
        u"^/recordings/pbx1/(\\d{8})/([^/]*)/([^/]*)/(\\d{6})-([0-9a-f-]{36})\\.wav$"_s);
    const QRegularExpressionMatch m = shape.match(path);
    QVERIFY2(m.hasMatch(), qPrintable(path));
    QVERIFY(m.captured(1) == before.toString(u"yyyyMMdd"_s) ||
            m.captured(1) == after.toString(u"yyyyMMdd"_s));
    QCOMPARE(m.captured(2), caller);
    QCOMPARE(m.captured(3), destinationIn);
    QCOMPARE(m.captured(5), a);
    // Whatever the caller sent, the path stays where the template puts it, in one piece.
    QVERIFY(!path.contains(u".."_s));
    QVERIFY(!path.contains(u"/."_s));
    QVERIFY(!path.contains(u' '));
    QVERIFY(!std::any_of(path.cbegin(), path.cend(), [](QChar c) { return c.unicode() < 32; }));
    // And the switch takes it as one argument.
    const Console::ActionOutcome o = await(r.control.startRecording(r.key(a), path));
    QVERIFY2(o.ok, qPrintable(o.reply));
    QVERIFY(QTest::qWaitFor([&] { return r.channel(a)->recordPath == path; }, kWait));
}

void TestCallControl::refusesToBridgeTwoEndsOfOneLoopbackChain()
{
    // uuid_bridge of the 9196-b and 9197-b legs of this originate crashed a real FreeSWITCH
    // 1.10.12: the monitor knows the four legs are one chain and nothing is sent.
    Rig &r = *m_rig;
    r.sim.sw->api(u"originate loopback/9196/default &bridge(loopback/9197/default)"_s);
    const auto named = [&](const QString &name) -> QString {
        for (const Monitor::Channel *c : r.monitor->channels()->channels()) {
            if (c->name == name && !c->ended)
                return c->uuid;
        }
        return {};
    };
    QString b9196;
    QString b9197;
    QVERIFY(QTest::qWaitFor(
        [&] {
            b9196 = named(u"loopback/9196-b"_s);
            b9197 = named(u"loopback/9197-b"_s);
            return !b9196.isEmpty() && !b9197.isEmpty() &&
                   r.monitor->channels()->chainOf(b9196).contains(b9197);
        },
        kWait));
    r.received.clear();

    const QFuture<Console::ActionOutcome> f = r.control.bridge(r.key(b9196), r.key(b9197));

    QVERIFY(f.isFinished());
    QVERIFY(!f.result().ok);
    QVERIFY(f.result().command.isEmpty());
    QVERIFY2(f.result().reply.contains(u"loopback chain"_s), qPrintable(f.result().reply));
    QCOMPARE(r.linesBeforeMarker(), QStringList());
}

QTEST_MAIN(TestCallControl)
#include "tst_callcontrol.moc"
