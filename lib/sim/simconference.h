#pragma once
// mod_conference in the simulated switch (STUB: being written for issue #19).

#include "simmodule.h"

namespace Sim {

class SimConference : public Module
{
    Q_OBJECT

public:
    explicit SimConference(Switch *sw);
    ~SimConference() override;
};

} // namespace Sim
