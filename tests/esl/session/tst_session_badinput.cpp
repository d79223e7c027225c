// What Esl::Session does with bad input from either side. From the switch: a message of a type it
// does not know is reported and the link stays; a reply nobody waited for, or bytes that break
// the framing, drop the link and fail what was pending; an event that does not decode is
// reported and the link stays. From the caller: an argument with CR, LF or NUL is refused before
// anything is written. (More hostile switches in tst_hostile.)

#include "esl/session/sessionharness.h"

#include <QRegularExpression>

#include <optional>
#include <utility>

using namespace SessionHarness;
using namespace TestSupport;
using namespace Qt::Literals::StringLiterals;
using Esl::Error;
using Esl::JobResult;
using Esl::Message;
using Esl::Reply;
using Esl::Session;

namespace {

template<typename T> std::pair<bool, std::optional<Error>> immediately(const QFuture<T> &future)
{
    if (!future.isFinished())
        return {false, std::nullopt};
    return {true, future.result().error()};
}

} // namespace

class TestSessionBadInput : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { verifyTheRealCapture(); }

    // Rainy days: what the switch sends
    void reportsAReplyNobodyWaitedForAsUnexpected();
    void dropsTheLinkOnAProtocolError_data();
    void dropsTheLinkOnAProtocolError();
    void reportsAnUndecodableEventAndKeepsTheLink_data();
    void reportsAnUndecodableEventAndKeepsTheLink();

    // Rainy days: what the caller asks for
    void refusesCrLfOrNulInAnyArgumentWithoutWritingAnything_data();
    void refusesCrLfOrNulInAnyArgumentWithoutWritingAnything();
};

// ---------------------------------------------------------------------------------------------
// Rainy days: what the switch sends

void TestSessionBadInput::reportsAReplyNobodyWaitedForAsUnexpected()
{
    // A message of a type the session does not know is reported and the link stays.
    Link link;
    OPEN(link);
    PLAY(link, "Content-Type: text/something-new\n\n"_ba);
    QCOMPARE(link.unexpected.size(), 1);
    QCOMPARE(link.unexpected.at(0).at(0).value<Message>().contentType(), "text/something-new");
    QVERIFY(link.session.isOpen());
    QFuture<Reply> status = link.session.api(u"status"_s);
    EXPECT(link, "api status\n\n");
    PLAY(link, real(Real::Status));
    QVERIFY(status.result().ok());

    // A reply nobody waited for means the link is out of step: every later reply would reach
    // the wrong caller, so it is dropped (more cases in tst_hostile).
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"^protocol error:"_s));
    PLAY(link, ScriptedPeer::reply("+OK"));
    QCOMPARE(link.unexpected.size(), 2);
    QVERIFY(!link.session.isOpen());
    QCOMPARE(link.disconnects.size(), 1);
    QCOMPARE(link.disconnects.at(0).at(0).value<Esl::Error>().message,
             u"out of step with the switch: a command/reply (\"+OK\") while no command was "
             "waiting for one"_s);
}

void TestSessionBadInput::dropsTheLinkOnAProtocolError_data()
{
    QTest::addColumn<QByteArray>("bad");
    QTest::addColumn<qint64>("faultAt"); // offset of the fault inside `bad`

    // Content-Length faults are found at the blank line that ends the header block.
    auto atBlankLine = [](const QByteArray &bad) { return qint64(bad.indexOf("\n\n") + 1); };
    const QByteArray negative = "Content-Type: api/response\nContent-Length: -5\n\n";
    const QByteArray notNumber = "Content-Type: api/response\nContent-Length: 12abc\n\n";
    const QByteArray tooBig = "Content-Length: 16777217\nContent-Type: text/event-plain\n\n";
    const QByteArray noColon = "Content-Type: api/response\nthis is no header\n\n";
    QTest::newRow("negative Content-Length") << negative << atBlankLine(negative);
    QTest::newRow("Content-Length not a number") << notNumber << atBlankLine(notNumber);
    QTest::newRow("Content-Length over 16 MiB") << tooBig << atBlankLine(tooBig);
    QTest::newRow("header line without a colon") << noColon << qint64(noColon.indexOf("this"));
}

