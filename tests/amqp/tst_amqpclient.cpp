// Amqp::Client against a real RabbitMQ (Debian's rabbitmq-server, started by the test on
// loopback): a round trip with mod_amqp's properties, one handover per batch, a bounded queue
// that dead-letters what it drops, queue depth, a refused login, a closed port, TLS against a
// plain listener, the publish bound, an oversized message, and a broker restart or crash.
#include "clienttesthelpers.h"
#include "support/rabbitbroker.h"

#include <QCoreApplication>
#include <QMutex>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>
#include <QThread>

using namespace Amqp;
using namespace AmqpClientTest;
using TestSupport::RabbitBroker;

namespace {
constexpr int brokerTimeoutMs = 20000;
} // namespace

class TestAmqpClient : public QObject
{
    Q_OBJECT

    RabbitBroker *m_broker = nullptr;

    [[nodiscard]] QString url() const { return m_broker->url(QStringLiteral("/")); }

private Q_SLOTS:
    void initTestCase()
    {
        QSKIP_UNLESS_BROKER(broker);
        m_broker = broker;
    }

    void deliversWhatWasPublishedWithHeadersContentTypeAndTimestamp()
    {
        const QByteArray exchange = unique("tst.roundtrip.");
        Client client(optionsFor(url()));
        client.setTopology(oneQueueOn(exchange));
        QSignalSpy ready(&client, &Client::ready);
        QSignalSpy declared(&client, &Client::queueDeclared);
        Received received(&client);
        client.start();
        QTRY_COMPARE_WITH_TIMEOUT(ready.size(), 1, brokerTimeoutMs);
        QCOMPARE(client.state(), State::Live);
        QCOMPARE(declared.size(), 1);
        QVERIFY(declared[0][1].toByteArray().startsWith("amq.gen-"));

        Message sent = messageTo(exchange, "FreeSWITCH.vm.CHANNEL_CREATE..u1", R"({"Event-Name":"CHANNEL_CREATE"})");
        sent.contentType = "text/json";
        sent.timestamp = 1796579076;
        sent.headers.append(Header{"x-fs-api-resp-key", "reply-7", -1});
        sent.headers.append(Header{"x_Liquid_MessageSentTimeStamp", {}, 1796579077});
        QVERIFY(client.publish(sent));

        QTRY_COMPARE_WITH_TIMEOUT(received.messages.size(), 1, brokerTimeoutMs);
        const Message &got = received.messages.first();
        QCOMPARE(got.exchange, exchange);
        QCOMPARE(got.routingKey, sent.routingKey);
        QCOMPARE(got.body, sent.body);
        QCOMPARE(got.contentType, QByteArray("text/json"));
        QCOMPARE(got.timestamp, 1796579076);
        QCOMPARE(got.headers.size(), 2);
        QCOMPARE(got.header("x-fs-api-resp-key"), QByteArray("reply-7"));
        QVERIFY(got.headers[1].isTimestamp());
        QCOMPARE(got.headers[1].name, QByteArray("x_Liquid_MessageSentTimeStamp"));
        QCOMPARE(got.headers[1].timestamp, 1796579077);
        QVERIFY(!got.redelivered);
        QVERIFY(got.deliveryTag > 0);
        QCOMPARE(received.queues.first(), 0);
    }

    void aBatchHandlerRunsOnTheWorkerThread()
    {
        const QByteArray exchange = unique("tst.handler.");
        Client client(optionsFor(url()));
        client.setTopology(oneQueueOn(exchange));
        QMutex mutex;
        QList<QByteArray> bodies;
        bool onWorker = true;
        client.setBatchHandler([&](int queueIndex, QList<Message> &&batch) {
            QMutexLocker lock(&mutex);
            onWorker = onWorker && QThread::currentThread() != qApp->thread() && queueIndex == 0;
            for (const Message &m : batch)
                bodies.append(m.body);
        });
        QSignalSpy ready(&client, &Client::ready);
        Received received(&client);
        client.start();
        QTRY_COMPARE_WITH_TIMEOUT(ready.size(), 1, brokerTimeoutMs);
        for (int i = 0; i < 10; ++i)
            QVERIFY(client.publish(messageTo(exchange, "k", QByteArray::number(i))));
        QTRY_VERIFY_WITH_TIMEOUT([&] { QMutexLocker lock(&mutex); return bodies.size() == 10; }(),
                                 brokerTimeoutMs);
        client.stop();
        QVERIFY(onWorker);
        QCOMPARE(bodies.first(), QByteArray("0"));
        QCOMPARE(bodies.last(), QByteArray("9"));
        QCOMPARE(received.batches, 0); // nothing went through the signal
    }

