#include "parser.h"

#include "printable.h"

#include <cstring>
#include <limits>

namespace Esl::wire {

namespace {

constexpr QByteArrayView kContentLength = "Content-Length";

// A value quoted in an error is the peer's: escaped, and cut so that the message stays one
// readable line however long the header (up to the 1 MiB block limit).
constexpr qsizetype kShownValueChars = 64;

QString shown(QByteArrayView value)
{
    return printable(value, {.maxChars = kShownValueChars, .quoted = true});
}

// Content-Length must be a plain decimal number; libesl's atoi() would take "12abc" or "-1",
// which is how a desynchronised stream goes on to misread everything after it.
std::optional<qint64> parseLength(QByteArrayView text)
{
    text = text.trimmed();
    if (text.isEmpty())
        return std::nullopt;
    for (const char c : text) {
        if (c < '0' || c > '9')
            return std::nullopt;
    }
    while (text.size() > 1 && text.front() == '0')
        text = text.sliced(1);
    if (text.size() > 18)
        return std::numeric_limits<qint64>::max(); // a number, and far over any limit
    qint64 value = 0;
    for (const char c : text)
        value = value * 10 + (c - '0');
    return value;
}

} // namespace

bool Parser::feed(QByteArrayView chunk)
{
    if (m_state == State::Failed)
        return false;

    const char *const data = chunk.data();
    const qsizetype size = chunk.size();
    const qint64 base = m_fed;
    m_fed += size;
    qsizetype pos = 0;

    while (pos < size) {
        if (m_state == State::Body) {
            const qsizetype take = std::min(size - pos, m_bodySize - m_body.size());
            m_body.append(data + pos, take);
            pos += take;
            if (m_body.size() == m_bodySize)
                completeMessage();
            continue;
        }

        // Header block: one line at a time.
        if (m_partialLine.isEmpty())
            m_lineStart = base + pos;
        if (m_messageStart < 0)
            m_messageStart = base + pos;
        const auto *newline = static_cast<const char *>(std::memchr(data + pos, '\n', size - pos));
        const qsizetype lineEnd = newline ? newline - data : size;
        m_headerBytes += lineEnd - pos + (newline ? 1 : 0);
        if (m_headerBytes > m_limits.maxHeaderBlockSize) {
            return fail(QStringLiteral("header block larger than %1 bytes")
                            .arg(m_limits.maxHeaderBlockSize),
                        m_messageStart + m_limits.maxHeaderBlockSize);
        }
        if (!newline) {
            m_partialLine.append(data + pos, size - pos);
            break;
        }
        QByteArrayView line(data + pos, lineEnd - pos);
        if (!m_partialLine.isEmpty()) {
            m_partialLine.append(line.data(), line.size());
            line = m_partialLine;
        }
        pos = lineEnd + 1;
        const bool ok = headerLine(line, m_lineStart);
        m_partialLine.clear();
        if (!ok)
            return false;
    }
    return true;
}

bool Parser::headerLine(QByteArrayView line, qint64 lineOffset)
{
    if (line.endsWith('\r'))
        line.chop(1); // the switch itself accepts CRLF; be as tolerant
    if (line.isEmpty()) {
        if (!m_headers.isEmpty())
            return endOfHeaderBlock(lineOffset);
        // A blank line between messages carries nothing: skip it.
        m_messageStart = -1;
        m_headerBytes = 0;
        return true;
    }
    if (const void *nul = std::memchr(line.data(), '\0', line.size())) {
        return fail(QStringLiteral("NUL byte in a header line"),
                    lineOffset + (static_cast<const char *>(nul) - line.data()));
    }
    const qsizetype colon = line.indexOf(':');
    if (colon < 0)
        return fail(QStringLiteral("header line without a colon"), lineOffset);
    if (colon == 0)
        return fail(QStringLiteral("header line with an empty name"), lineOffset);
    QByteArrayView value = line.sliced(colon + 1);
    while (!value.isEmpty() && (value.front() == ' ' || value.front() == '\t'))
        value = value.sliced(1);
    m_headers.appendPercentDecoded(line.first(colon), value);
    return true;
}

bool Parser::endOfHeaderBlock(qint64 offset)
{
    const qsizetype index = m_headers.indexOf(kContentLength);
    if (index < 0) {
        m_hasBody = false;
        completeMessage();
        return true;
    }
    const QByteArrayView text = m_headers.value(index);
    for (qsizetype other = m_headers.indexOf(kContentLength, index + 1); other >= 0;
         other = m_headers.indexOf(kContentLength, other + 1)) {
        if (m_headers.value(other).trimmed() != text.trimmed())
            return fail(QStringLiteral("conflicting Content-Length headers"), offset);
    }
    if (text.trimmed().startsWith('-'))
        return fail(QStringLiteral("negative Content-Length %1").arg(shown(text)), offset);
    const std::optional<qint64> length = parseLength(text);
    if (!length)
        return fail(QStringLiteral("Content-Length %1 is not a number").arg(shown(text)), offset);
    if (*length > m_limits.maxBodySize) {
        return fail(QStringLiteral("Content-Length %1 exceeds the limit of %2 bytes")
                        .arg(printable(text.trimmed(), {.maxChars = kShownValueChars}))
                        .arg(m_limits.maxBodySize),
                    offset);
    }
    m_hasBody = true;
    m_bodySize = qsizetype(*length);
    m_body = QByteArray();
    if (m_bodySize == 0) {
        completeMessage();
    } else {
        m_body.reserve(m_bodySize);
        m_state = State::Body;
    }
    return true;
}

void Parser::completeMessage()
{
    m_ready.emplace_back(std::move(m_headers), std::move(m_body), m_hasBody, m_messageStart);
    ++m_parsed;
    m_headers = HeaderList();
    m_body = QByteArray();
    m_bodySize = 0;
    m_hasBody = false;
    m_headerBytes = 0;
    m_messageStart = -1;
    m_state = State::Headers;
}

bool Parser::finish()
{
    if (m_state == State::Failed)
        return false;
    if (m_state == State::Body) {
        return fail(QStringLiteral("input ended inside a message: %1 of %2 body bytes")
                        .arg(m_body.size())
                        .arg(m_bodySize),
                    m_messageStart);
    }
    if (!m_headers.isEmpty() || !m_partialLine.isEmpty())
        return fail(QStringLiteral("input ended inside a header block"), m_messageStart);
    return true;
}

Message Parser::takeMessage()
{
    Message message = std::move(m_ready.front());
    m_ready.pop_front();
    return message;
}

bool Parser::fail(QString reason, qint64 offset)
{
    m_state = State::Failed;
    m_error = protocolError(std::move(reason), offset);
    m_partialLine.clear();
    m_body.clear();
    return false;
}

void Parser::reset()
{
    *this = Parser(m_limits);
}

} // namespace Esl::wire
