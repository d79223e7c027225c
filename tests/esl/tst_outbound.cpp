// The outbound socket, played from a real capture: a scripted switch connects to our
// OutboundServer and answers each command with the bytes FreeSWITCH 1.10.12 sent in
// tests/fixtures/outbound.esl, and the commands our side writes are compared with the ones the
// capture driver wrote (outbound.sent), Event-UUIDs swapped for the ones the client generated.
//
//     sw.expect(kConnect);              // C: the client must send
//     sw.send(capture.frame(...));      // S: the switch answers

#include "esl/outboundserver.h"
#include "support/fixtures.h"
#include "support/scriptedpeer.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>

using namespace Esl;
using TestSupport::ScriptedPeer;

namespace {

// The ids the capture driver used (see outbound.md).
constexpr QByteArrayView kChannel = "b77ae360-039c-48e4-bd1a-ca81f1b7f4f0";
constexpr QByteArrayView kAnswerId = "411a81ee-edf3-4dea-a2b7-5023c3624cbb";
constexpr QByteArrayView kPlaybackId = "44cc605e-93cf-4cab-b9d1-b781f57d03b7";
constexpr QByteArrayView kSetId = "25e74420-3351-45c7-9bbe-6bb0e068bd47";

// The 26 messages of outbound.esl, in order; initTestCase checks that they are what they say.
enum Frame {
    ConnectReply,
    MyeventsReply,
    LingerReply,
    AnswerAck,
    Park,
    AnswerExecute,
    ChannelAnswer,
    AnswerComplete,
    PlaybackAck,
    PlaybackExecute1,
    PlaybackComplete1,
    PlaybackExecute2,
    PlaybackComplete2,
    SetAck,
    SetExecute,
    SetComplete,
    UuidDump,
    HangupAck,
    ChannelHangup,
    Unpark,
    SocketComplete,
    ChannelState1,
    ChannelState2,
    HangupComplete,
    LingerNotice,
    DisconnectNotice,
    FrameCount
};

// What the capture driver sent, in order.
enum Sent {
    SentConnect,
    SentMyevents,
    SentLinger,
    SentAnswer,
    SentPlayback,
    SentSet,
    SentApi,
    SentHangup
};

struct Capture
{
    QByteArray bytes;
    QList<Message> messages;
    QList<QByteArray> sent;

    // The exact bytes of message `i`, with `from` replaced by `to` (same length: the
    // Content-Lengths stay right).
    [[nodiscard]] QByteArray frame(int i, QByteArrayView from = {}, QByteArrayView to = {}) const
    {
        const qint64 begin = messages.at(i).offset();
        const qint64 end = i + 1 < messages.size() ? messages.at(i + 1).offset() : bytes.size();
        QByteArray out = bytes.mid(begin, end - begin);
        if (!from.isEmpty()) {
            Q_ASSERT(from.size() == to.size());
            out.replace(from, to);
        }
        return out;
    }
    [[nodiscard]] QByteArray frames(int first, int last) const
    {
        QByteArray out;
        for (int i = first; i <= last; ++i)
            out += frame(i);
        return out;
    }
    // What the driver sent, with the capture's Event-UUID replaced by ours.
    [[nodiscard]] QByteArray sentWith(int i, QByteArrayView captureId, QByteArrayView ours) const
    {
        QByteArray out = sent.at(i);
        out.replace(captureId, ours);
        return out;
    }
};

QByteArray headerOf(const QByteArray &command, QByteArrayView name)
{
    for (const QByteArray &line : command.split('\n')) {
        if (line.startsWith(name.toByteArray() + ": "))
            return line.mid(name.size() + 2);
    }
    return {};
}

QByteArray eventMessage(const QList<std::pair<QByteArray, QByteArray>> &headers,
                        const QByteArray &body = {})
{
    HeaderList list;
    for (const auto &[name, value] : headers)
        list.append(name, value);
    return Event(list, body, !body.isEmpty()).toPlainMessage();
}

// How a session ended, noted as it finishes (it is deleted soon after). Must not outlive it
// unless it has finished.
struct Ending
{
    explicit Ending(OutboundSession *session)
    {
        QObject::connect(session, &OutboundSession::finished, session, [this, session] {
            ++count;
            error = session->error();
        });
    }
    int count = 0;
    std::optional<Error> error;
};

// The switch's side of one outbound connection: it connects to our server.
class FakeSwitch : public QObject
{
public:
    bool connectTo(quint16 port)
    {
        connect(&m_socket, &QTcpSocket::readyRead, this,
                [this] { m_received += m_socket.readAll(); });
        m_socket.connectToHost(QHostAddress::LocalHost, port);
        return m_socket.waitForConnected(5000);
    }
    void send(QByteArrayView bytes)
    {
        m_socket.write(bytes.data(), bytes.size());
        m_socket.flush();
    }
    bool expect(QByteArrayView bytes, int timeoutMs = 5000)
    {
        (void)QTest::qWaitFor([&] { return m_received.size() >= bytes.size(); }, timeoutMs);
        if (!m_received.startsWith(bytes)) {
            m_failure = QStringLiteral("expected the client to send\n  %1\nbut it sent\n  %2")
                            .arg(QString::fromUtf8(bytes.toByteArray().toPercentEncoding(" :-")),
                                 QString::fromUtf8(m_received.toPercentEncoding(" :-")));
            return false;
        }
        m_received.remove(0, bytes.size());
        return true;
    }
    // The next whole command (our commands carry no body).
    QByteArray nextCommand(int timeoutMs = 5000)
    {
        if (!QTest::qWaitFor([&] { return m_received.contains("\n\n"); }, timeoutMs)) {
            m_failure = QStringLiteral("no complete command (have \"%1\")")
                            .arg(QString::fromUtf8(m_received));
            return {};
        }
        const qsizetype end = m_received.indexOf("\n\n") + 2;
        const QByteArray command = m_received.left(end);
        m_received.remove(0, end);
        return command;
    }
    bool staysQuiet(int timeoutMs = 100)
    {
        QTest::qWait(timeoutMs);
        return m_received.isEmpty();
    }
    bool waitUntilClosed(int timeoutMs = 5000)
    {
        return QTest::qWaitFor(
            [this] { return m_socket.state() == QAbstractSocket::UnconnectedState; }, timeoutMs);
    }
    void close() { m_socket.disconnectFromHost(); }
    void abort() { m_socket.abort(); }
    [[nodiscard]] const QString &lastFailure() const { return m_failure; }
    [[nodiscard]] const QByteArray &unread() const { return m_received; }

private:
    QTcpSocket m_socket;
    QByteArray m_received;
    QString m_failure;
};

} // namespace

