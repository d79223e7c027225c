#pragma once
// The incremental framer of the Event Socket: fed the bytes of a connection in whatever pieces
// they arrive, it yields complete Messages. It knows nothing of sockets or of what a message
// means. A violation of the framing rules puts it into a final error state naming the byte
// offset and the reason; whoever owns the connection then drops it. A value the reason quotes
// is the peer's, so it is escaped and cut (printable.h).
//
// Each body byte is copied exactly once, from the fed chunk into the Message's body.

#include "error.h"
#include "message.h"

#include <deque>

namespace Esl::wire {

class Parser
{
public:
    struct Limits
    {
        qsizetype maxBodySize = 16 * 1024 * 1024;       // libesl and the switch cap a body here
        qsizetype maxHeaderBlockSize = 1 * 1024 * 1024; // the outbound connect reply is large
    };

    Parser() = default;
    explicit Parser(Limits limits) : m_limits(limits) {}

    // Consumes `chunk`; complete messages queue up for takeMessage(). Returns false when the
    // parser is (or just went) into its error state; later calls are then ignored.
    bool feed(QByteArrayView chunk);
    // The input has ended: a message begun but not finished becomes an error.
    bool finish();

    [[nodiscard]] bool hasMessage() const { return !m_ready.empty(); }
    [[nodiscard]] qsizetype pendingMessages() const { return qsizetype(m_ready.size()); }
    Message takeMessage();

    [[nodiscard]] bool hasError() const { return m_state == State::Failed; }
    [[nodiscard]] const Error &error() const { return m_error; }

    [[nodiscard]] qint64 bytesFed() const { return m_fed; }
    [[nodiscard]] qint64 messagesParsed() const { return m_parsed; }
    // True while a message has begun and is not complete yet.
    [[nodiscard]] bool isInsideMessage() const { return m_messageStart >= 0; }

    void reset();

private:
    enum class State { Headers, Body, Failed };

    bool headerLine(QByteArrayView line, qint64 lineOffset);
    bool endOfHeaderBlock(qint64 offset);
    void completeMessage();
    bool fail(QString reason, qint64 offset);

    Limits m_limits;
    State m_state = State::Headers;
    QByteArray m_partialLine; // a header line that the previous chunk cut in two
    qint64 m_lineStart = 0;   // stream offset of the header line being read
    HeaderList m_headers;     // the block being read
    qsizetype m_headerBytes = 0;
    qint64 m_messageStart = -1; // -1 between messages
    QByteArray m_body;
    qsizetype m_bodySize = 0;
    bool m_hasBody = false;
    qint64 m_fed = 0;
    qint64 m_parsed = 0;
    std::deque<Message> m_ready;
    Error m_error;
};

} // namespace Esl::wire
