// The calls of the simulated switch: placing them, answering, bridging, holding, parking,
// transferring, recording, DTMF and hanging up, each with the events the real switch fires.

#include "channel.h"
#include "simids.h"
#include "simswitch.h"
#include "simmodule.h"
#include "simrtp.h"

#include <QUuid>

#include <algorithm>

namespace Sim {

namespace {

bool isUp(const Channel *c)
{
    return c && c->callState != u"HANGUP";
}

// bridge() makes its A leg the originator: its other leg is the originatee.
bool leads(const Channel &c, const Channel &other)
{
    return c.otherUuid == other.uuid && c.otherType == u"originatee";
}

} // namespace

void Switch::answer(Channel &channel)
{
    if (channel.answerState == u"answered")
        return;
    channel.answerState = QStringLiteral("answered");
    channel.profile.answeredTime = nowMicros();
    // A SIP leg's RTP session starts with its media, before the answer is announced.
    m_rtp->start(channel);
    fireChannelEvent("CHANNEL_ANSWER", channel);
    // switch_channel_perform_mark_answered, once the event is out.
    channel.setVariable("endpoint_disposition", QStringLiteral("ANSWER"));
    setCallState(channel, QStringLiteral("ACTIVE"));
}

void Switch::bridge(Channel &a, Channel &b)
{
    linkBridge(a, b, nowMicros());
    Esl::HeaderList update;
    update.append("Direction", "RECV");
    markCallerIdFlipped(a);
    fireChannelEvent("CALL_UPDATE", a, update, {}, true, false);
    Esl::HeaderList pre;
    pre.append("Bridge-A-Unique-ID", a.uuid.toUtf8());
    pre.append("Bridge-B-Unique-ID", b.uuid.toUtf8());
    fireChannelEvent("CHANNEL_BRIDGE", a, pre);
    setState(b, QStringLiteral("CS_EXCHANGE_MEDIA"));
}

void Switch::linkBridge(Channel &a, Channel &b, qint64 now)
{
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
    markBridged(a, b);
    // The A leg learns who it is talking to (switch_channel_flip_cid), then the bridge.
    a.profile.calleeIdName = b.profile.callerIdName == a.profile.callerIdName
                                 ? b.profile.destination
                                 : b.profile.callerIdName;
    a.profile.calleeIdNumber = b.profile.destination;
}

void Switch::unbridge(Channel &a, Channel &b)
{
    Esl::HeaderList pre;
    pre.append("Bridge-A-Unique-ID", a.uuid.toUtf8());
    pre.append("Bridge-B-Unique-ID", b.uuid.toUtf8());
    // A leg may be bridged elsewhere already (an attended transfer's transferor consults its
    // target while the bridge with its partner is suspended): only the link between the two ends.
    if (a.bridgedUuid == b.uuid)
        a.bridgedUuid.clear();
    if (b.bridgedUuid == a.uuid)
        b.bridgedUuid.clear();
    a.setVariable("last_bridge_to", b.uuid);
    b.setVariable("last_bridge_to", a.uuid);
    markBridgeEnded(a, b);
    fireChannelEvent("CHANNEL_UNBRIDGE", a, pre);
}

void Switch::endBridge(Channel &a, Channel &b)
{
    // switch_ivr_multi_threaded_bridge fires CHANNEL_UNBRIDGE from the leg that ran it.
    if (leads(b, a) && !leads(a, b))
        unbridge(b, a);
    else if (leads(a, b))
        unbridge(a, b);
    else if (b.direction == u"inbound")
        unbridge(b, a);
    else
        unbridge(a, b);
}

bool Switch::uuidBridge(const QString &originatorUuid, const QString &originateeUuid)
{
    Channel *a = channel(originatorUuid);
    Channel *b = channel(originateeUuid);
    if (!isUp(a) || !isUp(b) || a == b)
        return false;
    const auto answered = [](const Channel *c) { return c->answerState == u"answered"; };
    if (!answered(a)) {
        if (!answered(b))
            return false; // "Neither channel is answered, cannot bridge them."
        std::swap(a, b);  // "reversing order of channels so this will work!"
    }
    for (Channel *c : {a, b}) {
        // Both are redirected: a bridge elsewhere ends (its other leg hangs up), a park ends.
        if (!c->bridgedUuid.isEmpty()) {
            const QString old = c->bridgedUuid;
            if (Channel *o = channel(old)) {
                endBridge(*c, *o);
                if (o != a && o != b)
                    hangupChannel(old, QStringLiteral("NORMAL_CLEARING"), false, HangupBy::Bridge);
            }
        }
        if (c->parked) {
            c->parked = false;
            fireChannelEvent("CHANNEL_UNPARK", *c, {}, {}, true, false);
        }
        finishBackgroundApp(c->uuid, QStringLiteral("_none_"));
    }
    answer(*b);
    setState(*a, QStringLiteral("CS_EXCHANGE_MEDIA"));
    bridge(*a, *b);
    return true;
}

std::shared_ptr<Channel> Switch::newInboundChannel(const CallSpec &spec)
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
    return a;
}

