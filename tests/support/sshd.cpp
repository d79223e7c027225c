#include "support/sshd.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTcpServer>
#include <QThread>

#include <csignal>

#include <pwd.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

namespace TestSupport {

namespace {

const QString kSshd = QStringLiteral("/usr/sbin/sshd");

// The child dies with the test program, even when it crashes.
void dieWithParent(QProcess &process)
{
    process.setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGKILL); });
}

bool run(const QString &program, const QStringList &arguments, QString *output = nullptr,
         const QProcessEnvironment &environment = QProcessEnvironment::systemEnvironment())
{
    QProcess process;
    process.setProcessEnvironment(environment);
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(program, arguments);
    if (!process.waitForFinished(20000)) {
        process.kill();
        process.waitForFinished();
        return false;
    }
    if (output)
        *output = QString::fromUtf8(process.readAll());
    return process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0;
}

quint16 freePort()
{
    QTcpServer server;
    if (!server.listen(QHostAddress::LocalHost, 0))
        return 0;
    return server.serverPort();
}

} // namespace

QString Sshd::probe()
{
    if (!QFileInfo(kSshd).isExecutable())
        return QStringLiteral("%1 is not installed (Debian package openssh-server)").arg(kSshd);
    for (const char *tool : {"ssh-keygen", "ssh-agent", "ssh-add"}) {
        if (QStandardPaths::findExecutable(QString::fromLatin1(tool)).isEmpty())
            return QStringLiteral("%1 is not installed (Debian package openssh-client)")
                .arg(QString::fromLatin1(tool));
    }
    return {};
}

QString Sshd::currentUser()
{
    const passwd *pw = getpwuid(geteuid());
    return pw ? QString::fromLocal8Bit(pw->pw_name) : qEnvironmentVariable("USER");
}

Sshd::Sshd() = default;

Sshd::~Sshd()
{
    stop();
    if (m_agent.state() != QProcess::NotRunning) {
        m_agent.kill();
        m_agent.waitForFinished();
    }
}

bool Sshd::makeHostKey()
{
    QFile::remove(path(QStringLiteral("host_key")));
    QFile::remove(path(QStringLiteral("host_key.pub")));
    return run(QStringLiteral("ssh-keygen"),
               {QStringLiteral("-q"), QStringLiteral("-t"), QStringLiteral("ed25519"),
                QStringLiteral("-N"), QString(), QStringLiteral("-C"), QStringLiteral("test host"),
                QStringLiteral("-f"), path(QStringLiteral("host_key"))});
}

bool Sshd::makeKeys()
{
    if (m_keysMade)
        return true;
    const auto userKey = [this](const QString &name, const QString &passphrase) {
        return run(QStringLiteral("ssh-keygen"),
                   {QStringLiteral("-q"), QStringLiteral("-t"), QStringLiteral("ed25519"),
                    QStringLiteral("-N"), passphrase, QStringLiteral("-C"), name,
                    QStringLiteral("-f"), path(name)});
    };
    if (!m_dir.isValid() || !makeHostKey() || !userKey(QStringLiteral("user_key"), QString())
        || !userKey(QStringLiteral("user_key_enc"), passphrase())
        || !userKey(QStringLiteral("stranger_key"), QString()))
        return false;
    QFile authorized(path(QStringLiteral("authorized_keys")));
    if (!authorized.open(QIODevice::WriteOnly))
        return false;
    for (const char *name : {"user_key.pub", "user_key_enc.pub"}) {
        QFile key(path(QString::fromLatin1(name)));
        if (!key.open(QIODevice::ReadOnly))
            return false;
        authorized.write(key.readAll());
    }
    m_keysMade = true;
    return true;
}

