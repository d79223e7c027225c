// The transport factory and plain TCP.

#include "transport.h"

#include "inboundclient.h"

#include <QTcpSocket>

namespace Esl {

namespace {

class TcpTransport final : public Transport
{
public:
    using Transport::Transport;

    void open(const ConnectionOptions &options) override
    {
        m_host = options.host;
        m_port = options.port;
        m_socket = new QTcpSocket(this);
        connect(m_socket, &QTcpSocket::connected, this, &Transport::opened);
        connect(m_socket, &QTcpSocket::errorOccurred, this, [this] { onError(); });
        m_socket->connectToHost(m_host, m_port);
    }

    void abort() override
    {
        if (!m_socket)
            return;
        m_socket->disconnect(this);
        m_socket->abort();
    }

    [[nodiscard]] QIODevice *device() const override { return m_socket; }
    [[nodiscard]] QString describe() const override { return QStringLiteral("TCP"); }

private:
    void onError()
    {
        if (m_socket->state() == QAbstractSocket::ConnectedState)
            return; // once open, the Session reports the loss
        const QString where = QStringLiteral("%1:%2").arg(m_host).arg(m_port);
        QString message;
        switch (m_socket->error()) {
        case QAbstractSocket::ConnectionRefusedError:
            message = QStringLiteral("connection refused by %1 (is mod_event_socket listening?)")
                          .arg(where);
            break;
        case QAbstractSocket::HostNotFoundError:
            message = QStringLiteral("host %1 not found").arg(m_host);
            break;
        default:
            message = QStringLiteral("cannot connect to %1: %2").arg(where, m_socket->errorString());
        }
        Q_EMIT failed(Error{Error::Code::Transport, message, -1}, true);
    }

    QTcpSocket *m_socket = nullptr;
    QString m_host;
    quint16 m_port = 0;
};

} // namespace

std::unique_ptr<Transport> makeTcpTransport(QObject *parent)
{
    return std::make_unique<TcpTransport>(parent);
}

std::unique_ptr<Transport> makeTransport(const ConnectionOptions &options, QObject *parent)
{
    if (options.ssh.enabled)
        return makeSshTransport(parent);
    if (options.tls.enabled)
        return makeTlsTransport(parent);
    return makeTcpTransport(parent);
}

} // namespace Esl
