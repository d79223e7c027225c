#pragma once
// Export files by kind: the formats an operator chooses from, each one's extension and file
// dialog filter, what opening the file again gives back, and the rule that keeps a file's name
// and its content in agreement. A name without an extension of its own gets the format's
// ("events" -> "events.jsonl", "log.2025-11-24" -> "log.2025-11-24.jsonl"); a name that ends in
// another format's extension is refused, saying why: a JSON call bundle named call.esl promises
// raw ESL to whoever opens it.
//
// Every kind opens again (File → Open saved log, Monitor::Importer): JSON Lines, raw ESL and call
// bundles whole; a CSV with the columns it has. The CSV columns an export offers start with the
// ones the event log shows, then every pseudo-column that is not among them (exporter.h).

#include "exporter.h"

#include <QString>
#include <QStringList>

#include <optional>

namespace Monitor::ExportFiles {

enum class Kind { JsonLines, Csv, Raw, CallBundle };

[[nodiscard]] QList<Kind> allKinds();
// "jsonl", "csv", "esl", "json".
[[nodiscard]] QString extensionOf(Kind kind);
// "JSON Lines", "CSV", "raw ESL", "call bundle".
[[nodiscard]] QString nameOf(Kind kind);
// The file dialog's filter: "JSON Lines (*.jsonl)", "CSV (*.csv)", ...
[[nodiscard]] QString nameFilterOf(Kind kind);
[[nodiscard]] std::optional<Kind> kindOfNameFilter(const QString &nameFilter);
// By the name's extension (any case); nothing for another extension or none.
[[nodiscard]] std::optional<Kind> kindOfFileName(const QString &path);
// What File → Open saved log gives back from a file of this kind, for the export dialog.
[[nodiscard]] QString howItOpensAgain(Kind kind);
// The Exporter's format for the kind; nothing for a call bundle (Exporter::writeCallBundle).
[[nodiscard]] std::optional<Exporter::Format> exporterFormat(Kind kind);

struct NameCheck
{
    QString path;    // the name to write: the one given, its extension added when it had none
    QString problem; // why the name is refused; empty when it is not
    [[nodiscard]] bool ok() const { return problem.isEmpty(); }
};
[[nodiscard]] NameCheck checkFileName(const QString &path, Kind kind);

// The pseudo-columns, in the order a chooser lists them.
[[nodiscard]] QStringList csvPseudoColumns();
// What a chooser offers: `shown` (the event log's columns) first, in their order, then the
// pseudo-columns not among them.
[[nodiscard]] QStringList csvChoices(const QStringList &shown);
// For a chooser: "@time" -> "Time received (ISO 8601, UTC)"; a header name stays as it is.
[[nodiscard]] QString describeCsvColumn(const QString &column);

} // namespace Monitor::ExportFiles
