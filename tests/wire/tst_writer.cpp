// Esl::wire::encodeCommand and checkArgument: a command goes out as exactly the bytes the switch
// expects, or not at all. A CR, LF or NUL in any part would let a caller's text (an operator-typed
// transfer target, say) smuggle a second command onto the wire.

#include "esl/wire/parser.h"
#include "esl/wire/writer.h"

#include <QTest>

#include <tuple>

using namespace Qt::Literals::StringLiterals;
using Esl::Error;
using Esl::wire::HeaderPair;
using Headers = QList<HeaderPair>;

namespace {

const QByteArray kUuid = "3f2a8c1e-5b7d-4e0a-9c61-2d8f0b4a7e13"_ba;

// The headers the console sends with `sendmsg` to run an application and correlate its end.
Headers executeHeaders(const QByteArray &appArg)
{
    return {{"call-command", "execute"},
            {"execute-app-name", "playback"},
            {"execute-app-arg", appArg},
            {"event-lock", "true"},
            {"loops", "2"},
            {"Event-UUID", "b1c0ffee-0000-4000-8000-000000000001"}};
}

} // namespace

class TestWriter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // Happy flows.
    void encodesExactlyTheExpectedBytes_data();
    void encodesExactlyTheExpectedBytes();
    void encodesWhatTheParserReadsBack_data();
    void encodesWhatTheParserReadsBack();
    void checkArgumentAcceptsTextWithoutLineBreaksOrNul_data();
    void checkArgumentAcceptsTextWithoutLineBreaksOrNul();

    // Rainy days.
    void refusesAnythingThatWouldBreakTheFraming_data();
    void refusesAnythingThatWouldBreakTheFraming();
    void checkArgumentNamesTheFirstForbiddenCharacter_data();
    void checkArgumentNamesTheFirstForbiddenCharacter();
};

// ---------------------------------------------------------------------------------------------
// Happy flows

void TestWriter::encodesExactlyTheExpectedBytes_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::addColumn<Headers>("headers");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QByteArray>("expected");

    QTest::newRow("api status") << "api status"_ba << Headers{} << QByteArray()
                                << "api status\n\n"_ba;
    QTest::newRow("auth") << "auth ClueCon"_ba << Headers{} << QByteArray()
                          << "auth ClueCon\n\n"_ba;
    QTest::newRow("arguments with spaces, colons and tabs")
        << "api uuid_transfer " + kUuid + " -bleg 1000 XML default\tx:y" << Headers{}
        << QByteArray() << "api uuid_transfer " + kUuid + " -bleg 1000 XML default\tx:y\n\n";
    QTest::newRow("bgapi with a Job-UUID")
        << "bgapi originate user/1000 &park()"_ba << Headers{{"Job-UUID", "7f4d1e2a"}}
        << QByteArray() << "bgapi originate user/1000 &park()\nJob-UUID: 7f4d1e2a\n\n"_ba;
    QTest::newRow("sendmsg execute")
        << "sendmsg " + kUuid << executeHeaders("local_stream://moh") << QByteArray()
        << "sendmsg " + kUuid +
               "\n"
               "call-command: execute\n"
               "execute-app-name: playback\n"
               "execute-app-arg: local_stream://moh\n"
               "event-lock: true\n"
               "loops: 2\n"
               "Event-UUID: b1c0ffee-0000-4000-8000-000000000001\n"
               "\n";
    QTest::newRow("sendmsg hangup")
        << "sendmsg"_ba << Headers{{"call-command", "hangup"}, {"hangup-cause", "NORMAL_CLEARING"}}
        << QByteArray() << "sendmsg\ncall-command: hangup\nhangup-cause: NORMAL_CLEARING\n\n"_ba;
    QTest::newRow("empty header value") << "sendmsg"_ba << Headers{{"execute-app-arg", ""}}
                                        << QByteArray() << "sendmsg\nexecute-app-arg: \n\n"_ba;
    QTest::newRow("UTF-8 header value")
        << "sendmsg"_ba << Headers{{"execute-app-arg", "Zo\xC3\xAB"}} << QByteArray()
        << "sendmsg\nexecute-app-arg: Zo\xC3\xAB\n\n"_ba;
    QTest::newRow("body after headers")
        << "sendmsg " + kUuid << Headers{{"call-command", "execute"}, {"execute-app-name", "set"}}
        << "a=1\n\nb=2"_ba
        << "sendmsg " + kUuid +
               "\ncall-command: execute\nexecute-app-name: set\nContent-Length: 8\n\na=1\n\nb=2";
    QTest::newRow("body without headers") << "sendevent NOTIFY"_ba << Headers{} << "hello"_ba
                                          << "sendevent NOTIFY\nContent-Length: 5\n\nhello"_ba;
    QTest::newRow("body of line breaks and NULs") // a body is counted, so any byte may be in it
        << "sendevent CUSTOM"_ba << Headers{} << "\r\n\0\n\0"_ba
        << "sendevent CUSTOM\nContent-Length: 5\n\n\r\n\0\n\0"_ba;
}

