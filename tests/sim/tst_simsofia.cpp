// The simulator's mod_sofia against the real one (tests/fixtures/real2/sofia-registrations):
// its events carry the capture's header names per subclass and per gateway State (the values
// differ, the names may not), its api answers the capture's texts and quirks, and its events
// reach an Event Socket subscriber of `event plain CUSTOM sofia::…`.

#include "monitor/sofiacapture.h"
#include "simclient.h"

#include "monitor/sofialistings.h"
#include "sim/eventsocketserver.h"
#include "sim/simsofia.h"
#include "sim/simswitch.h"

#include <QRegularExpression>
#include <QSet>
#include <QXmlStreamReader>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using Sim::SimSofia;

namespace {

constexpr int kWait = 10000;

QSet<QByteArray> namesOf(const Esl::Event &event)
{
    QSet<QByteArray> names;
    for (qsizetype i = 0; i < event.headers().size(); ++i)
        names.insert(event.headers().name(i).toByteArray());
    return names;
}

// The header names of the capture's events, by "subclass" or "gateway_state Gateway State".
QHash<QString, QSet<QByteArray>> capturedNames()
{
    QHash<QString, QSet<QByteArray>> out;
    for (const auto &step : TestSupport::SofiaCapture::steps()) {
        if (!step.isEvent || step.event.eventName() != "CUSTOM")
            continue;
        QString key = QString::fromUtf8(step.event.subclass());
        if (key == u"sofia::gateway_state")
            key += u' ' + step.event.text("Gateway") + u' ' + step.event.text("State");
        if (!out.contains(key))
            out.insert(key, namesOf(step.event));
    }
    return out;
}

struct Recorder
{
    explicit Recorder(Sim::Switch &sw)
    {
        QObject::connect(&sw, &Sim::Switch::eventFired, &sw, [this](const Sim::FiredEventPtr &e) {
            events.append(e->event());
        });
    }
    QList<Esl::Event> events;
    [[nodiscard]] const Esl::Event *last(QByteArrayView subclass, const QString &gateway = {},
                                         const QString &state = {}) const
    {
        for (qsizetype i = events.size() - 1; i >= 0; --i) {
            const Esl::Event &e = events[i];
            if (e.subclass() == subclass && (gateway.isEmpty() || e.text("Gateway") == gateway) &&
                (state.isEmpty() || e.text("State") == state))
                return &e;
        }
        return nullptr;
    }
};

SimSofia::Gateway loopreg()
{
    SimSofia::Gateway g;
    g.name = u"loopreg"_s;
    g.username = u"1000"_s;
    g.realm = u"127.0.0.1"_s;
    g.proxyHost = u"127.0.0.1:5070"_s;
    return g;
}

SimSofia::Gateway deadgw()
{
    SimSofia::Gateway g = loopreg();
    g.name = u"deadgw"_s;
    g.proxyHost = u"127.0.0.1:5999"_s;
    g.reachable = false;
    g.pingFreq = 5;
    return g;
}

SimSofia::Registration phone()
{
    SimSofia::Registration r;
    r.user = u"1000"_s;
    r.realm = u"127.0.0.1"_s;
    r.callId = u"b2f8ea10-95fe-4bf9-b00b-638190cc12b8"_s;
    r.contact = u"sip:gw+loopreg@127.0.0.1:5090;transport=udp;gw=loopreg"_s;
    r.networkIp = u"127.0.0.1"_s;
    r.networkPort = 5090;
    r.expires = 60;
    r.userAgent = u"FreeSWITCH-mod_sofia/1.10.12-release+git~20240802T210227Z~a88d069d6f~64bit"_s;
    return r;
}

} // namespace

