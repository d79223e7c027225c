#pragma once
// A channel's uuid_dump in its plain form ("Name: value" lines, values percent-encoded), read
// into name/value pairs with the values decoded, in the switch's order. The dump viewer
// (ui/calls/dialogs/dumpdialog) shows them as a table.

#include <QList>
#include <QString>
#include <QStringView>

namespace Console {

struct DumpLine
{
    QString name;
    QString value; // decoded
};

// One entry per non-empty line. A line without a colon is a name with an empty value.
[[nodiscard]] QList<DumpLine> readChannelDump(QStringView dumpText);

} // namespace Console