bool Sshd::writeConfig()
{
    QFile config(path(QStringLiteral("sshd_config")));
    if (!config.open(QIODevice::WriteOnly))
        return false;
    const QString text = QStringLiteral(
        "Port %1\nListenAddress 127.0.0.1\nHostKey %2\nPidFile %3\nAuthorizedKeysFile %4\n"
        "PermitRootLogin prohibit-password\nStrictModes no\nUsePAM no\nAllowTcpForwarding yes\n"
        "PasswordAuthentication no\nKbdInteractiveAuthentication no\nLogLevel VERBOSE\n"
        "MaxStartups 100\nMaxSessions 100\nPrintMotd no\n")
                             .arg(m_port)
                             .arg(path(QStringLiteral("host_key")), path(QStringLiteral("sshd.pid")),
                                  path(QStringLiteral("authorized_keys")));
    return config.write(text.toUtf8()) > 0;
}

bool Sshd::start()
{
    if (!makeKeys()) {
        m_log += QStringLiteral("cannot make the keys in %1\n").arg(m_dir.path());
        return false;
    }
    if (m_port == 0)
        m_port = freePort();
    if (!writeConfig())
        return false;
    // As root, sshd wants its privilege-separation folder, which only the init script creates.
    if (geteuid() == 0 && !QFileInfo::exists(QStringLiteral("/run/sshd"))) {
        ::mkdir("/run/sshd", 0755);
        ::chmod("/run/sshd", 0755);
    }
    // Orphaned session processes come to this program, which reaps them (killSessions).
    ::prctl(PR_SET_CHILD_SUBREAPER, 1);
    const qsizetype logBefore = log().size();
    dieWithParent(m_sshd);
    m_sshd.start(kSshd, {QStringLiteral("-D"), QStringLiteral("-e"), QStringLiteral("-f"),
                         path(QStringLiteral("sshd_config"))});
    if (!m_sshd.waitForStarted())
        return false;
    const QDeadlineTimer deadline(15000);
    while (!deadline.hasExpired()) {
        if (log().mid(logBefore).contains(QStringLiteral("Server listening on 127.0.0.1 port %1").arg(m_port)))
            return true;
        if (m_sshd.state() == QProcess::NotRunning)
            return false;
        m_sshd.waitForReadyRead(100);
    }
    return false;
}

void Sshd::stop()
{
    if (m_sshd.state() == QProcess::NotRunning)
        return;
    killSessions();
    m_sshd.kill();
    m_sshd.waitForFinished();
    log();
    reapOrphans();
}

bool Sshd::restartWithNewHostKey()
{
    stop();
    return makeHostKey() && start();
}

QString Sshd::hostKeyFingerprint() const
{
    QString out;
    if (!run(QStringLiteral("ssh-keygen"),
             {QStringLiteral("-lf"), path(QStringLiteral("host_key.pub"))}, &out))
        return {};
    // "256 SHA256:xxxx test host (ED25519)"
    static const QRegularExpression field(QStringLiteral("(SHA256:\\S+)"));
    return field.match(out).captured(1);
}

QByteArray Sshd::knownHostsLine() const
{
    QFile key(path(QStringLiteral("host_key.pub")));
    if (!key.open(QIODevice::ReadOnly))
        return {};
    const QList<QByteArray> fields = key.readAll().simplified().split(' ');
    if (fields.size() < 2)
        return {};
    return "[127.0.0.1]:" + QByteArray::number(m_port) + ' ' + fields.at(0) + ' ' + fields.at(1);
}

QString Sshd::writeKnownHosts(const QString &name) const
{
    const QString file = path(name);
    QFile out(file);
    if (out.open(QIODevice::WriteOnly))
        out.write(knownHostsLine() + '\n');
    return file;
}

QString Sshd::log()
{
    if (m_sshd.isOpen())
        m_log += QString::fromUtf8(m_sshd.readAllStandardError());
    return m_log;
}

int Sshd::acceptedLogins()
{
    return int(log().count(QStringLiteral("Accepted publickey")));
}

