// The calls model as the load grows: many new calls come in a few batches, the rows keep in step
// with the channel stores under busy traffic (holds, transfers, parks, hangups) in both
// layouts, half the calls expiring at once go in one layout change, and servers the hub adds
// and removes are followed — a QAbstractItemModelTester watching all along.

#include "support/uisim.h"

#include "ui/calls/callsmodel.h"

#include "sim/traffic.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTest>
#include <QTreeView>

using namespace Qt::Literals::StringLiterals;
using Monitor::Hub;
using TestSupport::cell;
using TestSupport::kTester;
using TestSupport::kWait;
using TestSupport::runFor;
using TestSupport::runUntil;
using TestSupport::UiSim;
using Ui::CallsModel;

class TestCallsModelTraffic : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void insertsManyNewCallsInFewBatches();
    void keepsInStepWithTheStoreUnderBusyTraffic();
    void removesScatteredEndedCallsInOneLayoutChange_data();
    void removesScatteredEndedCallsInOneLayoutChange();
    void followsServersTheHubAddsAndRemoves();
};

void TestCallsModelTraffic::followsServersTheHubAddsAndRemoves()
{
    UiSim east;
    UiSim west;
    Hub hub;
    Monitor::ServerMonitor *e = east.watch(hub, u"east"_s);
    QVERIFY(e);
    CallsModel model(&hub);
    QAbstractItemModelTester tester(&model, kTester);
    const QString a = east.call(u"Kim"_s);
    QVERIFY(QTest::qWaitFor([&] { return model.rowCount() == 1; }, kWait));
    Monitor::ServerMonitor *w = west.watch(hub, u"west"_s);
    QVERIFY(w);
    const QString b = west.call(u"Lou"_s);
    QVERIFY(QTest::qWaitFor([&] { return model.rowCount() == 2; }, kWait));
    QCOMPARE(cell(model, model.callIndexOf({w->id(), b}), CallsModel::Server).toString(),
             u"west"_s);
    QCOMPARE(model.data(model.callIndexOf({w->id(), b}), Ui::ServerIdRole).toInt(), int(w->id()));
    QVERIFY(!model.callIndexOf({w->id(), a}).isValid()); // keys are (server, uuid)
    hub.removeServer(e->id());
    QCOMPARE(model.rowCount(), 1);
    QVERIFY(!model.callIndexOf({e->id(), a}).isValid());
    QVERIFY(model.callIndexOf({w->id(), b}).isValid());
    QTest::qWait(300); // the removed monitor's last signals change nothing
    QCOMPARE(model.rowCount(), 1);
}

void TestCallsModelTraffic::insertsManyNewCallsInFewBatches()
{
    UiSim sim(5000);
    Hub hub;
    Monitor::ServerMonitor *m = sim.watch(hub, u"pbx1"_s);
    QVERIFY(m);
    CallsModel model(&hub);
    QAbstractItemModelTester tester(&model, kTester);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    constexpr int kCalls = 40;
    for (int i = 0; i < kCalls; ++i)
        sim.call(u"Caller %1"_s.arg(i), QString::number(1000 + i));
    QVERIFY(QTest::qWaitFor([&] { return model.rowCount() == kCalls; }, kWait));
    int topLevel = 0;
    for (const auto &args : inserted)
        topLevel += !args.at(0).value<QModelIndex>().isValid();
    QVERIFY2(topLevel < kCalls / 4, qPrintable(u"%1 inserts"_s.arg(topLevel)));
}

