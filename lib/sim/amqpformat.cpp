#include "amqpformat.h"

#include "esl/wire/json.h"

#include "amqp/routingkey.h"

#include <QDateTime>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <optional>

namespace Sim::AmqpFormat {

namespace {

qint64 nowMicros()
{
    using namespace std::chrono;
    return duration_cast<microseconds>(system_clock::now().time_since_epoch()).count();
}

// The properties every event carries (mod_amqp_producer.c, delivery-timestamp on).
Amqp::Message eventEnvelope(const Esl::Event &event)
{
    Amqp::Message message;
    message.exchange = eventsExchange.toByteArray();
    message.routingKey = Amqp::eventRoutingKey(event.header("FreeSWITCH-Hostname"),
                                               event.header("Event-Name"),
                                               event.header("Event-Subclass"),
                                               event.header("Unique-ID"));
    message.contentType = "text/json";
    const qint64 micros = event.timestamp();
    const qint64 seconds = micros >= 0 ? micros / 1000000 : nowMicros() / 1000000;
    message.timestamp = seconds;
    message.headers.append({sentTimestampHeader.toByteArray(), {}, seconds});
    return message;
}

// One `"key":\tvalue` member of a cJSON_Print object at the first level of indentation.
void appendMember(QByteArray &out, QByteArrayView key, QByteArrayView rawValue, bool last)
{
    out.append('\t');
    appendCjsonString(out, key);
    out.append(":\t");
    out.append(rawValue);
    out.append(last ? "\n" : ",\n");
}

QByteArray cjsonString(QByteArrayView text)
{
    QByteArray out;
    appendCjsonString(out, text);
    return out;
}

// "2026-12-06 17:44:36.973620": switch_time_exp_lt, the local time with microseconds.
QByteArray localTimestamp(qint64 epochMicros)
{
    qint64 seconds = epochMicros / 1000000;
    qint64 micros = epochMicros % 1000000;
    if (micros < 0) {
        micros += 1000000;
        --seconds;
    }
    const QDateTime local = QDateTime::fromSecsSinceEpoch(seconds, Qt::LocalTime);
    char fraction[8];
    std::snprintf(fraction, sizeof fraction, ".%06d", int(micros));
    return local.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")).toLatin1() + fraction;
}

// A CUSTOM event as mod_amqp serializes it: the real captures have its Event-Subclass first on
// the Event Socket (switch_event_create_subclass puts it there) but right after Event-Sequence in
// the broker's JSON (real-amqp: index 13 of every conference::maintenance, callcenter::info and
// sofia event), the copy mod_amqp takes having it added back among the core headers.
std::optional<Esl::Event> subclassInBrokerPlace(const Esl::Event &event)
{
    const Esl::HeaderList &headers = event.headers();
    if (headers.size() == 0 || headers.name(0) != "Event-Subclass")
        return std::nullopt;
    Esl::HeaderList reordered;
    bool placed = false;
    for (qsizetype i = 1; i < headers.size(); ++i) {
        reordered.append(headers.name(i), headers.value(i));
        if (!placed && headers.name(i) == "Event-Sequence") {
            reordered.append(headers.name(0), headers.value(0));
            placed = true;
        }
    }
    if (!placed)
        reordered.append(headers.name(0), headers.value(0));
    return Esl::Event(std::move(reordered), event.body(), event.hasBody());
}

} // namespace

QByteArray eventJson(const QByteArray &eventSocketMessage)
{
    // The Event Socket message is "Content-Length: N\nContent-Type: text/event-json\n\n<json>".
    const qsizetype end = eventSocketMessage.indexOf("\n\n");
    return end < 0 ? eventSocketMessage : eventSocketMessage.mid(end + 2);
}

Amqp::Message eventMessage(const Esl::Event &event)
{
    Amqp::Message message = eventEnvelope(event);
    const std::optional<Esl::Event> custom = subclassInBrokerPlace(event);
    message.body = eventJson((custom ? *custom : event).toJsonMessage());
    return message;
}

Amqp::Message eventMessage(const FiredEvent &event)
{
    Amqp::Message message = eventEnvelope(event.event());
    const std::optional<Esl::Event> custom = subclassInBrokerPlace(event.event());
    message.body = eventJson(custom ? custom->toJsonMessage()
                                    : event.bytes(Esl::Event::Format::Json));
    return message;
}

QByteArray logLevelName(int level)
{
    static const char *const names[] = {"CONSOLE", "ALERT",  "CRIT", "ERR",
                                        "WARNING", "NOTICE", "INFO", "DEBUG"};
    if (level >= 0 && level <= 7)
        return names[level];
    // switch_log_level2str: the debug levels beyond 7 are DEBUG too; anything else is invalid.
    return level > 7 && level <= 10 ? QByteArray("DEBUG") : QByteArray("INVALID");
}

bool loggingProfileTakes(int level)
{
    return level >= 1 && level <= 7;
}

Amqp::Message logMessage(const LogEntry &entry, QByteArrayView hostname, qint64 epochMicros)
{
    const QByteArray level = logLevelName(entry.level);
    const QByteArray file = entry.file.toUtf8();
    Amqp::Message message;
    message.exchange = loggingExchange.toByteArray();
    message.routingKey = Amqp::logRoutingKey(hostname, entry.uuid.toUtf8(), level, file);
    message.contentType = "application/json";
    // switch_log.c marks where the text starts in the framed line with a byte it then turns
    // into a space, and keeps a pointer there: every channel but the clean one (1) has it.
    const QByteArray content = entry.channel == 1 ? entry.text : ' ' + entry.text;
    QByteArray &body = message.body;
    body.reserve(content.size() + file.size() + entry.function.size() + 160);
    body.append("{\n");
    appendMember(body, "file", cjsonString(file), false);
    appendMember(body, "function", cjsonString(entry.function.toUtf8()), false);
    appendMember(body, "line", cjsonNumber(double(entry.line)), false);
    appendMember(body, "level", cjsonString(level), false);
    appendMember(body, "timestamp", cjsonString(localTimestamp(epochMicros)), false);
    // The capture's numbers are the microseconds times 1e-6 (the build multiplies by the
    // reciprocal), which is one unit in the last place off the quotient for most of them.
    appendMember(body, "timestamp_epoch", cjsonNumber(double(epochMicros) * 1e-6), false);
    appendMember(body, "content", cjsonString(content), true);
    body.append('}');
    return message;
}

Amqp::Message logMessage(const LogEntry &entry, QByteArrayView hostname)
{
    return logMessage(entry, hostname, nowMicros());
}

Amqp::Message commandReply(QByteArrayView exchange, QByteArrayView routingKey,
                           QByteArrayView command, QByteArrayView output, int status)
{
    Amqp::Message message;
    message.exchange = exchange.toByteArray();
    message.routingKey = routingKey.toByteArray();
    message.contentType = "text/json";
    QByteArray &body = message.body;
    body.reserve(output.size() + command.size() + 64);
    body.append("{\n");
    appendMember(body, "output", cjsonString(output), false);
    appendMember(body, "command", cjsonString(command), false);
    appendMember(body, "status", cjsonNumber(double(status)), true);
    body.append('}');
    return message;
}

QByteArray cjsonNumber(double value)
{
    if (value * 0 != 0)
        return "null"; // NaN or infinity
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%1.15g", value);
    if (std::strtod(buffer, nullptr) != value)
        std::snprintf(buffer, sizeof buffer, "%1.17g", value);
    // The C locale is in force (Qt never changes LC_NUMERIC), so the decimal point is '.'.
    return buffer;
}

void appendCjsonString(QByteArray &out, QByteArrayView text)
{
    // cJSON holds C strings: whatever follows a NUL byte is not there for it.
    const qsizetype nul = text.indexOf('\0');
    Esl::wire::appendJsonString(out, nul < 0 ? text : text.first(nul));
}

} // namespace Sim::AmqpFormat
