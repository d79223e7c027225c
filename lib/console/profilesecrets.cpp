// ProfileStore's secrets by kind: a profile's password, and for SSH its password and its key's
// passphrase, each keyed in the keychain (and the store) by secretKey() and read like the
// password. Split from profiles.cpp, which keeps the list and the settings file.

#include "console/profiles.h"

namespace Console {

QString ProfileStore::secretKey(const QString &id, SecretKind kind)
{
    switch (kind) {
    case SecretKind::SshPassword:
        return id + QStringLiteral("/ssh-password");
    case SecretKind::SshKeyPassphrase:
        return id + QStringLiteral("/ssh-key-passphrase");
    default:
        return id;
    }
}

ProfileStore::Secret &ProfileStore::secretAt(const QString &id, SecretKind kind)
{
    Secret &s = m_secrets[secretKey(id, kind)];
    s.profileId = id;
    s.kind = kind;
    return s;
}

void ProfileStore::readSecret(const QString &id, SecretKind kind)
{
    const QString key = secretKey(id, kind);
    const quint64 serial = ++m_nextSerial;
    secretAt(id, kind).serial = serial;
    setStorage(key, PasswordStorage::Reading);
    m_keychain->readPassword(key, this, [this, key, serial](const KeychainResult &r) {
        onRead(key, serial, r);
    });
}

bool ProfileStore::isPasswordPending(const QString &id) const
{
    for (const SecretKind kind :
         {SecretKind::Password, SecretKind::SshPassword, SecretKind::SshKeyPassphrase}) {
        if (secretStorage(id, kind) == PasswordStorage::Reading)
            return true;
    }
    return false;
}

QString ProfileStore::secret(const QString &id, SecretKind kind) const
{
    return m_secrets.value(secretKey(id, kind)).password;
}

ProfileStore::PasswordStorage ProfileStore::secretStorage(const QString &id,
                                                          SecretKind kind) const
{
    return m_secrets.value(secretKey(id, kind)).storage;
}

} // namespace Console
