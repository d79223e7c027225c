#pragma once
// The Registrations panel's actions as mod_sofia api commands, each checked before anything is
// sent, and the module's own reply words for success and failure (mod_sofia.c cmd_profile and
// cmd_status, FreeSWITCH 1.10.12; the texts are in tests/fixtures/real2/sofia-registrations):
//
//   sofia profile P register GW          "+OK" / "Invalid gateway!" / "Invalid Profile [P]"
//   sofia profile P killgw GW            "+OK gateway marked for deletion." / "-ERR no such gateway."
//   sofia profile P rescan               "Reload XML [Success]\n+OK scan complete" (the Reload
//                                        line appears even without the reloadxml argument on
//                                        this version) / "-ERR cannot find config for profile P"
//   sofia profile P flush_inbound_reg [<call-id>|<user@host>] [reboot]
//                                        "+OK flushing all registrations[ matching specified call_id]"
//   sofia status                         the profile table
//
// None of these answers with -ERR alone: "Invalid gateway!" and "Invalid Profile [x]" are
// failures too, and the checks say so.

#include "esl/wire/error.h"

#include <QString>

#include <optional>

namespace Console::SofiaCommands {

[[nodiscard]] Esl::Expected<QString> registerGateway(const QString &profile, const QString &gateway);
[[nodiscard]] Esl::Expected<QString> killGateway(const QString &profile, const QString &gateway);
[[nodiscard]] Esl::Expected<QString> rescan(const QString &profile);
// `target`: a Call-ID or user@host; empty flushes every registration of the profile.
[[nodiscard]] Esl::Expected<QString> flushRegistration(const QString &profile,
                                                        const QString &target = {},
                                                        bool reboot = false);
[[nodiscard]] QString status();

// The reply checks (CallControl::ReplyCheck): the failure's reason, or nothing when it worked.
[[nodiscard]] std::optional<QString> checkProfileReply(const QString &reply);
[[nodiscard]] std::optional<QString> checkStatusReply(const QString &reply);

} // namespace Console::SofiaCommands
