#pragma once
// Alerts as data for people and scripts: one alert as a JSON object (the journal's lines, the
// JSON export, `eslcat alerts`), and the alerts list as CSV or JSON for the panel's Export.
// Times are ISO-8601 UTC with milliseconds ("2026-12-07T11:17:05.123Z"); the JSON also keeps
// them as ms since the epoch, so a journal reads back exactly.

#include "alert.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>

namespace Monitor {

// "2026-12-07T11:17:05.123Z"; empty for 0.
[[nodiscard]] QString alertTime(qint64 ms);

[[nodiscard]] QJsonObject alertToJson(const Alert &alert);
// Reads what alertToJson wrote; false when a required field (id, rule, state) is missing or
// wrong. Bounded: at most Alert::kMaxRecords records, strings cut at 1,000 characters.
[[nodiscard]] bool alertFromJson(const QJsonObject &object, Alert *alert);

// One row per alert: id, rule, kind, severity, state, server, subject, message, count, fired,
// last, cleared, acknowledged, silenced, records (space-separated sequences).
[[nodiscard]] QByteArray alertsToCsv(const QList<Alert> &alerts);
// {"alerts": [ ...alertToJson... ]}
[[nodiscard]] QByteArray alertsToJson(const QList<Alert> &alerts);

} // namespace Monitor
