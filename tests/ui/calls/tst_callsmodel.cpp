// The calls model against a hub watching a simulated switch over 127.0.0.1: calls appear, ring,
// are answered and bridged, held, ended (faded, then gone), legs move when calls are transferred
// and re-bridged, zombies are marked, header columns fill in, durations sort as numbers, servers
// — and a QAbstractItemModelTester watches every signal on the way. (Busy traffic and servers
// coming and going: tst_callsmodeltraffic.cpp.)

#include "support/uisim.h"

#include "ui/calls/callpresentation.h"
#include "ui/calls/callsmodel.h"

#include <QAbstractItemModelTester>
#include <QFont>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
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

QString stateOfCall(const CallsModel &model, const Monitor::ChannelKey &leg)
{
    return cell(model, model.callIndexOf(leg), CallsModel::State).toString();
}

} // namespace

class TestCallsModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void showsACallThatRingsIsAnsweredAndBridged();
    void showsAHeldCallInTheHeldColours();
    void fadesAnEndedCallAndRemovesItAfterTheRetention();
    void ticksTheLastCallsLegsAndAFadingLegsOwnRowThroughAProxyToo();
    void movesLegsBetweenCallsOnTransferAndBridge();
    void groupsALegWithAFirstLegThatArrivesAfterIt();
    void marksZombiesAfterAReconcile();
    void showsAChannelHeaderAsAColumn();
    void sortsDurationsNumericallyThroughAProxy();
};

