#include "jsonlines.h"

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

void appendEscaped(QByteArray &out, QByteArrayView text)
{
    static constexpr char hex[] = "0123456789abcdef";
    const char *p = text.data();
    const char *const end = p + text.size();
    while (p < end) {
        const char *run = p;
        while (p < end && static_cast<unsigned char>(*p) >= 0x20 && *p != '"' && *p != '\\')
            ++p;
        out.append(run, p - run);
        if (p == end)
            break;
        const auto c = static_cast<unsigned char>(*p++);
        switch (c) {
        case '"':
            out.append("\\\"");
            break;
        case '\\':
            out.append("\\\\");
            break;
        case '\n':
            out.append("\\n");
            break;
        case '\r':
            out.append("\\r");
            break;
        case '\t':
            out.append("\\t");
            break;
        case '\b':
            out.append("\\b");
            break;
        case '\f':
            out.append("\\f");
            break;
        default:
            out.append("\\u00");
            out.append(hex[c >> 4]);
            out.append(hex[c & 0xf]);
        }
    }
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
    out.append('"');
    if (isAscii(utf8))
        appendEscaped(out, utf8);
    else
        appendEscaped(out, QString::fromUtf8(utf8).toUtf8()); // invalid bytes -> U+FFFD
    out.append('"');
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
