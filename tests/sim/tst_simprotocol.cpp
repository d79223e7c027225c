// The simulated switch's Event Socket held to the real one: a raw client replays what the
// client sent in a capture (tests/fixtures/NAME.sent) and the simulator must answer as
// FreeSWITCH 1.10.12 did (NAME.esl) — the same content types in the same order, the same header
// names in the same order, the same reply texts; where nothing depends on the switch's state,
// the same bytes.

#include "simclient.h"
#include "support/fixtures.h"

#include "esl/wire/writer.h"
#include "sim/eventsocketserver.h"

#include <QSignalSpy>
#include <QTest>

using namespace SimTest;

namespace {

// Commands whose reply depends on the protocol alone, not on calls in the switch.
bool isProtocolOnly(const SentCommand &command)
{
    static const QList<QByteArray> verbs = {"auth",      "event",  "bgapi",    "log",      "nolog",
                                            "nosuchcmd", "filter", "nixevent", "noevents", "exit"};
    const QByteArray line = command.firstLine();
    return verbs.contains(line.split(' ').first()) || line == "api nosuchcommand";
}

void compareReply(const Esl::Message &actual, const Esl::Message &expected, const QByteArray &what)
{
    QVERIFY2(actual.headers() == expected.headers(),
             what + "\n  got:      " + describe(actual.headers()) +
                 "\n  expected: " + describe(expected.headers()));
    QCOMPARE(actual.hasBody(), expected.hasBody());
    QCOMPARE(actual.body(), expected.body());
}

} // namespace

class TstSimProtocol : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void authFailMatchesTheCaptureByteForByte();
    void repliesMatchTheCapture_data();
    void repliesMatchTheCapture();
    void outboundConversationMatchesTheCapture();
    void anOutboundSocketControlsItsChannelToTheEnd();
    void exitSaysByeThenGoodbyeAndCloses();
    void bgapiAnswersWithTheJobUuid();
    void refusesWhatItDoesNotKnow_data();
    void refusesWhatItDoesNotKnow();
    void acceptsOnlyAuthBeforeAuthentication();
    void aBlankLineInsideACommandMakesTwoCommands();
};

void TstSimProtocol::authFailMatchesTheCaptureByteForByte()
{
    Sim::Switch sw(Sim::SwitchConfig{.initialCalls = 0});
    Sim::EventSocketServer server(&sw);
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    RawClient client;
    QVERIFY(client.connectTo(server.serverPort()));
    const QList<SentCommand> sent = readSent(QStringLiteral("auth-fail"));
    QCOMPARE(sent.size(), 1);

    QVERIFY(client.next());
    client.send(sent[0].bytes);
    QVERIFY(client.waitForClose());
    QCOMPARE(client.received(),
             TestSupport::readFixture(QStringLiteral("auth-fail"), QStringLiteral(".esl")));
    QCOMPARE(server.stats().accepted, 1);
}

void TstSimProtocol::repliesMatchTheCapture_data()
{
    QTest::addColumn<QString>("scenario");
    for (const char *scenario :
         {"inbound-plain", "inbound-json", "inbound-xml", "conference-maintenance", "api-bodies"})
        QTest::newRow(scenario) << QString::fromLatin1(scenario);
}

