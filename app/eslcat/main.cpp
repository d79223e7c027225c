// eslcat: the Event Socket from the command line.

#include "alerts.h"
#include "amqp.h"
#include "api.h"
#include "calls.h"
#include "connection.h"
#include "decode.h"
#include "events.h"
#include "sim.h"

#include "monitor/filter.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QLoggingCategory>

#include <algorithm>
#include <cstdio>

namespace {

constexpr const char *kUsage =
    "usage: eslcat <command> [options]\n"
    "\n"
    "commands:\n"
    "  decode [--summary] [--where EXPR] FILE...\n"
    "                               raw ESL bytes to JSON Lines ('-' reads stdin)\n"
    "  api COMMAND...               run api commands on a switch, print the answers\n"
    "  events [EVENT...]            stream a switch's events as JSON Lines\n"
    "  calls [--once | --watch]     a switch's calls as the window groups them, JSON Lines\n"
    "  conferences [--once | --watch]  its conferences and their members, JSON Lines\n"
    "  queues [--once | --watch]    its call-center queues, agents and waiting callers\n"
    "  registrations [--once | --watch]  its registered phones\n"
    "  gateways [--once | --watch]  its gateways, their state and ping status\n"
    "  parking [--once | --watch]   its parking lots and who is parked where\n"
    "  alerts [--watch] [--rules FILE]\n"
    "                               the window's alert rules over a switch: the active alerts,\n"
    "                               or (--watch) each alert as it fires and clears, JSON Lines\n"
    "  sim [--port 8021] [--calls-per-second R] [--seed S] [--outbound HOST:PORT]\n"
    "                               run a simulated FreeSWITCH to point clients at\n"
    "  sim --amqp URL --switches N  a fleet of N simulated switches publishing through\n"
    "                               RabbitMQ as mod_amqp does\n"
    "\n"
    "api, events, calls, the panel commands and alerts take --amqp URL [--switch HOST]...\n"
    "to reach switches through a RabbitMQ broker (mod_amqp) instead of an Event Socket.\n"
    "\n"
    "eslcat <command> --help shows a command's options.\n"
    "Exit status: 0 success, 1 the switch answered -ERR (api), 2 no connection, login refused,\n"
    "timeout, a usage error, or a bad rules file (alerts).\n";

constexpr const char *kWhereHelp =
    "Print only what the filter expression EXPR matches (the console's filter language, e.g. "
    "'Event-Name == CHANNEL_HANGUP && Hangup-Cause != NORMAL_CLEARING' or 'Log-Level <= 3').";

QCommandLineOption whereOption(const QString &more)
{
    return {QStringLiteral("where"), QString::fromLatin1(kWhereHelp) + u' ' + more,
            QStringLiteral("EXPR")};
}

// The expression echoed with a caret under the fault: "  A == \n       ^\n". A long expression
// (a pasted one, or 40,000 brackets) is shown around the fault only, so both lines stay short.
void printWhereError(FILE *err, const QString &expression, const Monitor::FilterError &error)
{
    constexpr qsizetype before = 50;
    constexpr qsizetype after = 50;
    const qsizetype at = std::clamp<qsizetype>(error.position, 0, expression.size());
    qsizetype from = std::max<qsizetype>(0, at - before);
    qsizetype to = std::min(expression.size(), at + after);
    if (from > 0 && expression[from].isLowSurrogate())
        ++from; // never half a character
    if (to < expression.size() && expression[to].isLowSurrogate())
        ++to;
    QString shown = expression.mid(from, to - from);
    for (QChar &c : shown) {
        const QChar::Category category = c.category();
        if (category == QChar::Other_Control || category == QChar::Other_Format)
            c = u' '; // a tab or a newline would move the caret, a bidi override the text
    }
    const QString lead = from > 0 ? QStringLiteral("…") : QString();
    if (to < expression.size())
        shown += QStringLiteral("…");
    Eslcat::printError(
        err, QStringLiteral("--where: %1 at character %2").arg(error.message).arg(at + 1));
    const QByteArray text = QStringLiteral("  %1%2\n  %3^\n")
                                .arg(lead, shown, QString(lead.size() + at - from, u' '))
                                .toUtf8();
    std::fputs(text.constData(), err);
    std::fflush(err);
}

// Compiles --where when it is given; false (the error printed) when the expression is bad.
bool takeWhere(const QCommandLineParser &parser, std::optional<Monitor::Filter> &where)
{
    if (!parser.isSet(QStringLiteral("where")))
        return true;
    const QString expression = parser.value(QStringLiteral("where"));
    const Monitor::FilterResult compiled = Monitor::Filter::compile(expression);
    if (!compiled) {
        printWhereError(stderr, expression, compiled.error());
        return false;
    }
    where = compiled.filter();
    return true;
}

int decodeCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Decodes raw Event Socket bytes (a capture, an export, `eslcat events --raw`) and prints\n"
        "one JSON object per message per line."));
    parser.addHelpOption();
    parser.addOption({QStringLiteral("summary"),
                      QStringLiteral("Print only the number of messages per content type and per "
                                     "event name (every message is still decoded fully).")});
    parser.addOption(whereOption(
        QStringLiteral("Events and log lines only: other messages (replies, api responses, "
                       "notices) are not printed; --summary counts only what matches.")));
    parser.addPositionalArgument(QStringLiteral("FILE"),
                                 QStringLiteral("Files of raw ESL bytes; '-' for stdin."),
                                 QStringLiteral("FILE..."));
    if (const std::optional<int> exit =
            Eslcat::parseArguments(parser, arguments, QStringLiteral("decode")))
        return *exit;
    Eslcat::DecodeOptions options;
    options.files = parser.positionalArguments();
    options.summary = parser.isSet(QStringLiteral("summary"));
    if (!takeWhere(parser, options.where))
        return Eslcat::ExitNoConnection;
    if (options.files.isEmpty())
        options.files = {QStringLiteral("-")};
    return Eslcat::runDecode(options, stdout, stderr);
}

