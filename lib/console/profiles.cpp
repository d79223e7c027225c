#include "console/profiles.h"

#include "console/appsettings.h"
#include "console/brokerprofile.h"
#include "console/profiletransport.h"

#include <QLoggingCategory>
#include <QSet>

namespace Console {

Q_LOGGING_CATEGORY(lcProfiles, "ui.profiles")

namespace {

const QString ProfilesArray = QStringLiteral("profiles");
const QString StoreInFileKey = QStringLiteral("passwords/storeInSettingsFile");
// A profile's kind; absent (every profile saved before RabbitMQ profiles): Event Socket.
const QString KindKey = QStringLiteral("kind");
const QString BrokerKind = QStringLiteral("rabbitmq");
constexpr ProfileStore::SecretKind AllSecrets[] = {ProfileStore::SecretKind::Password,
                                                   ProfileStore::SecretKind::SshPassword,
                                                   ProfileStore::SecretKind::SshKeyPassphrase};

// Each secret's key in the settings file's profile entry.
QString fileKey(ProfileStore::SecretKind kind)
{
    switch (kind) {
    case ProfileStore::SecretKind::SshPassword:
        return QStringLiteral("sshPassword");
    case ProfileStore::SecretKind::SshKeyPassphrase:
        return QStringLiteral("sshKeyPassphrase");
    default:
        return QStringLiteral("password");
    }
}

QString &secretOf(Profile &p, ProfileStore::SecretKind kind)
{
    switch (kind) {
    case ProfileStore::SecretKind::SshPassword:
        return p.ssh.password;
    case ProfileStore::SecretKind::SshKeyPassphrase:
        return p.ssh.keyPassphrase;
    default:
        return p.password;
    }
}

QString describe(const KeychainResult &result)
{
    if (!result.message.isEmpty())
        return result.message;
    switch (result.status) {
    case KeychainResult::Status::NoBackend:
        return ProfileStore::tr("no keychain service is running");
    case KeychainResult::Status::Denied:
        return ProfileStore::tr("the keychain refused access");
    default:
        return ProfileStore::tr("the keychain failed");
    }
}

} // namespace

ProfileStore::ProfileStore(QObject *parent)
    : QObject(parent), m_ownedSettings(std::make_unique<QSettings>(QStringLiteral("Switchboard"),
                                                                   QStringLiteral("Switchboard"))),
      m_ownedKeychain(std::make_unique<SystemKeychain>()), m_settings(m_ownedSettings.get()),
      m_keychain(m_ownedKeychain.get())
{}

ProfileStore::ProfileStore(const QString &settingsFile, Keychain *keychain, QObject *parent)
    : QObject(parent),
      m_ownedSettings(std::make_unique<QSettings>(settingsFile, QSettings::IniFormat)),
      m_settings(m_ownedSettings.get()), m_keychain(keychain)
{}

ProfileStore::ProfileStore(QSettings *settings, Keychain *keychain, QObject *parent)
    : QObject(parent), m_settings(settings), m_keychain(keychain)
{}

ProfileStore::~ProfileStore() = default;

void ProfileStore::load()
{
    // Fresh serials make any answer still on its way for the old list stale.
    m_profiles.clear();
    m_secrets.clear();
    m_loaded = true;
    // A file left readable to others (by an older Switchboard, a copy, a chmod) may hold a
    // password: make it private before reading it.
    secureSettingsFile(m_settings->fileName());
    m_storeInFile = m_settings->value(StoreInFileKey, false).toBool();

    QHash<QString, QString> filePasswords; // by secretKey()
    QSet<QString> seen;
    const int count = m_settings->beginReadArray(ProfilesArray);
    for (int i = 0; i < count; ++i) {
        m_settings->setArrayIndex(i);
        Profile p;
        p.id = m_settings->value(QStringLiteral("id")).toString();
        if (p.id.isEmpty() || seen.contains(p.id))
            p.id = Profile::newId();
        seen.insert(p.id);
        p.name = m_settings->value(QStringLiteral("name")).toString();
        p.host = m_settings->value(QStringLiteral("host"), p.host).toString();
        p.port = m_settings->value(QStringLiteral("port"), p.port).toInt();
        p.user = m_settings->value(QStringLiteral("user")).toString();
        p.colour = QColor(m_settings->value(QStringLiteral("colour")).toString());
        p.logLevel = m_settings->value(QStringLiteral("logLevel"), p.logLevel).toInt();
        p.autoConnect = m_settings->value(QStringLiteral("autoConnect"), true).toBool();
        if (m_settings->value(KindKey).toString() == BrokerKind) {
            p.kind = ProfileKind::Broker;
            BrokerSettings &b = p.broker;
            b.url = m_settings->value(QStringLiteral("url"), b.url).toString();
            b.caFile = m_settings->value(QStringLiteral("caFile")).toString();
            b.verifyPeer = m_settings->value(QStringLiteral("verifyPeer"), true).toBool();
            b.hostnames = splitNames(m_settings->value(QStringLiteral("hostnames")).toString());
            b.expectedHostnames =
                splitNames(m_settings->value(QStringLiteral("expectedHostnames")).toString());
            b.eventNames = splitNames(m_settings->value(QStringLiteral("eventNames")).toString());
            b.commandKey = m_settings->value(QStringLiteral("commandKey"), b.commandKey).toString();
        }
        readTransportSettings(*m_settings, p);
        for (const SecretKind kind : AllSecrets) {
            const QString filePassword = m_settings->value(fileKey(kind)).toString();
            if (!filePassword.isEmpty())
                filePasswords.insert(secretKey(p.id, kind), filePassword);
        }
        m_profiles.append(p);
    }
    m_settings->endArray();
    Q_EMIT profilesChanged();

    for (const Profile &p : std::as_const(m_profiles)) {
        for (const SecretKind kind : AllSecrets) {
            const QString key = secretKey(p.id, kind);
            if (const auto it = filePasswords.constFind(key); it != filePasswords.cend()) {
                Secret &s = secretAt(p.id, kind);
                s.password = *it;
                s.inFile = true;
                setStorage(key, PasswordStorage::SettingsFile);
                if (!isPasswordPending(p.id))
                    Q_EMIT passwordReady(p.id);
                // Move it into the keychain; the file keeps its copy until the keychain has it.
                storePassword(key, *it, true);
                continue;
            }
            // A profile without SSH has no SSH secrets to ask the keychain for.
            if (kind == SecretKind::Password || p.ssh.enabled)
                readSecret(p.id, kind);
        }
    }
}

void ProfileStore::setProfiles(const QList<Profile> &profiles)
{
    m_loaded = true;
    QList<Profile> next;
    QSet<QString> ids;
    for (Profile p : profiles) {
        if (p.id.isEmpty() || ids.contains(p.id))
            p.id = Profile::newId();
        ids.insert(p.id);
        next.append(p);
    }

    for (const Profile &old : std::as_const(m_profiles)) {
        if (ids.contains(old.id))
            continue;
        for (const SecretKind kind : AllSecrets) {
            const QString key = secretKey(old.id, kind);
            m_secrets.remove(key);
            m_keychain->deletePassword(key, this, [key](const KeychainResult &r) {
                if (!r.keychainWorks())
                    qCDebug(lcProfiles) << "could not delete the secret" << key << describe(r);
            });
        }
    }

    m_profiles.clear();
    for (Profile p : std::as_const(next)) {
        QStringList secrets;
        for (const SecretKind kind : AllSecrets)
            secrets.append(std::exchange(secretOf(p, kind), QString()));
        m_profiles.append(p);
        for (const SecretKind kind : AllSecrets) {
            const QString &password = secrets.at(int(kind));
            const QString key = secretKey(p.id, kind);
            const auto it = m_secrets.constFind(key);
            if (it == m_secrets.cend() && password.isEmpty()) {
                if (kind == SecretKind::Password)
                    secretAt(p.id, kind);
                continue;
            }
            if (it == m_secrets.cend()) {
                secretAt(p.id, kind);
                storePassword(key, password, false);
                continue;
            }
            if (it->storage == PasswordStorage::Reading && password.isEmpty())
                continue; // the keychain's answer is still to come; nothing was typed over it
            if (it->storage != PasswordStorage::Reading && it->password == password)
                continue;
            storePassword(key, password, false);
        }
    }
    writeSettings();
    Q_EMIT profilesChanged();
}

QList<Profile> ProfileStore::profiles() const
{
    QList<Profile> list = m_profiles;
    for (Profile &p : list) {
        for (const SecretKind kind : AllSecrets)
            secretOf(p, kind) = secret(p.id, kind);
    }
    return list;
}

std::optional<Profile> ProfileStore::profile(const QString &id) const
{
    for (const Profile &p : m_profiles) {
        if (p.id == id) {
            Profile copy = p;
            for (const SecretKind kind : AllSecrets)
                secretOf(copy, kind) = secret(id, kind);
            return copy;
        }
    }
    return std::nullopt;
}

QString ProfileStore::password(const QString &id) const
{
    return m_secrets.value(id).password;
}

ProfileStore::PasswordStorage ProfileStore::passwordStorage(const QString &id) const
{
    return m_secrets.value(id).storage;
}

void ProfileStore::setStorePasswordsInSettings(bool store)
{
    if (store == m_storeInFile)
        return;
    m_storeInFile = store;
    if (!m_loaded) {
        m_settings->setValue(StoreInFileKey, store);
        syncPrivately(*m_settings);
        return;
    }
    for (auto it = m_secrets.begin(); it != m_secrets.end(); ++it) {
        if (store && it->storage == PasswordStorage::SessionOnly && !it->password.isEmpty()) {
            it->inFile = true;
            setStorage(it.key(), PasswordStorage::SettingsFile);
        } else if (!store && it->inFile) {
            it->inFile = false;
            if (it->storage == PasswordStorage::SettingsFile)
                setStorage(it.key(), PasswordStorage::SessionOnly);
        }
    }
    writeSettings();
}

void ProfileStore::storePassword(const QString &id, const QString &password, bool keepFileCopy)
{
    Secret &s = m_secrets[id]; // id: the secret's key
    const quint64 serial = ++m_nextSerial;
    s.serial = serial;
    s.password = password;
    s.inFile = keepFileCopy && s.inFile;
    if (password.isEmpty()) {
        setStorage(id, PasswordStorage::None);
        m_keychain->deletePassword(id, this, [](const KeychainResult &) {});
        return;
    }
    setStorage(id, PasswordStorage::Writing);
    m_keychain->writePassword(id, password, this, [this, id, serial](const KeychainResult &r) {
        onWritten(id, serial, r);
    });
}

void ProfileStore::onRead(const QString &id, quint64 serial, const KeychainResult &result)
{
    const auto it = m_secrets.find(id);
    if (it == m_secrets.end() || it->serial != serial)
        return;
    noteKeychain(result);
    it->password = result.ok() ? result.password : QString();
    if (!result.keychainWorks())
        qCInfo(lcProfiles) << "no password for" << id << "from the keychain:" << describe(result);
    setStorage(id, result.ok() ? PasswordStorage::Keychain : PasswordStorage::None);
    // Once the profile's last secret has come: then it can connect.
    if (!isPasswordPending(it->profileId))
        Q_EMIT passwordReady(it->profileId);
}

void ProfileStore::onWritten(const QString &id, quint64 serial, const KeychainResult &result)
{
    const auto it = m_secrets.find(id);
    if (it == m_secrets.end() || it->serial != serial)
        return;
    noteKeychain(result);
    if (result.ok()) {
        it->inFile = false;
        setStorage(id, PasswordStorage::Keychain);
    } else {
        qCWarning(lcProfiles).noquote()
            << "the keychain did not take the password of" << id << "-" << describe(result)
            << (m_storeInFile ? "- keeping it in the settings file, as chosen"
                              : "- keeping it for this session only");
        it->inFile = m_storeInFile;
        setStorage(id,
                   m_storeInFile ? PasswordStorage::SettingsFile : PasswordStorage::SessionOnly);
    }
    writeSettings();
}

void ProfileStore::setStorage(const QString &id, PasswordStorage storage)
{
    Secret &s = m_secrets[id]; // id: the secret's key
    if (s.storage == storage)
        return;
    s.storage = storage;
    // The notices about where a password is kept speak of the profile's password.
    if (s.kind == SecretKind::Password)
        Q_EMIT passwordStorageChanged(s.profileId, storage);
}

void ProfileStore::noteKeychain(const KeychainResult &result)
{
    const KeychainState state =
        result.keychainWorks() ? KeychainState::Available : KeychainState::Unavailable;
    m_keychainProblem = state == KeychainState::Available ? QString() : describe(result);
    if (state == m_keychainState)
        return;
    m_keychainState = state;
    Q_EMIT keychainStateChanged(state);
}

void ProfileStore::writeSettings()
{
    m_settings->remove(ProfilesArray);
    m_settings->beginWriteArray(ProfilesArray, int(m_profiles.size()));
    for (int i = 0; i < m_profiles.size(); ++i) {
        const Profile &p = m_profiles.at(i);
        m_settings->setArrayIndex(i);
        m_settings->setValue(QStringLiteral("id"), p.id);
        m_settings->setValue(QStringLiteral("name"), p.name);
        m_settings->setValue(QStringLiteral("host"), p.host);
        m_settings->setValue(QStringLiteral("port"), p.port);
        m_settings->setValue(QStringLiteral("user"), p.user);
        m_settings->setValue(QStringLiteral("colour"),
                             p.colour.isValid() ? p.colour.name(QColor::HexRgb) : QString());
        m_settings->setValue(QStringLiteral("logLevel"), p.logLevel);
        m_settings->setValue(QStringLiteral("autoConnect"), p.autoConnect);
        if (p.isBroker()) {
            // Written for broker profiles only: an Event Socket profile's keys stay as they were.
            m_settings->setValue(KindKey, BrokerKind);
            m_settings->setValue(QStringLiteral("url"), p.broker.url);
            m_settings->setValue(QStringLiteral("caFile"), p.broker.caFile);
            m_settings->setValue(QStringLiteral("verifyPeer"), p.broker.verifyPeer);
            m_settings->setValue(QStringLiteral("hostnames"), joinNames(p.broker.hostnames));
            m_settings->setValue(QStringLiteral("expectedHostnames"),
                                 joinNames(p.broker.expectedHostnames));
            m_settings->setValue(QStringLiteral("eventNames"), joinNames(p.broker.eventNames));
            m_settings->setValue(QStringLiteral("commandKey"), p.broker.commandKey);
        }
        writeTransportSettings(*m_settings, p);
        for (const SecretKind kind : AllSecrets) {
            const Secret s = m_secrets.value(secretKey(p.id, kind));
            if (s.inFile && !s.password.isEmpty())
                m_settings->setValue(fileKey(kind), s.password);
        }
    }
    m_settings->endArray();
    m_settings->setValue(StoreInFileKey, m_storeInFile);
    syncPrivately(*m_settings);
    if (m_settings->status() != QSettings::NoError)
        qCWarning(lcProfiles) << "could not write the profiles to" << m_settings->fileName();
}

} // namespace Console
