#pragma once
// A channel as a call bundle carries it (exporter.h): the Channel's fields under their member
// names (strings, booleans, epoch ms), "displayState", and "headers": [[name, value], ...], the
// newest full header set, and "quality" (callquality.h's qualitySnapshot: every figure and the
// history) once anything is known of its audio. Read back, a snapshot is the same Channel again.
//
// A bundle is written after the call, often long after: the live ChannelStore may have let an
// ended channel go. rebuildChannels() works the channels out again from the store's records of
// them, as the monitor did while they were up.

#include "channel.h"
#include "eventstore.h"

#include <QJsonObject>
#include <QStringList>

#include <optional>

namespace Monitor {

[[nodiscard]] QJsonObject snapshotOf(const Channel &channel);
// Nothing when `snapshot` has no uuid or a field of the wrong type.
[[nodiscard]] std::optional<Channel> channelOfSnapshot(const QJsonObject &snapshot);

// The channels `uuids` as their events in `store` leave them (of one server when `server` is
// given), in the order of `uuids`; a uuid without events is left out.
[[nodiscard]] QList<Channel> rebuildChannels(const EventStore &store, const QStringList &uuids,
                                             std::optional<ServerId> server = {});

} // namespace Monitor
