#pragma once
// One Event Socket conversation over any QIODevice (a QTcpSocket in production, a socket pair or
// an in-memory device in tests). It owns the wire parser and the books of pending work:
//
//  - Sends are serialized: the pending entry is queued and the command written in one step, so
//    the order on the wire always equals the order of the FIFO that replies are matched against,
//    however many callers send before any reply arrives.
//  - Replies (command/reply, api/response) go to the oldest pending command; everything else
//    (events, log lines, notices) goes to the event path, wherever it falls between them. A
//    reply that cannot answer the oldest command (or comes when none waits) means the link is
//    out of step: a protocol error, and the link is dropped.
//  - What waits is bounded (PendingQueue::kMax*): past a bound a command is refused unsent.
//    The switch's auth/request is honoured once per connection; a second is a protocol error.
//  - bgapi resolves on the BACKGROUND_JOB with our Job-UUID; execute on the
//    CHANNEL_EXECUTE_COMPLETE carrying our Event-UUID as Application-UUID (the last one, with
//    loops), or fails when that channel hangs up first.
//  - When the link goes (peer close, socket error, protocol error, close(), destruction), every
//    pending future finishes with an error value. None is ever left hanging.
//
// Results are QFutures; chain them with .then(context, ...) or a QFutureWatcher. Never block on
// them in the thread that runs this Session.

#include "logline.h"
#include "pendingqueue.h"
#include "reply.h"
#include "wire/parser.h"
#include "wire/writer.h"

#include <QFuture>
#include <QObject>
#include <QPointer>

#include <QIODevice>

namespace Esl {

struct ExecuteOptions
{
    QString uuid;           // the channel; empty on an outbound socket means "this channel"
    bool eventLock = false; // serialize with other applications on the channel
    int loops = 1;          // run the application N times; resolves on the last completion
    int timeoutMs = -1;     // -1: the session's default
};

class Session : public QObject
{
    Q_OBJECT

public:
    enum class State { Closed, Open };
    Q_ENUM(State)

    explicit Session(QObject *parent = nullptr);
    ~Session() override;

    // Starts a conversation over `device` (which must be open; not owned). A previous device is
    // let go of, failing whatever was pending on it.
    void setDevice(QIODevice *device);
    [[nodiscard]] QIODevice *device() const { return m_device; }
    [[nodiscard]] State state() const { return m_state; }
    [[nodiscard]] bool isOpen() const { return m_state == State::Open; }

    // A default timeout for every command, in ms (0: none). A timed-out future fails with a
    // Timeout error; its FIFO slot stays so the late reply is consumed and dropped.
    void setCommandTimeout(int ms) { m_commandTimeoutMs = ms; }
    [[nodiscard]] int commandTimeout() const { return m_commandTimeoutMs; }
    // How long one pass over what the socket has may dispatch messages before the event loop
    // gets a turn (the rest follows from a queued call); 0 reads everything at once. Default 10.
    void setReadBudget(int ms) { m_readBudgetMs = ms; }
    // A socket given to setDevice() with an unbounded read buffer gets this bound (bytes).
    static constexpr qint64 kSocketReadBuffer = 4 * 1024 * 1024;
    [[nodiscard]] int readBudget() const { return m_readBudgetMs; }

    // Watch-only (watchonly.h): every command but the login, subscriptions, filters, log level
    // and the read-only api allow-list fails at once with Error::Code::Forbidden, unwritten.
    void setWatchOnly(bool on) { m_watchOnly = on; }
    [[nodiscard]] bool isWatchOnly() const { return m_watchOnly; }

    // On an outbound socket: the channel this connection belongs to (its executions fail when
    // it hangs up).
    void setChannelUuid(const QString &uuid) { m_channelUuid = uuid; }
    [[nodiscard]] const QString &channelUuid() const { return m_channelUuid; }

    // Anything: event, filter, nixevent, log, linger, myevents, divert_events, exit, auth...
    QFuture<Reply> send(QByteArrayView command, const QList<wire::HeaderPair> &headers = {},
                        QByteArrayView body = {}, int timeoutMs = -1);
    QFuture<Reply> api(const QString &command, int timeoutMs = -1);
    QFuture<JobResult> bgapi(const QString &command, int timeoutMs = -1);
    QFuture<ExecuteResult> execute(const QString &application, const QString &argument = {},
                                   const ExecuteOptions &options = {});
    // sendmsg call-command: hangup.
    QFuture<Reply> hangup(const QString &uuid, const QString &cause = QStringLiteral("NORMAL_CLEARING"));

    // Ends the conversation: pending work fails with `reason`, the device is closed.
    void close(const Error &reason = Error{Error::Code::Disconnected,
                                           QStringLiteral("the session was closed"), -1});

    [[nodiscard]] qint64 bytesReceived() const { return m_parser.bytesFed(); }
    // Bytes the peer already delivered that this session has not read yet (it works through a
    // backlog in slices): while there are any, a slow answer is our slowness, not the peer's.
    [[nodiscard]] bool hasUnreadInput() const;
    [[nodiscard]] qsizetype pendingReplies() const { return m_pending.pendingReplies(); }
    [[nodiscard]] qsizetype pendingJobs() const { return m_pending.pendingJobs(); }
    [[nodiscard]] qsizetype pendingExecutions() const { return m_pending.pendingExecutions(); }

Q_SIGNALS:
    // Every byte read from the device, before it is parsed (raw recordings, journals).
    void dataReceived(QByteArrayView chunk);
    // Every complete message, before it is dispatched (tools that print what arrived).
    void messageReceived(const Esl::Message &message);
    void eventReceived(const Esl::Event &event);
    void logReceived(const Esl::LogLine &line);
    void authRequested();
    void rudeRejectionReceived(const QString &text);
    void disconnectNoticeReceived(const Esl::Message &notice);
    // A message of a type the session does not know, or a reply nobody was waiting for.
    void unexpectedMessage(const Esl::Message &message);
    void stateChanged(Esl::Session::State state);
    // Something went wrong that callers may want to show: a protocol error (the link is then
    // dropped), an undecodable event (the link stays).
    void errorOccurred(const Esl::Error &error);
    // The link is gone; every pending future has already failed.
    void disconnected(const Esl::Error &reason);

private:
    void onReadyRead();
    void readAvailable(int budgetMs);
    void dispatch(const Message &message);
    void linkLost(const Error &reason);
    QFuture<Reply> sendTracked(QByteArrayView command, const QList<wire::HeaderPair> &headers,
                               QByteArrayView body, int timeoutMs,
                               detail::PendingQueue::ReplyHandler handler);
    int effectiveTimeout(int timeoutMs) const;
    void detachDevice();

    QPointer<QIODevice> m_device;
    bool m_watchOnly = false;
    QList<QMetaObject::Connection> m_deviceConnections;
    State m_state = State::Closed;
    wire::Parser m_parser;
    detail::PendingQueue m_pending;
    int m_commandTimeoutMs = 0;
    int m_readBudgetMs = 10;
    bool m_resumePending = false;
    int m_authRequests = 0; // on this device
    QString m_channelUuid;
};

[[nodiscard]] QString newUuid();

} // namespace Esl
