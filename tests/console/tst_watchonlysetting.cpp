// The system-wide watch-only setting: `watchOnly=true` in QSettings' system scope (an
// administrator's file) makes every server watch-only — a saved profile without it, whatever the
// user's own settings say, and the demo switch — while false or missing leaves each profile as it
// is. The settings paths point into a temporary directory, in both formats QSettings may use.

#include "console/profile.h"
#include "console/serverconnections.h"
#include "console/watchonlysetting.h"
#include "monitor/hub.h"
#include "monitor/servermonitor.h"

#include <QCoreApplication>
#include <QObject>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::Literals::StringLiterals;

class TestWatchOnlySetting : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();

    void systemWatchOnlyWinsOverAProfileWithoutIt();
    void systemWatchOnlyWinsOverTheUsersSettings();
    void systemWatchOnlyWinsOverTheDemoServer();
    void isWatchOnlyAsksTheSystemAndTheProfile();
    void falseOrMissingLeavesProfilesAsTheyAre_data();
    void falseOrMissingLeavesProfilesAsTheyAre();

private:
    void writeSystem(const QVariant &watchOnly);

    QTemporaryDir m_system;
    QTemporaryDir m_user;
};

void TestWatchOnlySetting::initTestCase()
{
    QVERIFY(m_system.isValid() && m_user.isValid());
    QCoreApplication::setOrganizationName(u"SwitchboardTest"_s);
    QCoreApplication::setApplicationName(u"tst_watchonlysetting"_s);
    for (QSettings::Format format : {QSettings::NativeFormat, QSettings::IniFormat}) {
        QSettings::setPath(format, QSettings::SystemScope, m_system.path());
        QSettings::setPath(format, QSettings::UserScope, m_user.path());
    }
}

void TestWatchOnlySetting::init()
{
    writeSystem({});
    QSettings user;
    user.clear();
    user.sync();
}

// An invalid value removes the key: the setting is missing.
void TestWatchOnlySetting::writeSystem(const QVariant &watchOnly)
{
    QSettings system(QSettings::SystemScope, QCoreApplication::organizationName(),
                     QCoreApplication::applicationName());
    if (watchOnly.isValid())
        system.setValue(u"watchOnly"_s, watchOnly);
    else
        system.remove(u"watchOnly"_s);
    system.sync();
    QCOMPARE(system.status(), QSettings::NoError);
}

void TestWatchOnlySetting::systemWatchOnlyWinsOverAProfileWithoutIt()
{
    Console::Profile profile;
    profile.name = u"pbx1"_s;
    profile.host = u"127.0.0.1"_s;
    QVERIFY(!Console::toServerProfile(profile).connection.watchOnly);
    writeSystem(true);
    QVERIFY(Console::systemWatchOnly());
    QVERIFY(Console::toServerProfile(profile).connection.watchOnly);
}

void TestWatchOnlySetting::systemWatchOnlyWinsOverTheUsersSettings()
{
    writeSystem(true);
    QSettings user;
    user.setValue(u"watchOnly"_s, false);
    user.sync();
    QCOMPARE(QSettings().value(u"watchOnly"_s).toBool(), false); // the user's file says no
    QVERIFY(Console::systemWatchOnly());
    Console::Profile profile;
    profile.host = u"127.0.0.1"_s;
    profile.watchOnly = false;
    QVERIFY(Console::toServerProfile(profile).connection.watchOnly);
}

void TestWatchOnlySetting::systemWatchOnlyWinsOverTheDemoServer()
{
    writeSystem(true);
    Monitor::Hub hub;
    Console::ServerConnections connections(&hub);
    Monitor::ServerProfile demo;
    demo.name = u"demo-pbx"_s;
    demo.connection.host = u"127.0.0.1"_s;
    demo.connection.port = 9; // nothing need answer: only the profile it was given matters
    demo.connection.autoReconnect = false;
    Monitor::ServerMonitor *server = connections.addUnsavedServer(demo);
    QVERIFY(server);
    QVERIFY(server->profile().connection.watchOnly);
    QVERIFY(Console::isWatchOnly(&hub, server->id()));
    QVERIFY(!Console::anyServerTakesControl(&hub));
}

void TestWatchOnlySetting::isWatchOnlyAsksTheSystemAndTheProfile()
{
    Monitor::ServerProfile plain;
    Monitor::ServerProfile watching;
    watching.connection.watchOnly = true;
    QVERIFY(!Console::isWatchOnly(plain));
    QVERIFY(Console::isWatchOnly(watching));
    writeSystem(true);
    QVERIFY(Console::isWatchOnly(plain));
}

void TestWatchOnlySetting::falseOrMissingLeavesProfilesAsTheyAre_data()
{
    QTest::addColumn<QVariant>("system");
    QTest::newRow("missing") << QVariant();
    QTest::newRow("false") << QVariant(false);
    QTest::newRow("\"false\" as text") << QVariant(u"false"_s);
}

void TestWatchOnlySetting::falseOrMissingLeavesProfilesAsTheyAre()
{
    QFETCH(QVariant, system);
    writeSystem(system);
    QVERIFY(!Console::systemWatchOnly());
    Console::Profile control;
    control.host = u"127.0.0.1"_s;
    Console::Profile watching = control;
    watching.watchOnly = true;
    QVERIFY(!Console::toServerProfile(control).connection.watchOnly);
    QVERIFY(Console::toServerProfile(watching).connection.watchOnly);

    Monitor::Hub hub;
    Console::ServerConnections connections(&hub);
    Monitor::ServerProfile demo;
    demo.connection.port = 9;
    demo.connection.autoReconnect = false;
    Monitor::ServerMonitor *server = connections.addUnsavedServer(demo);
    QVERIFY(!server->profile().connection.watchOnly);
    QVERIFY(!Console::isWatchOnly(&hub, server->id()));
    QVERIFY(Console::anyServerTakesControl(&hub));
}

QTEST_MAIN(TestWatchOnlySetting)
#include "tst_watchonlysetting.moc"
