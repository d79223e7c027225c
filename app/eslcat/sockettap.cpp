#include "sockettap.h"

#include <algorithm>

namespace Eslcat {

SocketTap::SocketTap(Esl::InboundClient *client, QObject *parent)
    : QObject(parent), m_client(client)
{
    connect(client, &Esl::InboundClient::stateChanged, this,
            [this](Esl::InboundClient::State state) {
                if (state == Esl::InboundClient::State::Authenticating)
                    attach();
            });
}

void SocketTap::attach()
{
    QTcpSocket *socket = nullptr;
    // The previous connection's socket may still be around (deleteLater); the new one is the
    // one that is connected.
    const QList<QTcpSocket *> sockets = m_client->findChildren<QTcpSocket *>();
    for (QTcpSocket *candidate : sockets) {
        if (candidate->state() == QAbstractSocket::ConnectedState)
            socket = candidate;
    }
    if (!socket) {
        Q_EMIT tapFailed();
        return;
    }
    if (m_socket)
        m_socket->disconnect(this);
    m_socket = socket;
    m_passedOn = 0;
    Q_EMIT streamStarted();
    connect(socket, &QIODevice::readyRead, this, &SocketTap::onReadyRead);
    if (socket->bytesAvailable() > 0)
        onReadyRead();
}

void SocketTap::onReadyRead()
{
    if (!m_socket)
        return;
    // Before the Session is attached it has read nothing of this socket; after, its count is
    // for this socket (it restarts with every device).
    Esl::Session *session = m_client->session();
    const qint64 consumed = session->device() == m_socket.data() ? session->bytesReceived() : 0;
    const QByteArray buffered = m_socket->peek(m_socket->bytesAvailable());
    const qint64 alreadyPassedOn = std::clamp<qint64>(m_passedOn - consumed, 0, buffered.size());
    if (alreadyPassedOn == buffered.size())
        return;
    m_passedOn += buffered.size() - alreadyPassedOn;
    Q_EMIT bytesReceived(buffered.sliced(alreadyPassedOn));
}

} // namespace Eslcat
