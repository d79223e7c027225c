#pragma once
// The program-wide watch-only switch: `watchOnly=true` in the system-wide settings file
// (QSettings' SystemScope for this organisation and application, /etc/xdg/<org>/<app>.conf on
// Debian). An administrator sets it for a wall display or a colleague's desk; it wins over the
// user's own settings and every profile: no server is then sent anything that changes a call or
// the switch, and the window offers no control action.

#include "monitor/channelkey.h"

#include <QList>

namespace Monitor {
class Hub;
class ServerMonitor;
struct ServerProfile;
} // namespace Monitor

namespace Console {

[[nodiscard]] bool systemWatchOnly();

// Whether nothing that changes a call or the switch may go to this server: its profile says so
// (connection.watchOnly) or the system-wide setting does. The window asks this before offering a
// control action, and the status bar marks such a server "watch-only".
[[nodiscard]] bool isWatchOnly(const Monitor::ServerProfile &profile);
// The same for a running server: its profile, the system setting, or (a switch seen through a
// RabbitMQ broker) the broker profile's watch-only (BrokerOptions::watchOnly).
[[nodiscard]] bool isWatchOnly(const Monitor::ServerMonitor &server);
// The same for a server of `hub` (false for one that is gone: it is sent nothing anyway).
[[nodiscard]] bool isWatchOnly(const Monitor::Hub *hub, Monitor::ServerId server);
// Whether any of `servers` is watch-only: an action on a selection spanning it is not offered.
[[nodiscard]] bool anyWatchOnly(const Monitor::Hub *hub, const QList<Monitor::ServerId> &servers);
// Whether a control action not tied to one server (a new call) has somewhere to go: the system
// setting is off and at least one server is not watch-only (or there is none yet).
[[nodiscard]] bool anyServerTakesControl(const Monitor::Hub *hub);

} // namespace Console
