#include "brokerdecode.h"

#include "amqp/routingkey.h"

#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>

namespace Monitor::BrokerDecode {

namespace {

Esl::Error decodeFailure(const QString &why)
{
    return Esl::decodeError(why);
}

// The JSON object of a log or reply body; QJsonDocument is enough here: these bodies are small,
// their keys unique, and their order does not matter.
Esl::Expected<QJsonObject> objectOf(const QByteArray &body, const char *what)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(body, &error);
    if (error.error != QJsonParseError::NoError)
        return decodeFailure(QStringLiteral("%1: %2 at byte %3")
                                 .arg(QLatin1String(what), error.errorString())
                                 .arg(error.offset));
    if (!document.isObject())
        return decodeFailure(QStringLiteral("%1: not a JSON object").arg(QLatin1String(what)));
    return document.object();
}

} // namespace

Esl::Expected<Esl::Event> eventFrom(const Amqp::Message &message)
{
    auto event = Esl::Event::fromJson(message.body);
    if (!event)
        return event.error();
    if (event->eventName().isEmpty())
        return decodeFailure(QStringLiteral("json event: no Event-Name"));
    return event;
}

QByteArray hostnameOf(const Esl::Event &event, const Amqp::Message &message)
{
    const QByteArrayView header = event.header("FreeSWITCH-Hostname");
    if (!header.isEmpty())
        return header.toByteArray();
    Amqp::EventKey key;
    if (Amqp::parseEventRoutingKey(message.routingKey, &key))
        return key.hostname;
    return {};
}

int logLevelOf(QByteArrayView name)
{
    // switch_log_level2str, and the Event Socket's spellings of the same levels.
    static const QHash<QByteArray, int> levels{
        {"CONSOLE", 0}, {"EMERG", 0}, {"ALERT", 1}, {"CRIT", 2},  {"ERR", 3},
        {"ERROR", 3},   {"WARNING", 4}, {"NOTICE", 5}, {"INFO", 6}, {"DEBUG", 7}};
    return levels.value(name.toByteArray().toUpper(), -1);
}

Esl::Expected<Esl::LogLine> logLineFrom(const Amqp::Message &message, QByteArray *hostname)
{
    // HOSTNAME.USERDATA.LEVEL.FILE: the hostname and the uuid hold no dots, FILE's dots were
    // turned into underscores.
    const QList<QByteArray> parts = message.routingKey.split('.');
    if (parts.size() != 4 || parts[0].isEmpty())
        return decodeFailure(
            QStringLiteral("log line: the routing key is not HOSTNAME.UUID.LEVEL.FILE"));
    const auto object = objectOf(message.body, "log line");
    if (!object)
        return object.error();
    const QJsonValue content = object->value(QLatin1String("content"));
    if (!content.isString())
        return decodeFailure(QStringLiteral("log line: no \"content\" string"));
    Esl::LogLine line;
    const QString levelName = object->value(QLatin1String("level")).toString();
    line.level = logLevelOf(levelName.isEmpty() ? QByteArrayView(parts[2])
                                                : QByteArrayView(levelName.toLatin1()));
    if (line.level < 0)
        return decodeFailure(QStringLiteral("log line: unknown level \"%1\"")
                                 .arg(levelName.isEmpty() ? QString::fromUtf8(parts[2])
                                                          : levelName.left(20)));
    line.file = object->value(QLatin1String("file")).toString();
    line.function = object->value(QLatin1String("function")).toString();
    line.line = object->value(QLatin1String("line")).toInt();
    line.text = content.toString();
    if (parts[1] != "(null)")
        line.userData = QString::fromUtf8(parts[1]);
    *hostname = parts[0];
    return line;
}

Esl::Reply apiResponse(const QByteArray &output)
{
    Esl::HeaderList headers;
    headers.append("Content-Type", Esl::ContentType::ApiResponse);
    headers.appendNumber("Content-Length", output.size());
    return Esl::Reply(Esl::Message(std::move(headers), output, true));
}

Esl::Reply commandReply(const QByteArray &text, const QByteArray &jobUuid)
{
    Esl::HeaderList headers;
    headers.append("Content-Type", Esl::ContentType::CommandReply);
    headers.append("Reply-Text", text);
    if (!jobUuid.isEmpty())
        headers.append("Job-UUID", jobUuid);
    return Esl::Reply(Esl::Message(std::move(headers), {}, false));
}

Esl::Expected<CommandReply> commandReplyFrom(const Amqp::Message &message)
{
    const auto object = objectOf(message.body, "command reply");
    if (!object)
        return object.error();
    const QJsonValue output = object->value(QLatin1String("output"));
    if (!output.isString())
        return decodeFailure(QStringLiteral("command reply: no \"output\" string"));
    CommandReply result;
    result.command = object->value(QLatin1String("command")).toString();
    result.status = object->value(QLatin1String("status")).toInt(0);
    QByteArray body = output.toString().toUtf8();
    if (result.status != 0 && !body.startsWith("-ERR") && !body.startsWith("-USAGE"))
        body.prepend("-ERR ");
    result.reply = apiResponse(body);
    return result;
}

Batch decodeBatch(const QList<Amqp::Message> &messages, QByteArrayView eventsExchange)
{
    Batch batch;
    QHash<QByteArray, qsizetype> indexOf; // hostname -> its place in batch.switches
    const auto itemsOf = [&](const QByteArray &hostname) -> QList<Item> & {
        auto found = indexOf.constFind(hostname);
        if (found == indexOf.cend()) {
            found = indexOf.insert(hostname, batch.switches.size());
            batch.switches.append(SwitchItems{hostname, {}});
        }
        return batch.switches[*found].items;
    };
    const auto reject = [&](const Amqp::Message &message, const QString &reason) {
        ++batch.malformed;
        if (batch.firstMalformed.size() < kMaxDescribedMalformed)
            batch.firstMalformed.append({message.exchange, message.routingKey.left(255), reason});
    };
    for (const Amqp::Message &message : messages) {
        if (message.exchange == eventsExchange) {
            auto event = eventFrom(message);
            if (!event) {
                reject(message, event.error().toString());
                continue;
            }
            const QByteArray hostname = hostnameOf(*event, message);
            if (hostname.isEmpty() || hostname.size() > kMaxHostnameBytes) {
                reject(message, hostname.isEmpty()
                                    ? QStringLiteral("event: no FreeSWITCH-Hostname")
                                    : QStringLiteral("event: a FreeSWITCH-Hostname of %1 bytes")
                                          .arg(hostname.size()));
                continue;
            }
            Item item;
            item.event = std::move(*event);
            itemsOf(hostname).append(std::move(item));
        } else {
            QByteArray hostname;
            auto line = logLineFrom(message, &hostname);
            if (!line) {
                reject(message, line.error().toString());
                continue;
            }
            Item item;
            item.isLog = true;
            item.line = std::move(*line);
            itemsOf(hostname).append(std::move(item));
        }
    }
    return batch;
}

} // namespace Monitor::BrokerDecode
