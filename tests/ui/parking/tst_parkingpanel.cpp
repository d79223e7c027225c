// The Parking panel against the simulated switch through a real Event Socket: every action
// sends the exact command the switch received (the outcome's command, the simulator's lots) and
// the panel follows; `eslcat parking --once` prints what the panel shows.

#include "console/callcontrol.h"
#include "monitor/bidi.h"
#include "monitor/parkingstore.h"
#include "monitor/servermonitor.h"
#include "sim/simvalet.h"
#include "support/uisim.h"
#include "ui/calls/callspanel.h"
#include "ui/calls/callsview.h"
#include "ui/parking/parkingdialogs.h"
#include "ui/parking/parkingmodel.h"
#include "ui/parking/parkingpanel.h"
#include "ui/window/noticebar.h"

#include <QApplication>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QLoggingCategory>
#include <QMessageBox>
#include <QProcess>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTimer>
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

// A call the switch parks in `slot` of valet_parking_lot by itself (valet_park in its dialplan).
QString parkedCall(UiSim &sim, const char *name, const char *number, const QString &slot)
{
    Sim::Switch::CallSpec spec;
    spec.callerName = QString::fromUtf8(name);
    spec.callerNumber = QString::fromUtf8(number);
    spec.bridge = false;
    spec.application = u"valet_park"_s;
    spec.applicationArgument = u"valet_parking_lot "_s + slot;
    return sim.sw->placeCall(spec);
}

// Runs `act` on the modal dialog once it is open (the panel's exec() is on the stack then).
template<typename Act>
void whenModal(Act act)
{
    auto *poll = new QTimer;
    poll->setInterval(10);
    QObject::connect(poll, &QTimer::timeout, poll, [poll, act] {
        if (QWidget *w = QApplication::activeModalWidget()) {
            poll->deleteLater();
            poll->stop();
            act(w);
        }
    });
    poll->start();
}

// The texts of a dialog's labels, joined: what it says it acts on.
QString labelsOf(const QWidget *w)
{
    QStringList texts;
    for (const QLabel *l : w->findChildren<QLabel *>())
        texts.append(l->text());
    return texts.join(u'\n');
}

// Selects `key`'s row in the calls view, as an operator clicks it.
bool selectCall(Ui::CallsPanel &calls, const Monitor::ChannelKey &key)
{
    QAbstractItemModel *model = calls.view()->model();
    for (int r = 0; r < model->rowCount(); ++r) {
        const QModelIndex row = model->index(r, 0);
        if (calls.channelAt(row) == key) {
            calls.view()->setCurrentIndex(row);
            return calls.currentChannel() == key;
        }
    }
    return false;
}

} // namespace

