#pragma once
// eslcat calls: the calls table of one switch, exactly as the window groups it (the monitor's
// ServerMonitor and call table, no second implementation), as JSON lines for scripts and
// monitoring checks.

#include "monitorview.h"

#include "esl/inboundclient.h"

#include <QString>

#include <cstdio>

namespace Monitor {
class ChannelStore;
}

namespace Eslcat {

// One switch's calls as JSON lines (Monitor::callJson), each naming `server`; no flush.
void writeCallLines(FILE *out, const QString &server, const Monitor::ChannelStore &store);

struct CallsOptions
{
    Esl::ConnectionOptions connection;
    bool watch = false; // false: print once after the initial sync and a second of events
    int settleMs = 1000;
};

// --once: ExitSuccess after printing, ExitNoConnection when the switch cannot be reached or
// does not sync in time. --watch: prints the table again (after an empty line) whenever a call
// or leg changes, until SIGINT/SIGTERM (ExitSuccess).
// `view` says what is printed (the calls; a panel's store: panelView()).
int runCalls(const CallsOptions &options, FILE *out, FILE *err,
             const MonitorView &view = callsView());

} // namespace Eslcat
