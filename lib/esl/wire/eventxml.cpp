// text/event-xml: <event><headers><Name>value</Name>...</headers>
// <Content-Length>M</Content-Length><body>...</body></event>. Header text is percent-encoded as
// in plain; the body is the <body> text cut to M bytes (the pretty-printer's indentation that
// follows it is layout, not data).

#include "event.h"

#include "percent.h"

#include <QXmlStreamReader>

namespace Esl {

namespace {

Error xmlFault(const QXmlStreamReader &xml, const QString &what)
{
    return decodeError(QStringLiteral("xml event: %1").arg(what), xml.characterOffset());
}

} // namespace

Expected<Event> Event::fromXml(QByteArrayView body)
{
    QXmlStreamReader xml(QByteArray::fromRawData(body.data(), body.size()));
    if (!xml.readNextStartElement() || xml.name() != u"event") {
        return xmlFault(xml, xml.hasError() ? xml.errorString()
                                            : QStringLiteral("the root element is not <event>"));
    }
    HeaderList headers;
    headers.reserve(64, body.size());
    QByteArray eventBody;
    bool hasBody = false;
    qint64 bodyLength = -1;

    while (xml.readNextStartElement()) {
        if (xml.name() == u"headers") {
            while (xml.readNextStartElement()) {
                const QByteArray name = xml.name().toUtf8();
                const QString text = xml.readElementText(QXmlStreamReader::IncludeChildElements);
                if (xml.hasError())
                    break;
                headers.appendPercentDecoded(name, text.toUtf8());
            }
        } else if (xml.name() == u"Content-Length") {
            bool ok = false;
            bodyLength = xml.readElementText().trimmed().toLongLong(&ok);
            if (!ok || bodyLength < 0)
                return xmlFault(xml, QStringLiteral("<Content-Length> is not a number"));
        } else if (xml.name() == u"body") {
            eventBody = xml.readElementText(QXmlStreamReader::IncludeChildElements).toUtf8();
            hasBody = true;
        } else {
            xml.skipCurrentElement();
        }
    }
    if (!xml.hasError()) {
        // Nothing but white space may follow </event>.
        while (!xml.atEnd()) {
            xml.readNext();
            if (xml.isStartElement() || (xml.isCharacters() && !xml.isWhitespace()))
                return xmlFault(xml, QStringLiteral("content after </event>"));
        }
    }
    if (xml.hasError() && xml.error() != QXmlStreamReader::PrematureEndOfDocumentError)
        return xmlFault(xml, xml.errorString());
    if (xml.hasError())
        return xmlFault(xml, QStringLiteral("the document ends before </event>"));
    if (!headers.contains("Event-Name"))
        return decodeError(QStringLiteral("xml event without an Event-Name"));
    if (hasBody && bodyLength >= 0 && bodyLength < eventBody.size())
        eventBody.truncate(qsizetype(bodyLength));
    return Event(std::move(headers), std::move(eventBody), hasBody, Format::Xml);
}

} // namespace Esl