void TestCallsModel::showsACallThatRingsIsAnsweredAndBridged()
{
    UiSim sim(1500); // a long ring, to see it
    Hub hub;
    Monitor::ServerMonitor *m = sim.watch(hub, u"pbx1"_s);
    QVERIFY(m);
    CallsModel model(&hub);
    QAbstractItemModelTester tester(&model, kTester);
    const QString a = sim.call(u"Alice"_s, u"1001"_s, u"2002"_s);
    const Monitor::ChannelKey aKey{m->id(), a};
    QVERIFY(QTest::qWaitFor([&] { return model.callIndexOf(aKey).isValid(); }, kWait));
    QModelIndex call = model.callIndexOf(aKey);
    QCOMPARE(stateOfCall(model, aKey), u"ringing"_s);
    QCOMPARE(cell(model, call, CallsModel::State, Qt::ForegroundRole).value<QColor>(),
             P::stateForeground(P::State::Ringing));
    QCOMPARE(cell(model, call, CallsModel::State, Qt::BackgroundRole).value<QColor>(),
             P::stateBackground(P::State::Ringing));
    QCOMPARE(cell(model, call, CallsModel::CallerName).toString(), u"Alice"_s);
    QCOMPARE(cell(model, call, CallsModel::CallerNumber).toString(), u"1001"_s);
    QCOMPARE(cell(model, call, CallsModel::Destination).toString(), u"2002"_s);
    QCOMPARE(cell(model, call, CallsModel::Direction).toString(), u"inbound"_s);
    QCOMPARE(cell(model, call, CallsModel::Server).toString(), u"pbx1"_s);
    QVERIFY(model.data(call, Ui::IsCallRole).toBool());
    QCOMPARE(model.data(call, Ui::CallKeyRole).toString(), a);

    // Answered and bridged: one call, two legs.
    QVERIFY(QTest::qWaitFor(
        [&] {
            return stateOfCall(model, aKey) == u"active" &&
                   model.rowCount(model.callIndexOf(aKey)) == 2 &&
                   !cell(model, model.callIndexOf(aKey), CallsModel::BridgedParty)
                        .toString()
                        .isEmpty();
        },
        kWait));
    QCOMPARE(model.rowCount(), 1);
    call = model.callIndexOf(aKey);
    const QStringList legs = model.legsOfCall(call);
    QCOMPARE(legs.size(), 2);
    QCOMPARE(legs.first(), a);
    const QString b = legs.at(1);
    QCOMPARE(m->channels()->channel(a)->bridgedTo, b);
    const QModelIndex bRow = model.indexOf({m->id(), b});
    QCOMPARE(bRow.parent(), call.siblingAtColumn(0));
    QCOMPARE(model.channelAt(bRow), (Monitor::ChannelKey{m->id(), b}));
    QCOMPARE(model.channelAt(call), aKey);
    QCOMPARE(model.data(bRow, Ui::CallKeyRole).toString(), a);
    QVERIFY(!model.data(bRow, Ui::IsCallRole).toBool());
    // Whom each leg talks to: the A leg reached 2002, the B leg has Alice on the line.
    QCOMPARE(cell(model, call, CallsModel::BridgedParty).toString(), u"2002"_s);
    QCOMPARE(cell(model, bRow, CallsModel::BridgedParty).toString(), u"Alice <1001>"_s);
    QCOMPARE(cell(model, call, CallsModel::Codec).toString(), u"PCMU"_s);
    QCOMPARE(cell(model, call, CallsModel::Application).toString(), u"bridge"_s);
    QVERIFY(cell(model, call, CallsModel::Application, Qt::ToolTipRole)
                .toString()
                .startsWith(u"bridge(sofia/external/2002"_s));
    QCOMPARE(cell(model, call, CallsModel::Duration, Ui::RawValueRole).typeId(),
             QMetaType::LongLong);

    // The duration ticks: dataChanged on that column alone.
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QVERIFY(QTest::qWaitFor(
        [&] {
            for (const auto &args : changed) {
                const auto from = args.at(0).value<QModelIndex>();
                const auto to = args.at(1).value<QModelIndex>();
                if (from.column() == CallsModel::Duration && to.column() == CallsModel::Duration)
                    return true;
            }
            return false;
        },
        kWait));

    // Recording shows as a dot.
    sim.sw->api(u"uuid_record "_s + a + u" start /tmp/alice.wav"_s);
    QVERIFY(QTest::qWaitFor(
        [&] { return cell(model, model.callIndexOf(aKey), CallsModel::Recording) == u"●"_s; },
        kWait));
    QCOMPARE(cell(model, model.callIndexOf(aKey), CallsModel::Recording, Qt::ToolTipRole),
             u"/tmp/alice.wav"_s);

    // Flat: one row per channel.
    model.setLayout(CallsModel::Layout::Flat);
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.rowCount(model.index(0, 0)), 0);
    QSet<QString> uuids;
    for (int row = 0; row < 2; ++row) {
        uuids.insert(model.data(model.index(row, 0), Ui::UuidRole).toString());
        QCOMPARE(model.data(model.index(row, 0), Ui::CallKeyRole).toString(), a);
    }
    QCOMPARE(uuids, (QSet<QString>{a, b}));
    QCOMPARE(model.legsOfCall(model.indexOf({m->id(), b})), legs);
}

void TestCallsModel::showsAHeldCallInTheHeldColours()
{
    UiSim sim;
    Hub hub;
    Monitor::ServerMonitor *m = sim.watch(hub, u"pbx1"_s);
    QVERIFY(m);
    CallsModel model(&hub);
    QAbstractItemModelTester tester(&model, kTester);
    const QString a = sim.call(u"Bob"_s);
    const Monitor::ChannelKey aKey{m->id(), a};
    QVERIFY(QTest::qWaitFor([&] { return stateOfCall(model, aKey) == u"active"; }, kWait));
    sim.sw->api(u"uuid_hold "_s + a);
    QVERIFY(QTest::qWaitFor([&] { return stateOfCall(model, aKey) == u"held"; }, kWait));
    const QModelIndex leg = model.indexOf(aKey);
    QCOMPARE(cell(model, leg, CallsModel::State).toString(), u"held"_s);
    QCOMPARE(cell(model, leg, CallsModel::State, Qt::ForegroundRole).value<QColor>(),
             P::stateForeground(P::State::Held));
    QCOMPARE(cell(model, leg, CallsModel::State, Qt::BackgroundRole).value<QColor>(),
             P::stateBackground(P::State::Held));
    QVERIFY(P::stateBackground(P::State::Held) != P::stateBackground(P::State::Active));
    sim.sw->api(u"uuid_hold off "_s + a);
    QVERIFY(QTest::qWaitFor([&] { return stateOfCall(model, aKey) == u"active"; }, kWait));
}

