// The simulated switch on rainy days, as a client sees it: the ACL's rude rejection, userauth,
// a client that never speaks, connections dropped or stalled, a broken frame, lost events, a
// reader too slow to keep, a restart, a shutdown — and FreeSWITCH's clients (here the project's
// own Esl::InboundClient) working against it unchanged.

#include "simclient.h"

#include "esl/inboundclient.h"
#include "sim/eventsocketserver.h"

#include <QSignalSpy>
#include <QTest>

using namespace SimTest;

namespace {

bool authenticate(RawClient &client, quint16 port)
{
    if (!client.connectTo(port) || !client.next())
        return false;
    client.send("auth ClueCon\n\n");
    const std::optional<Esl::Message> reply = client.nextReply();
    return reply && reply->header("Reply-Text") == "+OK accepted";
}

} // namespace

class TstSimFaults : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void aClientOutsideTheAclIsRejectedRudely();
    void aClientInsideTheAclIsGreeted();
    void userauthChecksTheDirectoryAndItsPermissions();
    void aClientThatNeverSpeaksIsDisconnected();
    void droppedConnectionsCloseWithoutANotice();
    void aRestartDropsEveryConnectionAndTheServerListensOn();
    void aMalformedFrameBreaksTheClientsParser();
    void aStalledConnectionCatchesUpInOrder();
    void lostEventsNeverArrive();
    void aReaderTooSlowIsKilledWithANotice();
    void shutdownSaysSoToEveryone();
    void theProjectsInboundClientWorksAgainstIt();
};

void TstSimFaults::aClientOutsideTheAclIsRejectedRudely()
{
    Sim::Switch sw(Sim::SwitchConfig{.initialCalls = 0});
    Sim::ServerOptions options;
    options.acl = {QStringLiteral("192.0.2.0/24"), QStringLiteral("2001:db8::/32")};
    Sim::EventSocketServer server(&sw, options);
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    RawClient client;
    QVERIFY(client.connectTo(server.serverPort()));
    QVERIFY(client.waitForClose());
    // mod_event_socket's rejection, then its goodbye (the listener's common exit path).
    QCOMPARE(client.received(),
             QByteArray("Content-Type: text/rude-rejection\nContent-Length: 24\n\n"
                        "Access Denied, go away.\n"
                        "Content-Type: text/disconnect-notice\nContent-Length: 67\n\n"
                        "Disconnected, goodbye.\nSee you at ClueCon! http://www.cluecon.com/\n"));
    QCOMPARE(server.stats().rejected, 1);
    QCOMPARE(server.stats().accepted, 0);
}

void TstSimFaults::aClientInsideTheAclIsGreeted()
{
    Sim::Switch sw(Sim::SwitchConfig{.initialCalls = 0});
    Sim::EventSocketServer server(&sw);
    QVERIFY(!server.setAcl({QStringLiteral("not a network")}));
    QVERIFY(server.setAcl({QStringLiteral("192.0.2.0/24"), QStringLiteral("127.0.0.0/8")}));
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    RawClient client;
    QVERIFY(authenticate(client, server.serverPort()));
}

void TstSimFaults::userauthChecksTheDirectoryAndItsPermissions()
{
    Sim::Switch sw(Sim::SwitchConfig{.initialCalls = 0});
    Sim::EventSocketServer server(&sw);
    Sim::UserAccount alice;
    alice.user = QStringLiteral("alice@example.com");
    alice.password = QStringLiteral("secret");
    alice.allowedEvents = {QStringLiteral("HEARTBEAT"), QStringLiteral("CHANNEL_CREATE")};
    alice.allowedApi = {QStringLiteral("status")};
    alice.allowLog = false;
    server.addUser(alice);
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));

    RawClient client;
    QVERIFY(client.connectTo(server.serverPort()));
    QVERIFY(client.next());
    client.send("userauth alice@example.com:secret\n\n");
    const std::optional<Esl::Message> accepted = client.nextReply();
    QVERIFY(accepted);
    QCOMPARE(describe(accepted->headers()),
             QByteArray("Content-Type: command/reply | Reply-Text: +OK accepted | "
                        "Allowed-Events: HEARTBEAT,CHANNEL_CREATE | Allowed-API: status | "
                        "Allowed-LOG: false | "));
    const QList<std::pair<QByteArray, QByteArray>> expectations = {
        {"event plain HEARTBEAT", "+OK event listener enabled plain"},
        {"event plain CHANNEL_ANSWER", "-ERR permission denied"},
        {"log 7", "-ERR permission denied"},
        {"api uuid_kill 1234", "-ERR permission denied"},
        {"bgapi uuid_kill 1234", "-ERR permission denied"},
        {"api bgapi status", "-ERR permission denied"}, // bgapi itself is not allowed
    };
    for (const auto &[command, replyText] : expectations) {
        client.send(command + "\n\n");
        const std::optional<Esl::Message> reply = client.nextReply();
        QVERIFY(reply);
        QCOMPARE(reply->header("Reply-Text"), QByteArrayView(replyText));
    }
    client.send("api status\n\n");
    QCOMPARE(client.nextReply()->contentType(), Esl::ContentType::ApiResponse);

    RawClient intruder;
    QVERIFY(intruder.connectTo(server.serverPort()));
    QVERIFY(intruder.next());
    intruder.send("userauth alice@example.com:guess\n\n");
    QCOMPARE(intruder.nextReply()->header("Reply-Text"), QByteArrayView("-ERR invalid"));
    QCOMPARE(intruder.nextReply()->contentType(), Esl::ContentType::DisconnectNotice);
    QVERIFY(intruder.waitForClose());
}

