#pragma once
// The real mod_amqp capture (tests/fixtures/real-amqp) read back as messages, for holding the
// simulated fleet's messages against it.

#include "amqp/message.h"

#include <QJsonObject>
#include <QList>

namespace TestSupport {

struct CapturedMessage
{
    Amqp::Message message;
    QJsonObject properties; // the capture's "properties" object, as the broker delivered them
};

// Every message of events.jsonl / logging.jsonl, in the order they were delivered.
[[nodiscard]] QList<CapturedMessage> capturedMessages(const QString &file);

struct CapturedCommand
{
    QString note;
    Amqp::Message published;
    QList<CapturedMessage> replies;
};
[[nodiscard]] QList<CapturedCommand> capturedCommands();

// The body shapes the capture shows, as regular expressions over the whole body.
[[nodiscard]] QString logBodyPattern();
[[nodiscard]] QString replyBodyPattern();

} // namespace TestSupport
