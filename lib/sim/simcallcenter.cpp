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

bool waiting(const QString &state)
{
    return state == u"Waiting" || state == u"Trying";
}

} // namespace

SimCallCenter::SimCallCenter(Switch *sw) : Module(sw)
{
    m_traffic.setSingleShot(true);
    connect(&m_traffic, &QTimer::timeout, this, &SimCallCenter::trafficTick);
    configure();
}

SimCallCenter::~SimCallCenter() = default;

void SimCallCenter::configure()
{
    // As callcenter.conf.xml would have them; statuses as agents would have set them.
    m_queues.clear();
    m_agents.clear();
    m_tiers.clear();
    for (const QString &q : {QStringLiteral("support@default"), QStringLiteral("sales@default")}) {
        Queue queue;
        queue.name = q;
        m_queues.insert(q, queue);
    }
    const qint64 now = epochNow();
    const auto add = [&](const QString &name, const QString &contact, const QString &status) {
        Agent a;
        a.name = name;
        a.contact = contact;
        a.status = status;
        a.wrapUpTime = 3;
        a.maxNoAnswer = name == u"agent4@default" ? 3 : 0;
        a.lastStatusChange = now;
        m_agents.insert(name, a);
    };
    add(QStringLiteral("agent1@default"), QStringLiteral("user/1001"), QStringLiteral("Available"));
    add(QStringLiteral("agent2@default"), QStringLiteral("user/1002"), QStringLiteral("Available"));
    add(QStringLiteral("agent3@default"), QStringLiteral("user/1003"), QStringLiteral("On Break"));
    // A contact that never answers: bridge-agent-fail when it is made Available.
    add(QStringLiteral("agent4@default"), QStringLiteral("error/no_answer"),
        QStringLiteral("Logged Out"));
    const auto tier = [&](const QString &q, const QString &a, int level, int position) {
        m_tiers.append(Tier{q, a, QStringLiteral("Ready"), level, position});
    };
    tier(QStringLiteral("support@default"), QStringLiteral("agent1@default"), 1, 1);
    tier(QStringLiteral("support@default"), QStringLiteral("agent2@default"), 1, 2);
    tier(QStringLiteral("support@default"), QStringLiteral("agent3@default"), 2, 1);
    tier(QStringLiteral("sales@default"), QStringLiteral("agent2@default"), 1, 1);
    tier(QStringLiteral("sales@default"), QStringLiteral("agent4@default"), 1, 2);
}

bool SimCallCenter::answersApi(QStringView command) const
{
    return command == u"callcenter_config";
}

bool SimCallCenter::runsApp(QStringView application) const
{
    return application == u"callcenter";
}

std::optional<std::pair<QString, QString>> SimCallCenter::route(const QString &exten) const
{
    // The capture's dialplan: 7100 = answer, callcenter corpus@default; here one per queue.
    if (exten == u"7100")
        return std::pair{QStringLiteral("callcenter"), QStringLiteral("support@default")};
    if (exten == u"7101")
        return std::pair{QStringLiteral("callcenter"), QStringLiteral("sales@default")};
    return std::nullopt;
}

QString SimCallCenter::memberState(const QString &sessionUuid) const
{
    for (const Member &m : m_members) {
        if (m.sessionUuid == sessionUuid)
            return m.state;
    }
    return {};
}

QString SimCallCenter::agentStatus(const QString &agent) const
{
    return m_agents.value(agent).status;
}

bool SimCallCenter::hasTier(const QString &queue, const QString &agent) const
{
    return std::any_of(m_tiers.cbegin(), m_tiers.cend(),
                       [&](const Tier &t) { return t.queue == queue && t.agent == agent; });
}

SimCallCenter::Member *SimCallCenter::memberBySession(const QString &sessionUuid)
{
    for (Member &m : m_members) {
        if (!sessionUuid.isEmpty() && m.sessionUuid == sessionUuid)
            return &m;
    }
    return nullptr;
}

SimCallCenter::Member *SimCallCenter::memberByUuid(const QString &uuid)
{
    for (Member &m : m_members) {
        if (m.uuid == uuid)
            return &m;
    }
    return nullptr;
}

SimCallCenter::Tier *SimCallCenter::tier(const QString &queue, const QString &agent)
{
    for (Tier &t : m_tiers) {
        if (t.queue == queue && t.agent == agent)
            return &t;
    }
    return nullptr;
}

int SimCallCenter::runApp(Channel &channel, const QString &, const QString &argument)
{
    const QString queue = argument.section(u' ', 0, 0);
    if (!m_queues.contains(queue))
        return 0; // "Queue %s not found": the application returns at once
    if (channel.answerState != u"answered")
        sw()->answer(channel);
    Member m;
    m.queue = queue;
    m.uuid = freshUuid();
    m.sessionUuid = channel.uuid;
    m.cidName = channel.profile.callerIdName;
    m.cidNumber = channel.profile.callerIdNumber;
    m.joined = epochNow();
    channel.setVariable("cc_queue", queue);
    channel.setVariable("cc_member_uuid", m.uuid);
    channel.setVariable("cc_member_session_uuid", channel.uuid);
    m_members.append(m);
    fireMemberStart(m, false);
    fireCount(queue);
    scheduleDispatch();
    return -1; // waits until an agent takes it or the caller leaves
}

