// The simulated switch's log: the lines FreeSWITCH 1.10.12 writes about every channel, at the
// moments it writes them, with the Log-File, Log-Func and Log-Line of the code that writes them
// and the channel's uuid as User-Data (see tests/fixtures/inbound-plain.esl). For a call:
//
//   NOTICE switch_channel.c:1142     New Channel sofia/internal/1000@10.0.0.5 [<uuid>]
//   DEBUG  (sofia/internal/1000@10.0.0.5) State Change CS_INIT -> CS_ROUTING
//   INFO   mod_dialplan_xml.c:639    Processing Alice <1000>->2000 in context default
//   INFO   EXECUTE [depth=0] sofia/internal/1000@10.0.0.5 bridge(sofia/external/2000)
//   NOTICE sofia.c:7604              Ring Ready sofia/external/2000!
//   NOTICE sofia.c:8681              Channel [sofia/external/2000] has been answered
//   DEBUG  switch_ivr_bridge.c:911   BRIDGE THREAD DONE [sofia/internal/1000@10.0.0.5]
//   NOTICE sofia.c:1065              Hangup sofia/internal/1000@... [CS_EXECUTE] [NORMAL_CLEARING]
//   NOTICE switch_core_session.c:1766  Close Channel sofia/internal/1000@... [CS_DESTROY]
//
// A real switch writes three to four times as many DEBUG lines (each state's "Running State
// Change", "State X going to sleep", the endpoint's "CHANNEL ROUTING", every dialplan regex
// tried); those say nothing an operator can act on and are left out, so a call costs about 30
// lines at `log 7` and 13 at `log 6`. Nothing is built while no listener asked for log lines.
//
// Each line follows the event of its moment (CHANNEL_CREATE, then New Channel): the switch hands
// its log to a thread of its own, and on the wire its lines trail the events (in the capture a
// leg's Hangup line comes after its CHANNEL_HANGUP, even after its CHANNEL_DESTROY).

#include "channel.h"
#include "simswitch.h"

#include <QMetaMethod>

#include <chrono>

