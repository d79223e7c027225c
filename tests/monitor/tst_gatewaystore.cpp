// The gateways store held against a real FreeSWITCH 1.10.12 (tests/fixtures/real2/
// sofia-registrations): the gateway loopreg is REGED; killgw takes it DOWN and deletes it;
// rescan adds it again (TRYING, REGISTER with Status 200, REGED with Ping-Status UP); the
// gateway deadgw, whose proxy does not exist, fails (FAILED with 503, FAIL_WAIT, UNREGED,
// TRYING, FAILED) with its ping DOWN, and is killed.
//
// Happy flows: the real `sofia xmlstatus gateway [NAME]` bodies, the capture's events in order
// with the .md's intermediate states, and which gateway is "loud" when. Rainy days: hostile
// listings, a missing mod_sofia, a re-sync after lost events.

#include "sofiacapture.h"

#include "monitor/gatewaystore.h"

#include <QTest>

using namespace Qt::Literals::StringLiterals;
using Monitor::GatewayStore;
using Monitor::PanelSyncState;
using namespace TestSupport::SofiaCapture;

namespace {

constexpr qint64 kCaptureStartMs = 1796578711593;

void syncWith(GatewayStore &store, ScriptedApi &api, qint64 nowMs)
{
    store.sync(api.api(), nowMs);
    QTRY_VERIFY(store.syncState() != PanelSyncState::Syncing);
}

Esl::Event gatewayState(const char *gateway, const char *state, const char *ping)
{
    Esl::HeaderList h;
    h.append("Event-Subclass", "sofia::gateway_state");
    h.append("Event-Name", "CUSTOM");
    h.append("Gateway", gateway);
    h.append("State", state);
    h.append("Ping-Status", ping);
    return Esl::Event(std::move(h), {}, false);
}

} // namespace

class TestGatewayStore : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parsesTheRealXmlStatusBodies();
    void followsTheCaptureFromSyncToItsEnd();
    void aGatewayLeavingRegedOrLosingItsPingIsLoud();
    void rejectsHostileListingsKeepingWhatItHad_data();
    void rejectsHostileListingsKeepingWhatItHad();
    void aSwitchWithoutMod_sofiaIsNoError();
    void aResyncAfterLostEventsCorrectsTheDrift();
};

void TestGatewayStore::parsesTheRealXmlStatusBodies()
{
    const QByteArray all = replyTo(u"sofia xmlstatus gateway"_s);
    const auto gateways = Monitor::Sofia::parseGatewaysXml(QByteArrayView(all), kCaptureStartMs);
    QVERIFY2(gateways, qPrintable(gateways ? QString() : gateways.error().message));
    QCOMPARE(gateways->size(), 1);
    const auto &g = gateways->first();
    QCOMPARE(g.name, u"loopreg"_s);
    QCOMPARE(g.profile, u"external"_s);
    QCOMPARE(g.state, u"REGED"_s);
    QCOMPARE(g.pingStatus, u"UP"_s);
    QCOMPARE(g.proxy, u"sip:127.0.0.1:5070"_s);
    QCOMPARE(g.to, u"sip:1000@127.0.0.1:5070"_s);
    QCOMPARE(g.username, u"1000"_s);
    QCOMPARE(g.pingTime, u"1.76"_s);
    QCOMPARE(g.upSinceMs, kCaptureStartMs - 15241725 / 1000);

    // One gateway by name: no <gateways> around it; a failing one has <retry>.
    const QByteArray dead = replyTo(u"sofia xmlstatus gateway deadgw"_s);
    const auto one = Monitor::Sofia::parseGatewaysXml(QByteArrayView(dead), kCaptureStartMs);
    QVERIFY(one);
    QCOMPARE(one->size(), 1);
    QCOMPARE(one->first().name, u"deadgw"_s);
    QCOMPARE(one->first().state, u"FAILED"_s);
    QCOMPARE(one->first().pingStatus, u"DOWN"_s);
    QCOMPARE(one->first().retry, u"5s"_s);
    QCOMPARE(one->first().upSinceMs, 0);

    // An unknown gateway: "Invalid Gateway!" (no -ERR).
    const auto unknown =
        Monitor::Sofia::parseGatewaysXml(QByteArrayView("Invalid Gateway!\n"), kCaptureStartMs);
    QVERIFY(!unknown);
    QVERIFY(unknown.error().message.contains(u"Invalid Gateway!"_s));
}

