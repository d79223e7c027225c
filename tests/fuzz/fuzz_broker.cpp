// libFuzzer target for what a RabbitMQ broker delivers from mod_amqp (Monitor::BrokerDecode):
// event bodies (compact JSON with `_body`), log bodies (tab-indented JSON) with their routing
// keys, and command replies. The input is a batch of messages separated by the byte 0x1e; in
// each, the first byte picks the exchange (modulo 3: TAP.Events, TAP.Logging, the reply
// exchange), the bytes up to the first newline are the routing key, the rest is the body.
// Besides not crashing:
//  - every message of a batch is either decoded (an item under a switch) or counted malformed:
//    nothing is lost and nothing is counted twice;
//  - at most kMaxDescribedMalformed of them are described;
//  - every decoded event has an Event-Name, and a switch's hostname is 1..255 bytes;
//  - a reply decodes to the same reply whether read alone or twice (no hidden state).

#include "monitor/brokerdecode.h"

#include <cstdint>
#include <cstdio>

namespace {

[[noreturn]] void fail(const char *what)
{
    std::fprintf(stderr, "fuzz_broker: %s\n", what);
    __builtin_trap();
}

constexpr qsizetype kMaxMessages = 64;

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray input(reinterpret_cast<const char *>(data), qsizetype(size));
    QList<Amqp::Message> messages;
    QList<Amqp::Message> replies;
    for (const QByteArray &part : input.split('\x1e')) {
        if (part.isEmpty() || messages.size() + replies.size() >= kMaxMessages)
            continue;
        Amqp::Message message;
        const int kind = static_cast<unsigned char>(part[0]) % 3;
        const QByteArray rest = part.mid(1);
        const qsizetype newline = rest.indexOf('\n');
        message.routingKey = newline < 0 ? QByteArray() : rest.left(newline);
        message.body = newline < 0 ? rest : rest.mid(newline + 1);
        if (kind == 0) {
            message.exchange = "TAP.Events";
            message.contentType = "text/json";
        } else if (kind == 1) {
            message.exchange = "TAP.Logging";
            message.contentType = "application/json";
        } else {
            message.exchange = "switchboard.replies";
            message.contentType = "text/json";
            replies.append(message);
            continue;
        }
        messages.append(message);
    }

    const Monitor::BrokerDecode::Batch batch = Monitor::BrokerDecode::decodeBatch(messages);
    qint64 decoded = 0;
    for (const Monitor::BrokerDecode::SwitchItems &one : batch.switches) {
        for (const Monitor::BrokerDecode::Item &item : one.items) {
            ++decoded;
            if (!item.isLog && item.event.eventName().isEmpty())
                fail("a decoded event without an Event-Name");
            if (!item.isLog && (one.hostname.isEmpty()
                                || one.hostname.size() > Monitor::BrokerDecode::kMaxHostnameBytes))
                fail("an event filed under a hostname that no switch can have");
        }
    }
    if (decoded + batch.malformed != messages.size())
        fail("a message was neither decoded nor counted malformed");
    if (batch.firstMalformed.size() > Monitor::BrokerDecode::kMaxDescribedMalformed
        || batch.firstMalformed.size() > batch.malformed)
        fail("more malformed messages described than allowed or counted");

    for (const Amqp::Message &reply : replies) {
        const auto first = Monitor::BrokerDecode::commandReplyFrom(reply);
        const auto second = Monitor::BrokerDecode::commandReplyFrom(reply);
        if (bool(first) != bool(second))
            fail("a reply decoded once and failed once");
        if (first && (first->reply.body() != second->reply.body()
                      || first->status != second->status || first->command != second->command))
            fail("a reply decoded twice differently");
        if (!first && first.error().message.isEmpty())
            fail("a reply refused without a reason");
    }
    return 0;
}
