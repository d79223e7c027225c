// The SSH worker thread's plumbing: its command queue, wake-up pipe and posts to the GUI thread,
// and its run(): log in, then pump (sshtunnelpump.cpp).

#include "sshtunnelworker.h"

#include "sshtunnel.h"
#include "sshtunnelsteps.h"

#include <QMutexLocker>

#include <libssh/libssh.h>
#include <openssl/crypto.h>

#include <fcntl.h>
#include <unistd.h>

namespace Esl {

QString sshFingerprintText(const QByteArray &sha256)
{
    return QStringLiteral("SHA256:")
        + QString::fromLatin1(sha256.toBase64(QByteArray::OmitTrailingEquals));
}

SshWorker::SshWorker(const SshOptions &options, int connectTimeoutMs, SshConnection *receiver)
    : m_options(options), m_connectTimeoutMs(connectTimeoutMs), m_receiver(receiver)
{
    setObjectName(QStringLiteral("ssh %1@%2:%3").arg(options.user, options.host).arg(options.port));
    int fds[2] = {-1, -1};
    if (::pipe2(fds, O_NONBLOCK | O_CLOEXEC) == 0) {
        m_wakeRead = fds[0];
        m_wakeWrite = fds[1];
    }
}

SshWorker::~SshWorker()
{
    // Deleted once its thread has finished (QThread::finished -> deleteLater), or by the pool
    // at exit after a bounded wait.
    if (isRunning()) {
        stop();
        wait();
    }
    closeQueuedFds();
    if (m_wakeRead >= 0)
        ::close(m_wakeRead);
    if (m_wakeWrite >= 0)
        ::close(m_wakeWrite);
}

bool SshWorker::openChannel(int id, const QByteArray &host, quint16 port, int workerFd)
{
    {
        QMutexLocker lock(&m_mutex);
        if (!m_ended) {
            m_commands.append(Command{Command::Kind::Open, id, host, port, workerFd});
            lock.unlock();
            wake();
            return true;
        }
    }
    ::close(workerFd);
    return false;
}

void SshWorker::closeChannel(int id)
{
    {
        QMutexLocker lock(&m_mutex);
        if (m_ended)
            return;
        m_commands.append(Command{Command::Kind::Close, id, {}, 0, -1});
    }
    wake();
}

void SshWorker::stop()
{
    {
        QMutexLocker lock(&m_mutex);
        m_receiver = nullptr;
    }
    m_stop.store(true);
    wake();
}

void SshWorker::wake()
{
    if (m_wakeWrite >= 0) {
        const char byte = 1;
        [[maybe_unused]] const auto written = ::write(m_wakeWrite, &byte, 1); // full: awake anyway
    }
}

QList<SshWorker::Command> SshWorker::takeCommands()
{
    char drain[64];
    while (m_wakeRead >= 0 && ::read(m_wakeRead, drain, sizeof drain) > 0) {
    }
    QMutexLocker lock(&m_mutex);
    return std::exchange(m_commands, {});
}

void SshWorker::post(std::function<void(SshConnection &)> f)
{
    QMutexLocker lock(&m_mutex);
    if (!m_receiver)
        return;
    // Queued to the receiver's thread; its destructor clears m_receiver under this lock first,
    // and Qt drops events posted to an object that is then deleted.
    QMetaObject::invokeMethod(
        m_receiver, [receiver = m_receiver, f = std::move(f)] { f(*receiver); },
        Qt::QueuedConnection);
}

void SshWorker::postFailure(const Error &error, bool retry, std::optional<TrustRequest> trust)
{
    post([error, retry, trust](SshConnection &c) { c.onConnectionFailed(error, retry, trust); });
}

void SshWorker::closeQueuedFds()
{
    QMutexLocker lock(&m_mutex);
    m_ended = true;
    for (const Command &command : std::as_const(m_commands)) {
        if (command.fd >= 0)
            ::close(command.fd);
    }
    m_commands.clear();
}

void SshWorker::run()
{
    ssh_session session = ssh_new();
    if (!session) {
        postFailure(Error{Error::Code::Transport, QStringLiteral("libssh cannot make a session"), -1},
                    true);
    } else {
        const SshLoginOutcome outcome =
            sshConnectAndLogIn(session, m_options, m_connectTimeoutMs, m_stop);
        if (stopping()) {
            // Nobody waits for an answer.
        } else if (!outcome.ok) {
            // Ended first: a channel asked for from now on is refused at once, and every channel
            // asked for until now is failed by this post.
            closeQueuedFds();
            postFailure(outcome.error, outcome.retry, outcome.trust);
        } else {
            pump(session);
        }
        ssh_disconnect(session);
        ssh_free(session);
    }
    closeQueuedFds();
    // libssh's crypto left OpenSSL state in this thread, which OpenSSL would free from the
    // thread's own exit, after QThread::wait() has returned: a program exiting then frees it
    // too (OPENSSL_cleanup at exit), twice. Free it here, while the thread still counts as
    // running.
    OPENSSL_thread_stop();
}

} // namespace Esl
