#include "amqpcommands.h"

#include "amqpformat.h"
#include "simids.h"
#include "simswitch.h"

#include "esl/wire/headerlist.h"

namespace Sim {

namespace {

constexpr QByteArrayView kReplyExchange = "x-fs-api-resp-exchange";
constexpr QByteArrayView kReplyKey = "x-fs-api-resp-key";

} // namespace

bool AmqpCommands::takesContentType(QByteArrayView contentType)
{
    // strncasecmp("text/plain", content_type, 10): the property is compared on its first ten
    // bytes, so "text/plain; charset=utf-8" runs too. No property at all is text/plain.
    if (contentType.isEmpty())
        return true;
    return contentType.size() >= 10 && Esl::equalsIgnoringCase(contentType.first(10), "text/plain");
}

QByteArray AmqpCommands::commandText(QByteArrayView body)
{
    // snprintf(command, sizeof(command), "%.*s", len, body): stops at a NUL, keeps 10239 bytes.
    const qsizetype nul = body.indexOf('\0');
    if (nul >= 0)
        body = body.first(nul);
    return body.first(std::min<qsizetype>(body.size(), commandBufferSize - 1)).toByteArray();
}

AmqpCommands::Outcome AmqpCommands::handle(const Amqp::Message &message)
{
    Outcome outcome;
    if (!takesContentType(message.contentType))
        return outcome; // COMMAND_FORMAT_UNKNOWN: not run, not answered, not even logged above DEBUG

    // The module compares each header's name on the length of the name it looks for
    // (strncmp(key, "x-fs-api-resp-exchange", 22)), later entries winning; others are ignored.
    QByteArray replyExchange;
    QByteArray replyKey;
    for (const Amqp::Header &header : message.headers) {
        const QByteArray value = header.text.isNull() ? QByteArray("") : header.text;
        if (header.name.startsWith(kReplyExchange))
            replyExchange = value;
        else if (header.name.startsWith(kReplyKey))
            replyKey = value;
    }

    outcome.executed = true;
    outcome.command = commandText(message.body);
    outcome.output = execute(outcome.command, &outcome.status);
    if (!replyExchange.isNull() && !replyKey.isNull())
        outcome.reply = AmqpFormat::commandReply(replyExchange, replyKey, outcome.command,
                                                 outcome.output, outcome.status);
    return outcome;
}

QByteArray AmqpCommands::execute(const QByteArray &line, int *status)
{
    // switch_console_execute: leading spaces dropped, then up to 128 commands split at ";;"
    // (the last keeps whatever follows), each cut at its first CR (or, without one, its first
    // LF) and split at its first space into command and argument. All write to one stream; the
    // status is the last command's. (It also expands console aliases; the simulated switch
    // defines none.)
    qsizetype start = 0;
    while (start < line.size() && line[start] == ' ')
        ++start;
    const QByteArray text = line.mid(start);

    QList<QByteArray> commands;
    qsizetype from = 0;
    while (commands.size() < maxCommandsPerLine - 1) {
        const qsizetype delimiter = text.indexOf(";;", from);
        if (delimiter < 0)
            break;
        commands.append(text.mid(from, delimiter - from));
        from = delimiter + 2;
    }
    commands.append(text.mid(from));

    QByteArray output;
    int lastStatus = 1;
    for (QByteArray command : std::as_const(commands)) {
        qsizetype end = command.indexOf('\r');
        if (end < 0)
            end = command.indexOf('\n');
        if (end >= 0)
            command.truncate(end);
        QByteArray argument;
        const qsizetype space = command.indexOf(' ');
        if (space >= 0) {
            argument = command.mid(space + 1);
            if (argument.isNull())
                argument = QByteArray("");
            command.truncate(space);
        }
        output += apiExecute(command, argument, &lastStatus);
    }
    *status = lastStatus;
    return output;
}

QByteArray AmqpCommands::apiExecute(const QByteArray &rawCommand, const QByteArray &rawArgument,
                                    int *status)
{
    // switch_strip_whitespace: no blanks at either end of either.
    const QByteArray command = rawCommand.trimmed();
    const QByteArray argument = rawArgument.trimmed();
    *status = 0;
    if (Esl::equalsIgnoringCase(command, "bgapi")) {
        // switch_api_execute fires its API event once bgapi_function returns, whatever it
        // answered; the job it started has barely begun by then, so the event comes first.
        m_switch->fireApiEvent(QString::fromUtf8(command), QString::fromUtf8(argument));
        // mod_commands bgapi_function: "uuid:<job uuid> <command>" picks the Job-UUID.
        QByteArray job;
        QByteArray jobCommand = argument;
        if (argument.size() >= 5 && Esl::equalsIgnoringCase(argument.first(5), "uuid:")) {
            const qsizetype space = argument.indexOf(' ', 5);
            if (space >= 0) {
                job = argument.mid(5, space - 5).left(36);
                jobCommand = argument.mid(space + 1);
            } else {
                jobCommand.clear();
            }
        }
        if (jobCommand.isEmpty())
            return "-ERR Invalid syntax\n";
        if (job.isEmpty())
            job = freshUuid().toUtf8();
        ++m_jobs;
        m_switch->bgapi(QString::fromUtf8(jobCommand), QString::fromUtf8(job));
        return "+OK Job-UUID: " + job + '\n';
    }
    const QString commandLine = argument.isEmpty()
                                    ? QString::fromUtf8(command)
                                    : QString::fromUtf8(command + ' ' + argument);
    QByteArray output = m_switch->api(commandLine);
    // The Event Socket words an unknown command its own way; switch_api_execute, which the
    // command profile calls directly, writes "INVALID COMMAND!" and fails, as it does for a
    // command whose function failed (its output dropped).
    if (command.isEmpty() || output == "-ERR " + command + " Command not found!\n" ||
        m_switch->lastApiFailed()) {
        *status = 1;
        return "INVALID COMMAND!\n";
    }
    return output;
}

} // namespace Sim
