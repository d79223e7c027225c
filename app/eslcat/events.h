#pragma once
// eslcat events: subscribe and stream events as JSON Lines (the `eslcat decode` schema) until
// SIGINT or SIGTERM, reconnecting whenever the link drops.

#include "esl/inboundclient.h"
#include "esl/subscription.h"
#include "monitor/filter.h"

#include <QString>

#include <cstdio>
#include <optional>

namespace Eslcat {

struct EventsOptions
{
    Esl::ConnectionOptions connection;
    Esl::Subscription subscription;
    QString rawPath; // non-empty: append every byte received to this file
    // When set, only the events it matches are printed (--raw still records every byte).
    std::optional<Monitor::Filter> where;
};

// Prints one line per event the subscription asked for (not the ones the client subscribes to
// for itself) to `out`; reconnect notices and errors to `err`. Returns ExitSuccess when stopped
// by a signal, ExitNoConnection when the switch refuses the login or --raw cannot be written.
//
// The --raw file holds the connections' bytes one after another, so `eslcat decode` reads it
// back; a connection that dropped in the middle of a message leaves that message cut short,
// which decode then reports at its offset.
int runEvents(const EventsOptions &options, FILE *out, FILE *err);

} // namespace Eslcat
