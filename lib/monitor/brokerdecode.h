#pragma once
// What a broker delivers, decoded into what the rest of the monitor knows: mod_amqp's event
// messages (TAP.Events, compact JSON with `_body`) into Esl::Event, its log messages
// (TAP.Logging, tab-indented JSON, routing key HOST.UUID.LEVEL.FILE) into Esl::LogLine, and its
// command replies (`{"output", "command", "status"}`) into Esl::Reply as if they had come as an
// Event Socket api/response. Plain functions with no QObject and no broker: the broker link runs
// them on its worker thread (decodeBatch) and the tests run them on the captures.
//
// Everything from the wire is hostile: a message that does not decode is counted and described
// (the first few, with why), never thrown, never held beyond the batch.

#include "esl/logline.h"
#include "esl/reply.h"
#include "esl/wire/event.h"

#include "amqp/message.h"

#include <QByteArray>
#include <QList>
#include <QString>

namespace Monitor::BrokerDecode {

// One event: the JSON body decoded as an Event Socket text/event-json body would be. A Decode
// error when the body is not a JSON object of strings or has no Event-Name.
[[nodiscard]] Esl::Expected<Esl::Event> eventFrom(const Amqp::Message &message);
// Which switch sent an event: its FreeSWITCH-Hostname, else the routing key's hostname part.
[[nodiscard]] QByteArray hostnameOf(const Esl::Event &event, const Amqp::Message &message);

// One log line: level (mod_amqp's names: CONSOLE, ALERT, CRIT, ERR, WARNING, NOTICE, INFO,
// DEBUG, as 0..7), file, function, line, text (`content`) from the body, and the channel's
// uuid from the routing key's USERDATA part (none when it is "(null)"). `hostname` gets the
// key's HOSTNAME part.
[[nodiscard]] Esl::Expected<Esl::LogLine> logLineFrom(const Amqp::Message &message,
                                                      QByteArray *hostname);
// mod_amqp's level names as Log-Level numbers; -1 for anything else.
[[nodiscard]] int logLevelOf(QByteArrayView name);

// A command reply: `output` becomes the api/response body. A `status` other than 0 (FreeSWITCH
// said the command does not exist) makes the reply a failure: its body is prefixed with "-ERR "
// unless the output says so already.
struct CommandReply
{
    Esl::Reply reply;
    QString command; // as the switch executed it (cut at 10,239 bytes)
    int status = 0;
};
[[nodiscard]] Esl::Expected<CommandReply> commandReplyFrom(const Amqp::Message &message);

// An api/response Reply carrying `output`, as the Event Socket would have delivered it.
[[nodiscard]] Esl::Reply apiResponse(const QByteArray &output);
// A command/reply Reply with Reply-Text `text` (and the Job-UUID header when given): how a
// bgapi's acknowledgement looks over the Event Socket.
[[nodiscard]] Esl::Reply commandReply(const QByteArray &text, const QByteArray &jobUuid = {});

// What one delivery batch held, sorted out on the worker thread.
struct Item
{
    bool isLog = false;
    Esl::Event event;  // when !isLog
    Esl::LogLine line; // when isLog
};
struct SwitchItems
{
    QByteArray hostname;
    QList<Item> items; // in the order received
};
struct Malformed
{
    QByteArray exchange;
    QByteArray routingKey;
    QString reason;
};
struct Batch
{
    QList<SwitchItems> switches; // in order of each switch's first message in the batch
    qint64 malformed = 0;
    QList<Malformed> firstMalformed; // at most kMaxDescribedMalformed
};
inline constexpr int kMaxDescribedMalformed = 5;
// A hostname longer than this (a routing key holds at most 255 bytes) is not a switch's.
inline constexpr qsizetype kMaxHostnameBytes = 255;

// Decodes events (exchange `eventsExchange`) and log lines (any other exchange) and groups them
// by hostname; what does not decode is counted in the batch.
[[nodiscard]] Batch decodeBatch(const QList<Amqp::Message> &messages,
                                QByteArrayView eventsExchange = "TAP.Events");

} // namespace Monitor::BrokerDecode
