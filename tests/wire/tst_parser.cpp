// Esl::wire::Parser: the framer must give the same messages however the bytes are cut, and must
// stop at the first violation of the framing rules with the offset and the reason, keeping every
// message that came before it.

#include "support/fixtures.h"

#include "esl/wire/parser.h"
#include "esl/wire/printable.h"

#include <QHash>
#include <QRandomGenerator>
#include <QTest>

#include <tuple>

using namespace TestSupport;
using namespace Qt::Literals::StringLiterals;
using Esl::Error;
using Esl::HeaderList;
using Esl::Message;
using Esl::wire::Parser;

namespace {

constexpr qsizetype kMiB = 1024 * 1024;

// A well-formed exchange to put in front of a fault: the messages before it must survive.
const QByteArray kOneReply = "Content-Type: command/reply\nReply-Text: +OK\n\n"_ba;
const QByteArray kThreeMessages = "Content-Type: auth/request\n\n"
                                  "Content-Type: api/response\nContent-Length: 4\n\n+OK\n"
                                  "\n"
                                  "Content-Type: command/reply\nReply-Text: +OK accepted\n\n"_ba;

QList<Message> takeAll(Parser &parser)
{
    QList<Message> messages;
    while (parser.hasMessage())
        messages.append(parser.takeMessage());
    return messages;
}

// Why `actual` is not `expected`, or an empty string when they are identical. `shift` is added
// to the actual offset, for a message parsed out of a slice of the stream.
QString difference(const Message &actual, const Message &expected, qint64 shift = 0)
{
    if (actual.offset() + shift != expected.offset())
        return u"offset %1 instead of %2"_s.arg(actual.offset() + shift).arg(expected.offset());
    if (actual.hasBody() != expected.hasBody())
        return u"hasBody() is %1"_s.arg(actual.hasBody());
    if (actual.headers() != expected.headers()) {
        const HeaderList &a = actual.headers();
        const HeaderList &e = expected.headers();
        qsizetype i = 0;
        while (i < a.size() && i < e.size() && a.name(i) == e.name(i) && a.value(i) == e.value(i))
            ++i;
        return u"%1 headers instead of %2, first difference at header %3"_s.arg(a.size())
            .arg(e.size())
            .arg(i);
    }
    if (actual.body() != expected.body())
        return u"body of %1 bytes differs from the expected %2"_s.arg(actual.body().size())
            .arg(expected.body().size());
    return {};
}

// Feeds `bytes` in pieces of 1..maxChunk bytes drawn from a seeded generator.
QList<Message> parseInRandomChunks(QByteArrayView bytes, quint32 seed, qsizetype maxChunk,
                                   Parser &parser)
{
    QRandomGenerator random(seed);
    QList<Message> messages;
    for (qsizetype pos = 0; pos < bytes.size();) {
        const qsizetype size =
            std::min<qsizetype>(random.bounded(1, int(maxChunk) + 1), bytes.size() - pos);
        if (!parser.feed(bytes.sliced(pos, size)))
            break;
        pos += size;
        messages += takeAll(parser);
    }
    parser.finish();
    return messages + takeAll(parser);
}

QByteArray eventWithBody(const QByteArray &body)
{
    return "Content-Length: "_ba + QByteArray::number(body.size()) +
           "\nContent-Type: text/event-plain\n\n"_ba + body;
}

} // namespace

class TestParser : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // Happy flows: the captures of a real switch.
    void parsesEveryFixtureInOnePiece_data();
    void parsesEveryFixtureInOnePiece();
    void givesIdenticalMessagesWhateverTheChunkSizes_data();
    void givesIdenticalMessagesWhateverTheChunkSizes();
    void givesIdenticalMessagesWhateverByteAMessageIsSplitAt_data();
    void givesIdenticalMessagesWhateverByteAMessageIsSplitAt();

    // Happy flows: framing rules, one at a time.
    void deliversSeveralMessagesFromOneChunk();
    void endsAMessageWithoutContentLengthAtTheBlankLine();
    void givesAnEmptyBodyForContentLengthZero();
    void readsLeadingZerosAndRepeatedEqualLengths();
    void skipsBlankLinesBetweenMessages();
    void acceptsCrLfLineEndings();
    void splitsAHeaderLineAtTheFirstColon_data();
    void splitsAHeaderLineAtTheFirstColon();
    void percentDecodesOuterHeaderValues_data();
    void percentDecodesOuterHeaderValues();
    void keepsRepeatedHeadersInOrderAndFindsThemIgnoringCase();
    void boundsABodyContainingBlankLinesByContentLength();
    void keepsNulBytesInsideABody();
    void acceptsABodyOfExactlyTheLimit();
    void knowsWhetherItIsInsideAMessage();
    void yieldsMessagesInTheOrderTheyArrived();

    // Rainy days.
    void rejectsBrokenFramingAtTheFaultyByte_data();
    void rejectsBrokenFramingAtTheFaultyByte();
    void ignoresEverythingFedAfterAFault();
    void honoursCustomLimits_data();
    void honoursCustomLimits();
    void parsesAgainAfterReset();
    void quotesAHostileValueEscapedAndCutShort_data();
    void quotesAHostileValueEscapedAndCutShort();
    void showsUntrustedTextWithVisibleEscapes_data();
    void showsUntrustedTextWithVisibleEscapes();

