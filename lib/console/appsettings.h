#pragma once
// The program's own preferences (Edit → Preferences…), kept in QSettings under "preferences/".
// Connection profiles live apart, in ProfileStore; window layout in MainWindow.
//
// And how the settings file is kept private. Switchboard.conf is the operator's alone (0600)
// whatever it holds: the password of an operator who opted in, and always the hosts, users and
// API commands typed into an operator console. Always rather than only while it holds a
// password: the file is rewritten whole from several places, and one rule leaves no moment
// when a write from one of them publishes what another put there. QSettings replaces the file
// at each sync (a new file renamed over it) and gives the new file the old one's mode, so it is
// enough that the file is created private and checked after each write.

#include "monitor/hub.h"

#include <QString>
#include <QStringList>

class QSettings;

namespace Console {

// At start: creates the settings file 0600 if there is none yet; tightens one that group or
// others may read, with a warning naming it and its old mode. False if it could not.
bool secureSettingsFile(const QString &fileName);
// Writes `settings` to its file now (QSettings::sync) and leaves the file 0600. Every place that
// writes the settings ends with this rather than leaving the sync to QSettings' destructor.
void syncPrivately(QSettings &settings);

struct AppSettings
{
    // The calls view: how long an ended call stays (fading) before it goes.
    int endedRetentionSeconds = 10;

    // Call control.
    bool confirmDestructive = true; // ask before hang up, bulk hang up, transfer
    QString operatorEndpoint;       // the operator's own phone: "user/1000"
    // Where recordings go, on the switch's disk: {recordings_dir} (the switch's own, asked with
    // global_getvar) {uuid} {date} {time} {caller} {destination} {server} are filled in by
    // Switchboard (see expandRecordTemplate).
    QString recordTemplate = QStringLiteral("{recordings_dir}/{date}-{time}-{uuid}.wav");
    QString transferDialplan = QStringLiteral("XML");
    QString transferContext = QStringLiteral("default");
    int commandTimeoutSeconds = 10; // an action with no reply by then fails

    // The journal (everything received, on disk): sessions older than this many days go, then
    // the oldest while the file is over this many MiB. 0: no bound.
    int journalKeepDays = 7;
    int journalMaxMegabytes = 512;

    [[nodiscard]] static AppSettings load();
    void save() const;

    // Recently used transfer destinations, newest first (at most 20).
    [[nodiscard]] static QStringList recentDestinations();
    static void rememberDestination(const QString &destination);

    friend bool operator==(const AppSettings &, const AppSettings &) = default;
};

// The journal's retention as the settings say, and handing it to the hub's journal (on the
// journal's thread; it applies it at once, then every hour).
[[nodiscard]] Monitor::Journal::Retention journalRetention(const AppSettings &settings);
void applyJournalRetention(Monitor::Hub &hub, const AppSettings &settings);

} // namespace Console
