#pragma once
// An inbound Event Socket client: connects to the switch, authenticates (auth or userauth),
// applies its Subscription, and keeps the link alive — reconnecting with capped exponential
// backoff and jitter, re-applying the subscription, and probing a silent switch with
// `api status`. "Silent" means no whole message (a peer dripping bytes into a frame it never
// ends is silent); the backoff keeps growing across sessions that die soon after the login. Commands go through its Session; a command in flight when the link drops fails
// with a Disconnected error and is never sent again.
//
// eventsMayHaveBeenMissed() tells a monitor to re-read the channel list: after a reconnect, and
// when the switch's Core-UUID changed (it restarted).

#include "session.h"
#include "subscription.h"
#include "transport.h"

#include <QElapsedTimer>
#include <QObject>
#include <QRandomGenerator>
#include <QTimer>

namespace Esl {

struct ConnectionOptions
{
    QString host = QStringLiteral("127.0.0.1");
    quint16 port = 8021;
    QString password = QStringLiteral("ClueCon");
    QString user;                   // non-empty: "userauth user@domain:password"
    int connectTimeoutMs = 5000;    // TCP connect and the switch's auth/request
    bool autoReconnect = true;
    int reconnectMinMs = 500;
    int reconnectMaxMs = 30000;
    int stableAfterMs = 30000;      // live this long before the backoff starts again from the
                                    // minimum; 0: at once
    int livenessMs = 45000;         // no whole message this long: probe (HEARTBEAT comes every
                                    // 20 s); 0: off
    int probeTimeoutMs = 5000;      // how long the probe may take before the link is dropped
    int commandTimeoutMs = 0;       // default per-command timeout; 0: none
    // How the Event Socket is reached (transport.h): TCP unless one of these is enabled. With
    // SSH, host and port above are the Event Socket as the SSH server sees it.
    TlsOptions tls;
    SshOptions ssh;
    // Send nothing that changes a call or the switch: the Session refuses every command but the
    // login, subscriptions, filters, log level and the read-only api allow-list (watchonly.h),
    // before it reaches the wire, with an Error::Code::Forbidden.
    bool watchOnly = false;
};

class InboundClient : public QObject
{
    Q_OBJECT

public:
    enum class State { Disconnected, Connecting, Authenticating, Live, Reconnecting, Failed };
    Q_ENUM(State)
    enum class MissedReason { Reconnected, SwitchRestarted };
    Q_ENUM(MissedReason)

    explicit InboundClient(QObject *parent = nullptr);
    explicit InboundClient(ConnectionOptions options, QObject *parent = nullptr);
    ~InboundClient() override;

    void setOptions(const ConnectionOptions &options) { m_options = options; }
    [[nodiscard]] const ConnectionOptions &options() const { return m_options; }
    // Applied now when live, and after every (re)authentication.
    void setSubscription(const Subscription &subscription);
    [[nodiscard]] const Subscription &subscription() const { return m_subscription; }

    void connectToServer();
    void disconnectFromServer();
    // While Reconnecting: starts the next attempt now instead of when the backoff says (an
    // operator who knows the switch is back). The backoff keeps counting: if this attempt fails
    // too, the next wait is as long as it would have been. Nothing in any other state.
    void reconnectNow();

    [[nodiscard]] State state() const { return m_state; }
    [[nodiscard]] bool isLive() const { return m_state == State::Live; }
    // Why the last attempt failed or the link dropped.
    [[nodiscard]] const Error &lastError() const { return m_lastError; }
    // While Reconnecting: when the next attempt starts (ms since the epoch).
    [[nodiscard]] qint64 nextAttemptAt() const { return m_nextAttemptAt; }
    [[nodiscard]] int reconnectAttempts() const { return m_attempt; }
    [[nodiscard]] const QString &coreUuid() const { return m_coreUuid; }
    [[nodiscard]] Session *session() { return &m_session; }
    // How the link is carried ("TCP", "TLS ...", "SSH via ..."); empty before the first attempt.
    [[nodiscard]] QString transportDescription() const;

    // Commands: refused with a Disconnected error unless the client is live.
    QFuture<Reply> send(QByteArrayView command, const QList<wire::HeaderPair> &headers = {},
                        QByteArrayView body = {}, int timeoutMs = -1);
    QFuture<Reply> api(const QString &command, int timeoutMs = -1);
    QFuture<JobResult> bgapi(const QString &command, int timeoutMs = -1);
    QFuture<ExecuteResult> execute(const QString &application, const QString &argument = {},
                                   const ExecuteOptions &options = {});
    QFuture<Reply> hangup(const QString &uuid, const QString &cause = QStringLiteral("NORMAL_CLEARING"));

    [[nodiscard]] static QString stateName(State state);

Q_SIGNALS:
    void stateChanged(Esl::InboundClient::State state);
    void connected(); // authenticated, subscription applied: live
    void eventReceived(const Esl::Event &event);
    void logReceived(const Esl::LogLine &line);
    void errorOccurred(const Esl::Error &error);
    void eventsMayHaveBeenMissed(Esl::InboundClient::MissedReason reason);
    void coreUuidChanged(const QString &coreUuid);
    // The transport cannot go on without the operator (an unknown SSH host key, an untrusted or
    // changed certificate). The attempt then fails (Failed, no retry) with Error::Code::Untrusted.
    void trustRequired(const Esl::TrustRequest &request);

private:
    void setState(State state);
    void startAttempt();
    void onTransportOpened();
    void onTransportFailed(const Error &error, bool retry);
    void onAuthRequested();
    void onAuthReply(const Reply &reply);
    void goLive();
    void fail(const Error &error, bool retry);
    void onSessionDisconnected(const Error &reason);
    void scheduleReconnect();
    void onEvent(const Event &event);
    void noteCoreUuid(const QString &uuid);
    void restartLiveness();
    void probe();
    bool refuseUnlessLive(Error *error) const;

    ConnectionOptions m_options;
    Subscription m_subscription;
    std::unique_ptr<Transport> m_transport;
    std::optional<Error> m_dropReason; // the transport's reason for the link's end, if it gave one
    Session m_session;
    State m_state = State::Disconnected;
    Error m_lastError;
    QTimer m_attemptTimer;   // connect + auth deadline
    QTimer m_reconnectTimer;
    QTimer m_livenessTimer;
    QTimer m_stableTimer;    // live long enough: the backoff starts again from the minimum
    int m_attempt = 0;
    quint64 m_messagesSeen = 0; // whole messages from the peer, for the liveness probe
    qint64 m_lastMessageMs = 0; // m_clock's time of the last one
    QElapsedTimer m_clock;
    qint64 m_nextAttemptAt = 0;
    bool m_wasLive = false;  // a reconnect (not the first connection) is under way
    bool m_userClosed = false;
    QString m_coreUuid;
    QRandomGenerator m_random{QRandomGenerator::securelySeeded()};
};

} // namespace Esl
