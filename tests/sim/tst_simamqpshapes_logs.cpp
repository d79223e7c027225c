// tst_simamqpshapes: log lines on TAP.Logging.

#include "simamqpshapes.h"

#include "sim/amqpformat.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTest>

using namespace Qt::Literals::StringLiterals;

namespace {

int levelNumber(const QString &name)
{
    static const QStringList names{u"CONSOLE"_s, u"ALERT"_s,  u"CRIT"_s, u"ERR"_s,
                                   u"WARNING"_s, u"NOTICE"_s, u"INFO"_s, u"DEBUG"_s};
    return int(names.indexOf(name));
}

const QRegularExpression &logKeyShape()
{
    // HOSTNAME.USERDATA.LEVEL.FILE, the file's dots as underscores; "(null)" without a session.
    static const QRegularExpression shape(
        uR"re(^[^.]+\.([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|\(null\))\.)re"
        uR"re((DEBUG|INFO|NOTICE|WARNING|ERR|CRIT|ALERT)\.[A-Za-z0-9_]+$)re"_s);
    return shape;
}

QStringList keysInOrder(const QByteArray &body)
{
    // QJsonObject sorts its keys: read the member names as they stand in the text.
    QStringList keys;
    static const QRegularExpression member(uR"re(\n\t"([a-z_]+)":\t)re"_s);
    auto it = member.globalMatch(QString::fromUtf8(body));
    while (it.hasNext())
        keys.append(it.next().captured(1));
    return keys;
}

} // namespace

void TestSimAmqpShapes::rebuildsEveryCapturedLogLineByteForByte()
{
    // Each captured line, taken apart and written again by AmqpFormat::logMessage: the layout,
    // the number formats (1796579077.0135949 needs 17 digits, 1796579076.97362 only 15), the
    // local time and the content's leading space all come out as the switch wrote them.
    for (const TestSupport::CapturedMessage &captured : std::as_const(m_logLines)) {
        const QJsonObject o = QJsonDocument::fromJson(captured.message.body).object();
        Sim::LogEntry entry;
        entry.level = levelNumber(o[u"level"].toString());
        entry.file = o[u"file"].toString();
        entry.function = o[u"function"].toString();
        entry.line = o[u"line"].toInt();
        const QList<QByteArray> key = captured.message.routingKey.split('.');
        QCOMPARE(key.size(), 4);
        entry.uuid = key[1] == "(null)" ? QString() : QString::fromUtf8(key[1]);
        const QByteArray content = o[u"content"].toString().toUtf8();
        entry.channel = content.startsWith(' ') ? 0 : 1;
        entry.text = entry.channel == 1 ? content : content.mid(1);
        const QString stamp = o[u"timestamp"].toString();
        const QDateTime second = QDateTime::fromString(stamp.left(19), u"yyyy-MM-dd HH:mm:ss"_s);
        QVERIFY(second.isValid());
        const qint64 micros = second.toSecsSinceEpoch() * 1000000 + stamp.mid(20).toLongLong();

        const Amqp::Message rebuilt = Sim::AmqpFormat::logMessage(entry, "vm", micros);
        QCOMPARE(rebuilt.body, captured.message.body);
        QCOMPARE(rebuilt.routingKey, captured.message.routingKey);
        QCOMPARE(rebuilt.exchange, "TAP.Logging");
        QCOMPARE(rebuilt.contentType, captured.message.contentType);
        QCOMPARE(rebuilt.contentType, "application/json");
        QCOMPARE(rebuilt.timestamp, -1);
        QVERIFY(rebuilt.headers.isEmpty());
        QCOMPARE(captured.properties.keys(), QStringList{u"content_type"_s});
    }
}

