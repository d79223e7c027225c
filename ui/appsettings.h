#pragma once
// The program's own preferences (Edit → Preferences…), kept in QSettings under "preferences/".
// Connection profiles live apart, in ProfileStore; window layout in MainWindow.

#include <QString>
#include <QStringList>

namespace Ui {

struct AppSettings
{
    // The calls view: how long an ended call stays (fading) before it goes.
    int endedRetentionSeconds = 10;

    // Call control.
    bool confirmDestructive = true;    // ask before hang up, bulk hang up, transfer
    QString operatorEndpoint;          // the operator's own phone: "user/1000"
    // Where recordings go, on the switch's disk: {uuid} {date} {time} {caller} {destination}
    // {server} are filled in by Switchboard (see expandRecordTemplate).
    QString recordTemplate =
        QStringLiteral("/var/lib/freeswitch/recordings/{date}-{time}-{uuid}.wav");
    QString transferDialplan = QStringLiteral("XML");
    QString transferContext = QStringLiteral("default");
    int commandTimeoutSeconds = 10;    // an action with no reply by then fails

    [[nodiscard]] static AppSettings load();
    void save() const;

    // Recently used transfer destinations, newest first (at most 20).
    [[nodiscard]] static QStringList recentDestinations();
    static void rememberDestination(const QString &destination);

    friend bool operator==(const AppSettings &, const AppSettings &) = default;
};

} // namespace Ui
