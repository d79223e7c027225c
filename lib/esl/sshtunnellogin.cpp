// Connecting, the host key check and the login of an SSH tunnel (see sshtunnelsteps.h).

#include "sshtunnelsteps.h"

#include "sshtunnel.h"
#include "sshtunnelworker.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStringList>

#include <libssh/libssh.h>

#include <sys/stat.h>

#include <algorithm>

namespace Esl {

namespace {

QString where(const SshOptions &options)
{
    return QStringLiteral("%1:%2").arg(options.host).arg(options.port);
}

QString sshError(ssh_session session)
{
    return QString::fromUtf8(ssh_get_error(session));
}

// As `ssh-keygen -l` names key types.
QString keyTypeName(ssh_keytypes_e type)
{
    switch (type) {
    case SSH_KEYTYPE_ED25519:
        return QStringLiteral("ED25519");
    case SSH_KEYTYPE_RSA:
        return QStringLiteral("RSA");
    case SSH_KEYTYPE_ECDSA_P256:
    case SSH_KEYTYPE_ECDSA_P384:
    case SSH_KEYTYPE_ECDSA_P521:
        return QStringLiteral("ECDSA");
    case SSH_KEYTYPE_DSS:
        return QStringLiteral("DSA");
    default:
        return QString::fromUtf8(ssh_key_type_to_char(type));
    }
}

// The server's key as the operator is shown it, and the known_hosts line accepting it writes.
std::optional<TrustRequest> describeServerKey(ssh_session session, const SshOptions &options)
{
    ssh_key key = nullptr;
    if (ssh_get_server_publickey(session, &key) != SSH_OK)
        return std::nullopt;
    unsigned char *hash = nullptr;
    size_t length = 0;
    const int rc = ssh_get_publickey_hash(key, SSH_PUBLICKEY_HASH_SHA256, &hash, &length);
    const QString type = keyTypeName(ssh_key_type(key));
    ssh_key_free(key);
    if (rc != SSH_OK)
        return std::nullopt;
    const QByteArray sha256(reinterpret_cast<const char *>(hash), qsizetype(length));
    ssh_clean_pubkey_hash(&hash);
    char *entry = nullptr;
    if (ssh_session_export_known_hosts_entry(session, &entry) != SSH_OK)
        return std::nullopt;
    // Plain host names ("[127.0.0.1]:2222 ssh-ed25519 AAAA..."), which libssh reads back as
    // OpenSSH does.
    const QByteArray line = QByteArray(entry).trimmed();
    ssh_string_free_char(entry);
    TrustRequest request;
    request.kind = TrustRequest::Kind::SshHostKey;
    request.host = options.host;
    request.port = options.port;
    request.fingerprint = sshFingerprintText(sha256);
    request.description = type;
    request.acceptData = line;
    return request;
}

SshLoginOutcome failure(Error::Code code, const QString &message, bool retry)
{
    return SshLoginOutcome{false, Error{code, message, -1}, retry, std::nullopt};
}

SshLoginOutcome checkHostKey(ssh_session session, const SshOptions &options)
{
    const enum ssh_known_hosts_e state = ssh_session_is_known_server(session);
    if (state == SSH_KNOWN_HOSTS_OK)
        return SshLoginOutcome{true, {}, false, std::nullopt};
    const QString file = sshKnownHostsPath(options);
    if (state == SSH_KNOWN_HOSTS_ERROR) {
        return failure(Error::Code::Untrusted,
                       QStringLiteral("cannot check the host key of %1 against %2: %3")
                           .arg(where(options), file, sshError(session)),
                       false);
    }
    std::optional<TrustRequest> request = describeServerKey(session, options);
    if (!request) {
        return failure(Error::Code::Transport,
                       QStringLiteral("cannot read the host key of %1: %2")
                           .arg(where(options), sshError(session)),
                       true);
    }
    if (state == SSH_KNOWN_HOSTS_UNKNOWN || state == SSH_KNOWN_HOSTS_NOT_FOUND) {
        request->why = TrustRequest::Why::Unknown;
        if (options.acceptNewHostKey) {
            if (const auto why = appendKnownHostsLine(file, request->acceptData))
                return failure(Error::Code::Untrusted, *why, false);
            return SshLoginOutcome{true, {}, false, std::nullopt};
        }
        SshLoginOutcome outcome = failure(
            Error::Code::Untrusted,
            QStringLiteral("the SSH server %1 has an unknown host key %2 (%3) — accept it only "
                           "if it is the switch's")
                .arg(where(options), request->fingerprint, request->description),
            false);
        outcome.trust = request;
        return outcome;
    }
    // CHANGED, or OTHER (a key of another type than the one known): refused, loudly.
    request->why = TrustRequest::Why::Changed;
    request->acceptData.clear();
    SshLoginOutcome outcome = failure(
        Error::Code::Untrusted,
        QStringLiteral("WARNING: the host key of %1 has CHANGED (it is now %2, %3): someone may "
                       "be intercepting the connection; if the key was replaced on purpose, "
                       "remove the old line with: ssh-keygen -R '%4' -f '%5'")
            .arg(where(options), request->fingerprint, request->description,
                 options.port == 22 ? options.host
                                    : QStringLiteral("[%1]:%2").arg(options.host).arg(options.port),
                 file),
        false);
    outcome.trust = request;
    return outcome;
}

QString methodNames(int methods)
{
    QStringList names;
    if (methods & SSH_AUTH_METHOD_PUBLICKEY)
        names << QStringLiteral("publickey");
    if (methods & SSH_AUTH_METHOD_PASSWORD)
        names << QStringLiteral("password");
    if (methods & SSH_AUTH_METHOD_INTERACTIVE)
        names << QStringLiteral("keyboard-interactive");
    if (methods & SSH_AUTH_METHOD_GSSAPI_MIC)
        names << QStringLiteral("gssapi-with-mic");
    if (methods & SSH_AUTH_METHOD_HOSTBASED)
        names << QStringLiteral("hostbased");
    return names.isEmpty() ? QStringLiteral("none") : names.join(QStringLiteral(", "));
}

// keyFile; else the agent, then ~/.ssh's default keys; then the password, if any.
SshLoginOutcome logIn(ssh_session session, const SshOptions &options)
{
    const QString user = sshLoginUser(options);
    int rc = ssh_userauth_none(session, nullptr);
    if (rc == SSH_AUTH_SUCCESS)
        return SshLoginOutcome{true, {}, false, std::nullopt};
    const int methods = ssh_userauth_list(session, nullptr);
    if (rc != SSH_AUTH_ERROR && !options.keyFile.isEmpty()) {
        ssh_key key = nullptr;
        const QByteArray passphrase = options.keyPassphrase.toUtf8();
        if (ssh_pki_import_privkey_file(QFile::encodeName(options.keyFile).constData(),
                                        passphrase.isEmpty() ? nullptr : passphrase.constData(),
                                        nullptr, nullptr, &key)
            != SSH_OK) {
            return failure(Error::Code::Auth,
                           QStringLiteral("cannot read the SSH key %1 (%2)")
                               .arg(options.keyFile,
                                    passphrase.isEmpty()
                                        ? QStringLiteral("not a private key, or it needs a passphrase")
                                        : QStringLiteral("wrong passphrase, or not a private key")),
                           false);
        }
        rc = ssh_userauth_publickey(session, nullptr, key);
        ssh_key_free(key);
    } else if (rc != SSH_AUTH_ERROR) {
        rc = SSH_AUTH_DENIED;
        if (qEnvironmentVariableIsSet("SSH_AUTH_SOCK"))
            rc = ssh_userauth_agent(session, nullptr);
        if (rc == SSH_AUTH_DENIED || rc == SSH_AUTH_PARTIAL)
            rc = ssh_userauth_publickey_auto(session, nullptr, nullptr);
    }
    if (rc != SSH_AUTH_SUCCESS && rc != SSH_AUTH_ERROR && !options.password.isEmpty())
        rc = ssh_userauth_password(session, nullptr, options.password.toUtf8().constData());
    if (rc == SSH_AUTH_SUCCESS)
        return SshLoginOutcome{true, {}, false, std::nullopt};
    if (rc == SSH_AUTH_ERROR && !ssh_is_connected(session)) {
        return failure(Error::Code::Transport,
                       QStringLiteral("the SSH connection to %1 broke off during the login: %2")
                           .arg(where(options), sshError(session)),
                       true);
    }
    return failure(Error::Code::Auth,
                   QStringLiteral("the SSH server %1 refused the login of %2 (it offers: %3)")
                       .arg(where(options), user, methodNames(methods)),
                   false);
}

} // namespace

SshLoginOutcome sshConnectAndLogIn(ssh_session session, const SshOptions &options, int timeoutMs,
                                   const std::atomic_bool &stop)
{
    const QByteArray host = options.host.toUtf8();
    const QByteArray user = sshLoginUser(options).toUtf8();
    const QByteArray knownHosts = QFile::encodeName(sshKnownHostsPath(options));
    const unsigned int port = options.port;
    // A backstop a second past the client's own deadline (InboundClient's attempt timer), which
    // is the one that normally ends a silent attempt and says so.
    const long seconds = std::max(1, (timeoutMs + 999) / 1000) + 1;
    const int no = 0;
    const int yes = 1;
    ssh_options_set(session, SSH_OPTIONS_HOST, host.constData());
    ssh_options_set(session, SSH_OPTIONS_PORT, &port);
    ssh_options_set(session, SSH_OPTIONS_USER, user.constData());
    ssh_options_set(session, SSH_OPTIONS_KNOWNHOSTS, knownHosts.constData());
    ssh_options_set(session, SSH_OPTIONS_TIMEOUT, &seconds);
    ssh_options_set(session, SSH_OPTIONS_NODELAY, &yes);
    // ~/.ssh/config is not read: what the profile says is what happens.
    ssh_options_set(session, SSH_OPTIONS_PROCESS_CONFIG, &no);

    if (ssh_connect(session) != SSH_OK) {
        return failure(Error::Code::Transport,
                       QStringLiteral("cannot reach the SSH server %1: %2")
                           .arg(where(options), sshError(session)),
                       true);
    }
    if (stop.load())
        return failure(Error::Code::Canceled, QStringLiteral("stopped"), false);
    SshLoginOutcome outcome = checkHostKey(session, options);
    if (!outcome.ok || stop.load())
        return outcome;
    return logIn(session, options);
}

std::optional<QString> appendKnownHostsLine(const QString &path, const QByteArray &line)
{
    const QFileInfo info(path);
    QDir folder = info.absoluteDir();
    if (!folder.exists()) {
        if (!folder.mkpath(QStringLiteral(".")))
            return QStringLiteral("cannot create the folder %1").arg(folder.path());
        ::chmod(QFile::encodeName(folder.path()).constData(), 0700);
    }
    const bool existed = info.exists();
    QFile file(path);
    if (!file.open(QIODevice::ReadWrite | QIODevice::Append))
        return QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
    if (!existed)
        file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    QByteArray text;
    // A last line without its newline would swallow ours.
    if (file.size() > 0 && file.seek(file.size() - 1) && file.peek(1) != "\n")
        text += '\n';
    text += line.trimmed() + '\n';
    if (file.write(text) != text.size() || !file.flush())
        return QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
    return std::nullopt;
}

} // namespace Esl
