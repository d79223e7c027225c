#include "simsofia.h"

#include "simswitch.h"

namespace Sim {

SimSofia::SimSofia(Switch *sw) : Module(sw) {}

SimSofia::~SimSofia() = default;

QByteArray SimSofia::showRegistrations(bool json) const
{
    // No rows: as the real switch answers (a space after the colon, no "rows" key).
    return json ? QByteArray("{\"row_count\": 0}") : QByteArray("\n0 total.\n");
}

} // namespace Sim
