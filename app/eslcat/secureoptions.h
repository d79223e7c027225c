#pragma once
// eslcat's options for reaching a switch safely, shared by every subcommand that connects:
// --tls, --ca, --pin, --cert, --key, --tls-name; --ssh, --ssh-key, --known-hosts,
// --accept-new-host-key; --watch-only.

#include "esl/inboundclient.h"

#include <QCommandLineParser>

namespace Eslcat {

void addSecureOptions(QCommandLineParser &parser);
// Fills options.tls, options.ssh and options.watchOnly; false with `error` set on a usage error.
[[nodiscard]] bool applySecureOptions(const QCommandLineParser &parser,
                                      Esl::ConnectionOptions &options, QString *error);
// "user@host[:port]" (user optional, [v6]:port); false when it is not that.
[[nodiscard]] bool parseSshTarget(const QString &text, Esl::SshOptions &ssh);

} // namespace Eslcat
