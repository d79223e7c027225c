#pragma once
// One Event Socket connection of the simulated switch, inbound (a client connected to us) or
// outbound (we connected to a client's server for one channel): mod_event_socket's listener_run,
// parse_command and the writing half of read_packet, over a QTcpSocket.
//
// What goes out, and in which order, follows the real switch:
// - A command's reply is written at once; events and log lines wait in the listener's queue and
//   are written after it, so the reply to `api` comes before every event the command fired.
// - The queue holds at most maxQueuedEvents events for a reader that does not keep up; beyond
//   that events are lost, and after maxLostEvents lost in a row the listener is killed with a
//   disconnect notice, as the switch does.
// - When the listener ends the connection itself (exit, a refused password, the linger time
//   over, the controlled channel gone) it sends the "Disconnected, goodbye." notice first.
//
// Faults for reliability tests: drop() cuts the connection without a word, stall() stops writing
// for a while, sendMalformedFrame() breaks the framing, loseNextEvents() makes events vanish.

#include "esl/wire/commandreader.h"
#include "eventgate.h"
#include "firedevent.h"
#include "simswitch.h"

#include <QElapsedTimer>
#include <QHostAddress>
#include <QObject>
#include <QPointer>
#include <QTcpSocket>
#include <QTimer>

#include <deque>

namespace Sim {

// A `userauth user@domain:password` account (the switch reads these from its directory).
struct UserAccount
{
    QString user; // "user@domain"
    QString password;
    QStringList allowedEvents; // esl-allowed-events; empty: all
    QStringList allowedApi;    // esl-allowed-api; empty: all
    bool allowLog = true;      // esl-allowed-log
};

struct ListenerOptions
{
    QString password = QStringLiteral("ClueCon");
    QList<UserAccount> users;
    // The switch waits this long for the first command (auth, or an outbound socket's first
    // command), then gives up with a disconnect notice.
    int firstCommandTimeoutMs = 25000;
    int maxQueuedEvents = 100000; // MAX_QUEUE_LEN
    int maxLostEvents = 500;      // MAX_MISSED
    // Bytes left in the socket's buffer before the queue stops handing it more.
    qint64 writeHighWater = 256 * 1024;
    // Outbound sockets: the `socket` application's arguments.
    bool outboundFull = true;
    // How long one second of `linger <seconds>` lasts (ms). Tests shorten it; the notices still
    // say the seconds the client asked for.
    int lingerSecondMs = 1000;
};

struct ListenerStats
{
    qint64 bytesReceived = 0;
    qint64 bytesWritten = 0; // handed to the socket
    qint64 commands = 0;
    qint64 eventsQueued = 0;
    qint64 eventsSent = 0;
    qint64 eventsLost = 0;        // the queue was full
    qint64 eventsLostByFault = 0; // loseNextEvents()
    qint64 eventsFlushed = 0;     // queued, then dropped by noevents/exit/close
    qint64 logsSent = 0;
    qint64 logsLost = 0;
};

class Listener : public QObject
{
    Q_OBJECT

public:
    enum class Mode { Inbound, Outbound };
    Q_ENUM(Mode)

    // Takes ownership of the connected socket. Outbound: `uuid` is the controlled channel.
    Listener(Switch *sw, QTcpSocket *socket, Mode mode, ListenerOptions options,
             const QString &uuid = {}, QObject *parent = nullptr);
    ~Listener() override;

    // Inbound: sends auth/request. Outbound: waits for the client's first command.
    void start();
    // Inbound, refused by the ACL: text/rude-rejection, the goodbye notice, close.
    void rejectRudely();

    [[nodiscard]] Mode mode() const { return m_mode; }
    [[nodiscard]] quint64 id() const { return m_id; }
    [[nodiscard]] QHostAddress peerAddress() const { return m_peerAddress; }
    [[nodiscard]] quint16 peerPort() const { return m_peerPort; }
    [[nodiscard]] bool isAuthenticated() const { return m_authed; }
    [[nodiscard]] bool isOpen() const { return m_socket && !m_finished; }
    // The controlled channel: outbound, or inbound after `myevents <uuid>`.
    [[nodiscard]] const QString &sessionUuid() const { return m_sessionUuid; }
    [[nodiscard]] Esl::Event::Format format() const { return m_format; }
    [[nodiscard]] const EventGate &gate() const { return m_gate; }
    [[nodiscard]] const ListenerStats &stats() const { return m_stats; }
    [[nodiscard]] qsizetype queuedFrames() const { return qsizetype(m_queue.size()); }

