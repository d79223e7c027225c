#pragma once
// The api requests a broker connection has sent and not yet had answered. mod_amqp's command
// profile answers only to a reply exchange and routing key named in the request's headers
// (x-fs-api-resp-exchange, x-fs-api-resp-key) and copies no correlation id, so every request
// gets a reply key of its own ("<console>.<n>") and the key of the reply delivered says whose it
// is. One owner (the BrokerConnection, on its thread); a request is finished exactly once: by its
// reply, its timeout, or failAll() when the broker goes away. A reply that comes after its
// request gave up is dropped and counted.

#include "esl/reply.h"
#include "esl/wire/error.h"

#include "amqp/message.h"

#include <QFuture>
#include <QObject>

#include <QHash>

#include <memory>
#include <optional>

namespace Amqp {
class Client;
}

namespace Monitor {

class BrokerCommands : public QObject
{
    Q_OBJECT

public:
    // mod_amqp_command.c copies a command into a 10240-byte buffer: 10,239 bytes and a NUL.
    static constexpr qsizetype kMaxCommandBytes = 10239;
    // Requests waiting for a reply at once, beyond which a request is refused (Overloaded).
    static constexpr int kMaxPending = 10000;

    explicit BrokerCommands(QObject *parent = nullptr);
    ~BrokerCommands() override;

    // Where replies are to be sent: the connection's reply exchange, and the prefix of every
    // reply key (the binding of its reply queue is "<prefix>.#").
    void setReplyTarget(const QByteArray &exchange, const QByteArray &keyPrefix);
    [[nodiscard]] QByteArray replyKeyPrefix() const { return m_keyPrefix; }

    // The body mod_amqp would execute: the command as UTF-8, refused (InvalidArgument) when it
    // is empty, holds a CR or LF (the switch would run only up to the first line end) or is
    // longer than kMaxCommandBytes (the switch would cut it).
    [[nodiscard]] static Esl::Expected<QByteArray> commandBody(const QString &command);
    // On a watch-only broker link: why `command` (as mod_amqp runs it: an api command, or
    // "bgapi uuid:<job> <api command>") may not be published, as a Forbidden error; empty when
    // it only reads (Esl::isReadOnlyApi).
    [[nodiscard]] static std::optional<Esl::Error> watchOnlyRefusal(const QString &command);

    // Publishes `command` to `exchange` with `routingKey` (content_type text/plain, the reply
    // headers) through `client`, and returns the reply's future: the switch's output as an
    // api/response, or an error value (InvalidArgument, Overloaded, Timeout, Disconnected).
    QFuture<Esl::Reply> send(Amqp::Client *client, const QByteArray &exchange,
                             const QByteArray &routingKey, const QString &command, int timeoutMs);

    // A message from the reply queue.
    void takeReply(const Amqp::Message &message);
    // Fails every pending request (the broker connection went away: the reply queue with it).
    void failAll(const Esl::Error &error);

    [[nodiscard]] int pending() const { return int(m_pending.size()); }
    [[nodiscard]] qint64 lateReplies() const { return m_lateReplies; }
    [[nodiscard]] qint64 malformedReplies() const { return m_malformedReplies; }

Q_SIGNALS:
    // A reply came for no pending request (late, or never ours) or did not decode.
    void replyDropped(const QString &why);

private:
    struct Pending;
    void expire(const QByteArray &key);

    QByteArray m_exchange;
    QByteArray m_keyPrefix;
    quint64 m_nextRequest = 1;
    QHash<QByteArray, std::shared_ptr<Pending>> m_pending;
    qint64 m_lateReplies = 0;
    qint64 m_malformedReplies = 0;
};

} // namespace Monitor
