#include "frames.h"

#include "esl/wire/percent.h"

namespace Sim::Frames {

namespace {

void appendHeader(QByteArray &out, QByteArrayView name, QByteArrayView value)
{
    out.append(name.data(), name.size());
    out.append(": ");
    out.append(value.data(), value.size());
    out.append('\n');
}

} // namespace

QByteArray authRequest()
{
    return QByteArrayLiteral("Content-Type: auth/request\n\n");
}

QByteArray commandReply(QByteArrayView replyText)
{
    return commandReply(replyText, {});
}

QByteArray commandReply(QByteArrayView replyText, const Esl::HeaderList &extra)
{
    QByteArray out = QByteArrayLiteral("Content-Type: command/reply\n");
    appendHeader(out, "Reply-Text", replyText);
    for (qsizetype i = 0; i < extra.size(); ++i)
        appendHeader(out, extra.name(i), extra.value(i));
    out.append('\n');
    return out;
}

QByteArray apiResponse(QByteArrayView body)
{
    QByteArray out = QByteArrayLiteral("Content-Type: api/response\nContent-Length: ");
    out.append(QByteArray::number(body.size()));
    out.append("\n\n");
    out.append(body.data(), body.size());
    return out;
}

QByteArray disconnectNotice(QByteArrayView body, QByteArrayView sessionUuid)
{
    QByteArray out = QByteArrayLiteral("Content-Type: text/disconnect-notice\n");
    if (!sessionUuid.isEmpty()) {
        appendHeader(out, "Controlled-Session-UUID", sessionUuid);
        appendHeader(out, "Content-Disposition", "disconnect");
    }
    appendHeader(out, "Content-Length", QByteArray::number(body.size()));
    out.append('\n');
    out.append(body.data(), body.size());
    return out;
}

QByteArray lingerNotice(QByteArrayView sessionUuid, QByteArrayView channelName, int lingerSeconds)
{
    QByteArray out = QByteArrayLiteral("Content-Type: text/disconnect-notice\n");
    appendHeader(out, "Controlled-Session-UUID", sessionUuid);
    appendHeader(out, "Content-Disposition", "linger");
    appendHeader(out, "Channel-Name", channelName);
    appendHeader(out, "Linger-Time", QByteArray::number(lingerSeconds));
    out.append("Content-Length: 0\n\n");
    return out;
}

QByteArray rudeRejection()
{
    QByteArray out = QByteArrayLiteral("Content-Type: text/rude-rejection\nContent-Length: ");
    out.append(QByteArray::number(AccessDenied.size()));
    out.append("\n\n");
    out.append(AccessDenied.data(), AccessDenied.size());
    return out;
}

QByteArray logData(int level, int textChannel, QByteArrayView file, QByteArrayView function,
                   int line, QByteArrayView userData, QByteArrayView text)
{
    QByteArray out;
    out.reserve(160 + file.size() + function.size() + userData.size() + text.size());
    out.append("Content-Type: log/data\n");
    appendHeader(out, "Content-Length", QByteArray::number(text.size()));
    appendHeader(out, "Log-Level", QByteArray::number(level));
    appendHeader(out, "Text-Channel", QByteArray::number(textChannel));
    appendHeader(out, "Log-File", file);
    appendHeader(out, "Log-Func", function);
    appendHeader(out, "Log-Line", QByteArray::number(line));
    appendHeader(out, "User-Data", userData);
    out.append('\n');
    out.append(text.data(), text.size());
    return out;
}

QByteArray serializedHeaders(const Esl::HeaderList &headers)
{
    QByteArray out;
    out.reserve(headers.size() * 48);
    for (qsizetype i = 0; i < headers.size(); ++i) {
        const QByteArrayView name = headers.name(i);
        out.append(name.data(), name.size());
        out.append(": ");
        Esl::wire::appendPercentEncoded(out, headers.value(i));
        out.append('\n');
    }
    out.append('\n');
    return out;
}

} // namespace Sim::Frames
