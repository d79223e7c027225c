#pragma once
// What went wrong, in words an operator can act on: rabbitmq-c's status codes and replies
// (library errors, a server closing a channel or the connection with a reply code) turned into
// one sentence naming the broker and what the client was doing. Used only by the worker.

#include <QString>

#include <amqp.h>

namespace Amqp::Detail {

// "ACCESS_REFUSED" for 403 and so on; the number as text for a code AMQP does not name.
[[nodiscard]] QString replyCodeName(int code);

// What a server's reply said, or why the library gave up.
struct ReplyFailure
{
    QString text;
    int replyCode = 0;           // the server's reply code, 0 for a library error
    bool connectionClosed = false; // the server closed the connection, not just a channel
    int channel = 0;             // the channel a channel.close came on
};

// Empty text when `reply` is normal. `doing` says what was asked ("declaring queue 0").
[[nodiscard]] ReplyFailure describeReply(const amqp_rpc_reply_t &reply, const QString &doing);

// A library status (AMQP_STATUS_*) with the errno seen right after it, for socket errors.
[[nodiscard]] QString describeStatus(int status, int savedErrno);

// The sentence for a server's channel.close or connection.close.
[[nodiscard]] QString describeClose(int code, const QByteArray &serverText, const QString &doing,
                                    bool connection);

} // namespace Amqp::Detail
