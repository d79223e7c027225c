// The Alerts tab in the window, against the simulated switch through a real Event Socket: a
// gateway that fails is an alert row with its columns and the tab's title and the status bar say
// so; acknowledging changes its state and stops notices; without a tray the window's title counts
// the unacknowledged alerts and its notice strip shows the notice; silencing a rule for a period (the
// engine's clock) keeps its alerts listed and unnotified until the period is over; Go to a call
// alert selects the call; Export writes the alert; Show records selects them in the event log;
// past alerts come back from the journal. The rule editor: a threshold edited, a custom rule
// added, an invalid expression keeps Save disabled with its position, the settings round trip,
// and its import/export file is the engine's rules format.

#include "support/uisim.h"

#include "monitor/alertengine.h"
#include "monitor/alertrules.h"
#include "sim/simsofia.h"
#include "ui/alerts/alertdelivery.h"
#include "ui/alerts/alertruleform.h"
#include "ui/alerts/alertrulesdialog.h"
#include "ui/alerts/alertsettings.h"
#include "ui/alerts/alertsmodel.h"
#include "ui/alerts/alertspanel.h"
#include "ui/alerts/alertsroom.h"
#include "ui/calls/callspanel.h"
#include "ui/logs/logpanels.h"
#include "ui/window/mainwindow.h"
#include "ui/window/noticebar.h"

#include <QAction>
#include <QComboBox>
#include <QDialog>
#include <QDoubleSpinBox>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QLoggingCategory>
#include <QMenu>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QToolButton>

using namespace Qt::Literals::StringLiterals;
using namespace TestSupport;

namespace {

QString cellText(const Ui::AlertsModel &model, int row, int column)
{
    return model.index(row, column).data().toString();
}

} // namespace

class TestAlertsPanel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QLoggingCategory::setFilterRules(u"esl.inbound.debug=false\nmonitor.info=false"_s);
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(u"Switchboard-tests"_s);
        QCoreApplication::setApplicationName(u"tst_alertspanel"_s);
    }
    void init();
    void cleanup();
    void aFailingGatewayIsARowWithItsColumnsAndTheTitleSaysSo();
    void acknowledgingChangesTheStateAndStopsNotices();
    void withoutATrayTheTitleAndNoticeStripCarryTheNotice();
    void silencingARuleForAPeriodFollowsTheEnginesClock();
    void goToACallAlertSelectsThatCall();
    void exportWritesTheAlertAndShowRecordsSelectsThem();
    void showRecordsSelectsRecordsTheLogHasNotShownYet();
    void pastAlertsComeBackFromTheJournal();
    void theRuleEditorChecksEditsAndRoundTrips();
    void rulesImportAndExportInTheEnginesFormat();

private:
    void openWindow();
    // Waits for the alert of `ruleId` (and subject) in the panel; its row, or -1.
    int waitForAlert(const QString &ruleId, const QString &subject = {});
    [[nodiscard]] Ui::AlertsPanel *panel() const { return m_window->alertsRoom()->panel(); }

    std::unique_ptr<UiSim> m_sim;
    std::unique_ptr<Monitor::Hub> m_hub;
    std::unique_ptr<Ui::MainWindow> m_window;
    Monitor::ServerMonitor *m_monitor = nullptr;
    qint64 m_offsetMs = 0; // the engine's clock runs this far ahead
};

void TestAlertsPanel::init()
{
    QSettings().clear();
    QFile::remove(Ui::alertJournalPath());
    QFile::remove(Ui::alertJournalPath() + u".1"_s);
    m_offsetMs = 0;
    m_sim = std::make_unique<UiSim>();
    m_sim->sw->sofia()->setStepMs(20);
    openWindow();
    m_monitor = m_sim->watch(*m_hub, u"sim"_s);
    QVERIFY(m_monitor);
}

void TestAlertsPanel::openWindow()
{
    m_hub = std::make_unique<Monitor::Hub>();
    m_hub->alerts()->setClock(
        [this] { return QDateTime::currentMSecsSinceEpoch() + m_offsetMs; });
    m_window = std::make_unique<Ui::MainWindow>(m_hub.get());
    m_window->resize(1280, 800);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
}

void TestAlertsPanel::cleanup()
{
    m_window.reset();
    m_hub.reset();
    m_sim.reset();
    QSettings().clear();
}