    // Faults.
    void drop();                       // the connection is gone, no notice (a crash)
    void kill(QByteArrayView message); // a disconnect notice with this body, then close
    void stall(int ms);                // write nothing for `ms` (queueing), then catch up
    void resume();                     // end a stall now
    void sendMalformedFrame(const QByteArray &frame = {});
    void loseNextEvents(int count) { m_loseEvents += count; }

Q_SIGNALS:
    // A command arrived and is about to be handled (tests check what a client sent).
    void commandReceived(const Esl::wire::Command &command);
    // An outbound client sent `connect`.
    void sessionConnected(const QString &uuid);
    // The socket is closed; the listener may be deleted.
    void finished(Sim::Listener *listener);

private:
    enum class Kind { Reply, Event, Log, Notice };
    struct Frame
    {
        QByteArray bytes;
        Kind kind;
    };
    enum class Flush { Keep, DropQueued };

    void onReadyRead();
    void onEventFired(const Sim::FiredEventPtr &event);
    void onLogged(const Sim::LogEntry &entry);
    void onFirstCommandTimeout();
    void execute(const Esl::wire::Command &command);
    // The reply text ("~" + raw headers for a multi-header reply); nullopt when the command
    // wrote its own answer.
    std::optional<QByteArray> dispatch(const Esl::wire::Command &command);

    // The commands, named as in parse_command.
    QByteArray authenticate(const QByteArray &line);
    QByteArray userAuthenticate(const QByteArray &line);
    QByteArray filter(const QByteArray &line);
    void connectReply();
    QByteArray getvar(const QByteArray &line);
    QByteArray myevents(const QByteArray &line);
    QByteArray divertEvents(const QByteArray &line);
    QByteArray sendmsg(const Esl::wire::Command &command);
    QByteArray sendevent(const Esl::wire::Command &command);
    std::optional<QByteArray> api(const QByteArray &line);
    QByteArray bgapi(const QByteArray &line, const Esl::wire::Command &command);
    QByteArray log(const QByteArray &line);
    QByteArray linger(const QByteArray &line);
    QByteArray event(const QByteArray &line);
    QByteArray nixevent(const QByteArray &line);
    QByteArray noevents();
    QByteArray nolog();
    bool apiAllowed(const QByteArray &commandLine) const;

    void writeReply(QByteArray frame);
    void enqueue(QByteArray bytes, Kind kind);
    void pump();
    void flushQueued(Kind kind);
    void channelWentDown();
    void closeWithGoodbye(Flush flush);
    void closeNow();
    void onDisconnected();

    QPointer<Switch> m_switch;
    QPointer<QTcpSocket> m_socket;
    Mode m_mode;
    ListenerOptions m_options;
    quint64 m_id = 0;
    QHostAddress m_peerAddress;
    quint16 m_peerPort = 0;

    Esl::wire::CommandReader m_reader;
    bool m_authed = false;
    bool m_firstCommandSeen = false;
    bool m_running = true; // cleared when the switch decides to end the connection
    bool m_finished = false;
    bool m_processing = false;
    bool m_closing = false; // the goodbye is queued; close once the queue is written
    QTimer m_firstCommandTimer;

    // Permissions from userauth.
    bool m_allowLog = true;
    bool m_restrictEvents = false;
    bool m_allEventsAllowed = false;
    QSet<QByteArray> m_allowedEvents;
    QSet<QByteArray> m_allowedSubclasses;
    std::optional<QSet<QByteArray>> m_allowedApi;

    Esl::Event::Format m_format = Esl::Event::Format::Plain;
    bool m_eventsEnabled = false;
    EventGate m_gate;
    bool m_logEnabled = false;
    int m_logLevel = 7;

    QString m_sessionUuid;
    QByteArray m_channelName;
    bool m_connected = false;
    bool m_divertEvents = false;
    bool m_linger = false;
    int m_lingerSeconds = -1;
    bool m_sessionEnded = false; // its CHANNEL_HANGUP_COMPLETE was fired
    bool m_handlingDisconnect = false;
    bool m_downPending = false; // the channel went down while a command was being handled
    QTimer m_lingerTimer;

    std::deque<Frame> m_queue;
    qsizetype m_queuedEvents = 0;
    qsizetype m_queuedLogs = 0;
    int m_lostInARow = 0;
    int m_logsLostInARow = 0;
    int m_loseEvents = 0;
    bool m_stalled = false;
    QTimer m_stallTimer;
    QTimer m_closeGuard;
    ListenerStats m_stats;
};

} // namespace Sim
