// What Esl::Session reports that nobody asked for (log lines with their fields, auth requests,
// disconnect notices, rude rejections), and a whole real outbound conversation (outbound.esl
// against outbound.sent) replayed through a real QTcpServer, byte for byte both ways.

#include "esl/session/sessionharness.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QTcpServer>
#include <QTcpSocket>

using namespace SessionHarness;
using namespace TestSupport;
using namespace Qt::Literals::StringLiterals;
using Esl::ExecuteResult;
using Esl::Message;
using Esl::Reply;
using Esl::Session;

namespace {

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

class TestSessionEvents : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { verifyTheRealCapture(); }

    // Happy flows: the event path
    void deliversLogLinesWithTheirFields();
    void signalsAuthRequestDisconnectNoticeAndRudeRejection();
    void replaysAWholeRealOutboundCaptureThroughARealServer();
};

// ---------------------------------------------------------------------------------------------
// Happy flows: the event path

void TestSessionEvents::deliversLogLinesWithTheirFields()
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

void TestSessionEvents::signalsAuthRequestDisconnectNoticeAndRudeRejection()
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

void TestSessionEvents::replaysAWholeRealOutboundCaptureThroughARealServer()
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

QTEST_GUILESS_MAIN(TestSessionEvents)
#include "tst_session_events.moc"
