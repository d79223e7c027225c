#pragma once
// Text from the switch (a caller's name or number, a destination, a channel name) as it goes
// into a string composed around it ("Alice <1000>", "A → B", "Hang up … → 2000"). Right-to-left
// text, or text carrying its own direction controls, reorders its neighbours in a left-to-right
// line: an Arabic name beside its number came out as "4522372743+> محمد العلي<". Wrapped in
// Unicode's first-strong isolate (U+2068 … U+2069, UAX #9), it keeps its own direction and
// leaves the rest alone; a stray override in a hostile caller name ends at the isolate's end.

#include <QString>

namespace Monitor {

// `text` wrapped in FSI … PDI when it holds right-to-left letters, Arabic digits or any
// directional formatting character; as it is otherwise (left-to-right text needs nothing, and
// copied text stays free of invisible characters).
[[nodiscard]] QString isolated(const QString &text);
// Whether isolated() would wrap `text`.
[[nodiscard]] bool needsIsolation(QStringView text);

// `elided` is `original` with its middle (or end) replaced by an ellipsis, as
// QFontMetrics::elidedText makes it. An isolate opened before the cut whose end was cut away
// would take everything after the ellipsis into it ("<4561902704…محمد" instead of
// "محمد…4561902704>"): this closes such isolates before the ellipsis, and opens one after it for
// the tail of an isolate whose start was cut away, so each side keeps its own order.
[[nodiscard]] QString keepIsolatesBalanced(const QString &original, const QString &elided);

inline constexpr QChar kFirstStrongIsolate{0x2068};
inline constexpr QChar kPopDirectionalIsolate{0x2069};

} // namespace Monitor
