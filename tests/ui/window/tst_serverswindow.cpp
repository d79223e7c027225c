// Servers managed from the window while it runs, as an operator would: the Servers menu lists
// every server with Connect, Disconnect and Reconnect now, a saved profile not connected at start
// connects from there; the status bar's item of a server whose switch stops says "down since …
// — Reconnect now", and a click brings it back once the switch listens again on the same port, as
// the calls view's out-of-step banner and F5 do. A server's colour marks its status item and its
// lines in the charts.

#include "support/uisim.h"

#include "console/profilekeychain.h"
#include "console/profiles.h"
#include "console/serverconnections.h"
#include "ui/servers/profilesdialog.h"
#include "ui/window/chartsdock.h"
#include "ui/window/mainwindow.h"
#include "ui/window/serverstatusstrip.h"

#include <QAction>
#include <QApplication>
#include <QChart>
#include <QDockWidget>
#include <QPushButton>
#include <QTimer>
#include <QLineSeries>
#include <QMenu>
#include <QMenuBar>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QToolButton>

using namespace Qt::Literals::StringLiterals;
using TestSupport::kWait;

namespace {

QMenu *serversMenu(Ui::MainWindow &window)
{
    for (QAction *action : window.menuBar()->actions()) {
        if (action->menu() && action->text() == u"&Servers")
            return action->menu();
    }
    return nullptr;
}

// The Servers menu's submenu of the server called `name`.
QMenu *serverMenu(Ui::MainWindow &window, const QString &name)
{
    QMenu *servers = serversMenu(window);
    if (!servers)
        return nullptr;
    for (QAction *action : servers->actions()) {
        if (action->menu() && action->menu()->objectName() == u"serverMenu" &&
            action->menu()->title().startsWith(name + u" — "_s))
            return action->menu();
    }
    return nullptr;
}

QAction *actionIn(QMenu *menu, const QString &objectName)
{
    for (QAction *action : menu->actions()) {
        if (action->objectName() == objectName)
            return action;
    }
    return nullptr;
}

// The switch stops listening and drops everyone; restart() listens again on the same port.
struct Outage
{
    explicit Outage(TestSupport::UiSim &sim) : sim(sim), port(sim.server->serverPort())
    {
        sim.server->close();
        sim.server->dropAll();
    }
    bool restart() { return sim.server->listen(QHostAddress::LocalHost, port); }

    TestSupport::UiSim &sim;
    quint16 port;
};

} // namespace

