#pragma once
// One AMQP connection through rabbitmq-c, used only on the client's worker thread: open it (TCP
// or TLS, login, channels), declare a topology, bind and unbind, publish, ask a queue's depth,
// read frames one at a time, and close. Failures come back as sentences (replytext.h); nothing
// throws. Three channels keep failures apart: a publish to a missing exchange or a depth query
// for a missing queue costs its own channel (reopened), never the consumers'.

#include "certificatecheck.h"
#include "client.h"
#include "replytext.h"

#include <amqp.h>

namespace Amqp::Detail {

inline constexpr amqp_channel_t consumeChannel = 1;
inline constexpr amqp_channel_t queryChannel = 2;
inline constexpr amqp_channel_t publishChannel = 3;

class BrokerSession
{
public:
    explicit BrokerSession(ConnectionOptions options);
    ~BrokerSession();
    BrokerSession(const BrokerSession &) = delete;
    BrokerSession &operator=(const BrokerSession &) = delete;

    // Socket, TLS, login, channels. On failure `refused` says the broker refused the login or
    // the vhost (retrying would not help until someone changes the profile).
    bool open(QString *error, bool *refused);

    // Exchanges, queues (their names into `names`), bindings, qos and consumers. Consumer tags
    // are consumerTag(queueIndex).
    bool declare(const Topology &topology, QList<QByteArray> *names, ReplyFailure *failure);
    bool bind(const QByteArray &queue, const Binding &binding, bool unbind, ReplyFailure *failure);

    // Passive declare on the query channel; a missing queue costs only that channel.
    bool queueDepth(const QByteArray &queue, qint64 *messages, qint64 *consumers, QString *error);

    // False when the connection is broken (the caller reconnects).
    bool publish(const Message &message, QString *error);
    bool ack(quint64 deliveryTag, QString *error);

    // The next frame, waiting at most timeoutMs (0: only what is already there). Returns an
    // AMQP_STATUS_* value; AMQP_STATUS_TIMEOUT when nothing came.
    int readFrame(amqp_frame_t *frame, int timeoutMs);
    // Answers a server's channel.close (close-ok) and marks the channel for reopening.
    void acknowledgeChannelClose(amqp_channel_t channel);
    void acknowledgeConnectionClose();
    void sendHeartbeat();
    void releaseBuffers();

    [[nodiscard]] int socketFd() const;
    [[nodiscard]] int heartbeatSeconds() const;
    [[nodiscard]] QString where() const; // "host:port"
    void close();

    [[nodiscard]] static QByteArray consumerTag(int queueIndex);
    [[nodiscard]] static int queueIndexOfTag(QByteArrayView tag); // -1 when not ours

private:
    bool openChannel(amqp_channel_t channel, QString *error);
    bool ensureChannel(amqp_channel_t channel, QString *error);

    ConnectionOptions m_options;
    CertificateCheck m_certificateCheck; // the TLS socket's SSL_CTX points here until close()
    amqp_connection_state_t m_conn = nullptr;
    bool m_loggedIn = false;
    bool m_queryChannelOpen = false;
    bool m_publishChannelOpen = false;
};

} // namespace Amqp::Detail
