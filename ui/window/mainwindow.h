#pragma once
// The Switchboard window: live calls on top, the event log and the console log below, the
// selected channel's details, the charts and the destinations in docks on the right, the API
// console and the audit log in docks below, every server's state in the status bar. It wires
// panels to the monitor; what it shows lives in lib/monitor and beside each view, and what
// connecting a server does lives in Console::ServerConnections.
//
// The default layout gives the calls most of the room: the right docks share one tabbed column
// of about a quarter of the width, and below ~950 px of height the API console and the audit
// log start hidden (Ctrl+5 or the View menu brings them back). It is applied on the first start
// and by View → Reset layout, for the window's size at that moment; otherwise the layout of the
// last run is restored (mainwindowlayout.cpp).

#include "console/appsettings.h"

#include "monitor/hub.h"

#include <QLabel>
#include <QMainWindow>

class QDockWidget;

namespace Console {
class CallControl;
class ProfileStore;
class ServerConnections;
} // namespace Console

namespace Ui {

class AlertsRoom;
class ApiConsole;
class AuditPanel;
class CallActions;
class CallsPanel;
class DestinationsPanel;
class NoticeBar;
class ChartsPanel;
class ConsoleLogPanel;
class DetailsPanel;
class EventLogPanel;
class ServerControls;
class ServerStatusStrip;
class ConferencesPanel;
class QueuesPanel;
class RegistrationsPanel;
class ParkingPanel;

class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    // The size the default layout is made for.
    static constexpr QSize kDefaultSize{1280, 820};

    // Watches the hub's servers, and `profiles`' when given (a ServerConnections of its own).
    explicit MainWindow(Monitor::Hub *hub, Console::ProfileStore *profiles = nullptr,
                        QWidget *parent = nullptr);
    // Through `servers` (not owned): what switchboard's main() does.
    explicit MainWindow(Console::ServerConnections *servers, QWidget *parent = nullptr);
    ~MainWindow() override;

    [[nodiscard]] CallsPanel *callsPanel() const { return m_calls; }
    [[nodiscard]] EventLogPanel *eventLogPanel() const { return m_eventLog; }
    [[nodiscard]] Console::CallControl *callControl() const { return m_control; }
    [[nodiscard]] CallActions *callActions() const { return m_actions; }
    [[nodiscard]] NoticeBar *notices() const { return m_notices; }
    [[nodiscard]] AuditPanel *auditPanel() const { return m_audit; }
    [[nodiscard]] DestinationsPanel *destinationsPanel() const { return m_destinations; }
    [[nodiscard]] ApiConsole *apiConsole() const { return m_apiConsole; }
    [[nodiscard]] ChartsPanel *chartsPanel() const { return m_charts; }
    [[nodiscard]] ServerStatusStrip *serverStatus() const { return m_serverStatus; }
    [[nodiscard]] ConferencesPanel *conferencesPanel() const { return m_conferences; }
    [[nodiscard]] QueuesPanel *queuesPanel() const { return m_queues; }
    [[nodiscard]] RegistrationsPanel *registrationsPanel() const { return m_registrations; }
    [[nodiscard]] ParkingPanel *parkingPanel() const { return m_parking; }
    // The Alerts tab, tray and rule editor.
    [[nodiscard]] AlertsRoom *alertsRoom() const { return m_alerts; }
    [[nodiscard]] Console::ServerConnections *serverConnections() const { return m_servers; }
    [[nodiscard]] const Console::AppSettings &settings() const { return m_settings; }
    // Applies and saves new preferences (what Edit → Preferences… does on OK).
    void setSettings(const Console::AppSettings &settings);
    // The default layout for the window's present size (View → Reset layout).
    void resetLayout();
    // Shows the window at start: as the last run left it; the first time, at the size the
    // default layout is made for (1280×820), or maximized on a screen smaller than that.
    void showAtStart();

protected:
    void closeEvent(QCloseEvent *event) override;
    void showEvent(QShowEvent *event) override;

private:
    void build();
    void buildMenus();
    void buildServersMenu();
    void updateStatus();
    void editProfiles();
    void editSettings();
    void showDock(QDockWidget *dock);
    void applyRetention(Monitor::ServerMonitor *server) const;
    void applyDefaultLayout();
    void keepDockTabsReadable();
    void watchDockTabs();
    void restoreLayout();
    void saveLayout() const;

    Monitor::Hub *m_hub;
    Console::ServerConnections *m_servers;
    Console::ProfileStore *m_profiles;
    CallsPanel *m_calls = nullptr;
    EventLogPanel *m_eventLog = nullptr;
    ConsoleLogPanel *m_console = nullptr;
    DetailsPanel *m_details = nullptr;
    ChartsPanel *m_charts = nullptr;
    ConferencesPanel *m_conferences = nullptr;
    QueuesPanel *m_queues = nullptr;
    RegistrationsPanel *m_registrations = nullptr;
    ParkingPanel *m_parking = nullptr;
    AlertsRoom *m_alerts = nullptr;
    QLabel *m_storeStatus = nullptr;
    ServerControls *m_serverControls = nullptr;
    ServerStatusStrip *m_serverStatus = nullptr;
    Console::CallControl *m_control = nullptr;
    NoticeBar *m_notices = nullptr;
    CallActions *m_actions = nullptr;
    AuditPanel *m_audit = nullptr;
    DestinationsPanel *m_destinations = nullptr;
    ApiConsole *m_apiConsole = nullptr;
    QAction *m_flatAction = nullptr;
    Console::AppSettings m_settings;
    // The views' headers as the panels set them up, for Reset layout.
    QByteArray m_defaultCallsHeader;
    QByteArray m_defaultEventsHeader;
    QByteArray m_defaultConsoleHeader;
    bool m_defaultLayoutDue = false; // nothing saved: the default, once the size is known
};

} // namespace Ui
