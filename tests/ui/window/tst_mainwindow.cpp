// The window driven as an operator would, against the simulated switch: a call appears, is
// answered and bridged, ends; the event filter shows only what it matches and says where a bad
// expression goes wrong; following a call narrows the log; the banner and the status bar tell
// the server's state.

#include "support/uisim.h"

#include "console/serverconnections.h"
#include "ui/calls/callspanel.h"
#include "ui/common/modelroles.h"
#include "ui/logs/logpanels.h"
#include "ui/window/mainwindow.h"
#include "ui/window/serverstatusstrip.h"

#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPaintEvent>
#include <QSettings>
#include <QStandardPaths>
#include <QTableView>
#include <QToolButton>
#include <QTreeView>

using namespace Qt::Literals::StringLiterals;
using TestSupport::kWait;

namespace {

// The row (under the root) whose caller name is `name`, in the calls view's own model.
QModelIndex callRow(QTreeView *view, const QString &name)
{
    QAbstractItemModel *model = view->model();
    for (int r = 0; r < model->rowCount(); ++r) {
        const QModelIndex i = model->index(r, Ui::CallsModel::CallerName);
        if (i.data().toString() == name)
            return i;
    }
    return {};
}

QString stateOf(QTreeView *view, const QString &name)
{
    const QModelIndex row = callRow(view, name);
    return row.isValid() ? row.siblingAtColumn(Ui::CallsModel::State).data().toString() : QString();
}

} // namespace

class TestMainWindow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(u"Switchboard-tests"_s);
        QSettings().clear(); // no window layout left from an earlier run
    }
    void aCallAppearsIsAnsweredBridgedAndEnds();
    void theEventFilterShowsOnlyWhatItMatches();
    void aBadFilterSaysWhereItGoesWrong();
    void followingACallNarrowsTheLog();
    void theBannerAndTheStatusBarTellTheServersState();
    void callsComeInOrderWithTheirLegsShownAndSortOnlyWhenAsked();
    void theLastCallsLegsRepaintEachSecondWhenSorted();
};

void TestMainWindow::aCallAppearsIsAnsweredBridgedAndEnds()
{
    TestSupport::UiSim sim(400); // long enough to see it ring
    Monitor::Hub hub;
    QVERIFY(sim.watch(hub, u"pbx"_s));
    Ui::MainWindow window(&hub);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QTreeView *calls = window.callsPanel()->view();

    const QString a = sim.call(u"Søren Ærø"_s);
    QVERIFY(QTest::qWaitFor([&] { return stateOf(calls, u"Søren Ærø"_s) == u"ringing"; }, kWait));
    QVERIFY(QTest::qWaitFor([&] { return stateOf(calls, u"Søren Ærø"_s) == u"active"; }, kWait));
    // Bridged: the call row has its two legs under it.
    QVERIFY(QTest::qWaitFor(
        [&] {
            return calls->model()->rowCount(callRow(calls, u"Søren Ærø"_s).siblingAtColumn(0)) == 2;
        },
        kWait));
    sim.sw->api(u"uuid_kill "_s + a);
    QVERIFY(QTest::qWaitFor([&] { return stateOf(calls, u"Søren Ærø"_s).startsWith(u"ended"_s); },
                            kWait));
}

void TestMainWindow::theEventFilterShowsOnlyWhatItMatches()
{
    TestSupport::UiSim sim;
    Monitor::Hub hub;
    QVERIFY(sim.watch(hub, u"pbx"_s));
    Ui::MainWindow window(&hub);
    window.show();
    sim.call(u"Alice"_s);
    sim.call(u"Bob"_s);
    QVERIFY(QTest::qWaitFor([&] { return hub.server(1)->channels()->liveCount() == 4; }, kWait));

    QLineEdit *filter = window.eventLogPanel()->filterEdit();
    filter->setFocus();
    QTest::keyClicks(filter, u"Event-Name == CHANNEL_ANSWER"_s);
    QTableView *log = window.eventLogPanel()->view();
    QVERIFY(QTest::qWaitFor([&] { return log->model()->rowCount() == 4; }, kWait));
    for (int r = 0; r < log->model()->rowCount(); ++r)
        QCOMPARE(log->model()->index(r, Ui::EventLogModel::Event).data().toString(),
                 u"CHANNEL_ANSWER"_s);
    // Emptying the filter shows everything again.
    filter->clear();
    QVERIFY(QTest::qWaitFor([&] { return log->model()->rowCount() == int(hub.store()->size()); },
                            kWait));
}

void TestMainWindow::aBadFilterSaysWhereItGoesWrong()
{
    Monitor::Hub hub;
    Ui::MainWindow window(&hub);
    window.show();
    QLineEdit *filter = window.eventLogPanel()->filterEdit();
    QTest::keyClicks(filter, u"Event-Name == "_s);
    auto *error = window.findChild<QLabel *>(u"eventFilterError"_s);
    QVERIFY(error);
    QVERIFY(error->isVisible());
    QVERIFY2(error->text().contains(u"at character 15"_s), qPrintable(error->text()));
    QTest::keyClicks(filter, u"CHANNEL_ANSWER"_s);
    QVERIFY(!error->isVisible());
}

