// The supervisor panels as tabs of the window: Conferences, Queues, Registrations and Parking
// beside the logs, each one shortcut away (Ctrl+6..9); a switch without a module gets one quiet
// line in that module's panel, naming the module and the switch, and no error; the same panels
// fill from a switch that has the modules.

#include "support/uisim.h"

#include "monitor/panelstore.h"
#include "ui/callcenter/queuespanel.h"
#include "ui/conferences/conferencespanel.h"
#include "ui/parking/parkingpanel.h"
#include "ui/registrations/registrationspanel.h"
#include "ui/window/mainwindow.h"

#include <QAction>
#include <QLabel>
#include <QSettings>
#include <QStandardPaths>
#include <QTabBar>
#include <QTabWidget>

using namespace Qt::Literals::StringLiterals;

namespace {

const QStringList kModules{u"mod_conference"_s, u"mod_callcenter"_s, u"mod_sofia"_s,
                           u"mod_valet_parking"_s};

// Every label's text in `panel`, visible or not.
QString labelsOf(const QWidget *panel)
{
    QStringList texts;
    for (const QLabel *label : panel->findChildren<QLabel *>())
        texts.append(label->text());
    return texts.join(u'\n');
}

bool settled(const Monitor::ServerMonitor *m)
{
    for (const Monitor::PanelStore *store : m->panels()->stores()) {
        const Monitor::PanelSyncState state = store->syncState();
        if (state == Monitor::PanelSyncState::NotSynced ||
            state == Monitor::PanelSyncState::Syncing)
            return false;
    }
    return true;
}

} // namespace

