// A broker-connected console through rainy days, on a real RabbitMQ (issue #18): the broker
// restarts (every link reconnecting, then the topology declared again and every switch
// re-synced, no record stored twice); a switch restarts (a new Core-UUID: its channels
// reconciled); a console falls behind (the queue's bound drops, the overflow is counted and
// every switch re-synced).
#include "brokerconsole.h"

#include "amqp/client.h"
#include "amqp/routingkey.h"

#include <QThread>

#include <set>

using namespace TestSupport;
using namespace Monitor;

namespace {

// No event stored twice for a server: (Core-UUID, Event-Sequence) is unique per record.
QString duplicatedRecords(const Hub &hub)
{
    const EventStore *store = const_cast<Hub &>(hub).store();
    std::set<std::tuple<ServerId, QString, qint64>> seen;
    qint64 duplicates = 0;
    QString first;
    for (Sequence seq = store->firstSequence(); seq < store->endSequence(); ++seq) {
        const auto record = store->record(seq);
        if (!record || record->kind() != RecordKind::Event)
            continue;
        const auto event = store->event(seq);
        if (!event || event->sequence() < 0)
            continue;
        if (!seen.insert({record->server(), event->coreUuid(), event->sequence()}).second) {
            if (duplicates++ == 0)
                first = QStringLiteral("%1 #%2").arg(event->name()).arg(event->sequence());
        }
    }
    return duplicates == 0 ? QString()
                           : QStringLiteral("%1 duplicated records, the first %2")
                                 .arg(duplicates)
                                 .arg(first);
}

} // namespace

class TestBrokerFaults : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void aBrokerRestartReconnectsAndResyncsWithoutDuplicates()
    {
        QSKIP_UNLESS_BROKER(broker);
        const auto fleet = startFleet(*broker, 3);
        Console console(*broker);
        QTRY_VERIFY2_WITH_TIMEOUT(showsEveryChannel(console, *fleet),
                                  qPrintable(whatIsMissing(console, *fleet)), 30000);
        ServerMonitor *server = console.server(fleet->hostname(0));
        QSignalSpy states(server->link(), &SwitchLink::stateChanged);
        QSignalSpy reconciled(server, &ServerMonitor::reconciled);

        QVERIFY2(broker->restart(), qPrintable(broker->lastError()));
        QTRY_VERIFY_WITH_TIMEOUT(console.connection->isReady(), 60000);
        // A call placed while the console was away is found by the re-sync.
        QTRY_VERIFY_WITH_TIMEOUT(fleet->client()->state() == Amqp::State::Live, 30000);
        fleet->switchAt(0)->placeCall({});
        QTRY_VERIFY2_WITH_TIMEOUT(showsEveryChannel(console, *fleet),
                                  qPrintable(whatIsMissing(console, *fleet)), 60000);
        bool wentAway = false;
        for (const auto &args : states)
            wentAway |= args.at(0).value<LinkState>() != LinkState::Live;
        QVERIFY(wentAway);
        QCOMPARE(states.last().at(0).value<LinkState>(), LinkState::Live);
        QVERIFY(reconciled.size() >= 1);
        QCOMPARE(console.hub.servers().size(), 3); // the same servers, not new ones
        const QString duplicates = duplicatedRecords(console.hub);
        QVERIFY2(duplicates.isEmpty(), qPrintable(duplicates));
    }

    void aRestartedSwitchIsReconciled()
    {
        QSKIP_UNLESS_BROKER(broker);
        const auto fleet = startFleet(*broker, 2);
        Console console(*broker);
        QTRY_VERIFY2_WITH_TIMEOUT(showsEveryChannel(console, *fleet),
                                  qPrintable(whatIsMissing(console, *fleet)), 30000);
        ServerMonitor *server = console.server(fleet->hostname(1));
        const QSet<QString> before = liveChannels(server);
        QVERIFY(!before.isEmpty());
        QSignalSpy coreChanged(server->link(), &SwitchLink::coreUuidChanged);

        Sim::Switch *sw = fleet->switchAt(1);
        sw->restart();
        const QString core = sw->coreUuid();
        QTRY_COMPARE_WITH_TIMEOUT(server->link()->coreUuid(), core, 15000);
        QCOMPARE(coreChanged.size(), 1);
        QTRY_VERIFY2_WITH_TIMEOUT(showsEveryChannel(console, *fleet),
                                  qPrintable(whatIsMissing(console, *fleet)), 30000);
        for (const QString &uuid : before)
            QVERIFY(!liveChannels(server).contains(uuid) || sw->hasChannel(uuid));
        QCOMPARE(console.hub.servers().size(), 2);
    }

    void aConsoleThatFallsBehindCountsTheOverflowAndResyncs()
    {
        QSKIP_UNLESS_BROKER(broker);
        const auto fleet = startFleet(*broker, 1);
        BrokerOptions options;
        options.maxQueueLength = 50;
        options.prefetch = 50;
        Console console(*broker, options);
        QTRY_VERIFY2_WITH_TIMEOUT(showsEveryChannel(console, *fleet),
                                  qPrintable(whatIsMissing(console, *fleet)), 30000);
        ServerMonitor *server = console.server(fleet->hostname(0));
        QSignalSpy reconciled(server, &ServerMonitor::reconciled);
        QSignalSpy overflowed(console.connection.get(), &BrokerConnection::overflowed);

        // Another publisher floods the switch's key while this (the console's) thread is busy:
        // the handover fills, the worker stops reading, the broker's bound drops the head.
        Amqp::Client flood(brokerOptions(*broker));
        flood.setMaxQueuedPublishes(40000);
        QSignalSpy floodReady(&flood, &Amqp::Client::ready);
        flood.start();
        QVERIFY(floodReady.wait(20000));
        const int burst = 20000;
        for (int i = 0; i < burst; ++i) {
            Amqp::Message m;
            m.exchange = "TAP.Events";
            m.routingKey = Amqp::eventRoutingKey(fleet->hostname(0).toUtf8(), "CUSTOM",
                                                 "test::burst", {});
            m.contentType = "text/json";
            m.body = "{\"Event-Name\":\"CUSTOM\",\"Event-Subclass\":\"test::burst\","
                     "\"FreeSWITCH-Hostname\":\"" + fleet->hostname(0).toUtf8() +
                     "\",\"Burst\":\"" + QByteArray::number(i) + "\"}";
            QVERIFY(flood.publish(m));
        }
        QThread::sleep(4); // busy: nothing handed over is taken
        QTRY_VERIFY_WITH_TIMEOUT(console.connection->droppedByBroker() > 0, 30000);
        QVERIFY(!overflowed.isEmpty());
        // One re-sync of the switch after the burst, and in step again.
        QTRY_VERIFY_WITH_TIMEOUT(!reconciled.isEmpty(), 30000);
        QTRY_VERIFY2_WITH_TIMEOUT(showsEveryChannel(console, *fleet),
                                  qPrintable(whatIsMissing(console, *fleet)), 30000);
        // Whatever was not dropped arrived; together they are the burst.
        QTRY_VERIFY_WITH_TIMEOUT(server->eventsReceived() > 0, 10000);
        QVERIFY(console.connection->droppedByBroker() < burst);
        flood.stop();
    }
};

QTEST_GUILESS_MAIN(TestBrokerFaults)
#include "tst_brokerfaults.moc"
