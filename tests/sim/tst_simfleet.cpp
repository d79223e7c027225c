// A fleet of simulated switches on a real RabbitMQ broker (issue #18): each publishes its own
// HEARTBEAT and channel events under its own hostname and Core-UUID, as mod_amqp does, and a
// command sent with one switch's routing key is run by that switch alone, which answers to the
// reply exchange and key the request named.

#include "sim/amqpfleet.h"
#include "sim/amqpformat.h"

#include "support/rabbitbroker.h"

#include "amqp/client.h"
#include "amqp/routingkey.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QSignalSpy>
#include <QTest>
#include <QUuid>

using namespace Qt::Literals::StringLiterals;

namespace {

Amqp::ConnectionOptions optionsFor(const TestSupport::RabbitBroker &broker)
{
    QString error;
    Amqp::ConnectionOptions options = Amqp::ConnectionOptions::fromUrl(broker.url(), &error);
    if (!error.isEmpty())
        qFatal("bad broker url %s: %s", qPrintable(broker.url()), qPrintable(error));
    options.heartbeatSeconds = 0;
    return options;
}

// A quick fleet: no calls at the start, HEARTBEAT several times a second, short calls.
Sim::FleetConfig quickFleet(int switches, double callsPerSecond)
{
    Sim::FleetConfig config;
    config.switches = switches;
    config.switchConfig.initialCalls = 0;
    config.switchConfig.heartbeatIntervalMs = 250;
    config.switchConfig.ringMs = 20;
    config.switchConfig.answerDelayMs = 10;
    config.traffic.callsPerSecond = callsPerSecond;
    config.traffic.meanDurationMs = 300;
    config.traffic.minDurationMs = 100;
    config.publishLogs = false;
    return config;
}

// What a console declares: the exchanges as mod_amqp declares them (the same flags, or the
// broker refuses), a direct exchange of its own for replies, and two server-named queues.
Amqp::Topology consoleTopology(const QByteArray &replyExchange, const QByteArray &replyKey)
{
    Amqp::Topology topology;
    topology.exchanges.append({"TAP.Events", "topic", true, false});
    topology.exchanges.append({"TAP.Commands", "topic", true, false});
    topology.exchanges.append({replyExchange, "direct", false, false});
    Amqp::QueueSpec events;
    events.maxLength = 100000;
    Amqp::QueueSpec replies;
    topology.queues = {events, replies};
    topology.bindings.append({"TAP.Events", "#", 0});
    topology.bindings.append({replyExchange, replyKey, 1});
    return topology;
}

} // namespace

class TestSimFleet : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void everySwitchPublishesHeartbeatsAndCallsUnderItsOwnIdentity();
    void aCommandReachesOnlyTheSwitchItsKeyNames();
    // No broker needed.
    void beyondTheSendQueueEventsAreDroppedAndCountedWhileTheBreakerIsOpen();
};

void TestSimFleet::everySwitchPublishesHeartbeatsAndCallsUnderItsOwnIdentity()
{
    QSKIP_UNLESS_BROKER(broker);
    Amqp::Client console(optionsFor(*broker));
    console.setTopology(consoleTopology("fleet.test.replies", "unused"));
    QList<Amqp::Message> received;
    connect(&console, &Amqp::Client::messagesReceived, this,
            [&](int queue, const QList<Amqp::Message> &batch) {
                if (queue == 0)
                    received += batch;
            });
    QSignalSpy consoleReady(&console, &Amqp::Client::ready);
    console.start();
    // mod_amqp's messages are dropped by the broker until some queue is bound.
    QVERIFY2(consoleReady.wait(20000), qPrintable(console.lastError()));

    Sim::AmqpFleet fleet(optionsFor(*broker), quickFleet(3, 4));
    QSignalSpy fleetReady(&fleet, &Sim::AmqpFleet::ready);
    fleet.start();
    QVERIFY2(fleetReady.wait(20000), qPrintable(fleet.client()->lastError()));

    QHash<QString, QString> coreUuidByHost; // from HEARTBEAT
    QSet<QString> callingHosts;             // hosts with CHANNEL_ events
    auto seenEnough = [&] {
        for (const Amqp::Message &m : std::as_const(received)) {
            const Esl::Expected<Esl::Event> e = Esl::Event::fromJson(m.body);
            if (!e)
                continue;
            const QString host = e->text("FreeSWITCH-Hostname");
            Amqp::EventKey key;
            if (!Amqp::parseEventRoutingKey(m.routingKey, &key) || key.hostname != host.toUtf8())
                qFatal("routing key %s for an event of %s", m.routingKey.constData(),
                       qPrintable(host));
            if (e->eventName() == "HEARTBEAT")
                coreUuidByHost.insert(host, e->coreUuid());
            else if (e->eventName().startsWith("CHANNEL_"))
                callingHosts.insert(host);
        }
        received.clear();
        return coreUuidByHost.size() == 3 && callingHosts.size() == 3;
    };
    QTRY_VERIFY_WITH_TIMEOUT(seenEnough(), 20000);
    QSet<QString> coreUuids;
    for (int i = 0; i < 3; ++i) {
        const QString host = fleet.hostname(i);
        QCOMPARE(host, u"sim-0%1"_s.arg(i + 1));
        QCOMPARE(coreUuidByHost.value(host), fleet.switchAt(i)->coreUuid());
        QVERIFY(callingHosts.contains(host));
        coreUuids.insert(fleet.switchAt(i)->coreUuid());
        QVERIFY(fleet.counters(i).eventsPublished > 0);
        QCOMPARE(fleet.counters(i).eventsDropped, 0);
    }
    QCOMPARE(coreUuids.size(), 3);
    fleet.stop();
}

