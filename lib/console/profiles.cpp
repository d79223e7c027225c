#include "console/profiles.h"

#include "console/appsettings.h"
#include "console/brokerprofile.h"

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

    QHash<QString, QString> filePasswords;
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
        const QString filePassword = m_settings->value(QStringLiteral("password")).toString();
        if (!filePassword.isEmpty())
            filePasswords.insert(p.id, filePassword);
        m_profiles.append(p);
    }
    m_settings->endArray();
    Q_EMIT profilesChanged();

    for (const Profile &p : std::as_const(m_profiles)) {
        if (const auto it = filePasswords.constFind(p.id); it != filePasswords.cend()) {
            Secret &s = m_secrets[p.id];
            s.password = *it;
            s.inFile = true;
            setStorage(p.id, PasswordStorage::SettingsFile);
            Q_EMIT passwordReady(p.id);
            // Move it into the keychain; the file keeps its copy until the keychain has it.
            storePassword(p.id, *it, true);
            continue;
        }
        const quint64 serial = ++m_nextSerial;
        m_secrets[p.id].serial = serial;
        setStorage(p.id, PasswordStorage::Reading);
        m_keychain->readPassword(p.id, this, [this, id = p.id, serial](const KeychainResult &r) {
            onRead(id, serial, r);
        });
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
        m_secrets.remove(old.id);
        m_keychain->deletePassword(old.id, this, [id = old.id](const KeychainResult &r) {
            if (!r.keychainWorks())
                qCDebug(lcProfiles) << "could not delete the password of" << id << describe(r);
        });
    }

    m_profiles.clear();
    for (Profile p : std::as_const(next)) {
        const QString password = std::exchange(p.password, QString());
        m_profiles.append(p);
        const auto it = m_secrets.constFind(p.id);
        if (it == m_secrets.cend() && password.isEmpty()) {
            m_secrets.insert(p.id, Secret());
            continue;
        }
        if (it == m_secrets.cend()) {
            storePassword(p.id, password, false);
            continue;
        }
        if (it->storage == PasswordStorage::Reading && password.isEmpty())
            continue; // the keychain's answer is still to come; nothing was typed over it
        if (it->storage != PasswordStorage::Reading && it->password == password)
            continue;
        storePassword(p.id, password, false);
    }
    writeSettings();
    Q_EMIT profilesChanged();
}

QList<Profile> ProfileStore::profiles() const
{
    QList<Profile> list = m_profiles;
    for (Profile &p : list)
        p.password = password(p.id);
    return list;
}

std::optional<Profile> ProfileStore::profile(const QString &id) const
{
    for (const Profile &p : m_profiles) {
        if (p.id == id) {
            Profile copy = p;
            copy.password = password(id);
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

bool ProfileStore::isPasswordPending(const QString &id) const
{
    return passwordStorage(id) == PasswordStorage::Reading;
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
    Secret &s = m_secrets[id];
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
    Q_EMIT passwordReady(id);
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
    Secret &s = m_secrets[id];
    if (s.storage == storage)
        return;
    s.storage = storage;
    Q_EMIT passwordStorageChanged(id, storage);
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
        const Secret s = m_secrets.value(p.id);
        if (s.inFile && !s.password.isEmpty())
            m_settings->setValue(QStringLiteral("password"), s.password);
    }
    m_settings->endArray();
    m_settings->setValue(StoreInFileKey, m_storeInFile);
    syncPrivately(*m_settings);
    if (m_settings->status() != QSettings::NoError)
        qCWarning(lcProfiles) << "could not write the profiles to" << m_settings->fileName();
}

} // namespace Console
