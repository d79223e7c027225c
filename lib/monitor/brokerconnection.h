#pragma once
// One RabbitMQ broker carrying a fleet of FreeSWITCH switches through mod_amqp (issue #18): one
// Amqp::Client, whose worker thread reads and decodes what the switches publish, and one
// AmqpSwitchLink per switch, which the monitor watches like any other SwitchLink. The
// connection itself is never seen by a ServerMonitor or the stores (see switchlink.h,
// THREADING): its worker decodes each delivery batch (BrokerDecode) and hands it to this object
// with one queued call; here each switch's part goes to its link, which emits it in order.
//
// Topology, declared again after every reconnect:
//  - TAP.Events, TAP.Logging, TAP.Commands: topic, durable, as mod_amqp declares them.
//  - An exclusive, auto-delete, server-named queue bound to TAP.Events (keys from
//    Amqp::eventBindingKey for the watched hostnames x event names) and TAP.Logging
//    (Amqp::logBindingKey), with x-max-length (drop-head) so that a slow console cannot make the
//    broker grow without limit, and dead-lettering to `switchboard.overflow` so that what the
//    bound drops is counted (droppedByBroker) and every switch re-synced.
//  - A reply queue bound to `switchboard.replies` (topic) with "<console id>.#": every api request
//    names a reply key "<console id>.<n>" of its own (mod_amqp copies no correlation id).
//
// Switches are discovered from what they publish (FreeSWITCH-Hostname; log lines: the key's
// HOSTNAME); expected hostnames get their links at start(), synced as soon as the broker is up.
// A switch silent for silenceMs (60 s: three HEARTBEATs) is shown as lost until its next message.
//
// Owner thread only, like the links (they live and signal on this object's thread).

#include "brokerdecode.h"

#include "amqp/client.h"

#include <QFuture>
#include <QHash>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QStringList>
#include <QTimer>

#include <memory>

namespace Monitor {

class AmqpSwitchLink;
class BrokerCommands;
class SwitchLink;

struct BrokerOptions
{
    Amqp::ConnectionOptions connection;
    // The switches to watch (FreeSWITCH-Hostname); empty: every switch publishing to the broker.
    QStringList hostnames;
    // The events to watch (Event-Name; CUSTOM events: "CUSTOM"); empty: every event. HEARTBEAT
    // and BACKGROUND_JOB are always bound (liveness, bgapi results). With a filter, gaps in
    // Event-Sequence (counted across the whole switch) no longer mean loss.
    QStringList eventNames;
    // Switches to create links for at once, synced without waiting for their first message.
    QStringList expectedHostnames;
    bool logLines = true;
    // The routing key of a switch's mod_amqp command profile; "<hostname>" is replaced by the
    // hostname escaped as mod_amqp escapes key parts. Per-switch overrides in commandKeys.
    QString commandKeyTemplate = QStringLiteral("switchboard.<hostname>.api");
    QHash<QString, QString> commandKeys; // hostname -> routing key
    qint64 maxQueueLength = 100000; // x-max-length of the events queue (drop-head)
    int prefetch = 2000;
    int commandTimeoutMs = 10000; // an api reply not there by then fails with Timeout
    int silenceMs = 60000;        // a switch unheard for this long is lost
    // Unique to this console (its reply keys and dead-letter key); empty: made up at random.
    QString consoleId;
    int maxSwitches = 2000; // hostnames beyond this many are counted as malformed
    // Reconnect backoff: the first wait, doubled up to the cap.
    int reconnectFirstMs = 1000;
    int reconnectMaxMs = 30000;
    // Watch-only (a profile's or the system-wide setting): publish only read-only api commands
    // (Esl::isReadOnlyApi); anything else fails Forbidden before it reaches the broker.
    bool watchOnly = false;
};

class BrokerConnection : public QObject
{
    Q_OBJECT

public:
    static constexpr QByteArrayView eventsExchange = "TAP.Events";
    static constexpr QByteArrayView loggingExchange = "TAP.Logging";
    static constexpr QByteArrayView commandsExchange = "TAP.Commands";
    static constexpr QByteArrayView repliesExchange = "switchboard.replies";
    static constexpr QByteArrayView overflowExchange = "switchboard.overflow";
    // Decoded batches handed to this thread and not yet taken: past this the worker waits, so a
    // busy owner keeps the backlog in the broker, where the queue's bound applies.
    static constexpr int kMaxBatchesInFlight = 8;

