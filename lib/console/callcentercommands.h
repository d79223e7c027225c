#pragma once
// The Queues panel's commands to mod_callcenter, and how to read its answers. Each builder checks
// its inputs the way the module would split them and returns the api command (without "api "),
// or an InvalidArgument error saying what is wrong; CallControl::serverCommand sends it (audited,
// at most once, timed out) and refuses it, unsent, on an error.
//
// callcenter_config splits its arguments with switch_separate_string(' '): a value with spaces
// must be in single quotes ("agent set status agent1@default 'On Break'", as the capture sent
// it), a quote or a backslash inside a name would be taken as quoting or escaping, and only the
// first 8 words are read. So names are single words without quotes or backslashes, statuses and
// states are the module's own words (AGENT_STATUS_CHART, AGENT_STATE_CHART, STATE_CHART in
// mod_callcenter.c), levels and positions are numbers.

#include "console/callcontrol.h"
#include "esl/wire/error.h"

#include <QString>
#include <QStringList>

namespace Console::CallCenterCommands {

// "Logged Out", "Available", "Available (On Demand)", "On Break".
[[nodiscard]] QStringList agentStatuses();
// "Waiting", "Receiving", "In a queue call", "Idle", "Reserved" (what `agent set state` takes).
[[nodiscard]] QStringList agentStates();
// "Ready", "Offering", "Active Inbound", "No Answer", "Standby".
[[nodiscard]] QStringList tierStates();

// callcenter_config agent set status <agent> <status>
[[nodiscard]] Esl::Expected<QString> setAgentStatus(const QString &agent, const QString &status);
// callcenter_config agent set state <agent> <state>
[[nodiscard]] Esl::Expected<QString> setAgentState(const QString &agent, const QString &state);
// callcenter_config tier add <queue> <agent> <level> <position>: logs the agent into the queue.
[[nodiscard]] Esl::Expected<QString> addTier(const QString &queue, const QString &agent, int level,
                                             int position);
// callcenter_config tier del <queue> <agent>: logs the agent out of the queue.
[[nodiscard]] Esl::Expected<QString> deleteTier(const QString &queue, const QString &agent);
// callcenter_config tier set state <queue> <agent> <state>
[[nodiscard]] Esl::Expected<QString> setTierState(const QString &queue, const QString &agent,
                                                  const QString &state);
// Picks a waiting member: its channel leaves the queue for `extension` in `context` of the XML
// dialplan (uuid_transfer <session uuid> <extension> XML <context>). mod_callcenter sees the
// member break out (member-queue-end, Cancel / BREAK_OUT): that is how an operator takes a
// caller out of a queue to a chosen phone, as a real one does with a transfer.
[[nodiscard]] Esl::Expected<QString> pickMember(const QString &sessionUuid,
                                                const QString &extension,
                                                const QString &context = QStringLiteral("default"));
// uuid_kill <session uuid> MANAGER_REQUEST: the operator hangs the caller up (member-queue-end,
// Cancel / BREAK_OUT). The cause is the channel's Hangup-Cause in that event: it tells an
// operator's hang-up from a caller who gave up (CallCenterStore::leftByCaller), here and in every
// other console watching the switch.
[[nodiscard]] Esl::Expected<QString> hangupMember(const QString &sessionUuid);

// callcenter_config answers "+OK" and nothing else when it worked; everything else ("-ERR
// Invalid Agent Status!", "-ERR Agent not found!", "-ERR Tier already exist!", "-ERR Invalid!")
// is a failure with its text. The same reading suits uuid_kill and uuid_transfer ("+OK",
// "-ERR No such channel!").
[[nodiscard]] CallControl::ReplyCheck replyCheck();
[[nodiscard]] std::optional<QString> checkReply(const QString &reply);

} // namespace Console::CallCenterCommands
