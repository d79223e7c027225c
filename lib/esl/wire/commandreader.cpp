#include "commandreader.h"

namespace Esl::wire {

QByteArray Command::verb() const
{
    const qsizetype space = line.indexOf(' ');
    return (space < 0 ? line : line.left(space)).trimmed();
}

QByteArray Command::arguments() const
{
    const qsizetype space = line.indexOf(' ');
    return space < 0 ? QByteArray() : line.mid(space + 1).trimmed();
}

bool CommandReader::feed(QByteArrayView chunk)
{
    if (m_failed)
        return false;
    m_buffer.append(chunk.data(), chunk.size());
    for (;;) {
        if (m_awaitingBody) {
            if (m_buffer.size() < m_bodySize)
                return true;
            m_awaitingBody->body = m_buffer.left(m_bodySize);
            m_buffer.remove(0, m_bodySize);
            m_consumed += m_bodySize;
            m_ready.push_back(std::move(*m_awaitingBody));
            m_awaitingBody.reset();
            continue;
        }
        // Skip blank lines between commands.
        qsizetype start = 0;
        while (start < m_buffer.size() && (m_buffer[start] == '\n' || m_buffer[start] == '\r'))
            ++start;
        if (start) {
            m_buffer.remove(0, start);
            m_consumed += start;
        }
        qsizetype end = -1;
        qsizetype endSize = 0;
        for (qsizetype i = m_buffer.indexOf('\n'); i >= 0; i = m_buffer.indexOf('\n', i + 1)) {
            if (i + 1 < m_buffer.size() && m_buffer[i + 1] == '\n') {
                end = i;
                endSize = 2;
                break;
            }
            if (i + 2 < m_buffer.size() && m_buffer[i + 1] == '\r' && m_buffer[i + 2] == '\n') {
                end = i;
                endSize = 3;
                break;
            }
        }
        if (end < 0) {
            if (m_buffer.size() > kMaxBlock) {
                m_failed = true;
                m_error = protocolError(QStringLiteral("command block larger than %1 bytes").arg(kMaxBlock),
                                        m_consumed);
                return false;
            }
            return true;
        }
        const QByteArray block = m_buffer.left(end);
        m_buffer.remove(0, end + endSize);
        const qint64 offset = m_consumed;
        m_consumed += end + endSize;
        if (!parseBlock(block, offset))
            return false;
    }
}

bool CommandReader::parseBlock(QByteArrayView block, qint64 offset)
{
    Command command;
    qsizetype pos = 0;
    bool first = true;
    while (pos <= block.size()) {
        qsizetype nl = block.indexOf('\n', pos);
        if (nl < 0)
            nl = block.size();
        QByteArrayView line = block.sliced(pos, nl - pos);
        pos = nl + 1;
        if (line.endsWith('\r'))
            line.chop(1);
        if (first) {
            command.line = line.toByteArray();
            first = false;
            continue;
        }
        if (line.isEmpty())
            continue;
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            continue; // mod_event_socket ignores such lines
        QByteArrayView value = line.sliced(colon + 1);
        while (!value.isEmpty() && value.front() == ' ')
            value = value.sliced(1);
        command.headers.append(line.first(colon), value);
    }
    const QByteArrayView length = command.headers.value("Content-Length");
    if (!length.isNull()) {
        bool ok = false;
        const qint64 size = length.trimmed().toLongLong(&ok);
        if (!ok || size < 0 || size > kMaxBody) {
            m_failed = true;
            m_error = protocolError(QStringLiteral("bad Content-Length in a command"), offset);
            return false;
        }
        m_bodySize = qsizetype(size);
        m_awaitingBody = std::move(command);
        return true;
    }
    m_ready.push_back(std::move(command));
    return true;
}

Command CommandReader::takeCommand()
{
    Command command = std::move(m_ready.front());
    m_ready.pop_front();
    return command;
}

} // namespace Esl::wire
