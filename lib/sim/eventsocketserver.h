#pragma once
// The simulated switch's mod_event_socket: a TCP server (inbound connections, 8021 on a real
// switch; port 0 in tests) and the dialler of outbound sockets. Every connection is a Listener
// over the one shared Switch.
//
// Options mirror event_socket.conf.xml: the password, an ACL (clients outside every listed
// network get text/rude-rejection) and the directory users `userauth` accepts. Outbound: when a
// channel runs `socket host:port async full` (Switch::outboundSocketRequested), the server
// connects there and runs an outbound Listener for that channel.
//
// Faults for reliability tests: dropAll() (and Listener::drop()), stallAll(), shutdown(); a
// Switch::restart() drops every connection while the server keeps listening, as a restarted
// switch would be found again on the same port.

#include "listener.h"
#include "simswitch.h"

#include <QHostAddress>
#include <QList>
#include <QPointer>
#include <QTcpServer>

namespace Sim {

struct ServerOptions
{
    ListenerOptions listener; // password, userauth accounts, queue limits
    QStringList acl;          // networks allowed in ("127.0.0.0/8", "::1"); empty: everyone
    bool dialOutbound = true; // answer Switch::outboundSocketRequested
};

struct ServerStats
{
    qint64 accepted = 0; // inbound connections that got auth/request
    qint64 rejected = 0; // refused by the ACL
    qint64 outboundConnected = 0;
    qint64 outboundFailed = 0;
};

class EventSocketServer : public QTcpServer
{
    Q_OBJECT

public:
    explicit EventSocketServer(Switch *sw, ServerOptions options = {}, QObject *parent = nullptr);
    ~EventSocketServer() override;

    [[nodiscard]] Switch *simSwitch() const { return m_switch; }
    [[nodiscard]] const ServerOptions &options() const { return m_options; }
    // Apply to connections made from now on.
    void setPassword(const QString &password) { m_options.listener.password = password; }
    void addUser(const UserAccount &account) { m_options.listener.users.append(account); }
    void setListenerOptions(const ListenerOptions &options) { m_options.listener = options; }
    // False (and the ACL unchanged) when an entry is not a network or an address.
    bool setAcl(const QStringList &networks);

    // Open connections, inbound and outbound.
    [[nodiscard]] int connectionCount() const { return int(m_listeners.size()); }
    [[nodiscard]] QList<Listener *> listeners() const;
    [[nodiscard]] Listener *outboundListener(const QString &uuid) const;
    [[nodiscard]] const ServerStats &stats() const { return m_stats; }

    // Faults.
    void dropAll();
    void stallAll(int ms);
    // What a switch shutting down says to everyone ("The system is being shut down."); the
    // server stops listening.
    void shutdown();

Q_SIGNALS:
    void listenerStarted(Sim::Listener *listener);
    // The connection is closed; the listener is deleted right after.
    void listenerFinished(Sim::Listener *listener);
    // Any listener received a command (the line, headers and body as sent).
    void commandReceived(const Esl::wire::Command &command);
    // An outbound client sent `connect` for the channel.
    void outboundConnected(const QString &uuid);
    // The outbound connection could not be made: the `socket` application fails.
    void outboundFailed(const QString &uuid, const QString &error);
    // An outbound connection that was made is closed again.
    void outboundClosed(const QString &uuid);

protected:
    void incomingConnection(qintptr socketDescriptor) override;

private:
    void adopt(Listener *listener);
    void dial(const QString &uuid, const QString &host, quint16 port);
    [[nodiscard]] bool isAllowed(const QHostAddress &address) const;

    Switch *m_switch;
    ServerOptions m_options;
    QList<std::pair<QHostAddress, int>> m_acl;
    QList<QPointer<Listener>> m_listeners;
    ServerStats m_stats;
};

} // namespace Sim
