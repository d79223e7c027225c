#include "ui/window/mainwindow.h"

#include "console/callcontrol.h"
#include "console/serverconnections.h"
#include "ui/alerts/alertsroom.h"
#include "ui/callcenter/queuespanel.h"
#include "ui/calls/callactions.h"
#include "ui/calls/callspanel.h"
#include "ui/calls/destinationspanel.h"
#include "ui/conferences/conferencespanel.h"
#include "ui/console/apiconsole.h"
#include "ui/logs/logpanels.h"
#include "ui/parking/parkingpanel.h"
#include "ui/registrations/registrationspanel.h"
#include "ui/servers/profilesdialog.h"
#include "ui/wallboard/wallboardwindow.h"
#include "ui/window/auditpanel.h"
#include "ui/window/chartsdock.h"
#include "ui/window/cheatsheet.h"
#include "ui/window/detailspanel.h"
#include "ui/window/filecommands.h"
#include "ui/window/noticebar.h"
#include "ui/window/servercontrols.h"
#include "ui/window/serverstatusstrip.h"
#include "ui/window/settingsdialog.h"
#include "ui/window/stabletabs.h"

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
#include <QScreen>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <QTimer>
#include <QToolBar>
#include <QVBoxLayout>

namespace Ui {

MainWindow::MainWindow(Monitor::Hub *hub, Console::ProfileStore *profiles, QWidget *parent)
    : QMainWindow(parent), m_hub(hub),
      m_servers(new Console::ServerConnections(hub, profiles, this)), m_profiles(profiles)
{
    build();
}

MainWindow::MainWindow(Console::ServerConnections *servers, QWidget *parent)
    : QMainWindow(parent), m_hub(servers->hub()), m_servers(servers),
      m_profiles(servers->profiles())
{
    build();
}

void MainWindow::build()
{
    Monitor::Hub *hub = m_hub;
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("Switchboard"));
    setWindowIcon(QIcon(QStringLiteral(":/switchboard.png")));

    m_calls = new CallsPanel(hub, this);
    m_eventLog = new EventLogPanel(hub, this);
    m_console = new ConsoleLogPanel(hub, this);
    m_details = new DetailsPanel(hub, this);
    m_charts = new ChartsPanel(hub, this);

    // Tabs that stay put while the panels' counts change (stabletabs.h).
    auto *logs = new StableTabWidget(this);
    logs->setObjectName(QStringLiteral("logTabs"));
    logs->addTab(m_eventLog, tr("&Events"));
    logs->addTab(m_console, tr("C&onsole log"));
    auto *split = new QSplitter(Qt::Vertical, this);
    split->setObjectName(QStringLiteral("mainSplitter"));
    split->addWidget(m_calls);
    split->addWidget(logs);
    split->setStretchFactor(0, 5);
    split->setStretchFactor(1, 3);
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
    // The supervisor panels: tabs beside the logs, in sight at every window size.
    const PanelContext panelContext{hub, m_control, m_calls, m_notices};
    m_conferences = new ConferencesPanel(panelContext, this);
    m_queues = new QueuesPanel(panelContext, this);
    m_registrations = new RegistrationsPanel(panelContext, this);
    m_parking = new ParkingPanel(panelContext, this);
    // Each tab's title carries what its panel wants seen from afar (a count, a warning).
    const auto addPanelTab = [logs](auto *panel, const QString &title) {
        logs->addTab(panel, title);
        using Panel = std::remove_pointer_t<decltype(panel)>;
        connect(panel, &Panel::titleChanged, logs, [logs, panel](const QString &text) {
            logs->setTabText(logs->indexOf(panel), text);
        });
    };
    addPanelTab(m_conferences, tr("Confere&nces"));
    addPanelTab(m_queues, tr("&Queues"));
    addPanelTab(m_registrations, tr("&Registrations"));
    addPanelTab(m_parking, tr("&Parking"));
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
    tabifyDockWidget(detailsDock, chartsDock);
    m_destinations = new DestinationsPanel(this);
    auto *destinationsDock = new QDockWidget(tr("Destinations"), this);
    destinationsDock->setObjectName(QStringLiteral("destinationsDock"));
    destinationsDock->setWidget(m_destinations);
    tabifyDockWidget(detailsDock, destinationsDock);
    m_audit = new AuditPanel(hub->audit(), this);
    auto *auditDock = new QDockWidget(tr("Audit log"), this);
    auditDock->setObjectName(QStringLiteral("auditDock"));
    auditDock->setWidget(m_audit);
    addDockWidget(Qt::BottomDockWidgetArea, auditDock);
    m_apiConsole = new ApiConsole(hub, this);
    auto *consoleDock = new QDockWidget(tr("API console"), this);
    consoleDock->setObjectName(QStringLiteral("apiConsoleDock"));
    consoleDock->setWidget(m_apiConsole);
    tabifyDockWidget(auditDock, consoleDock);
    watchDockTabs();

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

