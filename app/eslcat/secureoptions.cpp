#include "secureoptions.h"

#include "connection.h"

#include <QFileInfo>
#include <QRegularExpression>

namespace Eslcat {

void addSecureOptions(QCommandLineParser &parser)
{
    parser.addOption({QStringLiteral("tls"),
                      QStringLiteral("Speak TLS to an stunnel or haproxy in front of the Event "
                                     "Socket, verified against the system's CAs.")});
    parser.addOption({QStringLiteral("ca"),
                      QStringLiteral("Verify the TLS peer with this PEM CA bundle (implies --tls)."),
                      QStringLiteral("FILE")});
    parser.addOption({QStringLiteral("pin"),
                      QStringLiteral("Trust only the TLS peer whose public key has this SHA-256 "
                                     "(sha256//BASE64, as curl's --pinnedpubkey; implies --tls)."),
                      QStringLiteral("PIN")});
    parser.addOption({QStringLiteral("cert"),
                      QStringLiteral("Client certificate for TLS, PEM (implies --tls)."),
                      QStringLiteral("FILE")});
    parser.addOption({QStringLiteral("key"),
                      QStringLiteral("The client certificate's private key, PEM (default: in "
                                     "--cert)."),
                      QStringLiteral("FILE")});
    parser.addOption({QStringLiteral("tls-name"),
                      QStringLiteral("The name the TLS certificate must carry (default --host)."),
                      QStringLiteral("NAME")});
    parser.addOption({QStringLiteral("ssh"),
                      QStringLiteral("Reach the Event Socket through SSH to [USER@]HOST[:PORT]; "
                                     "--host and --port are then as that host sees them "
                                     "(default 127.0.0.1:8021)."),
                      QStringLiteral("TARGET")});
    parser.addOption({QStringLiteral("ssh-key"),
                      QStringLiteral("Log in to SSH with this private key (default: the agent, "
                                     "then ~/.ssh's keys)."),
                      QStringLiteral("FILE")});
    parser.addOption({QStringLiteral("known-hosts"),
                      QStringLiteral("Check SSH host keys against this file (default "
                                     "~/.ssh/known_hosts)."),
                      QStringLiteral("FILE")});
    parser.addOption({QStringLiteral("accept-new-host-key"),
                      QStringLiteral("Add an SSH host key never seen before to known_hosts and go "
                                     "on (a changed key is refused all the same).")});
    parser.addOption({QStringLiteral("watch-only"),
                      QStringLiteral("Send nothing that changes a call or the switch: only the "
                                     "read-only api commands are allowed.")});
}

bool parseSshTarget(const QString &text, Esl::SshOptions &ssh)
{
    static const QRegularExpression target(QStringLiteral(
        "^(?:([^@\\s:]+)@)?(\\[[0-9A-Fa-f:.]+\\]|[^@\\s:\\[\\]]+)(?::(\\d{1,5}))?$"));
    const QRegularExpressionMatch m = target.match(text);
    if (!m.hasMatch())
        return false;
    QString host = m.captured(2);
    if (host.startsWith(u'['))
        host = host.mid(1, host.size() - 2);
    uint port = 22;
    if (m.hasCaptured(3)) {
        port = m.captured(3).toUInt();
        if (port == 0 || port > 65535)
            return false;
    }
    ssh.user = m.captured(1);
    ssh.host = host;
    ssh.port = quint16(port);
    return true;
}

bool applySecureOptions(const QCommandLineParser &parser, Esl::ConnectionOptions &options,
                        QString *error)
{
    const auto fileOption = [&](const QString &name, QString *into) {
        if (!parser.isSet(name))
            return true;
        const QString path = parser.value(name);
        if (!QFileInfo(path).isReadable()) {
            *error = QStringLiteral("--%1 \"%2\" is not a readable file").arg(name, path);
            return false;
        }
        *into = path;
        return true;
    };
    Esl::TlsOptions &tls = options.tls;
    tls.enabled = parser.isSet(QStringLiteral("tls"));
    if (!fileOption(QStringLiteral("ca"), &tls.caFile)
        || !fileOption(QStringLiteral("cert"), &tls.certificateFile)
        || !fileOption(QStringLiteral("key"), &tls.keyFile))
        return false;
    if (parser.isSet(QStringLiteral("pin"))) {
        static const QRegularExpression pin(QStringLiteral("^sha256//[A-Za-z0-9+/]{43}=$"));
        tls.pinnedKey = parser.value(QStringLiteral("pin"));
        if (!pin.match(tls.pinnedKey).hasMatch()) {
            *error = QStringLiteral("--pin \"%1\" is not sha256// and the base64 of 32 bytes")
                         .arg(tls.pinnedKey);
            return false;
        }
    }
    tls.peerName = parser.value(QStringLiteral("tls-name"));
    if (!tls.caFile.isEmpty() || !tls.pinnedKey.isEmpty() || !tls.certificateFile.isEmpty()
        || !tls.peerName.isEmpty())
        tls.enabled = true;
    if (!tls.keyFile.isEmpty() && tls.certificateFile.isEmpty()) {
        *error = QStringLiteral("--key needs --cert");
        return false;
    }

    Esl::SshOptions &ssh = options.ssh;
    if (parser.isSet(QStringLiteral("ssh"))) {
        if (!parseSshTarget(parser.value(QStringLiteral("ssh")), ssh)) {
            *error = QStringLiteral("--ssh \"%1\" is not [USER@]HOST[:PORT]")
                         .arg(parser.value(QStringLiteral("ssh")));
            return false;
        }
        ssh.enabled = true;
        if (tls.enabled) {
            *error = QStringLiteral("--ssh and the TLS options cannot be used together");
            return false;
        }
    }
    for (const char *name : {"ssh-key", "known-hosts", "accept-new-host-key"}) {
        if (parser.isSet(QString::fromLatin1(name)) && !ssh.enabled) {
            *error = QStringLiteral("--%1 needs --ssh").arg(QString::fromLatin1(name));
            return false;
        }
    }
    if (!fileOption(QStringLiteral("ssh-key"), &ssh.keyFile))
        return false;
    ssh.knownHostsFile = parser.value(QStringLiteral("known-hosts"));
    ssh.acceptNewHostKey = parser.isSet(QStringLiteral("accept-new-host-key"));
    options.watchOnly = parser.isSet(QStringLiteral("watch-only"));
    return true;
}

} // namespace Eslcat