void TestGatewayStore::followsTheCaptureFromSyncToItsEnd()
{
    GatewayStore store;
    ScriptedApi api;
    api.answers.insert(u"sofia xmlstatus gateway"_s, replyTo(u"sofia xmlstatus gateway"_s));
    syncWith(store, api, kCaptureStartMs);
    QCOMPARE(store.syncState(), PanelSyncState::Synced);
    QCOMPARE(store.rowCount(), 1);
    QJsonObject row = store.rows(kCaptureStartMs).first();
    QCOMPARE(row[u"state"_s].toString(), u"REGED"_s);
    QCOMPARE(row[u"pingStatus"_s].toString(), u"UP"_s);
    QCOMPARE(row[u"loud"_s].toBool(), false);
    QCOMPARE(row[u"changedAtMs"_s].toInteger(), kCaptureStartMs - 15241); // up since

    QStringList trail; // name:state:ping:loud after every gateway event
    for (const Step &step : steps()) {
        if (!step.isEvent) {
            if (step.command == u"sofia xmlstatus gateway deadgw") {
                // The listing agrees with the events: FAILED, ping DOWN.
                const GatewayStore::Entry *dead = store.find(u"deadgw"_s);
                QVERIFY(dead);
                QCOMPARE(dead->gateway.state, u"FAILED"_s);
                QCOMPARE(dead->gateway.pingStatus, u"DOWN"_s);
                QCOMPARE(dead->gateway.status, u"503"_s);
                QCOMPARE(dead->gateway.phrase, u"Service Unavailable"_s);
                QCOMPARE(store.loudCount(), 1);
            }
            continue;
        }
        if (!step.event.subclass().startsWith("sofia::gateway"))
            continue;
        const qint64 at = step.event.timestamp() / 1000;
        QVERIFY(store.apply(step.event, at));
        const QString name = step.event.text("Gateway");
        const GatewayStore::Entry *e = store.find(name);
        trail.append(e ? u"%1:%2:%3:%4"_s.arg(name, e->gateway.state, e->gateway.pingStatus,
                                               GatewayStore::isLoud(*e) ? u"loud"_s : u"quiet"_s)
                       : name + u":deleted"_s);
        if (e && step.event.hasHeader("State"))
            QCOMPARE(e->gateway.changedAtMs > 0, true);
    }
    const QStringList expected{
        u"loopreg:DOWN:DOWN:loud"_s, // killgw: left REGED, ping down
        u"loopreg:deleted"_s,
        u"loopreg:::quiet"_s, // gateway_add after rescan
        u"loopreg:TRYING:DOWN:quiet"_s,
        u"loopreg:REGISTER:DOWN:quiet"_s, // Status 200 OK on the way to REGED
        u"loopreg:REGED:UP:quiet"_s,
        u"deadgw:::quiet"_s,
        u"deadgw:TRYING:DOWN:quiet"_s,
        u"deadgw:FAILED:DOWN:loud"_s, // 503 Service Unavailable from sofia-sip itself
        u"deadgw:FAIL_WAIT:DOWN:loud"_s,
        u"deadgw:UNREGED:DOWN:loud"_s, // still failing until it is REGED
        u"deadgw:TRYING:DOWN:loud"_s,
        u"deadgw:FAILED:DOWN:loud"_s,
        u"deadgw:DOWN:DOWN:loud"_s, // killgw
        u"deadgw:deleted"_s,
    };
    QCOMPARE(trail, expected);
    // The end: loopreg REGED, UP, registered again with 200 OK; deadgw gone.
    QCOMPARE(store.rowCount(), 1);
    row = store.rows(kCaptureStartMs).first();
    QCOMPARE(row[u"name"_s].toString(), u"loopreg"_s);
    QCOMPARE(row[u"profile"_s].toString(), u"external"_s);
    QCOMPARE(row[u"state"_s].toString(), u"REGED"_s);
    QCOMPARE(row[u"pingStatus"_s].toString(), u"UP"_s);
    QCOMPARE(row[u"status"_s].toString(), u"200"_s);
    QCOMPARE(row[u"phrase"_s].toString(), u"OK"_s);
    QCOMPARE(store.loudCount(), 0);
}

void TestGatewayStore::aGatewayLeavingRegedOrLosingItsPingIsLoud()
{
    GatewayStore store;
    ScriptedApi api;
    api.answers.insert(u"sofia xmlstatus gateway"_s, replyTo(u"sofia xmlstatus gateway"_s));
    syncWith(store, api, kCaptureStartMs);
    // Re-registering: REGISTER then REGED again is no alarm.
    store.apply(gatewayState("loopreg", "REGISTER", "UP"), kCaptureStartMs + 1);
    QCOMPARE(store.loudCount(), 0);
    store.apply(gatewayState("loopreg", "REGED", "UP"), kCaptureStartMs + 2);
    QCOMPARE(store.loudCount(), 0);
    // The ping goes DOWN while still REGED: loud.
    store.apply(gatewayState("loopreg", "REGED", "DOWN"), kCaptureStartMs + 3);
    QCOMPARE(store.loudCount(), 1);
    QCOMPARE(store.find(u"loopreg"_s)->gateway.changedAtMs, kCaptureStartMs + 3);
    QCOMPARE(store.find(u"loopreg"_s)->gateway.upSinceMs, 0);
    store.apply(gatewayState("loopreg", "REGED", "UP"), kCaptureStartMs + 4);
    QCOMPARE(store.loudCount(), 0);
    // Leaving REGED (TRYING after an expiry): loud until REGED again.
    store.apply(gatewayState("loopreg", "TRYING", "UP"), kCaptureStartMs + 5);
    QCOMPARE(store.loudCount(), 1);
    store.apply(gatewayState("loopreg", "REGED", "UP"), kCaptureStartMs + 6);
    QCOMPARE(store.loudCount(), 0);
    // A gateway configured not to register is quiet as long as its ping is.
    store.apply(gatewayState("noreg", "NOREG", "UP"), kCaptureStartMs + 7);
    QCOMPARE(store.loudCount(), 0);
    QCOMPARE(store.eventsUnmatched(), 1); // never listed: followed from its first event
}

