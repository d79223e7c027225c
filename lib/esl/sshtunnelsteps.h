#pragma once
// The worker's steps before and after the pump (internal to the SSH tunnel): connecting, checking
// the host key against known_hosts and logging in, in blocking mode with the connect timeout.
// Nothing here touches Qt objects of the GUI thread.

#include "transport.h"

#include <atomic>
#include <optional>

struct ssh_session_struct;

namespace Esl {

struct SshLoginOutcome
{
    bool ok = false;
    Error error;
    bool retry = false;
    std::optional<TrustRequest> trust;
};

// Connects session (options already set by it) and logs in: on return either ok, or the error to
// report (with retry, and the trust request an unknown or changed host key makes).
[[nodiscard]] SshLoginOutcome sshConnectAndLogIn(ssh_session_struct *session,
                                                 const SshOptions &options, int timeoutMs,
                                                 const std::atomic_bool &stop);

// Appends one known_hosts line to path, creating the file 0600 and its folder 0700 when missing.
// Empty on success, else why not.
[[nodiscard]] std::optional<QString> appendKnownHostsLine(const QString &path,
                                                          const QByteArray &line);

} // namespace Esl
