// The registrations store held against a real FreeSWITCH 1.10.12 (tests/fixtures/real2/
// sofia-registrations): the gateway loopreg registers to the same switch's internal profile as
// user 1000; killgw un-registers it (sofia::unregister), rescan registers it again
// (pre_register, register_attempt, register). The listings are the capture's own bodies.
//
// Happy flows: the sync, the capture's events in order, the intermediate states of its .md.
// Rainy days: hostile listings fail the sync with the reason and keep the state; a re-sync
// after lost events corrects the drift.

#include "sofiacapture.h"

#include "monitor/registrationstore.h"

#include <QSignalSpy>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using Monitor::PanelSyncState;
using Monitor::RegistrationStore;
using namespace TestSupport::SofiaCapture;

namespace {

const QString kAgent = u"FreeSWITCH-mod_sofia/1.10.12-release+git~20240802T210227Z~a88d069d6f~64bit"_s;
const QString kFirstCallId = u"b2f8ea10-95fe-4bf9-b00b-638190cc12b8"_s;
const QString kSecondCallId = u"b0d2698f-54e8-48b2-8afc-b88a55174601"_s;
constexpr qint64 kCaptureStartMs = 1796578711593; // the first event's Event-Date-Timestamp

Esl::Event sofiaEvent(const char *subclass, const QList<std::pair<QByteArray, QByteArray>> &fields)
{
    Esl::HeaderList h;
    h.append("Event-Subclass", subclass);
    h.append("Event-Name", "CUSTOM");
    for (const auto &[name, value] : fields)
        h.append(name, value);
    return Esl::Event(std::move(h), {}, false);
}

void syncWith(RegistrationStore &store, ScriptedApi &api, qint64 nowMs)
{
    store.sync(api.api(), nowMs);
    QTRY_VERIFY(store.syncState() != PanelSyncState::Syncing);
}

} // namespace

class TestRegistrationStore : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parsesTheRealJsonListingAndItsEmptyQuirk();
    void parsesTheRegistrarsXmlAsMod_sofiaWritesIt();
    void followsTheCaptureFromSyncToItsEnd();
    void asksEachProfileTheRowsNameAndNoOther();
    void countsFailedAttemptsWithoutTakingThemForRegistrations();
    void dropsAnExpiredRegistration();
    void rejectsHostileListingsKeepingWhatItHad_data();
    void rejectsHostileListingsKeepingWhatItHad();
    void aResyncAfterLostEventsCorrectsTheDrift();
    void aProfileThatVanishedFailsTheSyncWithTheSwitchsWords();
};

void TestRegistrationStore::parsesTheRealJsonListingAndItsEmptyQuirk()
{
    const QByteArray one = replyTo(u"show registrations as json"_s, 0);
    const auto rows = Monitor::Sofia::parseRegistrationsJson(QByteArrayView(one));
    QVERIFY2(rows, qPrintable(rows ? QString() : rows.error().message));
    QCOMPARE(rows->size(), 1);
    const auto &r = rows->first();
    QCOMPARE(r.profile, u"internal"_s);
    QCOMPARE(r.user, u"1000"_s);
    QCOMPARE(r.realm, u"127.0.0.1"_s);
    QCOMPARE(r.callId, kFirstCallId);
    QCOMPARE(r.contact, u"sip:gw+loopreg@127.0.0.1:5090;transport=udp;gw=loopreg"_s);
    QCOMPARE(r.expiresAtMs, 1796578815000);
    QCOMPARE(r.networkIp, u"127.0.0.1"_s);
    QCOMPARE(r.networkPort, u"5090"_s);
    QCOMPARE(r.networkProto, u"udp"_s);
    QCOMPARE(r.hostname, u"vm"_s);
    QVERIFY(r.userAgent.isEmpty()); // the core's table has none

    // No rows: `{"row_count": 0}` with a space and no "rows" key.
    const QByteArray empty = replyTo(u"show registrations as json"_s, 1);
    QCOMPARE(empty, "{\"row_count\": 0}\n"_ba);
    const auto none = Monitor::Sofia::parseRegistrationsJson(QByteArrayView(empty));
    QVERIFY(none);
    QVERIFY(none->isEmpty());
}

