#pragma once
// eslcat decode: raw ESL bytes (a capture, a `--raw` recording, an export) to JSON Lines or to a
// summary of what the capture holds.

#include <QStringList>

#include <cstdio>

namespace Eslcat {

struct DecodeOptions
{
    QStringList files; // "-" is standard input
    bool summary = false;
};

// Returns the process exit status: 0 when every input decoded cleanly.
int runDecode(const DecodeOptions &options, FILE *out, FILE *err);

} // namespace Eslcat
