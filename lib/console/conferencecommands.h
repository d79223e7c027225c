#pragma once
// The Conferences panel's commands to mod_conference, and how to read its replies. Every builder
// checks its inputs before anything is sent (no CR/LF or other control characters, member ids
// numeric and positive, names, files and endpoints without whitespace: the module splits its
// arguments on spaces) and returns the exact api command, or the reason it refuses.
//
// The module answers in its own words (FreeSWITCH 1.10.12, real2/conference-control):
// "+OK mute 1", "+OK Volume IN 1 = 2", "Energy 3 = 300" (no +OK, and a success),
// "Stopped recording file …\n+OK Stopped recording 0 files", "-ERR Non-Existant ID 9999",
// "-ERR Conference nosuchconf not found". replyFailure() reads them.

#include "esl/wire/error.h"

#include <QString>

#include <optional>

namespace Console::ConferenceCommands {

enum class MemberAction { Mute, Unmute, Deaf, Undeaf, Kick, Hangup };

// The module's word for each ("mute", "unmute", "deaf", "undeaf", "kick", "hup").
[[nodiscard]] QString verb(MemberAction action);

// `conference NAME mute|unmute|deaf|undeaf|kick|hup ID`.
[[nodiscard]] Esl::Expected<QString> member(const QString &conference, MemberAction action,
                                            int memberId);
// `conference NAME volume_in|volume_out ID LEVEL`, LEVEL in -4..4 (the module's range).
[[nodiscard]] Esl::Expected<QString> volumeIn(const QString &conference, int memberId, int level);
[[nodiscard]] Esl::Expected<QString> volumeOut(const QString &conference, int memberId, int level);
// `conference NAME energy ID LEVEL` (0..20000: past that nothing would ever be heard).
[[nodiscard]] Esl::Expected<QString> energy(const QString &conference, int memberId, int level);
// `conference NAME lock` / `unlock`.
[[nodiscard]] Esl::Expected<QString> lock(const QString &conference, bool locked);
// `conference NAME record PATH`; stop: `conference NAME norecord PATH|all`.
[[nodiscard]] Esl::Expected<QString> record(const QString &conference, const QString &path);
[[nodiscard]] Esl::Expected<QString> stopRecording(const QString &conference,
                                                   const QString &path = QStringLiteral("all"));
// `conference NAME play FILE [ID]`: to everyone, or to one member (memberId > 0).
[[nodiscard]] Esl::Expected<QString> play(const QString &conference, const QString &file,
                                          int memberId = 0);
// `conference NAME transfer DEST ID`: moves a member into another conference.
[[nodiscard]] Esl::Expected<QString> transferToConference(const QString &conference,
                                                          int memberId,
                                                          const QString &destination);
// `uuid_transfer UUID EXTEN XML CONTEXT`: moves a member's channel out to an extension.
[[nodiscard]] Esl::Expected<QString> transferToExtension(const QString &memberUuid,
                                                         const QString &extension,
                                                         const QString &context =
                                                             QStringLiteral("default"));
// `conference NAME bgdial ENDPOINT [CID_NUMBER [CID_NAME]]`: dials out and joins the answer
// into the conference (starting it if it is not running). bgdial, not `originate … &conference`,
// because it answers at once with a Job-UUID (a ringing phone never holds the api channel: an
// api originate waits up to 60 s) and is the module's own invite.
[[nodiscard]] Esl::Expected<QString> invite(const QString &conference, const QString &endpoint,
                                            const QString &callerIdNumber = {},
                                            const QString &callerIdName = {});
// `uuid_transfer UUID conference:NAME@PROFILE inline`: a call dragged into a conference.
[[nodiscard]] Esl::Expected<QString> bringIn(const QString &uuid, const QString &conference,
                                             const QString &profile = QStringLiteral("default"));

// Why a reply means failure, or nothing when it worked: a line starting "-ERR" or "-USAGE",
// a "… not found" answer; "+OK …" lines and the bare "Energy N = L" are success.
[[nodiscard]] std::optional<QString> replyFailure(const QString &reply);

} // namespace Console::ConferenceCommands