    m_serverControls = new ServerControls(m_servers, m_notices, this);
    m_serverStatus = new ServerStatusStrip(m_servers, m_serverControls, this);
    m_charts->setColours(
        [this](Monitor::ServerId id) { return serverColour(m_servers->entryOfServer(id)); });
    // The out-of-step banner's "Reconnect now" does what the Servers menu's does.
    connect(m_calls, &CallsPanel::reconnectRequested, m_serverControls,
            [this](Monitor::ServerId id) {
                m_serverControls->reconnectEntry(m_servers->entryOfServer(id));
            });
    statusBar()->addWidget(m_serverStatus, 1);
    // Alerts: a tab after the supervisor panels, "⚠ 2 alerts" in the status bar, the tray.
    m_alerts = new AlertsRoom({hub, this, logs, m_calls, m_eventLog, m_queues, m_registrations,
                               m_serverStatus, m_servers, m_notices},
                              {}, {}, this);
    statusBar()->addPermanentWidget(m_alerts->indicator());
    m_storeStatus = new QLabel(this);
    m_storeStatus->setObjectName(QStringLiteral("storeStatus"));
    statusBar()->addPermanentWidget(m_storeStatus);
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
    // The size the default layout is made for, within the screen.
    QSize size = kDefaultSize;
    if (const QScreen *screen = this->screen())
        size = size.boundedTo(screen->availableSize() * 0.95);
    resize(size);
    m_defaultCallsHeader = m_calls->view()->header()->saveState();
    m_defaultEventsHeader = m_eventLog->view()->horizontalHeader()->saveState();
    m_defaultConsoleHeader = m_console->view()->horizontalHeader()->saveState();
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
    dialog.setAlertSounds(m_alerts->settings().sounds);
    if (dialog.exec() == QDialog::Accepted) {
        setSettings(dialog.settings());
        m_alerts->setSounds(dialog.alertSounds());
    }
}

