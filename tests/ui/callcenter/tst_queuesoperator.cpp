// What an operator found in the Queues panel's actions (#19), driven from the panel against the
// simulated switch over a real Event Socket: a pick and the panel's hang-up are not abandons;
// Log in… makes a Logged Out agent Available and Log out… logs off an agent in no other queue;
// a dialog acts on what it was opened for, whatever is selected when OK is pressed, and refuses,
// unsent, when that went; Hang up asks first, naming the caller.

#include "queuesfixture.h"

#include <QCheckBox>
#include <QDialog>
#include <QLabel>
#include <QLineEdit>
#include <QLoggingCategory>
#include <QMenu>
#include <QMessageBox>
#include <QSettings>
#include <QStandardPaths>

using namespace QueuesTest;

class TstQueuesOperator : public QObject, public QueuesFixture
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(u"Switchboard-tests"_s);
        QCoreApplication::setApplicationName(u"tst_queuesoperator"_s);
        QSettings().clear(); // Hang up asks: confirmDestructive is on
        QLoggingCategory::setFilterRules(u"esl.inbound.debug=false\nmonitor.info=false"_s);
    }
    void cleanupTestCase() { QSettings().clear(); }
    void init() { setUp(); }
    void cleanup() { tearDown(); }

    void countsAsAbandonedOnlyWhatTheCallerDid();
    void logInOffersToMakeALoggedOutAgentAvailable();
    void logOutOffersToLogOffAnAgentInNoOtherQueue();
    void aPickActsOnTheCallerItWasOpenedFor();
    void aPickRefusesWhenTheCallerLeftMeanwhile();
    void hangUpAsksFirstNamingTheCaller();
    void theStatusMenuActsOnTheAgentItWasOpenedFor();
};

void TstQueuesOperator::countsAsAbandonedOnlyWhatTheCallerDid()
{
    agentsOnBreak();
    QString pickedSession, hungUpSession, gaveUpSession;
    const QString picked = waitingCaller(u"Pia Picked"_s, &pickedSession);
    const QString hungUp = waitingCaller(u"Hal Hungup"_s, &hungUpSession);
    const QString gaveUp = waitingCaller(u"Gus Gaveup"_s, &gaveUpSession);
    QVERIFY(!picked.isEmpty() && !hungUp.isEmpty() && !gaveUp.isEmpty());
    // The operator picks one to an extension and hangs another up; the third caller hangs up.
    selectMember(picked);
    const auto pick = act([&] { m_panel->pickSelectedMember(u"1001"_s, u"default"_s); });
    QVERIFY(!pick.isEmpty() && pick.first().ok);
    selectMember(hungUp);
    const auto hangUp = act([&] { m_panel->hangUpSelectedMember(); });
    QVERIFY(!hangUp.isEmpty() && hangUp.first().ok);
    QCOMPARE(hangUp.first().command, u"api uuid_kill "_s + hungUpSession + u" MANAGER_REQUEST"_s);
    QVERIFY(m_sim->sw->hangup(gaveUpSession, u"NORMAL_CLEARING"_s));
    for (const QString &m : {picked, hungUp, gaveUp})
        QVERIFY(QTest::qWaitFor([&] { return memberState(m) == u"Abandoned"_s; }, kWait));
    // Only the caller who gave up is an abandon; the other two were taken out.
    QAbstractItemModel *queues = viewOf(m_panel.get(), u"queuesView"_s)->model();
    const int support = rowOf(queues, u"support@default"_s);
    QCOMPARE(cell(queues, support, 5), u"1"_s);
    const Monitor::CallCenterFigures f =
        m_store->figures(u"support@default"_s, QDateTime::currentMSecsSinceEpoch());
    QCOMPARE(f.abandonedLastHour, 1);
    QCOMPARE(f.takenOutLastHour, 2);
    auto *summary = m_panel->findChild<QLabel *>(u"queueSummary"_s);
    QVERIFY2(summary->text().contains(u"1 abandoned, 2 taken out"_s), qPrintable(summary->text()));
}

