// A hostile switch, scripted: every way a peer on the Event Socket was seen to crash a client,
// grow its memory without bound, hand it a wrong answer, hammer it with reconnects or hold it
// forever — and the faults that were already handled, kept here so they stay handled. Each case
// asserts the exact error, that what arrived before the fault was delivered, and for the memory
// cases that the heap stays under a bound (tests/support/heap.h: the allocator's count, also
// under AddressSanitizer).
//
// The peer runs in this process on 127.0.0.1; a flood is written only as fast as the socket
// drains (Flood), so the peer's own buffers never count against the client.

#include "support/heap.h"
#include "support/scriptedpeer.h"

#include "esl/inboundclient.h"

#include <QLoggingCategory>
#include <QProcess>
#include <QSignalSpy>
#include <QTest>
#include <QThread>

#include <functional>

using namespace TestSupport;
using namespace Qt::Literals::StringLiterals;
using Esl::ConnectionOptions;
using Esl::Error;
using Esl::InboundClient;
using Esl::Reply;

namespace {

const QByteArray kCore = "49844b00-a991-435a-a99d-cdb62521423e"_ba;

QByteArray frame(QByteArrayView contentType, QByteArrayView body)
{
    return "Content-Length: " + QByteArray::number(body.size()) + "\nContent-Type: " +
           contentType.toByteArray() + "\n\n" + body.toByteArray();
}

QByteArray plainEvent(QByteArrayView name, int sequence)
{
    return frame("text/event-plain", "Event-Name: " + name.toByteArray() + "\nCore-UUID: " + kCore +
                                         "\nEvent-Sequence: " + QByteArray::number(sequence) +
                                         "\n\n");
}

QByteArray xmlEvent(QByteArrayView headerValue, QByteArrayView prolog = {})
{
    return frame("text/event-xml", prolog.toByteArray() +
                                       "<event>\n  <headers>\n    <Event-Name>CUSTOM</Event-Name>\n"
                                       "    <Core-UUID>" + kCore + "</Core-UUID>\n    <Payload>" +
                                       headerValue.toByteArray() +
                                       "</Payload>\n  </headers>\n</event>");
}

QByteArray nested(QByteArrayView open, QByteArrayView close, int depth)
{
    return open.toByteArray().repeated(depth) + close.toByteArray().repeated(depth);
}

// Writes what `next` produces while the socket takes it, keeping at most ~1 MB queued in the
// peer, until `next` returns an empty chunk or the connection goes.
class Flood : public QObject
{
public:
    Flood(QTcpSocket *socket, std::function<QByteArray()> next)
        : m_socket(socket), m_next(std::move(next))
    {
        connect(socket, &QTcpSocket::bytesWritten, this, &Flood::refill);
        refill();
    }
    [[nodiscard]] bool done() const { return m_done; }
    [[nodiscard]] qint64 written() const { return m_written; }

private:
    void refill()
    {
        while (!m_done && m_socket && m_socket->state() == QAbstractSocket::ConnectedState &&
               m_socket->bytesToWrite() < 1024 * 1024) {
            const QByteArray chunk = m_next();
            if (chunk.isEmpty()) {
                m_done = true;
                break;
            }
            m_written += m_socket->write(chunk);
        }
    }

    QPointer<QTcpSocket> m_socket;
    std::function<QByteArray()> m_next;
    bool m_done = false;
    qint64 m_written = 0;
};

// `count` copies of `unit`, handed out `perChunk` at a time.
std::function<QByteArray()> repeated(const QByteArray &unit, qint64 count, int perChunk = 4096)
{
    const QByteArray block = unit.repeated(perChunk);
    return [=, left = count]() mutable {
        if (left <= 0)
            return QByteArray();
        const qint64 n = std::min<qint64>(left, perChunk);
        left -= n;
        return n == perChunk ? block : unit.repeated(n);
    };
}

class Rig
{
public:
    Rig()
    {
        ConnectionOptions options;
        options.host = u"127.0.0.1"_s;
        options.port = peer.port();
        options.reconnectMinMs = 50;
        options.reconnectMaxMs = 400;
        options.livenessMs = 0;
        client.setOptions(options);
        QObject::connect(&client, &InboundClient::eventReceived, &client,
                         [this](const Esl::Event &event) {
                             ++eventCount;
                             if (names.size() < 100)
                                 names.append(event.name());
                         });
        QObject::connect(&client, &InboundClient::errorOccurred, &client,
                         [this](const Error &error) { errors.append(error); });
    }

