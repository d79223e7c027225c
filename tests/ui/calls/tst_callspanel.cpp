// The calls panel on its own, over a hub watching a simulated switch on 127.0.0.1: the out-of-step
// banner offers "Reconnect now" while a server's link is down and asks for it, server by server;
// calls come one row each, collapsed, and a call the operator opened stays open through a sort;
// a narrow panel still shows state, duration, caller and destination.

#include "support/uisim.h"

#include "ui/calls/callspanel.h"

#include <QHeaderView>
#include <QLabel>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QStyleOptionViewItem>
#include <QTest>
#include <QToolButton>

using namespace Qt::Literals::StringLiterals;
using TestSupport::kWait;
using TestSupport::UiSim;

class TestCallsPanel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void theBannerOffersReconnectNowWhileAServerIsDown();
    void callsComeCollapsedAndStayAsTheOperatorLeftThem();
    void aNarrowPanelStillShowsWhatMatters();
    void anEndedCallShowsItsCauseWhole();
};

void TestCallsPanel::theBannerOffersReconnectNowWhileAServerIsDown()
{
    UiSim east;
    UiSim west;
    Monitor::Hub hub;
    Monitor::ServerMonitor *e = east.watch(hub, u"east"_s);
    Monitor::ServerMonitor *w = west.watch(hub, u"west"_s);
    QVERIFY(e && w);
    Ui::CallsPanel panel(&hub);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    auto *banner = panel.findChild<QLabel *>(u"outOfStepBanner"_s);
    auto *reconnect = panel.findChild<QToolButton *>(u"reconnectNow"_s);
    QVERIFY(banner && reconnect);
    QVERIFY(!banner->isVisible());
    // The banner never moves the list: where the rows start on screen stays put.
    const auto listTop = [&] { return panel.view()->viewport()->mapToGlobal(QPoint(0, 0)); };
    const QPoint top = listTop();

    west.server->close();
    west.server->dropAll();
    QVERIFY(QTest::qWaitFor([&] { return banner->isVisible() && reconnect->isVisible(); }, kWait));
    QVERIFY(banner->text().contains(u"west"_s));
    QVERIFY(!banner->text().contains(u"east"_s));
    QCOMPARE(listTop(), top);
    QSignalSpy asked(&panel, &Ui::CallsPanel::reconnectRequested);
    reconnect->click();
    QCOMPARE(asked.size(), 1); // the server that is down, not the live one
    QCOMPARE(asked.first().first().value<Monitor::ServerId>(), w->id());
    // The switch comes back: the button goes, then the banner; the list stays where it was.
    QVERIFY(west.server->listen(QHostAddress::LocalHost, w->profile().connection.port));
    QVERIFY(QTest::qWaitFor([&] { return !reconnect->isVisible(); }, kWait));
    QCOMPARE(listTop(), top);
    QVERIFY(QTest::qWaitFor([&] { return !banner->isVisible(); }, kWait));
    QCOMPARE(listTop(), top);
}

