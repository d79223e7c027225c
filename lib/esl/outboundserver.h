#pragma once
// The outbound side of the Event Socket: a dialplan action `socket <host>:<port> async full`
// makes the switch connect to *us*, one TCP connection per call. OutboundServer accepts those
// connections; each becomes an OutboundSession that
//
//  1. sends `connect` and keeps the reply (the whole channel as headers) as channelData();
//  2. sends `myevents` (this channel's events only) and `linger [seconds]` (keep the socket
//     open after the hangup so the last events still arrive);
//  3. emits ready() (the server: sessionReady()) and hands the call to user code, which runs
//     applications one after another with execute() futures, and may use api/bgapi/hangup;
//  4. ends when the call is over — with linger: the `Content-Disposition: linger` notice *and*
//     CHANNEL_HANGUP_COMPLETE were seen; without: the `disconnect` notice — and everything in
//     flight has been answered (replies, bgapi jobs, executions; the hangup itself fails the
//     executions still running). It then sends `exit` (not after a `disconnect` notice: the
//     switch is closing already), closes, emits finished() exactly once and deletes itself
//     later. A socket that closes, a `connect` that fails, or work still unanswered after
//     drainTimeoutMs ends it at once; pending work then fails with an error value.
//
// Commands are refused (a finished future with a Disconnected error) until ready() and again
// once `exit` has been sent. Events that arrive while the session is being set up are held back
// and emitted right after ready(), so user code connected in its ready() slot sees them all.

#include "session.h"

#include <QHostAddress>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QTcpServer>
#include <QTimer>

#include <optional>

namespace Esl {

struct OutboundOptions
{
    int connectTimeoutMs = 5000; // the replies to connect, myevents and linger
    bool myEvents = true;        // without it no channel events arrive, so executions never end
    bool linger = true;
    int lingerSeconds = 5;      // <= 0: bare `linger`, i.e. until we send `exit`
    int drainTimeoutMs = 30000; // after the call ended, how long in-flight work may take; 0: none
    int exitTimeoutMs = 2000;   // how long to wait for `+OK bye` before closing anyway
    int commandTimeoutMs = 0;   // default per-command timeout for user commands; 0: none
};

class OutboundSession : public QObject
{
    Q_OBJECT

public:
    enum class State {
        Connecting, // `connect` sent, waiting for the channel
        SettingUp,  // myevents / linger sent
        Ready,      // user code drives the call
        Draining,   // the call is over; waiting for in-flight work
        Exiting,    // `exit` sent
        Finished,
    };
    Q_ENUM(State)

    // Takes ownership of `device` (an open connection from the switch). Call start() to begin.
    explicit OutboundSession(QIODevice *device, const OutboundOptions &options = {},
                             QObject *parent = nullptr);
    ~OutboundSession() override;

    void start();

    [[nodiscard]] State state() const { return m_state; }
    [[nodiscard]] bool isReady() const { return m_state == State::Ready; }
    // ready() was emitted at some point (false for a session whose set-up failed).
    [[nodiscard]] bool hasBeenReady() const { return m_wasReady; }
    [[nodiscard]] const OutboundOptions &options() const { return m_options; }
    // The connect reply: every channel header (Unique-ID, Caller-*, variable_*), percent-decoded.
    [[nodiscard]] const Event &channelData() const { return m_channelData; }
    [[nodiscard]] const QString &uniqueId() const { return m_session.channelUuid(); }
    // The dialplan said `full`: api, bgapi, linger, event and log are allowed.
    [[nodiscard]] bool hasFullControl() const { return m_channelData.header("Control") == "full"; }
    // The switch agreed to linger (false when linger was off or refused).
    [[nodiscard]] bool isLingering() const { return m_lingering; }
    // What ended the session abnormally (failed connect, connection lost mid-call, drain
    // timeout, protocol error); empty after a normal end.
    [[nodiscard]] const std::optional<Error> &error() const { return m_error; }
    [[nodiscard]] Session *session() { return &m_session; }

