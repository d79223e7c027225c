#pragma once
// The frames mod_event_socket writes itself (everything but events), byte for byte as FreeSWITCH
// 1.10.12 formats them: the header order, the spelling and the bodies are the switch's, checked
// against tests/fixtures and mod_event_socket.c.

#include "esl/wire/headerlist.h"

#include <QByteArray>
#include <QByteArrayView>

namespace Sim::Frames {

// The body of every disconnect notice the switch sends when it ends a connection itself.
inline constexpr QByteArrayView Goodbye =
    "Disconnected, goodbye.\nSee you at ClueCon! http://www.cluecon.com/\n";
inline constexpr QByteArrayView AccessDenied = "Access Denied, go away.\n";
inline constexpr QByteArrayView LostEvents = "killed listener because of lost events\n";
inline constexpr QByteArrayView LostLogs = "killed listener because of lost log lines\n";
inline constexpr QByteArrayView ShuttingDown = "The system is being shut down.\n";

[[nodiscard]] QByteArray authRequest();
// "Content-Type: command/reply\nReply-Text: <text>\n\n".
[[nodiscard]] QByteArray commandReply(QByteArrayView replyText);
// A command/reply with more headers after Reply-Text (bgapi's Job-UUID, userauth's Allowed-*).
[[nodiscard]] QByteArray commandReply(QByteArrayView replyText, const Esl::HeaderList &extra);
[[nodiscard]] QByteArray apiResponse(QByteArrayView body);
// Inbound: Content-Type and Content-Length only. With a controlled session (outbound, or
// inbound after `myevents <uuid>`): Controlled-Session-UUID and Content-Disposition too.
[[nodiscard]] QByteArray disconnectNotice(QByteArrayView body, QByteArrayView sessionUuid = {});
[[nodiscard]] QByteArray lingerNotice(QByteArrayView sessionUuid, QByteArrayView channelName,
                                      int lingerSeconds);
[[nodiscard]] QByteArray rudeRejection();
[[nodiscard]] QByteArray logData(int level, int textChannel, QByteArrayView file,
                                 QByteArrayView function, int line, QByteArrayView userData,
                                 QByteArrayView text);
// switch_event_serialize with url-encoding: "Name: %XX-encoded value\n" per header, then "\n".
// The outbound `connect` reply is a whole channel serialized this way.
[[nodiscard]] QByteArray serializedHeaders(const Esl::HeaderList &headers);

} // namespace Sim::Frames
