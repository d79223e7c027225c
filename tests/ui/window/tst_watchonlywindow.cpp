// The window with a watch-only server beside a normal one (two simulated switches): the watch-only
// server's calls, conferences and parked calls offer no control action at all — the actions are
// absent from the toolbar, the menus, the context menu, and their shortcuts do nothing — while the
// other server's keep theirs; what only reads (uuid_dump, sofia status) stays. The system-wide
// watchOnly=true removes every control action. The api console says "watch-only: read-only
// commands" and shows the library's refusal as such.

#include "support/systemsettings.h"
#include "support/uisim.h"

#include "sim/simconference.h"

#include "console/watchonlysetting.h"
#include "ui/calls/callactions.h"
#include "ui/calls/callspanel.h"
#include "ui/calls/callsmodel.h"
#include "ui/conferences/conferencespanel.h"
#include "ui/console/apiconsole.h"
#include "ui/parking/parkingpanel.h"
#include "ui/registrations/registrationspanel.h"
#include "ui/callcenter/queuespanel.h"
#include "ui/window/mainwindow.h"

#include <QAction>
#include <QCoreApplication>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QPlainTextEdit>
#include <QSettings>
#include <QTemporaryDir>
#include <QComboBox>
#include <QTest>
#include <QToolBar>
#include <QTreeView>

using namespace Qt::Literals::StringLiterals;
using TestSupport::redirectSettings;
using TestSupport::writeSystemWatchOnly;
using TestSupport::kWait;

class TestWatchOnlyWindow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void aWatchOnlyServersCallHasNoActionsWhileTheOtherKeepsThem();
    void theDeleteKeyDoesNothingOnAWatchOnlyCall();
    void aWatchOnlyServersConferenceHasNoActions();
    void aWatchOnlyServersParkedCallHasNoActions();
    void theApiConsoleSaysWatchOnlyAndShowsTheRefusal();
    void theSystemSettingRemovesEveryControlAction();

private:
    void openWindow();
    Monitor::ChannelKey select(const QString &callerName);
    [[nodiscard]] QList<QAction *> controlActions() const;

    QTemporaryDir m_settings;
    std::unique_ptr<TestSupport::UiSim> m_normal;
    std::unique_ptr<TestSupport::UiSim> m_watched;
    std::unique_ptr<Monitor::Hub> m_hub;
    std::unique_ptr<Ui::MainWindow> m_window;
    Monitor::ServerMonitor *m_pbx = nullptr;
    Monitor::ServerMonitor *m_watch = nullptr;
};

void TestWatchOnlyWindow::initTestCase()
{
    QVERIFY(m_settings.isValid());
    QCoreApplication::setOrganizationName(u"SwitchboardTest"_s);
    QCoreApplication::setApplicationName(u"tst_watchonlywindow"_s);
    redirectSettings(m_settings);
}

void TestWatchOnlyWindow::init()
{
    writeSystemWatchOnly(false);
    QSettings().clear();
    m_normal = std::make_unique<TestSupport::UiSim>();
    m_watched = std::make_unique<TestSupport::UiSim>();
    m_hub = std::make_unique<Monitor::Hub>();
    m_pbx = m_normal->watch(*m_hub, u"pbx"_s);
    QVERIFY(m_pbx);
    Monitor::ServerProfile watching = m_watched->profile(u"watch"_s);
    watching.connection.watchOnly = true;
    m_watch = m_hub->addServer(watching);
    m_watch->start();
    QVERIFY(QTest::qWaitFor([&] { return m_watch->link()->isLive() && !m_watch->isOutOfStep(); },
                            kWait));
}

void TestWatchOnlyWindow::openWindow()
{
    m_window = std::make_unique<Ui::MainWindow>(m_hub.get());
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
}

void TestWatchOnlyWindow::cleanup()
{
    m_window.reset();
    m_hub.reset();
    m_normal.reset();
    m_watched.reset();
    writeSystemWatchOnly(false);
}

Monitor::ChannelKey TestWatchOnlyWindow::select(const QString &callerName)
{
    QTreeView *view = m_window->callsPanel()->view();
    QModelIndex row;
    (void)QTest::qWaitFor(
        [&] {
            QAbstractItemModel *m = view->model();
            for (int r = 0; r < m->rowCount(); ++r) {
                const QModelIndex i = m->index(r, Ui::CallsModel::CallerName);
                if (i.data().toString() == callerName) {
                    row = i;
                    return true;
                }
            }
            return false;
        },
        kWait);
    if (!row.isValid())
        return {};
    view->setFocus();
    view->selectionModel()->setCurrentIndex(row, QItemSelectionModel::ClearAndSelect |
                                                     QItemSelectionModel::Rows);
    return m_window->callsPanel()->currentChannel();
}

QList<QAction *> TestWatchOnlyWindow::controlActions() const
{
    Ui::CallActions *a = m_window->callActions();
    return {a->hangup, a->hangupWithCause, a->transfer, a->hold,    a->park,   a->bridge,
            a->record, a->dtmf,            a->listen,   a->whisper, a->barge, a->execute};
}

