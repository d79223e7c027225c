// Esl::Session over a real TCP connection to a scripted switch. The transcripts use the bytes of
// a real FreeSWITCH capture (inbound-plain.esl, outbound.esl) wherever the shape of a message
// matters; where a test needs its own Job-UUID or Event-UUID in a real event, the capture's
// UUID is swapped for ours (same length, so every Content-Length stays right).
//
// What must hold: replies reach their callers in FIFO order whatever is interleaved; bgapi and
// execute resolve on their own events; every future finishes exactly once, with an error value
// when the link goes, whenever it goes; nothing is written for a refused command.

#include "support/fixtures.h"
#include "support/scriptedpeer.h"

#include "esl/session.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QThread>
#include <QTimer>
#include <QUuid>

#include <functional>
#include <memory>

using namespace TestSupport;
using namespace Qt::Literals::StringLiterals;
using Esl::Error;
using Esl::ExecuteOptions;
using Esl::ExecuteResult;
using Esl::JobResult;
using Esl::Message;
using Esl::Reply;
using Esl::Session;

namespace {

// --- the real capture -----------------------------------------------------------------------

// Messages of inbound-plain.esl the tests replay (checked in initTestCase).
namespace Real {
constexpr int AuthRequest = 0;
constexpr int EventListenerReply = 2; // command/reply "+OK event listener enabled plain"
constexpr int BgapiAck = 3;           // "+OK Job-UUID: f6a1c0ee-…" with a Job-UUID header
constexpr int Codec = 4;
constexpr int ChannelCreate = 11;
constexpr int ChannelAnswer = 23;
constexpr int BackgroundJob = 32; // Job-UUID f6a1c0ee-…, body "+OK a210d645-…\n"
constexpr int Status = 67;        // api/response "UP 0 years, …"
constexpr int HoldOk = 70;        // api/response "+OK Success\n"
constexpr int ExecuteCompleteB = 74;
constexpr int HoldOffFailed = 76; // api/response "-ERR Operation failed\n"
constexpr int LogLine = 96;
constexpr int ExecuteCompleteA = 342;
constexpr int HangupCompleteA = 352;
constexpr int NoSuchChannel = 363;   // api/response "-ERR No such channel!\n"
constexpr int CommandNotFound = 367; // command/reply "-ERR command not found"
constexpr int BackgroundJobEcho = 370;
constexpr int Heartbeat = 371;
constexpr int DisconnectNotice = 379;

const QByteArray ChannelA = "a210d645-81c9-4730-9fb8-ef8b4cd23c59"_ba;
const QByteArray ChannelB = "7ad5180e-7286-49bc-acf0-11020f869586"_ba;
const QByteArray JobOriginate = "f6a1c0ee-d167-41bf-935e-18f9d3aff984"_ba;
const QByteArray JobEcho = "98e0e7ac-ccfe-41c2-b91c-0ea95b155ffa"_ba;
const QByteArray ApplicationA = "440aaec8-bf20-4e8d-92b3-5ed5adacbe51"_ba;
const QByteArray ApplicationB = "469b5786-d97e-4c15-96c6-c6ef2bd0b9a0"_ba;
} // namespace Real

struct Capture
{
    QByteArray bytes;
    QList<Message> messages;

    // The exact bytes of message i, as the switch sent them.
    [[nodiscard]] QByteArray raw(qsizetype i) const
    {
        const qint64 begin = messages.at(i).offset();
        const qint64 end = i + 1 < messages.size() ? messages.at(i + 1).offset() : bytes.size();
        return bytes.mid(begin, end - begin);
    }
};

const Capture &inboundPlain()
{
    static const Capture capture = [] {
        Capture c;
        c.bytes = readFixture(u"inbound-plain"_s, u".esl"_s);
        c.messages = parseAll(c.bytes);
        return c;
    }();
    return capture;
}

QByteArray real(int index)
{
    return inboundPlain().raw(index);
}

// A real message with one UUID swapped for another of the same length.
QByteArray realWith(int index, const QByteArray &from, const QByteArray &to)
{
    Q_ASSERT(from.size() == to.size());
    return real(index).replace(from, to);
}

// --- small builders and readers ---------------------------------------------------------------

QByteArray plainEvent(const QList<std::pair<QByteArray, QByteArray>> &headers,
                      const QByteArray &body = {})
{
    QByteArray inner;
    for (const auto &[name, value] : headers)
        inner += name + ": " + value.toPercentEncoding() + '\n';
    if (!body.isEmpty())
        inner += "Content-Length: " + QByteArray::number(body.size()) + "\n\n" + body;
    else
        inner += '\n';
    return "Content-Length: " + QByteArray::number(inner.size()) +
           "\nContent-Type: text/event-plain\n\n" + inner;
}

QByteArray backgroundJob(const QByteArray &jobUuid, const QByteArray &body)
{
    return plainEvent({{"Event-Name", "BACKGROUND_JOB"},
                       {"Core-UUID", "49844b00-a991-435a-a99d-cdb62521423e"},
                       {"Job-UUID", jobUuid},
                       {"Job-Command", "echo"}},
                      body);
}

QByteArray bgapiAck(const QByteArray &jobUuid)
{
    return ScriptedPeer::reply("+OK Job-UUID: " + jobUuid, "Job-UUID: " + jobUuid + '\n');
}

// The value of header `name` in a command the client wrote.
QByteArray headerOf(const QByteArray &command, const QByteArray &name)
{
    for (const QByteArray &line : command.split('\n')) {
        if (line.startsWith(name + ": "))
            return line.mid(name.size() + 2);
    }
    return {};
}

bool isUuid(const QByteArray &text)
{
    return text.size() == 36 && !QUuid::fromString(QLatin1StringView(text)).isNull();
}

QString codeName(const std::optional<Error> &error)
{
    return error ? Error::codeName(error->code) : u"no error"_s;
}

bool isLinkLoss(const std::optional<Error> &error)
{
    return error &&
           (error->code == Error::Code::Disconnected || error->code == Error::Code::Transport);
}

template<typename T> bool finishes(const QFuture<T> &future, int timeoutMs = 5000)
{
    return QTest::qWaitFor([&] { return future.isFinished(); }, timeoutMs);
}

// A session on a TCP connection to a scripted switch, with spies on what it reports.
class Link
{
public:
    bool open()
    {
        socket.connectToHost(QHostAddress::LocalHost, peer.port());
        if (!QTest::qWaitFor([&] { return socket.state() == QAbstractSocket::ConnectedState; })) {
            failure = u"cannot connect to the scripted peer: %1"_s.arg(socket.errorString());
            return false;
        }
        if (!peer.waitForClient()) {
            failure = peer.lastFailure();
            return false;
        }
        session.setDevice(&socket);
        if (!session.isOpen())
            failure = u"the session did not open"_s;
        return session.isOpen();
    }

    // S: the switch sends `bytes`; returns once the session has read (and dispatched) them.
    bool play(QByteArrayView bytes)
    {
        sent += bytes.size();
        peer.send(bytes);
        return QTest::qWaitFor([&] { return session.bytesReceived() >= sent; });
    }

    // C: the next whole command the client wrote (empty after a timeout).
    QByteArray command() { return peer.nextCommand(); }

    ScriptedPeer peer;
    QTcpSocket socket;
    Session session;
    QSignalSpy events{&session, &Session::eventReceived};
    QSignalSpy errors{&session, &Session::errorOccurred};
    QSignalSpy disconnects{&session, &Session::disconnected};
    QSignalSpy unexpected{&session, &Session::unexpectedMessage};
    qint64 sent = 0;
    QString failure;
};

#define OPEN(link) QVERIFY2((link).open(), qPrintable((link).failure))
#define PLAY(link, bytes) QVERIFY((link).play(bytes))
#define EXPECT(link, bytes)                                                                        \
    QVERIFY2((link).peer.expect(bytes), qPrintable((link).peer.lastFailure()))
#define FINISHES(future) QVERIFY(finishes(future))

QStringList eventNames(const QSignalSpy &spy)
{
    QStringList names;
    for (const QList<QVariant> &args : spy)
        names.append(args.at(0).value<Esl::Event>().name());
    return names;
}

// The SEND lines of a NAME.sent transcript: the exact bytes the client wrote.
QByteArrayList sentCommands(const QString &scenario)
{
    QByteArrayList commands;
    static const QRegularExpression send(uR"(^\+[0-9.]+s @[0-9]+ SEND (".*")$)"_s);
    for (const QByteArray &line : readFixture(scenario, u".sent"_s).split('\n')) {
        const QRegularExpressionMatch match = send.match(QString::fromUtf8(line));
        if (!match.hasMatch())
            continue;
        const QJsonDocument doc = QJsonDocument::fromJson("[" + match.captured(1).toUtf8() + "]");
        commands.append(doc.array().at(0).toString().toUtf8());
    }
    return commands;
}

} // namespace

