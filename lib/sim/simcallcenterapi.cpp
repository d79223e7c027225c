// SimCallCenter: `callcenter_config` as cc_config_api_function answers it (mod_callcenter.c),
// reply texts and `|` tables as real2/callcenter captured them.

#include "simcallcenter.h"

#include "simswitch.h"

#include <QDateTime>

namespace Sim {

namespace {

// switch_separate_string(' '): words, single quotes group (and are stripped), a backslash
// escapes; at most 8 words.
QStringList separate(const QString &text)
{
    QStringList out;
    QString word;
    bool quoted = false;
    bool started = false;
    for (qsizetype i = 0; i < text.size() && out.size() < 8; ++i) {
        const QChar c = text[i];
        if (c == u'\\' && i + 1 < text.size()) {
            word += text[++i];
            started = true;
        } else if (c == u'\'') {
            quoted = !quoted;
            started = true;
        } else if (c == u' ' && !quoted) {
            if (started)
                out.append(word);
            word.clear();
            started = false;
        } else {
            word += c;
            started = true;
        }
    }
    if (started && out.size() < 8)
        out.append(word);
    return out;
}

const QByteArray kInvalid = "-ERR Invalid!\n";
const QByteArray kAgentNotFound = "-ERR Agent not found!\n";

QByteArray n(qint64 v)
{
    return QByteArray::number(v);
}

const QStringList kStatuses{QStringLiteral("Logged Out"), QStringLiteral("Available"),
                            QStringLiteral("Available (On Demand)"), QStringLiteral("On Break")};
const QStringList kStates{QStringLiteral("Waiting"), QStringLiteral("Receiving"),
                          QStringLiteral("In a queue call"), QStringLiteral("Idle"),
                          QStringLiteral("Reserved")};
const QStringList kTierStates{QStringLiteral("No Answer"), QStringLiteral("Ready"),
                              QStringLiteral("Offering"), QStringLiteral("Active Inbound"),
                              QStringLiteral("Standby")};

// The chart lookups are strcasecmp; the value is stored as written.
bool known(const QStringList &chart, const QString &value)
{
    return std::any_of(chart.cbegin(), chart.cend(), [&](const QString &s) {
        return s.compare(value, Qt::CaseInsensitive) == 0;
    });
}

} // namespace

QByteArray SimCallCenter::api(const QString &, const QString &rest)
{
    if (rest.trimmed().isEmpty())
        return "-USAGE: \ncallcenter_config <target> <args>,\n";
    const QStringList argv = separate(rest.trimmed());
    if (argv.size() < 2)
        return kInvalid;
    const QString section = argv[0].toLower();
    if (section == u"agent")
        return agentApi(argv);
    if (section == u"tier")
        return tierApi(argv);
    if (section == u"queue")
        return queueApi(argv);
    return {}; // an unknown section writes nothing
}

QByteArray SimCallCenter::agentApi(const QStringList &argv)
{
    const QString action = argv[1].toLower();
    const int args = int(argv.size()) - 2;
    if (action == u"add") {
        if (args < 2)
            return kInvalid;
        if (m_agents.contains(argv[2]))
            return "-ERR Agent already exist!\n";
        if (argv[3].compare(u"callback", Qt::CaseInsensitive) != 0 &&
            argv[3].compare(u"uuid-standby", Qt::CaseInsensitive) != 0)
            return "-ERR Agent type invalid!\n";
        Agent a;
        a.name = argv[2];
        a.type = argv[3];
        m_agents.insert(a.name, a);
        fireAgentAdd(a);
        return "+OK\n";
    }
    if (action == u"del") {
        if (args < 1)
            return kInvalid;
        m_agents.remove(argv[2]);
        m_tiers.removeIf([&](const Tier &t) { return t.agent == argv[2]; });
        return "+OK\n"; // cc_agent_del fires nothing
    }
    if (action == u"set") {
        if (args < 3)
            return kInvalid;
        return updateAgent(argv[2].toLower(), argv[3], argv[4]);
    }
    if (action == u"get") {
        if (args < 2)
            return kInvalid;
        auto a = m_agents.find(argv[3]);
        if (a == m_agents.end())
            return kAgentNotFound;
        const QString key = argv[2].toLower();
        QString value;
        if (key == u"status")
            value = a->status;
        else if (key == u"state")
            value = a->state;
        else if (key == u"uuid")
            value = a->uuid;
        else
            return "-ERR Invalid Agent Update KEY!\n";
        const QByteArray header = key == u"uuid" ? QByteArray("CC-Agent-UUID")
                                  : key == u"status" ? QByteArray("CC-Agent-Status")
                                                     : QByteArray("CC-Agent-State");
        fireAgent(*a, "agent-" + key.toUtf8() + "-get", header, value, "cc_agent_get", 970);
        return value.toUtf8(); // no newline: the capture's "Available"
    }
    if (action == u"list") {
        if (args > 1)
            return kInvalid;
        QList<const Agent *> rows;
        for (const Agent &a : std::as_const(m_agents)) {
            if (args == 0 || a.name == argv[2])
                rows.append(&a);
        }
        return agentTable(rows);
    }
    return {};
}

QByteArray SimCallCenter::updateAgent(const QString &key, const QString &name, const QString &value)
{
    auto a = m_agents.find(name);
    if (a == m_agents.end())
        return kAgentNotFound;
    if (key == u"status") {
        if (!known(kStatuses, value))
            return "-ERR Invalid Agent Status!\n";
        // Becoming Available resets the counters (only when it was not Available already).
        if (value.compare(u"Available", Qt::CaseInsensitive) == 0 && a->status != value) {
            a->talkTime = 0;
            a->callsAnswered = 0;
            a->noAnswerCount = 0;
        }
        a->status = value;
        a->lastStatusChange = QDateTime::currentSecsSinceEpoch();
        fireAgent(*a, "agent-status-change", "CC-Agent-Status", value, "cc_agent_update", 1043);
        scheduleDispatch();
        return "+OK\n";
    }
    if (key == u"state") {
        if (!known(kStates, value))
            return "-ERR Invalid Agent State!\n";
        setAgentState(*a, value);
        scheduleDispatch();
        return "+OK\n";
    }
    if (key == u"contact") {
        a->contact = value;
        fireAgent(*a, "agent-contact-change", "CC-Agent-Contact", value, "cc_agent_update", 1091);
        return "+OK\n";
    }
    if (key == u"type") {
        if (value.compare(u"callback", Qt::CaseInsensitive) != 0 &&
            value.compare(u"uuid-standby", Qt::CaseInsensitive) != 0)
            return "-ERR Invalid Agent Type!\n";
        a->type = value;
        return "+OK\n";
    }
    if (key == u"wrap_up_time") {
        a->wrapUpTime = value.toInt();
        return "+OK\n";
    }
    if (key == u"max_no_answer") {
        a->maxNoAnswer = value.toInt();
        return "+OK\n";
    }
    if (key == u"ready_time") {
        a->readyTime = value.toLongLong();
        return "+OK\n";
    }
    if (key == u"reject_delay_time" || key == u"busy_delay_time" || key == u"no_answer_delay_time" ||
        key == u"uuid")
        return "+OK\n";
    return "-ERR Invalid Agent Update KEY!\n";
}

QByteArray SimCallCenter::tierApi(const QStringList &argv)
{
    const QString action = argv[1].toLower();
    const int args = int(argv.size()) - 2;
    if (action == u"add") {
        if (args < 2)
            return kInvalid;
        if (!m_queues.contains(argv[2]))
            return "-ERR Queue not found!\n";
        if (!m_agents.contains(argv[3]))
            return kAgentNotFound;
        if (tier(argv[2], argv[3]))
            return "-ERR Tier already exist!\n";
        Tier t{argv[2], argv[3], QStringLiteral("Ready"), 1, 1};
        if (args > 2 && !argv[4].isEmpty())
            t.level = argv[4].toInt(); // atoi
        if (args > 3 && !argv[5].isEmpty())
            t.position = argv[5].toInt();
        m_tiers.append(t);
        scheduleDispatch();
        return "+OK\n"; // cc_tier_add fires nothing
    }
    if (action == u"set") {
        if (args < 4)
            return kInvalid;
        Tier *t = tier(argv[3], argv[4]);
        if (!t)
            return "-ERR Unknown Error!\n"; // CC_STATUS_TIER_NOT_FOUND has no case of its own
        if (!m_agents.contains(argv[4]))
            return kAgentNotFound;
        const QString key = argv[2].toLower();
        if (key == u"state") {
            if (!known(kTierStates, argv[5]))
                return "-ERR Invalid Tier State!\n";
            t->state = argv[5];
        } else if (key == u"level") {
            t->level = argv[5].toInt();
        } else if (key == u"position") {
            t->position = argv[5].toInt();
        } else {
            return "-ERR Invalid Tier Update KEY!\n";
        }
        scheduleDispatch();
        return "+OK\n";
    }
    if (action == u"del") {
        if (args < 2)
            return kInvalid;
        m_tiers.removeIf([&](const Tier &t) { return t.queue == argv[2] && t.agent == argv[3]; });
        return "+OK\n"; // even for a tier that was not there
    }
    if (action == u"list")
        return tierTable({});
    return {};
}

QByteArray SimCallCenter::queueApi(const QStringList &argv)
{
    const QString action = argv[1].toLower();
    const int args = int(argv.size()) - 2;
    if (action == u"list") {
        if (args < 1)
            return queueTable();
        const QString sub = argv[2].toLower();
        const QString queue = argv.value(3);
        if (sub == u"agents") {
            QList<const Agent *> rows;
            for (const Tier &t : std::as_const(m_tiers)) {
                const auto a = m_agents.constFind(t.agent);
                if (t.queue != queue || a == m_agents.cend())
                    continue;
                if (args > 2 && a->status != argv[4])
                    continue;
                if (args > 3 && a->state != argv[5])
                    continue;
                rows.append(&*a);
            }
            return agentTable(rows);
        }
        if (sub == u"members")
            return memberTable(queue);
        if (sub == u"tiers")
            return tierTable(queue.isEmpty() ? QStringLiteral("\x01") : queue);
        return kInvalid;
    }
    if (action == u"count") {
        if (args < 1)
            return n(m_queues.size()) + '\n';
        const QString sub = argv[2].toLower();
        const QString queue = argv.value(3);
        qint64 count = 0;
        if (sub == u"agents") {
            for (const Tier &t : std::as_const(m_tiers))
                count += t.queue == queue && m_agents.contains(t.agent);
        } else if (sub == u"members") {
            discardAbandoned();
            for (const Member &m : std::as_const(m_members))
                count += m.queue == queue; // abandoned members too
        } else if (sub == u"tiers") {
            for (const Tier &t : std::as_const(m_tiers))
                count += t.queue == queue;
        } else {
            return kInvalid;
        }
        return n(count) + '\n';
    }
    if (action == u"load" || action == u"reload")
        return args < 1 ? kInvalid
               : m_queues.contains(argv[2]) ? QByteArray("+OK\n")
                                            : QByteArray("-ERR Invalid Queue not found!\n");
    if (action == u"unload") {
        if (args < 1)
            return kInvalid;
        m_queues.remove(argv[2]);
        return "+OK\n";
    }
    return {};
}

QByteArray SimCallCenter::agentTable(const QList<const Agent *> &agents) const
{
    if (agents.isEmpty())
        return "+OK\n"; // list_result_callback writes the header with the first row only
    QByteArray out = "name|instance_id|uuid|type|contact|status|state|max_no_answer|wrap_up_time|"
                     "reject_delay_time|busy_delay_time|no_answer_delay_time|last_bridge_start|"
                     "last_bridge_end|last_offered_call|last_status_change|no_answer_count|"
                     "calls_answered|talk_time|ready_time|external_calls_count\n";
    for (const Agent *a : agents) {
        out += a->name.toUtf8() + "|single_box|" + a->uuid.toUtf8() + '|' + a->type.toUtf8() + '|' +
               a->contact.toUtf8() + '|' + a->status.toUtf8() + '|' + a->state.toUtf8() + '|' +
               n(a->maxNoAnswer) + '|' + n(a->wrapUpTime) + "|0|0|0|" + n(a->lastBridgeStart) + '|' +
               n(a->lastBridgeEnd) + '|' + n(a->lastOfferedCall) + '|' + n(a->lastStatusChange) +
               '|' + n(a->noAnswerCount) + '|' + n(a->callsAnswered) + '|' + n(a->talkTime) + '|' +
               n(a->readyTime) + "|0\n";
    }
    return out + "+OK\n";
}

QByteArray SimCallCenter::tierTable(const QString &queue) const
{
    // tier list: ORDER BY level, position; queue list tiers: the queue's, as stored.
    QList<Tier> rows;
    for (const Tier &t : m_tiers) {
        if (queue.isEmpty() || t.queue == queue)
            rows.append(t);
    }
    if (queue.isEmpty()) {
        std::stable_sort(rows.begin(), rows.end(), [](const Tier &a, const Tier &b) {
            return std::pair(a.level, a.position) < std::pair(b.level, b.position);
        });
    }
    if (rows.isEmpty())
        return "+OK\n";
    QByteArray out = "queue|agent|state|level|position\n";
    for (const Tier &t : rows) {
        out += t.queue.toUtf8() + '|' + t.agent.toUtf8() + '|' + t.state.toUtf8() + '|' +
               n(t.level) + '|' + n(t.position) + '\n';
    }
    return out + "+OK\n";
}

QByteArray SimCallCenter::memberTable(const QString &queue)
{
    discardAbandoned();
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    QList<const Member *> rows;
    for (const Member &m : std::as_const(m_members)) {
        if (m.queue == queue)
            rows.append(&m);
    }
    // ORDER BY score DESC: the longest waiting first (no base or skill scores here).
    std::stable_sort(rows.begin(), rows.end(),
                     [](const Member *a, const Member *b) { return a->joined < b->joined; });
    if (rows.isEmpty())
        return "+OK\n";
    QByteArray out = "queue|instance_id|uuid|session_uuid|cid_number|cid_name|system_epoch|"
                     "joined_epoch|rejoined_epoch|bridge_epoch|abandoned_epoch|base_score|"
                     "skill_score|serving_agent|serving_system|state|score\n";
    for (const Member *m : rows) {
        const bool serving = !m->servingAgent.isEmpty();
        out += m->queue.toUtf8() + "|single_box|" + m->uuid.toUtf8() + '|' +
               m->sessionUuid.toUtf8() + '|' + m->cidNumber.toUtf8() + '|' + m->cidName.toUtf8() +
               '|' + n(m->joined) + '|' + n(m->joined) + "|0|" + n(m->bridged) + '|' +
               n(m->abandoned) + "|0|0|" + m->servingAgent.toUtf8() + '|' +
               (serving ? QByteArray("single_box") : QByteArray()) + '|' + m->state.toUtf8() + '|' +
               n(now - m->joined) + '\n';
    }
    return out + "+OK\n";
}

QByteArray SimCallCenter::queueTable() const
{
    QByteArray out = "name|strategy|moh_sound|time_base_score|tier_rules_apply|"
                     "tier_rule_wait_second|tier_rule_wait_multiply_level|"
                     "tier_rule_no_agent_no_wait|discard_abandoned_after|"
                     "abandoned_resume_allowed|max_wait_time|max_wait_time_with_no_agent|"
                     "max_wait_time_with_no_agent_time_reached|record_template|calls_answered|"
                     "calls_abandoned|ring_progressively_delay|skip_agents_with_external_calls|"
                     "agent_no_answer_status\n";
    for (const Queue &q : m_queues) {
        out += q.name.toUtf8() + '|' + q.strategy.toUtf8() +
               "|tone_stream://%(2000,4000,440,480);loops=-1|system|false|0|false|true|" +
               n(q.discardAbandonedAfter) + "|false|0|0|5||" + n(q.callsAnswered) + '|' +
               n(q.callsAbandoned) + "|0|true|On Break\n";
    }
    return out + "+OK\n";
}

} // namespace Sim