int TestAlertsPanel::waitForAlert(const QString &ruleId, const QString &subject)
{
    const Ui::AlertsModel *model = panel()->model();
    int found = -1;
    (void)QTest::qWaitFor(
        [&] {
            for (int i = 0; i < model->rowCount(); ++i) {
                const Monitor::Alert &a = model->row(i)->alert;
                if (a.ruleId == ruleId && (subject.isEmpty() || a.subject == subject)) {
                    found = i;
                    return true;
                }
            }
            return false;
        },
        kWait);
    return found;
}

void TestAlertsPanel::aFailingGatewayIsARowWithItsColumnsAndTheTitleSaysSo()
{
    auto *tabs = m_window->findChild<QTabWidget *>(u"logTabs"_s);
    QCOMPARE(tabs->tabText(tabs->indexOf(panel())), u"&Alerts"_s);
    QToolButton *indicator = m_window->alertsRoom()->indicator();
    QVERIFY(!indicator->isVisibleTo(m_window.get()));
    // Ctrl+0 brings the tab.
    auto *go = m_window->findChild<QAction *>(u"goToAlerts"_s);
    QVERIFY(go);
    QCOMPARE(go->shortcut(), QKeySequence(u"Ctrl+0"_s));
    go->trigger();
    QCOMPARE(tabs->currentWidget(), panel());

    m_sim->sw->sofia()->setReachable(u"carrier"_s, false);
    const int row = waitForAlert(u"gateway-down"_s, u"carrier"_s);
    QVERIFY(row >= 0);
    const Ui::AlertsModel &model = *panel()->model();
    QCOMPARE(cellText(model, row, Ui::AlertsModel::Severity), u"critical"_s);
    QCOMPARE(cellText(model, row, Ui::AlertsModel::State), u"active"_s);
    QCOMPARE(cellText(model, row, Ui::AlertsModel::Rule), u"Gateway down"_s);
    QCOMPARE(cellText(model, row, Ui::AlertsModel::Server), u"sim"_s);
    QCOMPARE(cellText(model, row, Ui::AlertsModel::Subject), u"carrier"_s);
    QVERIFY(cellText(model, row, Ui::AlertsModel::Message).contains(u"carrier"_s));
    QCOMPARE(cellText(model, row, Ui::AlertsModel::Count), u"1"_s);
    QVERIFY(!cellText(model, row, Ui::AlertsModel::Fired).isEmpty());
    QVERIFY(cellText(model, row, Ui::AlertsModel::Cleared).isEmpty());
    QVERIFY(model.index(row, Ui::AlertsModel::Server).data(Qt::DecorationRole).isValid());
    QCOMPARE(model.index(row, Ui::AlertsModel::Severity).data(Qt::ForegroundRole).value<QBrush>().color(),
             Ui::AlertsModel::severityColour(Monitor::AlertSeverity::Critical));
    QTRY_COMPARE_WITH_TIMEOUT(tabs->tabText(tabs->indexOf(panel())), u"&Alerts (1) ⚠"_s, kWait);
    QVERIFY(indicator->isVisibleTo(m_window.get()));
    QCOMPARE(indicator->text(), u"⚠ 1 alert"_s);
    // The decision to notify was delivered (offscreen there is no tray, and the record says so).
    const QList<Ui::AlertDeliveryRecord> &d = m_window->alertsRoom()->delivery()->deliveries();
    QCOMPARE(d.size(), 1);
    QCOMPARE(d.first().title, u"Gateway down (critical)"_s);
    QCOMPARE(d.first().noTray, u"no system tray"_s);

    // It comes back: cleared, listed after the active ones; "Active only" hides it.
    m_sim->sw->sofia()->setReachable(u"carrier"_s, true);
    QTRY_COMPARE_WITH_TIMEOUT(cellText(model, 0, Ui::AlertsModel::State), u"cleared"_s, kWait);
    QVERIFY(!cellText(model, 0, Ui::AlertsModel::Cleared).isEmpty());
    QTRY_COMPARE_WITH_TIMEOUT(tabs->tabText(tabs->indexOf(panel())), u"&Alerts"_s, kWait);
    QVERIFY(!indicator->isVisibleTo(m_window.get()));
    panel()->setActiveOnly(true);
    QCOMPARE(model.rowCount(), 0);
    panel()->setActiveOnly(false);
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(panel()->clearCleared(), 1);
    QCOMPARE(model.rowCount(), 0);
}