class TestOutbound : public QObject
{
    Q_OBJECT

private:
    Capture m_capture;

    // Connects `sw` to `server` and plays the set-up: connect, myevents, linger 5. `uuid`
    // replaces the capture's channel id, so several calls can be told apart.
    OutboundSession *handshake(OutboundServer &server, FakeSwitch &sw,
                               QByteArrayView uuid = kChannel)
    {
        QSignalSpy ready(&server, &OutboundServer::sessionReady);
        if (!sw.connectTo(server.serverPort()) || !sw.expect("connect\n\n"))
            return nullptr;
        sw.send(m_capture.frame(ConnectReply, kChannel, uuid));
        if (!sw.expect("myevents\n\n"))
            return nullptr;
        sw.send(m_capture.frame(MyeventsReply));
        if (!sw.expect("linger 5\n\n"))
            return nullptr;
        sw.send(m_capture.frame(LingerReply));
        if (!QTest::qWaitFor([&] { return ready.count() == 1; }))
            return nullptr;
        return ready.at(0).at(0).value<OutboundSession *>();
    }

private Q_SLOTS:
    void initTestCase();

    // happy flows
    void decodesTheChannelFromTheRealConnectReply();
    void sendsTheSetUpCommandsBeforeReady_data();
    void sendsTheSetUpCommandsBeforeReady();
    void playsTheRealCallFromConnectToExit();
    void holdsEventsFromTheSetUpUntilReady();
    void leavesOnlyAfterTheLingerNoticeAndTheHangupComplete_data();
    void leavesOnlyAfterTheLingerNoticeAndTheHangupComplete();
    void waitsForWorkInFlightBeforeLeaving();
    void endsOnTheDisconnectNoticeWithoutLinger_data();
    void endsOnTheDisconnectNoticeWithoutLinger();
    void keepsConcurrentCallsIndependent();

    // rainy days
    void failsWhenConnectFails_data();
    void failsWhenConnectFails();
    void failsTheExecutionWhenTheSocketClosesMidExecute_data();
    void failsTheExecutionWhenTheSocketClosesMidExecute();
    void givesUpOnWorkThatNeverEnds();
    void refusesCommandsOnceFinished();
    void failsPendingWorkWhenTheServerIsDestroyed();
};

void TestOutbound::initTestCase()
{
    m_capture.bytes = TestSupport::readFixture(QStringLiteral("outbound"), QStringLiteral(".esl"));
    m_capture.messages = TestSupport::parseAll(m_capture.bytes);
    QCOMPARE(m_capture.messages.size(), int(FrameCount));

    const QList<QByteArray> lines =
        TestSupport::readFixture(QStringLiteral("outbound"), QStringLiteral(".sent")).split('\n');
    for (const QByteArray &line : lines) {
        const qsizetype at = line.indexOf(" SEND ");
        if (at < 0 || line.startsWith('#'))
            continue;
        const QJsonDocument doc = QJsonDocument::fromJson("[" + line.mid(at + 6) + "]");
        m_capture.sent.append(doc.array().at(0).toString().toUtf8());
    }
    QCOMPARE(m_capture.sent.size(), 8);
    QCOMPARE(m_capture.sent.at(SentLinger), QByteArray("linger 5\n\n"));

    // The enum names the frames right.
    auto eventName = [&](int i) {
        return Event::fromMessage(m_capture.messages.at(i))->text("Event-Name");
    };
    QCOMPARE(m_capture.messages.at(ConnectReply).header("Reply-Text"), QByteArrayView("+OK\n"));
    QCOMPARE(m_capture.messages.at(UuidDump).contentType(), ContentType::ApiResponse);
    QCOMPARE(eventName(Park), QStringLiteral("CHANNEL_PARK"));
    QCOMPARE(eventName(AnswerComplete), QStringLiteral("CHANNEL_EXECUTE_COMPLETE"));
    QCOMPARE(eventName(PlaybackComplete2), QStringLiteral("CHANNEL_EXECUTE_COMPLETE"));
    QCOMPARE(eventName(SetComplete), QStringLiteral("CHANNEL_EXECUTE_COMPLETE"));
    QCOMPARE(eventName(HangupComplete), QStringLiteral("CHANNEL_HANGUP_COMPLETE"));
    QCOMPARE(m_capture.messages.at(LingerNotice).header("Content-Disposition"),
             QByteArrayView("linger"));
    QCOMPARE(m_capture.messages.at(DisconnectNotice).header("Content-Disposition"),
             QByteArrayView("disconnect"));
}

