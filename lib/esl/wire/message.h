#pragma once
// One framed message as it came off the socket: the outer header block (values percent-decoded,
// as libesl does) and, when the block had a Content-Length, exactly that many raw body bytes.
// What the body means depends on the Content-Type; Event decodes the event types.

#include "headerlist.h"

#include <QByteArray>

namespace Esl {

namespace ContentType {
inline constexpr QByteArrayView AuthRequest = "auth/request";
inline constexpr QByteArrayView CommandReply = "command/reply";
inline constexpr QByteArrayView ApiResponse = "api/response";
inline constexpr QByteArrayView EventPlain = "text/event-plain";
inline constexpr QByteArrayView EventJson = "text/event-json";
inline constexpr QByteArrayView EventXml = "text/event-xml";
inline constexpr QByteArrayView LogData = "log/data";
inline constexpr QByteArrayView DisconnectNotice = "text/disconnect-notice";
inline constexpr QByteArrayView RudeRejection = "text/rude-rejection";
} // namespace ContentType

class Message
{
public:
    Message() = default;
    Message(HeaderList headers, QByteArray body, bool hasBody, qint64 offset = -1)
        : m_headers(std::move(headers)), m_body(std::move(body)), m_hasBody(hasBody),
          m_offset(offset)
    {}

    [[nodiscard]] const HeaderList &headers() const { return m_headers; }
    [[nodiscard]] QByteArrayView header(QByteArrayView name) const { return m_headers.value(name); }
    [[nodiscard]] QByteArrayView contentType() const { return m_headers.value("Content-Type"); }
    [[nodiscard]] bool isEvent() const;

    // The raw body bytes. hasBody() tells "Content-Length: 0" (an empty body) from no body at all.
    [[nodiscard]] const QByteArray &body() const { return m_body; }
    [[nodiscard]] bool hasBody() const { return m_hasBody; }

    // Where the message started in the stream it was parsed from (-1 when built by hand).
    [[nodiscard]] qint64 offset() const { return m_offset; }

private:
    HeaderList m_headers;
    QByteArray m_body;
    bool m_hasBody = false;
    qint64 m_offset = -1;
};

} // namespace Esl
