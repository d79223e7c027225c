// The switch's own refusals under userauth, surfaced: a directory user whose esl-allowed-api
// leaves a command out gets mod_event_socket's command/reply "-ERR permission denied" for it
// (mod_event_socket.c, parse_command: the `api ` and `bgapi ` branches answer it before running
// anything when auth_api_command fails; the simulated switch's Listener::api / bgapi follow those
// lines). The window's outcome then says which command, which login and which list: "the switch
// refused "uuid_kill" for this login (userauth …): permission denied — its esl-allowed-api does
// not include it", for call control (api and bgapi) and the panels' server commands alike.

#include "support/uisim.h"

#include "console/callcontrol.h"
#include "esl/watchonly.h"
#include "monitor/hub.h"
#include "monitor/servermonitor.h"

#include <QObject>
#include <QTest>

using namespace Qt::Literals::StringLiterals;

namespace {

constexpr int kWait = TestSupport::kWait;

Console::ActionOutcome await(const QFuture<Console::ActionOutcome> &future)
{
    if (!QTest::qWaitFor([&] { return future.isFinished(); }, kWait))
        return Console::ActionOutcome{0, {}, {}, {}, true, false, u"(still pending)"_s, {}};
    return future.result();
}

// A switch whose directory has watcher@example.com, allowed to read only.
struct Rig
{
    Rig()
    {
        Sim::UserAccount watcher;
        watcher.user = u"watcher@example.com"_s;
        watcher.password = u"secret"_s;
        watcher.allowedApi = {u"show"_s, u"status"_s, u"global_getvar"_s, u"uuid_exists"_s,
                              u"uuid_dump"_s, u"uuid_getvar"_s, u"version"_s};
        sim.server->addUser(watcher);
        Monitor::ServerProfile profile = sim.profile(u"pbx1"_s);
        profile.connection.user = watcher.user;
        profile.connection.password = watcher.password;
        monitor = hub.addServer(profile);
        monitor->start();
    }
    bool live()
    {
        return QTest::qWaitFor([&] { return monitor->link()->isLive() && !monitor->isOutOfStep(); },
                               kWait);
    }

    TestSupport::UiSim sim;
    Monitor::Hub hub;
    Console::CallControl control{&hub};
    Monitor::ServerMonitor *monitor = nullptr;
};

} // namespace

class TestPermissionRefusal : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void sentenceNamesTheCommandTheLoginAndTheList_data();
    void sentenceNamesTheCommandTheLoginAndTheList();
    void hangupRefusedForThisLoginSaysSo();
    void originateRefusedForThisLoginSaysSo();
    void aPanelCommandRefusedForThisLoginSaysSo();
};

void TestPermissionRefusal::sentenceNamesTheCommandTheLoginAndTheList_data()
{
    QTest::addColumn<QString>("command");
    QTest::addColumn<QString>("user");
    QTest::addColumn<QString>("sentence");
    QTest::newRow("api") << u"api uuid_kill x"_s << u"1000@default"_s
                         << u"the switch refused \"uuid_kill\" for this login (userauth "
                            u"1000@default): permission denied — its esl-allowed-api does not "
                            u"include it"_s;
    QTest::newRow("bare api command") << u"uuid_kill x"_s << u"1000@default"_s
                                      << u"the switch refused \"uuid_kill\" for this login "
                                         u"(userauth 1000@default): permission denied — its "
                                         u"esl-allowed-api does not include it"_s;
    QTest::newRow("bgapi") << u"bgapi originate user/1000 1001"_s << u"w@example.com"_s
                           << u"the switch refused \"originate\" for this login (userauth "
                              u"w@example.com): permission denied — its esl-allowed-api does not "
                              u"include it"_s;
    QTest::newRow("event") << u"event plain CUSTOM sofia::register"_s << u"w@example.com"_s
                           << u"the switch refused \"event plain CUSTOM sofia::register\" for this "
                              u"login (userauth w@example.com): permission denied — its "
                              u"esl-allowed-events does not include them"_s;
    QTest::newRow("log") << u"log 7"_s << u"w@example.com"_s
                         << u"the switch refused \"log\" for this login (userauth w@example.com): "
                            u"permission denied — its esl-allowed-log is false"_s;
}

void TestPermissionRefusal::sentenceNamesTheCommandTheLoginAndTheList()
{
    QFETCH(QString, command);
    QFETCH(QString, user);
    QFETCH(QString, sentence);
    QCOMPARE(Esl::permissionRefusal(command, user), sentence);
}

void TestPermissionRefusal::hangupRefusedForThisLoginSaysSo()
{
    Rig r;
    QVERIFY(r.live());
    const QString a = r.sim.call(u"Alice"_s);
    QVERIFY(QTest::qWaitFor([&] { return r.monitor->channels()->channel(a) != nullptr; }, kWait));
    const Console::ActionOutcome o = await(r.control.hangup({r.monitor->id(), a}));
    QVERIFY(!o.ok);
    QCOMPARE(o.command, u"api uuid_kill "_s + a);
    QCOMPARE(o.reply, u"the switch refused \"uuid_kill\" for this login (userauth "
                      u"watcher@example.com): permission denied — its esl-allowed-api does not "
                      u"include it"_s);
    QVERIFY(r.sim.sw->hasChannel(a));
}

void TestPermissionRefusal::originateRefusedForThisLoginSaysSo()
{
    Rig r;
    QVERIFY(r.live());
    Esl::Commands::Originate call;
    call.endpoint = u"user/1000"_s;
    call.extension = u"1001"_s;
    const Console::ActionOutcome o = await(r.control.originate(r.monitor->id(), call));
    QVERIFY(!o.ok);
    QCOMPARE(o.reply, u"the switch refused \"originate\" for this login (userauth "
                      u"watcher@example.com): permission denied — its esl-allowed-api does not "
                      u"include it"_s);
}

void TestPermissionRefusal::aPanelCommandRefusedForThisLoginSaysSo()
{
    Rig r;
    QVERIFY(r.live());
    const Console::ActionOutcome o =
        await(r.control.serverCommand(r.monitor->id(), u"Kick"_s, u"Kick member 1"_s,
                                      QString(u"conference 3000 kick 1"_s), {}));
    QVERIFY(!o.ok);
    QCOMPARE(o.reply, u"the switch refused \"conference\" for this login (userauth "
                      u"watcher@example.com): permission denied — its esl-allowed-api does not "
                      u"include it"_s);
}

QTEST_MAIN(TestPermissionRefusal)
#include "tst_permissionrefusal.moc"
