#include "importerparts.h"

#include <QJsonArray>

namespace Monitor::ImporterParts {

namespace {

// [[name, value], ...] -> HeaderList; false when it is not that shape.
bool headersOf(const QJsonValue &value, Esl::HeaderList &headers)
{
    if (!value.isArray())
        return false;
    for (const QJsonValue &pair : value.toArray()) {
        const QJsonArray entry = pair.toArray();
        if (!pair.isArray() || entry.size() != 2 || !entry[0].isString() || !entry[1].isString())
            return false;
        headers.append(entry[0].toString().toUtf8(), entry[1].toString().toUtf8());
    }
    return true;
}

// A body: text or null.
bool bodyOf(const QJsonValue &value, QByteArray &body, bool &hasBody)
{
    hasBody = value.isString();
    body = value.toString().toUtf8();
    return value.isString() || value.isNull();
}

} // namespace

Esl::Error canceled()
{
    return Esl::Error{Esl::Error::Code::Canceled, QStringLiteral("import canceled"), -1};
}

void fileRecord(EventStore &store, ServerId server, const DecodedRecord &record, qint64 &lastMs,
                Importer::Result &result, std::optional<qint64> receivedMs)
{
    if (!record.kind) {
        ++result.skipped;
        return;
    }
    if (receivedMs) {
        lastMs = *receivedMs;
    } else if (record.kind == RecordKind::Event) {
        const qint64 us = record.event.timestamp();
        if (us > 0)
            lastMs = us / 1000;
    }
    if (record.kind == RecordKind::Event) {
        ++result.events;
    } else {
        ++result.logLines;
    }
    appendRecord(store, server, record, lastMs);
}

QString recordOfLine(const QJsonObject &object, DecodedRecord &record)
{
    Esl::HeaderList headers;
    QByteArray body;
    bool hasBody = false;
    if (!headersOf(object.value(QLatin1String("headers")), headers))
        return QStringLiteral("\"headers\" is not a list of [name, value] pairs");
    if (!bodyOf(object.value(QLatin1String("body")), body, hasBody))
        return QStringLiteral("\"body\" is neither text nor null");
    const QJsonValue event = object.value(QLatin1String("event"));
    if (event.isObject()) {
        const QJsonObject inner = event.toObject();
        Esl::HeaderList eventHeaders;
        QByteArray eventBody;
        bool eventHasBody = false;
        if (!headersOf(inner.value(QLatin1String("headers")), eventHeaders))
            return QStringLiteral("\"event\".\"headers\" is not a list of [name, value] pairs");
        if (!bodyOf(inner.value(QLatin1String("body")), eventBody, eventHasBody))
            return QStringLiteral("\"event\".\"body\" is neither text nor null");
        record.kind = RecordKind::Event;
        record.event = Esl::Event(std::move(eventHeaders), std::move(eventBody), eventHasBody);
        return {};
    }
    if (!event.isNull() && !event.isUndefined())
        return QStringLiteral("\"event\" is neither an object nor null");
    const Esl::Message message(std::move(headers), std::move(body), hasBody);
    if (message.isEvent())
        return QStringLiteral("an event message without its \"event\"");
    record = decodeRecord(message);
    return {};
}

} // namespace Monitor::ImporterParts