void TestGatewayStore::rejectsHostileListingsKeepingWhatItHad_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("reason");
    const QByteArray real = replyTo(u"sofia xmlstatus gateway"_s);
    QTest::newRow("text") << "Invalid Syntax!\n"_ba << u"answered \"Invalid Syntax!\""_s;
    QTest::newRow("truncated") << real.left(400) << u"is not XML"_s;
    QTest::newRow("garbage xml") << "<gateways><gateway><name>x</gateways>"_ba << u"is not XML"_s;
    QTest::newRow("another root") << "<profiles><profile/></profiles>"_ba
                                  << u"has <profiles> where a gateway was expected"_s;
    QTest::newRow("nameless") << "<gateways><gateway><state>REGED</state></gateway></gateways>"_ba
                              << u"has no name"_s;
    QByteArray many = "<gateways>";
    for (int i = 0; i < 10001; ++i)
        many += "<gateway><name>g" + QByteArray::number(i) + "</name></gateway>";
    many += "</gateways>";
    QTest::newRow("10,001 gateways") << many << u"more than 10000 gateways"_s;
    QByteArray deep = "<gateways><gateway><name>";
    for (int i = 0; i < 100000; ++i)
        deep += "<x>";
    QTest::newRow("nested 100,000 deep") << deep << u"is not XML"_s;
    QTest::newRow("oversized") << QByteArray(Monitor::Sofia::kMaxListingBytes + 1, '<')
                               << u"more than the"_s;
}

void TestGatewayStore::rejectsHostileListingsKeepingWhatItHad()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, reason);
    GatewayStore store;
    ScriptedApi api;
    api.answers.insert(u"sofia xmlstatus gateway"_s, replyTo(u"sofia xmlstatus gateway"_s));
    syncWith(store, api, kCaptureStartMs);
    api.answers.insert(u"sofia xmlstatus gateway"_s, body);
    syncWith(store, api, kCaptureStartMs + 1000);
    QCOMPARE(store.syncState(), PanelSyncState::Failed);
    QVERIFY2(store.syncError().contains(reason), qPrintable(store.syncError()));
    QCOMPARE(store.rowCount(), 1);
    QCOMPARE(store.entries().first().gateway.state, u"REGED"_s);
}

void TestGatewayStore::aSwitchWithoutMod_sofiaIsNoError()
{
    GatewayStore store;
    ScriptedApi api; // answers "-ERR sofia Command not found!" to everything
    syncWith(store, api, kCaptureStartMs);
    QCOMPARE(store.syncState(), PanelSyncState::ModuleMissing);
    QCOMPARE(store.rowCount(), 0);
    QVERIFY(store.syncError().contains(u"mod_sofia"_s));
}

void TestGatewayStore::aResyncAfterLostEventsCorrectsTheDrift()
{
    GatewayStore store;
    ScriptedApi api;
    api.answers.insert(u"sofia xmlstatus gateway"_s, replyTo(u"sofia xmlstatus gateway"_s));
    syncWith(store, api, kCaptureStartMs);
    // Lost: deadgw's add and its failures. The listing of the capture's end brings it FAILED.
    QByteArray both = replyTo(u"sofia xmlstatus gateway"_s);
    const QByteArray dead = replyTo(u"sofia xmlstatus gateway deadgw"_s);
    both.replace("</gateways>", dead.mid(dead.indexOf("  <gateway>")) + "</gateways>");
    api.answers.insert(u"sofia xmlstatus gateway"_s, both);
    syncWith(store, api, kCaptureStartMs + 14000);
    QCOMPARE(store.syncState(), PanelSyncState::Synced);
    QCOMPARE(store.rowCount(), 2);
    const GatewayStore::Entry *e = store.find(u"deadgw"_s);
    QVERIFY(e);
    QCOMPARE(e->gateway.state, u"FAILED"_s);
    QCOMPARE(e->gateway.changedAtMs, kCaptureStartMs + 14000); // news at this sync
    QVERIFY(GatewayStore::isLoud(*e));
    // loopreg kept its place and its time.
    QCOMPARE(store.entries().first().gateway.name, u"loopreg"_s);
    QCOMPARE(store.entries().first().gateway.changedAtMs, kCaptureStartMs - 15241);
    // Lost: the delete. The next listing no longer has it.
    api.answers.insert(u"sofia xmlstatus gateway"_s, replyTo(u"sofia xmlstatus gateway"_s));
    syncWith(store, api, kCaptureStartMs + 20000);
    QCOMPARE(store.rowCount(), 1);
    QVERIFY(!store.find(u"deadgw"_s));
}

QTEST_GUILESS_MAIN(TestGatewayStore)
#include "tst_gatewaystore.moc"
