#pragma once
// The Queues panel's tests (#19): a panel watching the simulated switch through a real Event
// Socket, support@default selected, and the helpers they share: acting from the panel and
// collecting the outcomes, selecting by key, answering the dialogs an action opens.

#include "support/uisim.h"

#include "console/callcontrol.h"
#include "monitor/callcenterstore.h"
#include "sim/simcallcenter.h"
#include "ui/callcenter/queuespanel.h"

#include <QAction>
#include <QApplication>
#include <QDialogButtonBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>

#include <functional>

namespace QueuesTest {

using namespace Qt::Literals::StringLiterals;
using namespace TestSupport;

inline QTableView *viewOf(QWidget *panel, const QString &name)
{
    return panel->findChild<QTableView *>(name);
}

inline int rowOf(QAbstractItemModel *model, const QString &firstCell)
{
    for (int row = 0; row < model->rowCount(); ++row) {
        if (model->index(row, 0).data().toString() == firstCell)
            return row;
    }
    return -1;
}

inline int rowByKey(QAbstractItemModel *model, const QString &key)
{
    for (int row = 0; row < model->rowCount(); ++row) {
        if (model->index(row, 0).data(Qt::UserRole).toString() == key)
            return row;
    }
    return -1;
}

inline QString cell(QAbstractItemModel *model, int row, int column)
{
    return model->index(row, column).data().toString();
}

// Runs `then` on the next modal window once it is up (a dialog, a question); the timers die
// with `scope`, so nothing is left for a later test.
inline void whenModal(QObject *scope, std::function<void(QWidget *)> then, int tries = 500)
{
    QTimer::singleShot(10, scope, [=] {
        QWidget *modal = QApplication::activeModalWidget();
        if (!modal) {
            if (tries > 0)
                whenModal(scope, then, tries - 1);
            return;
        }
        then(modal);
    });
}

inline void clickOk(QWidget *dialog)
{
    dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok)->click();
}

// Whether column `c` of `view` is wholly in view without scrolling.
inline bool inView(QTableView *view, int c)
{
    return view->isColumnHidden(c) ||
           view->columnViewportPosition(c) + view->columnWidth(c) <= view->viewport()->width();
}

class QueuesFixture
{
public:
    // Call from init() / cleanup(); QVERIFY fails there return early.
    void setUp();
    void tearDown();

    // Runs `action` and returns every outcome finished within the wait, once `count` came.
    QList<Console::ActionOutcome> act(const std::function<void()> &action, int count = 1)
    {
        QSignalSpy finished(m_control.get(), &Console::CallControl::finished);
        action();
        (void)QTest::qWaitFor([&] { return finished.size() >= count; }, kWait);
        QList<Console::ActionOutcome> out;
        for (const QList<QVariant> &args : finished)
            out.append(args.first().value<Console::ActionOutcome>());
        return out;
    }
    QAction *action(const QString &name) { return m_panel->findChild<QAction *>(name); }
    void selectAgent(const QString &name)
    {
        QTableView *view = viewOf(m_panel.get(), u"agentsView"_s);
        m_panel->refresh();
        view->setCurrentIndex(view->model()->index(rowOf(view->model(), name), 0));
    }
    void selectMember(const QString &uuid)
    {
        QTableView *view = viewOf(m_panel.get(), u"membersView"_s);
        m_panel->refresh();
        view->setCurrentIndex(view->model()->index(rowByKey(view->model(), uuid), 0));
    }
    void agentsOnBreak()
    {
        m_sim->sw->api(u"callcenter_config agent set status agent1@default 'On Break'"_s);
        m_sim->sw->api(u"callcenter_config agent set status agent2@default 'On Break'"_s);
    }
    // A caller waiting in support@default; returns its member uuid once the panel lists it.
    QString waitingCaller(const QString &name, QString *session = nullptr)
    {
        Sim::Switch::CallSpec spec;
        spec.callerName = name;
        spec.callerNumber = u"4001"_s;
        spec.destination = u"7100"_s;
        spec.bridge = false;
        spec.application = u"callcenter"_s;
        spec.applicationArgument = u"support@default"_s;
        const QString channel = m_sim->sw->placeCall(spec);
        if (session)
            *session = channel;
        QAbstractItemModel *members = viewOf(m_panel.get(), u"membersView"_s)->model();
        QString member;
        (void)QTest::qWaitFor(
            [&] {
                member = memberOf(channel);
                m_panel->refresh();
                return !member.isEmpty() && rowByKey(members, member) >= 0;
            },
            kWait);
        return member;
    }
    QString memberOf(const QString &session)
    {
        const Monitor::CallCenterQueue *q = m_store->queue(u"support@default"_s);
        for (const Monitor::CallCenterMember &m : q->members) {
            if (m.sessionUuid == session)
                return m.uuid;
        }
        return {};
    }
    QString memberState(const QString &uuid)
    {
        QAbstractItemModel *members = viewOf(m_panel.get(), u"membersView"_s)->model();
        m_panel->refresh();
        return cell(members, rowByKey(members, uuid), 4);
    }

    std::unique_ptr<UiSim> m_sim;
    std::unique_ptr<Monitor::Hub> m_hub;
    std::unique_ptr<Console::CallControl> m_control;
    std::unique_ptr<Ui::QueuesPanel> m_panel;
    Monitor::ServerMonitor *m_monitor = nullptr;
    Monitor::CallCenterStore *m_store = nullptr;
};

inline void QueuesFixture::setUp()
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
    QVERIFY(QTest::qWaitFor(
        [&] { return viewOf(m_panel.get(), u"queuesView"_s)->model()->rowCount() == 2; }, kWait));
    m_panel->selectQueue(u"support@default"_s);
    QCOMPARE(m_panel->selectedQueue().section(u' ', 1), u"support@default"_s);
}

inline void QueuesFixture::tearDown()
{
    m_panel.reset();
    m_control.reset();
    m_hub.reset();
    m_sim.reset();
}

} // namespace QueuesTest
