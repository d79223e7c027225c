// mod_amqp's routing keys, checked against what a real FreeSWITCH 1.10.12 published through
// RabbitMQ (tests/fixtures/real-amqp): every captured key is rebuilt from the message body, and
// parsed back into the headers it came from.
#include "amqp/routingkey.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Amqp;

namespace {

QList<QJsonObject> readCapture(const char *name)
{
    QList<QJsonObject> lines;
    QFile file(QStringLiteral(SWITCHBOARD_FIXTURES "/real-amqp/") + QLatin1String(name));
    if (!file.open(QIODevice::ReadOnly))
        return lines;
    while (!file.atEnd()) {
        const QByteArray line = file.readLine().trimmed();
        if (!line.isEmpty())
            lines.append(QJsonDocument::fromJson(line).object());
    }
    return lines;
}

// FreeSWITCH looks event headers up without regard to case, so a PRESENCE_IN event's
// "unique-id" header fills the Unique-ID field of its key ("FreeSWITCH.vm.PRESENCE_IN..amqp").
QByteArray field(const QJsonObject &body, const char *name)
{
    const QLatin1String wanted(name);
    if (body.contains(wanted))
        return body.value(wanted).toString().toUtf8();
    for (auto it = body.begin(); it != body.end(); ++it) {
        if (it.key().compare(wanted, Qt::CaseInsensitive) == 0)
            return it.value().toString().toUtf8();
    }
    return {};
}

} // namespace

