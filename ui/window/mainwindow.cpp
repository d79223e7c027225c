#include "ui/window/mainwindow.h"

#include "console/callcontrol.h"
#include "ui/calls/callactions.h"
#include "ui/calls/callspanel.h"
#include "ui/calls/destinationspanel.h"
#include "ui/console/apiconsole.h"
#include "ui/logs/logpanels.h"
#include "ui/servers/profilesdialog.h"
#include "ui/window/auditpanel.h"
#include "ui/window/chartsdock.h"
#include "ui/window/detailspanel.h"
#include "ui/window/filecommands.h"
#include "ui/window/noticebar.h"
#include "ui/window/settingsdialog.h"

#include <QApplication>
#include <QCloseEvent>
#include <QDateTime>
#include <QDockWidget>
#include <QFileDialog>
#include <QHeaderView>
#include <QInputDialog>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <QTimer>
#include <QToolBar>
#include <QVBoxLayout>

namespace Ui {

namespace {

QString stateText(const Monitor::ServerMonitor *server)
{
    using State = Monitor::LinkState;
    const Monitor::SwitchLink *link = server->link();
    switch (link->state()) {
    case State::Live:
        return server->isOutOfStep() ? QObject::tr("resyncing") : QObject::tr("live");
    case State::Reconnecting: {
        const qint64 in =
            std::max<qint64>(0, link->nextAttemptAt() - QDateTime::currentMSecsSinceEpoch());
        return QObject::tr("reconnecting in %1 s").arg((in + 999) / 1000);
    }
    case State::Failed:
        return QObject::tr("failed: %1").arg(link->lastError().message);
    default:
        return Monitor::SwitchLink::stateName(link->state());
    }
}

} // namespace

MainWindow::MainWindow(Monitor::Hub *hub, Console::ProfileStore *profiles, QWidget *parent)
    : QMainWindow(parent), m_hub(hub), m_profiles(profiles)
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("Switchboard"));
    setWindowIcon(QIcon(QStringLiteral(":/switchboard.png")));

    m_calls = new CallsPanel(hub, this);
    m_eventLog = new EventLogPanel(hub, this);
    m_console = new ConsoleLogPanel(hub, this);
    m_details = new DetailsPanel(hub, this);
    m_charts = new ChartsPanel(hub, this);

    auto *logs = new QTabWidget(this);
    logs->setObjectName(QStringLiteral("logTabs"));
    logs->addTab(m_eventLog, tr("&Events"));
    logs->addTab(m_console, tr("C&onsole log"));
    auto *split = new QSplitter(Qt::Vertical, this);
    split->setObjectName(QStringLiteral("mainSplitter"));
    split->addWidget(m_calls);
    split->addWidget(logs);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    // Notices of what actions did sit above the calls, where the operator is looking.
    m_notices = new NoticeBar(this);
    auto *central = new QWidget(this);
    auto *centralLayout = new QVBoxLayout(central);
    centralLayout->setContentsMargins(0, 0, 0, 0);
    centralLayout->setSpacing(2);
    centralLayout->addWidget(m_notices);
    centralLayout->addWidget(split, 1);
    setCentralWidget(central);

    m_settings = Console::AppSettings::load();
    m_control = new Console::CallControl(hub, this);
    m_control->setTimeoutMs(m_settings.commandTimeoutSeconds * 1000);
    m_actions = new CallActions(hub, m_control, m_calls, m_notices, &m_settings, this);
    connect(m_calls, &CallsPanel::contextMenuAboutToShow, this,
            [this](QMenu *menu) { m_actions->addToContextMenu(menu); });
    auto *toolbar = addToolBar(tr("Calls"));
    toolbar->setObjectName(QStringLiteral("callsToolBar"));
    toolbar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    toolbar->setMovable(false);
    m_actions->addToToolBar(toolbar);

    auto *detailsDock = new QDockWidget(tr("Channel details"), this);
    detailsDock->setObjectName(QStringLiteral("detailsDock"));
    detailsDock->setWidget(m_details);
    addDockWidget(Qt::RightDockWidgetArea, detailsDock);
    auto *chartsDock = new QDockWidget(tr("Charts"), this);
    chartsDock->setObjectName(QStringLiteral("chartsDock"));
    chartsDock->setWidget(m_charts);
    addDockWidget(Qt::RightDockWidgetArea, chartsDock);
    m_destinations = new DestinationsPanel(this);
    auto *destinationsDock = new QDockWidget(tr("Destinations"), this);
    destinationsDock->setObjectName(QStringLiteral("destinationsDock"));
    destinationsDock->setWidget(m_destinations);
    addDockWidget(Qt::RightDockWidgetArea, destinationsDock);
    m_audit = new AuditPanel(hub->audit(), this);
    auto *auditDock = new QDockWidget(tr("Audit log"), this);
    auditDock->setObjectName(QStringLiteral("auditDock"));
    auditDock->setWidget(m_audit);
    addDockWidget(Qt::BottomDockWidgetArea, auditDock);
    m_apiConsole = new ApiConsole(hub, this);
    auto *consoleDock = new QDockWidget(tr("API console"), this);
    consoleDock->setObjectName(QStringLiteral("apiConsoleDock"));
    consoleDock->setWidget(m_apiConsole);
    addDockWidget(Qt::BottomDockWidgetArea, consoleDock);
    tabifyDockWidget(chartsDock, destinationsDock);
    tabifyDockWidget(consoleDock, auditDock);
    chartsDock->raise();
    consoleDock->raise();
    resizeDocks({consoleDock}, {150}, Qt::Vertical);

    connect(m_calls, &CallsPanel::currentChannelChanged, m_details, &DetailsPanel::showChannel);
    connect(m_calls, &CallsPanel::followCallRequested, this, [this, logs](const QStringList &legs) {
        m_eventLog->followCall(legs);
        m_console->model()->followChannels(QSet<QString>(legs.cbegin(), legs.cend()));
        logs->setCurrentWidget(m_eventLog);
    });

    // Any header as a column: right-click a column title.
    auto headerMenu = [this](QHeaderView *header, auto *model) {
        header->setContextMenuPolicy(Qt::CustomContextMenu);
        connect(header, &QWidget::customContextMenuRequested, this,
                [this, header, model](const QPoint &pos) {
                    QMenu menu(this);
                    menu.addAction(tr("Add a column from a header…"), this, [this, model] {
                        bool ok = false;
                        const QString name = QInputDialog::getText(
                            this, tr("Add a column"),
                            tr("Header or variable name (e.g. variable_sip_user_agent):"),
                            QLineEdit::Normal, {}, &ok);
                        if (ok && !name.trimmed().isEmpty())
                            model->addHeaderColumn(name.trimmed());
                    });
                    const QStringList added = model->headerColumns();
                    for (const QString &name : added)
                        menu.addAction(tr("Remove column %1").arg(name), this,
                                       [model, name] { model->removeHeaderColumn(name); });
                    menu.exec(header->mapToGlobal(pos));
                });
    };
    headerMenu(m_calls->view()->header(), m_calls->model());
    headerMenu(m_eventLog->view()->horizontalHeader(), m_eventLog->model());

    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("serverStatus"));
    m_status->setTextFormat(Qt::RichText);
    statusBar()->addWidget(m_status, 1);
    auto *tick = new QTimer(this);
    connect(tick, &QTimer::timeout, this, &MainWindow::updateStatus);
    tick->start(1000);
    connect(hub->statistics(), &Monitor::Statistics::sampled, this, &MainWindow::updateStatus);
    updateStatus();

    connect(m_destinations, &DestinationsPanel::transferRequested, this,
            [this](const QList<Monitor::ChannelKey> &channels, const QString &destination) {
                m_actions->transferTo(channels, destination);
                m_destinations->reload();
            });
    connect(m_control, &Console::CallControl::finished, m_destinations,
            [this](const Console::ActionOutcome &) {
                m_destinations->reload(); // a transfer remembered its destination
            });

    // Preferences: ended calls stay as long as the operator chose, on every server.
    for (Monitor::ServerMonitor *server : hub->servers())
        applyRetention(server);
    connect(hub, &Monitor::Hub::serverAdded, this,
            [this](Monitor::ServerMonitor *server) { applyRetention(server); });

    buildMenus();
    resize(1280, 820);
    restoreLayout();
}

