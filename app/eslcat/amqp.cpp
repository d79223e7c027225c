#include "amqp.h"

#include "connection.h"
#include "messagedecoder.h"
#include "stopsignals.h"

#include "monitor/amqpswitchlink.h"
#include "monitor/eventview.h"

#include "esl/wire/printable.h"

#include <QEventLoop>
#include <QTimer>

#include <functional>

#include <unistd.h>

namespace Eslcat {

void addAmqpOptions(QCommandLineParser &parser, bool withWait)
{
    parser.addOption({QStringLiteral("amqp"),
                      QStringLiteral("Reach the switches through the RabbitMQ broker at URL "
                                     "(amqp[s]://user:password@host:port/vhost; mod_amqp) "
                                     "instead of an Event Socket."),
                      QStringLiteral("URL")});
    parser.addOption({QStringLiteral("switch"),
                      QStringLiteral("With --amqp: a switch's hostname (FreeSWITCH-Hostname); "
                                     "repeatable. Only these are watched, and synced at once."),
                      QStringLiteral("HOST")});
    parser.addOption({QStringLiteral("command-key"),
                      QStringLiteral("With --amqp: the routing key of the switches' mod_amqp "
                                     "command profile (default switchboard.<hostname>.api; "
                                     "<hostname> is replaced)."),
                      QStringLiteral("KEY")});
    if (withWait)
        parser.addOption({QStringLiteral("wait"),
                          QStringLiteral("With --amqp and no --switch: seconds to listen for "
                                         "switches before printing (default 20, one HEARTBEAT "
                                         "interval)."),
                          QStringLiteral("S"), QStringLiteral("20")});
}

bool wantsAmqp(const QCommandLineParser &parser)
{
    return parser.isSet(QStringLiteral("amqp"));
}

std::optional<AmqpOptions> amqpOptionsOrReport(const QCommandLineParser &parser)
{
    AmqpOptions options;
    QString error;
    options.connection =
        Amqp::ConnectionOptions::fromUrl(parser.value(QStringLiteral("amqp")), &error);
    if (!error.isEmpty()) {
        printError(stderr, QStringLiteral("--amqp: %1").arg(error));
        return std::nullopt;
    }
    options.switches = parser.values(QStringLiteral("switch"));
    for (const QString &host : std::as_const(options.switches)) {
        if (host.isEmpty() || hasLineBreak(host) || host.contains(u' ')) {
            printError(stderr, QStringLiteral("--switch: \"%1\" is not a hostname").arg(host));
            return std::nullopt;
        }
    }
    options.commandKey = parser.value(QStringLiteral("command-key"));
    // Every command taking --amqp also takes the Event Socket's --timeout.
    const int timeout = timeoutOption(parser);
    if (timeout < 0) {
        printError(stderr, QStringLiteral("--timeout: not a number of milliseconds"));
        return std::nullopt;
    }
    options.timeoutMs = timeout;
    if (parser.isSet(QStringLiteral("wait"))) {
        bool ok = false;
        const double seconds = parser.value(QStringLiteral("wait")).toDouble(&ok);
        if (!ok || seconds < 0 || seconds > 3600) {
            printError(stderr, QStringLiteral("--wait: not a number of seconds (0 to 3600)"));
            return std::nullopt;
        }
        options.waitMs = int(seconds * 1000);
    }
    return options;
}

Monitor::BrokerOptions brokerOptions(const AmqpOptions &options)
{
    Monitor::BrokerOptions broker;
    broker.connection = options.connection;
    broker.hostnames = options.switches;
    broker.expectedHostnames = options.switches;
    broker.eventNames = options.events;
    broker.logLines = false;
    if (options.timeoutMs > 0)
        broker.commandTimeoutMs = options.timeoutMs;
    if (options.commandKey.contains(u"<hostname>")) {
        broker.commandKeyTemplate = options.commandKey;
    } else if (!options.commandKey.isEmpty()) {
        broker.commandKeyTemplate = options.commandKey;
        for (const QString &host : options.switches)
            broker.commandKeys.insert(host, options.commandKey);
    }
    return broker;
}

namespace {

void printBody(FILE *out, const Esl::Reply &reply)
{
    QByteArray text = reply.body();
    if (::isatty(::fileno(out)))
        text = Esl::wire::printable(text, {.keepLineBreaks = true}).toUtf8();
    if (!text.endsWith('\n'))
        text.append('\n');
    std::fwrite(text.constData(), 1, size_t(text.size()), out);
    std::fflush(out);
}

// Runs the loop until `finish` is called, the broker refuses us, or SIGINT/SIGTERM.
struct Run
{
    explicit Run(Monitor::BrokerConnection *connection, FILE *err) : m_err(err)
    {
        QObject::connect(connection, &Monitor::BrokerConnection::stateChanged, &loop,
                         [this, connection](Amqp::State state) {
                             if (state == Amqp::State::Failed)
                                 finish(ExitNoConnection, connection->lastError());
                         });
        QObject::connect(&stopSignals, &StopSignals::stopRequested, &loop,
                         [this] { finish(ExitSuccess); });
    }
    void finish(int exitStatus, const QString &why = {})
    {
        if (done)
            return;
        done = true;
        status = std::max(status, exitStatus);
        if (!why.isEmpty())
            printError(m_err, why);
        loop.exit();
    }
    int exec()
    {
        if (!done)
            loop.exec();
        return status;
    }

