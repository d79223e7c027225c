// SimCallCenter: the callcenter::info events, header for header as FreeSWITCH 1.10.12 fires
// them. Calling functions and lines are the capture's (real2/callcenter); for the actions it
// lacks, mod_callcenter.c's own function and line, shifted as the captured ones are (-3).

#include "simcallcenter.h"

#include "channel.h"
#include "simswitch.h"

#include <QDateTime>

#include <functional>

namespace Sim {

namespace {

QByteArray number(qint64 n)
{
    return QByteArray::number(n);
}

qint64 epochNow()
{
    return QDateTime::currentSecsSinceEpoch();
}

// switch_channel_event_set_data: the channel, its other leg, its variables.
void appendChannel(Esl::HeaderList &h, const Switch &sw, const Channel *c,
                   const std::function<const Channel *(const QString &)> &find)
{
    Q_UNUSED(sw)
    if (!c)
        return;
    c->appendChannelData(h);
    if (!c->otherUuid.isEmpty()) {
        if (const Channel *other = find(c->otherUuid))
            c->appendOtherLeg(h, *other);
    }
    c->appendVariables(h);
}

} // namespace

Esl::HeaderList SimCallCenter::base(QByteArrayView function, int line) const
{
    // switch_event_create_subclass: the subclass comes first.
    Esl::HeaderList h;
    h.append("Event-Subclass", "callcenter::info");
    const Esl::HeaderList b = sw()->eventBase("CUSTOM", "mod_callcenter.c", function, line);
    for (qsizetype i = 0; i < b.size(); ++i)
        h.append(b.name(i), b.value(i));
    return h;
}

void SimCallCenter::fireAgent(const Agent &agent, QByteArrayView action, QByteArrayView valueHeader,
                              const QString &value, QByteArrayView function, int line)
{
    Esl::HeaderList h = base(function, line);
    h.append("CC-Agent", agent.name.toUtf8());
    h.append("CC-Action", action.toByteArray());
    h.append(valueHeader.toByteArray(), value.toUtf8());
    sw()->fire(Esl::Event(std::move(h), {}, false));
}

void SimCallCenter::fireAgentAdd(const Agent &agent)
{
    Esl::HeaderList h = base("cc_agent_add", 915);
    h.append("CC-Agent", agent.name.toUtf8());
    h.append("CC-Agent-Type", agent.type.toUtf8());
    h.append("CC-Action", "agent-add");
    sw()->fire(Esl::Event(std::move(h), {}, false));
}

void SimCallCenter::fireCount(const QString &queue)
{
    int count = 0;
    for (const Member &m : std::as_const(m_members))
        count += m.queue == queue && (m.state == u"Waiting" || m.state == u"Trying");
    Esl::HeaderList h = base("cc_queue_count", 878);
    h.append("CC-Queue", queue.toUtf8());
    h.append("CC-Action", "members-count");
    h.append("CC-Count", number(count));
    h.append("CC-Selection", "Single-Queue");
    sw()->fire(Esl::Event(std::move(h), {}, false));
}

void SimCallCenter::fireMemberStart(const Member &member, bool resumed)
{
    Esl::HeaderList h = base("callcenter_function", 3113);
    appendChannel(h, *sw(), sw()->channel(member.sessionUuid),
                  [this](const QString &u) { return sw()->channel(u); });
    h.append("CC-Queue", member.queue.toUtf8());
    h.append("CC-Action", resumed ? "member-queue-resume" : "member-queue-start");
    h.append("CC-Member-UUID", member.uuid.toUtf8());
    h.append("CC-Member-Session-UUID", member.sessionUuid.toUtf8());
    h.append("CC-Member-CID-Name", member.cidName.toUtf8());
    h.append("CC-Member-CID-Number", member.cidNumber.toUtf8());
    sw()->fire(Esl::Event(std::move(h), {}, false));
}

void SimCallCenter::fireOffering(const Member &member, const Agent &agent)
{
    Esl::HeaderList h = base("outbound_agent_thread_run", 1717);
    h.append("CC-Queue", member.queue.toUtf8());
    h.append("CC-Action", "agent-offering");
    h.append("CC-Agent", agent.name.toUtf8());
    h.append("CC-Agent-Type", agent.type.toUtf8());
    h.append("CC-Agent-System", "single_box");
    h.append("CC-Member-UUID", member.uuid.toUtf8());
    h.append("CC-Member-Session-UUID", member.sessionUuid.toUtf8());
    h.append("CC-Member-CID-Name", member.cidName.toUtf8());
    h.append("CC-Member-CID-Number", member.cidNumber.toUtf8());
    // CC-Member-DNIS follows when the member's caller profile has an rdnis (it had none in the
    // capture: a NULL value adds no header).
    if (const Channel *c = sw()->channel(member.sessionUuid); c && !c->profile.rdnis.isEmpty())
        h.append("CC-Member-DNIS", c->profile.rdnis.toUtf8());
    sw()->fire(Esl::Event(std::move(h), {}, false));
}

void SimCallCenter::fireBridgeStart(const Member &member, const Offer &offer)
{
    Esl::HeaderList h = base("outbound_agent_thread_run", 1934);
    appendChannel(h, *sw(), sw()->channel(offer.legUuid),
                  [this](const QString &u) { return sw()->channel(u); });
    h.append("CC-Queue", member.queue.toUtf8());
    h.append("CC-Action", "bridge-agent-start");
    h.append("CC-Agent", offer.agent.toUtf8());
    h.append("CC-Agent-System", "single_box");
    h.append("CC-Agent-UUID", offer.legUuid.toUtf8());
    h.append("CC-Agent-Called-Time", number(offer.called));
    h.append("CC-Agent-Answered-Time", number(offer.answered));
    h.append("CC-Member-Joined-Time", number(member.joined));
    h.append("CC-Member-UUID", member.uuid.toUtf8());
    h.append("CC-Member-Session-UUID", member.sessionUuid.toUtf8());
    h.append("CC-Member-CID-Name", member.cidName.toUtf8());
    h.append("CC-Member-CID-Number", member.cidNumber.toUtf8());
    sw()->fire(Esl::Event(std::move(h), {}, false));
}

void SimCallCenter::fireBridgeEnd(const Member &member, const Offer &offer)
{
    Esl::HeaderList h = base("outbound_agent_thread_run", 2062);
    appendChannel(h, *sw(), sw()->channel(offer.legUuid),
                  [this](const QString &u) { return sw()->channel(u); });
    h.append("CC-Queue", member.queue.toUtf8());
    h.append("CC-Action", "bridge-agent-end");
    h.append("CC-Hangup-Cause", "SUCCESS");
    h.append("CC-Agent", offer.agent.toUtf8());
    h.append("CC-Agent-System", "single_box");
    h.append("CC-Agent-UUID", offer.legUuid.toUtf8());
    h.append("CC-Agent-Bridged", "true");
    h.append("CC-Agent-Called-Time", number(offer.called));
    h.append("CC-Agent-Answered-Time", number(offer.answered));
    h.append("CC-Member-Joined-Time", number(member.joined));
    h.append("CC-Bridge-Terminated-Time", number(epochNow()));
    h.append("CC-Member-UUID", member.uuid.toUtf8());
    h.append("CC-Member-Session-UUID", member.sessionUuid.toUtf8());
    h.append("CC-Member-CID-Name", member.cidName.toUtf8());
    h.append("CC-Member-CID-Number", member.cidNumber.toUtf8());
    sw()->fire(Esl::Event(std::move(h), {}, false));
}

void SimCallCenter::fireMemberTerminated(const Member &member, const Offer &offer)
{
    Esl::HeaderList h = base("outbound_agent_thread_run", 2098);
    appendChannel(h, *sw(), sw()->channel(member.sessionUuid),
                  [this](const QString &u) { return sw()->channel(u); });
    h.append("CC-Queue", member.queue.toUtf8());
    h.append("CC-Action", "member-queue-end");
    h.append("CC-Hangup-Cause", "SUCCESS");
    h.append("CC-Cause", "Terminated");
    h.append("CC-Agent", offer.agent.toUtf8());
    h.append("CC-Agent-System", "single_box");
    h.append("CC-Agent-UUID", offer.legUuid.toUtf8());
    h.append("CC-Agent-Called-Time", number(offer.called));
    h.append("CC-Agent-Answered-Time", number(offer.answered));
    h.append("CC-Member-Leaving-Time", number(epochNow()));
    h.append("CC-Member-Joined-Time", number(member.joined));
    h.append("CC-Member-UUID", member.uuid.toUtf8());
    h.append("CC-Member-Session-UUID", member.sessionUuid.toUtf8());
    h.append("CC-Member-CID-Name", member.cidName.toUtf8());
    h.append("CC-Member-CID-Number", member.cidNumber.toUtf8());
    sw()->fire(Esl::Event(std::move(h), {}, false));
}

void SimCallCenter::fireMemberCancel(const Member &member, const QString &reason)
{
    // callcenter_function, once the member's wait ended without an agent.
    Esl::HeaderList h = base("callcenter_function", 3274);
    appendChannel(h, *sw(), sw()->channel(member.sessionUuid),
                  [this](const QString &u) { return sw()->channel(u); });
    h.append("CC-Queue", member.queue.toUtf8());
    h.append("CC-Action", "member-queue-end");
    h.append("CC-Member-Leaving-Time", number(epochNow()));
    h.append("CC-Member-Joined-Time", number(member.joined));
    h.append("CC-Cause", "Cancel");
    h.append("CC-Cancel-Reason", reason.toUtf8());
    h.append("CC-Member-UUID", member.uuid.toUtf8());
    h.append("CC-Member-Session-UUID", member.sessionUuid.toUtf8());
    h.append("CC-Member-CID-Name", member.cidName.toUtf8());
    h.append("CC-Member-CID-Number", member.cidNumber.toUtf8());
    sw()->fire(Esl::Event(std::move(h), {}, false));
}

void SimCallCenter::fireBridgeFail(const Member &member, const Offer &offer, const QString &cause)
{
    Esl::HeaderList h = base("outbound_agent_thread_run", 2199);
    h.append("CC-Queue", member.queue.toUtf8());
    h.append("CC-Action", "bridge-agent-fail");
    h.append("CC-Hangup-Cause", cause.toUtf8());
    h.append("CC-Agent", offer.agent.toUtf8());
    h.append("CC-Agent-System", "single_box");
    h.append("CC-Agent-Called-Time", number(offer.called));
    h.append("CC-Agent-Aborted-Time", number(epochNow()));
    h.append("CC-Member-UUID", member.uuid.toUtf8());
    h.append("CC-Member-Session-UUID", member.sessionUuid.toUtf8());
    h.append("CC-Member-CID-Name", member.cidName.toUtf8());
    h.append("CC-Member-CID-Number", member.cidNumber.toUtf8());
    h.append("CC-Member-Joined-Time", number(member.joined));
    sw()->fire(Esl::Event(std::move(h), {}, false));
}

void SimCallCenter::fireMaxNoAnswer(const Agent &agent, const Member &member)
{
    Esl::HeaderList h = base("outbound_agent_thread_run", 2175);
    h.append("CC-Agent", agent.name.toUtf8());
    h.append("CC-Action", "agent-max-no-answer");
    h.append("CC-Agent-No-Answer-Count", number(agent.maxNoAnswer));
    h.append("CC-Agent-No-Answer-Status", "On Break");
    h.append("CC-Member-UUID", member.uuid.toUtf8());
    h.append("CC-Member-Session-UUID", member.sessionUuid.toUtf8());
    sw()->fire(Esl::Event(std::move(h), {}, false));
}

} // namespace Sim
