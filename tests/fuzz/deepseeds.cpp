// Seeds that nest: what overflowed the stack once (a text/event-xml header value holding 60,000
// nested elements, 420 kB; a filter of 40,000 nested '('), the same shapes at the depths around
// today's limits, and the other ways to make a deep tree that a recursive reader or evaluator
// would follow (a body, a json value, '!' and `not`, long && and || chains, a value that
// libesl's ARRAY:: rule takes apart a few bytes at a time).
// A fuzzer's mutations grow an input a few bytes at a time: without these, nothing this deep is
// ever tried. .ci/fuzz lets these targets read inputs of up to 1 MB.

#include "seeds.h"

namespace Seeds {

namespace {

QByteArray repeated(QByteArrayView piece, int times)
{
    QByteArray out;
    out.reserve(piece.size() * times);
    for (int i = 0; i < times; ++i)
        out.append(piece);
    return out;
}

QByteArray nestedElements(int depth, QByteArrayView inner = "x")
{
    return repeated("<a>", depth) + inner.toByteArray() + repeated("</a>", depth);
}

QByteArray xmlEvent(QByteArrayView deepHeader, QByteArrayView body = {})
{
    QByteArray out = "<event>\n  <headers>\n    <Event-Name>CUSTOM</Event-Name>\n"
                     "    <Event-Subclass>deep::nesting</Event-Subclass>\n    <Deep>";
    out += deepHeader;
    out += "</Deep>\n  </headers>\n";
    if (!body.isNull()) {
        out += "  <Content-Length>" + QByteArray::number(body.size()) + "</Content-Length>\n";
        out += "  <body>" + body.toByteArray() + "</body>\n";
    }
    return out + "</event>";
}

QByteArray framed(QByteArrayView contentType, QByteArrayView body)
{
    return "Content-Length: " + QByteArray::number(body.size()) +
           "\nContent-Type: " + contentType.toByteArray() + "\n\n" + body.toByteArray();
}

bool writeAll(const QDir &dir, const std::vector<std::pair<QString, QByteArray>> &seeds)
{
    for (const auto &[name, bytes] : seeds) {
        if (!writeFile(dir.filePath(QStringLiteral("deep-") + name), bytes))
            return false;
    }
    return true;
}

} // namespace

bool writeDeepSeeds(const Dirs &dirs)
{
    // eventxml.cpp allows 32 levels inside a value; 60,000 is what overflowed it.
    const QByteArray class1 = xmlEvent(nestedElements(60000));
    const QByteArray json =
        R"({"Event-Name":"CUSTOM","Deep":)" + repeated("[", 60000) + repeated("]", 60000) + "}";
    const QByteArray jsonObjects = R"({"Event-Name":"CUSTOM","Deep":)" +
                                   repeated(R"({"a":)", 30000) + "1" + repeated("}", 30000) + "}";
    std::vector<std::pair<QString, QByteArray>> events = {
        {QStringLiteral("xml-value-30"), xmlEvent(nestedElements(30))},
        {QStringLiteral("xml-value-31"), xmlEvent(nestedElements(31))},
        {QStringLiteral("xml-value-32"), xmlEvent(nestedElements(32))},
        {QStringLiteral("xml-value-1000"), xmlEvent(nestedElements(1000))},
        {QStringLiteral("xml-value-60000"), class1},
        {QStringLiteral("xml-value-unclosed"), xmlEvent(repeated("<a>", 60000))},
        {QStringLiteral("xml-body-31"), xmlEvent("x", nestedElements(31))},
        {QStringLiteral("xml-body-60000"), xmlEvent("x", nestedElements(60000))},
        {QStringLiteral("xml-outside-60000"),
         "<event><headers><Event-Name>CUSTOM</Event-Name></headers>" + nestedElements(60000) +
             "</event>"},
        {QStringLiteral("json-arrays-60000"), json},
        // libesl's rule splits a value containing "ARRAY::" anywhere; one that does not start
        // with it loses 7 bytes a round (eventheaders.cpp): 420 kB are 60,000 rounds.
        {QStringLiteral("plain-array-marker-60000"),
         "Event-Name: CUSTOM\nDeep: " + repeated("x", 420000) + "ARRAY::a|:b\n"},
        {QStringLiteral("json-objects-30000"), jsonObjects},
    };
    std::vector<std::pair<QString, QByteArray>> parser;
    std::vector<std::pair<QString, QByteArray>> import;
    for (auto &[name, body] : events) {
        const bool isJson = name.startsWith(u"json");
        const bool isPlain = name.startsWith(u"plain");
        const QByteArray message = framed(isJson    ? "text/event-json"
                                          : isPlain ? "text/event-plain"
                                                    : "text/event-xml",
                                          body);
        if (name.endsWith(u"60000")) {
            parser.emplace_back(name, message);
            import.emplace_back(name, '1' + message); // raw ESL
        }
        body.prepend(isJson ? '1' : isPlain ? '0' : '2'); // fuzz_events' format byte
    }

    // Class 7 itself, and around today's limit (Filter::MaxNesting, 64); the other shapes only
    // as deep as it takes to pass any limit and give the mutations something to copy: every
    // kilobyte of a seed slows the whole run (libFuzzer mutates up to the largest input), and
    // 40,000 brackets already took the parser's recursion past the stack. Without white space,
    // so that the same text as a quick search is one word (a word costs a pass over every
    // header).
    const QByteArray comparison = "Event-Name==CHANNEL_HANGUP";
    const std::vector<std::pair<QString, QByteArray>> filters = {
        {QStringLiteral("parens-64"), repeated("(", 64) + comparison + repeated(")", 64)},
        {QStringLiteral("parens-65"), repeated("(", 65) + comparison + repeated(")", 65)},
        {QStringLiteral("parens-1000"), repeated("(", 1000) + comparison + repeated(")", 1000)},
        {QStringLiteral("parens-40000"), repeated("(", 40000) + comparison + repeated(")", 40000)},
        {QStringLiteral("parens-unclosed"), repeated("(", 10000)},
        {QStringLiteral("bang-10000"), repeated("!", 10000) + comparison},
        {QStringLiteral("not-2000"), repeated("not(", 2000) + comparison + repeated(")", 2000)},
        {QStringLiteral("mixed-2000"), repeated("!(", 2000) + comparison + repeated(")", 2000)},
        // Chains: a recursive evaluate() or toString() would follow a left-deep tree down.
        {QStringLiteral("and-chain-5000"), repeated("X<0&&", 5000) + comparison},
        {QStringLiteral("or-chain-5000"), repeated("X<0||", 5000) + comparison},
        {QStringLiteral("nested-chains-1000"),
         repeated("(Event-Sequence<0||", 1000) + comparison + repeated(")", 1000)},
    };

    // The session decodes what it reads too: the class-1 event between a command and its reply.
    const QByteArray session = QByteArray(1, '\0') + "\n@@aversion\n@@D" +
                               framed("text/event-xml", class1) + "\n@@Papi answer";
    // A journal record (encoding 0) holding the class-1 event.
    const QByteArray journal = '\0' + framed("text/event-xml", class1);

    return writeAll(dirs.events, events) && writeAll(dirs.parser, parser) &&
           writeAll(dirs.import, import) && writeAll(dirs.filter, filters) &&
           writeAll(dirs.session, {{QStringLiteral("xml-event-60000"), session}}) &&
           writeAll(dirs.journal, {{QStringLiteral("xml-event-60000"), journal}});
}

} // namespace Seeds
