#pragma once
// How an InboundClient reaches a switch's Event Socket: plain TCP (the default), TLS to an
// stunnel/haproxy in front of it, or a channel of an SSH connection to the switch host (the
// built-in `ssh -L`). Each is a Transport that opens asynchronously and then hands the Session a
// QIODevice; the Session never knows which. A transport that cannot go on without the operator
// (an unknown SSH host key, a certificate nobody vouches for) fails and says so with a
// TrustRequest the window can show, then accept (known_hosts, a pin) and connect again.

#include "wire/error.h"

#include <QByteArray>
#include <QIODevice>
#include <QObject>
#include <QString>

#include <memory>
#include <optional>

namespace Esl {

struct ConnectionOptions;

// TLS to whatever terminates it in front of mod_event_socket (stunnel, haproxy).
struct TlsOptions
{
    bool enabled = false;
    QString caFile;          // PEM bundle to verify the peer with; empty: the system's CAs
    // "sha256//BASE64" (curl's --pinnedpubkey form): the SHA-256 of the certificate's public key
    // (SubjectPublicKeyInfo, DER). Set: this key is trusted whatever the CAs say, and any other
    // is refused as a changed certificate. Empty: the CAs decide.
    QString pinnedKey;
    QString peerName;        // the name to check the certificate against; empty: the host
    QString certificateFile; // client certificate (PEM); empty: none
    QString keyFile;         // its private key (PEM, unencrypted); empty: in certificateFile
    friend bool operator==(const TlsOptions &, const TlsOptions &) = default;
};

// An SSH connection that carries the Event Socket: ConnectionOptions::host/port are then the
// Event Socket as the SSH server sees it (normally 127.0.0.1:8021).
struct SshOptions
{
    bool enabled = false;
    QString host;              // the SSH server (usually the switch host)
    quint16 port = 22;
    QString user;              // empty: the local user's name
    QString keyFile;           // a private key; empty: the agent, then ~/.ssh's default keys
    QString keyPassphrase;     // for an encrypted keyFile
    QString password;          // password authentication when keys are refused; empty: none
    QString knownHostsFile;    // empty: ~/.ssh/known_hosts
    int keepaliveSeconds = 15; // 0: none; a peer silent for 3 of these drops the tunnel
    // An unknown host key is added to the known_hosts file and the connection goes on, as
    // OpenSSH's StrictHostKeyChecking=accept-new (eslcat --accept-new-host-key). A changed key is
    // refused all the same.
    bool acceptNewHostKey = false;
    friend bool operator==(const SshOptions &, const SshOptions &) = default;
};

// What a transport needs the operator to decide before it can go on.
struct TrustRequest
{
    enum class Kind { SshHostKey, TlsCertificate };
    enum class Why {
        Unknown, // never seen: show the fingerprint and ask (trust on first use)
        Changed, // not what was trusted before: refused loudly, never offered for acceptance
    };
    Kind kind = Kind::SshHostKey;
    Why why = Why::Unknown;
    QString host; // the SSH server or the TLS peer
    quint16 port = 0;
    // Shown to the operator: "SHA256:..." (as ssh prints it) for a host key, "sha256//..." for a
    // certificate's public key; with the key type or the certificate's subject and issuer.
    QString fingerprint;
    QString description;
    // What accepting stores: the known_hosts line for an SSH host key (acceptSshHostKey), the
    // pin for a certificate (TlsOptions::pinnedKey).
    QByteArray acceptData;
    friend bool operator==(const TrustRequest &, const TrustRequest &) = default;
};

class Transport : public QObject
{
    Q_OBJECT

public:
    using QObject::QObject;
    ~Transport() override = default;

    // Starts opening; exactly one of opened() or failed() follows (unless aborted first).
    virtual void open(const ConnectionOptions &options) = 0;
    // Drops the connection at once; no signal follows.
    virtual void abort() = 0;
    // Valid after opened(), owned by the transport: the Session reads and writes it, and its
    // closing (readChannelFinished / disconnected / aboutToClose) is the link dropping.
    [[nodiscard]] virtual QIODevice *device() const = 0;
    // "TCP", "TLS (TLSv1.3, peer CN=...)", "SSH via ops@pbx1:22": for status lines.
    [[nodiscard]] virtual QString describe() const = 0;

Q_SIGNALS:
    void opened();
    // retry: whether reconnecting may help (a refused port may come back; a refused host key,
    // a failed key login or a certificate that needs trusting will not without the operator).
    void failed(const Esl::Error &error, bool retry);
    // Emitted just before failed() when the operator could resolve it.
    void trustRequired(const Esl::TrustRequest &request);
    // After opened(): the link under the device went away for a reason the device itself cannot
    // tell (an SSH server that stopped answering keepalives). The device closes right after.
    void dropped(const Esl::Error &reason);
};

// The transport options ask for: SSH when options.ssh.enabled, else TLS when options.tls.enabled,
// else TCP. (SSH and TLS together: TLS inside the SSH channel is not offered; SSH wins.)
[[nodiscard]] std::unique_ptr<Transport> makeTransport(const ConnectionOptions &options,
                                                       QObject *parent = nullptr);
[[nodiscard]] std::unique_ptr<Transport> makeTcpTransport(QObject *parent = nullptr);
[[nodiscard]] std::unique_ptr<Transport> makeTlsTransport(QObject *parent = nullptr);
[[nodiscard]] std::unique_ptr<Transport> makeSshTransport(QObject *parent = nullptr);

// Accepting an unknown SSH host key: appends request.acceptData to the known_hosts file (the
// options' or ~/.ssh/known_hosts, created 0600 with its folder 0700 when missing). Refuses a
// request that is not SshHostKey/Unknown.
// Empty on success, else why not (the file cannot be written, ...).
[[nodiscard]] std::optional<Error> acceptSshHostKey(const SshOptions &options,
                                                    const TrustRequest &request);

} // namespace Esl

Q_DECLARE_METATYPE(Esl::TrustRequest)
