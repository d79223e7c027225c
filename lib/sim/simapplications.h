#pragma once
// The dialplan applications the simulated switch has (simapplications.cpp).

#include <QByteArray>
#include <QList>
#include <QString>

namespace Sim {

// A row of `show api` or `show application`: what the switch's interface tables hold.
struct Interface
{
    const char *name;
    const char *description;
    const char *syntax;
    const char *ikey;
};

// `show api|application [<name>] [as json]` over one of those tables: name, description,
// syntax, ikey — as delimited text with a title row and "N total.", or as cJSON prints the rows
// (no spaces, every value a string; an empty result is {"row_count": 0}).
[[nodiscard]] QByteArray showInterfaces(const QList<const Interface *> &rows, bool json);

// Whether `name` is an application of the switch: anything else is an "Invalid Application".
[[nodiscard]] bool isApplication(const QString &name);
// `show application [<name>] [as json]`, in the shape of `show api`.
[[nodiscard]] QByteArray showApplications(const QString &name, bool json);

} // namespace Sim