namespace {

// Absent: hidden (so out of every menu and toolbar, its shortcut off), not merely greyed.
bool absent(const QAction *action)
{
    return !action->isVisible() && !action->isEnabled();
}

QStringList shownIn(const QMenu &menu)
{
    QStringList out;
    for (const QAction *a : menu.actions()) {
        if (a->isVisible() && !a->isSeparator())
            out.append(a->objectName());
    }
    return out;
}

QMenu *callsMenu(const Ui::MainWindow &window)
{
    for (QAction *a : window.menuBar()->actions()) {
        if (a->text() == u"&Calls")
            return a->menu();
    }
    return nullptr;
}

} // namespace

void TestWatchOnlyWindow::aWatchOnlyServersCallHasNoActionsWhileTheOtherKeepsThem()
{
    openWindow();
    m_normal->call(u"Alice"_s);
    m_watched->call(u"Bob"_s);
    Ui::CallActions *actions = m_window->callActions();
    auto *toolbar = m_window->findChild<QToolBar *>(u"callsToolBar"_s);
    QVERIFY(toolbar);

    QCOMPARE(select(u"Alice"_s).server, m_pbx->id());
    for (QAction *a : controlActions())
        QVERIFY2(a->isVisible(), qPrintable(a->objectName()));
    QVERIFY(actions->hangup->isEnabled());
    QVERIFY(toolbar->widgetForAction(actions->hangup)->isVisible());

    QCOMPARE(select(u"Bob"_s).server, m_watch->id());
    for (QAction *a : controlActions())
        QVERIFY2(absent(a), qPrintable(a->objectName()));
    // The toolbar lays its buttons out again on its next pass.
    QVERIFY(QTest::qWaitFor([&] { return !toolbar->widgetForAction(actions->hangup)->isVisible(); }));
    QVERIFY(actions->dump->isVisible() && actions->dump->isEnabled()); // uuid_dump only reads
    QVERIFY(actions->originate->isVisible()); // the other server still takes calls
    QMenu context;
    Q_EMIT m_window->callsPanel()->contextMenuAboutToShow(&context);
    QStringList shown = shownIn(context);
    QVERIFY2(!shown.contains(u"hangupAction"_s), qPrintable(shown.join(u' ')));
    QVERIFY(shown.contains(u"dumpAction"_s));
    shown = shownIn(*callsMenu(*m_window));
    QVERIFY2(!shown.contains(u"transferAction"_s), qPrintable(shown.join(u' ')));

    // Back on the normal server's call, everything is there again.
    QCOMPARE(select(u"Alice"_s).server, m_pbx->id());
    for (QAction *a : controlActions())
        QVERIFY2(a->isVisible(), qPrintable(a->objectName()));
    QVERIFY(QTest::qWaitFor([&] { return toolbar->widgetForAction(actions->hangup)->isVisible(); }));
}

void TestWatchOnlyWindow::theDeleteKeyDoesNothingOnAWatchOnlyCall()
{
    openWindow();
    const QString bob = m_watched->call(u"Bob"_s);
    QCOMPARE(select(u"Bob"_s).uuid, bob);
    QTest::keyClick(m_window->callsPanel()->view(), Qt::Key_Delete);
    QTest::qWait(200);
    QVERIFY(!QApplication::activeModalWidget()); // no confirmation: the action is not there
    QVERIFY(m_watched->sw->hasChannel(bob));
    QVERIFY(m_hub->audit()->entries().isEmpty());
}

void TestWatchOnlyWindow::aWatchOnlyServersConferenceHasNoActions()
{
    openWindow();
    const auto join = [](TestSupport::UiSim &sim, const QString &name) {
        Sim::Switch::CallSpec spec;
        spec.callerName = name;
        spec.bridge = false;
        spec.application = u"conference"_s;
        spec.applicationArgument = u"3000@default"_s;
        const QString uuid = sim.sw->placeCall(spec);
        int id = 0;
        (void)QTest::qWaitFor([&] { return (id = sim.sw->conferences()->memberId(uuid)) > 0; },
                              kWait);
        return id;
    };
    const int alice = join(*m_normal, u"Alice"_s);
    const int bob = join(*m_watched, u"Bob"_s);
    QVERIFY(alice > 0 && bob > 0);
    Ui::ConferencesPanel *panel = m_window->conferencesPanel();
    QVERIFY(QTest::qWaitFor(
        [&] {
            panel->refreshNow();
            return panel->select(m_watch->id(), u"3000"_s, bob);
        },
        kWait));
    for (const char *name : {"confMute", "confKick", "confHangup", "confLock", "confInvite"})
        QVERIFY2(absent(panel->action(QLatin1StringView(name))), name);
    QVERIFY(QTest::qWaitFor([&] { return panel->select(m_pbx->id(), u"3000"_s, alice); }, kWait));
    for (const char *name : {"confMute", "confKick", "confHangup", "confLock", "confInvite"})
        QVERIFY2(panel->action(QLatin1StringView(name))->isVisible(), name);
}

