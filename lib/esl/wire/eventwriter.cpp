// Events serialized the way the switch serializes them (switch_event_serialize,
// switch_event_serialize_json, switch_event_xmlize), outer headers included. The simulated switch
// sends these, and the tests use them to carry one event through all three formats.

#include "event.h"

#include "json.h"
#include "percent.h"

namespace Esl {

namespace {

bool isContentLength(QByteArrayView name)
{
    return equalsIgnoringCase(name, "Content-Length");
}

QByteArray outerMessage(QByteArrayView contentType, const QByteArray &inner)
{
    QByteArray out;
    out.reserve(inner.size() + 64);
    out.append("Content-Length: ");
    out.append(QByteArray::number(inner.size()));
    out.append("\nContent-Type: ");
    out.append(contentType.data(), contentType.size());
    out.append("\n\n");
    out.append(inner);
    return out;
}

void appendXmlText(QByteArray &out, QByteArrayView text)
{
    for (const char c : text) {
        switch (c) {
        case '&':
            out.append("&amp;");
            break;
        case '<':
            out.append("&lt;");
            break;
        case '>':
            out.append("&gt;");
            break;
        case '\r':
            out.append("&#xD;"); // as switch_xml_ampencode: XML readers fold CRLF into LF
            break;
        default:
            out.append(c);
        }
    }
}

} // namespace

QByteArray Event::toPlainMessage() const
{
    QByteArray inner;
    inner.reserve(m_headers.size() * 48 + m_body.size() + 32);
    for (qsizetype i = 0; i < m_headers.size(); ++i) {
        const QByteArrayView name = m_headers.name(i);
        if (isContentLength(name))
            continue;
        inner.append(name.data(), name.size());
        inner.append(": ");
        wire::appendPercentEncoded(inner, m_headers.value(i));
        inner.append('\n');
    }
    if (m_hasBody) {
        inner.append("Content-Length: ");
        inner.append(QByteArray::number(m_body.size()));
        inner.append("\n\n");
        inner.append(m_body);
    } else {
        inner.append('\n');
    }
    return outerMessage(ContentType::EventPlain, inner);
}

QByteArray Event::toJsonMessage() const
{
    QByteArray inner;
    inner.reserve(m_headers.size() * 48 + m_body.size() + 32);
    inner.append('{');
    bool first = true;
    auto key = [&](QByteArrayView name) {
        if (!first)
            inner.append(',');
        first = false;
        wire::appendJsonString(inner, name);
        inner.append(':');
    };
    for (qsizetype i = 0; i < m_headers.size(); ++i) {
        const QByteArrayView name = m_headers.name(i);
        if (isContentLength(name))
            continue;
        key(name);
        const QList<QByteArrayView> parts = splitArrayValue(m_headers.value(i));
        if (parts.size() == 1 && !m_headers.value(i).startsWith("ARRAY::")) {
            wire::appendJsonString(inner, parts.front());
        } else {
            inner.append('[');
            for (qsizetype p = 0; p < parts.size(); ++p) {
                if (p)
                    inner.append(',');
                wire::appendJsonString(inner, parts[p]);
            }
            inner.append(']');
        }
    }
    if (m_hasBody) {
        key("Content-Length");
        wire::appendJsonString(inner, QByteArray::number(m_body.size()));
        key("_body");
        wire::appendJsonString(inner, m_body);
    }
    inner.append('}');
    return outerMessage(ContentType::EventJson, inner);
}

QByteArray Event::toXmlMessage() const
{
    QByteArray inner;
    inner.reserve(m_headers.size() * 64 + m_body.size() + 64);
    inner.append("<event>\n  <headers>\n");
    for (qsizetype i = 0; i < m_headers.size(); ++i) {
        const QByteArrayView name = m_headers.name(i);
        if (isContentLength(name))
            continue;
        for (const QByteArrayView part : splitArrayValue(m_headers.value(i))) {
            inner.append("    <");
            inner.append(name.data(), name.size());
            inner.append('>');
            QByteArray encoded;
            wire::appendPercentEncoded(encoded, part);
            appendXmlText(inner, encoded);
            inner.append("</");
            inner.append(name.data(), name.size());
            inner.append(">\n");
        }
    }
    inner.append("  </headers>\n");
    if (m_hasBody) {
        inner.append("  <Content-Length>");
        inner.append(QByteArray::number(m_body.size()));
        inner.append("</Content-Length>\n  <body>");
        appendXmlText(inner, m_body);
        if (m_body.endsWith('\n'))
            inner.append("  ");
        inner.append("</body>\n");
    }
    inner.append("</event>\n");
    return outerMessage(ContentType::EventXml, inner);
}

} // namespace Esl
