#include "connection.h"

#include "secureoptions.h"

#include "esl/wire/printable.h"

#include <QCoreApplication>

namespace Eslcat {

void addConnectionOptions(QCommandLineParser &parser)
{
    parser.addOption({QStringLiteral("host"),
                      QStringLiteral("The switch's Event Socket address (default 127.0.0.1)."),
                      QStringLiteral("HOST"), QStringLiteral("127.0.0.1")});
    parser.addOption({QStringLiteral("port"), QStringLiteral("Its port (default 8021)."),
                      QStringLiteral("PORT"), QStringLiteral("8021")});
    parser.addOption({QStringLiteral("password"),
                      QStringLiteral("The event socket password (default ClueCon)."),
                      QStringLiteral("PASSWORD"), QStringLiteral("ClueCon")});
    parser.addOption({QStringLiteral("user"),
                      QStringLiteral("Log in as USER@DOMAIN with userauth instead of auth."),
                      QStringLiteral("USER")});
    parser.addOption({QStringLiteral("timeout"),
                      QStringLiteral("Milliseconds allowed for connecting and logging in, and "
                                     "(eslcat api) for each command; 0: no command limit "
                                     "(default %1).")
                          .arg(DefaultTimeoutMs),
                      QStringLiteral("MS"), QString::number(DefaultTimeoutMs)});
    addSecureOptions(parser);
}

std::optional<Esl::ConnectionOptions> connectionOptionsOrReport(const QCommandLineParser &parser)
{
    QString error;
    std::optional<Esl::ConnectionOptions> options = connectionOptions(parser, &error);
    if (!options)
        printError(stderr, error);
    return options;
}

QString failureText(const Esl::Error &error)
{
    QString text = error.toString();
    if (error.code != Esl::Error::Code::Untrusted)
        return text;
    if (error.message.contains(QStringLiteral("unknown host key")))
        text += QStringLiteral(" (to trust it, run again with --accept-new-host-key)");
    else if (error.message.contains(QStringLiteral("is not trusted"))
             && error.message.contains(QStringLiteral("sha256//")))
        text += QStringLiteral(" (to trust it, pass that key with --pin)");
    return text;
}

int timeoutOption(const QCommandLineParser &parser)
{
    bool ok = false;
    const int ms = parser.value(QStringLiteral("timeout")).toInt(&ok);
    return ok && ms >= 0 ? ms : -1;
}

std::optional<Esl::ConnectionOptions> connectionOptions(const QCommandLineParser &parser,
                                                        QString *error)
{
    Esl::ConnectionOptions options;
    options.host = parser.value(QStringLiteral("host"));
    if (options.host.isEmpty()) {
        *error = QStringLiteral("--host is empty");
        return std::nullopt;
    }
    bool ok = false;
    const uint port = parser.value(QStringLiteral("port")).toUInt(&ok);
    if (!ok || port == 0 || port > 65535) {
        *error = QStringLiteral("--port \"%1\" is not a port number")
                     .arg(parser.value(QStringLiteral("port")));
        return std::nullopt;
    }
    options.port = quint16(port);
    options.password = parser.value(QStringLiteral("password"));
    options.user = parser.value(QStringLiteral("user"));
    for (const QString &value : {options.password, options.user}) {
        if (hasLineBreak(value)) {
            *error = QStringLiteral("--password and --user cannot hold line breaks");
            return std::nullopt;
        }
    }
    const int timeout = timeoutOption(parser);
    if (timeout < 0) {
        *error = QStringLiteral("--timeout \"%1\" is not a number of milliseconds")
                     .arg(parser.value(QStringLiteral("timeout")));
        return std::nullopt;
    }
    if (timeout > 0)
        options.connectTimeoutMs = timeout;
    if (!applySecureOptions(parser, options, error))
        return std::nullopt;
    return options;
}

QList<std::pair<QString, QString>> takePairOption(QStringList &arguments, const QString &option,
                                                  QString *error)
{
    QList<std::pair<QString, QString>> pairs;
    for (qsizetype i = 1; i < arguments.size();) {
        if (arguments[i] == u"--")
            break;
        if (arguments[i] != option) {
            ++i;
            continue;
        }
        if (i + 2 >= arguments.size()) {
            *error = QStringLiteral("%1 needs two values: %1 HEADER VALUE").arg(option);
            return {};
        }
        pairs.append({arguments[i + 1], arguments[i + 2]});
        arguments.remove(i, 3);
    }
    return pairs;
}

std::optional<int> parseArguments(QCommandLineParser &parser, const QStringList &arguments,
                                  const QString &command)
{
    if (!parser.parse(arguments)) {
        printError(stderr, parser.errorText());
        return ExitNoConnection;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        // Qt's usage line is "Usage: <program> [options] ...": say which subcommand.
        QString help = parser.helpText();
        const qsizetype options = help.indexOf(QStringLiteral(" [options]"));
        if (options >= 0)
            help.insert(options, u' ' + command);
        std::fputs(qPrintable(help), stdout);
        std::fflush(stdout);
        return ExitSuccess;
    }
    return std::nullopt;
}

bool hasLineBreak(const QString &text)
{
    return text.contains(u'\n') || text.contains(u'\r') || text.contains(QChar(0));
}

void printError(FILE *err, const QString &message)
{
    const QString line = Esl::wire::printable(message, {.maxChars = MaxErrorChars});
    std::fprintf(err, "eslcat: %s\n", line.toLocal8Bit().constData());
    std::fflush(err);
}

} // namespace Eslcat
