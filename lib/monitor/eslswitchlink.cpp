#include "eslswitchlink.h"

#include <memory>

namespace Monitor {

EslSwitchLink::EslSwitchLink(const Esl::ConnectionOptions &options,
                             const Esl::Subscription &subscription, QObject *parent)
    : SwitchLink(parent), m_client(options)
{
    m_client.setSubscription(subscription);
    connect(&m_client, &Esl::InboundClient::stateChanged, this,
            [this](Esl::InboundClient::State s) { Q_EMIT stateChanged(linkState(s)); });
    connect(&m_client, &Esl::InboundClient::connected, this, &SwitchLink::connected);
    // Why (a reconnect, a restarted switch) does not change what the monitor does: re-sync.
    connect(&m_client, &Esl::InboundClient::eventsMayHaveBeenMissed, this,
            [this] { Q_EMIT eventsMayHaveBeenMissed(); });
    connect(&m_client, &Esl::InboundClient::eventReceived, this, &SwitchLink::eventReceived);
    connect(&m_client, &Esl::InboundClient::logReceived, this, &SwitchLink::logReceived);
    connect(&m_client, &Esl::InboundClient::errorOccurred, this, &SwitchLink::errorOccurred);
    connect(&m_client, &Esl::InboundClient::coreUuidChanged, this, &SwitchLink::coreUuidChanged);
    connect(&m_client, &Esl::InboundClient::trustRequired, this, &EslSwitchLink::trustRequired);
}

EslSwitchLink::~EslSwitchLink()
{
    // The client fails what is pending as it goes; nobody listens to this link any more.
    m_client.disconnect(this);
}

QString EslSwitchLink::kind() const
{
    return tr("Event Socket");
}

QString EslSwitchLink::describe() const
{
    const Esl::ConnectionOptions &o = m_client.options();
    const QString base = QStringLiteral("%1 %2:%3").arg(kind(), o.host).arg(o.port);
    // How it is reached, as the tooltips say it: the Event Socket's address alone would hide it.
    if (o.ssh.enabled)
        return tr("%1 through SSH %2%3:%4")
            .arg(base, o.ssh.user.isEmpty() ? QString() : o.ssh.user + u'@', o.ssh.host)
            .arg(o.ssh.port);
    if (o.tls.enabled)
        return tr("%1 over TLS").arg(base);
    return base;
}

Capabilities EslSwitchLink::capabilities() const
{
    return Capability::Api | Capability::Bgapi | Capability::Execute | Capability::LogLines |
           Capability::ChannelDump;
}

LinkState EslSwitchLink::linkState(Esl::InboundClient::State state)
{
    using S = Esl::InboundClient::State;
    switch (state) {
    case S::Disconnected:
        return LinkState::Disconnected;
    case S::Connecting:
        return LinkState::Connecting;
    case S::Authenticating:
        return LinkState::Authenticating;
    case S::Live:
        return LinkState::Live;
    case S::Reconnecting:
        return LinkState::Reconnecting;
    case S::Failed:
        return LinkState::Failed;
    }
    return LinkState::Disconnected;
}

LinkState EslSwitchLink::state() const
{
    return linkState(m_client.state());
}

void EslSwitchLink::start()
{
    m_client.connectToServer();
}

void EslSwitchLink::stop()
{
    m_client.disconnectFromServer();
}

void EslSwitchLink::reconnectNow()
{
    switch (m_client.state()) {
    case Esl::InboundClient::State::Reconnecting:
        m_client.reconnectNow();
        break;
    case Esl::InboundClient::State::Failed:
        m_client.connectToServer();
        break;
    default:
        break; // connected, on the way, or stopped on purpose
    }
}

Esl::InboundClient *EslSwitchLink::clientOf(SwitchLink *link)
{
    auto *esl = qobject_cast<EslSwitchLink *>(link);
    return esl ? esl->client() : nullptr;
}

QFuture<Esl::Reply> EslSwitchLink::sendApi(const QString &command, int timeoutMs)
{
    return m_client.api(command, timeoutMs);
}

QFuture<Esl::JobResult> EslSwitchLink::sendBgapi(const QString &command, int timeoutMs,
                                                 const Accepted &accepted)
{
    return watchAcknowledgement(m_client.bgapi(command, timeoutMs), accepted);
}

QFuture<Esl::ExecuteResult> EslSwitchLink::sendExecute(const QString &application,
                                                       const QString &argument,
                                                       const Esl::ExecuteOptions &options,
                                                       const Accepted &accepted)
{
    return watchAcknowledgement(m_client.execute(application, argument, options), accepted);
}

template<typename T>
QFuture<T> EslSwitchLink::watchAcknowledgement(QFuture<T> result, const Accepted &accepted)
{
    // Refused before it was written (not live, overloaded, a bad argument): nothing to wait for.
    if (!accepted || result.isFinished())
        return result;
    struct Acknowledgement
    {
        qsizetype repliesAhead = 0; // ours included
        QMetaObject::Connection connection;
    };
    Esl::Session *session = m_client.session();
    const auto ack = std::make_shared<Acknowledgement>();
    ack->repliesAhead = session->pendingReplies();
    ack->connection = connect(session, &Esl::Session::messageReceived, this,
                              [ack, accepted](const Esl::Message &message) {
                                  const QByteArrayView type = message.contentType();
                                  if (type != Esl::ContentType::CommandReply &&
                                      type != Esl::ContentType::ApiResponse)
                                      return;
                                  if (--ack->repliesAhead > 0)
                                      return;
                                  QObject::disconnect(ack->connection);
                                  accepted();
                              });
    // A result before the acknowledgement (the link dropped, a timeout) ends the count: the
    // replies of a later connection must not be taken for ours. A QFuture keeps one
    // continuation only, so the caller gets the continuation's future, not `result` itself.
    // No context: the client may finish it while this link is being destroyed.
    return result.then([ack](const T &value) {
        QObject::disconnect(ack->connection);
        return value;
    });
}

} // namespace Monitor
