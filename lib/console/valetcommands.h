#pragma once
// The Parking panel's commands (mod_valet_parking lots) and how to read their replies. Each
// builder checks what it is given before anything is sent and says what is wrong; every one of
// them goes through CallControl::serverCommand (audited, at most once, timed out).
//
//   retrieve:  uuid_transfer <parked uuid> <extension> XML <context>
//              The parked caller leaves valet_park (its exit event frees the slot) and goes to
//              the extension through the dialplan, as any call to it would. Dialling the slot
//              instead would need a phone at the extension to place that call; the operator
//              has none, and an originate from the extension rings it with the wrong caller.
//   hang up:   uuid_kill <parked uuid>
//   park:      uuid_transfer <uuid> 'valet_park:<lot> <slot>' inline
//              The inline dialplan runs valet_park on the call, in any lot and slot (the
//              vanilla 60XX extensions only reach valet_parking_lot). The quotes keep the
//              application's argument one word: switch_separate_string honours them.

#include "esl/wire/error.h"

#include <QString>

#include <functional>
#include <optional>

namespace Console::ValetCommands {

[[nodiscard]] Esl::Expected<QString> retrieve(const QString &parkedUuid, const QString &extension,
                                              const QString &context = QStringLiteral("default"));
[[nodiscard]] Esl::Expected<QString> hangup(const QString &parkedUuid);
[[nodiscard]] Esl::Expected<QString> park(const QString &uuid, const QString &lot,
                                          const QString &slot);

// Checks one field (what the dialog shows under it); nothing when it is fine.
[[nodiscard]] std::optional<QString> checkUuid(const QString &uuid);
[[nodiscard]] std::optional<QString> checkExtension(const QString &extension);
[[nodiscard]] std::optional<QString> checkLot(const QString &lot);
[[nodiscard]] std::optional<QString> checkSlot(const QString &slot);

// uuid_transfer and uuid_kill (mod_commands transfer_function, kill_function) answer "+OK" and
// otherwise "-ERR No such channel!", "-ERR" or "-USAGE: …": the failure's reason, or nothing.
[[nodiscard]] std::optional<QString> replyFailure(const QString &reply);

} // namespace Console::ValetCommands
