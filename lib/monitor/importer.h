#pragma once
// A saved log back into an EventStore, for offline analysis with the same filters. It reads
// every kind of file the Exporter writes (exportfiles.h), and captures:
// - raw ESL bytes (a capture, `eslcat events --raw`, a raw export);
// - JSON Lines in the `eslcat decode` schema (`eslcat decode`'s output, a JSONL export), each
//   record under the server its line's "server" names (an export of ours), else the file's;
// - a call bundle (one JSON document, exporter.h): its records with the times and server names
//   they carry, and its channels' snapshots (Result::channels);
// - CSV with a header row, as a CSV export writes it: each row a record with the columns the
//   file has. @kind ("log" makes a log line), @name (the event name, "CUSTOM subclass" split;
//   a log line's level name), @uuid, @caller (split into Caller-Caller-ID-Name and -Number),
//   @body, @time or @ms (the time received) and @server are read back; @seq is not, and
//   @summary only as a log line's text when there is no @body; any other column is a header
//   (an empty cell: no header).
//
// Events and log lines become records; other messages (replies, api responses, notices) are
// counted and skipped. Raw ESL carries no server name: its records are the file's. Raw ESL and
// JSON Lines carry no time of receipt, so an event gets its
// Event-Date-Timestamp (in ms) and a log line the time of the record before it (0 at first).
// The first fault ends the import: what was read before it stays in the store, and the error
// says where (a byte offset; for JSON Lines and CSV also the 1-based line).

#include "channel.h"
#include "eventstore.h"

#include "esl/wire/error.h"

#include <QIODevice>

#include <functional>
#include <optional>

namespace Monitor {

class Importer
{
public:
    enum class Format {
        Detect, // see detect()
        Raw,
        JsonLines,
        CallBundle,
        Csv,
    };
    // Called now and then: bytes read, bytes in all (0 when unknown). False cancels.
    using Progress = std::function<bool(qint64 done, qint64 total)>;
    // The server to file a record under: the one a call bundle or a CSV (@server) names, or,
    // given an empty name, the one for records whose file names none.
    using ServerNamer = std::function<ServerId(const QString &name)>;

    struct Result
    {
        Format format = Format::Detect; // the one used
        qint64 events = 0;
        qint64 logLines = 0;
        qint64 skipped = 0; // messages that are neither
        Sequence first = 0; // the store's sequences of what was read: [first, end)
        Sequence end = 0;
        std::optional<Esl::Error> error; // Protocol or Decode with its offset, Canceled, Transport
        qint64 line = -1;                // JSON Lines and CSV: the line of the fault
        QList<Channel> channels;         // a call bundle's snapshots

        [[nodiscard]] bool ok() const { return !error; }
        [[nodiscard]] qint64 records() const { return events + logLines; }
        // "line 12 (byte 3456): what" or "at byte 3456: what".
        [[nodiscard]] QString errorString() const;
    };

    // What a file holds, from its first bytes (`start`) and its name: a call bundle when it is
    // a JSON object whose "format" is switchboard-call-bundle, JSON Lines for another '{'; CSV
    // when the name ends in .csv or the first line is a CSV header of ours (it starts with '@',
    // or has a comma before any colon); raw ESL otherwise.
    [[nodiscard]] static Format detect(QByteArrayView start, const QString &fileName = {});

    void setFormat(Format format) { m_format = format; }
    // The server the records are filed under when there is no namer.
    void setServer(ServerId server) { m_server = server; }
    void setServerNamer(ServerNamer namer) { m_namer = std::move(namer); }
    void setProgress(Progress progress) { m_progress = std::move(progress); }

    [[nodiscard]] Result importFile(const QString &path, EventStore &store) const;
    [[nodiscard]] Result import(QIODevice &in, EventStore &store,
                                const QString &fileName = {}) const;

private:
    void importRaw(QIODevice &in, EventStore &store, Result &result) const;
    void importJsonLines(QIODevice &in, EventStore &store, Result &result) const;
    void importCallBundle(QIODevice &in, EventStore &store,
                          Result &result) const;                            // importerbundle.cpp
    void importCsv(QIODevice &in, EventStore &store, Result &result) const; // importercsv.cpp
    bool keepGoing(const QIODevice &in, qint64 done) const;
    [[nodiscard]] ServerId serverNamed(const QString &name) const;

    Format m_format = Format::Detect;
    ServerId m_server = 0;
    ServerNamer m_namer;
    Progress m_progress;
};

} // namespace Monitor
