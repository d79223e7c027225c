#pragma once
// What eslcat's `calls`, `conferences`, `queues`, `registrations`, `gateways` and `parking`
// print of a watched server, and when: one shared loop (runCalls, runAmqpCalls) connects, waits
// for the sync, prints the view's JSON lines, and with --watch prints again after each burst of
// changes. Each command is a MonitorView over the window's own stores.

#include <QObject>
#include <QString>

#include <cstdio>
#include <functional>

namespace Monitor {
class ServerMonitor;
}

namespace Eslcat {

struct MonitorView
{
    QString what; // "channel list", "conference list": for "no … from X in time"
    // Writes the lines of one server (no flush).
    std::function<void(FILE *out, const QString &server, const Monitor::ServerMonitor &monitor)>
        write;
    // Calls `changed` (on `context`'s thread) whenever what write() prints may have changed.
    std::function<void(Monitor::ServerMonitor *monitor, QObject *context,
                       const std::function<void()> &changed)>
        watch;
    // Whether the server answered what write() needs, beyond being in step (a panel's store
    // synced, or found its module missing). Empty: being in step is enough.
    std::function<bool(const Monitor::ServerMonitor &monitor)> ready;
    // Once ready: a note for stderr ("mod_callcenter is not loaded on X"), or empty.
    std::function<QString(const QString &server, const Monitor::ServerMonitor &monitor)> note;
};

// `calls`: the call table (Monitor::callTable, Monitor::callJson).
[[nodiscard]] MonitorView callsView();
// A supervisor panel's store by its kind ("conferences", "queues", "registrations",
// "gateways", "parking"): its rows (PanelStore::rows), each with "server" added first.
[[nodiscard]] MonitorView panelView(const QString &kind);

} // namespace Eslcat