void TestMainWindow::followingACallNarrowsTheLog()
{
    TestSupport::UiSim sim;
    Monitor::Hub hub;
    QVERIFY(sim.watch(hub, u"pbx"_s));
    Ui::MainWindow window(&hub);
    window.show();
    const QString a = sim.call(u"Alice"_s);
    sim.call(u"Bob"_s);
    QVERIFY(QTest::qWaitFor([&] { return hub.server(1)->channels()->liveCount() == 4; }, kWait));
    QTreeView *calls = window.callsPanel()->view();
    QVERIFY(QTest::qWaitFor([&] { return callRow(calls, u"Alice"_s).isValid(); }, kWait));
    calls->setCurrentIndex(callRow(calls, u"Alice"_s));
    const QStringList legs = window.callsPanel()->currentCallLegs();
    QCOMPARE(legs.size(), 2);
    QCOMPARE(legs.first(), a);
    Q_EMIT window.callsPanel()->followCallRequested(legs);
    qsizetype expected = 0;
    for (const QString &leg : legs)
        expected += hub.store()->recordsOfChannel(leg.toUtf8()).size();
    QTableView *log = window.eventLogPanel()->view();
    QVERIFY(QTest::qWaitFor([&] { return log->model()->rowCount() == expected; }, kWait));
    for (int r = 0; r < log->model()->rowCount(); ++r) {
        const QString uuid =
            log->model()->index(r, Ui::EventLogModel::Channel).data(Qt::ToolTipRole).toString();
        QVERIFY2(legs.contains(uuid), qPrintable(uuid));
    }
}

void TestMainWindow::theBannerAndTheStatusBarTellTheServersState()
{
    TestSupport::UiSim sim;
    Monitor::Hub hub;
    Monitor::ServerMonitor *m = hub.addServer(sim.profile(u"east"_s));
    Ui::MainWindow window(&hub);
    window.show();
    auto *banner = window.findChild<QLabel *>(u"outOfStepBanner"_s);
    QToolButton *status =
        window.serverStatus()->itemOf(window.serverConnections()->entryOfServer(m->id()));
    QVERIFY(status);
    QVERIFY(banner->isVisible()); // not connected yet: not trusted
    QVERIFY(banner->text().contains(u"east"_s));
    QVERIFY2(status->text().startsWith(u"east · disconnected"_s), qPrintable(status->text()));
    m->start();
    QVERIFY(QTest::qWaitFor([&] { return !banner->isVisible(); }, kWait));
    QVERIFY(QTest::qWaitFor([&] { return status->text().contains(u"east · live"_s); }, kWait));
    sim.server->dropAll();
    sim.server->close(); // the switch is gone: the client keeps retrying
    QVERIFY(QTest::qWaitFor([&] { return banner->isVisible(); }, kWait));
    QVERIFY(
        QTest::qWaitFor([&] { return status->text().contains(u"east · down since"_s); }, kWait));
}

