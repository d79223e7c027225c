#include "inboundclient.h"

#include <QDateTime>
#include <QLoggingCategory>

#include <algorithm>
#include <cmath>

Q_LOGGING_CATEGORY(lcInbound, "esl.inbound")

namespace Esl {

InboundClient::InboundClient(QObject *parent) : InboundClient(ConnectionOptions{}, parent) {}

InboundClient::InboundClient(ConnectionOptions options, QObject *parent)
    : QObject(parent), m_options(std::move(options))
{
    m_attemptTimer.setSingleShot(true);
    m_stableTimer.setSingleShot(true);
    connect(&m_stableTimer, &QTimer::timeout, this, [this] {
        if (m_state == State::Live)
            m_attempt = 0;
    });
    m_reconnectTimer.setSingleShot(true);
    m_livenessTimer.setSingleShot(true);
    connect(&m_attemptTimer, &QTimer::timeout, this, [this] {
        // Through SSH, host:port is the Event Socket as the SSH server sees it: name the server.
        const QString where = m_options.ssh.enabled
            ? QStringLiteral("%1:%2 through SSH %3:%4")
                  .arg(m_options.host)
                  .arg(m_options.port)
                  .arg(m_options.ssh.host)
                  .arg(m_options.ssh.port)
            : QStringLiteral("%1:%2").arg(m_options.host).arg(m_options.port);
        QString message = QStringLiteral("no answer from %1 within %2 s")
                              .arg(where)
                              .arg(m_options.connectTimeoutMs / 1000.0);
        // Connected, and then nothing: an Event Socket says auth/request at once, a TLS proxy
        // (stunnel, haproxy) waits for a TLS hello that a plain client never sends.
        if (m_state == State::Authenticating && !m_options.tls.enabled && !m_options.ssh.enabled
            && m_session.bytesReceived() == 0) {
            message += QStringLiteral(": it accepted the connection but never asked for the "
                                      "password; if TLS (stunnel, haproxy) listens there, "
                                      "connect with TLS");
        }
        fail(Error{Error::Code::Timeout, message, -1}, true);
    });
    connect(&m_reconnectTimer, &QTimer::timeout, this, &InboundClient::startAttempt);
    connect(&m_livenessTimer, &QTimer::timeout, this, &InboundClient::probe);

    connect(&m_session, &Session::authRequested, this, &InboundClient::onAuthRequested);
    connect(&m_session, &Session::rudeRejectionReceived, this, [this](const QString &text) {
        fail(Error{Error::Code::Auth,
                   QStringLiteral("the switch refused this client (ACL): %1").arg(text), -1},
             false);
    });
    connect(&m_session, &Session::disconnected, this, &InboundClient::onSessionDisconnected);
    // Liveness is judged by whole messages, not bytes: a peer that trickles one byte a second
    // into a frame it never finishes is not alive, however busy its socket looks.
    // Restarting a timer per message costs too much at thousands of events a second: the
    // message only notes the time, and the liveness timer looks at it when it fires.
    m_clock.start();
    connect(&m_session, &Session::messageReceived, this, [this] {
        ++m_messagesSeen;
        m_lastMessageMs = m_clock.elapsed();
    });
    connect(&m_session, &Session::eventReceived, this, &InboundClient::onEvent);
    connect(&m_session, &Session::logReceived, this, &InboundClient::logReceived);
    connect(&m_session, &Session::errorOccurred, this, [this](const Error &error) {
        // A protocol error drops the link, and disconnected() reports the same error: say it once.
        if (error.code != Error::Code::Protocol)
            Q_EMIT errorOccurred(error);
    });
}

InboundClient::~InboundClient()
{
    m_userClosed = true;
    m_session.disconnect(this);
    m_session.close(Error{Error::Code::Disconnected, QStringLiteral("the client was destroyed"), -1});
}

QString InboundClient::stateName(State state)
{
    switch (state) {
    case State::Disconnected:
        return QStringLiteral("disconnected");
    case State::Connecting:
        return QStringLiteral("connecting");
    case State::Authenticating:
        return QStringLiteral("authenticating");
    case State::Live:
        return QStringLiteral("live");
    case State::Reconnecting:
        return QStringLiteral("reconnecting");
    case State::Failed:
        return QStringLiteral("failed");
    }
    return {};
}

void InboundClient::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    qCDebug(lcInbound) << m_options.host << m_options.port << stateName(state);
    Q_EMIT stateChanged(state);
}