class TestSession : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    // Happy flows: replies.
    void routesRepliesInFifoOrderWithRealEventsInterleaved_data();
    void routesRepliesInFifoOrderWithRealEventsInterleaved();
    void answersAHundredCommandsSentBeforeAnyReplyInOrder();
    void apiTakesApiResponseAndCommandReplyErr_data();
    void apiTakesApiResponseAndCommandReplyErr();
    void continuationMaySendFromInsideItsCallback();
    void continuationMayCloseTheSessionInTheMiddleOfABurst();

    // Happy flows: bgapi and execute.
    void bgapiSendsItsJobUuidAndResolvesOnTheBackgroundJob();
    void bgapiResolvesJobsWhoseResultsArriveOutOfOrder();
    void bgapiResolvesWhenTheBackgroundJobOvertakesItsAck();
    void executeWritesTheExactSendmsg_data();
    void executeWritesTheExactSendmsg();
    void executeResolvesCompletionsArrivingInReverseOrderAcrossChannels();
    void executeWithLoopsResolvesOnTheLastCompletionOnly();
    void executeResolvesWhenTheCompletionOvertakesItsAck();
    void hangupSendsCallCommandHangupWithItsCause_data();
    void hangupSendsCallCommandHangupWithItsCause();

    // Happy flows: the event path.
    void deliversLogLinesWithTheirFields();
    void signalsAuthRequestDisconnectNoticeAndRudeRejection();
    void reportsAReplyNobodyWaitedForAsUnexpected();
    void replaysAWholeRealOutboundCaptureThroughARealServer();
    void readsWhatTheDeviceBufferedBeforeItWasAttached();
    void worksThroughABacklogInSlicesLettingTheEventLoopRun_data();
    void worksThroughABacklogInSlicesLettingTheEventLoopRun();
    void aSlowReaderPushesBackOnTheSwitchInsteadOfBuffering();
    void movingToAnotherDeviceFailsWhatWasPendingOnTheFirst();

    // Rainy days.
    void bgapiFailsTheJobWhenTheAckIsErr();
    void bgapiResultWithErrIsDataNotAnError();
    void executeFailsWhenTheAckIsErr();
    void executeFailsWhenItsChannelHangsUpFirst();
    void timedOutCommandSwallowsItsLateReplyAndLaterRepliesStillArrive();
    void timedOutJobsAndExecutionsIgnoreTheirLateAnswers();
    void failsEverythingPendingWhenTheLinkDropsAtAnyStep_data();
    void failsEverythingPendingWhenTheLinkDropsAtAnyStep();
    void dropsTheLinkOnAProtocolError_data();
    void dropsTheLinkOnAProtocolError();
    void reportsAnUndecodableEventAndKeepsTheLink_data();
    void reportsAnUndecodableEventAndKeepsTheLink();
    void refusesCrLfOrNulInAnyArgumentWithoutWritingAnything_data();
    void refusesCrLfOrNulInAnyArgumentWithoutWritingAnything();
    void closeFailsEverythingPendingWithTheGivenReason();
    void destroyingTheSessionFailsEveryPendingFuture();
};

void TestSession::initTestCase()
{
    const Capture &c = inboundPlain();
    QCOMPARE(c.messages.size(), 380);
    auto eventName = [&](int i) { return Esl::Event::fromMessage(c.messages.at(i))->name(); };
    QCOMPARE(c.messages.at(Real::AuthRequest).contentType(), "auth/request");
    QCOMPARE(c.messages.at(Real::EventListenerReply).header("Reply-Text"),
             "+OK event listener enabled plain");
    QCOMPARE(c.messages.at(Real::BgapiAck).header("Job-UUID"), Real::JobOriginate);
    QCOMPARE(eventName(Real::Codec), u"CODEC"_s);
    QCOMPARE(eventName(Real::ChannelCreate), u"CHANNEL_CREATE"_s);
    QCOMPARE(eventName(Real::ChannelAnswer), u"CHANNEL_ANSWER"_s);
    QCOMPARE(eventName(Real::BackgroundJob), u"BACKGROUND_JOB"_s);
    QCOMPARE(c.messages.at(Real::Status).body().left(5), "UP 0 ");
    QCOMPARE(c.messages.at(Real::HoldOk).body(), "+OK Success\n");
    QCOMPARE(eventName(Real::ExecuteCompleteB), u"CHANNEL_EXECUTE_COMPLETE"_s);
    QCOMPARE(c.messages.at(Real::HoldOffFailed).body(), "-ERR Operation failed\n");
    QCOMPARE(c.messages.at(Real::LogLine).contentType(), "log/data");
    QCOMPARE(eventName(Real::ExecuteCompleteA), u"CHANNEL_EXECUTE_COMPLETE"_s);
    QCOMPARE(eventName(Real::HangupCompleteA), u"CHANNEL_HANGUP_COMPLETE"_s);
    QCOMPARE(c.messages.at(Real::NoSuchChannel).body(), "-ERR No such channel!\n");
    QCOMPARE(c.messages.at(Real::CommandNotFound).header("Reply-Text"), "-ERR command not found");
    QCOMPARE(eventName(Real::BackgroundJobEcho), u"BACKGROUND_JOB"_s);
    QCOMPARE(eventName(Real::Heartbeat), u"HEARTBEAT"_s);
    QCOMPARE(c.messages.at(Real::DisconnectNotice).contentType(), "text/disconnect-notice");
}

// ---------------------------------------------------------------------------------------------
// Happy flows: replies

void TestSession::routesRepliesInFifoOrderWithRealEventsInterleaved_data()
{
    QTest::addColumn<int>("pieceSize"); // -1: everything in one write; 0: one write per message
    QTest::newRow("all in one write") << -1;
    QTest::newRow("one write per message") << 0;
    QTest::newRow("in 1000-byte pieces") << 1000;
    QTest::newRow("in 7-byte pieces") << 7;
}

void TestSession::routesRepliesInFifoOrderWithRealEventsInterleaved()
{
    QFETCH(int, pieceSize);
    Link link;
    OPEN(link);

    // Who heard what, in order: events through the signal, replies through continuations.
    QStringList heard;
    QObject context;
    connect(&link.session, &Session::eventReceived, &context,
            [&](const Esl::Event &event) { heard.append(u"event "_s + event.name()); });
    QFuture<Reply> status = link.session.api(u"status"_s);
    QFuture<Reply> hold = link.session.api(u"uuid_hold "_s + QLatin1StringView(Real::ChannelA));
    QFuture<Reply> subscribe = link.session.send("event plain ALL");
    status.then(&context, [&](const Reply &r) { heard.append(u"status: "_s + r.text().left(4)); });
    hold.then(&context, [&](const Reply &r) { heard.append(u"hold: "_s + r.text().trimmed()); });
    subscribe.then(&context, [&](const Reply &r) { heard.append(u"event: "_s + r.text()); });

    // C: three commands, in the order they were issued
    EXPECT(link, "api status\n\napi uuid_hold " + Real::ChannelA + "\n\nevent plain ALL\n\n");

    // S: real replies with real events before, between and after them
    const QByteArrayList script{
        real(Real::ChannelCreate),      real(Real::Status),   real(Real::Codec),
        real(Real::Codec + 1),          real(Real::HoldOk),   real(Real::ChannelAnswer),
        real(Real::EventListenerReply), real(Real::Heartbeat)};
    const QByteArray all = script.join();
    if (pieceSize < 0) {
        PLAY(link, all);
    } else if (pieceSize == 0) {
        for (const QByteArray &message : script)
            PLAY(link, message);
    } else {
        for (qsizetype pos = 0; pos < all.size(); pos += pieceSize)
            PLAY(link,
                 QByteArrayView(all).sliced(pos, std::min<qsizetype>(pieceSize, all.size() - pos)));
    }

    QCOMPARE(heard,
             (QStringList{u"event CHANNEL_CREATE"_s, u"status: UP 0"_s, u"event CODEC"_s,
                          u"event CODEC"_s, u"hold: +OK Success"_s, u"event CHANNEL_ANSWER"_s,
                          u"event: +OK event listener enabled plain"_s, u"event HEARTBEAT"_s}));
    QVERIFY(status.result().ok());
    QCOMPARE(status.result().contentType(), "api/response");
    QVERIFY(hold.result().ok());
    QVERIFY(subscribe.result().ok());
    QCOMPARE(subscribe.result().contentType(), "command/reply");
    QCOMPARE(link.session.pendingReplies(), 0);
    QCOMPARE(link.unexpected.size(), 0);
    QCOMPARE(link.errors.size(), 0);
}

