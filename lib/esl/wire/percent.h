#pragma once
// Percent-encoding as FreeSWITCH does it: the switch's url encoder on the way out, and libesl's
// lenient decoder on the way in (%XX only, '+' stays '+', a bad escape is kept as it is).

#include <QByteArray>
#include <QByteArrayView>

namespace Esl::wire {

// Appends the decoding of `in` to `out`. Returns whether any escape was decoded.
bool appendPercentDecoded(QByteArray &out, QByteArrayView in);
// Writes the decoding of `in` at `out`, which has room for in.size() bytes (decoding never
// grows), and returns the end of what it wrote. The parsers' hot path: no QByteArray calls.
char *decodePercentInto(char *out, QByteArrayView in);
[[nodiscard]] QByteArray percentDecoded(QByteArrayView in);

// What switch_url_encode writes: control bytes, bytes above '~' and " \r\n#%&+:;<=>?@[\]^`{|}\""
// become %XX with upper-case hex.
void appendPercentEncoded(QByteArray &out, QByteArrayView in);
[[nodiscard]] QByteArray percentEncoded(QByteArrayView in);

} // namespace Esl::wire
