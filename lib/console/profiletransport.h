#pragma once
// How an Event Socket profile reaches its switch — TLS to an stunnel/haproxy in front of it, an
// SSH tunnel, or plain TCP — and whether it is watch-only: the checks an editor runs on those
// fields, and how they are kept in the settings file. Split from profile.cpp and profiles.cpp so
// that each stays about one thing; the secrets (ssh.password, ssh.keyPassphrase) are not here:
// ProfileStore keeps them like the Event Socket password.

#include "console/profile.h"

class QSettings;

namespace Console {

// The problems of the TLS and SSH fields of an Event Socket profile (none for a broker's, nor
// for the fields of a transport that is off).
[[nodiscard]] QList<ProfileProblem> validateTransport(const Profile &profile);
// "CA file", "SSH host", ...: for messages.
[[nodiscard]] QString transportFieldName(ProfileField field);

// In the current array entry of `settings`. Keys that are absent (every profile saved before
// TLS and SSH came) read as the defaults: TCP, not watch-only. Secrets are never written here.
void readTransportSettings(const QSettings &settings, Profile &profile);
void writeTransportSettings(QSettings &settings, const Profile &profile);

} // namespace Console
