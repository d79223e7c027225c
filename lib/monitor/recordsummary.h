#pragma once
// What a stored record says in a few words, for people: the caller it is about ("Name <number>")
// and a one-line summary chosen per event (a call state change as "RINGING → ACTIVE", a hangup as
// its cause, an application as "app(data)", a background job as the first line of its reply, a
// log line as its text). The event log shows them as its Caller and Summary columns, and CSV
// exports write them as @caller and @summary, so that a file reads as the log did.

#include "eventstore.h"

#include <QString>

namespace Monitor::RecordSummary {

// "Name <number>", or whichever of the two there is (the number when they are the same); text
// from the switch is wrapped in bidi isolates where it needs them (bidi.h).
[[nodiscard]] QString caller(const QString &name, const QString &number);
// The caller of a record: Caller-Caller-ID-Name and -Number.
[[nodiscard]] QString callerOf(const EventStore::Record &record);
// caller() read back: the name and the number (both the same text when there is only one).
[[nodiscard]] std::pair<QString, QString> splitCaller(const QString &text);
[[nodiscard]] QString summaryOf(const EventStore::Record &record);
// The first 8 characters of a uuid and an ellipsis.
[[nodiscard]] QString shortUuid(const QString &uuid);
// The first non-blank line of a body, trimmed.
[[nodiscard]] QString firstLine(QByteArrayView body);

} // namespace Monitor::RecordSummary
