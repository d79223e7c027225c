#pragma once
// Item data roles the Switchboard models share. Views sort on RawValueRole (durations as qint64
// ms, times as ms since the epoch, levels as int), never on the display text.

#include <Qt>

namespace Ui {

enum ModelRole : int {
    RawValueRole = Qt::UserRole + 1, // sortable value of the cell
    ServerIdRole,                    // Monitor::ServerId of the row
    UuidRole,                        // the channel's uuid (calls: the first leg's)
    CallKeyRole,                     // the call's key: the uuid of its first leg
    IsZombieRole,                    // bool: the switch no longer has it, though no event said so
    IsEndedRole,                     // bool: hung up, shown until it expires
    FadeRole,     // qreal: a gone row's opacity, 1 (live) down to 0 (about to expire)
    IsCallRole,   // bool: a call row in the tree (not one of its legs)
    SequenceRole, // Monitor::Sequence of a stored record (log models)
    LogLevelRole, // int 0..7 of a log line; -1 for events
    IsStaleRole,  // bool: its server is not live, so what the row says may be out of date
    IsOwnLegRole, // bool: the operator's own phone on a listen, whisper or barge
};

} // namespace Ui
