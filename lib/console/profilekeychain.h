#pragma once
// Where profile passwords go when they do not go into the settings file: an interface over a
// secret store, the desktop keychain behind QtKeychain (Secret Service, KWallet, macOS
// Keychain, Windows Credential Store), and an in-memory one for tests and for a session that
// must not touch the desktop's keychain.
//
// Every call answers later, never inside the call, through `done` run in `context`'s thread;
// if `context` is destroyed first, `done` is dropped. The GUI never waits for a keychain.

#include <QHash>
#include <QObject>
#include <QString>

#include <functional>

namespace Console {

struct KeychainResult
{
    enum class Status {
        Ok,
        NotFound,  // the keychain works; it holds nothing under this key
        NoBackend, // no keychain service (no Secret Service on the bus, headless, CI)
        Denied,    // the user or the keychain refused
        Failed,    // anything else; `message` says what
    };

    Status status = Status::Ok;
    QString message;  // the keychain's own words, for the operator
    QString password; // reads only

    [[nodiscard]] bool ok() const { return status == Status::Ok; }
    // The keychain answered, even if with "nothing here".
    [[nodiscard]] bool keychainWorks() const
    {
        return status == Status::Ok || status == Status::NotFound;
    }
};

class Keychain
{
public:
    using Done = std::function<void(const KeychainResult &)>;

    virtual ~Keychain() = default;
    virtual void readPassword(const QString &key, QObject *context, Done done) = 0;
    virtual void writePassword(const QString &key, const QString &password, QObject *context,
                               Done done) = 0;
    virtual void deletePassword(const QString &key, QObject *context, Done done) = 0;
};

// QtKeychain's jobs. Its "insecure fallback" (a plain QSettings copy) stays off: falling back
// is ProfileStore's decision, made visibly and only with the operator's consent.
class SystemKeychain final : public Keychain
{
public:
    explicit SystemKeychain(QString service = QStringLiteral("Switchboard"));

    void readPassword(const QString &key, QObject *context, Done done) override;
    void writePassword(const QString &key, const QString &password, QObject *context,
                       Done done) override;
    void deletePassword(const QString &key, QObject *context, Done done) override;

private:
    QString m_service;
};

class MemoryKeychain final : public Keychain
{
public:
    // From now on every call fails with `status` (Ok: works again) — a keychain that is not
    // there, or one that refuses.
    void setFailure(KeychainResult::Status status, const QString &message = {});

    [[nodiscard]] bool contains(const QString &key) const { return m_entries.contains(key); }
    [[nodiscard]] QString value(const QString &key) const { return m_entries.value(key); }
    [[nodiscard]] qsizetype size() const { return m_entries.size(); }
    void insert(const QString &key, const QString &password) { m_entries.insert(key, password); }

    void readPassword(const QString &key, QObject *context, Done done) override;
    void writePassword(const QString &key, const QString &password, QObject *context,
                       Done done) override;
    void deletePassword(const QString &key, QObject *context, Done done) override;

private:
    static void answer(QObject *context, Done done, KeychainResult result);

    QHash<QString, QString> m_entries;
    KeychainResult::Status m_failure = KeychainResult::Status::Ok;
    QString m_failureMessage;
};

} // namespace Console
