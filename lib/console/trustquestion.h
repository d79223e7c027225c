#pragma once
// What the window asks, or tells, when a transport cannot go on without the operator
// (Esl::TrustRequest): an unknown SSH host key (accept and remember it, then connect), a TLS
// certificate nobody vouches for (pin it in the profile, then connect), or a key or certificate
// that changed — never offered for acceptance: someone may be intercepting, and the text says
// what to do by hand if the change was legitimate. The words live here, away from any widget,
// so that the tests read them and the dialog only lays them out.

#include "esl/transport.h"

#include <QString>

namespace Console {

struct TrustQuestion
{
    QString profileId; // empty: a server without a saved profile
    QString name;      // the server's
    Esl::TrustRequest request;
    QString title;
    QString text;        // what was seen, the fingerprint, what accepting does or what to do
    QString acceptLabel; // empty: nothing to accept (a change): the dialog only informs
    [[nodiscard]] bool canAccept() const { return !acceptLabel.isEmpty(); }
};

// `knownHostsFile`: where SSH host keys are remembered (empty: ~/.ssh/known_hosts). `canPin`:
// whether a certificate can be pinned (a saved profile to keep the pin in).
[[nodiscard]] TrustQuestion trustQuestion(const Esl::TrustRequest &request, const QString &name,
                                          const QString &knownHostsFile, bool canPin);
// The server's problem() while it waits for the operator, in one or two sentences.
[[nodiscard]] QString trustProblem(const Esl::TrustRequest &request,
                                   const QString &knownHostsFile);

} // namespace Console
