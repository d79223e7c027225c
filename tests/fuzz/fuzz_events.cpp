// libFuzzer target for the event decoders and writers. The first byte picks the format (modulo
// 3: plain, json, xml), the rest is an event body. Whatever decodes is written back out in all
// three formats, framed and decoded again, and must come back as the same event, except for what
// the target format cannot carry (see carriedPart()).

#include "esl/wire/event.h"
#include "esl/wire/eventheaders.h"
#include "esl/wire/parser.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>

namespace {

using Esl::Event;
using Esl::HeaderList;

const char *formatName(Event::Format format)
{
    switch (format) {
    case Event::Format::Plain:
        return "plain";
    case Event::Format::Json:
        return "json";
    case Event::Format::Xml:
        return "xml";
    }
    return "?";
}

QByteArray escaped(QByteArrayView bytes)
{
    return bytes.toByteArray().toPercentEncoding(" :/<>=\"'{}[],|");
}

// Names the first header (or the body) where two events part, to make a crash report readable.
void describeDifference(const Event &a, const Event &b)
{
    if (a.name() != b.name())
        std::fprintf(stderr, "  name: \"%s\" vs \"%s\"\n", qPrintable(a.name()),
                     qPrintable(b.name()));
    if (a.hasBody() != b.hasBody() || a.body() != b.body()) {
        std::fprintf(stderr, "  body (%d): \"%s\"\n  vs   (%d): \"%s\"\n", int(a.hasBody()),
                     escaped(a.body()).constData(), int(b.hasBody()),
                     escaped(b.body()).constData());
    }
    const HeaderList &x = a.headers();
    const HeaderList &y = b.headers();
    for (qsizetype i = 0; i < std::min(x.size(), y.size()); ++i) {
        if (x.name(i) != y.name(i) || x.value(i) != y.value(i)) {
            std::fprintf(stderr, "  header %lld: \"%s: %s\" vs \"%s: %s\"\n", qlonglong(i),
                         escaped(x.name(i)).constData(), escaped(x.value(i)).constData(),
                         escaped(y.name(i)).constData(), escaped(y.value(i)).constData());
            return;
        }
    }
    if (x.size() != y.size())
        std::fprintf(stderr, "  %lld vs %lld headers\n", qlonglong(x.size()), qlonglong(y.size()));
}

[[noreturn]] void fail(Event::Format from, Event::Format to, const char *what)
{
    std::fprintf(stderr, "fuzz_events: %s -> %s: %s\n", formatName(from), formatName(to), what);
    __builtin_trap();
}

Esl::Expected<Event> decode(Event::Format format, QByteArrayView body)
{
    switch (format) {
    case Event::Format::Plain:
        // fromRawData: no terminating NUL behind the bytes, so ASan sees any read past them.
        return Event::fromPlain(QByteArray::fromRawData(body.data(), body.size()));
    case Event::Format::Json:
        return Event::fromJson(body);
    case Event::Format::Xml:
        return Event::fromXml(body);
    }
    return Esl::decodeError(QStringLiteral("unknown format"));
}

// --- What a format can carry ------------------------------------------------------------------
//
// The writers copy header names as they are, so a name the target syntax cannot hold breaks the
// line or the document it is in; so does an xml body that is not character data. Such an event
// is only required to frame. The other gaps each lose a header, which the comparison then leaves
// out, by name, on both sides:
//  - fromXml keeps every element as it is, while plain and json apply libesl's rules on the way
//    back in (eventheaders.h): an empty value deletes the header, text containing "ARRAY::" is
//    split, a second Event-Name replaces the first. Those xml headers cannot cross to plain/json;
//    when Event-Name is one of them, the event may not even decode.
//  - xml writes each part of an "ARRAY::a|:b" value as an element of its own, and values()
//    splits every element again: a part that itself begins with "ARRAY::" does not come back,
//    and an array in Event-Name or Event-Subclass changes name().

bool isXmlName(QByteArrayView name)
{
    // Conservative: ASCII names only, and no ':' (a prefix needs a namespace declaration).
    auto nameStart = [](char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
    };
    if (name.isEmpty() || !nameStart(name.front()))
        return false;
    for (const char c : name) {
        if (!nameStart(c) && !(c >= '0' && c <= '9') && c != '-' && c != '.')
            return false;
    }
    return true;
}

bool canWriteName(QByteArrayView name, Event::Format to)
{
    switch (to) {
    case Event::Format::Plain:
        return !name.isEmpty() && !name.contains(':') && !name.contains('\n');
    case Event::Format::Json:
        return !Esl::equalsIgnoringCase(name, "_body");
    case Event::Format::Xml:
        return isXmlName(name);
    }
    return false;
}

// Bytes that XML 1.0 allows in character data (the writer escapes CR, which a reader would fold).
bool isXmlCharacterData(QByteArrayView text)
{
    for (const char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x20 && u != '\t' && u != '\n' && u != '\r')
            return false;
    }
    const QString decoded = QString::fromUtf8(text);
    return !decoded.contains(QChar::ReplacementCharacter) && !decoded.contains(QChar(0xfffe)) &&
           !decoded.contains(QChar(0xffff));
}

