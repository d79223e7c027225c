// text/event-xml: <event><headers><Name>value</Name>...</headers>
// <Content-Length>M</Content-Length><body>...</body></event>. Header text is percent-encoded as
// in plain; the body is the <body> text cut to M bytes (the pretty-printer's indentation that
// follows it is layout, not data).
//
// Two readers. What the switch writes (switch_event_xmlize: bare elements, ASCII text, the five
// named entities and &#xD;) is read by a small scanner over the bytes; QXmlStreamReader took
// 25 times as long, most of it building QStrings a character at a time. Anything outside that
// subset - attributes, comments, CDATA, non-ASCII, a raw CR, an error of any kind - goes to
// QXmlStreamReader, which has the last word on what is well-formed and words the errors.

#include "event.h"

#include "percent.h"

#include <QXmlStreamReader>

#include <array>
#include <cstring>
#include <optional>

namespace Esl {

namespace {

Error xmlFault(const QXmlStreamReader &xml, const QString &what)
{
    return decodeError(QStringLiteral("xml event: %1").arg(what), xml.characterOffset());
}

// --- The scanner -----------------------------------------------------------------------------

enum ByteClass : quint8 {
    Text,     // stands for itself in character data
    Open,     // '<'
    Amp,      // '&'
    Bracket,  // ']': "]]>" may not appear in character data
    Space,    // XML white space other than CR
    Foreign,  // CR (line-end normalisation), other control bytes, non-ASCII: not for the scanner
};

constexpr std::array<quint8, 256> byteClasses()
{
    std::array<quint8, 256> classes{};
    for (int c = 0; c < 256; ++c)
        classes[c] = (c < 0x20 || c >= 0x7f) ? Foreign : Text;
    classes['\t'] = Space;
    classes['\n'] = Space;
    classes[' '] = Space;
    classes['<'] = Open;
    classes['&'] = Amp;
    classes[']'] = Bracket;
    return classes;
}
constexpr std::array<quint8, 256> kByteClass = byteClasses();

// Element names: ASCII letters, '_', then digits, '-' and '.' as well (no ':', no namespaces).
enum NameClass : quint8 { NotName, NameStart, NameRest };

constexpr std::array<quint8, 256> nameClasses()
{
    std::array<quint8, 256> classes{};
    for (int c = 'A'; c <= 'Z'; ++c)
        classes[c] = classes[c + ('a' - 'A')] = NameStart;
    classes['_'] = NameStart;
    for (int c = '0'; c <= '9'; ++c)
        classes[c] = NameRest;
    classes['-'] = classes['.'] = NameRest;
    return classes;
}
constexpr std::array<quint8, 256> kNameClass = nameClasses();

bool isNameStart(char c)
{
    return kNameClass[quint8(c)] == NameStart;
}
bool isNameChar(char c)
{
    return kNameClass[quint8(c)] != NotName;
}

class XmlScanner
{
public:
    explicit XmlScanner(QByteArrayView text) : m_p(text.data()), m_end(text.data() + text.size())
    {}

    // The event, or nothing when the text is not in the subset (or not well-formed).
    std::optional<Event> read();

private:
    void skipSpace()
    {
        while (m_p < m_end && (kByteClass[quint8(*m_p)] == Space || *m_p == '\r'))
            ++m_p;
    }
    // "<name>" at m_p: returns the name and moves past it; a null view otherwise (also for
    // "<name/>", attributes, end tags, comments and the like).
    QByteArrayView startTag()
    {
        if (m_end - m_p < 3 || m_p[0] != '<' || !isNameStart(m_p[1]))
            return {};
        const char *q = m_p + 2;
        while (q < m_end && isNameChar(*q))
            ++q;
        if (q >= m_end || *q != '>')
            return {};
        const QByteArrayView name(m_p + 1, q - m_p - 1);
        m_p = q + 1;
        return name;
    }
    // "</name>" at m_p: moves past it.
    bool endTag(QByteArrayView name)
    {
        const qsizetype size = name.size() + 3;
        if (m_end - m_p < size || m_p[0] != '<' || m_p[1] != '/' || m_p[size - 1] != '>' ||
            std::memcmp(m_p + 2, name.data(), size_t(name.size())) != 0)
            return false;
        m_p += size;
        return true;
    }
    // Character data up to the next '<': a view of the bytes when they have no entity, else
    // the entities resolved into `scratch`. False when it holds anything the scanner leaves to
    // QXmlStreamReader.
    bool text(QByteArrayView &out, QByteArray &scratch);
    static bool resolveEntities(QByteArrayView in, QByteArray &out);

