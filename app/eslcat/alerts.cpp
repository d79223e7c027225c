// eslcat alerts: its options, the rules file and the lines it prints (the loop is in
// alertsrun.cpp).

#include "alerts.h"

#include "connection.h"

#include "monitor/alertexport.h"
#include "monitor/eventstore.h"
#include "monitor/headernames.h"
#include "monitor/recordsummary.h"

#include <QCommandLineParser>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace Eslcat {

std::optional<QList<Monitor::AlertRule>> readRulesFile(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("--rules %1: %2").arg(path, file.errorString());
        return std::nullopt;
    }
    // One byte more than a rules file may hold, so that a larger one is refused as such (and a
    // named pipe or /dev/zero cannot make eslcat read without end).
    const QByteArray json = file.read(Monitor::AlertRules::kMaxFileBytes + 1);
    if (file.error() != QFileDevice::NoError) {
        *error = QStringLiteral("--rules %1: %2").arg(path, file.errorString());
        return std::nullopt;
    }
    const Monitor::AlertRulesResult result = Monitor::AlertRules::fromJson(json);
    if (!result.ok) {
        *error = QStringLiteral("--rules %1: %2").arg(path, result.error.toString());
        return std::nullopt;
    }
    return result.rules;
}

namespace {

struct TriggerNames
{
    Monitor::NameId eventName = Monitor::HeaderNames::instance().intern("Event-Name");
    Monitor::NameId subclass = Monitor::HeaderNames::instance().intern("Event-Subclass");
    Monitor::NameId uniqueId = Monitor::HeaderNames::instance().intern("Unique-ID");
};

// What a script can act on of the records behind an alert (the sequences alone name records of
// this eslcat's private store): the event, the channel and the summary the event log shows.
QJsonArray triggers(const QList<Monitor::Sequence> &records, const Monitor::EventStore *store)
{
    static const TriggerNames names;
    QJsonArray out;
    if (!store)
        return out;
    for (Monitor::Sequence seq : records) {
        const std::optional<Monitor::EventStore::Record> record = store->record(seq);
        if (!record)
            continue; // dropped from the store since
        QString event = QStringLiteral("log");
        if (record->kind() == Monitor::RecordKind::Event) {
            event = QString::fromUtf8(record->value(names.eventName));
            if (event == u"CUSTOM")
                event = QString::fromUtf8(record->value(names.subclass));
        }
        QJsonObject trigger{{QStringLiteral("seq"), double(seq)},
                            {QStringLiteral("event"), event},
                            {QStringLiteral("receivedMs"), double(record->receivedMs())},
                            {QStringLiteral("summary"), Monitor::RecordSummary::summaryOf(*record)}};
        if (const QByteArrayView uuid = record->value(names.uniqueId); !uuid.isEmpty())
            trigger.insert(QStringLiteral("uuid"), QString::fromUtf8(uuid));
        out.append(trigger);
    }
    return out;
}

} // namespace

QByteArray alertLine(const QString &event, const Monitor::Alert &alert,
                     const Monitor::EventStore *store)
{
    QJsonObject object = Monitor::alertToJson(alert);
    if (alert.records.isEmpty()) {
        object.remove(QStringLiteral("records"));
    } else if (const QJsonArray found = triggers(alert.records, store); !found.isEmpty()) {
        object.insert(QStringLiteral("triggers"), found);
    }
    // "event" first, for a reader of the raw lines: QJsonObject sorts its keys, so it is spliced
    // in (the event names are plain words, never escaped).
    const QByteArray body = QJsonDocument(object).toJson(QJsonDocument::Compact);
    return "{\"event\":\"" + event.toUtf8() + "\"," + body.mid(1) + '\n';
}

int alertsCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Logs in to a switch's Event Socket, reads it as the window does, and runs the window's\n"
        "alert rules over it: the built-in rules with their defaults, or those of --rules FILE\n"
        "(the Alerts panel's export). Prints one JSON object per alert per line: \"event\"\n"
        "(active, fired, changed, cleared), then id, rule, kind, severity, state, server,\n"
        "serverName, subject, message, count, firedMs, lastMs, clearedMs once cleared,\n"
        "records and triggers (the events behind it), target and figures.\n"
        "Without --watch: waits for the sync, evaluates the rules once, prints the alerts that\n"
        "are active (\"event\": \"active\") and exits 0.\n"
        "--watch: prints each alert as it fires, changes (count, message; at most one line a\n"
        "second per alert) and clears, until interrupted (SIGINT, SIGTERM: exit status 0).\n"
        "A bad rules file, an unreachable switch or a refused login: exit status 2."));
    parser.addHelpOption();
    addConnectionOptions(parser);
    parser.addOption({QStringLiteral("watch"),
                      QStringLiteral("Print alerts as they fire and clear, until interrupted.")});
    parser.addOption({QStringLiteral("rules"),
                      QStringLiteral("The rules to run, from a rules file (JSON, version 1, as "
                                     "the Alerts panel exports it); built-in rules it does not "
                                     "mention keep their defaults."),
                      QStringLiteral("FILE")});
    addAmqpOptions(parser, true);
    if (const std::optional<int> exit = parseArguments(parser, arguments, QStringLiteral("alerts")))
        return *exit;
    if (!parser.positionalArguments().isEmpty()) {
        printError(stderr, QStringLiteral("alerts: unexpected argument \"%1\"")
                               .arg(parser.positionalArguments().first()));
        return ExitNoConnection;
    }
    AlertsOptions options;
    options.watch = parser.isSet(QStringLiteral("watch"));
    // The file first: a bad one is refused before anything connects.
    if (parser.isSet(QStringLiteral("rules"))) {
        QString error;
        std::optional<QList<Monitor::AlertRule>> rules =
            readRulesFile(parser.value(QStringLiteral("rules")), &error);
        if (!rules) {
            printError(stderr, error);
            return ExitNoConnection;
        }
        options.rules = std::move(*rules);
    }
    if (wantsAmqp(parser)) {
        options.amqp = amqpOptionsOrReport(parser);
        if (!options.amqp)
            return ExitNoConnection;
        options.amqp->watch = options.watch;
        return runAlerts(options, stdout, stderr);
    }
    const std::optional<Esl::ConnectionOptions> connection = connectionOptionsOrReport(parser);
    if (!connection)
        return ExitNoConnection;
    options.connection = *connection;
    return runAlerts(options, stdout, stderr);
}

} // namespace Eslcat
