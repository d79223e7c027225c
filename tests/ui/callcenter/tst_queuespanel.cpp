// The Queues panel against the simulated switch through a real Event Socket: it shows the sim's
// queues, agents and waiting callers; every action sends the exact command the switch then
// carries out (checked in the sim and in the outcome's command) and the panel changes with it;
// a command that could not be sent as typed is refused; `eslcat queues` prints what the panel
// shows.

#include "support/uisim.h"

#include "console/callcontrol.h"
#include "monitor/callcenterstore.h"
#include "sim/simcallcenter.h"
#include "ui/callcenter/queuespanel.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLoggingCategory>
#include <QProcess>
#include <QSignalSpy>
#include <QTableView>

using namespace Qt::Literals::StringLiterals;
using namespace TestSupport;

namespace {

QAbstractItemModel *modelOf(QWidget *panel, const QString &view)
{
    return panel->findChild<QTableView *>(view)->model();
}

int rowOf(QAbstractItemModel *model, const QString &firstCell)
{
    for (int row = 0; row < model->rowCount(); ++row) {
        if (model->index(row, 0).data().toString() == firstCell)
            return row;
    }
    return -1;
}

int rowByKey(QAbstractItemModel *model, const QString &key)
{
    for (int row = 0; row < model->rowCount(); ++row) {
        if (model->index(row, 0).data(Qt::UserRole).toString() == key)
            return row;
    }
    return -1;
}

QString cell(QAbstractItemModel *model, int row, int column)
{
    return model->index(row, column).data().toString();
}

} // namespace

class TstQueuesPanel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QLoggingCategory::setFilterRules(u"esl.inbound.debug=false\nmonitor.info=false"_s);
    }
    void init();
    void cleanup();
    void showsTheQueuesAgentsAndTiers();
    void setsAnAgentsStatus();
    void hangsUpAWaitingMember();
    void picksAMemberToAnExtension();
    void logsAnAgentOutOfAndInToTheQueue();
    void refusesWhatCouldNotBeSent();
    void showsAnAnsweredCallerWithItsAgent();
    void greysWhatIsLastKnownWhenTheLinkDrops();
    void eslcatPrintsWhatThePanelShows();

private:
    // Runs the action and returns the command its outcome says was sent.
    template<typename Action> Console::ActionOutcome act(Action action)
    {
        QSignalSpy finished(m_control.get(), &Console::CallControl::finished);
        action();
        if (!finished.wait(kWait) && finished.isEmpty())
            return {};
        return finished.first().first().value<Console::ActionOutcome>();
    }
    void selectAgent(const QString &name)
    {
        auto *view = m_panel->findChild<QTableView *>(u"agentsView"_s);
        m_panel->refresh();
        view->setCurrentIndex(view->model()->index(rowOf(view->model(), name), 0));
    }
    void selectMember(const QString &uuid)
    {
        auto *view = m_panel->findChild<QTableView *>(u"membersView"_s);
        view->setCurrentIndex(view->model()->index(rowByKey(view->model(), uuid), 0));
    }
    QString waitingCaller(const QString &name)
    {
        Sim::Switch::CallSpec spec;
        spec.callerName = name;
        spec.callerNumber = u"4001"_s;
        spec.destination = u"7100"_s;
        spec.bridge = false;
        spec.application = u"callcenter"_s;
        spec.applicationArgument = u"support@default"_s;
        return m_sim->sw->placeCall(spec);
    }
    // The member row of the caller whose channel is `session`.
    QString memberOf(const QString &session)
    {
        const Monitor::CallCenterQueue *q = m_store->queue(u"support@default"_s);
        for (const Monitor::CallCenterMember &m : q->members) {
            if (m.sessionUuid == session)
                return m.uuid;
        }
        return {};
    }

    std::unique_ptr<UiSim> m_sim;
    std::unique_ptr<Monitor::Hub> m_hub;
    std::unique_ptr<Console::CallControl> m_control;
    std::unique_ptr<Ui::QueuesPanel> m_panel;
    Monitor::ServerMonitor *m_monitor = nullptr;
    Monitor::CallCenterStore *m_store = nullptr;
};