void TestOutbound::decodesTheChannelFromTheRealConnectReply()
{
    OutboundServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    QVERIFY(server.serverPort() != 0);
    FakeSwitch sw;
    OutboundSession *session = handshake(server, sw);
    QVERIFY2(session, qPrintable(sw.lastFailure()));

    const Event &channel = session->channelData();
    QCOMPARE(channel.uniqueId(), QString::fromUtf8(kChannel));
    QCOMPARE(session->uniqueId(), QString::fromUtf8(kChannel));
    QCOMPARE(session->session()->channelUuid(), QString::fromUtf8(kChannel));
    QCOMPARE(channel.text("Reply-Text"), QStringLiteral("+OK\n"));
    QCOMPARE(channel.text("Event-Name"), QStringLiteral("CHANNEL_DATA"));
    QCOMPARE(channel.text("Channel-Name"), QStringLiteral("loopback/5555-b"));
    QCOMPARE(channel.text("Answer-State"), QStringLiteral("ringing"));
    QCOMPARE(channel.text("Caller-Caller-ID-Name"), QStringLiteral("Outbound"));
    QCOMPARE(channel.text("Caller-Caller-ID-Number"), QStringLiteral("5000"));
    QCOMPARE(channel.text("Caller-Callee-ID-Name"), QStringLiteral("Outbound Call"));
    QCOMPARE(channel.text("Caller-Destination-Number"), QStringLiteral("5555"));
    QCOMPARE(channel.variable("current_application_data"),
             QStringLiteral("127.0.0.1:8084 async full"));
    QCOMPARE(channel.variable("origination_uuid"),
             QStringLiteral("04eff093-c07d-43d5-ad9c-a03432714aae"));
    QCOMPARE(channel.text("Socket-Mode"), QStringLiteral("async"));
    QVERIFY(session->hasFullControl());
    QVERIFY(session->isLingering());
    QCOMPARE(session->state(), OutboundSession::State::Ready);
    QCOMPARE(server.sessions(), QList<OutboundSession *>{session});
}

void TestOutbound::sendsTheSetUpCommandsBeforeReady_data()
{
    QTest::addColumn<bool>("myEvents");
    QTest::addColumn<bool>("linger");
    QTest::addColumn<int>("lingerSeconds");
    QTest::addColumn<QByteArrayList>("commands");

    QTest::newRow("as in the capture")
        << true << true << 5 << QByteArrayList{"connect\n\n", "myevents\n\n", "linger 5\n\n"};
    QTest::newRow("linger 30") << true << true << 30
                               << QByteArrayList{"connect\n\n", "myevents\n\n", "linger 30\n\n"};
    QTest::newRow("linger until exit")
        << true << true << 0 << QByteArrayList{"connect\n\n", "myevents\n\n", "linger\n\n"};
    QTest::newRow("no linger") << true << false << 5
                               << QByteArrayList{"connect\n\n", "myevents\n\n"};
    QTest::newRow("no myevents") << false << true << 5
                                 << QByteArrayList{"connect\n\n", "linger 5\n\n"};
}

void TestOutbound::sendsTheSetUpCommandsBeforeReady()
{
    QFETCH(bool, myEvents);
    QFETCH(bool, linger);
    QFETCH(int, lingerSeconds);
    QFETCH(QByteArrayList, commands);

    OutboundOptions options;
    options.myEvents = myEvents;
    options.linger = linger;
    options.lingerSeconds = lingerSeconds;
    OutboundServer server(options);
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    QSignalSpy started(&server, &OutboundServer::sessionStarted);
    QSignalSpy ready(&server, &OutboundServer::sessionReady);
    FakeSwitch sw;
    QVERIFY(sw.connectTo(server.serverPort()));

    for (qsizetype i = 0; i < commands.size(); ++i) {
        QVERIFY2(sw.expect(commands.at(i)), qPrintable(sw.lastFailure()));
        QCOMPARE(ready.count(), 0); // not before every set-up command is answered
        const QByteArray command = commands.at(i);
        sw.send(m_capture.frame(command.startsWith("connect")    ? ConnectReply
                                : command.startsWith("myevents") ? MyeventsReply
                                                                 : LingerReply));
    }
    QTRY_COMPARE(ready.count(), 1);
    QCOMPARE(started.count(), 1);
    auto *session = ready.at(0).at(0).value<OutboundSession *>();
    QCOMPARE(started.at(0).at(0).value<OutboundSession *>(), session);
    QCOMPARE(session->isLingering(), linger);
    QVERIFY(sw.staysQuiet());
}

