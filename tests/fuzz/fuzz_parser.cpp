// libFuzzer target for the framer. Any byte stream, fed in pieces whose sizes come from the
// stream itself, must not crash the Parser, the event decoders or the JSON Lines renderer; and
// it must frame exactly as the same stream fed in one piece does: same messages (headers, body,
// offset), same error at the same offset. A session hands the parser whatever the socket
// delivered, so a difference would be a bug that only shows under some network timings.

#include "esl/wire/event.h"
#include "esl/wire/jsonlines.h"
#include "esl/wire/parser.h"

#include <QJsonDocument>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <vector>

namespace {

struct Outcome
{
    std::vector<Esl::Message> messages;
    bool fed = false;
    bool finished = false;
    Esl::Error error;
};

void drain(Esl::wire::Parser &parser, Outcome &outcome)
{
    while (parser.hasMessage())
        outcome.messages.push_back(parser.takeMessage());
}

// One input in sixteen (by its last byte) runs with tight limits: inputs of a fuzzer's size never
// reach the real ones, and the limit checks are framing code like any other.
Esl::wire::Parser::Limits limitsFor(QByteArrayView input)
{
    if (input.isEmpty() || (uint8_t(input.back()) & 0x0f) != 0x0f)
        return {};
    return {.maxBodySize = 512, .maxHeaderBlockSize = 128};
}

Outcome feedWhole(QByteArrayView input)
{
    Esl::wire::Parser parser(limitsFor(input));
    Outcome outcome;
    outcome.fed = parser.feed(input);
    outcome.finished = parser.finish();
    drain(parser, outcome);
    outcome.error = parser.error();
    return outcome;
}

// The byte where a piece starts, mixed with the piece's number, picks its size: mostly a few
// bytes, so that cuts fall inside names, values, CRLFs and the blank line; now and then a long
// piece that swallows several messages.
qsizetype pieceSize(uint8_t first, unsigned piece)
{
    const auto b = uint8_t(first ^ (piece * 0x9d));
    switch (b & 3) {
    case 0:
        return 1;
    case 1:
        return 2 + (b >> 2) % 8;
    case 2:
        return 1 + (b >> 2) * 5;
    default:
        return 1 + (b >> 2) * 1031;
    }
}

Outcome feedInPieces(QByteArrayView input)
{
    Esl::wire::Parser parser(limitsFor(input));
    Outcome outcome;
    outcome.fed = true;
    qsizetype pos = 0;
    for (unsigned piece = 0; pos < input.size(); ++piece) {
        const qsizetype size = std::min(pieceSize(uint8_t(input[pos]), piece), input.size() - pos);
        // Keep feeding after a failure: the parser must ignore everything from then on.
        outcome.fed = parser.feed(input.sliced(pos, size)) && outcome.fed;
        drain(parser, outcome);
        pos += size;
    }
    outcome.finished = parser.finish();
    drain(parser, outcome);
    outcome.error = parser.error();
    // bytesFed() stops at the piece that failed (later ones are ignored), so only a clean run
    // must have counted every byte.
    if ((!parser.hasError() && parser.bytesFed() != input.size()) ||
        parser.messagesParsed() != qint64(outcome.messages.size())) {
        std::fprintf(stderr, "fuzz_parser: %lld bytes fed, %lld messages counted, %zu taken\n",
                     qlonglong(parser.bytesFed()), qlonglong(parser.messagesParsed()),
                     outcome.messages.size());
        __builtin_trap();
    }
    return outcome;
}

bool sameMessage(const Esl::Message &a, const Esl::Message &b)
{
    return a.headers() == b.headers() && a.body() == b.body() && a.hasBody() == b.hasBody() &&
           a.offset() == b.offset();
}

void requireSameOutcome(const Outcome &whole, const Outcome &pieces)
{
    const char *difference = nullptr;
    if (whole.messages.size() != pieces.messages.size())
        difference = "message count";
    for (size_t i = 0; !difference && i < whole.messages.size(); ++i) {
        if (!sameMessage(whole.messages[i], pieces.messages[i]))
            difference = "a message";
    }
    if (!difference && (whole.fed != pieces.fed || whole.finished != pieces.finished))
        difference = "the result of feed() or finish()";
    if (!difference &&
        (whole.error.code != pieces.error.code || whole.error.message != pieces.error.message ||
         whole.error.offset != pieces.error.offset))
        difference = "the error";
    if (difference) {
        std::fprintf(stderr,
                     "fuzz_parser: one piece and many pieces differ in %s\n  whole:  %s\n"
                     "  pieces: %s\n",
                     difference, qPrintable(whole.error.toString()),
                     qPrintable(pieces.error.toString()));
        __builtin_trap();
    }
}

// Decodes what can be decoded and renders every message as eslcat would; the line must be JSON.
void decodeAndRender(const Esl::Message &message)
{
    std::optional<Esl::Event> event;
    if (message.isEvent()) {
        Esl::Expected<Esl::Event> decoded = Esl::Event::fromMessage(message);
        if (decoded) {
            event = std::move(decoded).value();
            // The accessors the monitor keys on.
            (void)event->name();
            (void)event->uniqueId();
            (void)event->timestamp();
            (void)event->sequence();
            (void)event->values("Event-Name");
            (void)event->variable("current_application");
        }
    }
    const QByteArray line = Esl::wire::toJsonLine(message, event ? &*event : nullptr);
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(line, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject()) {
        std::fprintf(stderr, "fuzz_parser: toJsonLine wrote invalid JSON (%s at %d): %s\n",
                     qPrintable(error.errorString()), error.offset, line.constData());
        __builtin_trap();
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArrayView input(data, qsizetype(size));
    const Outcome pieces = feedInPieces(input);
    requireSameOutcome(feedWhole(input), pieces);
    for (const Esl::Message &message : pieces.messages)
        decodeAndRender(message);
    return 0;
}