void TestAlertsPanel::acknowledgingChangesTheStateAndStopsNotices()
{
    m_sim->sw->sofia()->setReachable(u"carrier"_s, false);
    const int row = waitForAlert(u"gateway-down"_s, u"carrier"_s);
    QVERIFY(row >= 0);
    const Ui::AlertDelivery *delivery = m_window->alertsRoom()->delivery();
    QCOMPARE(delivery->deliveries().size(), 1);
    m_window->alertsRoom()->showTab();
    panel()->view()->selectRow(row);
    QTest::keyClick(panel()->view(), Qt::Key_Space);
    const Ui::AlertsModel &model = *panel()->model();
    QCOMPARE(cellText(model, row, Ui::AlertsModel::State), u"acknowledged"_s);
    QCOMPARE(panel()->title(), u"&Alerts (1)"_s); // still there, no longer needing anyone
    QCOMPARE(panel()->selectedAlert()->state, Monitor::AlertState::Acknowledged);
    // It goes on failing (the tick sees it each second): no further notice.
    QTest::qWait(2500);
    QCOMPARE(delivery->deliveries().size(), 1);
    QCOMPARE(model.rowCount(), 1);
}

void TestAlertsPanel::withoutATrayTheTitleAndNoticeStripCarryTheNotice()
{
    if (m_window->alertsRoom()->delivery()->trayAvailable())
        QSKIP("this desktop has a system tray");
    const QString base = m_window->windowTitle();
    m_sim->sw->sofia()->setReachable(u"carrier"_s, false);
    const int row = waitForAlert(u"gateway-down"_s, u"carrier"_s);
    QVERIFY(row >= 0);
    QTRY_COMPARE_WITH_TIMEOUT(m_window->alertsRoom()->delivery()->deliveries().size(), 1, kWait);
    QVERIFY(m_window->alertsRoom()->delivery()->deliveries().first().window);
    QCOMPARE(m_window->windowTitle(), base + u" — ⚠ 1 alert"_s);
    const QStringList notices = m_window->notices()->texts();
    QVERIFY(!notices.isEmpty());
    QVERIFY2(notices.last().startsWith(u"Gateway down (critical) — "_s), qPrintable(notices.last()));
    // Acknowledged: nobody needs telling any more, the title is the window's own again.
    m_window->alertsRoom()->showTab();
    panel()->view()->selectRow(row);
    QTest::keyClick(panel()->view(), Qt::Key_Space);
    QTRY_COMPARE_WITH_TIMEOUT(m_window->windowTitle(), base, kWait);
}

void TestAlertsPanel::silencingARuleForAPeriodFollowsTheEnginesClock()
{
    Sim::SimSofia *sofia = m_sim->sw->sofia();
    sofia->setReachable(u"carrier"_s, false);
    int row = waitForAlert(u"gateway-down"_s, u"carrier"_s);
    QVERIFY(row >= 0);
    const Ui::AlertDelivery *delivery = m_window->alertsRoom()->delivery();
    QCOMPARE(delivery->deliveries().size(), 1);
    panel()->view()->selectRow(row);
    // The Silence menu's "for 15 minutes".
    auto *silence = panel()->findChild<QToolButton *>(u"silenceAlertButton"_s);
    QVERIFY(silence && silence->menu());
    const qint64 before = m_hub->alerts()->now();
    silence->menu()->actions().first()->trigger();
    const qint64 until = m_window->alertsRoom()->settings().silencedUntil.value(u"gateway-down"_s);
    QVERIFY(until >= before + 15 * 60'000 && until < before + 16 * 60'000);
    QCOMPARE(Ui::AlertSettings::load().silencedUntil.value(u"gateway-down"_s), until);
    QVERIFY(m_hub->alerts()->isSilenced(u"gateway-down"_s, m_monitor->id(), m_hub->alerts()->now()));

    // It clears and fails again while silenced: listed (reopened, silenced), not notified.
    sofia->setReachable(u"carrier"_s, true);
    QTRY_COMPARE_WITH_TIMEOUT(m_hub->alerts()->activeCount(), 0, kWait);
    sofia->setReachable(u"carrier"_s, false);
    QTRY_COMPARE_WITH_TIMEOUT(m_hub->alerts()->activeCount(), 1, kWait);
    row = waitForAlert(u"gateway-down"_s, u"carrier"_s);
    QTRY_COMPARE_WITH_TIMEOUT(cellText(*panel()->model(), row, Ui::AlertsModel::State),
                              u"active (silenced)"_s, kWait);
    QCOMPARE(delivery->deliveries().size(), 1);

    // Sixteen minutes later (the engine's clock) the silence is over: the next one is notified.
    m_offsetMs = 16 * 60'000;
    sofia->setReachable(u"carrier"_s, true);
    QTRY_COMPARE_WITH_TIMEOUT(m_hub->alerts()->activeCount(), 0, kWait);
    sofia->setReachable(u"carrier"_s, false);
    QTRY_COMPARE_WITH_TIMEOUT(delivery->deliveries().size(), 2, kWait);
    QCOMPARE(delivery->deliveries().last().title, u"Gateway down (critical)"_s);
}