class TestSimSofia : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void registrarEventsCarryTheCapturesHeaderNames();
    void gatewayEventsCarryTheCapturesHeaderNamesPerState_data();
    void gatewayEventsCarryTheCapturesHeaderNamesPerState();
    void answersTheCapturesTextsAndQuirks();
    void listsGatewaysAndRegistrationsInTheRealShapes();
    void controlCommandsDoWhatTheSwitchDid();
    void flushExpiresRegistrationsAsSofiaRegDelCallbackDoes();
    void eventsReachAnEventSocketSubscriber();
    void trafficChurnsRegistrationsAndAGateway();
};

void TestSimSofia::registrarEventsCarryTheCapturesHeaderNames()
{
    Sim::Switch sw(Sim::SwitchConfig{.initialCalls = 0});
    Recorder recorder(sw);
    sw.sofia()->registerPhone(phone());
    QVERIFY(sw.sofia()->unregisterPhone(phone().callId));
    const auto captured = capturedNames();
    for (const char *subclass : {"sofia::pre_register", "sofia::register_attempt",
                                 "sofia::register", "sofia::unregister"}) {
        const Esl::Event *e = recorder.last(subclass);
        QVERIFY2(e, subclass);
        QCOMPARE(namesOf(*e), captured.value(QString::fromLatin1(subclass)));
        // The subclass comes first, as in the capture.
        QCOMPARE(e->headers().name(0), "Event-Subclass");
    }
}

void TestSimSofia::gatewayEventsCarryTheCapturesHeaderNamesPerState_data()
{
    QTest::addColumn<QString>("gateway");
    QTest::addColumn<QString>("state");
    for (const char *state : {"TRYING", "REGISTER", "REGED", "DOWN"})
        QTest::addRow("loopreg %s", state) << u"loopreg"_s << QString::fromLatin1(state);
    for (const char *state : {"TRYING", "FAILED", "FAIL_WAIT", "UNREGED", "DOWN"})
        QTest::addRow("deadgw %s", state) << u"deadgw"_s << QString::fromLatin1(state);
    QTest::newRow("gateway_add") << u"loopreg"_s << u"add"_s;
    QTest::newRow("gateway_delete") << u"deadgw"_s << u"delete"_s;
}

void TestSimSofia::gatewayEventsCarryTheCapturesHeaderNamesPerState()
{
    QFETCH(QString, gateway);
    QFETCH(QString, state);
    Sim::Switch sw(Sim::SwitchConfig{.initialCalls = 0});
    sw.sofia()->setStepMs(10);
    Recorder recorder(sw);
    sw.sofia()->addGateway(gateway == u"loopreg" ? loopreg() : deadgw());
    // loopreg registers; deadgw fails, waits, and tries again.
    QTRY_VERIFY_WITH_TIMEOUT(recorder.last("sofia::gateway_state", gateway,
                                           gateway == u"loopreg" ? u"REGED"_s : u"UNREGED"_s),
                             kWait);
    QCOMPARE(sw.api(u"sofia profile external killgw "_s + gateway), "+OK gateway marked for deletion.\n"_ba);
    QTRY_VERIFY_WITH_TIMEOUT(recorder.last("sofia::gateway_delete", gateway), kWait);
    const auto captured = capturedNames();
    const Esl::Event *e = state == u"add"      ? recorder.last("sofia::gateway_add", gateway)
                          : state == u"delete" ? recorder.last("sofia::gateway_delete", gateway)
                                               : recorder.last("sofia::gateway_state", gateway, state);
    QVERIFY(e);
    const QString key = state == u"add"      ? u"sofia::gateway_add"_s
                        : state == u"delete" ? u"sofia::gateway_delete"_s
                                             : u"sofia::gateway_state %1 %2"_s.arg(gateway, state);
    QVERIFY2(captured.contains(key), qPrintable(key));
    QCOMPARE(namesOf(*e), captured.value(key));
}

