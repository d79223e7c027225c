// The calls of the simulated switch: placing them, answering, bridging, holding, parking,
// transferring, recording, DTMF and hanging up, each with the events the real switch fires.

#include "channel.h"
#include "simids.h"
#include "simswitch.h"

#include <QUuid>

namespace Sim {

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

} // namespace Sim
