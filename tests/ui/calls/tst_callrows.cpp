// What the rows of the calls model say, against a hub watching simulated switches over
// 127.0.0.1: a server that is not live leaves its calls grey, "unknown since HH:MM:SS", their
// durations frozen (not green and counting); a zombie says so in a word, not a cut-off
// "active (zo…"; a call row sums its call up (who answered, a recording on any leg, "caller →
// callee") under columns in the order an operator scans them; a parked call's application is
// "park", an ended row says why it ended, and the operator's own listen leg reads as theirs. A
// QAbstractItemModelTester watches every signal on the way.

#include "support/uisim.h"

#include "console/appsettings.h"
#include "console/callcontrol.h"
#include "ui/calls/callpresentation.h"
#include "ui/calls/callsmodel.h"

#include <QAbstractItemModelTester>
#include <QDateTime>
#include <QFont>
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
    void theColumnsComeInTheOrderAnOperatorScansThem();
    void aCallRowSumsItsCallUp();
    void aParkedCallRunsPark();
    void anEndedRowSaysWhyItEnded();
    void theOperatorsOwnListenLegReadsAsTheirs();
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

void TestCallRows::theColumnsComeInTheOrderAnOperatorScansThem()
{
    Hub hub;
    CallsModel model(&hub);
    QStringList titles;
    for (int c = 0; c < model.columnCount(); ++c)
        titles.append(model.headerData(c, Qt::Horizontal, Qt::DisplayRole).toString());
    QCOMPARE(titles.mid(0, 6), (QStringList{u"State"_s, u"Duration"_s, u"Caller"_s, u"Number"_s,
                                            u"Destination"_s, u"Answered by"_s}));
    QVERIFY(titles.contains(u"Server"_s));
    QCOMPARE(int(CallsModel::State), 0);
    QCOMPARE(int(CallsModel::Duration), 1);
}

void TestCallRows::aCallRowSumsItsCallUp()
{
    UiSim sim;
    Hub hub;
    Monitor::ServerMonitor *m = sim.watch(hub, u"pbx1"_s);
    QVERIFY(m);
    CallsModel model(&hub);
    QAbstractItemModelTester tester(&model, kTester);
    const ChannelKey a{m->id(), sim.call(u"Alice"_s, u"1001"_s, u"2002"_s)};
    QVERIFY(QTest::qWaitFor(
        [&] {
            return stateOfCall(model, a) == u"active" &&
                   model.rowCount(model.callIndexOf(a)) == 2 &&
                   !cell(model, model.callIndexOf(a), CallsModel::AnsweredBy).toString().isEmpty();
        },
        kWait));
    QModelIndex call = model.callIndexOf(a);
    QCOMPARE(cell(model, call, CallsModel::CallerName).toString(), u"Alice"_s);
    QCOMPARE(cell(model, call, CallsModel::CallerNumber).toString(), u"1001"_s);
    QCOMPARE(cell(model, call, CallsModel::Destination).toString(), u"2002"_s);
    QCOMPARE(cell(model, call, CallsModel::AnsweredBy).toString(), u"2002"_s);
    QCOMPARE(cell(model, call, CallsModel::CallerName, Qt::ToolTipRole).toString(),
             u"Alice <1001> → 2002"_s);
    // The B leg's row: it was answered by whoever is on it.
    const QString b = model.legsOfCall(call).at(1);
    QCOMPARE(cell(model, model.indexOf({m->id(), b}), CallsModel::AnsweredBy).toString(),
             u"2002"_s);
    // A recording on the B leg shows on the call's row.
    QVERIFY(cell(model, call, CallsModel::Recording).toString().isEmpty());
    sim.sw->api(u"uuid_record "_s + b + u" start /tmp/b.wav"_s);
    QVERIFY(QTest::qWaitFor(
        [&] { return cell(model, model.callIndexOf(a), CallsModel::Recording) == u"●"_s; }, kWait));
    QVERIFY(cell(model, model.callIndexOf(a), CallsModel::Recording, Ui::RawValueRole).toBool());
    QVERIFY(cell(model, model.indexOf(a), CallsModel::Recording).toString().isEmpty());
    // Who answered is still said once the call ended.
    sim.sw->api(u"uuid_kill "_s + a.uuid);
    QVERIFY(QTest::qWaitFor([&] { return stateOfCall(model, a).startsWith(u"ended"_s); }, kWait));
    QCOMPARE(cell(model, model.callIndexOf(a), CallsModel::AnsweredBy).toString(), u"2002"_s);
}

