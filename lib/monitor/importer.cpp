#include "importer.h"

#include "recordwire.h"

#include "esl/wire/parser.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace Monitor {

namespace {

constexpr qint64 kChunkBytes = 256 * 1024;

Esl::Error canceled()
{
    return Esl::Error{Esl::Error::Code::Canceled, QStringLiteral("import canceled"), -1};
}

// Files the record under the time it was (probably) received, or counts it as skipped.
void fileRecord(EventStore &store, ServerId server, const DecodedRecord &record, qint64 &lastMs,
                Importer::Result &result)
{
    if (!record.kind) {
        ++result.skipped;
        return;
    }
    if (record.kind == RecordKind::Event) {
        const qint64 us = record.event.timestamp();
        if (us > 0)
            lastMs = us / 1000;
        ++result.events;
    } else {
        ++result.logLines;
    }
    appendRecord(store, server, record, lastMs);
}

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

// One line of the decode schema as a record; an error message when it is not one.
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

} // namespace

QString Importer::Result::errorString() const
{
    if (!error)
        return {};
    if (line > 0)
        return QStringLiteral("line %1 (byte %2): %3")
            .arg(line)
            .arg(error->offset)
            .arg(error->message);
    return error->toString();
}

bool Importer::keepGoing(const QIODevice &in, qint64 done) const
{
    return !m_progress || m_progress(done, in.isSequential() ? 0 : in.size());
}

Importer::Result Importer::importFile(const QString &path, EventStore &store) const
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        Result result;
        result.first = result.end = store.endSequence();
        result.error = Esl::Error{Esl::Error::Code::Transport,
                                  QStringLiteral("%1: %2").arg(path, file.errorString()), -1};
        return result;
    }
    return import(file, store);
}

Importer::Result Importer::import(QIODevice &in, EventStore &store) const
{
    Result result;
    result.first = store.endSequence();
    result.format = m_format;
    if (result.format == Format::Detect) {
        const QByteArray start = in.peek(4096).trimmed();
        result.format = start.startsWith('{') ? Format::JsonLines : Format::Raw;
    }
    if (result.format == Format::JsonLines)
        importJsonLines(in, store, result);
    else
        importRaw(in, store, result);
    result.end = store.endSequence();
    return result;
}

void Importer::importRaw(QIODevice &in, EventStore &store, Result &result) const
{
    Esl::wire::Parser parser;
    QByteArray buffer(kChunkBytes, Qt::Uninitialized);
    qint64 lastMs = 0;
    bool ended = false;
    while (!ended) {
        if (!keepGoing(in, parser.bytesFed())) {
            result.error = canceled();
            return;
        }
        const qint64 n = in.read(buffer.data(), buffer.size());
        if (n < 0) {
            result.error =
                Esl::Error{Esl::Error::Code::Transport, in.errorString(), parser.bytesFed()};
            return;
        }
        if (n == 0) {
            parser.finish();
            ended = true;
        } else {
            parser.feed(QByteArrayView(buffer.constData(), n));
        }
        while (parser.hasMessage()) {
            const Esl::Message message = parser.takeMessage();
            const DecodedRecord record = decodeRecord(message);
            if (record.error) {
                result.error = Esl::decodeError(
                    QStringLiteral("undecodable event: %1").arg(record.error->message),
                    message.offset());
                return;
            }
            fileRecord(store, m_server, record, lastMs, result);
        }
        if (parser.hasError()) {
            result.error = parser.error();
            return;
        }
    }
    keepGoing(in, parser.bytesFed());
}

void Importer::importJsonLines(QIODevice &in, EventStore &store, Result &result) const
{
    qint64 lastMs = 0;
    qint64 offset = 0;
    qint64 lineNumber = 0;
    while (!in.atEnd()) {
        if ((lineNumber & 255) == 0 && !keepGoing(in, offset)) {
            result.error = canceled();
            return;
        }
        const QByteArray line = in.readLine();
        const qint64 lineStart = offset;
        offset += line.size();
        ++lineNumber;
        if (line.trimmed().isEmpty())
            continue;
        QJsonParseError parseError;
        const QJsonDocument document = QJsonDocument::fromJson(line, &parseError);
        QString fault;
        qint64 faultAt = lineStart;
        DecodedRecord record;
        if (parseError.error != QJsonParseError::NoError) {
            fault = parseError.errorString();
            faultAt += parseError.offset;
        } else if (!document.isObject()) {
            fault = QStringLiteral("not a JSON object");
        } else {
            fault = recordOfLine(document.object(), record);
        }
        if (fault.isEmpty() && record.error)
            fault = QStringLiteral("undecodable event: %1").arg(record.error->message);
        if (!fault.isEmpty()) {
            result.error = Esl::decodeError(fault, faultAt);
            result.line = lineNumber;
            return;
        }
        fileRecord(store, m_server, record, lastMs, result);
    }
    keepGoing(in, offset);
}

} // namespace Monitor