void TestWriter::encodesExactlyTheExpectedBytes()
{
    QFETCH(QByteArray, line);
    QFETCH(Headers, headers);
    QFETCH(QByteArray, body);
    QFETCH(QByteArray, expected);

    const Esl::Expected<QByteArray> encoded = Esl::wire::encodeCommand(line, headers, body);
    QVERIFY2(encoded.ok(), qPrintable(encoded.ok() ? QString() : encoded.error().message));
    QCOMPARE(*encoded, expected);
}

void TestWriter::encodesWhatTheParserReadsBack_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::addColumn<Headers>("headers");
    QTest::addColumn<QByteArray>("body");

    QTest::newRow("bgapi with a Job-UUID")
        << "bgapi status"_ba << Headers{{"Job-UUID", "7f4d1e2a"}} << QByteArray();
    QTest::newRow("sendmsg execute")
        << "sendmsg " + kUuid << executeHeaders("1000 XML default") << QByteArray();
    QTest::newRow("sendmsg execute, value with colons")
        << "sendmsg"_ba << executeHeaders("sip:1000@example.com:5060") << QByteArray();
    QTest::newRow("body of blank lines")
        << "sendmsg"_ba << executeHeaders("x") << "\n\nnot a header: no\n\n"_ba;
    QTest::newRow("body only") << "sendevent NOTIFY"_ba << Headers{} << "profile: internal"_ba;
}

// The first line is the command, which is no header; the rest must frame as one message whose
// headers are the given ones plus the Content-Length of the body.
void TestWriter::encodesWhatTheParserReadsBack()
{
    QFETCH(QByteArray, line);
    QFETCH(Headers, headers);
    QFETCH(QByteArray, body);

    const Esl::Expected<QByteArray> encoded = Esl::wire::encodeCommand(line, headers, body);
    QVERIFY(encoded.ok());
    const qsizetype firstNewline = encoded->indexOf('\n');
    QCOMPARE(encoded->first(firstNewline), line);

    Esl::wire::Parser parser;
    QVERIFY(parser.feed(QByteArrayView(*encoded).sliced(firstNewline + 1)));
    QVERIFY2(parser.finish(), qPrintable(parser.error().toString()));
    QCOMPARE(parser.pendingMessages(), 1);
    const Esl::Message message = parser.takeMessage();

    Esl::HeaderList expected;
    for (const auto &[name, value] : headers)
        expected.append(name, value);
    if (!body.isEmpty())
        expected.append("Content-Length", QByteArray::number(body.size()));
    QVERIFY(message.headers() == expected);
    QCOMPARE(message.hasBody(), !body.isEmpty());
    QCOMPARE(message.body(), body);
}

void TestWriter::checkArgumentAcceptsTextWithoutLineBreaksOrNul_data()
{
    QTest::addColumn<QByteArray>("text");

    QTest::newRow("empty") << QByteArray();
    QTest::newRow("plain") << "1000"_ba;
    QTest::newRow("spaces, tabs and colons") << " a\tb: c "_ba;
    QTest::newRow("other control bytes") << "\x01\x1b[0m\x7f"_ba;
    QTest::newRow("UTF-8") << "Zo\xC3\xAB \xE2\x82\xAC"_ba;
    QTest::newRow("percent escapes of CR and LF") << "%0D%0A"_ba;
}

