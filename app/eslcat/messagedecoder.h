#pragma once
// Raw Event Socket bytes in, messages out, each event decoded: what `eslcat decode` prints from
// a file and `eslcat events` from the live connection, so both print the same JSON line for the
// same bytes.

#include "esl/wire/event.h"
#include "esl/wire/parser.h"

#include <optional>

namespace Eslcat {

class MessageDecoder
{
public:
    struct Item
    {
        Esl::Message message;
        std::optional<Esl::Event> event;      // for an event message that decoded
        std::optional<Esl::Error> eventError; // for an event message that did not
    };

    void feed(QByteArrayView chunk) { m_parser.feed(chunk); }
    // The input ended; false when it ended inside a message.
    bool finish() { return m_parser.finish(); }
    // The next complete message, if one is ready.
    [[nodiscard]] std::optional<Item> next();
    // A framing error: nothing more will come out.
    [[nodiscard]] bool hasError() const { return m_parser.hasError(); }
    [[nodiscard]] const Esl::Error &error() const { return m_parser.error(); }
    [[nodiscard]] qint64 bytesFed() const { return m_parser.bytesFed(); }
    // A new byte stream begins (a new connection).
    void reset() { m_parser.reset(); }

    // The message's JSON line (the fixtures' *.expected.jsonl schema), newline included.
    [[nodiscard]] static QByteArray jsonLine(const Item &item);

private:
    Esl::wire::Parser m_parser;
};

} // namespace Eslcat