void TestCallsPanel::callsComeCollapsedAndStayAsTheOperatorLeftThem()
{
    UiSim sim;
    Monitor::Hub hub;
    Monitor::ServerMonitor *m = sim.watch(hub, u"pbx"_s);
    QVERIFY(m);
    Ui::CallsPanel panel(&hub);
    panel.resize(900, 400);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    QTreeView *view = panel.view();
    const Monitor::ChannelKey ann{m->id(), sim.call(u"Ann"_s)};
    QTest::qWait(5); // apart: calls started in the same millisecond may come in either order
    const Monitor::ChannelKey bob{m->id(), sim.call(u"Bob"_s)};
    const auto row = [&](const Monitor::ChannelKey &key) {
        const QModelIndex source = panel.model()->callIndexOf(key);
        auto *proxy = qobject_cast<QSortFilterProxyModel *>(view->model());
        return proxy ? proxy->mapFromSource(source) : source;
    };
    QVERIFY(QTest::qWaitFor(
        [&] {
            return panel.model()->rowCount(row(ann)) == 2 && panel.model()->rowCount(row(bob)) == 2;
        },
        kWait));
    // One row per call: the legs are there, folded away.
    QVERIFY(!view->isExpanded(row(ann)));
    QVERIFY(!view->isExpanded(row(bob)));
    QCOMPARE(view->visualRect(row(bob)).top() - view->visualRect(row(ann)).top(),
             view->visualRect(row(ann)).height());
    // Opened, it shows its legs, and stays open through a sort and back.
    view->expand(row(bob));
    QVERIFY(view->visualRect(view->model()->index(1, 0, row(bob))).isValid());
    view->sortByColumn(Ui::CallsModel::CallerName, Qt::DescendingOrder);
    QVERIFY(view->model() != panel.model()); // through the proxy
    QCOMPARE(row(bob).row(), 0);
    QVERIFY(view->isExpanded(row(bob)));
    QVERIFY(!view->isExpanded(row(ann)));
    view->header()->setSortIndicator(-1, Qt::AscendingOrder);
    QCOMPARE(view->model(), panel.model());
    QVERIFY(view->isExpanded(row(bob)));
    QVERIFY(!view->isExpanded(row(ann)));
}

void TestCallsPanel::aNarrowPanelStillShowsWhatMatters()
{
    Monitor::Hub hub;
    Ui::CallsPanel panel(&hub);
    panel.resize(560, 300); // the calls beside docks in a 1024-pixel window
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    QHeaderView *header = panel.view()->header();
    const int width = panel.view()->viewport()->width();
    for (int column : {Ui::CallsModel::State, Ui::CallsModel::Duration, Ui::CallsModel::CallerName,
                       Ui::CallsModel::Destination}) {
        QVERIFY2(
            header->sectionViewportPosition(column) + header->sectionSize(column) <= width,
            qPrintable(
                panel.model()->headerData(column, Qt::Horizontal, Qt::DisplayRole).toString()));
    }
}

void TestCallsPanel::anEndedCallShowsItsCauseWhole()
{
    // Two servers: the State cell has the server's bar too.
    UiSim east;
    UiSim west;
    Monitor::Hub hub;
    Monitor::ServerMonitor *e = east.watch(hub, u"east"_s);
    QVERIFY(e && west.watch(hub, u"west"_s));
    Ui::CallsPanel panel(&hub);
    panel.resize(900, 300);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    const Monitor::ChannelKey a{e->id(), east.call(u"Kim"_s)};
    QVERIFY(QTest::qWaitFor([&] { return panel.model()->callIndexOf(a).isValid(); }, kWait));
    east.sw->api(u"uuid_kill "_s + a.uuid);
    const auto state = [&] {
        return panel.model()->callIndexOf(a).siblingAtColumn(Ui::CallsModel::State);
    };
    QVERIFY(
        QTest::qWaitFor([&] { return state().data().toString().contains(u"NORMAL_"_s); }, kWait));
    QCOMPARE(state().data().toString(), u"ended · NORMAL_CLEARING"_s);
    // The whole text, its bar and its margins fit the column beside the tree's indentation.
    QTreeView *view = panel.view();
    QStyleOptionViewItem option;
    option.initFrom(view->viewport());
    option.font = view->font();
    option.fontMetrics = view->fontMetrics();
    option.features = QStyleOptionViewItem::HasDisplay | QStyleOptionViewItem::HasDecoration;
    const int needed =
        view->indentation() + view->itemDelegate()->sizeHint(option, state()).width();
    QVERIFY2(needed <= view->columnWidth(Ui::CallsModel::State),
             qPrintable(u"%1 px needed, %2 px wide"_s.arg(needed).arg(
                 view->columnWidth(Ui::CallsModel::State))));
}

QTEST_MAIN(TestCallsPanel)
#include "tst_callspanel.moc"