void TestAlertsPanel::goToACallAlertSelectsThatCall()
{
    Ui::CallsPanel *calls = m_window->callsPanel();
    const QString first = m_sim->call(u"Alice"_s, u"1001"_s, u"2000"_s);
    const QString second = m_sim->call(u"Bob"_s, u"1002"_s, u"2001"_s);
    QTRY_COMPARE_WITH_TIMEOUT(calls->model()->rowCount(), 2, kWait);
    // Five hours on (the engine's clock): both calls are long calls.
    m_offsetMs = 5 * 3600'000;
    QTRY_COMPARE_WITH_TIMEOUT(m_hub->alerts()->activeCount(), 2, kWait);
    const int row = waitForAlert(u"long-call"_s, second);
    QVERIFY2(row >= 0, "no long-call alert about the second call");
    const Monitor::Alert alert = panel()->model()->row(row)->alert;
    QCOMPARE(alert.target.channelUuid, second);
    calls->view()->clearSelection();
    m_window->alertsRoom()->showTab();
    panel()->view()->selectRow(row);
    QTest::keyClick(panel()->view(), Qt::Key_Return); // Enter: Go to
    QCOMPARE(calls->currentChannel().uuid, second);
    QVERIFY(calls->currentCallLegs().contains(second));
    QVERIFY(!calls->currentCallLegs().contains(first));
}