void TestWatchOnlyWindow::aWatchOnlyServersParkedCallHasNoActions()
{
    openWindow();
    const auto parkIn = [](TestSupport::UiSim &sim, const QString &slot) {
        Sim::Switch::CallSpec spec;
        spec.callerName = u"Parked "_s + slot;
        spec.bridge = false;
        spec.application = u"valet_park"_s;
        spec.applicationArgument = u"valet_parking_lot "_s + slot;
        return sim.sw->placeCall(spec);
    };
    parkIn(*m_normal, u"6001"_s);
    parkIn(*m_watched, u"6002"_s);
    Ui::ParkingPanel *panel = m_window->parkingPanel();
    auto *toolbar = panel->findChild<QToolBar *>();
    QVERIFY(toolbar);
    const auto toolbarTexts = [&] {
        QStringList out;
        for (QAction *a : toolbar->actions()) {
            if (a->isVisible())
                out.append(a->text());
        }
        return out;
    };
    QVERIFY(QTest::qWaitFor(
        [&] {
            panel->flush();
            return panel->selectSlot(m_watch->id(), u"valet_parking_lot"_s, u"6002"_s);
        },
        kWait));
    QVERIFY2(!toolbarTexts().contains(tr("&Retrieve…")), qPrintable(toolbarTexts().join(u'|')));
    QVERIFY(!toolbarTexts().contains(tr("&Hang up")));
    QVERIFY(QTest::qWaitFor(
        [&] { return panel->selectSlot(m_pbx->id(), u"valet_parking_lot"_s, u"6001"_s); }, kWait));
    QVERIFY2(toolbarTexts().contains(tr("&Retrieve…")), qPrintable(toolbarTexts().join(u'|')));
    QVERIFY(toolbarTexts().contains(tr("&Hang up")));
}

void TestWatchOnlyWindow::theApiConsoleSaysWatchOnlyAndShowsTheRefusal()
{
    openWindow();
    Ui::ApiConsole *console = m_window->apiConsole();
    QComboBox *servers = console->serverChooser();
    servers->setCurrentIndex(servers->findText(u"pbx"_s));
    QVERIFY(!console->commandLine()->placeholderText().contains(u"watch-only"));
    servers->setCurrentIndex(servers->findText(u"watch"_s));
    QVERIFY2(console->commandLine()->placeholderText().startsWith(u"watch-only: read-only commands"),
             qPrintable(console->commandLine()->placeholderText()));
    const QString bob = m_watched->call(u"Bob"_s);
    console->commandLine()->setText(u"uuid_kill "_s + bob);
    QTest::keyClick(console->commandLine(), Qt::Key_Return);
    QVERIFY(QTest::qWaitFor(
        [&] {
            return console->output()->toPlainText().contains(
                u"watch-only: \"uuid_kill\" would change a call or the switch"_s);
        },
        kWait));
    QVERIFY(!console->output()->toPlainText().contains(u"Error: watch-only"));
    QVERIFY(m_watched->sw->hasChannel(bob));
    console->commandLine()->setText(u"status"_s);
    QTest::keyClick(console->commandLine(), Qt::Key_Return);
    QVERIFY(QTest::qWaitFor([&] { return console->output()->toPlainText().contains(u"UP "); },
                            kWait));
}

void TestWatchOnlyWindow::theSystemSettingRemovesEveryControlAction()
{
    writeSystemWatchOnly(true);
    openWindow();
    m_normal->call(u"Alice"_s);
    QCOMPARE(select(u"Alice"_s).server, m_pbx->id()); // a server whose profile allows control
    for (QAction *a : controlActions())
        QVERIFY2(absent(a), qPrintable(a->objectName()));
    QVERIFY(absent(m_window->callActions()->originate));
    QVERIFY(m_window->callActions()->dump->isVisible());
    const QStringList menu = shownIn(*callsMenu(*m_window));
    QCOMPARE(menu, QStringList{u"dumpAction"_s});

    // Every panel: nothing that changes a conference, a queue, a gateway or a parked call.
    for (QWidget *panel : QList<QWidget *>{m_window->conferencesPanel(), m_window->queuesPanel(),
                                           m_window->registrationsPanel(),
                                           m_window->parkingPanel()}) {
        for (QToolBar *bar : panel->findChildren<QToolBar *>()) {
            for (QAction *a : bar->actions()) {
                if (!a->isVisible() || a->isSeparator())
                    continue;
                // What stays only reads or only changes this window (sofia status, filters).
                QVERIFY2(a->text() == u"sofia status" || a->isCheckable() || a->text().isEmpty(),
                         qPrintable(panel->objectName() + u": "_s + a->text()));
            }
        }
    }
    auto *statusMenu = m_window->queuesPanel()->findChild<QMenu *>(u"queuesStatusMenu"_s);
    QVERIFY(statusMenu);
    QVERIFY(absent(statusMenu->menuAction()));
}

QTEST_MAIN(TestWatchOnlyWindow)
#include "tst_watchonlywindow.moc"
