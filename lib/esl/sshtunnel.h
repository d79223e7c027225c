#pragma once
// SSH connections shared by the Event Socket links that go through them. One SshConnection per
// set of SshOptions (user@host:port, identity, known_hosts...): every InboundClient with the same
// options has a channel of the same SSH connection, as several profiles to one switch host would.
// The pool lives in the GUI thread; each connection's libssh session lives on a worker thread of
// its own (sshtunnelworker.h), so nothing here blocks.
//
// A connection whose last channel goes stays a short while (kGraceMs) so that a reconnect reuses
// it; one that fails or drops is forgotten at once, and the next attempt makes a new one.

#include "transport.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QTimer>

#include <optional>

namespace Esl {

class SshTunnelPool;
class SshWorker;

// The user the SSH server is asked to log in: options.user, else the local user's name.
[[nodiscard]] QString sshLoginUser(const SshOptions &options);
// The known_hosts file the options check against: theirs, else ~/.ssh/known_hosts.
[[nodiscard]] QString sshKnownHostsPath(const SshOptions &options);

class SshConnection final : public QObject
{
    Q_OBJECT

public:
    static constexpr int kGraceMs = 2000;

    SshConnection(const SshOptions &options, int connectTimeoutMs, SshTunnelPool *pool);
    ~SshConnection() override;

    [[nodiscard]] const SshOptions &options() const { return m_options; }
    // False once the connection failed or dropped: the pool hands it out no more.
    [[nodiscard]] bool isUsable() const { return !m_dead; }

    // Asks for a channel to host:port as the SSH server sees it. Returns its id; exactly one of
    // channelOpened or channelFailed follows for it (unless closeChannel comes first).
    int openChannel(const QString &host, quint16 port);
    // The channel is no longer wanted (closed, aborted or failed); safe to call twice.
    void closeChannel(int id);

Q_SIGNALS:
    // localFd: this side's end of the channel's socketpair, now owned by the receiver.
    void channelOpened(int id, int localFd);
    void channelFailed(int id, const Esl::Error &error, bool retry);
    void trustRequired(int id, const Esl::TrustRequest &request);
    // The SSH connection went away under its open channels (they close next), and why.
    void connectionDropped(const Esl::Error &error);

private:
    friend class SshWorker;
    // Posted by the worker.
    void onChannelOpened(int id);
    void onChannelFailed(int id, const Error &error, bool retry);
    void onConnectionFailed(const Error &error, bool retry, const std::optional<TrustRequest> &trust);
    void onConnectionDropped(const Error &error);

    void die();
    void forget(int id);

    SshOptions m_options;
    QPointer<SshTunnelPool> m_pool;
    QPointer<SshWorker> m_worker; // deletes itself when its thread ends
    QSet<int> m_channels;           // wanted: pending or open
    QHash<int, int> m_pendingFds;   // not yet opened: id -> this side's socketpair end
    QTimer m_grace;
    int m_nextId = 1;
    bool m_dead = false;
};

class SshTunnelPool final : public QObject
{
    Q_OBJECT

public:
    // The process's pool, made on first use (from the GUI thread) and owned by the application.
    static SshTunnelPool &instance();
    ~SshTunnelPool() override;

    // A usable connection with these options, or a new one (connecting in the background).
    [[nodiscard]] SshConnection *connectionFor(const SshOptions &options, int connectTimeoutMs);
    // Connections alive now, and ever made: for tests and status lines.
    [[nodiscard]] int connectionCount() const { return int(m_connections.size()); }
    [[nodiscard]] int connectionsMade() const { return m_made; }

private:
    friend class SshConnection;
    using QObject::QObject;
    void remove(SshConnection *connection) { m_connections.removeAll(connection); }
    // Workers still running (connecting, or closing): waited for, briefly, when the pool goes.
    void adoptWorker(SshWorker *worker);

    QList<SshConnection *> m_connections;
    QList<QPointer<SshWorker>> m_workers;
    int m_made = 0;
};

} // namespace Esl
