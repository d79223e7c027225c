// CallCenterStore: the callcenter::info events (callcenterstore.h). Each CC-Action is applied as
// mod_callcenter.c changes its own tables where it fires it.

#include "callcenterstore.h"

namespace Monitor {

namespace {

// CC-*-Time headers are epoch seconds; 0 or missing gives `fallback`.
qint64 epochMs(const Esl::Event &event, QByteArrayView header, qint64 fallback)
{
    bool ok = false;
    const qint64 s = event.header(header).toByteArray().toLongLong(&ok);
    return ok && s > 0 && s < (qint64(1) << 40) ? s * 1000 : fallback;
}

template<typename T> bool assign(T &field, const T &value)
{
    if (field == value)
        return false;
    field = value;
    return true;
}

} // namespace

bool CallCenterStore::leftByCaller(const Esl::Event &event)
{
    const QString reason = event.text("CC-Cancel-Reason");
    if (reason == u"TIMEOUT" || reason == u"NO_AGENT_TIMEOUT")
        return true;
    if (reason == u"EXIT_WITH_KEY")
        return false;
    // BREAK_OUT (or a reason this console does not know): who broke the wait?
    const QString answerState = event.text("Answer-State");
    if (answerState.isEmpty())
        return true; // no channel data: as the module counts it
    if (answerState != u"hangup")
        return false; // still up: transferred out of the queue (an operator's pick)
    return event.text("Hangup-Cause") != u"MANAGER_REQUEST";
}

bool CallCenterStore::applyEvent(const Esl::Event &event, qint64 nowMs)
{
    const QString action = event.text("CC-Action");
    if (action.isEmpty())
        return false;
    // The switch's clock for what happened; the arrival time when the event has none.
    const qint64 stamp = event.timestamp();
    const qint64 atMs = stamp > 0 ? stamp / 1000 : nowMs;
    prune(nowMs);
    // agent-offering is about a member being offered: the queue's side.
    if (action.startsWith(u"agent-") && action != u"agent-offering")
        return applyAgentEvent(action, event, atMs);
    return applyMemberEvent(action, event, atMs);
}

bool CallCenterStore::applyAgentEvent(const QString &action, const Esl::Event &event, qint64 atMs)
{
    const QString name = event.text("CC-Agent");
    if (name.isEmpty())
        return false;
    auto it = m_agents.find(name);
    if (it == m_agents.end()) {
        if (action != u"agent-add")
            countUnmatched(); // added before the last listing without our seeing it
        CallCenterAgent a;
        a.name = name;
        // cc_agent_add: a new agent is Logged Out and Waiting.
        a.status = QStringLiteral("Logged Out");
        a.state = QStringLiteral("Waiting");
        it = m_agents.insert(name, a);
    }
    CallCenterAgent &a = *it;
    if (action == u"agent-add")
        return assign(a.type, event.text("CC-Agent-Type")) || true;
    if (action == u"agent-contact-change")
        return assign(a.contact, event.text("CC-Agent-Contact"));
    if (action == u"agent-status-change" || action == u"agent-status-get") {
        const QString status = event.text("CC-Agent-Status");
        if (a.status == status)
            return false;
        if (action == u"agent-status-change") {
            a.lastStatusChangeMs = atMs;
            // cc_agent_update: becoming Available resets the agent's counters.
            if (status == u"Available") {
                a.callsAnswered = 0;
                a.talkTimeSeconds = 0;
                a.noAnswerCount = 0;
            }
        }
        a.status = status;
        return true;
    }
    if (action == u"agent-state-change" || action == u"agent-state-get") {
        const QString state = event.text("CC-Agent-State");
        if (state == u"Receiving" && action == u"agent-state-change")
            a.lastOfferedMs = atMs;
        return assign(a.state, state);
    }
    if (action == u"agent-max-no-answer") {
        // The status change that follows says where the agent went (agent_no_answer_status).
        bool ok = false;
        const int count = event.text("CC-Agent-No-Answer-Count").toInt(&ok);
        return ok && assign(a.noAnswerCount, count);
    }
    return false;
}

bool CallCenterStore::applyMemberEvent(const QString &action, const Esl::Event &event, qint64 atMs)
{
    const QString queueName = event.text("CC-Queue");
    if (queueName.isEmpty())
        return false;
    if (action == u"members-count") {
        // cc_queue_count's Waiting + Trying, taken while states are in flux: the capture has
        // CC-Count 1 just after member 2's bridge-agent-start. Nothing to apply; the members'
        // own events say more.
        return false;
    }
    const QString uuid = event.text("CC-Member-UUID");
    if (uuid.isEmpty())
        return false;
    CallCenterQueue &q = queueFor(queueName);
    CallCenterMember *m = member(q, uuid);
    const QString agentName = event.text("CC-Agent");
    const qint64 joinedMs = epochMs(event, "CC-Member-Joined-Time", m ? m->joinedMs : atMs);

    if (action == u"member-queue-start" || action == u"member-queue-resume") {
        if (!m) {
            q.members.append(CallCenterMember{});
            m = &q.members.last();
            m->uuid = uuid;
            m->joinedMs = atMs;
        }
        m->sessionUuid = event.text("CC-Member-Session-UUID");
        m->cidName = event.text("CC-Member-CID-Name");
        m->cidNumber = event.text("CC-Member-CID-Number");
        m->state = QStringLiteral("Waiting");
        m->servingAgent.clear();
        m->abandonedMs = 0;
        return true;
    }
    if (!m) {
        countUnmatched(); // a member that joined before the last listing without our seeing it
        if (action == u"member-queue-end")
            return false;
        q.members.append(CallCenterMember{});
        m = &q.members.last();
        m->uuid = uuid;
        m->sessionUuid = event.text("CC-Member-Session-UUID");
        m->cidName = event.text("CC-Member-CID-Name");
        m->cidNumber = event.text("CC-Member-CID-Number");
        m->joinedMs = joinedMs;
    }
    if (action == u"agent-offering") {
        m->state = QStringLiteral("Trying");
        m->servingAgent = agentName;
        if (CallCenterTier *t = tier(queueName, agentName))
            t->state = QStringLiteral("Offering");
        return true;
    }
    if (action == u"bridge-agent-start") {
        const qint64 answeredMs = epochMs(event, "CC-Agent-Answered-Time", atMs);
        m->state = QStringLiteral("Answered");
        m->servingAgent = agentName;
        m->bridgedMs = answeredMs;
        m->joinedMs = joinedMs;
        ++q.info.callsAnswered;
        if (CallCenterTier *t = tier(queueName, agentName))
            t->state = QStringLiteral("Active Inbound");
        auto a = m_agents.find(agentName);
        if (a != m_agents.end()) {
            // outbound_agent_thread_run: uuid, last_bridge_start, calls_answered + 1.
            a->uuid = event.text("CC-Agent-UUID");
            a->lastBridgeStartMs = answeredMs;
            ++a->callsAnswered;
            a->noAnswerCount = 0;
        } else {
            countUnmatched();
        }
        record(queueName, Outcome{atMs, Ending::Answered, std::max<qint64>(0, answeredMs - joinedMs),
                                  uuid});
        return true;
    }
    if (action == u"bridge-agent-end") {
        if (CallCenterTier *t = tier(queueName, agentName))
            t->state = QStringLiteral("Ready");
        auto a = m_agents.find(agentName);
        if (a != m_agents.end()) {
            const qint64 endMs = epochMs(event, "CC-Bridge-Terminated-Time", atMs);
            a->uuid.clear();
            a->lastBridgeEndMs = endMs;
            if (a->lastBridgeStartMs > 0)
                a->talkTimeSeconds += std::max<qint64>(0, (endMs - a->lastBridgeStartMs) / 1000);
        }
        return true;
    }
    if (action == u"bridge-agent-fail") {
        // The member goes back to waiting (from Trying only); the agent's tier is No Answer for
        // a call it did not answer, Ready when the module cancelled it (mod_callcenter.c,
        // outbound_agent_thread_run).
        if (m->state == u"Trying")
            m->state = QStringLiteral("Waiting");
        m->servingAgent.clear();
        static const QStringList notNoAnswer{
            QStringLiteral("LOSE_RACE"),          QStringLiteral("ORIGINATOR_CANCEL"),
            QStringLiteral("NORMAL_CIRCUIT_CONGESTION"), QStringLiteral("USER_BUSY"),
            QStringLiteral("CALL_REJECTED"),      QStringLiteral("USER_NOT_REGISTERED")};
        const bool noAnswer = !notNoAnswer.contains(event.text("CC-Hangup-Cause"));
        if (CallCenterTier *t = tier(queueName, agentName))
            t->state = noAnswer ? QStringLiteral("No Answer") : QStringLiteral("Ready");
        auto a = m_agents.find(agentName);
        if (noAnswer && a != m_agents.end())
            ++a->noAnswerCount;
        return true;
    }
    if (action == u"member-queue-end") {
        if (event.text("CC-Cause") == u"Cancel") {
            // The module lists it as Abandoned until discard-abandoned-after, whoever ended the
            // wait; the hour's figures count it as abandoned only when the caller did.
            const qint64 leftMs = epochMs(event, "CC-Member-Leaving-Time", atMs);
            m->state = QStringLiteral("Abandoned");
            m->sessionUuid.clear();
            m->servingAgent.clear();
            m->abandonedMs = leftMs;
            ++q.info.callsAbandoned;
            record(queueName, Outcome{atMs, leftByCaller(event) ? Ending::Abandoned : Ending::TakenOut,
                                      std::max<qint64>(0, leftMs - m->joinedMs), uuid});
        } else {
            // Terminated: the answered call ended; its row is deleted.
            for (qsizetype i = 0; i < q.members.size(); ++i) {
                if (q.members[i].uuid == uuid) {
                    q.members.removeAt(i);
                    break;
                }
            }
        }
        return true;
    }
    return false;
}

} // namespace Monitor