private:
    const QByteArray &bytes(const QString &scenario);
    const QList<Message> &onePiece(const QString &scenario);

    QHash<QString, QByteArray> m_bytes;
    QHash<QString, QList<Message>> m_onePiece;
};

const QByteArray &TestParser::bytes(const QString &scenario)
{
    auto it = m_bytes.find(scenario);
    if (it == m_bytes.end())
        it = m_bytes.insert(scenario, readFixture(scenario, u".esl"_s));
    return *it;
}

const QList<Message> &TestParser::onePiece(const QString &scenario)
{
    auto it = m_onePiece.find(scenario);
    if (it == m_onePiece.end())
        it = m_onePiece.insert(scenario, parseAll(bytes(scenario)));
    return *it;
}

// ---------------------------------------------------------------------------------------------
// Happy flows: the captures

void TestParser::parsesEveryFixtureInOnePiece_data()
{
    QTest::addColumn<QString>("scenario");
    for (const QString &scenario : allScenarios())
        QTest::newRow(qPrintable(scenario)) << scenario;
}

void TestParser::parsesEveryFixtureInOnePiece()
{
    QFETCH(QString, scenario);
    const QByteArray &input = bytes(scenario);
    QVERIFY(!input.isEmpty());

    Parser parser;
    QVERIFY(parser.feed(input));
    QVERIFY(parser.finish());
    QVERIFY(!parser.isInsideMessage());
    const QList<Message> messages = takeAll(parser);

    QCOMPARE(messages.size(), expectedLines(scenario).size());
    QCOMPARE(parser.messagesParsed(), messages.size());
    QCOMPARE(parser.bytesFed(), input.size());
    qint64 previous = -1;
    for (const Message &message : messages) {
        if (message.offset() <= previous)
            QFAIL(qPrintable(u"offset %1 after %2"_s.arg(message.offset()).arg(previous)));
        QVERIFY(!message.contentType().isEmpty());
        previous = message.offset();
    }
    QVERIFY(previous < input.size());
}

void TestParser::givesIdenticalMessagesWhateverTheChunkSizes_data()
{
    QTest::addColumn<QString>("scenario");
    QTest::addColumn<quint32>("seed");
    for (const QString &scenario : allScenarios()) {
        for (const quint32 seed : {1u, 20240611u, 0xC1ECu}) // ClueCon, more or less
            QTest::addRow("%s, seed %u", qPrintable(scenario), seed) << scenario << seed;
    }
}

void TestParser::givesIdenticalMessagesWhateverTheChunkSizes()
{
    QFETCH(QString, scenario);
    QFETCH(quint32, seed);
    const QList<Message> &expected = onePiece(scenario);
    QVERIFY(!expected.isEmpty());

    Parser parser;
    const QList<Message> messages = parseInRandomChunks(bytes(scenario), seed, 4096, parser);
    QVERIFY2(!parser.hasError(), qPrintable(parser.error().toString()));
    QCOMPARE(parser.bytesFed(), bytes(scenario).size());
    QCOMPARE(messages.size(), expected.size());
    for (qsizetype i = 0; i < messages.size(); ++i) {
        const QString why = difference(messages[i], expected[i]);
        QVERIFY2(why.isEmpty(), qPrintable(u"message %1: %2"_s.arg(i).arg(why)));
    }
}

void TestParser::givesIdenticalMessagesWhateverByteAMessageIsSplitAt_data()
{
    QTest::addColumn<QString>("scenario");
    for (const QString &scenario : smallScenarios())
        QTest::newRow(qPrintable(scenario)) << scenario;
}

