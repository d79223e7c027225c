#include "watchonly.h"

namespace Esl {

// Scaffold: to be filled in (issue #21, watch-only).
std::optional<QString> watchOnlyRefusal(QByteArrayView)
{
    return std::nullopt;
}

bool isReadOnlyApi(QStringView)
{
    return true;
}

QStringList readOnlyApiCommands()
{
    return {};
}

} // namespace Esl
