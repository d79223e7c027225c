#pragma once
// mod_callcenter in the simulated switch: the `callcenter QUEUE` application (callers wait as
// members and are offered to agents), the `callcenter_config` api (queue list/count, agent
// add/del/set/get/list, tier add/del/set/list, queue list agents|members|tiers) with
// FreeSWITCH 1.10.12's `|` tables and reply texts ("+OK" alone for no rows, `agent get status`
// without a newline, "-ERR Invalid Agent Status!"...), and callcenter::info events with each
// CC-Action's header set as real2/callcenter has it, or as mod_callcenter.c fires the actions
// the capture lacks (member-queue-end Cancel, bridge-agent-fail, agent-max-no-answer).
//
// Configured as a callcenter.conf.xml would be: queues support@default and sales@default
// (longest-idle-agent), agents agent1..agent4@default (two Available, one On Break, one
// Logged Out whose contact never answers) and their tiers. Extensions 7100 and 7101 of the
// default context are the queues, as in the capture's dialplan. With traffic on, callers arrive
// every few seconds (some give up waiting) and agents take breaks now and then.

#include "simmodule.h"

#include <QHash>
#include <QList>
#include <QMap>
#include <QRandomGenerator>
#include <QTimer>

namespace Esl {
class HeaderList;
}

namespace Sim {

class SimCallCenter : public Module
{
    Q_OBJECT

public:
    explicit SimCallCenter(Switch *sw);
    ~SimCallCenter() override;

    [[nodiscard]] bool answersApi(QStringView command) const override;
    QByteArray api(const QString &command, const QString &rest) override;
    [[nodiscard]] bool runsApp(QStringView application) const override;
    int runApp(Channel &channel, const QString &application, const QString &argument) override;
    [[nodiscard]] std::optional<std::pair<QString, QString>> route(const QString &exten) const override;
    void appEnded(const QString &uuid, const QString &application) override;
    void channelHangingUp(const QString &uuid) override;
    void reset() override;
    void startTraffic(quint32 seed) override;
    void stopTraffic() override;

    // For tests: a member's state by its channel ("" when not a member), an agent's status.
    [[nodiscard]] QString memberState(const QString &sessionUuid) const;
    [[nodiscard]] QString agentStatus(const QString &agent) const;
    [[nodiscard]] bool hasTier(const QString &queue, const QString &agent) const;

private:
    struct Queue
    {
        QString name;
        QString strategy = QStringLiteral("longest-idle-agent");
        int discardAbandonedAfter = 60;
        int callsAnswered = 0;
        int callsAbandoned = 0;
    };
    struct Agent
    {
        QString name;
        QString type = QStringLiteral("callback");
        QString contact;
        QString status = QStringLiteral("Logged Out");
        QString state = QStringLiteral("Waiting");
        QString uuid;
        int maxNoAnswer = 0;
        int wrapUpTime = 0;
        qint64 lastBridgeStart = 0, lastBridgeEnd = 0, lastOfferedCall = 0, lastStatusChange = 0;
        int noAnswerCount = 0;
        int callsAnswered = 0;
        qint64 talkTime = 0;
        qint64 readyTime = 0;
    };
    struct Tier
    {
        QString queue;
        QString agent;
        QString state = QStringLiteral("Ready");
        int level = 1;
        int position = 1;
    };
    struct Member
    {
        QString queue;
        QString uuid;
        QString sessionUuid;
        QString cidNumber;
        QString cidName;
        qint64 joined = 0; // epoch seconds, as the module keeps them
        qint64 bridged = 0;
        qint64 abandoned = 0;
        QString servingAgent;
        QString state = QStringLiteral("Waiting");
    };
    // An agent being called for a member, then talking to it.
    struct Offer
    {
        QString queue;
        QString memberUuid;
        QString agent;
        QString legUuid;
        qint64 called = 0;
        qint64 answered = 0;
    };

    // simcallcenterapi.cpp
    QByteArray agentApi(const QStringList &argv);
    QByteArray tierApi(const QStringList &argv);
    QByteArray queueApi(const QStringList &argv);
    [[nodiscard]] QByteArray agentTable(const QList<const Agent *> &agents) const;
    [[nodiscard]] QByteArray tierTable(const QString &queue) const;
    [[nodiscard]] QByteArray memberTable(const QString &queue);
    [[nodiscard]] QByteArray queueTable() const;
    // cc_agent_update: the status/state/contact changes fire their events.
    QByteArray updateAgent(const QString &key, const QString &name, const QString &value);

    // simcallcenter.cpp
    Member *memberBySession(const QString &sessionUuid);
    Member *memberByUuid(const QString &uuid);
    Tier *tier(const QString &queue, const QString &agent);
    void scheduleDispatch();
    void dispatch();
    void offer(Member &member, Agent &agent);
    void agentAnswered(const QString &legUuid);
    void agentFailed(const QString &legUuid, const QString &cause);
    void callEnded(const QString &legUuid);
    void memberLeft(Member &member);
    void setAgentState(Agent &agent, const QString &state);
    void discardAbandoned();

    // simcallcenterevents.cpp
    [[nodiscard]] Esl::HeaderList base(QByteArrayView function, int line) const;
    void fireAgent(const Agent &agent, QByteArrayView action, QByteArrayView valueHeader,
                   const QString &value, QByteArrayView function, int line);
    void fireAgentAdd(const Agent &agent);
    void fireCount(const QString &queue);
    void fireMemberStart(const Member &member, bool resumed);
    void fireOffering(const Member &member, const Agent &agent);
    void fireBridgeStart(const Member &member, const Offer &offer);
    void fireBridgeEnd(const Member &member, const Offer &offer);
    void fireMemberTerminated(const Member &member, const Offer &offer);
    void fireMemberCancel(const Member &member, const QString &reason);
    void fireBridgeFail(const Member &member, const Offer &offer, const QString &cause);
    void fireMaxNoAnswer(const Agent &agent, const Member &member);

    void configure();
    void trafficTick();

    QMap<QString, Queue> m_queues;
    QMap<QString, Agent> m_agents;
    QList<Tier> m_tiers;
    QList<Member> m_members;
    QHash<QString, Offer> m_offers; // agent leg uuid -> the offer
    QString m_bridging;             // the member channel being bridged to its agent (appEnded)
    bool m_dispatchQueued = false;
    QTimer m_traffic;
    QRandomGenerator m_random;
    int m_callers = 0;
};

} // namespace Sim