void TestSimSofia::answersTheCapturesTextsAndQuirks()
{
    using TestSupport::SofiaCapture::replyTo;
    Sim::Switch sw(Sim::SwitchConfig{.initialCalls = 0});
    // Empty registrations: {"row_count": 0} with a space, and a newline.
    QCOMPARE(sw.api(u"show registrations as json"_s), replyTo(u"show registrations as json"_s, 1));
    QCOMPARE(sw.api(u"sofia status gateway nosuchgw"_s), replyTo(u"sofia status gateway nosuchgw"_s));
    QCOMPARE(sw.api(u"sofia profile external killgw nosuchgw"_s),
             replyTo(u"sofia profile external killgw nosuchgw"_s));
    QCOMPARE(sw.api(u"sofia profile external rescan"_s), replyTo(u"sofia profile external rescan"_s));
    QCOMPARE(sw.api(u"sofia profile external killgw carrier"_s),
             replyTo(u"sofia profile external killgw loopreg"_s));
    QCOMPARE(sw.api(u"sofia xmlstatus gateway nosuchgw"_s), "Invalid Gateway!\n"_ba);
    // mod_sofia.c cmd_profile's other answers.
    QCOMPARE(sw.api(u"sofia profile nosuch rescan"_s), "Invalid Profile [nosuch]"_ba);
    QCOMPARE(sw.api(u"sofia profile external"_s), "Invalid Args!\n"_ba);
    QCOMPARE(sw.api(u"sofia profile external register nosuchgw"_s), "Invalid gateway!\n"_ba);
    QCOMPARE(sw.api(u"sofia profile external register"_s), "No gateway name provided!\n"_ba);
    QCOMPARE(sw.api(u"sofia profile internal flush_inbound_reg"_s), "+OK flushing all registrations\n"_ba);
    QCOMPARE(sw.api(u"sofia profile internal flush_inbound_reg abc reboot"_s),
             "+OK rebooting all registrations matching specified call_id\n"_ba);
    QCOMPARE(sw.api(u"sofia xmlstatus profile nosuch reg"_s), "Invalid Profile!\n"_ba);
}

