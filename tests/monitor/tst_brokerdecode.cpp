// What the broker link makes of mod_amqp's messages, without a broker: every event, log line and
// command reply a real FreeSWITCH 1.10.12 published through RabbitMQ (tests/fixtures/real-amqp)
// decodes into the Esl::Event, Esl::LogLine and Esl::Reply the monitor knows, with the right
// headers; hostile bodies are rejected with a reason and counted; commands are checked before
// they are sent.
#include "monitor/brokercommands.h"
#include "monitor/brokerconnection.h"
#include "monitor/brokerdecode.h"
#include "monitor/brokerfleet.h"

#include "amqp/routingkey.h"

#include "sim/amqpcapture.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Monitor;

class TestBrokerDecode : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void decodesEveryCapturedEventWithItsHeaders()
    {
        const auto captured = TestSupport::capturedMessages(QStringLiteral("events.jsonl"));
        QVERIFY(captured.size() > 400);
        int backgroundJobs = 0;
        for (const auto &c : captured) {
            const auto event = BrokerDecode::eventFrom(c.message);
            QVERIFY2(event.ok(), c.message.routingKey.constData());
            Amqp::EventKey key;
            QVERIFY(Amqp::parseEventRoutingKey(c.message.routingKey, &key));
            QCOMPARE(event->eventName(), QByteArrayView(key.eventName));
            QCOMPARE(event->header("Event-Subclass"), QByteArrayView(key.subclass));
            QCOMPARE(BrokerDecode::hostnameOf(*event, c.message), QByteArray("vm"));
            QCOMPARE(event->coreUuid(), QStringLiteral("ad0f782f-efac-49fe-b14b-cf80e483558a"));
            QVERIFY(event->sequence() > 0);
            // Every header of the JSON body, in order, as an Event Socket client would get it.
            const QJsonObject json = QJsonDocument::fromJson(c.message.body).object();
            for (auto it = json.begin(); it != json.end(); ++it) {
                if (it.key() == u"_body" || !it.value().isString())
                    continue;
                QCOMPARE(event->text(it.key().toUtf8()), it.value().toString());
            }
            if (event->eventName() == "BACKGROUND_JOB") {
                ++backgroundJobs;
                QVERIFY(event->hasBody());
                QCOMPARE(QString::fromUtf8(event->body()), json.value(u"_body").toString());
                QVERIFY(!event->jobUuid().isEmpty());
            }
        }
        QVERIFY(backgroundJobs > 0);
    }

    void decodesEveryCapturedLogLine()
    {
        const auto captured = TestSupport::capturedMessages(QStringLiteral("logging.jsonl"));
        QVERIFY(captured.size() > 1700);
        int withSession = 0;
        for (const auto &c : captured) {
            QByteArray hostname;
            const auto line = BrokerDecode::logLineFrom(c.message, &hostname);
            QVERIFY2(line.ok(), c.message.routingKey.constData());
            QCOMPARE(hostname, QByteArray("vm"));
            const QList<QByteArray> parts = c.message.routingKey.split('.');
            QCOMPARE(line->level, BrokerDecode::logLevelOf(parts[2]));
            QVERIFY(line->level >= 4 && line->level <= 7); // WARNING .. DEBUG in this capture
            const QJsonObject json = QJsonDocument::fromJson(c.message.body).object();
            QCOMPARE(line->text, json.value(u"content").toString());
            QCOMPARE(line->file, json.value(u"file").toString());
            QCOMPARE(line->function, json.value(u"function").toString());
            QCOMPARE(line->line, json.value(u"line").toInt());
            QCOMPARE(QString(line->file).replace(u'.', u'_'), QString::fromUtf8(parts[3]));
            if (parts[1] == "(null)") {
                QVERIFY(line->userData.isEmpty());
            } else {
                ++withSession;
                QCOMPARE(line->userData, QString::fromUtf8(parts[1]));
            }
        }
        QVERIFY(withSession > 0);
    }

    void decodesCapturedRepliesAsApiResponses()
    {
        int replies = 0, unknownCommands = 0;
        for (const auto &command : TestSupport::capturedCommands()) {
            for (const auto &r : command.replies) {
                ++replies;
                const auto reply = BrokerDecode::commandReplyFrom(r.message);
                QVERIFY2(reply.ok(), qPrintable(command.note));
                const QJsonObject json = QJsonDocument::fromJson(r.message.body).object();
                QCOMPARE(reply->command, json.value(u"command").toString());
                QCOMPARE(reply->status, json.value(u"status").toInt());
                QCOMPARE(reply->reply.contentType(), QByteArrayView("api/response"));
                const QString output = json.value(u"output").toString();
                if (reply->status == 0) {
                    QCOMPARE(reply->reply.text(), output);
                    QCOMPARE(reply->reply.ok(), !output.startsWith(u"-ERR"));
                } else {
                    ++unknownCommands;
                    QVERIFY(!reply->reply.ok());
                    QVERIFY(reply->reply.text().contains(output));
                }
            }
        }
        QCOMPARE(replies, 11);
        QCOMPARE(unknownCommands, 1);
    }

    void rejectsMalformedMessagesWithAReason_data()
    {
        QTest::addColumn<QByteArray>("exchange");
        QTest::addColumn<QByteArray>("key");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("reason");
        const QByteArray events = "TAP.Events", logs = "TAP.Logging";
        const QByteArray eventKey = "FreeSWITCH.vm.HEARTBEAT..";
        const QByteArray logKey = "vm.(null).DEBUG.switch_c";
        QTest::newRow("event not json") << events << eventKey << QByteArray("Event-Name: X")
                                        << QStringLiteral("json event");
        QTest::newRow("event a json array") << events << eventKey << QByteArray("[1,2]")
                                            << QStringLiteral("json event");
        QTest::newRow("event cut short") << events << eventKey
                                         << QByteArray("{\"Event-Name\":\"HEART")
                                         << QStringLiteral("json event");
        QTest::newRow("event without a name") << events << eventKey
                                              << QByteArray("{\"Core-UUID\":\"x\"}")
                                              << QStringLiteral("Event-Name");
        QTest::newRow("event without a host") << events << QByteArray("nonsense")
                                              << QByteArray("{\"Event-Name\":\"HEARTBEAT\"}")
                                              << QStringLiteral("no FreeSWITCH-Hostname");
        QTest::newRow("event with a huge hostname")
            << events << eventKey
            << QByteArray("{\"Event-Name\":\"HEARTBEAT\",\"FreeSWITCH-Hostname\":\"" +
                          QByteArray(100000, 'h') + "\"}")
            << QStringLiteral("100000 bytes");
        QTest::newRow("log key of three parts") << logs << QByteArray("vm.(null).DEBUG")
                                                << QByteArray("{\"content\":\"x\"}")
                                                << QStringLiteral("routing key");
        QTest::newRow("log not json") << logs << logKey << QByteArray("{\n\t\"file\":")
                                      << QStringLiteral("log line:");
        QTest::newRow("log without content") << logs << logKey
                                             << QByteArray("{\"level\":\"DEBUG\"}")
                                             << QStringLiteral("content");
        QTest::newRow("log of an unknown level") << logs << logKey
                                                 << QByteArray("{\"level\":\"LOUD\",\"content\":\"x\"}")
                                                 << QStringLiteral("unknown level");
    }

    void rejectsMalformedMessagesWithAReason()
    {
        QFETCH(QByteArray, exchange);
        QFETCH(QByteArray, key);
        QFETCH(QByteArray, body);
        QFETCH(QString, reason);
        Amqp::Message bad;
        bad.exchange = exchange;
        bad.routingKey = key;
        bad.body = body;
        Amqp::Message good;
        good.exchange = "TAP.Events";
        good.routingKey = "FreeSWITCH.vm.HEARTBEAT..";
        good.body = "{\"Event-Name\":\"HEARTBEAT\",\"FreeSWITCH-Hostname\":\"vm\"}";
        const BrokerDecode::Batch batch = BrokerDecode::decodeBatch({bad, good, bad});
        QCOMPARE(batch.malformed, 2);
        QCOMPARE(batch.firstMalformed.size(), 2);
        QVERIFY2(batch.firstMalformed.first().reason.contains(reason),
                 qPrintable(batch.firstMalformed.first().reason));
        QCOMPARE(batch.firstMalformed.first().routingKey, key);
        QCOMPARE(batch.switches.size(), 1); // the good one still goes through
        QCOMPARE(batch.switches.first().items.size(), 1);
    }

    void describesOnlyTheFirstFewMalformedMessages()
    {
        Amqp::Message bad;
        bad.exchange = "TAP.Events";
        bad.body = "garbage";
        const BrokerDecode::Batch batch = BrokerDecode::decodeBatch(QList<Amqp::Message>(100, bad));
        QCOMPARE(batch.malformed, 100);
        QCOMPARE(batch.firstMalformed.size(), BrokerDecode::kMaxDescribedMalformed);
    }

    void groupsABatchBySwitchInOrder()
    {
        const auto event = [](const char *host, int sequence) {
            Amqp::Message m;
            m.exchange = "TAP.Events";
            m.body = QByteArray("{\"Event-Name\":\"CUSTOM\",\"FreeSWITCH-Hostname\":\"") + host +
                     "\",\"Event-Sequence\":\"" + QByteArray::number(sequence) + "\"}";
            return m;
        };
        Amqp::Message log;
        log.exchange = "TAP.Logging";
        log.routingKey = "b.abc.INFO.x_c";
        log.body = "{\"level\":\"INFO\",\"content\":\"hello\\n\"}";
        const auto batch =
            BrokerDecode::decodeBatch({event("a", 1), event("b", 7), log, event("a", 2)});
        QCOMPARE(batch.switches.size(), 2);
        QCOMPARE(batch.switches[0].hostname, QByteArray("a"));
        QCOMPARE(batch.switches[0].items.size(), 2);
        QCOMPARE(batch.switches[0].items[1].event.sequence(), 2);
        QCOMPARE(batch.switches[1].hostname, QByteArray("b"));
        QCOMPARE(batch.switches[1].items.size(), 2);
        QVERIFY(batch.switches[1].items[1].isLog);
        QCOMPARE(batch.switches[1].items[1].line.userData, QStringLiteral("abc"));
        QCOMPARE(batch.switches[1].items[1].line.level, 6);
    }

    void refusesCommandsTheSwitchWouldCutOrSplit()
    {
        QVERIFY(BrokerCommands::commandBody(QStringLiteral("status")).ok());
        QVERIFY(BrokerCommands::commandBody(QString(BrokerCommands::kMaxCommandBytes, u'x')).ok());
        const auto tooLong =
            BrokerCommands::commandBody(QString(BrokerCommands::kMaxCommandBytes + 1, u'x'));
        QVERIFY(!tooLong.ok());
        QCOMPARE(tooLong.error().code, Esl::Error::Code::InvalidArgument);
        QVERIFY(tooLong.error().message.contains(u"10239"));
        // Multi-byte characters count as their UTF-8 bytes.
        QVERIFY(!BrokerCommands::commandBody(QString(6000, QChar(0xe9))).ok());
        for (const char *line : {"status\nshutdown", "status\r", "\n"}) {
            const auto refused = BrokerCommands::commandBody(QString::fromLatin1(line));
            QVERIFY(!refused.ok());
            QCOMPARE(refused.error().code, Esl::Error::Code::InvalidArgument);
        }
        QVERIFY(!BrokerCommands::commandBody(QString()).ok());
    }

    void namesEachSwitchsCommandKey()
    {
        BrokerOptions options;
        options.commandKeys.insert(QStringLiteral("edge"), QStringLiteral("commandBindingKey"));
        BrokerConnection connection(options);
        QCOMPARE(connection.commandKey(QStringLiteral("vm")), QByteArray("switchboard.vm.api"));
        QCOMPARE(connection.commandKey(QStringLiteral("a.b")), Amqp::commandRoutingKey("a.b"));
        QCOMPARE(connection.commandKey(QStringLiteral("edge")), QByteArray("commandBindingKey"));
        options.commandKeyTemplate = QStringLiteral("fs.<hostname>.cmd");
        BrokerConnection templated(options);
        QCOMPARE(templated.commandKey(QStringLiteral("vm")), QByteArray("fs.vm.cmd"));
    }

    void bindsWhatTheOperatorWatches()
    {
        BrokerOptions options;
        options.consoleId = QStringLiteral("console1");
        BrokerConnection all(options);
        Amqp::Topology topology = all.topology();
        QCOMPARE(topology.queues.size(), 3);
        QCOMPARE(topology.queues[0].maxLength, 100000);
        QVERIFY(topology.queues[0].overflowDropHead);
        QCOMPARE(topology.queues[0].deadLetterExchange, QByteArray("switchboard.overflow"));
        const auto keysOn = [](const Amqp::Topology &t, const QByteArray &exchange) {
            QList<QByteArray> keys;
            for (const Amqp::Binding &b : t.bindings) {
                if (b.exchange == exchange)
                    keys.append(b.routingKey);
            }
            return keys;
        };
        QCOMPARE(keysOn(topology, "TAP.Events"), QList<QByteArray>{Amqp::eventBindingKey()});
        QCOMPARE(keysOn(topology, "TAP.Logging"), QList<QByteArray>{"#"});
        QCOMPARE(keysOn(topology, "switchboard.replies"), QList<QByteArray>{"console1.#"});

        options.hostnames = {QStringLiteral("vm")};
        options.eventNames = {QStringLiteral("CHANNEL_ANSWER")};
        options.logLines = false;
        BrokerConnection some(options);
        topology = some.topology();
        const QList<QByteArray> expected{Amqp::eventBindingKey("vm", "CHANNEL_ANSWER"),
                                         Amqp::eventBindingKey("vm", "HEARTBEAT"),
                                         Amqp::eventBindingKey("vm", "BACKGROUND_JOB")};
        QCOMPARE(keysOn(topology, "TAP.Events"), expected);
        QVERIFY(keysOn(topology, "TAP.Logging").isEmpty());
    }

    void givesEachHostnameTheSameColourEveryTime()
    {
        const QString a = BrokerFleet::colourFor(QStringLiteral("sim-01"));
        QCOMPARE(BrokerFleet::colourFor(QStringLiteral("sim-01")), a);
        QVERIFY(QRegularExpression(QStringLiteral("^#[0-9a-f]{6}$")).match(a).hasMatch());
        QSet<QString> colours;
        for (int i = 0; i < 20; ++i)
            colours.insert(BrokerFleet::colourFor(QStringLiteral("sim-%1").arg(i)));
        QVERIFY(colours.size() > 5);
    }
};

QTEST_GUILESS_MAIN(TestBrokerDecode)
#include "tst_brokerdecode.moc"