void TestWriter::checkArgumentAcceptsTextWithoutLineBreaksOrNul()
{
    QFETCH(QByteArray, text);
    QVERIFY(!Esl::wire::checkArgument(text, u"the destination").has_value());
}

// ---------------------------------------------------------------------------------------------
// Rainy days

void TestWriter::refusesAnythingThatWouldBreakTheFraming_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::addColumn<Headers>("headers");
    QTest::addColumn<QByteArray>("body");
    // Every one of these must appear in the error message.
    QTest::addColumn<QStringList>("mentions");

    const auto position = [](qsizetype i) { return u"at position %1"_s.arg(i); };

    // The command line: each forbidden character at the start, in the middle and at the end.
    for (const auto &[character, bytes] :
         {std::pair{"CR", "\r"_ba}, std::pair{"LF", "\n"_ba}, std::pair{"NUL", "\0"_ba}}) {
        const QStringList named = {u"the command"_s,
                                   u"a %1 character"_s.arg(QLatin1StringView(character))};
        QTest::addRow("%s at the start of the command", character)
            << bytes + "api status" << Headers{} << QByteArray()
            << named + QStringList{position(0)};
        QTest::addRow("%s in the middle of the command", character)
            << "api " + bytes + "status" << Headers{} << QByteArray()
            << named + QStringList{position(4)};
        QTest::addRow("%s at the end of the command", character)
            << "api status" + bytes << Headers{} << QByteArray()
            << named + QStringList{position(10)};
    }
    QTest::newRow("CRLF at the end of the command")
        << "api status\r\n"_ba << Headers{} << QByteArray()
        << QStringList{u"the command"_s, u"CR"_s, position(10)};
    QTest::newRow("CRLF in the middle of the command")
        << "api\r\nstatus"_ba << Headers{} << QByteArray()
        << QStringList{u"the command"_s, u"CR"_s, position(3)};
    QTest::newRow("smuggled second command in the command line")
        << "api uuid_transfer " + kUuid + " 1000\n\napi hupall" << Headers{} << QByteArray()
        << QStringList{u"the command"_s, u"LF"_s, position(59)};
    QTest::newRow("empty command")
        << QByteArray() << Headers{} << QByteArray() << QStringList{u"empty command"_s};
    QTest::newRow("whitespace-only command")
        << " \t  "_ba << Headers{} << QByteArray() << QStringList{u"empty command"_s};
    QTest::newRow("command of only a line break")
        << "\r\n"_ba << Headers{} << QByteArray() << QStringList{u"empty command"_s};
    QTest::newRow("empty command with headers") << QByteArray() << Headers{{"Job-UUID", "1"}}
                                                << QByteArray() << QStringList{u"empty command"_s};

    // Header names.
    for (const auto &[character, bytes] :
         {std::pair{"CR", "\r"_ba}, std::pair{"LF", "\n"_ba}, std::pair{"NUL", "\0"_ba}}) {
        QTest::addRow("%s in a header name", character)
            << "sendmsg"_ba
            << Headers{{"call-command", "execute"}, {"execute-" + bytes + "app", "x"}}
            << QByteArray()
            << QStringList{u"a header name"_s,
                           u"a %1 character"_s.arg(QLatin1StringView(character)), position(8)};
    }
    QTest::newRow("empty header name") << "sendmsg"_ba << Headers{{"", "x"}} << QByteArray()
                                       << QStringList{u"invalid header name"_s};
    QTest::newRow("header name with a colon")
        << "sendmsg"_ba << Headers{{"call-command: execute\nexecute-app-name", "hangup"}}
        << QByteArray() << QStringList{u"invalid header name"_s};
    QTest::newRow("header name with a space")
        << "sendmsg"_ba << Headers{{"call command", "execute"}} << QByteArray()
        << QStringList{u"invalid header name \"call command\""_s};
    QTest::newRow("caller-supplied Content-Length")
        << "sendevent NOTIFY"_ba << Headers{{"Content-Length", "5"}} << "hello"_ba
        << QStringList{u"Content-Length"_s};
    QTest::newRow("caller-supplied content-length without a body")
        << "sendmsg"_ba << Headers{{"content-length", "20"}} << QByteArray()
        << QStringList{u"Content-Length"_s};

    // Header values, in each position of several headers.
    // (For CRLF the message names the CR, the first forbidden character.)
    for (const auto &[what, bytes, named] :
         {std::tuple{"CR", "\r"_ba, u"CR"_s}, std::tuple{"LF", "\n"_ba, u"LF"_s},
          std::tuple{"CRLF", "\r\n"_ba, u"CR"_s}, std::tuple{"NUL", "\0"_ba, u"NUL"_s}}) {
        for (const int i : {0, 2, 5}) {
            Headers headers = executeHeaders("local_stream://moh");
            headers[i].second.insert(1, bytes);
            QTest::addRow("%s in the value of header %d of 6", what, i + 1)
                << "sendmsg"_ba << headers << QByteArray()
                << QStringList{u"header %1"_s.arg(QString::fromLatin1(headers[i].first)),
                               u"a %1 character"_s.arg(named), position(1)};
        }
    }
    QTest::newRow("smuggled second command in an application argument")
        << "sendmsg " + kUuid << executeHeaders("1000\n\napi hupall") << QByteArray()
        << QStringList{u"header execute-app-arg"_s, u"LF"_s, position(4)};
    QTest::newRow("smuggled header in a Job-UUID")
        << "bgapi status"_ba << Headers{{"Job-UUID", "1\nContent-Length: 99"}} << QByteArray()
        << QStringList{u"header Job-UUID"_s, u"LF"_s, position(1)};
}

