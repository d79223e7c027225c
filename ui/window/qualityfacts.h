#pragma once
// The Quality section of the channel details: every figure known of a leg's audio, one per row —
// the estimated MOS and FreeSWITCH's own, loss and jitter each way, the round trip, FreeSWITCH's
// counters (packets, skipped, flushed, DTMF, flaws, its quality %) — so that an operator can judge
// a MOS by what it is computed from (FreeSWITCH's counts DTMF-flushed packets as lost).

#include "ui/window/channelfacts.h"

#include "monitor/callquality.h"

namespace Ui {

// The known figures of `q`, in the order an operator reads them; empty when nothing is known.
[[nodiscard]] QList<ChannelFact> qualityFacts(const Monitor::LegQuality &q, qint64 nowMs);

} // namespace Ui
