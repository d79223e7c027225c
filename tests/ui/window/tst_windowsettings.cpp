// The window's preferences and its keyboard and layout memory: the Preferences dialog refuses
// unusable values and says why; the ended-call retention chosen there reaches every server (an
// ended call leaves the calls view after that time); each view is reachable by its shortcut;
// columns, added header columns, the calls layout and splitters survive a restart.

#include "support/uisim.h"

#include "ui/calls/callspanel.h"
#include "ui/logs/logpanels.h"
#include "ui/window/detailspanel.h"
#include "ui/window/mainwindow.h"
#include "ui/window/settingsdialog.h"

#include <QAction>
#include <QCheckBox>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTableView>
#include <QTabWidget>
#include <QTreeView>

using namespace Qt::Literals::StringLiterals;
using TestSupport::kWait;

namespace {

QPushButton *okButton(Ui::SettingsDialog &dialog)
{
    return dialog.findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
}

int callRows(QTreeView *view)
{
    return view->model()->rowCount();
}

} // namespace

class TestWindowSettings : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(u"Switchboard-tests"_s);
        QCoreApplication::setApplicationName(u"tst_windowsettings"_s);
    }
    void init() { QSettings().clear(); }
    void cleanupTestCase() { QSettings().clear(); }

    void preferencesRoundTripThroughQSettings();
    void theDialogRefusesUnusableValues_data();
    void theDialogRefusesUnusableValues();
    void retentionReachesEveryServer();
    void everyViewHasAShortcut();
    void followACallFromTheKeyboard();
    void layoutAndColumnsSurviveARestart();
    void flatLayoutStaysInStepWithItsMenuItem();
};

void TestWindowSettings::preferencesRoundTripThroughQSettings()
{
    QCOMPARE(Console::AppSettings::load(), Console::AppSettings{});
    Console::AppSettings s;
    s.endedRetentionSeconds = 42;
    s.confirmDestructive = false;
    s.operatorEndpoint = u"user/1001"_s;
    s.recordTemplate = u"/tmp/{uuid}.wav"_s;
    s.transferDialplan = u"XML"_s;
    s.transferContext = u"public"_s;
    s.commandTimeoutSeconds = 3;
    s.journalKeepDays = 30;
    s.journalMaxMegabytes = 100;
    s.save();
    QCOMPARE(Console::AppSettings::load(), s);
    const Monitor::Journal::Retention retention = Console::journalRetention(s);
    QCOMPARE(retention.maxAgeMs, 30LL * 24 * 3600 * 1000);
    QCOMPARE(retention.maxBytes, 100LL * 1024 * 1024);
    // The dialog shows and returns them.
    Ui::SettingsDialog dialog(s);
    dialog.findChild<QSpinBox *>(u"journalKeepDays"_s)->setValue(0);
    QCOMPARE(dialog.settings().journalKeepDays, 0);
    QCOMPARE(dialog.settings().journalMaxMegabytes, 100);
    QCOMPARE(Console::journalRetention(dialog.settings()).maxAgeMs, 0);
    QCOMPARE(Console::AppSettings::load(), s);

    for (int i = 0; i < 25; ++i)
        Console::AppSettings::rememberDestination(QString::number(1000 + i));
    Console::AppSettings::rememberDestination(u"1010"_s); // used again: moves to the front
    const QStringList recent = Console::AppSettings::recentDestinations();
    QCOMPARE(recent.size(), 20);
    QCOMPARE(recent.first(), u"1010"_s);
    QCOMPARE(recent.count(u"1010"_s), 1);
    QCOMPARE(recent.at(1), u"1024"_s);
    Console::AppSettings::rememberDestination(u"  "_s); // blank: not remembered
    QCOMPARE(Console::AppSettings::recentDestinations().first(), u"1010"_s);
}

void TestWindowSettings::theDialogRefusesUnusableValues_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("reason");
    QTest::newRow("endpoint with a space")
        << u"operatorEndpoint"_s << u"user/10 00"_s << u"operator endpoint"_s;
    QTest::newRow("endpoint with CR LF")
        << u"operatorEndpoint"_s << u"user/1000\r\napi hupall"_s << u"operator endpoint"_s;
    QTest::newRow("empty recording path") << u"recordTemplate"_s << u""_s << u"needs a path"_s;
    QTest::newRow("recording path with a tab")
        << u"recordTemplate"_s << u"/tmp/a\tb.wav"_s << u"recording file"_s;
    QTest::newRow("empty dialplan") << u"transferDialplan"_s << u""_s << u"dialplan"_s;
    QTest::newRow("context with a space")
        << u"transferContext"_s << u"my context"_s << u"context"_s;
}

