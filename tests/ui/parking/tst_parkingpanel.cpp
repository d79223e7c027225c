// The Parking panel against the simulated switch through a real Event Socket: every action
// sends the exact command the switch received (the outcome's command, the simulator's lots) and
// the panel follows; `eslcat parking --once` prints what the panel shows.

#include "console/callcontrol.h"
#include "monitor/parkingstore.h"
#include "monitor/servermonitor.h"
#include "sim/simvalet.h"
#include "support/uisim.h"
#include "ui/parking/parkingdialogs.h"
#include "ui/parking/parkingmodel.h"
#include "ui/parking/parkingpanel.h"
#include "ui/window/noticebar.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineEdit>
#include <QLoggingCategory>
#include <QProcess>
#include <QPushButton>
#include <QSignalSpy>
#include <QTreeView>

using namespace Qt::StringLiterals;
using TestSupport::UiSim;

namespace {

Console::ActionOutcome outcomeOf(QFuture<Console::ActionOutcome> future)
{
    if (!QTest::qWaitFor([&] { return future.isFinished(); }, TestSupport::kWait))
        return {};
    return future.result();
}

QList<QJsonObject> eslcatParking(quint16 port)
{
    QProcess eslcat;
    eslcat.start(QStringLiteral(ESLCAT_PATH),
                 {u"parking"_s, u"--port"_s, QString::number(port), u"--once"_s});
    QList<QJsonObject> rows;
    if (!QTest::qWaitFor([&] { return eslcat.state() == QProcess::NotRunning; }, 30000))
        return rows;
    for (const QByteArray &line : eslcat.readAllStandardOutput().split('\n')) {
        if (!line.isEmpty())
            rows.append(QJsonDocument::fromJson(line).object());
    }
    return rows;
}

QString waitingCall(UiSim &sim, const char *name, const char *number)
{
    Sim::Switch::CallSpec spec;
    spec.callerName = QString::fromUtf8(name);
    spec.callerNumber = QString::fromUtf8(number);
    spec.bridge = false; // answered and waiting, as a call an operator parks
    return sim.sw->placeCall(spec);
}

} // namespace