void TstSimProtocol::repliesMatchTheCapture()
{
    QFETCH(QString, scenario);
    const QByteArray capture = TestSupport::readFixture(scenario, QStringLiteral(".esl"));
    const QList<Esl::Message> captured = TestSupport::parseAll(capture);
    const QList<Esl::Message> expectedReplies = replies(captured);
    const QList<SentCommand> sent = readSent(scenario);
    QCOMPARE(expectedReplies.size(), sent.size()); // replies are FIFO: one per command

    Sim::Switch sw(Sim::SwitchConfig{.initialCalls = 0});
    Sim::EventSocketServer server(&sw);
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    RawClient client;
    QVERIFY(client.connectTo(server.serverPort()));
    const std::optional<Esl::Message> greeting = client.next();
    QVERIFY(greeting);
    compareReply(*greeting, captured.first(), "auth/request");

    // Every command is replayed; a reply must have the captured structure (content type,
    // header names in order), and where the protocol alone decides it, the captured values.
    int exact = 0;
    for (qsizetype i = 0; i < sent.size(); ++i) {
        client.send(sent[i].bytes);
        const std::optional<Esl::Message> reply = client.nextReply();
        QVERIFY2(reply, sent[i].firstLine().constData());
        const Esl::Message &expected = expectedReplies[i];
        if (isProtocolOnly(sent[i])) {
            compareReply(*reply, expected, sent[i].firstLine());
            ++exact;
        } else {
            QCOMPARE(reply->contentType(), expected.contentType());
            QCOMPARE(reply->headers().size(), expected.headers().size());
            for (qsizetype h = 0; h < expected.headers().size(); ++h)
                QCOMPARE(reply->headers().name(h), expected.headers().name(h));
        }
        if (QTest::currentTestFailed())
            return;
    }
    QVERIFY(exact >= 2);

    // The last command was exit: +OK bye, the goodbye notice, and the switch closes.
    QVERIFY(client.waitForClose());
    const Esl::Message &bye = expectedReplies.last();
    QCOMPARE(bye.header("Reply-Text"), QByteArrayView("+OK bye"));
    QVERIFY(client.received().endsWith(capture.mid(bye.offset())));
}

void TstSimProtocol::outboundConversationMatchesTheCapture()
{
    const QByteArray capture =
        TestSupport::readFixture(QStringLiteral("outbound"), QStringLiteral(".esl"));
    const QList<Esl::Message> captured = TestSupport::parseAll(capture);
    const QList<Esl::Message> expectedReplies = replies(captured);
    const QList<SentCommand> sent = readSent(QStringLiteral("outbound"));
    QCOMPARE(expectedReplies.size(), sent.size());
    const QString uuid = QStringLiteral("b77ae360-039c-48e4-bd1a-ca81f1b7f4f0");

    Sim::Switch sw(Sim::SwitchConfig{.initialCalls = 0});
    Sim::ServerOptions options;
    options.listener.lingerSecondMs = 10; // `linger 5` lasts 50 ms here
    Sim::EventSocketServer server(&sw, options);
    QSignalSpy connected(&server, &Sim::EventSocketServer::outboundConnected);
    QSignalSpy closed(&server, &Sim::EventSocketServer::outboundClosed);
    OutboundPeer peer;
    Q_EMIT sw.outboundSocketRequested(uuid, QStringLiteral("127.0.0.1"), peer.port());
    RawClient client;
    QVERIFY(peer.accept(client));

    for (qsizetype i = 0; i < sent.size(); ++i) {
        client.send(sent[i].bytes);
        const std::optional<Esl::Message> reply = client.nextReply();
        QVERIFY2(reply, sent[i].firstLine().constData());
        const Esl::Message &expected = expectedReplies[i];
        QCOMPARE(reply->contentType(), expected.contentType());
        if (i == 0) {
            // connect: the whole channel, then the reply's own four headers, url-encoded.
            const Esl::HeaderList &headers = reply->headers();
            QVERIFY(headers.size() >= 4);
            for (qsizetype k = 1; k <= 4; ++k) {
                QCOMPARE(headers.name(headers.size() - k),
                         expected.headers().name(expected.headers().size() - k));
                QCOMPARE(headers.value(headers.size() - k),
                         expected.headers().value(expected.headers().size() - k));
            }
            QVERIFY(client.received().endsWith(
                "Content-Type: command/reply\nReply-Text: %2BOK%0A\nSocket-Mode: async\n"
                "Control: full\n\n"));
            QCOMPARE(connected.size(), 1);
        } else if (reply->contentType() == Esl::ContentType::CommandReply) {
            compareReply(*reply, expected, sent[i].firstLine());
        } else {
            QCOMPARE(reply->headers().name(0), QByteArrayView("Content-Type"));
            QCOMPARE(reply->headers().name(1), QByteArrayView("Content-Length"));
        }
    }

    // The channel hangs up (fired by hand: the switch core decides when). myevents lets only
    // this channel's events through; its CHANNEL_DESTROY waits for the socket to close.
    const QByteArray id = uuid.toUtf8();
    const QList<std::pair<QByteArray, QByteArray>> channel = {{"Channel-Name", "loopback/5555-b"},
                                                              {"Unique-ID", id}};
    sw.fire(makeEvent(sw, "CHANNEL_HANGUP", channel));
    sw.fire(makeEvent(sw, "CHANNEL_HANGUP", {{"Unique-ID", "someone-else"}}));
    sw.fire(makeEvent(sw, "CHANNEL_HANGUP_COMPLETE", channel));
    sw.fire(makeEvent(sw, "CHANNEL_DESTROY", channel));
    for (const char *name : {"CHANNEL_HANGUP", "CHANNEL_HANGUP_COMPLETE"}) {
        const std::optional<Esl::Message> event = client.next();
        QVERIFY(event && event->isEvent());
        QCOMPARE(Esl::Event::fromMessage(*event)->eventName(), QByteArrayView(name));
    }
    // The linger notice, the linger time, the final notice: the capture's last bytes exactly.
    QVERIFY(client.waitForClose());
    for (const char *disposition : {"linger", "disconnect"}) {
        const std::optional<Esl::Message> notice = client.next(0);
        QVERIFY(notice);
        QCOMPARE(notice->header("Content-Disposition"), QByteArrayView(disposition));
    }
    QVERIFY(!client.next(0)); // and no CHANNEL_DESTROY, no other channel's event
    QVERIFY(client.received().endsWith(capture.mid(captured[captured.size() - 2].offset())));
    QCOMPARE(closed.size(), 1);
    QCOMPARE(closed.first().first().toString(), uuid);
}

