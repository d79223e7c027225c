// The parking store (mod_valet_parking) fed with the real capture tests/fixtures/real2/
// valet-parking (FreeSWITCH 1.10.12): its valet_parking::info events and the bodies of its
// `valet_info` replies, matched with the commands of its .sent file. Where the capture lacks a
// case, the test follows mod_valet_parking.c (valet_parking_function, valet_info_function).

#include "monitor/parkingstore.h"
#include "monitor/supervisorpanels.h"
#include "monitor/valetinfo.h"

#include "esl/promise.h"
#include "support/fixtures.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <QTest>

using namespace Monitor;

namespace {

const QString kScenario = QStringLiteral("real2/valet-parking");
const QString kParked = QStringLiteral("616e9201-235d-468b-9266-75e0590aab3b");
const QString kRetriever = QStringLiteral("84d79a18-e3e8-4c06-bd65-7d37be598f38");
const QString kAutoParked = QStringLiteral("971b9028-e667-4f78-a8d6-3339475f1943");

Esl::Reply apiResponse(const QByteArray &body)
{
    Esl::HeaderList headers;
    headers.append("Content-Type", "api/response");
    return Esl::Reply(Esl::Message(headers, body, true));
}

// An Api that answers every command with `body`, and remembers what it was asked.
PanelStore::Api answering(const QByteArray &body, QStringList *asked = nullptr)
{
    return [body, asked](const QString &command) {
        if (asked)
            asked->append(command);
        return Esl::detail::readyFuture(apiResponse(body));
    };
}

void syncWith(PanelStore &store, const QByteArray &body, qint64 nowMs = 1000)
{
    store.sync(answering(body), nowMs);
    QTRY_VERIFY(store.syncState() != PanelSyncState::Syncing);
}

// One step of the capture: an event, or the reply to one api command.
struct Step
{
    std::optional<Esl::Event> event;
    QString command; // the api command whose reply this is
    QByteArray body;
};

QList<Step> captureSteps()
{
    QStringList commands;
    static const QRegularExpression apiLine(QStringLiteral("SEND \"api ([^\\\\]*)\\\\n\\\\n\""));
    for (const QByteArray &line : TestSupport::readFixture(kScenario, QStringLiteral(".sent")).split('\n')) {
        const auto m = apiLine.match(QString::fromUtf8(line));
        if (m.hasMatch())
            commands.append(m.captured(1));
    }
    QList<Step> steps;
    int api = 0;
    for (const Esl::Message &m :
         TestSupport::parseAll(TestSupport::readFixture(kScenario, QStringLiteral(".esl")))) {
        if (m.contentType() == "api/response") {
            steps.append(Step{std::nullopt, commands.value(api++), m.body()});
        } else if (m.isEvent()) {
            if (auto e = Esl::Event::fromMessage(m))
                steps.append(Step{*e, {}, {}});
        }
    }
    return steps;
}

// The store's state without its times: lot -> "ext=uuid" list.
QStringList shape(const ParkingStore &store)
{
    QStringList out;
    for (const ParkingLot &l : store.lots()) {
        QStringList slots;
        for (const ParkedCall &s : l.slots)
            slots.append(s.extension + u'=' + s.uuid);
        out.append(l.name + u':' + slots.join(u','));
    }
    return out;
}

QByteArray lotsXml(int lots, int slotsPerLot)
{
    QByteArray xml = "<lots>\n";
    for (int i = 0; i < lots; ++i) {
        xml += "  <lot name=\"lot" + QByteArray::number(i) + "\">\n";
        for (int j = 0; j < slotsPerLot; ++j)
            xml += "    <extension uuid=\"u-" + QByteArray::number(i) + '-' + QByteArray::number(j) +
                   "\">" + QByteArray::number(6000 + j) + "</extension>\n";
        xml += "  </lot>\n";
    }
    return xml + "</lots>\n";
}

} // namespace

