// Watch-only connections: the login, subscriptions, filters, log level and the read-only api
// commands the program watches with reach the switch byte for byte; every command that changes a
// call or the switch (the ones the program itself knows how to send, and spellings that try to
// slip one past the check) fails at once with Error::Code::Forbidden and writes nothing; a
// spelling the switch might read differently is refused as a spelling, not as a change. A
// watch-only InboundClient against the simulated switch logs in, receives events, answers api.

#include "support/scriptedpeer.h"

#include "esl/commands.h"
#include "esl/inboundclient.h"
#include "esl/session.h"
#include "esl/watchonly.h"
#include "sim/eventsocketserver.h"
#include "sim/simswitch.h"

#include <QObject>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using namespace TestSupport;

namespace {

// A watch-only session on a TCP connection to a scripted switch.
struct Rig
{
    ScriptedPeer peer;
    QTcpSocket socket;
    Esl::Session session;

    bool open()
    {
        socket.connectToHost(QHostAddress::LocalHost, peer.port());
        if (!QTest::qWaitFor([&] { return socket.state() == QAbstractSocket::ConnectedState; }))
            return false;
        if (!peer.waitForClient())
            return false;
        session.setWatchOnly(true);
        session.setDevice(&socket);
        return session.isOpen();
    }
};

QByteArray line(const Esl::Expected<QString> &command, const char *prefix = "api ")
{
    return command ? QByteArray(prefix) + command->toUtf8() : QByteArray();
}

} // namespace

class TestWatchOnly : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // Happy flows
    void sendsEveryAllowedFormAsWritten_data();
    void sendsEveryAllowedFormAsWritten();
    void allowsEveryApiCommandTheProgramWatchesWith_data();
    void allowsEveryApiCommandTheProgramWatchesWith();
    void aWatchOnlyClientGoesLiveReceivesEventsAndAnswersStatus();

    // Rainy days
    void refusesControlCommandsWithoutWritingThem_data();
    void refusesControlCommandsWithoutWritingThem();
    void refusesOddSpellingsSayingTheSpellingIsRefused_data();
    void refusesOddSpellingsSayingTheSpellingIsRefused();
    void refusesExecuteAndHangupWithoutWritingThem();
    void refusalNamesTheCommandInOneSentence();
    void aNormalSessionStillSendsControlCommands();
    void refusesHeadersAndBodiesBesideAnAllowedLine();
};

// ---------------------------------------------------------------------------------------------
// Happy flows

void TestWatchOnly::sendsEveryAllowedFormAsWritten_data()
{
    QTest::addColumn<QByteArray>("command");
    const QList<QByteArray> allowed = {
        "auth ClueCon",
        "userauth watcher@example.com:secret",
        "event plain ALL",
        "event json CHANNEL_CREATE CHANNEL_HANGUP_COMPLETE CUSTOM conference::maintenance",
        "nixevent HEARTBEAT",
        "noevents",
        "myevents a210d645-81c9-4730-9fb8-ef8b4cd23c59 json",
        "divert_events on",
        "filter Unique-ID a210d645-81c9-4730-9fb8-ef8b4cd23c59",
        "filter Caller-Caller-ID-Name John Smith",
        "filter delete all",
        "log 7",
        "nolog",
        "linger 30",
        "nolinger",
        "EVENT plain ALL",
        "api global_getvar core_uuid",
        "api status",
        "API STATUS",
        "api version",
        "api hostname",
        "api uptime s",
        "api show channels as json",
        "api show registrations as json",
        "api uuid_dump a210d645-81c9-4730-9fb8-ef8b4cd23c59 json",
        "api uuid_exists a210d645-81c9-4730-9fb8-ef8b4cd23c59",
        "api uuid_getvar a210d645-81c9-4730-9fb8-ef8b4cd23c59 other_loopback_leg_uuid",
        "api sofia status",
        "api sofia status profile internal reg",
        "api sofia xmlstatus gateway",
        "api Sofia XMLSTATUS profile internal reg",
        "api conference list",
        "api conference json_list",
        "api conference 3000 list",
        "api conference 3000 json_list",
        "api callcenter_config queue list",
        "api callcenter_config agent list",
        "api callcenter_config tier list",
        "api callcenter_config queue list members support@default",
        "api callcenter_config queue count members support@default",
        "api valet_info",
        "api valet_info my_lot",
        R"(api json {"command":"mediaStats","data":{"uuid":"a210d645-81c9-4730-9fb8-ef8b4cd23c59"}})",
        "bgapi status",
        "bgapi show calls as json",
        "exit",
    };
    for (const QByteArray &command : allowed)
        QTest::newRow(command.constData()) << command;
}

