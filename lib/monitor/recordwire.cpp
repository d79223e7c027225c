#include "recordwire.h"

#include "esl/wire/jsonlines.h"

namespace Monitor {

namespace {

// What the parser would turn into something else: '%' starts an escape, CR and LF end the line.
void appendFrameValue(QByteArray &out, QByteArrayView value)
{
    for (const char c : value) {
        if (c == '%')
            out.append("%25");
        else if (c == '\r')
            out.append("%0D");
        else if (c == '\n')
            out.append("%0A");
        else
            out.append(c);
    }
}

} // namespace

Esl::HeaderList logHeaders(const Esl::LogLine &line)
{
    Esl::HeaderList headers;
    headers.append("Log-Level", QByteArray::number(line.level));
    headers.append("Text-Channel", line.channel.toUtf8());
    headers.append("Log-File", line.file.toUtf8());
    headers.append("Log-Func", line.function.toUtf8());
    headers.append("Log-Line", QByteArray::number(line.line));
    headers.append("User-Data", line.userData.toUtf8());
    return headers;
}

QByteArray logFrame(const Esl::HeaderList &headers, QByteArrayView text)
{
    QByteArray out;
    out.reserve(text.size() + headers.size() * 32 + 64);
    out.append("Content-Type: log/data\nContent-Length: ");
    out.append(QByteArray::number(text.size()));
    out.append('\n');
    for (qsizetype i = 0; i < headers.size(); ++i) {
        out.append(headers.name(i));
        out.append(": ");
        appendFrameValue(out, headers.value(i));
        out.append('\n');
    }
    out.append('\n');
    out.append(text);
    return out;
}

Esl::Event eventOf(const EventStore::Record &record)
{
    Esl::HeaderList headers;
    record.forEachSpelledHeader([&](QByteArrayView name, QByteArrayView value) {
        headers.append(name, value);
        return true;
    });
    const QByteArrayView body = record.body();
    return Esl::Event(std::move(headers), body.toByteArray(), !body.isNull());
}

Esl::Event eventOf(const Esl::LogLine &line)
{
    return Esl::Event(logHeaders(line), line.text.toUtf8(), true);
}

QByteArray wireBytes(RecordKind kind, const Esl::Event &event)
{
    if (kind == RecordKind::Log)
        return logFrame(event.headers(), event.body());
    return event.toPlainMessage();
}

QByteArray jsonLine(RecordKind kind, const Esl::Event &event)
{
    Esl::HeaderList outer;
    if (kind == RecordKind::Log) {
        outer.append("Content-Type", Esl::ContentType::LogData);
        outer.append("Content-Length", QByteArray::number(event.body().size()));
        for (qsizetype i = 0; i < event.headers().size(); ++i)
            outer.append(event.headers().name(i), event.headers().value(i));
        return Esl::wire::toJsonLine(Esl::Message(std::move(outer), event.body(), true), nullptr);
    }
    // The outer block of a plain event message: its length is that of the serialized event.
    const QByteArray bytes = event.toPlainMessage();
    const qsizetype blank = bytes.indexOf("\n\n");
    outer.append("Content-Length", QByteArray::number(bytes.size() - blank - 2));
    outer.append("Content-Type", Esl::ContentType::EventPlain);
    // The message's body is not printed for an event; leave it out.
    return Esl::wire::toJsonLine(Esl::Message(std::move(outer), {}, true), &event);
}

DecodedRecord decodeRecord(const Esl::Message &message)
{
    DecodedRecord record;
    if (message.isEvent()) {
        Esl::Expected<Esl::Event> event = Esl::Event::fromMessage(message);
        if (!event) {
            record.error = event.error();
            return record;
        }
        record.kind = RecordKind::Event;
        record.event = std::move(event).value();
    } else if (message.contentType() == Esl::ContentType::LogData) {
        record.kind = RecordKind::Log;
        record.line = Esl::LogLine::fromMessage(message);
    }
    return record;
}

Sequence appendRecord(EventStore &store, ServerId server, const DecodedRecord &record,
                      qint64 receivedMs)
{
    if (record.kind == RecordKind::Log)
        return store.appendLog(server, record.line, receivedMs);
    return store.append(server, record.event, receivedMs);
}

} // namespace Monitor
