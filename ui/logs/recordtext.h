#pragma once
// How a stored record reads in the log views: its time, its channel in short, its caller, and a
// one-line summary chosen per event (a call state change as "RINGING → ACTIVE", a hangup as its
// cause, an application as "app(data)", a background job as the first line of its reply, a log
// line as its text). Presentation only; what a record means is lib/monitor's business.

#include "monitor/eventstore.h"

#include <QString>

namespace Ui::RecordText {

// The header names the log models read, interned once.
struct Names
{
    Monitor::NameId eventName;
    Monitor::NameId subclass;
    Monitor::NameId uniqueId;
    Monitor::NameId userData;
    Monitor::NameId callerName;
    Monitor::NameId callerNumber;
    Monitor::NameId logLevel;
    Monitor::NameId logFile;
    Monitor::NameId logLine;
    Monitor::NameId logFunc;
};
[[nodiscard]] const Names &names();

[[nodiscard]] QString text(const Monitor::EventStore::Record &record, Monitor::NameId name);
// Local time, hh:mm:ss.zzz; the tooltip form adds the date.
[[nodiscard]] QString timeOfDay(qint64 ms);
[[nodiscard]] QString fullTime(qint64 ms);
// The channel a record is about: Unique-ID for events, User-Data for log lines.
[[nodiscard]] QString channelOf(const Monitor::EventStore::Record &record);
// The first 8 characters of a uuid and an ellipsis; the window shows the full one as a tooltip.
[[nodiscard]] QString shortUuid(const QString &uuid);
// "Name <number>", or whichever of the two there is.
[[nodiscard]] QString caller(const QString &name, const QString &number);
[[nodiscard]] QString callerOf(const Monitor::EventStore::Record &record);
[[nodiscard]] QString eventNameOf(const Monitor::EventStore::Record &record);
[[nodiscard]] QString summaryOf(const Monitor::EventStore::Record &record);
// The first non-blank line of a body, trimmed.
[[nodiscard]] QString firstLine(QByteArrayView body);

} // namespace Ui::RecordText
