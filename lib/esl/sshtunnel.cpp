#include "sshtunnel.h"

#include "sshtunnelworker.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QDir>

#include <cerrno>
#include <cstring>

#include <pwd.h>
#include <sys/socket.h>
#include <unistd.h>

namespace Esl {

QString sshLoginUser(const SshOptions &options)
{
    if (!options.user.isEmpty())
        return options.user;
    if (const passwd *pw = getpwuid(geteuid()); pw && pw->pw_name)
        return QString::fromLocal8Bit(pw->pw_name);
    return qEnvironmentVariable("USER");
}

QString sshKnownHostsPath(const SshOptions &options)
{
    if (!options.knownHostsFile.isEmpty())
        return options.knownHostsFile;
    return QDir::homePath() + QStringLiteral("/.ssh/known_hosts");
}

SshConnection::SshConnection(const SshOptions &options, int connectTimeoutMs, SshTunnelPool *pool)
    : QObject(pool), m_options(options), m_pool(pool)
{
    m_grace.setSingleShot(true);
    m_grace.setInterval(kGraceMs);
    connect(&m_grace, &QTimer::timeout, this, [this] {
        if (m_channels.isEmpty())
            die();
    });
    m_worker = new SshWorker(m_options, connectTimeoutMs, this);
    // The thread object outlives this connection until its thread ends (a blocking connect can
    // take up to the connect timeout): it deletes itself then.
    connect(m_worker, &QThread::finished, m_worker, &QObject::deleteLater);
    pool->adoptWorker(m_worker);
    m_worker->start();
}

SshConnection::~SshConnection()
{
    if (m_pool)
        m_pool->remove(this);
    if (m_worker)
        m_worker->stop();
    for (const int fd : std::as_const(m_pendingFds))
        ::close(fd);
}

int SshConnection::openChannel(const QString &host, quint16 port)
{
    const int id = m_nextId++;
    m_grace.stop();
    m_channels.insert(id);
    int fds[2] = {-1, -1};
    if (m_dead || !m_worker || ::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0) {
        const Error error{Error::Code::Transport,
                          m_dead ? QStringLiteral("the SSH connection to %1 is gone")
                                       .arg(m_options.host)
                                 : QStringLiteral("cannot make a socket pair: %1")
                                       .arg(QString::fromLocal8Bit(strerror(errno))),
                          -1};
        QTimer::singleShot(0, this, [this, id, error] { onChannelFailed(id, error, true); });
        return id;
    }
    m_pendingFds.insert(id, fds[0]);
    // A worker that has just ended has posted its failure, which fails this channel too.
    (void)m_worker->openChannel(id, host.toUtf8(), port, fds[1]);
    return id;
}

void SshConnection::closeChannel(int id)
{
    if (!m_channels.contains(id))
        return;
    forget(id);
    if (m_worker)
        m_worker->closeChannel(id);
}

void SshConnection::forget(int id)
{
    m_channels.remove(id);
    if (const auto it = m_pendingFds.constFind(id); it != m_pendingFds.cend()) {
        ::close(it.value());
        m_pendingFds.erase(it);
    }
    if (!m_channels.isEmpty())
        return;
    if (m_dead)
        deleteLater();
    else
        m_grace.start();
}

void SshConnection::onChannelOpened(int id)
{
    const auto it = m_pendingFds.constFind(id);
    if (it == m_pendingFds.cend())
        return; // closed meanwhile; the worker is told by closeChannel
    const int fd = it.value();
    m_pendingFds.erase(it);
    Q_EMIT channelOpened(id, fd);
}

void SshConnection::onChannelFailed(int id, const Error &error, bool retry)
{
    if (!m_channels.contains(id))
        return;
    Q_EMIT channelFailed(id, error, retry);
    forget(id); // the receiver may have closed it already; forget twice is harmless
}

void SshConnection::onConnectionFailed(const Error &error, bool retry,
                                       const std::optional<TrustRequest> &trust)
{
    m_dead = true;
    if (m_pool)
        m_pool->remove(this);
    const QList<int> ids = m_channels.values();
    for (const int id : ids) {
        if (!m_channels.contains(id))
            continue;
        if (trust)
            Q_EMIT trustRequired(id, *trust);
        onChannelFailed(id, error, retry);
    }
    if (m_channels.isEmpty())
        deleteLater();
}

void SshConnection::onConnectionDropped(const Error &error)
{
    // Open channels learn it from their socket (the worker closed its ends); channels still
    // opening fail with the reason.
    m_dead = true;
    if (m_pool)
        m_pool->remove(this);
    Q_EMIT connectionDropped(error);
    const QList<int> pending = m_pendingFds.keys();
    for (const int id : pending)
        onChannelFailed(id, error, true);
    if (m_channels.isEmpty())
        deleteLater();
}

void SshConnection::die()
{
    m_dead = true;
    if (m_pool)
        m_pool->remove(this);
    deleteLater();
}

SshTunnelPool &SshTunnelPool::instance()
{
    static QPointer<SshTunnelPool> pool;
    if (!pool)
        pool = new SshTunnelPool(QCoreApplication::instance());
    return *pool;
}

SshTunnelPool::~SshTunnelPool()
{
    // Children (the connections) are deleted after this body; stop their workers first and give
    // each a moment to end, so none is still inside libssh while the program exits.
    const QList<SshConnection *> connections = m_connections;
    for (SshConnection *connection : connections)
        delete connection;
    const QDeadlineTimer deadline(3000);
    for (const QPointer<SshWorker> &worker : std::as_const(m_workers)) {
        if (worker) {
            worker->stop();
            worker->wait(deadline);
        }
    }
}

void SshTunnelPool::adoptWorker(SshWorker *worker)
{
    m_workers.removeAll(nullptr);
    m_workers.append(worker);
}

SshConnection *SshTunnelPool::connectionFor(const SshOptions &options, int connectTimeoutMs)
{
    SshOptions wanted = options;
    wanted.user = sshLoginUser(options);
    for (SshConnection *connection : std::as_const(m_connections)) {
        if (connection->isUsable() && connection->options() == wanted)
            return connection;
    }
    auto *connection = new SshConnection(wanted, connectTimeoutMs, this);
    m_connections.append(connection);
    ++m_made;
    return connection;
}

} // namespace Esl