void TestSimFleet::aCommandReachesOnlyTheSwitchItsKeyNames()
{
    QSKIP_UNLESS_BROKER(broker);
    // A reply key unique to the request: mod_amqp's reply carries no correlation id.
    const QByteArray replyKey = "reply-" + QUuid::createUuid().toByteArray(QUuid::WithoutBraces);
    Amqp::Client console(optionsFor(*broker));
    console.setTopology(consoleTopology("fleet.test.replies", replyKey));
    QList<Amqp::Message> replies;
    connect(&console, &Amqp::Client::messagesReceived, this,
            [&](int queue, const QList<Amqp::Message> &batch) {
                if (queue == 1)
                    replies += batch;
            });
    QSignalSpy consoleReady(&console, &Amqp::Client::ready);
    console.start();
    QVERIFY2(consoleReady.wait(20000), qPrintable(console.lastError()));

    Sim::AmqpFleet fleet(optionsFor(*broker), quickFleet(3, 0));
    QList<int> ranOn;
    connect(&fleet, &Sim::AmqpFleet::commandHandled, this,
            [&](int index, const QByteArray &) { ranOn.append(index); });
    QSignalSpy fleetReady(&fleet, &Sim::AmqpFleet::ready);
    fleet.start();
    QVERIFY2(fleetReady.wait(20000), qPrintable(fleet.client()->lastError()));

    Amqp::Message request;
    request.exchange = "TAP.Commands";
    request.routingKey = Amqp::commandRoutingKey("sim-02");
    QCOMPARE(request.routingKey, "switchboard.sim-02.api");
    request.contentType = "text/plain";
    request.headers.append({"x-fs-api-resp-exchange", "fleet.test.replies", -1});
    request.headers.append({"x-fs-api-resp-key", replyKey, -1});
    request.body = "hostname";
    QVERIFY(console.publish(request));
    QTRY_COMPARE_WITH_TIMEOUT(replies.size(), 1, 20000);

    const Amqp::Message &reply = replies.front();
    QCOMPARE(reply.routingKey, replyKey);
    QCOMPARE(reply.contentType, "text/json");
    const QJsonObject body = QJsonDocument::fromJson(reply.body).object();
    QCOMPARE(body[u"output"].toString(), u"sim-02"_s);
    QCOMPARE(body[u"command"].toString(), u"hostname"_s);
    QCOMPARE(body[u"status"].toInt(-1), 0);
    QCOMPARE(ranOn, QList<int>{1});

    // A second request to sim-03, and one that names no switch of the fleet: only sim-03 runs.
    request.routingKey = Amqp::commandRoutingKey("sim-03");
    request.body = "global_getvar core_uuid";
    QVERIFY(console.publish(request));
    request.routingKey = Amqp::commandRoutingKey("sim-99");
    request.body = "hostname";
    QVERIFY(console.publish(request));
    QTRY_COMPARE_WITH_TIMEOUT(replies.size(), 2, 20000);
    QCOMPARE(QJsonDocument::fromJson(replies.back().body).object()[u"output"].toString(),
             fleet.switchAt(2)->coreUuid());
    QTest::qWait(300); // the unroutable one would have come by now
    QCOMPARE(replies.size(), 2);
    QCOMPARE(ranOn, (QList<int>{1, 2}));
    QCOMPARE(fleet.counters(0).commandsExecuted, 0);
    QCOMPARE(fleet.counters(1).commandsExecuted, 1);
    QCOMPARE(fleet.counters(2).commandsExecuted, 1);
    fleet.stop();
}

void TestSimFleet::beyondTheSendQueueEventsAreDroppedAndCountedWhileTheBreakerIsOpen()
{
    // A broker that is not there: what is published waits in the client's bounded queue. One
    // connection carries every switch, so it holds what all their producer and logging profiles
    // would: 2 switches x 2 profiles x send_queue_size 5.
    Amqp::ConnectionOptions nowhere;
    nowhere.port = 1;
    Sim::FleetConfig config = quickFleet(2, 0);
    config.switchConfig.heartbeatIntervalMs = 0;
    config.sendQueueSize = 5;
    config.circuitBreakerMs = 60000;
    Sim::AmqpFleet fleet(nowhere, config);
    Sim::Switch *first = fleet.switchAt(0);
    for (int i = 0; i < 30; ++i)
        first->fire(Esl::Event(first->eventBase("CUSTOM", "test.c", "test", 1), {}, false));
    // Twenty fitted; the next was refused and opened the first switch's breaker, which drops
    // all its events for circuit_breaker_ms (mod_amqp_producer_event_handler).
    QCOMPARE(fleet.counters(0).eventsPublished, 20);
    QCOMPARE(fleet.counters(0).eventsDropped, 10);
    QCOMPARE(fleet.totals().eventsDropped, 10);
    // The other switch's breaker is its own: its event is tried (and refused, the queue being
    // full), then its breaker opens too.
    Sim::Switch *second = fleet.switchAt(1);
    second->fire(Esl::Event(second->eventBase("CUSTOM", "test.c", "test", 1), {}, false));
    QCOMPARE(fleet.counters(1).eventsDropped, 1);
    QCOMPARE(fleet.counters(1).eventsPublished, 0);
}

QTEST_GUILESS_MAIN(TestSimFleet)
#include "tst_simfleet.moc"
