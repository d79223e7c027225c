#pragma once
// A RabbitMQ (AMQP 0-9-1) connection on a thread of its own, through Debian's rabbitmq-c
// (librabbitmq), whose API blocks. The owner (on any thread with an event loop) configures it,
// publishes through it and receives what its queues deliver in batches: the worker collects the
// messages that are ready (up to a batch size, or what arrived within a few ms) and hands each
// batch over with one call, never one queued call per message.
//
// The topology (exchanges, queues with their bounds, bindings, consumers) is declared again
// after every reconnect, so a broker restart costs the owner nothing but a re-sync: server-named
// queues get new names, which queueDeclared() reports.
//
// THREADING: every public method is called on the owner's thread. Signals are emitted on the
// owner's thread, except that a BatchHandler (setBatchHandler) runs on the worker thread, for a
// consumer that decodes there before handing results to its own thread.

#include "message.h"

#include <QObject>
#include <QString>

#include <functional>
#include <memory>

namespace Amqp {

struct ConnectionOptions
{
    QString host = QStringLiteral("127.0.0.1");
    quint16 port = 5672;
    QString vhost = QStringLiteral("/");
    QString user = QStringLiteral("guest");
    QString password = QStringLiteral("guest");
    bool tls = false;         // amqps://
    QString caFile;           // PEM bundle to verify the broker with (empty: system default)
    bool verifyPeer = true;   // check the broker's certificate chain
    bool verifyHostname = true;
    QString certFile, keyFile; // client certificate (optional)
    // pin=sha256//BASE64 (curl's --pinnedpubkey form, as eslcat's --pin): the SHA-256 of the
    // broker's public key (SubjectPublicKeyInfo). When set, that key and no other is trusted,
    // whatever the CAs and the host name say; another key fails the connection (State::Failed).
    QString pinnedKey;
    int heartbeatSeconds = 20; // 0: none
    int connectTimeoutMs = 5000;
    int frameMax = 131072;

    // amqp[s]://user:password@host:port/vhost?heartbeat=20&cacertfile=...&verify=verify_none
    // (&pin=sha256//... on amqps)
    // (the RabbitMQ URI spec; vhost percent-decoded, "" and "/" both mean "/"). Empty `error`
    // on success.
    [[nodiscard]] static ConnectionOptions fromUrl(const QString &url, QString *error);
    // The URL again, without the password (for the window and logs).
    [[nodiscard]] QString describe() const;

    friend bool operator==(const ConnectionOptions &, const ConnectionOptions &) = default;
};

struct ExchangeSpec
{
    QByteArray name;
    QByteArray type = "topic";
    bool durable = true;
    bool passive = false; // only check that it exists
    friend bool operator==(const ExchangeSpec &, const ExchangeSpec &) = default;
};

struct QueueSpec
{
    QByteArray name; // empty: server-named (amq.gen-…)
    bool exclusive = true;
    bool autoDelete = true;
    bool durable = false;
    qint64 maxLength = -1;          // x-max-length; -1: unbounded
    bool overflowDropHead = true;   // x-overflow drop-head (else reject-publish)
    QByteArray deadLetterExchange;  // x-dead-letter-exchange (drop-head dead-letters there)
    QByteArray deadLetterRoutingKey;
    int prefetch = 0;               // basic.qos for its consumer; 0: unlimited
    bool consume = true;            // start a consumer on it
    bool noAck = false;             // false: the worker acks each batch once handed over
    friend bool operator==(const QueueSpec &, const QueueSpec &) = default;
};

struct Binding
{
    QByteArray exchange;
    QByteArray routingKey;
    // Which QueueSpec (by index in the topology) the binding is for, so that server-named
    // queues can be bound before their names are known.
    int queueIndex = 0;
    friend bool operator==(const Binding &, const Binding &) = default;
};

struct Topology
{
    QList<ExchangeSpec> exchanges;
    QList<QueueSpec> queues;
    QList<Binding> bindings;
};

// Failed: the broker refused the login or the vhost, or showed another key than the pinned one
// (ConnectionOptions::pinnedKey); the client waits for reconnectNow(). Any other failure
// (unreachable, a TLS handshake, a certificate not trusted) is Reconnecting: tried
// again with backoff, lastError() saying why, so a broker that gets a good certificate or comes
// back is reached without the operator.
enum class State { Disconnected, Connecting, Live, Reconnecting, Failed };

class Client : public QObject
{
    Q_OBJECT

public:
    explicit Client(ConnectionOptions options, QObject *parent = nullptr);
    ~Client() override; // stops the worker and closes the connection

    [[nodiscard]] const ConnectionOptions &options() const;
    [[nodiscard]] State state() const;
    [[nodiscard]] QString lastError() const;

    // Set before start(); applied again after each reconnect. setTopology() while live applies
    // the difference (new bindings bound, removed ones unbound) without reconnecting; a change
    // of exchanges or queues declares everything again on a fresh connection.
    void setTopology(const Topology &topology);
    [[nodiscard]] Topology topology() const;

    // Runs on the worker thread with every batch (in order, per queue index). Without one,
    // batches are emitted as messagesReceived on the owner's thread. The handler, the batch
    // limits, the backoff and the message size limit are taken at each (re)connect: set them
    // before start().
    using BatchHandler = std::function<void(int queueIndex, QList<Message> &&batch)>;
    void setBatchHandler(BatchHandler handler);
    void setBatchLimits(int maxMessages = 512, int maxWaitMs = 5);

    // Reconnect with capped exponential backoff (first 1 s, doubling, at most maxMs).
    void setReconnectBackoff(int firstMs = 1000, int maxMs = 30000);

    // A delivered message whose body is larger than this is read off the wire, dropped and
    // counted (errorOccurred says so), never held. Default 64 MiB.
    void setMaxMessageBytes(qint64 bytes);
    [[nodiscard]] quint64 droppedMessages() const;

    void start();
    void stop();
    void reconnectNow();

    // Queued to the worker (bounded: at most `maxQueuedPublishes`, beyond which the publish is
    // refused and returns false with lastError saying so). Published in order; while the
    // broker is away they wait (still bounded) and go out after the reconnect. stop() sends
    // what is queued before closing when the connection is live.
    bool publish(const Message &message);
    void setMaxQueuedPublishes(int count);

    // The current message count of a queue of the topology (passive declare), asked on the
    // worker; the answer comes back as queueDepth().
    void requestQueueDepth(int queueIndex);

Q_SIGNALS:
    void stateChanged(Amqp::State state);
    // The broker named (or confirmed) a queue of the topology; again after each reconnect.
    void queueDeclared(int queueIndex, const QByteArray &name);
    // Every queue bound and every consumer started: messages flow.
    void ready();
    void messagesReceived(int queueIndex, const QList<Amqp::Message> &batch);
    void queueDepth(int queueIndex, qint64 messages, qint64 consumers);
    void errorOccurred(const QString &message);
    void publishFailed(const Amqp::Message &message, const QString &error);

private:
    struct Private;
    std::unique_ptr<Private> d;
};

[[nodiscard]] QString stateName(State state);

} // namespace Amqp
