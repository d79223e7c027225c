// The window watching a fleet of switches through RabbitMQ (mod_amqp), as an operator would, on a
// real broker with a simulated fleet: a RabbitMQ profile added in Connection profiles (its URL
// checked as typed), connected from the offer that follows; the switches come as servers, each
// in a colour of its own, their calls in the calls list; the broker's one status-bar item counts
// them; a switch hidden from the broker's menu takes its calls with it; Disconnect shows them
// down and Reconnect now brings them back; what a broker switch does differently (an application
// runs through uuid_broadcast, no sendmsg) says so on its calls; and a wrong password says so and
// stops.

#include "console/profilekeychain.h"
#include "console/profiles.h"
#include "console/serverconnections.h"
#include "ui/calls/callactions.h"
#include "ui/calls/callspanel.h"
#include "ui/servers/profilesdialog.h"
#include "ui/window/mainwindow.h"
#include "ui/window/serverstatusstrip.h"

#include "sim/amqpfleet.h"
#include "sim/simswitch.h"

#include "support/rabbitbroker.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QSet>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTimer>
#include <QToolButton>
#include <QTreeView>

#include <memory>

using namespace Qt::Literals::StringLiterals;
using Console::ServerStatus;

namespace {

constexpr int kWait = 20000;

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

QMenu *serverMenu(Ui::MainWindow &window, const QString &name)
{
    for (QAction *top : window.menuBar()->actions()) {
        if (!top->menu() || top->text() != u"&Servers")
            continue;
        for (QAction *action : top->menu()->actions()) {
            if (action->menu() && action->menu()->objectName() == u"serverMenu" &&
                action->menu()->title().startsWith(name + u" — "_s))
                return action->menu();
        }
    }
    return nullptr;
}

QAction *actionIn(QMenu *menu, const QString &objectName, const QString &data = {})
{
    for (QAction *action : menu->actions()) {
        if (action->objectName() == objectName &&
            (data.isEmpty() || action->data().toString() == data))
            return action;
    }
    return nullptr;
}

// The broker menu's submenu of one switch.
QMenu *switchMenu(QMenu *broker, const QString &hostname)
{
    Q_EMIT broker->aboutToShow(); // filled as it opens
    for (QAction *action : broker->actions()) {
        if (action->menu() && action->menu()->objectName() == u"switchMenu" &&
            action->data().toString() == hostname)
            return action->menu();
    }
    return nullptr;
}

// The calls list's rows of one server (each row's channel names its server).
int rowsOf(Ui::MainWindow &window, Monitor::ServerId server)
{
    QTreeView *view = window.callsPanel()->view();
    int rows = 0;
    for (int r = 0; r < view->model()->rowCount(); ++r) {
        if (window.callsPanel()->channelAt(view->model()->index(r, 0)).server == server)
            ++rows;
    }
    return rows;
}

bool everySwitchShown(Ui::MainWindow &window, const Console::ServerEntry &broker, int count)
{
    Console::ServerConnections *servers = window.serverConnections();
    const QList<Console::ServerEntry> switches = servers->switchesOf(broker);
    if (switches.size() != count)
        return false;
    for (const Console::ServerEntry &sw : switches) {
        const Monitor::ServerMonitor *server = servers->hub()->server(sw.server);
        if (!server || !server->link()->isLive() || server->isOutOfStep() ||
            rowsOf(window, sw.server) == 0)
            return false;
    }
    return true;
}

} // namespace