    explicit BrokerConnection(BrokerOptions options, QObject *parent = nullptr);
    ~BrokerConnection() override;

    [[nodiscard]] const BrokerOptions &options() const { return m_options; }
    // "amqp://127.0.0.1:5672/vhost": no password.
    [[nodiscard]] QString describe() const;
    [[nodiscard]] Amqp::State state() const;
    // Connected, the queues declared and bound: links of heard switches are live.
    [[nodiscard]] bool isReady() const { return m_ready; }
    [[nodiscard]] QString lastError() const;

    void start();
    void stop();
    // Retries at once instead of waiting out the backoff.
    void reconnectNow();

    // Every switch known (heard or expected), hidden ones included, sorted.
    [[nodiscard]] QStringList hostnames() const;
    // The link of a switch, whoever owns it now; null for an unknown (or forgotten) hostname.
    [[nodiscard]] AmqpSwitchLink *link(const QString &hostname) const;
    // Hands the ownership of a switch's link to the caller (Hub::addServer); the connection keeps
    // feeding it. Null when unknown or already taken.
    [[nodiscard]] std::unique_ptr<SwitchLink> takeLink(const QString &hostname);
    // Adds a hostname to expect (its link created now, switchDiscovered emitted).
    void expectSwitch(const QString &hostname);
    // A hidden switch's messages are dropped unseen, and it is not discovered again, until
    // showSwitch(). Its link is left as it is (the owner removes its monitor).
    void hideSwitch(const QString &hostname);
    void showSwitch(const QString &hostname);
    [[nodiscard]] bool isHidden(const QString &hostname) const;
    // Forgets a switch: its link (if the connection still owns it) is deleted, and it is
    // discovered again by its next message.
    void forgetSwitch(const QString &hostname);

    // The routing key of a switch's command profile.
    [[nodiscard]] QByteArray commandKey(const QString &hostname) const;
    // An api command to one switch, its reply as an api/response (see BrokerCommands).
    // timeoutMs -1: options().commandTimeoutMs.
    QFuture<Esl::Reply> api(const QString &hostname, const QString &command, int timeoutMs = -1);

    // Messages dropped by the queue's bound (dead-lettered, counted), that did not decode, and
    // replies that came after their request gave up.
    [[nodiscard]] qint64 droppedByBroker() const { return m_droppedByBroker; }
    [[nodiscard]] qint64 malformedMessages() const { return m_malformed; }
    [[nodiscard]] const QList<BrokerDecode::Malformed> &firstMalformed() const
    {
        return m_firstMalformed;
    }
    [[nodiscard]] qint64 lateReplies() const;
    [[nodiscard]] qint64 messagesReceived() const { return m_messagesReceived; }
    [[nodiscard]] QByteArray consoleId() const { return m_consoleId; }
    // The topology this connection declares (for tests and the window's details).
    [[nodiscard]] Amqp::Topology topology() const;

    // Milliseconds since the epoch; tests may replace the clock.
    static qint64 now();

Q_SIGNALS:
    void stateChanged(Amqp::State state);
    void ready();
    // A switch was heard of for the first time (or expected): link(hostname) is its link.
    void switchDiscovered(const QString &hostname);
    // The queue's bound dropped messages: `total` so far. Every switch is re-synced.
    void overflowed(qint64 total);
    // A message did not decode (the first few of them, each with why).
    void malformedMessage(const QString &description);
    void errorOccurred(const QString &message);

private:
    friend class AmqpSwitchLink;
    struct Gate;
    AmqpSwitchLink *createLink(const QString &hostname, bool expected);
    void takeBatch(const BrokerDecode::Batch &batch, qint64 messages);
    void takeOverflow(qint64 messages);
    void onClientState(Amqp::State state);
    void onReady();
    void checkSilence();
    void installHandler();

    BrokerOptions m_options;
    QByteArray m_consoleId;
    std::unique_ptr<Amqp::Client> m_client;
    std::shared_ptr<Gate> m_gate;
    BrokerCommands *m_commands = nullptr; // a child
    QHash<QString, QPointer<AmqpSwitchLink>> m_links;
    QSet<QString> m_hidden;
    bool m_ready = false;
    bool m_started = false;
    qint64 m_droppedByBroker = 0;
    qint64 m_malformed = 0;
    qint64 m_messagesReceived = 0;
    QList<BrokerDecode::Malformed> m_firstMalformed;
    QTimer m_silenceTimer;
    QTimer m_overflowResync; // one re-sync of everything per burst of overflow
};

} // namespace Monitor