class TestSupervisorTabs : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(u"Switchboard-tests"_s);
        QCoreApplication::setApplicationName(u"tst_supervisortabs"_s);
        QSettings().clear();
    }
    void cleanupTestCase() { QSettings().clear(); }

    void fourTabsEachOneShortcutAway()
    {
        Monitor::Hub hub;
        Ui::MainWindow window(&hub);
        window.resize(1024, 700);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto *tabs = window.findChild<QTabWidget *>(u"logTabs"_s);
        QVERIFY(tabs);
        const QList<QWidget *> panels{window.conferencesPanel(), window.queuesPanel(),
                                      window.registrationsPanel(), window.parkingPanel()};
        const QStringList actions{u"goToConferences"_s, u"goToQueues"_s,
                                  u"goToRegistrations"_s, u"goToParking"_s};
        for (qsizetype i = 0; i < panels.size(); ++i) {
            QVERIFY(panels[i]);
            QVERIFY(tabs->indexOf(panels[i]) >= 2); // after Events and Console log
            auto *go = window.findChild<QAction *>(actions[i]);
            QVERIFY2(go, qPrintable(actions[i]));
            QCOMPARE(go->shortcut(), QKeySequence(u"Ctrl+%1"_s.arg(6 + i)));
            go->trigger();
            QCOMPARE(tabs->currentWidget(), panels[i]);
        }
    }

    void tabsStayPutWhileTheirCountsChange()
    {
        Monitor::Hub hub;
        Ui::MainWindow window(&hub);
        window.resize(1280, 800);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto *tabs = window.findChild<QTabWidget *>(u"logTabs"_s);
        QTabBar *bar = tabs->tabBar();
        const int parking = tabs->indexOf(window.parkingPanel());
        const int queues = tabs->indexOf(window.queuesPanel());
        const QRect before = bar->tabRect(parking);
        // Counts come and go in the titles before it: the Parking tab does not move.
        for (const QString &title : {u"&Queues (3)"_s, u"&Queues (120)"_s, u"&Queues"_s}) {
            Q_EMIT window.queuesPanel()->titleChanged(title);
            QCOMPARE(bar->tabText(queues), title);
            QCOMPARE(bar->tabRect(parking), before);
        }
        // A longer title pushes it once, and it stays there when the title is short again.
        Q_EMIT window.queuesPanel()->titleChanged(u"&Queues (3) ⚠ longest wait 12:00"_s);
        const QRect pushed = bar->tabRect(parking);
        QVERIFY(pushed.x() > before.x());
        Q_EMIT window.queuesPanel()->titleChanged(u"&Queues"_s);
        QCOMPARE(bar->tabRect(parking), pushed);
    }

    void everyTabInSightAt1024EvenWithLongTitles()
    {
        Monitor::Hub hub;
        Ui::MainWindow window(&hub);
        window.resize(1024, 700);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto *tabs = window.findChild<QTabWidget *>(u"logTabs"_s);
        QTabBar *bar = tabs->tabBar();
        // The longest titles the panels give, all at once: the row gets too wide for 1024 px.
        Q_EMIT window.registrationsPanel()->titleChanged(
            u"&Registrations (120) ⚠ 3 gateways down"_s);
        Q_EMIT window.queuesPanel()->titleChanged(u"&Queues (12) ⚠ longest wait 12:00"_s);
        Q_EMIT window.conferencesPanel()->titleChanged(u"Confere&nces (12)"_s);
        QTRY_VERIFY(bar->tabRect(bar->count() - 1).right() <= tabs->width());
        // Every tab, the last (Alerts) included, lies within the bar, and none behind another.
        for (int i = 0; i < bar->count(); ++i) {
            const QRect r = bar->tabRect(i);
            QVERIFY2(r.left() >= 0 && r.right() <= tabs->width(), qPrintable(bar->tabText(i)));
            if (i > 0)
                QVERIFY(r.left() >= bar->tabRect(i - 1).right());
        }
        QCOMPARE(bar->tabAt(bar->tabRect(bar->count() - 1).center()), bar->count() - 1);
        // Wider again, the long titles get their room back.
        const int before = bar->tabRect(tabs->indexOf(window.registrationsPanel())).width();
        window.resize(1600, 800);
        QTRY_VERIFY(bar->tabRect(tabs->indexOf(window.registrationsPanel())).width() > before);
    }

    void aSwitchWithoutTheModulesGetsAQuietLineInEachPanel()
    {
        TestSupport::UiSim bare(20, kModules);
        TestSupport::UiSim full;
        Monitor::Hub hub;
        Ui::MainWindow window(&hub);
        window.resize(1280, 800);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        Monitor::ServerMonitor *plain = bare.watch(hub, u"plain-pbx"_s);
        Monitor::ServerMonitor *rich = full.watch(hub, u"rich-pbx"_s);
        QVERIFY(plain && rich);
        QTRY_VERIFY_WITH_TIMEOUT(settled(plain) && settled(rich), 10000);
        // The switch without the modules: every store says so, none failed. (`show
        // registrations` is mod_commands' and answers an empty table without mod_sofia: that
        // store has nothing to show, and the gateways' `sofia xmlstatus` finds the module
        // missing.)
        for (const Monitor::PanelStore *store : plain->panels()->stores()) {
            if (store->kind() == u"registrations") {
                QCOMPARE(store->rowCount(), 0);
                QVERIFY(store->syncState() != Monitor::PanelSyncState::Failed);
                continue;
            }
            QCOMPARE(store->syncState(), Monitor::PanelSyncState::ModuleMissing);
        }
        for (const Monitor::PanelStore *store : rich->panels()->stores())
            QCOMPARE(store->syncState(), Monitor::PanelSyncState::Synced);

        const QList<std::pair<QWidget *, QString>> expected{
            {window.conferencesPanel(), u"mod_conference is not loaded on plain-pbx"_s},
            {window.queuesPanel(), u"mod_callcenter is not loaded on plain-pbx"_s},
            {window.registrationsPanel(), u"mod_sofia is not loaded on plain-pbx"_s},
            {window.parkingPanel(), u"mod_valet_parking is not loaded on plain-pbx"_s}};
        // One quiet line about the switch that lacks it, none about the one that has it (once
        // the panel caught up with both).
        for (const auto &[panel, line] : expected) {
            QTRY_VERIFY2_WITH_TIMEOUT(labelsOf(panel).contains(line) &&
                                          !labelsOf(panel).contains(u"rich-pbx"_s),
                                      qPrintable(labelsOf(panel)), 5000);
        }
        // The switch with the modules: the queues it has are shown (the sim has two).
        const Monitor::PanelStore *queues = rich->panels()->store(u"queues");
        QVERIFY(queues->rowCount() >= 1);
    }
};

QTEST_MAIN(TestSupervisorTabs)
#include "tst_supervisortabs.moc"