MainWindow::~MainWindow() = default;

void MainWindow::applyRetention(Monitor::ServerMonitor *server) const
{
    server->channels()->setEndedRetention(qint64(m_settings.endedRetentionSeconds) * 1000);
}

void MainWindow::setSettings(const Console::AppSettings &settings)
{
    m_settings = settings;
    m_settings.save();
    m_control->setTimeoutMs(m_settings.commandTimeoutSeconds * 1000);
    for (Monitor::ServerMonitor *server : m_hub->servers())
        applyRetention(server);
}

void MainWindow::editSettings()
{
    SettingsDialog dialog(m_settings, this);
    if (dialog.exec() == QDialog::Accepted)
        setSettings(dialog.settings());
}

// The window's layout, the splitters, the columns each view shows (added header columns
// included) and their widths and order, saved on close and restored at start.
void MainWindow::restoreLayout()
{
    QSettings s;
    restoreGeometry(s.value(QStringLiteral("window/geometry")).toByteArray());
    restoreState(s.value(QStringLiteral("window/state")).toByteArray());
    if (auto *split = findChild<QSplitter *>(QStringLiteral("mainSplitter")))
        split->restoreState(s.value(QStringLiteral("window/split")).toByteArray());
    if (auto *split = m_eventLog->findChild<QSplitter *>(QStringLiteral("eventSplitter")))
        split->restoreState(s.value(QStringLiteral("window/eventSplit")).toByteArray());
    for (const QString &name : s.value(QStringLiteral("calls/headerColumns")).toStringList())
        m_calls->model()->addHeaderColumn(name);
    for (const QString &name : s.value(QStringLiteral("events/headerColumns")).toStringList())
        m_eventLog->model()->addHeaderColumn(name);
    m_calls->view()->header()->restoreState(s.value(QStringLiteral("calls/header")).toByteArray());
    m_eventLog->view()->horizontalHeader()->restoreState(
        s.value(QStringLiteral("events/header")).toByteArray());
    m_console->view()->horizontalHeader()->restoreState(
        s.value(QStringLiteral("console/header")).toByteArray());
    if (s.value(QStringLiteral("calls/flat")).toBool())
        m_flatAction->setChecked(true);
}