void TestSession::answersAHundredCommandsSentBeforeAnyReplyInOrder()
{
    Link link;
    OPEN(link);
    QList<QFuture<Reply>> futures;
    QByteArray wire;
    for (int i = 0; i < 100; ++i) {
        futures.append(link.session.api(u"echo %1"_s.arg(i)));
        wire += "api echo " + QByteArray::number(i) + "\n\n";
    }
    QCOMPARE(link.session.pendingReplies(), 100);

    // C: all hundred, in issue order, before the switch has said anything
    EXPECT(link, wire);

    // S: the hundred replies, a real HEARTBEAT after every tenth
    QByteArray replies;
    for (int i = 0; i < 100; ++i) {
        replies += ScriptedPeer::apiResponse(QByteArray::number(i) + '\n');
        if (i % 10 == 9)
            replies += real(Real::Heartbeat);
    }
    PLAY(link, replies);

    for (int i = 0; i < 100; ++i) {
        QVERIFY(futures.at(i).isFinished());
        QCOMPARE(futures.at(i).result().body(), QByteArray::number(i) + '\n');
    }
    QCOMPARE(link.events.size(), 10);
    QCOMPARE(link.session.pendingReplies(), 0);
    QCOMPARE(link.unexpected.size(), 0);
}

void TestSession::apiTakesApiResponseAndCommandReplyErr_data()
{
    QTest::addColumn<QByteArray>("answer");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("errorText");

    QTest::newRow("api/response +OK")
        << real(Real::HoldOk) << true << u"+OK Success\n"_s << QString();
    QTest::newRow("api/response -ERR")
        << real(Real::NoSuchChannel) << false << u"-ERR No such channel!\n"_s
        << u"-ERR No such channel!"_s;
    QTest::newRow("api/response -ERR Operation failed")
        << real(Real::HoldOffFailed) << false << u"-ERR Operation failed\n"_s
        << u"-ERR Operation failed"_s;
    QTest::newRow("api/response -USAGE")
        << ScriptedPeer::apiResponse("-USAGE: <uuid> [cause]\n") << false
        << u"-USAGE: <uuid> [cause]\n"_s << u"-USAGE: <uuid> [cause]"_s;
    QTest::newRow("command/reply -ERR command not found")
        << real(Real::CommandNotFound) << false << u"-ERR command not found"_s
        << u"-ERR command not found"_s;
    QTest::newRow("command/reply -ERR permission denied")
        << ScriptedPeer::reply("-ERR permission denied") << false << u"-ERR permission denied"_s
        << u"-ERR permission denied"_s;
}

void TestSession::apiTakesApiResponseAndCommandReplyErr()
{
    QFETCH(QByteArray, answer);
    QFETCH(bool, ok);
    QFETCH(QString, text);
    QFETCH(QString, errorText);
    Link link;
    OPEN(link);
    const QFuture<Reply> kill =
        link.session.api(u"uuid_kill 00000000-0000-0000-0000-000000000000"_s);
    EXPECT(link, "api uuid_kill 00000000-0000-0000-0000-000000000000\n\n");
    PLAY(link, answer);

    QVERIFY(kill.isFinished());
    const Reply reply = kill.result();
    QCOMPARE(reply.ok(), ok);
    QCOMPARE(reply.text(), text);
    QCOMPARE(reply.errorText(), errorText);
    QCOMPARE(codeName(reply.error()), u"no error"_s); // the switch answered: -ERR is data
    QCOMPARE(link.unexpected.size(), 0);
}

void TestSession::continuationMaySendFromInsideItsCallback()
{
    Link link;
    OPEN(link);
    QObject context;
    QFuture<Reply> fromInside;
    bool sentFromInside = false;
    QFuture<Reply> status = link.session.api(u"status"_s);
    const QFuture<Reply> version = link.session.api(u"version"_s);
    status.then(&context, [&](const Reply &) {
        fromInside = link.session.api(u"uptime"_s);
        sentFromInside = true;
    });
    EXPECT(link, "api status\n\napi version\n\n");

    // S: both replies in one write: the continuation sends between the two deliveries
    PLAY(link, real(Real::Status) + ScriptedPeer::apiResponse("FreeSWITCH Version 1.10.12\n"));
    QVERIFY(sentFromInside);
    QVERIFY(status.result().ok());
    QCOMPARE(version.result().body(), "FreeSWITCH Version 1.10.12\n"); // not taken by "uptime"
    QVERIFY(!fromInside.isFinished());

    EXPECT(link, "api uptime\n\n");
    PLAY(link, ScriptedPeer::apiResponse("344\n"));
    QVERIFY(fromInside.isFinished());
    QCOMPARE(fromInside.result().body(), "344\n");
    QCOMPARE(link.unexpected.size(), 0);
}

void TestSession::continuationMayCloseTheSessionInTheMiddleOfABurst()
{
    Link link;
    OPEN(link);
    QObject context;
    QFuture<Reply> first = link.session.api(u"status"_s);
    const QFuture<Reply> second = link.session.api(u"version"_s);
    const QFuture<Reply> third = link.session.api(u"uptime"_s);
    first.then(&context, [&](const Reply &) { link.session.close(); });
    EXPECT(link, "api status\n\napi version\n\napi uptime\n\n");

    link.peer.send(real(Real::Status) + ScriptedPeer::apiResponse("FreeSWITCH Version 1.10.12\n") +
                   ScriptedPeer::apiResponse("344\n"));
    FINISHES(third);
    QVERIFY(first.result().ok());
    // Closed before their replies were dispatched: they fail, and the buffered replies do not
    // reach them afterwards.
    QCOMPARE(codeName(second.result().error()), u"Disconnected"_s);
    QCOMPARE(codeName(third.result().error()), u"Disconnected"_s);
    QCOMPARE(link.disconnects.size(), 1);
    QVERIFY(!link.session.isOpen());
}

// ---------------------------------------------------------------------------------------------
// Happy flows: bgapi and execute

void TestSession::bgapiSendsItsJobUuidAndResolvesOnTheBackgroundJob()
{
    Link link;
    OPEN(link);
    const QString originate =
        u"originate {origination_uuid=a210d645-81c9-4730-9fb8-ef8b4cd23c59}loopback/9197/default &park()"_s;
    const QFuture<JobResult> job = link.session.bgapi(originate);

    // C: the command carries our own Job-UUID
    const QByteArray command = link.command();
    const QByteArray id = headerOf(command, "Job-UUID");
    QVERIFY2(isUuid(id), command.constData());
    QCOMPARE(command, "bgapi " + originate.toUtf8() + "\nJob-UUID: " + id + "\n\n");
    QCOMPARE(link.session.pendingJobs(), 1);

    // S: the switch acknowledges with our id; the job is not done yet
    PLAY(link, realWith(Real::BgapiAck, Real::JobOriginate, id));
    QVERIFY(!job.isFinished());

    // S: an unrelated event, then the BACKGROUND_JOB; the job is resolved before the event is
    // announced, so a listener already sees the result
    bool finishedWhenAnnounced = false;
    QObject context;
    connect(&link.session, &Session::eventReceived, &context, [&](const Esl::Event &event) {
        if (event.eventName() == "BACKGROUND_JOB")
            finishedWhenAnnounced = job.isFinished();
    });
    PLAY(link, real(Real::ChannelCreate) + realWith(Real::BackgroundJob, Real::JobOriginate, id));
    QVERIFY(job.isFinished());
    QVERIFY(finishedWhenAnnounced);
    const JobResult result = job.result();
    QVERIFY(result.ok());
    QCOMPARE(result.jobUuid(), QString::fromLatin1(id));
    QCOMPARE(result.ack().text(), u"+OK Job-UUID: "_s + QString::fromLatin1(id));
    QCOMPARE(result.body(), "+OK " + Real::ChannelA + '\n');
    QCOMPARE(result.event().name(), u"BACKGROUND_JOB"_s);
    QCOMPARE(result.event().text("Job-Command"), u"originate"_s);
    QCOMPARE(link.session.pendingJobs(), 0);
    QCOMPARE(eventNames(link.events), (QStringList{u"CHANNEL_CREATE"_s, u"BACKGROUND_JOB"_s}));

    // The body is the command's output byte for byte, '%' included.
    const QFuture<JobResult> echo = link.session.bgapi(u"echo 100% literal %s %d done"_s);
    const QByteArray echoId = headerOf(link.command(), "Job-UUID");
    PLAY(link, bgapiAck(echoId) + realWith(Real::BackgroundJobEcho, Real::JobEcho, echoId));
    QVERIFY(echo.isFinished());
    QCOMPARE(echo.result().body(), "100% literal %s %d done");
    QCOMPARE(echo.result().text(), u"100% literal %s %d done"_s);
}

