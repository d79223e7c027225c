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

QString LogLine::messageOf(QStringView body)
{
    // A date and time, the idle CPU, the level in brackets and file:line, each followed by a space.
    const auto whole = [body] { return body.trimmed().toString(); };
    if (body.size() < 20 || !body[0].isDigit() || body[4] != u'-' || body[7] != u'-' ||
        body[10] != u' ' || body[13] != u':' || body[16] != u':')
        return whole();
    const qsizetype afterTime = body.indexOf(u' ', 19);
    const qsizetype level = afterTime < 0 ? -1 : body.indexOf(u"% [", afterTime);
    if (level < 0 || level - afterTime > 8)
        return whole();
    const qsizetype source = body.indexOf(u"] ", level);
    if (source < 0 || source - level > 12)
        return whole();
    const qsizetype text = body.indexOf(u' ', source + 2);
    if (text < 0)
        return whole();
    return body.mid(text + 1).trimmed().toString();
}

} // namespace Esl
