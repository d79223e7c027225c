#pragma once
// The switch's side of the framing: what a client sends. A command is a first line ("api status",
// "sendmsg <uuid>"), optional "Name: value" lines and a blank line; with a Content-Length header,
// that many body bytes follow. mod_event_socket accepts "\r\n" too. The simulated switch reads
// its clients through this, and tests use it to check what a client wrote.

#include "error.h"
#include "headerlist.h"

#include <deque>

namespace Esl::wire {

struct Command
{
    QByteArray line;     // the first line, without its newline
    HeaderList headers;  // as sent: mod_event_socket does not percent-decode command headers
    QByteArray body;
    [[nodiscard]] QByteArray verb() const;      // "api", "sendmsg", ...
    [[nodiscard]] QByteArray arguments() const; // the rest of the line, trimmed
};

class CommandReader
{
public:
    static constexpr qsizetype kMaxBlock = 1024 * 1024;
    static constexpr qsizetype kMaxBody = 16 * 1024 * 1024;

    bool feed(QByteArrayView chunk);
    [[nodiscard]] bool hasCommand() const { return !m_ready.empty(); }
    Command takeCommand();
    [[nodiscard]] bool hasError() const { return m_failed; }
    [[nodiscard]] const Error &error() const { return m_error; }

private:
    bool parseBlock(QByteArrayView block, qint64 offset);

    QByteArray m_buffer;
    qint64 m_consumed = 0;
    std::optional<Command> m_awaitingBody;
    qsizetype m_bodySize = 0;
    std::deque<Command> m_ready;
    bool m_failed = false;
    Error m_error;
};

} // namespace Esl::wire