void TstQueuesOperator::logInOffersToMakeALoggedOutAgentAvailable()
{
    // agent4 is Logged Out and in sales only: logged in to support, it should take calls.
    QCOMPARE(m_sim->sw->callCenter()->agentStatus(u"agent4@default"_s), u"Logged Out"_s);
    selectAgent(u"agent4@default"_s);
    QString heading;
    bool offered = false;
    whenModal(this, [&](QWidget *dialog) {
        heading = dialog->findChild<QLabel *>(u"target"_s)->text();
        offered = dialog->findChild<QCheckBox *>(u"setAvailable"_s)->isChecked();
        selectAgent(u"agent1@default"_s); // the selection moves while the dialog is open
        clickOk(dialog);
    });
    const auto outcomes = act([&] { action(u"queuesLogIn"_s)->trigger(); }, 2);
    QVERIFY2(heading.contains(u"agent4@default"_s) && heading.contains(u"support@default"_s) &&
                 heading.contains(u"sim"_s),
             qPrintable(heading));
    QVERIFY(offered);
    QCOMPARE(outcomes.size(), 2);
    QVERIFY2(outcomes[0].ok, qPrintable(outcomes[0].reply));
    QCOMPARE(outcomes[0].command,
             u"api callcenter_config tier add support@default agent4@default 1 3"_s);
    QVERIFY2(outcomes[1].ok, qPrintable(outcomes[1].reply));
    QCOMPARE(outcomes[1].command,
             u"api callcenter_config agent set status agent4@default Available"_s);
    QVERIFY(m_sim->sw->callCenter()->hasTier(u"support@default"_s, u"agent4@default"_s));
    QCOMPARE(m_sim->sw->callCenter()->agentStatus(u"agent4@default"_s), u"Available"_s);
    // An agent that is not Logged Out is not offered it ticked.
    selectAgent(u"agent3@default"_s);
    m_sim->sw->api(u"callcenter_config tier del support@default agent3@default"_s);
    m_store->sync([this](const QString &c) { return m_monitor->link()->api(c); },
                  QDateTime::currentMSecsSinceEpoch());
    QVERIFY(QTest::qWaitFor([&] { m_panel->refresh(); return action(u"queuesLogIn"_s)->isEnabled(); },
                            kWait));
    bool ticked = true;
    whenModal(this, [&](QWidget *dialog) {
        ticked = dialog->findChild<QCheckBox *>(u"setAvailable"_s)->isChecked();
        dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Cancel)->click();
    });
    action(u"queuesLogIn"_s)->trigger();
    QVERIFY(!ticked);
}

void TstQueuesOperator::logOutOffersToLogOffAnAgentInNoOtherQueue()
{
    // agent1 is in support only: logged out of it, it is offered to be Logged Out.
    selectAgent(u"agent1@default"_s);
    bool offered = false;
    whenModal(this, [&](QWidget *dialog) {
        auto *box = dialog->findChild<QCheckBox *>(u"setLoggedOut"_s);
        offered = !box->isHidden() && box->isChecked();
        clickOk(dialog);
    });
    const auto outcomes = act([&] { action(u"queuesLogOut"_s)->trigger(); }, 2);
    QVERIFY(offered);
    QCOMPARE(outcomes.size(), 2);
    QCOMPARE(outcomes[0].command, u"api callcenter_config tier del support@default agent1@default"_s);
    QCOMPARE(outcomes[1].command,
             u"api callcenter_config agent set status agent1@default 'Logged Out'"_s);
    QCOMPARE(m_sim->sw->callCenter()->agentStatus(u"agent1@default"_s), u"Logged Out"_s);
    // agent2 is in sales too: it stays as it is there.
    selectAgent(u"agent2@default"_s);
    bool hidden = false;
    whenModal(this, [&](QWidget *dialog) {
        hidden = dialog->findChild<QCheckBox *>(u"setLoggedOut"_s)->isHidden();
        clickOk(dialog);
    });
    const auto second = act([&] { action(u"queuesLogOut"_s)->trigger(); });
    QVERIFY(hidden);
    QCOMPARE(second.size(), 1);
    QCOMPARE(second[0].command, u"api callcenter_config tier del support@default agent2@default"_s);
    QCOMPARE(m_sim->sw->callCenter()->agentStatus(u"agent2@default"_s), u"Available"_s);
}

