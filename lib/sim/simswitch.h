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

#include <array>
#include <deque>
#include <memory>
#include <vector>

namespace Sim {

class Channel;
struct CallerProfile;
class Module;
class SimCallCenter;
class SimConference;
class SimRtp;
class SimSofia;
class SimValet;

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
    // Calls already up when the switch starts (bridged, one held, one parked, created seconds to
    // minutes ago), as a console meets a live switch: their past events are never fired, so only
    // a sync finds them. Tests that need an empty switch say 0.
    int initialCalls = 4;
    // How long `show channels|calls` keep the rows of channels that hung up in an attended
    // transfer (the real switch kept them for minutes, through several re-syncs). 0: not at all.
    int staleRowMs = 180000;
    // global_getvar recordings_dir: a source build's default (packages use
    // /var/lib/freeswitch/recordings).
    QString recordingsDir = QStringLiteral("/usr/local/freeswitch/recordings");
    // Modules this switch has not loaded ("mod_conference", "mod_callcenter", "mod_sofia",
    // "mod_valet_parking"): their api commands are not found, their applications do not exist,
    // their events never come.
    QStringList withoutModules{};
    // How far apart a SIP leg's first RTCP reports are (switch_rtp.c: 4 s for the first four,
    // then the channel's rtcp_audio_interval_msec scaled by rtcpReportMs / 4000). Tests shorten it.
    int rtcpReportMs = 4000;
};

struct LogEntry
{
    int level = 7; // 0..7
    QString file;  // e.g. "switch_ivr_async.c"
    QString function;
    int line = 0;
    QString uuid;    // User-Data: the channel, or empty
    QByteArray text; // what was logged; ends with "\n"
    int channel = 0; // Text-Channel: 0 log, 1 clean, 3 session
    // The log/data body. Switch::log() writes it as the switch's console does, "<local time
    // with microseconds> <idle CPU>% [LEVEL] file:line " before the text, except on the clean
    // channel (1), which carries the text alone. Set it to send a captured body as it was.
    QByteArray body{};
};

// Where a line of the switch's log comes from in FreeSWITCH 1.10.12's source (Log-File,
// Log-Func, Log-Line).
struct LogOrigin
{
    const char *file;
    const char *function;
    int line;
};

class Switch : public QObject
{
    Q_OBJECT
    // The modules beyond the core (simmodule.h) use the channel machinery.
    friend class SimCallCenter;
    friend class SimConference;
    friend class SimSofia;
    friend class SimValet;

public:
    explicit Switch(SwitchConfig config = {}, QObject *parent = nullptr);
    ~Switch() override;

    [[nodiscard]] const SwitchConfig &config() const { return m_config; }
    [[nodiscard]] const QString &coreUuid() const { return m_coreUuid; }
    [[nodiscard]] qint64 uptimeMs() const
    {
        return m_started.msecsTo(QDateTime::currentDateTimeUtc());
    }

    // Whether the last api() call's function returned a failure (switch_status_t): the Event
    // Socket shows its output all the same, mod_amqp answers "INVALID COMMAND!" instead
    // (conference <unknown> list did, in the real-amqp capture). A module's api marks it.
    [[nodiscard]] bool lastApiFailed() const { return m_lastApiFailed; }
    void markApiFailed() { m_lastApiFailed = true; }
    // `api <command>`: the api/response body, exactly as FreeSWITCH answers (errors included:
    // "-ERR nosuchcommand Command not found!\n", "-ERR No such channel!\n", ...). Fires the API
    // event afterwards, as the switch does (the reply reaches the client first).
    QByteArray api(const QString &command);
    // `bgapi <command>` with the Job-UUID the client chose (or generated): runs it and fires
    // BACKGROUND_JOB with the output as body — for originate only once the call is answered or
    // has failed.
    void bgapi(const QString &command, const QString &jobUuid, const QString &ownerUuid = {});

