// text/event-plain: the body is a second header block with percent-encoded values, optionally
// followed by "Content-Length: M", a blank line and M raw bytes (BACKGROUND_JOB output, ...).

#include "event.h"
#include "eventheaders.h"
#include "printable.h"

#include <cstring>

namespace Esl {

Expected<Event> Event::fromPlain(const QByteArray &body)
{
    const char *const data = body.constData();
    const qsizetype size = body.size();
    HeaderList headers;
    // Values shrink when decoded, so the body's size bounds the storage; ~40 bytes a line.
    headers.reserve(size / 40 + 4, size);

    qsizetype pos = 0;
    bool blankLineSeen = false;
    while (pos < size) {
        const auto *newline = static_cast<const char *>(std::memchr(data + pos, '\n', size - pos));
        const qsizetype end = newline ? newline - data : size;
        QByteArrayView line(data + pos, end - pos);
        const qsizetype lineStart = pos;
        pos = newline ? end + 1 : size;
        if (line.endsWith('\r'))
            line.chop(1);
        if (line.isEmpty()) {
            blankLineSeen = true;
            break;
        }
        const auto *colon = static_cast<const char *>(std::memchr(line.data(), ':', line.size()));
        if (!colon || colon == line.data()) {
            return decodeError(QStringLiteral("event header line without a name and colon"),
                               lineStart);
        }
        const qsizetype nameSize = colon - line.data();
        QByteArrayView value = line.sliced(nameSize + 1);
        while (!value.isEmpty() && value.front() == ' ')
            value = value.sliced(1);
        const QByteArrayView name = line.first(nameSize);
        const QByteArrayView decoded = headers.appendPercentDecoded(name, value);
        // libesl's rules (eventheaders.h) leave most lines as they are: test for those here,
        // without the call.
        if ((detail::isEventName(name) || decoded.isEmpty() ||
             detail::containsArrayMarker(decoded)) &&
            !detail::fixUpLastHeader(headers)) {
            return decodeError(detail::arrayTooDeep(name), lineStart);
        }
    }

    if (headers.isEmpty())
        return decodeError(QStringLiteral("event without headers"));
    if (!headers.contains("Event-Name"))
        return decodeError(QStringLiteral("event without an Event-Name header"));

    QByteArray eventBody;
    bool hasBody = false;
    const QByteArrayView lengthText = headers.value("Content-Length");
    if (!lengthText.isNull()) {
        bool ok = false;
        const qint64 length = lengthText.trimmed().toLongLong(&ok);
        if (!ok || length < 0) {
            return decodeError(QStringLiteral("event Content-Length %1 is not a number")
                                   .arg(wire::printable(lengthText, {.maxChars = 64, .quoted = true})));
        }
        if (!blankLineSeen && length > 0)
            return decodeError(QStringLiteral("event Content-Length without a body after it"));
        if (length > size - pos) {
            return decodeError(
                QStringLiteral("event Content-Length %1 is larger than the %2 bytes left in the "
                               "message body")
                    .arg(length)
                    .arg(size - pos));
        }
        eventBody = body.sliced(pos, qsizetype(length));
        hasBody = true;
    }
    return Event(std::move(headers), std::move(eventBody), hasBody, Format::Plain);
}

} // namespace Esl
