// The SSH worker's loop once logged in: opens the channels asked for (direct-tcpip, as
// `ssh -L` does), moves bytes between each and its socketpair end, sends keepalives, and notices
// a connection that dropped or went silent. Only this thread touches the libssh session.

#include "sshtunnelworker.h"

#include "sshtunnel.h"

#include <QElapsedTimer>

#include <libssh/libssh.h>
#include <libssh/server.h> // ssh_send_keepalive: a global request that wants a reply, client side too

#include <algorithm>
#include <cerrno>
#include <memory>
#include <utility>
#include <vector>

#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace Esl {

namespace {

constexpr qsizetype kChunk = 32 * 1024;

struct Channel
{
    int id = 0;
    ssh_channel channel = nullptr;
    int fd = -1; // the worker's end of the socketpair
    QByteArray host;
    quint16 port = 0;
    bool open = false;
    bool watched = false; // fd in the poll set
    bool localEof = false;
    // Closed by the GUI thread while the server was still opening it: once the server answers,
    // it is closed, so that no forward stays open on the server for nobody.
    bool abandoned = false;
    QByteArray toLocal;  // from the switch, not yet taken by the local socket
    QByteArray toRemote; // from the local socket, not yet taken by the SSH channel
};

int noteReadable(socket_t, int, void *)
{
    return 0; // the loop looks at every channel after each poll anyway
}

class Pump
{
public:
    Pump(ssh_session session, ssh_event event) : m_session(session), m_event(event) {}

    void watch(Channel &c, bool on)
    {
        if (c.watched == on)
            return;
        if (on)
            ssh_event_add_fd(m_event, c.fd, POLLIN, noteReadable, nullptr);
        else
            ssh_event_remove_fd(m_event, c.fd);
        c.watched = on;
    }

    void finish(Channel &c)
    {
        watch(c, false);
        if (c.channel) {
            if (ssh_channel_is_open(c.channel))
                ssh_channel_close(c.channel);
            ssh_channel_free(c.channel);
            c.channel = nullptr;
        }
        if (c.fd >= 0)
            ::close(c.fd); // the GUI thread's QLocalSocket sees the end of the stream
        c.fd = -1;
    }

    // False when the channel is over (either side closed it) and should be finished.
    bool move(Channel &c)
    {
        char buffer[kChunk];
        // Switch -> local. Reading what libssh holds is what reopens the SSH window: past the
        // bound, the switch is held back by SSH flow control.
        bool drained = false;
        while (c.toLocal.size() < SshWorker::kChannelBuffer) {
            const qsizetype room = std::min(kChunk, SshWorker::kChannelBuffer - c.toLocal.size());
            const int n = ssh_channel_read_nonblocking(c.channel, buffer, uint32_t(room), 0);
            if (n <= 0) {
                drained = true;
                break;
            }
            c.toLocal.append(buffer, n);
        }
        while (!c.toLocal.isEmpty()) {
            const ssize_t n = ::send(c.fd, c.toLocal.constData(), size_t(c.toLocal.size()),
                                     MSG_NOSIGNAL | MSG_DONTWAIT);
            if (n > 0) {
                c.toLocal.remove(0, n);
                continue;
            }
            if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
                break;
            return false; // the local side is gone
        }
        const bool remoteDone = ssh_channel_is_eof(c.channel) || ssh_channel_is_closed(c.channel);
        if (remoteDone && drained && c.toLocal.isEmpty())
            return false; // the switch (or the SSH server) closed it; all it sent is delivered

        // Local -> switch.
        if (!c.localEof && c.toRemote.size() < SshWorker::kChannelBuffer) {
            const qsizetype room = std::min(kChunk, SshWorker::kChannelBuffer - c.toRemote.size());
            const ssize_t n = ::recv(c.fd, buffer, size_t(room), MSG_DONTWAIT);
            if (n > 0)
                c.toRemote.append(buffer, n);
            else if (n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR))
                c.localEof = true;
        }
        while (!c.toRemote.isEmpty() && !remoteDone) {
            // The session's own output buffer is not bounded: write only while it is flushed.
            if (ssh_get_poll_flags(m_session) & SSH_WRITE_PENDING)
                break;
            const uint32_t window = ssh_channel_window_size(c.channel);
            if (window == 0)
                break;
            const qsizetype size = std::min({c.toRemote.size(), qsizetype(window), kChunk});
            const int n = ssh_channel_write(c.channel, c.toRemote.constData(), uint32_t(size));
            if (n <= 0)
                break;
            c.toRemote.remove(0, n);
        }
        if (c.localEof && c.toRemote.isEmpty()) {
            ssh_channel_send_eof(c.channel);
            return false; // the client closed its side
        }
        watch(c, !c.localEof && c.toRemote.size() < SshWorker::kChannelBuffer);
        return true;
    }

private:
    ssh_session m_session;
    ssh_event m_event;
};

} // namespace

