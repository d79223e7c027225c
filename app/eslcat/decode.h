#pragma once
// eslcat decode: raw ESL bytes (a capture, a `--raw` recording, an export) to JSON Lines or to a
// summary of what the capture holds.

#include "monitor/filter.h"

#include "esl/wire/event.h"

#include <QStringList>

#include <cstdio>
#include <optional>

namespace Eslcat {

struct DecodeOptions
{
    QStringList files; // "-" is standard input
    bool summary = false;
    // When set, only the events and log lines it matches are printed (and counted by the
    // summary); every other message (replies, api responses, notices) is left out.
    std::optional<Monitor::Filter> where;
};

// Whether `--where` lets this message through: an event matched as the event store's records
// are, a log/data frame as a log line record (its Log-* headers, User-Data, the text as body).
[[nodiscard]] bool passesWhere(const Monitor::Filter &where, const Esl::Message &message,
                               const Esl::Event *event);

// Returns the process exit status: 0 when every input decoded cleanly.
int runDecode(const DecodeOptions &options, FILE *out, FILE *err);

} // namespace Eslcat
