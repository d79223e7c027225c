#pragma once
// The dialplan applications the simulated switch has (simapplications.cpp).

#include <QByteArray>
#include <QString>

namespace Sim {

// Whether `name` is an application of the switch: anything else is an "Invalid Application".
[[nodiscard]] bool isApplication(const QString &name);
// `show application [<name>] [as json]`, in the shape of `show api`.
[[nodiscard]] QByteArray showApplications(const QString &name, bool json);

} // namespace Sim