class TestParkingStore : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // ---- the listing parser on the real bodies ----
    void parsesEveryRealValetInfoBody()
    {
        int bodies = 0;
        for (const Step &s : captureSteps()) {
            if (!s.command.startsWith(u"valet_info"))
                continue;
            ++bodies;
            const auto parsed = parseValetInfo(s.body, 100, 100);
            QVERIFY2(parsed.ok(), qPrintable(s.command));
        }
        QCOMPARE(bodies, 7); // all lots x4, one lot, corpus_lot, nosuchlot
    }

    void readsTheAllLotsBodyWithAnEmptyLot()
    {
        const QByteArray body = "<lots>\n  <lot name=\"corpus_lot\">\n    <extension "
                                "uuid=\"971b9028-e667-4f78-a8d6-3339475f1943\">6101</extension>\n  "
                                "</lot>\n  <lot name=\"valet_parking_lot\">\n  </lot>\n</lots>\n";
        const auto parsed = parseValetInfo(body, 100, 100);
        QVERIFY(parsed.ok());
        QCOMPARE(parsed->size(), 2);
        QCOMPARE(parsed->at(0).name, QStringLiteral("corpus_lot"));
        QCOMPARE(parsed->at(0).slots.size(), 1);
        QCOMPARE(parsed->at(0).slots[0].extension, QStringLiteral("6101"));
        QCOMPARE(parsed->at(0).slots[0].uuid, kAutoParked);
        QCOMPARE(parsed->at(1).name, QStringLiteral("valet_parking_lot"));
        QVERIFY(parsed->at(1).slots.isEmpty());
    }

    void anUnknownLotIsAnEmptyLots()
    {
        // `valet_info nosuchlot` in the capture.
        const auto parsed = parseValetInfo("<lots>\n</lots>\n", 100, 100);
        QVERIFY(parsed.ok());
        QVERIFY(parsed->isEmpty());
    }

    void refusesHostileListings_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("reason");
        QTest::newRow("empty") << QByteArray() << QStringLiteral("empty reply");
        QTest::newRow("error text") << QByteArray("-ERR something went wrong\n")
                                    << QStringLiteral("not XML: -ERR something went wrong");
        QTest::newRow("truncated")
            << QByteArray("<lots>\n  <lot name=\"a\">\n    <extension uuid=\"x\">60")
            << QStringLiteral("Premature end of document");
        QTest::newRow("garbage") << QByteArray("<<<>>>\x01\x02") << QStringLiteral("valet_info:");
        QTest::newRow("wrong root") << QByteArray("<cars></cars>")
                                    << QStringLiteral("expected <lots>, found <cars>");
        QTest::newRow("too deep")
            << QByteArray("<lots><lot name=\"a\"><extension uuid=\"u\"><x/></extension></lot></lots>")
            << QStringLiteral("valet_info:");
        QTest::newRow("nameless lot") << QByteArray("<lots><lot></lot></lots>")
                                      << QStringLiteral("a <lot> without a name");
        QTest::newRow("lot twice")
            << QByteArray("<lots><lot name=\"a\"></lot><lot name=\"a\"></lot></lots>")
            << QStringLiteral("lot a listed twice");
        QTest::newRow("slot twice")
            << QByteArray("<lots><lot name=\"a\"><extension uuid=\"u\">1</extension>"
                          "<extension uuid=\"v\">1</extension></lot></lots>")
            << QStringLiteral("slot 1 of lot a listed twice");
        QTest::newRow("no uuid") << QByteArray("<lots><lot name=\"a\"><extension>1</extension></lot></lots>")
                                 << QStringLiteral("without a uuid");
        // mod_valet_parking prints the lot's name unescaped (valet_info_function).
        QTest::newRow("ampersand in a lot name")
            << QByteArray("<lots>\n  <lot name=\"a&b\">\n  </lot>\n</lots>\n")
            << QStringLiteral("valet_info:");
        QTest::newRow("entities")
            << QByteArray("<!DOCTYPE lots [<!ENTITY a \"aaaa\">]><lots><lot name=\"&a;\"></lot></lots>")
            << QStringLiteral("unexpected DTD");
        QTest::newRow("10,001 lots") << lotsXml(10001, 0) << QStringLiteral("more than 10000 lots");
        QTest::newRow("10,001 slots")
            << lotsXml(1, 10001) << QStringLiteral("more than 10000 parked calls in lot lot0");
    }
    void refusesHostileListings()
    {
        QFETCH(QByteArray, body);
        QFETCH(QString, reason);
        // A store with one parked call: a listing that does not parse keeps it.
        ParkingStore store;
        syncWith(store, "<lots><lot name=\"keep\"><extension uuid=\"k\">6001</extension></lot></lots>");
        QCOMPARE(store.syncState(), PanelSyncState::Synced);
        syncWith(store, body);
        QCOMPARE(store.syncState(), PanelSyncState::Failed);
        QVERIFY2(store.syncError().contains(reason), qPrintable(store.syncError()));
        QCOMPARE(shape(store), QStringList{QStringLiteral("keep:6001=k")});
    }

    void readsTenThousandSlots()
    {
        ParkingStore store;
        syncWith(store, lotsXml(2, 5000));
        QCOMPARE(store.syncState(), PanelSyncState::Synced);
        QCOMPARE(store.parkedCount(), 10000);
        QCOMPARE(store.lots()[0].slots.first().extension, QStringLiteral("6000"));
        QCOMPARE(store.lots()[0].slots.last().extension, QStringLiteral("10999"));
    }

    // ---- the store following the capture ----
    void followsTheCaptureAndAgreesWithEveryListing()
    {
        ParkingStore events; // follows the events only, synced once from the first listing
        SupervisorPanels panels;
        ParkingStore &routed = *panels.parking(); // the same, through the router
        int listings = 0;
        int valetEvents = 0;
        qint64 t = 0;
        for (const Step &s : captureSteps()) {
            if (s.event) {
                t = s.event->timestamp() / 1000;
                panels.onEvent(*s.event, t);
                if (s.event->subclass() != "valet_parking::info")
                    continue;
                ++valetEvents;
                events.apply(*s.event, t);
                const QByteArrayView action = s.event->header("Action");
                if (action == "hold" && valetEvents == 1) {
                    // (1) the loopback B leg parked in valet_parking_lot 6001.
                    const ParkedCall *p = events.slot(QStringLiteral("valet_parking_lot"),
                                                      QStringLiteral("6001"));
                    QVERIFY(p);
                    QCOMPARE(p->uuid, kParked);
                    QCOMPARE(p->callerName, QStringLiteral("Parked"));
                    QCOMPARE(p->callerNumber, QStringLiteral("5001"));
                    QCOMPARE(p->parkedSinceMs, t);
                    QVERIFY(!p->sinceListing);
                } else if (action == "bridge") {
                    // (2) a second call to 6001: the parked leg is being bridged to it, and
                    // still holds the slot until its exit.
                    const ParkedCall *p = events.slot(QStringLiteral("valet_parking_lot"),
                                                      QStringLiteral("6001"));
                    QVERIFY(p);
                    QCOMPARE(p->retrievedBy, kRetriever);
                    QCOMPARE(events.parkedCount(), 1);
                } else if (action == "exit" && valetEvents == 3) {
                    QCOMPARE(events.parkedCount(), 0);
                    QVERIFY(events.lot(QStringLiteral("valet_parking_lot")));
                } else if (action == "hold") {
                    // (3) 6100: `valet_park corpus_lot auto in 6101 6109` took the first free slot.
                    const ParkedCall *p = events.slot(QStringLiteral("corpus_lot"),
                                                      QStringLiteral("6101"));
                    QVERIFY(p);
                    QCOMPARE(p->uuid, kAutoParked);
                    QCOMPARE(p->callerName, QStringLiteral("AutoParked"));
                    QCOMPARE(p->callerNumber, QStringLiteral("5003"));
                } else if (action == "exit") {
                    // ... killed while parked: its exit carries the hangup cause.
                    QCOMPARE(s.event->text("Hangup-Cause"), QStringLiteral("NORMAL_CLEARING"));
                    QCOMPARE(events.parkedCount(), 0);
                }
                continue;
            }
            if (s.command != u"valet_info")
                continue;
            ++listings;
            // The switch's own listing says what the events said.
            ParkingStore listed;
            syncWith(listed, s.body, t);
            QCOMPARE(listed.syncState(), PanelSyncState::Synced);
            if (listings == 1) {
                syncWith(events, s.body, t); // the stores start from a listing
                syncWith(routed, s.body, t);
                QCOMPARE(events.lots()[0].slots[0].callerName, QStringLiteral("Parked"));
            }
            QCOMPARE(shape(events), shape(listed));
            QCOMPARE(shape(routed), shape(listed));
        }
        QCOMPARE(valetEvents, 5);
        QCOMPARE(listings, 4);
        QCOMPARE(events.eventsUnmatched(), 0);
        // The capture ends with both lots known and empty.
        QCOMPARE(shape(events),
                 (QStringList{QStringLiteral("corpus_lot:"), QStringLiteral("valet_parking_lot:")}));
        const QList<QJsonObject> rows = events.rows(t);
        QCOMPARE(rows.size(), 2);
        QCOMPARE(rows[0].value(u"lot").toString(), QStringLiteral("corpus_lot"));
        QCOMPARE(rows[0].value(u"parked").toInt(), 0);
        QVERIFY(rows[0].value(u"slots").toArray().isEmpty());
    }

    void rowsCarryTheSlotsCallersAndTimes()
    {
        ParkingStore store;
        for (const Step &s : captureSteps()) {
            if (s.event && s.event->subclass() == "valet_parking::info") {
                store.apply(*s.event, 5000);
                break; // the first hold
            }
        }
        const QList<QJsonObject> rows = store.rows(65000);
        QCOMPARE(rows.size(), 1);
        QCOMPARE(rows[0].value(u"lot").toString(), QStringLiteral("valet_parking_lot"));
        QCOMPARE(rows[0].value(u"parked").toInt(), 1);
        const QJsonObject slot = rows[0].value(u"slots").toArray().at(0).toObject();
        QCOMPARE(slot.value(u"extension").toString(), QStringLiteral("6001"));
        QCOMPARE(slot.value(u"uuid").toString(), kParked);
        QCOMPARE(slot.value(u"callerName").toString(), QStringLiteral("Parked"));
        QCOMPARE(slot.value(u"callerNumber").toString(), QStringLiteral("5001"));
        QCOMPARE(slot.value(u"parkedSinceMs").toInteger(), 5000);
        QCOMPARE(slot.value(u"parkedSeconds").toInteger(), 60);
        QCOMPARE(slot.value(u"sinceListing").toBool(), false);
    }

    // ---- re-sync after lost events ----
    void aResyncCorrectsDriftAndKeepsWhatItKnew()
    {
        QList<Esl::Event> valet;
        for (const Step &s : captureSteps()) {
            if (s.event && s.event->subclass() == "valet_parking::info")
                valet.append(*s.event);
        }
        QCOMPARE(valet.size(), 5); // hold, bridge, exit, hold, exit
        ParkingStore store;
        syncWith(store, "<lots>\n</lots>\n", 100);
        store.apply(valet[0], 200); // parked in 6001; its bridge and exit are lost
        store.apply(valet[3], 300); // auto-parked in corpus_lot 6101
        QCOMPARE(store.parkedCount(), 2);
        // A listing while 6101 is still parked (the capture's 4th): 6001 is gone, 6101 stays
        // with its caller and the time the event told, and a call parked before the console
        // looked appears, parked since at least the listing.
        syncWith(store,
                 "<lots>\n  <lot name=\"corpus_lot\">\n    <extension "
                 "uuid=\"971b9028-e667-4f78-a8d6-3339475f1943\">6101</extension>\n    <extension "
                 "uuid=\"older\">6102</extension>\n  </lot>\n  <lot name=\"valet_parking_lot\">\n  "
                 "</lot>\n</lots>\n",
                 400);
        QCOMPARE(shape(store), (QStringList{QStringLiteral("corpus_lot:6101=%1,6102=older").arg(kAutoParked),
                                            QStringLiteral("valet_parking_lot:")}));
        const ParkedCall *auto6101 = store.slot(QStringLiteral("corpus_lot"), QStringLiteral("6101"));
        QCOMPARE(auto6101->callerName, QStringLiteral("AutoParked"));
        QCOMPARE(auto6101->parkedSinceMs, 300);
        QVERIFY(!auto6101->sinceListing);
        const ParkedCall *older = store.slot(QStringLiteral("corpus_lot"), QStringLiteral("6102"));
        QCOMPARE(older->parkedSinceMs, 400);
        QVERIFY(older->sinceListing);
    }

    void eventsAboutUnknownSlotsAreCountedNotApplied()
    {
        QList<Esl::Event> valet;
        for (const Step &s : captureSteps()) {
            if (s.event && s.event->subclass() == "valet_parking::info")
                valet.append(*s.event);
        }
        ParkingStore store;
        QVERIFY(!store.apply(valet[1], 1)); // a bridge of a slot never seen
        QVERIFY(!store.apply(valet[2], 1)); // its exit
        QCOMPARE(store.eventsUnmatched(), 2);
        QCOMPARE(store.parkedCount(), 0);
        Esl::HeaderList h;
        h.append("Event-Name", "CUSTOM");
        h.append("Event-Subclass", "valet_parking::info");
        h.append("Action", "hold"); // no lot, no extension
        QVERIFY(!store.apply(Esl::Event(h, {}, false), 1));
        QCOMPARE(store.eventsUnmatched(), 3);
    }

    void aHoldElsewhereMovesTheCall()
    {
        // The module replaces a slot's token; a call is in one slot at a time.
        ParkingStore store;
        auto hold = [](const char *lot, const char *ext, const char *uuid) {
            Esl::HeaderList h;
            h.append("Event-Name", "CUSTOM");
            h.append("Event-Subclass", "valet_parking::info");
            h.append("Valet-Lot-Name", lot);
            h.append("Valet-Extension", ext);
            h.append("Action", "hold");
            h.append("Unique-ID", uuid);
            return Esl::Event(h, {}, false);
        };
        QVERIFY(store.apply(hold("a", "6001", "u1"), 1));
        QVERIFY(store.apply(hold("a", "6010", "u2"), 1));
        QVERIFY(store.apply(hold("a", "602", "u3"), 1));
        QCOMPARE(shape(store), QStringList{QStringLiteral("a:602=u3,6001=u1,6010=u2")});
        QVERIFY(store.apply(hold("b", "7001", "u1"), 1));
        QCOMPARE(shape(store), (QStringList{QStringLiteral("a:602=u3,6010=u2"),
                                            QStringLiteral("b:7001=u1")}));
    }

    void aMissingModuleIsQuiet()
    {
        ParkingStore store;
        syncWith(store, "-ERR valet_info Command not found!\n");
        QCOMPARE(store.syncState(), PanelSyncState::ModuleMissing);
        QVERIFY(store.syncError().contains(u"mod_valet_parking"));
        QVERIFY(store.lots().isEmpty());
    }

    void syncsWithValetInfoOnly()
    {
        ParkingStore store;
        QStringList asked;
        store.sync(answering("<lots>\n</lots>\n", &asked), 1);
        QTRY_COMPARE(store.syncState(), PanelSyncState::Synced);
        QCOMPARE(asked, QStringList{QStringLiteral("valet_info")});
    }

    void asksTheCallerOfACallItNeverSawPark()
    {
        // valet_info names no caller: one uuid_dump per call parked before the store looked.
        ParkingStore store;
        QStringList asked;
        store.sync(
            [&asked](const QString &command) {
                asked.append(command);
                if (command.startsWith(u"uuid_dump"))
                    return Esl::detail::readyFuture(apiResponse(
                        "{\"Caller-Caller-ID-Name\":\"Early\",\"Caller-Caller-ID-Number\":\"4001\"}"));
                return Esl::detail::readyFuture(apiResponse(
                    "<lots>\n  <lot name=\"valet_parking_lot\">\n    <extension uuid=\"early\">6001"
                    "</extension>\n  </lot>\n</lots>\n"));
            },
            10);
        QTRY_COMPARE(store.syncState(), PanelSyncState::Synced);
        QCOMPARE(asked, (QStringList{QStringLiteral("valet_info"), QStringLiteral("uuid_dump early json")}));
        const ParkedCall *p = store.slot(QStringLiteral("valet_parking_lot"), QStringLiteral("6001"));
        QCOMPARE(p->callerName, QStringLiteral("Early"));
        QCOMPARE(p->callerNumber, QStringLiteral("4001"));
        // The next sync knows it: valet_info only.
        asked.clear();
        store.sync([&asked](const QString &command) {
            asked.append(command);
            return Esl::detail::readyFuture(apiResponse(
                "<lots>\n  <lot name=\"valet_parking_lot\">\n    <extension uuid=\"early\">6001"
                "</extension>\n  </lot>\n</lots>\n"));
        }, 20);
        QTRY_COMPARE(store.syncState(), PanelSyncState::Synced);
        QCOMPARE(asked, QStringList{QStringLiteral("valet_info")});
    }
};

QTEST_GUILESS_MAIN(TestParkingStore)
#include "tst_parkingstore.moc"
