// What an operator found in what the Queues panel shows (#19), against the simulated switch over
// a real Event Socket: the selection goes with its row (nothing is selected after, and the
// buttons do nothing); a stale server's waits stop where its link went and it is not counted in
// the title; rows of several servers carry their server's colour; at 1024×700 the important
// columns of the three parts are in view without scrolling.

#include "queuesfixture.h"

#include <QLabel>
#include <QLoggingCategory>

using namespace QueuesTest;

class TstQueuesView : public QObject, public QueuesFixture
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QLoggingCategory::setFilterRules(u"esl.inbound.debug=false\nmonitor.info=false"_s);
    }
    void init() { setUp(); }
    void cleanup() { tearDown(); }

    void nothingIsSelectedWhenTheSelectedRowGoes();
    void aStaleServerFreezesItsWaits();
    void rowsOfSeveralServersShowTheirColour();
    void theImportantColumnsAreInViewAt1024x700();
};

void TstQueuesView::nothingIsSelectedWhenTheSelectedRowGoes()
{
    // agent1 answers the first caller; the second waits below it.
    m_sim->sw->api(u"callcenter_config agent set status agent2@default 'On Break'"_s);
    QString firstSession;
    const QString first = waitingCaller(u"Ann Answered"_s, &firstSession);
    QVERIFY(QTest::qWaitFor([&] { return memberState(first) == u"Answered"_s; }, kWait));
    const QString second = waitingCaller(u"Wes Waiting"_s);
    QCOMPARE(memberState(second), u"Waiting"_s);
    selectMember(first);
    QCOMPARE(m_panel->selectedMember(), first);
    QVERIFY(action(u"queuesHangUp"_s)->isEnabled());
    // The first call ends: its row goes, and the caller below it must not become the target.
    m_sim->sw->api(u"uuid_kill "_s + firstSession);
    QAbstractItemModel *members = viewOf(m_panel.get(), u"membersView"_s)->model();
    QVERIFY(QTest::qWaitFor([&] { m_panel->refresh(); return rowByKey(members, first) < 0; }, kWait));
    QCOMPARE(m_panel->selectedMember(), QString());
    QTableView *view = viewOf(m_panel.get(), u"membersView"_s);
    QVERIFY(!view->selectionModel()->hasSelection());
    QVERIFY(!action(u"queuesHangUp"_s)->isEnabled());
    QVERIFY(!action(u"queuesPick"_s)->isEnabled());
    // A second click on the button does nothing.
    QSignalSpy finished(m_control.get(), &Console::CallControl::finished);
    action(u"queuesHangUp"_s)->trigger();
    QTest::qWait(200);
    QVERIFY(finished.isEmpty());
    QCOMPARE(memberState(second), u"Waiting"_s);
}

void TstQueuesView::aStaleServerFreezesItsWaits()
{
    agentsOnBreak();
    const QString caller = waitingCaller(u"Stu Stale"_s);
    QSignalSpy titles(m_panel.get(), &Ui::QueuesPanel::titleChanged);
    m_sim->server->shutdown();
    QVERIFY(QTest::qWaitFor([&] { return m_store->isStale(); }, kWait));
    m_panel->refresh();
    QAbstractItemModel *queues = viewOf(m_panel.get(), u"queuesView"_s)->model();
    QAbstractItemModel *members = viewOf(m_panel.get(), u"membersView"_s)->model();
    const int support = rowOf(queues, u"support@default"_s);
    const QString longest = cell(queues, support, 3);
    const QString wait = cell(members, rowByKey(members, caller), 3);
    QVERIFY2(longest.contains(u':'), qPrintable(longest));
    // Two seconds on, the last known waits are where they were when the link went.
    QTest::qWait(2100);
    m_panel->refresh();
    QCOMPARE(cell(queues, support, 3), longest);
    QCOMPARE(cell(members, rowByKey(members, caller), 3), wait);
    // Its caller is not counted as waiting in the title, and the line says since when.
    QVERIFY(!titles.isEmpty());
    QCOMPARE(titles.last().first().toString(), u"&Queues"_s);
    auto *note = m_panel->findChild<QLabel *>(u"queuesNote"_s);
    QVERIFY(note->wordWrap());
    QVERIFY2(note->text().startsWith(u"sim: queues unknown since "_s), qPrintable(note->text()));
}

