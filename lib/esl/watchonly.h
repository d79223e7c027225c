#pragma once
// Watch-only connections: what a console that must never change a call or the switch may send.
// The login (auth, userauth), subscriptions (event, nixevent, noevents, myevents, divert_events),
// filters, log level (log, nolog), linger/nolinger and exit; and `api` (or `bgapi`) with a
// read-only command from the allow-list below. Everything else (sendmsg, sendevent, execute, any
// other api command) is refused with the reason, before anything is written.

#include <QByteArrayView>
#include <QString>
#include <QStringList>

#include <optional>

namespace Esl {

// Empty when `commandLine` (a whole command line as the Session writes it, e.g. "api status",
// "sendmsg <uuid>", "filter Unique-ID x") is allowed on a watch-only connection; otherwise one
// sentence for the operator naming the command.
[[nodiscard]] std::optional<QString> watchOnlyRefusal(QByteArrayView commandLine);
// Whether an api command (without "api ", e.g. "show channels as json") is read-only.
[[nodiscard]] bool isReadOnlyApi(QStringView apiCommand);
// The allow-list as shown to people (README, tooltips): "global_getvar", "status", "show …".
[[nodiscard]] QStringList readOnlyApiCommands();

} // namespace Esl