void TestSession::bgapiResolvesJobsWhoseResultsArriveOutOfOrder()
{
    Link link;
    OPEN(link);
    QList<QFuture<JobResult>> jobs;
    QByteArrayList ids;
    for (int i = 0; i < 3; ++i) {
        jobs.append(link.session.bgapi(u"echo job %1"_s.arg(i)));
        ids.append(headerOf(link.command(), "Job-UUID"));
        QVERIFY(isUuid(ids.last()));
    }
    QCOMPARE(QSet<QByteArray>(ids.begin(), ids.end()).size(), 3);
    PLAY(link, bgapiAck(ids[0]) + bgapiAck(ids[1]) + bgapiAck(ids[2]));
    QCOMPARE(link.session.pendingJobs(), 3);

    // S: results in the order 3, 1, 2: each goes to its own job and only to it
    PLAY(link, backgroundJob(ids[2], "job 2\n"));
    QVERIFY(jobs[2].isFinished());
    QVERIFY(!jobs[0].isFinished());
    QVERIFY(!jobs[1].isFinished());
    PLAY(link, realWith(Real::BackgroundJobEcho, Real::JobEcho, ids[0]));
    QVERIFY(jobs[0].isFinished());
    QVERIFY(!jobs[1].isFinished());
    PLAY(link, backgroundJob(ids[1], "job 1\n"));
    QVERIFY(jobs[1].isFinished());

    QCOMPARE(jobs[0].result().body(), "100% literal %s %d done");
    QCOMPARE(jobs[1].result().body(), "job 1\n");
    QCOMPARE(jobs[2].result().body(), "job 2\n");
    for (int i = 0; i < 3; ++i) {
        QVERIFY(jobs[i].result().ok());
        QCOMPARE(jobs[i].result().jobUuid(), QString::fromLatin1(ids[i]));
    }
    QCOMPARE(link.session.pendingJobs(), 0);
}

void TestSession::bgapiResolvesWhenTheBackgroundJobOvertakesItsAck()
{
    Link link;
    OPEN(link);
    const QFuture<JobResult> job = link.session.bgapi(u"status"_s);
    const QByteArray id = headerOf(link.command(), "Job-UUID");
    const QFuture<Reply> after = link.session.api(u"version"_s);
    EXPECT(link, "api version\n\n");

    // S: the BACKGROUND_JOB first: the job waits for its ack
    PLAY(link, backgroundJob(id, "UP 0 years, 0 days\n"));
    QVERIFY(!job.isFinished());
    QCOMPARE(link.session.pendingJobs(), 1);

    PLAY(link, realWith(Real::BgapiAck, Real::JobOriginate, id));
    QVERIFY(job.isFinished());
    QVERIFY(job.result().ok());
    QVERIFY(job.result().ack().ok());
    QCOMPARE(job.result().body(), "UP 0 years, 0 days\n");

    // The ack took the bgapi's FIFO slot, not the next command's.
    QVERIFY(!after.isFinished());
    PLAY(link, ScriptedPeer::apiResponse("FreeSWITCH Version 1.10.12\n"));
    QCOMPARE(after.result().body(), "FreeSWITCH Version 1.10.12\n");
}

void TestSession::executeWritesTheExactSendmsg_data()
{
    QTest::addColumn<QString>("application");
    QTest::addColumn<QString>("argument");
    QTest::addColumn<QString>("uuid");
    QTest::addColumn<QString>("channelUuid"); // the session's own channel (outbound)
    QTest::addColumn<bool>("eventLock");
    QTest::addColumn<int>("loops");
    QTest::addColumn<QByteArray>("expected"); // up to, not including, the Event-UUID line

    const QString a = QString::fromLatin1(Real::ChannelA);
    const QString tone = u"tone_stream://%(500,0,440)"_s;
    const QByteArray head = "sendmsg " + Real::ChannelA + "\ncall-command: execute\n";
    QTest::newRow("application only") << u"answer"_s << QString() << a << QString() << false << 1
                                      << head + "execute-app-name: answer\n";
    QTest::newRow("with an argument")
        << u"playback"_s << tone << a << QString() << false << 1
        << head + "execute-app-name: playback\nexecute-app-arg: tone_stream://%(500,0,440)\n";
    QTest::newRow("event-lock") << u"playback"_s << tone << a << QString() << true << 1
                                << head + "execute-app-name: playback\nexecute-app-arg: "
                                          "tone_stream://%(500,0,440)\nevent-lock: true\n";
    QTest::newRow("loops: 2") << u"playback"_s << tone << a << QString() << false << 2
                              << head + "execute-app-name: playback\nexecute-app-arg: "
                                        "tone_stream://%(500,0,440)\nloops: 2\n";
    QTest::newRow("event-lock and loops")
        << u"set"_s << u"foo=bar baz"_s << a << QString() << true << 3
        << head +
               "execute-app-name: set\nexecute-app-arg: foo=bar baz\nevent-lock: true\nloops: 3\n";
    QTest::newRow("outbound: this channel")
        << u"answer"_s << QString() << QString() << u"b77ae360-039c-48e4-bd1a-ca81f1b7f4f0"_s
        << false << 1 << "sendmsg\ncall-command: execute\nexecute-app-name: answer\n"_ba;
}

void TestSession::executeWritesTheExactSendmsg()
{
    QFETCH(QString, application);
    QFETCH(QString, argument);
    QFETCH(QString, uuid);
    QFETCH(QString, channelUuid);
    QFETCH(bool, eventLock);
    QFETCH(int, loops);
    QFETCH(QByteArray, expected);
    Link link;
    OPEN(link);
    link.session.setChannelUuid(channelUuid);
    const QFuture<ExecuteResult> execution =
        link.session.execute(application, argument,
                             ExecuteOptions{.uuid = uuid, .eventLock = eventLock, .loops = loops});

    const QByteArray command = link.command();
    const QByteArray id = headerOf(command, "Event-UUID");
    QVERIFY2(isUuid(id), command.constData());
    QCOMPARE(command, expected + "Event-UUID: " + id + "\n\n");
    QCOMPARE(link.session.pendingExecutions(), 1);

    // S: the ack, then one completion per loop carrying our id as Application-UUID
    PLAY(link, ScriptedPeer::reply("+OK"));
    for (int i = 0; i < loops; ++i) {
        QVERIFY(!execution.isFinished());
        PLAY(link, realWith(Real::ExecuteCompleteA, Real::ApplicationA, id));
    }
    QVERIFY(execution.isFinished());
    QVERIFY(execution.result().ok());
    QCOMPARE(execution.result().applicationUuid(), QString::fromLatin1(id));
    QCOMPARE(execution.result().completions().size(), loops);
    QCOMPARE(link.session.pendingExecutions(), 0);
}

void TestSession::executeResolvesCompletionsArrivingInReverseOrderAcrossChannels()
{
    Link link;
    OPEN(link);
    const QFuture<ExecuteResult> onA =
        link.session.execute(u"playback"_s, u"tone_stream://%(500,0,440)"_s,
                             {.uuid = QString::fromLatin1(Real::ChannelA)});
    const QFuture<ExecuteResult> onB = link.session.execute(
        u"playback"_s, u"local_stream://moh"_s, {.uuid = QString::fromLatin1(Real::ChannelB)});
    const QByteArray idA = headerOf(link.command(), "Event-UUID");
    const QByteArray idB = headerOf(link.command(), "Event-UUID");
    QVERIFY(isUuid(idA));
    QVERIFY(isUuid(idB));
    PLAY(link, ScriptedPeer::reply("+OK") + ScriptedPeer::reply("+OK"));

    // S: B's completion first
    PLAY(link, realWith(Real::ExecuteCompleteB, Real::ApplicationB, idB));
    QVERIFY(onB.isFinished());
    QVERIFY(!onA.isFinished());
    PLAY(link, real(Real::Heartbeat) + realWith(Real::ExecuteCompleteA, Real::ApplicationA, idA));
    QVERIFY(onA.isFinished());

    const Esl::Event realB =
        *Esl::Event::fromMessage(inboundPlain().messages.at(Real::ExecuteCompleteB));
    QVERIFY(onB.result().ok());
    QCOMPARE(onB.result().completions().size(), 1);
    QCOMPARE(onB.result().completions().first().uniqueId(), QString::fromLatin1(Real::ChannelB));
    QCOMPARE(onB.result().applicationResponse(), realB.text("Application-Response"));
    QVERIFY(onA.result().ok());
    QCOMPARE(onA.result().completions().first().uniqueId(), QString::fromLatin1(Real::ChannelA));
    QCOMPARE(onA.result().applicationResponse(), u"FILE PLAYED"_s);
    QCOMPARE(onA.result().applicationUuid(), QString::fromLatin1(idA));
    QCOMPARE(link.session.pendingExecutions(), 0);
}

void TestSession::executeWithLoopsResolvesOnTheLastCompletionOnly()
{
    Link link;
    OPEN(link);
    const QFuture<ExecuteResult> twice =
        link.session.execute(u"playback"_s, u"tone_stream://%(500,0,440)"_s,
                             {.uuid = QString::fromLatin1(Real::ChannelA), .loops = 2});
    const QByteArray id = headerOf(link.command(), "Event-UUID");
    PLAY(link, ScriptedPeer::reply("+OK"));

    PLAY(link, realWith(Real::ExecuteCompleteA, Real::ApplicationA, id));
    QVERIFY(!twice.isFinished());
    QCOMPARE(link.session.pendingExecutions(), 1);
    // another application's completion on the same channel changes nothing
    PLAY(link, real(Real::ExecuteCompleteA));
    QVERIFY(!twice.isFinished());

    PLAY(link, realWith(Real::ExecuteCompleteA, Real::ApplicationA, id));
    QVERIFY(twice.isFinished());
    QVERIFY(twice.result().ok());
    QCOMPARE(twice.result().completions().size(), 2);
    QCOMPARE(twice.result().applicationResponse(), u"FILE PLAYED"_s);
    QCOMPARE(link.session.pendingExecutions(), 0);
}

