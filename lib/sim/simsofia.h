#pragma once
// mod_sofia's registrar and gateways in the simulated switch (STUB: being written for issue #19).

#include "simmodule.h"

namespace Sim {

class SimSofia : public Module
{
    Q_OBJECT

public:
    explicit SimSofia(Switch *sw);
    ~SimSofia() override;

    // `show registrations [as json]` (mod_commands reads mod_sofia's registrations table).
    [[nodiscard]] QByteArray showRegistrations(bool json) const;
};

} // namespace Sim
