#include "simswitch.h"

#include "channel.h"

#include <QLocale>
#include <QTimeZone>
#include <QUuid>

namespace Sim {

namespace {

QString freshUuid()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

qint64 nowMicros()
{
    return QDateTime::currentMSecsSinceEpoch() * 1000;
}

// Where the real switch fires each event from (Event-Calling-File/Function/Line-Number).
struct Origin
{
    const char *file;
    const char *function;
    int line;
};

Origin originOf(QByteArrayView name)
{
    static const QHash<QByteArray, Origin> origins{
        {"CHANNEL_CREATE", {"switch_core_state_machine.c", "switch_core_session_run", 626}},
        {"CHANNEL_ORIGINATE", {"switch_core_state_machine.c", "switch_core_session_run", 632}},
        {"CHANNEL_OUTGOING",
         {"switch_core_session.c", "switch_core_session_outgoing_channel", 768}},
        {"CHANNEL_STATE", {"switch_channel.c", "switch_channel_perform_set_running_state", 2408}},
        {"CHANNEL_CALLSTATE", {"switch_channel.c", "switch_channel_perform_set_callstate", 301}},
        {"CHANNEL_PROGRESS",
         {"switch_channel.c", "switch_channel_perform_mark_ring_ready_value", 3622}},
        {"CHANNEL_ANSWER", {"switch_channel.c", "switch_channel_perform_mark_answered", 3846}},
        {"CHANNEL_BRIDGE", {"switch_ivr_bridge.c", "switch_ivr_multi_threaded_bridge", 1689}},
        {"CHANNEL_UNBRIDGE", {"switch_ivr_bridge.c", "switch_ivr_multi_threaded_bridge", 1879}},
        {"CHANNEL_EXECUTE", {"switch_core_session.c", "switch_core_session_exec", 2944}},
        {"CHANNEL_EXECUTE_COMPLETE", {"switch_core_session.c", "switch_core_session_exec", 2967}},
        {"CHANNEL_HANGUP", {"switch_channel.c", "switch_channel_perform_hangup", 3445}},
        {"CHANNEL_HANGUP_COMPLETE",
         {"switch_core_state_machine.c", "switch_core_session_reporting_state", 943}},
        {"CHANNEL_DESTROY", {"switch_core_session.c", "switch_core_session_perform_destroy", 1584}},
        {"CHANNEL_HOLD", {"switch_ivr.c", "switch_ivr_hold", 1558}},
        {"CHANNEL_UNHOLD", {"switch_ivr.c", "switch_ivr_unhold", 1611}},
        {"CHANNEL_PARK", {"switch_ivr.c", "switch_ivr_park", 1002}},
        {"CHANNEL_UNPARK", {"switch_ivr.c", "switch_ivr_park", 1213}},
        {"CALL_UPDATE", {"switch_channel.c", "switch_channel_flip_cid", 3277}},
        {"RECORD_START", {"switch_ivr_async.c", "record_callback", 1481}},
        {"RECORD_STOP", {"switch_ivr_async.c", "send_record_stop_event", 1240}},
        {"MEDIA_BUG_START", {"switch_core_media_bug.c", "switch_core_media_bug_add", 1014}},
        {"MEDIA_BUG_STOP", {"switch_core_media_bug.c", "switch_core_media_bug_destroy", 84}},
        {"DTMF", {"switch_channel.c", "switch_channel_dequeue_dtmf", 677}},
        {"PLAYBACK_START", {"switch_ivr_play_say.c", "switch_ivr_play_file", 1646}},
        {"PLAYBACK_STOP", {"switch_ivr_play_say.c", "switch_ivr_play_file", 2020}},
        {"HEARTBEAT", {"switch_core.c", "send_heartbeat", 95}},
        {"API", {"switch_loadable_module.c", "switch_api_execute", 2954}},
        {"BACKGROUND_JOB", {"mod_event_socket.c", "api_exec", 1572}},
        {"CHANNEL_DATA", {"mod_commands.c", "uuid_dump_function", 6468}},
    };
    return origins.value(name.toByteArray(), Origin{"switch_event.c", "switch_event_fire", 2000});
}

} // namespace

Switch::Switch(SwitchConfig config, QObject *parent)
    : QObject(parent), m_config(std::move(config)), m_coreUuid(freshUuid()),
      m_started(QDateTime::currentDateTimeUtc())
{
    m_globals.insert(QStringLiteral("hostname"), m_config.hostname);
    m_globals.insert(QStringLiteral("switchname"), m_config.hostname);
    m_globals.insert(QStringLiteral("local_ip_v4"), m_config.ipv4);
    m_globals.insert(QStringLiteral("local_ip_v6"), m_config.ipv6);
    m_globals.insert(QStringLiteral("domain"), m_config.ipv4);
    m_globals.insert(QStringLiteral("core_uuid"), m_coreUuid);
    connect(&m_heartbeat, &QTimer::timeout, this, &Switch::sendHeartbeat);
    if (m_config.heartbeatIntervalMs > 0)
        m_heartbeat.start(m_config.heartbeatIntervalMs);
}

Switch::~Switch() = default;

Channel *Switch::channel(const QString &uuid) const
{
    const auto it = m_channels.constFind(uuid);
    return it == m_channels.cend() ? nullptr : it->get();
}

bool Switch::hasChannel(const QString &uuid) const
{
    return m_channels.contains(uuid);
}

QStringList Switch::channelUuids() const
{
    return m_channels.keys();
}

Esl::HeaderList Switch::eventBase(QByteArrayView name, QByteArrayView callingFile,
                                  QByteArrayView callingFunction, int callingLine)
{
    const qint64 nowMs = QDateTime::currentMSecsSinceEpoch();
    // Formatting dates is dear; they change once a second.
    if (nowMs / 1000 != m_dateSecond) {
        m_dateSecond = nowMs / 1000;
        const QDateTime now = QDateTime::fromMSecsSinceEpoch(nowMs);
        m_dateLocal = now.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")).toUtf8();
        m_dateGmt = QLocale::c()
                        .toString(now.toUTC(), QStringLiteral("ddd, dd MMM yyyy HH:mm:ss 'GMT'"))
                        .toUtf8();
        m_identity = {m_coreUuid.toUtf8(), m_config.hostname.toUtf8(), m_config.ipv4.toUtf8(),
                      m_config.ipv6.toUtf8()};
    }
    Esl::HeaderList h;
    h.reserve(128, 6144);
    h.append("Event-Name", name);
    h.append("Core-UUID", m_identity[0]);
    h.append("FreeSWITCH-Hostname", m_identity[1]);
    h.append("FreeSWITCH-Switchname", m_identity[1]);
    h.append("FreeSWITCH-IPv4", m_identity[2]);
    h.append("FreeSWITCH-IPv6", m_identity[3]);
    h.append("Event-Date-Local", m_dateLocal);
    h.append("Event-Date-GMT", m_dateGmt);
    h.append("Event-Date-Timestamp", QByteArray::number(nowMs * 1000));
    h.append("Event-Calling-File", callingFile);
    h.append("Event-Calling-Function", callingFunction);
    h.append("Event-Calling-Line-Number", QByteArray::number(callingLine));
    h.append("Event-Sequence", QByteArray::number(++m_sequence));
    return h;
}

void Switch::fire(Esl::Event event)
{
    Q_EMIT eventFired(std::make_shared<const FiredEvent>(std::move(event)));
}

void Switch::log(const LogEntry &entry)
{
    Q_EMIT logged(entry);
}

void Switch::fireChannelEvent(QByteArrayView name, const Channel &channel,
                              const Esl::HeaderList &pre, const Esl::HeaderList &post,
                              bool withVariables, bool withOtherLeg)
{
    const Origin origin = originOf(name);
    Esl::HeaderList h = eventBase(name, origin.file, origin.function, origin.line);
    for (qsizetype i = 0; i < pre.size(); ++i)
        h.append(pre.name(i), pre.value(i));
    channel.appendChannelData(h);
    if (withOtherLeg && !channel.otherUuid.isEmpty()) {
        if (const Channel *other = this->channel(channel.otherUuid))
            channel.appendOtherLeg(h, *other);
    }
    for (qsizetype i = 0; i < post.size(); ++i)
        h.append(post.name(i), post.value(i));
    if (withVariables)
        channel.appendVariables(h);
    fire(Esl::Event(std::move(h), {}, false));
}

std::shared_ptr<Channel> Switch::newChannel(const QString &uuid, const QString &name,
                                            const QString &direction)
{
    auto channel = std::make_shared<Channel>();
    channel->uuid = uuid.isEmpty() ? freshUuid() : uuid;
    channel->name = name;
    channel->direction = direction;
    channel->createdEpochMs = QDateTime::currentMSecsSinceEpoch();
    channel->profile.direction = direction;
    channel->profile.logicalDirection = direction;
    channel->profile.uniqueId = channel->uuid;
    channel->profile.channelName = name;
    channel->profile.createdTime = nowMicros();
    channel->setVariable("direction", direction);
    channel->setVariable("uuid", channel->uuid);
    channel->setVariable("session_id", QString::number(m_sessionsSinceStartup + 1));
    channel->setVariable("channel_name", name);
    channel->setVariable("read_codec", channel->codec);
    channel->setVariable("read_rate", QString::number(channel->codecRate));
    channel->setVariable("write_codec", channel->codec);
    channel->setVariable("write_rate", QString::number(channel->codecRate));
    m_channels.insert(channel->uuid, channel);
    ++m_sessionsSinceStartup;
    m_peakSessions = std::max(m_peakSessions, int(m_channels.size()));
    return channel;
}

void Switch::setState(Channel &channel, const QString &state)
{
    if (channel.state == state)
        return;
    channel.state = state;
    fireChannelEvent("CHANNEL_STATE", channel, {}, {}, false);
}

void Switch::setCallState(Channel &channel, const QString &callState)
{
    if (channel.callState == callState)
        return;
    Esl::HeaderList pre;
    pre.append("Original-Channel-Call-State", channel.callState.toUtf8());
    pre.append("Channel-Call-State-Number",
               QByteArray::number(Channel::callStateNumber(callState)));
    channel.callState = callState;
    fireChannelEvent("CHANNEL_CALLSTATE", channel, pre, {}, false);
}

void Switch::answer(Channel &channel)
{
    if (channel.answerState == u"answered")
        return;
    channel.answerState = QStringLiteral("answered");
    channel.profile.answeredTime = nowMicros();
    fireChannelEvent("CHANNEL_ANSWER", channel);
    setCallState(channel, QStringLiteral("ACTIVE"));
}

void Switch::bridge(Channel &a, Channel &b)
{
    const qint64 now = nowMicros();
    a.bridgedUuid = b.uuid;
    b.bridgedUuid = a.uuid;
    a.otherUuid = b.uuid;
    a.otherType = QStringLiteral("originatee");
    b.otherUuid = a.uuid;
    b.otherType = QStringLiteral("originator");
    a.profile.bridgedTime = now;
    b.profile.bridgedTime = now;
    a.setVariable("bridge_uuid", b.uuid);
    a.setVariable("signal_bond", b.uuid);
    b.setVariable("bridge_uuid", a.uuid);
    b.setVariable("signal_bond", a.uuid);
    // The A leg learns who it is talking to (switch_channel_flip_cid), then the bridge.
    a.profile.calleeIdName = b.profile.callerIdName == a.profile.callerIdName
                                 ? b.profile.destination
                                 : b.profile.callerIdName;
    a.profile.calleeIdNumber = b.profile.destination;
    Esl::HeaderList update;
    update.append("Direction", "RECV");
    fireChannelEvent("CALL_UPDATE", a, update, {}, true, false);
    Esl::HeaderList pre;
    pre.append("Bridge-A-Unique-ID", a.uuid.toUtf8());
    pre.append("Bridge-B-Unique-ID", b.uuid.toUtf8());
    fireChannelEvent("CHANNEL_BRIDGE", a, pre);
    setState(b, QStringLiteral("CS_EXCHANGE_MEDIA"));
}

void Switch::unbridge(Channel &a, Channel &b)
{
    Esl::HeaderList pre;
    pre.append("Bridge-A-Unique-ID", a.uuid.toUtf8());
    pre.append("Bridge-B-Unique-ID", b.uuid.toUtf8());
    a.bridgedUuid.clear();
    b.bridgedUuid.clear();
    a.setVariable("last_bridge_to", b.uuid);
    b.setVariable("last_bridge_to", a.uuid);
    fireChannelEvent("CHANNEL_UNBRIDGE", a, pre);
}

QString Switch::placeCall(const CallSpec &spec)
{
    const QString host = m_config.ipv4;
    auto a =
        newChannel(spec.aUuid, QStringLiteral("sofia/internal/%1@%2").arg(spec.callerNumber, host),
                   QStringLiteral("inbound"));
    CallerProfile &p = a->profile;
    p.callerIdName = p.origCallerIdName = spec.callerName;
    p.callerIdNumber = p.origCallerIdNumber = p.ani = spec.callerNumber;
    p.destination = spec.destination;
    p.calleeIdName = p.calleeIdNumber = spec.destination;
    p.context = spec.context;
    a->setVariable("sip_from_user", spec.callerNumber);
    a->setVariable("sip_to_user", spec.destination);
    a->setVariable("sip_user_agent", QStringLiteral("Switchboard-Sim/1.0"));
    a->setVariable("caller_id_name", spec.callerName);
    a->setVariable("caller_id_number", spec.callerNumber);
    a->state = QStringLiteral("CS_INIT");
    fireChannelEvent("CHANNEL_CREATE", *a);
    setState(*a, QStringLiteral("CS_ROUTING"));
    setCallState(*a, QStringLiteral("RINGING"));
    a->hitDialplan = true;
    setState(*a, QStringLiteral("CS_EXECUTE"));
    const QString aUuid = a->uuid;

    if (!spec.bridge) {
        // Answered by the switch itself, then parked (an IVR waiting for an operator).
        QTimer::singleShot(m_config.answerDelayMs, this, [this, aUuid] {
            if (Channel *c = channel(aUuid)) {
                answer(*c);
                park(*c);
            }
        });
    } else {
        const QString destination =
            spec.socketTarget.isEmpty() ? spec.destination : spec.destination;
        const QString bUuid = newBLeg(*a, destination, spec.bUuid, {});
        if (!spec.socketTarget.isEmpty()) {
            const QString target = spec.socketTarget;
            QTimer::singleShot(0, this, [this, bUuid, target] {
                if (Channel *b = channel(bUuid)) {
                    b->application = QStringLiteral("socket");
                    b->applicationData = target + QStringLiteral(" async full");
                    const QString host = target.section(u':', 0, 0);
                    const quint16 port = quint16(target.section(u':', 1, 1).toUInt());
                    Q_EMIT outboundSocketRequested(bUuid, host, port);
                }
            });
        }
    }
    if (spec.durationMs >= 0) {
        QTimer::singleShot(m_config.ringMs + spec.durationMs, this, [this, aUuid] {
            if (hasChannel(aUuid))
                hangupChannel(aUuid, QStringLiteral("NORMAL_CLEARING"));
        });
    }
    return aUuid;
}

QString Switch::newBLeg(Channel &a, const QString &destination, const QString &bUuid,
                        const QString &jobUuid)
{
    const QString aUuid = a.uuid;
    a.application = QStringLiteral("bridge");
    a.applicationData = QStringLiteral("sofia/external/%1").arg(destination);
    startBackgroundApp(aUuid, PendingApp{a.application, a.applicationData, freshUuid(), 1});

    auto b = newChannel(bUuid, QStringLiteral("sofia/external/%1").arg(destination),
                        QStringLiteral("outbound"));
    b->callUuid = a.uuid;
    b->otherUuid = a.uuid;
    b->otherType = QStringLiteral("originator");
    a.otherUuid = b->uuid;
    a.otherType = QStringLiteral("originatee");
    b->profile.callerIdName = b->profile.origCallerIdName = a.profile.callerIdName;
    b->profile.callerIdNumber = b->profile.origCallerIdNumber = b->profile.ani =
        a.profile.callerIdNumber;
    b->profile.destination = destination;
    b->profile.context = a.profile.context;
    b->profile.calleeIdName = b->profile.calleeIdNumber = destination;
    b->setVariable("originator", a.uuid);
    b->setVariable("originating_leg_uuid", a.uuid);
    b->setVariable("call_uuid", a.uuid);
    b->state = QStringLiteral("CS_INIT");
    fireChannelEvent("CHANNEL_OUTGOING", *b, {}, {}, false);
    fireChannelEvent("CHANNEL_CREATE", *b);
    fireChannelEvent("CHANNEL_ORIGINATE", *b);
    setState(*b, QStringLiteral("CS_ROUTING"));
    setState(*b, QStringLiteral("CS_CONSUME_MEDIA"));
    setCallState(*b, QStringLiteral("RINGING"));
    fireChannelEvent("CHANNEL_PROGRESS", *b);
    const QString newB = b->uuid;
    if (!jobUuid.isEmpty())
        m_pendingJobs.insert(aUuid, jobUuid);

    QTimer::singleShot(m_config.ringMs, this, [this, aUuid, newB] {
        Channel *a = channel(aUuid);
        Channel *b = channel(newB);
        if (!a || !b)
            return;
        answer(*b);
        answer(*a);
        bridge(*a, *b);
        const QString job = m_pendingJobs.take(aUuid);
        if (!job.isEmpty())
            fireBackgroundJob(job, QStringLiteral("originate"), {}, "+OK " + aUuid.toUtf8() + '\n');
    });
    return newB;
}

void Switch::hangupChannel(const QString &uuid, const QString &cause, bool withPartner)
{
    Channel *c = channel(uuid);
    if (!c || c->callState == u"HANGUP")
        return;
    const QString partner = c->bridgedUuid.isEmpty() ? c->otherUuid : c->bridgedUuid;
    if (!c->bridgedUuid.isEmpty()) {
        if (Channel *other = channel(c->bridgedUuid)) {
            // The A leg reports the unbridge.
            if (other->direction == u"inbound")
                unbridge(*other, *c);
            else
                unbridge(*c, *other);
        }
    }
    c->hangupCause = cause;
    c->profile.hangupTime = nowMicros();
    c->answerState = QStringLiteral("hangup");
    c->setVariable("hangup_cause", cause);
    fireChannelEvent("CHANNEL_HANGUP", *c);
    setCallState(*c, QStringLiteral("HANGUP"));
    // Applications in progress end with the channel.
    if (m_runningApp.contains(uuid))
        completeApp(uuid, m_runningApp.value(uuid), QStringLiteral("_none_"));
    finishBackgroundApp(uuid, QStringLiteral("_none_"));
    m_appQueues.remove(uuid);
    if (const QString job = m_pendingJobs.take(uuid); !job.isEmpty())
        fireBackgroundJob(job, QStringLiteral("originate"), {}, "-ERR " + cause.toUtf8() + '\n');
    if (withPartner && !partner.isEmpty())
        hangupChannel(partner, cause, false);
    if (Channel *again = channel(uuid)) {
        setState(*again, QStringLiteral("CS_HANGUP"));
        setState(*again, QStringLiteral("CS_REPORTING"));
        Esl::HeaderList pre;
        pre.append("Hangup-Cause", cause.toUtf8());
        fireChannelEvent("CHANNEL_HANGUP_COMPLETE", *again, pre);
    }
    QTimer::singleShot(0, this, [this, uuid] { destroyChannel(uuid); });
}

void Switch::destroyChannel(const QString &uuid)
{
    Channel *c = channel(uuid);
    if (!c)
        return;
    setState(*c, QStringLiteral("CS_DESTROY"));
    fireChannelEvent("CHANNEL_DESTROY", *c);
    m_channels.remove(uuid);
    m_runningApp.remove(uuid);
    m_backgroundApp.remove(uuid);
    m_appQueues.remove(uuid);
}

void Switch::hangupAll(const QString &cause)
{
    for (const QString &uuid : channelUuids())
        hangupChannel(uuid, cause);
}

bool Switch::hangup(const QString &uuid, const QString &cause)
{
    if (!hasChannel(uuid))
        return false;
    hangupChannel(uuid, cause.isEmpty() ? QStringLiteral("NORMAL_CLEARING") : cause);
    return true;
}

void Switch::restart()
{
    // As after a crash: nothing is announced, the channels are simply gone.
    m_channels.clear();
    m_appQueues.clear();
    m_runningApp.clear();
    m_backgroundApp.clear();
    m_pendingJobs.clear();
    m_coreUuid = freshUuid();
    m_globals.insert(QStringLiteral("core_uuid"), m_coreUuid);
    m_dateSecond = -1; // the cached Core-UUID bytes are stale
    m_started = QDateTime::currentDateTimeUtc();
    m_sequence = 0;
    Q_EMIT restarted(m_coreUuid);
}

void Switch::hold(Channel &channel, bool on)
{
    if (channel.held == on)
        return;
    channel.held = on;
    if (on) {
        channel.profile.lastHold = nowMicros();
        fireChannelEvent("CHANNEL_HOLD", channel);
        setCallState(channel, QStringLiteral("HELD"));
    } else {
        channel.profile.holdAccum += nowMicros() - channel.profile.lastHold;
        fireChannelEvent("CHANNEL_UNHOLD", channel);
        setCallState(channel, QStringLiteral("UNHELD"));
        setCallState(channel, QStringLiteral("ACTIVE"));
    }
}

void Switch::park(Channel &channel)
{
    if (!channel.bridgedUuid.isEmpty()) {
        const QString other = channel.bridgedUuid;
        if (Channel *o = this->channel(other))
            unbridge(channel, *o);
        hangupChannel(other, QStringLiteral("NORMAL_CLEARING"), false);
    }
    if (m_backgroundApp.value(channel.uuid).application != u"park")
        finishBackgroundApp(channel.uuid, QStringLiteral("_none_"));
    channel.parked = true;
    channel.application = QStringLiteral("park");
    channel.applicationData.clear();
    setState(channel, QStringLiteral("CS_PARK"));
    fireChannelEvent("CHANNEL_PARK", channel);
}

void Switch::transfer(Channel &channel, const QString &destination, const QString &dialplan,
                      const QString &context)
{
    if (!channel.bridgedUuid.isEmpty()) {
        const QString other = channel.bridgedUuid;
        if (Channel *o = this->channel(other))
            unbridge(channel, *o);
        hangupChannel(other, QStringLiteral("NORMAL_CLEARING"), false);
    }
    channel.profile.transferSource = QStringLiteral("%1:%2:uuid_transfer")
                                         .arg(QDateTime::currentSecsSinceEpoch())
                                         .arg(channel.uuid);
    channel.profile.rdnis = channel.profile.destination;
    if (channel.parked) {
        channel.parked = false;
        fireChannelEvent("CHANNEL_UNPARK", channel, {}, {}, true, false);
    }
    finishBackgroundApp(channel.uuid, QStringLiteral("_none_"));
    channel.profile.transferTime = nowMicros();
    channel.profile.destination = destination;
    if (!dialplan.isEmpty())
        channel.profile.dialplan = dialplan;
    if (!context.isEmpty())
        channel.profile.context = context;
    ++channel.profile.profileIndex;
    channel.setVariable("transfer_history", QStringLiteral("%1:%2:uuid_transfer")
                                                .arg(QDateTime::currentSecsSinceEpoch())
                                                .arg(destination));
    setState(channel, QStringLiteral("CS_ROUTING"));
    setState(channel, QStringLiteral("CS_EXECUTE"));
    // The dialplan bridges an extension again; anything else parks.
    bool numeric = !destination.isEmpty();
    for (const QChar c : destination)
        numeric = numeric && c.isDigit();
    if (numeric)
        newBLeg(channel, destination, {}, {});
    else
        park(channel);
}

void Switch::startRecording(Channel &channel, const QString &path)
{
    channel.recordPath = path;
    channel.setVariable("current_record_path", path);
    Esl::HeaderList pre;
    pre.append("Media-Bug-Function", "session_record");
    pre.append("Media-Bug-Target", path.toUtf8());
    fireChannelEvent("MEDIA_BUG_START", channel, pre);
    Esl::HeaderList post;
    post.append("Record-File-Path", path.toUtf8());
    fireChannelEvent("RECORD_START", channel, {}, post);
}

void Switch::stopRecording(Channel &channel, const QString &path)
{
    Esl::HeaderList post;
    post.append("Record-File-Path", (path.isEmpty() ? channel.recordPath : path).toUtf8());
    post.append("Record-Completion-Cause", "success-maxtime");
    fireChannelEvent("RECORD_STOP", channel, {}, post);
    Esl::HeaderList pre;
    pre.append("Media-Bug-Function", "session_record");
    pre.append("Media-Bug-Target", channel.recordPath.toUtf8());
    fireChannelEvent("MEDIA_BUG_STOP", channel, pre);
    channel.recordPath.clear();
    channel.removeVariable("current_record_path");
}

void Switch::sendDtmf(Channel &channel, const QString &digits)
{
    for (const QChar digit : digits) {
        if (digit == u'w' || digit == u'W')
            continue;
        Esl::HeaderList post;
        post.append("DTMF-Digit", QString(digit).toUtf8());
        post.append("DTMF-Duration", "2000");
        post.append("DTMF-Source", "APP");
        fireChannelEvent("DTMF", channel, {}, post, false, false);
    }
}

void Switch::fireBackgroundJob(const QString &jobUuid, const QString &command,
                               const QString &argument, const QByteArray &output)
{
    const Origin origin = originOf("BACKGROUND_JOB");
    Esl::HeaderList h = eventBase("BACKGROUND_JOB", origin.file, origin.function, origin.line);
    h.append("Job-UUID", jobUuid.toUtf8());
    if (const QString owner = m_jobOwners.take(jobUuid); !owner.isEmpty())
        h.append("Job-Owner-UUID", owner.toUtf8());
    h.append("Job-Command", command.toUtf8());
    if (!argument.isEmpty())
        h.append("Job-Command-Arg", argument.toUtf8());
    fire(Esl::Event(std::move(h), output, true));
}

void Switch::fireApiEvent(const QString &command, const QString &argument)
{
    const Origin origin = originOf("API");
    Esl::HeaderList h = eventBase("API", origin.file, origin.function, origin.line);
    h.append("API-Command", command.toUtf8());
    if (!argument.isEmpty())
        h.append("API-Command-Argument", argument.toUtf8());
    fire(Esl::Event(std::move(h), {}, false));
}

void Switch::sendHeartbeat()
{
    const Origin origin = originOf("HEARTBEAT");
    Esl::HeaderList h = eventBase("HEARTBEAT", origin.file, origin.function, origin.line);
    const qint64 up = uptimeMs();
    h.append("Event-Info", "System Ready");
    h.append(
        "Up-Time",
        QStringLiteral(
            "0 years, %1 days, %2 hours, %3 minutes, %4 seconds, %5 milliseconds, 0 microseconds")
            .arg(up / 86400000)
            .arg(up / 3600000 % 24)
            .arg(up / 60000 % 60)
            .arg(up / 1000 % 60)
            .arg(up % 1000)
            .toUtf8());
    h.append("FreeSWITCH-Version", "1.10.12-release+git~20240802T210227Z~a88d069d6f~64bit");
    h.append("Uptime-msec", QByteArray::number(up));
    h.append("Session-Count", QByteArray::number(m_channels.size()));
    h.append("Max-Sessions", QByteArray::number(m_config.maxSessions));
    h.append("Session-Per-Sec", "30");
    h.append("Session-Per-Sec-Last", "0");
    h.append("Session-Per-Sec-Max", "0");
    h.append("Session-Per-Sec-FiveMin", "0");
    h.append("Session-Since-Startup", QByteArray::number(m_sessionsSinceStartup));
    h.append("Session-Peak-Max", QByteArray::number(m_peakSessions));
    h.append("Session-Peak-FiveMin", QByteArray::number(m_peakSessions));
    h.append("Idle-CPU", "98.500000");
    fire(Esl::Event(std::move(h), {}, false));
}

Esl::HeaderList Switch::channelData(const QString &uuid) const
{
    Esl::HeaderList h;
    const Channel *c = channel(uuid);
    if (!c)
        return h;
    c->appendProfile(h, "Channel-");
    c->appendChannelData(h);
    if (!c->otherUuid.isEmpty()) {
        if (const Channel *other = channel(c->otherUuid))
            c->appendOtherLeg(h, *other);
    }
    c->appendVariables(h);
    return h;
}

} // namespace Sim
