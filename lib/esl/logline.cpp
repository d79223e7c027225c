#include "logline.h"

namespace Esl {

LogLine LogLine::fromMessage(const Message &message)
{
    LogLine line;
    bool ok = false;
    line.level = message.header("Log-Level").toInt(&ok);
    if (!ok)
        line.level = -1;
    line.channel = message.headers().text("Text-Channel");
    line.file = message.headers().text("Log-File");
    line.function = message.headers().text("Log-Func");
    line.line = message.header("Log-Line").toInt();
    line.userData = message.headers().text("User-Data");
    line.text = QString::fromUtf8(message.body());
    return line;
}

QString LogLine::levelName(int level)
{
    static const char *const names[] = {"EMERG",   "ALERT",  "CRIT", "ERROR",
                                        "WARNING", "NOTICE", "INFO", "DEBUG"};
    return level >= 0 && level <= 7 ? QString::fromLatin1(names[level]) : QStringLiteral("LOG");
}

} // namespace Esl
