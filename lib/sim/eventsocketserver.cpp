#include "eventsocketserver.h"

#include "frames.h"

#include <QLoggingCategory>
#include <QTcpSocket>

Q_LOGGING_CATEGORY(lcSimServer, "sim.server")

namespace Sim {

namespace {

std::optional<std::pair<QHostAddress, int>> parseNetwork(const QString &text)
{
    if (text.contains(u'/')) {
        const auto subnet = QHostAddress::parseSubnet(text);
        if (subnet.first.isNull())
            return std::nullopt;
        return subnet;
    }
    const QHostAddress address(text);
    if (address.isNull())
        return std::nullopt;
    return std::pair{address, address.protocol() == QAbstractSocket::IPv6Protocol ? 128 : 32};
}

// An IPv4 client of a dual-stack server shows up as ::ffff:a.b.c.d.
QHostAddress plainAddress(const QHostAddress &address)
{
    bool isV4 = false;
    const quint32 v4 = address.toIPv4Address(&isV4);
    return isV4 ? QHostAddress(v4) : address;
}

} // namespace

EventSocketServer::EventSocketServer(Switch *sw, ServerOptions options, QObject *parent)
    : QTcpServer(parent), m_switch(sw), m_options(std::move(options))
{
    if (!setAcl(m_options.acl))
        qCWarning(lcSimServer) << "ignoring an ACL that does not parse:" << m_options.acl;
    connect(m_switch, &Switch::outboundSocketRequested, this,
            [this](const QString &uuid, const QString &host, quint16 port) {
                if (m_options.dialOutbound)
                    dial(uuid, host, port);
            });
    // A restarted switch has lost every connection; its port answers again at once.
    connect(m_switch, &Switch::restarted, this, &EventSocketServer::dropAll);
}

EventSocketServer::~EventSocketServer()
{
    for (const QPointer<Listener> &listener : std::as_const(m_listeners)) {
        if (listener)
            listener->disconnect(this);
    }
}

bool EventSocketServer::setAcl(const QStringList &networks)
{
    QList<std::pair<QHostAddress, int>> acl;
    for (const QString &network : networks) {
        const auto parsed = parseNetwork(network.trimmed());
        if (!parsed)
            return false;
        acl.append(*parsed);
    }
    m_options.acl = networks;
    m_acl = acl;
    return true;
}

QList<Listener *> EventSocketServer::listeners() const
{
    QList<Listener *> result;
    for (const QPointer<Listener> &listener : m_listeners) {
        if (listener)
            result.append(listener);
    }
    return result;
}

Listener *EventSocketServer::outboundListener(const QString &uuid) const
{
    for (const QPointer<Listener> &listener : m_listeners) {
        if (listener && listener->mode() == Listener::Mode::Outbound &&
            listener->sessionUuid() == uuid)
            return listener;
    }
    return nullptr;
}

bool EventSocketServer::isAllowed(const QHostAddress &address) const
{
    if (m_acl.isEmpty())
        return true;
    const QHostAddress peer = plainAddress(address);
    return std::any_of(m_acl.begin(), m_acl.end(),
                       [&](const auto &network) { return peer.isInSubnet(network); });
}

void EventSocketServer::incomingConnection(qintptr socketDescriptor)
{
    auto *socket = new QTcpSocket;
    if (!socket->setSocketDescriptor(socketDescriptor)) {
        qCWarning(lcSimServer) << "cannot take a connection:" << socket->errorString();
        delete socket;
        return;
    }
    auto *listener =
        new Listener(m_switch, socket, Listener::Mode::Inbound, m_options.listener, {}, this);
    adopt(listener);
    if (!isAllowed(socket->peerAddress())) {
        ++m_stats.rejected;
        qCInfo(lcSimServer) << "IP" << socket->peerAddress().toString() << "rejected by the ACL";
        listener->rejectRudely();
        return;
    }
    ++m_stats.accepted;
    listener->start();
}

void EventSocketServer::adopt(Listener *listener)
{
    m_listeners.append(listener);
    connect(listener, &Listener::sessionConnected, this, &EventSocketServer::outboundConnected);
    connect(listener, &Listener::commandReceived, this, &EventSocketServer::commandReceived);
    connect(listener, &Listener::finished, this, [this](Listener *finished) {
        m_listeners.removeAll(finished);
        Q_EMIT listenerFinished(finished);
        if (finished->mode() == Listener::Mode::Outbound)
            Q_EMIT outboundClosed(finished->sessionUuid());
        finished->deleteLater();
    });
    Q_EMIT listenerStarted(listener);
}

void EventSocketServer::dial(const QString &uuid, const QString &host, quint16 port)
{
    auto *socket = new QTcpSocket(this);
    connect(socket, &QTcpSocket::connected, this, [this, socket, uuid] {
        socket->disconnect(this);
        ++m_stats.outboundConnected;
        auto *listener = new Listener(m_switch, socket, Listener::Mode::Outbound,
                                      m_options.listener, uuid, this);
        adopt(listener);
        listener->start();
    });
    connect(socket, &QTcpSocket::errorOccurred, this, [this, socket, uuid] {
        socket->disconnect(this);
        ++m_stats.outboundFailed;
        qCInfo(lcSimServer) << "outbound socket for" << uuid << "failed:" << socket->errorString();
        Q_EMIT outboundFailed(uuid, socket->errorString());
        socket->deleteLater();
    });
    socket->connectToHost(host, port);
}

void EventSocketServer::dropAll()
{
    for (Listener *listener : listeners())
        listener->drop();
}

void EventSocketServer::stallAll(int ms)
{
    for (Listener *listener : listeners())
        listener->stall(ms);
}

void EventSocketServer::shutdown()
{
    close();
    for (Listener *listener : listeners())
        listener->kill(Frames::ShuttingDown);
}

} // namespace Sim
