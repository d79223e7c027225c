#pragma once
// What operators do to calls, as commands to the switch: hang up, transfer (blind or attended),
// hold, park, bridge, record, DTMF, listen/whisper/barge, originate, any dialplan application,
// uuid_dump. Widgets-free, so the window, the tests and scripts share one path.
//
// Every action
//  - checks its inputs with Esl::Commands' builders before anything is sent (CR/LF and other
//    control characters, empty destinations, malformed digits are refused with the reason);
//  - refuses a channel that is gone (ended, a zombie, or unknown) without sending anything, and
//    writes the refusal and its reason to the audit log (AuditLog::refuse);
//  - goes through the Hub, so the audit log records the exact command and the switch's reply;
//  - never blocks: the outcome arrives as a future and as started()/finished() signals;
//  - is sent at most once: the same command to the same server while it is still outstanding
//    is refused ("already in progress"), so a double click cannot send it twice;
//  - fails with a message when the server is not live or no reply comes within the timeout
//    (for bgapi and sendmsg: no acknowledgement; a ringing phone or a long application may
//    take longer);
//  - finishes its future even when this object is gone by then (the window closed);
//  - when the switch refuses a channel's command, adds the switch's log line about the channel
//    from a second before the reply to a second after it (its reason: "-ERR Operation failed"
//    says nothing, the log says "Call is not on hold").

#include "monitor/channelkey.h"

#include "esl/commands.h"
#include "monitor/hub.h"

#include <QFuture>
#include <QObject>
#include <QSet>

#include <functional>
#include <optional>

namespace Console {

using Monitor::ChannelKey;
class ChannelLog;

struct ActionOutcome
{
    int id = 0;      // started() and finished() of one action carry the same id
    QString server;  // the server's name
    QString what;    // for people: "Hang up Alice Smith (1000)"
    QString command; // exactly what was sent ("api uuid_kill ..."); empty if refused first
    bool pending = false;
    bool ok = false;
    QString reply; // the switch's answer (its -ERR text on failure), or why nothing was sent
    QString action; // the action's name: "Hang up", "Record", "Listen" (last: aggregates in tests)

    // Refused before anything was sent (the reply says why).
    [[nodiscard]] bool refused() const { return !pending && !ok && command.isEmpty(); }
};

class CallControl : public QObject
{
    Q_OBJECT

public:
    enum class Eavesdrop { Listen, Whisper, Barge };

    explicit CallControl(Monitor::Hub *hub, QObject *parent = nullptr);

    // Replies later than this fail the action with a timeout (default 10 s; 0: none). For
    // bgapi and sendmsg it bounds the switch's acknowledgement: an originate's job may then
    // take as long as the call rings, an application as long as it runs.
    void setTimeoutMs(int ms) { m_timeoutMs = ms; }
    [[nodiscard]] int timeoutMs() const { return m_timeoutMs; }

    QFuture<ActionOutcome> hangup(const ChannelKey &channel, const QString &cause = {});
    QFuture<ActionOutcome> transfer(const ChannelKey &channel, const QString &destination,
                                    Esl::Commands::Leg leg = Esl::Commands::Leg::A,
                                    const QString &dialplan = {}, const QString &context = {});
    // Attended: the channel consults `target` (a dial string such as user/3000, or an
    // extension, dialled through loopback in `context`) while its partner waits; when the channel
    // hangs up, the partner is bridged to the target (att_xfer).
    QFuture<ActionOutcome> attendedTransfer(const ChannelKey &channel, const QString &target,
                                            const QString &context = QStringLiteral("default"));
    QFuture<ActionOutcome> hold(const ChannelKey &channel,
                                Esl::Commands::HoldAction action = Esl::Commands::HoldAction::Hold);
    QFuture<ActionOutcome> park(const ChannelKey &channel);
    QFuture<ActionOutcome> bridge(const ChannelKey &channel, const ChannelKey &other);
    QFuture<ActionOutcome> startRecording(const ChannelKey &channel, const QString &path);
    // Stops the recordings to `path`, or all of the channel's ("all").
    QFuture<ActionOutcome> stopRecording(const ChannelKey &channel,
                                         const QString &path = QStringLiteral("all"));
    QFuture<ActionOutcome> sendDtmf(const ChannelKey &channel, const QString &digits);
    // Rings the operator's own phone (`operatorEndpoint`, e.g. user/1000) and, when answered,
    // listens to the channel, whispers to it, or joins the call (three_way).
    QFuture<ActionOutcome> eavesdrop(const ChannelKey &channel, Eavesdrop mode,
                                     const QString &operatorEndpoint);
    // Click to call, through bgapi; the outcome's reply is the job's result (+OK <uuid>).
    QFuture<ActionOutcome> originate(Monitor::ServerId server,
                                     const Esl::Commands::Originate &request);
    // Runs an application on the channel (sendmsg execute) and finishes when the switch's
    // CHANNEL_EXECUTE_COMPLETE arrives; the reply is its Application-Response. A link without
    // sendmsg but with api (a broker) runs it through `uuid_broadcast <uuid> <app>::<args> aleg`
    // instead: that finishes once the switch has queued it (completion is not reported, and
    // event-lock has no place in it), and arguments holding spaces are refused.
    QFuture<ActionOutcome> execute(const ChannelKey &channel, const QString &application,
                                   const QString &arguments, bool eventLock = false);
    // The channel's uuid_dump; the reply is the dump.
    QFuture<ActionOutcome> dump(const ChannelKey &channel);

