#pragma once
// One AMQP 0-9-1 message as Switchboard sends and receives it through RabbitMQ: the publish
// target (exchange, routing key), the few basic properties mod_amqp uses, and the body. Plain
// data, no library types, so that the simulator, the broker link and the tests share it.

#include <QByteArray>
#include <QList>

namespace Amqp {

// One entry of the message's `headers` table. mod_amqp writes string headers
// (x-fs-api-resp-exchange, x-fs-api-resp-key) and one timestamp header on events
// (x_Liquid_MessageSentTimeStamp); other AMQP field types are read as their text.
struct Header
{
    QByteArray name;
    QByteArray text;      // the value of a string (or other non-timestamp) header
    qint64 timestamp = -1; // seconds since the epoch when the header is of type timestamp

    [[nodiscard]] bool isTimestamp() const { return timestamp >= 0; }
    friend bool operator==(const Header &, const Header &) = default;
};

struct Message
{
    QByteArray exchange;
    QByteArray routingKey;
    QByteArray contentType; // empty: no content_type property
    QList<Header> headers;
    qint64 timestamp = -1; // the basic `timestamp` property (seconds); -1: absent
    QByteArray body;

    // Set on messages received from a queue.
    bool redelivered = false;
    quint64 deliveryTag = 0;

    // The string value of a header, or a null QByteArray.
    [[nodiscard]] QByteArray header(QByteArrayView name) const
    {
        for (const Header &h : headers) {
            if (h.name == name)
                return h.text.isNull() ? QByteArray("") : h.text;
        }
        return {};
    }
};

} // namespace Amqp
