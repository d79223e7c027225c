// Reading a channel's plain uuid_dump into decoded name/value pairs.
#include "console/channeldump.h"

#include <QUrl>

namespace Console {

QList<DumpLine> readChannelDump(QStringView dumpText)
{
    QList<DumpLine> lines;
    for (QStringView line : dumpText.split(u'\n')) {
        if (line.endsWith(u'\r'))
            line.chop(1);
        if (line.isEmpty())
            continue;
        const qsizetype colon = line.indexOf(u':');
        const QStringView name = colon < 0 ? line : line.left(colon);
        QStringView value = colon < 0 ? QStringView() : line.mid(colon + 1);
        if (value.startsWith(u' '))
            value = value.mid(1);
        lines.append({name.toString(), QUrl::fromPercentEncoding(value.toUtf8())});
    }
    return lines;
}

} // namespace Console