void TstQueuesPanel::init()
{
    m_sim = std::make_unique<UiSim>();
    m_hub = std::make_unique<Monitor::Hub>();
    m_control = std::make_unique<Console::CallControl>(m_hub.get());
    m_panel = std::make_unique<Ui::QueuesPanel>(
        Ui::PanelContext{m_hub.get(), m_control.get(), nullptr, nullptr});
    m_panel->resize(1000, 250);
    m_panel->show();
    m_monitor = m_sim->watch(*m_hub, u"sim"_s);
    QVERIFY(m_monitor);
    m_store = m_monitor->panels()->callCenter();
    QVERIFY(QTest::qWaitFor([&] { return m_store->syncState() == Monitor::PanelSyncState::Synced; },
                            kWait));
    QVERIFY(QTest::qWaitFor([&] { return modelOf(m_panel.get(), u"queuesView"_s)->rowCount() == 2; },
                            kWait));
    m_panel->selectQueue(u"support@default"_s);
    QCOMPARE(m_panel->selectedQueue().section(u' ', 1), u"support@default"_s);
}

void TstQueuesPanel::cleanup()
{
    m_panel.reset();
    m_control.reset();
    m_hub.reset();
    m_sim.reset();
}

void TstQueuesPanel::showsTheQueuesAgentsAndTiers()
{
    QAbstractItemModel *agents = modelOf(m_panel.get(), u"agentsView"_s);
    QVERIFY(QTest::qWaitFor([&] { return agents->rowCount() == 4; }, kWait));
    const int agent1 = rowOf(agents, u"agent1@default"_s);
    QCOMPARE(cell(agents, agent1, 1), u"Available"_s);
    QCOMPARE(cell(agents, agent1, 2), u"Waiting"_s);
    QCOMPARE(cell(agents, agent1, 3), u"level 1, #1"_s);
    QCOMPARE(cell(agents, rowOf(agents, u"agent3@default"_s), 1), u"On Break"_s);
    // agent4 is in sales only.
    QCOMPARE(cell(agents, rowOf(agents, u"agent4@default"_s), 3), u"no"_s);
    // The status is coloured.
    QVERIFY(agents->index(agent1, 1).data(Qt::ForegroundRole).isValid());
}

void TstQueuesPanel::setsAnAgentsStatus()
{
    selectAgent(u"agent1@default"_s);
    const Console::ActionOutcome o =
        act([&] { m_panel->setSelectedAgentStatus(u"On Break"_s); });
    QVERIFY2(o.ok, qPrintable(o.reply));
    QCOMPARE(o.command, u"api callcenter_config agent set status agent1@default 'On Break'"_s);
    QCOMPARE(m_sim->sw->callCenter()->agentStatus(u"agent1@default"_s), u"On Break"_s);
    QAbstractItemModel *agents = modelOf(m_panel.get(), u"agentsView"_s);
    QVERIFY(QTest::qWaitFor(
        [&] { return cell(agents, rowOf(agents, u"agent1@default"_s), 1) == u"On Break"_s; },
        kWait));
    // The "On Demand" status has spaces and parentheses: quoted as the module un-quotes it.
    const Console::ActionOutcome demand =
        act([&] { m_panel->setSelectedAgentStatus(u"Available (On Demand)"_s); });
    QCOMPARE(demand.command,
             u"api callcenter_config agent set status agent1@default 'Available (On Demand)'"_s);
    QCOMPARE(m_sim->sw->callCenter()->agentStatus(u"agent1@default"_s),
             u"Available (On Demand)"_s);
}

