#pragma once
// Ids and clock of the simulated switch, shared by its parts.

#include <QDateTime>
#include <QString>
#include <QUuid>

namespace Sim {

inline QString freshUuid()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

// Microseconds since the epoch, as Event-Date-Timestamp and the Caller-*-Time headers count.
inline qint64 nowMicros()
{
    return QDateTime::currentMSecsSinceEpoch() * 1000;
}

} // namespace Sim