void TestOutbound::playsTheRealCallFromConnectToExit()
{
    OutboundServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    QSignalSpy serverFinished(&server, &OutboundServer::sessionFinished);
    FakeSwitch sw;
    QVERIFY(sw.connectTo(server.serverPort()));

    // C: connect / S: the channel; C: myevents; C: linger 5 — byte for byte what the driver sent.
    QVERIFY2(sw.expect(m_capture.sent.at(SentConnect)), qPrintable(sw.lastFailure()));
    sw.send(m_capture.frame(ConnectReply));
    QVERIFY2(sw.expect(m_capture.sent.at(SentMyevents)), qPrintable(sw.lastFailure()));
    sw.send(m_capture.frame(MyeventsReply));
    QVERIFY2(sw.expect(m_capture.sent.at(SentLinger)), qPrintable(sw.lastFailure()));
    QSignalSpy ready(&server, &OutboundServer::sessionReady);
    sw.send(m_capture.frame(LingerReply));
    QTRY_COMPARE(ready.count(), 1);
    QPointer<OutboundSession> session = ready.at(0).at(0).value<OutboundSession *>();
    QSignalSpy events(session.data(), &OutboundSession::eventReceived);
    QSignalSpy notices(session.data(), &OutboundSession::disconnectNoticeReceived);
    Ending ending(session.data());
    QSignalSpy errors(session.data(), &OutboundSession::errorOccurred);

    // answer
    QFuture<ExecuteResult> answer = session->execute(QStringLiteral("answer"));
    QByteArray command = sw.nextCommand();
    const QByteArray answerId = headerOf(command, "Event-UUID");
    QCOMPARE(answerId.size(), kAnswerId.size());
    QCOMPARE(command, m_capture.sentWith(SentAnswer, kAnswerId, answerId));
    sw.send(m_capture.frames(AnswerAck, Park));
    sw.send(m_capture.frame(AnswerExecute, kAnswerId, answerId));
    sw.send(m_capture.frame(ChannelAnswer));
    sw.send(m_capture.frame(AnswerComplete, kAnswerId, answerId));
    QTRY_VERIFY(answer.isFinished());
    QVERIFY2(answer.result().ok(), qPrintable(answer.result().errorText()));
    QCOMPARE(answer.result().applicationResponse(), QStringLiteral("_none_"));

    // playback with loops: 2 resolves on the second completion, not the first
    ExecuteOptions twice;
    twice.loops = 2;
    QFuture<ExecuteResult> playback = session->execute(
        QStringLiteral("playback"), QStringLiteral("tone_stream://%(500,0,440)"), twice);
    command = sw.nextCommand();
    const QByteArray playbackId = headerOf(command, "Event-UUID");
    QCOMPARE(command, m_capture.sentWith(SentPlayback, kPlaybackId, playbackId));
    const qsizetype before = events.count();
    sw.send(m_capture.frame(PlaybackAck));
    sw.send(m_capture.frame(PlaybackExecute1, kPlaybackId, playbackId));
    sw.send(m_capture.frame(PlaybackComplete1, kPlaybackId, playbackId));
    QTRY_COMPARE(events.count(), before + 2);
    QVERIFY(!playback.isFinished());
    sw.send(m_capture.frame(PlaybackExecute2, kPlaybackId, playbackId));
    sw.send(m_capture.frame(PlaybackComplete2, kPlaybackId, playbackId));
    QTRY_VERIFY(playback.isFinished());
    QVERIFY2(playback.result().ok(), qPrintable(playback.result().errorText()));
    QCOMPARE(playback.result().completions().size(), 2);
    QCOMPARE(playback.result().applicationResponse(), QStringLiteral("FILE PLAYED"));

    // set foo=bar
    QFuture<ExecuteResult> set = session->execute(QStringLiteral("set"), QStringLiteral("foo=bar"));
    command = sw.nextCommand();
    const QByteArray setId = headerOf(command, "Event-UUID");
    QCOMPARE(command, m_capture.sentWith(SentSet, kSetId, setId));
    sw.send(m_capture.frame(SetAck));
    sw.send(m_capture.frame(SetExecute, kSetId, setId));
    sw.send(m_capture.frame(SetComplete, kSetId, setId));
    QTRY_VERIFY(set.isFinished());
    QVERIFY(set.result().ok());

    // api on the outbound socket
    QFuture<Reply> dump =
        session->api(QStringLiteral("uuid_dump %1").arg(QString::fromUtf8(kChannel)));
    QVERIFY2(sw.expect(m_capture.sent.at(SentApi)), qPrintable(sw.lastFailure()));
    sw.send(m_capture.frame(UuidDump));
    QTRY_VERIFY(dump.isFinished());
    QVERIFY(dump.result().ok());
    QVERIFY(dump.result().body().startsWith("Event-Name: CHANNEL_DATA\n"));
    QVERIFY(dump.result().text().contains(
        QStringLiteral("Unique-ID: %1").arg(QString::fromUtf8(kChannel))));

    // hangup, then the channel's last events and the linger notice
    QFuture<Reply> hangup = session->hangup();
    QVERIFY2(sw.expect(m_capture.sent.at(SentHangup)), qPrintable(sw.lastFailure()));
    sw.send(m_capture.frame(HangupAck));
    QTRY_VERIFY(hangup.isFinished());
    QVERIFY(hangup.result().ok());
    sw.send(m_capture.frames(ChannelHangup, HangupComplete));
    QTRY_COMPARE(events.count(), 16);
    QVERIFY(sw.staysQuiet()); // no exit before the linger notice
    QCOMPARE(session->state(), OutboundSession::State::Ready);
    sw.send(m_capture.frame(LingerNotice));

    // C: exit / S: +OK bye — then the session closes, finishes once and goes away.
    QVERIFY2(sw.expect("exit\n\n"), qPrintable(sw.lastFailure()));
    QCOMPARE(ending.count, 0);
    sw.send(ScriptedPeer::reply("+OK bye"));
    QTRY_COMPARE(ending.count, 1);
    QVERIFY(sw.waitUntilClosed());
    QCOMPARE(notices.count(), 1);
    QCOMPARE(errors.count(), 0);
    QCOMPARE(serverFinished.count(), 1);
    QTRY_VERIFY(session.isNull()); // deleted later
    QCOMPARE(ending.count, 1);
    QVERIFY(server.sessions().isEmpty());
}

