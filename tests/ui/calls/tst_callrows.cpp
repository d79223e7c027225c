// What the rows of the calls model say, against a hub watching simulated switches over
// 127.0.0.1: a server that is not live leaves its calls grey, "unknown since HH:MM:SS", their
// durations frozen (not green and counting); a zombie says so in a word, not a cut-off
// "active (zo…"; a call row sums its call up (who answered, a recording on any leg, "caller →
// callee") under columns in the order an operator scans them; a parked call's application is
// "park", an ended row says why it ended, and the operator's own listen leg reads as theirs; each
// server's colour marks its rows, and calls of two servers are in one order, by start. A
// QAbstractItemModelTester watches every signal on the way.

#include "support/uisim.h"

#include "console/appsettings.h"
#include "console/callcontrol.h"
#include "console/profile.h"
#include "ui/calls/callpresentation.h"
#include "ui/calls/callsmodel.h"

#include <QAbstractItemModelTester>
#include <QDateTime>
#include <QFont>
#include <QImage>
#include <QPixmap>
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
    void aZombieKeepsTheDurationItHadWhenItsServerWentAway();
    void aDurationNeverGoesBackWhenTheAnswerTimeComesLate();
    void theColumnsComeInTheOrderAnOperatorScansThem();
    void aCallRowSumsItsCallUp();
    void aParkedCallRunsPark();
    void anEndedRowSaysWhyItEnded();
    void theOperatorsOwnListenLegReadsAsTheirs();
    void eachServersColourMarksItsRows();
    void callsOfTwoServersAreInterleavedByStart();
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

void TestCallRows::aZombieKeepsTheDurationItHadWhenItsServerWentAway()
{
    UiSim sim;
    Hub hub;
    Monitor::ServerMonitor *m = sim.watch(hub, u"pbx1"_s);
    QVERIFY(m);
    CallsModel model(&hub);
    QAbstractItemModelTester tester(&model, kTester);
    const ChannelKey a{m->id(), sim.call(u"Ike"_s)};
    QVERIFY(QTest::qWaitFor([&] { return stateOfCall(model, a) == u"active"; }, kWait));
    QTest::qWait(1100);
    // The switch is killed: the row is "unknown since", its duration frozen.
    const quint16 port = sim.server->serverPort();
    sim.server->close();
    sim.server->dropAll();
    QVERIFY(QTest::qWaitFor([&] { return !m->link()->isLive(); }, kWait));
    const qint64 frozen =
        cell(model, model.callIndexOf(a), CallsModel::Duration, Ui::RawValueRole).toLongLong();
    const QString shown = cell(model, model.callIndexOf(a), CallsModel::Duration).toString();
    QVERIFY(frozen >= 1000);
    QTest::qWait(1500); // down for a while
    // It comes back without the call: a zombie, whose duration is what was last known of it.
    sim.sw->restart();
    QVERIFY(sim.server->listen(QHostAddress::LocalHost, port));
    QVERIFY(QTest::qWaitFor(
        [&] {
            return m->link()->isLive() && !m->isOutOfStep() &&
                   model.data(model.callIndexOf(a), Ui::IsZombieRole).toBool();
        },
        kWait));
    QTest::qWait(1100);
    const QModelIndex call = model.callIndexOf(a);
    QCOMPARE(cell(model, call, CallsModel::Duration, Ui::RawValueRole).toLongLong(), frozen);
    QCOMPARE(cell(model, call, CallsModel::Duration).toString(), shown);
    QCOMPARE(cell(model, model.indexOf(a), CallsModel::Duration, Ui::RawValueRole).toLongLong(),
             frozen);
}

void TestCallRows::aDurationNeverGoesBackWhenTheAnswerTimeComesLate()
{
    // A call that rang for two and a half seconds and was answered before the console connected:
    // the switch's list gives its creation time, not its answer time.
    UiSim sim(2500);
    const QString a = sim.call(u"Jan"_s);
    QTest::qWait(3200);
    Hub hub;
    Monitor::ServerMonitor *m = sim.watch(hub, u"pbx1"_s);
    QVERIFY(m);
    CallsModel model(&hub);
    QAbstractItemModelTester tester(&model, kTester);
    const ChannelKey key{m->id(), a};
    QVERIFY(QTest::qWaitFor([&] { return stateOfCall(model, key) == u"active"; }, kWait));
    QCOMPARE(m->channels()->channel(a)->answeredMs, 0);
    const auto duration = [&] {
        return cell(model, model.callIndexOf(key), CallsModel::Duration, Ui::RawValueRole)
            .toLongLong();
    };
    const qint64 before = duration();
    QVERIFY(before >= 3000);
    // An event with the answer time comes (a hold here; a Listen's media bug or a uuid_dump
    // bring it too): the duration goes on from where it was, it does not lose the ringing time.
    sim.sw->api(u"uuid_hold "_s + a);
    QVERIFY(QTest::qWaitFor([&] { return m->channels()->channel(a)->answeredMs > 0; }, kWait));
    model.flush();
    QVERIFY2(duration() >= before, qPrintable(u"%1 ms, then %2 ms"_s.arg(before).arg(duration())));
}