    template<typename F> void configure(F change)
    {
        ConnectionOptions options = client.options();
        change(options);
        client.setOptions(options);
    }

    // Connects (the first time) and plays the switch's side of a login. Afterwards `sent` counts
    // the bytes of this connection, so a test knows the offset of what it sends next.
    bool login()
    {
        if (client.state() == InboundClient::State::Disconnected)
            client.connectToServer();
        if (!peer.waitForClient())
            return fail(u"no connection"_s);
        sent = 0;
        send(ScriptedPeer::authRequest());
        if (!peer.expect("auth ClueCon\n\n"))
            return fail(peer.lastFailure());
        send(ScriptedPeer::reply("+OK accepted"));
        if (!peer.expect("event plain ALL\n\n"))
            return fail(peer.lastFailure());
        send(ScriptedPeer::reply("+OK event listener enabled plain"));
        if (!peer.expect("api global_getvar core_uuid\n\n"))
            return fail(peer.lastFailure());
        send(ScriptedPeer::apiResponse(kCore));
        return QTest::qWaitFor([&] { return client.isLive() && !client.coreUuid().isEmpty(); }) ||
               fail(u"not live: %1"_s.arg(InboundClient::stateName(client.state())));
    }

    // S: the switch sends `bytes`.
    qint64 send(QByteArrayView bytes)
    {
        const qint64 offset = sent;
        peer.send(bytes);
        sent += bytes.size();
        return offset;
    }

    bool waitForEvents(qint64 count, int timeoutMs = 10000)
    {
        return QTest::qWaitFor([&] { return eventCount >= count; }, timeoutMs);
    }
    bool waitForError(int timeoutMs = 10000)
    {
        return QTest::qWaitFor([&] { return !errors.isEmpty(); }, timeoutMs);
    }
    bool fail(const QString &why)
    {
        failure = why;
        return false;
    }

    ScriptedPeer peer;
    InboundClient client;
    qint64 eventCount = 0;
    QStringList names;
    QList<Error> errors;
    qint64 sent = 0;
    QString failure;
};

#define LOGIN(rig) QVERIFY2((rig).login(), qPrintable((rig).failure))

} // namespace

class TestHostile : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        // The client narrates every state change; the tests check what it concluded.
        QLoggingCategory::setFilterRules(u"esl.inbound.debug=false\nesl.inbound.info=false"_s);
    }

    // Classes found by the attack, each fixed.
    void deeplyNestedXmlIsAnUndecodableEventAndTheLinkStays();
    void headerArraysDecodeWithoutRecursionAndInLinearTime();
    void aSecondAuthRequestIsAProtocolErrorAnsweredByNothing();
    void pendingCommandsJobsAndExecutionsAreBounded();
    void aReplyThatAnswersNoPendingCommandDropsTheLink_data();
    void aReplyThatAnswersNoPendingCommandDropsTheLink();
    void eslcatApiPrintsNoAnswerFromAnOutOfStepSwitch();
    void aSwitchThatBreaksEveryLinkAfterLoginIsRetriedLessAndLessOften();
    void aLinkThatLastedStartsTheBackoffAgain();
    void aPeerDrippingIntoAFrameIsDroppedAsSilent();
    void aBigReplyReadLateIsNotADeadPeer();

    // Faults that were handled before the attack, kept so.
    void framingFaultsDropTheLinkWithTheirOffset_data();
    void framingFaultsDropTheLinkWithTheirOffset();
    void undecodableContentIsReportedAndTheLinkStays_data();
    void undecodableContentIsReportedAndTheLinkStays();
    void aRudeRejectionFailsWithoutRetrying();
    void aBurstOfTwoMillionEventsIsDeliveredInBoundedMemory();
};

