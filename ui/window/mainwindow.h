#pragma once
// The Switchboard window: live calls on top, the event log and the console log below, the
// selected channel's details and the charts in docks, every server's state in the status bar.
// It wires panels to the monitor; what it shows lives in lib/monitor and ui/models.

#include "console/appsettings.h"

#include "monitor/hub.h"

#include <QLabel>
#include <QMainWindow>

namespace Console {
class CallControl;
class ProfileStore;
} // namespace Console

namespace Ui {

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

class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(Monitor::Hub *hub, Console::ProfileStore *profiles = nullptr,
                        QWidget *parent = nullptr);
    ~MainWindow() override;

    [[nodiscard]] CallsPanel *callsPanel() const { return m_calls; }
    [[nodiscard]] EventLogPanel *eventLogPanel() const { return m_eventLog; }
    [[nodiscard]] Console::CallControl *callControl() const { return m_control; }
    [[nodiscard]] CallActions *callActions() const { return m_actions; }
    [[nodiscard]] NoticeBar *notices() const { return m_notices; }
    [[nodiscard]] AuditPanel *auditPanel() const { return m_audit; }
    [[nodiscard]] DestinationsPanel *destinationsPanel() const { return m_destinations; }
    [[nodiscard]] ApiConsole *apiConsole() const { return m_apiConsole; }
    [[nodiscard]] const Console::AppSettings &settings() const { return m_settings; }
    // Applies and saves new preferences (what Edit → Preferences… does on OK).
    void setSettings(const Console::AppSettings &settings);

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void buildMenus();
    void updateStatus();
    void editProfiles();
    void editSettings();
    void applyRetention(Monitor::ServerMonitor *server) const;
    void restoreLayout();
    void saveLayout() const;

    Monitor::Hub *m_hub;
    Console::ProfileStore *m_profiles;
    CallsPanel *m_calls;
    EventLogPanel *m_eventLog;
    ConsoleLogPanel *m_console;
    DetailsPanel *m_details;
    ChartsPanel *m_charts;
    QLabel *m_status;
    Console::CallControl *m_control;
    NoticeBar *m_notices;
    CallActions *m_actions;
    AuditPanel *m_audit;
    DestinationsPanel *m_destinations;
    ApiConsole *m_apiConsole;
    QAction *m_flatAction = nullptr;
    Console::AppSettings m_settings;
};

} // namespace Ui