void TestCallsModelTraffic::keepsInStepWithTheStoreUnderBusyTraffic()
{
    UiSim sim;
    Hub hub;
    Monitor::ServerMonitor *m = sim.watch(hub, u"pbx1"_s, 800);
    QVERIFY(m);
    CallsModel model(&hub);
    QAbstractItemModelTester tester(&model, kTester);
    Sim::TrafficProfile profile;
    profile.callsPerSecond = 40;
    profile.meanDurationMs = 1200;
    profile.minDurationMs = 200;
    profile.holdShare = 0.3;
    profile.transferShare = 0.3;
    profile.parkShare = 0.2;
    Sim::TrafficGenerator traffic(sim.sw.get(), profile);
    traffic.start();
    const auto inStep = [&] {
        model.flush();
        const Monitor::ChannelStore *store = m->channels();
        int rows = 0;
        if (model.layout() == CallsModel::Layout::Flat) {
            rows = model.rowCount();
        } else {
            for (int call = 0; call < model.rowCount(); ++call)
                rows += model.rowCount(model.index(call, 0));
        }
        if (rows != store->size())
            return false;
        for (const Monitor::Channel *c : store->channels()) {
            const QModelIndex row = model.indexOf({m->id(), c->uuid});
            if (model.data(row, Ui::UuidRole).toString() != c->uuid ||
                model.data(row, Ui::CallKeyRole).toString() != store->callKeyOf(c->uuid))
                return false;
        }
        return true;
    };
    for (int round = 0; round < 6; ++round) {
        runFor(700);
        QVERIFY2(inStep(), qPrintable(u"round %1"_s.arg(round)));
        model.setLayout(round % 2 ? CallsModel::Layout::Tree : CallsModel::Layout::Flat);
    }
    QVERIFY(traffic.callsPlaced() > 50);
    traffic.stop();
    // Calls already on their way (a B leg about to be created, a transfer target) may appear
    // after one hangupAll on a busy machine: hang up until the switch is empty.
    const bool emptied = runUntil(
        [&] {
            sim.sw->hangupAll();
            return model.rowCount() == 0;
        },
        kWait);
    if (!emptied) {
        QStringList left;
        for (const Monitor::Channel *c : m->channels()->channels())
            left << c->uuid + u' ' + c->channelState;
        QFAIL(qPrintable(u"the switch has %1 channels, the store %2, the model %3 rows: %4"_s
                             .arg(sim.sw->channelCount())
                             .arg(m->channels()->size())
                             .arg(model.rowCount())
                             .arg(left.join(u", "_s))));
    }
}

void TestCallsModelTraffic::removesScatteredEndedCallsInOneLayoutChange_data()
{
    QTest::addColumn<CallsModel::Layout>("layout");
    QTest::newRow("tree") << CallsModel::Layout::Tree;
    QTest::newRow("flat") << CallsModel::Layout::Flat;
}