class TestServersWindow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(u"Switchboard-tests"_s);
        QCoreApplication::setApplicationName(u"tst_serverswindow"_s);
        QSettings().clear();
    }

    void theServersMenuDisconnectsAndConnectsEachServer()
    {
        TestSupport::UiSim east;
        TestSupport::UiSim west;
        Monitor::Hub hub;
        Monitor::ServerMonitor *eastServer = east.watch(hub, u"east"_s);
        Monitor::ServerMonitor *westServer = west.watch(hub, u"west"_s);
        QVERIFY(eastServer && westServer);
        Ui::MainWindow window(&hub);
        window.show();

        QVERIFY(QTest::qWaitFor([&] { return serverMenu(window, u"east"_s); }, kWait));
        QVERIFY(serverMenu(window, u"west"_s));
        QVERIFY2(serverMenu(window, u"east"_s)->title().endsWith(u"live"_s),
                 qPrintable(serverMenu(window, u"east"_s)->title()));
        QAction *disconnect = actionIn(serverMenu(window, u"east"_s), u"disconnectServerAction"_s);
        QAction *connect = actionIn(serverMenu(window, u"east"_s), u"connectServerAction"_s);
        QVERIFY(disconnect && connect);
        QVERIFY(disconnect->isEnabled());
        QVERIFY(!connect->isEnabled());

        disconnect->trigger();
        QCOMPARE(eastServer->connectionState(), Monitor::LinkState::Disconnected);
        QVERIFY(QTest::qWaitFor([&] { return east.server->connectionCount() == 0; }, kWait));
        QVERIFY(westServer->link()->isLive()); // only that one
        QCOMPARE(serverMenu(window, u"east"_s)->title(), u"east — disconnected"_s);
        connect = actionIn(serverMenu(window, u"east"_s), u"connectServerAction"_s);
        QVERIFY(connect->isEnabled());

        connect->trigger();
        QVERIFY(QTest::qWaitFor([&] { return eastServer->link()->isLive(); }, kWait));
        QVERIFY(QTest::qWaitFor(
            [&] { return serverMenu(window, u"east"_s)->title() == u"east — live"_s; }, kWait));

        // Reconnect now on a live server drops it and connects again.
        const qint64 accepted = east.server->stats().accepted;
        actionIn(serverMenu(window, u"east"_s), u"reconnectServerAction"_s)->trigger();
        QVERIFY(
            QTest::qWaitFor([&] { return east.server->stats().accepted == accepted + 1; }, kWait));
        QVERIFY(QTest::qWaitFor([&] { return eastServer->link()->isLive(); }, kWait));
    }

    void aSavedProfileConnectsFromTheServersMenu()
    {
        QTemporaryDir dir;
        Console::MemoryKeychain keychain;
        Console::ProfileStore profiles(dir.filePath(u"profiles.ini"_s), &keychain);
        TestSupport::UiSim sim;
        Console::Profile lab;
        lab.id = Console::Profile::newId();
        lab.name = u"lab"_s;
        lab.port = sim.server->serverPort();
        lab.password = u"ClueCon"_s;
        lab.colour = QColor(u"#2a7ab0"_s);
        lab.autoConnect = false;
        profiles.setProfiles({lab});
        Monitor::Hub hub;
        Ui::MainWindow window(&hub, &profiles);
        window.show();

        QMenu *menu = serverMenu(window, u"lab"_s);
        QVERIFY(menu);
        QCOMPARE(menu->title(), u"lab — not connected"_s);
        QVERIFY(hub.servers().isEmpty());
        actionIn(menu, u"connectServerAction"_s)->trigger();
        QCOMPARE(hub.servers().size(), 1);
        QVERIFY(QTest::qWaitFor([&] { return hub.servers().first()->link()->isLive(); }, kWait));
        // Its status item carries the profile's colour.
        const Console::ServerEntry entry = window.serverConnections()->entryOfProfile(lab.id);
        QToolButton *item = window.serverStatus()->itemOf(entry);
        QVERIFY(item);
        QVERIFY2(item->styleSheet().contains(u"#2a7ab0"_s), qPrintable(item->styleSheet()));
        // And so do its lines in the charts (once a sample is taken, and drawn while the charts'
        // tab is in front).
        window.findChild<QDockWidget *>(u"chartsDock"_s)->raise();
        QTRY_VERIFY(!window.chartsPanel()->visibleRegion().isEmpty());
        hub.statistics()->sample(Monitor::ServerMonitor::now());
        for (QChart *chart :
             {window.chartsPanel()->callsChart(), window.chartsPanel()->rateChart()}) {
            const auto colours = [chart] {
                QList<QColor> found;
                for (QAbstractSeries *series : chart->series()) {
                    if (series->name() == u"lab")
                        found.append(qobject_cast<QLineSeries *>(series)->color());
                }
                return found;
            };
            QTRY_COMPARE(colours(), QList<QColor>{QColor(u"#2a7ab0"_s)});
        }
    }

    void aNewProfileGetsAColourNoOtherServerHas()
    {
        // A saved profile in the blue the demo switch used to get, and the demo switch, which
        // chooses no colour: the demo is given another one.
        QTemporaryDir dir;
        Console::MemoryKeychain keychain;
        Console::ProfileStore profiles(dir.filePath(u"profiles.ini"_s), &keychain);
        Console::Profile branch;
        branch.id = Console::Profile::newId();
        branch.name = u"branch-b"_s;
        branch.password = u"ClueCon"_s;
        branch.colour = QColor(u"#296eb3"_s);
        branch.autoConnect = false;
        profiles.setProfiles({branch});
        TestSupport::UiSim sim;
        Monitor::Hub hub;
        Console::ServerConnections servers(&hub, &profiles);
        Monitor::ServerProfile demo = sim.profile(u"demo-pbx"_s);
        demo.colour.clear();
        Monitor::ServerMonitor *demoServer = servers.addUnsavedServer(demo);
        const QColor demoColour = QColor::fromString(demoServer->profile().colour);
        QVERIFY(demoColour.isValid());
        QVERIFY2(!Console::coloursLookAlike(demoColour, branch.colour), qPrintable(demoColour.name()));
        Ui::MainWindow window(&servers);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QCOMPARE(servers.entryOfServer(demoServer->id()).colour, demoColour);

        // Servers → Connection profiles → Add, twice: each new profile in a colour of its own.
        QList<QColor> added;
        bool seen = false;
        QTimer::singleShot(0, this, [&] {
            auto *dialog = qobject_cast<Ui::ProfilesDialog *>(QApplication::activeModalWidget());
            if (!dialog)
                return;
            seen = true;
            auto *add = dialog->findChild<QPushButton *>(u"addButton"_s);
            QTest::mouseClick(add, Qt::LeftButton);
            QTest::mouseClick(add, Qt::LeftButton);
            for (const Console::Profile &p : dialog->profiles()) {
                if (p.id != branch.id)
                    added.append(p.colour);
            }
            dialog->reject();
        });
        window.findChild<QAction *>(u"profilesAction"_s)->trigger();
        QVERIFY(seen);
        QCOMPARE(added.size(), 2);
        const QList<QColor> others{branch.colour, demoColour};
        for (const QColor &colour : added) {
            for (const QColor &other : others)
                QVERIFY2(!Console::coloursLookAlike(colour, other),
                         qPrintable(colour.name() + u" like "_s + other.name()));
        }
        QVERIFY(!Console::coloursLookAlike(added.at(0), added.at(1)));
    }

    void theStatusBarSaysDownAndReconnectsWhenTheSwitchIsBack()
    {
        TestSupport::UiSim sim;
        Monitor::Hub hub;
        Monitor::ServerProfile profile = sim.profile(u"east"_s);
        profile.connection.reconnectMinMs = 60000; // the client's own retry is far away
        profile.connection.reconnectMaxMs = 60000;
        Monitor::ServerMonitor *server = hub.addServer(profile);
        server->start();
        Ui::MainWindow window(&hub);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        const Console::ServerEntry entry = window.serverConnections()->entryOfServer(server->id());
        QToolButton *item = window.serverStatus()->itemOf(entry);
        QVERIFY(item);
        QVERIFY(QTest::qWaitFor([&] { return item->text().contains(u"east · live"_s); }, kWait));
        QVERIFY2(item->text().contains(u"channels"_s), qPrintable(item->text()));

        Outage outage(sim);
        QVERIFY(QTest::qWaitFor([&] { return item->text().contains(u"down since"_s); }, kWait));
        QVERIFY2(item->text().endsWith(u"— Reconnect now"_s), qPrintable(item->text()));
        // What it no longer knows it does not say.
        QVERIFY2(!item->text().contains(u"channels"_s), qPrintable(item->text()));

        QVERIFY(outage.restart());
        QTest::mouseClick(item, Qt::LeftButton);
        QVERIFY(QTest::qWaitFor([&] { return server->link()->isLive(); }, kWait));
        QVERIFY(QTest::qWaitFor([&] { return item->text().contains(u"east · live"_s); }, kWait));
    }

    void theCallsBannerReconnectsAServerThatIsDown()
    {
        TestSupport::UiSim sim;
        Monitor::Hub hub;
        Monitor::ServerProfile profile = sim.profile(u"east"_s);
        profile.connection.reconnectMinMs = 60000;
        profile.connection.reconnectMaxMs = 60000;
        Monitor::ServerMonitor *server = hub.addServer(profile);
        server->start();
        Ui::MainWindow window(&hub);
        window.show();
        QVERIFY(QTest::qWaitFor([&] { return server->link()->isLive(); }, kWait));
        Outage outage(sim);
        auto *button = window.findChild<QToolButton *>(u"reconnectNow"_s);
        QVERIFY(button);
        QVERIFY(QTest::qWaitFor([&] { return button->isVisible(); }, kWait));
        QVERIFY(outage.restart());
        QTest::mouseClick(button, Qt::LeftButton);
        QVERIFY(QTest::qWaitFor([&] { return server->link()->isLive(); }, kWait));
    }

    void f5RetriesAServerThatIsDown()
    {
        TestSupport::UiSim sim;
        Monitor::Hub hub;
        Monitor::ServerProfile profile = sim.profile(u"east"_s);
        profile.connection.reconnectMinMs = 60000;
        profile.connection.reconnectMaxMs = 60000;
        Monitor::ServerMonitor *server = hub.addServer(profile);
        server->start();
        Ui::MainWindow window(&hub);
        window.show();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        QVERIFY(QTest::qWaitFor([&] { return server->link()->isLive(); }, kWait));
        Outage outage(sim);
        QVERIFY(QTest::qWaitFor(
            [&] { return server->connectionState() == Monitor::LinkState::Reconnecting; }, kWait));
        QVERIFY(outage.restart());
        QTest::keyClick(&window, Qt::Key_F5);
        QVERIFY(QTest::qWaitFor([&] { return server->link()->isLive(); }, kWait));
    }
};

QTEST_MAIN(TestServersWindow)
#include "tst_serverswindow.moc"