void TestSimAmqpShapes::simulatedLogLinesHaveTheCapturesShape()
{
    const QRegularExpression body(TestSupport::logBodyPattern());
    QVERIFY(body.isValid());
    const QStringList capturedKeys = keysInOrder(m_logLines.front().message.body);
    QCOMPARE(capturedKeys, (QStringList{u"file"_s, u"function"_s, u"line"_s, u"level"_s,
                                        u"timestamp"_s, u"timestamp_epoch"_s, u"content"_s}));
    for (const TestSupport::CapturedMessage &captured : std::as_const(m_logLines)) {
        QVERIFY2(body.match(QString::fromUtf8(captured.message.body)).hasMatch(),
                 captured.message.body.constData());
        QVERIFY2(logKeyShape().match(QString::fromUtf8(captured.message.routingKey)).hasMatch(),
                 captured.message.routingKey.constData());
    }

    int published = 0;
    bool sawSessionLine = false;
    for (const Sim::LogEntry &entry : std::as_const(m_simLog)) {
        if (!Sim::AmqpFormat::loggingProfileTakes(entry.level))
            continue;
        ++published;
        const Amqp::Message m = Sim::AmqpFormat::logMessage(entry, "sim-01");
        QCOMPARE(m.exchange, "TAP.Logging");
        QCOMPARE(m.contentType, "application/json");
        QVERIFY(m.headers.isEmpty());
        QCOMPARE(m.timestamp, -1);
        QVERIFY2(body.match(QString::fromUtf8(m.body)).hasMatch(), m.body.constData());
        QCOMPARE(keysInOrder(m.body), capturedKeys);
        QVERIFY2(logKeyShape().match(QString::fromUtf8(m.routingKey)).hasMatch(),
                 m.routingKey.constData());
        QVERIFY(m.routingKey.startsWith("sim-01."));
        const QJsonObject o = QJsonDocument::fromJson(m.body).object();
        QCOMPARE(o[u"file"].toString(), entry.file);
        QCOMPARE(o[u"line"].toInt(), entry.line);
        // The content is the text as switch_log.c keeps it: after a space, except on the
        // clean channel.
        QCOMPARE(o[u"content"].toString().toUtf8(),
                 entry.channel == 1 ? entry.text : ' ' + entry.text);
        sawSessionLine = sawSessionLine || !entry.uuid.isEmpty();
    }
    QVERIFY(published > 10);
    QVERIFY(sawSessionLine);
    // The line the test wrote itself, escapes and all.
    const Sim::LogEntry &own = m_simLog.back();
    QCOMPARE(own.function, u"consoleLog"_s);
    const Amqp::Message m = Sim::AmqpFormat::logMessage(own, "sim-01", 1796579077013595);
    QCOMPARE(m.routingKey, "sim-01.(null).NOTICE.switch_cpp_cpp");
    QCOMPARE(m.body, "{\n\t\"file\":\t\"switch_cpp.cpp\",\n\t\"function\":\t\"consoleLog\",\n"
                     "\t\"line\":\t1183,\n\t\"level\":\t\"NOTICE\",\n"
                     "\t\"timestamp\":\t\"2026-12-06 17:44:37.013595\",\n"
                     "\t\"timestamp_epoch\":\t1796579077.0135949,\n"
                     "\t\"content\":\t\" a line from the \\\"console\\\"\\twith a tab\\n\"\n}");
}

void TestSimAmqpShapes::consoleLevelLinesAreNotInTheLoggingProfile()
{
    // The sample profile's log-levels are debug..alert: CONSOLE (0) is not among them.
    QVERIFY(!Sim::AmqpFormat::loggingProfileTakes(0));
    for (int level = 1; level <= 7; ++level)
        QVERIFY(Sim::AmqpFormat::loggingProfileTakes(level));
    QCOMPARE(Sim::AmqpFormat::logLevelName(3), "ERR");
    QCOMPARE(Sim::AmqpFormat::logLevelName(4), "WARNING");
    QCOMPARE(Sim::AmqpFormat::cjsonNumber(2301), "2301");
    QCOMPARE(Sim::AmqpFormat::cjsonNumber(1796579076.97362), "1796579076.97362");
}