void TestCallsModelTraffic::removesScatteredEndedCallsInOneLayoutChange()
{
    // Every other call ends and expires in the same batch: a dozen runs of rows, removed in one
    // layout change. The rest keep their order, their persistent indexes and, in a view behind
    // a proxy, their expanded state and the current row.
    QFETCH(CallsModel::Layout, layout);
    UiSim sim;
    Hub hub;
    Monitor::ServerMonitor *m = sim.watch(hub, u"pbx1"_s, 300);
    QVERIFY(m);
    CallsModel model(&hub);
    model.setLayout(layout);
    model.setBatchInterval(60000); // only flush() moves rows
    QAbstractItemModelTester tester(&model, kTester);
    QSortFilterProxyModel proxy;
    proxy.setSourceModel(&model);
    QAbstractItemModelTester proxyTester(&proxy, kTester);
    QTreeView view;
    view.setModel(&proxy);
    QTreeView direct; // the calls panel shows the model itself while nothing is sorted
    direct.setModel(&model);
    const Monitor::ServerId id = m->id();
    constexpr int kCalls = 24;
    QStringList calls;
    for (int i = 0; i < kCalls; ++i)
        calls.append(sim.call(u"Caller %1"_s.arg(i), QString::number(1000 + i)));
    const Monitor::ChannelStore *store = m->channels();
    QVERIFY(QTest::qWaitFor(
        [&] {
            if (store->size() != 2 * kCalls)
                return false;
            for (const Monitor::Channel *c : store->channels()) {
                if (c->bridgedTo.isEmpty())
                    return false;
            }
            return true;
        },
        kWait));
    model.flush();
    QCOMPARE(model.rowCount(), layout == CallsModel::Layout::Tree ? kCalls : 2 * kCalls);
    view.expandAll();
    direct.expandAll();
    // What each row shows now, by persistent index through the proxy.
    QList<QPersistentModelIndex> rows;
    QStringList uuids;
    for (int r = 0; r < proxy.rowCount(); ++r) {
        rows.append(proxy.index(r, 0));
        uuids.append(proxy.data(rows.last(), Ui::UuidRole).toString());
    }
    // Every other call as the rows show them (calls created in the same millisecond come in
    // the order of their uuids), with its legs: twelve runs of rows.
    std::sort(calls.begin(), calls.end(), [&](const QString &a, const QString &b) {
        return model.callIndexOf({id, a}).row() < model.callIndexOf({id, b}).row();
    });
    QSet<QString> ended;
    for (int i = 0; i < kCalls - 1; i += 2) {
        ended.insert(calls[i]);
        for (const QString &l : model.legsOfCall(model.callIndexOf({id, calls[i]})))
            ended.insert(l);
    }
    QCOMPARE(ended.size(), kCalls);
    // The current row: the last that stays (in the tree, the last call; its legs under it).
    QModelIndex lastRow;
    for (int r = proxy.rowCount() - 1; r >= 0 && !lastRow.isValid(); --r) {
        if (!ended.contains(uuids[r]))
            lastRow = proxy.index(r, 0);
    }
    view.setCurrentIndex(lastRow);
    const QString current = proxy.data(lastRow, Ui::UuidRole).toString();
    QPersistentModelIndex leg;
    if (layout == CallsModel::Layout::Tree)
        leg = proxy.index(1, 0, lastRow);
    const QString legUuid = proxy.data(leg, Ui::UuidRole).toString();

    for (int i = 0; i < kCalls - 1; i += 2)
        sim.sw->api(u"uuid_kill "_s + calls[i]);
    QVERIFY(QTest::qWaitFor([&] { return store->size() == kCalls; }, kWait)); // they expired
    QSignalSpy layoutChanged(&model, &QAbstractItemModel::layoutChanged);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    model.flush();
    QCOMPARE(layoutChanged.size(), 1);
    QCOMPARE(removed.size(), 0);
    QCOMPARE(model.rowCount(), layout == CallsModel::Layout::Tree ? kCalls / 2 : kCalls);
    QStringList kept;
    for (qsizetype r = 0; r < rows.size(); ++r) {
        const bool gone = ended.contains(uuids[r]);
        QCOMPARE(!rows[r].isValid(), gone);
        if (gone)
            continue;
        kept.append(uuids[r]);
        QCOMPARE(proxy.data(rows[r], Ui::UuidRole).toString(), uuids[r]);
        if (layout == CallsModel::Layout::Tree) {
            QVERIFY(view.isExpanded(rows[r]));
            QVERIFY(direct.isExpanded(proxy.mapToSource(rows[r])));
        }
    }
    QCOMPARE(kept.size(), proxy.rowCount());
    for (int r = 0; r < proxy.rowCount(); ++r)
        QCOMPARE(proxy.data(proxy.index(r, 0), Ui::UuidRole).toString(), kept[r]);
    QCOMPARE(proxy.data(view.currentIndex(), Ui::UuidRole).toString(), current);
    if (layout == CallsModel::Layout::Tree) {
        QVERIFY(leg.isValid());
        QCOMPARE(proxy.data(leg, Ui::UuidRole).toString(), legUuid);
        QCOMPARE(leg.parent(), view.currentIndex());
    }
}

QTEST_MAIN(TestCallsModelTraffic)
#include "tst_callsmodeltraffic.moc"