void TestOutbound::holdsEventsFromTheSetUpUntilReady()
{
    OutboundServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    QStringList log;
    connect(&server, &OutboundServer::sessionReady, this, [&](OutboundSession *session) {
        log.append(QStringLiteral("ready"));
        connect(session, &OutboundSession::eventReceived, this,
                [&](const Event &event) { log.append(event.text("Event-Name")); });
    });
    FakeSwitch sw;
    QVERIFY(sw.connectTo(server.serverPort()));
    QVERIFY(sw.expect("connect\n\n"));
    sw.send(m_capture.frame(ConnectReply));
    QVERIFY(sw.expect("myevents\n\nlinger 5\n\n"));
    // The channel parks while the set-up replies are still on their way.
    sw.send(m_capture.frame(MyeventsReply) + m_capture.frame(Park) + m_capture.frame(LingerReply));
    QTRY_COMPARE(log, (QStringList{QStringLiteral("ready"), QStringLiteral("CHANNEL_PARK")}));
}

void TestOutbound::leavesOnlyAfterTheLingerNoticeAndTheHangupComplete_data()
{
    QTest::addColumn<int>("first");
    QTest::addColumn<int>("second");
    QTest::newRow("hangup complete, then the notice (as the switch does)")
        << int(HangupComplete) << int(LingerNotice);
    QTest::newRow("the notice, then hangup complete") << int(LingerNotice) << int(HangupComplete);
}

void TestOutbound::leavesOnlyAfterTheLingerNoticeAndTheHangupComplete()
{
    QFETCH(int, first);
    QFETCH(int, second);

    OutboundServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    FakeSwitch sw;
    QPointer<OutboundSession> session = handshake(server, sw);
    QVERIFY2(session, qPrintable(sw.lastFailure()));
    QSignalSpy events(session.data(), &OutboundSession::eventReceived);
    QSignalSpy notices(session.data(), &OutboundSession::disconnectNoticeReceived);
    Ending ending(session.data());

    sw.send(m_capture.frame(first));
    QTRY_COMPARE(events.count() + notices.count(), 1);
    QVERIFY(sw.staysQuiet());
    QCOMPARE(session->state(), OutboundSession::State::Ready);
    QCOMPARE(ending.count, 0);

    sw.send(m_capture.frame(second));
    QVERIFY2(sw.expect("exit\n\n"), qPrintable(sw.lastFailure()));
    sw.send(ScriptedPeer::reply("+OK bye") + m_capture.frame(DisconnectNotice));
    QTRY_COMPARE(ending.count, 1);
    QVERIFY(!ending.error);
    QVERIFY(sw.waitUntilClosed());
    QTRY_VERIFY(session.isNull());
    QCOMPARE(ending.count, 1);
}

