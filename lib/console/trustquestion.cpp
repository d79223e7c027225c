#include "console/trustquestion.h"

#include <QCoreApplication>
#include <QDir>

namespace Console {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("Console::TrustQuestion", text);
}

QString address(const Esl::TrustRequest &r)
{
    return QStringLiteral("%1:%2").arg(r.host).arg(r.port);
}

// The server's own public key file for the key type ssh names: ED25519, ECDSA, RSA.
QString hostKeyFile(const QString &type)
{
    const QString t = type.toLower();
    for (const char *known : {"ed25519", "ecdsa", "rsa"}) {
        if (t.contains(QLatin1StringView(known)))
            return QStringLiteral("/etc/ssh/ssh_host_%1_key.pub").arg(QLatin1StringView(known));
    }
    return QStringLiteral("/etc/ssh/ssh_host_*_key.pub");
}

QString knownHosts(const QString &file)
{
    return file.isEmpty() ? QStringLiteral("~/.ssh/known_hosts") : file;
}

// The argument ssh-keygen -R takes: OpenSSH writes "[host]:port" for a port other than 22.
QString knownHostsName(const Esl::TrustRequest &r)
{
    return r.port == 22 || r.port == 0 ? r.host : QStringLiteral("[%1]:%2").arg(r.host).arg(r.port);
}

} // namespace

TrustQuestion trustQuestion(const Esl::TrustRequest &request, const QString &name,
                            const QString &knownHostsFile, bool canPin)
{
    using Kind = Esl::TrustRequest::Kind;
    using Why = Esl::TrustRequest::Why;
    TrustQuestion q;
    q.name = name;
    q.request = request;
    const QString where = address(request);
    if (request.kind == Kind::SshHostKey && request.why == Why::Unknown) {
        q.title = tr("Unknown SSH host key");
        q.text = tr("The SSH server %1 is not known. Its key fingerprint is %2 (%3). Connect and "
                    "remember it?\n\nCompare the fingerprint with the server's own (on it: "
                    "ssh-keygen -lf %4). Accepting adds it to %5.")
                     .arg(where, request.fingerprint, request.description,
                          hostKeyFile(request.description), knownHosts(knownHostsFile));
        q.acceptLabel = tr("Accept and connect");
    } else if (request.kind == Kind::TlsCertificate && request.why == Why::Unknown) {
        q.title = tr("Unverified TLS certificate");
        q.text = tr("The TLS server %1 presented a certificate that no trusted authority vouches "
                    "for.\n\nIts public key: %2\n%3\n\nTrust it only if this is the key of the "
                    "certificate you installed in front of the switch. Pinning keeps the key in "
                    "the profile: another certificate with another key will be refused.")
                     .arg(where, request.fingerprint, request.description);
        if (canPin)
            q.acceptLabel = tr("Trust this certificate (pin it)");
        else
            q.text += tr("\n\nSave this server as a connection profile to pin its certificate.");
    } else if (request.kind == Kind::SshHostKey) {
        q.title = tr("SSH host key changed — connection refused");
        q.text = tr("The SSH server %1 presented a host key that is not the one remembered in %2. "
                    "Its key now: %3 (%4).\n\nSomeone may be intercepting the connection. "
                    "Switchboard refused to connect.\n\nIf you know the key changed (the server "
                    "was reinstalled), remove the old line — ssh-keygen -R '%5' -f %2 — and "
                    "connect again to be asked about the new key.")
                     .arg(where, knownHosts(knownHostsFile), request.fingerprint,
                          request.description, knownHostsName(request));
    } else {
        q.title = tr("TLS certificate changed — connection refused");
        q.text = tr("The TLS server %1 presented a certificate whose key is not the one pinned "
                    "in the profile. Its key now: %2\n%3\n\nSomeone may be intercepting the "
                    "connection. Switchboard refused to connect.\n\nIf the certificate was "
                    "replaced on purpose, put its new key in the profile's pinned key (Servers → "
                    "Connection profiles → Reach the switch) and connect again.")
                     .arg(where, request.fingerprint, request.description);
    }
    return q;
}

QString trustProblem(const Esl::TrustRequest &request, const QString &knownHostsFile)
{
    using Kind = Esl::TrustRequest::Kind;
    const QString where = address(request);
    if (request.why == Esl::TrustRequest::Why::Unknown) {
        return request.kind == Kind::SshHostKey
                   ? tr("The SSH host key of %1 is not known yet (%2): accept it to connect.")
                         .arg(where, request.fingerprint)
                   : tr("The TLS certificate of %1 is not trusted (%2): pin it to connect.")
                         .arg(where, request.fingerprint);
    }
    return request.kind == Kind::SshHostKey
               ? tr("Refused: the SSH host key of %1 changed (now %2) — someone may be "
                    "intercepting. If the change is legitimate, remove its old line from %3.")
                     .arg(where, request.fingerprint, knownHosts(knownHostsFile))
               : tr("Refused: the TLS certificate of %1 changed (now %2) — someone may be "
                    "intercepting. If it was replaced on purpose, update the pinned key in the "
                    "profile.")
                     .arg(where, request.fingerprint);
}

} // namespace Console