void TestHostile::deeplyNestedXmlIsAnUndecodableEventAndTheLinkStays()
{
    // 60,000 nested elements in one header value, about 420 KB: Qt's readElementText recursed
    // once per level and overflowed the stack.
    Rig rig;
    LOGIN(rig);
    rig.send(plainEvent("HEARTBEAT", 1));
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"^undecodable event"_s));
    const qint64 at = rig.send(xmlEvent(nested("<a>", "</a>", 60000)));
    rig.send(plainEvent("HEARTBEAT", 2));
    QVERIFY(rig.waitForEvents(2));
    QCOMPARE(rig.names, QStringList({u"HEARTBEAT"_s, u"HEARTBEAT"_s}));
    QCOMPARE(rig.errors.size(), 1);
    QCOMPARE(rig.errors[0].code, Error::Code::Decode);
    QCOMPARE(rig.errors[0].message, u"xml event: elements nested deeper than 32 inside a value"_s);
    QCOMPARE(rig.errors[0].offset, at);
    QVERIFY(rig.client.isLive());

    // Nesting at the limit is still read (its text, as Qt would give it).
    rig.send(xmlEvent(nested("<a>", "</a>", 31).replace("<a></a>", "<a>x</a>")));
    QVERIFY(rig.waitForEvents(3));
    QCOMPARE(rig.errors.size(), 1);
}

void TestHostile::headerArraysDecodeWithoutRecursionAndInLinearTime()
{
    // Found by fuzz_events: libesl's ARRAY:: rule recursed once per seven bytes of a value that
    // holds the marker deep inside (420 KB overflowed the stack), and pushed json array items
    // by splitting and joining the whole header each time (a million items: hours).
    Rig rig;
    LOGIN(rig);
    QSignalSpy events(&rig.client, &InboundClient::eventReceived);
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"^undecodable event"_s));
    const QByteArray deep = QByteArray(420000, 'x') + "ARRAY::y";
    rig.send(frame("text/event-plain", "Event-Name: CUSTOM\nDeep: " + deep + "\n\n"));
    QByteArray items = "\"a\"";
    for (int i = 1; i < 200000; ++i)
        items += ",\"" + QByteArray::number(i % 10) + '"';
    rig.send(frame("text/event-json", "{\"Event-Name\":\"CUSTOM\",\"List\":[" + items + "]}"));
    rig.send(plainEvent("HEARTBEAT", 1));
    QVERIFY(rig.waitForEvents(2, 60000));
    // libesl strips seven bytes, then seven more at each of its levels while the marker is
    // still there: past sixteen levels no real event goes, and the event is undecodable.
    QCOMPARE(rig.errors.size(), 1);
    QCOMPARE(rig.errors[0].code, Error::Code::Decode);
    QCOMPARE(rig.errors[0].message, u"header Deep: ARRAY:: nested more than 16 levels deep"_s);
    QCOMPARE(rig.names, QStringList({u"CUSTOM"_s, u"HEARTBEAT"_s}));
    const auto second = events.at(0).at(0).value<Esl::Event>();
    const QString list = second.text("List");
    QVERIFY(list.startsWith(u"ARRAY::a|:1|:2|:"_s));
    QCOMPARE(list.count(u"|:"_s), 199999);
    QVERIFY(rig.client.isLive());

    // Nesting within the bound decodes as libesl would have: seven bytes off at each level.
    rig.send(frame("text/event-plain",
                   "Event-Name: CUSTOM\nShallow: " + QByteArray(7 * 10, 'x') + "ARRAY::y\n\n"));
    QVERIFY(rig.waitForEvents(3));
    QCOMPARE(events.at(2).at(0).value<Esl::Event>().text("Shallow"), u"y"_s);
}