void MainWindow::buildMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("&Open saved log…"), QKeySequence::Open, this,
                    [this] { openSavedLog(this); });
    file->actions().constLast()->setObjectName(QStringLiteral("openSavedLogAction"));
    file->addAction(tr("Open &journal session…"), this,
                    [this] { openJournalSession(this, journalPath()); })
        ->setObjectName(QStringLiteral("openJournalSessionAction"));
    QMenu *exportMenu = file->addMenu(tr("&Export"));
    exportMenu->addAction(tr("&All events…"), this, [this] {
        exportRecords(this, liveRecords(m_hub), Monitor::ExportSelection::all(), tr("all events"),
                      m_eventLog->shownCsvColumns());
    });
    exportMenu->actions().constLast()->setObjectName(QStringLiteral("exportAllAction"));
    exportMenu->addAction(tr("&Filtered events…"), QKeySequence(tr("Ctrl+Shift+E")), this, [this] {
        exportRecords(this, liveRecords(m_hub),
                      Monitor::ExportSelection::matching(m_eventLog->model()->filter()),
                      tr("the filtered events"), m_eventLog->shownCsvColumns());
    });
    exportMenu->actions().constLast()->setObjectName(QStringLiteral("exportFilteredAction"));
    exportMenu->addAction(tr("&Selected events…"), this, [this] {
        QList<Monitor::Sequence> rows;
        for (const QModelIndex &i : m_eventLog->view()->selectionModel()->selectedRows())
            rows.append(m_eventLog->model()->sequenceAt(i.row()));
        exportRecords(this, liveRecords(m_hub), Monitor::ExportSelection::rows(rows),
                      tr("the selected events"), m_eventLog->shownCsvColumns());
    });
    exportMenu->actions().constLast()->setObjectName(QStringLiteral("exportSelectedAction"));
    exportMenu->addAction(tr("This &call…"), this, [this] {
        const QStringList legs = m_calls->currentCallLegs();
        if (legs.isEmpty())
            return;
        exportCall(this, m_hub, m_calls->currentChannel().server, legs,
                   m_eventLog->shownCsvColumns());
    });
    QAction *exportCallAction = exportMenu->actions().constLast();
    exportCallAction->setObjectName(QStringLiteral("exportCallAction"));
    // Only while a call is selected: with nothing selected it would do nothing, or export a call
    // the operator no longer sees.
    const auto followCalls = [this, exportCallAction] {
        exportCallAction->setEnabled(!m_calls->selectedChannels().isEmpty() &&
                                     !m_calls->currentCallLegs().isEmpty());
    };
    connect(m_calls, &CallsPanel::selectionChanged, exportCallAction, followCalls);
    connect(m_calls, &CallsPanel::currentChannelChanged, exportCallAction, followCalls);
    followCalls();
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
    edit->addAction(tr("&Alert rules…"), this, [this] { m_alerts->editRules(); })
        ->setObjectName(QStringLiteral("alertRulesAction"));

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
        showDock(findChild<QDockWidget *>(QStringLiteral("apiConsoleDock")));
        m_apiConsole->commandLine()->setFocus(Qt::ShortcutFocusReason);
    });
    const auto goToPanel = [logs](QWidget *panel) {
        logs->setCurrentWidget(panel);
        panel->setFocus(Qt::ShortcutFocusReason);
    };
    goTo(tr("Go to con&ferences"), QKeySequence(tr("Ctrl+6")), "goToConferences",
         [this, goToPanel] { goToPanel(m_conferences); });
    goTo(tr("Go to &queues"), QKeySequence(tr("Ctrl+7")), "goToQueues",
         [this, goToPanel] { goToPanel(m_queues); });
    goTo(tr("Go to &registrations"), QKeySequence(tr("Ctrl+8")), "goToRegistrations",
         [this, goToPanel] { goToPanel(m_registrations); });
    goTo(tr("Go to &parking"), QKeySequence(tr("Ctrl+9")), "goToParking",
         [this, goToPanel] { goToPanel(m_parking); });
    goTo(tr("Go to a&lerts"), QKeySequence(tr("Ctrl+0")), "goToAlerts",
         [this] { m_alerts->showTab(); });
    view->addSeparator();
    for (QDockWidget *dock : findChildren<QDockWidget *>())
        view->addAction(dock->toggleViewAction());
    view->addSeparator();
    view->addAction(tr("&Reset layout"), this, &MainWindow::resetLayout)
        ->setObjectName(QStringLiteral("resetLayoutAction"));
    // Ctrl+Shift+W is Whisper's (the Calls menu): the wallboard is F for full screen.
    QAction *wallboard = view->addAction(tr("&Wallboard"), QKeySequence(tr("Ctrl+Shift+F")));
    wallboard->setObjectName(QStringLiteral("wallboardAction"));
    connect(wallboard, &QAction::triggered, this,
            [this] { WallboardWindow::showFor(m_hub, this); });

    buildServersMenu();

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    QAction *keys =
        help->addAction(tr("&Keys and filter language…"), QKeySequence::HelpContents, this, [this] {
            auto *sheet = new CheatSheet(this);
            sheet->setAttribute(Qt::WA_DeleteOnClose);
            sheet->show();
        });
    keys->setObjectName(QStringLiteral("cheatSheetAction"));
    help->addSeparator();
    help->addAction(tr("&About Switchboard"), this, [this] {
        QMessageBox::about(this, tr("About Switchboard"),
                           tr("<h3>Switchboard %1</h3><p>A native console for the people who watch "
                              "and steer live calls on FreeSWITCH servers.</p>")
                               .arg(QApplication::applicationVersion()));
    });
}

void MainWindow::buildServersMenu()
{
    QMenu *servers = menuBar()->addMenu(tr("&Servers"));
    QAction *profiles =
        servers->addAction(tr("Connection &profiles…"), this, &MainWindow::editProfiles);
    profiles->setObjectName(QStringLiteral("profilesAction"));
    profiles->setEnabled(m_profiles != nullptr);
    // F5 re-reads what the live servers have and retries the ones that are down at once.
    QAction *refresh = servers->addAction(tr("&Resync and retry servers that are down"),
                                          QKeySequence::Refresh, this, [this] {
                                              for (Monitor::ServerMonitor *s : m_hub->servers()) {
                                                  if (s->link()->isLive())
                                                      s->resync();
                                              }
                                              m_servers->retryDown();
                                          });
    refresh->setObjectName(QStringLiteral("refreshServersAction"));
    servers->addSeparator();
    m_serverControls->listServersIn(servers);
}

void MainWindow::editProfiles()
{
    if (!m_profiles)
        return;
    ProfilesDialog dialog(m_profiles, this);
    QList<QColor> others;
    for (const Console::ServerEntry &entry : m_servers->entries()) {
        if (entry.profileId.isEmpty())
            others.append(serverColour(entry));
    }
    dialog.setOtherServersColours(others);
    dialog.exec();
}

void MainWindow::updateStatus()
{
    m_serverStatus->refresh();
    const Monitor::EventStore *store = m_hub->store();
    m_storeStatus->setText(
        tr("%1 events stored, %2 dropped").arg(store->size()).arg(store->droppedCount()));
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveLayout();
    event->accept();
}

} // namespace Ui
