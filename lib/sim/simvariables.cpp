// The channel variables the simulated switch writes as a call goes along, where FreeSWITCH
// 1.10.12 writes them and with the values it writes (tests/fixtures/real-amqp/events.jsonl and
// the Event Socket captures): how a leg was originated, what a bridge records on both legs, the
// hangup's bridge role and causes, and the CDR variables of switch_channel_set_timestamps that
// CHANNEL_HANGUP_COMPLETE and CHANNEL_DESTROY carry.

#include "channel.h"
#include "simids.h"
#include "simswitch.h"

#include <QDateTime>

namespace Sim {

namespace {

// switch_time_exp_lt + "%Y-%m-%d %T": the switch's local time.
QString stamp(qint64 micros)
{
    return QDateTime::fromMSecsSinceEpoch(micros / 1000)
        .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}

void setNumber(Channel &channel, const QByteArray &name, qint64 value)
{
    channel.setVariable(name, QString::number(value));
}

// The three resolutions switch_channel_set_timestamps writes each span in: whole seconds and
// milliseconds are differences of truncated instants (so 3.64 s between x.99 and y.63 is 4 s),
// microseconds the exact difference.
struct Span
{
    qint64 seconds = 0;
    qint64 millis = 0;
    qint64 micros = 0;
};

Span span(qint64 from, qint64 to)
{
    return Span{to / 1000000 - from / 1000000, to / 1000 - from / 1000, to - from};
}

bool leadsBridge(const Channel &channel, const Channel &other)
{
    return channel.otherUuid == other.uuid && channel.otherType == u"originatee";
}

} // namespace

void Switch::setTimestamps(Channel &c)
{
    // switch_core_session_reporting_state: the cause, then switch_channel_set_timestamps.
    c.setVariable("hangup_cause", c.hangupCause);
    setNumber(c, "hangup_cause_q850", causeQ850(c.hangupCause));
    c.setVariable("digits_dialed", c.dtmfLog.isEmpty() ? QStringLiteral("none") : c.dtmfLog);

    const CallerProfile &p = c.profile;
    // A transfer gives the channel a new caller profile: its own creation time.
    const qint64 profileCreated = p.transferTime ? p.transferTime : p.createdTime;
    const qint64 hungUp = p.hangupTime ? p.hangupTime : nowMicros();
    c.setVariable("start_stamp", stamp(p.createdTime));
    c.setVariable("profile_start_stamp", stamp(profileCreated));
    // The stamps of what never happened are left out; their epochs are 0.
    const std::pair<const char *, qint64> optionalStamps[] = {
        {"answer_stamp", p.answeredTime},
        {"bridge_stamp", p.bridgedTime},
        {"hold_stamp", p.lastHold},
        {"progress_stamp", p.progressTime},
        {"progress_media_stamp", p.progressMediaTime}};
    for (const auto &[name, micros] : optionalStamps) {
        if (micros)
            c.setVariable(name, stamp(micros));
    }
    c.setVariable("end_stamp", stamp(hungUp));

    const auto epochs = [&c](const char *prefix, qint64 micros) {
        setNumber(c, QByteArray(prefix) + "_epoch", micros / 1000000);
        setNumber(c, QByteArray(prefix) + "_uepoch", micros);
    };
    epochs("start", p.createdTime);
    epochs("profile_start", profileCreated);
    epochs("answer", p.answeredTime);
    epochs("bridge", p.bridgedTime);
    epochs("last_hold", p.lastHold);
    setNumber(c, "hold_accum_seconds", p.holdAccum / 1000000);
    setNumber(c, "hold_accum_usec", p.holdAccum);
    setNumber(c, "hold_accum_ms", p.holdAccum / 1000);
    epochs("resurrect", 0);
    epochs("progress", p.progressTime);
    epochs("progress_media", p.progressMediaTime);
    epochs("end", hungUp);

    // The last application the channel ran; an absent argument is no variable at all.
    if (!c.application.isEmpty())
        c.setVariable("last_app", c.application);
    if (!c.applicationData.isEmpty())
        c.setVariable("last_arg", c.applicationData);
    else
        c.removeVariable("last_arg");
    c.setVariable("caller_id",
                  p.callerIdName.isEmpty()
                      ? p.callerIdNumber
                      : QStringLiteral("\"%1\" <%2>").arg(p.callerIdName, p.callerIdNumber));

    const Span duration = span(p.createdTime, hungUp);
    const Span bill = p.answeredTime ? span(p.answeredTime, hungUp) : Span{};
    const Span flowBill = p.answeredTime ? duration : Span{};
    const Span answer = p.answeredTime ? span(p.createdTime, p.answeredTime) : Span{};
    const Span wait = p.bridgedTime > p.createdTime ? span(p.createdTime, p.bridgedTime) : Span{};
    const Span progress = p.progressTime ? span(p.createdTime, p.progressTime) : Span{};
    const Span progressMedia =
        p.progressMediaTime ? span(p.createdTime, p.progressMediaTime) : Span{};
    setNumber(c, "duration", duration.seconds);
    setNumber(c, "billsec", bill.seconds);
    setNumber(c, "progresssec", progress.seconds);
    setNumber(c, "answersec", answer.seconds);
    setNumber(c, "waitsec", wait.seconds);
    setNumber(c, "progress_mediasec", progressMedia.seconds);
    setNumber(c, "flow_billsec", flowBill.seconds);
    setNumber(c, "mduration", duration.millis);
    setNumber(c, "billmsec", bill.millis);
    setNumber(c, "progressmsec", progress.millis);
    setNumber(c, "answermsec", answer.millis);
    setNumber(c, "waitmsec", wait.millis);
    setNumber(c, "progress_mediamsec", progressMedia.millis);
    setNumber(c, "flow_billmsec", flowBill.millis);
    setNumber(c, "uduration", duration.micros);
    setNumber(c, "billusec", bill.micros);
    setNumber(c, "progressusec", progress.micros);
    setNumber(c, "answerusec", answer.micros);
    setNumber(c, "waitusec", wait.micros);
    setNumber(c, "progress_mediausec", progressMedia.micros);
    setNumber(c, "flow_billusec", flowBill.micros);
}

void Switch::markOriginated(Channel &leg, const QString &endpoint)
{
    // Early media counts as an answer unless the dial string said otherwise (ignore_early_media,
    // a ringback), which the simulated dial strings never say.
    leg.setVariable("originate_early_media", QStringLiteral("true"));
    // The endpoint module that made it: "loopback", "sofia", "user", ...
    leg.setVariable("originate_endpoint", endpoint.section(u'/', 0, 0));
}

void Switch::markOriginateSucceeded(Channel &caller, const Channel &peer)
{
    caller.setVariable("originated_legs",
                       QStringLiteral("%1;%2;%3")
                           .arg(peer.uuid, peer.profile.calleeIdName, peer.profile.calleeIdNumber));
    // The originate's cause is SUCCESS, and DIALSTATUS is named after it.
    caller.setVariable("originate_disposition", QStringLiteral("SUCCESS"));
    caller.setVariable("DIALSTATUS", QStringLiteral("SUCCESS"));
    // Each leg it dialled, with that leg's own cause: none while it is up.
    caller.setVariable("originate_causes", peer.uuid + QStringLiteral(";NONE"));
}

void Switch::markCallerIdFlipped(Channel &channel)
{
    channel.setVariable("pre_transfer_caller_id_name", channel.profile.callerIdName);
    channel.setVariable("pre_transfer_caller_id_number", channel.profile.callerIdNumber);
    channel.setVariable("channel_cid_flipped", QStringLiteral("yes"));
}

void Switch::markBridged(Channel &a, Channel &b)
{
    for (auto [self, other] : {std::pair{&a, &b}, std::pair{&b, &a}}) {
        self->setVariable("bridge_to", other->uuid);
        self->setVariable("last_bridge_to", other->uuid);
        self->setVariable("bridge_channel", other->name);
        // What the endpoint last showed as the party on the other end.
        self->setVariable("last_sent_callee_id_name", other->profile.callerIdName);
        self->setVariable("last_sent_callee_id_number", other->profile.callerIdNumber);
    }
}

void Switch::markHangingUp(Channel &c, const QString &cause)
{
    // switch_channel_set_variable_partner: the leg it is (or was last) bridged to.
    if (Channel *partner = channel(c.variable("signal_bond")))
        partner->setVariable("last_bridge_hangup_cause", cause);
    if (const Channel *other = channel(c.bridgedUuid)) {
        c.setVariable("last_bridge_role", leadsBridge(c, *other) ? QStringLiteral("originator")
                                                                 : QStringLiteral("originatee"));
    }
}

void Switch::markBridgeEnded(Channel &a, Channel &b)
{
    if (!a.hangupCause.isEmpty())
        b.setVariable("bridge_hangup_cause", a.hangupCause);
    if (!b.hangupCause.isEmpty())
        a.setVariable("bridge_hangup_cause", b.hangupCause);
}

} // namespace Sim
