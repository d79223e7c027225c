#pragma once
// What `eslcat api` and `eslcat events` share: the options naming the switch and how to log in,
// and the exit statuses scripts can rely on.

#include "esl/inboundclient.h"

#include <QCommandLineParser>
#include <QList>
#include <QStringList>

#include <cstdio>
#include <optional>
#include <utility>

namespace Eslcat {

enum ExitStatus {
    ExitSuccess = 0,
    ExitCommandFailed = 1, // the switch answered "-ERR ..." (eslcat api)
    ExitNoConnection = 2,  // could not connect or log in, timed out, link lost; or a usage error
};

inline constexpr int DefaultTimeoutMs = 10000;

// --host, --port, --password, --user, --timeout.
void addConnectionOptions(QCommandLineParser &parser);
// The options as given; an error message (for a usage error) when one is not valid.
[[nodiscard]] std::optional<Esl::ConnectionOptions>
connectionOptions(const QCommandLineParser &parser, QString *error);
// The same, with a usage error printed on stderr (the command then exits ExitNoConnection).
[[nodiscard]] std::optional<Esl::ConnectionOptions>
connectionOptionsOrReport(const QCommandLineParser &parser);
// The --timeout value in ms (0: none); -1 when it is not a number.
[[nodiscard]] int timeoutOption(const QCommandLineParser &parser);

// Removes every "OPTION NAME VALUE" (an option with two values, which QCommandLineParser cannot
// express) from `arguments` and returns the pairs; stops at "--". Sets `error` when an
// occurrence lacks its two values.
[[nodiscard]] QList<std::pair<QString, QString>>
takePairOption(QStringList &arguments, const QString &option, QString *error);

// Parses `arguments` (the subcommand `command` taken out); on --help prints the help, whose usage
// line names the subcommand, and returns ExitSuccess; on a usage error prints it and returns
// ExitNoConnection; std::nullopt when the command should run.
[[nodiscard]] std::optional<int>
parseArguments(QCommandLineParser &parser, const QStringList &arguments, const QString &command);

// What a failed connection says, with the option that resolves it when the operator may decide
// (an unknown SSH host key: --accept-new-host-key; a certificate nobody vouches for: --pin).
[[nodiscard]] QString failureText(const Esl::Error &error);

// CR, LF or NUL: they would end a command line early. The library refuses them too; checking
// first lets eslcat say so as a usage error, before connecting.
[[nodiscard]] bool hasLineBreak(const QString &text);

// "eslcat: <message>\n" on `err`, flushed. Messages carry what the switch sent (a rude
// rejection, an -ERR text, a header value), so control characters are escaped and a message
// longer than MaxErrorChars is cut: one line, whatever the switch sends.
inline constexpr qsizetype MaxErrorChars = 400;
void printError(FILE *err, const QString &message);

} // namespace Eslcat