void TstSimProtocol::anOutboundSocketControlsItsChannelToTheEnd()
{
    // The whole path through the switch core: a call whose B leg runs `socket host:port async
    // full`, the connect reply carrying that channel, an application run with its Event-UUID,
    // a hangup, the linger and the goodbye.
    Sim::SwitchConfig config;
    config.initialCalls = 0;
    config.ringMs = 10;
    config.answerDelayMs = 10;
    Sim::Switch sw(config);
    Sim::ServerOptions options;
    options.listener.lingerSecondMs = 10;
    Sim::EventSocketServer server(&sw, options);
    OutboundPeer peer;
    Sim::Switch::CallSpec spec;
    spec.destination = QStringLiteral("5555");
    spec.socketTarget = QStringLiteral("127.0.0.1:%1").arg(peer.port());
    sw.placeCall(spec);
    RawClient client;
    QVERIFY(peer.accept(client));
    const QString uuid = server.listeners().first()->sessionUuid();
    QVERIFY(sw.hasChannel(uuid));

    client.send("connect\n\n");
    const std::optional<Esl::Message> channel = client.nextReply();
    QVERIFY(channel);
    QCOMPARE(channel->headers().name(0), QByteArrayView("Event-Name"));
    QCOMPARE(channel->header("Event-Name"), QByteArrayView("CHANNEL_DATA"));
    QCOMPARE(channel->header("Unique-ID"), uuid.toUtf8());
    QCOMPARE(channel->header("Reply-Text"), QByteArrayView("+OK\n"));
    for (const char *command : {"myevents", "linger 1"}) {
        client.send(QByteArray(command) + "\n\n");
        QVERIFY(client.nextReply()->header("Reply-Text").startsWith("+OK"));
    }
    client.send("sendmsg\ncall-command: execute\nexecute-app-name: answer\n"
                "Event-UUID: 411a81ee-edf3-4dea-a2b7-5023c3624cbb\n\n");
    QCOMPARE(client.nextReply()->header("Reply-Text"), QByteArrayView("+OK"));
    bool completed = false;
    while (!completed) {
        const std::optional<Esl::Message> message = client.next();
        QVERIFY(message && message->isEvent());
        const Esl::Expected<Esl::Event> event = Esl::Event::fromMessage(*message);
        QCOMPARE(event->uniqueId(), uuid); // myevents: this channel only
        completed = event->eventName() == "CHANNEL_EXECUTE_COMPLETE" &&
                    event->applicationUuid() == u"411a81ee-edf3-4dea-a2b7-5023c3624cbb";
    }
    // With content-type text/plain, the body is the application's argument.
    client.send("sendmsg\ncall-command: execute\nexecute-app-name: set\n"
                "Event-UUID: 25e74420-3351-45c7-9bbe-6bb0e068bd47\ncontent-type: text/plain\n"
                "Content-Length: 7\n\nfoo=bar");
    QCOMPARE(client.nextReply()->header("Reply-Text"), QByteArrayView("+OK"));
    for (completed = false; !completed;) {
        const std::optional<Esl::Message> message = client.next();
        QVERIFY(message && message->isEvent());
        const Esl::Expected<Esl::Event> event = Esl::Event::fromMessage(*message);
        completed = event->eventName() == "CHANNEL_EXECUTE_COMPLETE" &&
                    event->applicationUuid() == u"25e74420-3351-45c7-9bbe-6bb0e068bd47";
        if (completed)
            QCOMPARE(event->header("Application-Data"), QByteArrayView("foo=bar"));
    }
    client.send("sendmsg\ncall-command: hangup\nhangup-cause: NORMAL_CLEARING\n\n");
    QCOMPARE(client.nextReply()->header("Reply-Text"), QByteArrayView("+OK"));
    QVERIFY(client.waitForClose());
    const std::optional<Esl::Message> linger = client.nextReply(0);
    QVERIFY(linger);
    QCOMPARE(linger->header("Content-Disposition"), QByteArrayView("linger"));
    QCOMPARE(linger->header("Controlled-Session-UUID"), uuid.toUtf8());
    QCOMPARE(linger->header("Linger-Time"), QByteArrayView("1"));
    const std::optional<Esl::Message> goodbye = client.nextReply(0);
    QVERIFY(goodbye);
    QCOMPARE(goodbye->header("Content-Disposition"), QByteArrayView("disconnect"));
    QVERIFY(!client.next(0));
    QList<QByteArray> names;
    for (const Esl::Message &message : client.skipped())
        names.append(Esl::Event::fromMessage(message)->eventName().toByteArray());
    // Nothing of the channel after its CHANNEL_HANGUP_COMPLETE: the switch destroys the session
    // only once the socket lets go of it.
    QVERIFY(!names.isEmpty());
    QCOMPARE(names.last(), QByteArray("CHANNEL_HANGUP_COMPLETE"));
}

