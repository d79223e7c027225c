#pragma once
// Reading `valet_info [<lot>]`, mod_valet_parking's listing: XML written with printf, one
// `<lot name="…">` per lot the module has ever seen (empty ones too) and one
// `<extension uuid="…">6001</extension>` per parked call:
//
//   <lots>
//     <lot name="valet_parking_lot">
//       <extension uuid="616e9201-…">6001</extension>
//     </lot>
//   </lots>
//
// An unknown lot gives an empty `<lots>`. The module does not escape what it prints, so a lot
// named with `&`, `<` or `"` makes the reply invalid XML: that fails here, with the reason.
// Bounded (lots, slots, depth); QXmlStreamReader is a pull parser, so no recursion on input.

#include "esl/wire/error.h"

#include <QByteArray>
#include <QList>
#include <QString>

namespace Monitor {

struct ValetListedSlot
{
    QString extension;
    QString uuid;
};

struct ValetListedLot
{
    QString name;
    QList<ValetListedSlot> slots;
};

[[nodiscard]] Esl::Expected<QList<ValetListedLot>> parseValetInfo(const QByteArray &body,
                                                                  int maxLots, int maxSlots);

} // namespace Monitor