// eslcat api --amqp URL --switch HOST COMMAND...
int amqpApiCommand(const QCommandLineParser &parser)
{
    std::optional<Eslcat::AmqpOptions> options = Eslcat::amqpOptionsOrReport(parser);
    if (!options)
        return Eslcat::ExitNoConnection;
    options->commands = parser.positionalArguments();
    if (options->commands.isEmpty()) {
        Eslcat::printError(stderr, QStringLiteral("api: no command given (try: eslcat api "
                                                  "--amqp URL --switch HOST status)"));
        return Eslcat::ExitNoConnection;
    }
    for (const QString &command : std::as_const(options->commands)) {
        if (command.trimmed().isEmpty() || Eslcat::hasLineBreak(command)) {
            Eslcat::printError(stderr, QStringLiteral("api: a command must be one line, not "
                                                      "empty"));
            return Eslcat::ExitNoConnection;
        }
    }
    return Eslcat::runAmqpApi(*options, stdout, stderr);
}

// eslcat events --amqp URL [--switch HOST]... [EVENT...]
int amqpEventsCommand(const QCommandLineParser &parser, bool noFilters)
{
    for (const char *option : {"raw", "format"}) {
        if (parser.isSet(QString::fromLatin1(option)) || !noFilters) {
            Eslcat::printError(stderr, QStringLiteral("events --amqp: --raw, --format and "
                                                      "--filter are for the Event Socket"));
            return Eslcat::ExitNoConnection;
        }
    }
    std::optional<Eslcat::AmqpOptions> options = Eslcat::amqpOptionsOrReport(parser);
    if (!options)
        return Eslcat::ExitNoConnection;
    if (!takeWhere(parser, options->where))
        return Eslcat::ExitNoConnection;
    for (const QString &event : parser.positionalArguments()) {
        // mod_amqp's key carries the Event-Name; "CUSTOM x::y" binds every CUSTOM event.
        const QString name = event.section(u' ', 0, 0).trimmed();
        if (name.compare(u"ALL", Qt::CaseInsensitive) == 0) {
            options->events.clear();
            break;
        }
        if (name.isEmpty() || Eslcat::hasLineBreak(name)) {
            Eslcat::printError(stderr, QStringLiteral("events: \"%1\" is not an event name")
                                           .arg(event));
            return Eslcat::ExitNoConnection;
        }
        options->events.append(name);
    }
    return Eslcat::runAmqpEvents(*options, stdout, stderr);
}

int apiCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Logs in to a switch's Event Socket and runs each COMMAND as `api COMMAND`, in order,\n"
        "printing each answer. An answer starting with -ERR is reported on stderr (exit status\n"
        "1) and the next command still runs; a lost connection or a timeout stops at once\n"
        "(exit status 2).\n"
        "Example: eslcat api 'show channels as json' status"));
    parser.addHelpOption();
    Eslcat::addConnectionOptions(parser);
    Eslcat::addAmqpOptions(parser, false);
    parser.addPositionalArgument(QStringLiteral("COMMAND"),
                                 QStringLiteral("An api command, quoted as one argument."),
                                 QStringLiteral("COMMAND..."));
    if (const std::optional<int> exit =
            Eslcat::parseArguments(parser, arguments, QStringLiteral("api")))
        return *exit;
    if (Eslcat::wantsAmqp(parser))
        return amqpApiCommand(parser);
    const std::optional<Esl::ConnectionOptions> connection =
        Eslcat::connectionOptionsOrReport(parser);
    if (!connection)
        return Eslcat::ExitNoConnection;
    Eslcat::ApiOptions options;
    options.connection = *connection;
    options.commandTimeoutMs = Eslcat::timeoutOption(parser);
    options.commands = parser.positionalArguments();
    if (options.commands.isEmpty()) {
        Eslcat::printError(stderr,
                           QStringLiteral("api: no command given (try: eslcat api status)"));
        return Eslcat::ExitNoConnection;
    }
    for (const QString &command : std::as_const(options.commands)) {
        if (command.trimmed().isEmpty()) {
            Eslcat::printError(stderr, QStringLiteral("api: an empty command"));
            return Eslcat::ExitNoConnection;
        }
        if (Eslcat::hasLineBreak(command)) {
            Eslcat::printError(stderr, QStringLiteral("api: a command cannot hold line breaks"));
            return Eslcat::ExitNoConnection;
        }
    }
    return Eslcat::runApi(options, stdout, stderr);
}

