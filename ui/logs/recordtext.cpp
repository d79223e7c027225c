#include "ui/logs/recordtext.h"

#include "monitor/headernames.h"
#include "monitor/recordsummary.h"

#include <QDateTime>

namespace Ui::RecordText {

namespace {

using Record = Monitor::EventStore::Record;

Monitor::NameId id(QByteArrayView name)
{
    return Monitor::HeaderNames::instance().intern(name);
}

} // namespace

const Names &names()
{
    static const Names n{id("Event-Name"),
                         id("Event-Subclass"),
                         id("Unique-ID"),
                         id("User-Data"),
                         id("Caller-Caller-ID-Name"),
                         id("Caller-Caller-ID-Number"),
                         id("Log-Level"),
                         id("Log-File"),
                         id("Log-Line"),
                         id("Log-Func")};
    return n;
}

QString text(const Record &record, Monitor::NameId name)
{
    return QString::fromUtf8(record.value(name));
}

QString timeOfDay(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms).toString(QStringLiteral("hh:mm:ss.zzz"));
}

QString fullTime(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms).toString(QStringLiteral("yyyy-MM-dd hh:mm:ss.zzz t"));
}

QString channelOf(const Record &record)
{
    const Names &n = names();
    return text(record, record.kind() == Monitor::RecordKind::Log ? n.userData : n.uniqueId);
}

QString shortUuid(const QString &uuid)
{
    return Monitor::RecordSummary::shortUuid(uuid);
}

QString caller(const QString &name, const QString &number)
{
    return Monitor::RecordSummary::caller(name, number);
}

QString callerOf(const Record &record)
{
    return Monitor::RecordSummary::callerOf(record);
}

QString eventNameOf(const Record &record)
{
    if (record.kind() == Monitor::RecordKind::Log)
        return QStringLiteral("log");
    return text(record, names().eventName);
}

QString firstLine(QByteArrayView body)
{
    return Monitor::RecordSummary::firstLine(body);
}

QString summaryOf(const Record &r)
{
    return Monitor::RecordSummary::summaryOf(r);
}

} // namespace Ui::RecordText