    const char *m_p;
    const char *const m_end;
};

bool XmlScanner::text(QByteArrayView &out, QByteArray &scratch)
{
    const char *const start = m_p;
    bool entities = false;
    for (;; ++m_p) {
        if (m_p >= m_end)
            return false;
        const quint8 c = kByteClass[quint8(*m_p)];
        if (c == Text || c == Space)
            continue;
        if (c == Open)
            break;
        if (c == Amp)
            entities = true;
        else if (c == Bracket && m_end - m_p >= 3 && m_p[1] == ']' && m_p[2] == '>')
            return false;
        else if (c == Foreign)
            return false;
    }
    out = QByteArrayView(start, m_p - start);
    if (!entities)
        return true;
    if (!resolveEntities(out, scratch))
        return false;
    out = scratch;
    return true;
}

bool XmlScanner::resolveEntities(QByteArrayView in, QByteArray &out)
{
    out.resize(in.size()); // an entity is longer than what it stands for
    char *o = out.data();
    const char *p = in.data();
    const char *const end = p + in.size();
    while (p < end) {
        if (*p != '&') {
            *o++ = *p++;
            continue;
        }
        const auto *semicolon = static_cast<const char *>(std::memchr(p, ';', size_t(end - p)));
        if (!semicolon)
            return false;
        const QByteArrayView entity(p + 1, semicolon - p - 1);
        if (entity == "amp") {
            *o++ = '&';
        } else if (entity == "lt") {
            *o++ = '<';
        } else if (entity == "gt") {
            *o++ = '>';
        } else if (entity == "quot") {
            *o++ = '"';
        } else if (entity == "apos") {
            *o++ = '\'';
        } else if (entity.size() >= 2 && entity.size() <= 7 && entity[0] == '#') {
            // A character reference; only those that stay one ASCII byte (&#xD; above all).
            const bool hex = entity[1] == 'x';
            const QByteArrayView digits = entity.sliced(hex ? 2 : 1);
            if (digits.isEmpty())
                return false;
            uint value = 0;
            for (const char d : digits) {
                uint v;
                if (d >= '0' && d <= '9')
                    v = uint(d - '0');
                else if (hex && d >= 'a' && d <= 'f')
                    v = uint(d - 'a' + 10);
                else if (hex && d >= 'A' && d <= 'F')
                    v = uint(d - 'A' + 10);
                else
                    return false;
                value = value * (hex ? 16 : 10) + v;
            }
            if (!(value == '\t' || value == '\n' || value == '\r' || (value >= 0x20 && value < 0x7f)))
                return false;
            *o++ = char(value);
        } else {
            return false;
        }
        p = semicolon + 1;
    }
    out.resize(o - out.constData());
    return true;
}

std::optional<Event> XmlScanner::read()
{
    skipSpace();
    if (startTag() != "event")
        return std::nullopt;
    HeaderList headers;
    headers.reserve((m_end - m_p) / 48 + 8, m_end - m_p);
    QByteArray eventBody;
    bool hasBody = false;
    qint64 bodyLength = -1;
    QByteArrayView value;
    QByteArray scratch;
    for (;;) {
        skipSpace();
        if (endTag("event"))
            break;
        const QByteArrayView element = startTag();
        if (element == "headers") {
            for (;;) {
                skipSpace();
                if (endTag("headers"))
                    break;
                const QByteArrayView name = startTag();
                if (name.isNull() || !text(value, scratch) || !endTag(name))
                    return std::nullopt;
                headers.appendPercentDecoded(name, value);
            }
        } else if (element == "Content-Length") {
            // Plain digits only; anything else is QXmlStreamReader's to judge.
            if (!text(value, scratch) || value.isEmpty() || value.size() > 18 ||
                !endTag(element))
                return std::nullopt;
            bodyLength = 0;
            for (const char d : value) {
                if (d < '0' || d > '9')
                    return std::nullopt;
                bodyLength = bodyLength * 10 + (d - '0');
            }
        } else if (element == "body") {
            if (!text(value, scratch) || !endTag(element))
                return std::nullopt;
            eventBody = value.toByteArray();
            hasBody = true;
        } else {
            return std::nullopt; // another element, or something that is not an element
        }
    }
    skipSpace();
    if (m_p != m_end || !headers.contains("Event-Name"))
        return std::nullopt;
    if (hasBody && bodyLength >= 0 && bodyLength < eventBody.size())
        eventBody.truncate(qsizetype(bodyLength));
    return Event(std::move(headers), std::move(eventBody), hasBody, Event::Format::Xml);
}

// --- QXmlStreamReader ------------------------------------------------------------------------

// Elements inside a header value or <body>: the switch never writes any (it escapes markup), so
// a handful is already more than any real event holds. The bound is what matters: Qt's
// readElementText(IncludeChildElements) recurses once per level, and 60,000 nested elements in
// one 420 KB event overflowed the stack.
constexpr int kMaxNesting = 32;

// The text of the current element and of everything inside it, as
// readElementText(IncludeChildElements) gives it, without recursion and with a depth limit. An
// error leaves the reader in error (raiseError) so that the caller's checks see it.
QString elementText(QXmlStreamReader &xml)
{
    QString text;
    int depth = 1;
    while (depth > 0) {
        switch (xml.readNext()) {
        case QXmlStreamReader::Characters:
        case QXmlStreamReader::EntityReference:
            text += xml.text();
            break;
        case QXmlStreamReader::StartElement:
            if (++depth > kMaxNesting) {
                xml.raiseError(QStringLiteral("elements nested deeper than %1 inside a value")
                                   .arg(kMaxNesting));
                return {};
            }
            break;
        case QXmlStreamReader::EndElement:
            --depth;
            break;
        case QXmlStreamReader::Invalid:
            return {};
        default: // comments, processing instructions
            break;
        }
    }
    return text;
}

Expected<Event> readWithQt(QByteArrayView body)
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
                const QString text = elementText(xml);
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
            eventBody = elementText(xml).toUtf8();
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
    return Event(std::move(headers), std::move(eventBody), hasBody, Event::Format::Xml);
}

} // namespace

Expected<Event> Event::fromXml(QByteArrayView body)
{
    if (std::optional<Event> event = XmlScanner(body).read())
        return std::move(*event);
    return readWithQt(body);
}

} // namespace Esl
