#pragma once
// Watch-only connections: what a console that must never change a call or the switch may send.
// The login (auth, userauth), subscriptions (event, nixevent, noevents, myevents, divert_events),
// filters, log level (log, nolog), linger/nolinger and exit; and `api` (or `bgapi`) with a
// read-only command from the allow-list below. Everything else (sendmsg, sendevent, execute, any
// other api command) is refused with the reason, before anything is written.
//
// Also here, since it is the switch's side of the same question: under `userauth`, the switch
// itself refuses what the directory user's esl-allowed-api / esl-allowed-events / esl-allowed-log
// leave out, with a command/reply "-ERR permission denied" (mod_event_socket.c, parse_command);
// permissionRefusal() says so in a sentence that names the command and the login.

#include <QByteArrayView>
#include <QString>
#include <QStringList>

#include <optional>

namespace Esl {

class Reply;

// Empty when `commandLine` (a whole command line as the Session writes it, e.g. "api status",
// "sendmsg <uuid>", "filter Unique-ID x") is allowed on a watch-only connection; otherwise one
// sentence for the operator naming the command.
[[nodiscard]] std::optional<QString> watchOnlyRefusal(QByteArrayView commandLine);
// Whether an api command (without "api ", e.g. "show channels as json") is read-only.
[[nodiscard]] bool isReadOnlyApi(QStringView apiCommand);
// The allow-list as shown to people (README, tooltips): "global_getvar", "status", "show …".
[[nodiscard]] QStringList readOnlyApiCommands();

// Whether `reply` is the switch's "-ERR permission denied" (a command/reply, for api and bgapi
// too: the switch answers before running anything).
[[nodiscard]] bool isPermissionDenied(const Reply &reply);
// "the switch refused \"uuid_kill\" for this login (userauth 1000@default): permission denied —
// its esl-allowed-api does not include it". `command` is what was sent: "api uuid_kill x",
// "bgapi …", "event plain CUSTOM x", "log 7", or a bare api command ("uuid_kill x"); `user` the
// userauth login (empty: "auth", where the switch applies no such lists).
[[nodiscard]] QString permissionRefusal(QStringView command, const QString &user);

} // namespace Esl