void TstSimFaults::aClientThatNeverSpeaksIsDisconnected()
{
    Sim::Switch sw(Sim::SwitchConfig{.initialCalls = 0});
    Sim::ServerOptions options;
    options.listener.firstCommandTimeoutMs = 50;
    Sim::EventSocketServer server(&sw, options);
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    RawClient client;
    QVERIFY(client.connectTo(server.serverPort()));
    QVERIFY(client.waitForClose());
    QCOMPARE(client.received(),
             QByteArray("Content-Type: auth/request\n\n"
                        "Content-Type: text/disconnect-notice\nContent-Length: 67\n\n"
                        "Disconnected, goodbye.\nSee you at ClueCon! http://www.cluecon.com/\n"));
}

void TstSimFaults::droppedConnectionsCloseWithoutANotice()
{
    Sim::Switch sw(Sim::SwitchConfig{.initialCalls = 0});
    Sim::EventSocketServer server(&sw);
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    RawClient first, second;
    QVERIFY(authenticate(first, server.serverPort()));
    QVERIFY(authenticate(second, server.serverPort()));
    QCOMPARE(server.connectionCount(), 2);
    QSignalSpy finished(&server, &Sim::EventSocketServer::listenerFinished);

    server.listeners().first()->drop();
    QTRY_COMPARE(server.connectionCount(), 1);
    server.dropAll();
    QCOMPARE(server.connectionCount(), 0);
    QCOMPARE(finished.size(), 2);
    for (RawClient *client : {&first, &second}) {
        QVERIFY(client->waitForClose());
        QVERIFY(!client->received().contains("disconnect-notice"));
    }
}

void TstSimFaults::aRestartDropsEveryConnectionAndTheServerListensOn()
{
    Sim::Switch sw(Sim::SwitchConfig{.initialCalls = 0});
    Sim::EventSocketServer server(&sw);
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    RawClient before;
    QVERIFY(authenticate(before, server.serverPort()));
    const QString oldCore = sw.coreUuid();
    sw.restart();
    QVERIFY(sw.coreUuid() != oldCore);
    QVERIFY(before.waitForClose());
    QCOMPARE(server.connectionCount(), 0);
    RawClient after;
    QVERIFY(authenticate(after, server.serverPort()));
    QCOMPARE(server.connectionCount(), 1);
}

void TstSimFaults::aMalformedFrameBreaksTheClientsParser()
{
    Sim::Switch sw(Sim::SwitchConfig{.initialCalls = 0});
    Sim::EventSocketServer server(&sw);
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    RawClient client;
    QVERIFY(authenticate(client, server.serverPort()));
    server.listeners().first()->sendMalformedFrame();
    QVERIFY(!client.next());
    QVERIFY(client.hasFramingError());
    QCOMPARE(client.framingError().code, Esl::Error::Code::Protocol);
}

void TstSimFaults::aStalledConnectionCatchesUpInOrder()
{
    Sim::Switch sw(Sim::SwitchConfig{.initialCalls = 0});
    Sim::EventSocketServer server(&sw);
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    RawClient client;
    QVERIFY(authenticate(client, server.serverPort()));
    client.send("event plain HEARTBEAT\n\n");
    QVERIFY(client.nextReply());
    Sim::Listener *listener = server.listeners().first();
    listener->stall(60000);
    for (int i = 0; i < 3; ++i)
        sw.fire(makeEvent(sw, "HEARTBEAT", {{"Heartbeat-Count", QByteArray::number(i)}}));
    client.send("api nosuchcommand\n\n");
    QTRY_COMPARE(listener->queuedFrames(), 4); // held back: three events, then the reply
    listener->resume();
    const QList<Esl::Message> messages = client.untilReply();
    QCOMPARE(messages.size(), 4);
    for (int i = 0; i < 3; ++i)
        QCOMPARE(Esl::Event::fromMessage(messages[i])->header("Heartbeat-Count"),
                 QByteArray::number(i));
    QCOMPARE(messages[3].contentType(), Esl::ContentType::ApiResponse);
}

