// SimCallCenter: the agents' side (simcallcenter.h). The members thread offers each waiting
// member to the longest-idle agent that is free; the agent's leg rings, answers and is bridged
// to the member (uuid_bridge), or fails; the call ends when both legs are down. As
// outbound_agent_thread_run does in mod_callcenter.c, with its events in the same order.

#include "simcallcenter.h"

#include "channel.h"
#include "simids.h"
#include "simswitch.h"

#include <QDateTime>

namespace Sim {

namespace {

qint64 epochNow()
{
    return QDateTime::currentSecsSinceEpoch();
}

} // namespace

void SimCallCenter::setAgentState(Agent &agent, const QString &state)
{
    agent.state = state;
    if (state == u"Receiving")
        agent.lastOfferedCall = epochNow();
    fireAgent(agent, "agent-state-change", "CC-Agent-State", state, "cc_agent_update", 1067);
}

void SimCallCenter::scheduleDispatch()
{
    if (m_dispatchQueued)
        return;
    m_dispatchQueued = true;
    QTimer::singleShot(0, this, [this] {
        m_dispatchQueued = false;
        dispatch();
    });
}

void SimCallCenter::dispatch()
{
    // The members thread: each waiting member, oldest first, gets the longest-idle agent of
    // its queue's tiers that is Available, Waiting, past its wrap-up and ready time.
    const qint64 now = epochNow();
    bool wrappingUp = false;
    for (Member &m : m_members) {
        if (m.state != u"Waiting")
            continue;
        Agent *best = nullptr;
        for (const Tier &t : std::as_const(m_tiers)) {
            if (t.queue != m.queue || t.state != u"Ready")
                continue;
            auto a = m_agents.find(t.agent);
            if (a == m_agents.end() || a->state != u"Waiting" ||
                (a->status != u"Available" && a->status != u"Available (On Demand)"))
                continue;
            if (a->lastBridgeEnd + a->wrapUpTime > now || a->readyTime > now) {
                wrappingUp = true;
                continue;
            }
            if (!best || a->lastBridgeEnd < best->lastBridgeEnd)
                best = &*a;
        }
        if (best)
            offer(m, *best);
    }
    if (wrappingUp)
        QTimer::singleShot(1000, this, [this] { scheduleDispatch(); });
}

void SimCallCenter::offer(Member &member, Agent &agent)
{
    setAgentState(agent, QStringLiteral("Receiving"));
    member.state = QStringLiteral("Trying");
    member.servingAgent = agent.name;
    if (Tier *t = tier(member.queue, agent.name))
        t->state = QStringLiteral("Offering");
    fireOffering(member, agent);
    Offer o;
    o.queue = member.queue;
    o.memberUuid = member.uuid;
    o.agent = agent.name;
    o.called = epochNow();
    Channel *caller = sw()->channel(member.sessionUuid);
    if (!caller)
        return;
    const int ringMs = std::max(sw()->config().ringMs, 50);
    if (agent.contact.startsWith(u"error/")) {
        // No leg at all; the originate fails after the agent's leg timeout.
        o.legUuid = QStringLiteral("error-") + freshUuid();
        m_offers.insert(o.legUuid, o);
        QTimer::singleShot(ringMs, this, [this, leg = o.legUuid] {
            if (m_offers.contains(leg))
                agentFailed(leg, QStringLiteral("NO_ANSWER"));
        });
        return;
    }
    const QString ext = agent.contact.section(u'/', -1);
    auto leg = sw()->newOutboundLeg(*caller, QStringLiteral("sofia/internal/%1@%2")
                                                 .arg(ext, sw()->config().ipv4),
                                    ext, freshUuid());
    o.legUuid = leg->uuid;
    m_offers.insert(o.legUuid, o);
    QTimer::singleShot(ringMs, this, [this, legUuid = o.legUuid] { agentAnswered(legUuid); });
}

void SimCallCenter::agentAnswered(const QString &legUuid)
{
    auto it = m_offers.find(legUuid);
    if (it == m_offers.end())
        return;
    Member *m = memberByUuid(it->memberUuid);
    Channel *leg = sw()->channel(legUuid);
    if (!m || !leg || m->state != u"Trying" || leg->callState == u"HANGUP")
        return;
    const QString session = m->sessionUuid;
    sw()->answer(*leg);
    it->answered = epochNow();
    Agent &a = m_agents[it->agent];
    a.uuid = legUuid;
    a.lastBridgeStart = it->answered;
    ++a.callsAnswered;
    a.noAnswerCount = 0;
    m->state = QStringLiteral("Answered");
    m->bridged = it->answered;
    if (Tier *t = tier(m->queue, a.name))
        t->state = QStringLiteral("Active Inbound");
    m_bridging = session;
    sw()->uuidBridge(session, legUuid);
    m_bridging.clear();
    const Offer o = *it;
    if (Member *again = memberByUuid(o.memberUuid)) {
        fireBridgeStart(*again, o);
        setAgentState(m_agents[o.agent], QStringLiteral("In a queue call"));
        fireCount(again->queue);
        if (m_queues.contains(again->queue))
            ++m_queues[again->queue].callsAnswered;
    }
}

void SimCallCenter::agentFailed(const QString &legUuid, const QString &cause)
{
    const Offer o = m_offers.take(legUuid);
    Member *m = memberByUuid(o.memberUuid);
    auto a = m_agents.find(o.agent);
    const bool noAnswer = cause != u"ORIGINATOR_CANCEL";
    if (Tier *t = tier(o.queue, o.agent))
        t->state = noAnswer ? QStringLiteral("No Answer") : QStringLiteral("Ready");
    if (m && m->state == u"Trying") {
        m->state = QStringLiteral("Waiting");
        m->servingAgent.clear();
    }
    if (a != m_agents.end() && noAnswer) {
        ++a->noAnswerCount;
        a->readyTime = epochNow() + 5; // no_answer_delay_time / the loop protection
        if (a->maxNoAnswer > 0 && a->noAnswerCount >= a->maxNoAnswer && m) {
            fireMaxNoAnswer(*a, *m);
            a->status = QStringLiteral("On Break");
            a->lastStatusChange = epochNow();
            fireAgent(*a, "agent-status-change", "CC-Agent-Status", a->status, "cc_agent_update",
                      1043);
        }
    }
    if (m)
        fireBridgeFail(*m, o, cause);
    if (Tier *t = tier(o.queue, o.agent); t && noAnswer)
        QTimer::singleShot(5000, this, [this, q = o.queue, agent = o.agent] {
            if (Tier *again = tier(q, agent); again && again->state == u"No Answer")
                again->state = QStringLiteral("Ready");
            scheduleDispatch();
        });
    if (a != m_agents.end())
        setAgentState(*a, QStringLiteral("Waiting"));
    scheduleDispatch();
}

void SimCallCenter::callEnded(const QString &legUuid)
{
    const Offer o = m_offers.take(legUuid);
    Member *m = memberByUuid(o.memberUuid);
    if (!m)
        return;
    fireBridgeEnd(*m, o);
    const qint64 now = epochNow();
    auto a = m_agents.find(o.agent);
    if (a != m_agents.end()) {
        a->uuid.clear();
        a->lastBridgeEnd = now;
        a->talkTime += now - a->lastBridgeStart;
    }
    fireMemberTerminated(*m, o);
    if (Tier *t = tier(o.queue, o.agent))
        t->state = QStringLiteral("Ready");
    m_members.removeIf([&](const Member &x) { return x.uuid == o.memberUuid; });
    if (a != m_agents.end()) {
        // Available (On Demand) agents go Idle after a call until they say otherwise.
        setAgentState(*a, a->status == u"Available (On Demand)" ? QStringLiteral("Idle")
                                                                : QStringLiteral("Waiting"));
    }
    scheduleDispatch();
}

} // namespace Sim