void TestCallsModel::fadesAnEndedCallAndRemovesItAfterTheRetention()
{
    UiSim sim;
    Hub hub;
    Monitor::ServerMonitor *m = sim.watch(hub, u"pbx1"_s, 2500);
    QVERIFY(m);
    CallsModel model(&hub);
    QAbstractItemModelTester tester(&model, kTester);
    const QString a = sim.call(u"Carol"_s);
    const Monitor::ChannelKey aKey{m->id(), a};
    QVERIFY(QTest::qWaitFor([&] { return stateOfCall(model, aKey) == u"active"; }, kWait));
    QCOMPARE(model.data(model.callIndexOf(aKey), Ui::FadeRole).toReal(), 1.0);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    sim.sw->api(u"uuid_kill "_s + a + u" USER_BUSY"_s);
    QVERIFY(
        QTest::qWaitFor([&] { return stateOfCall(model, aKey) == u"ended · USER_BUSY"; }, kWait));
    const QModelIndex call = model.callIndexOf(aKey);
    QVERIFY(model.data(call, Ui::IsEndedRole).toBool());
    QVERIFY(model.data(model.indexOf(aKey), Ui::IsEndedRole).toBool());
    QCOMPARE(cell(model, call, CallsModel::State, Qt::ToolTipRole).toString(),
             u"ended: USER_BUSY"_s);
    // It fades with the tick, then expires with the store.
    QVERIFY(QTest::qWaitFor(
        [&] {
            const qreal fade = model.data(model.callIndexOf(aKey), Ui::FadeRole).toReal();
            return fade > 0.0 && fade < 1.0;
        },
        kWait));
    QVERIFY(QTest::qWaitFor(
        [&] {
            for (const auto &args : changed) {
                if (args.at(2).value<QList<int>>().contains(Ui::FadeRole))
                    return true;
            }
            return false;
        },
        kWait));
    QVERIFY(cell(model, call, CallsModel::CallerName, Qt::ForegroundRole).value<QColor>().alphaF() <
            1.0);
    QVERIFY(QTest::qWaitFor([&] { return model.rowCount() == 0; }, kWait));
    QVERIFY(!model.callIndexOf(aKey).isValid());
}

