#pragma once
// What a simulated switch does with one message from its mod_amqp command queue, as
// mod_amqp_command.c (FreeSWITCH 1.10.12) does it: a content_type other than text/plain makes it
// ignore the message; the body, cut as the module's 10240-byte buffer cuts it, runs through
// switch_console_execute (commands split at ";;", each cut at its first line end); a reply goes
// out only when both x-fs-api-resp-exchange and x-fs-api-resp-key are set.
//
// Plain logic over a Sim::Switch: the fleet publishes the reply, the tests read it.

#include "amqp/message.h"

#include <QByteArray>

#include <optional>

namespace Sim {

class Switch;

class AmqpCommands
{
public:
    // mod_amqp_command.c's `char command[10240]`, filled by snprintf: 10239 bytes and a NUL.
    static constexpr qsizetype commandBufferSize = 10240;
    // switch_console_execute runs at most this many ";;"-separated commands.
    static constexpr int maxCommandsPerLine = 128;

    explicit AmqpCommands(Switch *sw) : m_switch(sw) {}

    struct Outcome
    {
        bool executed = false;   // false: ignored (a content_type other than text/plain)
        QByteArray command;      // the command line as executed (cut to the buffer)
        QByteArray output;       // what the command(s) wrote
        int status = 0;          // switch_status_t: 0 success, 1 (FALSE) an unknown command
        std::optional<Amqp::Message> reply; // set when both reply headers were there
    };
    Outcome handle(const Amqp::Message &message);

    // switch_console_execute over the simulated switch: the output and status of `line`.
    QByteArray execute(const QByteArray &line, int *status);

    // Whether mod_amqp runs a message of this content_type: none, or one that starts with
    // "text/plain" in any case (it compares the first 10 bytes only).
    [[nodiscard]] static bool takesContentType(QByteArrayView contentType);
    // The command as the module's buffer holds it: up to the first NUL, at most 10239 bytes.
    [[nodiscard]] static QByteArray commandText(QByteArrayView body);
    [[nodiscard]] qint64 backgroundJobsStarted() const { return m_jobs; }

private:
    // switch_api_execute of one command and its argument (null: there was no space).
    QByteArray apiExecute(const QByteArray &command, const QByteArray &argument, int *status);

    Switch *m_switch;
    qint64 m_jobs = 0;
};

} // namespace Sim