void TestSession::executeResolvesWhenTheCompletionOvertakesItsAck()
{
    Link link;
    OPEN(link);
    const QFuture<ExecuteResult> execution =
        link.session.execute(u"playback"_s, u"tone_stream://%(500,0,440)"_s,
                             {.uuid = QString::fromLatin1(Real::ChannelA)});
    const QByteArray id = headerOf(link.command(), "Event-UUID");
    const QFuture<Reply> after = link.session.api(u"version"_s);
    EXPECT(link, "api version\n\n");

    PLAY(link, realWith(Real::ExecuteCompleteA, Real::ApplicationA, id));
    PLAY(link, ScriptedPeer::reply("+OK"));
    QVERIFY(execution.isFinished());
    QVERIFY2(execution.result().ok(), qPrintable(execution.result().errorText()));
    QVERIFY(execution.result().ack().ok());
    QCOMPARE(execution.result().completions().size(), 1);
    QCOMPARE(link.unexpected.size(), 0);
    QCOMPARE(link.session.pendingExecutions(), 0);

    QVERIFY(!after.isFinished()); // the ack took the sendmsg's slot
    PLAY(link, ScriptedPeer::apiResponse("FreeSWITCH Version 1.10.12\n"));
    QVERIFY(after.result().ok());
}

void TestSession::hangupSendsCallCommandHangupWithItsCause_data()
{
    QTest::addColumn<QString>("uuid");
    QTest::addColumn<QString>("cause"); // null: the default
    QTest::addColumn<QByteArray>("expected");
    const QString a = QString::fromLatin1(Real::ChannelA);
    QTest::newRow("default cause")
        << a << QString()
        << "sendmsg " + Real::ChannelA +
               "\ncall-command: hangup\nhangup-cause: NORMAL_CLEARING\n\n";
    QTest::newRow("USER_BUSY") << a << u"USER_BUSY"_s
                               << "sendmsg " + Real::ChannelA +
                                      "\ncall-command: hangup\nhangup-cause: USER_BUSY\n\n";
    QTest::newRow("outbound: this channel")
        << QString() << QString()
        << "sendmsg\ncall-command: hangup\nhangup-cause: NORMAL_CLEARING\n\n"_ba;
}

void TestSession::hangupSendsCallCommandHangupWithItsCause()
{
    QFETCH(QString, uuid);
    QFETCH(QString, cause);
    QFETCH(QByteArray, expected);
    Link link;
    OPEN(link);
    const QFuture<Reply> hangup =
        cause.isNull() ? link.session.hangup(uuid) : link.session.hangup(uuid, cause);
    EXPECT(link, expected);
    PLAY(link, ScriptedPeer::reply("+OK"));
    QVERIFY(hangup.isFinished());
    QVERIFY(hangup.result().ok());
}

// ---------------------------------------------------------------------------------------------
// Happy flows: the event path

void TestSession::deliversLogLinesWithTheirFields()
{
    Link link;
    OPEN(link);
    QSignalSpy logs(&link.session, &Session::logReceived);
    PLAY(link, real(Real::LogLine));
    PLAY(link,
         "Content-Type: log/data\nContent-Length: 6\nLog-Level: 3\nText-Channel: 0\n"
         "Log-File: mod_sofia.c\nLog-Func: sofia_reg\nLog-Line: 12\nUser-Data: \n\nhello\n"_ba);

    QCOMPARE(logs.size(), 2);
    const auto line = logs.at(0).at(0).value<Esl::LogLine>();
    QCOMPARE(line.level, 7);
    QCOMPARE(Esl::LogLine::levelName(line.level), u"DEBUG"_s);
    QCOMPARE(line.channel, u"0"_s);
    QCOMPARE(line.file, u"switch_ivr.c"_s);
    QCOMPARE(line.function, u"switch_ivr_park_session"_s);
    QCOMPARE(line.line, 3575);
    QCOMPARE(line.userData, QString::fromLatin1(Real::ChannelA));
    QCOMPARE(line.text, u"2026-11-24 13:08:14.788900 99.23% [DEBUG] switch_ivr.c:3575 "
                        "(loopback/9197-a) State Change CS_EXECUTE -> CS_PARK\n"_s);

    const auto plain = logs.at(1).at(0).value<Esl::LogLine>();
    QCOMPARE(plain.level, 3);
    QCOMPARE(Esl::LogLine::levelName(plain.level), u"ERROR"_s);
    QCOMPARE(plain.function, u"sofia_reg"_s);
    QCOMPARE(plain.line, 12);
    QVERIFY(plain.userData.isEmpty());
    QCOMPARE(plain.text, u"hello\n"_s);
    QCOMPARE(link.events.size(), 0);
    QCOMPARE(link.unexpected.size(), 0);
}

void TestSession::signalsAuthRequestDisconnectNoticeAndRudeRejection()
{
    Link link;
    OPEN(link);
    QSignalSpy auth(&link.session, &Session::authRequested);
    QSignalSpy notices(&link.session, &Session::disconnectNoticeReceived);
    QSignalSpy rude(&link.session, &Session::rudeRejectionReceived);

    PLAY(link, real(Real::AuthRequest));
    QCOMPARE(auth.size(), 1);
    PLAY(link, real(Real::DisconnectNotice));
    QCOMPARE(notices.size(), 1);
    QCOMPARE(notices.at(0).at(0).value<Message>().body(),
             "Disconnected, goodbye.\nSee you at ClueCon! http://www.cluecon.com/\n");
    PLAY(link,
         "Content-Type: text/rude-rejection\nContent-Length: 24\n\nAccess Denied, go away.\n"_ba);
    QCOMPARE(rude.size(), 1);
    QCOMPARE(rude.at(0).at(0).toString(), u"Access Denied, go away."_s);

    QCOMPARE(auth.size(), 1);
    QCOMPARE(notices.size(), 1);
    QCOMPARE(link.events.size(), 0);
    QCOMPARE(link.unexpected.size(), 0);
    QVERIFY(link.session.isOpen()); // the switch closes the socket; the notice alone does not
}

void TestSession::reportsAReplyNobodyWaitedForAsUnexpected()
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

