#pragma once
// The alerts in the window: the Alerts tab (AlertsPanel), the tray and sound (AlertDelivery),
// the status bar's "⚠ 2 alerts" and the rule editor, wired to the hub's engine and to the rest
// of the window. It keeps the operator's alert settings (AlertSettings) and hands them to the
// engine, journals the alerts in the app's data location and shows the past ones at start.
//
// "Go to" goes where the alert points: a call is selected in the calls view (scrolled to the
// middle unless wholly in view already; an earlier "no longer listed" notice goes); a queue or gateway
// alert brings its tab (Queues, Registrations) with the queue or gateway selected; a server
// alert brings that server's item in the status bar forward with its state. "Show records"
// selects the triggering records in the event log, or lists them in a small dialog when the
// log's filter hides some or the store has dropped them.

#include "ui/alerts/alertdelivery.h"
#include "ui/alerts/alertsettings.h"

#include "monitor/alert.h"

#include <QObject>

class QTabWidget;
class QToolButton;
class QWidget;

namespace Monitor {
class Hub;
}
namespace Console {
class ServerConnections;
}

namespace Ui {

class AlertsPanel;
class CallsPanel;
class EventLogPanel;
class NoticeBar;
class QueuesPanel;
class RegistrationsPanel;
class ServerStatusStrip;

class AlertsRoom : public QObject
{
    Q_OBJECT

public:
    // What of the window it reaches into (any but hub and window may be null).
    struct Parts
    {
        Monitor::Hub *hub = nullptr;
        QWidget *window = nullptr;
        QTabWidget *tabs = nullptr; // where the Alerts tab goes, beside the Queues and Registrations
        CallsPanel *calls = nullptr;
        EventLogPanel *eventLog = nullptr;
        QueuesPanel *queues = nullptr;
        RegistrationsPanel *registrations = nullptr;
        ServerStatusStrip *serverStatus = nullptr;
        Console::ServerConnections *servers = nullptr;
        NoticeBar *notices = nullptr;
    };

    // `tray` null: the system tray when there is one. `journalPath` empty: alertJournalPath().
    explicit AlertsRoom(const Parts &parts, std::unique_ptr<AlertTray> tray = {},
                        const QString &journalPath = {}, QObject *parent = nullptr);
    ~AlertsRoom() override;

    [[nodiscard]] AlertsPanel *panel() const { return m_panel; }
    [[nodiscard]] AlertDelivery *delivery() const { return m_delivery; }
    // The status bar's "⚠ 2 alerts" (hidden while no alert is active).
    [[nodiscard]] QToolButton *indicator() const { return m_indicator; }
    [[nodiscard]] const AlertSettings &settings() const { return m_settings; }
    // Stores `settings` and hands them to the engine (the rule editor's Save).
    void setSettings(const AlertSettings &settings);
    void setSounds(bool on);

    // The Alerts tab in front, its table focused (Ctrl+0, the indicator, the tray).
    void showTab();
    // Edit → Alert rules…
    void editRules();
    void goTo(const Monitor::Alert &alert);
    void showRecords(const Monitor::Alert &alert);

private:
    bool selectCall(Monitor::ServerId server, const QString &uuid);
    [[nodiscard]] static QString goToGoneText();
    bool selectGateway(Monitor::ServerId server, const QString &gateway);
    void showServer(Monitor::ServerId server);
    void updateIndicator(const QString &title);
    // The window's title with the unacknowledged count when there is no tray to badge.
    void updateWindowTitle(int unacknowledged);
    void showWindowNotice(const QString &title, const QString &text);

    Parts m_parts;
    AlertSettings m_settings;
    AlertsPanel *m_panel;
    AlertDelivery *m_delivery;
    QToolButton *m_indicator;
    QString m_baseTitle;  // the window's own title, before the count was added
    QString m_shownTitle; // what this set last (another title set since is the new base)
};

} // namespace Ui
