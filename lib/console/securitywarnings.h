#pragma once
// The honest warnings about how a switch is reached, each a sentence of what is wrong and what
// to do, shown live in the profile editor and as a ⚠ on the server in the status bar:
//
// - a password going in clear to a host that is not this machine (not over TLS or SSH, where it
//   travels inside the tunnel): plainTextPasswordWarning (profile.h), with the fix offered;
// - the default password ClueCon, over any transport: anyone who reaches the port can log in;
// - a FreeSWITCH before 1.11.2, which a client announcing a huge Content-Length can crash.
//
// Rules only: the window decides where the sentences go.

#include "console/profile.h"

#include <optional>

namespace Console {

struct SecurityWarning
{
    enum class Kind { PlainTextPassword, DefaultPassword, CrashableVersion };
    Kind kind;
    QString text; // one or two sentences: what is wrong, then what to do
    friend bool operator==(const SecurityWarning &, const SecurityWarning &) = default;
};

struct SwitchVersion
{
    int major = 0;
    int minor = 0;
    int patch = 0;
    friend auto operator<=>(const SwitchVersion &, const SwitchVersion &) = default;
};

// The first a.b.c in what the switch says of itself: HEARTBEAT's FreeSWITCH-Version
// ("1.10.12-release+git~20240802T210227Z~a88d069d6f~64bit"), the `version` api's reply
// ("FreeSWITCH Version 1.10.12-release+git~… (git a88d069 …)"), "1.11.2", "1.10.7-dev+git~…".
[[nodiscard]] std::optional<SwitchVersion> parseSwitchVersion(QStringView text);

// The password mod_event_socket ships with (event_socket.conf.xml).
[[nodiscard]] bool isDefaultPassword(const QString &password);
// Empty unless `password` is ClueCon.
[[nodiscard]] QString defaultPasswordWarning(const QString &password);
// Empty unless `version` parses and is before 1.11.2.
[[nodiscard]] QString crashableVersionWarning(const QString &version);
// A hint, not a refusal: TLS to port 8021, the Event Socket's own port, which has no TLS (an
// stunnel or haproxy may yet listen there, in front of an Event Socket moved elsewhere). Empty
// unless TLS is on and `port` is 8021.
[[nodiscard]] QString tlsOnEventSocketPortHint(bool tls, int port);

// What the profile's fields call for (the editor, live): the plain-text password, the default
// password. A broker's profile has none of these (its URL is checked by the broker fields).
[[nodiscard]] QList<SecurityWarning> profileWarnings(const Profile &profile);
// A connected server's: its connection's, and its switch's version once known (empty: not yet).
[[nodiscard]] QList<SecurityWarning> serverWarnings(const Monitor::ServerProfile &server,
                                                    const QString &switchVersion);

} // namespace Console
