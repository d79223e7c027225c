#pragma once
// One log/data frame: a line of the switch's console log, as `log <level>` delivers it.

#include "wire/message.h"

#include <QString>

namespace Esl {

struct LogLine
{
    int level = -1;      // 0 EMERG ... 7 DEBUG (Log-Level)
    QString channel;     // Text-Channel
    QString file;        // Log-File
    QString function;    // Log-Func
    int line = 0;        // Log-Line
    QString userData;    // User-Data: the channel's UUID, or empty
    QString text;        // the body

    [[nodiscard]] static LogLine fromMessage(const Message &message);
    [[nodiscard]] static QString levelName(int level);
};

} // namespace Esl