void MainWindow::saveLayout() const
{
    QSettings s;
    s.setValue(QStringLiteral("window/geometry"), saveGeometry());
    s.setValue(QStringLiteral("window/state"), saveState());
    if (auto *split = findChild<QSplitter *>(QStringLiteral("mainSplitter")))
        s.setValue(QStringLiteral("window/split"), split->saveState());
    if (auto *split = m_eventLog->findChild<QSplitter *>(QStringLiteral("eventSplitter")))
        s.setValue(QStringLiteral("window/eventSplit"), split->saveState());
    s.setValue(QStringLiteral("calls/headerColumns"), m_calls->model()->headerColumns());
    s.setValue(QStringLiteral("events/headerColumns"), m_eventLog->model()->headerColumns());
    s.setValue(QStringLiteral("calls/header"), m_calls->view()->header()->saveState());
    s.setValue(QStringLiteral("events/header"),
               m_eventLog->view()->horizontalHeader()->saveState());
    s.setValue(QStringLiteral("console/header"),
               m_console->view()->horizontalHeader()->saveState());
    s.setValue(QStringLiteral("calls/flat"), m_flatAction->isChecked());
    Console::syncPrivately(s);
}

void MainWindow::buildMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("&Open saved log…"), QKeySequence::Open, this, [this] {
        openSavedLog(this, m_hub, m_eventLog->model());
        m_console->model()->scheduleFlush(); // the log lines it held
    });
    file->actions().constLast()->setObjectName(QStringLiteral("openSavedLogAction"));
    QMenu *exportMenu = file->addMenu(tr("&Export"));
    exportMenu->addAction(tr("&All events…"), this, [this] {
        exportRecords(this, m_hub, Monitor::ExportSelection::all(), tr("all events"));
    });
    exportMenu->actions().constLast()->setObjectName(QStringLiteral("exportAllAction"));
    exportMenu->addAction(tr("&Filtered events…"), QKeySequence(tr("Ctrl+Shift+E")), this, [this] {
        exportRecords(this, m_hub,
                      Monitor::ExportSelection::matching(m_eventLog->model()->filter()),
                      tr("the filtered events"));
    });
    exportMenu->actions().constLast()->setObjectName(QStringLiteral("exportFilteredAction"));
    exportMenu->addAction(tr("&Selected events…"), this, [this] {
        QList<Monitor::Sequence> rows;
        for (const QModelIndex &i : m_eventLog->view()->selectionModel()->selectedRows())
            rows.append(m_eventLog->model()->sequenceAt(i.row()));
        exportRecords(this, m_hub, Monitor::ExportSelection::rows(rows), tr("the selected events"));
    });
    exportMenu->actions().constLast()->setObjectName(QStringLiteral("exportSelectedAction"));
    exportMenu->addAction(tr("This &call…"), this, [this] {
        const QStringList legs = m_calls->currentCallLegs();
        if (legs.isEmpty())
            return;
        exportCallBundle(this, m_hub, m_calls->currentChannel().server, legs);
    });
    exportMenu->actions().constLast()->setObjectName(QStringLiteral("exportCallAction"));
    exportMenu->addAction(tr("&Audit log…"), this, [this] { m_audit->exportLog(); });
    exportMenu->actions().constLast()->setObjectName(QStringLiteral("exportAuditAction"));
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);

    QMenu *calls = menuBar()->addMenu(tr("&Calls"));
    m_actions->addToMenu(calls);

    QMenu *edit = menuBar()->addMenu(tr("&Edit"));
    QAction *preferences = edit->addAction(tr("&Preferences…"), QKeySequence(tr("Ctrl+,")), this,
                                           &MainWindow::editSettings);
    preferences->setObjectName(QStringLiteral("preferencesAction"));
    preferences->setMenuRole(QAction::PreferencesRole);

    QMenu *view = menuBar()->addMenu(tr("&View"));
    m_flatAction = view->addAction(tr("&Flat channel list"));
    m_flatAction->setObjectName(QStringLiteral("flatAction"));
    m_flatAction->setCheckable(true);
    m_flatAction->setShortcut(QKeySequence(tr("Ctrl+T")));
    connect(m_flatAction, &QAction::toggled, this, [this](bool on) {
        m_calls->setLayout(on ? CallsModel::Layout::Flat : CallsModel::Layout::Tree);
    });
    connect(m_calls, &CallsPanel::layoutChanged, m_flatAction, [this](CallsModel::Layout layout) {
        const QSignalBlocker quiet(m_flatAction);
        m_flatAction->setChecked(layout == CallsModel::Layout::Flat);
    });
    view->addAction(tr("Filter &calls"), QKeySequence::Find, this, [this] {
        m_calls->findChild<QLineEdit *>(QStringLiteral("callsFilter"))->setFocus();
    });
    view->addAction(tr("Filter &events"), QKeySequence(tr("Ctrl+E")), this,
                    [this] { m_eventLog->filterEdit()->setFocus(); });
    view->addSeparator();
    // Keyboard access: every view is one shortcut away, and Tab moves on from there.
    auto *logs = findChild<QTabWidget *>(QStringLiteral("logTabs"));
    auto goTo = [this, view](const QString &text, const QKeySequence &keys, const char *name,
                             auto &&focus) {
        QAction *go = view->addAction(text, keys, this, focus);
        go->setObjectName(QLatin1StringView(name));
    };
    goTo(tr("Go to &calls"), QKeySequence(tr("Ctrl+1")), "goToCalls",
         [this] { m_calls->view()->setFocus(Qt::ShortcutFocusReason); });
    goTo(tr("Go to e&vent log"), QKeySequence(tr("Ctrl+2")), "goToEvents", [this, logs] {
        logs->setCurrentWidget(m_eventLog);
        m_eventLog->view()->setFocus(Qt::ShortcutFocusReason);
    });
    goTo(tr("Go to c&onsole log"), QKeySequence(tr("Ctrl+3")), "goToConsole", [this, logs] {
        logs->setCurrentWidget(m_console);
        m_console->view()->setFocus(Qt::ShortcutFocusReason);
    });
    goTo(tr("Go to channel &details"), QKeySequence(tr("Ctrl+4")), "goToDetails", [this] {
        auto *dock = findChild<QDockWidget *>(QStringLiteral("detailsDock"));
        dock->show();
        dock->raise();
        m_details->table()->setFocus(Qt::ShortcutFocusReason);
    });
    goTo(tr("Go to the &API console"), QKeySequence(tr("Ctrl+5")), "goToApiConsole", [this] {
        auto *dock = findChild<QDockWidget *>(QStringLiteral("apiConsoleDock"));
        dock->show();
        dock->raise();
        m_apiConsole->commandLine()->setFocus(Qt::ShortcutFocusReason);
    });
    view->addSeparator();
    for (QDockWidget *dock : findChildren<QDockWidget *>())
        view->addAction(dock->toggleViewAction());

    QMenu *servers = menuBar()->addMenu(tr("&Servers"));
    QAction *profiles =
        servers->addAction(tr("Connection &profiles…"), this, &MainWindow::editProfiles);
    profiles->setEnabled(m_profiles != nullptr);
    servers->addAction(tr("&Resync channel lists"), QKeySequence::Refresh, this, [this] {
        for (Monitor::ServerMonitor *s : m_hub->servers())
            s->resync();
    });

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About Switchboard"), this, [this] {
        QMessageBox::about(this, tr("About Switchboard"),
                           tr("<h3>Switchboard %1</h3><p>A native console for the people who watch "
                              "and steer live calls on FreeSWITCH servers.</p>")
                               .arg(QApplication::applicationVersion()));
    });
}