void TestWatchOnly::sendsEveryAllowedFormAsWritten()
{
    QFETCH(QByteArray, command);
    QCOMPARE(Esl::watchOnlyRefusal(command), std::nullopt);
    Rig rig;
    QVERIFY(rig.open());
    QFuture<Esl::Reply> reply = rig.session.send(command);
    QVERIFY2(rig.peer.expect(command + "\n\n"), qPrintable(rig.peer.lastFailure()));
    QVERIFY(!reply.isFinished()); // waits for the switch: nothing refused it
}

// Every api command lib/monitor, lib/console and ui send only to watch (grep for api( there).
void TestWatchOnly::allowsEveryApiCommandTheProgramWatchesWith_data()
{
    QTest::addColumn<QString>("command");
    const QString uuid = u"a210d645-81c9-4730-9fb8-ef8b4cd23c59"_s;
    const QStringList watching = {
        *Esl::Commands::showChannels(),      // ServerMonitor::resync
        *Esl::Commands::showCalls(),         // ServerMonitor::resync
        *Esl::Commands::status(),            // InboundClient's liveness probe
        u"global_getvar core_uuid"_s,        // InboundClient after login
        *Esl::Commands::uuidExists(uuid),    // ServerMonitor::probeDoubtful
        u"uuid_getvar %1 other_loopback_leg_uuid"_s.arg(uuid), // loopback partners
        *Esl::Commands::uuidDump(uuid, Esl::Commands::DumpFormat::Json), // refreshChannel, parking
        u"uuid_dump %1"_s.arg(uuid),         // the details panel
        u"conference json_list"_s,           // ConferenceStore
        u"callcenter_config queue list"_s,   // CallCenterStore
        u"callcenter_config agent list"_s,
        u"callcenter_config tier list"_s,
        u"callcenter_config queue list members support@default"_s,
        u"show registrations as json"_s,     // RegistrationStore
        u"sofia xmlstatus profile internal reg"_s,
        u"sofia xmlstatus gateway"_s,        // GatewayStore
        u"sofia status"_s,                   // the registrations panel's check
        u"valet_info"_s,                     // ParkingStore
        u"show api as json"_s,               // SwitchFacts, the api console's completion
        u"show application as json"_s,
        u"global_getvar recordings_dir"_s,
        uR"(json {"command":"mediaStats","data":{"uuid":"%1"}})"_s.arg(uuid), // call quality
    };
    for (const QString &command : watching)
        QTest::newRow(qPrintable(command)) << command;
}

void TestWatchOnly::allowsEveryApiCommandTheProgramWatchesWith()
{
    QFETCH(QString, command);
    QVERIFY(Esl::isReadOnlyApi(command));
    QCOMPARE(Esl::watchOnlyRefusal(QByteArray("api ") + command.toUtf8()), std::nullopt);
    QCOMPARE(Esl::watchOnlyRefusal(QByteArray("bgapi ") + command.toUtf8()), std::nullopt);
}

void TestWatchOnly::aWatchOnlyClientGoesLiveReceivesEventsAndAnswersStatus()
{
    Sim::Switch sw(Sim::SwitchConfig{.initialCalls = 0});
    Sim::EventSocketServer server(&sw);
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));

    Esl::InboundClient client;
    Esl::ConnectionOptions options;
    options.host = u"127.0.0.1"_s;
    options.port = server.serverPort();
    options.watchOnly = true;
    client.setOptions(options);
    QSignalSpy events(&client, &Esl::InboundClient::eventReceived);
    client.connectToServer();
    QVERIFY(QTest::qWaitFor([&] { return client.state() == Esl::InboundClient::State::Live; }));

    sw.placeCall(Sim::Switch::CallSpec{});
    QVERIFY(QTest::qWaitFor([&] { return !events.isEmpty(); }));

    QFuture<Esl::Reply> status = client.api(u"status"_s);
    QVERIFY(QTest::qWaitFor([&] { return status.isFinished(); }));
    QVERIFY2(status.result().ok(), qPrintable(status.result().text()));
    QVERIFY(status.result().text().startsWith(u"UP "));

    QFuture<Esl::Reply> kill = client.api(u"uuid_kill %1"_s.arg(sw.channelUuids().value(0)));
    QVERIFY(kill.isFinished());
    QVERIFY(kill.result().error());
    QCOMPARE(kill.result().error()->code, Esl::Error::Code::Forbidden);
    QVERIFY(sw.channelCount() > 0); // the call is still up
}