void TestSession::replaysAWholeRealOutboundCaptureThroughARealServer()
{
    // A real QTcpServer plays FreeSWITCH's side of outbound.esl; the session plays the client
    // that produced outbound.sent. Our Event-UUIDs replace the capture's (same length).
    const QString channel = u"b77ae360-039c-48e4-bd1a-ca81f1b7f4f0"_s;
    QTcpServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, server.serverPort());
    QVERIFY(QTest::qWaitFor([&] { return server.hasPendingConnections(); }));
    QTcpSocket *freeswitch = server.nextPendingConnection();
    QVERIFY(QTest::qWaitFor([&] { return socket.state() == QAbstractSocket::ConnectedState; }));

    Session session;
    session.setChannelUuid(channel);
    session.setDevice(&socket);
    QSignalSpy events(&session, &Session::eventReceived);
    QSignalSpy notices(&session, &Session::disconnectNoticeReceived);
    QSignalSpy unexpected(&session, &Session::unexpectedMessage);
    QSignalSpy errors(&session, &Session::errorOccurred);
    QSignalSpy disconnects(&session, &Session::disconnected);

    const QFuture<Reply> connect = session.send("connect");
    const QFuture<Reply> myevents = session.send("myevents");
    const QFuture<Reply> linger = session.send("linger 5");
    const QFuture<ExecuteResult> answer = session.execute(u"answer"_s);
    const QFuture<ExecuteResult> playback =
        session.execute(u"playback"_s, u"tone_stream://%(500,0,440)"_s, {.uuid = {}, .loops = 2});
    const QFuture<ExecuteResult> set = session.execute(u"set"_s, u"foo=bar"_s);
    const QFuture<Reply> dump = session.api(u"uuid_dump "_s + channel);
    const QFuture<Reply> hangup = session.hangup({});

    QByteArray expectedWire = sentCommands(u"outbound"_s).join();
    QVERIFY(!expectedWire.isEmpty());
    QByteArray wire;
    QVERIFY(QTest::qWaitFor([&] {
        wire += freeswitch->readAll();
        return wire.size() >= expectedWire.size();
    }));
    static const QRegularExpression eventUuid(u"Event-UUID: ([0-9a-f-]{36})"_s);
    QByteArrayList ours;
    for (const QRegularExpressionMatch &m : eventUuid.globalMatch(QString::fromUtf8(wire)))
        ours.append(m.captured(1).toLatin1());
    QCOMPARE(ours.size(), 3);
    const QByteArrayList theirs{"411a81ee-edf3-4dea-a2b7-5023c3624cbb",
                                "44cc605e-93cf-4cab-b9d1-b781f57d03b7",
                                "25e74420-3351-45c7-9bbe-6bb0e068bd47"};
    QByteArray capture = readFixture(u"outbound"_s, u".esl"_s);
    for (int i = 0; i < 3; ++i) {
        expectedWire.replace(theirs[i], ours[i]);
        capture.replace(theirs[i], ours[i]);
    }
    // C: byte for byte what the real client sent
    QCOMPARE(wire, expectedWire);

    // S: the whole capture in one write, then FreeSWITCH closes the socket
    freeswitch->write(capture);
    freeswitch->disconnectFromHost();
    QVERIFY(QTest::qWaitFor([&] { return !disconnects.isEmpty(); }));

    QCOMPARE(session.bytesReceived(), capture.size());
    QCOMPARE(events.size(), 16);
    QCOMPARE(notices.size(), 2);
    QCOMPARE(notices.at(0).at(0).value<Message>().header("Content-Disposition"), "linger");
    QCOMPARE(notices.at(1).at(0).value<Message>().header("Content-Disposition"), "disconnect");
    QCOMPARE(unexpected.size(), 0);
    QCOMPARE(errors.size(), 0);
    QCOMPARE(disconnects.size(), 1);

    QVERIFY(connect.result().ok());
    QCOMPARE(connect.result().header("Unique-ID"), channel.toLatin1());
    QCOMPARE(connect.result().header("Channel-Name"), "loopback/5555-b");
    QCOMPARE(myevents.result().text(), u"+OK Events Enabled"_s);
    QCOMPARE(linger.result().text(), u"+OK will linger 5 seconds"_s);
    QVERIFY(answer.result().ok());
    QCOMPARE(answer.result().completions().size(), 1);
    QCOMPARE(answer.result().applicationResponse(), u"_none_"_s);
    QVERIFY(playback.result().ok());
    QCOMPARE(playback.result().completions().size(), 2);
    QCOMPARE(playback.result().applicationResponse(), u"FILE PLAYED"_s);
    QVERIFY(set.result().ok());
    QCOMPARE(set.result().completions().first().text("Application-Data"), u"foo=bar"_s);
    QVERIFY(dump.result().ok());
    QVERIFY(dump.result().body().contains("Unique-ID: " + channel.toLatin1()));
    QVERIFY(hangup.result().ok());
}

void TestSession::readsWhatTheDeviceBufferedBeforeItWasAttached()
{
    ScriptedPeer peer;
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, peer.port());
    QVERIFY(peer.waitForClient());
    peer.send(real(Real::AuthRequest));
    QVERIFY(QTest::qWaitFor([&] { return socket.bytesAvailable() > 0; }));

    Session session;
    QSignalSpy auth(&session, &Session::authRequested);
    session.setDevice(&socket); // no readyRead will come for bytes already buffered
    QVERIFY(QTest::qWaitFor([&] { return auth.size() == 1; }));
}

void TestSession::worksThroughABacklogInSlicesLettingTheEventLoopRun_data()
{
    QTest::addColumn<int>("budgetMs");
    QTest::addColumn<bool>("sliced");
    QTest::newRow("budget 1 ms") << 1 << true;
    QTest::newRow("no budget: all at once") << 0 << false;
}

void TestSession::worksThroughABacklogInSlicesLettingTheEventLoopRun()
{
    QFETCH(int, budgetMs);
    QFETCH(bool, sliced);
    // 3,000 events (about 600 kB) already in the socket's buffer when the session starts
    // reading, and a slow first handler: with a budget the session hands the event loop back
    // before the backlog is through (a timer posted by the first handler runs in between), and
    // resumes on its own (no readyRead comes for bytes already buffered); nothing is lost or
    // reordered. Without one it works through all of it in one go.
    constexpr int kEvents = 3000;
    ScriptedPeer peer;
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, peer.port());
    QVERIFY(peer.waitForClient());
    QByteArray backlog;
    for (int i = 0; i < kEvents; ++i)
        backlog += plainEvent({{"Event-Name", "CUSTOM"},
                               {"Event-Subclass", "bench::tick"},
                               {"Event-Sequence", QByteArray::number(i)},
                               {"Padding", QByteArray(150, 'x')}});
    peer.send(backlog);
    QVERIFY(QTest::qWaitFor([&] { return socket.bytesAvailable() == backlog.size(); }));

    Session session;
    session.setReadBudget(budgetMs);
    QCOMPARE(session.readBudget(), budgetMs);
    QList<int> sequence;
    int seenWhenTheTimerRan = -1;
    connect(&session, &Session::eventReceived, &session, [&](const Esl::Event &event) {
        sequence.append(event.header("Event-Sequence").toInt());
        if (sequence.size() == 1) {
            QTimer::singleShot(0, &session, [&] { seenWhenTheTimerRan = int(sequence.size()); });
            QElapsedTimer busy;
            busy.start();
            while (busy.elapsed() < 5) {
            }
        }
    });
    session.setDevice(&socket);
    QVERIFY(QTest::qWaitFor([&] { return sequence.size() == kEvents && seenWhenTheTimerRan > 0; }));
    if (sliced)
        QVERIFY2(seenWhenTheTimerRan < kEvents, qPrintable(QString::number(seenWhenTheTimerRan)));
    else
        QCOMPARE(seenWhenTheTimerRan, kEvents);
    for (int i = 0; i < kEvents; ++i)
        QCOMPARE(sequence.at(i), i);
    QCOMPARE(session.bytesReceived(), qint64(backlog.size()));
}

void TestSession::aSlowReaderPushesBackOnTheSwitchInsteadOfBuffering()
{
    // 24 MB of events sent at once to a session whose handler takes 2 ms an event: the
    // session's socket holds at most kSocketReadBuffer of them, the rest waits in the kernel and
    // in the switch's own buffer (TCP flow control), and every event still arrives, in order.
    ScriptedPeer peer;
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, peer.port());
    QVERIFY(peer.waitForClient());
    Session session;
    session.setDevice(&socket);
    QCOMPARE(socket.readBufferSize(), Session::kSocketReadBuffer);
    QTcpSocket other;
    other.setReadBufferSize(1024);
    Session bounded;
    bounded.setDevice(&other);
    QCOMPARE(other.readBufferSize(), 1024); // a bound the caller chose is kept

    const QByteArray padding(2000, 'x');
    QByteArray burst;
    int sent = 0;
    while (burst.size() < 24 * 1024 * 1024)
        burst += plainEvent({{"Event-Name", "CUSTOM"},
                             {"Event-Sequence", QByteArray::number(sent++)},
                             {"Padding", padding}});
    QList<int> sequence;
    connect(&session, &Session::eventReceived, &session, [&](const Esl::Event &event) {
        sequence.append(event.header("Event-Sequence").toInt());
        if (sequence.size() <= 200)
            QThread::msleep(2);
    });
    peer.send(burst);
    qint64 mostBuffered = 0;
    bool pushedBack = false;
    QVERIFY(QTest::qWaitFor(
        [&] {
            mostBuffered = std::max(mostBuffered, socket.bytesAvailable());
            pushedBack = pushedBack || peer.client()->bytesToWrite() > 0;
            return sequence.size() == sent;
        },
        60000));
    QVERIFY2(mostBuffered <= Session::kSocketReadBuffer, qPrintable(QString::number(mostBuffered)));
    QVERIFY(pushedBack);
    for (int i = 0; i < sent; ++i)
        QCOMPARE(sequence.at(i), i);
}

void TestSession::movingToAnotherDeviceFailsWhatWasPendingOnTheFirst()
{
    Link link;
    OPEN(link);
    const QFuture<Reply> onFirst = link.session.api(u"status"_s);
    EXPECT(link, "api status\n\n");

    ScriptedPeer second;
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, second.port());
    QVERIFY(second.waitForClient());
    QVERIFY(QTest::qWaitFor([&] { return socket.state() == QAbstractSocket::ConnectedState; }));
    link.session.setDevice(&socket);

    QVERIFY(onFirst.isFinished());
    QCOMPARE(codeName(onFirst.result().error()), u"Disconnected"_s);
    QCOMPARE(link.disconnects.size(), 1);
    QVERIFY(link.session.isOpen());

    // the first connection's late reply cannot reach the new conversation
    link.peer.send(real(Real::Status));
    const QFuture<Reply> onSecond = link.session.api(u"version"_s);
    QVERIFY2(second.expect("api version\n\n"), qPrintable(second.lastFailure()));
    second.send(ScriptedPeer::apiResponse("FreeSWITCH Version 1.10.12\n"));
    FINISHES(onSecond);
    QCOMPARE(onSecond.result().body(), "FreeSWITCH Version 1.10.12\n");
    QCOMPARE(link.unexpected.size(), 0);
}