class TestFleetWindow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(u"Switchboard-tests"_s);
        QCoreApplication::setApplicationName(u"tst_fleetwindow"_s);
        QSettings().clear();
    }

    void aBrokerProfileFromTheDialogWatchesTheFleet()
    {
        QSKIP_UNLESS_BROKER(broker);
        auto fleet = startFleet(*broker, 4);
        QTemporaryDir dir;
        Console::MemoryKeychain keychain;
        Console::ProfileStore profiles(dir.filePath(u"profiles.ini"_s), &keychain);
        Monitor::Hub hub;
        Ui::MainWindow window(&hub, &profiles);
        window.resize(1280, 800);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));

        // Servers → Connection profiles → Add; kind RabbitMQ; the URL's problem shows as typed.
        QString urlProblem, accepted;
        QTimer::singleShot(0, this, [&] {
            auto *dialog = qobject_cast<Ui::ProfilesDialog *>(QApplication::activeModalWidget());
            if (!dialog)
                return;
            QTest::mouseClick(dialog->findChild<QPushButton *>(u"addButton"_s), Qt::LeftButton);
            auto *kind = dialog->findChild<QComboBox *>(u"kindCombo"_s);
            kind->setCurrentIndex(kind->findText(u"RabbitMQ (mod_amqp)"_s));
            auto *name = dialog->findChild<QLineEdit *>(u"nameEdit"_s);
            name->selectAll();
            QTest::keyClicks(name, u"fleet"_s);
            auto *url = dialog->findChild<QLineEdit *>(u"brokerUrlEdit"_s);
            url->clear();
            QTest::keyClicks(url, u"amqp://guest:guest@127.0.0.1:%1/"_s.arg(broker->amqpPort()));
            auto *problem = dialog->findChild<QLabel *>(u"brokerUrlProblem"_s);
            urlProblem = problem->isVisible() ? problem->text() : QString();
            url->clear();
            QTest::keyClicks(url, u"amqp://guest@127.0.0.1:%1/"_s.arg(broker->amqpPort()));
            if (problem->isVisible())
                accepted = u"still a problem: "_s + problem->text();
            auto *password = dialog->findChild<QLineEdit *>(u"passwordEdit"_s);
            password->clear();
            QTest::keyClicks(password, u"guest"_s);
            dialog->findChild<QCheckBox *>(u"autoConnectCheck"_s)->setChecked(false);
            dialog->accept();
            if (dialog->isVisible())
                accepted = dialog->errorMessage();
        });
        // Then the offer to connect it at once: Yes.
        bool offered = false;
        QTimer::singleShot(0, this, [&] {
            QTRY_VERIFY_WITH_TIMEOUT(window.findChild<QMessageBox *>(u"connectNowQuestion"_s),
                                     kWait);
            auto *box = window.findChild<QMessageBox *>(u"connectNowQuestion"_s);
            offered = box->text().contains(u"fleet"_s);
            box->button(QMessageBox::Yes)->click();
        });
        window.findChild<QAction *>(u"profilesAction"_s)->trigger();
        QVERIFY2(urlProblem.contains(u"Password field"_s), qPrintable(urlProblem));
        QVERIFY2(accepted.isEmpty(), qPrintable(accepted));
        QCOMPARE(profiles.profiles().size(), 1);
        const Console::Profile saved = profiles.profiles().first();
        QCOMPARE(saved.kind, Console::ProfileKind::Broker);
        QTRY_VERIFY_WITH_TIMEOUT(offered, kWait);

        // The switches come as servers, each in a colour of its own, with their calls.
        Console::ServerConnections *servers = window.serverConnections();
        const Console::ServerEntry entry = servers->entryOfProfile(saved.id);
        QTRY_VERIFY_WITH_TIMEOUT(everySwitchShown(window, entry, 4), kWait);
        QSet<QString> colours;
        for (Monitor::ServerMonitor *server : hub.servers())
            colours.insert(server->profile().colour);
        QCOMPARE(colours.size(), 4);

        // One status item for the broker, counting its switches and their channels. (Items are
        // made anew as servers come and go: looked up each time.)
        const auto item = [&] {
            window.serverStatus()->refresh();
            return window.serverStatus()->itemOf(entry);
        };
        QVERIFY(item());
        qint64 channels = 0;
        for (Monitor::ServerMonitor *server : hub.servers())
            channels += server->channels()->liveCount();
        QCOMPARE(item()->text(), u"fleet: 4 switches · %1 channels"_s.arg(channels));
        int items = 0;
        for (QToolButton *b : window.serverStatus()->findChildren<QToolButton *>(
                 u"serverStatusItem"_s))
            items += b->isVisible() ? 1 : 0;
        QCOMPARE(items, 1);

        // The Servers menu: the broker's submenu, its switches in it; hide one.
        QMenu *menu = serverMenu(window, u"fleet"_s);
        QVERIFY(menu);
        QMenu *second = switchMenu(menu, u"sim-02"_s);
        QVERIFY(second);
        const Monitor::ServerId secondId = servers->switchesOf(entry).at(1).server;
        QVERIFY(rowsOf(window, secondId) > 0);
        actionIn(second, u"hideSwitchAction"_s)->trigger();
        QVERIFY(!hub.server(secondId));
        QTRY_COMPARE_WITH_TIMEOUT(rowsOf(window, secondId), 0, kWait);
        QVERIFY2(item()->text().startsWith(u"fleet: 3 switches"_s), qPrintable(item()->text()));
        menu = serverMenu(window, u"fleet"_s);
        Q_EMIT menu->aboutToShow();
        QAction *show = actionIn(menu, u"showSwitchAction"_s, u"sim-02"_s);
        QVERIFY(show);
        show->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(everySwitchShown(window, entry, 4), kWait);

        // What a broker switch cannot do is off for its calls, and says why.
        const Console::ServerEntry first = servers->switchesOf(entry).first();
        QTreeView *view = window.callsPanel()->view();
        QModelIndex row;
        for (int r = 0; r < view->model()->rowCount() && !row.isValid(); ++r) {
            const QModelIndex i = view->model()->index(r, 0);
            if (window.callsPanel()->channelAt(i).server == first.server)
                row = i;
        }
        QVERIFY(row.isValid());
        view->setFocus();
        view->selectionModel()->setCurrentIndex(row, QItemSelectionModel::ClearAndSelect |
                                                         QItemSelectionModel::Rows);
        Ui::CallActions *actions = window.callActions();
        QTRY_VERIFY(actions->hangup->isEnabled());
        QVERIFY(actions->execute->isEnabled());
        QVERIFY2(actions->execute->toolTip().contains(
                     u"uuid_broadcast (RabbitMQ (mod_amqp) has no sendmsg)"_s),
                 qPrintable(actions->execute->toolTip()));
        QVERIFY2(actions->execute->toolTip().contains(u"sim-01"_s),
                 qPrintable(actions->execute->toolTip()));

        // Disconnect: every switch down, the item says so; Reconnect now: all back.
        menu = serverMenu(window, u"fleet"_s);
        actionIn(menu, u"disconnectServerAction"_s)->trigger();
        QCOMPARE(servers->status(entry), ServerStatus::Disconnected);
        for (Monitor::ServerMonitor *server : hub.servers())
            QCOMPARE(server->connectionState(), Monitor::LinkState::Disconnected);
        QVERIFY2(item()->text().contains(u"disconnected — Connect"_s), qPrintable(item()->text()));
        menu = serverMenu(window, u"fleet"_s);
        QAction *reconnect = actionIn(menu, u"connectServerAction"_s);
        QVERIFY(reconnect && reconnect->isEnabled());
        reconnect->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(everySwitchShown(window, entry, 4), kWait);
        QCOMPARE(servers->status(entry), ServerStatus::Live);
    }

    void aWrongPasswordSaysSoInTheStatusBar()
    {
        QSKIP_UNLESS_BROKER(broker);
        QTemporaryDir dir;
        Console::MemoryKeychain keychain;
        Console::ProfileStore profiles(dir.filePath(u"profiles.ini"_s), &keychain);
        Console::Profile p;
        p.id = Console::Profile::newId();
        p.kind = Console::ProfileKind::Broker;
        p.name = u"fleet"_s;
        p.password = u"wrong"_s;
        p.broker.url = u"amqp://guest@127.0.0.1:%1/"_s.arg(broker->amqpPort());
        p.autoConnect = true;
        profiles.setProfiles({p});
        Monitor::Hub hub;
        Ui::MainWindow window(&hub, &profiles);
        window.show();
        window.serverConnections()->connectAtStart();
        const Console::ServerEntry entry = window.serverConnections()->entryOfProfile(p.id);
        QTRY_COMPARE_WITH_TIMEOUT(window.serverConnections()->status(entry), ServerStatus::Failed,
                                  kWait);
        window.serverStatus()->refresh();
        QToolButton *item = window.serverStatus()->itemOf(entry);
        QVERIFY(item && item->isVisible());
        QVERIFY2(item->text().contains(u"failed, down since"_s) &&
                     item->text().endsWith(u"— Reconnect now"_s),
                 qPrintable(item->text()));
        QVERIFY2(item->toolTip().contains(u"ACCESS_REFUSED"_s) ||
                     item->toolTip().contains(u"refused"_s),
                 qPrintable(item->toolTip()));
        QVERIFY2(item->toolTip().contains(u"password saved in the profile"_s),
                 qPrintable(item->toolTip()));
        QVERIFY(hub.servers().isEmpty());
    }
};

QTEST_MAIN(TestFleetWindow)
#include "tst_fleetwindow.moc"