void TestRegistrationStore::parsesTheRegistrarsXmlAsMod_sofiaWritesIt()
{
    const QByteArray xml = profileRegXml();
    const auto rows =
        Monitor::Sofia::parseProfileRegistrationsXml(QByteArrayView(xml), u"internal"_s, 1000000);
    QVERIFY2(rows, qPrintable(rows ? QString() : rows.error().message));
    QCOMPARE(rows->size(), 1);
    const auto &r = rows->first();
    QCOMPARE(r.callId, kFirstCallId);
    QCOMPARE(r.user, u"1000"_s);
    QCOMPARE(r.realm, u"127.0.0.1"_s);
    QCOMPARE(r.contact, u"sip:gw+loopreg@127.0.0.1:5090;transport=udp;gw=loopreg"_s);
    QCOMPARE(r.userAgent, kAgent);
    QCOMPARE(r.status, u"Registered(UDP)"_s);
    QCOMPARE(r.networkProto, u"udp"_s);
    QCOMPARE(r.pingStatus, u"Reachable"_s);
    QCOMPARE(r.expiresAtMs, 1000000 + 104 * 1000); // expsecs(104): exp() names no time zone
}

void TestRegistrationStore::followsTheCaptureFromSyncToItsEnd()
{
    RegistrationStore store;
    ScriptedApi api;
    api.answers.insert(u"show registrations as json"_s, replyTo(u"show registrations as json"_s, 0));
    api.answers.insert(u"sofia xmlstatus profile internal reg"_s, profileRegXml());
    syncWith(store, api, kCaptureStartMs);
    QCOMPARE(store.syncState(), PanelSyncState::Synced);
    QCOMPARE(api.asked, (QStringList{u"show registrations as json"_s,
                                     u"sofia xmlstatus profile internal reg"_s}));
    QCOMPARE(store.rowCount(), 1);
    QJsonObject row = store.rows(kCaptureStartMs).first();
    QCOMPARE(row[u"user"_s].toString(), u"1000"_s);
    QCOMPARE(row[u"userAgent"_s].toString(), kAgent);
    QCOMPARE(row[u"callId"_s].toString(), kFirstCallId);
    QCOMPARE(row[u"expiresAtMs"_s].toInteger(), 1796578815000);
    QCOMPARE(row[u"expiresInSeconds"_s].toInteger(), (1796578815000 - kCaptureStartMs) / 1000);
    QCOMPARE(row[u"status"_s].toString(), u"Registered(UDP)"_s);
    QCOMPARE(row[u"changedAtMs"_s].toInteger(), 0); // the first listing is no news

    QSignalSpy changed(&store, &Monitor::PanelStore::changed);
    int jsonReplies = 0;
    bool sawUnregister = false;
    bool sawRegister = false;
    for (const Step &step : steps()) {
        if (step.isEvent) {
            const qint64 at = step.event.timestamp() / 1000;
            store.apply(step.event, at);
            if (step.event.subclass() == "sofia::unregister") {
                // killgw: the gateway un-registers (Expires 0); the row goes.
                sawUnregister = true;
                QCOMPARE(store.rowCount(), 0);
                const auto dropped = store.recentlyDropped(at);
                QCOMPARE(dropped.size(), 1);
                QCOMPARE(dropped.first().registration.callId, kFirstCallId);
                QCOMPARE(dropped.first().why, u"unregistered"_s);
                QVERIFY(store.recentlyDropped(at + RegistrationStore::kDroppedKeepMs + 1).isEmpty());
            }
            if (step.event.subclass() == "sofia::register_attempt" && !sawUnregister) {
                QCOMPARE(store.rowCount(), 1); // an attempt (RENEWED, Expires 0) is no change
            }
            if (step.event.subclass() == "sofia::pre_register")
                QCOMPARE(store.rowCount(), 0); // before authentication: not a registration
            if (step.event.subclass() == "sofia::register") {
                // rescan: registered again, with a new Call-ID, flashing.
                sawRegister = true;
                QCOMPARE(store.rowCount(), 1);
                row = store.rows(at).first();
                QCOMPARE(row[u"callId"_s].toString(), kSecondCallId);
                QCOMPARE(row[u"userAgent"_s].toString(), kAgent);
                QCOMPARE(row[u"changedAtMs"_s].toInteger(), at);
                // Expires 60 plus the registrar's late margin.
                QCOMPARE(row[u"expiresAtMs"_s].toInteger(),
                         at + 60000 + RegistrationStore::kLateMarginMs);
            }
            continue;
        }
        if (step.command != u"show registrations as json")
            continue;
        // Every later listing agrees with what the events made of the store.
        const auto listed = Monitor::Sofia::parseRegistrationsJson(QByteArrayView(step.body));
        QVERIFY(listed);
        ++jsonReplies;
        QCOMPARE(listed->size(), store.rowCount());
        for (qsizetype i = 0; i < listed->size(); ++i) {
            QCOMPARE(store.registrations()[i].callId, listed->at(i).callId);
            QCOMPARE(store.registrations()[i].contact, listed->at(i).contact);
            // The event's expiry and the listing's differ by the registrar's rounding only.
            QVERIFY(qAbs(store.registrations()[i].expiresAtMs - listed->at(i).expiresAtMs) < 5000);
        }
    }
    QVERIFY(sawUnregister);
    QVERIFY(sawRegister);
    QCOMPARE(jsonReplies, 4);
    QVERIFY(changed.size() >= 2);
    QCOMPARE(store.eventsUnmatched(), 0);
}