// ---------------------------------------------------------------------------------------------
// Rainy days

void TestWatchOnly::refusesControlCommandsWithoutWritingThem_data()
{
    using namespace Esl::Commands;
    QTest::addColumn<QByteArray>("command");
    QTest::addColumn<QString>("named");
    const QString uuid = u"a210d645-81c9-4730-9fb8-ef8b4cd23c59"_s;
    const QString other = u"7ad5180e-7286-49bc-acf0-11020f869586"_s;
    Originate call;
    call.endpoint = u"user/1000"_s;
    call.extension = u"1001"_s;
    const QList<std::pair<QByteArray, QString>> refused = {
        // CallControl (lib/console/callcontrol*.cpp, Esl::Commands)
        {line(uuidKill(uuid)), u"uuid_kill"_s},
        {line(uuidKill(uuid, u"USER_BUSY"_s)), u"uuid_kill"_s},
        {line(uuidTransfer(uuid, u"1000"_s)), u"uuid_transfer"_s},
        {line(uuidHold(uuid)), u"uuid_hold"_s},
        {line(uuidHold(uuid, HoldAction::Unhold)), u"uuid_hold"_s},
        {line(uuidPark(uuid)), u"uuid_park"_s},
        {line(uuidBridge(uuid, other)), u"uuid_bridge"_s},
        {line(uuidRecord(uuid, RecordAction::Start, u"/tmp/a.wav"_s)), u"uuid_record"_s},
        {line(uuidSendDtmf(uuid, u"123"_s)), u"uuid_send_dtmf"_s},
        {line(uuidBroadcast(uuid, u"playback"_s, u"/tmp/a.wav"_s)), u"uuid_broadcast"_s},
        {line(originate(call)), u"originate"_s},
        {line(originate(call), "bgapi "), u"originate"_s},
        // listen / whisper / barge: an originate to eavesdrop
        {"bgapi originate user/1000 &eavesdrop(" + uuid.toUtf8() + ")", u"originate"_s},
        // supervisor panels (lib/console/*commands.cpp)
        {"api conference 3000 kick 7", u"conference 3000 kick"_s},
        {"api conference 3000 mute 7", u"conference 3000 mute"_s},
        {"api conference 3000 lock", u"conference 3000 lock"_s},
        {"api conference 3000 bgdial user/1000", u"conference 3000 bgdial"_s},
        {"api conference 3000 record /tmp/c.wav", u"conference 3000 record"_s},
        {"api conference list kick all", u"conference list kick"_s}, // a conference named "list"
        {"api conference 3000 kick list", u"conference 3000 kick"_s},
        {"api callcenter_config agent set status 1000@default Available",
         u"callcenter_config agent set status"_s},
        {"api callcenter_config tier add support@default 1000@default 1 1",
         u"callcenter_config tier add support@default"_s},
        {"api callcenter_config tier del support@default 1000@default",
         u"callcenter_config tier del support@default"_s},
        {"api sofia profile internal killgw gw1", u"sofia profile internal"_s},
        {"api sofia profile internal rescan", u"sofia profile internal"_s},
        {"api sofia profile internal flush_inbound_reg", u"sofia profile internal"_s},
        {"api sofia profile internal register gw1", u"sofia profile internal"_s},
        {"api uuid_transfer " + uuid.toUtf8() + " 1000 XML default", u"uuid_transfer"_s}, // valet
        {"api uuid_transfer " + uuid.toUtf8() + " 'valet_park:lot 1' inline", u"uuid_transfer"_s},
        // the switch itself
        {"api reloadxml", u"reloadxml"_s},
        {"api fsctl shutdown", u"fsctl"_s},
        {"api bgapi uuid_kill " + uuid.toUtf8(), u"bgapi"_s},
        {"api expand uuid_kill " + uuid.toUtf8(), u"expand"_s},
        {"api json {\"command\":\"originate\"}", u"json"_s},
        {"api json {\"command\":\"mediaStats\",\"Command\":\"x\"}", u"json"_s},
        {"api json {\"comm\\u0061nd\":\"x\",\"command\":\"mediaStats\"}", u"json"_s},
        {"api json not json", u"json"_s},
        {"sendmsg " + uuid.toUtf8(), u"sendmsg"_s},
        {"sendevent CUSTOM", u"sendevent"_s},
        {"resume", u"resume"_s},
        {"connect", u"connect"_s},
        {"getvar x", u"getvar"_s},
        // spellings that must not smuggle anything through
        {"API uuid_kill " + uuid.toUtf8(), u"uuid_kill"_s},
        {"Api UUID_KILL " + uuid.toUtf8(), u"UUID_KILL"_s},
        {"api uuid_kill  " + uuid.toUtf8(), u"uuid_kill"_s}, // odd spacing after a change
        {"api uuid_kill\t" + uuid.toUtf8(), u"uuid_kill"_s},
        {"sendmsg\t" + uuid.toUtf8(), u"sendmsg"_s},
        {"api show channels unload mod_event_socket", u"unload mod_event_socket"_s},
        {"event plain ALL reload mod_event_socket", u"unload mod_event_socket"_s},
        {"api", u"api"_s},
        {"apistatus", u"apistatus"_s},
        {"eventplain ALL", u"eventplain"_s},
        {"...", u"..."_s},
    };
    for (const auto &[command, name] : refused)
        QTest::newRow(command.constData()) << command << name;
}