class TestParkingPanel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QLoggingCategory::setFilterRules(u"esl.inbound.debug=false\nmonitor.info=false"_s);
    }

    void parksRetrievesAndHangsUpThroughThePanel()
    {
        UiSim sim;
        Monitor::Hub hub;
        Monitor::ServerMonitor *m = sim.watch(hub, u"pbx"_s);
        QVERIFY(m);
        Console::CallControl control(&hub);
        Ui::NoticeBar notices;
        Ui::ParkingPanel panel(Ui::PanelContext{&hub, &control, nullptr, &notices});
        panel.resize(1000, 250);
        panel.show();
        QSignalSpy titles(&panel, &Ui::ParkingPanel::titleChanged);
        Monitor::ParkingStore *store = m->panels()->parking();
        QTRY_COMPARE_WITH_TIMEOUT(store->syncState(), Monitor::PanelSyncState::Synced, TestSupport::kWait);

        // Park a waiting call in valet_parking_lot 6001.
        const QString alice = waitingCall(sim, "Alice", "1000");
        QTRY_VERIFY_WITH_TIMEOUT(m->channels()->channel(alice), TestSupport::kWait);
        Console::ActionOutcome o = outcomeOf(panel.parkCall({m->id(), alice}, u"valet_parking_lot"_s, u"6001"_s));
        QVERIFY2(o.ok, qPrintable(o.reply));
        QCOMPARE(o.command, u"api uuid_transfer %1 'valet_park:valet_parking_lot 6001' inline"_s.arg(alice));
        QTRY_COMPARE_WITH_TIMEOUT(sim.sw->valet()->parked().value(u"valet_parking_lot/6001"_s), alice,
                                  TestSupport::kWait);
        Ui::ParkingModel *model = panel.model();
        QTRY_VERIFY_WITH_TIMEOUT(model->indexOfSlot(m->id(), u"valet_parking_lot"_s, u"6001"_s).isValid(),
                                 TestSupport::kWait);
        const QModelIndex row = model->indexOfSlot(m->id(), u"valet_parking_lot"_s, u"6001"_s);
        QCOMPARE(model->data(row.siblingAtColumn(Ui::ParkingModel::CallerColumn), Qt::DisplayRole).toString(),
                 u"Alice (1000)"_s);
        QCOMPARE(model->data(row.siblingAtColumn(Ui::ParkingModel::ChannelColumn), Qt::DisplayRole).toString(),
                 alice);
        QCOMPARE(panel.title(), u"&Parking (1)"_s);
        QVERIFY(!titles.isEmpty());
        QCOMPARE(titles.last().at(0).toString(), u"&Parking (1)"_s);

        // A taken slot is refused before anything is sent.
        const QString bob = waitingCall(sim, "Bob", "1001");
        QTRY_VERIFY_WITH_TIMEOUT(m->channels()->channel(bob), TestSupport::kWait);
        o = outcomeOf(panel.parkCall({m->id(), bob}, u"valet_parking_lot"_s, u"6001"_s));
        QVERIFY(o.refused());
        QVERIFY2(o.reply.contains(u"taken by Alice"_s), qPrintable(o.reply));
        QCOMPARE(sim.sw->valet()->parked().size(), 1);

        // eslcat parking prints what the panel shows.
        o = outcomeOf(panel.parkCall({m->id(), bob}, u"valet_parking_lot"_s, u"6002"_s));
        QVERIFY2(o.ok, qPrintable(o.reply));
        QTRY_COMPARE_WITH_TIMEOUT(model->parkedCount(), 2, TestSupport::kWait);
        const QList<QJsonObject> rows = eslcatParking(sim.server->serverPort());
        QCOMPARE(rows.size(), model->rowCount());
        for (int r = 0; r < rows.size(); ++r) {
            const QModelIndex lotRow = model->index(r, 0);
            QCOMPARE(rows[r].value(u"lot").toString(), model->data(lotRow, Qt::DisplayRole).toString());
            const QJsonArray slots = rows[r].value(u"slots").toArray();
            QCOMPARE(slots.size(), model->rowCount(lotRow));
            for (int s = 0; s < slots.size(); ++s) {
                const QJsonObject slot = slots[s].toObject();
                const QModelIndex slotRow = model->index(s, 0, lotRow);
                QCOMPARE(slot.value(u"extension").toString(), model->data(slotRow, Qt::DisplayRole).toString());
                QCOMPARE(slot.value(u"uuid").toString(), model->data(slotRow, Qt::UserRole).toString());
                QCOMPARE(u"%1 (%2)"_s.arg(slot.value(u"callerName").toString(),
                                          slot.value(u"callerNumber").toString()),
                         model->data(slotRow.siblingAtColumn(Ui::ParkingModel::CallerColumn), Qt::DisplayRole)
                             .toString());
            }
        }

        // Retrieve Alice to 2000: the parked call is transferred there, its slot frees.
        QVERIFY(panel.selectSlot(m->id(), u"valet_parking_lot"_s, u"6001"_s));
        QVERIFY(panel.retrieveAction()->isEnabled());
        o = outcomeOf(panel.retrieveSelected(u"2000"_s));
        QVERIFY2(o.ok, qPrintable(o.reply));
        QCOMPARE(o.command, u"api uuid_transfer %1 2000 XML default"_s.arg(alice));
        QTRY_VERIFY_WITH_TIMEOUT(!sim.sw->valet()->parked().contains(u"valet_parking_lot/6001"_s),
                                 TestSupport::kWait);
        QTRY_VERIFY_WITH_TIMEOUT(!model->indexOfSlot(m->id(), u"valet_parking_lot"_s, u"6001"_s).isValid(),
                                 TestSupport::kWait);
        QCOMPARE(panel.title(), u"&Parking (1)"_s);

        // Hang up Bob.
        QVERIFY(panel.selectSlot(m->id(), u"valet_parking_lot"_s, u"6002"_s));
        o = outcomeOf(panel.hangupSelected());
        QVERIFY2(o.ok, qPrintable(o.reply));
        QCOMPARE(o.command, u"api uuid_kill %1"_s.arg(bob));
        QTRY_VERIFY_WITH_TIMEOUT(!sim.sw->hasChannel(bob), TestSupport::kWait);
        QTRY_COMPARE_WITH_TIMEOUT(model->parkedCount(), 0, TestSupport::kWait);
        QCOMPARE(panel.title(), u"&Parking"_s);
        // The lot stays, empty, as valet_info lists it.
        QVERIFY(model->indexOfLot(m->id(), u"valet_parking_lot"_s).isValid());
        // The notice strip told each outcome.
        QVERIFY(!notices.history().isEmpty());
    }

    void aLinkDownGreysTheLots()
    {
        UiSim sim;
        Monitor::Hub hub;
        Monitor::ServerMonitor *m = sim.watch(hub, u"pbx"_s);
        QVERIFY(m);
        Console::CallControl control(&hub);
        Ui::ParkingPanel panel(Ui::PanelContext{&hub, &control, nullptr, nullptr});
        const QString carol = waitingCall(sim, "Carol", "1002");
        // Once the switch has answered it (and parked it, waiting for an operator).
        QTRY_VERIFY_WITH_TIMEOUT(sim.sw->channelData(carol).value("Answer-State") == "answered",
                                 TestSupport::kWait);
        QCOMPARE(sim.sw->api(u"uuid_transfer %1 6005"_s.arg(carol)), QByteArray("+OK\n"));
        QTRY_COMPARE_WITH_TIMEOUT(panel.model()->parkedCount(), 1, TestSupport::kWait);
        sim.server.reset(); // the switch goes away
        QTRY_VERIFY_WITH_TIMEOUT(m->panels()->parking()->isStale(), TestSupport::kWait);
        QTRY_VERIFY_WITH_TIMEOUT(panel.model()->lots().value(0).stale, TestSupport::kWait);
        const QModelIndex row = panel.model()->indexOfSlot(m->id(), u"valet_parking_lot"_s, u"6005"_s);
        QVERIFY(panel.model()
                    ->data(row.siblingAtColumn(Ui::ParkingModel::ParkedForColumn), Qt::DisplayRole)
                    .toString()
                    .startsWith(u"unknown since "_s));
        QVERIFY(panel.selectSlot(m->id(), u"valet_parking_lot"_s, u"6005"_s));
        QVERIFY(!panel.retrieveAction()->isEnabled());
    }

    void theDialogsCheckBeforeSending()
    {
        Ui::RetrieveDialog retrieve(u"Alice"_s);
        auto *ok = retrieve.findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
        QVERIFY(!ok->isEnabled());
        retrieve.extensionField()->setText(u"10 01"_s);
        QVERIFY(!ok->isEnabled());
        QVERIFY(retrieve.problem().contains(u"spaces"_s));
        retrieve.extensionField()->setText(u"1001"_s);
        QVERIFY(ok->isEnabled());

        Ui::ParkDialog park(
            u"Bob"_s, {u"valet_parking_lot"_s, u"sales"_s},
            [](const QString &lot, const QString &slot) -> std::optional<QString> {
                if (lot == u"valet_parking_lot" && slot == u"6001")
                    return u"Alice (1000)"_s;
                return std::nullopt;
            },
            [](const QString &lot) { return lot == u"sales" ? u"1"_s : u"6001"_s; });
        auto *parkOk = park.findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
        QCOMPARE(park.slot(), u"6001"_s);
        QVERIFY(!parkOk->isEnabled());
        QVERIFY(park.problem().contains(u"taken by Alice (1000)"_s));
        park.slotField()->setText(u"6002"_s);
        QVERIFY(parkOk->isEnabled());
        park.slotField()->setText(u"60a"_s);
        QVERIFY(!parkOk->isEnabled());
        park.lotField()->setCurrentText(u"my lot"_s);
        QVERIFY(!parkOk->isEnabled());
        QVERIFY(park.problem().contains(u"spaces"_s));
        park.lotField()->setCurrentIndex(1);
        QCOMPARE(park.slot(), u"1"_s);
        QVERIFY(parkOk->isEnabled());
    }
};

QTEST_MAIN(TestParkingPanel)
#include "tst_parkingpanel.moc"
