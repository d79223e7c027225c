#pragma once
// A real OpenSSH server (Debian's openssh-server) that a test starts for itself: /usr/sbin/sshd
// -D -e with its own config, on 127.0.0.1 and a port free at start, in a temporary folder of its
// own with a generated ed25519 host key, test user keys (plain, encrypted, and one it does not
// know) and authorized_keys for the user the tests run as. It never reads or writes ~/.ssh.
//
//     TestSupport::Sshd sshd;
//     if (const QString why = TestSupport::Sshd::probe(); !why.isEmpty())
//         QSKIP(qPrintable(why));
//     QVERIFY2(sshd.start(), qPrintable(sshd.log()));
//
// sshd forks a process per connection: killSessions() kills them (a tunnel that drops),
// freezeSessions() stops them (a server gone silent). Everything it started, agent included,
// dies with this object.

#include <QProcess>
#include <QString>
#include <QTemporaryDir>

namespace TestSupport {

class Sshd
{
public:
    // Empty when sshd, ssh-keygen, ssh-agent and ssh-add are installed; else why not, in one line.
    static QString probe();
    // The user the tests run as (the one that logs in).
    static QString currentUser();

    Sshd();
    Sshd(const Sshd &) = delete;
    Sshd &operator=(const Sshd &) = delete;
    ~Sshd();

    // Makes the keys (the first time) and starts sshd; false (see log()) when it does not listen.
    bool start();
    void stop();
    // Stops, makes a new host key, starts again on the same port: a "changed" host key.
    bool restartWithNewHostKey();

    [[nodiscard]] quint16 port() const { return m_port; }
    [[nodiscard]] QString path(const QString &name) const { return m_dir.filePath(name); }
    [[nodiscard]] QString userKey() const { return path(QStringLiteral("user_key")); }
    [[nodiscard]] QString encryptedUserKey() const { return path(QStringLiteral("user_key_enc")); }
    [[nodiscard]] static QString passphrase() { return QStringLiteral("correct horse battery"); }
    [[nodiscard]] QString strangerKey() const { return path(QStringLiteral("stranger_key")); }
    // "SHA256:..." exactly as `ssh-keygen -lf host_key.pub` prints it.
    [[nodiscard]] QString hostKeyFingerprint() const;
    // The known_hosts line for the current host key: "[127.0.0.1]:port ssh-ed25519 AAAA...".
    [[nodiscard]] QByteArray knownHostsLine() const;
    // Writes a known_hosts file that knows the current host key; returns its path.
    QString writeKnownHosts(const QString &name) const;

    // sshd's log so far (stderr, LogLevel VERBOSE), and how many logins it accepted.
    QString log();
    int acceptedLogins();

    // The per-connection processes (every descendant of the listener).
    void killSessions();
    void freezeSessions(bool frozen);

    // An ssh-agent -D on a socket in the folder, holding userKey(); its socket path, or empty.
    QString startAgent();

private:
    bool makeKeys();
    bool makeHostKey();
    bool writeConfig();
    [[nodiscard]] QList<qint64> sessionPids() const;
    void reapOrphans();

    QTemporaryDir m_dir;
    QProcess m_sshd;
    QProcess m_agent;
    QString m_log;
    quint16 m_port = 0;
    bool m_keysMade = false;
};

} // namespace TestSupport