    // sendmsg call-command: execute. False (and nothing fired) when the channel does not exist:
    // the caller answers "-ERR invalid session id [<uuid>]".
    bool execute(const QString &uuid, const QString &application, const QString &argument,
                 const QString &eventUuid, int loops, bool eventLock);
    // sendmsg call-command: hangup.
    bool hangup(const QString &uuid, const QString &cause);
    // A hangup cause as switch_channel_str2cause reads it and switch_channel_cause2str names
    // it: a name in any case, or a number; anything else is NORMAL_CLEARING.
    [[nodiscard]] static QString causeName(const QString &cause);

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
        bool bridge = true; // a B leg bridged to the A leg
        QString aUuid;      // origination_uuid, or empty for a fresh one
        QString bUuid;
        QString socketTarget; // "host:port": run `socket host:port async full` on the B leg
        int durationMs = -1;  // hang up after this long once answered; -1: never
        // With bridge false: answered, then runs this application (a module's: conference,
        // callcenter, valet_park) instead of parking.
        QString application;
        QString applicationArgument;
        // Channel variables the dialplan sets on both legs before they answer (e.g.
        // rtcp_audio_interval_msec and fire_rtcp_events, read as the RTP session starts).
        QList<std::pair<QByteArray, QString>> variables{};
    };
    QString placeCall(const CallSpec &spec);

    // The modules (simmodule.h): mod_conference, mod_callcenter, mod_sofia's registrar and
    // gateways, mod_valet_parking.
    [[nodiscard]] SimConference *conferences() const { return m_conference; }
    [[nodiscard]] SimCallCenter *callCenter() const { return m_callCenter; }
    [[nodiscard]] SimSofia *sofia() const { return m_sofia; }
    [[nodiscard]] SimValet *valet() const { return m_valet; }
    // The modules' own traffic (conference members, queue callers and agents, phones
    // registering, a gateway failing now and then, parked calls), from `seed`.
    void startModuleTraffic(quint32 seed);
    void stopModuleTraffic();

    // The RTP sessions of the SIP legs (simrtp.h): counters, RTCP events, mediaStats.
    [[nodiscard]] SimRtp *media() const { return m_rtp; }
    // Makes a SIP leg's audio bad: `lossPct` % of the packets lost each way and `jitterMs` of
    // jitter, from `afterMs` after now (after its answer if it has not answered) for `forMs`
    // (-1: until it hangs up). False when no such channel exists.
    bool degradeLeg(const QString &uuid, double lossPct, double jitterMs, int afterMs = 0,
                    int forMs = -1);

    // Faults and lifecycle.
    void restart(); // a new Core-UUID, every channel gone without an event (as after a crash)
    void hangupAll(const QString &cause = QStringLiteral("NORMAL_CLEARING"));

    // Fires an arbitrary event (tests, the traffic generator's CUSTOM events).
    void fire(Esl::Event event);
    // Builds the 13 headers every event starts with (Event-Name ... Event-Sequence).
    [[nodiscard]] Esl::HeaderList eventBase(QByteArrayView name, QByteArrayView callingFile,
                                            QByteArrayView callingFunction, int callingLine);
    // Writes a line to the switch's log: the listeners that asked for its level (`log <level>`)
    // get it as log/data, its body framed as LogEntry::body says.
    void log(const LogEntry &entry);
    // The API event switch_api_execute fires once a command has run. api() fires its own; this
    // is for the callers that run a command as switch_api_execute does outside it (mod_amqp's
    // command queue runs `bgapi` through it, so that command fires one too).
    void fireApiEvent(const QString &command, const QString &argument);

Q_SIGNALS:
    void eventFired(const Sim::FiredEventPtr &event);
    void logged(const Sim::LogEntry &entry);
    // A channel ran `socket <host:port> async full`: the protocol side connects out.
    void outboundSocketRequested(const QString &uuid, const QString &host, quint16 port);
    void restarted(const QString &coreUuid);