void TstSimFaults::lostEventsNeverArrive()
{
    Sim::Switch sw(Sim::SwitchConfig{.initialCalls = 0});
    Sim::EventSocketServer server(&sw);
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    RawClient client;
    QVERIFY(authenticate(client, server.serverPort()));
    client.send("event plain HEARTBEAT\n\n");
    QVERIFY(client.nextReply());
    Sim::Listener *listener = server.listeners().first();
    listener->loseNextEvents(2);
    for (int i = 0; i < 3; ++i)
        sw.fire(makeEvent(sw, "HEARTBEAT", {{"Heartbeat-Count", QByteArray::number(i)}}));
    client.send("api nosuchcommand\n\n");
    const QList<Esl::Message> messages = client.untilReply();
    QCOMPARE(messages.size(), 2);
    QCOMPARE(Esl::Event::fromMessage(messages[0])->header("Heartbeat-Count"), QByteArrayView("2"));
    QCOMPARE(listener->stats().eventsLostByFault, 2);
    QCOMPARE(listener->stats().eventsSent, 1);
}

void TstSimFaults::aReaderTooSlowIsKilledWithANotice()
{
    Sim::Switch sw(Sim::SwitchConfig{.initialCalls = 0});
    Sim::ServerOptions options;
    options.listener.maxQueuedEvents = 5;
    options.listener.maxLostEvents = 3;
    Sim::EventSocketServer server(&sw, options);
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    RawClient client;
    QVERIFY(authenticate(client, server.serverPort()));
    client.send("event plain ALL\n\n");
    QVERIFY(client.nextReply());
    Sim::Listener *listener = server.listeners().first();
    listener->stall(60000); // a reader that does not read: the queue fills
    for (int i = 0; i < 8; ++i)
        sw.fire(makeEvent(sw, "HEARTBEAT"));
    QCOMPARE(listener->stats().eventsLost, 3);
    QCOMPARE(listener->queuedFrames(), 5);
    sw.fire(makeEvent(sw, "HEARTBEAT")); // the fourth lost in a row
    QVERIFY(client.waitForClose());
    QVERIFY(client.received().endsWith("Content-Type: text/disconnect-notice\n"
                                       "Content-Length: 39\n\n"
                                       "killed listener because of lost events\n"));
    QVERIFY(!client.received().contains("HEARTBEAT"));
}

void TstSimFaults::shutdownSaysSoToEveryone()
{
    Sim::Switch sw(Sim::SwitchConfig{.initialCalls = 0});
    Sim::EventSocketServer server(&sw);
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    RawClient client;
    QVERIFY(authenticate(client, server.serverPort()));
    server.shutdown();
    QVERIFY(!server.isListening());
    const std::optional<Esl::Message> notice = client.next();
    QVERIFY(notice);
    QCOMPARE(notice->contentType(), Esl::ContentType::DisconnectNotice);
    QCOMPARE(notice->body(), QByteArray("The system is being shut down.\n"));
    QVERIFY(client.waitForClose());
}

void TstSimFaults::theProjectsInboundClientWorksAgainstIt()
{
    Sim::Switch sw(Sim::SwitchConfig{.initialCalls = 0});
    Sim::EventSocketServer server(&sw);
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    Esl::ConnectionOptions options;
    options.port = server.serverPort();
    options.autoReconnect = false;
    options.livenessMs = 0;
    Esl::InboundClient client(options);
    Esl::Subscription subscription;
    subscription.events = {QStringLiteral("HEARTBEAT")};
    client.setSubscription(subscription);
    QSignalSpy live(&client, &Esl::InboundClient::connected);
    QSignalSpy events(&client, &Esl::InboundClient::eventReceived);
    client.connectToServer();
    QVERIFY(live.wait(5000));

    QFuture<Esl::Reply> reply = client.api(QStringLiteral("nosuchcommand"));
    QTRY_VERIFY(reply.isFinished());
    QCOMPARE(reply.result().contentType(), Esl::ContentType::ApiResponse);
    QCOMPARE(reply.result().body(), QByteArray("-ERR nosuchcommand Command not found!\n"));

    sw.fire(makeEvent(sw, "CHANNEL_CREATE", {{"Unique-ID", "u1"}}));
    sw.fire(makeEvent(sw, "HEARTBEAT", {{"Session-Count", "0"}}));
    QTRY_COMPARE(events.size(), 1);
    QCOMPARE(events.first().first().value<Esl::Event>().eventName(), QByteArrayView("HEARTBEAT"));

    client.disconnectFromServer();
    QTRY_COMPARE(server.connectionCount(), 0);
}

QTEST_GUILESS_MAIN(TstSimFaults)
#include "tst_simfaults.moc"
