#pragma once
// The operator's connection profiles, kept in QSettings (organization and application
// "Switchboard"), with their passwords in the desktop keychain under the profile's id.
//
// The settings file never holds a password while a keychain works. When none does (no Secret
// Service on the bus, as headless and in CI), the store says so (keychainState, and each
// profile's passwordStorage) and keeps the password for this session only — unless the
// operator opted in to "store passwords in the settings file (unencrypted)". A password found
// in the settings file is moved into the keychain as soon as one accepts it. The file itself
// is kept 0600 (syncPrivately, secureSettingsFile in appsettings.h).
//
// Keychain calls are asynchronous: load() returns at once, and passwordReady(id) says when a
// profile's password has been read (or found missing). Nothing here waits.
//
// A profile that reaches its switch through SSH has up to two more secrets, its SSH password and
// its key's passphrase: each is kept exactly like the password (keychain entries "<id>/ssh-password"
// and "<id>/ssh-key-passphrase", or the settings file under the same opt-in, or memory), and a
// profile's passwordReady comes once all of them have been read.

#include "console/profile.h"
#include "console/profilekeychain.h"

#include <QHash>
#include <QObject>
#include <QSettings>

#include <memory>
#include <optional>

namespace Console {

class ProfileStore : public QObject
{
    Q_OBJECT

public:
    enum class KeychainState { Unknown, Available, Unavailable };
    Q_ENUM(KeychainState)
    enum class PasswordStorage {
        None,         // no password (empty, or nothing found)
        Reading,      // asked the keychain, no answer yet
        Writing,      // handed to the keychain, no answer yet
        Keychain,     // safe in the keychain
        SettingsFile, // no keychain; in the settings file, as the operator opted in
        SessionOnly,  // no keychain; in memory until Switchboard quits
    };
    Q_ENUM(PasswordStorage)
    // The secrets a profile may have.
    enum class SecretKind { Password, SshPassword, SshKeyPassphrase };
    Q_ENUM(SecretKind)

    // The user's settings and the desktop keychain.
    explicit ProfileStore(QObject *parent = nullptr);
    // Settings in an INI file at `settingsFile`. The keychain is not owned.
    ProfileStore(const QString &settingsFile, Keychain *keychain, QObject *parent = nullptr);
    // Neither `settings` nor `keychain` is owned; both must outlive the store.
    ProfileStore(QSettings *settings, Keychain *keychain, QObject *parent = nullptr);
    ~ProfileStore() override;

    // Reads the profiles and asks the keychain for their passwords.
    void load();
    // Replaces the list (order kept), writes the settings, hands changed passwords to the
    // keychain and deletes the keychain entries of removed profiles. A profile whose password
    // is still being read and comes with an empty one keeps what the keychain will say.
    void setProfiles(const QList<Profile> &profiles);

    // With passwords as far as they are known.
    [[nodiscard]] QList<Profile> profiles() const;
    [[nodiscard]] std::optional<Profile> profile(const QString &id) const;
    [[nodiscard]] QString password(const QString &id) const;
    [[nodiscard]] PasswordStorage passwordStorage(const QString &id) const;
    // Whether any of the profile's secrets is still being read from the keychain.
    [[nodiscard]] bool isPasswordPending(const QString &id) const;
    [[nodiscard]] QString secret(const QString &id, SecretKind kind) const;
    [[nodiscard]] PasswordStorage secretStorage(const QString &id, SecretKind kind) const;

    [[nodiscard]] bool storePasswordsInSettings() const { return m_storeInFile; }
    // Only matters while the keychain fails; off (the default) takes passwords out of the file.
    void setStorePasswordsInSettings(bool store);

    [[nodiscard]] KeychainState keychainState() const { return m_keychainState; }
    // The keychain's last complaint, for the operator.
    [[nodiscard]] QString keychainProblem() const { return m_keychainProblem; }
    [[nodiscard]] QString settingsFileName() const { return m_settings->fileName(); }

Q_SIGNALS:
    void profilesChanged();
    void passwordReady(const QString &profileId);
    void passwordStorageChanged(const QString &profileId,
                                Console::ProfileStore::PasswordStorage storage);
    void keychainStateChanged(Console::ProfileStore::KeychainState state);

private:
    struct Secret
    {
        QString profileId;
        SecretKind kind = SecretKind::Password;
        QString password;
        PasswordStorage storage = PasswordStorage::None;
        bool inFile = false; // written to the settings file by writeSettings()
        quint64 serial = 0;  // answers to older requests are stale
    };

    // Secrets are keyed by secretKey(): the profile's id for its password, "<id>/ssh-…" else.
    [[nodiscard]] static QString secretKey(const QString &id, SecretKind kind);
    Secret &secretAt(const QString &id, SecretKind kind);
    void readSecret(const QString &id, SecretKind kind);
    void storePassword(const QString &key, const QString &password, bool keepFileCopy);
    void onRead(const QString &key, quint64 serial, const KeychainResult &result);
    void onWritten(const QString &key, quint64 serial, const KeychainResult &result);
    void setStorage(const QString &key, PasswordStorage storage);
    void noteKeychain(const KeychainResult &result);
    void writeSettings();

    std::unique_ptr<QSettings> m_ownedSettings;
    std::unique_ptr<Keychain> m_ownedKeychain;
    QSettings *m_settings = nullptr;
    Keychain *m_keychain = nullptr;
    QList<Profile> m_profiles; // passwords live in m_secrets
    QHash<QString, Secret> m_secrets; // by secretKey()
    quint64 m_nextSerial = 0;
    bool m_storeInFile = false;
    bool m_loaded = false; // before load() or setProfiles(), the file's list is not ours to write
    KeychainState m_keychainState = KeychainState::Unknown;
    QString m_keychainProblem;
};

} // namespace Console