int eventsCommand(QStringList arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Subscribes to a switch's events and prints each as one JSON line (the schema of\n"
        "`eslcat decode`) until interrupted (SIGINT, SIGTERM: exit status 0). Reconnects when\n"
        "the link drops, with a notice on stderr. A refused login exits with status 2.\n"
        "EVENT is an event name, ALL (the default), or 'CUSTOM <subclass>'.\n"
        "--filter HEADER VALUE (repeatable) keeps only events whose HEADER is VALUE (/regex/\n"
        "allowed), as the switch's `filter` command does."));
    parser.addHelpOption();
    Eslcat::addConnectionOptions(parser);
    parser.addOption({QStringLiteral("format"),
                      QStringLiteral("The event format on the wire: plain, json or xml (the "
                                     "output is JSON Lines either way)."),
                      QStringLiteral("FORMAT"), QStringLiteral("plain")});
    parser.addOption({QStringLiteral("raw"),
                      QStringLiteral("Also append every byte received to FILE, for `eslcat "
                                     "decode`."),
                      QStringLiteral("FILE")});
    parser.addOption(whereOption(
        QStringLiteral("Unlike --filter it runs in eslcat: the switch still sends every "
                       "subscribed event (and --raw records them all).")));
    Eslcat::addAmqpOptions(parser, false);
    parser.addPositionalArgument(QStringLiteral("EVENT"), QStringLiteral("Events to subscribe to."),
                                 QStringLiteral("[EVENT...]"));
    QString error;
    const QList<std::pair<QString, QString>> filters =
        Eslcat::takePairOption(arguments, QStringLiteral("--filter"), &error);
    if (!error.isEmpty()) {
        Eslcat::printError(stderr, error);
        return Eslcat::ExitNoConnection;
    }
    if (const std::optional<int> exit =
            Eslcat::parseArguments(parser, arguments, QStringLiteral("events")))
        return *exit;
    if (Eslcat::wantsAmqp(parser))
        return amqpEventsCommand(parser, filters.isEmpty());
    const std::optional<Esl::ConnectionOptions> connection =
        Eslcat::connectionOptionsOrReport(parser);
    if (!connection)
        return Eslcat::ExitNoConnection;
    Eslcat::EventsOptions options;
    if (!takeWhere(parser, options.where))
        return Eslcat::ExitNoConnection;
    options.connection = *connection;
    options.connection.autoReconnect = true;
    options.rawPath = parser.value(QStringLiteral("raw"));

    const QString format = parser.value(QStringLiteral("format")).toLower();
    if (format == u"plain") {
        options.subscription.format = Esl::Event::Format::Plain;
    } else if (format == u"json") {
        options.subscription.format = Esl::Event::Format::Json;
    } else if (format == u"xml") {
        options.subscription.format = Esl::Event::Format::Xml;
    } else {
        Eslcat::printError(stderr, QStringLiteral("--format \"%1\" is not plain, json or xml")
                                       .arg(parser.value(QStringLiteral("format"))));
        return Eslcat::ExitNoConnection;
    }
    const QStringList events = parser.positionalArguments();
    if (!events.isEmpty())
        options.subscription.events = events;
    options.subscription.filters = filters;
    for (const QString &event : events) {
        if (Eslcat::hasLineBreak(event)) {
            Eslcat::printError(stderr, QStringLiteral("events: an event name cannot hold line "
                                                      "breaks"));
            return Eslcat::ExitNoConnection;
        }
    }
    for (const auto &[header, value] : filters) {
        if (header.isEmpty() || header.contains(u' ') || Eslcat::hasLineBreak(header) ||
            Eslcat::hasLineBreak(value)) {
            Eslcat::printError(stderr, QStringLiteral("--filter: \"%1\" \"%2\" is not a header "
                                                      "name and a one-line value")
                                           .arg(header, value));
            return Eslcat::ExitNoConnection;
        }
    }
    return Eslcat::runEvents(options, stdout, stderr);
}

// What each watching command prints, for its --help.
struct WatchCommand
{
    const char *name;
    const char *lines; // "one JSON object per call per line (...)"
    const char *what;  // "the calls"
};

constexpr WatchCommand kWatchCommands[] = {
    {"calls",
     "its calls grouped as the window groups them: one JSON object per call per line\n"
     "({\"server\", \"call\", \"legs\": [...]}; times in ms since the epoch).",
     "a call"},
    {"conferences",
     "its conferences as the Conferences panel shows them: one JSON object per conference\n"
     "per line, with its \"members\" (mod_conference).",
     "a conference or member"},
    {"queues",
     "its call-center queues as the Queues panel shows them: one JSON object per queue per\n"
     "line, with its \"agents\" and waiting \"members\" (mod_callcenter).",
     "a queue, agent or member"},
    {"registrations",
     "its registered phones as the Registrations panel shows them: one JSON object per\n"
     "registration per line (mod_sofia).",
     "a registration"},
    {"gateways",
     "its gateways as the Registrations panel shows them: one JSON object per gateway per\n"
     "line, with its \"state\" and \"pingStatus\" (mod_sofia).",
     "a gateway"},
    {"parking",
     "its parking lots as the Parking panel shows them: one JSON object per lot per line,\n"
     "with its \"slots\" (mod_valet_parking).",
     "a lot or slot"},
};