void TstQueuesOperator::aPickActsOnTheCallerItWasOpenedFor()
{
    agentsOnBreak();
    QString firstSession;
    const QString first = waitingCaller(u"Fay First"_s, &firstSession);
    const QString second = waitingCaller(u"Sam Second"_s);
    selectMember(first);
    QString heading;
    whenModal(this, [&](QWidget *dialog) {
        heading = dialog->findChild<QLabel *>(u"target"_s)->text();
        selectMember(second); // the operator clicks another caller meanwhile
        dialog->findChild<QLineEdit *>(u"pickExtension"_s)->setText(u"1001"_s);
        clickOk(dialog);
    });
    const auto outcomes = act([&] { action(u"queuesPick"_s)->trigger(); });
    QVERIFY2(heading.contains(u"Fay First (4001)"_s) && heading.contains(u"support@default"_s),
             qPrintable(heading));
    QCOMPARE(outcomes.size(), 1);
    QCOMPARE(outcomes[0].command, u"api uuid_transfer "_s + firstSession + u" 1001 XML default"_s);
    QVERIFY(QTest::qWaitFor([&] { return memberState(first) == u"Abandoned"_s; }, kWait));
    QCOMPARE(memberState(second), u"Waiting"_s);
}

void TstQueuesOperator::aPickRefusesWhenTheCallerLeftMeanwhile()
{
    agentsOnBreak();
    QString session;
    const QString caller = waitingCaller(u"Sam Okafor"_s, &session);
    const QString other = waitingCaller(u"Olga Other"_s);
    selectMember(caller);
    whenModal(this, [&](QWidget *dialog) {
        // The caller hangs up while the operator types.
        m_sim->sw->hangup(session, u"NORMAL_CLEARING"_s);
        (void)QTest::qWaitFor([&] { return memberState(caller) == u"Abandoned"_s; }, kWait);
        selectMember(other);
        dialog->findChild<QLineEdit *>(u"pickExtension"_s)->setText(u"1001"_s);
        clickOk(dialog);
    });
    const auto outcomes = act([&] { action(u"queuesPick"_s)->trigger(); });
    QCOMPARE(outcomes.size(), 1);
    QVERIFY(outcomes[0].refused());
    QVERIFY2(outcomes[0].reply.contains(u"Sam Okafor (4001) left support@default — nothing sent"_s),
             qPrintable(outcomes[0].reply));
    QCOMPARE(memberState(other), u"Waiting"_s);
}

void TstQueuesOperator::hangUpAsksFirstNamingTheCaller()
{
    agentsOnBreak();
    QString session;
    const QString caller = waitingCaller(u"Hana Asked"_s, &session);
    selectMember(caller);
    QString question;
    whenModal(this, [&](QWidget *modal) {
        auto *box = qobject_cast<QMessageBox *>(modal);
        question = box ? box->text() : QString();
        if (box)
            box->button(QMessageBox::No)->click();
    });
    QSignalSpy finished(m_control.get(), &Console::CallControl::finished);
    action(u"queuesHangUp"_s)->trigger();
    QVERIFY2(question.contains(u"Hana Asked (4001)"_s) && question.contains(u"support@default"_s),
             qPrintable(question));
    QVERIFY(finished.isEmpty()); // No: nothing sent
    QCOMPARE(m_sim->sw->callCenter()->memberState(session), u"Waiting"_s);
    whenModal(this, [&](QWidget *modal) {
        qobject_cast<QMessageBox *>(modal)->button(QMessageBox::Yes)->click();
    });
    const auto outcomes = act([&] { action(u"queuesHangUp"_s)->trigger(); });
    QCOMPARE(outcomes.size(), 1);
    QCOMPARE(outcomes[0].command, u"api uuid_kill "_s + session + u" MANAGER_REQUEST"_s);
}

void TstQueuesOperator::theStatusMenuActsOnTheAgentItWasOpenedFor()
{
    selectAgent(u"agent1@default"_s);
    auto *menu = m_panel->findChild<QMenu *>(u"queuesStatusMenu"_s);
    Q_EMIT menu->aboutToShow(); // the menu opens for agent1…
    selectAgent(u"agent3@default"_s); // …and the selection moves before a status is chosen
    const auto outcomes = act([&] { action(u"status:On Break"_s)->trigger(); });
    QCOMPARE(outcomes.size(), 1);
    QCOMPARE(outcomes[0].command,
             u"api callcenter_config agent set status agent1@default 'On Break'"_s);
    QCOMPARE(m_sim->sw->callCenter()->agentStatus(u"agent1@default"_s), u"On Break"_s);
}

QTEST_MAIN(TstQueuesOperator)
#include "tst_queuesoperator.moc"