void TestHostile::aSecondAuthRequestIsAProtocolErrorAnsweredByNothing()
{
    // Each auth/request used to get a new `auth` and a reply slot that was never freed: 5
    // million of them took a client past 5 GB. Now the second one ends the link.
    Rig rig;
    LOGIN(rig);
    rig.send(plainEvent("HEARTBEAT", 1));
    QVERIFY(rig.waitForEvents(1));
    HeapPeak heap;
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"^protocol error:"_s));
    const qint64 at = rig.sent;
    Flood flood(rig.peer.client(), repeated(ScriptedPeer::authRequest(), 200000));
    QVERIFY(rig.waitForError());
    QCOMPARE(rig.errors[0].code, Error::Code::Protocol);
    QCOMPARE(rig.errors[0].message, u"the switch asked for authentication a second time"_s);
    QCOMPARE(rig.errors[0].offset, at);
    QVERIFY(QTest::qWaitFor([&] { return rig.client.state() == InboundClient::State::Reconnecting; }));
    QVERIFY2(!rig.peer.unread().contains("auth"), rig.peer.unread().left(200).constData());
    QCOMPARE(rig.client.session()->pendingReplies(), 0);
    qInfo("auth/request flood: %s grew by %lld KiB", heapMeasure(), heap.growth() / 1024);
    QVERIFY2(heap.growth() < 16 * 1024 * 1024, qPrintable(QString::number(heap.growth())));
}

void TestHostile::pendingCommandsJobsAndExecutionsAreBounded()
{
    // A peer that never answers cannot make the books grow without end: past a bound a command
    // is refused before it is written, with a reason.
    using Esl::detail::PendingQueue;
    Rig rig;
    LOGIN(rig);
    QList<QFuture<Reply>> waiting;
    for (qsizetype i = 0; i < PendingQueue::kMaxReplies; ++i)
        waiting.append(rig.client.api(u"status"_s));
    const QFuture<Reply> over = rig.client.api(u"status"_s);
    QVERIFY(over.isFinished());
    QVERIFY(over.result().error());
    QCOMPARE(over.result().error()->code, Error::Code::Overloaded);
    QCOMPARE(over.result().error()->message,
             u"refused: 10000 commands already wait for the switch's answer"_s);
    QVERIFY(std::none_of(waiting.begin(), waiting.end(), [](auto &f) { return f.isFinished(); }));

    // The replies come: the slots free and commands go again.
    for (qsizetype i = 0; i < PendingQueue::kMaxReplies; ++i)
        rig.peer.nextCommand();
    rig.send(ScriptedPeer::apiResponse("UP 0 years\n").repeated(PendingQueue::kMaxReplies));
    QVERIFY(QTest::qWaitFor([&] { return waiting.last().isFinished(); }));
    QVERIFY(waiting.last().result().ok());

    // bgapi jobs acknowledged but never finished, and executions never completed.
    QList<QFuture<Esl::JobResult>> jobs;
    for (qsizetype i = 0; i < PendingQueue::kMaxJobs; ++i)
        jobs.append(rig.client.bgapi(u"status"_s));
    rig.send(ScriptedPeer::reply("+OK Job-UUID: x").repeated(PendingQueue::kMaxJobs));
    QVERIFY(QTest::qWaitFor([&] { return rig.client.session()->pendingReplies() == 0; }));
    QCOMPARE(rig.client.session()->pendingJobs(), PendingQueue::kMaxJobs);
    const QFuture<Esl::JobResult> overJob = rig.client.bgapi(u"status"_s);
    QVERIFY(overJob.isFinished());
    QCOMPARE(overJob.result().error()->message,
             u"refused: 10000 bgapi jobs already wait for the switch's answer"_s);

    QList<QFuture<Esl::ExecuteResult>> executions;
    for (qsizetype i = 0; i < PendingQueue::kMaxExecutions; ++i)
        executions.append(rig.client.execute(u"playback"_s, u"x.wav"_s, {.uuid = u"u1"_s}));
    rig.send(ScriptedPeer::reply("+OK").repeated(PendingQueue::kMaxExecutions));
    QVERIFY(QTest::qWaitFor([&] { return rig.client.session()->pendingReplies() == 0; }));
    const QFuture<Esl::ExecuteResult> overExecution =
        rig.client.execute(u"playback"_s, u"x.wav"_s, {.uuid = u"u1"_s});
    QVERIFY(overExecution.isFinished());
    QCOMPARE(overExecution.result().error()->message,
             u"refused: 10000 executions already wait for the switch's answer"_s);
    QVERIFY(rig.client.isLive());
}