// A tree view repaints the bounding rectangle of the rows a ranged dataChanged names, so the tick's
// signal for the top-level rows leaves the legs below the last call frozen (0:00, never fading)
// unless they are named too; the proxy behind the quick filter passes on only what it is told.
void TestCallsModel::ticksTheLastCallsLegsAndAFadingLegsOwnRowThroughAProxyToo()
{
    UiSim sim;
    Hub hub;
    Monitor::ServerMonitor *m = sim.watch(hub, u"pbx1"_s, 10000);
    QVERIFY(m);
    CallsModel model(&hub);
    model.setTickInterval(100);
    QSortFilterProxyModel proxy;
    proxy.setSourceModel(&model);
    QAbstractItemModelTester tester(&proxy, kTester);
    const Monitor::ChannelKey first{m->id(), sim.call(u"Kim"_s)};
    // Two calls created in the same millisecond are ordered by uuid: let the first be listed.
    QVERIFY(QTest::qWaitFor([&] { return model.callIndexOf(first).isValid(); }, kWait));
    const Monitor::ChannelKey last{m->id(), sim.call(u"Lee"_s)};
    const auto bridged = [&](const Monitor::ChannelKey &key) {
        return stateOfCall(model, key) == u"active" && model.rowCount(model.callIndexOf(key)) == 2;
    };
    QVERIFY(QTest::qWaitFor([&] { return bridged(first) && bridged(last); }, kWait));
    QCOMPARE(model.callIndexOf(last).row(), model.rowCount() - 1);
    const auto proxyCall = [&](const Monitor::ChannelKey &key) {
        const QModelIndex call = proxy.mapFromSource(model.callIndexOf(key));
        (void)proxy.rowCount(call); // as an expanded view asks: the proxy maps the legs
        return call;
    };
    QCOMPARE(proxy.rowCount(proxyCall(last)), 2);
    QCOMPARE(proxy.rowCount(proxyCall(first)), 2);

    // Whether a signal in the spy names this cell for this role (the tick names its roles; a
    // flush's signals, for all roles, do not count).
    const auto names = [](const QSignalSpy &spy, const QModelIndex &parent, int row, int column,
                          int role) {
        for (const auto &args : spy) {
            const auto from = args.at(0).value<QModelIndex>();
            const auto to = args.at(1).value<QModelIndex>();
            const auto roles = args.at(2).value<QList<int>>();
            if (from.parent() == parent && from.row() <= row && row <= to.row() &&
                from.column() <= column && column <= to.column() && roles.contains(role))
                return true;
        }
        return false;
    };
    QSignalSpy modelChanged(&model, &QAbstractItemModel::dataChanged);
    QSignalSpy proxyChanged(&proxy, &QAbstractItemModel::dataChanged);
    QVERIFY(QTest::qWaitFor(
        [&] {
            return names(modelChanged, model.callIndexOf(last), 1, CallsModel::Duration,
                         Qt::DisplayRole) &&
                   names(proxyChanged, proxyCall(last), 1, CallsModel::Duration, Qt::DisplayRole);
        },
        kWait));

    // The first call ends: its call row fades, and so does its first leg's own row.
    sim.sw->api(u"uuid_kill "_s + first.uuid);
    QVERIFY(
        QTest::qWaitFor([&] { return stateOfCall(model, first).startsWith(u"ended"_s); }, kWait));
    QTest::qWait(300); // the flushes of the hang-up are over: what follows is the tick's
    modelChanged.clear();
    proxyChanged.clear();
    QVERIFY(QTest::qWaitFor(
        [&] {
            return names(modelChanged, model.callIndexOf(first), 0, CallsModel::CallerName,
                         Ui::FadeRole) &&
                   names(proxyChanged, proxyCall(first), 0, CallsModel::CallerName, Ui::FadeRole);
        },
        kWait));
    QVERIFY(model.data(model.indexOf(first), Ui::FadeRole).toReal() < 1.0);
}

void TestCallsModel::movesLegsBetweenCallsOnTransferAndBridge()
{
    UiSim sim;
    Hub hub;
    Monitor::ServerMonitor *m = sim.watch(hub, u"pbx1"_s);
    QVERIFY(m);
    CallsModel model(&hub);
    QAbstractItemModelTester tester(&model, kTester);
    const Monitor::ServerId id = m->id();
    const QString a1 = sim.call(u"Dan"_s);
    const QString a2 = sim.call(u"Eve"_s);
    const QString a3 = sim.call(u"Fay"_s);
    QVERIFY(QTest::qWaitFor(
        [&] {
            for (const QString &a : {a1, a2, a3}) {
                if (model.legsOfCall(model.callIndexOf({id, a})).size() != 2 ||
                    stateOfCall(model, {id, a}) != u"active")
                    return false;
            }
            return true;
        },
        kWait));
    const QString b1 = model.legsOfCall(model.callIndexOf({id, a1})).at(1);

    // A transfer to an extension: a new B leg joins the call, the old one is on its own.
    sim.sw->api(u"uuid_transfer "_s + a1 + u" 2003 XML default"_s);
    QVERIFY(QTest::qWaitFor(
        [&] {
            const QStringList legs = model.legsOfCall(model.callIndexOf({id, a1}));
            return legs.size() == 2 && !legs.contains(b1) &&
                   model.data(model.indexOf({id, b1}), Ui::CallKeyRole).toString() == b1;
        },
        kWait));
    QVERIFY(model.indexOf({id, b1}).parent() != model.callIndexOf({id, a1}));
    QCOMPARE(model.legsOfCall(model.indexOf({id, b1})), QStringList{b1});
    QCOMPARE(cell(model, model.callIndexOf({id, a1}), CallsModel::Destination).toString(),
             u"2003"_s);

    // Two A legs bridged together: the second call's A leg moves into the first's call.
    sim.sw->api(u"uuid_bridge "_s + a2 + u" "_s + a3);
    QVERIFY(QTest::qWaitFor(
        [&] {
            return model.legsOfCall(model.callIndexOf({id, a3})) == QStringList{a2, a3} &&
                   model.indexOf({id, a3}).parent() == model.callIndexOf({id, a2});
        },
        kWait));
    QCOMPARE(model.data(model.indexOf({id, a3}), Ui::CallKeyRole).toString(), a2);
    model.setLayout(CallsModel::Layout::Flat);
    QCOMPARE(model.data(model.indexOf({id, a3}), Ui::CallKeyRole).toString(), a2);
    QCOMPARE(model.rowCount(), m->channels()->size());
}

