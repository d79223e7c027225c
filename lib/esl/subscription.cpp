#include "subscription.h"

#include <QRegularExpression>

namespace Esl {

namespace {

const QStringList &correlationEvents()
{
    static const QStringList names{QStringLiteral("BACKGROUND_JOB"),
                                   QStringLiteral("CHANNEL_EXECUTE_COMPLETE"),
                                   QStringLiteral("CHANNEL_HANGUP_COMPLETE")};
    return names;
}

bool filterMatches(const Event &event, const std::pair<QString, QString> &filter)
{
    const QByteArray header = filter.first.toUtf8();
    if (!event.hasHeader(header))
        return false;
    const QString value = event.text(header);
    const QString &wanted = filter.second;
    if (wanted.size() >= 2 && wanted.startsWith(u'/') && wanted.endsWith(u'/'))
        return QRegularExpression(wanted.mid(1, wanted.size() - 2)).match(value).hasMatch();
    return value == wanted;
}

// An entry as it is compared and sent: trimmed, and "CUSTOM  a::b" spaced as "CUSTOM a::b".
QString normalized(const QString &entry)
{
    const QString name = entry.trimmed();
    if (name.startsWith(QStringLiteral("CUSTOM "), Qt::CaseInsensitive))
        return QStringLiteral("CUSTOM ") + name.mid(7).trimmed();
    return name;
}

} // namespace

QByteArray Subscription::formatName(Event::Format format)
{
    switch (format) {
    case Event::Format::Json:
        return "json";
    case Event::Format::Xml:
        return "xml";
    case Event::Format::Plain:
        break;
    }
    return "plain";
}

QByteArrayList Subscription::commands() const
{
    QByteArrayList out;
    const bool all = events.contains(QStringLiteral("ALL"), Qt::CaseInsensitive);
    QStringList names;
    QStringList subclasses;
    if (all) {
        names.append(QStringLiteral("ALL"));
    } else {
        for (const QString &entry : events) {
            const QString name = normalized(entry);
            // A bare CUSTOM matches nothing, and on the wire every name after it would be read
            // as a subclass (the correlation events included): leave it out.
            if (name.compare(QStringLiteral("CUSTOM"), Qt::CaseInsensitive) == 0)
                continue;
            if (name.startsWith(QStringLiteral("CUSTOM "), Qt::CaseInsensitive))
                subclasses.append(name.mid(7));
            else if (!name.isEmpty() && !names.contains(name))
                names.append(name);
        }
        for (const QString &name : correlationEvents()) {
            if (!names.contains(name))
                names.append(name);
        }
    }
    QByteArray event = "event " + formatName(format);
    for (const QString &name : std::as_const(names))
        event += ' ' + name.toUtf8();
    if (!subclasses.isEmpty()) {
        event += " CUSTOM";
        for (const QString &subclass : std::as_const(subclasses))
            event += ' ' + subclass.toUtf8();
    }
    out.append(event);

    for (const auto &[header, value] : filters)
        out.append("filter " + header.toUtf8() + ' ' + value.toUtf8());
    if (!filters.isEmpty()) {
        for (const QString &name : correlationEvents())
            out.append("filter Event-Name " + name.toUtf8());
    }
    if (logLevel >= 0 && logLevel <= 7)
        out.append("log " + QByteArray::number(logLevel));
    return out;
}

bool Subscription::passes(const Event &event) const
{
    const bool all = events.contains(QStringLiteral("ALL"), Qt::CaseInsensitive);
    if (!all) {
        const QString name = event.name(); // "CUSTOM a::b" for custom events
        bool wanted = false;
        for (const QString &entry : events) {
            if (normalized(entry).compare(name, Qt::CaseInsensitive) == 0) {
                wanted = true;
                break;
            }
        }
        if (!wanted)
            return false;
    }
    if (filters.isEmpty())
        return true;
    for (const auto &filter : filters) {
        if (filterMatches(event, filter))
            return true;
    }
    return false;
}

} // namespace Esl
