// The dialplan applications `sendmsg execute` can run on a simulated channel: one at a time per
// channel, in the order sent, each announced by CHANNEL_EXECUTE and closed by
// CHANNEL_EXECUTE_COMPLETE with the client's Event-UUID as Application-UUID. The two an operator
// console leans on most, att_xfer and eavesdrop/three_way, follow mod_dptools closely.

#include "channel.h"
#include "simapplications.h"
#include "simids.h"
#include "simswitch.h"
#include "simmodule.h"

#include <QUuid>

namespace Sim {

bool Switch::execute(const QString &uuid, const QString &application, const QString &argument,
                     const QString &eventUuid, int loops, bool /*eventLock*/)
{
    const Channel *c = channel(uuid);
    if (!c)
        return false;
    // A leg that originate answered and left with nothing to do gets its `&app(...)` now: that
    // is its whole extension, and when it ends the leg hangs up. (Only originate leaves an
    // outbound leg without another leg idle in CS_EXECUTE; any other channel there is running
    // a bridge, a park or a socket.)
    const auto queued = m_appQueues.constFind(uuid);
    const bool extension = c->direction == u"outbound" && c->otherUuid.isEmpty() &&
                           c->state == u"CS_EXECUTE" && !m_runningApp.contains(uuid) &&
                           !m_backgroundApp.contains(uuid) &&
                           (queued == m_appQueues.cend() || queued->empty());
    // Applications run one after another on the channel, in the order they were sent.
    std::deque<PendingApp> &queue = m_appQueues[uuid];
    queue.push_back(PendingApp{application, argument, eventUuid.isEmpty() ? freshUuid() : eventUuid,
                               std::max(1, loops), extension});
    if (queue.size() == 1 && !m_runningApp.contains(uuid))
        QTimer::singleShot(0, this, [this, uuid] { runNextApp(uuid); });
    return true;
}

void Switch::runNextApp(const QString &uuid)
{
    Channel *c = channel(uuid);
    auto it = m_appQueues.find(uuid);
    if (!c || it == m_appQueues.end() || it->empty() || m_runningApp.contains(uuid))
        return;
    if (c->callState == u"HANGUP") {
        // switch_core_session_execute_application_get_flags refuses to run on a hung up channel.
        log(LogEntry{
            7, QStringLiteral("switch_core_session.c"),
            QStringLiteral("switch_core_session_execute_application_get_flags"), 2755, uuid,
            c->name.toUtf8() + " Channel is hungup and application '" +
                it->front().application.toUtf8() + "' does not have the zombie_exec flag.\n"});
        m_appQueues.erase(it);
        return;
    }
    PendingApp app = it->front();
    if (!isApplication(app.application)) {
        // As the switch: an error in the log, and no CHANNEL_EXECUTE at all.
        it->pop_front();
        log(LogEntry{3, QStringLiteral("switch_core_session.c"),
                     QStringLiteral("switch_core_session_execute_application_get_flags"), 2846,
                     uuid, "Invalid Application " + app.application.toUtf8() + "\n"});
        runNextApp(uuid);
        return;
    }
    m_runningApp.insert(uuid, app);
    c->application = app.application;
    c->applicationData = app.argument;
    c->setVariable("current_application", app.application);
    if (!app.argument.isEmpty())
        c->setVariable("current_application_data", app.argument);
    Esl::HeaderList post;
    post.append("Application", app.application.toUtf8());
    if (!app.argument.isEmpty())
        post.append("Application-Data", app.argument.toUtf8());
    post.append("Application-UUID", app.eventUuid.toUtf8());
    fireChannelEvent("CHANNEL_EXECUTE", *c, {}, post);
    const int ms = runApp(*c, app);
    if (ms == kUntilCompleted)
        return; // whatever it waits for calls completeApp
    if (ms < 0) {
        // It runs until the channel moves on; the next application may start meanwhile.
        m_runningApp.remove(uuid);
        startBackgroundApp(uuid, app);
        auto queue = m_appQueues.find(uuid);
        if (queue != m_appQueues.end() && !queue->empty()) {
            queue->pop_front();
            if (!queue->empty())
                QTimer::singleShot(0, this, [this, uuid] { runNextApp(uuid); });
        }
        return;
    }
    QTimer::singleShot(ms, this, [this, uuid, app] {
        Channel *c = channel(uuid);
        if (!c || m_runningApp.value(uuid).eventUuid != app.eventUuid)
            return;
        QString response = QStringLiteral("_none_");
        if (app.application == u"playback")
            response = QStringLiteral("FILE PLAYED");
        if (app.application == u"playback") {
            Esl::HeaderList post;
            post.append("Playback-File-Path", app.argument.toUtf8());
            post.append("Playback-Status", "done");
            post.append("loops", QByteArray::number(app.loops));
            fireChannelEvent("PLAYBACK_STOP", *c, {}, post, true, false);
        }
        completeApp(uuid, app, response);
    });
}

int Switch::runApp(Channel &c, const PendingApp &app)
{
    const QString &name = app.application;
    const QString &arg = app.argument;
    for (const auto &module : m_modules) {
        if (module->runsApp(name))
            return module->runApp(c, name, arg);
    }
    if (name == u"answer" || name == u"pre_answer" || name == u"ring_ready") {
        if (name == u"answer")
            answer(c);
        return 20;
    }
    if (name == u"playback") {
        Esl::HeaderList post;
        post.append("Playback-File-Path", arg.toUtf8());
        post.append("loops", QByteArray::number(app.loops));
        fireChannelEvent("PLAYBACK_START", c, {}, post, true, false);
        return arg.startsWith(QStringLiteral("tone_stream://")) ? 500 : 1000;
    }
    if (name == u"sleep")
        return std::clamp(arg.toInt(), 0, 60000);
    if (name == u"set" || name == u"export") {
        c.setVariable(arg.section(u'=', 0, 0).toUtf8(), arg.section(u'=', 1));
        return 0;
    }
    if (name == u"unset") {
        c.removeVariable(arg.toUtf8());
        return 0;
    }
    if (name == u"park") {
        park(c);
        return -1;
    }
    if (name == u"att_xfer")
        return startAttXfer(c, app);
    if (name == u"eavesdrop" || name == u"three_way")
        return startEavesdrop(c, app);
    if (name == u"echo" || name == u"socket") {
        if (name == u"socket") {
            const QString target = arg.section(u' ', 0, 0);
            const QString uuid = c.uuid;
            Q_EMIT outboundSocketRequested(uuid, target.section(u':', 0, 0),
                                           quint16(target.section(u':', 1, 1).toUInt()));
        }
        return -1;
    }
    if (name == u"hangup") {
        const QString uuid = c.uuid;
        const QString cause = arg.isEmpty() ? QStringLiteral("NORMAL_CLEARING") : arg;
        QTimer::singleShot(0, this, [this, uuid, cause] {
            hangupChannel(uuid, cause, true, HangupBy::Application);
        });
        return -1;
    }
    if (name == u"transfer") {
        const QString uuid = c.uuid;
        const QStringList parts = arg.split(u' ', Qt::SkipEmptyParts);
        QTimer::singleShot(0, this, [this, uuid, parts] {
            if (Channel *ch = channel(uuid))
                transfer(*ch, parts.value(0), parts.value(1), parts.value(2));
        });
        return 0;
    }
    if (name == u"bridge") {
        if (isLoopback(arg.mid(arg.startsWith(u'{') ? arg.indexOf(u'}') + 1 : 0)))
            newLoopbackBLeg(c, arg, {}, {});
        else
            newBLeg(c, arg.section(u'/', -1).section(u'@', 0, 0), {}, {});
        return -1;
    }
    if (name == u"record_session") {
        startRecording(c, arg.section(u' ', 0, 0));
        return 0;
    }
    if (name == u"stop_record_session") {
        stopRecording(c, arg);
        return 0;
    }
    if (name == u"hold" || name == u"unhold") {
        setHold(c, name == u"hold");
        return 0;
    }
    if (name == u"send_dtmf") {
        sendDtmf(c, arg);
        return 100;
    }
    if (name == u"log") {
        log(LogEntry{6, QStringLiteral("mod_dptools.c"), QStringLiteral("log_function"), 1790,
                     c.uuid, arg.section(u' ', 1).toUtf8() + '\n'});
        return 0;
    }
    // play_and_get_digits / read: prompt, wait for digits that never come, time out. Every
    // other application of the switch's table runs as long and completes.
    return 1500;
}

void Switch::completeApp(const QString &uuid, const PendingApp &app, const QString &response)
{
    Channel *c = channel(uuid);
    if (!c)
        return;
    if (app.application == u"eavesdrop" || app.application == u"three_way")
        endEavesdrop(uuid);
    Esl::HeaderList post;
    post.append("Application", app.application.toUtf8());
    if (!app.argument.isEmpty())
        post.append("Application-Data", app.argument.toUtf8());
    post.append("Application-Response", response.toUtf8());
    post.append("Application-UUID", app.eventUuid.toUtf8());
    c->setVariable("current_application_response", response);
    if (m_runningApp.value(uuid).eventUuid == app.eventUuid)
        m_runningApp.remove(uuid);
    fireChannelEvent("CHANNEL_EXECUTE_COMPLETE", *c, {}, post);
    auto it = m_appQueues.find(uuid);
    if (it == m_appQueues.end() || it->empty())
        return;
    PendingApp &front = it->front();
    if (--front.loops > 0) {
        QTimer::singleShot(0, this, [this, uuid] { runNextApp(uuid); });
        return;
    }
    it->pop_front();
    if (!it->empty()) {
        QTimer::singleShot(0, this, [this, uuid] { runNextApp(uuid); });
        return;
    }
    if (app.extension && c->callState != u"HANGUP") {
        QTimer::singleShot(0, this, [this, uuid] {
            const Channel *c = channel(uuid);
            const auto queued = m_appQueues.constFind(uuid);
            if (!c || c->state != u"CS_EXECUTE" || m_runningApp.contains(uuid) ||
                m_backgroundApp.contains(uuid) ||
                (queued != m_appQueues.cend() && !queued->empty()))
                return;
            log(LogEntry{5, QStringLiteral("switch_core_state_machine.c"),
                         QStringLiteral("switch_core_standard_on_execute"), 382, uuid,
                         c->name.toUtf8() +
                             " has executed the last dialplan instruction, hanging up.\n"});
            hangupChannel(uuid, QStringLiteral("NORMAL_CLEARING"), true, HangupBy::EndOfDialplan);
        });
    }
}

void Switch::startBackgroundApp(const QString &uuid, const PendingApp &app)
{
    finishBackgroundApp(uuid, QStringLiteral("_none_"));
    m_backgroundApp.insert(uuid, app);
    if (app.application != u"bridge")
        return; // runNextApp already announced it
    Channel *c = channel(uuid);
    if (!c)
        return;
    c->setVariable("current_application", app.application);
    c->setVariable("current_application_data", app.argument);
    Esl::HeaderList post;
    post.append("Application", app.application.toUtf8());
    post.append("Application-Data", app.argument.toUtf8());
    post.append("Application-UUID", app.eventUuid.toUtf8());
    fireChannelEvent("CHANNEL_EXECUTE", *c, {}, post);
}

void Switch::finishBackgroundApp(const QString &uuid, const QString &response)
{
    const auto it = m_backgroundApp.find(uuid);
    if (it == m_backgroundApp.end())
        return;
    const PendingApp app = *it;
    m_backgroundApp.erase(it);
    Channel *c = channel(uuid);
    if (!c)
        return;
    for (const auto &module : m_modules) {
        if (module->runsApp(app.application))
            module->appEnded(uuid, app.application);
    }
    Esl::HeaderList post;
    post.append("Application", app.application.toUtf8());
    if (!app.argument.isEmpty())
        post.append("Application-Data", app.argument.toUtf8());
    post.append("Application-Response", response.toUtf8());
    post.append("Application-UUID", app.eventUuid.toUtf8());
    fireChannelEvent("CHANNEL_EXECUTE_COMPLETE", *c, {}, post);
}

// ---- att_xfer ---------------------------------------------------------------------------------
//
// mod_dptools att_xfer_function / att_thread_run: the channel running it (the transferor) dials
// the target with switch_ivr_originate while the bridge with its partner stays suspended (the
// partner's media is paused; no event says so), then bridges itself to the target. When that
// inner bridge ends:
//   - the transferor left (hung up) and the target is up: uuid_bridge(target, partner), and the
//     target's att_xfer_result is "success";
//   - the target left: uuid_bridge(transferor, partner), the transferor's att_xfer_result says
//     how that went;
//   - the originate failed: nothing is re-bridged, the suspended bridge simply resumes, and the
//     transferor's originate_disposition and DIALSTATUS carry the cause.
// The application itself sets no response: its CHANNEL_EXECUTE_COMPLETE says "_none_".
// Simplified here: the attxfer_{cancel,hangup,conf}_key digits are not acted on, a ringing
// target always answers after SwitchConfig::ringMs (a failure is an error/<CAUSE> dial string,
// an unknown endpoint, or the target being hung up while it rings), recordings do not follow
// (recording_follow_attxfer), and only the first of several dial strings is dialled.

namespace {

// What a dial string reaches: the channel it creates and the number dialled, or the cause
// switch_ivr_originate fails with.
struct Dial
{
    QString name;
    QString destination;
    QString uuid; // origination_uuid
    QList<std::pair<QByteArray, QString>> variables;
    QString failure;
};

Dial parseDial(const QString &dialString, const QString &host)
{
    Dial d;
    QString s = dialString.trimmed();
    if (s.startsWith(u'{')) {
        const qsizetype close = s.indexOf(u'}');
        for (const QString &pair : s.mid(1, close - 1).split(u',', Qt::SkipEmptyParts)) {
            const QString name = pair.section(u'=', 0, 0).trimmed();
            if (name == u"origination_uuid")
                d.uuid = pair.section(u'=', 1);
            else
                d.variables.append({name.toUtf8(), pair.section(u'=', 1)});
        }
        s = close < 0 ? QString() : s.mid(close + 1);
    }
    s = s.section(u',', 0, 0).section(u'|', 0, 0).trimmed();
    const QString tech = s.section(u'/', 0, 0);
    if (s.isEmpty()) {
        d.failure = QStringLiteral("DESTINATION_OUT_OF_ORDER");
    } else if (tech == u"error") {
        d.failure = Switch::causeName(s.section(u'/', 1));
    } else if (tech == u"loopback") {
        d.destination = s.section(u'/', 1, 1);
        d.name = QStringLiteral("loopback/%1-a").arg(d.destination);
    } else if (tech == u"user") {
        d.destination = s.section(u'/', 1, 1).section(u'@', 0, 0);
        d.name = QStringLiteral("sofia/internal/%1@%2").arg(d.destination, host);
    } else if (tech == u"sofia") {
        d.destination = s.section(u'/', 2).section(u'@', 0, 0);
        if (d.destination.startsWith(QStringLiteral("sip:")))
            d.destination = d.destination.mid(4);
        d.name = s;
    } else if (tech == u"null") {
        d.destination = s.section(u'/', 1, 1);
        d.name = s;
    } else {
        d.failure = QStringLiteral("CHAN_NOT_IMPLEMENTED");
    }
    if (d.failure.isEmpty() && d.destination.isEmpty())
        d.failure = QStringLiteral("DESTINATION_OUT_OF_ORDER");
    return d;
}

// switch_ivr_originate's DIALSTATUS for a failed originate.
QString dialStatus(const QString &cause)
{
    if (cause == u"ORIGINATOR_CANCEL")
        return QStringLiteral("CANCEL");
    if (cause == u"USER_BUSY")
        return QStringLiteral("BUSY");
    if (cause == u"NO_ANSWER")
        return QStringLiteral("NOANSWER");
    if (cause == u"DESTINATION_OUT_OF_ORDER" || cause == u"INVALID_PROFILE")
        return QStringLiteral("INVALIDARGS");
    if (cause == u"CALL_REJECTED")
        return QStringLiteral("DONTCALL");
    return cause;
}

bool isUp(const Channel *c)
{
    return c && c->callState != u"HANGUP";
}

} // namespace

int Switch::startAttXfer(Channel &t, const PendingApp &app)
{
    AttXfer x;
    x.transferor = t.uuid;
    x.app = app;
    // switch_channel_get_partner_uuid: the bridged leg is the one left waiting.
    if (const Channel *p = channel(t.bridgedUuid); isUp(p)) {
        x.partner = p->uuid;
        x.transferorLedBridge = t.otherUuid == p->uuid && t.otherType == u"originatee";
        t.setVariable("soft_holding_uuid", p->uuid);
    }
    const Dial dial = parseDial(app.argument, m_config.ipv4);
    const QString uuid = t.uuid;
    if (!dial.failure.isEmpty()) {
        // No leg at all (the error endpoint, an unknown one): the originate fails at once.
        m_attXfers.insert(uuid, x);
        const QString failure = dial.failure;
        QTimer::singleShot(0, this, [this, uuid, failure] {
            if (m_attXfers.contains(uuid))
                attXferFailed(m_attXfers.take(uuid), failure);
        });
        return kUntilCompleted;
    }
    // An answered channel that originates waits for the ring (CF_ORIGINATOR: RING_WAIT).
    if (t.answerState == u"answered")
        setCallState(t, QStringLiteral("RING_WAIT"));
    const auto target = newOutboundLeg(t, dial.name, dial.destination, dial.uuid);
    for (const auto &[name, value] : dial.variables)
        target->setVariable(name, value);
    x.target = target->uuid;
    m_attXfers.insert(uuid, x);
    QTimer::singleShot(m_config.ringMs, this, [this, uuid] { attXferAnswered(uuid); });
    return kUntilCompleted;
}

void Switch::attXferAnswered(const QString &uuid)
{
    const auto it = m_attXfers.find(uuid);
    if (it == m_attXfers.end() || it->consulting)
        return;
    Channel *t = channel(uuid);
    Channel *target = channel(it->target);
    if (!isUp(t) || !isUp(target))
        return;
    it->consulting = true;
    answer(*target);
    t->setVariable("originate_disposition", QStringLiteral("call accepted"));
    t->setVariable("DIALSTATUS", QStringLiteral("ANSWER"));
    if (t->answerState == u"answered")
        setCallState(*t, QStringLiteral("ACTIVE"));
    // The inner bridge: the transferor is its A leg; the partner's bridge stays as it was.
    bridge(*t, *target);
}

void Switch::attXferFailed(const AttXfer &x, const QString &cause)
{
    Channel *t = channel(x.transferor);
    if (!isUp(t))
        return;
    t->setVariable("originate_disposition", cause);
    t->setVariable("DIALSTATUS", dialStatus(cause));
    t->removeVariable("soft_holding_uuid");
    if (t->answerState == u"answered")
        setCallState(*t, QStringLiteral("ACTIVE"));
    completeApp(x.transferor, x.app, QStringLiteral("_none_"));
    // The suspended bridge resumes; without a partner any more the transferor's bridge is over.
    if (x.partnerGone)
        hangupChannel(x.transferor, QStringLiteral("NORMAL_CLEARING"));
}

bool Switch::hangupInAttXfer(Channel &c, const QString &cause)
{
    const QString uuid = c.uuid;
    for (auto it = m_attXfers.begin(); it != m_attXfers.end(); ++it) {
        if (it->partner == uuid && !it->partnerGone) {
            // The waiting partner left: the suspended bridge ends, the consultation goes on.
            it->partnerGone = true;
            if (Channel *t = channel(it->transferor)) {
                if (it->transferorLedBridge)
                    unbridge(*t, c);
                else
                    unbridge(c, *t);
            }
            hangupChannel(uuid, cause, false);
            return true;
        }
        if (it->transferor != uuid && it->target != uuid)
            continue;
        const AttXfer x = *it;
        m_attXfers.erase(it);
        Channel *t = channel(x.transferor);
        Channel *target = channel(x.target);
        Channel *p = x.partnerGone ? nullptr : channel(x.partner);
        if (uuid == x.transferor) {
            if (!x.consulting) {
                // It left while the target rang: the originate is cancelled, and the
                // transferor hangs up as any bridged leg does.
                hangupChannel(x.target, QStringLiteral("ORIGINATOR_CANCEL"), false);
                return false;
            }
            // The transfer completes: both bridges end, and the target gets the partner. The
            // real switch's listing kept the rows of the legs that left here for minutes.
            keepStaleRow(c);
            if (Channel *pair = channel(c.variable("other_loopback_leg_uuid")))
                keepStaleRow(*pair);
            if (target)
                unbridge(c, *target);
            if (isUp(p) && x.transferorLedBridge)
                unbridge(c, *p);
            else if (isUp(p))
                unbridge(*p, c);
            hangupChannel(uuid, cause, false);
            if (isUp(target) && isUp(p)) {
                target->setVariable("att_xfer_result", QStringLiteral("success"));
                uuidBridge(x.target, x.partner);
            } else if (isUp(target)) {
                hangupChannel(x.target, QStringLiteral("NORMAL_CLEARING"), false);
            }
            return true;
        }
        // The target left.
        if (!x.consulting) {
            // It failed while ringing: the originate fails with its cause.
            hangupChannel(uuid, cause, false);
            attXferFailed(x, cause);
            return true;
        }
        // It left the consultation: the transferor goes back to its partner (uuid_bridge).
        if (t)
            unbridge(*t, c);
        hangupChannel(uuid, cause, false);
        if (!isUp(t))
            return true;
        t->removeVariable("soft_holding_uuid");
        const bool back = isUp(p);
        t->setVariable("att_xfer_result",
                       back ? QStringLiteral("success") : QStringLiteral("failure"));
        completeApp(x.transferor, x.app, QStringLiteral("_none_"));
        if (back) {
            if (x.transferorLedBridge)
                unbridge(*t, *p);
            else
                unbridge(*p, *t);
            uuidBridge(x.transferor, x.partner);
        } else if (!x.partner.isEmpty()) {
            hangupChannel(x.transferor, QStringLiteral("NORMAL_CLEARING"), false);
        }
        return true;
    }
    return false;
}

// ---- eavesdrop, three_way ---------------------------------------------------------------------
//
// Both run switch_ivr_eavesdrop_session on the uuid they are given: a media bug "eavesdrop" on
// the target (MEDIA_BUG_START/STOP fire on the target, Media-Bug-Target is its uuid) for as
// long as both are up. A missing, hung up or own uuid ends the application at once, and a leg
// originated to run it (`originate ... &eavesdrop(<uuid>)`) then hangs up NORMAL_CLEARING, as
// any extension that has run out. Whisper (eavesdrop_whisper_aleg/bleg) and barge only change
// the audio, which the simulation has none of.

int Switch::startEavesdrop(Channel &c, const PendingApp &app)
{
    const bool threeWay = app.application == u"three_way";
    const QString target = app.argument.trimmed();
    if (target.isEmpty()) {
        log(LogEntry{3, QStringLiteral("mod_dptools.c"),
                     threeWay ? QStringLiteral("three_way_function")
                              : QStringLiteral("eavesdrop_function"),
                     threeWay ? 1033 : 923, c.uuid,
                     threeWay ? QByteArray("Usage: <uuid>\n") : "Usage: [all | <uuid>]\n"});
        return 0;
    }
    // eavesdrop all: one call after another until the eavesdropper hangs up.
    if (!threeWay && target.compare(u"all", Qt::CaseInsensitive) == 0)
        return kUntilCompleted;
    Channel *t = channel(target);
    if (t == &c)
        log(LogEntry{3, QStringLiteral("switch_ivr_async.c"),
                     QStringLiteral("switch_ivr_eavesdrop_session"), 2320, c.uuid,
                     "Eavesdrop target invalid.\n"});
    if (!isUp(t) || t == &c)
        return 0;
    m_eavesdrops.insert(c.uuid, t->uuid);
    Esl::HeaderList pre;
    pre.append("Media-Bug-Function", "eavesdrop");
    pre.append("Media-Bug-Target", t->uuid.toUtf8());
    fireChannelEvent("MEDIA_BUG_START", *t, pre);
    return kUntilCompleted;
}

void Switch::endEavesdrop(const QString &uuid)
{
    const QString target = m_eavesdrops.take(uuid);
    Channel *t = channel(target);
    if (!t)
        return;
    Esl::HeaderList pre;
    pre.append("Media-Bug-Function", "eavesdrop");
    pre.append("Media-Bug-Target", target.toUtf8());
    fireChannelEvent("MEDIA_BUG_STOP", *t, pre);
}

void Switch::eavesdropTargetGone(const QString &uuid)
{
    for (const QString &spy : m_eavesdrops.keys(uuid)) {
        if (m_runningApp.contains(spy))
            completeApp(spy, m_runningApp.value(spy), QStringLiteral("_none_"));
        else
            endEavesdrop(spy);
    }
}

} // namespace Sim
