// What a watch-only server's rows offer, beside a normal server's (two simulated switches): the
// New call dialog lists only the servers that take control (and New call is absent when none
// does); the Conferences and Queues lists stay where they are when the selection moves between
// a watch-only server's row and a normal one (their toolbars empty but keep their height); a
// watch-only server's registration row has no "Flush registration…", in the toolbar or its
// right-click menu.

#include "support/systemsettings.h"
#include "support/uisim.h"

#include "sim/simconference.h"
#include "sim/simsofia.h"

#include "console/callcontrol.h"
#include "ui/calls/actiondialogs.h"
#include "ui/calls/callactions.h"
#include "ui/calls/callspanel.h"
#include "ui/calls/callsmodel.h"
#include "ui/callcenter/queuespanel.h"
#include "ui/conferences/conferencespanel.h"
#include "ui/registrations/registrationspanel.h"
#include "ui/registrations/registrationsmodel.h"
#include "ui/window/mainwindow.h"
#include "ui/window/noticebar.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QMenu>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTableView>
#include <QTimer>
#include <QToolBar>
#include <QTreeView>

using namespace Qt::Literals::StringLiterals;
using TestSupport::redirectSettings;
using TestSupport::kWait;

namespace {

bool absent(const QAction *action)
{
    return !action->isVisible() && !action->isEnabled();
}

// Where `widget` sits in its window, and how big it is.
QRect placeIn(const QWidget *widget)
{
    return QRect(widget->mapTo(widget->window(), QPoint(0, 0)), widget->size());
}

// Lets the toolbars and layouts take their next pass.
void settle()
{
    for (int i = 0; i < 3; ++i) {
        QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
        QCoreApplication::processEvents();
    }
}

int joinConference(TestSupport::UiSim &sim, const QString &name)
{
    Sim::Switch::CallSpec spec;
    spec.callerName = name;
    spec.bridge = false;
    spec.application = u"conference"_s;
    spec.applicationArgument = u"3000@default"_s;
    const QString uuid = sim.sw->placeCall(spec);
    int id = 0;
    (void)QTest::qWaitFor([&] { return (id = sim.sw->conferences()->memberId(uuid)) > 0; }, kWait);
    return id;
}

Sim::SimSofia::Registration phone(const QString &user, const QString &callId)
{
    Sim::SimSofia::Registration r;
    r.user = user;
    r.realm = u"127.0.0.1"_s;
    r.callId = callId;
    r.contact = u"sip:%1@10.0.0.7:5062"_s.arg(user);
    r.networkIp = u"10.0.0.7"_s;
    r.networkPort = 5062;
    r.expires = 600;
    r.userAgent = u"Yealink SIP-T46U 108.86.0.75"_s;
    return r;
}

} // namespace

class TestWatchOnlyOffers : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void theNewCallDialogListsOnlyServersThatTakeControl();
    void newCallIsAbsentWhenEveryServerIsWatchOnly();
    void theConferencesListStaysPutBetweenServers();
    void theQueuesListStaysPutBetweenServers();
    void aWatchOnlyRegistrationHasNoFlush();

private:
    void addWatched();

    QTemporaryDir m_settings;
    std::unique_ptr<TestSupport::UiSim> m_normal;
    std::unique_ptr<TestSupport::UiSim> m_watched;
    std::unique_ptr<Monitor::Hub> m_hub;
    std::unique_ptr<Console::CallControl> m_control;
    std::unique_ptr<Ui::NoticeBar> m_notices;
    Monitor::ServerMonitor *m_pbx = nullptr;
    Monitor::ServerMonitor *m_watch = nullptr;
};

void TestWatchOnlyOffers::initTestCase()
{
    QVERIFY(m_settings.isValid());
    QCoreApplication::setOrganizationName(u"SwitchboardTest"_s);
    QCoreApplication::setApplicationName(u"tst_watchonlyoffers"_s);
    // No system-wide watchOnly from this machine: the servers' profiles decide.
    redirectSettings(m_settings);
}

void TestWatchOnlyOffers::init()
{
    QSettings().clear();
    m_normal = std::make_unique<TestSupport::UiSim>();
    m_watched = std::make_unique<TestSupport::UiSim>();
    m_hub = std::make_unique<Monitor::Hub>();
    m_control = std::make_unique<Console::CallControl>(m_hub.get());
    m_notices = std::make_unique<Ui::NoticeBar>();
}

