#pragma once
// How the switch's api commands split their arguments (switch_separate_string with ' '): words
// at unquoted spaces, a single quote toggles grouping and is dropped, a backslash keeps the next
// character, and with `max` words the last takes the rest of the line. uuid_transfer reads its
// arguments so: `uuid_transfer <uuid> 'valet_park:<lot> <slot>' inline` keeps the application
// and its argument whole.

#include <QString>
#include <QStringList>

namespace Sim {

[[nodiscard]] QStringList separateWords(const QString &line, int max);

} // namespace Sim