void TstSimProtocol::exitSaysByeThenGoodbyeAndCloses()
{
    Sim::Switch sw(Sim::SwitchConfig{.initialCalls = 0});
    Sim::EventSocketServer server(&sw);
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    RawClient client;
    QVERIFY(client.connectTo(server.serverPort()));
    QVERIFY(client.next());
    client.send("auth ClueCon\n\n");
    QVERIFY(client.nextReply());
    QCOMPARE(server.connectionCount(), 1);
    client.send("exit\n\n");
    QVERIFY(client.waitForClose());
    QVERIFY(client.received().endsWith(
        "Content-Type: command/reply\nReply-Text: +OK bye\n\n"
        "Content-Type: text/disconnect-notice\nContent-Length: 67\n\n"
        "Disconnected, goodbye.\nSee you at ClueCon! http://www.cluecon.com/\n"));
    QTRY_COMPARE(server.connectionCount(), 0);
}

void TstSimProtocol::bgapiAnswersWithTheJobUuid()
{
    Sim::Switch sw(Sim::SwitchConfig{.initialCalls = 0});
    Sim::EventSocketServer server(&sw);
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    RawClient client;
    QVERIFY(client.connectTo(server.serverPort()));
    QVERIFY(client.next());
    client.send("auth ClueCon\n\n");
    QVERIFY(client.nextReply());
    // Without a Job-UUID header the switch makes one up; with one, it uses it.
    client.send("bgapi status\n\n");
    const std::optional<Esl::Message> generated = client.nextReply();
    QVERIFY(generated);
    const QByteArrayView jobUuid = generated->header("Job-UUID");
    QCOMPARE(jobUuid.size(), 36);
    QCOMPARE(generated->header("Reply-Text"), "+OK Job-UUID: " + jobUuid.toByteArray());
    QCOMPARE(generated->headers().name(2), QByteArrayView("Job-UUID"));
    client.send("bgapi status\nJob-UUID: mine\n\n");
    const std::optional<Esl::Message> chosen = client.nextReply();
    QVERIFY(chosen);
    QCOMPARE(chosen->header("Reply-Text"), QByteArrayView("+OK Job-UUID: mine"));
    QCOMPARE(chosen->header("Job-UUID"), QByteArrayView("mine"));
}