void TestWindowSettings::theDialogRefusesUnusableValues()
{
    QFETCH(QString, field);
    QFETCH(QString, value);
    QFETCH(QString, reason);
    Ui::SettingsDialog dialog(Console::AppSettings{});
    dialog.show();
    QVERIFY(okButton(dialog)->isEnabled());
    auto *edit = dialog.findChild<QLineEdit *>(field);
    QVERIFY(edit);
    edit->setText(value);
    QVERIFY(!okButton(dialog)->isEnabled());
    auto *problem = dialog.findChild<QLabel *>(u"settingsProblem"_s);
    QVERIFY(problem->isVisible());
    QVERIFY2(problem->text().contains(reason), qPrintable(problem->text()));
    edit->setText(u"x"_s);
    QVERIFY(okButton(dialog)->isEnabled());
    QVERIFY(!problem->isVisible());
}

void TestWindowSettings::retentionReachesEveryServer()
{
    TestSupport::UiSim east;
    TestSupport::UiSim west;
    Monitor::Hub hub;
    QVERIFY(east.watch(hub, u"east"_s, 60000));
    Ui::MainWindow window(&hub);
    window.show();
    // The window applies the saved preference (10 s by default) to the servers it has...
    QCOMPARE(hub.server(1)->channels()->endedRetention(), 10000);
    // ...and to the ones added later.
    Monitor::ServerMonitor *w = west.watch(hub, u"west"_s, 60000);
    QVERIFY(w);
    QCOMPARE(w->channels()->endedRetention(), 10000);

    // Preferences: ended calls stay 1 s. Driven through the dialog, as an operator would.
    QAction *preferences = window.findChild<QAction *>(u"preferencesAction"_s);
    QVERIFY(preferences);
    QTimer::singleShot(0, this, [] {
        auto *dialog = qobject_cast<Ui::SettingsDialog *>(QApplication::activeModalWidget());
        QVERIFY(dialog);
        dialog->findChild<QSpinBox *>(u"endedRetention"_s)->setValue(1);
        okButton(*dialog)->click();
    });
    preferences->trigger();
    QCOMPARE(window.settings().endedRetentionSeconds, 1);
    QCOMPARE(Console::AppSettings::load().endedRetentionSeconds, 1);
    QCOMPARE(hub.server(1)->channels()->endedRetention(), 1000);
    QCOMPARE(w->channels()->endedRetention(), 1000);

    // An ended call fades, then leaves the view.
    QTreeView *calls = window.callsPanel()->view();
    const QString a = east.call(u"Ada"_s);
    QVERIFY(QTest::qWaitFor([&] { return callRows(calls) == 1; }, kWait));
    east.sw->api(u"uuid_kill "_s + a);
    QVERIFY(QTest::qWaitFor([&] { return hub.server(1)->channels()->liveCount() == 0; }, kWait));
    QCOMPARE(callRows(calls), 1); // still shown, fading
    QVERIFY(QTest::qWaitFor([&] { return callRows(calls) == 0; }, kWait));
}

void TestWindowSettings::everyViewHasAShortcut()
{
    TestSupport::UiSim sim;
    Monitor::Hub hub;
    QVERIFY(sim.watch(hub, u"pbx"_s));
    Ui::MainWindow window(&hub);
    window.show();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    auto *logs = window.findChild<QTabWidget *>(u"logTabs"_s);
    const struct
    {
        QKeySequence keys;
        QWidget *expected;
        int tab;
    } cases[] = {
        {QKeySequence(u"Ctrl+2"_s), window.eventLogPanel()->view(), 0},
        {QKeySequence(u"Ctrl+1"_s), window.callsPanel()->view(), -1},
        {QKeySequence(u"Ctrl+3"_s), window.findChild<QTableView *>(u"consoleView"_s), 1},
        {QKeySequence(u"Ctrl+4"_s), window.findChild<Ui::DetailsPanel *>()->table(), -1},
        {QKeySequence(u"Ctrl+E"_s), window.eventLogPanel()->filterEdit(), -1},
        {QKeySequence(u"Ctrl+F"_s), window.findChild<QLineEdit *>(u"callsFilter"_s), -1},
    };
    for (const auto &c : cases) {
        QVERIFY(c.expected);
        QTest::keySequence(&window, c.keys);
        QVERIFY2(QTest::qWaitFor([&] { return QApplication::focusWidget() == c.expected; }, 2000),
                 qPrintable(c.keys.toString()));
        if (c.tab >= 0)
            QCOMPARE(logs->currentIndex(), c.tab);
    }
}

