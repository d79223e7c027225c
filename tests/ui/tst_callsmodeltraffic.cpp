// The calls model as the load grows: many new calls come in a few batches, the rows keep in step
// with the channel stores under busy traffic (holds, transfers, parks, hangups) in both
// layouts, and servers the hub adds and removes are followed — a QAbstractItemModelTester
// watching all along.

#include "uisim.h"

#include "ui/models/callsmodel.h"

#include "sim/traffic.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using Monitor::Hub;
using TestSupport::cell;
using TestSupport::kTester;
using TestSupport::kWait;
using TestSupport::UiSim;
using Ui::CallsModel;

class TestCallsModelTraffic : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void insertsManyNewCallsInFewBatches();
    void keepsInStepWithTheStoreUnderBusyTraffic();
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
        QTest::qWait(700);
        QVERIFY2(inStep(), qPrintable(u"round %1"_s.arg(round)));
        model.setLayout(round % 2 ? CallsModel::Layout::Tree : CallsModel::Layout::Flat);
    }
    QVERIFY(traffic.callsPlaced() > 50);
    traffic.stop();
    // Calls already on their way (a B leg about to be created, a transfer target) may appear
    // after one hangupAll on a busy machine: hang up until the switch is empty.
    QVERIFY(QTest::qWaitFor(
        [&] {
            sim.sw->hangupAll();
            return model.rowCount() == 0;
        },
        kWait));
}

QTEST_MAIN(TestCallsModelTraffic)
#include "tst_callsmodeltraffic.moc"
