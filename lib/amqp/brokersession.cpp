#include "brokersession.h"

#include "connectprobe.h"
#include "messagecodec.h"

#include <amqp_framing.h>
#include <amqp_ssl_socket.h>
#include <amqp_tcp_socket.h>

#include <QFileInfo>

#include <cerrno>
#include <sys/time.h>

namespace Amqp::Detail {

namespace {

timeval timevalOf(int ms)
{
    return timeval{ms / 1000, (ms % 1000) * 1000};
}

// Debian's bundle of trusted CAs, for amqps without cacertfile= (rabbitmq-c loads none itself).
const char systemCaBundle[] = "/etc/ssl/certs/ca-certificates.crt";

} // namespace

BrokerSession::BrokerSession(ConnectionOptions options) : m_options(std::move(options)) {}

BrokerSession::~BrokerSession()
{
    close();
}

QString BrokerSession::where() const
{
    return m_options.host.contains(u':')
               ? QStringLiteral("[%1]:%2").arg(m_options.host).arg(m_options.port)
               : QStringLiteral("%1:%2").arg(m_options.host).arg(m_options.port);
}

bool BrokerSession::open(QString *error, bool *refused)
{
    *refused = false;
    close();
    m_conn = amqp_new_connection();
    if (!m_conn) {
        *error = QStringLiteral("out of memory creating an AMQP connection");
        return false;
    }
    const QString at = (m_options.tls ? QStringLiteral("amqps://") : QStringLiteral("amqp://")) + where();
    amqp_socket_t *socket = nullptr;
    if (m_options.tls) {
        socket = amqp_ssl_socket_new(m_conn);
        if (!socket) {
            *error = QStringLiteral("cannot create a TLS socket for %1").arg(at);
            return false;
        }
        // A pin names the one key to trust, whoever signed it and whatever names it carries:
        // the certificate check decides during the handshake, rabbitmq-c's own checks are off.
        const bool pinned = !m_options.pinnedKey.isEmpty();
        m_certificateCheck.watch(amqp_ssl_socket_get_context(socket), m_options.pinnedKey);
        amqp_ssl_socket_set_verify_peer(socket, m_options.verifyPeer && !pinned ? 1 : 0);
        amqp_ssl_socket_set_verify_hostname(socket, m_options.verifyHostname && !pinned ? 1 : 0);
        const QString ca = m_options.caFile.isEmpty() && m_options.verifyPeer && !pinned
                               ? QString::fromLatin1(systemCaBundle)
                               : m_options.caFile;
        if (!ca.isEmpty() && amqp_ssl_socket_set_cacert(socket, QFile::encodeName(ca).constData())
                                 != AMQP_STATUS_OK) {
            *error = QStringLiteral("cannot read the CA file %1 for %2").arg(ca, at);
            return false;
        }
        if (!m_options.certFile.isEmpty()
            && amqp_ssl_socket_set_key(socket, QFile::encodeName(m_options.certFile).constData(),
                                       QFile::encodeName(m_options.keyFile).constData())
                   != AMQP_STATUS_OK) {
            *error = QStringLiteral("cannot read the client certificate %1 or key %2 for %3")
                         .arg(m_options.certFile, m_options.keyFile, at);
            return false;
        }
    } else {
        socket = amqp_tcp_socket_new(m_conn);
        if (!socket) {
            *error = QStringLiteral("cannot create a socket for %1").arg(at);
            return false;
        }
    }
    const timeval connectTimeout = timevalOf(qMax(1, m_options.connectTimeoutMs));
    errno = 0;
    const int opened = amqp_socket_open_noblock(socket, m_options.host.toUtf8().constData(),
                                                m_options.port, &connectTimeout);
    int savedErrno = errno;
    if (opened == AMQP_STATUS_SOCKET_ERROR && (savedErrno == 0 || savedErrno == EINPROGRESS))
        savedErrno = probeConnectError(m_options.host, m_options.port, m_options.connectTimeoutMs);
    // Another key than the pinned one is not a broker to try again: someone must look (a
    // renewed certificate with a new key, or not the broker at all), as for a refused login.
    if (m_options.tls && !m_options.pinnedKey.isEmpty()
        && (m_certificateCheck.pinMismatch()
            || (opened == AMQP_STATUS_OK && !m_certificateCheck.pinMatched()))) {
        *error = QStringLiteral("RabbitMQ at %1 is not trusted: %2")
                     .arg(at, m_certificateCheck.pinRefusal());
        *refused = true;
        close();
        return false;
    }
    // A refused certificate is not an unreachable broker: say what was checked and what failed.
    if (opened == AMQP_STATUS_SSL_PEER_VERIFY_FAILED) {
        const bool systemBundle = m_options.caFile.isEmpty();
        *error =
            QStringLiteral("RabbitMQ at %1 is not trusted: %2")
                .arg(at, m_certificateCheck.peerRefusal(
                             systemBundle ? QString::fromLatin1(systemCaBundle) : m_options.caFile,
                             systemBundle));
        return false;
    }
    if (opened == AMQP_STATUS_SSL_HOSTNAME_VERIFY_FAILED) {
        *error = QStringLiteral("RabbitMQ at %1 is not trusted: %2")
                     .arg(at, m_certificateCheck.hostnameRefusal(m_options.host));
        return false;
    }
    if (opened != AMQP_STATUS_OK) {
        *error = opened == AMQP_STATUS_TIMEOUT
                     ? QStringLiteral("cannot reach RabbitMQ at %1: no answer within %2 ms")
                           .arg(at)
                           .arg(m_options.connectTimeoutMs)
                     : QStringLiteral("cannot reach RabbitMQ at %1: %2")
                           .arg(at, describeStatus(opened, savedErrno));
        return false;
    }
    // Without these a silent broker would hold the worker (and stop()) for ever.
    const timeval handshake = timevalOf(qMax(1000, m_options.connectTimeoutMs));
    amqp_set_handshake_timeout(m_conn, &handshake);
    const timeval rpc = timevalOf(qMax(10000, 2 * m_options.connectTimeoutMs));
    amqp_set_rpc_timeout(m_conn, &rpc);

    const int frameMax = qBound(4096, m_options.frameMax, 1 << 20);
    const amqp_rpc_reply_t login = amqp_login(
        m_conn, m_options.vhost.toUtf8().constData(), 0, frameMax,
        qBound(0, m_options.heartbeatSeconds, 65535), AMQP_SASL_METHOD_PLAIN,
        m_options.user.toUtf8().constData(), m_options.password.toUtf8().constData());
    if (login.reply_type != AMQP_RESPONSE_NORMAL) {
        ReplyFailure failure = describeReply(login, QStringLiteral("logging in to %1").arg(at));
        if (login.reply_type == AMQP_RESPONSE_SERVER_EXCEPTION) {
            *refused = failure.replyCode == AMQP_ACCESS_REFUSED
                       || failure.replyCode == AMQP_NOT_ALLOWED;
            if (failure.connectionClosed)
                acknowledgeConnectionClose();
        } else if (login.library_error == AMQP_STATUS_CONNECTION_CLOSED
                   || login.library_error == AMQP_STATUS_SOCKET_ERROR) {
            failure.text = QStringLiteral("RabbitMQ at %1 closed the connection during the login "
                                          "(a wrong port, a TLS listener, or the login refused)")
                               .arg(at);
        }
        *error = failure.text;
        close();
        return false;
    }
    m_loggedIn = true;
    if (!openChannel(consumeChannel, error))
        return false;
    m_queryChannelOpen = openChannel(queryChannel, error);
    m_publishChannelOpen = m_queryChannelOpen && openChannel(publishChannel, error);
    return m_publishChannelOpen;
}

bool BrokerSession::openChannel(amqp_channel_t channel, QString *error)
{
    amqp_channel_open(m_conn, channel);
    const ReplyFailure failure = describeReply(amqp_get_rpc_reply(m_conn),
                                               QStringLiteral("opening channel %1").arg(channel));
    if (!failure.text.isEmpty()) {
        *error = failure.text;
        return false;
    }
    return true;
}

bool BrokerSession::ensureChannel(amqp_channel_t channel, QString *error)
{
    bool &open = channel == queryChannel ? m_queryChannelOpen : m_publishChannelOpen;
    if (!open)
        open = openChannel(channel, error);
    return open;
}

bool BrokerSession::declare(const Topology &topology, QList<QByteArray> *names,
                            ReplyFailure *failure)
{
    const auto failed = [&](const QString &doing) {
        *failure = describeReply(amqp_get_rpc_reply(m_conn), doing);
        return !failure->text.isEmpty();
    };
    for (const ExchangeSpec &exchange : topology.exchanges) {
        amqp_exchange_declare(m_conn, consumeChannel, bytesOf(exchange.name), bytesOf(exchange.type),
                              exchange.passive, exchange.durable, 0, 0, amqp_empty_table);
        if (failed(QStringLiteral("declaring exchange %1").arg(QString::fromUtf8(exchange.name))))
            return false;
    }
    names->clear();
    for (qsizetype i = 0; i < topology.queues.size(); ++i) {
        const QueueSpec &queue = topology.queues[i];
        QByteArray overflow = queue.overflowDropHead ? QByteArray("drop-head") : QByteArray("reject-publish");
        amqp_table_entry_t entries[4];
        int count = 0;
        if (queue.maxLength >= 0) {
            entries[count].key = amqp_cstring_bytes("x-max-length");
            entries[count].value.kind = AMQP_FIELD_KIND_I64;
            entries[count++].value.value.i64 = queue.maxLength;
            entries[count].key = amqp_cstring_bytes("x-overflow");
            entries[count].value.kind = AMQP_FIELD_KIND_UTF8;
            entries[count++].value.value.bytes = bytesOf(overflow);
        }
        if (!queue.deadLetterExchange.isEmpty()) {
            entries[count].key = amqp_cstring_bytes("x-dead-letter-exchange");
            entries[count].value.kind = AMQP_FIELD_KIND_UTF8;
            entries[count++].value.value.bytes = bytesOf(queue.deadLetterExchange);
        }
        if (!queue.deadLetterRoutingKey.isEmpty()) {
            entries[count].key = amqp_cstring_bytes("x-dead-letter-routing-key");
            entries[count].value.kind = AMQP_FIELD_KIND_UTF8;
            entries[count++].value.value.bytes = bytesOf(queue.deadLetterRoutingKey);
        }
        const amqp_table_t arguments{count, entries};
        const amqp_queue_declare_ok_t *ok
            = amqp_queue_declare(m_conn, consumeChannel, bytesOf(queue.name), 0, queue.durable,
                                 queue.exclusive, queue.autoDelete, arguments);
        const QString what = queue.name.isEmpty() ? QStringLiteral("declaring queue %1").arg(i)
                                                  : QStringLiteral("declaring queue %1").arg(QString::fromUtf8(queue.name));
        if (failed(what) || !ok)
            return false;
        names->append(toByteArray(ok->queue));
    }
    for (const Binding &binding : topology.bindings) {
        if (binding.queueIndex < 0 || binding.queueIndex >= names->size()) {
            failure->text = QStringLiteral("a binding names queue %1, but the topology has %2 queues")
                                .arg(binding.queueIndex)
                                .arg(names->size());
            return false;
        }
        if (!bind(names->at(binding.queueIndex), binding, false, failure))
            return false;
    }
    for (qsizetype i = 0; i < topology.queues.size(); ++i) {
        const QueueSpec &queue = topology.queues[i];
        if (!queue.consume)
            continue;
        amqp_basic_qos(m_conn, consumeChannel, 0, quint16(qBound(0, queue.prefetch, 65535)), 0);
        if (failed(QStringLiteral("setting the prefetch of queue %1").arg(i)))
            return false;
        amqp_basic_consume(m_conn, consumeChannel, bytesOf(names->at(i)), bytesOf(consumerTag(int(i))),
                           0, queue.noAck, 0, amqp_empty_table);
        if (failed(QStringLiteral("consuming from queue %1").arg(QString::fromUtf8(names->at(i)))))
            return false;
    }
    return true;
}

bool BrokerSession::bind(const QByteArray &queue, const Binding &binding, bool unbind,
                         ReplyFailure *failure)
{
    if (unbind)
        amqp_queue_unbind(m_conn, consumeChannel, bytesOf(queue), bytesOf(binding.exchange),
                          bytesOf(binding.routingKey), amqp_empty_table);
    else
        amqp_queue_bind(m_conn, consumeChannel, bytesOf(queue), bytesOf(binding.exchange),
                        bytesOf(binding.routingKey), amqp_empty_table);
    *failure = describeReply(amqp_get_rpc_reply(m_conn),
                             QStringLiteral("%1 queue %2 to %3 with key \"%4\"")
                                 .arg(unbind ? QStringLiteral("unbinding") : QStringLiteral("binding"),
                                      QString::fromUtf8(queue), QString::fromUtf8(binding.exchange),
                                      QString::fromUtf8(binding.routingKey)));
    return failure->text.isEmpty();
}

bool BrokerSession::queueDepth(const QByteArray &queue, qint64 *messages, qint64 *consumers,
                               QString *error)
{
    if (!ensureChannel(queryChannel, error))
        return false;
    const amqp_queue_declare_ok_t *ok
        = amqp_queue_declare(m_conn, queryChannel, bytesOf(queue), 1, 0, 0, 0, amqp_empty_table);
    const ReplyFailure failure = describeReply(
        amqp_get_rpc_reply(m_conn), QStringLiteral("asking the depth of queue %1").arg(QString::fromUtf8(queue)));
    if (!failure.text.isEmpty() || !ok) {
        *error = failure.text;
        if (!failure.connectionClosed)
            acknowledgeChannelClose(queryChannel);
        return false;
    }
    *messages = ok->message_count;
    *consumers = ok->consumer_count;
    return true;
}

bool BrokerSession::publish(const Message &message, QString *error)
{
    if (!ensureChannel(publishChannel, error))
        return false;
    const PublishProperties properties(message);
    const int status = amqp_basic_publish(m_conn, publishChannel, bytesOf(message.exchange),
                                          bytesOf(message.routingKey), 0, 0, properties.get(),
                                          bytesOf(message.body));
    if (status != AMQP_STATUS_OK) {
        *error = QStringLiteral("publishing to %1 failed: %2")
                     .arg(where(), describeStatus(status, errno));
        return false;
    }
    return true;
}

bool BrokerSession::ack(quint64 deliveryTag, QString *error)
{
    const int status = amqp_basic_ack(m_conn, consumeChannel, deliveryTag, 1);
    if (status != AMQP_STATUS_OK) {
        *error = QStringLiteral("acknowledging deliveries failed: %1").arg(describeStatus(status, errno));
        return false;
    }
    return true;
}

int BrokerSession::readFrame(amqp_frame_t *frame, int timeoutMs)
{
    const timeval timeout = timevalOf(qMax(0, timeoutMs));
    return amqp_simple_wait_frame_noblock(m_conn, frame, &timeout);
}

void BrokerSession::acknowledgeChannelClose(amqp_channel_t channel)
{
    amqp_channel_close_ok_t closeOk{};
    amqp_send_method(m_conn, channel, AMQP_CHANNEL_CLOSE_OK_METHOD, &closeOk);
    if (channel == queryChannel)
        m_queryChannelOpen = false;
    if (channel == publishChannel)
        m_publishChannelOpen = false;
}

void BrokerSession::acknowledgeConnectionClose()
{
    amqp_connection_close_ok_t closeOk{};
    amqp_send_method(m_conn, 0, AMQP_CONNECTION_CLOSE_OK_METHOD, &closeOk);
    m_loggedIn = false; // nothing more to say on this connection
}

void BrokerSession::sendHeartbeat()
{
    amqp_frame_t heartbeat{};
    heartbeat.frame_type = AMQP_FRAME_HEARTBEAT;
    heartbeat.channel = 0;
    amqp_send_frame(m_conn, &heartbeat);
}

void BrokerSession::releaseBuffers()
{
    amqp_maybe_release_buffers(m_conn);
}

int BrokerSession::socketFd() const
{
    return m_conn ? amqp_get_sockfd(m_conn) : -1;
}

int BrokerSession::heartbeatSeconds() const
{
    return m_conn ? amqp_get_heartbeat(m_conn) : 0;
}

void BrokerSession::close()
{
    if (!m_conn)
        return;
    if (m_loggedIn && amqp_get_sockfd(m_conn) >= 0) {
        // A short goodbye: the broker is told, but a dead one must not hold us.
        const timeval quick = timevalOf(1000);
        amqp_set_rpc_timeout(m_conn, &quick);
        amqp_connection_close(m_conn, AMQP_REPLY_SUCCESS);
    }
    amqp_destroy_connection(m_conn);
    m_conn = nullptr;
    m_loggedIn = false;
    m_queryChannelOpen = m_publishChannelOpen = false;
}

QByteArray BrokerSession::consumerTag(int queueIndex)
{
    return "switchboard.q" + QByteArray::number(queueIndex);
}

int BrokerSession::queueIndexOfTag(QByteArrayView tag)
{
    if (!tag.startsWith("switchboard.q"))
        return -1;
    bool ok = false;
    const int index = tag.sliced(13).toByteArray().toInt(&ok);
    return ok && index >= 0 ? index : -1;
}

} // namespace Amqp::Detail
