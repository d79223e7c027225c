#include "session.h"

#include "watchonly.h"

#include "wire/printable.h"

#include <algorithm>

#include <QAbstractSocket>

#include <QElapsedTimer>
#include <QIODevice>
#include <QLoggingCategory>
#include <QTimer>
#include <QUuid>

#ifdef Q_OS_UNIX
#include <sys/ioctl.h>
#endif

Q_LOGGING_CATEGORY(lcSession, "esl.session")

namespace Esl {

QString newUuid()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

namespace {

Error disconnectedError(const QString &why)
{
    return Error{Error::Code::Disconnected, why, -1};
}

Error timeoutError(int ms)
{
    return Error{Error::Code::Timeout, QStringLiteral("no answer within %1 ms").arg(ms), -1};
}

Error overloadedError(const QString &what, qsizetype waiting)
{
    return Error{Error::Code::Overloaded,
                 QStringLiteral("refused: %1 %2 already wait for the switch's answer")
                     .arg(waiting)
                     .arg(what),
                 -1};
}

} // namespace

Session::Session(QObject *parent) : QObject(parent) {}

Session::~Session()
{
    // A QPromise destroyed unfinished cancels its future silently: fail them all instead.
    detachDevice();
    m_pending.failAll(disconnectedError(QStringLiteral("the session was destroyed")));
}

void Session::setDevice(QIODevice *device)
{
    if (m_device)
        linkLost(disconnectedError(QStringLiteral("the session moved to another connection")));
    m_parser.reset();
    m_authRequests = 0;
    m_device = device;
    if (!device)
        return;
    m_deviceConnections.append(
        connect(device, &QIODevice::readyRead, this, &Session::onReadyRead));
    m_deviceConnections.append(connect(device, &QIODevice::readChannelFinished, this, [this] {
        readAvailable(0); // whatever was still buffered, all of it
        // A frame cut off by the close is said so, with where it began to be missing.
        if (m_device && !m_parser.hasError() && !m_parser.finish()) {
            linkLost(Error{Error::Code::Disconnected,
                           QStringLiteral("the switch closed the connection in the middle of a "
                                          "message: %1")
                               .arg(m_parser.error().message),
                           m_parser.error().offset});
            return;
        }
        linkLost(disconnectedError(QStringLiteral("the switch closed the connection")));
    }));
    m_deviceConnections.append(connect(device, &QIODevice::aboutToClose, this, [this] {
        linkLost(disconnectedError(QStringLiteral("the connection was closed")));
    }));
    if (auto *socket = qobject_cast<QAbstractSocket *>(device)) {
        // A bounded socket buffer: when the program falls behind, the socket stops taking bytes
        // from the kernel and TCP pushes back on the switch (whose listener queue then fills
        // and drops us, as FreeSWITCH does), instead of buffering everything unread in memory
        // while readAvailable() works through it in slices (a soak at twice what the machine
        // could handle grew by gigabytes).
        if (socket->readBufferSize() == 0)
            socket->setReadBufferSize(kSocketReadBuffer);
        m_deviceConnections.append(
            connect(socket, &QAbstractSocket::errorOccurred, this, [this, socket] {
                if (socket->error() == QAbstractSocket::RemoteHostClosedError)
                    return; // readChannelFinished/disconnected say it better
                linkLost(Error{Error::Code::Transport, socket->errorString(), -1});
            }));
        m_deviceConnections.append(
            connect(socket, &QAbstractSocket::disconnected, this, [this] {
                linkLost(disconnectedError(QStringLiteral("the switch closed the connection")));
            }));
    }
    m_state = device->isOpen() ? State::Open : State::Closed;
    Q_EMIT stateChanged(m_state);
    if (device->bytesAvailable() > 0)
        QTimer::singleShot(0, this, &Session::onReadyRead);
}

void Session::detachDevice()
{
    for (const QMetaObject::Connection &c : std::as_const(m_deviceConnections))
        disconnect(c);
    m_deviceConnections.clear();
    m_device = nullptr;
}

void Session::linkLost(const Error &reason)
{
    if (m_state == State::Closed && !m_device)
        return;
    QIODevice *device = m_device;
    detachDevice();
    const bool wasOpen = m_state == State::Open;
    m_state = State::Closed;
    if (device && device->isOpen())
        device->close();
    m_pending.failAll(reason);
    if (wasOpen) {
        Q_EMIT stateChanged(m_state);
        Q_EMIT disconnected(reason);
    }
}

void Session::close(const Error &reason)
{
    linkLost(reason);
}

void Session::onReadyRead()
{
    readAvailable(m_readBudgetMs);
}

void Session::readAvailable(int budgetMs)
{
    // Read in bounded chunks and dispatch as we go, so a burst cannot balloon memory; and give
    // the event loop back after budgetMs with the rest still in the socket's buffer, so that a
    // backlog (after the machine was busy, or a big reply) is worked through in slices between
    // which the window repaints, instead of in one go that froze it for up to half a second.
    // The socket will not say readyRead again for bytes it already has: a queued call resumes.
    QElapsedTimer clock;
    clock.start();
    while (m_device && m_device->bytesAvailable() > 0) {
        if (budgetMs > 0 && clock.elapsed() >= budgetMs) {
            if (!m_resumePending) {
                m_resumePending = true;
                QMetaObject::invokeMethod(
                    this,
                    [this] {
                        m_resumePending = false;
                        readAvailable(m_readBudgetMs);
                    },
                    Qt::QueuedConnection);
            }
            return;
        }
        char buffer[64 * 1024];
        const qint64 n = m_device->read(buffer, sizeof buffer);
        if (n <= 0)
            break;
        Q_EMIT dataReceived(QByteArrayView(buffer, n));
        const bool ok = m_parser.feed(QByteArrayView(buffer, n));
        while (m_parser.hasMessage()) {
            dispatch(m_parser.takeMessage());
            if (!m_device)
                return; // a handler closed the session
        }
        if (!ok) {
            const Error error = m_parser.error();
            qCWarning(lcSession) << "protocol error:" << error.toString();
            Q_EMIT errorOccurred(error);
            linkLost(error);
            return;
        }
    }
}

void Session::dispatch(const Message &message)
{
    Q_EMIT messageReceived(message);
    const QByteArrayView type = message.contentType();
    if (type == ContentType::CommandReply || type == ContentType::ApiResponse) {
        const auto delivery = m_pending.deliverReply(message);
        if (delivery == detail::PendingQueue::Delivery::Delivered)
            return;
        // A reply that cannot answer the oldest command: either the peer answered something
        // nobody asked, or it skipped an answer. Every later reply would reach the wrong caller
        // (a status check printing someone else's "+OK"), so the link is out of step for good.
        const QByteArrayView text = type == ContentType::CommandReply
            ? message.header("Reply-Text")
            : QByteArrayView(message.body());
        QString what = QStringLiteral("out of step with the switch: a %1 (\"%2\")")
                           .arg(QString::fromLatin1(type), wire::printable(text, {.maxChars = 80}));
        if (delivery == detail::PendingQueue::Delivery::NothingPending) {
            what += QStringLiteral(" while no command was waiting for one");
        } else {
            what += m_pending.oldestAnswer() == detail::PendingQueue::Answer::ApiResponse
                ? QStringLiteral(" where the oldest command waits for an api/response")
                : QStringLiteral(" where the oldest command waits for a command/reply");
        }
        const Error error = protocolError(what, message.offset());
        qCWarning(lcSession) << "protocol error:" << error.toString();
        Q_EMIT unexpectedMessage(message);
        Q_EMIT errorOccurred(error);
        linkLost(error);
        return;
    }
    if (message.isEvent()) {
        Expected<Event> event = Event::fromMessage(message);
        if (!event) {
            Error error = event.error();
            error.offset = message.offset();
            qCWarning(lcSession) << "undecodable event:" << error.toString();
            Q_EMIT errorOccurred(error);
            return;
        }
        // Correlate first, then tell everybody: the futures see the event before the signal.
        if (event->eventName() == "BACKGROUND_JOB")
            m_pending.deliverJobEvent(*event);
        else
            m_pending.deliverExecutionEvent(*event);
        Q_EMIT eventReceived(*event);
        return;
    }
    if (type == ContentType::LogData) {
        Q_EMIT logReceived(LogLine::fromMessage(message));
    } else if (type == ContentType::AuthRequest) {
        // The switch asks once, right after accepting the connection. Asking again would have
        // us send the password again and keep a reply slot for each: a peer repeating it
        // millions of times grew a client past 5 GB.
        if (++m_authRequests > 1) {
            const Error error = protocolError(
                QStringLiteral("the switch asked for authentication a second time"),
                message.offset());
            qCWarning(lcSession) << "protocol error:" << error.toString();
            Q_EMIT errorOccurred(error);
            linkLost(error);
            return;
        }
        Q_EMIT authRequested();
    } else if (type == ContentType::DisconnectNotice) {
        Q_EMIT disconnectNoticeReceived(message);
    } else if (type == ContentType::RudeRejection) {
        Q_EMIT rudeRejectionReceived(QString::fromUtf8(message.body()).trimmed());
    } else {
        Q_EMIT unexpectedMessage(message);
    }
}

bool Session::hasUnreadInput() const
{
    if (!m_device)
        return false;
    if (m_resumePending || m_device->bytesAvailable() > 0)
        return true;
#ifdef Q_OS_UNIX
    // A buffered QTcpSocket counts only what it has read from the kernel; what the kernel holds
    // for it (received while this thread was busy) has been delivered by the peer all the same.
    if (const auto *socket = qobject_cast<const QAbstractSocket *>(m_device.data());
        socket && socket->socketDescriptor() >= 0) {
        int pending = 0;
        if (::ioctl(int(socket->socketDescriptor()), FIONREAD, &pending) == 0 && pending > 0)
            return true;
    }
#endif
    return false;
}

int Session::effectiveTimeout(int timeoutMs) const
{
    return timeoutMs < 0 ? m_commandTimeoutMs : timeoutMs;
}

QFuture<Reply> Session::sendTracked(QByteArrayView command,
                                    const QList<wire::HeaderPair> &headers, QByteArrayView body,
                                    int timeoutMs, detail::PendingQueue::ReplyHandler handler)
{
    detail::SharedPromise<Reply> promise;
    // Validate and encode before queueing, so a refused command never takes a FIFO slot.
    Expected<QByteArray> bytes = wire::encodeCommand(command, headers, body);
    if (!bytes) {
        const Reply failure = Reply::failure(bytes.error());
        if (handler)
            handler(failure);
        promise.finish(failure);
        return promise.future();
    }
    const auto refuse = [&](const Error &error) {
        const Reply failure = Reply::failure(error);
        if (handler)
            handler(failure);
        promise.finish(failure);
        return promise.future();
    };
    // Watch-only: whatever could change a call or the switch stops here, before the wire.
    if (m_watchOnly) {
        if (std::optional<QString> why = watchOnlyRefusal(command); why)
            return refuse(Error{Error::Code::Forbidden, *why, -1});
        // The check reads the command line only, so nothing else may ride along: a header such
        // as console_execute makes the switch run an api line through its console parser, and a
        // body is how sendevent and sendmsg carry what they do. bgapi's own Job-UUID is the one
        // header a read-only command needs.
        const bool onlyJobUuid = std::all_of(headers.cbegin(), headers.cend(), [](const auto &h) {
            return QByteArrayView(h.first).compare("Job-UUID", Qt::CaseInsensitive) == 0;
        });
        if (!onlyJobUuid || !body.isEmpty()) {
            return refuse(Error{Error::Code::Forbidden,
                                QStringLiteral("watch-only: \"%1\" is sent without extra headers "
                                               "or a body, or not at all")
                                    .arg(QString::fromUtf8(command.first(
                                        std::min<qsizetype>(command.size(), 60)))),
                                -1});
        }
    }
    if (!m_device || m_state != State::Open || !m_device->isWritable())
        return refuse(disconnectedError(QStringLiteral("not connected")));
    if (m_pending.pendingReplies() >= detail::PendingQueue::kMaxReplies)
        return refuse(overloadedError(QStringLiteral("commands"), m_pending.pendingReplies()));
    // Queue, then write: nothing can run in between, so the wire order is the FIFO order.
    // mod_event_socket compares command words without regard to case.
    const bool isApi = command.size() >= 3 &&
        command.first(3).compare("api", Qt::CaseInsensitive) == 0 &&
        (command.size() == 3 || command[3] == ' ');
    const quint64 id = m_pending.expectReply(
        [promise, handler](const Reply &reply) {
            if (handler)
                handler(reply);
            promise.finish(reply);
        },
        isApi ? detail::PendingQueue::Answer::ApiResponse
              : detail::PendingQueue::Answer::CommandReply);
    if (m_device->write(*bytes) != bytes->size()) {
        linkLost(Error{Error::Code::Transport,
                       QStringLiteral("write failed: %1").arg(m_device->errorString()), -1});
        return promise.future();
    }
    if (const int ms = effectiveTimeout(timeoutMs); ms > 0) {
        QTimer::singleShot(ms, this, [this, id, ms] { m_pending.abandonReply(id, timeoutError(ms)); });
    }
    return promise.future();
}

QFuture<Reply> Session::send(QByteArrayView command, const QList<wire::HeaderPair> &headers,
                             QByteArrayView body, int timeoutMs)
{
    return sendTracked(command, headers, body, timeoutMs, nullptr);
}

QFuture<Reply> Session::api(const QString &command, int timeoutMs)
{
    return send(QByteArray("api ") + command.toUtf8(), {}, {}, timeoutMs);
}

QFuture<JobResult> Session::bgapi(const QString &command, int timeoutMs)
{
    if (m_pending.pendingJobs() >= detail::PendingQueue::kMaxJobs) {
        return detail::readyFuture(JobResult::failure(
            {}, overloadedError(QStringLiteral("bgapi jobs"), m_pending.pendingJobs())));
    }
    const QString jobUuid = newUuid();
    // The waiter exists before the command is written: the switch uses our Job-UUID, and the
    // BACKGROUND_JOB may follow the ack immediately.
    QFuture<JobResult> future = m_pending.expectJob(jobUuid);
    sendTracked(QByteArray("bgapi ") + command.toUtf8(), {{"Job-UUID", jobUuid.toUtf8()}}, {},
                timeoutMs, [this, jobUuid](const Reply &ack) {
                    if (ack.error())
                        m_pending.failJob(jobUuid, *ack.error());
                    else
                        m_pending.jobAcknowledged(jobUuid, ack);
                });
    if (const int ms = effectiveTimeout(timeoutMs); ms > 0 && !future.isFinished()) {
        QTimer::singleShot(ms, this,
                           [this, jobUuid, ms] { m_pending.failJob(jobUuid, timeoutError(ms)); });
    }
    return future;
}

QFuture<ExecuteResult> Session::execute(const QString &application, const QString &argument,
                                        const ExecuteOptions &options)
{
    if (m_pending.pendingExecutions() >= detail::PendingQueue::kMaxExecutions) {
        return detail::readyFuture(ExecuteResult::failure(
            {}, overloadedError(QStringLiteral("executions"), m_pending.pendingExecutions())));
    }
    const QString applicationUuid = newUuid();
    const QString channel = options.uuid.isEmpty() ? m_channelUuid : options.uuid;
    QList<wire::HeaderPair> headers{{"call-command", "execute"},
                                    {"execute-app-name", application.toUtf8()}};
    if (!argument.isEmpty())
        headers.append(wire::HeaderPair("execute-app-arg", argument.toUtf8()));
    if (options.eventLock)
        headers.append(wire::HeaderPair("event-lock", "true"));
    if (options.loops > 1)
        headers.append(wire::HeaderPair("loops", QByteArray::number(options.loops)));
    headers.append(wire::HeaderPair("Event-UUID", applicationUuid.toUtf8()));

    QFuture<ExecuteResult> future =
        m_pending.expectExecution(applicationUuid, channel, options.loops);
    const QByteArray line = options.uuid.isEmpty() ? QByteArray("sendmsg")
                                                   : "sendmsg " + options.uuid.toUtf8();
    sendTracked(line, headers, {}, options.timeoutMs, [this, applicationUuid](const Reply &ack) {
        if (ack.error())
            m_pending.failExecution(applicationUuid, *ack.error());
        else
            m_pending.executionAcknowledged(applicationUuid, ack);
    });
    if (const int ms = effectiveTimeout(options.timeoutMs); ms > 0 && !future.isFinished()) {
        QTimer::singleShot(ms, this, [this, applicationUuid, ms] {
            m_pending.failExecution(applicationUuid, timeoutError(ms));
        });
    }
    return future;
}

QFuture<Reply> Session::hangup(const QString &uuid, const QString &cause)
{
    const QByteArray line = uuid.isEmpty() ? QByteArray("sendmsg") : "sendmsg " + uuid.toUtf8();
    return send(line, {{"call-command", "hangup"}, {"hangup-cause", cause.toUtf8()}});
}

} // namespace Esl