// ---------------------------------------------------------------------------------------------
// Rainy days

void TestSession::bgapiFailsTheJobWhenTheAckIsErr()
{
    Link link;
    OPEN(link);
    const QFuture<JobResult> job = link.session.bgapi(u"originate loopback/9197 &park()"_s);
    const QByteArray id = headerOf(link.command(), "Job-UUID");
    PLAY(link, real(Real::CommandNotFound)); // what an outbound socket without `full` answers
    QVERIFY(job.isFinished());
    QVERIFY(!job.result().ok());
    QCOMPARE(job.result().errorText(), u"-ERR command not found"_s);
    QCOMPARE(job.result().jobUuid(), QString::fromLatin1(id));
    QCOMPARE(link.session.pendingJobs(), 0);

    // a BACKGROUND_JOB with that id later is just an event
    PLAY(link, backgroundJob(id, "+OK\n"));
    QCOMPARE(link.events.size(), 1);
    QCOMPARE(job.resultCount(), 1);
}

void TestSession::bgapiResultWithErrIsDataNotAnError()
{
    Link link;
    OPEN(link);
    const QFuture<JobResult> job = link.session.bgapi(u"originate loopback/nobody &park()"_s);
    const QByteArray id = headerOf(link.command(), "Job-UUID");
    PLAY(link, bgapiAck(id) + backgroundJob(id, "-ERR NO_ANSWER\n"));
    QVERIFY(job.isFinished());
    QVERIFY(!job.result().ok());
    QCOMPARE(job.result().errorText(), u"-ERR NO_ANSWER"_s);
    QCOMPARE(codeName(job.result().error()), u"no error"_s); // the switch answered
    QVERIFY(job.result().ack().ok());
}

void TestSession::executeFailsWhenTheAckIsErr()
{
    Link link;
    OPEN(link);
    const QFuture<ExecuteResult> execution =
        link.session.execute(u"playback"_s, u"tone_stream://%(500,0,440)"_s,
                             {.uuid = u"00000000-0000-0000-0000-000000000000"_s});
    const QByteArray id = headerOf(link.command(), "Event-UUID");
    PLAY(link,
         ScriptedPeer::reply("-ERR invalid session id [00000000-0000-0000-0000-000000000000]"));
    QVERIFY(execution.isFinished());
    QVERIFY(!execution.result().ok());
    QVERIFY2(execution.result().errorText().contains(u"invalid session id"_s),
             qPrintable(execution.result().errorText()));
    QCOMPARE(link.session.pendingExecutions(), 0);

    PLAY(link, realWith(Real::ExecuteCompleteA, Real::ApplicationA, id));
    QCOMPARE(execution.resultCount(), 1);
    QVERIFY(!execution.result().ok());
}

void TestSession::executeFailsWhenItsChannelHangsUpFirst()
{
    Link link;
    OPEN(link);
    const QFuture<ExecuteResult> onA = link.session.execute(
        u"playback"_s, u"local_stream://moh"_s, {.uuid = QString::fromLatin1(Real::ChannelA)});
    const QFuture<ExecuteResult> onB = link.session.execute(
        u"playback"_s, u"local_stream://moh"_s, {.uuid = QString::fromLatin1(Real::ChannelB)});
    link.command();
    const QByteArray idB = headerOf(link.command(), "Event-UUID");
    PLAY(link, ScriptedPeer::reply("+OK") + ScriptedPeer::reply("+OK"));

    // S: A's real CHANNEL_HANGUP_COMPLETE (Hangup-Cause NORMAL_CLEARING)
    PLAY(link, real(Real::HangupCompleteA));
    QVERIFY(onA.isFinished());
    QVERIFY(!onA.result().ok());
    QCOMPARE(codeName(onA.result().error()), u"Disconnected"_s);
    QVERIFY2(onA.result().errorText().contains(u"NORMAL_CLEARING"_s),
             qPrintable(onA.result().errorText()));
    QVERIFY(onA.result().ack().ok());
    QVERIFY(!onB.isFinished()); // another channel: still running
    QCOMPARE(link.session.pendingExecutions(), 1);
    QCOMPARE(eventNames(link.events), QStringList{u"CHANNEL_HANGUP_COMPLETE"_s});

    PLAY(link, realWith(Real::ExecuteCompleteB, Real::ApplicationB, idB));
    QVERIFY(onB.result().ok());
}

void TestSession::timedOutCommandSwallowsItsLateReplyAndLaterRepliesStillArrive()
{
    Link link;
    OPEN(link);
    link.session.setCommandTimeout(150);
    const QFuture<Reply> slow =
        link.session.api(u"uuid_dump "_s + QLatin1StringView(Real::ChannelA));
    const QFuture<Reply> next = link.session.api(u"status"_s, 0); // 0: no timeout
    const QFuture<Reply> last = link.session.api(u"version"_s, 0);
    EXPECT(link, "api uuid_dump " + Real::ChannelA + "\n\napi status\n\napi version\n\n");

    FINISHES(slow);
    QCOMPARE(codeName(slow.result().error()), u"Timeout"_s);
    QVERIFY(!slow.result().ok());
    QVERIFY(!next.isFinished());
    QCOMPARE(link.session.pendingReplies(), 3); // the slot stays for the late reply

    // S: the late reply: swallowed, not given to "status"
    PLAY(link, ScriptedPeer::apiResponse("Event-Name: CHANNEL_DATA\n"));
    QVERIFY(!next.isFinished());
    QCOMPARE(link.unexpected.size(), 0);

    PLAY(link, real(Real::Status));
    QVERIFY(next.isFinished());
    QVERIFY(next.result().text().startsWith(u"UP 0 years"_s));
    PLAY(link, ScriptedPeer::apiResponse("FreeSWITCH Version 1.10.12\n"));
    QCOMPARE(last.result().body(), "FreeSWITCH Version 1.10.12\n");
    QCOMPARE(slow.resultCount(), 1);
    QCOMPARE(codeName(slow.result().error()), u"Timeout"_s);
    QCOMPARE(link.session.pendingReplies(), 0);
}

void TestSession::timedOutJobsAndExecutionsIgnoreTheirLateAnswers()
{
    Link link;
    OPEN(link);

    // A bgapi that hears nothing in time: its late ack and result are swallowed.
    const QFuture<JobResult> unanswered = link.session.bgapi(u"status"_s, 150);
    const QByteArray unansweredId = headerOf(link.command(), "Job-UUID");
    const QFuture<Reply> version = link.session.api(u"version"_s, 0);
    EXPECT(link, "api version\n\n");
    FINISHES(unanswered);
    QCOMPARE(codeName(unanswered.result().error()), u"Timeout"_s);
    QCOMPARE(link.session.pendingJobs(), 0);
    PLAY(link, bgapiAck(unansweredId) + backgroundJob(unansweredId, "UP\n"));
    QVERIFY(!version.isFinished());  // the late ack went to the timed-out slot
    QCOMPARE(link.events.size(), 1); // the late result is only an event now
    PLAY(link, ScriptedPeer::apiResponse("FreeSWITCH Version 1.10.12\n"));
    QCOMPARE(version.result().body(), "FreeSWITCH Version 1.10.12\n");

    // A bgapi and an execute acknowledged, whose results never come in time.
    const QFuture<JobResult> job = link.session.bgapi(u"status"_s, 300);
    const QByteArray jobId = headerOf(link.command(), "Job-UUID");
    const QFuture<ExecuteResult> execution =
        link.session.execute(u"playback"_s, u"local_stream://moh"_s,
                             {.uuid = QString::fromLatin1(Real::ChannelA), .timeoutMs = 300});
    const QByteArray appId = headerOf(link.command(), "Event-UUID");
    link.peer.send(bgapiAck(jobId) + ScriptedPeer::reply("+OK"));
    FINISHES(job);
    FINISHES(execution);
    QCOMPARE(codeName(job.result().error()), u"Timeout"_s);
    QCOMPARE(codeName(execution.result().error()), u"Timeout"_s);
    QCOMPARE(link.session.pendingJobs(), 0);
    QCOMPARE(link.session.pendingExecutions(), 0);

    link.sent += bgapiAck(jobId).size() + ScriptedPeer::reply("+OK").size();
    PLAY(link, backgroundJob(jobId, "UP\n") +
                   realWith(Real::ExecuteCompleteA, Real::ApplicationA, appId));
    QCOMPARE(link.events.size(), 3);
    QCOMPARE(job.resultCount(), 1);
    QCOMPARE(execution.resultCount(), 1);
    QCOMPARE(codeName(job.result().error()), u"Timeout"_s);
    QCOMPARE(link.session.pendingReplies(), 0);
    QCOMPARE(link.unexpected.size(), 0);
}