void SimCallCenter::appEnded(const QString &uuid, const QString &)
{
    if (uuid == m_bridging)
        return; // the member's wait ends in the bridge to its agent
    // Transferred (or bridged) elsewhere while waiting: the core broke the member out.
    if (Member *m = memberBySession(uuid); m && waiting(m->state))
        memberLeft(*m);
}

void SimCallCenter::channelHangingUp(const QString &uuid)
{
    if (m_offers.contains(uuid)) {
        const Offer o = m_offers.value(uuid);
        if (o.answered > 0) {
            // Once the hangup is done: bridge-agent-end carries the leg's Hangup-Cause.
            QTimer::singleShot(0, this, [this, uuid] {
                if (m_offers.contains(uuid))
                    callEnded(uuid);
            });
        } else
            agentFailed(uuid, QStringLiteral("ORIGINATOR_CANCEL"));
        return;
    }
    Member *m = memberBySession(uuid);
    if (!m)
        return;
    if (waiting(m->state)) {
        // callcenter_function notices the hangup in the channel's own thread, after the core
        // marked it down: its member-queue-end carries Answer-State "hangup" and the channel's
        // Hangup-Cause (who hung up: MANAGER_REQUEST for an operator's uuid_kill). The switch
        // ends the application (appEnded) once it has; this is for a wait that ended otherwise.
        QTimer::singleShot(0, this, [this, uuid] {
            if (Member *left = memberBySession(uuid); left && waiting(left->state))
                memberLeft(*left);
        });
        return;
    }
    // In a queue call: the agent's thread reports the end once the agent's leg is down too
    // (bridge-agent-end carries its Hangup-Cause); the bridge takes it down right after this.
    for (auto it = m_offers.cbegin(); it != m_offers.cend(); ++it) {
        if (it->memberUuid == m->uuid && it->answered > 0) {
            QTimer::singleShot(0, this, [this, leg = it.key()] {
                if (m_offers.contains(leg))
                    callEnded(leg);
            });
            return;
        }
    }
}

void SimCallCenter::memberLeft(Member &member)
{
    // callcenter_function: the wait ended without an agent (BREAK_OUT: the core broke it: a
    // hangup, a transfer); any agent being called for it is cancelled.
    for (auto it = m_offers.cbegin(); it != m_offers.cend(); ++it) {
        if (it->memberUuid == member.uuid && it->answered == 0) {
            const QString leg = it.key();
            QTimer::singleShot(0, this, [this, leg] {
                if (m_offers.contains(leg)) {
                    agentFailed(leg, QStringLiteral("ORIGINATOR_CANCEL"));
                    sw()->hangupChannel(leg, QStringLiteral("ORIGINATOR_CANCEL"), false);
                }
            });
        }
    }
    member.state = QStringLiteral("Abandoned");
    member.abandoned = epochNow();
    member.servingAgent.clear();
    fireMemberCancel(member, QStringLiteral("BREAK_OUT"));
    member.sessionUuid.clear();
    if (m_queues.contains(member.queue))
        ++m_queues[member.queue].callsAbandoned;
    fireCount(member.queue);
}

void SimCallCenter::discardAbandoned()
{
    const qint64 now = epochNow();
    m_members.removeIf([&](const Member &m) {
        return m.state == u"Abandoned" &&
               m.abandoned + m_queues.value(m.queue).discardAbandonedAfter < now;
    });
}

void SimCallCenter::reset()
{
    // A restarted switch: every call gone; the module's tables are read again from its config.
    m_members.clear();
    m_offers.clear();
    m_bridging.clear();
    configure();
}

void SimCallCenter::startTraffic(quint32 seed)
{
    m_random.seed(seed ^ 0xcc);
    m_traffic.start(1500);
}

void SimCallCenter::stopTraffic()
{
    m_traffic.stop();
}

void SimCallCenter::trafficTick()
{
    // A caller every 4–10 s into one of the queues; some hang up before an agent is free.
    static const QStringList names{QStringLiteral("Ada Byron"),  QStringLiteral("Bo Chen"),
                                   QStringLiteral("Cleo Diaz"),  QStringLiteral("Dev Patel"),
                                   QStringLiteral("Eli Novak"),  QStringLiteral("Fay Okafor")};
    Switch::CallSpec spec;
    spec.callerName = names[m_random.bounded(int(names.size()))];
    spec.callerNumber = QString::number(5550100 + m_random.bounded(900));
    spec.destination = m_random.bounded(3) == 0 ? QStringLiteral("7101") : QStringLiteral("7100");
    spec.bridge = false;
    spec.application = QStringLiteral("callcenter");
    spec.applicationArgument =
        spec.destination == u"7101" ? QStringLiteral("sales@default") : QStringLiteral("support@default");
    spec.durationMs = 8000 + m_random.bounded(40000);
    sw()->placeCall(spec);
    // Now and then an agent takes a break or comes back.
    if (++m_callers % 5 == 0) {
        const QStringList pool{QStringLiteral("agent1@default"), QStringLiteral("agent2@default"),
                               QStringLiteral("agent3@default")};
        const QString name = pool[m_random.bounded(int(pool.size()))];
        const QString next = m_agents.value(name).status == u"Available" ? QStringLiteral("On Break")
                                                                         : QStringLiteral("Available");
        updateAgent(QStringLiteral("status"), name, next);
    }
    discardAbandoned();
    m_traffic.start(4000 + m_random.bounded(6000));
}

} // namespace Sim
