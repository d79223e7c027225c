#pragma once
// Commands to the switch, as bytes. A command is one line ("api status", "sendmsg <uuid>"),
// optional "Name: value" header lines and an optional body, ended by a blank line. Nothing is
// written when any part would break the framing: a CR or LF inside an argument could smuggle a
// second command onto the wire (an operator-typed transfer target "1000\n\napi hupall"), and a
// NUL would cut the line short inside the switch.

#include "error.h"

#include <QByteArray>
#include <QList>

#include <utility>

namespace Esl::wire {

using HeaderPair = std::pair<QByteArray, QByteArray>;

// "line\nName: value\n...\n", with "Content-Length: N\n\n<body>" when a body is given.
[[nodiscard]] Expected<QByteArray>
encodeCommand(QByteArrayView line, const QList<HeaderPair> &headers = {}, QByteArrayView body = {});

// InvalidArgument when `text` holds CR, LF or NUL; `what` names it in the message.
[[nodiscard]] std::optional<Error> checkArgument(QByteArrayView text, QStringView what);

} // namespace Esl::wire