void TestHostile::aReplyThatAnswersNoPendingCommandDropsTheLink_data()
{
    QTest::addColumn<QString>("pending"); // "api", "command" or "" (nothing waits)
    QTest::addColumn<QByteArray>("answer");
    QTest::addColumn<QString>("message");

    const QByteArray unsolicited = ScriptedPeer::reply("+OK unsolicited 1") +
                                   ScriptedPeer::reply("+OK unsolicited 2") +
                                   ScriptedPeer::reply("+OK unsolicited 3");
    QTest::newRow("command/reply +OK to an api")
        << u"api"_s << unsolicited + ScriptedPeer::apiResponse("UP 0 years\n")
        << u"out of step with the switch: a command/reply (\"+OK unsolicited 1\") where the "
           "oldest command waits for an api/response"_s;
    QTest::newRow("api/response to a command")
        << u"command"_s << ScriptedPeer::apiResponse("+OK\n")
        << u"out of step with the switch: a api/response (\"+OK\\n\") where the oldest command "
           "waits for a command/reply"_s;
    QTest::newRow("a reply while nothing waits")
        << QString() << unsolicited
        << u"out of step with the switch: a command/reply (\"+OK unsolicited 1\") while no "
           "command was waiting for one"_s;
}

void TestHostile::aReplyThatAnswersNoPendingCommandDropsTheLink()
{
    // Five replies nobody asked for made `eslcat api status` print "+OK unsolicited 2" and exit
    // 0, and the Core-UUID read as "+OK ..." made the next event look like a restart.
    QFETCH(QString, pending);
    QFETCH(QByteArray, answer);
    QFETCH(QString, message);
    Rig rig;
    LOGIN(rig);
    QSignalSpy missed(&rig.client, &InboundClient::eventsMayHaveBeenMissed);
    rig.send(plainEvent("HEARTBEAT", 1));
    QVERIFY(rig.waitForEvents(1));
    QFuture<Reply> future;
    if (pending == u"api") {
        future = rig.client.api(u"status"_s);
        QVERIFY(rig.peer.expect("api status\n\n"));
    } else if (pending == u"command") {
        future = rig.client.send("event plain CHANNEL_CREATE");
        QVERIFY(rig.peer.expect("event plain CHANNEL_CREATE\n\n"));
    }
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"^protocol error:"_s));
    const qint64 at = rig.send(answer);
    QVERIFY(rig.waitForError());
    QCOMPARE(rig.errors[0].code, Error::Code::Protocol);
    QCOMPARE(rig.errors[0].message, message);
    QCOMPARE(rig.errors[0].offset, at);
    if (!pending.isEmpty()) {
        QVERIFY(QTest::qWaitFor([&] { return future.isFinished(); }));
        QVERIFY(!future.result().ok());
        QCOMPARE(future.result().error()->message, message);
    }
    QVERIFY(QTest::qWaitFor([&] { return rig.client.state() == InboundClient::State::Reconnecting; }));
    QCOMPARE(rig.client.coreUuid(), QString::fromLatin1(kCore));
    QCOMPARE(missed.size(), 0);
    QCOMPARE(rig.eventCount, 1);
}

void TestHostile::eslcatApiPrintsNoAnswerFromAnOutOfStepSwitch()
{
    ScriptedPeer peer;
    QProcess eslcat;
    eslcat.start(QStringLiteral(ESLCAT_PATH),
                 {u"api"_s, u"--port"_s, QString::number(peer.port()), u"status"_s});
    QVERIFY(peer.waitForClient());
    peer.send(ScriptedPeer::authRequest());
    QVERIFY(peer.expect("auth ClueCon\n\n"));
    peer.send(ScriptedPeer::reply("+OK accepted"));
    for (int i = 1; i <= 5; ++i)
        peer.send(ScriptedPeer::reply("+OK unsolicited " + QByteArray::number(i)));
    peer.send(ScriptedPeer::apiResponse(kCore));
    peer.send(ScriptedPeer::apiResponse("UP 0 years\n"));
    QVERIFY(eslcat.waitForFinished(10000));
    const QByteArray out = eslcat.readAllStandardOutput();
    const QByteArray err = eslcat.readAllStandardError();
    QCOMPARE(eslcat.exitCode(), 2);
    QCOMPARE(out, QByteArray());
    QVERIFY2(err.contains("out of step with the switch"), err.constData());
}