void TestAlertsPanel::exportWritesTheAlertAndShowRecordsSelectsThem()
{
    m_sim->sw->sofia()->setReachable(u"carrier"_s, false);
    const int row = waitForAlert(u"gateway-down"_s, u"carrier"_s);
    QVERIFY(row >= 0);
    QTemporaryDir dir;
    const QString csv = dir.filePath(u"alerts.csv"_s);
    const QString json = dir.filePath(u"alerts.json"_s);
    QVERIFY(panel()->exportTo(csv));
    QVERIFY(panel()->exportTo(json));
    QFile csvFile(csv);
    QVERIFY(csvFile.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = csvFile.readAll().trimmed().split('\n');
    QCOMPARE(lines.size(), 2); // the header and the alert
    QVERIFY(lines[1].contains("gateway-down"));
    QVERIFY(lines[1].contains("carrier"));
    QFile jsonFile(json);
    QVERIFY(jsonFile.open(QIODevice::ReadOnly));
    const QJsonArray alerts = QJsonDocument::fromJson(jsonFile.readAll())[u"alerts"_s].toArray();
    QCOMPARE(alerts.size(), 1);
    QCOMPARE(alerts[0][u"rule"_s].toString(), u"gateway-down"_s);
    QCOMPARE(alerts[0][u"subject"_s].toString(), u"carrier"_s);

    // The records that triggered it, selected in the event log.
    panel()->view()->selectRow(row);
    const Monitor::Alert alert = *panel()->selectedAlert();
    QVERIFY(!alert.records.isEmpty());
    panel()->showRecordsOfSelected();
    Ui::EventLogPanel *log = m_window->eventLogPanel();
    auto *tabs = m_window->findChild<QTabWidget *>(u"logTabs"_s);
    QCOMPARE(tabs->currentWidget(), log);
    QSet<Monitor::Sequence> selected;
    for (const QModelIndex &i : log->view()->selectionModel()->selectedRows())
        selected.insert(log->model()->sequenceAt(i.row()));
    QCOMPARE(selected, QSet<Monitor::Sequence>(alert.records.cbegin(), alert.records.cend()));
}

void TestAlertsPanel::showRecordsSelectsRecordsTheLogHasNotShownYet()
{
    // The event log takes arrivals in batches; an operator who asks for an alert's records at
    // once (on a busy machine, before the batch) still gets them selected in the log, not the
    // records window that stands in for records the log cannot show.
    Ui::EventLogPanel *log = m_window->eventLogPanel();
    log->model()->flush();
    log->model()->setBatchInterval(3600 * 1000);
    const int before = log->model()->rowCount();
    m_sim->sw->sofia()->setReachable(u"carrier"_s, false);
    const int row = waitForAlert(u"gateway-down"_s, u"carrier"_s);
    QVERIFY(row >= 0);
    panel()->view()->selectRow(row);
    const Monitor::Alert alert = *panel()->selectedAlert();
    QVERIFY(!alert.records.isEmpty());
    QCOMPARE(log->model()->rowCount(), before); // not shown yet
    QVERIFY(log->model()->rowOf(alert.records.last()) < 0);
    panel()->showRecordsOfSelected();
    QSet<Monitor::Sequence> selected;
    for (const QModelIndex &i : log->view()->selectionModel()->selectedRows())
        selected.insert(log->model()->sequenceAt(i.row()));
    QCOMPARE(selected, QSet<Monitor::Sequence>(alert.records.cbegin(), alert.records.cend()));
    QVERIFY(!m_window->findChild<QDialog *>(u"alertRecordsDialog"_s));
}

void TestAlertsPanel::pastAlertsComeBackFromTheJournal()
{
    m_sim->sw->sofia()->setReachable(u"carrier"_s, false);
    QVERIFY(waitForAlert(u"gateway-down"_s, u"carrier"_s) >= 0);
    const quint64 id = m_hub->alerts()->alerts().first().id;
    // The window closes and opens again (a restart): the alert is listed, as cleared.
    m_window.reset();
    m_hub.reset();
    openWindow();
    QCOMPARE(panel()->model()->rowCount(), 1);
    const Monitor::Alert past = panel()->model()->row(0)->alert;
    QCOMPARE(past.id, id);
    QCOMPARE(past.ruleId, u"gateway-down"_s);
    QCOMPARE(past.subject, u"carrier"_s);
    QCOMPARE(past.state, Monitor::AlertState::Cleared);
}

void TestAlertsPanel::theRuleEditorChecksEditsAndRoundTrips()
{
    Ui::AlertRulesDialog dialog(Ui::AlertSettings::load(), m_hub->alerts()->now());
    QVERIFY(dialog.saveButton()->isEnabled());
    // A threshold: more than 9 callers waiting.
    dialog.selectRule(u"queue-waiting"_s);
    auto *waiting = dialog.form()->findChild<QDoubleSpinBox *>(u"param_waiting"_s);
    QVERIFY(waiting);
    QCOMPARE(waiting->value(), 5.0);
    waiting->setValue(9);
    QCOMPARE(dialog.findChild<QDoubleSpinBox *>(u"param_waitSeconds"_s)->suffix(), u" s"_s);

    // A custom rule: invalid until its expression compiles; the error says where.
    const QString id = dialog.addCustomRule();
    QCOMPARE(id, u"custom-1"_s);
    QVERIFY(!dialog.saveButton()->isEnabled()); // no expression yet
    auto *name = dialog.form()->findChild<QLineEdit *>(u"ruleName"_s);
    name->setText(u"No route"_s);
    Q_EMIT name->textEdited(name->text());
    auto *expression = dialog.form()->findChild<QLineEdit *>(u"ruleExpression"_s);
    expression->setText(u"Hangup-Cause == NO_ROUTE_DESTINATION and ("_s);
    QVERIFY(!dialog.saveButton()->isEnabled());
    QVERIFY2(dialog.form()->expressionError().contains(u"at character"_s),
             qPrintable(dialog.form()->expressionError()));
    QVERIFY(dialog.problem().contains(u"No route"_s));
    // The error's line keeps its room: the fields below do not move as it goes.
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    auto *count = dialog.form()->findChild<QDoubleSpinBox *>(u"param_count"_s);
    const int countY = count->mapTo(&dialog, QPoint()).y();
    expression->setText(u"Hangup-Cause == NO_ROUTE_DESTINATION"_s);
    QVERIFY(dialog.saveButton()->isEnabled());
    QVERIFY(dialog.form()->expressionError().isEmpty());
    QCoreApplication::processEvents();
    QCOMPARE(count->mapTo(&dialog, QPoint()).y(), countY);
    count->setValue(3);
    // More than 3 calls (the default), or events; a line says what that means.
    auto *counting = dialog.form()->findChild<QComboBox *>(u"ruleCounting"_s);
    QVERIFY(counting);
    QCOMPARE(counting->currentText(), u"calls"_s);
    QVERIFY(dialog.form()->findChild<QLabel *>(u"ruleCountingNote"_s)->text().contains(u"once"_s));
    counting->setCurrentIndex(1);
    QCOMPARE(dialog.form()->rule().count, Monitor::AlertCounting::Records);
    counting->setCurrentIndex(0);
    QCOMPARE(dialog.form()->rule().count, Monitor::AlertCounting::Channels);
    // Percentages with the decimals they need; a built-in says what it watches.
    dialog.selectRule(u"quality"_s);
    QCOMPARE(dialog.form()->findChild<QDoubleSpinBox *>(u"param_lossPct"_s)->text(), u"5 %"_s);
    QVERIFY(dialog.form()->findChild<QLabel *>(u"ruleAbout"_s)->text().contains(u"MOS"_s));
    dialog.selectRule(u"custom-1"_s);
    dialog.hide();

    // Saved: in the settings (read back equal) and in the engine.
    const Ui::AlertSettings saved = dialog.settings();
    m_window->alertsRoom()->setSettings(saved);
    const Ui::AlertSettings loaded = Ui::AlertSettings::load();
    QCOMPARE(loaded.rules, saved.rules);
    const QList<Monitor::AlertRule> &rules = m_hub->alerts()->rules();
    const auto rule = [&rules](const QString &ruleId) {
        return *std::find_if(rules.cbegin(), rules.cend(),
                             [&ruleId](const Monitor::AlertRule &r) { return r.id == ruleId; });
    };
    QCOMPARE(rule(u"queue-waiting"_s).param(u"waiting"_s), 9.0);
    QCOMPARE(rule(u"custom-1"_s).name, u"No route"_s);
    QCOMPARE(rule(u"custom-1"_s).expression, u"Hangup-Cause == NO_ROUTE_DESTINATION"_s);
    QCOMPARE(rule(u"custom-1"_s).param(u"count"_s), 3.0);
    // Stored as the rules file's JSON text.
    const Monitor::AlertRulesResult stored = Monitor::AlertRules::fromJson(
        QSettings().value(u"alerts/rules"_s).toString().toUtf8());
    QVERIFY(stored.ok);
    QCOMPARE(stored.rules, saved.rules);

    // Built-ins cannot be removed; a custom rule can.
    Ui::AlertRulesDialog again(loaded, m_hub->alerts()->now());
    again.selectRule(u"gateway-down"_s);
    QVERIFY(!again.removeSelectedRule());
    again.selectRule(u"custom-1"_s);
    QVERIFY(again.removeSelectedRule());
    QCOMPARE(again.settings().rules.size(), Monitor::AlertRules::defaults().size());
    QCOMPARE(again.list()->count(), int(Monitor::AlertRules::defaults().size()));
}

void TestAlertsPanel::rulesImportAndExportInTheEnginesFormat()
{
    QTemporaryDir dir;
    Ui::AlertRulesDialog dialog(Ui::AlertSettings(), m_hub->alerts()->now());
    const QString out = dir.filePath(u"rules.json"_s);
    QVERIFY(dialog.exportTo(out));
    QFile exported(out);
    QVERIFY(exported.open(QIODevice::ReadOnly));
    QCOMPARE(exported.readAll(), Monitor::AlertRules::toJson(Monitor::AlertRules::defaults()));

    // A file in the engine's format (what `eslcat alerts --rules FILE` reads) imports as written.
    QList<Monitor::AlertRule> rules = Monitor::AlertRules::defaults();
    rules[0].enabled = false;
    rules.append(Monitor::AlertRules::custom(4, u"Hangup-Cause == USER_BUSY"_s, u"Busy"_s));
    const QString in = dir.filePath(u"in.json"_s);
    QFile file(in);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(Monitor::AlertRules::toJson(rules));
    file.close();
    QVERIFY(dialog.importFrom(in));
    QCOMPARE(dialog.settings().rules, Monitor::AlertRules::fromJson(Monitor::AlertRules::toJson(rules)).rules);
    QVERIFY(dialog.saveButton()->isEnabled());

    // A broken one is refused, naming the rule and the field; the rules stay as they were.
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write(R"({"version": 1, "rules": [{"id": "custom-2", "kind": "custom", "expression": "Hangup-Cause =="}]})");
    file.close();
    QString error;
    QVERIFY(!dialog.importFrom(in, &error));
    QVERIFY2(error.contains(u"custom-2"_s) && error.contains(u"expression"_s), qPrintable(error));
    QCOMPARE(dialog.settings().rules.size(), rules.size());
}

QTEST_MAIN(TestAlertsPanel)
#include "tst_alertspanel.moc"
