#pragma once
// JSON strings, written and read the one way the whole tree needs: the switch's cJSON, the
// fixtures' Python json.dumps and FreeSWITCH's `show ... as json` all escape the same set.

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

namespace Esl::wire {

// `text` as a JSON string, quotes included: \" \\ \n \r \t \b \f, other control bytes as
// \u00xx; every other byte (UTF-8 included) as it is.
void appendJsonString(QByteArray &out, QByteArrayView text);

// Reads the JSON string starting at `p` (which points at its opening quote) into UTF-8 and
// advances `p` past its closing quote. \u escapes decode to UTF-8, surrogate pairs joined, a
// lone surrogate as U+FFFD. On failure returns false with `error` set and `p` at the fault.
bool readJsonString(const char *&p, const char *end, QByteArray &out, QString &error);

} // namespace Esl::wire
