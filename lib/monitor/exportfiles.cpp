#include "exportfiles.h"

#include <QCoreApplication>
#include <QFileInfo>

namespace Monitor::ExportFiles {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("Monitor::ExportFiles", text);
}

} // namespace

QList<Kind> allKinds()
{
    return {Kind::JsonLines, Kind::Csv, Kind::Raw, Kind::CallBundle};
}

QString extensionOf(Kind kind)
{
    switch (kind) {
    case Kind::JsonLines:
        return QStringLiteral("jsonl");
    case Kind::Csv:
        return QStringLiteral("csv");
    case Kind::Raw:
        return QStringLiteral("esl");
    case Kind::CallBundle:
        return QStringLiteral("json");
    }
    return {};
}

QString nameOf(Kind kind)
{
    switch (kind) {
    case Kind::JsonLines:
        return tr("JSON Lines");
    case Kind::Csv:
        return tr("CSV");
    case Kind::Raw:
        return tr("raw ESL");
    case Kind::CallBundle:
        return tr("call bundle");
    }
    return {};
}

QString nameFilterOf(Kind kind)
{
    switch (kind) {
    case Kind::JsonLines:
        return tr("JSON Lines (*.jsonl)");
    case Kind::Csv:
        return tr("CSV (*.csv)");
    case Kind::Raw:
        return tr("Raw ESL, readable by eslcat decode (*.esl)");
    case Kind::CallBundle:
        return tr("Call bundle (*.json)");
    }
    return {};
}

std::optional<Kind> kindOfNameFilter(const QString &nameFilter)
{
    for (const Kind kind : allKinds()) {
        if (nameFilter == nameFilterOf(kind))
            return kind;
    }
    return std::nullopt;
}

std::optional<Kind> kindOfFileName(const QString &path)
{
    const QString suffix = QFileInfo(path).suffix();
    for (const Kind kind : allKinds()) {
        if (suffix.compare(extensionOf(kind), Qt::CaseInsensitive) == 0)
            return kind;
    }
    return std::nullopt;
}

QString howItOpensAgain(Kind kind)
{
    switch (kind) {
    case Kind::JsonLines:
        return tr("File → Open saved log reads it back whole: every header and body.");
    case Kind::Csv:
        return tr("File → Open saved log reads back only the columns chosen here; the rest of "
                  "each record is not in the file.");
    case Kind::Raw:
        return tr("File → Open saved log and eslcat decode read it back whole.");
    case Kind::CallBundle:
        return tr("File → Open saved log reads back the call's records and its channels.");
    }
    return {};
}

std::optional<Exporter::Format> exporterFormat(Kind kind)
{
    switch (kind) {
    case Kind::JsonLines:
        return Exporter::Format::JsonLines;
    case Kind::Csv:
        return Exporter::Format::Csv;
    case Kind::Raw:
        return Exporter::Format::Raw;
    case Kind::CallBundle:
        break;
    }
    return std::nullopt;
}

NameCheck checkFileName(const QString &path, Kind kind)
{
    const QFileInfo info(path);
    const QString extension = extensionOf(kind);
    const std::optional<Kind> named = kindOfFileName(path);
    if (named == kind)
        return {path, {}};
    if (!named)
        return {path + u'.' + extension, {}};
    const QString base = info.completeBaseName();
    return {path,
            tr("“%1” ends in .%2, the extension of %3 files, but the format chosen is %4. Name "
               "it “%5”, or choose %3.")
                .arg(info.fileName(), info.suffix(), nameOf(*named), nameOf(kind),
                     base + u'.' + extension)};
}

QStringList csvPseudoColumns()
{
    return {QStringLiteral("@time"),   QStringLiteral("@ms"),     QStringLiteral("@seq"),
            QStringLiteral("@server"), QStringLiteral("@kind"),   QStringLiteral("@name"),
            QStringLiteral("@uuid"),   QStringLiteral("@caller"), QStringLiteral("@summary"),
            QStringLiteral("@body")};
}

QStringList csvChoices(const QStringList &shown)
{
    QStringList out;
    for (const QString &column : shown) {
        if (!out.contains(column, Qt::CaseInsensitive))
            out.append(column);
    }
    for (const QString &column : csvPseudoColumns()) {
        if (!out.contains(column, Qt::CaseInsensitive))
            out.append(column);
    }
    return out;
}

QString describeCsvColumn(const QString &column)
{
    const QString key = column.toLower();
    if (key == u"@time")
        return tr("Time received (ISO 8601, UTC)");
    if (key == u"@ms")
        return tr("Time received (ms since 1970)");
    if (key == u"@seq")
        return tr("Sequence number in the log");
    if (key == u"@server")
        return tr("Server");
    if (key == u"@kind")
        return tr("Kind (event or log)");
    if (key == u"@name")
        return tr("Event name (a log line's level)");
    if (key == u"@uuid")
        return tr("Channel (Unique-ID or User-Data)");
    if (key == u"@caller")
        return tr("Caller");
    if (key == u"@summary")
        return tr("Summary");
    if (key == u"@body")
        return tr("Body (a log line's text)");
    return column;
}

} // namespace Monitor::ExportFiles
