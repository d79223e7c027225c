#pragma once
// eslcat alerts: the window's alert rules (Monitor::AlertEngine, the same engine the Alerts panel
// reads, through Hub::alerts()) over one switch or a broker's switches, as JSON lines for
// monitoring scripts. Once: the alerts active after the sync. --watch: each alert as it fires,
// changes and clears, until SIGINT/SIGTERM.

#include "amqp.h"

#include "esl/inboundclient.h"
#include "monitor/alert.h"
#include "monitor/alertrules.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

#include <cstdio>
#include <optional>

namespace Monitor {
class EventStore;
}

namespace Eslcat {

struct AlertsOptions
{
    Esl::ConnectionOptions connection;
    std::optional<AmqpOptions> amqp; // set: through a broker instead of the Event Socket
    QList<Monitor::AlertRule> rules = Monitor::AlertRules::defaults();
    bool watch = false;
    // --watch: an alert's "changed" lines (a storm raises its count many times a second) are
    // held this long and printed once, with the latest figures.
    int changedHoldMs = 1000;
};

// The rules of a rules file (the window's export; alertrules.h), or nullopt with `error` naming
// the file, and the rule and field at fault.
[[nodiscard]] std::optional<QList<Monitor::AlertRule>> readRulesFile(const QString &path,
                                                                   QString *error);

// One output line (with its '\n'): {"event": `event`, ...Monitor::alertToJson(alert)...}, the
// empty "records" left out, and "triggers" describing the records `store` still has.
[[nodiscard]] QByteArray alertLine(const QString &event, const Monitor::Alert &alert,
                                   const Monitor::EventStore *store);

// Once: ExitSuccess after printing the active alerts ("event": "active"), ExitNoConnection when
// the switch cannot be reached or does not sync in time. --watch: "fired", "changed" and
// "cleared" lines as they happen until SIGINT/SIGTERM (ExitSuccess); each line flushed.
int runAlerts(const AlertsOptions &options, FILE *out, FILE *err);

// `eslcat alerts ...` from its arguments (the subcommand taken out): parses, reads --rules,
// runs.
int alertsCommand(const QStringList &arguments);

} // namespace Eslcat
