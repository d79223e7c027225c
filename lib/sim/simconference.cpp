#include "simconference.h"

#include "simswitch.h"

namespace Sim {

SimConference::SimConference(Switch *sw) : Module(sw) {}

SimConference::~SimConference() = default;

} // namespace Sim