void TestSessionBadInput::dropsTheLinkOnAProtocolError()
{
    QFETCH(QByteArray, bad);
    QFETCH(qint64, faultAt);
    Link link;
    OPEN(link);
    QFuture<Reply> first = link.session.api(u"status"_s);
    const QFuture<Reply> second = link.session.api(u"version"_s);
    const QFuture<JobResult> job = link.session.bgapi(u"status"_s);
    EXPECT(link, "api status\n\napi version\n\n");
    link.command();

    // S: an event and a reply, then the fault, then a reply that must never be delivered
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"^protocol error: "_s));
    const QByteArray before = real(Real::ChannelCreate) + real(Real::Status);
    link.peer.send(before + bad + ScriptedPeer::apiResponse("FreeSWITCH Version 1.10.12\n"));
    QVERIFY(QTest::qWaitFor([&] { return !link.disconnects.isEmpty(); }));

    QCOMPARE(link.errors.size(), 1);
    const Error error = link.errors.at(0).at(0).value<Error>();
    QCOMPARE(codeName(error), u"Protocol"_s);
    QCOMPARE(error.offset, before.size() + faultAt);
    QCOMPARE(codeName(link.disconnects.at(0).at(0).value<Error>()), u"Protocol"_s);

    QVERIFY(first.result().ok());
    QCOMPARE(link.events.size(), 1);
    QVERIFY(second.isFinished());
    QCOMPARE(codeName(second.result().error()), u"Protocol"_s);
    QVERIFY(job.isFinished());
    QCOMPARE(codeName(job.result().error()), u"Protocol"_s);
    QVERIFY(!link.session.isOpen());
    QVERIFY(link.peer.waitForClientGone()); // the session dropped the connection
    QCOMPARE(link.disconnects.size(), 1);
}

void TestSessionBadInput::reportsAnUndecodableEventAndKeepsTheLink_data()
{
    QTest::addColumn<QByteArray>("bad");
    auto framed = [](QByteArrayView type, QByteArrayView body) {
        return "Content-Length: " + QByteArray::number(body.size()) +
               "\nContent-Type: " + type.toByteArray() + "\n\n" + body.toByteArray();
    };
    QTest::newRow("plain without Event-Name")
        << framed("text/event-plain", "Core-UUID: 49844b00-a991-435a-a99d-cdb62521423e\n\n");
    QTest::newRow("json cut short") << framed("text/event-json", R"({"Event-Name": "HEART)");
    QTest::newRow("xml without Event-Name")
        << framed("text/event-xml", "<event>\n  <headers>\n    <Core-UUID>x</Core-UUID>\n  "
                                    "</headers>\n</event>");
}

void TestSessionBadInput::reportsAnUndecodableEventAndKeepsTheLink()
{
    QFETCH(QByteArray, bad);
    Link link;
    OPEN(link);
    QFuture<Reply> status = link.session.api(u"status"_s);
    EXPECT(link, "api status\n\n");

    const QByteArray before = real(Real::ChannelCreate);
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"^undecodable event: "_s));
    PLAY(link, before + bad + real(Real::Status) + real(Real::Heartbeat));

    QCOMPARE(link.errors.size(), 1);
    const Error error = link.errors.at(0).at(0).value<Error>();
    QCOMPARE(codeName(error), u"Decode"_s);
    QCOMPARE(error.offset, before.size()); // where the undecodable message starts
    QVERIFY(status.result().ok());
    QCOMPARE(eventNames(link.events), (QStringList{u"CHANNEL_CREATE"_s, u"HEARTBEAT"_s}));
    QCOMPARE(link.disconnects.size(), 0);
    QVERIFY(link.session.isOpen());

    const QFuture<Reply> version = link.session.api(u"version"_s);
    EXPECT(link, "api version\n\n");
    PLAY(link, ScriptedPeer::apiResponse("FreeSWITCH Version 1.10.12\n"));
    QCOMPARE(version.result().body(), "FreeSWITCH Version 1.10.12\n");
}