void TestCallsModel::groupsALegWithAFirstLegThatArrivesAfterIt()
{
    // Events can come out of order across a reconnect: a B leg whose Channel-Call-UUID names an
    // A leg not seen yet is a call of its own, until the A leg arrives. The B leg gets no event
    // then; the model has to know that it names the newcomer.
    UiSim sim;
    Hub hub;
    Monitor::ServerMonitor *m = sim.watch(hub, u"pbx1"_s);
    QVERIFY(m);
    CallsModel model(&hub);
    QAbstractItemModelTester tester(&model, kTester);
    const Monitor::ServerId id = m->id();
    const QString a = u"0a0a0a0a-0000-4000-8000-00000000000a"_s;
    const QString b = u"0b0b0b0b-0000-4000-8000-00000000000b"_s;
    const auto create = [&](const QString &uuid, const QString &callUuid) {
        Esl::HeaderList h = sim.sw->eventBase("CHANNEL_CREATE", "tst_callsmodel.cpp", "create", 1);
        h.append("Unique-ID", uuid.toLatin1());
        h.append("Channel-Call-UUID", callUuid.toLatin1());
        h.append("Caller-Caller-ID-Name", uuid.left(2).toLatin1());
        sim.sw->fire(Esl::Event(h, {}, false));
    };
    create(b, a);
    QVERIFY(QTest::qWaitFor([&] { return model.callIndexOf({id, b}).isValid(); }, kWait));
    QCOMPARE(model.legsOfCall(model.callIndexOf({id, b})), QStringList{b});
    model.setBatchInterval(10000); // from here on only flush() moves rows
    create(a, a);
    QVERIFY(QTest::qWaitFor([&] { return m->channels()->channel(a); }, kWait));
    model.flush();
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.legsOfCall(model.callIndexOf({id, a})), (QStringList{a, b}));
    QCOMPARE(model.indexOf({id, b}).parent(), model.callIndexOf({id, a}));
    QCOMPARE(model.data(model.indexOf({id, b}), Ui::CallKeyRole).toString(), a);
}

void TestCallsModel::marksZombiesAfterAReconcile()
{
    UiSim sim;
    Hub hub;
    Monitor::ServerMonitor *m = sim.watch(hub, u"pbx1"_s);
    QVERIFY(m);
    CallsModel model(&hub);
    QAbstractItemModelTester tester(&model, kTester);
    const QString a = sim.call(u"Gus"_s);
    const Monitor::ChannelKey aKey{m->id(), a};
    QVERIFY(QTest::qWaitFor([&] { return stateOfCall(model, aKey) == u"active"; }, kWait));
    // The switch restarts: its channels are gone without a word; the reconcile finds out.
    sim.sw->restart();
    sim.server->dropAll();
    QVERIFY(QTest::qWaitFor(
        [&] { return model.data(model.callIndexOf(aKey), Ui::IsZombieRole).toBool(); }, kWait));
    const QModelIndex call = model.callIndexOf(aKey);
    QVERIFY(model.data(model.indexOf(aKey), Ui::IsZombieRole).toBool());
    QCOMPARE(cell(model, call, CallsModel::State).toString(), u"zombie"_s);
    QVERIFY(cell(model, call, CallsModel::CallerName, Qt::FontRole).value<QFont>().italic());
    QVERIFY(cell(model, call, CallsModel::CallerName, Qt::ToolTipRole)
                .toString()
                .startsWith(u"zombie"_s));
}

