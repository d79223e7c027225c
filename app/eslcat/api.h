#pragma once
// eslcat api: log in to a switch, run api commands one after another, print what each returned.

#include "esl/inboundclient.h"

#include <QStringList>

#include <cstdio>

namespace Eslcat {

struct ApiOptions
{
    Esl::ConnectionOptions connection;
    QStringList commands;     // "show channels as json", "status", ...
    int commandTimeoutMs = 0; // per command; 0: none
};

// Prints each api/response body (or a command/reply's Reply-Text) to `out`, ending it with a
// newline if the switch did not. A "-ERR ..." answer goes to `err` and the next command still
// runs. Returns ExitSuccess, ExitCommandFailed when any command got "-ERR", or ExitNoConnection
// (at once) when the switch cannot be reached, refuses the login, or does not answer in time.
int runApi(const ApiOptions &options, FILE *out, FILE *err);

} // namespace Eslcat
