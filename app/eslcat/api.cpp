#include "api.h"

#include "connection.h"

#include "esl/watchonly.h"
#include "esl/wire/printable.h"

#include <QEventLoop>

#include <functional>

#include <unistd.h>

namespace Eslcat {

namespace {

// The body is the command's output: to a pipe or a file it goes byte for byte (`eslcat api
// 'show calls as json' | jq`). On a terminal, the switch must not be able to drive the
// operator's terminal: control characters other than line breaks and tabs show escaped.
void printBody(FILE *out, const Esl::Reply &reply)
{
    QByteArray text = reply.contentType() == Esl::ContentType::ApiResponse
                          ? reply.body()
                          : reply.header("Reply-Text").toByteArray();
    if (::isatty(::fileno(out)))
        text = Esl::wire::printable(text, {.keepLineBreaks = true}).toUtf8();
    if (!text.endsWith('\n'))
        text.append('\n');
    std::fwrite(text.constData(), 1, size_t(text.size()), out);
    std::fflush(out);
}

// The switch's "-ERR ..." as one line.
QString oneLine(const QString &text)
{
    const QString trimmed = text.trimmed();
    const qsizetype newline = trimmed.indexOf(u'\n');
    return newline < 0 ? trimmed : trimmed.left(newline) + QStringLiteral(" ...");
}

} // namespace

int runApi(const ApiOptions &options, FILE *out, FILE *err)
{
    Esl::ConnectionOptions connection = options.connection;
    connection.autoReconnect = false;
    connection.livenessMs = 0; // a probe would only sit in the queue between our commands
    Esl::InboundClient client(connection);
    Esl::Subscription subscription;
    subscription.events.clear(); // nothing beyond what the client needs itself
    client.setSubscription(subscription);

    QEventLoop loop;
    int status = ExitSuccess;
    bool done = false;
    const auto finish = [&](int exitStatus) {
        if (done)
            return;
        done = true;
        status = std::max(status, exitStatus);
        loop.exit();
    };

    std::function<void(qsizetype)> run = [&](qsizetype index) {
        if (index == options.commands.size()) {
            finish(ExitSuccess);
            return;
        }
        const QString command = options.commands.at(index);
        client.api(command, options.commandTimeoutMs)
            .then(&loop, [&, command, index](const Esl::Reply &reply) {
                if (done)
                    return;
                // --watch-only refused it before the wire: a command that failed (1), like a
                // switch's -ERR, not a lost link (2); the connection is fine, so go on.
                if (reply.error() && reply.error()->code == Esl::Error::Code::Forbidden) {
                    printError(err, QStringLiteral("%1: %2").arg(command, reply.error()->message));
                    status = ExitCommandFailed;
                    run(index + 1);
                    return;
                }
                if (reply.error()) {
                    printError(err,
                               QStringLiteral("%1: %2").arg(command, reply.error()->toString()));
                    finish(ExitNoConnection);
                    return;
                }
                if (reply.ok()) {
                    printBody(out, reply);
                } else if (Esl::isPermissionDenied(reply)) {
                    printError(err, QStringLiteral("%1: %2").arg(
                                        command, Esl::permissionRefusal(command, options.connection.user)));
                    status = ExitCommandFailed;
                } else {
                    printError(err,
                               QStringLiteral("%1: %2").arg(command, oneLine(reply.errorText())));
                    status = ExitCommandFailed;
                }
                run(index + 1);
            });
    };

    QObject::connect(&client, &Esl::InboundClient::connected, &loop, [&] { run(0); });
    QObject::connect(&client, &Esl::InboundClient::stateChanged, &loop,
                     [&](Esl::InboundClient::State state) {
                         const bool gone = state == Esl::InboundClient::State::Failed ||
                                           state == Esl::InboundClient::State::Disconnected;
                         if (gone && !done) {
                             printError(err, failureText(client.lastError()));
                             finish(ExitNoConnection);
                         }
                     });
    client.connectToServer();
    if (!done)
        loop.exec();
    client.disconnectFromServer();
    return status;
}

} // namespace Eslcat
