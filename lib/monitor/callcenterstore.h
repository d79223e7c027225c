#pragma once
// Call-center queues, agents, tiers and waiting members of one switch, from mod_callcenter: what
// the Queues panel and `eslcat queues` show.
//
// Synced from `callcenter_config queue list`, `agent list`, `tier list` and then `queue list
// members <queue>` for each queue; between syncs it follows `callcenter::info` events (CC-Action
// member-queue-start/resume/end, agent-offering, bridge-agent-start/end/fail, agent-status- and
// agent-state-change, agent-add, agent-contact-change, agent-*-get, agent-max-no-answer).
// mod_callcenter fires nothing when a tier is added, changed or deleted, nor when an agent is
// deleted (cc_tier_add, cc_tier_update, cc_tier_del, cc_agent_del): those are known from the
// next listing only, which is why the panel re-syncs this store after its own tier actions.
//
// The service figures (answered, abandoned and taken out in the last hour, average wait) count
// what this console saw in events: a member answered at bridge-agent-start; at member-queue-end
// with CC-Cause "Cancel", abandoned when the caller did it (hung up or timed out waiting) and
// taken out when someone else did (see leftByCaller). They survive a re-sync (the listings do
// not carry them); the queue list's own calls_answered / calls_abandoned (since the queue was
// loaded; the module counts every Cancel there) are kept beside them.

#include "callcenterlisting.h"
#include "panelstore.h"

#include <QHash>
#include <QMap>

#include <deque>

namespace Monitor {

struct CallCenterQueue
{
    CallCenterQueueInfo info;
    QList<CallCenterMember> members; // in the order they joined (or were listed)
};

// What a supervisor reads at the top of a queue.
struct CallCenterFigures
{
    int waiting = 0;           // Waiting or Trying now
    qint64 longestWaitMs = 0;  // of those waiting now
    int answeredLastHour = 0;  // seen by this console
    int abandonedLastHour = 0; // seen by this console: the caller hung up or timed out
    int takenOutLastHour = 0;  // seen by this console: transferred out, hung up by an operator
    qint64 averageWaitMs = -1; // of the answered calls of the last hour; -1: none
};

class CallCenterStore : public PanelStore
{
    Q_OBJECT

public:
    explicit CallCenterStore(QObject *parent = nullptr);
    ~CallCenterStore() override;

    [[nodiscard]] QString kind() const override { return QStringLiteral("queues"); }
    [[nodiscard]] QString module() const override { return QStringLiteral("mod_callcenter"); }
    [[nodiscard]] QByteArrayList subclasses() const override { return {"callcenter::info"}; }
    [[nodiscard]] QList<QJsonObject> rows(qint64 nowMs) const override;
    [[nodiscard]] int rowCount() const override { return int(m_queues.size()); }

    // By name (ordered): each queue with its members.
    [[nodiscard]] const QMap<QString, CallCenterQueue> &queues() const { return m_queues; }
    [[nodiscard]] const CallCenterQueue *queue(const QString &name) const;
    // Every agent of the switch, by name (agents belong to no queue; tiers place them).
    [[nodiscard]] const QMap<QString, CallCenterAgent> &agents() const { return m_agents; }
    // The tiers of `queue`, by level then position.
    [[nodiscard]] QList<CallCenterTier> tiers(const QString &queue) const;
    [[nodiscard]] const QList<CallCenterTier> &allTiers() const { return m_tiers; }
    [[nodiscard]] CallCenterFigures figures(const QString &queue, qint64 nowMs) const;
    // Members waiting (or being offered) in every queue.
    [[nodiscard]] int waitingTotal() const;
    // 1 for the next to be offered among the Waiting/Trying members of its queue; 0 otherwise.
    [[nodiscard]] static int position(const CallCenterQueue &queue, const QString &memberUuid);
    // Whether an Abandoned member is still listed by the switch (discard-abandoned-after).
    [[nodiscard]] static bool stillListed(const CallCenterQueue &queue,
                                          const CallCenterMember &member, qint64 nowMs);

    // Whether a member-queue-end with CC-Cause "Cancel" is the caller's doing (an abandon) rather
    // than someone else's. mod_callcenter (callcenter_function) says BREAK_OUT both when the
    // caller hangs up and when the channel is transferred out of the queue; the channel data it
    // adds tells them apart: a hung-up channel has Answer-State "hangup", a transferred one is
    // still up. An operator's hang-up (the panel's uuid_kill … MANAGER_REQUEST) has the channel
    // down with Hangup-Cause MANAGER_REQUEST. TIMEOUT and NO_AGENT_TIMEOUT are abandons;
    // EXIT_WITH_KEY (the caller chose the queue's way out) is not. An event without channel
    // data counts as an abandon, as the module counts it.
    [[nodiscard]] static bool leftByCaller(const Esl::Event &memberQueueEnd);

    static constexpr qint64 kHourMs = 3600 * 1000;

protected:
    void startSync(qint64 nowMs) override;
    bool applyEvent(const Esl::Event &event, qint64 nowMs) override;
    void clearState() override;

private:
    // One member's outcome as this console saw it (for the hour's figures).
    enum class Ending { Answered, Abandoned, TakenOut };
    struct Outcome
    {
        qint64 atMs = 0;
        Ending ending = Ending::Answered;
        qint64 waitMs = 0;
        QString memberUuid;
    };
    void finishListing(const QList<CallCenterQueueInfo> &queues,
                       const QList<CallCenterAgent> &agents, const QList<CallCenterTier> &tiers,
                       const QStringList &memberBodies, qint64 nowMs);
    bool applyAgentEvent(const QString &action, const Esl::Event &event, qint64 atMs);
    bool applyMemberEvent(const QString &action, const Esl::Event &event, qint64 atMs);
    CallCenterQueue &queueFor(const QString &name);
    CallCenterMember *member(CallCenterQueue &queue, const QString &uuid);
    CallCenterTier *tier(const QString &queue, const QString &agent);
    void record(const QString &queue, Outcome outcome);
    void prune(qint64 nowMs);

    QMap<QString, CallCenterQueue> m_queues;
    QMap<QString, CallCenterAgent> m_agents;
    QList<CallCenterTier> m_tiers;
    QHash<QString, std::deque<Outcome>> m_outcomes; // queue -> the last hour's, oldest first
};

} // namespace Monitor
