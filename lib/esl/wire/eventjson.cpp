// text/event-json: one JSON object, keys in document order (duplicates kept, which is why this
// is not QJsonDocument: it sorts keys and folds duplicates). Values are plain strings; an array
// becomes FreeSWITCH's "ARRAY::a|:b" notation, "_body" is the event body.

#include "event.h"
#include "eventheaders.h"
#include "json.h"

#include <cstring>

namespace Esl {

namespace {

class JsonReader
{
public:
    explicit JsonReader(QByteArrayView text)
        : m_p(text.data()), m_begin(text.data()), m_end(text.data() + text.size())
    {}

    Expected<Event> read();

private:
    void skipSpace()
    {
        while (m_p < m_end && (*m_p == ' ' || *m_p == '\n' || *m_p == '\r' || *m_p == '\t'))
            ++m_p;
    }
    bool expect(char c)
    {
        skipSpace();
        if (m_p < m_end && *m_p == c) {
            ++m_p;
            return true;
        }
        return false;
    }
    Error fault(const QString &what) const
    {
        return decodeError(QStringLiteral("json event: %1").arg(what), m_p - m_begin);
    }
    bool readString(QByteArray &out);
    // The same as views: into the text itself, or into `scratch` when a string has escapes to
    // decode. Most keys and values have none, so nothing is copied until the header list.
    bool readStringView(QByteArrayView &out, QByteArray &scratch);
    bool readScalar(QByteArrayView &out, QByteArray &scratch); // a string, or any other value
                                                               // as its JSON text
    bool readArray(QList<QByteArray> &items);
    bool skipNested(); // an object or nested array, kept as its raw text

    const char *m_p;
    const char *const m_begin;
    const char *const m_end;
    QString m_error;
};

bool JsonReader::readString(QByteArray &out)
{
    skipSpace();
    return wire::readJsonString(m_p, m_end, out, m_error);
}

bool JsonReader::readStringView(QByteArrayView &out, QByteArray &scratch)
{
    skipSpace();
    if (m_p < m_end && *m_p == '"') {
        // memchr beats a byte loop testing for both characters (at ~9 instructions a byte it
        // was half of the decoding).
        const char *const start = m_p + 1;
        const auto *quote =
            static_cast<const char *>(std::memchr(start, '"', size_t(m_end - start)));
        if (quote && !std::memchr(start, '\\', size_t(quote - start))) {
            out = QByteArrayView(start, quote - start);
            m_p = quote + 1;
            return true;
        }
    }
    // An escape, or an error: the full reader says which, from the same place.
    scratch.resize(0); // keeps the allocation, unlike clear()
    if (!wire::readJsonString(m_p, m_end, scratch, m_error))
        return false;
    out = scratch;
    return true;
}

bool JsonReader::skipNested()
{
    // Keeps the raw text of a nested object or array; FreeSWITCH events have none, but a
    // CUSTOM event from a module might.
    int depth = 0;
    QByteArray scratch;
    do {
        skipSpace();
        if (m_p >= m_end) {
            m_error = QStringLiteral("unterminated object or array");
            return false;
        }
        const char c = *m_p;
        if (c == '"') {
            scratch.clear();
            if (!readString(scratch))
                return false;
            continue;
        }
        ++m_p;
        if (c == '{' || c == '[')
            ++depth;
        else if (c == '}' || c == ']')
            --depth;
    } while (depth > 0);
    return true;
}

bool JsonReader::readScalar(QByteArrayView &out, QByteArray &scratch)
{
    skipSpace();
    if (m_p >= m_end) {
        m_error = QStringLiteral("expected a value");
        return false;
    }
    if (*m_p == '"')
        return readStringView(out, scratch);
    if (*m_p == '{' || *m_p == '[') {
        // A nested structure (no FreeSWITCH event has one) is kept as its JSON text.
        const char *start = m_p;
        if (!skipNested())
            return false;
        out = QByteArrayView(start, m_p - start);
        return true;
    }
    // A number, true, false or null: kept as its text.
    const char *start = m_p;
    while (m_p < m_end && *m_p != ',' && *m_p != '}' && *m_p != ']' && *m_p != ' ' &&
           *m_p != '\n' && *m_p != '\r' && *m_p != '\t')
        ++m_p;
    const QByteArrayView literal(start, m_p - start);
    if (literal.isEmpty()) {
        m_error = QStringLiteral("expected a value");
        return false;
    }
    const char first = literal.front();
    const bool looksValid = literal == "true" || literal == "false" || literal == "null" ||
                            first == '-' || (first >= '0' && first <= '9');
    if (!looksValid) {
        m_p = start;
        m_error = QStringLiteral("unexpected character '%1'").arg(QChar::fromLatin1(first));
        return false;
    }
    out = literal;
    return true;
}

bool JsonReader::readArray(QList<QByteArray> &items)
{
    ++m_p; // '['
    if (expect(']'))
        return true;
    QByteArray scratch;
    do {
        QByteArrayView item;
        if (!readScalar(item, scratch))
            return false;
        items.append(item.toByteArray());
    } while (expect(','));
    if (!expect(']')) {
        m_error = QStringLiteral("expected ',' or ']' in an array");
        return false;
    }
    return true;
}

Expected<Event> JsonReader::read()
{
    if (!expect('{'))
        return fault(QStringLiteral("the body is not a JSON object"));
    HeaderList headers;
    headers.reserve(64, (m_end - m_p));
    QByteArray body;
    bool hasBody = false;
    QByteArrayView key;
    QByteArrayView value;
    QByteArray keyScratch;
    QByteArray valueScratch;
    if (!expect('}')) {
        do {
            if (!readStringView(key, keyScratch) || !expect(':'))
                return fault(m_error.isEmpty() ? QStringLiteral("expected ':' after a key")
                                               : m_error);
            skipSpace();
            if (m_p < m_end && *m_p == '[') {
                QList<QByteArray> items;
                if (!readArray(items))
                    return fault(m_error);
                detail::ArrayPusher pusher(headers, key);
                for (const QByteArray &item : items)
                    pusher.push(item);
                pusher.finish();
                if (!pusher.ok())
                    return fault(detail::arrayTooDeep(key));
                continue;
            }
            if (!readScalar(value, valueScratch))
                return fault(m_error);
            if (equalsIgnoringCase(key, "_body")) {
                body = value.toByteArray();
                hasBody = true;
            } else if (!detail::addHeader(headers, key, value)) {
                return fault(detail::arrayTooDeep(key));
            }
        } while (expect(','));
        if (!expect('}'))
            return fault(QStringLiteral("expected ',' or '}' in the object"));
    }
    skipSpace();
    if (m_p != m_end)
        return fault(QStringLiteral("text after the end of the object"));
    if (!headers.contains("Event-Name"))
        return decodeError(QStringLiteral("json event without an Event-Name"));
    if (hasBody) {
        // The body is bounded by its Content-Length, as in the other formats.
        bool ok = false;
        const qint64 length = headers.value("Content-Length").trimmed().toLongLong(&ok);
        if (ok && length >= 0 && length < body.size())
            body.truncate(qsizetype(length));
    }
    return Event(std::move(headers), std::move(body), hasBody, Event::Format::Json);
}

} // namespace

Expected<Event> Event::fromJson(QByteArrayView body)
{
    return JsonReader(body).read();
}

} // namespace Esl