void TestSimSofia::listsGatewaysAndRegistrationsInTheRealShapes()
{
    using TestSupport::SofiaCapture::replyTo;
    Sim::Switch sw(Sim::SwitchConfig{.initialCalls = 0});
    sw.sofia()->setStepMs(10);
    sw.sofia()->addGateway(deadgw());
    QTRY_COMPARE_WITH_TIMEOUT(sw.sofia()->gateway(u"deadgw"_s)->state, u"FAIL_WAIT"_s, kWait);
    sw.sofia()->registerPhone(phone());

    // The status table: a failing gateway's state with its retry, as the capture's.
    const QByteArray status = sw.api(u"sofia status"_s);
    QVERIFY2(QRegularExpression(u"external::deadgw\tgateway\t +sip:1000@127.0.0.1:5999\t"
                                u"FAIL_WAIT \\(retry: \\d+s\\)\n"_s)
                 .match(QString::fromUtf8(status))
                 .hasMatch(),
             status.constData());
    QVERIFY(status.endsWith(QByteArray(97, '=') + "\n2 profiles 1 alias\n"));

    // `sofia status gateway NAME`: the capture's field names in the capture's order.
    auto fieldsOf = [](const QByteArray &text) {
        QList<QByteArray> names;
        for (const QByteArray &line : text.split('\n')) {
            if (line.contains('\t'))
                names.append(line.left(line.indexOf('\t')));
        }
        return names;
    };
    QCOMPARE(fieldsOf(sw.api(u"sofia status gateway deadgw"_s)),
             fieldsOf(replyTo(u"sofia status gateway deadgw"_s)));

    // `sofia xmlstatus gateway [NAME]`: the capture's elements, and the store's parser reads it.
    auto elementsOf = [](const QByteArray &xml) {
        QStringList names;
        QXmlStreamReader reader(xml);
        while (!reader.atEnd()) {
            if (reader.readNext() == QXmlStreamReader::StartElement)
                names.append(reader.name().toString());
        }
        return names;
    };
    QCOMPARE(elementsOf(sw.api(u"sofia xmlstatus gateway deadgw"_s)),
             elementsOf(replyTo(u"sofia xmlstatus gateway deadgw"_s)));
    const auto gateways =
        Monitor::Sofia::parseGatewaysXml(QByteArrayView(sw.api(u"sofia xmlstatus gateway"_s)), 0);
    QVERIFY(gateways);
    QCOMPARE(gateways->size(), 2);
    QCOMPARE(gateways->at(0).name, u"carrier"_s);
    QCOMPARE(gateways->at(0).state, u"REGED"_s);
    QCOMPARE(gateways->at(1).state, u"FAIL_WAIT"_s);
    QCOMPARE(gateways->at(1).pingStatus, u"DOWN"_s);

    // Registrations: compact JSON with no newline, the text listing's fields, the XML's user agent.
    const QByteArray json = sw.api(u"show registrations as json"_s);
    QVERIFY(json.startsWith("{\"row_count\":1,\"rows\":[{\"reg_user\":\"1000\",\"realm\":\"127.0.0.1\","
                            "\"token\":\"b2f8ea10-95fe-4bf9-b00b-638190cc12b8\",\"url\":\"sofia/"
                            "internal/sip:gw+loopreg@127.0.0.1:5090;transport=udp;gw=loopreg\","));
    QVERIFY(json.endsWith("\"network_proto\":\"udp\",\"hostname\":\"switchboard-sim\","
                          "\"metadata\":\"\"}]}"));
    const auto rows = Monitor::Sofia::parseRegistrationsJson(QByteArrayView(json));
    QVERIFY(rows);
    QCOMPARE(rows->size(), 1);
    QCOMPARE(fieldsOf(sw.api(u"sofia status profile internal reg"_s)),
             fieldsOf(replyTo(u"sofia status profile internal reg"_s)));
    const QByteArray xml = sw.api(u"sofia xmlstatus profile internal reg"_s);
    QCOMPARE(elementsOf(xml), elementsOf(TestSupport::SofiaCapture::profileRegXml()));
    const auto detail = Monitor::Sofia::parseProfileRegistrationsXml(QByteArrayView(xml),
                                                                     u"internal"_s, 0);
    QVERIFY(detail);
    QCOMPARE(detail->first().userAgent, phone().userAgent);
    QVERIFY(sw.api(u"sofia status profile internal"_s).endsWith("\nREGISTRATIONS    \t1\n"));
}

void TestSimSofia::controlCommandsDoWhatTheSwitchDid()
{
    Sim::Switch sw(Sim::SwitchConfig{.initialCalls = 0});
    sw.sofia()->setStepMs(10);
    Recorder recorder(sw);
    // killgw: DOWN, then deleted; `sofia status gateway` still answers until then.
    QCOMPARE(sw.api(u"sofia profile external killgw carrier"_s), "+OK gateway marked for deletion.\n"_ba);
    QVERIFY(sw.api(u"sofia status gateway carrier"_s).contains("Name    \tcarrier\n"));
    QTRY_VERIFY_WITH_TIMEOUT(recorder.last("sofia::gateway_delete", u"carrier"_s), kWait);
    QVERIFY(recorder.last("sofia::gateway_state", u"carrier"_s, u"DOWN"_s));
    QCOMPARE(sw.api(u"sofia status gateway carrier"_s), "Invalid Gateway!\n"_ba);
    // rescan: RELOADXML, gateway_add, TRYING, REGISTER (200 OK), REGED with ping UP.
    QCOMPARE(sw.api(u"sofia profile external rescan"_s), "Reload XML [Success]\n+OK scan complete\n"_ba);
    QTRY_VERIFY_WITH_TIMEOUT(recorder.last("sofia::gateway_state", u"carrier"_s, u"REGED"_s), kWait);
    QVERIFY(recorder.last("sofia::gateway_add", u"carrier"_s));
    const Esl::Event *registered = recorder.last("sofia::gateway_state", u"carrier"_s, u"REGISTER"_s);
    QVERIFY(registered);
    QCOMPARE(registered->text("Status"), u"200"_s);
    QCOMPARE(recorder.last("sofia::gateway_state", u"carrier"_s, u"REGED"_s)->text("Ping-Status"),
             u"UP"_s);
    // register: UNREGED (silently), then TRYING and on.
    const qsizetype before = recorder.events.size();
    QCOMPARE(sw.api(u"sofia profile external register carrier"_s), "+OK\n"_ba);
    const auto stateAfter = [&](const QString &state) {
        return std::any_of(recorder.events.cbegin() + before, recorder.events.cend(),
                           [&](const Esl::Event &e) { return e.text("State") == state; });
    };
    QTRY_VERIFY_WITH_TIMEOUT(stateAfter(u"TRYING"_s), kWait);
    QTRY_VERIFY_WITH_TIMEOUT(stateAfter(u"REGED"_s), kWait);
}

