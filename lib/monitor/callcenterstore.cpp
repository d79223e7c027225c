#include "callcenterstore.h"

#include <QJsonArray>

#include <algorithm>

namespace Monitor {

namespace {

bool isWaiting(const CallCenterMember &m)
{
    return m.state == u"Waiting" || m.state == u"Trying";
}

bool tierOrder(const CallCenterTier &a, const CallCenterTier &b)
{
    return std::tie(a.level, a.position, a.agent) < std::tie(b.level, b.position, b.agent);
}

qint64 secondsSince(qint64 thenMs, qint64 nowMs)
{
    return thenMs > 0 ? std::max<qint64>(0, (nowMs - thenMs) / 1000) : 0;
}

} // namespace

CallCenterStore::CallCenterStore(QObject *parent) : PanelStore(parent) {}

CallCenterStore::~CallCenterStore() = default;

const CallCenterQueue *CallCenterStore::queue(const QString &name) const
{
    const auto it = m_queues.constFind(name);
    return it == m_queues.cend() ? nullptr : &*it;
}

QList<CallCenterTier> CallCenterStore::tiers(const QString &queue) const
{
    QList<CallCenterTier> out;
    for (const CallCenterTier &t : m_tiers) {
        if (t.queue == queue)
            out.append(t);
    }
    std::stable_sort(out.begin(), out.end(), tierOrder);
    return out;
}

int CallCenterStore::position(const CallCenterQueue &queue, const QString &memberUuid)
{
    // mod_callcenter offers the member with the highest score first: the seconds it has waited
    // plus its base and skill scores (`queue list members` ... ORDER BY score DESC).
    const CallCenterMember *self = nullptr;
    for (const CallCenterMember &m : queue.members) {
        if (m.uuid == memberUuid)
            self = &m;
    }
    if (!self || !isWaiting(*self))
        return 0;
    // In whole seconds, as the module keeps joined_epoch: a listing (seconds) and events
    // (microseconds) then give the same positions, ties going by uuid.
    const auto key = [](const CallCenterMember &m) { return m.joinedMs / 1000 - qint64(m.score); };
    int ahead = 0;
    for (const CallCenterMember &m : queue.members) {
        if (&m != self && isWaiting(m) &&
            (key(m) < key(*self) || (key(m) == key(*self) && m.uuid < self->uuid)))
            ++ahead;
    }
    return ahead + 1;
}

bool CallCenterStore::stillListed(const CallCenterQueue &queue, const CallCenterMember &member,
                                  qint64 nowMs)
{
    if (member.state != u"Abandoned" || member.abandonedMs <= 0)
        return true;
    // The member thread deletes abandoned members discard-abandoned-after seconds later
    // (mod_callcenter.c, cc_member_thread_run); no event says so.
    const qint64 keep = qint64(queue.info.discardAbandonedAfter > 0
                                   ? queue.info.discardAbandonedAfter
                                   : 60) * 1000;
    return nowMs - member.abandonedMs <= keep;
}

CallCenterFigures CallCenterStore::figures(const QString &name, qint64 nowMs) const
{
    CallCenterFigures f;
    if (const CallCenterQueue *q = queue(name)) {
        for (const CallCenterMember &m : q->members) {
            if (!isWaiting(m))
                continue;
            ++f.waiting;
            if (m.joinedMs > 0)
                f.longestWaitMs = std::max(f.longestWaitMs, nowMs - m.joinedMs);
        }
    }
    qint64 waitSum = 0;
    const auto it = m_outcomes.constFind(name);
    if (it != m_outcomes.cend()) {
        for (const Outcome &o : *it) {
            if (nowMs - o.atMs > kHourMs)
                continue;
            switch (o.ending) {
            case Ending::Answered:
                ++f.answeredLastHour;
                waitSum += o.waitMs;
                break;
            case Ending::Abandoned:
                ++f.abandonedLastHour;
                break;
            case Ending::TakenOut:
                ++f.takenOutLastHour;
                break;
            }
        }
    }
    if (f.answeredLastHour > 0)
        f.averageWaitMs = waitSum / f.answeredLastHour;
    return f;
}

int CallCenterStore::waitingTotal() const
{
    int n = 0;
    for (const CallCenterQueue &q : m_queues) {
        n += int(std::count_if(q.members.cbegin(), q.members.cend(), isWaiting));
    }
    return n;
}

QList<QJsonObject> CallCenterStore::rows(qint64 nowMs) const
{
    QList<QJsonObject> out;
    for (const CallCenterQueue &q : m_queues) {
        const CallCenterFigures f = figures(q.info.name, nowMs);
        QJsonObject row;
        row.insert(QStringLiteral("queue"), q.info.name);
        row.insert(QStringLiteral("strategy"), q.info.strategy);
        row.insert(QStringLiteral("waiting"), f.waiting);
        row.insert(QStringLiteral("longestWaitSeconds"), f.longestWaitMs / 1000);
        row.insert(QStringLiteral("answeredLastHour"), f.answeredLastHour);
        row.insert(QStringLiteral("abandonedLastHour"), f.abandonedLastHour);
        row.insert(QStringLiteral("averageWaitSeconds"),
                   f.averageWaitMs < 0 ? QJsonValue() : QJsonValue(f.averageWaitMs / 1000));
        row.insert(QStringLiteral("callsAnswered"), q.info.callsAnswered);
        row.insert(QStringLiteral("callsAbandoned"), q.info.callsAbandoned);
        if (isStale())
            row.insert(QStringLiteral("staleSinceMs"), staleSinceMs());
        QJsonArray agents;
        for (const CallCenterTier &t : tiers(q.info.name)) {
            const CallCenterAgent a = m_agents.value(t.agent);
            QJsonObject o;
            o.insert(QStringLiteral("name"), t.agent);
            o.insert(QStringLiteral("status"), a.status);
            o.insert(QStringLiteral("state"), a.state);
            o.insert(QStringLiteral("contact"), a.contact);
            o.insert(QStringLiteral("tierState"), t.state);
            o.insert(QStringLiteral("level"), t.level);
            o.insert(QStringLiteral("position"), t.position);
            o.insert(QStringLiteral("callsAnswered"), a.callsAnswered);
            o.insert(QStringLiteral("noAnswerCount"), a.noAnswerCount);
            o.insert(QStringLiteral("lastBridgeEndMs"), a.lastBridgeEndMs);
            o.insert(QStringLiteral("lastOfferedMs"), a.lastOfferedMs);
            o.insert(QStringLiteral("lastStatusChangeMs"), a.lastStatusChangeMs);
            agents.append(o);
        }
        row.insert(QStringLiteral("agents"), agents);
        QJsonArray members;
        for (const CallCenterMember &m : q.members) {
            if (!stillListed(q, m, nowMs))
                continue;
            QJsonObject o;
            o.insert(QStringLiteral("uuid"), m.uuid);
            o.insert(QStringLiteral("sessionUuid"), m.sessionUuid);
            o.insert(QStringLiteral("cidName"), m.cidName);
            o.insert(QStringLiteral("cidNumber"), m.cidNumber);
            o.insert(QStringLiteral("state"), m.state);
            o.insert(QStringLiteral("position"), position(q, m.uuid));
            o.insert(QStringLiteral("agent"), m.servingAgent);
            o.insert(QStringLiteral("joinedMs"), m.joinedMs);
            o.insert(QStringLiteral("waitSeconds"),
                     isWaiting(m) ? secondsSince(m.joinedMs, nowMs)
                     : m.bridgedMs > 0 ? std::max<qint64>(0, (m.bridgedMs - m.joinedMs) / 1000)
                     : m.abandonedMs > 0 ? std::max<qint64>(0, (m.abandonedMs - m.joinedMs) / 1000)
                                         : 0);
            members.append(o);
        }
        row.insert(QStringLiteral("members"), members);
        out.append(row);
    }
    return out;
}

void CallCenterStore::startSync(qint64 nowMs)
{
    const QStringList first{QStringLiteral("callcenter_config queue list"),
                            QStringLiteral("callcenter_config agent list"),
                            QStringLiteral("callcenter_config tier list")};
    request(first, [this, nowMs](const Replies &replies) {
        auto queues = CallCenterListing::parseQueues(replies.value(0).body(), kMaxRows);
        if (!queues)
            return failSync(queues.error().message);
        auto agents = CallCenterListing::parseAgents(replies.value(1).body(), kMaxItems);
        if (!agents)
            return failSync(agents.error().message);
        auto tiers = CallCenterListing::parseTiers(replies.value(2).body(), kMaxItems);
        if (!tiers)
            return failSync(tiers.error().message);
        QStringList commands;
        for (const CallCenterQueueInfo &q : *queues) {
            // A name the module's argument splitting would cut (a space, a quote) cannot be
            // asked for; the queue is shown without members rather than failing the rest.
            const bool askable = !q.name.isEmpty() &&
                                 std::none_of(q.name.cbegin(), q.name.cend(), [](QChar c) {
                                     return c.isSpace() || c == u'\'' || c == u'\\' ||
                                            c.category() == QChar::Other_Control;
                                 });
            commands.append(askable ? QStringLiteral("callcenter_config queue list members ") + q.name
                                    : QString());
        }
        QStringList toSend = commands;
        toSend.removeAll(QString());
        request(toSend, [this, nowMs, queues = *queues, agents = *agents, tiers = *tiers,
                         commands](const Replies &memberReplies) {
            QStringList bodies;
            int next = 0;
            for (const QString &c : commands)
                bodies.append(c.isEmpty() ? QStringLiteral("+OK\n")
                                          : QString::fromUtf8(memberReplies.value(next++).body()));
            finishListing(queues, agents, tiers, bodies, nowMs);
        });
    });
}

void CallCenterStore::finishListing(const QList<CallCenterQueueInfo> &queues,
                                    const QList<CallCenterAgent> &agents,
                                    const QList<CallCenterTier> &tiers,
                                    const QStringList &memberBodies, qint64 nowMs)
{
    QMap<QString, CallCenterQueue> nextQueues;
    int members = 0;
    for (int i = 0; i < queues.size(); ++i) {
        auto listed = CallCenterListing::parseMembers(memberBodies.value(i).toUtf8(), kMaxItems);
        if (!listed)
            return failSync(queues[i].name + QStringLiteral(": ") + listed.error().message);
        members += int(listed->size());
        if (members > kMaxItems)
            return failSync(QStringLiteral("queue list members: more than %1 members in all")
                                .arg(kMaxItems));
        CallCenterQueue q;
        q.info = queues[i];
        q.members = *listed;
        // In the order they joined: the listing's order (by score) changes every second.
        std::stable_sort(q.members.begin(), q.members.end(),
                         [](const CallCenterMember &a, const CallCenterMember &b) {
                             return std::tie(a.joinedMs, a.uuid) < std::tie(b.joinedMs, b.uuid);
                         });
        nextQueues.insert(q.info.name, q);
    }
    QMap<QString, CallCenterAgent> nextAgents;
    for (const CallCenterAgent &a : agents)
        nextAgents.insert(a.name, a);
    m_queues = std::move(nextQueues);
    m_agents = std::move(nextAgents);
    m_tiers = tiers;
    prune(nowMs);
    finishSync(nowMs);
}

void CallCenterStore::clearState()
{
    m_queues.clear();
    m_agents.clear();
    m_tiers.clear();
    m_outcomes.clear();
}

CallCenterQueue &CallCenterStore::queueFor(const QString &name)
{
    auto it = m_queues.find(name);
    if (it == m_queues.end()) {
        // A queue loaded after the last listing: its settings come with the next one.
        countUnmatched();
        CallCenterQueue q;
        q.info.name = name;
        it = m_queues.insert(name, q);
    }
    return *it;
}

CallCenterMember *CallCenterStore::member(CallCenterQueue &queue, const QString &uuid)
{
    for (CallCenterMember &m : queue.members) {
        if (m.uuid == uuid)
            return &m;
    }
    return nullptr;
}

CallCenterTier *CallCenterStore::tier(const QString &queue, const QString &agent)
{
    for (CallCenterTier &t : m_tiers) {
        if (t.queue == queue && t.agent == agent)
            return &t;
    }
    return nullptr;
}

void CallCenterStore::record(const QString &queue, Outcome outcome)
{
    std::deque<Outcome> &list = m_outcomes[queue];
    // A member counts once: a resumed member that is answered later replaces its abandonment.
    for (auto it = list.begin(); it != list.end(); ++it) {
        if (it->memberUuid == outcome.memberUuid) {
            list.erase(it);
            break;
        }
    }
    list.push_back(std::move(outcome));
    while (list.size() > size_t(kMaxItems))
        list.pop_front();
}

void CallCenterStore::prune(qint64 nowMs)
{
    for (auto it = m_outcomes.begin(); it != m_outcomes.end(); ++it) {
        while (!it->empty() && nowMs - it->front().atMs > kHourMs)
            it->pop_front();
    }
}

} // namespace Monitor
