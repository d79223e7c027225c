#pragma once
// eslcat sim: the simulated FreeSWITCH on its own, for pointing any ESL client at it
// (fs_cli, libesl programs, this console) without a real switch.

#include <QStringList>

namespace Eslcat {

// Parses the sim command's arguments, runs until SIGINT/SIGTERM; returns the exit status.
int runSim(const QStringList &arguments);

} // namespace Eslcat