const WatchCommand *watchCommand(const QString &name)
{
    for (const WatchCommand &c : kWatchCommands) {
        if (name == QLatin1String(c.name))
            return &c;
    }
    return nullptr;
}

int watchingCommand(const WatchCommand &command, const QStringList &arguments)
{
    const QString name = QString::fromLatin1(command.name);
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Logs in to a switch's Event Socket, reads it as the window does, and "
                       "prints\n%1\n"
                       "--once (the default) prints after the sync and a second of events, and "
                       "exits;\n--watch prints again, after an empty line, whenever %2 changes.")
            .arg(QString::fromLatin1(command.lines), QString::fromLatin1(command.what)));
    parser.addHelpOption();
    Eslcat::addConnectionOptions(parser);
    parser.addOption({QStringLiteral("once"), QStringLiteral("Print once and exit (default).")});
    parser.addOption({QStringLiteral("watch"),
                      QStringLiteral("Print again whenever %1 changes, until interrupted.")
                          .arg(QString::fromLatin1(command.what))});
    Eslcat::addAmqpOptions(parser, true);
    if (const std::optional<int> exit = Eslcat::parseArguments(parser, arguments, name))
        return *exit;
    if (parser.isSet(QStringLiteral("once")) && parser.isSet(QStringLiteral("watch"))) {
        Eslcat::printError(stderr,
                           QStringLiteral("%1: --once and --watch exclude each other").arg(name));
        return Eslcat::ExitNoConnection;
    }
    const Eslcat::MonitorView view =
        name == u"calls" ? Eslcat::callsView() : Eslcat::panelView(name);
    if (Eslcat::wantsAmqp(parser)) {
        std::optional<Eslcat::AmqpOptions> options = Eslcat::amqpOptionsOrReport(parser);
        if (!options)
            return Eslcat::ExitNoConnection;
        options->watch = parser.isSet(QStringLiteral("watch"));
        return Eslcat::runAmqpCalls(*options, stdout, stderr, view);
    }
    const std::optional<Esl::ConnectionOptions> connection =
        Eslcat::connectionOptionsOrReport(parser);
    if (!connection)
        return Eslcat::ExitNoConnection;
    Eslcat::CallsOptions options;
    options.connection = *connection;
    options.watch = parser.isSet(QStringLiteral("watch"));
    return Eslcat::runCalls(options, stdout, stderr, view);
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("eslcat"));
    QCoreApplication::setApplicationVersion(QStringLiteral(SWITCHBOARD_VERSION));
    // eslcat reports what goes wrong itself, in one line; the library's own log lines are for
    // debugging (QT_LOGGING_RULES="esl.*=true" brings them back).
    if (qEnvironmentVariableIsEmpty("QT_LOGGING_RULES"))
        QLoggingCategory::setFilterRules(QStringLiteral("esl.*=false\nmonitor.info=false"));
    static char buffer[1 << 16];
    std::setvbuf(stdout, buffer, _IOFBF, sizeof buffer);

    const QStringList arguments = QCoreApplication::arguments();
    if (arguments.size() < 2 || arguments[1] == u"--help" || arguments[1] == u"-h") {
        std::fputs(kUsage, arguments.size() < 2 ? stderr : stdout);
        return arguments.size() < 2 ? 2 : 0;
    }
    const QString command = arguments[1];
    QStringList rest = arguments;
    rest.removeAt(1);
    if (command == u"decode")
        return decodeCommand(rest);
    if (command == u"api")
        return apiCommand(rest);
    if (command == u"sim")
        return Eslcat::runSim(rest);
    if (command == u"events")
        return eventsCommand(rest);
    if (command == u"alerts")
        return Eslcat::alertsCommand(rest);
    if (const WatchCommand *watching = watchCommand(command))
        return watchingCommand(*watching, rest);
    std::fprintf(stderr, "eslcat: unknown command '%s'\n\n%s", qPrintable(command), kUsage);
    return 2;
}