void TestWatchOnly::refusesControlCommandsWithoutWritingThem()
{
    QFETCH(QByteArray, command);
    QFETCH(QString, named);
    QVERIFY(!command.isEmpty());
    const std::optional<QString> why = Esl::watchOnlyRefusal(command);
    QVERIFY(why.has_value());
    if (!named.isEmpty())
        QVERIFY2(why->contains(u"\"%1\""_s.arg(named)), qPrintable(*why));

    Rig rig;
    QVERIFY(rig.open());
    QFuture<Esl::Reply> reply = rig.session.send(command);
    QVERIFY(reply.isFinished());
    QVERIFY(reply.result().error());
    // A line the wire encoder itself refuses (a tab is fine, but not CR/LF) is InvalidArgument.
    QCOMPARE(reply.result().error()->code, Esl::Error::Code::Forbidden);
    QCOMPARE(reply.result().error()->message, *why);
    QVERIFY(rig.peer.staysQuiet(100));
    QCOMPARE(rig.peer.unread(), QByteArray());
}

void TestWatchOnly::refusesOddSpellingsSayingTheSpellingIsRefused_data()
{
    // What the switch might read otherwise than the allow-list does (spaces it splits at, tabs,
    // quotes it groups by, backslashes) is refused as a spelling: "status  " does not change the
    // switch, and saying so would send the operator looking for the wrong thing.
    QTest::addColumn<QByteArray>("command");
    QTest::addColumn<QString>("spelled");
    const QList<std::pair<QByteArray, QString>> odd = {
        {"api status  ", u"status  "_s}, // eslcat api --watch-only 'status  '
        {"api status ", u"status "_s},
        {"api  status", u" status"_s},
        {"bgapi status  ", u"status  "_s},
        {"api status\tx", u"status?x"_s},
        {"api status\tuuid_kill x", u"status?uuid_kill x"_s},
        {"api\tstatus", u"api?status"_s},
        {" api status", u" api status"_s},
        {"api conference '3000 kick' list", u"conference '3000 kick' list"_s},
        {"api sofia \"profile internal rescan\" status", u"sofia \"profile internal rescan\" status"_s},
        {"api show\\ channels", u"show\\ channels"_s},
        {"filter Unique-ID x\ty", u"filter Unique-ID x?y"_s},
    };
    for (const auto &[command, spelled] : odd)
        QTest::newRow(command.constData()) << command << spelled;
}

void TestWatchOnly::refusesOddSpellingsSayingTheSpellingIsRefused()
{
    QFETCH(QByteArray, command);
    QFETCH(QString, spelled);
    const std::optional<QString> why = Esl::watchOnlyRefusal(command);
    QVERIFY(why.has_value());
    QCOMPARE(*why, u"watch-only: \"%1\" is refused: extra spaces, tabs, quotes or backslashes "
                   u"could be read differently by the switch; write it plainly"_s.arg(spelled));
    const qsizetype space = command.indexOf(' ');
    if (command.startsWith("api ") || command.startsWith("bgapi "))
        QVERIFY(!Esl::isReadOnlyApi(QString::fromUtf8(command.sliced(space + 1))));

    Rig rig;
    QVERIFY(rig.open());
    QFuture<Esl::Reply> reply = rig.session.send(command);
    QVERIFY(reply.isFinished());
    QCOMPARE(reply.result().error()->code, Esl::Error::Code::Forbidden);
    QCOMPARE(reply.result().error()->message, *why);
    QVERIFY(rig.peer.staysQuiet(100));
    QCOMPARE(rig.peer.unread(), QByteArray());
}