    QEventLoop loop;
    StopSignals stopSignals;
    int status = ExitSuccess;
    bool done = false;
    FILE *m_err;
};

} // namespace

int runAmqpApi(const AmqpOptions &options, FILE *out, FILE *err)
{
    if (options.switches.size() != 1) {
        printError(err, QStringLiteral("api --amqp: name the switch with one --switch HOST"));
        return ExitNoConnection;
    }
    AmqpOptions quiet = options;
    quiet.events = {QStringLiteral("HEARTBEAT")}; // nothing to print: bind as little as can be
    Monitor::BrokerConnection connection(brokerOptions(quiet));
    Run run(&connection, err);
    const QString host = options.switches.first();
    std::function<void(qsizetype)> next = [&](qsizetype index) {
        if (index == options.commands.size()) {
            run.finish(ExitSuccess);
            return;
        }
        const QString command = options.commands.at(index);
        connection.api(host, command).then(&run.loop, [&, command, index](const Esl::Reply &r) {
            if (run.done)
                return;
            if (r.error()) {
                run.finish(ExitNoConnection,
                           QStringLiteral("%1: %2").arg(command, r.error()->toString()));
                return;
            }
            if (r.ok()) {
                printBody(out, r);
            } else {
                printError(err, QStringLiteral("%1: %2").arg(command, r.errorText().trimmed()));
                run.status = ExitCommandFailed;
            }
            next(index + 1);
        });
    };
    QObject::connect(&connection, &Monitor::BrokerConnection::ready, &run.loop,
                     [&] { next(0); }, Qt::SingleShotConnection);
    QTimer deadline;
    deadline.setSingleShot(true);
    QObject::connect(&deadline, &QTimer::timeout, &run.loop, [&] {
        if (!connection.isReady())
            run.finish(ExitNoConnection,
                       QStringLiteral("could not reach %1: %2")
                           .arg(connection.describe(), connection.lastError()));
    });
    deadline.start(options.connection.connectTimeoutMs + 5000);
    connection.start();
    return run.exec();
}

int runAmqpEvents(const AmqpOptions &options, FILE *out, FILE *err)
{
    Monitor::BrokerConnection connection(brokerOptions(options));
    Run run(&connection, err);
    // Only the events asked for: HEARTBEAT and BACKGROUND_JOB are bound for the links anyway.
    const auto asked = [&options](const Esl::Event &event) {
        return options.events.isEmpty() ||
               options.events.contains(QString::fromUtf8(event.eventName()));
    };
    const auto watch = [&](const QString &hostname) {
        Monitor::AmqpSwitchLink *link = connection.link(hostname);
        QObject::connect(link, &Monitor::SwitchLink::eventReceived, &run.loop,
                         [&, asked](const Esl::Event &event) {
                             if (!asked(event) ||
                                 (options.where &&
                                  !options.where->matches(Monitor::EslEventView(event))))
                                 return;
                             MessageDecoder decoder;
                             decoder.feed(event.toJsonMessage());
                             if (const auto item = decoder.next()) {
                                 const QByteArray line = MessageDecoder::jsonLine(*item);
                                 std::fwrite(line.constData(), 1, size_t(line.size()), out);
                                 std::fflush(out);
                             }
                         });
        link->start();
    };
    QObject::connect(&connection, &Monitor::BrokerConnection::switchDiscovered, &run.loop, watch);
    bool wasReady = false;
    QObject::connect(&connection, &Monitor::BrokerConnection::stateChanged, &run.loop,
                     [&](Amqp::State state) {
                         if (state == Amqp::State::Reconnecting && wasReady)
                             printError(err, QStringLiteral("%1; reconnecting")
                                                 .arg(connection.lastError()));
                     });
    QObject::connect(&connection, &Monitor::BrokerConnection::ready, &run.loop, [&] {
        if (wasReady)
            printError(err, QStringLiteral("reconnected to %1; events published while "
                                           "disconnected are lost")
                                .arg(connection.describe()));
        wasReady = true;
    });
    QObject::connect(&connection, &Monitor::BrokerConnection::overflowed, &run.loop,
                     [&](qint64 total) {
                         printError(err, QStringLiteral("the broker dropped events: %1 so far")
                                             .arg(total));
                     });
    connection.start();
    return run.exec();
}

} // namespace Eslcat
