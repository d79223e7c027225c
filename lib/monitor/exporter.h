#pragma once
// The event log to files: every record, those a filter matches, the rows an operator selected,
// or everything about a call's channels. Files are written through QSaveFile, so an export that
// fails or is canceled leaves whatever file was there before untouched. Long exports report
// progress through a callback, which cancels by returning false.
//
// Formats (records always in arrival order):
// - JsonLines: one line per record in the `eslcat decode` schema (esl/wire/jsonlines.h), as if
//   the record had been decoded from its raw bytes (below). Events read as plain events. Given
//   the servers' names (setServerNames), each line ends with one more key, "server": the name of
//   the switch the record came from, which the Importer reads back and `eslcat decode`-schema
//   readers skip; without names the lines are exactly `eslcat decode`'s.
// - Raw: the records' bytes as the switch sends them (recordwire.h): plain event messages and
//   log/data frames, one after another. `eslcat decode` and the Importer read them back.
// - Csv: RFC 4180, UTF-8 without a byte order mark, CRLF line ends, a header row with the column
//   names as given. A field holding a comma, a quote, CR or LF is quoted ("" for a quote).
//   Columns are header names (the first value; empty when the record lacks the header) or
//   pseudo-columns: @seq (store sequence), @time (received, ISO 8601 UTC with milliseconds),
//   @ms (received, epoch milliseconds), @server (its name, else its id), @kind (event | log),
//   @name (event name, CUSTOM with its subclass; a log line's level name), @uuid (Unique-ID or
//   User-Data), @caller and @summary (as the event log's columns read, recordsummary.h), @body.
//   The Importer reads a CSV back with the columns it has (importer.h).
// - Call bundle (writeCallBundle): one JSON document (UTF-8) about one call:
//     {"format": "switchboard-call-bundle", "version": 1, "exported": ISO-TIME,
//      "uuids": [UUID, ...],
//      "channels": [SNAPSHOT, ...],           one per uuid: the ChannelStore's, else rebuilt
//                                             from the call's records (channelsnapshot.h)
//      "records": [                           one per line, oldest first
//        {"seq": N, "time": ISO-TIME, "ms": N, "server": NAME, "kind": "event"|"log",
//         "message": DECODE-SCHEMA-OBJECT}, ...]}
//   A SNAPSHOT has the Channel's fields under their member names (strings, booleans, epoch ms)
//   and "headers": [[name, value], ...], the newest full header set.
//
// Which file name goes with which format, and which formats open again: exportfiles.h.

#include "channelstore.h"
#include "eventstore.h"
#include "filter.h"

#include "esl/wire/error.h"

#include <QHash>
#include <QStringList>

#include <functional>
#include <optional>

namespace Monitor {

// Which records to export, resolved against the store when the export runs (records dropped
// since are skipped).
class ExportSelection
{
public:
    [[nodiscard]] static ExportSelection all();
    [[nodiscard]] static ExportSelection matching(Filter filter);
    // Selected rows, in any order; exported in arrival order, each once.
    [[nodiscard]] static ExportSelection rows(QList<Sequence> sequences);
    // Every record about these channels (events by Unique-ID, log lines by User-Data), of one
    // server only when `server` is given.
    [[nodiscard]] static ExportSelection channels(QStringList uuids,
                                                  std::optional<ServerId> server = {});

    [[nodiscard]] QList<Sequence> resolve(const EventStore &store) const;

private:
    enum class Kind { All, Matching, Rows, Channels };
    Kind m_kind = Kind::All;
    Filter m_filter;
    QList<Sequence> m_rows;
    QStringList m_uuids;
    std::optional<ServerId> m_server;
};

class Exporter
{
public:
    enum class Format { JsonLines, Raw, Csv };
    // Called every few hundred records and at the end: records done, records in all. Returning
    // false cancels the export (the result is then a Canceled error).
    using Progress = std::function<bool(qint64 done, qint64 total)>;

    struct Result
    {
        qint64 records = 0;
        qint64 bytes = 0;
    };

    explicit Exporter(const EventStore &store) : m_store(store) {}

    void setServerNames(QHash<ServerId, QString> names) { m_serverNames = std::move(names); }
    void setProgress(Progress progress) { m_progress = std::move(progress); }
    // The CSV columns (see above); by default @time, @server, @kind, @name, @uuid.
    void setCsvColumns(QStringList columns) { m_columns = std::move(columns); }
    [[nodiscard]] const QStringList &csvColumns() const { return m_columns; }

    // Errors: Canceled, or Transport when the file cannot be written.
    [[nodiscard]] Esl::Expected<Result> write(const QString &path, Format format,
                                              const ExportSelection &selection) const;
    // One call: the records of `uuids` (its legs) and their snapshots from `channels` (may be
    // null: no snapshots).
    [[nodiscard]] Esl::Expected<Result> writeCallBundle(const QString &path,
                                                        const QStringList &uuids,
                                                        const ChannelStore *channels,
                                                        std::optional<ServerId> server = {}) const;

private:
    using EachRecord = std::function<void(const EventStore::Record &, QByteArray &out)>;
    // Writes `head`, each record of `records` through `each`, then `tail`, atomically.
    [[nodiscard]] Esl::Expected<Result> run(const QString &path, const QList<Sequence> &records,
                                            const QByteArray &head, const EachRecord &each,
                                            const QByteArray &tail) const;
    [[nodiscard]] QString serverName(ServerId server) const;

    const EventStore &m_store;
    QHash<ServerId, QString> m_serverNames;
    Progress m_progress;
    QStringList m_columns{QStringLiteral("@time"), QStringLiteral("@server"),
                          QStringLiteral("@kind"), QStringLiteral("@name"),
                          QStringLiteral("@uuid")};
};

} // namespace Monitor