// Whether plain and json, reading `value` back with libesl's rules, keep it as xml read it.
bool survivesLibeslRules(QByteArrayView value)
{
    return !value.isEmpty() && !value.contains("ARRAY::");
}

// Whether plain and json may refuse the whole event for `value`: the array marker nested deeper
// than ArrayPusher::kMaxNesting is a decode error. The depth is not the number of markers (a
// part with the marker anywhere in it descends, seven bytes on), so ask the decoders' own
// addHeader, as the plain decoder calls it.
bool mayNestTooDeep(QByteArrayView name, QByteArrayView value)
{
    Esl::HeaderList headers;
    return !Esl::detail::addHeader(headers, name, value);
}

// Whether xml, writing each part as an element, keeps the parts apart. name() reads the first
// entry of Event-Name and Event-Subclass as it is, so for those an array turns into its first part.
bool survivesXmlElements(QByteArrayView name, QByteArrayView value)
{
    if (Esl::equalsIgnoringCase(name, "Event-Name") ||
        Esl::equalsIgnoringCase(name, "Event-Subclass"))
        return !value.startsWith("ARRAY::");
    const QList<QByteArrayView> parts = Esl::splitArrayValue(value);
    return std::none_of(parts.begin(), parts.end(),
                        [](QByteArrayView part) { return part.startsWith("ARRAY::"); });
}

struct Carried
{
    bool comparable = true;      // false: the written event cannot be read back at all
    QList<QByteArray> lostNames; // left out of the comparison on both sides
    bool eventNameLost = false;  // then the decoders may find no Event-Name and refuse the event
    bool mayBeRefused = false;   // a lost value nests "ARRAY::" deep enough to be a decode error
};

Carried carriedPart(const Event &event, Event::Format to)
{
    Carried carried;
    const HeaderList &headers = event.headers();
    for (qsizetype i = 0; i < headers.size(); ++i) {
        const QByteArrayView name = headers.name(i);
        if (Esl::equalsIgnoringCase(name, "Content-Length"))
            continue; // never written from the headers
        if (!canWriteName(name, to))
            carried.comparable = false;
        const QByteArrayView value = headers.value(i);
        bool lost = false;
        if (to == Event::Format::Xml) {
            lost = !survivesXmlElements(name, value);
        } else if (event.format() == Event::Format::Xml) {
            lost = !survivesLibeslRules(value) ||
                   (Esl::equalsIgnoringCase(name, "Event-Name") && headers.values(name).size() > 1);
        }
        if (lost) {
            carried.lostNames.append(name.toByteArray());
            if (to != Event::Format::Xml && mayNestTooDeep(name, value))
                carried.mayBeRefused = true;
        }
    }
    if (to == Event::Format::Xml && event.hasBody() && !isXmlCharacterData(event.body()))
        carried.comparable = false;
    carried.eventNameLost =
        std::any_of(carried.lostNames.begin(), carried.lostNames.end(),
                    [](const QByteArray &n) { return Esl::equalsIgnoringCase(n, "Event-Name"); });
    return carried;
}

Event comparablePart(const Event &event, const Carried &carried)
{
    HeaderList headers;
    for (qsizetype i = 0; i < event.headers().size(); ++i) {
        const QByteArrayView name = event.headers().name(i);
        const bool lost =
            std::any_of(carried.lostNames.begin(), carried.lostNames.end(),
                        [&](const QByteArray &n) { return Esl::equalsIgnoringCase(n, name); });
        if (!lost)
            headers.append(name, event.headers().value(i));
    }
    return Event(headers, event.body(), event.hasBody(), event.format());
}

// ----------------------------------------------------------------------------------------------

void roundTrip(const Event &event, Event::Format to)
{
    const Event::Format from = event.format();
    const QByteArray bytes = event.toMessage(to);
    Esl::wire::Parser parser;
    if (!parser.feed(bytes) || !parser.finish() || parser.pendingMessages() != 1)
        fail(from, to, "the written message does not frame as one message");
    const Esl::Message message = parser.takeMessage();
    const Carried carried = carriedPart(event, to);
    if (!carried.comparable)
        return;
    const Esl::Expected<Event> again = Event::fromMessage(message);
    if (!again && (carried.eventNameLost || carried.mayBeRefused))
        return;
    if (!again) {
        std::fprintf(stderr, "  %s\n", qPrintable(again.error().toString()));
        fail(from, to, "the written event does not decode");
    }
    if (again->format() != to)
        fail(from, to, "the event came back in another format");
    const Event expected = comparablePart(event, carried);
    const Event actual = comparablePart(*again, carried);
    if (!expected.isEquivalent(actual)) {
        describeDifference(expected, actual);
        fail(from, to, "the event came back different");
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    const auto format = Event::Format(data[0] % 3);
    const Esl::Expected<Event> event =
        decode(format, QByteArrayView(data + 1, qsizetype(size - 1)));
    if (!event)
        return 0;
    (void)event->name();
    (void)event->uniqueId();
    (void)event->timestamp();
    (void)event->sequence();
    for (const Event::Format to : {Event::Format::Plain, Event::Format::Json, Event::Format::Xml})
        roundTrip(*event, to);
    return 0;
}
