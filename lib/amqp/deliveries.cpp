// The worker's reading side: frames from rabbitmq-c assembled into messages by hand (not
// amqp_consume_message, which allocates whatever body size the header frame announces), then
// gathered into one batch per queue and handed over with one call.
#include "messagecodec.h"
#include "worker.h"

#include <amqp_framing.h>

namespace Amqp::Detail {

namespace {

// Frames read per turn before the loop looks at its requests again.
constexpr int framesPerTurn = 4096;

QString protocolError(const QString &what)
{
    return QStringLiteral("RabbitMQ sent frames out of order (%1); reconnecting").arg(what);
}

} // namespace

bool Worker::readAvailable(QString *error, bool *drained)
{
    *drained = false;
    for (int n = 0; n < framesPerTurn; ++n) {
        amqp_frame_t frame;
        const int status = m_session->readFrame(&frame, 0);
        if (status == AMQP_STATUS_TIMEOUT) {
            *drained = true;
            return true;
        }
        if (status != AMQP_STATUS_OK) {
            *error = QStringLiteral("lost the connection to RabbitMQ at %1: %2")
                         .arg(m_session->where(), describeStatus(status, errno));
            return false;
        }
        if (!handleFrame(frame, error))
            return false;
        if (m_shared->batchesInFlight.load() >= maxBatchesInFlight)
            return true;
    }
    return true;
}

bool Worker::handleFrame(const amqp_frame_t &frame, QString *error)
{
    if (frame.frame_type == AMQP_FRAME_METHOD)
        return handleMethod(frame, error);
    if (frame.frame_type != AMQP_FRAME_HEADER && frame.frame_type != AMQP_FRAME_BODY)
        return true;
    if (frame.channel != consumeChannel || !m_incoming.active) {
        *error = protocolError(QStringLiteral("content without a delivery"));
        return false;
    }
    if (frame.frame_type == AMQP_FRAME_HEADER) {
        if (m_incoming.headerSeen || frame.payload.properties.class_id != AMQP_BASIC_CLASS) {
            *error = protocolError(QStringLiteral("a second or foreign content header"));
            return false;
        }
        m_incoming.headerSeen = true;
        m_incoming.bodySize = frame.payload.properties.body_size;
        const auto *properties
            = static_cast<const amqp_basic_properties_t *>(frame.payload.properties.decoded);
        if (properties)
            readProperties(*properties, &m_incoming.message);
        if (m_incoming.bodySize > quint64(m_settings.maxMessageBytes)) {
            m_incoming.dropping = true;
            m_shared->droppedMessages.fetch_add(1);
            postError(QStringLiteral("dropped a message of %1 bytes from %2 (key %3): larger "
                                     "than the %4-byte limit")
                          .arg(m_incoming.bodySize)
                          .arg(QString::fromUtf8(m_incoming.message.exchange),
                               QString::fromUtf8(m_incoming.message.routingKey))
                          .arg(m_settings.maxMessageBytes));
        } else {
            m_incoming.message.body.reserve(qsizetype(m_incoming.bodySize));
        }
        return m_incoming.bodySize > 0 || completeDelivery(error);
    }
    if (!m_incoming.headerSeen) {
        *error = protocolError(QStringLiteral("a body before its header"));
        return false;
    }
    const amqp_bytes_t fragment = frame.payload.body_fragment;
    m_incoming.received += fragment.len;
    if (m_incoming.received > m_incoming.bodySize) {
        *error = protocolError(QStringLiteral("a body longer than announced"));
        return false;
    }
    if (!m_incoming.dropping)
        m_incoming.message.body.append(static_cast<const char *>(fragment.bytes),
                                       qsizetype(fragment.len));
    return m_incoming.received < m_incoming.bodySize || completeDelivery(error);
}

bool Worker::handleMethod(const amqp_frame_t &frame, QString *error)
{
    const amqp_method_t &method = frame.payload.method;
    switch (method.id) {
    case AMQP_BASIC_DELIVER_METHOD: {
        const auto *deliver = static_cast<const amqp_basic_deliver_t *>(method.decoded);
        const int index = BrokerSession::queueIndexOfTag(
            QByteArrayView(static_cast<const char *>(deliver->consumer_tag.bytes),
                           qsizetype(deliver->consumer_tag.len)));
        if (m_incoming.active || frame.channel != consumeChannel || index < 0
            || index >= m_topology.queues.size()) {
            *error = protocolError(QStringLiteral("a delivery inside another or for no consumer of ours"));
            return false;
        }
        m_incoming = {};
        m_incoming.active = true;
        m_incoming.queueIndex = index;
        m_incoming.message.exchange = toByteArray(deliver->exchange);
        m_incoming.message.routingKey = toByteArray(deliver->routing_key);
        m_incoming.message.redelivered = deliver->redelivered != 0;
        m_incoming.message.deliveryTag = deliver->delivery_tag;
        return true;
    }
    case AMQP_CHANNEL_CLOSE_METHOD: {
        const auto *close = static_cast<const amqp_channel_close_t *>(method.decoded);
        m_session->acknowledgeChannelClose(frame.channel);
        const QString text = describeClose(
            close->reply_code, toByteArray(close->reply_text),
            frame.channel == publishChannel ? QStringLiteral("publishing") : QStringLiteral("consuming"),
            false);
        if (frame.channel != consumeChannel) {
            postError(text); // its channel is opened again for the next publish or question
            return true;
        }
        *error = text;
        return false;
    }
    case AMQP_CONNECTION_CLOSE_METHOD: {
        const auto *close = static_cast<const amqp_connection_close_t *>(method.decoded);
        m_session->acknowledgeConnectionClose();
        *error = describeClose(close->reply_code, toByteArray(close->reply_text),
                               QStringLiteral("connected"), true);
        return false;
    }
    case AMQP_BASIC_CANCEL_METHOD:
        *error = QStringLiteral("RabbitMQ cancelled a consumer (was its queue deleted?); "
                                "declaring everything again");
        return false;
    default:
        return true; // basic.ack, channel.flow, connection.blocked…: nothing to do
    }
}

bool Worker::completeDelivery(QString *error)
{
    Incoming incoming = std::move(m_incoming);
    m_incoming = {};
    m_session->releaseBuffers();
    if (m_batch.queueIndex >= 0 && m_batch.queueIndex != incoming.queueIndex
        && !flushBatch(error))
        return false;
    if (m_batch.queueIndex < 0) {
        m_batch.queueIndex = incoming.queueIndex;
        m_batch.ack = !m_topology.queues[incoming.queueIndex].noAck;
        m_batch.started.start();
    }
    m_batch.lastTag = incoming.message.deliveryTag;
    if (!incoming.dropping)
        m_batch.messages.append(std::move(incoming.message));
    if (m_batch.messages.size() >= qMax(1, m_settings.maxBatchMessages))
        return flushBatch(error);
    return true;
}

int Worker::batchWaitLeftMs() const
{
    if (m_batch.queueIndex < 0)
        return 0;
    return int(qMax<qint64>(0, m_settings.maxBatchWaitMs - m_batch.started.elapsed()));
}

bool Worker::flushBatch(QString *error, bool ack)
{
    if (m_batch.queueIndex < 0)
        return true;
    Batch batch = std::move(m_batch);
    m_batch = {};
    if (!batch.messages.isEmpty()) {
        if (m_settings.handler)
            m_settings.handler(batch.queueIndex, std::move(batch.messages));
        else
            postBatch(batch.queueIndex, std::move(batch.messages));
    }
    // Handed over: the broker may forget them (one ack for the whole batch).
    if (ack && batch.ack && !m_session->ack(batch.lastTag, error))
        return false;
    return true;
}

} // namespace Amqp::Detail
