#include "event.h"

namespace Esl {

Event::Event(HeaderList headers, QByteArray body, bool hasBody, Format format)
    : m_headers(std::move(headers)), m_body(std::move(body)), m_hasBody(hasBody), m_format(format)
{}

Expected<Event> Event::fromMessage(const Message &message)
{
    const QByteArrayView type = message.contentType();
    if (type == ContentType::EventPlain)
        return fromPlain(message.body());
    if (type == ContentType::EventJson)
        return fromJson(message.body());
    if (type == ContentType::EventXml)
        return fromXml(message.body());
    return decodeError(
        QStringLiteral("content type \"%1\" is not an event").arg(QString::fromUtf8(type)));
}

QString Event::name() const
{
    const QByteArrayView base = eventName();
    if (base == "CUSTOM") {
        const QByteArrayView sub = subclass();
        if (!sub.isEmpty())
            return QString::fromUtf8(base) + u' ' + QString::fromUtf8(sub);
    }
    return QString::fromUtf8(base);
}

QList<QByteArrayView> splitArrayValue(QByteArrayView value)
{
    constexpr QByteArrayView prefix = "ARRAY::";
    if (!value.startsWith(prefix))
        return {value};
    QList<QByteArrayView> parts;
    QByteArrayView rest = value.sliced(prefix.size());
    for (;;) {
        const qsizetype sep = rest.indexOf("|:");
        if (sep < 0) {
            parts.append(rest);
            return parts;
        }
        parts.append(rest.first(sep));
        rest = rest.sliced(sep + 2);
    }
}

QStringList Event::values(QByteArrayView name) const
{
    QStringList out;
    for (const QByteArrayView value : m_headers.values(name)) {
        for (const QByteArrayView part : splitArrayValue(value))
            out.append(QString::fromUtf8(part));
    }
    return out;
}

namespace {

qint64 toNumber(QByteArrayView text)
{
    bool ok = false;
    const qint64 value = text.toLongLong(&ok);
    return ok ? value : -1;
}

} // namespace

qint64 Event::timestamp() const
{
    return toNumber(header("Event-Date-Timestamp"));
}

qint64 Event::sequence() const
{
    return toNumber(header("Event-Sequence"));
}

QString Event::variable(QByteArrayView name) const
{
    QByteArray full = "variable_";
    full.append(name.data(), name.size());
    return text(full);
}

bool Event::isEquivalent(const Event &other) const
{
    if (name() != other.name() || m_hasBody != other.m_hasBody || m_body != other.m_body)
        return false;
    // Distinct names in first-seen order, Content-Length aside, each compared by its values.
    auto distinctNames = [](const HeaderList &headers) {
        QList<QByteArrayView> names;
        for (qsizetype i = 0; i < headers.size(); ++i) {
            const QByteArrayView n = headers.name(i);
            if (equalsIgnoringCase(n, "Content-Length") || headers.indexOf(n) != i)
                continue;
            names.append(n);
        }
        return names;
    };
    const QList<QByteArrayView> mine = distinctNames(m_headers);
    const QList<QByteArrayView> theirs = distinctNames(other.m_headers);
    if (mine.size() != theirs.size())
        return false;
    for (qsizetype i = 0; i < mine.size(); ++i) {
        if (mine[i] != theirs[i] || values(mine[i]) != other.values(theirs[i]))
            return false;
    }
    return true;
}

QByteArray Event::toMessage(Format format) const
{
    switch (format) {
    case Format::Plain:
        return toPlainMessage();
    case Format::Json:
        return toJsonMessage();
    case Format::Xml:
        return toXmlMessage();
    }
    return {};
}

} // namespace Esl
