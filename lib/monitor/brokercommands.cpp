#include "brokercommands.h"

#include "esl/watchonly.h"

#include "brokerdecode.h"

#include "esl/promise.h"

#include "amqp/client.h"

#include <QTimer>

namespace Monitor {

struct BrokerCommands::Pending
{
    Esl::detail::SharedPromise<Esl::Reply> promise;
    QString command;
    QTimer timer;
};

BrokerCommands::BrokerCommands(QObject *parent) : QObject(parent) {}

BrokerCommands::~BrokerCommands()
{
    failAll(Esl::Error{Esl::Error::Code::Disconnected,
                       tr("the broker connection was closed before the switch answered"), -1});
}

void BrokerCommands::setReplyTarget(const QByteArray &exchange, const QByteArray &keyPrefix)
{
    m_exchange = exchange;
    m_keyPrefix = keyPrefix;
}

Esl::Expected<QByteArray> BrokerCommands::commandBody(const QString &command)
{
    const auto refuse = [](const QString &why) {
        return Esl::Error{Esl::Error::Code::InvalidArgument, why, -1};
    };
    if (command.trimmed().isEmpty())
        return refuse(tr("an empty command"));
    if (command.contains(u'\r') || command.contains(u'\n'))
        return refuse(tr("a command sent through mod_amqp must be one line: the switch would "
                         "run it only up to the first line end"));
    QByteArray body = command.toUtf8();
    if (body.contains('\0'))
        return refuse(tr("a command holding a NUL byte would be cut there by the switch"));
    if (body.size() > kMaxCommandBytes)
        return refuse(tr("the command is %1 bytes long; mod_amqp runs at most %2 bytes of it")
                          .arg(body.size())
                          .arg(kMaxCommandBytes));
    return body;
}

std::optional<Esl::Error> BrokerCommands::watchOnlyRefusal(const QString &command)
{
    // AmqpSwitchLink sends a bgapi as "bgapi uuid:<Job-UUID> <command>": the command is what runs.
    QString checked = command;
    static const QString bgapi = QStringLiteral("bgapi ");
    if (checked.startsWith(bgapi, Qt::CaseInsensitive)) {
        checked = checked.mid(bgapi.size());
        if (checked.startsWith(u"uuid:", Qt::CaseInsensitive)) {
            const qsizetype space = checked.indexOf(u' ');
            checked = space < 0 ? QString() : checked.mid(space + 1);
        }
    }
    if (!checked.isEmpty() && Esl::isReadOnlyApi(checked))
        return std::nullopt;
    const std::optional<QString> why = Esl::watchOnlyRefusal("api " + checked.toUtf8());
    return Esl::Error{Esl::Error::Code::Forbidden,
                      why.value_or(tr("watch-only: only read-only commands are sent")), -1};
}

QFuture<Esl::Reply> BrokerCommands::send(Amqp::Client *client, const QByteArray &exchange,
                                         const QByteArray &routingKey, const QString &command,
                                         int timeoutMs)
{
    const auto failed = [](Esl::Error::Code code, const QString &why) {
        return Esl::detail::readyFuture(Esl::Reply::failure(Esl::Error{code, why, -1}));
    };
    const auto body = commandBody(command);
    if (!body)
        return Esl::detail::readyFuture(Esl::Reply::failure(body.error()));
    if (m_pending.size() >= kMaxPending)
        return failed(Esl::Error::Code::Overloaded,
                      tr("%1 commands are already waiting for their replies").arg(kMaxPending));
    if (m_exchange.isEmpty() || !client)
        return failed(Esl::Error::Code::Disconnected, tr("the broker connection has no reply "
                                                         "queue yet"));

    const QByteArray key = m_keyPrefix + '.' + QByteArray::number(m_nextRequest++);
    Amqp::Message message;
    message.exchange = exchange;
    message.routingKey = routingKey;
    // mod_amqp ignores a message of any other content_type, silently.
    message.contentType = "text/plain";
    message.headers = {Amqp::Header{"x-fs-api-resp-exchange", m_exchange},
                       Amqp::Header{"x-fs-api-resp-key", key}};
    message.body = *body;
    if (!client->publish(message))
        return failed(Esl::Error::Code::Overloaded, client->lastError());

    auto pending = std::make_shared<Pending>();
    pending->command = command;
    pending->timer.setSingleShot(true);
    connect(&pending->timer, &QTimer::timeout, this, [this, key] { expire(key); });
    pending->timer.start(timeoutMs > 0 ? timeoutMs : 10000);
    m_pending.insert(key, pending);
    return pending->promise.future();
}

void BrokerCommands::takeReply(const Amqp::Message &message)
{
    const auto found = m_pending.constFind(message.routingKey);
    if (found == m_pending.cend()) {
        ++m_lateReplies;
        Q_EMIT replyDropped(tr("a reply with key %1 came for no command waiting (late, or not "
                               "ours): dropped")
                                .arg(QString::fromUtf8(message.routingKey.left(80))));
        return;
    }
    const std::shared_ptr<Pending> pending = *found;
    m_pending.erase(found); // before finishing: a continuation may send the next command
    pending->timer.stop();
    auto reply = BrokerDecode::commandReplyFrom(message);
    if (!reply) {
        ++m_malformedReplies;
        Q_EMIT replyDropped(reply.error().toString());
        pending->promise.finish(Esl::Reply::failure(reply.error()));
        return;
    }
    pending->promise.finish(std::move(reply->reply));
}

void BrokerCommands::expire(const QByteArray &key)
{
    const auto found = m_pending.constFind(key);
    if (found == m_pending.cend())
        return;
    const std::shared_ptr<Pending> pending = *found;
    m_pending.erase(found);
    pending->promise.finish(Esl::Reply::failure(Esl::Error{
        Esl::Error::Code::Timeout,
        tr("no reply to \"%1\" in %2 s (is the switch's mod_amqp command profile bound to this "
           "routing key?)")
            .arg(pending->command.left(80))
            .arg(pending->timer.interval() / 1000.0),
        -1}));
}

void BrokerCommands::failAll(const Esl::Error &error)
{
    const auto pending = std::exchange(m_pending, {});
    for (const auto &entry : pending) {
        entry->timer.stop();
        entry->promise.finish(Esl::Reply::failure(error));
    }
}

} // namespace Monitor