void TestWriter::refusesAnythingThatWouldBreakTheFraming()
{
    QFETCH(QByteArray, line);
    QFETCH(Headers, headers);
    QFETCH(QByteArray, body);
    QFETCH(QStringList, mentions);

    const Esl::Expected<QByteArray> encoded = Esl::wire::encodeCommand(line, headers, body);
    QVERIFY2(!encoded.ok(), encoded.ok() ? encoded->toPercentEncoding().constData() : "");
    QCOMPARE(encoded.error().code, Error::Code::InvalidArgument);
    for (const QString &mention : mentions) {
        QVERIFY2(
            encoded.error().message.contains(mention),
            qPrintable(u"\"%1\" does not mention \"%2\""_s.arg(encoded.error().message, mention)));
    }
}

void TestWriter::checkArgumentNamesTheFirstForbiddenCharacter_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("message");

    QTest::newRow("CR") << "1000\r"_ba
                        << u"the destination contains a CR character at position 4; nothing was "
                           u"sent"_s;
    QTest::newRow("LF") << "\n1000"_ba
                        << u"the destination contains a LF character at position 0; nothing was "
                           u"sent"_s;
    QTest::newRow("NUL") << "10\0"
                            "00"_ba
                         << u"the destination contains a NUL character at position 2; nothing "
                            u"was sent"_s;
    QTest::newRow("LF before CR") << "10\n\r00"_ba
                                  << u"the destination contains a LF character at position 2; "
                                     u"nothing was sent"_s;
    QTest::newRow("smuggled command") << "1000\n\napi hupall"_ba
                                      << u"the destination contains a LF character at position "
                                         u"4; nothing was sent"_s;
}

void TestWriter::checkArgumentNamesTheFirstForbiddenCharacter()
{
    QFETCH(QByteArray, text);
    QFETCH(QString, message);

    const std::optional<Error> error = Esl::wire::checkArgument(text, u"the destination");
    QVERIFY(error.has_value());
    QCOMPARE(error->code, Error::Code::InvalidArgument);
    QCOMPARE(error->message, message);
}

QTEST_APPLESS_MAIN(TestWriter)
#include "tst_writer.moc"