void TestOutbound::waitsForWorkInFlightBeforeLeaving()
{
    OutboundServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    FakeSwitch sw;
    QPointer<OutboundSession> session = handshake(server, sw);
    QVERIFY2(session, qPrintable(sw.lastFailure()));
    QSignalSpy notices(session.data(), &OutboundSession::disconnectNoticeReceived);
    Ending ending(session.data());

    // A bgapi whose job is still running, and a playback, when the caller hangs up. When the
    // job ends, user code asks one more question: the session waits for that answer too.
    QFuture<Reply> followUp;
    QFuture<void> chain =
        session->bgapi(QStringLiteral("status")).then(session.data(), [&](const JobResult &) {
            followUp = session->api(QStringLiteral("uuid_exists x"));
        });
    const QByteArray bgapi = sw.nextCommand();
    const QByteArray jobId = headerOf(bgapi, "Job-UUID");
    QCOMPARE(bgapi, "bgapi status\nJob-UUID: " + jobId + "\n\n");
    sw.send(ScriptedPeer::reply("+OK Job-UUID: " + jobId, "Job-UUID: " + jobId + "\n"));

    QFuture<ExecuteResult> playback =
        session->execute(QStringLiteral("playback"), QStringLiteral("tone_stream://%(500,0,440)"));
    QVERIFY(headerOf(sw.nextCommand(), "execute-app-name") == "playback");
    sw.send(ScriptedPeer::reply("+OK"));

    sw.send(m_capture.frame(HangupComplete) + m_capture.frame(LingerNotice));
    QTRY_COMPARE(notices.count(), 1);
    // The hangup ended the playback; the job is still out.
    QVERIFY(playback.isFinished());
    QCOMPARE(playback.result().error()->code, Error::Code::Disconnected);
    QVERIFY(sw.staysQuiet());
    QCOMPARE(session->state(), OutboundSession::State::Draining);

    sw.send(eventMessage(
        {{"Event-Name", "BACKGROUND_JOB"}, {"Job-UUID", jobId}, {"Job-Command", "status"}},
        "UP 0 years, 0 days\n"));
    QCOMPARE(sw.nextCommand(), QByteArray("api uuid_exists x\n\n"));
    QVERIFY(sw.staysQuiet());
    QCOMPARE(ending.count, 0);
    sw.send(ScriptedPeer::apiResponse("false"));
    QVERIFY2(sw.expect("exit\n\n"), qPrintable(sw.lastFailure()));
    QVERIFY(followUp.isFinished());
    QCOMPARE(followUp.result().text(), QStringLiteral("false"));
    sw.send(ScriptedPeer::reply("+OK bye"));
    QTRY_COMPARE(ending.count, 1);
    QVERIFY(chain.isFinished());
}

void TestOutbound::endsOnTheDisconnectNoticeWithoutLinger_data()
{
    QTest::addColumn<bool>("askToLinger");
    QTest::newRow("linger off") << false;
    QTest::newRow("linger refused (socket without full)") << true;
}

void TestOutbound::endsOnTheDisconnectNoticeWithoutLinger()
{
    QFETCH(bool, askToLinger);

    OutboundOptions options;
    options.linger = askToLinger;
    OutboundServer server(options);
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    QSignalSpy ready(&server, &OutboundServer::sessionReady);
    FakeSwitch sw;
    QVERIFY(sw.connectTo(server.serverPort()));
    QVERIFY(sw.expect("connect\n\n"));
    sw.send(m_capture.frame(ConnectReply));
    QVERIFY(sw.expect("myevents\n\n"));
    sw.send(m_capture.frame(MyeventsReply));
    if (askToLinger) {
        QVERIFY(sw.expect("linger 5\n\n"));
        sw.send(ScriptedPeer::reply("-ERR command not found"));
    }
    QTRY_COMPARE(ready.count(), 1);
    QPointer<OutboundSession> session = ready.at(0).at(0).value<OutboundSession *>();
    QVERIFY(!session->isLingering());
    QSignalSpy events(session.data(), &OutboundSession::eventReceived);
    Ending ending(session.data());

    sw.send(m_capture.frame(HangupComplete));
    QTRY_COMPARE(events.count(), 1);
    QVERIFY(sw.staysQuiet());
    QCOMPARE(ending.count, 0);

    // The switch says goodbye and closes; no exit is needed.
    sw.send(m_capture.frame(DisconnectNotice));
    QTRY_COMPARE(ending.count, 1);
    QVERIFY(!ending.error);
    QVERIFY(sw.waitUntilClosed());
    QVERIFY(sw.unread().isEmpty());
}