namespace {

struct ProcessEntry
{
    qint64 parent = 0;
    char state = '?';
    QByteArray name;
};

// Every process's parent, state and name, from /proc/<pid>/stat.
QHash<qint64, ProcessEntry> processTable()
{
    QHash<qint64, ProcessEntry> table;
    const QStringList entries = QDir(QStringLiteral("/proc")).entryList(QDir::Dirs);
    for (const QString &entry : entries) {
        bool number = false;
        const qint64 pid = entry.toLongLong(&number);
        if (!number)
            continue;
        QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
        if (!stat.open(QIODevice::ReadOnly))
            continue;
        // "pid (comm) state ppid ...": comm may hold spaces and parentheses.
        const QByteArray text = stat.readAll();
        const qsizetype open = text.indexOf('(');
        const qsizetype close = text.lastIndexOf(')');
        const QList<QByteArray> rest = text.mid(close + 2).split(' ');
        if (open < 0 || close < open || rest.size() < 2)
            continue;
        table.insert(pid, ProcessEntry{rest.at(1).toLongLong(), rest.at(0).isEmpty() ? '?' : rest.at(0).at(0),
                                       text.mid(open + 1, close - open - 1)});
    }
    return table;
}

} // namespace

QList<qint64> Sshd::sessionPids() const
{
    const qint64 listener = m_sshd.processId();
    if (listener <= 0)
        return {};
    const QHash<qint64, ProcessEntry> table = processTable();
    QList<qint64> found;
    QList<qint64> frontier{listener};
    while (!frontier.isEmpty()) {
        const qint64 parent = frontier.takeFirst();
        for (auto it = table.cbegin(); it != table.cend(); ++it) {
            if (it.value().parent == parent && !found.contains(it.key())) {
                found.append(it.key());
                frontier.append(it.key());
            }
        }
    }
    return found;
}

void Sshd::reapOrphans()
{
    // sshd's pre-authentication children can outlive their session's monitor; they come to this
    // program (a subreaper, see start()) and would stay zombies. Only processes named sshd that
    // are not the listener: QProcess reaps its own children.
    const qint64 self = ::getpid();
    const QHash<qint64, ProcessEntry> table = processTable();
    for (auto it = table.cbegin(); it != table.cend(); ++it) {
        if (it.value().parent == self && it.value().state == 'Z' && it.value().name == "sshd"
            && it.key() != m_sshd.processId())
            ::waitpid(pid_t(it.key()), nullptr, WNOHANG);
    }
}

void Sshd::killSessions()
{
    const QList<qint64> pids = sessionPids();
    for (const qint64 pid : pids) {
        ::kill(pid_t(pid), SIGCONT);
        ::kill(pid_t(pid), SIGKILL);
    }
    // A session process whose parent died first is reparented to this program (a subreaper, see
    // start()): reap it, or it stays a zombie under an init that may never reap.
    QDeadlineTimer deadline(3000);
    QList<qint64> left = pids;
    while (!left.isEmpty() && !deadline.hasExpired()) {
        left.removeIf([](qint64 pid) {
            return ::waitpid(pid_t(pid), nullptr, WNOHANG) > 0
                || !QFileInfo::exists(QStringLiteral("/proc/%1").arg(pid));
        });
        if (!left.isEmpty())
            QThread::msleep(10);
    }
    reapOrphans();
}

void Sshd::freezeSessions(bool frozen)
{
    const QList<qint64> pids = sessionPids();
    for (const qint64 pid : pids)
        ::kill(pid_t(pid), frozen ? SIGSTOP : SIGCONT);
}

QString Sshd::startAgent()
{
    const QString socket = path(QStringLiteral("agent.sock"));
    if (m_agent.state() == QProcess::NotRunning) {
        QFile::remove(socket);
        dieWithParent(m_agent);
        m_agent.start(QStringLiteral("ssh-agent"), {QStringLiteral("-D"), QStringLiteral("-a"), socket});
        if (!m_agent.waitForStarted())
            return {};
        const QDeadlineTimer deadline(10000);
        while (!QFileInfo::exists(socket) && !deadline.hasExpired())
            QThread::msleep(20);
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("SSH_AUTH_SOCK"), socket);
        if (!run(QStringLiteral("ssh-add"), {userKey()}, nullptr, environment))
            return {};
    }
    return socket;
}

} // namespace TestSupport