void TstQueuesPanel::hangsUpAWaitingMember()
{
    m_sim->sw->api(u"callcenter_config agent set status agent1@default 'On Break'"_s);
    m_sim->sw->api(u"callcenter_config agent set status agent2@default 'On Break'"_s);
    QSignalSpy titles(m_panel.get(), &Ui::QueuesPanel::titleChanged);
    const QString session = waitingCaller(u"Alice Waits"_s);
    QVERIFY(QTest::qWaitFor([&] { return !memberOf(session).isEmpty(); }, kWait));
    const QString member = memberOf(session);
    QAbstractItemModel *members = modelOf(m_panel.get(), u"membersView"_s);
    QVERIFY(QTest::qWaitFor([&] { return rowByKey(members, member) >= 0; }, kWait));
    QCOMPARE(cell(members, rowByKey(members, member), 1), u"Alice Waits"_s);
    QCOMPARE(cell(members, rowByKey(members, member), 4), u"Waiting"_s);
    QCOMPARE(cell(members, rowByKey(members, member), 0), u"1"_s);
    QVERIFY(QTest::qWaitFor([&] { return !titles.isEmpty() && titles.last().first() == u"&Queues (1)"_s; },
                            kWait));
    selectMember(member);
    const Console::ActionOutcome o = act([&] { m_panel->hangUpSelectedMember(); });
    QVERIFY2(o.ok, qPrintable(o.reply));
    // MANAGER_REQUEST: the Hangup-Cause of its member-queue-end tells that an operator did it.
    QCOMPARE(o.command, u"api uuid_kill "_s + session + u" MANAGER_REQUEST"_s);
    QVERIFY(QTest::qWaitFor([&] { return cell(members, rowByKey(members, member), 4) == u"Abandoned"_s; },
                            kWait));
    // Greyed (the module lists it as Abandoned), and counted in the queue's figures as taken
    // out by the operator, not as abandoned: the caller did not give up (#19).
    QVERIFY(members->index(rowByKey(members, member), 1).data(Qt::ForegroundRole).isValid());
    QAbstractItemModel *queues = modelOf(m_panel.get(), u"queuesView"_s);
    QVERIFY(QTest::qWaitFor(
        [&] {
            return m_store->figures(u"support@default"_s, QDateTime::currentMSecsSinceEpoch())
                       .takenOutLastHour == 1;
        },
        kWait));
    m_panel->refresh();
    QCOMPARE(cell(queues, rowOf(queues, u"support@default"_s), 5), u"0"_s);
    QVERIFY(QTest::qWaitFor([&] { return titles.last().first() == u"&Queues"_s; }, kWait));
}

void TstQueuesPanel::picksAMemberToAnExtension()
{
    m_sim->sw->api(u"callcenter_config agent set status agent1@default 'On Break'"_s);
    m_sim->sw->api(u"callcenter_config agent set status agent2@default 'On Break'"_s);
    const QString session = waitingCaller(u"Bob Picked"_s);
    QVERIFY(QTest::qWaitFor([&] { return !memberOf(session).isEmpty(); }, kWait));
    const QString member = memberOf(session);
    QAbstractItemModel *members = modelOf(m_panel.get(), u"membersView"_s);
    QVERIFY(QTest::qWaitFor([&] { return rowByKey(members, member) >= 0; }, kWait));
    selectMember(member);
    const Console::ActionOutcome o =
        act([&] { m_panel->pickSelectedMember(u"1001"_s, u"default"_s); });
    QVERIFY2(o.ok, qPrintable(o.reply));
    QCOMPARE(o.command, u"api uuid_transfer "_s + session + u" 1001 XML default"_s);
    QVERIFY(QTest::qWaitFor([&] { return cell(members, rowByKey(members, member), 4) == u"Abandoned"_s; },
                            kWait));
    QCOMPARE(m_sim->sw->callCenter()->memberState(session), QString()); // no longer its channel
    QVERIFY(m_sim->sw->hasChannel(session)); // the caller went on to 1001
}

