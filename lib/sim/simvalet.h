#pragma once
// mod_valet_parking in the simulated switch (STUB: being written for issue #19).

#include "simmodule.h"

namespace Sim {

class SimValet : public Module
{
    Q_OBJECT

public:
    explicit SimValet(Switch *sw);
    ~SimValet() override;
};

} // namespace Sim
