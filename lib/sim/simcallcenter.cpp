#include "simcallcenter.h"

#include "simswitch.h"

namespace Sim {

SimCallCenter::SimCallCenter(Switch *sw) : Module(sw) {}

SimCallCenter::~SimCallCenter() = default;

} // namespace Sim