// ---------------------------------------------------------------------------------------------
// Rainy days: what the caller asks for

void TestSessionBadInput::refusesCrLfOrNulInAnyArgumentWithoutWritingAnything_data()
{
    QTest::addColumn<QString>("call");
    QTest::addColumn<QString>("argument");
    const QString a = QString::fromLatin1(Real::ChannelA);
    QTest::newRow("api: LF smuggling a second command") << u"api"_s << u"status\n\napi hupall"_s;
    QTest::newRow("api: CR") << u"api"_s << u"status\r"_s;
    QTest::newRow("api: NUL") << u"api"_s << (u"status"_s + QChar(0) + u"hupall"_s);
    QTest::newRow("bgapi: LF forging a header") << u"bgapi"_s << u"status\nJob-UUID: forged"_s;
    QTest::newRow("execute: application name with LF")
        << u"execute application"_s << u"playback\nexecute-app-arg: /etc/passwd"_s;
    QTest::newRow("execute: argument with CR") << u"execute argument"_s << u"foo=bar\r"_s;
    QTest::newRow("execute: channel uuid with LF")
        << u"execute uuid"_s << (a + u"\n\napi hupall"_s);
    QTest::newRow("hangup: uuid with LF") << u"hangup uuid"_s << (a + u"\n"_s);
    QTest::newRow("hangup: cause with CR") << u"hangup cause"_s << u"USER_BUSY\r\nx: y"_s;
    QTest::newRow("send: header value with LF") << u"send header"_s << u"a\n\napi hupall"_s;
    QTest::newRow("send: command line with LF") << u"send line"_s << u"event plain ALL\n\nexit"_s;
}

void TestSessionBadInput::refusesCrLfOrNulInAnyArgumentWithoutWritingAnything()
{
    QFETCH(QString, call);
    QFETCH(QString, argument);
    Link link;
    OPEN(link);
    Session &s = link.session;
    const QString a = QString::fromLatin1(Real::ChannelA);

    std::pair<bool, std::optional<Error>> outcome;
    if (call == u"api")
        outcome = immediately(s.api(argument));
    else if (call == u"bgapi")
        outcome = immediately(s.bgapi(argument));
    else if (call == u"execute application")
        outcome = immediately(s.execute(argument, u"x"_s, {.uuid = a}));
    else if (call == u"execute argument")
        outcome = immediately(s.execute(u"set"_s, argument, {.uuid = a}));
    else if (call == u"execute uuid")
        outcome = immediately(s.execute(u"answer"_s, {}, {.uuid = argument}));
    else if (call == u"hangup uuid")
        outcome = immediately(s.hangup(argument));
    else if (call == u"hangup cause")
        outcome = immediately(s.hangup(a, argument));
    else if (call == u"send header")
        outcome = immediately(s.send("sendmsg", {{"execute-app-arg", argument.toUtf8()}}));
    else if (call == u"send line")
        outcome = immediately(s.send(argument.toUtf8()));
    else
        QFAIL("unknown call");

    QVERIFY2(outcome.first, "the future must be finished when the call returns");
    QCOMPARE(codeName(outcome.second), u"InvalidArgument"_s);
    QCOMPARE(s.pendingReplies(), 0);
    QCOMPARE(s.pendingJobs(), 0);
    QCOMPARE(s.pendingExecutions(), 0);
    QVERIFY(link.peer.staysQuiet(150));
    QCOMPARE(link.peer.unread(), QByteArray());
    QVERIFY(s.isOpen());

    // The FIFO is undisturbed: the next command gets its own reply.
    QFuture<Reply> status = s.api(u"status"_s);
    EXPECT(link, "api status\n\n");
    PLAY(link, real(Real::Status));
    QVERIFY(status.result().ok());
    QCOMPARE(link.unexpected.size(), 0);
}

QTEST_GUILESS_MAIN(TestSessionBadInput)
#include "tst_session_badinput.moc"