void TestSimSofia::flushExpiresRegistrationsAsSofiaRegDelCallbackDoes()
{
    // sofia_reg.c sofia_reg_del_callback (1.10.12): sofia::expire with profile-name, call-id,
    // user, username, host, contact, expires, user-agent, realm, network-ip, network-port.
    Sim::Switch sw(Sim::SwitchConfig{.initialCalls = 0});
    Recorder recorder(sw);
    sw.sofia()->registerPhone(phone());
    SimSofia::Registration other = phone();
    other.user = u"1001"_s;
    other.callId = u"other"_s;
    sw.sofia()->registerPhone(other);
    QCOMPARE(sw.api(u"sofia profile internal flush_inbound_reg 1000@127.0.0.1"_s),
             "+OK flushing all registrations matching specified call_id\n"_ba);
    QTRY_VERIFY(recorder.last("sofia::expire"));
    const Esl::Event *e = recorder.last("sofia::expire");
    QCOMPARE(e->text("call-id"), phone().callId);
    QCOMPARE(namesOf(*e) - namesOf(*recorder.last("sofia::register")),
             (QSet<QByteArray>{"user", "host"}));
    QCOMPARE(sw.sofia()->registrations().size(), 1);
    QCOMPARE(sw.sofia()->registrations().first().callId, u"other"_s);
}

void TestSimSofia::eventsReachAnEventSocketSubscriber()
{
    Sim::Switch sw(Sim::SwitchConfig{.heartbeatIntervalMs = 0, .initialCalls = 0});
    Sim::EventSocketServer server(&sw);
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    SimTest::RawClient client;
    QVERIFY(client.connectTo(server.serverPort()));
    QVERIFY(client.next()); // auth/request
    client.send("auth ClueCon\n\n");
    QVERIFY(client.nextReply());
    client.send("event plain CUSTOM sofia::register sofia::gateway_state\n\n");
    QVERIFY(client.nextReply());
    sw.sofia()->registerPhone(phone());
    const auto m = client.next();
    QVERIFY(m);
    const auto e = Esl::Event::fromMessage(*m);
    QVERIFY(e);
    QCOMPARE(e->subclass(), "sofia::register");
    QCOMPARE(e->text("contact"), u"\"\" <sip:gw+loopreg@127.0.0.1:5090;transport=udp;gw=loopreg>"_s);
    // Only what was asked: not pre_register nor register_attempt.
    QVERIFY(!client.next(300));
}

void TestSimSofia::trafficChurnsRegistrationsAndAGateway()
{
    Sim::Switch sw(Sim::SwitchConfig{.initialCalls = 0});
    Recorder recorder(sw);
    sw.startModuleTraffic(7);
    QVERIFY(sw.sofia()->registrations().size() >= 3);
    QVERIFY(sw.sofia()->gateway(u"backup"_s));
    QTRY_VERIFY_WITH_TIMEOUT(recorder.last("sofia::gateway_state", u"backup"_s, u"REGED"_s), kWait);
    sw.stopModuleTraffic();
}

QTEST_GUILESS_MAIN(TestSimSofia)
#include "tst_simsofia.moc"