void TestRegistrationStore::asksEachProfileTheRowsNameAndNoOther()
{
    // Two profiles with rows, and a hostile one whose name would split the command.
    const QByteArray json =
        R"({"row_count":3,"rows":[)"
        R"({"reg_user":"1001","realm":"pbx","token":"a1","url":"sofia/internal/sip:1001@10.0.0.1:5060","expires":"2000000000","network_ip":"10.0.0.1","network_port":"5060","network_proto":"udp","hostname":"vm","metadata":""},)"
        R"({"reg_user":"2001","realm":"pbx","token":"b1","url":"sofia/wan/sip:2001@10.0.0.2:5060","expires":"2000000000","network_ip":"10.0.0.2","network_port":"5060","network_proto":"tcp","hostname":"vm","metadata":""},)"
        R"({"reg_user":"3001","realm":"pbx","token":"c1","url":"sofia/bad name; x/sip:3001@10.0.0.3","expires":"2000000000","network_ip":"10.0.0.3","network_port":"5060","network_proto":"udp","hostname":"vm","metadata":""}]})"_ba;
    RegistrationStore store;
    ScriptedApi api;
    api.answers.insert(u"show registrations as json"_s, json);
    const QByteArray emptyProfile = "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<profile>\n"
                                    "  <registrations>\n  </registrations>\n</profile>\n";
    api.answers.insert(u"sofia xmlstatus profile internal reg"_s, emptyProfile);
    api.answers.insert(u"sofia xmlstatus profile wan reg"_s, emptyProfile);
    syncWith(store, api, 1000);
    QCOMPARE(store.syncState(), PanelSyncState::Synced);
    QCOMPARE(api.asked, (QStringList{u"show registrations as json"_s,
                                     u"sofia xmlstatus profile internal reg"_s,
                                     u"sofia xmlstatus profile wan reg"_s}));
    QCOMPARE(store.rowCount(), 3);
    QCOMPARE(store.registrations()[1].networkProto, u"tcp"_s);
    QCOMPARE(store.registrations()[1].status, u"Registered(TCP)"_s);
}

