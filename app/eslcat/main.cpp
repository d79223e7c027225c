// eslcat: the Event Socket from the command line.

#include "decode.h"

#include <QCommandLineParser>
#include <QCoreApplication>

#include <cstdio>

namespace {

constexpr const char *kUsage =
    "usage: eslcat <command> [options]\n"
    "\n"
    "commands:\n"
    "  decode [--summary] FILE...   raw ESL bytes to JSON Lines ('-' reads stdin)\n"
    "\n"
    "eslcat <command> --help shows a command's options.\n";

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
    parser.addPositionalArgument(QStringLiteral("FILE"),
                                 QStringLiteral("Files of raw ESL bytes; '-' for stdin."),
                                 QStringLiteral("FILE..."));
    parser.process(arguments);
    Eslcat::DecodeOptions options;
    options.files = parser.positionalArguments();
    options.summary = parser.isSet(QStringLiteral("summary"));
    if (options.files.isEmpty())
        options.files = {QStringLiteral("-")};
    return Eslcat::runDecode(options, stdout, stderr);
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("eslcat"));
    QCoreApplication::setApplicationVersion(QStringLiteral(SWITCHBOARD_VERSION));
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
    std::fprintf(stderr, "eslcat: unknown command '%s'\n\n%s", qPrintable(command), kUsage);
    return 2;
}
