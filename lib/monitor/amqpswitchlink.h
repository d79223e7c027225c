#pragma once
// One switch of a RabbitMQ fleet (mod_amqp), as a SwitchLink: what its BrokerConnection decoded
// for it comes in here and is emitted in order; api and bgapi go out over TAP.Commands with the
// switch's command routing key; there is no sendmsg (execute fails at once with unavailable()).
//
// Its state follows the broker and the switch: Live while the broker connection is ready and the
// switch has been heard within the silence window (or is expected and not yet due); Reconnecting
// while the broker is away, after a broker reconnect until the switch publishes again (proof
// that its mod_amqp is back, so that commands are not published to no queue), and while the
// switch is silent ("no message from vm for 60 s"). Each return to Live emits connected(), and
// the monitor re-reads the channels.
//
// Events may have been missed (the monitor re-syncs) when the switch restarted (a new
// Core-UUID), when Event-Sequence jumps on an unfiltered binding (once per batch), when it was
// silent, and when the broker's queue bound dropped messages.

#include "switchlink.h"

#include "brokerdecode.h"

#include <QHash>
#include <QPointer>

#include <memory>

namespace Monitor {

class BrokerConnection;

class AmqpSwitchLink : public SwitchLink
{
    Q_OBJECT

public:
    ~AmqpSwitchLink() override;

    [[nodiscard]] QString kind() const override;
    // "vm via amqp://127.0.0.1:5672/vhost".
    [[nodiscard]] QString describe() const override;
    [[nodiscard]] Capabilities capabilities() const override;
    [[nodiscard]] LinkState state() const override { return m_state; }
    [[nodiscard]] QString coreUuid() const override { return m_coreUuid; }
    [[nodiscard]] Esl::Error lastError() const override { return m_lastError; }
    [[nodiscard]] qint64 nextAttemptAt() const override { return 0; }

    void start() override;
    void stop() override;
    void reconnectNow() override;

    [[nodiscard]] const QString &hostname() const { return m_hostname; }
    [[nodiscard]] BrokerConnection *connection() const { return m_connection; }
    // When the switch was last heard (ms since the epoch; 0: never).
    [[nodiscard]] qint64 lastHeardMs() const { return m_lastHeardMs; }
    // Times Event-Sequence jumped (unfiltered bindings only).
    [[nodiscard]] qint64 sequenceGaps() const { return m_sequenceGaps; }
    [[nodiscard]] int pendingJobs() const { return int(m_jobs.size()); }
    // Log lines above this level (0 EMERG .. 7 DEBUG) are dropped here: mod_amqp's logging
    // profile publishes every level it is set to. -1: no log lines at all.
    void setLogLevel(int level) { m_logLevel = level; }
    [[nodiscard]] int logLevel() const { return m_logLevel; }

    // Pending BACKGROUND_JOB waits beyond which a bgapi is refused (Overloaded).
    static constexpr int kMaxPendingJobs = 10000;

protected:
    QFuture<Esl::Reply> sendApi(const QString &command, int timeoutMs) override;
    QFuture<Esl::JobResult> sendBgapi(const QString &command, int timeoutMs,
                                      const Accepted &accepted) override;

private:
    friend class BrokerConnection;
    struct Job;

    AmqpSwitchLink(BrokerConnection *connection, QString hostname, bool expected);

    // From the connection.
    void deliver(const QList<BrokerDecode::Item> &items, bool gapsMeanLoss);
    void brokerReady();
    void brokerLost(const QString &why);
    void checkSilence(qint64 now, qint64 silenceMs);
    void missedEvents(); // the broker dropped messages: re-sync
    void connectionGone();

    void heard(qint64 now);
    void noteCoreUuid(const QString &uuid, bool *missed);
    void takeJobEvent(const Esl::Event &event);
    void acknowledge(const QString &jobUuid, const Esl::Reply &reply);
    void finishJob(const QString &jobUuid, Esl::JobResult result);
    void failJobs(const Esl::Error &error);
    void updateState();
    [[nodiscard]] LinkState wantedState() const;

    QPointer<BrokerConnection> m_connection;
    QString m_hostname;
    bool m_expected = false;
    bool m_started = false;
    bool m_brokerReady = false;
    bool m_waitingForSwitch = false; // after a broker reconnect, until the switch publishes
    bool m_silent = false;
    LinkState m_state = LinkState::Disconnected;
    QString m_coreUuid;
    Esl::Error m_lastError;
    int m_logLevel = 7;
    qint64 m_lastHeardMs = 0;
    qint64 m_silentSinceMs = 0; // when the silence window started (broker ready, or last heard)
    qint64 m_lastSequence = -1;
    qint64 m_sequenceGaps = 0;
    QHash<QString, std::shared_ptr<Job>> m_jobs; // Job-UUID -> waiting bgapi
};

} // namespace Monitor