void TestRegistrationStore::countsFailedAttemptsWithoutTakingThemForRegistrations()
{
    // sofia_reg.c (sofia_reg_handle_register_token, 1.10.12 line ~1635): register_attempt's
    // auth-result is SUCCESS, RENEWED, STALE or FORBIDDEN.
    RegistrationStore store;
    const auto attempt = [](const char *result) {
        return sofiaEvent("sofia::register_attempt",
                          {{"profile-name", "internal"}, {"from-user", "1002"},
                           {"from-host", "pbx"}, {"call-id", "x1"}, {"to-user", "1002"},
                           {"to-host", "pbx"}, {"expires", "3600"}, {"auth-result", result}});
    };
    QVERIFY(!store.apply(sofiaEvent("sofia::pre_register", {{"profile-name", "internal"},
                                                              {"call-id", "x1"},
                                                              {"to-user", "1002"}}),
                         1));
    QVERIFY(store.apply(attempt("FORBIDDEN"), 2));
    QVERIFY(store.apply(attempt("FORBIDDEN"), 3));
    QVERIFY(!store.apply(attempt("SUCCESS"), 4));
    QCOMPARE(store.rowCount(), 0);
    const auto a = store.attemptsOf(u"1002@pbx"_s);
    QCOMPARE(a.attempts, 3);
    QCOMPARE(a.failed, 2);
    QCOMPARE(a.lastResult, u"SUCCESS"_s);
}

void TestRegistrationStore::dropsAnExpiredRegistration()
{
    // sofia_reg.c sofia_reg_del_callback fires sofia::expire with profile-name, call-id, user,
    // username, host, contact, expires, user-agent, realm, network-ip, network-port.
    RegistrationStore store;
    QVERIFY(store.apply(sofiaEvent("sofia::register",
                                   {{"profile-name", "internal"}, {"from-user", "1003"},
                                    {"from-host", "pbx"}, {"contact", "\"\" <sip:1003@10.0.0.9>"},
                                    {"call-id", "e1"}, {"status", "Registered(UDP)"},
                                    {"expires", "120"}, {"to-user", "1003"}, {"to-host", "pbx"},
                                    {"network-ip", "10.0.0.9"}, {"network-port", "5060"},
                                    {"user-agent", "Yealink"}}),
                        5000));
    QCOMPARE(store.rowCount(), 1);
    QCOMPARE(store.registrations().first().contact, u"sip:1003@10.0.0.9"_s);
    QCOMPARE(store.registrations().first().expiresAtMs, 5000 + 120000 + 60000);
    QVERIFY(store.apply(sofiaEvent("sofia::expire", {{"profile-name", "internal"},
                                                     {"call-id", "e1"}, {"user", "1003"}}),
                        9000));
    QCOMPARE(store.rowCount(), 0);
    QCOMPARE(store.recentlyDropped(9000).first().why, u"expired"_s);
    // One it never knew: drift for the next sync, not a change.
    QVERIFY(!store.apply(sofiaEvent("sofia::unregister", {{"profile-name", "internal"},
                                                          {"call-id", "zz"}}),
                         9500));
    QCOMPARE(store.eventsUnmatched(), 1);
}

void TestRegistrationStore::rejectsHostileListingsKeepingWhatItHad_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QByteArray>("xml");
    QTest::addColumn<QString>("reason");
    const QByteArray goodXml = profileRegXml();
    QTest::newRow("garbage") << "\x01\x02not json at all"_ba << goodXml
                             << u"show registrations answered"_s;
    QTest::newRow("truncated") << replyTo(u"show registrations as json"_s).left(120) << goodXml
                               << u"is not JSON"_s;
    QTest::newRow("absurd count") << "{\"row_count\": 99999999999}"_ba << goodXml
                                  << u"more than 10000 registrations"_s;
    QTest::newRow("count and rows disagree")
        << "{\"row_count\":5,\"rows\":[]}"_ba << goodXml << u"says row_count 5 but has 0"_s;
    QTest::newRow("no row_count") << "{\"rows\":[]}"_ba << goodXml << u"has no row_count"_s;
    QByteArray many = "{\"row_count\":10001,\"rows\":[";
    for (int i = 0; i < 10001; ++i)
        many += (i ? ",{" : "{") + "\"token\":\"t"_ba + QByteArray::number(i) + "\"}";
    many += "]}";
    QTest::newRow("10,001 rows") << many << goodXml << u"more than 10000 registrations"_s;
    QTest::newRow("oversized") << QByteArray(Monitor::Sofia::kMaxListingBytes + 1, ' ') << goodXml
                               << u"more than the"_s;
    QTest::newRow("row without token")
        << "{\"row_count\":1,\"rows\":[{\"reg_user\":\"1\"}]}"_ba << goodXml << u"no token"_s;
    QTest::newRow("xml truncated") << replyTo(u"show registrations as json"_s) << goodXml.left(300)
                                   << u"are not XML"_s;
    QByteArray nested = "<?xml version=\"1.0\"?>\n<profile><registrations><registration>";
    for (int i = 0; i < 100000; ++i)
        nested += "<a>";
    QTest::newRow("xml nested 100,000 deep") << replyTo(u"show registrations as json"_s) << nested
                                             << u"are not XML"_s;
}