void TestHostile::aSwitchThatBreaksEveryLinkAfterLoginIsRetriedLessAndLessOften()
{
    // A switch that accepts the login and then sends garbage used to get a new connection, and
    // the password, every half second for ever: the backoff started again at every login.
    Rig rig;
    rig.configure([](ConnectionOptions &o) {
        o.reconnectMinMs = 40;
        o.reconnectMaxMs = 60000;
    });
    QList<int> attempts;
    QList<qint64> delays;
    for (int round = 0; round < 5; ++round) {
        LOGIN(rig);
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"^protocol error:"_s));
        const qint64 before = QDateTime::currentMSecsSinceEpoch();
        rig.send("Content-Length: garbage\n\n");
        QVERIFY(QTest::qWaitFor(
            [&] { return rig.client.state() == InboundClient::State::Reconnecting; }));
        attempts.append(rig.client.reconnectAttempts());
        delays.append(rig.client.nextAttemptAt() - before);
    }
    QCOMPARE(attempts, QList<int>({1, 2, 3, 4, 5}));
    // 40 ms doubled each time, less the jitter of 25%: at least 30, 60, 120, 240, 480 ms.
    for (int k = 0; k < delays.size(); ++k)
        QVERIFY2(delays[k] >= qint64(30) << k, qPrintable(u"delay %1: %2 ms"_s.arg(k).arg(delays[k])));
    QCOMPARE(rig.peer.connectionsAccepted(), 5);
}

void TestHostile::aLinkThatLastedStartsTheBackoffAgain()
{
    Rig rig;
    rig.configure([](ConnectionOptions &o) {
        o.reconnectMinMs = 40;
        o.stableAfterMs = 100;
    });
    for (int round = 0; round < 3; ++round) {
        LOGIN(rig);
        QTest::qWait(250); // longer than stableAfterMs
        rig.peer.abortClient();
        QVERIFY(QTest::qWaitFor(
            [&] { return rig.client.state() == InboundClient::State::Reconnecting; }));
        QCOMPARE(rig.client.reconnectAttempts(), 1);
    }
}

void TestHostile::aPeerDrippingIntoAFrameIsDroppedAsSilent()
{
    // One byte every 50 ms into a frame that never ends: the bytes kept the liveness timer from
    // ever firing, and `eslcat events` waited for ever.
    Rig rig;
    rig.configure([](ConnectionOptions &o) {
        o.livenessMs = 300;
        o.probeTimeoutMs = 300;
    });
    LOGIN(rig);
    rig.send(plainEvent("HEARTBEAT", 1));
    rig.send("Content-Length: 500\nContent-Type: text/event-plain\n\nEvent-Name: HEART");
    QTimer drip;
    QObject::connect(&drip, &QTimer::timeout, &rig.peer, [&] { rig.send("B"); });
    drip.start(50);
    QVERIFY(QTest::qWaitFor(
        [&] { return rig.client.state() == InboundClient::State::Reconnecting; }, 10000));
    QCOMPARE(rig.eventCount, 1);
    QCOMPARE(rig.errors.last().code, Error::Code::Timeout);
    QCOMPARE(rig.errors.last().message,
             u"the switch stopped answering: no whole message and no reply to a liveness probe "
             "within 300 ms"_s);
}