QString Switch::placeCall(const CallSpec &spec)
{
    const auto a = newInboundChannel(spec);
    for (const auto &[name, value] : spec.variables)
        a->setVariable(name, value);
    fireChannelEvent("CHANNEL_CREATE", *a);
    setState(*a, QStringLiteral("CS_ROUTING"));
    setCallState(*a, QStringLiteral("RINGING"));
    a->hitDialplan = true;
    setState(*a, QStringLiteral("CS_EXECUTE"));
    const QString aUuid = a->uuid;

    if (!spec.bridge && !spec.application.isEmpty()) {
        // Answered, then a module's application (the conference, the queue, the lot).
        QTimer::singleShot(m_config.answerDelayMs, this,
                           [this, aUuid, app = spec.application, arg = spec.applicationArgument] {
                               if (Channel *c = channel(aUuid)) {
                                   answer(*c);
                                   execute(aUuid, app, arg, freshUuid(), 1, false);
                               }
                           });
    } else if (!spec.bridge) {
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
        if (Channel *b = channel(bUuid)) {
            for (const auto &[name, value] : spec.variables)
                b->setVariable(name, value);
        }
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

    const auto b =
        newOutboundLeg(a, QStringLiteral("sofia/external/%1").arg(destination), destination, bUuid);
    const QString newB = b->uuid;
    a.otherUuid = newB;
    a.otherType = QStringLiteral("originatee");
    if (!jobUuid.isEmpty())
        m_pendingJobs.insert(aUuid, jobUuid);

    QTimer::singleShot(m_config.ringMs, this, [this, aUuid, newB] {
        Channel *a = channel(aUuid);
        Channel *b = channel(newB);
        if (!isUp(a) || !isUp(b))
            return;
        answer(*b);
        answer(*a);
        markOriginateSucceeded(*a, *b);
        bridge(*a, *b);
        const QString job = m_pendingJobs.take(aUuid);
        if (!job.isEmpty())
            fireBackgroundJob(job, QStringLiteral("originate"), {}, "+OK " + aUuid.toUtf8() + '\n');
    });
    return newB;
}

std::shared_ptr<Channel> Switch::newOutboundChannel(Channel &caller, const QString &name,
                                                    const QString &destination,
                                                    const QString &uuid)
{
    auto b = newChannel(uuid, name, QStringLiteral("outbound"));
    b->callUuid = caller.uuid;
    b->otherUuid = caller.uuid;
    b->otherType = QStringLiteral("originator");
    b->profile.callerIdName = b->profile.origCallerIdName = caller.profile.callerIdName;
    b->profile.callerIdNumber = b->profile.origCallerIdNumber = b->profile.ani =
        caller.profile.callerIdNumber;
    b->profile.destination = destination;
    b->profile.context = caller.profile.context;
    b->profile.calleeIdName = b->profile.calleeIdNumber = destination;
    b->setVariable("originator", caller.uuid);
    b->setVariable("originating_leg_uuid", caller.uuid);
    b->setVariable("call_uuid", caller.uuid);
    b->state = QStringLiteral("CS_INIT");
    return b;
}

std::shared_ptr<Channel> Switch::newOutboundLeg(Channel &caller, const QString &name,
                                                const QString &destination, const QString &uuid)
{
    auto b = newOutboundChannel(caller, name, destination, uuid);
    markOriginated(*b, name);
    fireChannelEvent("CHANNEL_OUTGOING", *b, {}, {}, false);
    fireChannelEvent("CHANNEL_CREATE", *b);
    fireChannelEvent("CHANNEL_ORIGINATE", *b);
    setState(*b, QStringLiteral("CS_ROUTING"));
    setState(*b, QStringLiteral("CS_CONSUME_MEDIA"));
    setCallState(*b, QStringLiteral("RINGING"));
    fireChannelEvent("CHANNEL_PROGRESS", *b);
    return b;
}

void Switch::hangupChannel(const QString &uuid, const QString &rawCause, bool withPartner,
                           HangupBy by)
{
    Channel *c = channel(uuid);
    if (!c || c->callState == u"HANGUP")
        return;
    const QString cause = causeName(rawCause);
    if (hangupInAttXfer(*c, cause))
        return;
    markHangingUp(*c, cause);
    for (const auto &module : m_modules)
        module->channelHangingUp(uuid);
    // The leg that goes with it, and why (switch_ivr_bridge.c): a bridged originatee hangs up
    // NORMAL_CLEARING when its originator leaves; an originator follows its originatee with the
    // same cause (hangup_after_bridge); a leg still ringing for its originator is cancelled.
    QString partner;
    QString partnerCause = cause;
    // hupall hangs every channel up before any bridge thread ends: the leg that ran a bridge
    // reports its end after its own hangup (its CHANNEL_UNBRIDGE has a Hangup-Cause), knowing
    // its partner's cause, which is the same.
    bool unbridgeAfterHangup = false;
    if (!c->bridgedUuid.isEmpty()) {
        partner = c->bridgedUuid;
        if (Channel *other = channel(partner)) {
            if (leads(*c, *other))
                partnerCause = QStringLiteral("NORMAL_CLEARING");
            unbridgeAfterHangup = by == HangupBy::HupAll && leads(*c, *other);
            if (!unbridgeAfterHangup)
                endBridge(*c, *other);
        }
    } else if (const Channel *other = channel(c->otherUuid);
               isUp(other) && (other->bridgedUuid.isEmpty() || other->bridgedUuid == uuid)) {
        partner = other->uuid;
        if (c->otherType == u"originatee" && other->answerState != u"answered")
            partnerCause = QStringLiteral("ORIGINATOR_CANCEL");
    }
    c->hangupCause = cause;
    c->profile.hangupTime = nowMicros();
    c->answerState = QStringLiteral("hangup");
    fireChannelEvent("CHANNEL_HANGUP", *c);
    logHangup(*c, cause, by);
    if (Channel *other = channel(partner); unbridgeAfterHangup && other) {
        c->setVariable("bridge_hangup_cause", cause);
        endBridge(*c, *other);
    }
    if (isLoopback(c->name))
        c->setVariable("is_loopback", QStringLiteral("1")); // mod_loopback's on_hangup
    setCallState(*c, QStringLiteral("HANGUP"));
    // Its media bugs close: a recording stops, whoever eavesdrops on it stops listening.
    if (!c->recordPath.isEmpty())
        stopRecording(*c, QStringLiteral("all"), "success-silence");
    eavesdropTargetGone(uuid);
    // Applications in progress end with the channel.
    if (m_runningApp.contains(uuid))
        completeApp(uuid, m_runningApp.value(uuid), QStringLiteral("_none_"));
    finishBackgroundApp(uuid, QStringLiteral("_none_"));
    m_appQueues.remove(uuid);
    if (const QString job = m_pendingJobs.take(uuid); !job.isEmpty())
        fireBackgroundJob(job, QStringLiteral("originate"), {}, "-ERR " + cause.toUtf8() + '\n');
    if (withPartner && !partner.isEmpty())
        hangupChannel(partner, partnerCause, false, HangupBy::Bridge);
    // The other half of a loopback pair goes with it, for the same cause.
    if (const Channel *self = channel(uuid)) {
        if (Channel *pair = loopbackPairOf(*self); isUp(pair))
            hangupChannel(pair->uuid, cause, true, HangupBy::LoopbackPair);
    }
    if (Channel *again = channel(uuid)) {
        setState(*again, QStringLiteral("CS_HANGUP"));
        setState(*again, QStringLiteral("CS_REPORTING"));
        setTimestamps(*again);
        // switch_core_session_hangup_state: set_stats once the timestamps are written.
        m_rtp->hangup(*again);
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
    m_rtp->forget(uuid);
    m_runningApp.remove(uuid);
    m_backgroundApp.remove(uuid);
    m_appQueues.remove(uuid);
    m_eavesdrops.remove(uuid);
}

void Switch::hangupAll(const QString &cause)
{
    // hupall hangs up every channel with the cause, not one leg and its partner. The legs that
    // run a bridge go first: in the real switch every leg is hung up before any bridge ends, so
    // no bridge ends with its originator still up.
    QStringList uuids = channelUuids();
    std::stable_partition(uuids.begin(), uuids.end(), [this](const QString &uuid) {
        const Channel *c = channel(uuid);
        const Channel *other = c ? channel(c->bridgedUuid) : nullptr;
        return other && leads(*c, *other);
    });
    for (const QString &uuid : std::as_const(uuids))
        hangupChannel(uuid, cause, false, HangupBy::HupAll);
}

bool Switch::hangup(const QString &uuid, const QString &cause)
{
    if (!hasChannel(uuid))
        return false;
    hangupChannel(uuid, cause, true, HangupBy::Command);
    return true;
}

bool Switch::holdsBySignalling(const Channel &channel)
{
    // A SIP channel's hold is a re-INVITE that mod_sofia answers by marking the leg held
    // (CF_LEG_HOLDING), which sets the call state HELD. mod_loopback (and the others) mark
    // nothing: their call state stays as it was.
    return channel.name.startsWith(QStringLiteral("sofia/")) ||
           channel.name.startsWith(QStringLiteral("user/"));
}

bool Switch::setHold(Channel &channel, bool on)
{
    // switch_ivr_hold and switch_ivr_unhold decide by the call state alone, with a warning in
    // the channel's log when they refuse.
    const bool held = channel.callState == u"HELD";
    if (on == held) {
        log(LogEntry{4, QStringLiteral("switch_ivr.c"),
                     on ? QStringLiteral("switch_ivr_hold") : QStringLiteral("switch_ivr_unhold"),
                     on ? 1538 : 1616, channel.uuid,
                     on ? QByteArray("Call is already on hold. No need to hold again.\n")
                        : QByteArray("Call is not on hold. No need to unhold.\n"),
                     3});
        return false;
    }
    hold(channel, on);
    return true;
}

void Switch::hold(Channel &channel, bool on)
{
    // A channel on its way out changes no more (its state machine refuses new states).
    if (!isUp(&channel))
        return;
    channel.held = on;
    if (on) {
        channel.profile.lastHold = nowMicros();
        fireChannelEvent("CHANNEL_HOLD", channel);
        if (holdsBySignalling(channel))
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
    if (!isUp(&channel))
        return;
    if (!channel.bridgedUuid.isEmpty()) {
        const QString other = channel.bridgedUuid;
        if (Channel *o = this->channel(other))
            endBridge(channel, *o);
        hangupChannel(other, QStringLiteral("NORMAL_CLEARING"), false, HangupBy::Bridge);
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
                      const QString &context, bool partnerToo)
{
    if (!isUp(&channel))
        return;
    if (!channel.bridgedUuid.isEmpty()) {
        const QString other = channel.bridgedUuid;
        if (Channel *o = this->channel(other)) {
            endBridge(channel, *o);
            // uuid_transfer -both sends the other leg to the same place first.
            if (partnerToo)
                transfer(*o, destination, dialplan, context);
        }
        if (!partnerToo) {
            // The leg left behind comes out of its bridge: an originator's `bridge` returns and
            // its extension has run out; an originatee's bridge thread hangs it up.
            finishBackgroundApp(other, QStringLiteral("_none_"));
            HangupBy by = HangupBy::Bridge;
            if (const Channel *o = this->channel(other);
                isUp(o) && o->hitDialplan && o->direction == u"inbound") {
                log(LogEntry{5, QStringLiteral("switch_core_state_machine.c"),
                             QStringLiteral("switch_core_standard_on_execute"), 382, other,
                             o->name.toUtf8() +
                                 " has executed the last dialplan instruction, hanging up.\n"});
                by = HangupBy::EndOfDialplan;
            }
            hangupChannel(other, QStringLiteral("NORMAL_CLEARING"), false, by);
        }
    }
    // A new caller profile without the originator/originatee profiles of the old one: no
    // Other-Leg headers until a new bridge, and (switch_core_standard_on_routing) the channel's
    // call is its own again. With -both or -bleg the two legs are separate calls from here on.
    channel.otherUuid.clear();
    channel.otherType.clear();
    channel.callUuid.clear();
    channel.setVariable("call_uuid", channel.uuid);
    channel.removeVariable("signal_bond");
    // switch_ivr_session_transfer: the dialplan and context default to the channel's; the new
    // caller profile remembers where it came from.
    CallerProfile &p = channel.profile;
    const QString exten = destination.isEmpty() ? QStringLiteral("service") : destination;
    const QString useDialplan =
        !dialplan.isEmpty() ? dialplan
        : p.dialplan.compare(u"inline", Qt::CaseInsensitive) == 0 || p.dialplan.isEmpty()
            ? QStringLiteral("XML")
            : p.dialplan;
    const QString useContext = !context.isEmpty()     ? context
                               : !p.context.isEmpty() ? p.context
                                                      : QStringLiteral("default");
    const QString source = QStringLiteral("%1:%2:bl_xfer:%3/%4/%5")
                               .arg(QDateTime::currentSecsSinceEpoch())
                               .arg(freshUuid(), exten, useContext, useDialplan);
    p.transferSource = source;
    p.rdnis = p.destination;
    if (channel.parked) {
        channel.parked = false;
        fireChannelEvent("CHANNEL_UNPARK", channel, {}, {}, true, false);
    }
    finishBackgroundApp(channel.uuid, QStringLiteral("_none_"));
    p.transferTime = nowMicros();
    p.destination = exten;
    p.dialplan = useDialplan;
    p.context = useContext;
    ++p.profileIndex;
    // transfer_history is pushed (an ARRAY:: value after the first), transfer_source replaced.
    QString history = channel.variable("transfer_history");
    if (history.isEmpty())
        history = source;
    else if (history.startsWith(QStringLiteral("ARRAY::")))
        history += QStringLiteral("|:") + source;
    else
        history = QStringLiteral("ARRAY::%1|:%2").arg(history, source);
    channel.setVariable("transfer_history", history);
    channel.setVariable("transfer_source", source);
    setState(channel, QStringLiteral("CS_ROUTING"));
    if (anyoneLogs())
        logAbout(channel, 5, 3, LogOrigin{"switch_ivr.c", "switch_ivr_session_transfer", 2303},
                 QStringLiteral("Transfer %1 to %2[%3@%4]\n")
                     .arg(channel.name, useDialplan, exten, useContext)
                     .toUtf8());
    setState(channel, QStringLiteral("CS_EXECUTE"));
    if (routeToModule(channel, exten, useDialplan))
        return;
    // The dialplan bridges an extension again; anything else parks.
    bool numeric = !exten.isEmpty();
    for (const QChar c : exten)
        numeric = numeric && c.isDigit();
    if (numeric)
        newBLeg(channel, exten, {}, {});
    else
        park(channel);
}

bool Switch::routeToModule(Channel &channel, const QString &exten, const QString &dialplan)
{
    QString application;
    QString argument;
    if (dialplan.compare(u"inline", Qt::CaseInsensitive) == 0) {
        // `uuid_transfer <uuid> conference:3000@default inline`: one application, as written.
        application = exten.section(u':', 0, 0);
        argument = exten.section(u':', 1);
        bool ours = false;
        for (const auto &module : m_modules)
            ours = ours || module->runsApp(application);
        if (!ours)
            return false;
    } else {
        for (const auto &module : m_modules) {
            if (const auto route = module->route(exten)) {
                std::tie(application, argument) = *route;
                break;
            }
        }
        if (application.isEmpty())
            return false;
    }
    execute(channel.uuid, application, argument, freshUuid(), 1, false);
    return true;
}

void Switch::startRecording(Channel &channel, const QString &path)
{
    channel.recordPath = path;
    channel.setVariable("current_record_path", path);
    // record_callback's INIT fires RECORD_START inside switch_core_media_bug_add, before the
    // bug announces itself.
    Esl::HeaderList post;
    post.append("Record-File-Path", path.toUtf8());
    fireChannelEvent("RECORD_START", channel, {}, post);
    Esl::HeaderList pre;
    pre.append("Media-Bug-Function", "session_record");
    pre.append("Media-Bug-Target", path.toUtf8());
    fireChannelEvent("MEDIA_BUG_START", channel, pre);
}

bool Switch::stopRecording(Channel &channel, const QString &path, const QByteArray &completionCause)
{
    // The one recording a simulated channel has, by its path or as "all".
    if (channel.recordPath.isEmpty() ||
        (path.compare(u"all", Qt::CaseInsensitive) != 0 && path != channel.recordPath))
        return false;
    const QByteArray recorded = channel.recordPath.toUtf8();
    channel.setVariable("record_completion_cause", QString::fromLatin1(completionCause));
    Esl::HeaderList post;
    post.append("Record-File-Path", recorded);
    post.append("Record-Completion-Cause", completionCause);
    fireChannelEvent("RECORD_STOP", channel, {}, post);
    Esl::HeaderList pre;
    pre.append("Media-Bug-Function", "session_record");
    pre.append("Media-Bug-Target", recorded);
    fireChannelEvent("MEDIA_BUG_STOP", channel, pre);
    channel.recordPath.clear();
    channel.removeVariable("current_record_path");
    return true;
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
        if (channel.dtmfLog.size() < Channel::dtmfLogLength)
            channel.dtmfLog.append(digit);
    }
}

} // namespace Sim