void TestOutbound::keepsConcurrentCallsIndependent()
{
    OutboundServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    const QList<QByteArray> uuids{"00000000-0000-4000-8000-000000000001",
                                  "00000000-0000-4000-8000-000000000002",
                                  "00000000-0000-4000-8000-000000000003"};
    FakeSwitch sw[3];
    for (FakeSwitch &s : sw)
        QVERIFY(s.connectTo(server.serverPort()));
    QTRY_COMPARE(server.sessions().size(), 3);
    QPointer<OutboundSession> session[3];
    for (int i = 0; i < 3; ++i) {
        QVERIFY(sw[i].expect("connect\n\n"));
        sw[i].send(m_capture.frame(ConnectReply, kChannel, uuids[i]));
    }
    QSignalSpy ready(&server, &OutboundServer::sessionReady);
    for (int i = 2; i >= 0; --i) {
        QVERIFY(sw[i].expect("myevents\n\nlinger 5\n\n"));
        sw[i].send(m_capture.frames(MyeventsReply, LingerReply));
    }
    QTRY_COMPARE(ready.count(), 3);
    for (const QList<QVariant> &args : std::as_const(ready)) {
        auto *s = args.at(0).value<OutboundSession *>();
        session[uuids.indexOf(s->uniqueId().toUtf8())] = s;
    }
    for (int i = 0; i < 3; ++i) {
        QVERIFY(session[i]);
        QCOMPARE(session[i]->channelData().variable("uuid"), QString::fromUtf8(uuids[i]));
    }

    // Each answers; the switches reply in reverse order.
    QFuture<ExecuteResult> answers[3];
    QByteArray ids[3];
    for (int i = 0; i < 3; ++i) {
        answers[i] = session[i]->execute(QStringLiteral("answer"));
        ids[i] = headerOf(sw[i].nextCommand(), "Event-UUID");
    }
    for (int i = 2; i >= 0; --i) {
        sw[i].send(m_capture.frame(AnswerAck));
        sw[i].send(m_capture.frame(AnswerComplete, kAnswerId, ids[i]).replace(kChannel, uuids[i]));
        QTRY_VERIFY(answers[i].isFinished());
        QVERIFY(answers[i].result().ok());
        QCOMPARE(answers[i].result().completions().at(0).uniqueId(), QString::fromUtf8(uuids[i]));
        for (int j = 0; j < i; ++j)
            QVERIFY(!answers[j].isFinished());
    }

    // Call 1 ends normally, call 2's switch drops mid-playback; call 0 goes on.
    QFuture<ExecuteResult> playback2 =
        session[2]->execute(QStringLiteral("playback"), QStringLiteral("x"));
    QVERIFY(!sw[2].nextCommand().isEmpty());
    sw[1].send(m_capture.frames(HangupComplete, LingerNotice).replace(kChannel, uuids[1]));
    QVERIFY(sw[1].expect("exit\n\n"));
    sw[1].send(ScriptedPeer::reply("+OK bye"));
    sw[2].abort();
    QTRY_VERIFY(playback2.isFinished());
    QVERIFY(playback2.result().error());
    QTRY_VERIFY(session[1].isNull() && session[2].isNull());
    QVERIFY(session[0]);
    QCOMPARE(session[0]->state(), OutboundSession::State::Ready);
    QCOMPARE(server.sessions(), QList<OutboundSession *>{session[0].data()});

    QFuture<Reply> api =
        session[0]->api(QStringLiteral("uuid_exists ") + QString::fromUtf8(uuids[0]));
    QCOMPARE(sw[0].nextCommand(), "api uuid_exists " + uuids[0] + "\n\n");
    sw[0].send(ScriptedPeer::apiResponse("true"));
    QTRY_VERIFY(api.isFinished());
    QCOMPARE(api.result().text(), QStringLiteral("true"));
}

void TestOutbound::failsWhenConnectFails_data()
{
    QTest::addColumn<QByteArray>("answer"); // what the switch sends after `connect`
    QTest::addColumn<bool>("close");        // then closes the connection
    QTest::addColumn<int>("code");

    QTest::newRow("-ERR") << ScriptedPeer::reply("-ERR no session") << false
                          << int(Error::Code::Transport);
    QTest::newRow("closed before the reply")
        << QByteArray() << true << int(Error::Code::Disconnected);
    QTest::newRow("no reply at all") << QByteArray() << false << int(Error::Code::Timeout);
    QTest::newRow("no channel in the reply")
        << ScriptedPeer::reply("+OK") << false << int(Error::Code::Decode);
}

void TestOutbound::failsWhenConnectFails()
{
    QFETCH(QByteArray, answer);
    QFETCH(bool, close);
    QFETCH(int, code);

    OutboundOptions options;
    options.connectTimeoutMs = 300;
    OutboundServer server(options);
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    QSignalSpy started(&server, &OutboundServer::sessionStarted);
    QSignalSpy ready(&server, &OutboundServer::sessionReady);
    QSignalSpy failed(&server, &OutboundServer::sessionFailed);
    QSignalSpy serverFinished(&server, &OutboundServer::sessionFinished);
    QList<Error> errors;
    int finished = 0;
    connect(&server, &OutboundServer::sessionStarted, this, [&](OutboundSession *session) {
        connect(session, &OutboundSession::errorOccurred, this,
                [&](const Error &error) { errors.append(error); });
        connect(session, &OutboundSession::finished, this, [&] { ++finished; });
    });
    FakeSwitch sw;
    QVERIFY(sw.connectTo(server.serverPort()));
    QVERIFY(sw.expect("connect\n\n"));
    if (!answer.isEmpty())
        sw.send(answer);
    if (close)
        sw.close();

    QTRY_COMPARE(failed.count(), 1);
    QCOMPARE(failed.at(0).at(1).value<Error>().code, Error::Code(code));
    QCOMPARE(errors.size(), 1);
    QCOMPARE(int(errors.at(0).code), code);
    if (answer.startsWith("Content-Type: command/reply\nReply-Text: -ERR"))
        QVERIFY2(errors.at(0).message.contains(QStringLiteral("-ERR no session")),
                 qPrintable(errors.at(0).message));
    QCOMPARE(finished, 1);
    QCOMPARE(serverFinished.count(), 1);
    QCOMPARE(ready.count(), 0);
    QVERIFY(sw.waitUntilClosed());
    QVERIFY(sw.unread().isEmpty()); // no myevents, no linger
    QTRY_VERIFY(server.sessions().isEmpty());
    QCOMPARE(started.count(), 1);
}