void TestWindowSettings::followACallFromTheKeyboard()
{
    TestSupport::UiSim sim;
    Monitor::Hub hub;
    QVERIFY(sim.watch(hub, u"pbx"_s));
    Ui::MainWindow window(&hub);
    window.show();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    sim.call(u"Alice"_s);
    sim.call(u"Bob"_s);
    QTreeView *calls = window.callsPanel()->view();
    QVERIFY(QTest::qWaitFor([&] { return callRows(calls) == 2; }, kWait));
    QVERIFY(QTest::qWaitFor([&] { return hub.server(1)->channels()->liveCount() == 4; }, kWait));
    QTest::keySequence(&window, QKeySequence(u"Ctrl+1"_s));
    QTRY_COMPARE(QApplication::focusWidget(), calls);
    QTest::keyClick(calls, Qt::Key_Home); // the first call
    const QStringList legs = window.callsPanel()->currentCallLegs();
    QCOMPARE(legs.size(), 2);
    // The event log shows everything stored so far (its own batch may still be on its way).
    QVERIFY(QTest::qWaitFor(
        [&] {
            return window.eventLogPanel()->view()->model()->rowCount() == int(hub.store()->size());
        },
        kWait));
    const int before = window.eventLogPanel()->view()->model()->rowCount();
    QTest::keySequence(calls, QKeySequence(u"Ctrl+L"_s));
    QVERIFY(QTest::qWaitFor(
        [&] { return window.eventLogPanel()->view()->model()->rowCount() < before; }, kWait));
    QAbstractItemModel *log = window.eventLogPanel()->view()->model();
    QVERIFY(log->rowCount() > 0);
    for (int r = 0; r < log->rowCount(); ++r)
        QVERIFY(legs.contains(
            log->index(r, Ui::EventLogModel::Channel).data(Qt::ToolTipRole).toString()));
}

void TestWindowSettings::layoutAndColumnsSurviveARestart()
{
    Monitor::Hub hub;
    {
        Ui::MainWindow window(&hub);
        window.show();
        QVERIFY(window.callsPanel()->model()->addHeaderColumn(u"variable_sip_user_agent"_s));
        QVERIFY(window.eventLogPanel()->model()->addHeaderColumn(u"Core-UUID"_s));
        QHeaderView *header = window.callsPanel()->view()->header();
        header->resizeSection(Ui::CallsModel::CallerName, 311);
        header->moveSection(header->visualIndex(Ui::CallsModel::Destination), 0);
        window.eventLogPanel()->view()->horizontalHeader()->resizeSection(0, 123);
        window.findChild<QAction *>(u"flatAction"_s)->setChecked(true);
        window.resize(1000, 700);
        window.close();
    }
    Ui::MainWindow again(&hub);
    again.show();
    QCOMPARE(again.callsPanel()->model()->headerColumns(),
             QStringList{u"variable_sip_user_agent"_s});
    QCOMPARE(again.eventLogPanel()->model()->headerColumns(), QStringList{u"Core-UUID"_s});
    QHeaderView *header = again.callsPanel()->view()->header();
    QCOMPARE(header->sectionSize(Ui::CallsModel::CallerName), 311);
    QCOMPARE(header->visualIndex(Ui::CallsModel::Destination), 0);
    QCOMPARE(again.eventLogPanel()->view()->horizontalHeader()->sectionSize(0), 123);
    QCOMPARE(again.callsPanel()->model()->layout(), Ui::CallsModel::Layout::Flat);
    QVERIFY(again.findChild<QAction *>(u"flatAction"_s)->isChecked());
    QCOMPARE(again.size(), QSize(1000, 700));
}

void TestWindowSettings::flatLayoutStaysInStepWithItsMenuItem()
{
    Monitor::Hub hub;
    Ui::MainWindow window(&hub);
    auto *button = window.findChild<QToolButton *>(u"layoutButton"_s);
    QAction *flat = window.findChild<QAction *>(u"flatAction"_s);
    QVERIFY(button && flat);
    button->click(); // the button switches to channels: the menu item follows
    QCOMPARE(window.callsPanel()->model()->layout(), Ui::CallsModel::Layout::Flat);
    QVERIFY(flat->isChecked());
    QCOMPARE(button->text(), u"Channels"_s);
    flat->setChecked(false); // and the other way round
    QCOMPARE(window.callsPanel()->model()->layout(), Ui::CallsModel::Layout::Tree);
    QVERIFY(button->isChecked());
    QCOMPARE(button->text(), u"Calls"_s);
}

QTEST_MAIN(TestWindowSettings)
#include "tst_windowsettings.moc"