void TestCallsModel::showsAChannelHeaderAsAColumn()
{
    UiSim sim;
    Hub hub;
    Monitor::ServerMonitor *m = sim.watch(hub, u"pbx1"_s);
    QVERIFY(m);
    CallsModel model(&hub);
    QAbstractItemModelTester tester(&model, kTester);
    QVERIFY(model.addHeaderColumn(u"variable_sip_user_agent"_s));
    QVERIFY(!model.addHeaderColumn(u"Variable_SIP_User_Agent"_s));
    const int column = CallsModel::FirstHeaderColumn;
    QCOMPARE(model.columnCount(), column + 1);
    QCOMPARE(model.headerData(column, Qt::Horizontal, Qt::DisplayRole).toString(),
             u"variable_sip_user_agent"_s);
    const QString a = sim.call(u"Hal"_s);
    QVERIFY(QTest::qWaitFor(
        [&] {
            return cell(model, model.indexOf({m->id(), a}), column).toString() ==
                   u"Switchboard-Sim/1.0"_s;
        },
        kWait));
    QVERIFY(model.removeHeaderColumn(u"variable_sip_user_agent"_s));
    QCOMPARE(model.columnCount(), int(CallsModel::FirstHeaderColumn));
}

void TestCallsModel::sortsDurationsNumericallyThroughAProxy()
{
    UiSim sim;
    Hub hub;
    Monitor::ServerMonitor *m = sim.watch(hub, u"pbx1"_s);
    QVERIFY(m);
    CallsModel model(&hub);
    model.setLayout(CallsModel::Layout::Flat);
    QSortFilterProxyModel proxy;
    proxy.setSourceModel(&model);
    proxy.setSortRole(Ui::RawValueRole);
    QAbstractItemModelTester tester(&proxy, kTester);
    const auto duration = [&](const QString &uuid) {
        return cell(model, model.indexOf({m->id(), uuid}), CallsModel::Duration, Ui::RawValueRole)
            .toLongLong();
    };
    // One call past a second, one just answered: as text "1100" would sort before "50".
    const QString older = sim.call(u"Ida"_s);
    QVERIFY(QTest::qWaitFor([&] { return duration(older) >= 1100; }, kWait));
    const QString newer = sim.call(u"Jon"_s);
    QVERIFY(QTest::qWaitFor(
        [&] {
            return stateOfCall(model, {m->id(), newer}) == u"active";
        },
        kWait));
    proxy.sort(CallsModel::Duration, Qt::AscendingOrder);
    QCOMPARE(proxy.rowCount(), 4);
    qint64 previous = -1;
    for (int row = 0; row < proxy.rowCount(); ++row) {
        const QVariant raw = proxy.index(row, CallsModel::Duration).data(Ui::RawValueRole);
        QCOMPARE(raw.typeId(), QMetaType::LongLong);
        QVERIFY(raw.toLongLong() >= previous);
        previous = raw.toLongLong();
    }
    const QModelIndex first = proxy.index(0, 0);
    QVERIFY(proxy.data(first, Ui::CallKeyRole).toString() == newer);
    QVERIFY(proxy.data(proxy.index(3, 0), Ui::CallKeyRole).toString() == older);
}

QTEST_MAIN(TestCallsModel)
#include "tst_callsmodel.moc"
