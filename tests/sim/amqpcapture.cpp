#include "amqpcapture.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

namespace TestSupport {

namespace {

QList<QJsonObject> readLines(const QString &file)
{
    QFile in(QStringLiteral(SWITCHBOARD_FIXTURES "/real-amqp/") + file);
    if (!in.open(QIODevice::ReadOnly)) {
        QTest::qFail(qPrintable(QStringLiteral("cannot read %1").arg(in.fileName())), __FILE__,
                     __LINE__);
        return {};
    }
    QList<QJsonObject> lines;
    for (const QByteArray &line : in.readAll().split('\n')) {
        if (!line.trimmed().isEmpty())
            lines.append(QJsonDocument::fromJson(line).object());
    }
    return lines;
}

Amqp::Message messageOf(const QJsonObject &o, const QJsonObject &properties)
{
    Amqp::Message m;
    m.exchange = o.value(u"exchange").toString().toUtf8();
    m.routingKey = o.value(u"routing_key").toString().toUtf8();
    m.body = o.value(u"body").toString().toUtf8();
    m.redelivered = o.value(u"redelivered").toBool();
    m.contentType = properties.value(u"content_type").toString().toUtf8();
    if (properties.contains(u"timestamp"))
        m.timestamp = qint64(properties.value(u"timestamp").toDouble());
    const QJsonObject headers = properties.value(u"headers").toObject();
    for (auto it = headers.begin(); it != headers.end(); ++it) {
        Amqp::Header h;
        h.name = it.key().toUtf8();
        if (it.value().isObject() && it.value()[u"type"].toString() == QStringLiteral("timestamp"))
            h.timestamp = qint64(it.value()[u"epoch"].toDouble());
        else
            h.text = it.value().toString().toUtf8();
        m.headers.append(h);
    }
    return m;
}

} // namespace

QList<CapturedMessage> capturedMessages(const QString &file)
{
    QList<CapturedMessage> out;
    for (const QJsonObject &o : readLines(file)) {
        const QJsonObject properties = o.value(u"properties").toObject();
        out.append({messageOf(o, properties), properties});
    }
    return out;
}

QList<CapturedCommand> capturedCommands()
{
    QList<CapturedCommand> out;
    for (const QJsonObject &o : readLines(QStringLiteral("commands.jsonl"))) {
        CapturedCommand command;
        command.note = o.value(u"note").toString();
        const QJsonObject published = o.value(u"published").toObject();
        command.published = messageOf(published, published.value(u"properties").toObject());
        for (const QJsonValue &reply : o.value(u"replies").toArray()) {
            const QJsonObject properties = reply[u"properties"].toObject();
            command.replies.append({messageOf(reply.toObject(), properties), properties});
        }
        out.append(command);
    }
    return out;
}

QString logBodyPattern()
{
    // cJSON_Print: a tab before each member, ":\t" after each key, ",\n" between members.
    return QStringLiteral(
        R"re(^\{\n\t"file":\t"[^"\n]+",\n\t"function":\t"[^"\n]*",\n\t"line":\t\d+,\n)re"
        R"re(\t"level":\t"(DEBUG|INFO|NOTICE|WARNING|ERR|CRIT|ALERT)",\n)re"
        R"re(\t"timestamp":\t"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}",\n)re"
        R"re(\t"timestamp_epoch":\t\d{10}(\.\d{1,7})?,\n\t"content":\t"(?:[^"\\\n]++|\\.)*+"\n\}$)re");
}

QString replyBodyPattern()
{
    return QStringLiteral(R"re(^\{\n\t"output":\t"(?:[^"\\\n]++|\\.)*+",\n)re"
                          R"re(\t"command":\t"(?:[^"\\\n]++|\\.)*+",\n\t"status":\t[01]\n\}$)re");
}

} // namespace TestSupport
