#pragma once
// A live switch, whatever carries it: the small interface a ServerMonitor watches through.
// State, events and log lines come in; api, bgapi and execute go out; capabilities() says what
// this kind of link cannot do. Today there is one kind, the Event Socket (EslSwitchLink); the
// next is a RabbitMQ broker through mod_amqp, where one broker connection carries many switches,
// events and log lines arrive as AMQP messages, commands go out as api/bgapi requests with the
// replies on a reply queue, and sendmsg (execute) does not exist.
//
// THREADING
//  - A link lives on the thread of its ServerMonitor (the GUI thread today): every method is
//    called there, and every signal is emitted there. Receivers rely on it: the monitor stores
//    what arrives without locks, and the window's models coalesce store changes on 100 ms timers.
//  - The Event Socket link reads, parses and decodes on that same thread (its Session does, in
//    slices of a few ms so that the event loop keeps its turn).
//  - A link whose library blocks (the broker link: rabbitmq-c) is to read and decode on a worker
//    thread of its own, and hand what it decoded to its links in batches: one queued call per
//    batch, never one per event; the link then emits each event and log line of the batch on the
//    owner thread, in the order received. One broker connection carrying many switches is one
//    shared worker and one SwitchLink per switch: the worker sorts messages by switch, and
//    neither the connection nor the worker is ever seen by the monitor or the stores.
//  - Storing stays on the owner thread in this design: ServerMonitor appends each event to the
//    EventStore and applies it to its ChannelStore as the link emits it. A worker takes the
//    reading and decoding off the GUI thread, not the storing.
//  - Commands are sent from the owner thread; their futures finish and `accepted` callbacks run
//    there (a worker's replies come back the way its events do).

#include "esl/reply.h"
#include "esl/session.h"

#include <QFlags>
#include <QFuture>
#include <QObject>

#include <functional>

namespace Monitor {
Q_NAMESPACE

// Same meanings as the Event Socket client's states: Connecting (transport), Authenticating
// (login), Live (commands may go out, events come in), Reconnecting (waiting out the backoff),
// Failed (given up: a refused login, say).
enum class LinkState { Disconnected, Connecting, Authenticating, Live, Reconnecting, Failed };
Q_ENUM_NS(LinkState)

// What a link can do. A call to something a link cannot do fails at once, sending nothing.
enum class Capability {
    Api = 0x01,         // api <command>, the reply in order
    Bgapi = 0x02,       // bgapi <command>, the job's result later
    Execute = 0x04,     // sendmsg execute on a channel (Event Socket only)
    LogLines = 0x08,    // the switch's console log (`log <level>`)
    ChannelDump = 0x10, // uuid_dump <uuid> json: everything about one channel
};
Q_DECLARE_FLAGS(Capabilities, Capability)
Q_FLAG_NS(Capabilities)

class SwitchLink : public QObject
{
    Q_OBJECT

public:
    // Called once when the switch acknowledged a bgapi or sendmsg (its command/reply: +OK
    // Job-UUID, or a -ERR after which the future fails), before the job's or the application's
    // result; never when the command fails first (not sent, link lost).
    using Accepted = std::function<void()>;

    explicit SwitchLink(QObject *parent = nullptr);
    ~SwitchLink() override;

    // "Event Socket": for messages ("execute is not available over Event Socket").
    [[nodiscard]] virtual QString kind() const = 0;
    // "Event Socket 127.0.0.1:8021": for the window.
    [[nodiscard]] virtual QString describe() const = 0;
    [[nodiscard]] virtual Capabilities capabilities() const = 0;
    [[nodiscard]] bool can(Capability capability) const
    {
        return capabilities().testFlag(capability);
    }

    [[nodiscard]] virtual LinkState state() const = 0;
    [[nodiscard]] bool isLive() const { return state() == LinkState::Live; }
    // The switch's Core-UUID (it changes when the switch restarts); empty until known.
    [[nodiscard]] virtual QString coreUuid() const = 0;
    // Why the last attempt failed or the link dropped.
    [[nodiscard]] virtual Esl::Error lastError() const = 0;
    // While Reconnecting: when the next attempt starts (ms since the epoch).
    [[nodiscard]] virtual qint64 nextAttemptAt() const = 0;

    virtual void start() = 0;
    virtual void stop() = 0;
    // Retries at once instead of waiting out the backoff (Reconnecting), or tries again after
    // giving up (Failed); nothing otherwise.
    virtual void reconnectNow() = 0;

    // Commands. What the link cannot do is refused with unavailable(), whatever the state; the
    // rest is refused with a Disconnected error unless live (each kind says why in its own
    // words). Either way nothing is sent and the future is finished already.
    QFuture<Esl::Reply> api(const QString &command, int timeoutMs = -1);
    QFuture<Esl::JobResult> bgapi(const QString &command, int timeoutMs = -1,
                                  const Accepted &accepted = {});
    QFuture<Esl::ExecuteResult> execute(const QString &application, const QString &argument = {},
                                        const Esl::ExecuteOptions &options = {},
                                        const Accepted &accepted = {});

    // "execute is not available over Event Socket".
    [[nodiscard]] Esl::Error unavailable(Capability capability) const;
    [[nodiscard]] static QString stateName(LinkState state);
    // "api", "bgapi", "execute", "log lines", "uuid_dump".
    [[nodiscard]] static QString capabilityName(Capability capability);

Q_SIGNALS:
    void stateChanged(Monitor::LinkState state);
    void connected(); // live, subscribed: the monitor re-reads the channel list
    // Events may have been lost (a reconnect, a restarted switch): the monitor re-syncs.
    void eventsMayHaveBeenMissed();
    void eventReceived(const Esl::Event &event);
    void logReceived(const Esl::LogLine &line);
    void errorOccurred(const Esl::Error &error);
    void coreUuidChanged(const QString &coreUuid);

protected:
    // Called only for what capabilities() allows.
    virtual QFuture<Esl::Reply> sendApi(const QString &command, int timeoutMs) = 0;
    virtual QFuture<Esl::JobResult> sendBgapi(const QString &command, int timeoutMs,
                                              const Accepted &accepted) = 0;
    // A link without Execute need not implement it.
    virtual QFuture<Esl::ExecuteResult> sendExecute(const QString &application,
                                                    const QString &argument,
                                                    const Esl::ExecuteOptions &options,
                                                    const Accepted &accepted);
};

} // namespace Monitor

Q_DECLARE_OPERATORS_FOR_FLAGS(Monitor::Capabilities)