void SshWorker::pump(ssh_session_struct *session)
{
    ssh_counter_struct socketCounter{};
    ssh_counter_struct packetCounter{};
    ssh_set_counters(session, &socketCounter, &packetCounter);
    ssh_set_blocking(session, 0);
    ssh_event event = ssh_event_new();
    ssh_event_add_session(event, session);
    if (m_wakeRead >= 0)
        ssh_event_add_fd(event, m_wakeRead, POLLIN, noteReadable, nullptr);
    Pump pump(session, event);
    std::vector<std::unique_ptr<Channel>> channels;
    const QString where = QStringLiteral("%1:%2").arg(m_options.host).arg(m_options.port);

    const qint64 interval = qint64(std::max(0, m_options.keepaliveSeconds)) * 1000;
    QElapsedTimer clock;
    clock.start();
    qint64 lastHeard = 0;
    qint64 lastKeepalive = 0;
    uint64_t packetsSeen = packetCounter.in_packets;
    std::optional<Error> dropped;

    while (!stopping()) {
        for (const Command &command : takeCommands()) {
            if (command.kind == Command::Kind::Open) {
                auto c = std::make_unique<Channel>();
                c->id = command.id;
                c->fd = command.fd;
                c->host = command.host;
                c->port = command.port;
                c->channel = ssh_channel_new(session);
                if (!c->channel) {
                    const Error error{Error::Code::Transport,
                                      QStringLiteral("libssh cannot make a channel: %1")
                                          .arg(QString::fromUtf8(ssh_get_error(session))),
                                      -1};
                    const int id = c->id;
                    pump.finish(*c);
                    post([id, error](SshConnection &r) { r.onChannelFailed(id, error, true); });
                    continue;
                }
                channels.push_back(std::move(c));
            } else {
                const auto it = std::find_if(channels.begin(), channels.end(),
                                             [&](const auto &c) { return c->id == command.id; });
                if (it != channels.end() && (*it)->open) {
                    pump.finish(**it);
                    channels.erase(it);
                } else if (it != channels.end()) {
                    (*it)->abandoned = true;
                    ::close(std::exchange((*it)->fd, -1));
                }
            }
        }

        bool backlog = false;
        for (auto it = channels.begin(); it != channels.end();) {
            Channel &c = **it;
            if (!c.open) {
                const int rc = ssh_channel_open_forward(c.channel, c.host.constData(), c.port,
                                                       "127.0.0.1", 0);
                if (rc == SSH_AGAIN) {
                    ++it;
                    continue;
                }
                if (c.abandoned) {
                    pump.finish(c);
                    it = channels.erase(it);
                    continue;
                }
                if (rc != SSH_OK) {
                    const Error error{
                        Error::Code::Transport,
                        QStringLiteral("the SSH server %1 could not open a channel to %2:%3: %4")
                            .arg(where, QString::fromUtf8(c.host))
                            .arg(c.port)
                            .arg(QString::fromUtf8(ssh_get_error(session))),
                        -1};
                    const int id = c.id;
                    post([id, error](SshConnection &r) { r.onChannelFailed(id, error, true); });
                    pump.finish(c);
                    it = channels.erase(it);
                    continue;
                }
                c.open = true;
                const int id = c.id;
                post([id](SshConnection &r) { r.onChannelOpened(id); });
            }
            if (!pump.move(c)) {
                pump.finish(c);
                it = channels.erase(it);
                continue;
            }
            backlog = backlog || !c.toLocal.isEmpty() || !c.toRemote.isEmpty();
            ++it;
        }

        if (!ssh_is_connected(session) || (ssh_get_status(session) & (SSH_CLOSED | SSH_CLOSED_ERROR))) {
            dropped = Error{Error::Code::Transport,
                            QStringLiteral("the SSH connection to %1 was closed: %2")
                                .arg(where, QString::fromUtf8(ssh_get_error(session))),
                            -1};
            break;
        }
        if (interval > 0) {
            // Liveness is judged by packets received: a keepalive's reply, or anything else.
            const qint64 now = clock.elapsed();
            if (packetCounter.in_packets != packetsSeen) {
                packetsSeen = packetCounter.in_packets;
                lastHeard = now;
            }
            if (now - lastHeard > 3 * interval) {
                dropped = Error{Error::Code::Timeout,
                                QStringLiteral("the SSH server %1 has not answered for %2 s")
                                    .arg(where)
                                    .arg((now - lastHeard) / 1000),
                                -1};
                break;
            }
            if (now - lastKeepalive >= interval) {
                ssh_send_keepalive(session);
                lastKeepalive = now;
            }
        }
        // Bytes the local socket has not taken yet are retried soon; else sleep until the SSH
        // socket, a local socket or the GUI thread has something (keepalives need a tick).
        ssh_event_dopoll(event, backlog ? 10 : 250);
    }

    // The reason goes first: a channel's client then knows why its socket closes (a silent
    // server, a reset) instead of seeing only "closed".
    if (dropped) {
        const Error error = *dropped;
        post([error](SshConnection &r) { r.onConnectionDropped(error); });
    }
    for (const auto &c : channels)
        pump.finish(*c);
    if (m_wakeRead >= 0)
        ssh_event_remove_fd(event, m_wakeRead);
    ssh_event_remove_session(event, session);
    ssh_event_free(event);
    if (dropped)
        closeQueuedFds();
}

} // namespace Esl