void TestHostile::aBigReplyReadLateIsNotADeadPeer()
{
    // The other side of the drip: 9 MB that the switch sent at once while this program was too
    // busy to read them is the peer's progress, not silence.
    Rig rig;
    rig.configure([](ConnectionOptions &o) {
        o.livenessMs = 200;
        o.probeTimeoutMs = 200;
    });
    LOGIN(rig);
    QSignalSpy states(&rig.client, &InboundClient::stateChanged);
    const QFuture<Reply> listing = rig.client.api(u"show channels"_s);
    QVERIFY(rig.peer.expect("api show channels\n\n"));
    QByteArray rows;
    for (int i = 0; rows.size() < 9 * 1024 * 1024; ++i)
        rows += "uuid-" + QByteArray::number(i) + ",inbound,2026-12-06 18:00:00,sofia/internal/1000,"
                "CS_EXECUTE,Caller,1000,127.0.0.1,9196,playback,local_stream://moh\n";
    rig.send(ScriptedPeer::apiResponse(rows));
    // Let the peer's buffer reach the kernel, then be busy for longer than liveness and probe.
    QVERIFY(QTest::qWaitFor([&] { return rig.peer.client()->bytesToWrite() < 4 * 1024 * 1024; }));
    QThread::msleep(800);
    QVERIFY(QTest::qWaitFor([&] { return listing.isFinished(); }, 20000));
    QVERIFY(listing.result().ok());
    QCOMPARE(listing.result().body().size(), rows.size());
    QCOMPARE(states.size(), 0); // live throughout
}

void TestHostile::framingFaultsDropTheLinkWithTheirOffset_data()
{
    QTest::addColumn<QByteArray>("fault");
    QTest::addColumn<qint64>("offsetInFault"); // where the parser found the fault: the NUL byte,
                                                // the end of the header block, the size limit
    QTest::addColumn<QString>("message");

    QTest::newRow("oversized Content-Length")
        << "Content-Length: 99999999999\nContent-Type: text/event-plain\n\n"_ba << qint64(59)
        << u"Content-Length 99999999999 exceeds the limit of 16777216 bytes"_s;
    QTest::newRow("negative Content-Length")
        << "Content-Length: -5\n\n"_ba << qint64(19) << u"negative Content-Length \"-5\""_s;
    QTest::newRow("conflicting Content-Length")
        << "Content-Length: 5\nContent-Length: 6\n\nhello"_ba << qint64(36)
        << u"conflicting Content-Length headers"_s;
    QTest::newRow("endless header line")
        << "Content-Type: text/event-plain\nX-Endless: "_ba + QByteArray(2 * 1024 * 1024, 'x')
        << qint64(1024 * 1024) << u"header block larger than 1048576 bytes"_s;
    QTest::newRow("NUL byte in a header")
        << "Content-Type: command\0/reply\n\n"_ba << qint64(21)
        << u"NUL byte in a header line"_s;
}

void TestHostile::framingFaultsDropTheLinkWithTheirOffset()
{
    QFETCH(QByteArray, fault);
    QFETCH(qint64, offsetInFault);
    QFETCH(QString, message);
    Rig rig;
    LOGIN(rig);
    rig.send(plainEvent("HEARTBEAT", 1));
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"^protocol error:"_s));
    const qint64 at = rig.send(fault);
    QVERIFY(rig.waitForError());
    QCOMPARE(rig.eventCount, 1);
    QCOMPARE(rig.errors[0].code, Error::Code::Protocol);
    QCOMPARE(rig.errors[0].message, message);
    QCOMPARE(rig.errors[0].offset, at + offsetInFault);
    QVERIFY(QTest::qWaitFor([&] { return rig.client.state() == InboundClient::State::Reconnecting; }));
}

void TestHostile::undecodableContentIsReportedAndTheLinkStays_data()
{
    QTest::addColumn<QByteArray>("fault");
    QTest::addColumn<QString>("message"); // empty: the event decodes (harmlessly)

    const QByteArray laughs =
        "<?xml version=\"1.0\"?>\n<!DOCTYPE event [\n <!ENTITY a \"lollollollollollollollol\">\n"
        " <!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">\n <!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">\n"
        " <!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">\n <!ENTITY e \"&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;\">\n"
        " <!ENTITY f \"&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;\">\n <!ENTITY g \"&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;\">\n"
        " <!ENTITY h \"&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;\">\n <!ENTITY i \"&h;&h;&h;&h;&h;&h;&h;&h;&h;&h;\">\n]>\n";
    QTest::newRow("billion laughs")
        << xmlEvent("&i;", laughs)
        << u"xml event: Entity expands to more characters than the entity expansion limit."_s;
    // An external entity is never fetched: the reference stays unresolved, the value empty.
    QTest::newRow("external entity")
        << xmlEvent("&x;", "<?xml version=\"1.0\"?>\n<!DOCTYPE event [\n <!ENTITY x SYSTEM "
                           "\"file:///etc/passwd\">\n]>\n")
        << QString();
    QTest::newRow("100,000 nested json arrays")
        << frame("text/event-json", nested("[", "]", 100000))
        << u"json event: the body is not a JSON object"_s;
}