void TstSimProtocol::refusesWhatItDoesNotKnow_data()
{
    QTest::addColumn<QByteArray>("command");
    QTest::addColumn<QByteArray>("replyText");
    QTest::newRow("unknown command")
        << QByteArray("nosuchcmd") << QByteArray("-ERR command not found");
    QTest::newRow("api without a command")
        << QByteArray("api") << QByteArray("-ERR command not found");
    QTest::newRow("connect inbound")
        << QByteArray("connect") << QByteArray("-ERR command not found");
    QTest::newRow("linger inbound")
        << QByteArray("linger 5") << QByteArray("-ERR not controlling a session");
    QTest::newRow("nolinger inbound")
        << QByteArray("nolinger") << QByteArray("-ERR not controlling a session");
    QTest::newRow("divert_events inbound")
        << QByteArray("divert_events on") << QByteArray("-ERR not controlling a session.");
    QTest::newRow("event without names")
        << QByteArray("event plain") << QByteArray("-ERR no keywords supplied");
    QTest::newRow("event with unknown names")
        << QByteArray("event plain NO_SUCH_EVENT") << QByteArray("-ERR no keywords supplied");
    QTest::newRow("nixevent without names")
        << QByteArray("nixevent") << QByteArray("-ERR no keywords supplied");
    QTest::newRow("nolog without log") << QByteArray("nolog") << QByteArray("-ERR not loging");
    QTest::newRow("noevents without events")
        << QByteArray("noevents") << QByteArray("-ERR not listening for events");
    QTest::newRow("filter without a value")
        << QByteArray("filter Event-Name") << QByteArray("-ERR invalid syntax");
    QTest::newRow("log with a bad level")
        << QByteArray("log loud") << QByteArray("-ERR invalid log level");
    QTest::newRow("myevents of no channel, with a format")
        << QByteArray("myevents 00000000-0000-0000-0000-000000000000 json")
        << QByteArray("-ERR invalid uuid");
    QTest::newRow("sendmsg without a channel")
        << QByteArray("sendmsg") << QByteArray("-ERR invalid session id []");
    QTest::newRow("sendmsg to no channel")
        << QByteArray("sendmsg 00000000-0000-0000-0000-000000000000\ncall-command: hangup")
        << QByteArray("-ERR invalid session id [00000000-0000-0000-0000-000000000000]");
    QTest::newRow("log without a level") << QByteArray("log") << QByteArray("+OK log level  [7]");
    QTest::newRow("log by name") << QByteArray("log warning")
                                 << QByteArray("+OK log level warning [4]");
    QTest::newRow("filter add") << QByteArray("filter add Unique-ID abc")
                                << QByteArray("+OK filter added. [Unique-ID]=[abc]");
    QTest::newRow("filter delete all")
        << QByteArray("filter delete all") << QByteArray("+OK filter deleted. [all][]");
}

