// RabbitMQ (mod_amqp) connection profiles: kept with the others (an old file without a kind loads
// as Event Socket), checked as typed (the URL's own error; no password in it), and connected by
// Console::ServerConnections as one broker connection whose switches become servers as they are
// discovered, each in a colour of its own, on a real RabbitMQ with a simulated fleet. Connect,
// Disconnect and Reconnect now act on the broker; a switch can be hidden and shown; a wrong
// password fails and says so instead of retrying for ever.

#include "console/brokerprofile.h"
#include "console/callcontrol.h"
#include "console/profilekeychain.h"
#include "console/profiles.h"
#include "console/serverconnections.h"

#include "sim/amqpfleet.h"
#include "sim/simswitch.h"

#include "support/rabbitbroker.h"

#include <QSet>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Qt::Literals::StringLiterals;
using Console::ServerStatus;

namespace {

constexpr int kWait = 20000;

// The broker's URL as a profile keeps it: the password left out.
QString profileUrl(const TestSupport::RabbitBroker &broker)
{
    return u"amqp://guest@127.0.0.1:%1/"_s.arg(broker.amqpPort());
}

Console::Profile brokerProfile(const TestSupport::RabbitBroker &broker,
                               const QString &password = u"guest"_s)
{
    Console::Profile p;
    p.id = Console::Profile::newId();
    p.kind = Console::ProfileKind::Broker;
    p.name = u"fleet"_s;
    p.password = password;
    p.autoConnect = false;
    p.broker.url = profileUrl(broker);
    return p;
}

std::unique_ptr<Sim::AmqpFleet> startFleet(const TestSupport::RabbitBroker &broker, int switches)
{
    Sim::FleetConfig config;
    config.switches = switches;
    config.switchConfig.initialCalls = 2;
    config.switchConfig.heartbeatIntervalMs = 500;
    QString error;
    auto fleet = std::make_unique<Sim::AmqpFleet>(
        Amqp::ConnectionOptions::fromUrl(broker.url(), &error), config);
    fleet->client()->setReconnectBackoff(200, 1000);
    QSignalSpy ready(fleet.get(), &Sim::AmqpFleet::ready);
    fleet->start();
    if (!ready.wait(kWait))
        qWarning("the simulated fleet did not get ready");
    return fleet;
}

bool everySwitchLive(const Console::ServerConnections &servers, const Console::ServerEntry &broker,
                     int count)
{
    const QList<Console::ServerEntry> switches = servers.switchesOf(broker);
    if (switches.size() != count)
        return false;
    for (const Console::ServerEntry &sw : switches) {
        const Monitor::ServerMonitor *server = servers.hub()->server(sw.server);
        if (!server || !server->link()->isLive() || server->isOutOfStep() ||
            server->channels()->liveCount() == 0)
            return false;
    }
    return true;
}

} // namespace

