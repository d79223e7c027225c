// The Event Socket through SSH: a channel of a shared SSH connection (sshtunnel.h), read and
// written as a QLocalSocket over one end of a socketpair. The built-in `ssh -L`, without the
// listening port another local user could borrow.

#include "transport.h"

#include "inboundclient.h"
#include "sshtunnel.h"
#include "sshtunnelsteps.h"

#include <QLocalSocket>
#include <QPointer>

#include <unistd.h>

namespace Esl {

namespace {

// As the Session bounds a TCP socket's buffer: past it the worker stops reading the channel and
// SSH's flow control holds the switch back.
constexpr qint64 kReadBuffer = 4 * 1024 * 1024;

class SshTransport final : public Transport
{
public:
    using Transport::Transport;
    ~SshTransport() override { release(); }

    void open(const ConnectionOptions &options) override
    {
        release();
        m_description = QStringLiteral("SSH via %1@%2:%3")
                            .arg(sshLoginUser(options.ssh), options.ssh.host)
                            .arg(options.ssh.port);
        m_connection =
            SshTunnelPool::instance().connectionFor(options.ssh, options.connectTimeoutMs);
        connect(m_connection, &SshConnection::channelOpened, this, &SshTransport::onOpened);
        connect(m_connection, &SshConnection::channelFailed, this, &SshTransport::onFailed);
        connect(m_connection, &SshConnection::connectionDropped, this, [this](const Error &error) {
            if (m_socket)
                Q_EMIT dropped(error);
        });
        connect(m_connection, &SshConnection::trustRequired, this,
                [this](int id, const TrustRequest &request) {
                    if (id == m_channel)
                        Q_EMIT trustRequired(request);
                });
        m_channel = m_connection->openChannel(options.host, options.port);
    }

    void abort() override
    {
        if (m_socket) {
            m_socket->disconnect(this);
            m_socket->abort();
        }
        release();
    }

    [[nodiscard]] QIODevice *device() const override { return m_socket; }
    [[nodiscard]] QString describe() const override { return m_description; }

private:
    void onOpened(int id, int fd)
    {
        if (id != m_channel) {
            return;
        }
        m_socket = new QLocalSocket(this);
        if (!m_socket->setSocketDescriptor(fd, QLocalSocket::ConnectedState,
                                           QIODevice::ReadWrite)) {
            ::close(fd);
            Q_EMIT failed(Error{Error::Code::Transport,
                                QStringLiteral("cannot use the SSH channel's socket: %1")
                                    .arg(m_socket->errorString()),
                                -1},
                          true);
            return;
        }
        m_socket->setReadBufferSize(kReadBuffer);
        Q_EMIT opened();
    }

    void onFailed(int id, const Error &error, bool retry)
    {
        if (id != m_channel)
            return;
        release();
        Q_EMIT failed(error, retry);
    }

    // Gives the channel back; the connection closes itself a little after its last one goes.
    void release()
    {
        if (m_connection) {
            m_connection->disconnect(this);
            m_connection->closeChannel(m_channel);
        }
        m_connection = nullptr;
        m_channel = 0;
    }

    QPointer<SshConnection> m_connection;
    QLocalSocket *m_socket = nullptr;
    int m_channel = 0;
    QString m_description = QStringLiteral("SSH");
};

} // namespace

std::unique_ptr<Transport> makeSshTransport(QObject *parent)
{
    return std::make_unique<SshTransport>(parent);
}

std::optional<Error> acceptSshHostKey(const SshOptions &options, const TrustRequest &request)
{
    if (request.kind != TrustRequest::Kind::SshHostKey || request.why != TrustRequest::Why::Unknown
        || request.acceptData.trimmed().isEmpty() || request.acceptData.trimmed().contains('\n')) {
        return Error{Error::Code::InvalidArgument,
                     QStringLiteral("only an unknown SSH host key can be accepted; a changed one "
                                    "is removed from known_hosts by hand"),
                     -1};
    }
    if (const auto why = appendKnownHostsLine(sshKnownHostsPath(options), request.acceptData))
        return Error{Error::Code::Transport, *why, -1};
    return std::nullopt;
}

} // namespace Esl