class TestAmqpRouting : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void rebuildsEveryCapturedEventKeyFromItsBody()
    {
        const QList<QJsonObject> messages = readCapture("events.jsonl");
        QCOMPARE(messages.size(), 413);
        int withSubclass = 0, withoutUuid = 0;
        for (const QJsonObject &message : messages) {
            const QJsonObject body
                = QJsonDocument::fromJson(message.value(u"body").toString().toUtf8()).object();
            QVERIFY(!body.isEmpty());
            const QByteArray expected = message.value(u"routing_key").toString().toUtf8();
            const QByteArray key = eventRoutingKey(field(body, "FreeSWITCH-Hostname"),
                                                   field(body, "Event-Name"),
                                                   field(body, "Event-Subclass"),
                                                   field(body, "Unique-ID"));
            QCOMPARE(key, expected);
            withSubclass += body.contains(u"Event-Subclass");
            withoutUuid += !body.contains(u"Unique-ID");
        }
        QVERIFY(withSubclass > 0); // the capture has CUSTOM events with "::" in their subclass
        QVERIFY(withoutUuid > 0);  // and events of no channel (HEARTBEAT, API)
    }

    void parsesEveryCapturedEventKeyBackIntoItsHeaders()
    {
        for (const QJsonObject &message : readCapture("events.jsonl")) {
            const QJsonObject body
                = QJsonDocument::fromJson(message.value(u"body").toString().toUtf8()).object();
            EventKey parsed;
            QVERIFY(parseEventRoutingKey(message.value(u"routing_key").toString().toUtf8(), &parsed));
            QCOMPARE(parsed.prefix, QByteArray("FreeSWITCH"));
            QCOMPARE(parsed.hostname, field(body, "FreeSWITCH-Hostname"));
            QCOMPARE(parsed.eventName, field(body, "Event-Name"));
            QCOMPARE(parsed.subclass, field(body, "Event-Subclass"));
            QCOMPARE(parsed.uniqueId, field(body, "Unique-ID"));
        }
    }

    void escapesAsModAmqpDoes_data()
    {
        QTest::addColumn<QByteArray>("value");
        QTest::addColumn<QByteArray>("escaped");
        QTest::newRow("plain") << QByteArray("CHANNEL_CREATE") << QByteArray("CHANNEL_CREATE");
        QTest::newRow("kept-punctuation") << QByteArray("a-b~c_d") << QByteArray("a-b~c_d");
        QTest::newRow("dot") << QByteArray("host.example.org") << QByteArray("host%2Eexample%2Eorg");
        QTest::newRow("space") << QByteArray("two words") << QByteArray("two+words");
        QTest::newRow("colons") << QByteArray("conference::maintenance")
                                << QByteArray("conference%3A%3Amaintenance");
        QTest::newRow("lone-hash") << QByteArray("#") << QByteArray("#");
        QTest::newRow("lone-star") << QByteArray("*") << QByteArray("*");
        QTest::newRow("hash-inside") << QByteArray("a#b") << QByteArray("a%23b");
        QTest::newRow("star-inside") << QByteArray("**") << QByteArray("%2A%2A");
        QTest::newRow("utf8") << QByteArray("h\xc3\xa9") << QByteArray("h%C3%A9");
        QTest::newRow("percent") << QByteArray("50%") << QByteArray("50%25");
        QTest::newRow("plus") << QByteArray("a+b") << QByteArray("a%2Bb");
        QTest::newRow("empty") << QByteArray() << QByteArray();
    }

    void escapesAsModAmqpDoes()
    {
        QFETCH(QByteArray, value);
        QFETCH(QByteArray, escaped);
        QCOMPARE(escapeKeyPart(value), escaped);
        if (value != "#" && value != "*")
            QCOMPARE(unescapeKeyPart(escaped), value);
    }

    void eventKeysHaveFivePartsAndAreCutAt255Bytes()
    {
        QCOMPARE(eventRoutingKey("vm", "HEARTBEAT", {}, {}), QByteArray("FreeSWITCH.vm.HEARTBEAT.."));
        const QByteArray longKey = eventRoutingKey("vm", "CUSTOM", QByteArray(300, 'x'), "u");
        QCOMPARE(longKey.size(), maxRoutingKeyLength);
        EventKey parsed;
        QVERIFY(!parseEventRoutingKey("FreeSWITCH.vm.HEARTBEAT.", &parsed));
        QVERIFY(!parseEventRoutingKey("FreeSWITCH.vm.A.B.C.D", &parsed));
        QVERIFY(parseEventRoutingKey("FreeSWITCH.my%2Ehost.CUSTOM.a%3A%3Ab.", &parsed));
        QCOMPARE(parsed.hostname, QByteArray("my.host"));
        QCOMPARE(parsed.subclass, QByteArray("a::b"));
    }

    void rebuildsEveryCapturedLogKeyFromItsBody()
    {
        const QList<QJsonObject> messages = readCapture("logging.jsonl");
        QCOMPARE(messages.size(), 1763);
        int withoutSession = 0;
        for (const QJsonObject &message : messages) {
            const QByteArray expected = message.value(u"routing_key").toString().toUtf8();
            const QJsonObject body
                = QJsonDocument::fromJson(message.value(u"body").toString().toUtf8()).object();
            QVERIFY(!body.isEmpty());
            // The session's uuid is not in the body; the key is the only place it is.
            const QList<QByteArray> parts = expected.split('.');
            QCOMPARE(parts.size(), 4);
            const QByteArray uuid = parts[1] == "(null)" ? QByteArray() : parts[1];
            withoutSession += uuid.isEmpty();
            QCOMPARE(logRoutingKey("vm", uuid, field(body, "level"), field(body, "file")), expected);
        }
        QVERIFY(withoutSession > 0);
    }

    void bindingKeysMatchTheShapes()
    {
        QCOMPARE(eventBindingKey(), QByteArray("FreeSWITCH.*.#"));
        QCOMPARE(eventBindingKey("vm"), QByteArray("FreeSWITCH.vm.#"));
        QCOMPARE(eventBindingKey("vm", "CHANNEL_ANSWER"), QByteArray("FreeSWITCH.vm.CHANNEL_ANSWER.#"));
        QCOMPARE(eventBindingKey({}, "HEARTBEAT"), QByteArray("FreeSWITCH.*.HEARTBEAT.#"));
        QCOMPARE(eventBindingKey("a.b"), QByteArray("FreeSWITCH.a%2Eb.#"));
        QCOMPARE(logBindingKey(), QByteArray("#"));
        QCOMPARE(logBindingKey("vm"), QByteArray("vm.#"));
        QCOMPARE(commandRoutingKey("vm"), QByteArray("switchboard.vm.api"));
        QCOMPARE(commandRoutingKey("a.b"), QByteArray("switchboard.a%2Eb.api"));
    }
};

QTEST_GUILESS_MAIN(TestAmqpRouting)
#include "tst_amqprouting.moc"
