#pragma once
// The calls of one server as the window lists them, for programs without a window (`eslcat
// calls`) and for the window itself: which legs make a call (ChannelStore::calls), the order of
// the calls (their first leg's creation, oldest first) and of the legs within one (the first leg,
// then the others as they were created), and what a leg's duration reads (since answered, else
// since created; frozen once the leg is gone). One implementation, so that what a monitoring
// script reads is what the operator sees.

#include "channelstore.h"

#include <QByteArray>
#include <QList>
#include <QString>

namespace Monitor {

struct CallRow
{
    QString key; // the call's key: its first leg's uuid
    QList<const Channel *> legs;
};

// Since answered, else since created; frozen once the channel ended or became a zombie.
[[nodiscard]] qint64 legDurationMs(const Channel &channel, qint64 nowMs);

// Every call of `store`, oldest first.
[[nodiscard]] QList<CallRow> callTable(const ChannelStore &store);

// One call as a line of JSON (no newline): {"server", "call", "legs": [{"uuid", "name",
// "direction", "state", "callerName", "callerNumber", "destination", "createdMs", "answeredMs",
// "durationMs", "bridgedTo", "application", "held", "parked", "recording", "ghost", and once
// anything is known of its audio "quality": {"mos", "lossPct", "jitterMs", "rttMs", "fsMos",
// "final"} (the known ones; see qualityJson)}]}, times in ms since the epoch (0: not known).
[[nodiscard]] QByteArray callJson(const QString &server, const CallRow &call, qint64 nowMs);

} // namespace Monitor
