#pragma once
// One log/data frame: a line of the switch's console log, as `log <level>` delivers it.

#include "wire/message.h"

#include <QString>

namespace Esl {

struct LogLine
{
    int level = -1;   // 0 EMERG ... 7 DEBUG (Log-Level)
    QString channel;  // Text-Channel
    QString file;     // Log-File
    QString function; // Log-Func
    int line = 0;     // Log-Line
    QString userData; // User-Data: the channel's UUID, or empty
    QString text;     // the body

    [[nodiscard]] static LogLine fromMessage(const Message &message);
    [[nodiscard]] static QString levelName(int level);
    // What was logged, without the switch's own prefix: a body reads "2026-11-24 13:08:14.788900
    // 99.23% [DEBUG] switch_ivr.c:3575 (loopback/9197-a) State Change …" (its time, idle CPU,
    // level and file:line, which the headers carry too). A body not shaped so comes back whole;
    // trimmed either way.
    [[nodiscard]] static QString messageOf(QStringView body);
    [[nodiscard]] QString message() const { return messageOf(text); }
};

} // namespace Esl
