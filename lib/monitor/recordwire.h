#pragma once
// A stored record as it travelled on the Event Socket, and as `eslcat decode` prints it. The
// journal keeps these bytes, exports write them, the importer reads them back.
//
// - An event is the text/event-plain message Esl::Event::toPlainMessage() writes: exactly the
//   switch's own bytes for an event that arrived as plain (json and xml events come back plain).
//   Reading it back applies libesl's rules for plain events (a second Event-Name replaces the
//   first, an empty value drops its header, "ARRAY::" inside a value is split): events that came
//   as plain or json went through them on arrival and come back identical; an xml event with
//   such headers comes back as the switch's plain form of it would have decoded. (The one plain
//   event that cannot be written back byte for byte is the one those rules changed on arrival,
//   e.g. the PRIVATE_COMMAND re-fire of a COMMAND event carrying both Event-Names.)
// - A log line is the log/data frame as mod_event_socket writes it:
//       Content-Type: log/data
//       Content-Length: <bytes of the text>
//       Log-Level: 7            Text-Channel, Log-File, Log-Func, Log-Line, User-Data likewise
//       <blank line><text>
//   Values go out as they are, as the switch does, except '%', CR and LF, which are written as
//   %25, %0D and %0A so that they read back unchanged (the parser percent-decodes).

#include "eventstore.h"

#include "esl/logline.h"
#include "esl/wire/event.h"

#include <QByteArray>

#include <optional>

namespace Monitor {

// The log/data headers of a line, in the order of the frame (the ones EventStore::appendLog
// keeps).
[[nodiscard]] Esl::HeaderList logHeaders(const Esl::LogLine &line);
// The frame of a log line given its log/data headers (without Content-Type and Content-Length)
// and its text.
[[nodiscard]] QByteArray logFrame(const Esl::HeaderList &headers, QByteArrayView text);

// A record rebuilt as an Esl::Event (a log line: its log/data headers, the text as body).
[[nodiscard]] Esl::Event eventOf(const EventStore::Record &record);
// A log line as the store's records show it to filters: its log/data headers and its text.
[[nodiscard]] Esl::Event eventOf(const Esl::LogLine &line);

// The record's bytes on the wire: a plain event message or a log/data frame.
[[nodiscard]] QByteArray wireBytes(RecordKind kind, const Esl::Event &event);
// The record's line in the `eslcat decode` schema, without the newline.
[[nodiscard]] QByteArray jsonLine(RecordKind kind, const Esl::Event &event);

// A message read back from the wire as a record: an event, a log line, or neither (replies,
// api responses, notices: `kind` stays empty).
struct DecodedRecord
{
    std::optional<RecordKind> kind;
    Esl::Event event;                // for events
    Esl::LogLine line;               // for log lines
    std::optional<Esl::Error> error; // an event message whose body does not decode
};
[[nodiscard]] DecodedRecord decodeRecord(const Esl::Message &message);

// Appends a decoded record to the store; returns its sequence.
Sequence appendRecord(EventStore &store, ServerId server, const DecodedRecord &record,
                      qint64 receivedMs);

} // namespace Monitor