namespace {
enum class Cut { Close, Abort, CloseInsideAMessage };
}

void TestSession::failsEverythingPendingWhenTheLinkDropsAtAnyStep_data()
{
    QTest::addColumn<int>("step");
    QTest::addColumn<int>("cut");
    for (int step = 0; step <= 7; ++step) {
        QTest::addRow("after step %d, peer closes", step) << step << int(Cut::Close);
        QTest::addRow("after step %d, peer resets", step) << step << int(Cut::Abort);
        if (step < 7)
            QTest::addRow("inside step %d, peer closes", step + 1)
                << step << int(Cut::CloseInsideAMessage);
    }
}

void TestSession::failsEverythingPendingWhenTheLinkDropsAtAnyStep()
{
    QFETCH(int, step);
    QFETCH(int, cut);
    Link link;
    OPEN(link);

    // C: api, bgapi, execute and a plain command, all before any answer
    QFuture<Reply> status = link.session.api(u"status"_s);
    const QFuture<JobResult> job = link.session.bgapi(u"echo hi"_s);
    const QFuture<ExecuteResult> execution =
        link.session.execute(u"playback"_s, u"tone_stream://%(500,0,440)"_s,
                             {.uuid = QString::fromLatin1(Real::ChannelA)});
    QFuture<Reply> subscribe = link.session.send("event plain ALL");
    EXPECT(link, "api status\n\n");
    const QByteArray jobId = headerOf(link.command(), "Job-UUID");
    const QByteArray appId = headerOf(link.command(), "Event-UUID");
    EXPECT(link, "event plain ALL\n\n");

    // S: the answers, one step at a time
    const QByteArrayList steps{
        real(Real::Status),                                          // 1: status answered
        bgapiAck(jobId),                                             // 2: job acknowledged
        real(Real::ChannelCreate),                                   // 3: an event
        ScriptedPeer::reply("+OK"),                                  // 4: execution acknowledged
        real(Real::EventListenerReply),                              // 5: subscription answered
        realWith(Real::BackgroundJobEcho, Real::JobEcho, jobId),     // 6: job done
        realWith(Real::ExecuteCompleteA, Real::ApplicationA, appId), // 7: execution done
    };
    for (int i = 0; i < step; ++i)
        PLAY(link, steps[i]);
    if (Cut(cut) == Cut::CloseInsideAMessage)
        PLAY(link, QByteArrayView(steps[step]).first(steps[step].size() / 2));
    if (Cut(cut) == Cut::Abort)
        link.peer.abortClient();
    else
        link.peer.closeClient();
    QVERIFY(QTest::qWaitFor([&] { return !link.disconnects.isEmpty(); }));

    // Every future has finished by the time disconnected() is emitted: answered, or failed.
    QVERIFY(status.isFinished());
    QVERIFY(job.isFinished());
    QVERIFY(execution.isFinished());
    QVERIFY(subscribe.isFinished());
    if (step >= 1)
        QVERIFY(status.result().ok());
    else
        QVERIFY2(isLinkLoss(status.result().error()),
                 qPrintable(codeName(status.result().error())));
    if (step >= 5)
        QVERIFY(subscribe.result().ok());
    else
        QVERIFY2(isLinkLoss(subscribe.result().error()),
                 qPrintable(codeName(subscribe.result().error())));
    if (step >= 6)
        QVERIFY(job.result().ok());
    else
        QVERIFY2(isLinkLoss(job.result().error()), qPrintable(codeName(job.result().error())));
    if (step >= 7)
        QVERIFY(execution.result().ok());
    else
        QVERIFY2(isLinkLoss(execution.result().error()),
                 qPrintable(codeName(execution.result().error())));
    QCOMPARE(link.session.pendingReplies(), 0);
    QCOMPARE(link.session.pendingJobs(), 0);
    QCOMPARE(link.session.pendingExecutions(), 0);
    QCOMPARE(link.session.state(), Session::State::Closed);
    QVERIFY(isLinkLoss(link.disconnects.at(0).at(0).value<Error>()));

    // disconnected() once, however many ways the socket says it is gone
    QVERIFY(!QTest::qWaitFor([&] { return link.disconnects.size() > 1; }, 100));
    QCOMPARE(link.disconnects.size(), 1);

    // and new work fails at once
    const QFuture<Reply> late = link.session.api(u"status"_s);
    const QFuture<JobResult> lateJob = link.session.bgapi(u"status"_s);
    const QFuture<ExecuteResult> lateExecution =
        link.session.execute(u"answer"_s, {}, {.uuid = QString::fromLatin1(Real::ChannelA)});
    QVERIFY(late.isFinished());
    QVERIFY(lateJob.isFinished());
    QVERIFY(lateExecution.isFinished());
    QCOMPARE(codeName(late.result().error()), u"Disconnected"_s);
    QCOMPARE(codeName(lateJob.result().error()), u"Disconnected"_s);
    QCOMPARE(codeName(lateExecution.result().error()), u"Disconnected"_s);
    QCOMPARE(link.session.pendingJobs(), 0);
    QCOMPARE(link.session.pendingExecutions(), 0);
}

void TestSession::dropsTheLinkOnAProtocolError_data()
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

void TestSession::dropsTheLinkOnAProtocolError()
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

void TestSession::reportsAnUndecodableEventAndKeepsTheLink_data()
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

void TestSession::reportsAnUndecodableEventAndKeepsTheLink()
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

namespace {

template<typename T> std::pair<bool, std::optional<Error>> immediately(const QFuture<T> &future)
{
    if (!future.isFinished())
        return {false, std::nullopt};
    return {true, future.result().error()};
}

} // namespace

void TestSession::refusesCrLfOrNulInAnyArgumentWithoutWritingAnything_data()
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

void TestSession::refusesCrLfOrNulInAnyArgumentWithoutWritingAnything()
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

void TestSession::closeFailsEverythingPendingWithTheGivenReason()
{
    Link link;
    OPEN(link);
    QSignalSpy states(&link.session, &Session::stateChanged);
    QFuture<Reply> status = link.session.api(u"status"_s);
    const QFuture<JobResult> job = link.session.bgapi(u"status"_s);
    const QFuture<ExecuteResult> execution =
        link.session.execute(u"park"_s, {}, {.uuid = QString::fromLatin1(Real::ChannelA)});

    link.session.close(Error{Error::Code::Canceled, u"the operator closed the console"_s, -1});

    QVERIFY(status.isFinished());
    QVERIFY(job.isFinished());
    QVERIFY(execution.isFinished());
    QCOMPARE(codeName(status.result().error()), u"Canceled"_s);
    QCOMPARE(codeName(job.result().error()), u"Canceled"_s);
    QCOMPARE(codeName(execution.result().error()), u"Canceled"_s);
    QCOMPARE(status.result().errorText(), u"the operator closed the console"_s);
    QCOMPARE(link.disconnects.size(), 1);
    QCOMPARE(link.disconnects.at(0).at(0).value<Error>().message,
             u"the operator closed the console"_s);
    QCOMPARE(states.size(), 1);
    QCOMPARE(states.at(0).at(0).value<Session::State>(), Session::State::Closed);
    QVERIFY(link.peer.waitForClientGone());

    link.session.close(); // again: nothing more happens
    QCOMPARE(link.disconnects.size(), 1);
    QCOMPARE(states.size(), 1);
}

void TestSession::destroyingTheSessionFailsEveryPendingFuture()
{
    ScriptedPeer peer;
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, peer.port());
    QVERIFY(peer.waitForClient());
    QVERIFY(QTest::qWaitFor([&] { return socket.state() == QAbstractSocket::ConnectedState; }));
    auto session = std::make_unique<Session>();
    session->setDevice(&socket);

    QFuture<Reply> status = session->api(u"status"_s);
    const QFuture<JobResult> job = session->bgapi(u"status"_s);
    const QFuture<ExecuteResult> execution =
        session->execute(u"park"_s, {}, {.uuid = QString::fromLatin1(Real::ChannelA)});
    QObject context;
    QString seenByContinuation;
    status.then(&context,
                [&](const Reply &reply) { seenByContinuation = codeName(reply.error()); });

    session.reset();

    QVERIFY(status.isFinished());
    QVERIFY(job.isFinished());
    QVERIFY(execution.isFinished());
    // failed, not silently canceled
    QVERIFY(!status.isCanceled());
    QVERIFY(!job.isCanceled());
    QVERIFY(!execution.isCanceled());
    QCOMPARE(codeName(status.result().error()), u"Disconnected"_s);
    QCOMPARE(codeName(job.result().error()), u"Disconnected"_s);
    QCOMPARE(codeName(execution.result().error()), u"Disconnected"_s);
    QCOMPARE(seenByContinuation, u"Disconnected"_s);
    QVERIFY(socket.isOpen()); // not owned: left alone
}

QTEST_GUILESS_MAIN(TestSession)
#include "tst_session.moc"