void MainWindow::editProfiles()
{
    if (!m_profiles)
        return;
    ProfilesDialog dialog(m_profiles, this);
    dialog.exec();
}

void MainWindow::updateStatus()
{
    QStringList parts;
    for (const Monitor::ServerMonitor *server : m_hub->servers()) {
        const auto &series = m_hub->statistics()->series(server->id());
        const double cps = series.empty() ? 0 : series.back().callsPerSecond;
        const double eps = series.empty() ? 0 : series.back().eventsPerSecond;
        const bool live = server->link()->isLive() && !server->isOutOfStep();
        parts.append(tr("<b>%1</b> <span style='color:%2'>%3</span> · %4 channels · %5 calls/s · "
                        "%6 events/s")
                         .arg(server->name().toHtmlEscaped(),
                              live ? QStringLiteral("#198754") : QStringLiteral("#b02a37"),
                              stateText(server).toHtmlEscaped())
                         .arg(server->channels()->liveCount())
                         .arg(cps, 0, 'f', 1)
                         .arg(eps, 0, 'f', 0));
    }
    const Monitor::EventStore *store = m_hub->store();
    parts.append(tr("%1 events stored, %2 dropped").arg(store->size()).arg(store->droppedCount()));
    m_status->setText(parts.join(QStringLiteral("&nbsp;&nbsp;│&nbsp;&nbsp;")));
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveLayout();
    event->accept();
}

} // namespace Ui
