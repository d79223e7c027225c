#include "replytext.h"

#include <amqp_framing.h>

#include <cstring>

namespace Amqp::Detail {

QString replyCodeName(int code)
{
    switch (code) {
    case 200: return QStringLiteral("REPLY_SUCCESS");
    case 311: return QStringLiteral("CONTENT_TOO_LARGE");
    case 313: return QStringLiteral("NO_CONSUMERS");
    case 320: return QStringLiteral("CONNECTION_FORCED");
    case 402: return QStringLiteral("INVALID_PATH");
    case 403: return QStringLiteral("ACCESS_REFUSED");
    case 404: return QStringLiteral("NOT_FOUND");
    case 405: return QStringLiteral("RESOURCE_LOCKED");
    case 406: return QStringLiteral("PRECONDITION_FAILED");
    case 501: return QStringLiteral("FRAME_ERROR");
    case 502: return QStringLiteral("SYNTAX_ERROR");
    case 503: return QStringLiteral("COMMAND_INVALID");
    case 504: return QStringLiteral("CHANNEL_ERROR");
    case 505: return QStringLiteral("UNEXPECTED_FRAME");
    case 506: return QStringLiteral("RESOURCE_ERROR");
    case 530: return QStringLiteral("NOT_ALLOWED");
    case 540: return QStringLiteral("NOT_IMPLEMENTED");
    case 541: return QStringLiteral("INTERNAL_ERROR");
    default: return QString::number(code);
    }
}

QString describeStatus(int status, int savedErrno)
{
    switch (status) {
    case AMQP_STATUS_SOCKET_ERROR:
    case AMQP_STATUS_TCP_ERROR:
        if (savedErrno != 0)
            return QString::fromLocal8Bit(std::strerror(savedErrno)).toLower();
        return QStringLiteral("a socket error");
    case AMQP_STATUS_CONNECTION_CLOSED:
    case AMQP_STATUS_SOCKET_CLOSED:
        return QStringLiteral("the broker closed the connection");
    case AMQP_STATUS_HEARTBEAT_TIMEOUT:
        return QStringLiteral("no heartbeat from the broker: the connection is dead");
    case AMQP_STATUS_TIMEOUT:
        return QStringLiteral("no answer in time");
    case AMQP_STATUS_HOSTNAME_RESOLUTION_FAILED:
        return QStringLiteral("the host name does not resolve");
    case AMQP_STATUS_SSL_CONNECTION_FAILED:
        return QStringLiteral("the TLS handshake failed (is it an amqps port, and does the "
                              "broker speak TLS there?)");
    case AMQP_STATUS_SSL_PEER_VERIFY_FAILED:
        return QStringLiteral("the broker's certificate is not trusted (check cacertfile=)");
    case AMQP_STATUS_SSL_HOSTNAME_VERIFY_FAILED:
        return QStringLiteral("the broker's certificate is for another host name");
    case AMQP_STATUS_SSL_ERROR:
        return QStringLiteral("a TLS error");
    case AMQP_STATUS_BAD_AMQP_DATA:
    case AMQP_STATUS_UNKNOWN_CLASS:
    case AMQP_STATUS_UNKNOWN_METHOD:
    case AMQP_STATUS_UNEXPECTED_STATE:
    case AMQP_STATUS_WRONG_METHOD:
        return QStringLiteral("the broker sent something that is not AMQP 0-9-1 as expected (%1)")
            .arg(QString::fromUtf8(amqp_error_string2(status)));
    case AMQP_STATUS_INCOMPATIBLE_AMQP_VERSION:
        return QStringLiteral("the server does not speak AMQP 0-9-1");
    default:
        return QString::fromUtf8(amqp_error_string2(status));
    }
}

QString describeClose(int code, const QByteArray &serverText, const QString &doing, bool connection)
{
    const QString name = replyCodeName(code);
    const QString said = QString::fromUtf8(serverText.left(1024));
    if (code == AMQP_ACCESS_REFUSED && said.contains(u"vhost"))
        return QStringLiteral("RabbitMQ refused access to the vhost (ACCESS_REFUSED): %1").arg(said);
    if (code == AMQP_ACCESS_REFUSED && (said.contains(u"login", Qt::CaseInsensitive)
                                        || doing.startsWith(u"logging in")))
        return QStringLiteral("RabbitMQ refused the login (ACCESS_REFUSED): check user and password");
    if (code == AMQP_NOT_ALLOWED && said.contains(u"vhost"))
        return QStringLiteral("RabbitMQ has no such vhost (NOT_ALLOWED): %1").arg(said);
    if (code == AMQP_CONNECTION_FORCED)
        return QStringLiteral("RabbitMQ closed the connection (CONNECTION_FORCED): %1").arg(said);
    return QStringLiteral("RabbitMQ closed the %1 (%2 %3) while %4: %5")
        .arg(connection ? QStringLiteral("connection") : QStringLiteral("channel"))
        .arg(code)
        .arg(name, doing, said);
}

ReplyFailure describeReply(const amqp_rpc_reply_t &reply, const QString &doing)
{
    ReplyFailure failure;
    switch (reply.reply_type) {
    case AMQP_RESPONSE_NORMAL:
        return failure;
    case AMQP_RESPONSE_NONE:
        failure.text = QStringLiteral("no reply from RabbitMQ while %1").arg(doing);
        return failure;
    case AMQP_RESPONSE_LIBRARY_EXCEPTION:
        failure.text = QStringLiteral("%1 while %2").arg(describeStatus(reply.library_error, errno), doing);
        failure.connectionClosed = true;
        return failure;
    case AMQP_RESPONSE_SERVER_EXCEPTION:
        break;
    }
    if (reply.reply.id == AMQP_CONNECTION_CLOSE_METHOD) {
        const auto *close = static_cast<const amqp_connection_close_t *>(reply.reply.decoded);
        failure.replyCode = close->reply_code;
        failure.connectionClosed = true;
        failure.text = describeClose(close->reply_code,
                                     QByteArray(static_cast<const char *>(close->reply_text.bytes),
                                                qsizetype(close->reply_text.len)),
                                     doing, true);
    } else if (reply.reply.id == AMQP_CHANNEL_CLOSE_METHOD) {
        const auto *close = static_cast<const amqp_channel_close_t *>(reply.reply.decoded);
        failure.replyCode = close->reply_code;
        failure.text = describeClose(close->reply_code,
                                     QByteArray(static_cast<const char *>(close->reply_text.bytes),
                                                qsizetype(close->reply_text.len)),
                                     doing, false);
    } else {
        failure.text = QStringLiteral("RabbitMQ answered with method 0x%1 while %2")
                           .arg(reply.reply.id, 8, 16, QLatin1Char('0'))
                           .arg(doing);
        failure.connectionClosed = true;
    }
    return failure;
}

} // namespace Amqp::Detail
