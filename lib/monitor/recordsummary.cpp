#include "recordsummary.h"

#include "bidi.h"
#include "headernames.h"

#include <utility>

namespace Monitor::RecordSummary {

namespace {

using Record = EventStore::Record;

QString str(const Record &r, QByteArrayView name)
{
    return QString::fromUtf8(r.value(HeaderNames::instance().intern(name)));
}

QString application(const Record &r)
{
    const QString app = str(r, "Application");
    const QString data = str(r, "Application-Data");
    return data.isEmpty() ? app : QStringLiteral("%1(%2)").arg(app, data);
}

QString callSummary(const Record &r, QByteArrayView name)
{
    if (name == "CHANNEL_CALLSTATE") {
        const QString from = str(r, "Original-Channel-Call-State");
        const QString to = str(r, "Channel-Call-State");
        return from.isEmpty() ? to : from + QStringLiteral(" → ") + to;
    }
    if (name == "CHANNEL_STATE")
        return str(r, "Channel-State");
    if (name == "CHANNEL_HANGUP" || name == "CHANNEL_HANGUP_COMPLETE" || name == "CHANNEL_DESTROY")
        return str(r, "Hangup-Cause");
    if (name == "CHANNEL_EXECUTE")
        return application(r);
    if (name == "CHANNEL_EXECUTE_COMPLETE") {
        const QString response = str(r, "Application-Response");
        return response.isEmpty() ? application(r)
                                  : application(r) + QStringLiteral(" → ") + response;
    }
    if (name == "CHANNEL_BRIDGE" || name == "CHANNEL_UNBRIDGE") {
        return shortUuid(str(r, "Bridge-A-Unique-ID")) + QStringLiteral(" ↔ ") +
               shortUuid(str(r, "Bridge-B-Unique-ID"));
    }
    if (name == "CHANNEL_CREATE") {
        const QString destination = str(r, "Caller-Destination-Number");
        const QString channel = str(r, "Channel-Name");
        return destination.isEmpty()
                   ? channel
                   : isolated(channel) + QStringLiteral(" → ") + isolated(destination);
    }
    if (name == "DTMF")
        return QStringLiteral("digit ") + str(r, "DTMF-Digit");
    if (name == "RECORD_START" || name == "RECORD_STOP")
        return str(r, "Record-File-Path");
    if (name == "CODEC")
        return str(r, "Channel-Read-Codec-Name");
    if (name == "CALL_UPDATE")
        return caller(str(r, "Caller-Callee-ID-Name"), str(r, "Caller-Callee-ID-Number"));
    return {};
}

QString withoutIsolates(QString text)
{
    text.remove(kFirstStrongIsolate);
    text.remove(kPopDirectionalIsolate);
    return text;
}

} // namespace

QString caller(const QString &name, const QString &number)
{
    if (name.isEmpty() || name == number)
        return number;
    if (number.isEmpty())
        return name;
    return QStringLiteral("%1 <%2>").arg(isolated(name), isolated(number));
}

QString callerOf(const Record &record)
{
    return caller(str(record, "Caller-Caller-ID-Name"), str(record, "Caller-Caller-ID-Number"));
}

std::pair<QString, QString> splitCaller(const QString &text)
{
    const qsizetype open = text.lastIndexOf(QStringLiteral(" <"));
    if (open > 0 && text.endsWith(u'>')) {
        return {withoutIsolates(text.left(open)),
                withoutIsolates(text.mid(open + 2, text.size() - open - 3))};
    }
    const QString alone = withoutIsolates(text);
    return {alone, alone};
}

QString shortUuid(const QString &uuid)
{
    return uuid.size() <= 9 ? uuid : uuid.left(8) + QChar(0x2026);
}

QString firstLine(QByteArrayView body)
{
    for (QByteArrayView rest = body; !rest.isEmpty();) {
        const qsizetype end = rest.indexOf('\n');
        const QByteArrayView line = (end < 0 ? rest : rest.first(end)).trimmed();
        if (!line.isEmpty())
            return QString::fromUtf8(line);
        if (end < 0)
            break;
        rest = rest.sliced(end + 1);
    }
    return {};
}

QString summaryOf(const Record &r)
{
    if (r.kind() == RecordKind::Log)
        return firstLine(r.body());
    const QByteArrayView name = r.value(HeaderNames::instance().intern("Event-Name"));
    if (name == "BACKGROUND_JOB")
        return firstLine(r.body());
    if (name == "API") {
        const QString argument = str(r, "API-Command-Argument");
        return argument.isEmpty() ? str(r, "API-Command") : str(r, "API-Command") + u' ' + argument;
    }
    if (name == "HEARTBEAT") {
        return QStringLiteral("%1 sessions, %2% idle")
            .arg(str(r, "Session-Count"), str(r, "Idle-CPU").section(u'.', 0, 0));
    }
    QString summary = callSummary(r, name);
    if (summary.isEmpty())
        summary = firstLine(r.body());
    if (summary.isEmpty())
        summary = str(r, "Channel-Name");
    return summary;
}

} // namespace Monitor::RecordSummary