    // The Session's commands for this channel.
    QFuture<Reply> send(QByteArrayView command, const QList<wire::HeaderPair> &headers = {},
                        QByteArrayView body = {}, int timeoutMs = -1);
    QFuture<Reply> api(const QString &command, int timeoutMs = -1);
    QFuture<JobResult> bgapi(const QString &command, int timeoutMs = -1);
    QFuture<ExecuteResult> execute(const QString &application, const QString &argument = {},
                                   const ExecuteOptions &options = {});
    QFuture<Reply> hangup(const QString &cause = QStringLiteral("NORMAL_CLEARING"));

    // Ends the session now, without waiting: pending work fails, finished() follows.
    void close();

Q_SIGNALS:
    void ready(Esl::OutboundSession *session);
    void eventReceived(const Esl::Event &event);
    void disconnectNoticeReceived(const Esl::Message &notice);
    // A failed connect, a connection lost before the call ended, an undecodable event...
    void errorOccurred(const Esl::Error &error);
    void finished();

private:
    void onConnectReply(const Reply &reply);
    void onSetupReply(QByteArrayView command, const Reply &reply);
    void becomeReady();
    void onEvent(const Event &event);
    void onDisconnectNotice(const Message &notice);
    void onSessionDisconnected(const Error &reason);
    // Any sign that the channel is gone (hangup complete, either notice).
    [[nodiscard]] bool callIsOver() const;
    // The end condition: both the linger notice and the hangup, or the disconnect notice.
    [[nodiscard]] bool callHasEnded() const;
    void maybeStartDraining();
    void scheduleDrainCheck();
    void checkDrained();
    void fail(const Error &error);
    void finish(const std::optional<Error> &error);
    [[nodiscard]] bool refuse(Error *error) const;
    template<typename T> QFuture<T> tracked(QFuture<T> future);

    OutboundOptions m_options;
    QPointer<QIODevice> m_device;
    Session m_session;
    State m_state = State::Connecting;
    Event m_channelData;
    int m_setupRepliesDue = 0;
    bool m_lingering = false;
    bool m_wasReady = false;
    bool m_hangupCompleteSeen = false;
    bool m_lingerNoticeSeen = false;
    bool m_disconnectNoticeSeen = false;
    bool m_drainCheckQueued = false;
    QList<Event> m_heldEvents; // arrived during set-up, emitted after ready()
    QTimer m_drainTimer;
    std::optional<Error> m_error;
};

class OutboundServer : public QObject
{
    Q_OBJECT

public:
    explicit OutboundServer(QObject *parent = nullptr);
    explicit OutboundServer(const OutboundOptions &options, QObject *parent = nullptr);
    ~OutboundServer() override;

    // Applies to connections accepted from now on.
    void setOptions(const OutboundOptions &options) { m_options = options; }
    [[nodiscard]] const OutboundOptions &options() const { return m_options; }

    // Port 0: the OS picks one; serverPort() tells which.
    bool listen(const QHostAddress &address = QHostAddress::LocalHost, quint16 port = 0);
    void close();
    [[nodiscard]] bool isListening() const { return m_server.isListening(); }
    [[nodiscard]] quint16 serverPort() const { return m_server.serverPort(); }
    [[nodiscard]] QHostAddress serverAddress() const { return m_server.serverAddress(); }
    [[nodiscard]] QString errorString() const { return m_server.errorString(); }

    // The sessions not finished yet.
    [[nodiscard]] QList<OutboundSession *> sessions() const;

Q_SIGNALS:
    // A call connected; `connect` is on its way.
    void sessionStarted(Esl::OutboundSession *session);
    void sessionReady(Esl::OutboundSession *session);
    // Set-up failed (no or negative connect reply, connection closed...); finished follows.
    void sessionFailed(Esl::OutboundSession *session, const Esl::Error &error);
    // Emitted once per session, whatever the outcome; the session is deleted later.
    void sessionFinished(Esl::OutboundSession *session);

private:
    void onNewConnection();

    OutboundOptions m_options;
    QTcpServer m_server;
    QList<QPointer<OutboundSession>> m_sessions;
};

} // namespace Esl
