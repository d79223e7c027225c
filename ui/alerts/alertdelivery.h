#pragma once
// Delivers the engine's decisions to notify (Monitor::AlertEngine::notify, already
// de-duplicated, rate-limited and with silences applied) to the operator: a desktop notification
// through the system tray, when there is one, and a sound when the rule asks for one and the
// global "sounds" preference is on. Every decision is recorded (delivered(), deliveries()) with
// what was done and, for what was not, why — "no system tray", "sounds off", "not for this
// rule", "silenced", "acknowledged" — so that tests assert it where there is no tray or sound
// device.
//
// The tray icon is the application's, red-badged with the count while an alert is unacknowledged,
// and activating it (or its message) asks the window to come forward on the Alerts tab
// (raiseRequested). Without a tray (many Linux desktops, Xvfb) a notice is not lost: the record
// says so (window) and windowNotice asks the window to carry it — taskbar attention, the count
// of unacknowledged alerts in its title, the text in its notice strip (AlertsRoom does that).
// The tray sits behind AlertTray so that a test can stand in for it. Sound is
// QApplication::beep(): Debian's qt6-multimedia-dev (QSoundEffect) is not in the build's
// dependencies, and a beep is what a desktop without a sound theme plays anyway.

#include "monitor/alert.h"

#include <QObject>
#include <QTimer>

#include <functional>
#include <memory>

namespace Monitor {
class AlertEngine;
}

namespace Ui {

// The system tray as delivery sees it.
class AlertTray
{
public:
    virtual ~AlertTray() = default;
    [[nodiscard]] virtual bool isAvailable() const = 0;
    virtual void showMessage(const QString &title, const QString &text, bool critical) = 0;
    // How many alerts are not cleared, and how many of them nobody acknowledged yet.
    virtual void showCounts(int notCleared, int unacknowledged) = 0;
    // Called when the operator activates the icon or its message.
    std::function<void()> activated;
};

// QSystemTrayIcon, when QSystemTrayIcon::isSystemTrayAvailable().
[[nodiscard]] std::unique_ptr<AlertTray> makeSystemTray(QObject *parent);

struct AlertDeliveryRecord
{
    quint64 alertId = 0;
    QString title;
    QString text;
    bool summary = false;
    int count = 1;
    bool tray = false;
    QString noTray; // why not: "no system tray", "silenced", "acknowledged"
    // No tray: handed to the window instead (taskbar attention, its title and notice strip).
    bool window = false;
    bool sound = false;
    QString noSound; // "sounds off", "not for this rule", "silenced", "acknowledged"
};

class AlertDelivery : public QObject
{
    Q_OBJECT

public:
    static constexpr int kKeptRecords = 200;

    // `tray` null: the system tray when there is one (makeSystemTray).
    AlertDelivery(Monitor::AlertEngine *engine, std::unique_ptr<AlertTray> tray = {},
                  QObject *parent = nullptr);
    ~AlertDelivery() override;

    void setSounds(bool on) { m_sounds = on; }
    [[nodiscard]] bool sounds() const { return m_sounds; }
    // What plays a sound (QApplication::beep by default).
    void setSoundPlayer(std::function<void()> play) { m_play = std::move(play); }
    [[nodiscard]] AlertTray *tray() const { return m_tray.get(); }
    [[nodiscard]] bool trayAvailable() const { return m_tray->isAvailable(); }
    [[nodiscard]] int unacknowledged() const { return m_unacknowledged; }
    // The newest decisions, oldest first (at most kKeptRecords).
    [[nodiscard]] const QList<AlertDeliveryRecord> &deliveries() const { return m_records; }

    void deliver(const Monitor::Alert &alert, const Monitor::AlertNotice &notice);

Q_SIGNALS:
    void delivered(const Ui::AlertDeliveryRecord &record);
    void raiseRequested();
    // A notice with no tray to show it: the window shows it (record.window).
    void windowNotice(const QString &title, const QString &text);
    // The alerts not cleared, and the unacknowledged among them, changed.
    void countsChanged(int notCleared, int unacknowledged);

private:
    void updateCounts();

    Monitor::AlertEngine *m_engine;
    std::unique_ptr<AlertTray> m_tray;
    std::function<void()> m_play;
    bool m_sounds = true;
    int m_notCleared = 0;
    int m_unacknowledged = 0;
    QList<AlertDeliveryRecord> m_records;
    QTimer m_counts;
};

} // namespace Ui
