// What the rows of the calls model say, against a hub watching simulated switches over
// 127.0.0.1: a server that is not live leaves its calls grey, "unknown since HH:MM:SS", their
// durations frozen (not green and counting); a zombie says so in a word, not a cut-off
// "active (zo…". A QAbstractItemModelTester watches every signal on the way.

#include "support/uisim.h"

#include "ui/calls/callpresentation.h"
#include "ui/calls/callsmodel.h"

#include <QAbstractItemModelTester>
#include <QDateTime>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using Monitor::ChannelKey;
using Monitor::Hub;
using TestSupport::cell;
using TestSupport::kTester;
using TestSupport::kWait;
using TestSupport::UiSim;
using Ui::CallsModel;
namespace P = Ui::CallPresentation;

namespace {

QString stateOfCall(const CallsModel &model, const ChannelKey &leg)
{
    return cell(model, model.callIndexOf(leg), CallsModel::State).toString();
}

} // namespace

class TestCallRows : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void aServerThatIsNotLiveLeavesItsCallsStaleWithFrozenDurations();
    void aZombieSaysSoInAWordAndInGrey();
};

void TestCallRows::aServerThatIsNotLiveLeavesItsCallsStaleWithFrozenDurations()
{
    UiSim sim;
    Hub hub;
    Monitor::ServerMonitor *m = sim.watch(hub, u"pbx1"_s);
    QVERIFY(m);
    CallsModel model(&hub);
    QAbstractItemModelTester tester(&model, kTester);
    const ChannelKey a{m->id(), sim.call(u"Ann"_s)};
    QVERIFY(QTest::qWaitFor([&] { return stateOfCall(model, a) == u"active"; }, kWait));
    QVERIFY(!model.data(model.callIndexOf(a), Ui::IsStaleRole).toBool());

    // The switch goes away: the monitor waits to reconnect, and nobody knows what the call does.
    const qint64 before = QDateTime::currentMSecsSinceEpoch();
    sim.server->close();
    sim.server->dropAll();
    QVERIFY(QTest::qWaitFor([&] { return !m->link()->isLive(); }, kWait));
    const qint64 after = QDateTime::currentMSecsSinceEpoch();
    const QModelIndex call = model.callIndexOf(a);
    QVERIFY(model.data(call, Ui::IsStaleRole).toBool());
    const QString state = stateOfCall(model, a);
    QVERIFY2(state == P::staleText(before) || state == P::staleText(after), qPrintable(state));
    QVERIFY(state.startsWith(u"unknown since "_s));
    QVERIFY(cell(model, call, CallsModel::State, Qt::ToolTipRole)
                .toString()
                .contains(u"When last seen: active"_s));
    // Grey, not green.
    QCOMPARE(cell(model, call, CallsModel::State, Qt::ForegroundRole).value<QColor>(),
             P::staleForeground());
    QCOMPARE(cell(model, call, CallsModel::State, Qt::BackgroundRole).value<QColor>(),
             P::staleBackground());
    QVERIFY(P::staleBackground() != P::stateBackground(P::State::Active));
    QCOMPARE(cell(model, call, CallsModel::Destination, Qt::ForegroundRole).value<QColor>(),
             P::staleForeground());
    // Its legs too.
    const QModelIndex leg = model.indexOf(a);
    QVERIFY(model.data(leg, Ui::IsStaleRole).toBool());
    QVERIFY(cell(model, leg, CallsModel::State).toString().startsWith(u"unknown since "_s));
    // The durations stand still.
    const qint64 frozen = cell(model, call, CallsModel::Duration, Ui::RawValueRole).toLongLong();
    const qint64 legFrozen = cell(model, leg, CallsModel::Duration, Ui::RawValueRole).toLongLong();
    const QString shown = cell(model, call, CallsModel::Duration).toString();
    QTest::qWait(1300);
    QCOMPARE(cell(model, call, CallsModel::Duration, Ui::RawValueRole).toLongLong(), frozen);
    QCOMPARE(cell(model, leg, CallsModel::Duration, Ui::RawValueRole).toLongLong(), legFrozen);
    QCOMPARE(cell(model, call, CallsModel::Duration).toString(), shown);
}

void TestCallRows::aZombieSaysSoInAWordAndInGrey()
{
    UiSim sim;
    Hub hub;
    Monitor::ServerMonitor *m = sim.watch(hub, u"pbx1"_s);
    QVERIFY(m);
    CallsModel model(&hub);
    QAbstractItemModelTester tester(&model, kTester);
    const ChannelKey a{m->id(), sim.call(u"Gus"_s)};
    QVERIFY(QTest::qWaitFor([&] { return stateOfCall(model, a) == u"active"; }, kWait));
    // The switch restarts: its channels are gone without a word; the reconcile finds out.
    sim.sw->restart();
    sim.server->dropAll();
    QVERIFY(QTest::qWaitFor(
        [&] { return model.data(model.callIndexOf(a), Ui::IsZombieRole).toBool(); }, kWait));
    QVERIFY(QTest::qWaitFor([&] { return m->link()->isLive(); }, kWait));
    const QModelIndex call = model.callIndexOf(a);
    QCOMPARE(stateOfCall(model, a), u"zombie"_s);
    QCOMPARE(cell(model, model.indexOf(a), CallsModel::State).toString(), u"zombie"_s);
    QVERIFY(cell(model, call, CallsModel::State, Qt::ForegroundRole).value<QColor>() !=
            P::stateForeground(P::State::Active));
    QVERIFY(cell(model, call, CallsModel::State, Qt::BackgroundRole).value<QColor>() !=
            P::stateBackground(P::State::Active));
    QVERIFY(cell(model, call, CallsModel::State, Qt::ToolTipRole)
                .toString()
                .contains(u"When last seen: active"_s));
    QVERIFY(!model.data(call, Ui::IsStaleRole).toBool()); // known gone, not unknown
}

QTEST_MAIN(TestCallRows)
#include "tst_callrows.moc"