void TestWatchOnly::refusesExecuteAndHangupWithoutWritingThem()
{
    Rig rig;
    QVERIFY(rig.open());
    const QString uuid = u"a210d645-81c9-4730-9fb8-ef8b4cd23c59"_s;
    Esl::ExecuteOptions options;
    options.uuid = uuid;
    QFuture<Esl::ExecuteResult> executed = rig.session.execute(u"playback"_s, u"/tmp/a.wav"_s, options);
    QFuture<Esl::Reply> hungUp = rig.session.hangup(uuid);
    QFuture<Esl::Reply> killed = rig.session.api(u"uuid_kill "_s + uuid);
    QFuture<Esl::JobResult> job = rig.session.bgapi(u"originate user/1000 1001"_s);
    QVERIFY(QTest::qWaitFor([&] {
        return executed.isFinished() && hungUp.isFinished() && killed.isFinished() && job.isFinished();
    }));
    QCOMPARE(hungUp.result().error()->code, Esl::Error::Code::Forbidden);
    QVERIFY(hungUp.result().error()->message.contains(u"\"sendmsg\""));
    QCOMPARE(killed.result().error()->code, Esl::Error::Code::Forbidden);
    QVERIFY(killed.result().error()->message.contains(u"\"uuid_kill\""));
    QVERIFY(!executed.result().ok());
    QVERIFY(!job.result().ok());
    QVERIFY(rig.peer.staysQuiet(100));
    QCOMPARE(rig.peer.unread(), QByteArray());
    QCOMPARE(rig.session.pendingReplies(), 0);
}

void TestWatchOnly::refusalNamesTheCommandInOneSentence()
{
    const std::optional<QString> why = Esl::watchOnlyRefusal("api uuid_kill x");
    QVERIFY(why);
    QVERIFY(why->startsWith(u"watch-only: \"uuid_kill\" would change a call or the switch; only "
                            u"read-only commands are sent ("_s));
    QVERIFY(why->endsWith(u')'));
    QVERIFY(why->contains(u"global_getvar, status, version"));
    QVERIFY(!why->contains(u'\n'));
    QVERIFY(Esl::readOnlyApiCommands().contains(u"json mediaStats"_s));
}

void TestWatchOnly::aNormalSessionStillSendsControlCommands()
{
    Rig rig;
    QVERIFY(rig.open());
    rig.session.setWatchOnly(false);
    QFuture<Esl::Reply> reply = rig.session.send("api uuid_kill x");
    QVERIFY(rig.peer.expect("api uuid_kill x\n\n"));
    QVERIFY(!reply.isFinished());
}

void TestWatchOnly::refusesHeadersAndBodiesBesideAnAllowedLine()
{
    // The allow-list reads the line only: console_execute would have the switch run "api status"
    // through its console parser, and a body is what sendevent/sendmsg carry. bgapi's own
    // Job-UUID goes through.
    Rig rig;
    QVERIFY(rig.open());
    QFuture<Esl::Reply> console = rig.session.send("api status", {{"console_execute", "true"}});
    QVERIFY(console.isFinished());
    QCOMPARE(console.result().error()->code, Esl::Error::Code::Forbidden);
    QVERIFY2(console.result().error()->message.contains(u"without extra headers"),
             qPrintable(console.result().error()->message));
    QFuture<Esl::Reply> body = rig.session.send("api status", {}, "Event-Name: CUSTOM\n");
    QVERIFY(body.isFinished());
    QCOMPARE(body.result().error()->code, Esl::Error::Code::Forbidden);
    QVERIFY(rig.peer.staysQuiet(100));
    QCOMPARE(rig.peer.unread(), QByteArray());

    QFuture<Esl::JobResult> job = rig.session.bgapi(u"status"_s);
    QTRY_VERIFY2(rig.peer.unread().startsWith("bgapi status\nJob-UUID: "),
                 rig.peer.unread().constData());
    QVERIFY(!job.isFinished());
}

QTEST_MAIN(TestWatchOnly)
#include "tst_watchonly.moc"
