#pragma once
// How a leg's audio quality reads in the window: the MOS as a short text with a mark for poor
// calls (colour is never the only sign), a colour per grade that stays readable on light and dark
// palettes, a tooltip that leads with the worst figure, and a call's worst leg. Pure functions
// over Monitor::LegQuality (callquality.h), shared by the calls view and the channel details.

#include "monitor/channel.h"

#include <QColor>
#include <QList>
#include <QPalette>
#include <QString>
#include <QVariant>

namespace Ui::QualityPresentation {

using Grade = Monitor::LegQuality::Grade;

// "4.4"; "▼ 2.9" when poor; "—" while nothing is known.
[[nodiscard]] QString mosText(const Monitor::LegQuality &q);
// "good", "fair", "poor", "unknown".
[[nodiscard]] QString gradeName(Grade grade);
// The text colour of a grade on `palette`'s base: invalid (the palette's own text) for good and
// unknown; amber for fair, red for poor, darker on a light base and lighter on a dark one.
[[nodiscard]] QColor gradeForeground(Grade grade, const QPalette &palette);
// "MOS 2.9 (poor) · worst: loss 6 % in", then every figure (LegQuality::tooltip, FreeSWITCH's
// counters and its loss-only MOS with the note about DTMF-flushed packets). Empty when unknown.
[[nodiscard]] QString toolTip(const Monitor::LegQuality &q);
// What the column sorts on: the MOS, or an invalid value while unknown (the proxy puts those
// last whichever way it sorts; equal ones keep their unsorted order).
[[nodiscard]] QVariant sortValue(const Monitor::LegQuality &q);
// The leg with the lowest MOS among `legs` (null entries are legs already gone); null when no leg
// has one.
[[nodiscard]] const Monitor::Channel *worstLeg(const QList<const Monitor::Channel *> &legs);

} // namespace Ui::QualityPresentation