// Each message is cut out of the capture (from its offset to the next message's) and fed to a
// fresh parser in two pieces, [0, k) and [k, n), for every k from 0 to n. This is quadratic in
// the message size, but even the 42 KB api/response bodies keep it to a few seconds in a Debug
// build: the work inside a body is a copy.
void TestParser::givesIdenticalMessagesWhateverByteAMessageIsSplitAt()
{
    QFETCH(QString, scenario);
    const QByteArray &input = bytes(scenario);
    const QList<Message> &expected = onePiece(scenario);
    QVERIFY(!expected.isEmpty());

    for (qsizetype i = 0; i < expected.size(); ++i) {
        const qint64 start = expected[i].offset();
        const qint64 end = i + 1 < expected.size() ? expected[i + 1].offset() : input.size();
        const QByteArrayView message = QByteArrayView(input).sliced(start, end - start);
        for (qsizetype k = 0; k <= message.size(); ++k) {
            Parser parser;
            parser.feed(message.first(k));
            parser.feed(message.sliced(k));
            parser.finish();
            QString why;
            if (parser.hasError())
                why = parser.error().toString();
            else if (parser.pendingMessages() != 1)
                why = u"%1 messages"_s.arg(parser.pendingMessages());
            else
                why = difference(parser.takeMessage(), expected[i], start);
            if (!why.isEmpty())
                QFAIL(qPrintable(u"message %1 split at byte %2: %3"_s.arg(i).arg(k).arg(why)));
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Happy flows: one framing rule at a time

void TestParser::deliversSeveralMessagesFromOneChunk()
{
    Parser parser;
    QVERIFY(parser.feed(kThreeMessages));
    QCOMPARE(parser.pendingMessages(), 3);
    const QList<Message> messages = takeAll(parser);

    QCOMPARE(messages[0].contentType(), "auth/request");
    QCOMPARE(messages[0].offset(), 0);
    QCOMPARE(messages[1].contentType(), "api/response");
    QCOMPARE(messages[1].body(), "+OK\n");
    QCOMPARE(messages[1].offset(), kThreeMessages.indexOf("Content-Type: api"));
    QCOMPARE(messages[2].header("Reply-Text"), "+OK accepted");
    QCOMPARE(messages[2].offset(), kThreeMessages.indexOf("Content-Type: command"));
    QCOMPARE(parser.messagesParsed(), 3);
}

void TestParser::endsAMessageWithoutContentLengthAtTheBlankLine()
{
    Parser parser;
    QVERIFY(parser.feed("Content-Type: command/reply\nReply-Text: +OK\n"));
    QVERIFY(!parser.hasMessage());
    QVERIFY(parser.feed("\n"));
    QCOMPARE(parser.pendingMessages(), 1);

    const Message message = parser.takeMessage();
    QVERIFY(!message.hasBody());
    QVERIFY(message.body().isEmpty());
    QCOMPARE(message.headers().size(), 2);
    QCOMPARE(message.header("Reply-Text"), "+OK");
}

void TestParser::givesAnEmptyBodyForContentLengthZero()
{
    const QList<Message> messages =
        parseAll("Content-Type: api/response\nContent-Length: 0\n\nContent-Type: next\n\n");
    QCOMPARE(messages.size(), 2);
    QVERIFY(messages[0].hasBody());
    QVERIFY(messages[0].body().isEmpty());
    // The next message starts right after the blank line, not swallowed as a body.
    QCOMPARE(messages[1].contentType(), "next");
}

void TestParser::readsLeadingZerosAndRepeatedEqualLengths()
{
    const QList<Message> messages = parseAll(
        "Content-Length: 0000000000000000005\n\nhello"
        "Content-Length: 3\ncontent-length: 3\n\nabc"_ba);
    QCOMPARE(messages.size(), 2);
    QCOMPARE(messages[0].body(), "hello");
    QCOMPARE(messages[1].body(), "abc");
}

void TestParser::skipsBlankLinesBetweenMessages()
{
    const QByteArray input = "\n\n\r\nContent-Type: a\n\n\n\n\nContent-Type: b\n\n\n"_ba;
    const QList<Message> messages = parseAll(input);
    QCOMPARE(messages.size(), 2);
    QCOMPARE(messages[0].contentType(), "a");
    QCOMPARE(messages[0].offset(), input.indexOf("Content-Type: a"));
    QCOMPARE(messages[0].headers().size(), 1);
    QCOMPARE(messages[1].contentType(), "b");
    QCOMPARE(messages[1].offset(), input.indexOf("Content-Type: b"));
}

void TestParser::acceptsCrLfLineEndings()
{
    const QByteArray input =
        "Content-Type: api/response\r\nContent-Length: 5\r\n\r\n+OK\r\nContent-Type: x\r\n\r\n"_ba;
    const QList<Message> messages = parseAll(input);
    QCOMPARE(messages.size(), 2);
    QCOMPARE(messages[0].contentType(), "api/response"); // no trailing CR
    QCOMPARE(messages[0].header("Content-Length"), "5");
    QCOMPARE(messages[0].body(), "+OK\r\n"); // a body is raw bytes, CRs included
    QCOMPARE(messages[1].offset(), input.indexOf("Content-Type: x"));
    QCOMPARE(messages[1].contentType(), "x");
}

void TestParser::splitsAHeaderLineAtTheFirstColon_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::addColumn<QByteArray>("name");
    QTest::addColumn<QByteArray>("value");

    QTest::newRow("value holding colons") << "Reply-Text: +OK Job-UUID: 1f"_ba
                                          << "Reply-Text"_ba
                                          << "+OK Job-UUID: 1f"_ba;
    QTest::newRow("no space after the colon") << "Job-UUID:1f"_ba
                                              << "Job-UUID"_ba
                                              << "1f"_ba;
    QTest::newRow("several spaces skipped") << "Job-UUID:    1f"_ba
                                            << "Job-UUID"_ba
                                            << "1f"_ba;
    QTest::newRow("a tab skipped") << "Job-UUID:\t1f"_ba
                                   << "Job-UUID"_ba
                                   << "1f"_ba;
    QTest::newRow("inner spaces kept") << "Reply-Text: -ERR no  reply"_ba
                                       << "Reply-Text"_ba
                                       << "-ERR no  reply"_ba;
    QTest::newRow("empty value") << "User-Data:"_ba
                                 << "User-Data"_ba
                                 << ""_ba;
    QTest::newRow("empty value after a space") << "User-Data: "_ba
                                               << "User-Data"_ba
                                               << ""_ba;
    QTest::newRow("value that is a colon") << "Sep: :"_ba
                                           << "Sep"_ba
                                           << ":"_ba;
    QTest::newRow("CRLF line") << "Job-UUID: 1f\r"_ba
                               << "Job-UUID"_ba
                               << "1f"_ba;
}

void TestParser::splitsAHeaderLineAtTheFirstColon()
{
    QFETCH(QByteArray, line);
    QFETCH(QByteArray, name);
    QFETCH(QByteArray, value);

    const QList<Message> messages = parseAll(line + "\n\n");
    QCOMPARE(messages.size(), 1);
    const HeaderList &headers = messages[0].headers();
    QCOMPARE(headers.size(), 1);
    QCOMPARE(headers.name(0), name);
    QCOMPARE(headers.value(0), value);
}

void TestParser::percentDecodesOuterHeaderValues_data()
{
    QTest::addColumn<QByteArray>("encoded");
    QTest::addColumn<QByteArray>("decoded");

    QTest::newRow("plus and newline") << "%2BOK%0A"_ba
                                      << "+OK\n"_ba;
    QTest::newRow("lower-case hex") << "a%3ab"_ba
                                    << "a:b"_ba;
    QTest::newRow("plus stays a plus") << "a+b"_ba
                                       << "a+b"_ba;
    QTest::newRow("space") << "Outbound%20Call"_ba
                           << "Outbound Call"_ba;
    QTest::newRow("bad escape kept") << "100%ZZ"_ba
                                     << "100%ZZ"_ba;
    QTest::newRow("escape cut short kept") << "50%2"_ba
                                           << "50%2"_ba;
    QTest::newRow("UTF-8 bytes") << "Zo%C3%AB"_ba
                                 << "Zo\xC3\xAB"_ba;
}

void TestParser::percentDecodesOuterHeaderValues()
{
    QFETCH(QByteArray, encoded);
    QFETCH(QByteArray, decoded);

    const QList<Message> messages = parseAll("A%20Name: " + encoded + "\n\n");
    QCOMPARE(messages.size(), 1);
    QCOMPARE(messages[0].headers().name(0), "A%20Name"); // names are not decoded
    QCOMPARE(messages[0].headers().value(0), decoded);
}

void TestParser::keepsRepeatedHeadersInOrderAndFindsThemIgnoringCase()
{
    const QList<Message> messages = parseAll("Content-Type: text/event-plain\n"
                                             "Channel-Read-Codec-Name: PCMU\n"
                                             "X-Note: first\n"
                                             "channel-read-codec-name: opus\n"
                                             "X-NOTE: second\n\n");
    QCOMPARE(messages.size(), 1);
    const HeaderList &headers = messages[0].headers();
    QCOMPARE(headers.size(), 5);
    QCOMPARE(headers.name(1), "Channel-Read-Codec-Name");
    QCOMPARE(headers.name(3), "channel-read-codec-name");
    QCOMPARE(headers.value("CHANNEL-READ-CODEC-NAME"), "PCMU");
    QCOMPARE(headers.values("channel-read-codec-name"), (QList<QByteArrayView>{"PCMU", "opus"}));
    QCOMPARE(headers.values("x-note"), (QList<QByteArrayView>{"first", "second"}));
    QCOMPARE(messages[0].header("content-type"), "text/event-plain");
}

void TestParser::boundsABodyContainingBlankLinesByContentLength()
{
    const QByteArray body = "Event-Name: BACKGROUND_JOB\nContent-Length: 9\n\n+OK\n\nline\n"_ba;
    const QList<Message> messages = parseAll(eventWithBody(body) + "Content-Type: after\n\n");
    QCOMPARE(messages.size(), 2);
    QCOMPARE(messages[0].body(), body);
    QCOMPARE(messages[1].contentType(), "after");
}

void TestParser::keepsNulBytesInsideABody()
{
    const QByteArray body = "\0a\0\0b\0"_ba;
    QCOMPARE(body.size(), 6);
    Parser parser;
    QVERIFY(parser.feed(eventWithBody(body)));
    QVERIFY(parser.finish());
    QCOMPARE(parser.pendingMessages(), 1);
    QCOMPARE(parser.takeMessage().body(), body);
}

void TestParser::acceptsABodyOfExactlyTheLimit()
{
    const QByteArray body(16 * kMiB, 'x');
    QCOMPARE(body.size(), Parser::Limits().maxBodySize);
    Parser parser;
    QVERIFY(parser.feed(eventWithBody(body)));
    QVERIFY(parser.finish());
    QCOMPARE(parser.pendingMessages(), 1);
    const Message message = parser.takeMessage();
    QCOMPARE(message.body().size(), body.size());
    QVERIFY(message.body() == body);
}

void TestParser::knowsWhetherItIsInsideAMessage()
{
    Parser parser;
    QVERIFY(!parser.isInsideMessage());
    parser.feed("Content-Ty");
    QVERIFY(parser.isInsideMessage()); // inside a header line
    parser.feed("pe: api/response\n");
    QVERIFY(parser.isInsideMessage()); // between header lines
    parser.feed("Content-Length: 5\n\n+O");
    QVERIFY(parser.isInsideMessage()); // inside the body
    parser.feed("K\n\n\n");
    QVERIFY(!parser.isInsideMessage()); // after the body and a blank line
    QCOMPARE(parser.pendingMessages(), 1);
    parser.feed("Content-Type: command/reply\n\n");
    QVERIFY(!parser.isInsideMessage()); // right after a message without a body
    QCOMPARE(parser.pendingMessages(), 2);
    QVERIFY(parser.finish());
}

void TestParser::yieldsMessagesInTheOrderTheyArrived()
{
    Parser parser;
    for (int i = 0; i < 5; ++i)
        parser.feed("Content-Type: command/reply\nReply-Text: +OK " + QByteArray::number(i) +
                    "\n\n");
    QCOMPARE(parser.pendingMessages(), 5);
    for (int i = 0; i < 5; ++i) {
        QVERIFY(parser.hasMessage());
        QCOMPARE(parser.takeMessage().header("Reply-Text"), "+OK " + QByteArray::number(i));
    }
    QVERIFY(!parser.hasMessage());
}

// ---------------------------------------------------------------------------------------------
// Rainy days

void TestParser::rejectsBrokenFramingAtTheFaultyByte_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<bool>("finish");
    QTest::addColumn<qint64>("offset");
    QTest::addColumn<QString>("reason");
    QTest::addColumn<int>("messagesBefore");

    // `faulty` follows `before` (which holds `count` good messages); `at` is relative to `faulty`.
    const auto add = [](const char *name, const QByteArray &before, int count,
                        const QByteArray &faulty, qsizetype at, const QString &reason,
                        bool finish = false) {
        QTest::newRow(name) << before + faulty << finish << qint64(before.size() + at) << reason
                            << count;
    };
    const auto blankLine = [](const QByteArray &faulty) { return faulty.indexOf("\n\n") + 1; };

    // Content-Length: only a plain decimal number up to the limit. The fault is found at the
    // blank line that ends the block, when the length is read.
    for (const auto &[name, value, reason] : {
             std::tuple{"negative Content-Length", "-1"_ba, u"negative Content-Length"_s},
             std::tuple{"negative zero Content-Length", "-0"_ba, u"negative Content-Length"_s},
             std::tuple{"Content-Length 12abc", "12abc"_ba, u"\"12abc\" is not a number"_s},
             std::tuple{"empty Content-Length", ""_ba, u"\"\" is not a number"_s},
             std::tuple{"Content-Length of spaces", "   "_ba, u"is not a number"_s},
             std::tuple{"hexadecimal Content-Length", "0x10"_ba, u"\"0x10\" is not a number"_s},
             std::tuple{"Content-Length with a plus sign", "+5"_ba, u"is not a number"_s},
             std::tuple{"Content-Length with a fraction", "1.5"_ba, u"is not a number"_s},
             std::tuple{"Content-Length with an inner space", "1 2"_ba, u"is not a number"_s},
             std::tuple{"Content-Length one over 16 MiB", "16777217"_ba,
                        u"Content-Length 16777217 exceeds the limit of 16777216 bytes"_s},
             std::tuple{"absurdly large Content-Length", "99999999999999999999"_ba,
                        u"Content-Length 99999999999999999999 exceeds the limit"_s},
         }) {
        const QByteArray faulty = "Content-Type: api/response\nContent-Length: " + value + "\n\n";
        add(name, kOneReply, 1, faulty, blankLine(faulty), reason);
    }
    {
        // Two lengths that disagree leave no way to know where the next message starts.
        const QByteArray faulty = "Content-Length: 1\nContent-Length: 5\n\nhello"_ba;
        add("conflicting Content-Length headers", kOneReply, 1, faulty, blankLine(faulty),
            u"conflicting Content-Length headers"_s);
    }
    {
        const QByteArray faulty = "content-length: -5\nContent-Type: api/response\n\n"_ba;
        add("lower-case content-length", kThreeMessages, 3, faulty, blankLine(faulty),
            u"negative Content-Length"_s);
    }

    // Header lines.
    {
        const QByteArray faulty = "Content-Type: command/reply\nReply-Text +OK\n\n"_ba;
        add("header line without a colon", kOneReply, 1, faulty, faulty.indexOf("Reply-Text"),
            u"header line without a colon"_s);
        add("header line without a colon at the stream start", {}, 0, "+OK\n\n"_ba, 0,
            u"header line without a colon"_s);
        add("header line of spaces", kThreeMessages, 3, "Content-Type: a\n   \n\n"_ba, 16,
            u"header line without a colon"_s);
        add("header line with an empty name", kOneReply, 1, "Content-Type: a\n: x\n\n"_ba, 16,
            u"header line with an empty name"_s);
        add("CRLF header line with an empty name", kOneReply, 1, "Content-Type: a\r\n:\r\n"_ba, 17,
            u"header line with an empty name"_s);
    }
    {
        const QByteArray faulty = "Content-Type: a\nConte\0nt-Length: 3\n\n"_ba;
        add("NUL in a header name", kOneReply, 1, faulty, faulty.indexOf('\0'),
            u"NUL byte in a header line"_s);
    }
    {
        const QByteArray faulty = "Content-Type: api/resp\0onse\n\n"_ba;
        add("NUL in a header value", kThreeMessages, 3, faulty, faulty.indexOf('\0'),
            u"NUL byte in a header line"_s);
    }
    add("NUL as a line of its own", kOneReply, 1, "\0\n\n"_ba, 0, u"NUL byte in a header line"_s);

    // The header block is capped at 1 MiB, blank line included; the fault is the first byte past.
    add("header block of one huge line", kOneReply, 1,
        "Content-Type: a\nX-Huge: " + QByteArray(kMiB, 'h') + "\n\n", kMiB,
        u"header block larger than 1048576 bytes"_s);
    add("huge header line still unfinished", kOneReply, 1, "X-Huge: " + QByteArray(kMiB + 1, 'h'),
        kMiB, u"header block larger than 1048576 bytes"_s);
    {
        QByteArray faulty;
        for (int i = 0; faulty.size() <= kMiB; ++i)
            faulty += "X-Line-" + QByteArray::number(i) + ": " + QByteArray(60, 'v') + "\n";
        add("header block of many lines", kThreeMessages, 3, faulty + "\n", kMiB,
            u"header block larger than 1048576 bytes"_s);
    }

    // The input ends mid-message: only finish() can tell.
    add("body cut short", kOneReply, 1, "Content-Type: api/response\nContent-Length: 10\n\n+OK"_ba,
        0, u"input ended inside a message: 3 of 10 body bytes"_s, true);
    add("body not begun", kThreeMessages, 3, "Content-Length: 10\n\n"_ba, 0,
        u"input ended inside a message: 0 of 10 body bytes"_s, true);
    add("input ending inside a header block", kOneReply, 1, "Content-Type: api/response\n"_ba, 0,
        u"input ended inside a header block"_s, true);
    add("input ending inside a header line", kThreeMessages, 3, "\n\nContent-Ty"_ba, 2,
        u"input ended inside a header block"_s, true);
}

void TestParser::rejectsBrokenFramingAtTheFaultyByte()
{
    QFETCH(QByteArray, input);
    QFETCH(bool, finish);
    QFETCH(qint64, offset);
    QFETCH(QString, reason);
    QFETCH(int, messagesBefore);

    // Whole, then one byte at a time: the fault must not depend on how the bytes arrive.
    for (const qsizetype chunk : {input.size(), qsizetype(1)}) {
        Parser parser;
        bool ok = true;
        for (qsizetype pos = 0; ok && pos < input.size(); pos += chunk)
            ok =
                parser.feed(QByteArrayView(input).sliced(pos, std::min(chunk, input.size() - pos)));
        if (finish) {
            QVERIFY2(ok, qPrintable(parser.error().toString()));
            QVERIFY(!parser.finish());
        } else {
            QVERIFY(!ok);
        }
        const auto context = [&](const QString &what) {
            return u"fed in chunks of %1: %2 (%3)"_s.arg(chunk)
                .arg(what, parser.error().toString())
                .toLocal8Bit();
        };
        QVERIFY2(parser.hasError(), context(u"no error"_s).constData());
        QVERIFY2(parser.error().code == Error::Code::Protocol,
                 context(u"wrong code"_s).constData());
        QVERIFY2(parser.error().offset == offset,
                 context(u"offset %1 instead of %2"_s.arg(parser.error().offset).arg(offset))
                     .constData());
        QVERIFY2(parser.error().message.contains(reason),
                 context(u"reason without \"%1\""_s.arg(reason)).constData());
        QVERIFY2(parser.pendingMessages() == messagesBefore,
                 context(u"%1 messages delivered"_s.arg(parser.pendingMessages())).constData());
        if (messagesBefore > 0)
            QVERIFY2(!parser.takeMessage().headers().isEmpty(),
                     context(u"empty message"_s).constData());
    }
}

void TestParser::ignoresEverythingFedAfterAFault()
{
    Parser parser;
    QVERIFY(!parser.feed(kOneReply + "Content-Length: -1\n\n"));
    const Error error = parser.error();
    QCOMPARE(parser.pendingMessages(), 1);

    QVERIFY(!parser.feed(kOneReply));
    QVERIFY(!parser.feed(kThreeMessages));
    QVERIFY(!parser.finish());
    QCOMPARE(parser.pendingMessages(), 1);
    QCOMPARE(parser.messagesParsed(), 1);
    QCOMPARE(parser.error().offset, error.offset);
    QCOMPARE(parser.error().message, error.message);
}

void TestParser::honoursCustomLimits_data()
{
    QTest::addColumn<qsizetype>("maxBodySize");
    QTest::addColumn<qsizetype>("maxHeaderBlockSize");
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<qint64>("offset"); // of the fault, -1 when the input is fine
    QTest::addColumn<QString>("reason");

    const QByteArray block = "Content-Length: 5\n\n"_ba; // 19 bytes, blank line included
    const QByteArray reply = "Reply-Text: +OK\n\n"_ba;   // 17 bytes, within every limit here
    QTest::newRow("body at the limit")
        << qsizetype(5) << qsizetype(64) << block + "12345" << qint64(-1) << QString();
    QTest::newRow("body one over the limit")
        << qsizetype(4) << qsizetype(64) << reply + block + "12345"
        << qint64(reply.size() + block.size() - 1)
        << u"Content-Length 5 exceeds the limit of 4 bytes"_s;
    QTest::newRow("header block at the limit")
        << qsizetype(5) << qsizetype(19) << block + "12345" << qint64(-1) << QString();
    QTest::newRow("header block one over the limit")
        << qsizetype(5) << qsizetype(18) << reply + block + "12345" << qint64(reply.size() + 18)
        << u"header block larger than 18 bytes"_s;
    QTest::newRow("leading blank lines do not count")
        << qsizetype(5) << qsizetype(19)
        << "\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n" + block + "12345" << qint64(-1) << QString();
}

void TestParser::honoursCustomLimits()
{
    QFETCH(qsizetype, maxBodySize);
    QFETCH(qsizetype, maxHeaderBlockSize);
    QFETCH(QByteArray, input);
    QFETCH(qint64, offset);
    QFETCH(QString, reason);

    Parser parser(Parser::Limits{maxBodySize, maxHeaderBlockSize});
    const bool ok = parser.feed(input) && parser.finish();
    if (offset < 0) {
        QVERIFY2(ok, qPrintable(parser.error().toString()));
        QCOMPARE(parser.pendingMessages(), 1);
        QCOMPARE(parser.takeMessage().body(), "12345");
        return;
    }
    QVERIFY(!ok);
    QCOMPARE(parser.error().code, Error::Code::Protocol);
    QCOMPARE(parser.error().offset, offset);
    QVERIFY2(parser.error().message.contains(reason), qPrintable(parser.error().message));
    QCOMPARE(parser.pendingMessages(), 1); // the reply before the fault
}

void TestParser::parsesAgainAfterReset()
{
    Parser parser(Parser::Limits{8, 64});
    QVERIFY(!parser.feed("Content-Type: a\nno colon\n\n"));
    QVERIFY(parser.hasError());

    parser.reset();
    QVERIFY(!parser.hasError());
    QVERIFY(!parser.hasMessage());
    QVERIFY(!parser.isInsideMessage());
    QCOMPARE(parser.bytesFed(), 0);
    QVERIFY(parser.feed("Content-Type: api/response\nContent-Length: 8\n\n12345678"));
    QVERIFY(parser.finish());
    QCOMPARE(parser.pendingMessages(), 1);
    const Message message = parser.takeMessage();
    QCOMPARE(message.offset(), 0);
    QCOMPARE(message.body(), "12345678");

    // The custom limits survive the reset.
    QVERIFY(!parser.feed("Content-Length: 9\n\n"));
    QVERIFY(parser.error().message.contains(u"exceeds the limit of 8 bytes"));
}

// A hostile switch writes the values that errors quote: the reason must stay one short line
// with no byte a terminal would act on, however long or strange the value.
void TestParser::quotesAHostileValueEscapedAndCutShort_data()
{
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<QString>("reason");

    const QByteArray zeros(64, '0');
    QTest::newRow("negative length of 500 KB")
        << "-" + QByteArray(500'000, '0') + "1"
        << u"negative Content-Length \"-%1…\" (500002 bytes)"_s.arg(
               QString::fromLatin1(zeros.first(63)));
    QTest::newRow("terminal escapes in a length")
        << "1\x1b]0;pwned\x07\r\x1b[2J"_ba
        << uR"(Content-Length "1\e]0;pwned\a\r\e[2J" is not a number)"_s;
    QTest::newRow("C1 CSI and a bidi override in a length")
        << "1\xc2\x9b"
           "2J\xe2\x80\xae"_ba
        << uR"(Content-Length "1\u{9b}2J\u{202e}" is not a number)"_s;
    QTest::newRow("DEL, a backspace and a quote")
        << "9\x7f\x08\""_ba << uR"(Content-Length "9\x7f\b\"" is not a number)"_s;
    QTest::newRow("100,000 digits over the limit")
        << QByteArray(100'000, '9')
        << u"Content-Length %1… (100000 bytes) exceeds the limit of 16777216 bytes"_s.arg(
               QString(64, u'9'));
}

void TestParser::quotesAHostileValueEscapedAndCutShort()
{
    QFETCH(QByteArray, value);
    QFETCH(QString, reason);
    Parser parser;
    const QByteArray block = "Content-Type: api/response\nContent-Length: " + value + "\n\n";
    QVERIFY(!parser.feed(kOneReply + block));
    QCOMPARE(parser.error().message, reason);
    QCOMPARE(parser.error().offset, kOneReply.size() + block.size() - 1);
    QVERIFY(parser.error().toString().size() < 200);
    for (const QChar c : parser.error().message)
        QVERIFY2(c.unicode() >= 0x20 && (c.unicode() < 0x7f || c.unicode() >= 0xa0),
                 qPrintable(u"U+%1 in the reason"_s.arg(c.unicode(), 4, 16, QChar(u'0'))));
}

void TestParser::showsUntrustedTextWithVisibleEscapes_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<qsizetype>("maxChars");
    QTest::addColumn<bool>("keepLineBreaks");
    QTest::addColumn<QString>("shown");

    const auto row = [](const char *name, const QString &text, const QString &shown,
                        qsizetype maxChars = -1, bool keepLineBreaks = false) {
        QTest::newRow(name) << text << maxChars << keepLineBreaks << shown;
    };
    row("plain text as it is", u"Access Denied, go away. Ærø ✓"_s,
        u"Access Denied, go away. Ærø ✓"_s);
    row("named C0 escapes", u"\x1b\a\b\t\n\v\f\r"_s + QChar(0), uR"(\e\a\b\t\n\v\f\r\0)"_s);
    row("other C0 and DEL in hex", u"\x01\x1f\x7f"_s, uR"(\x01\x1f\x7f)"_s);
    row("C1 controls", u"\u0085\u009b\u009f"_s, uR"(\u{85}\u{9b}\u{9f})"_s);
    row("bidi overrides, isolates and zero-width", u"a\u202eb\u2066c\u200bd\u2028"_s,
        uR"(a\u{202e}b\u{2066}c\u{200b}d\u{2028})"_s);
    row("a lone surrogate", QString(QChar(0xd800)) + u"x"_s, uR"(\u{d800}x)"_s);
    row("a character beyond the BMP kept whole", u"😀"_s, u"😀"_s);
    row("cut with the size said", u"abcdef"_s, u"abc… (6 bytes)"_s, 3);
    row("an escape that does not fit is cut whole", u"ab\x1b"_s, u"ab… (3 bytes)"_s, 3);
    row("bytes counted as UTF-8", u"ææææ"_s, u"æ… (8 bytes)"_s, 1);
    row("line breaks kept for many lines", u"a\r\nb\tc\rd\x1b"_s, u"a\r\nb\tc\\rd\\e"_s, -1, true);
}

void TestParser::showsUntrustedTextWithVisibleEscapes()
{
    QFETCH(QString, text);
    QFETCH(qsizetype, maxChars);
    QFETCH(bool, keepLineBreaks);
    QFETCH(QString, shown);
    const Esl::wire::PrintableOptions options{.maxChars = maxChars,
                                              .keepLineBreaks = keepLineBreaks};
    QCOMPARE(Esl::wire::printable(text, options), shown);
    // From bytes the same (a lone surrogate has no UTF-8 to start from).
    if (QString::fromUtf8(text.toUtf8()) == text)
        QCOMPARE(Esl::wire::printable(text.toUtf8(), options), shown);
}

QTEST_APPLESS_MAIN(TestParser)
#include "tst_parser.moc"