void InboundClient::setSubscription(const Subscription &subscription)
{
    m_subscription = subscription;
    if (m_state != State::Live)
        return;
    // Start from a clean slate on the switch, then apply the new one.
    m_session.send("noevents");
    m_session.send("filter delete all");
    m_session.send("nolog");
    for (const QByteArray &command : m_subscription.commands())
        m_session.send(command);
}

void InboundClient::connectToServer()
{
    m_userClosed = false;
    m_attempt = 0;
    m_reconnectTimer.stop();
    startAttempt();
}

void InboundClient::disconnectFromServer()
{
    m_userClosed = true;
    m_stableTimer.stop();
    m_attemptTimer.stop();
    m_reconnectTimer.stop();
    m_livenessTimer.stop();
    m_session.close(Error{Error::Code::Disconnected, QStringLiteral("disconnected by the user"), -1});
    if (m_transport)
        m_transport->abort();
    setState(State::Disconnected);
}

void InboundClient::reconnectNow()
{
    if (m_state != State::Reconnecting)
        return;
    startAttempt();
}

void InboundClient::startAttempt()
{
    m_livenessTimer.stop();
    m_reconnectTimer.stop();
    // connectToServer() while connecting or live replaces the connection: fail what it had in
    // flight now, and keep its disconnected() from scheduling a reconnect of its own (which
    // would later abort the attempt started here).
    m_session.blockSignals(true);
    m_session.close(Error{Error::Code::Disconnected,
                          QStringLiteral("the client started a new connection"), -1});
    m_session.blockSignals(false);
    if (m_transport) {
        m_transport->disconnect(this);
        m_transport->abort();
        m_transport.release()->deleteLater();
    }
    m_transport = makeTransport(m_options);
    connect(m_transport.get(), &Transport::opened, this, &InboundClient::onTransportOpened);
    connect(m_transport.get(), &Transport::failed, this, &InboundClient::onTransportFailed);
    connect(m_transport.get(), &Transport::trustRequired, this, &InboundClient::trustRequired);
    connect(m_transport.get(), &Transport::dropped, this,
            [this](const Error &reason) { m_dropReason = reason; });
    m_dropReason.reset();
    setState(State::Connecting);
    m_attemptTimer.start(m_options.connectTimeoutMs);
    m_transport->open(m_options);
}

void InboundClient::onTransportOpened()
{
    setState(State::Authenticating);
    m_session.setCommandTimeout(m_options.commandTimeoutMs);
    m_session.setWatchOnly(m_options.watchOnly);
    m_session.setDevice(m_transport->device());
}

void InboundClient::onTransportFailed(const Error &error, bool retry)
{
    if (m_state != State::Connecting)
        return; // once connected, the Session reports the loss
    fail(error, retry);
}

QString InboundClient::transportDescription() const
{
    return m_transport ? m_transport->describe() : QString();
}

void InboundClient::onAuthRequested()
{
    if (m_state != State::Authenticating)
        return; // the Session lets only the connection's first request through anyway
    const QByteArray command = m_options.user.isEmpty()
        ? "auth " + m_options.password.toUtf8()
        : "userauth " + m_options.user.toUtf8() + ':' + m_options.password.toUtf8();
    m_session.send(command).then(this, [this](const Reply &reply) { onAuthReply(reply); });
}

void InboundClient::onAuthReply(const Reply &reply)
{
    if (m_state != State::Authenticating)
        return;
    if (reply.ok()) {
        goLive();
        return;
    }
    if (const auto &error = reply.error()) {
        if (error->code == Error::Code::InvalidArgument)
            fail(Error{Error::Code::Auth, QStringLiteral("invalid password: %1").arg(error->message), -1}, false);
        return; // a lost link is handled by onSessionDisconnected
    }
    const QString text = reply.errorText();
    fail(Error{Error::Code::Auth,
               text.contains(QStringLiteral("invalid"))
                   ? QStringLiteral("authentication failed: wrong password (%1)").arg(text)
                   : QStringLiteral("authentication failed: %1").arg(text),
               -1},
         false);
}

