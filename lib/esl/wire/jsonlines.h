#pragma once
// The JSON Lines form of a message: what `eslcat decode` prints, what exports write, and the
// schema of the fixtures' *.expected.jsonl:
//   {"contentType": CT, "headers": [[name, value], ...], "body": TEXT|null,
//    "event": null | {"name": N, "headers": [[name, value], ...], "body": TEXT|null}}
// Formatted as Python's json.dumps does (", " and ": "), text as UTF-8 with invalid bytes
// replaced by U+FFFD, so a decoding can be compared with a fixture byte for byte.

#include "event.h"
#include "message.h"

namespace Esl::wire {

[[nodiscard]] QByteArray toJsonLine(const Message &message, const Event *event);
void appendJsonText(QByteArray &out, QByteArrayView utf8);

} // namespace Esl::wire