void TestCallRows::aParkedCallRunsPark()
{
    UiSim sim;
    Hub hub;
    Monitor::ServerMonitor *m = sim.watch(hub, u"pbx1"_s);
    QVERIFY(m);
    CallsModel model(&hub);
    QAbstractItemModelTester tester(&model, kTester);
    const ChannelKey a{m->id(), sim.call(u"Dan"_s)};
    QVERIFY(QTest::qWaitFor([&] { return stateOfCall(model, a) == u"active"; }, kWait));
    QCOMPARE(cell(model, model.callIndexOf(a), CallsModel::Application).toString(), u"bridge"_s);
    sim.sw->api(u"uuid_park "_s + a.uuid);
    QVERIFY(QTest::qWaitFor([&] { return stateOfCall(model, a) == u"parked"; }, kWait));
    // The switch's events still name the bridge it ran before; the row says what it does now.
    QCOMPARE(m->channels()->channel(a.uuid)->application, u"bridge"_s);
    QCOMPARE(cell(model, model.callIndexOf(a), CallsModel::Application).toString(), u"park"_s);
    QCOMPARE(cell(model, model.indexOf(a), CallsModel::Application).toString(), u"park"_s);
    QVERIFY(cell(model, model.indexOf(a), CallsModel::Application, Qt::ToolTipRole)
                .toString()
                .startsWith(u"park"_s));
}

void TestCallRows::anEndedRowSaysWhyItEnded()
{
    UiSim sim;
    Hub hub;
    Monitor::ServerMonitor *m = sim.watch(hub, u"pbx1"_s);
    QVERIFY(m);
    CallsModel model(&hub);
    QAbstractItemModelTester tester(&model, kTester);
    const ChannelKey a{m->id(), sim.call(u"Eve"_s)};
    const ChannelKey b{m->id(), sim.call(u"Fay"_s)};
    QVERIFY(QTest::qWaitFor(
        [&] { return stateOfCall(model, a) == u"active" && stateOfCall(model, b) == u"active"; },
        kWait));
    sim.sw->api(u"uuid_kill "_s + a.uuid + u" USER_BUSY"_s);
    sim.sw->api(u"uuid_kill "_s + b.uuid);
    QVERIFY(QTest::qWaitFor(
        [&] {
            return stateOfCall(model, a) == u"ended (USER_BUSY)" &&
                   stateOfCall(model, b) == u"ended (NORMAL_CLEARING)";
        },
        kWait));
    QCOMPARE(cell(model, model.indexOf(a), CallsModel::State).toString(), u"ended (USER_BUSY)"_s);
}

void TestCallRows::theOperatorsOwnListenLegReadsAsTheirs()
{
    UiSim sim;
    Hub hub;
    Monitor::ServerMonitor *m = sim.watch(hub, u"pbx1"_s);
    QVERIFY(m);
    Console::AppSettings settings;
    settings.operatorEndpoint = u"user/1000"_s;
    CallsModel model(&hub);
    model.followSettings(&settings);
    QAbstractItemModelTester tester(&model, kTester);
    const ChannelKey a{m->id(), sim.call(u"Gil"_s, u"1007"_s, u"2002"_s)};
    QVERIFY(QTest::qWaitFor([&] { return stateOfCall(model, a) == u"active"; }, kWait));
    Console::CallControl control(&hub);
    control.eavesdrop(a, Console::CallControl::Eavesdrop::Listen, settings.operatorEndpoint);
    // The operator's leg: a call of its own, running eavesdrop on Gil's leg.
    QModelIndex own;
    QVERIFY(QTest::qWaitFor(
        [&] {
            for (int r = 0; r < model.rowCount(); ++r) {
                const QModelIndex row = model.index(r, 0);
                const Monitor::Channel *c = model.channel(row);
                if (c && c->application == u"eavesdrop") {
                    own = row;
                    return true;
                }
            }
            return false;
        },
        kWait));
    QVERIFY(model.data(own, Ui::IsOwnLegRole).toBool());
    QCOMPARE(cell(model, own, CallsModel::CallerName).toString(), u"You, listening"_s);
    QCOMPARE(cell(model, own, CallsModel::Application).toString(), u"listening to Gil <1007>"_s);
    QVERIFY(cell(model, own, CallsModel::CallerName, Qt::FontRole).value<QFont>().bold());
    QVERIFY(cell(model, own, CallsModel::CallerName, Qt::ToolTipRole)
                .toString()
                .startsWith(u"Your own phone (user/1000)"_s));
    // Gil's call is not the operator's.
    QVERIFY(!model.data(model.callIndexOf(a), Ui::IsOwnLegRole).toBool());
    QCOMPARE(cell(model, model.callIndexOf(a), CallsModel::CallerName).toString(), u"Gil"_s);
    // Another operator's phone is not theirs.
    settings.operatorEndpoint = u"user/1001"_s;
    QVERIFY(!model.data(own, Ui::IsOwnLegRole).toBool());
    QCOMPARE(cell(model, own, CallsModel::CallerName).toString(), u"Listen"_s);
}

QTEST_MAIN(TestCallRows)
#include "tst_callrows.moc"
