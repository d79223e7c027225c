#pragma once
// Why a filter that compiles shows nothing, in one line for the operator: a typo in a header
// name (`Event-Nmae == CHANNEL_HOLD`) or in a value (`Event-Name == CHANEL_HOLD`) is a valid
// expression that silently empties the log. The hint names the header no stored record has, with
// the nearest known header name (Monitor::HeaderNames) that some record does have; or, for one
// `Header == value`, says no record has that value and offers the nearest one it has; else how
// many stored records it matched none of. A hint, not an error: the expression is applied.
//
// It reads the store (a pass over the records for each name looked for), so it is asked only
// when the filter leaves no row.

#include "monitor/eventstore.h"
#include "monitor/filter.h"

#include <QString>

namespace Ui {

[[nodiscard]] QString emptyFilterHint(const Monitor::EventStore &store,
                                      const Monitor::Filter &filter);

// Edits (insertions, deletions, substitutions, each one; case ignored) from `a` to `b`, stopping
// once more than `limit` (then limit + 1).
[[nodiscard]] int editDistance(QStringView a, QStringView b, int limit);

} // namespace Ui