void TestHostile::undecodableContentIsReportedAndTheLinkStays()
{
    QFETCH(QByteArray, fault);
    QFETCH(QString, message);
    Rig rig;
    LOGIN(rig);
    QSignalSpy events(&rig.client, &InboundClient::eventReceived);
    rig.send(plainEvent("HEARTBEAT", 1));
    if (!message.isEmpty())
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"^undecodable event"_s));
    HeapPeak heap;
    const qint64 at = rig.send(fault);
    rig.send(plainEvent("HEARTBEAT", 2));
    QVERIFY(QTest::qWaitFor([&] { return rig.names.size() == (message.isEmpty() ? 3 : 2); }));
    QCOMPARE(rig.names.first(), u"HEARTBEAT"_s);
    QCOMPARE(rig.names.last(), u"HEARTBEAT"_s);
    if (message.isEmpty()) {
        QVERIFY(rig.errors.isEmpty());
        const auto event = events.at(1).at(0).value<Esl::Event>();
        QCOMPARE(event.name(), u"CUSTOM"_s);
        QCOMPARE(event.text("Payload"), QString());
    } else {
        QCOMPARE(rig.errors.size(), 1);
        QCOMPARE(rig.errors[0].code, Error::Code::Decode);
        QCOMPARE(rig.errors[0].message, message);
        QCOMPARE(rig.errors[0].offset, at);
    }
    QVERIFY(rig.client.isLive());
    QVERIFY2(heap.growth() < 32 * 1024 * 1024, qPrintable(QString::number(heap.growth())));
}

void TestHostile::aRudeRejectionFailsWithoutRetrying()
{
    Rig rig;
    rig.client.connectToServer();
    QVERIFY(rig.peer.waitForClient());
    rig.send(frame("text/rude-rejection", "Access Denied, go away.\n"));
    rig.peer.closeClient();
    QVERIFY(QTest::qWaitFor([&] { return rig.client.state() == InboundClient::State::Failed; }));
    QCOMPARE(rig.errors[0].code, Error::Code::Auth);
    QCOMPARE(rig.errors[0].message,
             u"the switch refused this client (ACL): Access Denied, go away."_s);
    QVERIFY(rig.peer.staysQuiet(300));
    QCOMPARE(rig.peer.connectionsAccepted(), 1);
}

void TestHostile::aBurstOfTwoMillionEventsIsDeliveredInBoundedMemory()
{
    // The socket's read buffer is bounded and the session reads in slices: however fast the
    // switch sends, the client holds a few megabytes, and it loses nothing.
    Rig rig;
    LOGIN(rig);
    HeapPeak heap;
    constexpr qint64 kEvents = 2'000'000;
    Flood flood(rig.peer.client(), repeated(plainEvent("HEARTBEAT", 7), kEvents, 2048));
    QVERIFY(rig.waitForEvents(kEvents, 240000));
    QCOMPARE(rig.eventCount, kEvents);
    QVERIFY(rig.errors.isEmpty());
    QVERIFY(rig.client.isLive());
    qInfo("2,000,000 events (%lld MB): %s grew by %lld KiB at most", flood.written() >> 20,
          heapMeasure(), heap.growth() / 1024);
    QVERIFY2(heap.growth() < 48 * 1024 * 1024, qPrintable(QString::number(heap.growth())));
}

QTEST_GUILESS_MAIN(TestHostile)
#include "tst_hostile.moc"
