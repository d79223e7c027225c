#include "console/profiletransport.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QSettings>

namespace Console {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("Ui::Profile", text);
}

bool containsSpace(QStringView text)
{
    for (QChar c : text) {
        if (c.isSpace())
            return true;
    }
    return false;
}

// The keys, in one place, so that reading and writing cannot drift apart.
const QString TlsEnabled = QStringLiteral("tls/enabled");
const QString TlsCaFile = QStringLiteral("tls/caFile");
const QString TlsPinnedKey = QStringLiteral("tls/pinnedKey");
const QString TlsPeerName = QStringLiteral("tls/peerName");
const QString TlsCertificateFile = QStringLiteral("tls/certificateFile");
const QString TlsKeyFile = QStringLiteral("tls/keyFile");
const QString SshEnabled = QStringLiteral("ssh/enabled");
const QString SshHost = QStringLiteral("ssh/host");
const QString SshPort = QStringLiteral("ssh/port");
const QString SshUser = QStringLiteral("ssh/user");
const QString SshKeyFile = QStringLiteral("ssh/keyFile");
const QString SshKnownHostsFile = QStringLiteral("ssh/knownHostsFile");
const QString SshKeepalive = QStringLiteral("ssh/keepaliveSeconds");
const QString WatchOnly = QStringLiteral("watchOnly");

} // namespace

QString transportFieldName(ProfileField field)
{
    switch (field) {
    case ProfileField::TlsCaFile:
        return tr("TLS CA file");
    case ProfileField::TlsPinnedKey:
        return tr("pinned key");
    case ProfileField::TlsPeerName:
        return tr("TLS peer name");
    case ProfileField::TlsCertificateFile:
        return tr("client certificate");
    case ProfileField::TlsKeyFile:
        return tr("client key");
    case ProfileField::SshHost:
        return tr("SSH host");
    case ProfileField::SshPort:
        return tr("SSH port");
    case ProfileField::SshUser:
        return tr("SSH user");
    case ProfileField::SshKeyFile:
        return tr("SSH key file");
    case ProfileField::SshPassword:
        return tr("SSH password");
    case ProfileField::SshKnownHostsFile:
        return tr("known_hosts file");
    case ProfileField::SshKeepalive:
        return tr("keepalive");
    default:
        return {};
    }
}

QList<ProfileProblem> validateTransport(const Profile &profile)
{
    QList<ProfileProblem> problems;
    if (profile.isBroker())
        return problems;
    const auto refuseControls = [&](ProfileField field, const QString &text) {
        if (!containsControlCharacters(text))
            return false;
        problems.append({field, tr("The %1 contains a line break or another control character; "
                                   "remove it.")
                                    .arg(transportFieldName(field))});
        return true;
    };
    // A file named must be there to be read now: a typo found at connect would read as a
    // refused handshake.
    const auto checkFile = [&](ProfileField field, const QString &path) {
        if (path.isEmpty() || refuseControls(field, path))
            return;
        const QFileInfo info(path);
        if (!info.exists())
            problems.append({field, tr("The %1 %2 does not exist.")
                                        .arg(transportFieldName(field), path)});
        else if (!info.isFile() || !info.isReadable())
            problems.append({field, tr("The %1 %2 cannot be read (is it a file, and yours?).")
                                        .arg(transportFieldName(field), path)});
    };

    if (profile.tls.enabled && !profile.ssh.enabled) {
        const Esl::TlsOptions &tls = profile.tls;
        checkFile(ProfileField::TlsCaFile, tls.caFile);
        if (!tls.pinnedKey.isEmpty() && !isPinFormat(tls.pinnedKey.trimmed()))
            problems.append({ProfileField::TlsPinnedKey,
                             tr("The pinned key must look like sha256//BASE64 (the SHA-256 of the "
                                "certificate's public key, as curl's --pinnedpubkey takes it).")});
        if (!refuseControls(ProfileField::TlsPeerName, tls.peerName) &&
            containsSpace(tls.peerName))
            problems.append(
                {ProfileField::TlsPeerName, tr("The TLS peer name must not contain spaces.")});
        checkFile(ProfileField::TlsCertificateFile, tls.certificateFile);
        checkFile(ProfileField::TlsKeyFile, tls.keyFile);
        if (!tls.keyFile.isEmpty() && tls.certificateFile.isEmpty())
            problems.append({ProfileField::TlsCertificateFile,
                             tr("A client key needs its client certificate.")});
    }

    if (profile.ssh.enabled) {
        const Esl::SshOptions &ssh = profile.ssh;
        if (!refuseControls(ProfileField::SshHost, ssh.host)) {
            if (ssh.host.trimmed().isEmpty())
                problems.append({ProfileField::SshHost,
                                 tr("Enter the SSH server (usually the switch's host).")});
            else if (containsSpace(ssh.host.trimmed()))
                problems.append(
                    {ProfileField::SshHost, tr("The SSH host must not contain spaces.")});
        }
        if (ssh.port < 1)
            problems.append({ProfileField::SshPort,
                             tr("The SSH port must be a number from 1 to 65535 (22 by default).")});
        if (!refuseControls(ProfileField::SshUser, ssh.user) && containsSpace(ssh.user))
            problems.append({ProfileField::SshUser, tr("The SSH user must not contain spaces.")});
        checkFile(ProfileField::SshKeyFile, ssh.keyFile);
        refuseControls(ProfileField::SshPassword, ssh.password);
        refuseControls(ProfileField::SshPassword, ssh.keyPassphrase);
        refuseControls(ProfileField::SshKnownHostsFile, ssh.knownHostsFile);
        if (ssh.keepaliveSeconds < 0 || ssh.keepaliveSeconds > 3600)
            problems.append({ProfileField::SshKeepalive,
                             tr("The keepalive must be from 0 (none) to 3600 seconds.")});
    }
    return problems;
}