class TestParkingPanel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QLoggingCategory::setFilterRules(u"esl.inbound.debug=false\nmonitor.info=false"_s);
        // Hang up asks as the calls view does (AppSettings' confirmDestructive): the test's own
        // settings, never the operator's.
        QStandardPaths::setTestModeEnabled(true);
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

    // rt-1.png: Sam was selected, Retrieve… named Sam, Sam hung up while the dialog was open,
    // and OK sent Raúl (the row that became selected) to 1002.
    void retrieveSendsNothingWhenItsCallLeftWhileTheDialogWasOpen()
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
        QSignalSpy outcomes(&control, &Console::CallControl::finished);
        const QString raul = parkedCall(sim, "Raúl Ortega", "5833", u"6001"_s);
        const QString sam = parkedCall(sim, "Sam Okafor", "5168", u"6002"_s);
        Ui::ParkingModel *model = panel.model();
        QTRY_COMPARE_WITH_TIMEOUT(model->parkedCount(), 2, TestSupport::kWait);
        QVERIFY(panel.selectSlot(m->id(), u"valet_parking_lot"_s, u"6002"_s));
        QVERIFY(panel.retrieveAction()->isEnabled());

        QString asked;
        bool samGone = false;
        bool nothingSelectedWhileOpen = false;
        whenModal([&](QWidget *w) {
            auto *dialog = qobject_cast<Ui::RetrieveDialog *>(w);
            if (!dialog)
                return;
            asked = labelsOf(dialog);
            // Sam hangs up; the panel catches up while the operator types.
            sim.sw->api(u"uuid_kill "_s + sam);
            samGone = QTest::qWaitFor([&] { return model->parkedCount() == 1; }, TestSupport::kWait);
            panel.flush();
            nothingSelectedWhileOpen = !panel.view()->currentIndex().isValid() &&
                                       !panel.view()->selectionModel()->hasSelection() &&
                                       !panel.retrieveAction()->isEnabled() &&
                                       !panel.hangupAction()->isEnabled();
            dialog->extensionField()->setText(u"1002"_s);
            dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok)->click();
        });
        panel.retrieveAction()->trigger();
        QVERIFY2(asked.contains(u"Sam Okafor (5168) (slot 6002 of valet_parking_lot on pbx)"_s),
                 qPrintable(asked));
        QVERIFY(samGone);
        QVERIFY(nothingSelectedWhileOpen);
        QTRY_VERIFY_WITH_TIMEOUT(!outcomes.isEmpty(), TestSupport::kWait);
        const auto refused = outcomes.last().at(0).value<Console::ActionOutcome>();
        QVERIFY(refused.refused());
        QCOMPARE(refused.reply, u"Sam Okafor (5168) left slot 6002 — nothing sent"_s);
        // Raúl is still parked where he was: nothing went to him.
        QTest::qWait(200);
        QCOMPARE(sim.sw->valet()->parked().value(u"valet_parking_lot/6001"_s), raul);
        QVERIFY(notices.history().last().contains(u"nothing sent"_s));
        // A second click finds nothing selected: no dialog, nothing sent.
        const qsizetype before = outcomes.size();
        panel.retrieveAction()->trigger();
        QCOMPARE(QApplication::activeModalWidget(), nullptr);
        QTest::qWait(100);
        QCOMPARE(outcomes.size(), before);
    }

    void hangUpAsksNamingTheCallAndActsOnThatCallOnly()
    {
        UiSim sim;
        Monitor::Hub hub;
        Monitor::ServerMonitor *m = sim.watch(hub, u"pbx"_s);
        QVERIFY(m);
        Console::CallControl control(&hub);
        Ui::ParkingPanel panel(Ui::PanelContext{&hub, &control, nullptr, nullptr});
        panel.show();
        QSignalSpy outcomes(&control, &Console::CallControl::finished);
        const QString raul = parkedCall(sim, "Raúl Ortega", "5833", u"6001"_s);
        const QString sam = parkedCall(sim, "Sam Okafor", "5168", u"6002"_s);
        QTRY_COMPARE_WITH_TIMEOUT(panel.model()->parkedCount(), 2, TestSupport::kWait);

        // Sam leaves while the question is open: Yes sends nothing, and not to Raúl.
        QVERIFY(panel.selectSlot(m->id(), u"valet_parking_lot"_s, u"6002"_s));
        QString question;
        bool samGone = false;
        whenModal([&](QWidget *w) {
            auto *box = qobject_cast<QMessageBox *>(w);
            if (!box)
                return;
            question = box->text();
            sim.sw->api(u"uuid_kill "_s + sam);
            samGone = QTest::qWaitFor([&] { return panel.model()->parkedCount() == 1; },
                                      TestSupport::kWait);
            box->button(QMessageBox::Yes)->click();
        });
        panel.hangupAction()->trigger();
        QCOMPARE(question, u"Hang up Sam Okafor (5168) (slot 6002 of valet_parking_lot on pbx)?"_s);
        QVERIFY(samGone);
        QTRY_VERIFY_WITH_TIMEOUT(!outcomes.isEmpty(), TestSupport::kWait);
        auto o = outcomes.last().at(0).value<Console::ActionOutcome>();
        QVERIFY(o.refused());
        QCOMPARE(o.reply, u"Sam Okafor (5168) left slot 6002 — nothing sent"_s);
        QTest::qWait(200);
        QVERIFY(sim.sw->hasChannel(raul));

        // Asked, answered Yes, the call it named is hung up.
        QVERIFY(panel.selectSlot(m->id(), u"valet_parking_lot"_s, u"6001"_s));
        whenModal([&](QWidget *w) {
            if (auto *box = qobject_cast<QMessageBox *>(w)) {
                question = box->text();
                box->button(QMessageBox::Yes)->click();
            }
        });
        panel.hangupAction()->trigger();
        QCOMPARE(question, u"Hang up Raúl Ortega (5833) (slot 6001 of valet_parking_lot on pbx)?"_s);
        QTRY_COMPARE_WITH_TIMEOUT(outcomes.size(), 2, TestSupport::kWait);
        o = outcomes.last().at(0).value<Console::ActionOutcome>();
        QVERIFY2(o.ok, qPrintable(o.reply));
        QCOMPARE(o.command, u"api uuid_kill %1"_s.arg(raul));
        QTRY_VERIFY_WITH_TIMEOUT(!sim.sw->hasChannel(raul), TestSupport::kWait);
    }

    // sm-park2.png: an Arabic name reordered the Park dialog's text around it.
    void parkNamesTheCallWholeAndSendsNothingWhenItHungUp()
    {
        UiSim sim;
        Monitor::Hub hub;
        Monitor::ServerMonitor *m = sim.watch(hub, u"pbx"_s);
        QVERIFY(m);
        Console::CallControl control(&hub);
        Ui::CallsPanel calls(&hub);
        Ui::ParkingPanel panel(Ui::PanelContext{&hub, &control, &calls, nullptr});
        panel.show();
        QSignalSpy outcomes(&control, &Console::CallControl::finished);
        QTRY_COMPARE_WITH_TIMEOUT(m->panels()->parking()->syncState(), Monitor::PanelSyncState::Synced,
                                  TestSupport::kWait);
        const QString arabic = waitingCall(sim, "محمد العلي", "+4561902704");
        const QString bo = waitingCall(sim, "Bo Chen", "5550781");
        const Monitor::ChannelKey arabicKey{m->id(), arabic};
        const Monitor::ChannelKey boKey{m->id(), bo};
        QTRY_VERIFY_WITH_TIMEOUT(selectCall(calls, arabicKey), TestSupport::kWait);
        QTRY_VERIFY_WITH_TIMEOUT(panel.parkAction()->isEnabled(), TestSupport::kWait);

        QString asked;
        bool hungUp = false;
        whenModal([&](QWidget *w) {
            auto *dialog = qobject_cast<Ui::ParkDialog *>(w);
            if (!dialog)
                return;
            asked = labelsOf(dialog);
            // The operator selects another call meanwhile, and the first one hangs up.
            selectCall(calls, boKey);
            sim.sw->api(u"uuid_kill "_s + arabic);
            hungUp = QTest::qWaitFor([&] { return !control.liveChannel(arabicKey); }, TestSupport::kWait);
            dialog->slotField()->setText(u"6005"_s);
            dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok)->click();
        });
        panel.parkAction()->trigger();
        const QString who = Monitor::isolated(u"محمد العلي"_s) + u" (+4561902704)"_s;
        QVERIFY2(asked.contains(u"Park "_s + who), qPrintable(asked));
        QVERIFY2(asked.contains(u" on pbx in a lot's slot"_s), qPrintable(asked));
        QVERIFY(hungUp);
        QTRY_VERIFY_WITH_TIMEOUT(!outcomes.isEmpty(), TestSupport::kWait);
        const auto o = outcomes.last().at(0).value<Console::ActionOutcome>();
        QVERIFY(o.refused());
        QVERIFY2(o.reply.startsWith(who) && o.reply.endsWith(u"hung up — nothing sent"_s),
                 qPrintable(o.reply));
        QTest::qWait(200);
        QVERIFY(sim.sw->valet()->parked().isEmpty()); // Bo Chen was not parked in its place
    }

    // stale-3.png, stale-full.png: a switch gone counted in the title, its clock running on,
    // "unknown since…" cut so the time was hidden.
    void aStaleServerStopsItsClockIsNotCountedAndShowsItsColour()
    {
        UiSim live;
        UiSim gone;
        Monitor::Hub hub;
        const auto watch = [&hub](UiSim &sim, const QString &name, const QString &colour) {
            Monitor::ServerProfile p = sim.profile(name);
            p.colour = colour;
            Monitor::ServerMonitor *m = hub.addServer(p);
            m->start();
            const bool up =
                QTest::qWaitFor([m] { return m->link()->isLive() && !m->isOutOfStep(); }, TestSupport::kWait);
            return up ? m : nullptr;
        };
        Monitor::ServerMonitor *a = watch(live, u"demo-pbx"_s, u"#1f77b4"_s);
        Monitor::ServerMonitor *b = watch(gone, u"branch-2"_s, u"#ff7f0e"_s);
        QVERIFY(a && b);
        Console::CallControl control(&hub);
        Ui::ParkingPanel panel(Ui::PanelContext{&hub, &control, nullptr, nullptr});
        panel.resize(1000, 250);
        panel.show();
        parkedCall(live, "Sam Okafor", "5985", u"6001"_s);
        parkedCall(gone, "Lee Morgan", "5200", u"6001"_s);
        parkedCall(gone, "Mia Novak", "5130", u"6002"_s);
        Ui::ParkingModel *model = panel.model();
        QTRY_COMPARE_WITH_TIMEOUT(model->parkedCount(), 3, TestSupport::kWait);
        QCOMPARE(panel.title(), u"&Parking (3)"_s);

        // Each server's rows carry its colour: the lots have the same name on both.
        const QModelIndex lotA = model->indexOfLot(a->id(), u"valet_parking_lot"_s);
        const QModelIndex lotB = model->indexOfLot(b->id(), u"valet_parking_lot"_s);
        QCOMPARE(model->data(lotA.siblingAtColumn(Ui::ParkingModel::ChannelColumn), Qt::DecorationRole)
                     .value<QColor>(),
                 QColor(u"#1f77b4"_s));
        QCOMPARE(model->data(lotB.siblingAtColumn(Ui::ParkingModel::ChannelColumn), Qt::DecorationRole)
                     .value<QColor>(),
                 QColor(u"#ff7f0e"_s));
        const auto barOf = [model](const QModelIndex &row) {
            return model->data(row, Qt::DecorationRole).value<QPixmap>().toImage().pixelColor(0, 0);
        };
        QCOMPARE(barOf(model->indexOfSlot(a->id(), u"valet_parking_lot"_s, u"6001"_s)), QColor(u"#1f77b4"_s));
        QCOMPARE(barOf(model->indexOfSlot(b->id(), u"valet_parking_lot"_s, u"6001"_s)), QColor(u"#ff7f0e"_s));

        gone.server.reset(); // branch-2 goes away
        Monitor::ParkingStore *store = b->panels()->parking();
        QTRY_VERIFY_WITH_TIMEOUT(store->isStale(), TestSupport::kWait);
        panel.flush();
        // Only what is parked now is counted.
        QCOMPARE(panel.title(), u"&Parking (1)"_s);
        // The clock stops when the link went down, and says so whole.
        const QString since =
            QDateTime::fromMSecsSinceEpoch(store->staleSinceMs()).toString(u"HH:mm:ss"_s);
        const Monitor::ParkedCall *lee = store->slot(u"valet_parking_lot"_s, u"6001"_s);
        QVERIFY(lee);
        const QString frozen =
            u"unknown since %1 · %2"_s.arg(since, Ui::ParkingModel::duration(store->staleSinceMs() -
                                                                             lee->parkedSinceMs));
        const QModelIndex leeRow =
            model->indexOfSlot(b->id(), u"valet_parking_lot"_s, u"6001"_s).siblingAtColumn(
                Ui::ParkingModel::ParkedForColumn);
        QCOMPARE(model->data(leeRow, Qt::DisplayRole).toString(), frozen);
        QTest::qWait(1100);
        panel.flush();
        QCOMPARE(model->data(leeRow, Qt::DisplayRole).toString(), frozen);
        const QList<QJsonObject> rows = store->rows(QDateTime::currentMSecsSinceEpoch() + 60000);
        QCOMPARE(rows.value(0).value(u"slots").toArray().at(0).toObject().value(u"parkedAtLeastSeconds")
                     .toInteger(),
                 (store->staleSinceMs() - lee->parkedSinceMs) / 1000);
        // Not cut: the column holds the whole text, and a line above the lots says it too.
        QVERIFY(panel.view()->columnWidth(Ui::ParkingModel::ParkedForColumn) >
                panel.view()->fontMetrics().horizontalAdvance(frozen));
        QVERIFY2(panel.statusText().contains(u"branch-2: parking unknown since "_s + since),
                 qPrintable(panel.statusText()));
        // The live server's call still counts up.
        const QModelIndex samRow =
            model->indexOfSlot(a->id(), u"valet_parking_lot"_s, u"6001"_s).siblingAtColumn(
                Ui::ParkingModel::ParkedForColumn);
        QVERIFY(!model->data(samRow, Qt::DisplayRole).toString().contains(u"unknown"_s));
    }

    // eslcat said "parkedSeconds": 0 where the panel said "≥ 0:04": a lower bound in both.
    void aCallParkedBeforeConnectingIsALowerBoundInThePanelAndInEslcat()
    {
        UiSim sim;
        const QString early = parkedCall(sim, "Dana Park", "5635", u"6001"_s);
        QTRY_VERIFY_WITH_TIMEOUT(sim.sw->valet()->parked().value(u"valet_parking_lot/6001"_s) == early,
                                 TestSupport::kWait);
        Monitor::Hub hub;
        Monitor::ServerMonitor *m = sim.watch(hub, u"pbx"_s);
        QVERIFY(m);
        Console::CallControl control(&hub);
        Ui::ParkingPanel panel(Ui::PanelContext{&hub, &control, nullptr, nullptr});
        QTRY_COMPARE_WITH_TIMEOUT(panel.model()->parkedCount(), 1, TestSupport::kWait);
        const QString late = parkedCall(sim, "Lee Morgan", "5489", u"6002"_s);
        QTRY_COMPARE_WITH_TIMEOUT(panel.model()->parkedCount(), 2, TestSupport::kWait);
        Ui::ParkingModel *model = panel.model();
        const QModelIndex earlyRow = model->indexOfSlot(m->id(), u"valet_parking_lot"_s, u"6001"_s);
        const QModelIndex lateRow = model->indexOfSlot(m->id(), u"valet_parking_lot"_s, u"6002"_s);
        QVERIFY(model->data(earlyRow.siblingAtColumn(Ui::ParkingModel::ParkedForColumn), Qt::DisplayRole)
                    .toString()
                    .startsWith(u"≥ "_s));
        QVERIFY(!model->data(lateRow.siblingAtColumn(Ui::ParkingModel::ParkedForColumn), Qt::DisplayRole)
                     .toString()
                     .startsWith(u"≥ "_s));

        const QList<QJsonObject> rows = eslcatParking(sim.server->serverPort());
        QCOMPARE(rows.size(), 1);
        const QJsonArray slots = rows[0].value(u"slots").toArray();
        QCOMPARE(slots.size(), 2);
        // eslcat saw both in its listing: both are lower bounds there, a number "at least".
        for (const QJsonValue &v : slots) {
            const QJsonObject slot = v.toObject();
            QVERIFY(slot.value(u"sinceListing").toBool());
            QVERIFY(slot.value(u"parkedSeconds").isNull());
            QVERIFY(slot.value(u"parkedAtLeastSeconds").isDouble());
            QVERIFY(slot.value(u"parkedAtLeastSeconds").toInteger() >= 0);
        }
        // The panel's own store: the same rule, its "≥" where "parkedSeconds" is null.
        for (const QJsonObject &lot : m->panels()->parking()->rows(QDateTime::currentMSecsSinceEpoch())) {
            for (const QJsonValue &v : lot.value(u"slots").toArray()) {
                const QJsonObject slot = v.toObject();
                const QModelIndex row = model->indexOfCall(m->id(), slot.value(u"uuid").toString());
                const bool atLeast = model->data(row.siblingAtColumn(Ui::ParkingModel::ParkedForColumn),
                                                 Qt::DisplayRole)
                                         .toString()
                                         .startsWith(u"≥ "_s);
                QCOMPARE(slot.value(u"parkedSeconds").isNull(), atLeast);
                QCOMPARE(slot.value(u"uuid").toString() == early, atLeast);
            }
        }
        Q_UNUSED(late)
    }
};

QTEST_MAIN(TestParkingPanel)
#include "tst_parkingpanel.moc"
