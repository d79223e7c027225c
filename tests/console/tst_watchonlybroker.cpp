// The broker link's watch-only: a RabbitMQ (mod_amqp) profile's watchOnly, or the system-wide
// setting, reaches BrokerOptions; a watch-only BrokerConnection refuses a control command with
// Forbidden before it would publish anything (even before it is connected: the refusal comes
// first), lets the read-only ones through to the usual path, and reads a bgapi's
// "bgapi uuid:<job> <command>" by the command it runs.

#include "support/systemsettings.h"

#include "console/brokerprofile.h"
#include "console/profile.h"
#include "console/watchonlysetting.h"
#include "monitor/brokercommands.h"
#include "monitor/brokerconnection.h"

#include <QCoreApplication>
#include <QObject>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using TestSupport::redirectSettings;
using TestSupport::writeSystemWatchOnly;

class TestWatchOnlyBroker : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void aBrokerProfilesWatchOnlyReachesTheConnection();
    void theSystemSettingReachesTheConnection();
    void refusesControlBeforePublishing_data();
    void refusesControlBeforePublishing();
    void readOnlyCommandsTakeTheUsualPath();

private:
    QTemporaryDir m_settings;
};

void TestWatchOnlyBroker::initTestCase()
{
    QVERIFY(m_settings.isValid());
    QCoreApplication::setOrganizationName(u"SwitchboardTest"_s);
    QCoreApplication::setApplicationName(u"tst_watchonlybroker"_s);
    redirectSettings(m_settings);
}

void TestWatchOnlyBroker::aBrokerProfilesWatchOnlyReachesTheConnection()
{
    writeSystemWatchOnly(false);
    Console::Profile profile;
    profile.kind = Console::ProfileKind::Broker;
    profile.broker.url = u"amqp://watcher@127.0.0.1:5672/"_s;
    QVERIFY(!Console::toBrokerOptions(profile).watchOnly);
    profile.watchOnly = true;
    QVERIFY(Console::toBrokerOptions(profile).watchOnly);
}

void TestWatchOnlyBroker::theSystemSettingReachesTheConnection()
{
    writeSystemWatchOnly(true);
    Console::Profile profile;
    profile.kind = Console::ProfileKind::Broker;
    profile.broker.url = u"amqp://watcher@127.0.0.1:5672/"_s;
    QVERIFY(Console::toBrokerOptions(profile).watchOnly);
    writeSystemWatchOnly(false);
}

void TestWatchOnlyBroker::refusesControlBeforePublishing_data()
{
    QTest::addColumn<QString>("command");
    QTest::addColumn<QString>("named");
    QTest::newRow("uuid_kill") << u"uuid_kill a210d645-81c9-4730-9fb8-ef8b4cd23c59"_s << u"uuid_kill"_s;
    QTest::newRow("originate as a bgapi")
        << u"bgapi uuid:5a0e4d3c-1111-2222-3333-444455556666 originate user/1000 1001"_s
        << u"originate"_s;
    QTest::newRow("a bare bgapi") << u"bgapi uuid_kill x"_s << u"uuid_kill"_s;
    QTest::newRow("conference kick") << u"conference 3000 kick 7"_s << u"conference 3000 kick"_s;
    QTest::newRow("sofia rescan") << u"sofia profile internal rescan"_s << u"sofia profile internal"_s;
    QTest::newRow("callcenter agent set")
        << u"callcenter_config agent set status 1000@default Available"_s
        << u"callcenter_config agent set status"_s;
}

void TestWatchOnlyBroker::refusesControlBeforePublishing()
{
    QFETCH(QString, command);
    QFETCH(QString, named);
    Monitor::BrokerOptions options;
    options.watchOnly = true;
    Monitor::BrokerConnection connection(options); // never started: nothing could be published
    QFuture<Esl::Reply> reply = connection.api(u"pbx1"_s, command);
    QVERIFY(reply.isFinished());
    QVERIFY(reply.result().error());
    QCOMPARE(reply.result().error()->code, Esl::Error::Code::Forbidden);
    QVERIFY2(reply.result().error()->message.contains(u"\"%1\""_s.arg(named)),
             qPrintable(reply.result().error()->message));
}

void TestWatchOnlyBroker::readOnlyCommandsTakeTheUsualPath()
{
    for (const QString &command :
         {u"status"_s, u"show channels as json"_s, u"conference json_list"_s, u"valet_info"_s,
          u"bgapi uuid:5a0e4d3c-1111-2222-3333-444455556666 show calls as json"_s}) {
        QCOMPARE(Monitor::BrokerCommands::watchOnlyRefusal(command), std::nullopt);
        Monitor::BrokerOptions options;
        options.watchOnly = true;
        Monitor::BrokerConnection connection(options);
        QFuture<Esl::Reply> reply = connection.api(u"pbx1"_s, command);
        QVERIFY(reply.isFinished());
        // Not connected: refused for that, not for watch-only.
        QCOMPARE(reply.result().error()->code, Esl::Error::Code::Disconnected);
    }
    // Without watch-only, a control command takes the usual path too.
    Monitor::BrokerConnection connection(Monitor::BrokerOptions{});
    QFuture<Esl::Reply> reply = connection.api(u"pbx1"_s, u"uuid_kill x"_s);
    QCOMPARE(reply.result().error()->code, Esl::Error::Code::Disconnected);
}

QTEST_MAIN(TestWatchOnlyBroker)
#include "tst_watchonlybroker.moc"