class TestBrokerConnections : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void aBrokerProfileIsSavedAndLoadedWithTheOthers()
    {
        QTemporaryDir dir;
        Console::MemoryKeychain keychain;
        const QString file = dir.filePath(u"profiles.ini"_s);
        Console::Profile esl;
        esl.id = Console::Profile::newId();
        esl.name = u"pbx"_s;
        esl.password = u"ClueCon"_s;
        Console::Profile fleet;
        fleet.id = Console::Profile::newId();
        fleet.kind = Console::ProfileKind::Broker;
        fleet.name = u"fleet"_s;
        fleet.password = u"s3cret"_s;
        fleet.logLevel = 4;
        fleet.broker.url = u"amqps://switchboard@broker.example.net:5671/fleet"_s;
        fleet.broker.caFile = u"/etc/ssl/fleet-ca.pem"_s;
        fleet.broker.verifyPeer = false;
        fleet.broker.hostnames = {u"vm1"_s, u"vm2"_s};
        fleet.broker.expectedHostnames = {u"vm1"_s};
        fleet.broker.eventNames = {u"CHANNEL_CREATE"_s, u"CUSTOM"_s};
        fleet.broker.commandKey = u"fs.<hostname>.cmd"_s;
        {
            Console::ProfileStore store(file, &keychain);
            store.setProfiles({esl, fleet});
        }
        QCOMPARE(keychain.value(fleet.id), u"s3cret"_s); // the password in the keychain
        QSettings raw(file, QSettings::IniFormat);
        QVERIFY(!raw.allKeys().join(u' ').contains(u"s3cret"_s));
        QVERIFY2(!raw.value(u"profiles/2/url"_s).toString().contains(u"s3cret"_s),
                 qPrintable(raw.value(u"profiles/2/url"_s).toString()));

        Console::ProfileStore store(file, &keychain);
        store.load();
        QTRY_VERIFY(!store.isPasswordPending(fleet.id));
        const QList<Console::Profile> loaded = store.profiles();
        QCOMPARE(loaded.size(), 2);
        QCOMPARE(loaded.at(0), esl);
        QCOMPARE(loaded.at(1), fleet);
    }

    void anOldProfileWithoutAKindIsAnEventSocketOne()
    {
        QTemporaryDir dir;
        Console::MemoryKeychain keychain;
        const QString file = dir.filePath(u"profiles.ini"_s);
        {
            QSettings old(file, QSettings::IniFormat);
            old.beginWriteArray(u"profiles"_s, 1);
            old.setArrayIndex(0);
            old.setValue(u"id"_s, u"old-1"_s);
            old.setValue(u"name"_s, u"old pbx"_s);
            old.setValue(u"host"_s, u"10.0.0.5"_s);
            old.setValue(u"port"_s, 8022);
            old.endArray();
        }
        Console::ProfileStore store(file, &keychain);
        store.load();
        const auto p = store.profile(u"old-1"_s);
        QVERIFY(p);
        QCOMPARE(p->kind, Console::ProfileKind::EventSocket);
        QCOMPARE(p->host, u"10.0.0.5"_s);
        QCOMPARE(p->port, 8022);
        QVERIFY(Console::validateProfile(*p).isEmpty());
    }

    void brokerFieldsAreChecked_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("events");
        QTest::addColumn<QString>("commandKey");
        QTest::addColumn<Console::ProfileField>("field");
        QTest::addColumn<QString>("says");
        const auto row = [](const char *name, const QString &url, const QString &events,
                            const QString &key, Console::ProfileField field, const QString &says) {
            QTest::newRow(name) << url << events << key << field << says;
        };
        const QString ok = u"amqp://fs@broker:5672/fleet"_s;
        const QString key = u"switchboard.<hostname>.api"_s;
        row("not amqp", u"http://broker/"_s, {}, key, Console::ProfileField::BrokerUrl,
            u"amqp:// or amqps://"_s);
        row("port out of range", u"amqp://fs@broker:99999/"_s, {}, key,
            Console::ProfileField::BrokerUrl, u"port"_s);
        row("password in the URL", u"amqp://fs:secret@broker/"_s, {}, key,
            Console::ProfileField::BrokerUrl, u"Password field"_s);
        row("line break in the URL", u"amqp://fs@bro\nker/"_s, {}, key,
            Console::ProfileField::BrokerUrl, u"line break"_s);
        row("an event name with a dot", ok, u"CHANNEL.CREATE"_s, key,
            Console::ProfileField::EventNames, u"not an event name"_s);
        row("no command key", ok, {}, QString(), Console::ProfileField::CommandKey,
            u"command key"_s);
    }

    void brokerFieldsAreChecked()
    {
        QFETCH(QString, url);
        QFETCH(QString, events);
        QFETCH(QString, commandKey);
        QFETCH(Console::ProfileField, field);
        QFETCH(QString, says);
        Console::Profile p;
        p.kind = Console::ProfileKind::Broker;
        p.name = u"fleet"_s;
        p.broker.url = url;
        p.broker.eventNames = Console::splitNames(events);
        p.broker.commandKey = commandKey;
        const QList<Console::ProfileProblem> problems = Console::validateProfile(p);
        QCOMPARE(problems.size(), 1);
        QCOMPARE(problems.first().field, field);
        QVERIFY2(problems.first().message.contains(says), qPrintable(problems.first().message));
    }

    void aGoodBrokerProfileValidatesAndBecomesBrokerOptions()
    {
        Console::Profile p;
        p.kind = Console::ProfileKind::Broker;
        p.name = u"fleet"_s;
        p.password = u"pw"_s;
        p.host.clear(); // an Event Socket profile's fields do not matter
        p.port = 0;
        p.broker.url = u"amqps://fs@broker.example.net/fleet"_s;
        p.broker.hostnames = Console::splitNames(u"vm1, vm2 vm1\nvm3"_s);
        QCOMPARE(p.broker.hostnames, (QStringList{u"vm1"_s, u"vm2"_s, u"vm3"_s}));
        QVERIFY(Console::validateProfile(p).isEmpty());
        const Monitor::BrokerOptions options = Console::toBrokerOptions(p);
        QCOMPARE(options.connection.host, u"broker.example.net"_s);
        QCOMPARE(options.connection.port, quint16(5671));
        QVERIFY(options.connection.tls);
        QCOMPARE(options.connection.vhost, u"fleet"_s);
        QCOMPARE(options.connection.user, u"fs"_s);
        QCOMPARE(options.connection.password, u"pw"_s);
        QCOMPARE(options.hostnames, p.broker.hostnames);
        QCOMPARE(options.commandKeyTemplate, u"switchboard.<hostname>.api"_s);
    }

    void aBrokerProfileConnectsItsSwitchesAsServers()
    {
        QSKIP_UNLESS_BROKER(broker);
        auto fleet = startFleet(*broker, 4);
        QTemporaryDir dir;
        Console::MemoryKeychain keychain;
        Console::ProfileStore profiles(dir.filePath(u"profiles.ini"_s), &keychain);
        // No password stored: the prompt is asked, with a RabbitMQ address.
        Console::Profile p = brokerProfile(*broker, QString());
        profiles.setProfiles({p});
        Monitor::Hub hub;
        Console::ServerConnections servers(&hub, &profiles);
        servers.setReconnectDelays(200, 1000);
        QList<Console::PasswordRequest> asked;
        servers.setPasswordPrompt([&](const Console::PasswordRequest &request) {
            asked.append(request);
            return std::optional<QString>(u"guest"_s);
        });
        QCOMPARE(servers.entries().size(), 1);
        const Console::ServerEntry entry = servers.entryOfProfile(p.id);
        QVERIFY(entry.broker);
        QCOMPARE(servers.status(entry), ServerStatus::NotConnected);

        QVERIFY(servers.connectProfile(p.id));
        QCOMPARE(asked.size(), 1);
        QCOMPARE(asked.first().kind, Console::ProfileKind::Broker);
        QVERIFY2(asked.first().address.startsWith(u"amqp://guest@127.0.0.1:"_s),
                 qPrintable(asked.first().address));
        QTRY_VERIFY_WITH_TIMEOUT(everySwitchLive(servers, entry, 4), kWait);
        QCOMPARE(servers.status(entry), ServerStatus::Live);
        // The switches are servers of the hub, under the broker's entry, not entries of their own.
        QCOMPARE(hub.servers().size(), 4);
        QCOMPARE(servers.entries().size(), 1);
        QSet<QString> colours;
        QStringList names;
        for (const Console::ServerEntry &sw : servers.switchesOf(entry)) {
            QCOMPARE(sw.brokerProfileId, p.id);
            QVERIFY(sw.colour.isValid());
            colours.insert(sw.colour.name());
            names.append(sw.name);
        }
        QCOMPARE(colours.size(), 4);
        QCOMPARE(names, (QStringList{u"sim-01"_s, u"sim-02"_s, u"sim-03"_s, u"sim-04"_s}));

        // Hide one: its server goes; shown again, it is back with its next message.
        const Console::ServerEntry second = servers.switchesOf(entry).at(1);
        servers.hideSwitch(second);
        QCOMPARE(hub.servers().size(), 3);
        QCOMPARE(servers.hiddenSwitchesOf(entry), QStringList{u"sim-02"_s});
        QTest::qWait(1200); // two heartbeats: a hidden switch stays away
        QCOMPARE(hub.servers().size(), 3);
        servers.showSwitch(entry, u"sim-02"_s);
        QVERIFY(servers.hiddenSwitchesOf(entry).isEmpty());
        QTRY_VERIFY_WITH_TIMEOUT(everySwitchLive(servers, entry, 4), kWait);

        // Disconnect: every switch shows disconnected; Reconnect now brings them all back.
        servers.disconnectServer(entry);
        QCOMPARE(servers.status(entry), ServerStatus::Disconnected);
        for (const Console::ServerEntry &sw : servers.switchesOf(entry))
            QCOMPARE(hub.server(sw.server)->connectionState(), Monitor::LinkState::Disconnected);
        QVERIFY(Console::canConnect(servers.status(entry)));
        QVERIFY(servers.reconnectServer(entry));
        QTRY_VERIFY_WITH_TIMEOUT(everySwitchLive(servers, entry, 4), kWait);
        QCOMPARE(servers.status(entry), ServerStatus::Live);
        QCOMPARE(asked.size(), 1); // the password typed at connect was kept for the session
        QCOMPARE(hub.servers().size(), 4);

        // Removing the profile drops the broker and its switches.
        profiles.setProfiles({});
        QVERIFY(hub.servers().isEmpty());
        QVERIFY(servers.entries().isEmpty());
    }

    void anApplicationRunsOnABrokerSwitchThroughUuidBroadcast()
    {
        // Run application "park" on a call of a fleet switch: over RabbitMQ there is no
        // sendmsg, so it goes as `api uuid_broadcast <uuid> park:: aleg`, and the call parks.
        QSKIP_UNLESS_BROKER(broker);
        auto fleet = startFleet(*broker, 1);
        QTemporaryDir dir;
        Console::MemoryKeychain keychain;
        Console::ProfileStore profiles(dir.filePath(u"profiles.ini"_s), &keychain);
        Console::Profile p = brokerProfile(*broker);
        profiles.setProfiles({p});
        Monitor::Hub hub;
        Console::ServerConnections servers(&hub, &profiles);
        servers.setReconnectDelays(200, 1000);
        QVERIFY(servers.connectProfile(p.id));
        const Console::ServerEntry entry = servers.entryOfProfile(p.id);
        QTRY_VERIFY_WITH_TIMEOUT(everySwitchLive(servers, entry, 1), kWait);
        Monitor::ServerMonitor *server = hub.server(servers.switchesOf(entry).first().server);
        QString uuid;
        for (const Monitor::Channel *c : server->channels()->channels()) {
            if (!c->ended && !c->parked && c->direction == u"inbound")
                uuid = c->uuid;
        }
        QVERIFY(!uuid.isEmpty());

        Console::CallControl control(&hub);
        const QFuture<Console::ActionOutcome> run =
            control.execute({server->id(), uuid}, u"park"_s, {});
        QTRY_VERIFY_WITH_TIMEOUT(run.isFinished(), kWait);
        const Console::ActionOutcome o = run.result();
        QVERIFY2(o.ok, qPrintable(o.reply));
        QCOMPARE(o.command, u"api uuid_broadcast %1 park:: aleg"_s.arg(uuid));
        QCOMPARE(o.reply, u"queued on the channel (uuid_broadcast): completion is not reported "
                          "over RabbitMQ (mod_amqp)"_s);
        // The switch ran it: the call is parked, and the console sees it so.
        QTRY_VERIFY_WITH_TIMEOUT(server->channels()->channel(uuid)->parked, kWait);
        QTRY_COMPARE_WITH_TIMEOUT(server->channels()->channel(uuid)->application, u"park"_s,
                                  kWait);
    }

    void aWrongPasswordFailsAndSaysSo()
    {
        QSKIP_UNLESS_BROKER(broker);
        QTemporaryDir dir;
        Console::MemoryKeychain keychain;
        Console::ProfileStore profiles(dir.filePath(u"profiles.ini"_s), &keychain);
        const Console::Profile p = brokerProfile(*broker, u"not-the-password"_s);
        profiles.setProfiles({p});
        Monitor::Hub hub;
        Console::ServerConnections servers(&hub, &profiles);
        servers.setReconnectDelays(200, 1000);
        QVERIFY(servers.connectProfile(p.id));
        const Console::ServerEntry entry = servers.entryOfProfile(p.id);
        QTRY_COMPARE_WITH_TIMEOUT(servers.status(entry), ServerStatus::Failed, kWait);
        const QString problem = servers.problem(entry);
        QVERIFY2(problem.contains(u"ACCESS_REFUSED"_s) || problem.contains(u"refused"_s),
                 qPrintable(problem));
        QVERIFY2(problem.contains(u"password saved in the profile"_s), qPrintable(problem));
        QVERIFY(servers.downSince(entry) > 0);
        // Given up: it does not try again by itself.
        QTest::qWait(1500);
        QCOMPARE(servers.status(entry), ServerStatus::Failed);
        QVERIFY(hub.servers().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestBrokerConnections)
#include "tst_brokerconnections.moc"