namespace Sim {

namespace {

constexpr LogOrigin kNewChannel{"switch_channel.c", "switch_channel_set_name", 1142};
constexpr LogOrigin kProcessing{"mod_dialplan_xml.c", "dialplan_hunt", 639};
constexpr LogOrigin kExecute{"switch_core_session.c", "switch_core_session_exec", 2902};
constexpr LogOrigin kBridgeDone{"switch_ivr_bridge.c", "audio_bridge_thread", 911};
constexpr LogOrigin kSessionEnded{"switch_core_session.c", "switch_core_session_thread", 1762};
constexpr LogOrigin kCloseChannel{"switch_core_session.c", "switch_core_session_thread", 1766};
constexpr LogOrigin kHangupCallState{"switch_core_state_machine.c",
                                     "switch_core_session_hangup_state", 844};
constexpr LogOrigin kCallState{"switch_channel.c", "switch_channel_perform_set_callstate", 296};

// switch_log_level2str.
const char *levelName(int level)
{
    static const char *const names[] = {"CONSOLE", "ALERT",  "CRIT", "ERR",
                                        "WARNING", "NOTICE", "INFO", "DEBUG"};
    return level >= 0 && level <= 7 ? names[level] : "DEBUG";
}

bool isSofia(const Channel &channel)
{
    return channel.name.startsWith(u"sofia/");
}

// Who called switch_channel_set_state: the line that logs "State Change" is the caller's.
LogOrigin stateChangeOrigin(const QString &from, const QString &to)
{
    constexpr const char *machine = "switch_core_state_machine.c";
    if (to == u"CS_ROUTING")
        return from == u"CS_INIT" ? LogOrigin{machine, "switch_core_standard_on_init", 48}
                                  : LogOrigin{"switch_ivr.c", "switch_ivr_session_transfer", 2296};
    if (to == u"CS_EXECUTE")
        return from == u"CS_ROUTING" ? LogOrigin{machine, "switch_core_standard_on_routing", 281}
                                     : LogOrigin{"switch_ivr_bridge.c", "audio_bridge_thread", 872};
    if (to == u"CS_CONSUME_MEDIA")
        return {"switch_ivr_originate.c", "originate_on_routing", 67};
    if (to == u"CS_EXCHANGE_MEDIA")
        return {"switch_ivr_bridge.c", "switch_ivr_multi_threaded_bridge", 1791};
    if (to == u"CS_PARK")
        return {"switch_ivr.c", "switch_ivr_park_session", 3575};
    if (to == u"CS_REPORTING")
        return {machine, "switch_core_session_run", 616};
    if (to == u"CS_DESTROY")
        return {machine, "switch_core_session_run", 607};
    return {"switch_channel.c", "switch_channel_perform_set_state", 2615};
}

} // namespace

bool Switch::anyoneLogs() const
{
    // Listeners connect to logged() only while they take log lines (`log`, until `nolog`).
    static const QMetaMethod signal = QMetaMethod::fromSignal(&Switch::logged);
    return isSignalConnected(signal);
}

void Switch::log(const LogEntry &entry)
{
    if (!anyoneLogs())
        return;
    if (!entry.body.isEmpty()) {
        Q_EMIT logged(entry);
        return;
    }
    LogEntry framed = entry;
    framed.body = entry.channel == 1 ? entry.text
                                     : logPrefix(entry.level, entry.file, entry.line) + entry.text;
    Q_EMIT logged(framed);
}

QByteArray Switch::logPrefix(int level, QStringView file, int line)
{
    using namespace std::chrono;
    const qint64 micros =
        duration_cast<microseconds>(system_clock::now().time_since_epoch()).count();
    // Formatting dates is dear; they change once a second.
    if (micros / 1000000 != m_logSecond) {
        m_logSecond = micros / 1000000;
        m_logDate = QDateTime::fromSecsSinceEpoch(m_logSecond)
                        .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"))
                        .toUtf8();
    }
    QByteArray prefix;
    prefix.reserve(64 + file.size());
    prefix.append(m_logDate);
    prefix.append('.');
    prefix.append(QByteArray::number(micros % 1000000).rightJustified(6, '0'));
    // The idle CPU the HEARTBEAT reports (Idle-CPU: 98.500000).
    prefix.append(" 98.50% [");
    prefix.append(levelName(level));
    prefix.append("] ");
    prefix.append(file.toUtf8());
    prefix.append(':');
    prefix.append(QByteArray::number(line));
    prefix.append(' ');
    return prefix;
}

void Switch::logAbout(const Channel &channel, int level, int textChannel, const LogOrigin &origin,
                      const QByteArray &message)
{
    log(LogEntry{level, QString::fromLatin1(origin.file), QString::fromLatin1(origin.function),
                 origin.line, channel.uuid, message, textChannel});
}

void Switch::logStateChange(const Channel &channel, const QString &from)
{
    // Hanging up sets CS_HANGUP without a "State Change": the "Hangup" line says it.
    const QString &to = channel.state;
    if (!anyoneLogs() || to == u"CS_HANGUP")
        return;
    const QByteArray name = channel.name.toUtf8();
    if (from == u"CS_ROUTING" && to == u"CS_EXECUTE" &&
        (channel.direction == u"inbound" || !channel.profile.transferSource.isEmpty())) {
        // The XML dialplan's hunt, in the routing state; an originated leg runs its inline
        // extension without one.
        const CallerProfile &p = channel.profile;
        logAbout(channel, 6, 3, kProcessing,
                 QStringLiteral("Processing %1 <%2>->%3 in context %4\n")
                     .arg(p.callerIdName, p.callerIdNumber, p.destination, p.context)
                     .toUtf8());
    }
    logAbout(channel, 7, 0, stateChangeOrigin(from, to),
             '(' + name + ") State Change " + from.toUtf8() + " -> " + to.toUtf8() + '\n');
}

void Switch::logCallStateChange(const Channel &channel, const QString &from)
{
    if (!anyoneLogs())
        return;
    const QString &to = channel.callState;
    logAbout(channel, 7, 0, to == u"HANGUP" ? kHangupCallState : kCallState,
             '(' + channel.name.toUtf8() + ") Callstate Change " + from.toUtf8() + " -> " +
                 to.toUtf8() + '\n');
}

void Switch::logWithEvent(QByteArrayView event, const Channel &channel, const Esl::HeaderList &pre,
                          const Esl::HeaderList &post)
{
    if (!anyoneLogs())
        return;
    const QByteArray name = channel.name.toUtf8();
    if (event == "CHANNEL_CREATE") {
        logAbout(channel, 5, 3, kNewChannel,
                 "New Channel " + name + " [" + channel.uuid.toUtf8() + "]\n");
    } else if (event == "CHANNEL_PROGRESS") {
        logAbout(channel, 5, 0,
                 isSofia(channel) ? LogOrigin{"sofia.c", "sofia_handle_sip_i_state", 7604}
                                  : LogOrigin{"switch_channel.c",
                                              "switch_channel_perform_mark_ring_ready_value", 3660},
                 "Ring Ready " + name + "!\n");
    } else if (event == "CHANNEL_ANSWER") {
        // switch_channel_perform_mark_answered logs with its caller's place: the far end's
        // answer for an outbound leg, the originate for the leg that dialled it, else the
        // answer application.
        LogOrigin origin{"mod_dptools.c", "answer_function", 1406};
        if (channel.direction == u"outbound")
            origin = isSofia(channel)
                         ? LogOrigin{"sofia.c", "sofia_handle_sip_i_state", 8681}
                         : LogOrigin{"mod_loopback.c", "channel_receive_message", 1021};
        else if (m_backgroundApp.value(channel.uuid).application == u"bridge")
            origin = LogOrigin{"switch_ivr_originate.c", "switch_ivr_originate", 3855};
        logAbout(channel, 5, 0, origin, "Channel [" + name + "] has been answered\n");
    } else if (event == "CHANNEL_EXECUTE") {
        const QByteArrayView application = post.value("Application");
        const QByteArrayView argument = post.value("Application-Data");
        logAbout(channel, 6, 1, kExecute,
                 "EXECUTE [depth=0] " + name + ' ' + application.toByteArray() + '(' +
                     argument.toByteArray() + ")\n");
    } else if (event == "CHANNEL_UNBRIDGE") {
        // Each leg's bridge thread ends.
        for (const QByteArrayView id :
             {pre.value("Bridge-A-Unique-ID"), pre.value("Bridge-B-Unique-ID")}) {
            if (const Channel *leg = this->channel(QString::fromUtf8(id)))
                logAbout(*leg, 7, 3, kBridgeDone,
                         "BRIDGE THREAD DONE [" + leg->name.toUtf8() + "]\n");
        }
    } else if (event == "CHANNEL_DESTROY") {
        logAbout(channel, 5, 3, kSessionEnded,
                 "Session " + channel.variable("session_id").toUtf8() + " (" + name + ") Ended\n");
        logAbout(channel, 5, 0, kCloseChannel,
                 "Close Channel " + name + " [" + channel.state.toUtf8() + "]\n");
    }
}

void Switch::logHangup(const Channel &channel, const QString &cause, HangupBy by)
{
    if (!anyoneLogs())
        return;
    // switch_channel_perform_hangup logs with its caller's place.
    LogOrigin origin{"switch_channel.c", "switch_channel_perform_hangup", 3424};
    switch (by) {
    case HangupBy::FarEnd:
        if (isSofia(channel))
            origin = {"sofia.c", "sofia_handle_sip_i_bye", 1065};
        break;
    case HangupBy::Kill:
        origin = {"switch_ivr.c", "switch_ivr_kill_uuid", 4412};
        break;
    case HangupBy::HupAll:
        origin = {"switch_core_session.c", "switch_core_session_hupall", 407};
        break;
    case HangupBy::Command:
        origin = {"switch_ivr.c", "switch_ivr_parse_event", 773};
        break;
    case HangupBy::Application:
        origin = {"mod_dptools.c", "hangup_function", 1374};
        break;
    case HangupBy::EndOfDialplan:
        origin = {"switch_core_state_machine.c", "switch_core_standard_on_execute", 384};
        break;
    case HangupBy::Bridge:
        origin = channel.state == u"CS_EXCHANGE_MEDIA"
                     ? LogOrigin{"switch_ivr_bridge.c", "audio_bridge_on_exchange_media", 1027}
                     : LogOrigin{"switch_ivr_bridge.c", "switch_ivr_multi_threaded_bridge", 1942};
        break;
    case HangupBy::LoopbackPair:
        origin = {"mod_loopback.c", "channel_on_hangup", 585};
        break;
    }
    logAbout(channel, 5, 0, origin,
             "Hangup " + channel.name.toUtf8() + " [" + channel.state.toUtf8() + "] [" +
                 cause.toUtf8() + "]\n");
}

} // namespace Sim
