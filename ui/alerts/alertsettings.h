#pragma once
// What the operator configured about alerts, kept in the app's settings (QSettings, the private
// file AppSettings uses): the rules as the rules file's JSON text ("alerts/rules", the very
// format `eslcat alerts --rules FILE` reads and the rule editor imports and exports), the global
// "sounds" switch of Preferences ("alerts/sounds"), and which rules are silenced until when
// ("alerts/silenced", so that "until I unsilence" outlives a restart). Widget-free.

#include "monitor/alertrules.h"

#include <QMap>
#include <QString>

#include <limits>

namespace Monitor {
class AlertEngine;
}

namespace Ui {

struct AlertSettings
{
    // A silence that lasts until the operator lifts it.
    static constexpr qint64 kUntilUnsilenced = std::numeric_limits<qint64>::max();

    QList<Monitor::AlertRule> rules = Monitor::AlertRules::defaults();
    bool sounds = true;
    QMap<QString, qint64> silencedUntil; // rule id -> ms since the epoch

    // A stored rules text that no longer reads (hand-edited, a newer version) falls back to the
    // defaults, with a warning, rather than leaving the operator without alerts.
    [[nodiscard]] static AlertSettings load();
    void save() const;

    // The rules, and the silences still in force at nowMs, handed to the engine.
    void applyTo(Monitor::AlertEngine &engine, qint64 nowMs) const;
    // Silences that ended before nowMs are forgotten.
    void forgetEndedSilences(qint64 nowMs);

    friend bool operator==(const AlertSettings &, const AlertSettings &) = default;
};

// The journal of alerts in the app's data location (AppDataLocation/alerts.jsonl).
[[nodiscard]] QString alertJournalPath();

} // namespace Ui
