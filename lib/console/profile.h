#pragma once
// One connection profile as the operator sees it: where a switch is (or, for a RabbitMQ profile,
// the broker a fleet of switches publishes to through mod_amqp, and which of them to watch), how
// to log in, the colour that marks it in the window, and whether to connect at start. A plain
// value; ProfileStore keeps the list, and the password's home (keychain, settings file or memory)
// is its business.
//
// Also the two checks every editor of a profile needs: validation with messages a person can
// act on, and the warning for a password that would cross the network in the clear.

#include "monitor/servermonitor.h"

#include <QColor>
#include <QList>
#include <QString>
#include <QStringList>

namespace Console {

enum class ProfileKind {
    EventSocket, // one switch, over its Event Socket (host, port, user)
    Broker,      // a fleet of switches through RabbitMQ and mod_amqp (Profile::broker)
};

// What a RabbitMQ (mod_amqp) profile adds; its password is Profile::password, kept like an Event
// Socket password (the keychain), never in the URL.
struct BrokerSettings
{
    // amqp[s]://user@host:port/vhost, without the password.
    QString url = QStringLiteral("amqp://guest@127.0.0.1:5672/");
    QString caFile;         // amqps://: the PEM bundle to verify the broker with (empty: system's)
    bool verifyPeer = true; // amqps://: check the broker's certificate
    QStringList hostnames;  // the switches to watch (FreeSWITCH-Hostname); empty: all
    QStringList expectedHostnames; // synced at connect, without waiting for their first message
    QStringList eventNames;        // the events to watch (Event-Name); empty: all
    // The routing key of each switch's mod_amqp command profile ("<hostname>" is replaced).
    QString commandKey = QStringLiteral("switchboard.<hostname>.api");

    friend bool operator==(const BrokerSettings &, const BrokerSettings &) = default;
};

struct Profile
{
    QString id; // stable; the keychain key. newId() for a new profile
    ProfileKind kind = ProfileKind::EventSocket;
    QString name;
    QString host = QStringLiteral("127.0.0.1");
    int port = 8021; // int so that an editor can hold an out-of-range value for validation
    QString user;    // non-empty: `userauth user@domain:password` instead of `auth password`
    QString password;
    QColor colour;
    int logLevel = 6; // `log <level>`, 0 (console) .. 7 (debug); -1: no log lines
    bool autoConnect = true;
    BrokerSettings broker; // kind Broker only
    // Event Socket profiles: how the switch is reached (TCP unless one is enabled; with SSH,
    // host and port are the Event Socket as the SSH server sees it, normally 127.0.0.1:8021).
    // Secrets (ssh.password, ssh.keyPassphrase) are kept like the password: the keychain.
    Esl::TlsOptions tls;
    Esl::SshOptions ssh;
    // Never send anything that changes a call or the switch (Esl::ConnectionOptions::watchOnly);
    // the window offers no control action on its servers. The system-wide watchOnly setting
    // (AppSettings) makes every profile watch-only, whatever this says.
    bool watchOnly = false;

    [[nodiscard]] bool isBroker() const { return kind == ProfileKind::Broker; }
    [[nodiscard]] static QString newId();
    friend bool operator==(const Profile &, const Profile &) = default;
};

enum class ProfileField {
    Name,
    Host,
    Port,
    User,
    Password,
    LogLevel,
    // RabbitMQ (mod_amqp) profiles.
    BrokerUrl,
    CaFile,
    Hostnames,
    ExpectedHostnames,
    EventNames,
    CommandKey,
    // How the switch is reached (Profile::tls, Profile::ssh).
    TlsCaFile,
    TlsPinnedKey,
    TlsPeerName,
    TlsCertificateFile,
    TlsKeyFile,
    SshHost,
    SshPort,
    SshUser,
    SshKeyFile,
    SshPassword,
    SshKnownHostsFile,
    SshKeepalive,
};

struct ProfileProblem
{
    ProfileField field;
    QString message;
};

// Empty when the profile can be saved and used. Control characters are refused in every
// field: the Event Socket is a line protocol, so a CR/LF in a host, user or password would
// end the `auth` line early and let the rest through as a command. A RabbitMQ profile's broker
// fields are checked by validateBrokerSettings (brokerprofile.h) instead of host, port and user.
[[nodiscard]] QList<ProfileProblem> validateProfile(const Profile &profile);
[[nodiscard]] bool containsControlCharacters(QStringView text);

// Literal loopback addresses (127.0.0.0/8, ::1, with or without [brackets]) and the name
// "localhost" (also "localhost." and "*.localhost", RFC 6761). Other names are not resolved:
// a name that merely happens to resolve to loopback today still gets the warning.
[[nodiscard]] bool isLoopbackHost(const QString &host);
// Empty when the password stays on this machine; otherwise one sentence for the operator.
[[nodiscard]] QString plainTextPasswordWarning(const QString &host);
// Also empty when the profile reaches the switch through TLS or an SSH tunnel: the password
// then crosses the network inside it.
[[nodiscard]] QString plainTextPasswordWarning(const Profile &profile);
// Whether `pin` is "sha256//" and the base64 of 32 bytes (curl's --pinnedpubkey form).
[[nodiscard]] bool isPinFormat(const QString &pin);

// An Event Socket profile's server (for a RabbitMQ profile, see toBrokerOptions).
[[nodiscard]] Monitor::ServerProfile toServerProfile(const Profile &profile);

// Names for the log levels an editor offers: -1 .. 7.
[[nodiscard]] QString logLevelName(int level);
// A distinct colour for the n-th profile, so that new and imported ones differ at a glance.
[[nodiscard]] QColor profileColour(int n);

// The colours servers are marked with: eight that stay apart at a glance as a 4 px row bar, a
// swatch, a status-bar edge and a chart line, on light and dark themes. No red (failures are
// red) and no grey (a server that is not live greys its rows).
[[nodiscard]] QList<QColor> serverPalette();
// Whether two colours would be taken for one another at a glance (close in a perceptual RGB
// distance), e.g. the palette's blue and a profile's #296eb3. An invalid colour is like none.
[[nodiscard]] bool coloursLookAlike(const QColor &a, const QColor &b);
// The first palette colour that looks like none of `taken` (the other servers' and profiles'),
// so that a new profile or the demo never gets another server's colour; when every one is taken,
// darker and lighter ones, and past those the one furthest from all of them.
[[nodiscard]] QColor unusedColour(const QList<QColor> &taken);

} // namespace Console