void InboundClient::goLive()
{
    m_attemptTimer.stop();
    for (const QByteArray &command : m_subscription.commands()) {
        m_session.send(command).then(this, [this, command](const Reply &reply) {
            if (!reply.ok() && !reply.error()) {
                Q_EMIT errorOccurred(Error{Error::Code::Transport,
                                           QStringLiteral("the switch refused \"%1\": %2")
                                               .arg(QString::fromUtf8(command), reply.errorText()),
                                           -1});
            } else if (reply.error() && reply.error()->code == Error::Code::InvalidArgument) {
                // Never written (CR/LF in a filter value...): say so rather than drop it.
                Q_EMIT errorOccurred(Error{Error::Code::InvalidArgument,
                                           QStringLiteral("the subscription cannot be sent: %1")
                                               .arg(reply.error()->message),
                                           -1});
            }
        });
    }
    m_session.api(QStringLiteral("global_getvar core_uuid")).then(this, [this](const Reply &reply) {
        if (reply.ok())
            noteCoreUuid(reply.text().trimmed());
    });
    const bool reconnected = m_wasLive;
    m_wasLive = true;
    // The backoff starts again only once this session has proved itself (m_stableTimer): a
    // switch that accepts the login and then breaks the link at once must not get a new
    // connection, and the password, every half second for ever.
    if (m_options.stableAfterMs > 0)
        m_stableTimer.start(m_options.stableAfterMs);
    else
        m_attempt = 0;
    m_lastError = Error{};
    setState(State::Live);
    restartLiveness();
    Q_EMIT connected();
    if (reconnected)
        Q_EMIT eventsMayHaveBeenMissed(MissedReason::Reconnected);
}

void InboundClient::fail(const Error &error, bool retry)
{
    m_stableTimer.stop();
    m_attemptTimer.stop();
    m_livenessTimer.stop();
    m_lastError = error;
    qCInfo(lcInbound) << m_options.host << m_options.port << error.message;
    Q_EMIT errorOccurred(error);
    const bool reconnect = retry && m_options.autoReconnect && !m_userClosed;
    // Closing the session fails whatever was in flight; its disconnected() must not decide again.
    m_session.blockSignals(true);
    m_session.close(error);
    m_session.blockSignals(false);
    if (m_transport)
        m_transport->abort();
    if (reconnect)
        scheduleReconnect();
    else
        setState(State::Failed);
}

void InboundClient::onSessionDisconnected(const Error &closed)
{
    // "The switch closed the connection" is all the Session can see; a tunnel knows better.
    const Error reason = m_dropReason.value_or(closed);
    m_dropReason.reset();
    m_stableTimer.stop();
    m_livenessTimer.stop();
    // The attempt is over (the switch hung up during authentication): its connect deadline
    // must not fire later, while the next attempt is waiting.
    m_attemptTimer.stop();
    if (m_userClosed) {
        setState(State::Disconnected);
        return;
    }
    if (m_state == State::Failed)
        return;
    m_lastError = reason;
    Q_EMIT errorOccurred(reason);
    if (m_options.autoReconnect)
        scheduleReconnect();
    else
        setState(State::Disconnected);
}

void InboundClient::scheduleReconnect()
{
    // Capped exponential backoff, with +-25% jitter so a fleet of consoles does not stampede a
    // switch that just restarted.
    const double base = std::min<double>(m_options.reconnectMaxMs,
                                         m_options.reconnectMinMs * std::pow(2.0, m_attempt));
    const double jittered = base * (0.75 + 0.5 * m_random.generateDouble());
    const int delay = int(std::clamp<double>(jittered, 1, m_options.reconnectMaxMs));
    ++m_attempt;
    m_nextAttemptAt = QDateTime::currentMSecsSinceEpoch() + delay;
    setState(State::Reconnecting);
    m_reconnectTimer.start(delay);
}

