#pragma once
// A saved log back into an EventStore, for offline analysis with the same filters: raw ESL bytes
// (a capture, `eslcat events --raw`, a raw export) or JSON Lines in the `eslcat decode` schema
// (`eslcat decode`'s output, a JSONL export).
//
// Events and log lines become records; other messages (replies, api responses, notices) are
// counted and skipped. Neither format carries the time a record was received, so an event gets
// its Event-Date-Timestamp (in ms) and a log line the time of the record before it (0 at first).
// The first fault ends the import: what was read before it stays in the store, and the error
// says where (a byte offset; for JSON Lines also the 1-based line).

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
        Detect, // JSON Lines when the first non-blank byte is '{', raw ESL otherwise
        Raw,
        JsonLines,
    };
    // Called now and then: bytes read, bytes in all (0 when unknown). False cancels.
    using Progress = std::function<bool(qint64 done, qint64 total)>;

    struct Result
    {
        Format format = Format::Detect; // the one used
        qint64 events = 0;
        qint64 logLines = 0;
        qint64 skipped = 0; // messages that are neither
        Sequence first = 0; // the store's sequences of what was read: [first, end)
        Sequence end = 0;
        std::optional<Esl::Error> error; // Protocol or Decode with its offset, Canceled, Transport
        qint64 line = -1;                // JSON Lines: the line of the fault

        [[nodiscard]] bool ok() const { return !error; }
        [[nodiscard]] qint64 records() const { return events + logLines; }
        // "line 12 (byte 3456): what" or "at byte 3456: what".
        [[nodiscard]] QString errorString() const;
    };

    void setFormat(Format format) { m_format = format; }
    // The server the records are filed under.
    void setServer(ServerId server) { m_server = server; }
    void setProgress(Progress progress) { m_progress = std::move(progress); }

    [[nodiscard]] Result importFile(const QString &path, EventStore &store) const;
    [[nodiscard]] Result import(QIODevice &in, EventStore &store) const;

private:
    void importRaw(QIODevice &in, EventStore &store, Result &result) const;
    void importJsonLines(QIODevice &in, EventStore &store, Result &result) const;
    bool keepGoing(const QIODevice &in, qint64 done) const;

    Format m_format = Format::Detect;
    ServerId m_server = 0;
    Progress m_progress;
};

} // namespace Monitor
