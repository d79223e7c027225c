#include "ui/alerts/alertsroom.h"

#include "ui/alerts/alertdelivery.h"
#include "ui/alerts/alertrecordsdialog.h"
#include "ui/alerts/alertrulesdialog.h"
#include "ui/alerts/alertspanel.h"
#include "ui/callcenter/queuespanel.h"
#include "ui/calls/callspanel.h"
#include "ui/logs/logpanels.h"
#include "ui/registrations/gatewaysmodel.h"
#include "ui/registrations/registrationspanel.h"
#include "ui/window/noticebar.h"
#include "ui/window/serverstatusstrip.h"

#include "console/serverconnections.h"
#include "monitor/hub.h"

#include <QAbstractProxyModel>
#include <QApplication>
#include <QDateTime>
#include <QItemSelection>
#include <QLoggingCategory>
#include <QTabWidget>
#include <QTableView>
#include <QToolButton>
#include <QToolTip>

namespace Ui {

Q_DECLARE_LOGGING_CATEGORY(lcAlertSettings)

AlertsRoom::AlertsRoom(const Parts &parts, std::unique_ptr<AlertTray> tray,
                       const QString &journalPath, QObject *parent)
    : QObject(parent), m_parts(parts), m_settings(AlertSettings::load())
{
    Monitor::AlertEngine *engine = m_parts.hub->alerts();
    m_settings.forgetEndedSilences(engine->now());
    m_settings.applyTo(*engine, engine->now());
    // Past alerts first (the journal's last word on each), then go on appending to it.
    const QString journal = journalPath.isEmpty() ? alertJournalPath() : journalPath;
    engine->loadJournal(journal);
    if (!engine->setJournal(journal))
        qCWarning(lcAlertSettings).noquote()
            << "alerts are not journaled:" << engine->journalError();

    m_panel = new AlertsPanel(engine, m_parts.hub, m_parts.window);
    m_delivery = new AlertDelivery(engine, std::move(tray), this);
    m_delivery->setSounds(m_settings.sounds);
    m_indicator = new QToolButton(m_parts.window);
    m_indicator->setObjectName(QStringLiteral("alertsIndicator"));
    m_indicator->setAutoRaise(true);
    m_indicator->setToolTip(tr("Alerts not cleared; click for the Alerts tab"));
    m_indicator->setStyleSheet(QStringLiteral("QToolButton { color: #b02a37; font-weight: bold; }"));
    m_indicator->hide();
    connect(m_indicator, &QToolButton::clicked, this, &AlertsRoom::showTab);

    if (m_parts.tabs) {
        m_parts.tabs->addTab(m_panel, m_panel->title());
        connect(m_panel, &AlertsPanel::titleChanged, m_parts.tabs, [this](const QString &title) {
            m_parts.tabs->setTabText(m_parts.tabs->indexOf(m_panel), title);
        });
    }
    connect(m_panel, &AlertsPanel::titleChanged, this, &AlertsRoom::updateIndicator);
    updateIndicator(m_panel->title());
    connect(m_panel, &AlertsPanel::goToRequested, this, &AlertsRoom::goTo);
    connect(m_panel, &AlertsPanel::showRecordsRequested, this, &AlertsRoom::showRecords);
    connect(m_panel, &AlertsPanel::ruleSilenced, this, [this](const QString &rule, qint64 until) {
        if (until > 0)
            m_settings.silencedUntil.insert(rule, until);
        else
            m_settings.silencedUntil.remove(rule);
        m_settings.save();
    });
    connect(m_delivery, &AlertDelivery::raiseRequested, this, [this] {
        if (QWidget *w = m_parts.window) {
            if (w->isMinimized())
                w->showNormal();
            w->show();
            w->raise();
            w->activateWindow();
        }
        showTab();
    });
    connect(m_delivery, &AlertDelivery::windowNotice, this, &AlertsRoom::showWindowNotice);
    connect(m_delivery, &AlertDelivery::countsChanged, this,
            [this](int, int unacknowledged) { updateWindowTitle(unacknowledged); });
    updateWindowTitle(m_delivery->unacknowledged());
}

AlertsRoom::~AlertsRoom() = default;

void AlertsRoom::setSettings(const AlertSettings &settings)
{
    m_settings = settings;
    Monitor::AlertEngine *engine = m_parts.hub->alerts();
    m_settings.forgetEndedSilences(engine->now());
    m_settings.save();
    m_settings.applyTo(*engine, engine->now());
    m_delivery->setSounds(m_settings.sounds);
    m_panel->refresh(); // rule names
}

void AlertsRoom::setSounds(bool on)
{
    if (m_settings.sounds == on)
        return;
    m_settings.sounds = on;
    m_settings.save();
    m_delivery->setSounds(on);
}

void AlertsRoom::updateIndicator(const QString &)
{
    const int n = m_parts.hub->alerts()->activeCount();
    m_indicator->setText(n == 1 ? tr("⚠ 1 alert") : tr("⚠ %1 alerts").arg(n));
    m_indicator->setVisible(n > 0);
}

QString AlertsRoom::goToGoneText()
{
    return tr("The call of this alert is no longer listed.");
}

void AlertsRoom::updateWindowTitle(int unacknowledged)
{
    QWidget *w = m_parts.window;
    if (!w)
        return;
    // The title set elsewhere ("Switchboard — demo") since we last set ours is the base now.
    if (w->windowTitle() != m_shownTitle || m_baseTitle.isEmpty())
        m_baseTitle = w->windowTitle();
    const bool count = unacknowledged > 0 && !m_delivery->trayAvailable();
    m_shownTitle = count ? (unacknowledged == 1
                                ? tr("%1 — ⚠ 1 alert").arg(m_baseTitle)
                                : tr("%1 — ⚠ %2 alerts").arg(m_baseTitle).arg(unacknowledged))
                         : m_baseTitle;
    if (w->windowTitle() != m_shownTitle)
        w->setWindowTitle(m_shownTitle);
}

void AlertsRoom::showWindowNotice(const QString &title, const QString &text)
{
    if (m_parts.window)
        QApplication::alert(m_parts.window); // the taskbar's attention until it is looked at
    if (m_parts.notices)
        m_parts.notices->postInformation(text.isEmpty() ? title : tr("%1 — %2").arg(title, text));
    updateWindowTitle(m_delivery->unacknowledged());
}

void AlertsRoom::showTab()
{
    if (m_parts.tabs)
        m_parts.tabs->setCurrentWidget(m_panel);
    m_panel->view()->setFocus(Qt::ShortcutFocusReason);
}

void AlertsRoom::editRules()
{
    AlertRulesDialog dialog(m_settings, m_parts.hub->alerts()->now(), m_parts.window);
    if (dialog.exec() == QDialog::Accepted)
        setSettings(dialog.settings());
}

void AlertsRoom::goTo(const Monitor::Alert &alert)
{
    const Monitor::AlertTarget &t = alert.target;
    const Monitor::ServerId server = t.server != Monitor::kAllServers ? t.server : alert.server;
    if (!t.channelUuid.isEmpty()) {
        if (selectCall(server, t.channelUuid))
            return;
        if (m_parts.notices)
            m_parts.notices->postInformation(goToGoneText());
        if (!alert.records.isEmpty()) {
            showRecords(alert);
            return;
        }
    }
    if (!t.queue.isEmpty() && m_parts.queues && m_parts.tabs) {
        m_parts.tabs->setCurrentWidget(m_parts.queues);
        m_parts.queues->selectQueue(t.queue);
        m_parts.queues->setFocus(Qt::ShortcutFocusReason);
        return;
    }
    if (!t.gateway.isEmpty() && m_parts.registrations && m_parts.tabs) {
        m_parts.tabs->setCurrentWidget(m_parts.registrations);
        selectGateway(server, t.gateway);
        return;
    }
    if (server != Monitor::kAllServers) {
        showServer(server);
        return;
    }
    if (!alert.records.isEmpty())
        showRecords(alert);
}

bool AlertsRoom::selectCall(Monitor::ServerId server, const QString &uuid)
{
    CallsPanel *calls = m_parts.calls;
    if (!calls)
        return false;
    QModelIndex index = calls->model()->callIndexOf({server, uuid});
    if (!index.isValid())
        index = calls->model()->indexOf({server, uuid});
    if (!index.isValid())
        return false;
    // The view shows the model itself, or a sorting/filtering proxy over it.
    if (auto *proxy = qobject_cast<QAbstractProxyModel *>(calls->view()->model()))
        index = proxy->mapFromSource(index);
    if (!index.isValid())
        return false; // filtered out by the quick filter
    QAbstractItemView *view = calls->view();
    view->selectionModel()->setCurrentIndex(
        index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    // To the middle, where it is seen with its neighbours, unless it is already wholly in view
    // (the view then stays still); scrollTo's "ensure visible" left it half hidden at the bottom.
    const QRect row = view->visualRect(index);
    if (!row.isValid() || !view->viewport()->rect().contains(row))
        view->scrollTo(index, QAbstractItemView::PositionAtCenter);
    view->setFocus(Qt::ShortcutFocusReason);
    // A "no longer listed" notice from an earlier Go to is stale now.
    if (m_parts.notices && !m_parts.notices->shownIsFailure()
        && m_parts.notices->texts().value(m_parts.notices->texts().size() - 1)
               == goToGoneText())
        m_parts.notices->dismissShown();
    return true;
}

bool AlertsRoom::selectGateway(Monitor::ServerId server, const QString &gateway)
{
    RegistrationsPanel *panel = m_parts.registrations;
    QTableView *view = panel->gatewaysView();
    GatewaysModel::Row key;
    key.server = server;
    key.entry.gateway.name = gateway;
    const int row = panel->gatewaysModel()->rowOf(key.key());
    view->setFocus(Qt::ShortcutFocusReason);
    if (row < 0)
        return false;
    view->selectionModel()->setCurrentIndex(
        panel->gatewaysModel()->index(row, 0),
        QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    view->scrollTo(panel->gatewaysModel()->index(row, 0));
    return true;
}

void AlertsRoom::showServer(Monitor::ServerId server)
{
    if (!m_parts.servers || !m_parts.serverStatus)
        return;
    QToolButton *item = m_parts.serverStatus->itemOf(m_parts.servers->entryOfServer(server));
    if (!item)
        return;
    // Its item has the focus (Space or its menu acts on it) and says what state it is in.
    item->setFocus(Qt::ShortcutFocusReason);
    QToolTip::showText(item->mapToGlobal(QPoint(item->width() / 2, 0)),
                       item->toolTip().isEmpty() ? item->text() : item->toolTip(), item);
}

void AlertsRoom::showRecords(const Monitor::Alert &alert)
{
    EventLogPanel *log = m_parts.eventLog;
    QList<int> rows;
    if (log) {
        // The log takes arrivals in batches: an alert's newest records may be stored and not yet
        // among its rows (at once after the alert, on a busy machine).
        log->model()->flush();
        for (const Monitor::Sequence seq : alert.records) {
            const int row = log->model()->rowOf(seq);
            if (row < 0) {
                rows.clear();
                break;
            }
            rows.append(row);
        }
    }
    if (rows.isEmpty()) {
        showAlertRecords(m_parts.window, m_parts.hub, alert);
        return;
    }
    QItemSelection selection;
    for (const int row : std::as_const(rows))
        selection.select(log->model()->index(row, 0),
                         log->model()->index(row, log->model()->columnCount() - 1));
    if (m_parts.tabs)
        m_parts.tabs->setCurrentWidget(log);
    QItemSelectionModel *model = log->view()->selectionModel();
    model->select(selection, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    model->setCurrentIndex(log->model()->index(rows.last(), 0), QItemSelectionModel::NoUpdate);
    log->view()->scrollTo(log->model()->index(rows.first(), 0));
    log->view()->setFocus(Qt::ShortcutFocusReason);
}

} // namespace Ui