void TestMainWindow::callsComeInOrderWithTheirLegsShownAndSortOnlyWhenAsked()
{
    TestSupport::UiSim sim(5000);
    Monitor::Hub hub;
    QVERIFY(sim.watch(hub, u"pbx"_s));
    Ui::MainWindow window(&hub);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QTreeView *calls = window.callsPanel()->view();
    QHeaderView *header = calls->header();
    const auto names = [&] {
        QStringList out;
        for (int r = 0; r < calls->model()->rowCount(); ++r)
            out.append(calls->model()->index(r, Ui::CallsModel::CallerName).data().toString());
        return out;
    };
    // Unsorted: the calls in the order they came (the longest-running first).
    QCOMPARE(header->sortIndicatorSection(), -1);
    for (const QString &name : {u"Cyd"_s, u"Ann"_s, u"Bob"_s}) {
        sim.call(name);
        QVERIFY(QTest::qWaitFor(
            [&] {
                const QModelIndex row = callRow(calls, name).siblingAtColumn(0);
                return row.isValid() && calls->model()->rowCount(row) == 2;
            },
            kWait));
        QTest::qWait(20); // created a few milliseconds apart
    }
    const QStringList arrival{u"Cyd"_s, u"Ann"_s, u"Bob"_s};
    QCOMPARE(names(), arrival);
    // The operator opens every call to see its legs (whether calls come open or closed is the
    // calls view's own business, tested beside it).
    for (const QString &name : arrival) {
        calls->expand(callRow(calls, name).siblingAtColumn(0));
        QVERIFY2(calls->isExpanded(callRow(calls, name).siblingAtColumn(0)), qPrintable(name));
    }

    // The view shows the model itself while nothing is sorted or filtered (a proxy in between
    // made each removed row cost milliseconds at scale).
    QCOMPARE(calls->model(), window.callsPanel()->model());
    // What the operator set up survives the switches to the proxy and back: the current row,
    // the selection, a call they collapsed, the column widths.
    const QModelIndex bob = callRow(calls, u"Bob"_s).siblingAtColumn(0);
    const Monitor::ChannelKey bobKey = window.callsPanel()->channelAt(bob);
    calls->selectionModel()->setCurrentIndex(bob, QItemSelectionModel::ClearAndSelect |
                                                      QItemSelectionModel::Rows);
    calls->collapse(callRow(calls, u"Ann"_s).siblingAtColumn(0));
    header->resizeSection(Ui::CallsModel::Destination, 211);
    const auto operatorSetUpHolds = [&] {
        QCOMPARE(window.callsPanel()->currentChannel(), bobKey);
        QCOMPARE(window.callsPanel()->selectedChannels(), QList<Monitor::ChannelKey>{bobKey});
        QVERIFY(!calls->isExpanded(callRow(calls, u"Ann"_s).siblingAtColumn(0)));
        for (const QString &name : {u"Bob"_s, u"Cyd"_s})
            QVERIFY(calls->isExpanded(callRow(calls, name).siblingAtColumn(0)));
        QCOMPARE(header->sectionSize(Ui::CallsModel::Destination), 211);
    };

    // A click on a header sorts by it; clicks go on until the indicator clears (a header is
    // clearable) and the arrival order is back. The legs stay shown throughout.
    const auto click = [&](int section) {
        QTest::mouseClick(
            header->viewport(), Qt::LeftButton, {},
            QPoint(header->sectionViewportPosition(section) + header->sectionSize(section) / 2,
                   header->height() / 2));
    };
    click(Ui::CallsModel::CallerName);
    QCOMPARE(header->sortIndicatorSection(), int(Ui::CallsModel::CallerName));
    QStringList sorted = arrival;
    std::sort(sorted.begin(), sorted.end());
    if (header->sortIndicatorOrder() == Qt::DescendingOrder)
        std::reverse(sorted.begin(), sorted.end());
    QCOMPARE(names(), sorted);
    QVERIFY(calls->model() != window.callsPanel()->model()); // sorted through the proxy
    operatorSetUpHolds();
    for (int clicks = 0; clicks < 3 && header->sortIndicatorSection() != -1; ++clicks)
        click(Ui::CallsModel::CallerName);
    QCOMPARE(header->sortIndicatorSection(), -1);
    QCOMPARE(names(), arrival);
    QCOMPARE(calls->model(), window.callsPanel()->model());
    operatorSetUpHolds();

    // The filter goes through the proxy too, and back when it is cleared.
    auto *filter = window.findChild<QLineEdit *>(u"callsFilter"_s);
    QVERIFY(filter);
    filter->setText(u"bob"_s);
    QCOMPARE(names(), QStringList{u"Bob"_s});
    QCOMPARE(window.callsPanel()->currentChannel(), bobKey);
    filter->clear();
    QCOMPARE(names(), arrival);
    QCOMPARE(calls->model(), window.callsPanel()->model());
    operatorSetUpHolds();
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"

namespace {

// What the calls view's viewport was asked to paint, all of it.
class PaintRecorder : public QObject
{
public:
    QRegion painted;

protected:
    bool eventFilter(QObject *, QEvent *event) override
    {
        if (event->type() == QEvent::Paint)
            painted += static_cast<QPaintEvent *>(event)->region();
        return false;
    }
};

} // namespace

void TestMainWindow::theLastCallsLegsRepaintEachSecondWhenSorted()
{
    // A ranged dataChanged makes QTreeView repaint from its first row to its last, and the last
    // call's legs lie below that; sorted, only the view knows which call is last on screen.
    TestSupport::UiSim sim(20);
    Monitor::Hub hub;
    QVERIFY(sim.watch(hub, u"pbx"_s));
    Ui::MainWindow window(&hub);
    window.resize(1280, 800);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    Ui::CallsPanel *panel = window.callsPanel();
    for (const QString &name : {u"Ann"_s, u"Bob"_s})
        sim.call(name);
    QTreeView *calls = panel->view();
    QVERIFY(QTest::qWaitFor([&] { return panel->model()->rowCount() == 2; }, kWait));
    calls->sortByColumn(Ui::CallsModel::CallerName, Qt::DescendingOrder); // Bob, then Ann
    QVERIFY(QTest::qWaitFor(
        [&] {
            const QModelIndex last = calls->model()->index(calls->model()->rowCount() - 1, 0);
            return calls->model()->rowCount(last) == 2;
        },
        kWait));
    calls->expandAll();
    const QModelIndex lastCall = calls->model()->index(calls->model()->rowCount() - 1, 0);
    const QRect lastLeg =
        calls->visualRect(calls->model()->index(1, Ui::CallsModel::Duration, lastCall));
    QVERIFY(lastLeg.isValid());
    QTest::qWait(50); // what the sort and the expansion painted
    PaintRecorder recorder;
    calls->viewport()->installEventFilter(&recorder);
    panel->model()->setTickInterval(100);
    QVERIFY(QTest::qWaitFor([&] { return recorder.painted.contains(lastLeg.center()); }, 3000));
    calls->viewport()->removeEventFilter(&recorder);
}