void InboundClient::onEvent(const Event &event)
{
    const QString core = event.coreUuid();
    if (!core.isEmpty())
        noteCoreUuid(core);
    if (m_subscription.passes(event))
        Q_EMIT eventReceived(event);
}

void InboundClient::noteCoreUuid(const QString &uuid)
{
    if (uuid.isEmpty() || uuid == m_coreUuid)
        return;
    const bool restarted = !m_coreUuid.isEmpty();
    m_coreUuid = uuid;
    Q_EMIT coreUuidChanged(uuid);
    if (restarted)
        Q_EMIT eventsMayHaveBeenMissed(MissedReason::SwitchRestarted);
}

void InboundClient::restartLiveness()
{
    if (m_state == State::Live && m_options.livenessMs > 0)
        m_livenessTimer.start(m_options.livenessMs);
}

void InboundClient::probe()
{
    if (m_state != State::Live)
        return;
    if (const qint64 quiet = m_clock.elapsed() - m_lastMessageMs; quiet < m_options.livenessMs) {
        m_livenessTimer.start(int(m_options.livenessMs - quiet));
        return;
    }
    // What the switch already sent and we have not read yet (a big listing while the program
    // was busy) is progress of the peer's: our own slowness is no reason to drop it.
    if (m_session.hasUnreadInput()) {
        restartLiveness();
        return;
    }
    const int limit = m_options.probeTimeoutMs;
    const quint64 seen = m_messagesSeen;
    restartLiveness(); // its answer is a message too: after it, silence is measured again
    m_session.api(QStringLiteral("status"), limit).then(this, [this, limit, seen](const Reply &reply) {
        if (m_state != State::Live || !reply.error() || reply.error()->code != Error::Code::Timeout)
            return;
        // Whole messages since the probe, or bytes waiting to be read: the peer is working
        // (its answer may be behind them); the liveness timer will look again.
        if (m_messagesSeen != seen || m_session.hasUnreadInput())
            return;
        fail(Error{Error::Code::Timeout,
                   QStringLiteral("the switch stopped answering: no whole message and no reply "
                                  "to a liveness probe within %1 ms")
                       .arg(limit),
                   -1},
             true);
    });
}

bool InboundClient::refuseUnlessLive(Error *error) const
{
    if (m_state == State::Live)
        return false;
    *error = Error{Error::Code::Disconnected,
                   QStringLiteral("not connected to %1:%2 (%3)")
                       .arg(m_options.host)
                       .arg(m_options.port)
                       .arg(stateName(m_state)),
                   -1};
    return true;
}

QFuture<Reply> InboundClient::send(QByteArrayView command, const QList<wire::HeaderPair> &headers,
                                   QByteArrayView body, int timeoutMs)
{
    Error error;
    if (refuseUnlessLive(&error))
        return detail::readyFuture(Reply::failure(error));
    return m_session.send(command, headers, body, timeoutMs);
}

QFuture<Reply> InboundClient::api(const QString &command, int timeoutMs)
{
    Error error;
    if (refuseUnlessLive(&error))
        return detail::readyFuture(Reply::failure(error));
    return m_session.api(command, timeoutMs);
}

QFuture<JobResult> InboundClient::bgapi(const QString &command, int timeoutMs)
{
    Error error;
    if (refuseUnlessLive(&error))
        return detail::readyFuture(JobResult::failure({}, error));
    return m_session.bgapi(command, timeoutMs);
}

QFuture<ExecuteResult> InboundClient::execute(const QString &application, const QString &argument,
                                              const ExecuteOptions &options)
{
    Error error;
    if (refuseUnlessLive(&error))
        return detail::readyFuture(ExecuteResult::failure({}, error));
    return m_session.execute(application, argument, options);
}

QFuture<Reply> InboundClient::hangup(const QString &uuid, const QString &cause)
{
    Error error;
    if (refuseUnlessLive(&error))
        return detail::readyFuture(Reply::failure(error));
    return m_session.hangup(uuid, cause);
}

} // namespace Esl
