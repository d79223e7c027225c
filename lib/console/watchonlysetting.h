#pragma once
// The program-wide watch-only switch: `watchOnly=true` in the system-wide settings file
// (QSettings' SystemScope for this organisation and application, /etc/xdg/<org>/<app>.conf on
// Debian). An administrator sets it for a wall display or a colleague's desk; it wins over the
// user's own settings and every profile: no server is then sent anything that changes a call or
// the switch, and the window offers no control action.

namespace Console {

[[nodiscard]] bool systemWatchOnly();

} // namespace Console