void TstQueuesPanel::logsAnAgentOutOfAndInToTheQueue()
{
    QAbstractItemModel *agents = modelOf(m_panel.get(), u"agentsView"_s);
    QVERIFY(QTest::qWaitFor([&] { return agents->rowCount() == 4; }, kWait));
    selectAgent(u"agent3@default"_s);
    const Console::ActionOutcome out = act([&] { m_panel->logOutSelectedAgent(); });
    QVERIFY2(out.ok, qPrintable(out.reply));
    QCOMPARE(out.command, u"api callcenter_config tier del support@default agent3@default"_s);
    QVERIFY(!m_sim->sw->callCenter()->hasTier(u"support@default"_s, u"agent3@default"_s));
    // No event tells of a tier: the panel re-lists the store after its own tier action.
    QVERIFY(QTest::qWaitFor(
        [&] { return cell(agents, rowOf(agents, u"agent3@default"_s), 3) == u"no"_s; }, kWait));
    QCOMPARE(m_panel->selectedAgent(), u"agent3@default"_s); // the selection stayed
    const Console::ActionOutcome in = act([&] { m_panel->logInSelectedAgent(2, 5); });
    QVERIFY2(in.ok, qPrintable(in.reply));
    QCOMPARE(in.command, u"api callcenter_config tier add support@default agent3@default 2 5"_s);
    QVERIFY(m_sim->sw->callCenter()->hasTier(u"support@default"_s, u"agent3@default"_s));
    QVERIFY(QTest::qWaitFor(
        [&] { return cell(agents, rowOf(agents, u"agent3@default"_s), 3) == u"level 2, #5"_s; },
        kWait));
}

void TstQueuesPanel::refusesWhatCouldNotBeSent()
{
    m_sim->sw->api(u"callcenter_config agent set status agent1@default 'On Break'"_s);
    m_sim->sw->api(u"callcenter_config agent set status agent2@default 'On Break'"_s);
    const QString session = waitingCaller(u"Carol"_s);
    QVERIFY(QTest::qWaitFor([&] { return !memberOf(session).isEmpty(); }, kWait));
    QAbstractItemModel *members = modelOf(m_panel.get(), u"membersView"_s);
    QVERIFY(QTest::qWaitFor([&] { return rowByKey(members, memberOf(session)) >= 0; }, kWait));
    selectMember(memberOf(session));
    const Console::ActionOutcome o =
        act([&] { m_panel->pickSelectedMember(u"10 01"_s, u"default"_s); });
    QVERIFY(o.refused());
    QVERIFY2(o.reply.contains(u"destination"_s), qPrintable(o.reply));
    QCOMPARE(m_sim->sw->callCenter()->memberState(session), u"Waiting"_s);
    // A status the module does not know is refused here rather than answered with
    // "-ERR Invalid Agent Status!".
    selectAgent(u"agent1@default"_s);
    const Console::ActionOutcome bad = act([&] { m_panel->setSelectedAgentStatus(u"Nonsense"_s); });
    QVERIFY(bad.refused());
}

void TstQueuesPanel::showsAnAnsweredCallerWithItsAgent()
{
    // agent1 and agent2 are Available: the caller is offered to the longest-idle one (agent1,
    // the first listed) and bridged.
    const QString session = waitingCaller(u"Dora Answered"_s);
    QVERIFY(QTest::qWaitFor([&] { return m_sim->sw->callCenter()->memberState(session) == u"Answered"_s; },
                            kWait));
    const QString member = memberOf(session);
    QAbstractItemModel *members = modelOf(m_panel.get(), u"membersView"_s);
    QAbstractItemModel *agents = modelOf(m_panel.get(), u"agentsView"_s);
    QVERIFY(QTest::qWaitFor([&] { return cell(members, rowByKey(members, member), 4) == u"Answered"_s; },
                            kWait));
    const QString agent = cell(members, rowByKey(members, member), 5);
    QVERIFY2(agent.startsWith(u"agent"_s), qPrintable(agent));
    QVERIFY(QTest::qWaitFor([&] { return cell(agents, rowOf(agents, agent), 2) == u"In a queue call"_s; },
                            kWait));
    QAbstractItemModel *queues = modelOf(m_panel.get(), u"queuesView"_s);
    QVERIFY(QTest::qWaitFor([&] { return cell(queues, rowOf(queues, u"support@default"_s), 4) == u"1"_s; },
                            kWait));
    // The call ends: the member's row goes, the agent waits for the next one.
    m_sim->sw->api(u"uuid_kill "_s + session);
    QVERIFY(QTest::qWaitFor([&] { return rowByKey(members, member) < 0; }, kWait));
    QVERIFY(QTest::qWaitFor([&] { return cell(agents, rowOf(agents, agent), 2) == u"Waiting"_s; },
                            kWait));
}