void TestOutbound::failsTheExecutionWhenTheSocketClosesMidExecute_data()
{
    QTest::addColumn<bool>("reset");
    QTest::newRow("orderly close") << false;
    QTest::newRow("reset") << true;
}

void TestOutbound::failsTheExecutionWhenTheSocketClosesMidExecute()
{
    QFETCH(bool, reset);

    OutboundServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    FakeSwitch sw;
    QPointer<OutboundSession> session = handshake(server, sw);
    QVERIFY2(session, qPrintable(sw.lastFailure()));
    Ending ending(session.data());
    QList<Error> errors;
    connect(session, &OutboundSession::errorOccurred, this,
            [&](const Error &error) { errors.append(error); });

    QFuture<ExecuteResult> playback =
        session->execute(QStringLiteral("playback"), QStringLiteral("tone_stream://%(500,0,440)"));
    const QByteArray id = headerOf(sw.nextCommand(), "Event-UUID");
    sw.send(m_capture.frame(PlaybackAck) + m_capture.frame(PlaybackExecute1, kPlaybackId, id));
    if (reset)
        sw.abort();
    else
        sw.close();

    QTRY_VERIFY(playback.isFinished());
    QVERIFY(!playback.isCanceled());
    QVERIFY(playback.result().error());
    QVERIFY(!playback.result().ok());
    QTRY_COMPARE(ending.count, 1);
    QCOMPARE(errors.size(), 1); // the connection went before the call ended
    QVERIFY(ending.error);
    QTRY_VERIFY(session.isNull());
    QCOMPARE(ending.count, 1);
}

void TestOutbound::givesUpOnWorkThatNeverEnds()
{
    OutboundOptions options;
    options.drainTimeoutMs = 200;
    OutboundServer server(options);
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    FakeSwitch sw;
    QPointer<OutboundSession> session = handshake(server, sw);
    QVERIFY2(session, qPrintable(sw.lastFailure()));
    Ending ending(session.data());

    // The job's BACKGROUND_JOB never comes, and the switch lingers on.
    QFuture<JobResult> job = session->bgapi(QStringLiteral("status"));
    const QByteArray jobId = headerOf(sw.nextCommand(), "Job-UUID");
    sw.send(ScriptedPeer::reply("+OK Job-UUID: " + jobId, "Job-UUID: " + jobId + "\n"));
    sw.send(m_capture.frame(HangupComplete) + m_capture.frame(LingerNotice));

    QTRY_COMPARE(ending.count, 1);
    QVERIFY(ending.error);
    QCOMPARE(ending.error->code, Error::Code::Timeout);
    QVERIFY(job.isFinished() && !job.isCanceled());
    QCOMPARE(job.result().error()->code, Error::Code::Timeout);
    QVERIFY(sw.waitUntilClosed());
}

void TestOutbound::refusesCommandsOnceFinished()
{
    OutboundServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    FakeSwitch sw;
    OutboundSession *session = handshake(server, sw);
    QVERIFY2(session, qPrintable(sw.lastFailure()));
    QFuture<Reply> late;
    connect(session, &OutboundSession::finished, this,
            [&] { late = session->api(QStringLiteral("status")); });
    session->close();
    QVERIFY(late.isFinished());
    QCOMPARE(late.result().error()->code, Error::Code::Disconnected);
    QVERIFY(sw.waitUntilClosed());
    QVERIFY(sw.unread().isEmpty());
}

void TestOutbound::failsPendingWorkWhenTheServerIsDestroyed()
{
    auto server = std::make_unique<OutboundServer>();
    QVERIFY(server->listen(QHostAddress::LocalHost, 0));
    FakeSwitch sw;
    OutboundSession *session = handshake(*server, sw);
    QVERIFY2(session, qPrintable(sw.lastFailure()));
    QFuture<ExecuteResult> answer = session->execute(QStringLiteral("answer"));
    QFuture<Reply> api = session->api(QStringLiteral("status"));
    server.reset();
    QVERIFY(answer.isFinished() && !answer.isCanceled());
    QCOMPARE(answer.result().error()->code, Error::Code::Disconnected);
    QVERIFY(api.isFinished() && !api.isCanceled());
    QVERIFY(api.result().error());
    QVERIFY(sw.waitUntilClosed());
}

QTEST_GUILESS_MAIN(TestOutbound)
#include "tst_outbound.moc"
