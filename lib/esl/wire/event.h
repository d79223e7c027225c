#pragma once
// One switch event, whatever format it travelled in. text/event-plain, text/event-json and
// text/event-xml decode into the same model: the Event-Name, the headers in the order the switch
// wrote them (case-insensitive lookup, repeated names kept) and the event's own body.
//
// Multi-valued headers keep the shape each format gives them (plain and json: one
// "ARRAY::a|:b" entry; xml: one entry per value); values() hides the difference.

#include "error.h"
#include "headerlist.h"
#include "message.h"

#include <QStringList>

namespace Esl {

class Event
{
public:
    enum class Format { Plain, Json, Xml };

    Event() = default;
    Event(HeaderList headers, QByteArray body, bool hasBody, Format format = Format::Plain);

    // Decodes the body of an event message; a Decode error for anything else.
    [[nodiscard]] static Expected<Event> fromMessage(const Message &message);
    [[nodiscard]] static Expected<Event> fromPlain(const QByteArray &body);
    [[nodiscard]] static Expected<Event> fromJson(QByteArrayView body);
    [[nodiscard]] static Expected<Event> fromXml(QByteArrayView body);

    [[nodiscard]] Format format() const { return m_format; }

    // "CHANNEL_CREATE", or for CUSTOM events "CUSTOM conference::maintenance".
    [[nodiscard]] QString name() const;
    [[nodiscard]] QByteArrayView eventName() const { return m_headers.value("Event-Name"); }
    [[nodiscard]] QByteArrayView subclass() const { return m_headers.value("Event-Subclass"); }

    [[nodiscard]] const HeaderList &headers() const { return m_headers; }
    [[nodiscard]] QByteArrayView header(QByteArrayView name) const { return m_headers.value(name); }
    [[nodiscard]] bool hasHeader(QByteArrayView name) const { return m_headers.contains(name); }
    // The first value as text; a null QString when the header is missing.
    [[nodiscard]] QString text(QByteArrayView name) const { return m_headers.text(name); }
    // All values of a header: "ARRAY::a|:b" split, and repeated entries (xml) collected.
    [[nodiscard]] QStringList values(QByteArrayView name) const;

    [[nodiscard]] const QByteArray &body() const { return m_body; }
    [[nodiscard]] bool hasBody() const { return m_hasBody; }

    // The headers everything downstream keys on.
    [[nodiscard]] QString uniqueId() const { return text("Unique-ID"); }
    [[nodiscard]] QString channelCallUuid() const { return text("Channel-Call-UUID"); }
    [[nodiscard]] QString otherLegUniqueId() const { return text("Other-Leg-Unique-ID"); }
    [[nodiscard]] QString jobUuid() const { return text("Job-UUID"); }
    [[nodiscard]] QString applicationUuid() const { return text("Application-UUID"); }
    [[nodiscard]] QString coreUuid() const { return text("Core-UUID"); }
    // Event-Date-Timestamp: microseconds since the epoch; -1 when missing or not a number.
    [[nodiscard]] qint64 timestamp() const;
    // Event-Sequence: the switch-wide counter; -1 when missing or not a number.
    [[nodiscard]] qint64 sequence() const;
    // A channel variable: variable("sip_user_agent") reads "variable_sip_user_agent".
    [[nodiscard]] QString variable(QByteArrayView name) const;

    // Same name, body and values header by header, whatever format each came in. The
    // Content-Length header (which json and plain list and xml does not) is left out.
    [[nodiscard]] bool isEquivalent(const Event &other) const;

    // The whole message (outer headers included) exactly as the switch would send this event.
    [[nodiscard]] QByteArray toPlainMessage() const;
    [[nodiscard]] QByteArray toJsonMessage() const;
    [[nodiscard]] QByteArray toXmlMessage() const;
    [[nodiscard]] QByteArray toMessage(Format format) const;

private:
    HeaderList m_headers;
    QByteArray m_body;
    bool m_hasBody = false;
    Format m_format = Format::Plain;
};

// Splits FreeSWITCH's multi-value notation: "ARRAY::a|:b|:c" -> [a, b, c]; anything else -> [v].
[[nodiscard]] QList<QByteArrayView> splitArrayValue(QByteArrayView value);

} // namespace Esl
