#pragma once
// The thread that owns one SSH connection (a libssh session). libssh sessions are not
// thread-safe, so only this thread ever touches it: it connects, checks the host key, logs in,
// then pumps bytes between each forwarded channel (direct-tcpip to the Event Socket) and its end
// of a socketpair whose other end the GUI thread reads as a QLocalSocket. There is no listening
// port: nothing else on the machine can use the tunnel.
//
// The GUI thread talks to it through a small locked queue and a wake-up pipe; the worker answers
// by posting calls to its SshConnection (sshtunnel.h) on the GUI thread's event loop.

#include "transport.h"

#include <QByteArray>
#include <QList>
#include <QMutex>
#include <QThread>

#include <atomic>
#include <functional>
#include <optional>

struct ssh_session_struct;

namespace Esl {

class SshConnection;

class SshWorker final : public QThread
{
    Q_OBJECT

public:
    // Bounds what each direction of a channel buffers here; past it the peer is held back (the
    // SSH window, or the local socket), never dropped.
    static constexpr qsizetype kChannelBuffer = 4 * 1024 * 1024;

    SshWorker(const SshOptions &options, int connectTimeoutMs, SshConnection *receiver);
    ~SshWorker() override;

    // From the GUI thread. openChannel takes ownership of workerFd (closed here whatever
    // happens); false when the worker has already ended (the fd is then closed at once).
    bool openChannel(int id, const QByteArray &host, quint16 port, int workerFd);
    void closeChannel(int id);
    // Ends the connection; never waits. Also stops posting to the receiver.
    void stop();

protected:
    void run() override;

private:
    struct Command
    {
        enum class Kind { Open, Close } kind = Kind::Open;
        int id = 0;
        QByteArray host;
        quint16 port = 0;
        int fd = -1;
    };
    // sshtunnelpump.cpp: moves bytes until stopped or the connection drops.
    void pump(ssh_session_struct *session);

    void wake();
    [[nodiscard]] QList<Command> takeCommands();
    [[nodiscard]] bool stopping() const { return m_stop.load(); }
    // Runs f on the GUI thread with the receiver, unless stop() came first.
    void post(std::function<void(SshConnection &)> f);
    void postFailure(const Error &error, bool retry, std::optional<TrustRequest> trust = {});
    void closeQueuedFds();

    const SshOptions m_options;
    const int m_connectTimeoutMs;
    QMutex m_mutex; // guards m_commands, m_receiver, m_ended
    QList<Command> m_commands;
    SshConnection *m_receiver = nullptr;
    bool m_ended = false;
    std::atomic_bool m_stop{false};
    int m_wakeRead = -1;
    int m_wakeWrite = -1;
};

// The known_hosts line (no newline) and how it is shown, for a host key; shared by the worker and
// acceptSshHostKey's checks. "SHA256:" + unpadded base64, as `ssh-keygen -lf` prints it.
[[nodiscard]] QString sshFingerprintText(const QByteArray &sha256);

} // namespace Esl
