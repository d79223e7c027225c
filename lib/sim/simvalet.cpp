#include "simvalet.h"

#include "simswitch.h"

namespace Sim {

SimValet::SimValet(Switch *sw) : Module(sw) {}

SimValet::~SimValet() = default;

} // namespace Sim