void TestWatchOnlyOffers::addWatched()
{
    Monitor::ServerProfile watching = m_watched->profile(u"ssh-pbx"_s);
    watching.connection.watchOnly = true;
    m_watch = m_hub->addServer(watching);
    m_watch->start();
    QVERIFY(QTest::qWaitFor([&] { return m_watch->link()->isLive() && !m_watch->isOutOfStep(); },
                            kWait));
}

void TestWatchOnlyOffers::cleanup()
{
    m_notices.reset();
    m_control.reset();
    m_hub.reset();
    m_normal.reset();
    m_watched.reset();
}

void TestWatchOnlyOffers::theNewCallDialogListsOnlyServersThatTakeControl()
{
    m_pbx = m_normal->watch(*m_hub, u"pbx"_s);
    QVERIFY(m_pbx);
    addWatched();
    Ui::MainWindow window(m_hub.get());
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    m_watched->call(u"Bob"_s);

    // Bob's call, on the watch-only server, selected: as after a right-click on it.
    QTreeView *view = window.callsPanel()->view();
    QVERIFY(QTest::qWaitFor(
        [&] {
            QAbstractItemModel *m = view->model();
            for (int r = 0; r < m->rowCount(); ++r) {
                const QModelIndex i = m->index(r, Ui::CallsModel::CallerName);
                if (i.data().toString() == u"Bob") {
                    view->selectionModel()->setCurrentIndex(
                        i, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
                    return true;
                }
            }
            return false;
        },
        kWait));
    QCOMPARE(window.callsPanel()->currentChannel().server, m_watch->id());
    QAction *newCall = window.callActions()->originate;
    QVERIFY(newCall->isVisible() && newCall->isEnabled()); // pbx still takes calls

    QStringList offered;
    QTimer::singleShot(0, this, [&] {
        (void)QTest::qWaitFor([] { return QApplication::activeModalWidget() != nullptr; }, kWait);
        auto *dialog = qobject_cast<Ui::OriginateDialog *>(QApplication::activeModalWidget());
        if (!dialog)
            return;
        auto *servers = dialog->findChild<QComboBox *>(u"server"_s);
        for (int i = 0; servers && i < servers->count(); ++i)
            offered.append(servers->itemText(i));
        dialog->reject();
    });
    newCall->trigger();
    QCOMPARE(offered, QStringList{u"pbx"_s});
    QVERIFY(m_hub->audit()->entries().isEmpty()); // cancelled: nothing sent, nothing refused
}

void TestWatchOnlyOffers::newCallIsAbsentWhenEveryServerIsWatchOnly()
{
    addWatched();
    Ui::MainWindow window(m_hub.get());
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(absent(window.callActions()->originate));
    window.callActions()->originate->trigger(); // a hidden action does nothing
    QVERIFY(!QApplication::activeModalWidget());
    QVERIFY(m_hub->audit()->entries().isEmpty());
}

void TestWatchOnlyOffers::theConferencesListStaysPutBetweenServers()
{
    m_pbx = m_normal->watch(*m_hub, u"pbx"_s);
    QVERIFY(m_pbx);
    addWatched();
    Ui::ConferencesPanel panel({m_hub.get(), m_control.get(), nullptr, m_notices.get()});
    panel.resize(900, 400);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    const int alice = joinConference(*m_normal, u"Alice"_s);
    const int bob = joinConference(*m_watched, u"Bob"_s);
    QVERIFY(alice > 0 && bob > 0);
    auto *bar = panel.findChild<QToolBar *>(u"conferencestoolbar"_s);
    QVERIFY(bar);
    QAction *kick = panel.action(u"confKick"_s);

    QVERIFY(QTest::qWaitFor(
        [&] {
            panel.refreshNow();
            return panel.select(m_pbx->id(), u"3000"_s, alice);
        },
        kWait));
    QVERIFY(QTest::qWaitFor([&] { return bar->widgetForAction(kick)->isVisible(); }));
    settle();
    const QRect normal = placeIn(panel.view());

    QVERIFY(QTest::qWaitFor([&] { return panel.select(m_watch->id(), u"3000"_s, bob); }, kWait));
    QVERIFY(absent(kick));
    QVERIFY(QTest::qWaitFor([&] { return !bar->widgetForAction(kick)->isVisible(); }));
    settle();
    QCOMPARE(placeIn(panel.view()), normal);

    QVERIFY(QTest::qWaitFor([&] { return panel.select(m_pbx->id(), u"3000"_s, alice); }, kWait));
    QVERIFY(QTest::qWaitFor([&] { return bar->widgetForAction(kick)->isVisible(); }));
    settle();
    QCOMPARE(placeIn(panel.view()), normal);
}

void TestWatchOnlyOffers::theQueuesListStaysPutBetweenServers()
{
    m_pbx = m_normal->watch(*m_hub, u"pbx"_s);
    QVERIFY(m_pbx);
    addWatched();
    Ui::QueuesPanel panel({m_hub.get(), m_control.get(), nullptr, m_notices.get()});
    panel.resize(1000, 400);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    auto *queues = panel.findChild<QTableView *>(u"queuesView"_s);
    auto *bar = panel.findChild<QToolBar *>(u"queuesToolBar"_s);
    QVERIFY(queues && bar);
    QAction *logIn = panel.findChild<QAction *>(u"queuesLogIn"_s);
    QVERIFY(logIn);
    const auto select = [&](Monitor::ServerId server) {
        const QString key = QString::number(server) + u" support@default"_s;
        return QTest::qWaitFor(
            [&] {
                for (int r = 0; r < queues->model()->rowCount(); ++r) {
                    if (queues->model()->index(r, 0).data(Qt::UserRole).toString() == key) {
                        queues->setCurrentIndex(queues->model()->index(r, 0));
                        return panel.selectedQueue() == key;
                    }
                }
                return false;
            },
            kWait);
    };

    QVERIFY(select(m_pbx->id()));
    QVERIFY(QTest::qWaitFor([&] { return bar->widgetForAction(logIn)->isVisible(); }));
    settle();
    // The top of the lists: their height and widths follow the notes below and what each
    // server's queue holds, not the toolbar.
    const QPoint normal = placeIn(queues).topLeft();
    const int barHeight = bar->height();

    QVERIFY(select(m_watch->id()));
    QVERIFY(!logIn->isVisible());
    QVERIFY(QTest::qWaitFor([&] { return !bar->widgetForAction(logIn)->isVisible(); }));
    settle();
    QCOMPARE(bar->height(), barHeight);
    QCOMPARE(placeIn(queues).topLeft(), normal);

    QVERIFY(select(m_pbx->id()));
    QVERIFY(QTest::qWaitFor([&] { return bar->widgetForAction(logIn)->isVisible(); }));
    settle();
    QCOMPARE(bar->height(), barHeight);
    QCOMPARE(placeIn(queues).topLeft(), normal);
}

void TestWatchOnlyOffers::aWatchOnlyRegistrationHasNoFlush()
{
    m_normal->sw->sofia()->setStepMs(20);
    m_watched->sw->sofia()->setStepMs(20);
    m_pbx = m_normal->watch(*m_hub, u"pbx"_s);
    QVERIFY(m_pbx);
    addWatched();
    Ui::RegistrationsPanel panel({m_hub.get(), m_control.get(), nullptr, m_notices.get()});
    panel.resize(1000, 300);
    panel.show();
    m_normal->sw->sofia()->registerPhone(phone(u"1001"_s, u"call-1001"_s));
    m_watched->sw->sofia()->registerPhone(phone(u"2002"_s, u"call-2002"_s));
    Ui::RegistrationsModel *regs = panel.registrationsModel();
    QTRY_COMPARE_WITH_TIMEOUT(regs->liveCount(), 2, kWait);
    const auto rowOn = [&](Monitor::ServerId server) {
        for (int r = 0; r < regs->rowCount(); ++r) {
            if (regs->row(r)->server == server)
                return r;
        }
        return -1;
    };
    QAction *flush = nullptr;
    for (QAction *a : panel.findChildren<QAction *>()) {
        if (a->text() == u"Flush registration…")
            flush = a;
    }
    QVERIFY(flush);
    const auto menuOffers = [&](const QString &text) {
        for (QMenu *menu : panel.findChildren<QMenu *>()) {
            for (const QAction *a : menu->actions()) {
                if (a->text().startsWith(text) && a->isVisible())
                    return true;
            }
        }
        return false;
    };

    panel.registrationsView()->selectRow(rowOn(m_watch->id()));
    QVERIFY(absent(flush));
    QVERIFY(!menuOffers(u"Flush"_s)); // neither "Flush registration…" nor "Flush and reboot…"
    QVERIFY(menuOffers(u"sofia status"_s)); // it only reads

    panel.registrationsView()->selectRow(rowOn(m_pbx->id()));
    QVERIFY(flush->isVisible() && flush->isEnabled());
    QVERIFY(menuOffers(u"Flush and reboot"_s));
}

QTEST_MAIN(TestWatchOnlyOffers)
#include "tst_watchonlyoffers.moc"