    // A supervisor panel's action on a server (a conference, a queue, a gateway, a lot): an api
    // command (built with the checks of its panel's builder; a builder's error refuses it, sent
    // nowhere), audited, at most once at a time, timed out as every action. The modules answer
    // in their own words ("OK mute 3", "Non-Existant ID 9", "Energy 3 = 300" without +OK): a
    // `check`, given the reply's text, returns the failure's reason, or nothing when it worked.
    // Without one, a reply starting "-ERR" or "-USAGE" is a failure.
    using ReplyCheck = std::function<std::optional<QString>(const QString &reply)>;
    QFuture<ActionOutcome> serverCommand(Monitor::ServerId server, const QString &action,
                                         const QString &what,
                                         const Esl::Expected<QString> &command,
                                         const ReplyCheck &check = {});

    // A recording path from a template: {recordings_dir} (the switch's, `recordingsDir`; a
    // packaged switch's /var/lib/freeswitch/recordings when empty) {uuid} {date} {time} {caller}
    // {destination} {server}, every filled-in value but the directory made safe for a path (no
    // spaces, slashes or control characters).
    [[nodiscard]] QString expandRecordTemplate(const QString &pattern, const ChannelKey &channel,
                                               const QString &recordingsDir = {}) const;
    // "Alice Smith (1000) → 2000": how an action names a channel.
    [[nodiscard]] QString describe(const ChannelKey &channel) const;
    // The channel when it is up on its server (not ended, not a zombie), else null.
    [[nodiscard]] const Monitor::Channel *liveChannel(const ChannelKey &channel) const;

    [[nodiscard]] int outstanding() const { return int(m_inFlight.size()); }

    // How far from a refusal the switch's log line about the channel may be.
    static constexpr qint64 kLogNearMs = 1000;

Q_SIGNALS:
    void started(const Console::ActionOutcome &outcome);
    void finished(const Console::ActionOutcome &outcome);

private:
    // What the switch answered, whatever the kind of command.
    struct Answer
    {
        bool ok = false;
        QString text;
    };
    enum class Wait { ForReply, ForAcknowledgement };
    // How an action is named: its name ("Record") and the whole of it ("Record Alice … to …").
    struct Label
    {
        QString action;
        QString what;
    };

    // A channel action through api, after the builder's checks and the channel's.
    // `okReply`, when given, stands for the switch's text on success (its +OK says too little).
    QFuture<ActionOutcome> sendApi(const ChannelKey &channel, const Label &label,
                                   const Esl::Expected<QString> &command,
                                   const QString &okReply = {});
    // Through bgapi: acknowledged within the timeout, its job may take `jobTimeoutMs`.
    QFuture<ActionOutcome> sendBgapi(Monitor::ServerId server, const Label &label,
                                     const Esl::Expected<QString> &command, int jobTimeoutMs);
    QFuture<ActionOutcome> sendExecute(const ChannelKey &channel, const Label &label,
                                       const QString &application, const QString &arguments,
                                       bool eventLock);
    // sendExecute's stand-in over a link without sendmsg (see execute()).
    QFuture<ActionOutcome> sendBroadcast(const ChannelKey &channel, const Label &label,
                                         const QString &application, const QString &arguments,
                                         const QString &linkKind);
    // Puts the command on the wire; a bgapi or sendmsg hands `accepted` to its link, which calls
    // it when the switch acknowledges the command.
    using Send = std::function<QFuture<Answer>(const Monitor::SwitchLink::Accepted &accepted)>;
    // Books the action as in flight, puts it on the wire with `send`, and finishes it exactly
    // once: with the switch's answer, or when the switch has not acknowledged it in time.
    QFuture<ActionOutcome> dispatch(Monitor::ServerId server, const Label &label,
                                    const QString &command, Wait wait, const Send &send);
    // Finishes the action at once, unsent, and audits the refusal.
    QFuture<ActionOutcome> refuse(Monitor::ServerId server, const Label &label,
                                  const QString &why);
    ActionOutcome begin(Monitor::ServerId server, const Label &label, const QString &command);
    ActionOutcome end(ActionOutcome outcome, bool ok, const QString &reply);
    [[nodiscard]] QString goneReason(const ChannelKey &channel) const;

    Monitor::Hub *m_hub;
    ChannelLog *m_log;
    int m_timeoutMs = 10000;
    int m_nextId = 1;
    QSet<QString> m_inFlight; // "<server id> <command>" of what is outstanding
};

} // namespace Console

Q_DECLARE_METATYPE(Console::ActionOutcome)
