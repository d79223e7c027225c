#pragma once
// The core of the simulated FreeSWITCH: channels with the real state machine, bridged calls, the
// api commands an operator console uses, and the events all of that fires, header for header as
// FreeSWITCH 1.10.12 writes them. It speaks no protocol itself: EventSocketServer's listeners
// (and outbound connections) turn api/bgapi/sendmsg into calls on this class and forward its
// events and log lines to their clients.

#include "firedevent.h"

#include <QDateTime>
#include <QHash>
#include <QObject>
#include <QTimer>

#include <memory>

namespace Sim {

class Channel;

struct SwitchConfig
{
    QString hostname = QStringLiteral("switchboard-sim");
    QString ipv4 = QStringLiteral("127.0.0.1");
    QString ipv6 = QStringLiteral("::1");
    int heartbeatIntervalMs = 20000; // 0: no HEARTBEAT
    int maxSessions = 1000;
    // How long things take on a simulated call (ms). Tests shorten them.
    int ringMs = 300;
    int answerDelayMs = 200;
};

struct LogEntry
{
    int level = 7;          // 0..7
    QString file;           // e.g. "switch_ivr_async.c"
    QString function;
    int line = 0;
    QString uuid;           // User-Data: the channel, or empty
    QByteArray text;        // ends with "\n"
};

class Switch : public QObject
{
    Q_OBJECT

public:
    explicit Switch(SwitchConfig config = {}, QObject *parent = nullptr);
    ~Switch() override;

    [[nodiscard]] const SwitchConfig &config() const { return m_config; }
    [[nodiscard]] const QString &coreUuid() const { return m_coreUuid; }
    [[nodiscard]] qint64 uptimeMs() const { return m_started.msecsTo(QDateTime::currentDateTimeUtc()); }

    // `api <command>`: the api/response body, exactly as FreeSWITCH answers (errors included:
    // "-ERR nosuchcommand Command not found!\n", "-ERR No such channel!\n", ...). Fires the API
    // event afterwards, as the switch does (the reply reaches the client first).
    QByteArray api(const QString &command);
    // `bgapi <command>` with the Job-UUID the client chose (or generated): runs it and fires
    // BACKGROUND_JOB with the output as body — for originate only once the call is answered or
    // has failed.
    void bgapi(const QString &command, const QString &jobUuid);

    // sendmsg call-command: execute. False (and nothing fired) when the channel does not exist:
    // the caller answers "-ERR invalid session id [<uuid>]".
    bool execute(const QString &uuid, const QString &application, const QString &argument,
                 const QString &eventUuid, int loops, bool eventLock);
    // sendmsg call-command: hangup.
    bool hangup(const QString &uuid, const QString &cause);

    [[nodiscard]] bool hasChannel(const QString &uuid) const;
    [[nodiscard]] int channelCount() const { return int(m_channels.size()); }
    [[nodiscard]] QStringList channelUuids() const;
    // The channel as the outbound `connect` reply carries it: every header of its channel data
    // and variables (not percent-encoded here; the listener encodes).
    [[nodiscard]] Esl::HeaderList channelData(const QString &uuid) const;

    // Places a call as `originate {vars}loopback/<dest>/<context> &bridge(...)` would: an A leg
    // that rings, answers and (for bridge destinations) a B leg bridged to it. Returns the A
    // leg's uuid. Used by the api command and by the traffic generator.
    struct CallSpec
    {
        QString callerName = QStringLiteral("Outbound Call");
        QString callerNumber = QStringLiteral("0000000000");
        QString destination = QStringLiteral("9196");
        QString context = QStringLiteral("default");
        bool bridge = true;               // a B leg bridged to the A leg
        QString aUuid;                    // origination_uuid, or empty for a fresh one
        QString bUuid;
        QString socketTarget;             // "host:port": run `socket host:port async full` on the B leg
        int durationMs = -1;              // hang up after this long once answered; -1: never
    };
    QString placeCall(const CallSpec &spec);

    // Faults and lifecycle.
    void restart(); // a new Core-UUID, every channel gone without an event (as after a crash)
    void hangupAll(const QString &cause = QStringLiteral("NORMAL_CLEARING"));

    // Fires an arbitrary event (tests, the traffic generator's CUSTOM events).
    void fire(Esl::Event event);
    // Builds the 13 headers every event starts with (Event-Name ... Event-Sequence).
    [[nodiscard]] Esl::HeaderList eventBase(QByteArrayView name, QByteArrayView callingFile,
                                            QByteArrayView callingFunction, int callingLine);
    void log(const LogEntry &entry);

Q_SIGNALS:
    void eventFired(const Sim::FiredEventPtr &event);
    void logged(const Sim::LogEntry &entry);
    // A channel ran `socket <host:port> async full`: the protocol side connects out.
    void outboundSocketRequested(const QString &uuid, const QString &host, quint16 port);
    void restarted(const QString &coreUuid);

private:
    friend class Channel;
    friend class CallFlow;
    Channel *channel(const QString &uuid) const;

    SwitchConfig m_config;
    QString m_coreUuid;
    QDateTime m_started;
    qint64 m_sequence = 0;
    qint64 m_sessionsSinceStartup = 0;
    int m_peakSessions = 0;
    QHash<QString, std::shared_ptr<Channel>> m_channels;
    QTimer m_heartbeat;
    QHash<QString, QString> m_globals;
};

} // namespace Sim
