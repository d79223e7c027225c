#pragma once
// The messages FreeSWITCH 1.10.12's mod_amqp publishes, built from what the simulated switch
// fires and logs, byte for byte as tests/fixtures/real-amqp shows them: events on TAP.Events,
// log lines on TAP.Logging, and the replies to commands taken from TAP.Commands. Pure functions:
// no broker, no clock unless asked, so the tests can hold them against the captures.
//
// The profiles are those of the sample amqp.conf.xml that Switchboard documents (producer
// format_fields `#FreeSWITCH,FreeSWITCH-Hostname,Event-Name,Event-Subclass,Unique-ID`,
// delivery-timestamp on, no delivery-mode; logging log-levels debug..alert).

#include "firedevent.h"
#include "simswitch.h"

#include "amqp/message.h"

#include <QByteArray>

namespace Sim::AmqpFormat {

inline constexpr QByteArrayView eventsExchange = "TAP.Events";
inline constexpr QByteArrayView loggingExchange = "TAP.Logging";
inline constexpr QByteArrayView commandsExchange = "TAP.Commands";
// The header mod_amqp_producer.c announces (the microsecond one it also fills never goes out).
inline constexpr QByteArrayView sentTimestampHeader = "x_Liquid_MessageSentTimeStamp";

// One event as the producer publishes it: routing key from the five format fields, content_type
// text/json, the `timestamp` property and the x_Liquid_MessageSentTimeStamp header (seconds; the
// switch takes them from its clock as it sends, which is the event's own second here), and the
// body switch_event_serialize_json writes (compact, headers in order, `_body` last).
[[nodiscard]] Amqp::Message eventMessage(const Esl::Event &event);
// The same, with the JSON the event already has for Event Socket clients (serialized once).
[[nodiscard]] Amqp::Message eventMessage(const FiredEvent &event);

// switch_log_level2str: 0 CONSOLE, 1 ALERT, 2 CRIT, 3 ERR, 4 WARNING, 5 NOTICE, 6 INFO, 7 DEBUG.
[[nodiscard]] QByteArray logLevelName(int level);
// Whether the sample logging profile (log-levels debug,info,notice,warning,err,crit,alert)
// publishes a line of this level: CONSOLE lines are not in its mask.
[[nodiscard]] bool loggingProfileTakes(int level);

// One log line as the logging profile publishes it, written at `epochMicros` (the switch's
// clock when it logged): routing key HOST.UUID.LEVEL.FILE, content_type application/json and
// nothing else, the body cJSON_Print writes (tab-indented) with `content` as switch_log.c keeps
// it: the text after a space, or the text alone on the clean channel.
[[nodiscard]] Amqp::Message logMessage(const LogEntry &entry, QByteArrayView hostname,
                                       qint64 epochMicros);
// The same at the current time.
[[nodiscard]] Amqp::Message logMessage(const LogEntry &entry, QByteArrayView hostname);

// The reply mod_amqp_command.c publishes to the requester's exchange and key: content_type
// text/json and no other property, `{"output", "command", "status"}` as cJSON_Print writes it.
[[nodiscard]] Amqp::Message commandReply(QByteArrayView exchange, QByteArrayView routingKey,
                                         QByteArrayView command, QByteArrayView output,
                                         int status);

// cJSON_Print's number: "%1.15g" when it reads back as the same double, else "%1.17g".
[[nodiscard]] QByteArray cjsonNumber(double value);
// cJSON's string (quotes included): the text up to its first NUL byte, with \" \\ \b \f \n \r
// \t and other bytes under 0x20 as \u00xx escaped, everything else as it is.
void appendCjsonString(QByteArray &out, QByteArrayView text);

// The compact JSON of an event message's body (switch_event_serialize_json) without the Event
// Socket framing around it.
[[nodiscard]] QByteArray eventJson(const QByteArray &eventSocketMessage);

} // namespace Sim::AmqpFormat