private:
    struct PendingApp
    {
        QString application;
        QString argument;
        QString eventUuid;
        int loops = 1;
        // The channel's whole extension (originate's `&app(...)`): when it ends with nothing
        // after it, the channel hangs up, as switch_core_standard_on_execute does.
        bool extension = false;
    };
    // An attended transfer in progress (mod_dptools att_xfer): the transferor consults the
    // target while the partner waits in the suspended bridge.
    struct AttXfer
    {
        QString transferor;
        QString partner; // the transferor's bridged leg when it started; empty: it had none
        QString target;  // the leg it dialled
        bool transferorLedBridge = false; // the transferor was the A leg of the bridge
        bool consulting = false;          // the target answered and is bridged to the transferor
        bool partnerGone = false;         // the partner hung up while it waited
        PendingApp app;
    };
    // runApp(): the application runs until something else completes it (att_xfer, eavesdrop).
    static constexpr int kUntilCompleted = -2;
    Channel *channel(const QString &uuid) const;
    std::shared_ptr<Channel> newChannel(const QString &uuid, const QString &name,
                                        const QString &direction);
    // Builds and fires a channel event: base, `pre` headers, channel data, the other leg (when
    // `withOtherLeg` and there is one), the variables (when `withVariables`), `post` headers.
    void fireChannelEvent(QByteArrayView name, const Channel &channel,
                          const Esl::HeaderList &pre = {}, const Esl::HeaderList &post = {},
                          bool withVariables = true, bool withOtherLeg = true);
    void setState(Channel &channel, const QString &state);
    void setCallState(Channel &channel, const QString &callState);
    void answer(Channel &channel);
    void bridge(Channel &a, Channel &b);
    // What bridge() records on both legs, without an event (also for the initial calls).
    void linkBridge(Channel &a, Channel &b, qint64 nowMicros);
    void unbridge(Channel &a, Channel &b);
    // Ends the bridge of `a` and `b` with the A leg (the bridge's originator) reporting it.
    void endBridge(Channel &a, Channel &b);
    // switch_ivr_uuid_bridge: both legs leave what they were doing (a bridge elsewhere, a park)
    // and the originator bridges to the originatee. False, and nothing done, when either is
    // missing or hung up, or neither is answered.
    bool uuidBridge(const QString &originator, const QString &originatee);
    // The channel variables the real switch writes along the way (simvariables.cpp).
    // switch_channel_set_timestamps and the reporting state: the CDR variables (times, billsec,
    // duration, ...) and hangup_cause, just before CHANNEL_HANGUP_COMPLETE.
    void setTimestamps(Channel &channel);
    // switch_ivr_originate on a leg it makes: how it was dialled.
    static void markOriginated(Channel &leg, const QString &endpoint);
    // switch_ivr_originate on the leg that dialled, once `peer` answered: the outcome.
    static void markOriginateSucceeded(Channel &caller, const Channel &peer);
    // switch_channel_flip_cid before CALL_UPDATE: the caller id the channel had.
    static void markCallerIdFlipped(Channel &channel);
    // What the bridge writes on both legs as it starts (switch_ivr_multi_threaded_bridge).
    static void markBridged(Channel &a, Channel &b);
    // switch_channel_perform_hangup, before CHANNEL_HANGUP: the role the channel had in its
    // bridge, and the cause its partner learns.
    void markHangingUp(Channel &channel, const QString &cause);
    // The bridge thread as it ends: each leg that hung up tells the other its cause.
    static void markBridgeEnded(Channel &a, Channel &b);
    // switch_channel_cause_q850: the cause's number, NORMAL_CLEARING (16) above 127.
    [[nodiscard]] static int causeQ850(const QString &cause);
    // Who hangs a channel up: its "Hangup" log line names the code that did (simlog.cpp).
    enum class HangupBy {
        FarEnd,        // the phone (a SIP BYE), or whatever ends a channel of another kind
        Kill,          // uuid_kill
        HupAll,        // hupall
        Command,       // sendmsg call-command: hangup
        Application,   // the hangup application
        EndOfDialplan, // its extension ran out
        Bridge,        // its bridged (or dialling) partner went away
        LoopbackPair,  // the other half of its loopback pair went away
    };
    void hangupChannel(const QString &uuid, const QString &cause, bool withPartner = true,
                       HangupBy by = HangupBy::FarEnd);
    void destroyChannel(const QString &uuid);
    void hold(Channel &channel, bool on);
    // uuid_hold and the hold/unhold applications: false, with the switch's warning logged for
    // the channel, when its call state says it is already held (on) or not held (off).
    bool setHold(Channel &channel, bool on);
    [[nodiscard]] static bool holdsBySignalling(const Channel &channel);
    void park(Channel &channel);
    // switch_ivr_session_transfer. With `partnerToo` (uuid_transfer -both) the bridged leg is
    // transferred to the same destination instead of being hung up.
    void transfer(Channel &channel, const QString &destination, const QString &dialplan,
                  const QString &context, bool partnerToo = false);
    void startRecording(Channel &channel, const QString &path);
    // switch_ivr_stop_record_session: `path` is the recording's path or "all". False when no
    // recording matches (uuid_record answers "-ERR Cannot stop record session!").
    bool stopRecording(Channel &channel, const QString &path,
                       const QByteArray &completionCause = "success-maxtime");
    void sendDtmf(Channel &channel, const QString &digits);
    QString newBLeg(Channel &a, const QString &destination, const QString &bUuid,
                    const QString &jobUuid);
    // The channels placeCall() and newOutboundLeg() make, before any event about them.
    std::shared_ptr<Channel> newInboundChannel(const CallSpec &spec);
    std::shared_ptr<Channel> newOutboundChannel(Channel &caller, const QString &name,
                                                const QString &destination, const QString &uuid);
    // A leg `caller` dials (switch_ivr_originate with a session): CHANNEL_OUTGOING, CREATE and
    // ORIGINATE, then it rings. Whoever calls this answers it (or not).
    std::shared_ptr<Channel> newOutboundLeg(Channel &caller, const QString &name,
                                            const QString &destination, const QString &uuid);
    // mod_loopback (simloopback.cpp). newLoopbackPair makes `loopback/<exten>-a` (dialled by
    // `caller`, or by originate when null) and its `-b` leg, announceLoopbackPair fires their
    // creation (the -b entering the dialplan), answerLoopbackPair answers both as the -b leg's
    // extension does.
    [[nodiscard]] static bool isLoopback(const QString &endpoint);
    Channel *loopbackPairOf(const Channel &channel) const;
    std::shared_ptr<Channel> newLoopbackPair(Channel *caller, const QString &endpoint,
                                             const QString &uuid,
                                             const QHash<QString, QString> &variables);
    void announceLoopbackPair(Channel &a);
    void answerLoopbackPair(Channel &a);
    // bridge(loopback/...) on `a`: a pair whose -a leg `a` bridges to once it answers.
    QString newLoopbackBLeg(Channel &a, const QString &dialString, const QString &bUuid,
                            const QString &jobUuid);
    // Whether y is reachable from x through loopback pairs and bridges, a pair among them.
    [[nodiscard]] bool inOneLoopbackChain(const QString &x, const QString &y) const;
    // att_xfer (simapps.cpp).
    int startAttXfer(Channel &transferor, const PendingApp &app);
    void attXferAnswered(const QString &transferor);
    void attXferFailed(const AttXfer &transfer, const QString &cause);
    // The hangup of a leg that takes part in an attended transfer; false when it takes none.
    bool hangupInAttXfer(Channel &channel, const QString &cause);
    // Keeps the channel's listing row after it is gone (SwitchConfig::staleRowMs).
    void keepStaleRow(const Channel &channel);
    [[nodiscard]] QList<const Channel *> listedChannels() const;
    // eavesdrop / three_way (simapps.cpp).
    int startEavesdrop(Channel &channel, const PendingApp &app);
    void endEavesdrop(const QString &uuid);
    void eavesdropTargetGone(const QString &uuid);
    void runNextApp(const QString &uuid);
    int runApp(Channel &channel, const PendingApp &app); // ms until it completes; -1: never
    void completeApp(const QString &uuid, const PendingApp &app, const QString &response);
    // An application that runs until something else happens (bridge, park, socket, echo).
    void startBackgroundApp(const QString &uuid, const PendingApp &app);
    void finishBackgroundApp(const QString &uuid, const QString &response);
    void fireBackgroundJob(const QString &jobUuid, const QString &command, const QString &argument,
                           const QByteArray &output);
    void sendHeartbeat();
    QByteArray channelDump(const Channel &channel, bool json);
    QByteArray showChannels(bool json) const;
    QByteArray showCalls(bool json) const;
    int showCallCount() const;
    QByteArray statusText() const;
    QByteArray originate(const QString &arguments, const QString &jobUuid);
    // `json <request>` (simjsonapi.cpp): mod_commands' json_function and the json apis.
    QByteArray jsonApi(const QString &request);
    // SwitchConfig::initialCalls (siminitial.cpp).
    void createInitialCalls();

    QHash<QString, std::deque<PendingApp>> m_appQueues;
    QHash<QString, PendingApp> m_runningApp;    // uuid -> the app in progress
    QHash<QString, PendingApp> m_backgroundApp; // uuid -> bridge/park/socket in progress
    QHash<QString, QString> m_pendingJobs;      // A-leg uuid -> Job-UUID of its bgapi originate
    QHash<QString, QString> m_jobOwners; // Job-UUID -> the session that asked (Job-Owner-UUID)
    // Job-UUID -> Job-Command-Arg of a job whose BACKGROUND_JOB comes later (originate).
    QHash<QString, QString> m_jobArguments;
    QHash<QString, AttXfer> m_attXfers; // transferor uuid -> its attended transfer
    // Rows `show channels|calls` still list for channels gone in an attended transfer, as they
    // were just before they hung up, until the time (ms since the epoch) beside each.
    QList<std::pair<qint64, std::shared_ptr<const Channel>>> m_staleRows;
    QHash<QString, QString> m_eavesdrops; // eavesdropping leg -> the leg it listens to

    // The modules: every one (owned), and those loaded (SwitchConfig::withoutModules), which
    // the core calls. A module's destructor touches no channel.
    std::vector<std::unique_ptr<Module>> m_ownedModules;
    std::vector<Module *> m_modules;
    SimConference *m_conference = nullptr;
    SimCallCenter *m_callCenter = nullptr;
    SimSofia *m_sofia = nullptr;
    SimValet *m_valet = nullptr;
    // A module's extension or inline application for a transferred channel; false: none.
    bool routeToModule(Channel &channel, const QString &exten, const QString &dialplan);

    SimRtp *m_rtp = nullptr; // a child
    bool m_lastApiFailed = false;
    SwitchConfig m_config;
    QString m_coreUuid;
    QDateTime m_started;
    qint64 m_sequence = 0;
    qint64 m_sessionsSinceStartup = 0;
    int m_peakSessions = 0;
    QHash<QString, std::shared_ptr<Channel>> m_channels;
    QTimer m_heartbeat;
    QHash<QString, QString> m_globals;
    // The switch's own log lines about its channels, at the moments it writes them, each just
    // after the event of that moment, as they reach a connection (simlog.cpp). Nothing is built
    // while no one listens (see anyoneLogs()).
    [[nodiscard]] bool anyoneLogs() const;
    void logAbout(const Channel &channel, int level, int textChannel, const LogOrigin &origin,
                  const QByteArray &message);
    // After setState(): "State Change", and the dialplan's "Processing" as routing ends.
    void logStateChange(const Channel &channel, const QString &from);
    void logCallStateChange(const Channel &channel, const QString &from);
    // After fireChannelEvent(): the lines the switch writes where it fires `event`.
    void logWithEvent(QByteArrayView event, const Channel &channel, const Esl::HeaderList &pre,
                      const Esl::HeaderList &post);
    void logHangup(const Channel &channel, const QString &cause, HangupBy by);
    // "2026-11-24 13:08:14.788900 98.50% [DEBUG] switch_ivr.c:3575 ".
    QByteArray logPrefix(int level, QStringView file, int line);

    // logPrefix()'s cache: the local date and time of the current second.
    qint64 m_logSecond = -1;
    QByteArray m_logDate;
    // eventBase()'s cache: the date strings of the current second, the identity headers.
    qint64 m_dateSecond = -1;
    QByteArray m_dateLocal;
    QByteArray m_dateGmt;
    std::array<QByteArray, 4> m_identity;
};

} // namespace Sim