void readTransportSettings(const QSettings &settings, Profile &profile)
{
    profile.watchOnly = settings.value(WatchOnly, false).toBool();
    Esl::TlsOptions &tls = profile.tls;
    tls.enabled = settings.value(TlsEnabled, false).toBool();
    tls.caFile = settings.value(TlsCaFile).toString();
    tls.pinnedKey = settings.value(TlsPinnedKey).toString();
    tls.peerName = settings.value(TlsPeerName).toString();
    tls.certificateFile = settings.value(TlsCertificateFile).toString();
    tls.keyFile = settings.value(TlsKeyFile).toString();
    Esl::SshOptions &ssh = profile.ssh;
    ssh.enabled = settings.value(SshEnabled, false).toBool();
    ssh.host = settings.value(SshHost).toString();
    const int port = settings.value(SshPort, 22).toInt();
    ssh.port = port >= 1 && port <= 65535 ? quint16(port) : quint16(22);
    ssh.user = settings.value(SshUser).toString();
    ssh.keyFile = settings.value(SshKeyFile).toString();
    ssh.knownHostsFile = settings.value(SshKnownHostsFile).toString();
    ssh.keepaliveSeconds = settings.value(SshKeepalive, ssh.keepaliveSeconds).toInt();
}

void writeTransportSettings(QSettings &settings, const Profile &profile)
{
    // Written only when set: a profile that never used them keeps the keys it had, so that an
    // older Switchboard reading the file sees nothing new.
    if (profile.watchOnly)
        settings.setValue(WatchOnly, true);
    const Esl::TlsOptions &tls = profile.tls;
    if (tls != Esl::TlsOptions()) {
        settings.setValue(TlsEnabled, tls.enabled);
        settings.setValue(TlsCaFile, tls.caFile);
        settings.setValue(TlsPinnedKey, tls.pinnedKey);
        settings.setValue(TlsPeerName, tls.peerName);
        settings.setValue(TlsCertificateFile, tls.certificateFile);
        settings.setValue(TlsKeyFile, tls.keyFile);
    }
    Esl::SshOptions ssh = profile.ssh;
    ssh.password.clear(); // secrets: ProfileStore's business
    ssh.keyPassphrase.clear();
    if (ssh != Esl::SshOptions()) {
        settings.setValue(SshEnabled, ssh.enabled);
        settings.setValue(SshHost, ssh.host);
        settings.setValue(SshPort, int(ssh.port));
        settings.setValue(SshUser, ssh.user);
        settings.setValue(SshKeyFile, ssh.keyFile);
        settings.setValue(SshKnownHostsFile, ssh.knownHostsFile);
        settings.setValue(SshKeepalive, ssh.keepaliveSeconds);
    }
}

bool isPinFormat(const QString &pin)
{
    static const QString prefix = QStringLiteral("sha256//");
    if (!pin.startsWith(prefix))
        return false;
    const auto decoded = QByteArray::fromBase64Encoding(pin.mid(prefix.size()).toLatin1(),
                                                        QByteArray::AbortOnBase64DecodingErrors);
    return decoded && decoded.decoded.size() == 32 && pin.size() == prefix.size() + 44;
}

} // namespace Console
