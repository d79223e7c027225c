// Seeds for fuzz_broker: messages of the real mod_amqp capture (tests/fixtures/real-amqp) in
// fuzz_broker's input form — a kind byte ('0' event, '1' log line, '2' command reply), the
// routing key, a newline, the body. Every tenth event and log line, and every reply, each a
// seed of its own, and one batch of a few of each.

#include "seeds.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cstdio>

namespace Seeds {

namespace {

QList<QJsonObject> lines(const QString &path)
{
    QList<QJsonObject> out;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        std::fprintf(stderr, "fuzz_make_seeds: cannot read %s\n", qPrintable(path));
        return out;
    }
    while (!file.atEnd()) {
        const QJsonDocument line = QJsonDocument::fromJson(file.readLine());
        if (line.isObject())
            out.append(line.object());
    }
    return out;
}

QByteArray seedOf(char kind, const QJsonObject &delivery)
{
    return kind + delivery.value(u"routing_key").toString().toUtf8() + '\n'
           + delivery.value(u"body").toString().toUtf8();
}

} // namespace

bool writeBrokerSeeds(const QString &fixtures, const QDir &dir)
{
    const QString base = fixtures + QStringLiteral("/real-amqp/");
    const QList<QJsonObject> events = lines(base + QStringLiteral("events.jsonl"));
    const QList<QJsonObject> logs = lines(base + QStringLiteral("logging.jsonl"));
    const QList<QJsonObject> commands = lines(base + QStringLiteral("commands.jsonl"));
    if (events.isEmpty() || logs.isEmpty() || commands.isEmpty())
        return false;
    QByteArray batch;
    for (qsizetype i = 0; i < events.size(); i += 10) {
        const QByteArray seed = seedOf('0', events[i]);
        if (!writeFile(dir.filePath(QStringLiteral("event-%1").arg(i)), seed))
            return false;
        if (i < 50)
            batch += seed + '\x1e';
    }
    for (qsizetype i = 0; i < logs.size(); i += 10) {
        const QByteArray seed = seedOf('1', logs[i]);
        if (!writeFile(dir.filePath(QStringLiteral("log-%1").arg(i)), seed))
            return false;
        if (i < 50)
            batch += seed + '\x1e';
    }
    int n = 0;
    for (const QJsonObject &command : commands) {
        for (const QJsonValue &reply : command.value(u"replies").toArray()) {
            const QByteArray seed = seedOf('2', reply.toObject());
            if (!writeFile(dir.filePath(QStringLiteral("reply-%1").arg(n++)), seed))
                return false;
        }
    }
    return writeFile(dir.filePath(QStringLiteral("batch")), batch);
}

} // namespace Seeds
