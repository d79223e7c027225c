#include "writer.h"

#include "headerlist.h"

#include <cstring>

namespace Esl::wire {

std::optional<Error> checkArgument(QByteArrayView text, QStringView what)
{
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char c = text[i];
        const char *name = c == '\r' ? "CR" : c == '\n' ? "LF" : c == '\0' ? "NUL" : nullptr;
        if (name) {
            return Error{Error::Code::InvalidArgument,
                         QStringLiteral("%1 contains a %2 character at position %3; nothing was "
                                        "sent")
                             .arg(what, QLatin1StringView(name))
                             .arg(i),
                         -1};
        }
    }
    return std::nullopt;
}

Expected<QByteArray> encodeCommand(QByteArrayView line, const QList<HeaderPair> &headers,
                                   QByteArrayView body)
{
    if (line.trimmed().isEmpty())
        return Error{Error::Code::InvalidArgument, QStringLiteral("empty command"), -1};
    if (auto error = checkArgument(line, u"the command"))
        return *error;
    qsizetype size = line.size() + 2 + body.size() + 32;
    for (const auto &[name, value] : headers) {
        if (name.isEmpty() || name.contains(':') || name.contains(' ')) {
            return Error{Error::Code::InvalidArgument,
                         QStringLiteral("invalid header name \"%1\"").arg(QString::fromUtf8(name)),
                         -1};
        }
        if (equalsIgnoringCase(name, "Content-Length")) {
            return Error{Error::Code::InvalidArgument,
                         QStringLiteral("Content-Length is written from the body"), -1};
        }
        if (auto error = checkArgument(name, u"a header name"))
            return *error;
        if (auto error =
                checkArgument(value, QStringLiteral("header %1").arg(QString::fromUtf8(name))))
            return *error;
        size += name.size() + value.size() + 3;
    }

    QByteArray out;
    out.reserve(size);
    out.append(line.data(), line.size());
    out.append('\n');
    for (const auto &[name, value] : headers) {
        out.append(name);
        out.append(": ");
        out.append(value);
        out.append('\n');
    }
    if (!body.isEmpty()) {
        out.append("Content-Length: ");
        out.append(QByteArray::number(body.size()));
        out.append("\n\n");
        out.append(body.data(), body.size());
    } else {
        out.append('\n');
    }
    return out;
}

} // namespace Esl::wire