void TstQueuesView::rowsOfSeveralServersShowTheirColour()
{
    UiSim other;
    Monitor::ServerProfile p = other.profile(u"sim-b"_s);
    p.colour = u"#aa3300"_s;
    Monitor::ServerMonitor *b = m_hub->addServer(p);
    b->start();
    QVERIFY(QTest::qWaitFor([&] { return b->panels()->callCenter()->syncState() ==
                                         Monitor::PanelSyncState::Synced; },
                            kWait));
    QAbstractItemModel *queues = viewOf(m_panel.get(), u"queuesView"_s)->model();
    QVERIFY(QTest::qWaitFor([&] { m_panel->refresh(); return queues->rowCount() == 4; }, kWait));
    // Two switches with the same queue names: each row carries its server's colour.
    const QString key = QString::number(b->id()) + u" support@default"_s;
    const int row = rowByKey(queues, key);
    QVERIFY(row >= 0);
    QCOMPARE(queues->index(row, 0).data(Qt::DecorationRole).value<QColor>(), QColor(u"#aa3300"_s));
    QVERIFY(!viewOf(m_panel.get(), u"queuesView"_s)->isColumnHidden(1));
    m_panel->selectQueue(u"support@default"_s); // the first server's
    QTableView *view = viewOf(m_panel.get(), u"queuesView"_s);
    view->setCurrentIndex(queues->index(row, 0));
    QAbstractItemModel *agents = viewOf(m_panel.get(), u"agentsView"_s)->model();
    QVERIFY(QTest::qWaitFor([&] { m_panel->refresh(); return agents->rowCount() == 4; }, kWait));
    QCOMPARE(agents->index(0, 0).data(Qt::DecorationRole).value<QColor>(), QColor(u"#aa3300"_s));
    m_hub->removeServer(b->id());
}

void TstQueuesView::theImportantColumnsAreInViewAt1024x700()
{
    agentsOnBreak();
    waitingCaller(u"Constance Longname-Hathaway"_s);
    // The tab area of a 1024×700 window: the queues' figures, the waiting callers (position,
    // name, number, wait, state) and the agents (name, status, state, tier) without scrolling.
    m_panel->resize(1000, 250);
    QTest::qWait(50);
    m_panel->refresh();
    const struct
    {
        const char *view;
        int columns;
    } parts[] = {{"queuesView", 6}, {"membersView", 5}, {"agentsView", 4}};
    for (const auto &part : parts) {
        QTableView *view = viewOf(m_panel.get(), QString::fromLatin1(part.view));
        for (int c = 0; c < part.columns; ++c)
            QVERIFY2(inView(view, c), qPrintable(u"%1 column %2 (%3) at x %4 + %5 of %6"_s.arg(
                                          QString::fromLatin1(part.view))
                                          .arg(c)
                                          .arg(view->model()->headerData(c, Qt::Horizontal).toString())
                                          .arg(view->columnViewportPosition(c))
                                          .arg(view->columnWidth(c))
                                          .arg(view->viewport()->width())));
    }
    // With the channel details beside it (~760 px): the queues' figures are still whole.
    m_panel->resize(760, 250);
    QTest::qWait(50);
    m_panel->refresh();
    QTableView *queues = viewOf(m_panel.get(), u"queuesView"_s);
    for (int c = 0; c < 6; ++c)
        QVERIFY2(inView(queues, c), qPrintable(QString::number(c)));
    // A long name elides; its tooltip has it whole.
    QAbstractItemModel *members = viewOf(m_panel.get(), u"membersView"_s)->model();
    bool found = false;
    for (int r = 0; r < members->rowCount(); ++r) {
        if (members->index(r, 1).data().toString() == u"Constance Longname-Hathaway"_s) {
            found = members->index(r, 1).data(Qt::ToolTipRole).toString().startsWith(
                u"Constance Longname-Hathaway"_s);
        }
    }
    QVERIFY(found);
}

QTEST_MAIN(TstQueuesView)
#include "tst_queuesview.moc"