void TestRegistrationStore::rejectsHostileListingsKeepingWhatItHad()
{
    QFETCH(QByteArray, json);
    QFETCH(QByteArray, xml);
    QFETCH(QString, reason);
    RegistrationStore store;
    ScriptedApi good;
    good.answers.insert(u"show registrations as json"_s, replyTo(u"show registrations as json"_s));
    good.answers.insert(u"sofia xmlstatus profile internal reg"_s, profileRegXml());
    syncWith(store, good, kCaptureStartMs);
    QCOMPARE(store.rowCount(), 1);

    ScriptedApi bad;
    bad.answers.insert(u"show registrations as json"_s, json);
    bad.answers.insert(u"sofia xmlstatus profile internal reg"_s, xml);
    syncWith(store, bad, kCaptureStartMs + 1000);
    QCOMPARE(store.syncState(), PanelSyncState::Failed);
    QVERIFY2(store.syncError().contains(reason), qPrintable(store.syncError()));
    QCOMPARE(store.rowCount(), 1);
    QCOMPARE(store.registrations().first().callId, kFirstCallId);
    QCOMPARE(store.registrations().first().userAgent, kAgent);
}

void TestRegistrationStore::aResyncAfterLostEventsCorrectsTheDrift()
{
    RegistrationStore store;
    ScriptedApi api;
    api.answers.insert(u"show registrations as json"_s, replyTo(u"show registrations as json"_s, 0));
    api.answers.insert(u"sofia xmlstatus profile internal reg"_s, profileRegXml());
    syncWith(store, api, kCaptureStartMs);
    QCOMPARE(store.rowCount(), 1);

    // The unregister was lost (the link was down): the empty listing says it is gone.
    api.answers.insert(u"show registrations as json"_s, replyTo(u"show registrations as json"_s, 1));
    syncWith(store, api, kCaptureStartMs + 3000);
    QCOMPARE(store.syncState(), PanelSyncState::Synced);
    QCOMPARE(store.rowCount(), 0);
    QCOMPARE(store.recentlyDropped(kCaptureStartMs + 3000).first().why, u"gone at re-sync"_s);

    // The register was lost too: the next listing brings it, flashing as news.
    api.answers.insert(u"show registrations as json"_s, replyTo(u"show registrations as json"_s, 2));
    QByteArray second = profileRegXml();
    second.replace(kFirstCallId.toUtf8(), kSecondCallId.toUtf8());
    api.answers.insert(u"sofia xmlstatus profile internal reg"_s, second);
    syncWith(store, api, kCaptureStartMs + 6000);
    QCOMPARE(store.rowCount(), 1);
    QCOMPARE(store.registrations().first().callId, kSecondCallId);
    QCOMPARE(store.registrations().first().userAgent, kAgent);
    QCOMPARE(store.registrations().first().changedAtMs, kCaptureStartMs + 6000);
    QCOMPARE(store.registrations().first().expiresAtMs, 1796578835000);
}

void TestRegistrationStore::aProfileThatVanishedFailsTheSyncWithTheSwitchsWords()
{
    RegistrationStore store;
    ScriptedApi api;
    api.answers.insert(u"show registrations as json"_s, replyTo(u"show registrations as json"_s, 0));
    api.answers.insert(u"sofia xmlstatus profile internal reg"_s, "Invalid Profile!\n"_ba);
    syncWith(store, api, kCaptureStartMs);
    QCOMPARE(store.syncState(), PanelSyncState::Failed);
    QVERIFY2(store.syncError().contains(u"Invalid Profile!"_s), qPrintable(store.syncError()));
}

QTEST_GUILESS_MAIN(TestRegistrationStore)
#include "tst_registrationstore.moc"