    void handsOverManyMessagesInFewBatchesInOrder()
    {
        // The messages wait in a named queue first, so that the consumer finds them all ready.
        const QByteArray exchange = unique("tst.batch.");
        Topology topology = oneQueueOn(exchange);
        topology.queues[0].name = unique("tst.batchq.");
        topology.queues[0].exclusive = false;
        topology.queues[0].consume = false;
        Client publisher(optionsFor(url()));
        publisher.setTopology(topology);
        QSignalSpy publisherReady(&publisher, &Client::ready);
        QSignalSpy depth(&publisher, &Client::queueDepth);
        publisher.start();
        QTRY_COMPARE_WITH_TIMEOUT(publisherReady.size(), 1, brokerTimeoutMs);
        for (int i = 0; i < 1000; ++i)
            QVERIFY(publisher.publish(messageTo(exchange, "k", QByteArray::number(i))));
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                publisher.requestQueueDepth(0);
                return !depth.isEmpty() && depth.last()[1].toLongLong() == 1000;
            }(),
            brokerTimeoutMs);

        topology.queues[0].consume = true;
        Client consumer(optionsFor(url()));
        consumer.setTopology(topology);
        consumer.setBatchLimits(512, 50);
        Received received(&consumer);
        consumer.start();
        QTRY_COMPARE_WITH_TIMEOUT(received.messages.size(), 1000, brokerTimeoutMs);
        for (int i = 0; i < 1000; ++i)
            QCOMPARE(received.messages[i].body, QByteArray::number(i));
        QVERIFY2(received.batches <= 100, qPrintable(QString::number(received.batches)));
        // Acked once per batch: nothing is left unacknowledged in the queue.
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                publisher.requestQueueDepth(0);
                return depth.last()[1].toLongLong() == 0;
            }(),
            brokerTimeoutMs);
    }

    void boundedQueueDropsTheOldestAndDeadLettersThemForCounting()
    {
        const QByteArray exchange = unique("tst.bounded.");
        const QByteArray deadLetters = unique("tst.dlx.");
        Topology topology;
        topology.exchanges.append(ExchangeSpec{exchange, "topic", false, false});
        topology.exchanges.append(ExchangeSpec{deadLetters, "fanout", false, false});
        QueueSpec bounded;
        bounded.name = unique("tst.boundedq.");
        bounded.exclusive = false;
        bounded.maxLength = 100;
        bounded.deadLetterExchange = deadLetters;
        bounded.consume = false;
        QueueSpec dropped;
        dropped.name = unique("tst.droppedq.");
        dropped.exclusive = false;
        dropped.consume = false;
        topology.queues = {bounded, dropped};
        topology.bindings = {Binding{exchange, "#", 0}, Binding{deadLetters, "", 1}};

        Client client(optionsFor(url()));
        client.setTopology(topology);
        QSignalSpy ready(&client, &Client::ready);
        QSignalSpy depth(&client, &Client::queueDepth);
        Received received(&client);
        client.start();
        QTRY_COMPARE_WITH_TIMEOUT(ready.size(), 1, brokerTimeoutMs);
        for (int i = 0; i < 1000; ++i)
            QVERIFY(client.publish(messageTo(exchange, "k", QByteArray::number(i))));

        const auto depthOf = [&](int queueIndex) {
            client.requestQueueDepth(queueIndex);
            for (qsizetype i = depth.size() - 1; i >= 0; --i) {
                if (depth[i][0].toInt() == queueIndex)
                    return depth[i][1].toLongLong();
            }
            return qint64(-1);
        };
        QTRY_COMPARE_WITH_TIMEOUT(depthOf(1), 900, brokerTimeoutMs);
        QTRY_COMPARE_WITH_TIMEOUT(depthOf(0), 100, brokerTimeoutMs);
        QCOMPARE(received.messages.size(), 0);

        // Consuming later gets the newest hundred.
        topology.queues[0].consume = true;
        client.setTopology(topology);
        QTRY_COMPARE_WITH_TIMEOUT(received.messages.size(), 100, brokerTimeoutMs);
        QCOMPARE(received.messages.first().body, QByteArray("900"));
        QCOMPARE(received.messages.last().body, QByteArray("999"));
        QCOMPARE(ready.size(), 2); // the consumer came with a fresh session
    }

    void wrongPasswordFailsOnceWithoutRetrying()
    {
        ConnectionOptions options = optionsFor(url());
        options.password = QStringLiteral("not-the-password");
        Client client(options);
        client.setReconnectBackoff(50, 100);
        QSignalSpy errors(&client, &Client::errorOccurred);
        client.start();
        QTRY_COMPARE_WITH_TIMEOUT(client.state(), State::Failed, brokerTimeoutMs);
        qInfo("%s", qPrintable(client.lastError()));
        QVERIFY2(client.lastError().contains(
                     u"RabbitMQ refused the login (ACCESS_REFUSED): check user and password"),
                 qPrintable(client.lastError()));
        // With a 50 ms backoff, a retrying client would have tried many times by now.
        QTest::qWait(1000);
        QCOMPARE(client.state(), State::Failed);
        QCOMPARE(errors.size(), 1);

        client.reconnectNow(); // still wrong: fails once more, and stops again
        QTRY_COMPARE_WITH_TIMEOUT(errors.size(), 2, brokerTimeoutMs);
        QTRY_COMPARE_WITH_TIMEOUT(client.state(), State::Failed, brokerTimeoutMs);
    }

    void closedPortMeansReconnectingNamingTheAddress()
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        const quint16 port = probe.serverPort();
        probe.close();
        ConnectionOptions options = optionsFor(url());
        options.port = port;
        Client client(options);
        client.setReconnectBackoff(100, 200);
        QSignalSpy errors(&client, &Client::errorOccurred);
        client.start();
        QTRY_COMPARE_WITH_TIMEOUT(client.state(), State::Reconnecting, brokerTimeoutMs);
        QTRY_VERIFY_WITH_TIMEOUT(errors.size() >= 2, brokerTimeoutMs); // it keeps trying
        const QString where = QStringLiteral("127.0.0.1:%1").arg(port);
        qInfo("%s", qPrintable(client.lastError()));
        QVERIFY2(client.lastError().contains(where), qPrintable(client.lastError()));
        QVERIFY2(client.lastError().contains(u"refused"), qPrintable(client.lastError()));
    }

    void tlsAgainstAPlainListenerFailsClearly()
    {
        ConnectionOptions options = optionsFor(url());
        options.tls = true;
        options.verifyPeer = false;
        options.verifyHostname = false;
        options.connectTimeoutMs = 3000;
        Client client(options);
        client.setReconnectBackoff(1000, 1000);
        client.start();
        QTRY_COMPARE_WITH_TIMEOUT(client.state(), State::Reconnecting, brokerTimeoutMs);
        qInfo("%s", qPrintable(client.lastError()));
        QVERIFY2(client.lastError().contains(u"TLS"), qPrintable(client.lastError()));
        QVERIFY2(client.lastError().contains(QString::number(m_broker->amqpPort())),
                 qPrintable(client.lastError()));
    }

    void bindingToAMissingExchangeSaysNotFoundAndRetries()
    {
        const QByteArray missing = unique("tst.missing.");
        Topology topology;
        topology.exchanges.append(ExchangeSpec{missing, "topic", true, true}); // passive
        topology.queues.append(QueueSpec{});
        topology.bindings.append(Binding{missing, "#", 0});
        Client client(optionsFor(url()));
        client.setTopology(topology);
        client.setReconnectBackoff(100, 200);
        QSignalSpy errors(&client, &Client::errorOccurred);
        client.start();
        QTRY_VERIFY_WITH_TIMEOUT(errors.size() >= 2, brokerTimeoutMs); // it tries again
        QCOMPARE(client.state(), State::Reconnecting);
        qInfo("%s", qPrintable(client.lastError()));
        QVERIFY2(client.lastError().contains(u"404 NOT_FOUND"), qPrintable(client.lastError()));
        QVERIFY2(client.lastError().contains(QString::fromUtf8(missing)), qPrintable(client.lastError()));
    }

    void publishingToAMissingExchangeCostsOnlyThatMessage()
    {
        const QByteArray exchange = unique("tst.pubmissing.");
        Client client(optionsFor(url()));
        client.setTopology(oneQueueOn(exchange));
        QSignalSpy ready(&client, &Client::ready);
        QSignalSpy errors(&client, &Client::errorOccurred);
        Received received(&client);
        client.start();
        QTRY_COMPARE_WITH_TIMEOUT(ready.size(), 1, brokerTimeoutMs);
        QVERIFY(client.publish(messageTo(unique("tst.nowhere."), "k", "lost")));
        QTRY_COMPARE_WITH_TIMEOUT(errors.size(), 1, brokerTimeoutMs);
        qInfo("%s", qPrintable(errors[0][0].toString()));
        QVERIFY(errors[0][0].toString().contains(u"NOT_FOUND"));
        QVERIFY(client.publish(messageTo(exchange, "k", "delivered")));
        QTRY_COMPARE_WITH_TIMEOUT(received.messages.size(), 1, brokerTimeoutMs);
        QCOMPARE(received.messages.first().body, QByteArray("delivered"));
        QCOMPARE(client.state(), State::Live);
        QCOMPARE(ready.size(), 1);
    }

    void refusesPublishesBeyondTheQueueBound()
    {
        // Nothing listens: the publishes wait, and the bound holds.
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        ConnectionOptions options;
        options.port = probe.serverPort();
        probe.close();
        Client client(options);
        client.setMaxQueuedPublishes(3);
        client.start();
        for (int i = 0; i < 3; ++i)
            QVERIFY(client.publish(messageTo("x", "k", "b")));
        QVERIFY(!client.publish(messageTo("x", "k", "b")));
        QVERIFY2(client.lastError().contains(u"publish refused: 3 messages are already waiting"),
                 qPrintable(client.lastError()));
    }

    void dropsAndCountsAMessageLargerThanTheLimit()
    {
        const QByteArray exchange = unique("tst.large.");
        Client client(optionsFor(url()));
        client.setTopology(oneQueueOn(exchange));
        client.setMaxMessageBytes(1000);
        QSignalSpy ready(&client, &Client::ready);
        QSignalSpy errors(&client, &Client::errorOccurred);
        Received received(&client);
        client.start();
        QTRY_COMPARE_WITH_TIMEOUT(ready.size(), 1, brokerTimeoutMs);
        QVERIFY(client.publish(messageTo(exchange, "big", QByteArray(300000, 'x'))));
        QVERIFY(client.publish(messageTo(exchange, "small", "after")));
        QTRY_COMPARE_WITH_TIMEOUT(received.messages.size(), 1, brokerTimeoutMs);
        QCOMPARE(received.messages.first().body, QByteArray("after"));
        QCOMPARE(client.droppedMessages(), 1u);
        QCOMPARE(errors.size(), 1);
        QVERIFY(errors[0][0].toString().contains(u"300000 bytes"));
        QCOMPARE(client.state(), State::Live);
    }

    void reconnectsByItselfAfterABrokerRestart()
    {
        const QByteArray exchange = unique("tst.restart.");
        Client client(optionsFor(url()));
        client.setTopology(oneQueueOn(exchange));
        client.setReconnectBackoff(200, 1000);
        QSignalSpy ready(&client, &Client::ready);
        QSignalSpy declared(&client, &Client::queueDeclared);
        QSignalSpy states(&client, &Client::stateChanged);
        Received received(&client);
        client.start();
        QTRY_COMPARE_WITH_TIMEOUT(ready.size(), 1, brokerTimeoutMs);
        const QByteArray firstName = declared[0][1].toByteArray();

        QVERIFY2(m_broker->restart(), qPrintable(m_broker->lastError()));
        QTRY_COMPARE_WITH_TIMEOUT(ready.size(), 2, 60000);
        QCOMPARE(declared.size(), 2);
        QVERIFY(declared[1][1].toByteArray() != firstName);
        bool sawReconnecting = false;
        for (const QList<QVariant> &change : std::as_const(states))
            sawReconnecting = sawReconnecting || change[0].value<State>() == State::Reconnecting;
        QVERIFY(sawReconnecting);

        QVERIFY(client.publish(messageTo(exchange, "after.restart", "still here")));
        QTRY_COMPARE_WITH_TIMEOUT(received.messages.size(), 1, brokerTimeoutMs);
        QCOMPARE(received.messages.first().body, QByteArray("still here"));
    }

    void reconnectsByItselfAfterTheBrokerDiesWithoutAWord()
    {
        const QByteArray exchange = unique("tst.killed.");
        Client client(optionsFor(url()));
        client.setTopology(oneQueueOn(exchange));
        client.setReconnectBackoff(200, 1000);
        QSignalSpy ready(&client, &Client::ready);
        QSignalSpy declared(&client, &Client::queueDeclared);
        Received received(&client);
        client.start();
        QTRY_COMPARE_WITH_TIMEOUT(ready.size(), 1, brokerTimeoutMs);

        QVERIFY2(m_broker->kill(), qPrintable(m_broker->lastError()));
        QTRY_COMPARE_WITH_TIMEOUT(client.state(), State::Reconnecting, brokerTimeoutMs);
        qInfo("%s", qPrintable(client.lastError()));
        QVERIFY2(m_broker->start(), qPrintable(m_broker->lastError()));
        QTRY_COMPARE_WITH_TIMEOUT(ready.size(), 2, 60000);
        QCOMPARE(declared.size(), 2);
        QVERIFY(declared[1][1].toByteArray() != declared[0][1].toByteArray());
        QVERIFY(client.publish(messageTo(exchange, "after.crash", "back")));
        QTRY_COMPARE_WITH_TIMEOUT(received.messages.size(), 1, brokerTimeoutMs);
        QCOMPARE(received.messages.first().body, QByteArray("back"));
    }
};

QTEST_GUILESS_MAIN(TestAmqpClient)
#include "tst_amqpclient.moc"