void TstQueuesPanel::greysWhatIsLastKnownWhenTheLinkDrops()
{
    QAbstractItemModel *queues = modelOf(m_panel.get(), u"queuesView"_s);
    auto *note = m_panel->findChild<QLabel *>(u"queuesNote"_s);
    QVERIFY(note->isHidden());
    m_sim->server->shutdown();
    QVERIFY(QTest::qWaitFor([&] { return m_store->isStale(); }, kWait));
    QVERIFY(QTest::qWaitFor([&] { return !note->isHidden(); }, kWait));
    QVERIFY2(note->text().contains(u"unknown since"_s), qPrintable(note->text()));
    // Last known, greyed, the waiting count unknown.
    const int row = rowOf(queues, u"support@default"_s);
    QCOMPARE(cell(queues, row, 2), u"?"_s);
    QVERIFY(queues->index(row, 0).data(Qt::ForegroundRole).isValid());
}

void TstQueuesPanel::eslcatPrintsWhatThePanelShows()
{
    m_sim->sw->api(u"callcenter_config agent set status agent2@default 'On Break'"_s);
    m_sim->sw->api(u"callcenter_config agent set status agent1@default 'On Break'"_s);
    const QString first = waitingCaller(u"Dan First"_s);
    const QString second = waitingCaller(u"Eve Second"_s);
    QVERIFY(QTest::qWaitFor([&] { return !memberOf(second).isEmpty(); }, kWait));
    m_panel->refresh();

    QProcess eslcat;
    eslcat.start(QStringLiteral(ESLCAT_PATH),
                 {u"queues"_s, u"--once"_s, u"--port"_s, QString::number(m_sim->server->serverPort())});
    QVERIFY(QTest::qWaitFor([&] { return eslcat.state() == QProcess::NotRunning; }, 30000));
    QCOMPARE(eslcat.exitCode(), 0);
    QList<QJsonObject> printed;
    for (const QByteArray &line : eslcat.readAllStandardOutput().split('\n')) {
        if (!line.isEmpty())
            printed.append(QJsonDocument::fromJson(line).object());
    }
    m_panel->refresh();
    QAbstractItemModel *queues = modelOf(m_panel.get(), u"queuesView"_s);
    QCOMPARE(printed.size(), queues->rowCount());
    QAbstractItemModel *members = modelOf(m_panel.get(), u"membersView"_s);
    QAbstractItemModel *agents = modelOf(m_panel.get(), u"agentsView"_s);
    for (const QJsonObject &q : printed) {
        const QString name = q[u"queue"_s].toString();
        const int row = rowOf(queues, name);
        QVERIFY2(row >= 0, qPrintable(name));
        QCOMPARE(QString::number(q[u"waiting"_s].toInt()), cell(queues, row, 2));
        QCOMPARE(q[u"strategy"_s].toString(), u"longest-idle-agent"_s);
        if (name != u"support@default")
            continue;
        // The waiting callers, in the panel's order and positions.
        const QJsonArray printedMembers = q[u"members"_s].toArray();
        QCOMPARE(printedMembers.size(), members->rowCount());
        for (const QJsonValue &v : printedMembers) {
            const QJsonObject m = v.toObject();
            const int r = rowByKey(members, m[u"uuid"_s].toString());
            QVERIFY(r >= 0);
            QCOMPARE(cell(members, r, 0), QString::number(m[u"position"_s].toInt()));
            QCOMPARE(cell(members, r, 1), m[u"cidName"_s].toString());
            QCOMPARE(cell(members, r, 4), m[u"state"_s].toString());
        }
        // The queue's agents (its tiers) as the panel shows them.
        for (const QJsonValue &v : q[u"agents"_s].toArray()) {
            const QJsonObject a = v.toObject();
            const int r = rowOf(agents, a[u"name"_s].toString());
            QVERIFY(r >= 0);
            QCOMPARE(cell(agents, r, 1), a[u"status"_s].toString());
            QCOMPARE(cell(agents, r, 2), a[u"state"_s].toString());
            QCOMPARE(cell(agents, r, 3), u"level %1, #%2"_s.arg(a[u"level"_s].toInt())
                                             .arg(a[u"position"_s].toInt()));
        }
    }
    Q_UNUSED(first)
}

QTEST_MAIN(TstQueuesPanel)
#include "tst_queuespanel.moc"
