#pragma once
// mod_callcenter in the simulated switch (STUB: being written for issue #19).

#include "simmodule.h"

namespace Sim {

class SimCallCenter : public Module
{
    Q_OBJECT

public:
    explicit SimCallCenter(Switch *sw);
    ~SimCallCenter() override;
};

} // namespace Sim
