#include "outboundserver.h"

#include <QLoggingCategory>
#include <QTcpSocket>

// Info and up by default: a busy server sees many calls. QT_LOGGING_RULES="esl.outbound.debug=true"
// traces each call's set-up and end.
Q_LOGGING_CATEGORY(lcOutbound, "esl.outbound", QtInfoMsg)

namespace Esl {

namespace {

Error disconnectedError(const QString &why)
{
    return Error{Error::Code::Disconnected, why, -1};
}

// The failure of a set-up command, whether the switch said -ERR or never answered.
Error setupError(QByteArrayView command, const Reply &reply)
{
    const QString name = QString::fromUtf8(command);
    if (const auto &error = reply.error())
        return Error{error->code, QStringLiteral("no answer to %1: %2").arg(name, error->message),
                     -1};
    return Error{Error::Code::Transport,
                 QStringLiteral("the switch refused %1: %2").arg(name, reply.errorText()), -1};
}

} // namespace

OutboundSession::OutboundSession(QIODevice *device, const OutboundOptions &options, QObject *parent)
    : QObject(parent), m_options(options), m_device(device)
{
    if (device)
        device->setParent(this);
    m_session.setCommandTimeout(options.commandTimeoutMs);
    m_drainTimer.setSingleShot(true);
    connect(&m_drainTimer, &QTimer::timeout, this, [this] {
        finish(Error{Error::Code::Timeout,
                     QStringLiteral("work still in flight %1 ms after the call ended")
                         .arg(m_options.drainTimeoutMs),
                     -1});
    });
    connect(&m_session, &Session::eventReceived, this, &OutboundSession::onEvent);
    connect(&m_session, &Session::disconnectNoticeReceived, this,
            &OutboundSession::onDisconnectNotice);
    connect(&m_session, &Session::disconnected, this, &OutboundSession::onSessionDisconnected);
    connect(&m_session, &Session::errorOccurred, this, [this](const Error &error) {
        // A protocol error drops the link; it is reported once, as the reason the session ended.
        if (error.code != Error::Code::Protocol)
            Q_EMIT errorOccurred(error);
    });
}

OutboundSession::~OutboundSession()
{
    if (m_state == State::Finished)
        return;
    // Fail what is pending while this object is still whole: continuations may look at it.
    m_state = State::Finished;
    m_session.disconnect(this);
    m_session.close(disconnectedError(QStringLiteral("the outbound session was destroyed")));
}

void OutboundSession::start()
{
    if (m_state != State::Connecting)
        return;
    if (!m_device || !m_device->isOpen()) {
        fail(disconnectedError(QStringLiteral("the switch's connection is not open")));
        return;
    }
    m_session.setDevice(m_device);
    // After the Session's own handler: a reply to a command sent through session() directly
    // may be what the session was waiting for before it can leave.
    connect(m_device, &QIODevice::readyRead, this, &OutboundSession::scheduleDrainCheck);
    if (auto *socket = qobject_cast<QTcpSocket *>(m_device.data()))
        qCDebug(lcOutbound) << "a call connected from" << socket->peerAddress().toString()
                            << socket->peerPort();
    m_session.send("connect", {}, {}, m_options.connectTimeoutMs)
        .then([self = QPointer(this)](const Reply &reply) {
            if (self)
                self->onConnectReply(reply);
        });
}

void OutboundSession::onConnectReply(const Reply &reply)
{
    if (m_state != State::Connecting)
        return;
    if (!reply.ok()) {
        fail(setupError("connect", reply));
        return;
    }
    // The reply's headers are the channel (the parser already percent-decoded them).
    m_channelData = Event(reply.message().headers(), {}, false);
    const QString uuid = m_channelData.uniqueId();
    if (uuid.isEmpty()) {
        fail(Error{Error::Code::Decode,
                   QStringLiteral("the reply to connect names no channel (no Unique-ID)"), -1});
        return;
    }
    m_session.setChannelUuid(uuid);
    qCDebug(lcOutbound) << "channel" << uuid << m_channelData.text("Channel-Name");
    m_state = State::SettingUp;

    // Both go out at once; replies are FIFO, and ready() waits for both.
    const auto setup = [this](QByteArray command) {
        ++m_setupRepliesDue;
        m_session.send(command, {}, {}, m_options.connectTimeoutMs)
            .then([self = QPointer(this), command](const Reply &reply) {
                if (self)
                    self->onSetupReply(command, reply);
            });
    };
    if (m_options.myEvents)
        setup("myevents");
    if (m_options.linger && m_state == State::SettingUp) {
        setup(m_options.lingerSeconds > 0 ? "linger " + QByteArray::number(m_options.lingerSeconds)
                                          : QByteArray("linger"));
    }
    if (m_state == State::SettingUp && m_setupRepliesDue == 0)
        becomeReady();
}

void OutboundSession::onSetupReply(QByteArrayView command, const Reply &reply)
{
    if (m_state != State::SettingUp)
        return;
    if (command.startsWith("linger") && !reply.ok() && !reply.error()) {
        // Without `full` in the dialplan the switch refuses linger; the session still works,
        // it just ends on the disconnect notice instead.
        qCWarning(lcOutbound) << "the switch refused linger; ending on the disconnect notice:"
                              << reply.errorText();
    } else if (!reply.ok()) {
        fail(setupError(command, reply));
        return;
    } else if (command.startsWith("linger")) {
        m_lingering = true;
    }
    if (--m_setupRepliesDue == 0)
        becomeReady();
}

void OutboundSession::becomeReady()
{
    if (callIsOver()) {
        fail(disconnectedError(QStringLiteral("the call ended before the session was ready")));
        return;
    }
    m_state = State::Ready;
    m_wasReady = true;
    Q_EMIT ready(this);
    const QList<Event> held = std::exchange(m_heldEvents, {});
    for (const Event &event : held) {
        if (m_state == State::Finished)
            return;
        Q_EMIT eventReceived(event);
    }
    maybeStartDraining();
}

void OutboundSession::onEvent(const Event &event)
{
    if (m_state == State::Finished)
        return;
    if (event.eventName() == "CHANNEL_HANGUP_COMPLETE" &&
        (uniqueId().isEmpty() || event.uniqueId() == uniqueId())) {
        m_hangupCompleteSeen = true;
    }
    if (m_state == State::Connecting || m_state == State::SettingUp) {
        m_heldEvents.append(event);
        return;
    }
    Q_EMIT eventReceived(event);
    maybeStartDraining();
}

void OutboundSession::onDisconnectNotice(const Message &notice)
{
    if (m_state == State::Finished)
        return;
    if (notice.header("Content-Disposition") == "linger")
        m_lingerNoticeSeen = true;
    else
        m_disconnectNoticeSeen = true; // "disconnect": the switch is about to close the socket
    qCDebug(lcOutbound) << uniqueId()
                        << "disconnect notice:" << notice.header("Content-Disposition");
    Q_EMIT disconnectNoticeReceived(notice);
    maybeStartDraining();
}

bool OutboundSession::callIsOver() const
{
    return m_hangupCompleteSeen || m_lingerNoticeSeen || m_disconnectNoticeSeen;
}

bool OutboundSession::callHasEnded() const
{
    // With linger the notice comes at the hangup, but the channel's last events (up to
    // CHANNEL_HANGUP_COMPLETE) are still arriving: wait for both.
    return m_disconnectNoticeSeen || (m_lingerNoticeSeen && m_hangupCompleteSeen);
}

void OutboundSession::maybeStartDraining()
{
    if (m_state != State::Ready || !callHasEnded())
        return;
    qCDebug(lcOutbound) << uniqueId() << "the call ended; waiting for work in flight";
    m_state = State::Draining;
    if (m_options.drainTimeoutMs > 0)
        m_drainTimer.start(m_options.drainTimeoutMs);
    scheduleDrainCheck();
}

void OutboundSession::scheduleDrainCheck()
{
    if (m_state != State::Draining || m_drainCheckQueued)
        return;
    // Queued, so that the continuations of whatever just finished run first: they may send more.
    m_drainCheckQueued = true;
    QMetaObject::invokeMethod(
        this,
        [this] {
            m_drainCheckQueued = false;
            checkDrained();
        },
        Qt::QueuedConnection);
}

void OutboundSession::checkDrained()
{
    if (m_state != State::Draining)
        return;
    if (m_session.pendingReplies() > 0 || m_session.pendingJobs() > 0 ||
        m_session.pendingExecutions() > 0) {
        return;
    }
    m_drainTimer.stop();
    if (m_disconnectNoticeSeen || !m_session.isOpen()) {
        finish(std::nullopt); // the switch is closing the socket itself
        return;
    }
    qCDebug(lcOutbound) << uniqueId() << "drained; exit";
    m_state = State::Exiting;
    m_session.send("exit", {}, {}, m_options.exitTimeoutMs)
        .then([self = QPointer(this)](const Reply &reply) {
            if (!self)
                return;
            if (reply.error() && reply.error()->code == Error::Code::Timeout)
                qCDebug(lcOutbound) << self->uniqueId() << "no answer to exit; closing anyway";
            self->finish(std::nullopt);
        });
}

void OutboundSession::onSessionDisconnected(const Error &reason)
{
    switch (m_state) {
    case State::Finished:
        return;
    case State::Connecting:
    case State::SettingUp:
        // Normally the failed set-up command has reported this already.
        fail(Error{reason.code,
                   QStringLiteral("the connection closed during set-up: %1").arg(reason.message),
                   reason.offset});
        return;
    case State::Ready:
        if (reason.code == Error::Code::Protocol || !callIsOver()) {
            finish(Error{reason.code,
                         QStringLiteral("the connection closed before the call ended: %1")
                             .arg(reason.toString()),
                         reason.offset});
        } else {
            finish(std::nullopt);
        }
        return;
    case State::Draining:
    case State::Exiting:
        // The switch closed at the end of its linger time; what was pending failed with it.
        finish(reason.code == Error::Code::Protocol ? std::optional<Error>(reason) : std::nullopt);
        return;
    }
}

void OutboundSession::fail(const Error &error)
{
    if (uniqueId().isEmpty())
        qCWarning(lcOutbound).noquote() << error.toString();
    else
        qCWarning(lcOutbound).noquote() << uniqueId() << error.toString();
    finish(error);
}

void OutboundSession::finish(const std::optional<Error> &error)
{
    if (m_state == State::Finished)
        return;
    m_state = State::Finished;
    m_drainTimer.stop();
    m_heldEvents.clear();
    m_error = error;
    // Whatever is still pending fails now; its continuations find the session finished.
    m_session.close(
        error.value_or(disconnectedError(QStringLiteral("the outbound session ended"))));
    qCDebug(lcOutbound) << uniqueId() << "finished";
    if (error)
        Q_EMIT errorOccurred(*error);
    Q_EMIT finished();
    deleteLater();
}

void OutboundSession::close()
{
    finish(std::nullopt);
}

bool OutboundSession::refuse(Error *error) const
{
    if (m_state == State::Ready || m_state == State::Draining)
        return false;
    *error = disconnectedError(m_state == State::Connecting || m_state == State::SettingUp
                                   ? QStringLiteral("the outbound session is not ready yet")
                                   : QStringLiteral("the outbound session has ended"));
    return true;
}

template<typename T> QFuture<T> OutboundSession::tracked(QFuture<T> future)
{
    // After the call ended the session waits for this answer before it leaves: look again once
    // it came. (A QFuture takes one continuation on Qt 6.4, so the caller gets this one's.)
    return future.then([self = QPointer(this)](const T &value) {
        if (self)
            self->scheduleDrainCheck();
        return value;
    });
}

QFuture<Reply> OutboundSession::send(QByteArrayView command, const QList<wire::HeaderPair> &headers,
                                     QByteArrayView body, int timeoutMs)
{
    Error error;
    if (refuse(&error))
        return detail::readyFuture(Reply::failure(error));
    return tracked(m_session.send(command, headers, body, timeoutMs));
}

QFuture<Reply> OutboundSession::api(const QString &command, int timeoutMs)
{
    Error error;
    if (refuse(&error))
        return detail::readyFuture(Reply::failure(error));
    return tracked(m_session.api(command, timeoutMs));
}

QFuture<JobResult> OutboundSession::bgapi(const QString &command, int timeoutMs)
{
    Error error;
    if (refuse(&error))
        return detail::readyFuture(JobResult::failure({}, error));
    return tracked(m_session.bgapi(command, timeoutMs));
}

QFuture<ExecuteResult> OutboundSession::execute(const QString &application, const QString &argument,
                                                const ExecuteOptions &options)
{
    Error error;
    if (refuse(&error))
        return detail::readyFuture(ExecuteResult::failure({}, error));
    return tracked(m_session.execute(application, argument, options));
}

QFuture<Reply> OutboundSession::hangup(const QString &cause)
{
    Error error;
    if (refuse(&error))
        return detail::readyFuture(Reply::failure(error));
    return tracked(m_session.hangup({}, cause));
}

// --- the server ---

OutboundServer::OutboundServer(QObject *parent) : OutboundServer(OutboundOptions{}, parent) {}

OutboundServer::OutboundServer(const OutboundOptions &options, QObject *parent)
    : QObject(parent), m_options(options)
{
    connect(&m_server, &QTcpServer::newConnection, this, &OutboundServer::onNewConnection);
    connect(&m_server, &QTcpServer::acceptError, this, [this] {
        qCWarning(lcOutbound) << "accepting a connection failed:" << m_server.errorString();
    });
}

OutboundServer::~OutboundServer()
{
    m_server.close();
    // Destroyed while the server is still whole; a destroyed session emits nothing.
    qDeleteAll(sessions());
}

bool OutboundServer::listen(const QHostAddress &address, quint16 port)
{
    if (!m_server.listen(address, port)) {
        qCWarning(lcOutbound) << "cannot listen on" << address.toString() << port << ':'
                              << m_server.errorString();
        return false;
    }
    qCInfo(lcOutbound) << "listening on" << m_server.serverAddress().toString()
                       << m_server.serverPort();
    return true;
}

void OutboundServer::close()
{
    m_server.close();
}

QList<OutboundSession *> OutboundServer::sessions() const
{
    QList<OutboundSession *> live;
    for (const QPointer<OutboundSession> &session : m_sessions) {
        if (session)
            live.append(session);
    }
    return live;
}

void OutboundServer::onNewConnection()
{
    while (QTcpSocket *socket = m_server.nextPendingConnection()) {
        auto *session = new OutboundSession(socket, m_options, this);
        m_sessions.append(session);
        connect(session, &OutboundSession::ready, this, &OutboundServer::sessionReady);
        connect(session, &OutboundSession::finished, this, [this, session] {
            m_sessions.removeAll(session);
            if (!session->hasBeenReady()) {
                Q_EMIT sessionFailed(session, session->error().value_or(disconnectedError(
                                                  QStringLiteral("closed before it was ready"))));
            }
            Q_EMIT sessionFinished(session);
        });
        Q_EMIT sessionStarted(session);
        session->start();
    }
}

} // namespace Esl