void TestCallRows::theColumnsComeInTheOrderAnOperatorScansThem()
{
    Hub hub;
    CallsModel model(&hub);
    QStringList titles;
    for (int c = 0; c < model.columnCount(); ++c)
        titles.append(model.headerData(c, Qt::Horizontal, Qt::DisplayRole).toString());
    QCOMPARE(titles.mid(0, 6), (QStringList{u"State"_s, u"Duration"_s, u"Caller"_s,
                                            u"Destination"_s, u"Answered by"_s, u"Number"_s}));
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
            return stateOfCall(model, a) == u"ended · USER_BUSY" &&
                   stateOfCall(model, b) == u"ended · NORMAL_CLEARING";
        },
        kWait));
    QCOMPARE(cell(model, model.indexOf(a), CallsModel::State).toString(), u"ended · USER_BUSY"_s);
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
    const ChannelKey later{m->id(), sim.call(u"Hap"_s, u"1008"_s, u"2003"_s)};
    QVERIFY(QTest::qWaitFor([&] { return stateOfCall(model, later) == u"active"; }, kWait));
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
    // Listed right under the call it listens to, not after the newer calls.
    QCOMPARE(own.row(), model.callIndexOf(a).row() + 1);
    QCOMPARE(model.callIndexOf(later).row(), own.row() + 1);
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

void TestCallRows::eachServersColourMarksItsRows()
{
    // The profile's colour reaches the monitor's profile.
    Console::Profile saved;
    saved.name = u"east"_s;
    saved.colour = QColor(0xd0, 0x40, 0x20);
    QCOMPARE(Console::toServerProfile(saved).colour, u"#d04020"_s);

    UiSim east;
    UiSim west;
    Hub hub;
    Monitor::ServerProfile profile = east.profile(u"east"_s);
    profile.colour = Console::toServerProfile(saved).colour;
    Monitor::ServerMonitor *e = hub.addServer(profile);
    e->start();
    QVERIFY(QTest::qWaitFor([&] { return e->link()->isLive() && !e->isOutOfStep(); }, kWait));
    CallsModel model(&hub);
    QAbstractItemModelTester tester(&model, kTester);
    const ChannelKey a{e->id(), east.call(u"Hal"_s)};
    QVERIFY(QTest::qWaitFor([&] { return model.callIndexOf(a).isValid(); }, kWait));
    QCOMPARE(
        cell(model, model.callIndexOf(a), CallsModel::Server, Qt::DecorationRole).value<QColor>(),
        QColor(0xd0, 0x40, 0x20));
    QCOMPARE(cell(model, model.indexOf(a), CallsModel::Server, Qt::DecorationRole).value<QColor>(),
             QColor(0xd0, 0x40, 0x20));
    // The text stays the palette's: a colour is a swatch, never the text's.
    QVERIFY(!cell(model, model.callIndexOf(a), CallsModel::Server, Qt::ForegroundRole).isValid());
    // One server: no bar in the first column.
    QVERIFY(cell(model, model.callIndexOf(a), CallsModel::State, Qt::DecorationRole).isNull());

    // A second server, without a colour of its own: one of the profile colours, another one.
    Monitor::ServerMonitor *w = west.watch(hub, u"west"_s);
    QVERIFY(w);
    const ChannelKey b{w->id(), west.call(u"Ida"_s)};
    QVERIFY(QTest::qWaitFor([&] { return model.callIndexOf(b).isValid(); }, kWait));
    const QColor westColour =
        cell(model, model.callIndexOf(b), CallsModel::Server, Qt::DecorationRole).value<QColor>();
    QCOMPARE(westColour.rgb(), Console::profileColour(int(w->id()) - 1).rgb());
    QVERIFY(westColour != QColor(0xd0, 0x40, 0x20));
    // Two servers: a bar of the server's colour starts each row.
    const QImage bar = cell(model, model.callIndexOf(a), CallsModel::State, Qt::DecorationRole)
                           .value<QPixmap>()
                           .toImage();
    QVERIFY(!bar.isNull());
    QCOMPARE(QColor(bar.pixel(1, 1)), QColor(0xd0, 0x40, 0x20));
    QCOMPARE(cell(model, model.callIndexOf(b), CallsModel::State, Qt::DecorationRole)
                 .value<QPixmap>()
                 .toImage()
                 .pixel(1, 1),
             westColour.rgb());
}

void TestCallRows::callsOfTwoServersAreInterleavedByStart()
{
    UiSim east;
    UiSim west;
    Hub hub;
    Monitor::ServerMonitor *e = east.watch(hub, u"east"_s);
    Monitor::ServerMonitor *w = west.watch(hub, u"west"_s);
    QVERIFY(e && w);
    CallsModel model(&hub);
    QAbstractItemModelTester tester(&model, kTester);
    model.setBatchInterval(60000); // only flush() applies what the stores have
    QList<ChannelKey> placed;
    for (int i = 0; i < 3; ++i) {
        placed.append({e->id(), east.call(u"East %1"_s.arg(i))});
        QTest::qWait(15);
        placed.append({w->id(), west.call(u"West %1"_s.arg(i))});
        QTest::qWait(15);
    }
    QVERIFY(QTest::qWaitFor(
        [&] {
            for (const ChannelKey &key : std::as_const(placed)) {
                const Monitor::ServerMonitor *m = key.server == e->id() ? e : w;
                if (!m->channels()->channel(key.uuid))
                    return false;
            }
            return true;
        },
        kWait));
    model.flush(); // one batch with both servers' calls in it
    QStringList order;
    for (int r = 0; r < model.rowCount(); ++r)
        order.append(cell(model, model.index(r, 0), CallsModel::CallerName).toString());
    QCOMPARE(order, (QStringList{u"East 0"_s, u"West 0"_s, u"East 1"_s, u"West 1"_s, u"East 2"_s,
                                 u"West 2"_s}));
}

QTEST_MAIN(TestCallRows)
#include "tst_callrows.moc"