void TstSimProtocol::refusesWhatItDoesNotKnow()
{
    QFETCH(QByteArray, command);
    QFETCH(QByteArray, replyText);
    Sim::Switch sw(Sim::SwitchConfig{.initialCalls = 0});
    Sim::EventSocketServer server(&sw);
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    RawClient client;
    QVERIFY(client.connectTo(server.serverPort()));
    QVERIFY(client.next());
    client.send("auth ClueCon\n\n");
    QVERIFY(client.nextReply());
    client.send(command + "\n\n");
    const std::optional<Esl::Message> reply = client.nextReply();
    QVERIFY(reply);
    QCOMPARE(reply->contentType(), Esl::ContentType::CommandReply);
    QCOMPARE(reply->header("Reply-Text"), QByteArrayView(replyText));
    QCOMPARE(reply->headers().size(), 2);
    // The connection goes on.
    client.send("api nosuchcommand\n\n");
    const std::optional<Esl::Message> api = client.nextReply();
    QVERIFY(api);
    QCOMPARE(api->body(), QByteArray("-ERR nosuchcommand Command not found!\n"));
}

void TstSimProtocol::acceptsOnlyAuthBeforeAuthentication()
{
    Sim::Switch sw(Sim::SwitchConfig{.initialCalls = 0});
    Sim::EventSocketServer server(&sw);
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    RawClient client;
    QVERIFY(client.connectTo(server.serverPort()));
    QCOMPARE(client.next()->contentType(), Esl::ContentType::AuthRequest);
    for (const char *command : {"api status", "event plain ALL", "bgapi status", "log 7"}) {
        client.send(QByteArray(command) + "\n\n");
        const std::optional<Esl::Message> reply = client.nextReply();
        QVERIFY(reply);
        QCOMPARE(reply->contentType(), Esl::ContentType::CommandReply);
        QCOMPARE(reply->header("Reply-Text"), QByteArrayView("-ERR command not found"));
    }
    sw.fire(makeEvent(sw, "HEARTBEAT"));
    client.send("auth ClueCon\n\n");
    const std::optional<Esl::Message> accepted = client.next();
    QVERIFY(accepted); // and no event before it: nothing was subscribed
    QCOMPARE(accepted->header("Reply-Text"), QByteArrayView("+OK accepted"));
    QVERIFY(server.listeners().first()->isAuthenticated());
}

void TstSimProtocol::aBlankLineInsideACommandMakesTwoCommands()
{
    // An operator-typed argument carrying "\n\n" would smuggle a second command in: the switch
    // reads two commands, so the client library must refuse to write such an argument.
    Sim::Switch sw(Sim::SwitchConfig{.initialCalls = 0});
    Sim::EventSocketServer server(&sw);
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    RawClient client;
    QVERIFY(client.connectTo(server.serverPort()));
    QVERIFY(client.next());
    client.send("auth ClueCon\n\n");
    QVERIFY(client.nextReply());
    client.send("api uuid_transfer 1234 1000\n\napi hupall NORMAL_CLEARING\n\n");
    const std::optional<Esl::Message> first = client.nextReply();
    const std::optional<Esl::Message> second = client.nextReply();
    QVERIFY(first && second);
    QCOMPARE(first->contentType(), Esl::ContentType::ApiResponse);
    QCOMPARE(second->contentType(), Esl::ContentType::ApiResponse);
    QCOMPARE(server.listeners().first()->stats().commands, 3);

    const auto refused = Esl::wire::encodeCommand("api uuid_transfer 1234 1000\n\napi hupall");
    QVERIFY(!refused.ok());
    QCOMPARE(refused.error().code, Esl::Error::Code::InvalidArgument);
}

QTEST_GUILESS_MAIN(TstSimProtocol)
#include "tst_simprotocol.moc"
