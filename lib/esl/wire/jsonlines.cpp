#include "jsonlines.h"

#include "json.h"

#include <QString>

namespace Esl::wire {

namespace {

bool isAscii(QByteArrayView text)
{
    for (const char c : text) {
        if (static_cast<unsigned char>(c) >= 0x80)
            return false;
    }
    return true;
}

void appendHeaders(QByteArray &out, const HeaderList &headers)
{
    out.append('[');
    for (qsizetype i = 0; i < headers.size(); ++i) {
        if (i)
            out.append(", ");
        out.append('[');
        appendJsonText(out, headers.name(i));
        out.append(", ");
        appendJsonText(out, headers.value(i));
        out.append(']');
    }
    out.append(']');
}

void appendBody(QByteArray &out, bool hasBody, const QByteArray &body)
{
    if (hasBody)
        appendJsonText(out, body);
    else
        out.append("null");
}

} // namespace

void appendJsonText(QByteArray &out, QByteArrayView utf8)
{
    if (isAscii(utf8))
        appendJsonString(out, utf8);
    else
        appendJsonString(out, QString::fromUtf8(utf8).toUtf8()); // invalid bytes -> U+FFFD
}

QByteArray toJsonLine(const Message &message, const Event *event)
{
    QByteArray out;
    out.reserve(message.body().size() + message.headers().size() * 64 + 256);
    out.append("{\"contentType\": ");
    const QByteArrayView type = message.contentType();
    if (type.isNull())
        out.append("null");
    else
        appendJsonText(out, type);
    out.append(", \"headers\": ");
    appendHeaders(out, message.headers());
    out.append(", \"body\": ");
    appendBody(out, message.hasBody() && !event, message.body());
    out.append(", \"event\": ");
    if (event) {
        out.append("{\"name\": ");
        appendJsonText(out, event->name().toUtf8());
        out.append(", \"headers\": ");
        appendHeaders(out, event->headers());
        out.append(", \"body\": ");
        appendBody(out, event->hasBody(), event->body());
        out.append('}');
    } else {
        out.append("null");
    }
    out.append('}');
    return out;
}

} // namespace Esl::wire
