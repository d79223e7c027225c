// The simulated mod_valet_parking against the real capture tests/fixtures/real2/valet-parking
// (FreeSWITCH 1.10.12): the header names of every valet_parking::info Action, the order of
// hold, bridge and exit around the bridge and the hangup, the `valet_info` texts; where the
// capture has no case (a full lot, `auto out`), mod_valet_parking.c's valet_parking_function.

#include "simclient.h"

#include "sim/eventsocketserver.h"
#include "sim/separatewords.h"
#include "sim/simswitch.h"
#include "sim/simvalet.h"
#include "support/fixtures.h"

#include <QDeadlineTimer>
#include <QSet>
#include <QTest>

using namespace SimTest;

namespace {

// The header names of an event that do not depend on the call: no channel variables, and no
// Other-Leg-* (the capture's parked leg was a loopback B leg with an originator), nothing of a
// transfer (the capture's calls were dialled, the test's are transferred to the lot).
QSet<QByteArray> names(const Esl::Event &e)
{
    QSet<QByteArray> out;
    for (qsizetype i = 0; i < e.headers().size(); ++i) {
        const QByteArray n = e.headers().name(i).toByteArray();
        // A transferred channel's profile also says where it came from (the capture's was dialled).
        if (!n.startsWith("variable_") && !n.startsWith("Other-") && n != "Caller-Transfer-Source" &&
            n != "Caller-RDNIS")
            out.insert(n);
    }
    return out;
}

// The capture's valet_parking::info events, in order: hold, bridge, exit, hold, exit (hangup).
QList<Esl::Event> capturedValet()
{
    QList<Esl::Event> out;
    for (const Esl::Event &e : TestSupport::fixtureEvents(QStringLiteral("real2/valet-parking"))) {
        if (e.subclass() == "valet_parking::info")
            out.append(e);
    }
    return out;
}

struct Watch
{
    RawClient client;
    QList<Esl::Event> events;

    bool open(quint16 port, const QByteArray &subscription)
    {
        if (!client.connectTo(port) || !client.next())
            return false;
        client.send("auth ClueCon\n\n");
        if (!client.nextReply())
            return false;
        client.send(subscription + "\n\n");
        return client.nextReply().has_value();
    }
    void take(const Esl::Message &m)
    {
        if (m.isEvent()) {
            if (auto e = Esl::Event::fromMessage(m))
                events.append(*e);
        }
    }
    QByteArray api(const QByteArray &command)
    {
        client.send("api " + command + "\n\n");
        QByteArray body;
        for (const Esl::Message &m : client.untilReply()) {
            take(m);
            if (m.contentType() == "api/response")
                body = m.body();
        }
        return body;
    }
    // Waits for an event matching `match`; its index in events, or -1.
    int waitFor(const std::function<bool(const Esl::Event &)> &match, int timeoutMs = 5000)
    {
        QDeadlineTimer deadline(timeoutMs);
        qsizetype seen = 0;
        while (true) {
            for (; seen < events.size(); ++seen) {
                if (match(events[seen]))
                    return int(seen);
            }
            if (deadline.hasExpired())
                return -1;
            if (auto m = client.next(100))
                take(*m);
        }
    }
    int valet(const char *action, const QString &uuid = {}, int timeoutMs = 5000)
    {
        return waitFor(
            [&](const Esl::Event &e) {
                return e.subclass() == "valet_parking::info" && e.header("Action") == action &&
                       (uuid.isEmpty() || e.uniqueId() == uuid);
            },
            timeoutMs);
    }
    int named(const char *name, const QString &uuid)
    {
        return waitFor([&](const Esl::Event &e) {
            return e.eventName() == name && e.uniqueId() == uuid;
        });
    }
};

} // namespace

class TstSimValet : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        Sim::SwitchConfig config;
        config.initialCalls = 0;
        config.heartbeatIntervalMs = 0;
        config.ringMs = 20;
        config.answerDelayMs = 10;
        m_switch = std::make_unique<Sim::Switch>(config);
        m_server = std::make_unique<Sim::EventSocketServer>(m_switch.get());
        QVERIFY(m_server->listen(QHostAddress::LocalHost, 0));
    }
    void cleanup()
    {
        m_server.reset();
        m_switch.reset();
    }

    void parksRetrievesAndHangsUpAsTheCaptureDoes()
    {
        const QList<Esl::Event> real = capturedValet();
        QCOMPARE(real.size(), 5);
        Watch w;
        QVERIFY(w.open(m_server->serverPort(), "event plain ALL"));

        // (1) A call sent to 6001 (the vanilla 60XX extension) is parked in slot 6001.
        const QString parked = call("Parked", "5001");
        QCOMPARE(w.api("uuid_transfer " + parked.toUtf8() + " 6001 XML default"), QByteArray("+OK\n"));
        const int hold = w.valet("hold", parked);
        QVERIFY(hold >= 0);
        const Esl::Event &h = w.events[hold];
        QCOMPARE(h.text("Valet-Lot-Name"), QStringLiteral("valet_parking_lot"));
        QCOMPARE(h.text("Valet-Extension"), QStringLiteral("6001"));
        QCOMPARE(h.text("Caller-Caller-ID-Name"), QStringLiteral("Parked"));
        QCOMPARE(names(h), names(real[0]));
        QCOMPARE(w.api("valet_info"),
                 "<lots>\n  <lot name=\"valet_parking_lot\">\n    <extension uuid=\"" +
                     parked.toUtf8() + "\">6001</extension>\n  </lot>\n</lots>\n");
        QCOMPARE(w.api("valet_info VALET_PARKING_LOT"), w.api("valet_info valet_parking_lot"));

        // (2) A second call to 6001 retrieves it: bridge (the parked channel's data), then the
        // parked leg's exit, then the two are bridged.
        Sim::Switch::CallSpec retriever;
        retriever.callerName = QStringLiteral("Retriever");
        retriever.callerNumber = QStringLiteral("5002");
        retriever.destination = QStringLiteral("6001");
        retriever.bridge = false;
        retriever.application = QStringLiteral("valet_park");
        retriever.applicationArgument = QStringLiteral("valet_parking_lot 6001");
        const QString r = m_switch->placeCall(retriever);
        const int bridge = w.valet("bridge", parked);
        QVERIFY(bridge > hold);
        QCOMPARE(w.events[bridge].text("Bridge-To-UUID"), r);
        QCOMPARE(names(w.events[bridge]), names(real[1]));
        const int exit = w.valet("exit", parked);
        QVERIFY(exit > bridge);
        QCOMPARE(names(w.events[exit]), names(real[2]));
        QVERIFY(w.named("CHANNEL_BRIDGE", r) > exit);
        QCOMPARE(w.api("valet_info"), QByteArray("<lots>\n  <lot name=\"valet_parking_lot\">\n  </lot>\n</lots>\n"));
        QCOMPARE(w.api("uuid_kill " + r.toUtf8()), QByteArray("+OK\n"));

        // (3) 6100: `valet_park corpus_lot auto in 6101 6109`, the first free slot.
        const QString autoParked = call("AutoParked", "5003");
        QCOMPARE(w.api("uuid_transfer " + autoParked.toUtf8() + " 6100"), QByteArray("+OK\n"));
        const int autoHold = w.valet("hold", autoParked);
        QVERIFY(autoHold >= 0);
        QCOMPARE(w.events[autoHold].text("Valet-Extension"), QStringLiteral("6101"));
        const QString second = call("Second", "5004");
        QCOMPARE(w.api("uuid_transfer " + second.toUtf8() + " 6100"), QByteArray("+OK\n"));
        QVERIFY(w.valet("hold", second) >= 0);
        QCOMPARE(m_switch->valet()->parked().value(QStringLiteral("corpus_lot/6102")), second);
        QCOMPARE(w.api("valet_info corpus_lot"),
                 "<lots>\n  <lot name=\"corpus_lot\">\n    <extension uuid=\"" +
                     autoParked.toUtf8() + "\">6101</extension>\n    <extension uuid=\"" +
                     second.toUtf8() + "\">6102</extension>\n  </lot>\n</lots>\n");
        QCOMPARE(w.api("valet_info nosuchlot"), QByteArray("<lots>\n</lots>\n"));

        // Killed while parked: CHANNEL_HANGUP, then the exit with its Hangup-Cause.
        QCOMPARE(w.api("uuid_kill " + autoParked.toUtf8()), QByteArray("+OK\n"));
        const int hangup = w.named("CHANNEL_HANGUP", autoParked);
        const int hungExit = w.valet("exit", autoParked);
        QVERIFY(hungExit > hangup);
        QCOMPARE(w.events[hungExit].text("Hangup-Cause"), QStringLiteral("NORMAL_CLEARING"));
        QCOMPARE(names(w.events[hungExit]), names(real[4]));
        QCOMPARE(w.api("valet_info"),
                 "<lots>\n  <lot name=\"corpus_lot\">\n    <extension uuid=\"" + second.toUtf8() +
                     "\">6102</extension>\n  </lot>\n  <lot name=\"valet_parking_lot\">\n  "
                     "</lot>\n</lots>\n");
        // The presence the module sends with each move (valet_send_presence).
        QVERIFY(w.waitFor([](const Esl::Event &e) {
            return e.eventName() == "PRESENCE_IN" && e.header("login") == "corpus_lot" &&
                   e.header("force-status") == "Active (2 callers)";
        }) >= 0);
    }

    void parksInAnyLotThroughAQuotedInlineTransfer()
    {
        Watch w;
        QVERIFY(w.open(m_server->serverPort(), "event plain CUSTOM valet_parking::info"));
        const QString uuid = call("Inline", "5010");
        QCOMPARE(w.api("uuid_transfer " + uuid.toUtf8() + " 'valet_park:sales_lot 7005' inline"),
                 QByteArray("+OK\n"));
        const int hold = w.valet("hold", uuid);
        QVERIFY(hold >= 0);
        QCOMPARE(w.events[hold].text("Valet-Lot-Name"), QStringLiteral("sales_lot"));
        QCOMPARE(w.events[hold].text("Valet-Extension"), QStringLiteral("7005"));
        // A subscriber of the subclass only gets it, URL-encoded as the real switch writes it.
        QVERIFY(w.client.received().contains("Event-Subclass: valet_parking%3A%3Ainfo"));
        QVERIFY(!w.client.received().contains("Event-Name: CHANNEL_"));
        // The core's answers otherwise.
        QCOMPARE(w.api("uuid_transfer " + uuid.toUtf8()),
                 QByteArray("-USAGE: <uuid> [-bleg|-both] <dest-exten> [<dialplan>] [<context>]\n"));
        QCOMPARE(w.api("uuid_transfer nosuch 6001"), QByteArray("-ERR No such channel!\n"));
        // Parking into a taken slot retrieves the call there (valet_parking_function).
        const QString other = call("Other", "5011");
        QCOMPARE(w.api("uuid_transfer " + other.toUtf8() + " 'valet_park:sales_lot 7005' inline"),
                 QByteArray("+OK\n"));
        const int bridge = w.valet("bridge", uuid);
        QVERIFY(bridge >= 0);
        QCOMPARE(w.events[bridge].text("Bridge-To-UUID"), other);
    }

    void aFullLotParksNoOne()
    {
        // next_id counts from min while i < max: `auto in 6201 6202` has one slot.
        Watch w;
        QVERIFY(w.open(m_server->serverPort(), "event plain CUSTOM valet_parking::info"));
        const QString first = call("First", "1");
        const QString second = call("Second", "2");
        QCOMPARE(w.api("uuid_transfer " + first.toUtf8() + " 'valet_park:tiny auto in 6201 6202' inline"),
                 QByteArray("+OK\n"));
        QVERIFY(w.valet("hold", first) >= 0);
        QCOMPARE(w.api("uuid_transfer " + second.toUtf8() + " 'valet_park:tiny auto in 6201 6202' inline"),
                 QByteArray("+OK\n"));
        QCOMPARE(w.valet("hold", second, 500), -1);
        QCOMPARE(m_switch->valet()->parked().size(), 1);
        // `auto out` retrieves the longest parked.
        const QString third = call("Third", "3");
        QCOMPARE(w.api("uuid_transfer " + third.toUtf8() + " 'valet_park:tiny auto out 6201 6209' inline"),
                 QByteArray("+OK\n"));
        const int bridge = w.valet("bridge", first);
        QVERIFY(bridge >= 0);
        QCOMPARE(w.events[bridge].text("Bridge-To-UUID"), third);
    }

    void splitsWordsAsTheSwitchDoes_data()
    {
        QTest::addColumn<QString>("line");
        QTest::addColumn<QStringList>("words");
        QTest::newRow("plain") << QStringLiteral("a  b c") << QStringList{QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")};
        QTest::newRow("quoted") << QStringLiteral("u 'valet_park:lot 6001' inline")
                                << QStringList{QStringLiteral("u"), QStringLiteral("valet_park:lot 6001"), QStringLiteral("inline")};
        QTest::newRow("escaped") << QStringLiteral("a\\ b c") << QStringList{QStringLiteral("a b"), QStringLiteral("c")};
        QTest::newRow("rest in the last") << QStringLiteral("1 2 3 4 5 6 7")
                                          << QStringList{QStringLiteral("1"), QStringLiteral("2"), QStringLiteral("3"), QStringLiteral("4"), QStringLiteral("5 6 7")};
    }
    void splitsWordsAsTheSwitchDoes()
    {
        QFETCH(QString, line);
        QFETCH(QStringList, words);
        QCOMPARE(Sim::separateWords(line, 5), words);
    }

    void anOriginateToASlotParksAsTheCaptureDoes()
    {
        // The capture's own command: the -b leg of loopback/6001 runs the slot's extension.
        const QByteArray reply = m_switch->api(QStringLiteral(
            "originate {origination_caller_id_name=Parked,origination_caller_id_number=5001}"
            "loopback/6001/default &endless_playback(tone_stream://%(1000,0,440))"));
        QVERIFY2(reply.startsWith("+OK "), reply.constData());
        QTRY_COMPARE(m_switch->valet()->parked().size(), 1);
        const QString parked = m_switch->valet()->parked().value(QStringLiteral("valet_parking_lot/6001"));
        QVERIFY(!parked.isEmpty());
        QVERIFY(m_switch->channelData(parked).value("Channel-Name").endsWith("-b"));
    }

    void restartForgetsTheLots()
    {
        const QString uuid = call("Gone", "9");
        QCOMPARE(m_switch->api(QStringLiteral("uuid_transfer %1 6005").arg(uuid)), QByteArray("+OK\n"));
        QTRY_COMPARE(m_switch->valet()->parked().size(), 1);
        m_switch->restart();
        QCOMPARE(m_switch->api(QStringLiteral("valet_info")), QByteArray("<lots>\n</lots>\n"));
    }

    void trafficParksAndRetrieves()
    {
        Watch w;
        QVERIFY(w.open(m_server->serverPort(), "event plain CUSTOM valet_parking::info"));
        m_switch->valet()->startTraffic(7);
        QVERIFY(w.valet("hold", {}, 60000) >= 0);
        QVERIFY(w.valet("exit", {}, 120000) >= 0);
        m_switch->valet()->stopTraffic();
    }

private:
    QString call(const char *name, const char *number)
    {
        Sim::Switch::CallSpec spec;
        spec.callerName = QString::fromUtf8(name);
        spec.callerNumber = QString::fromUtf8(number);
        spec.bridge = false; // answered and parked by the switch, waiting for an operator
        const QString uuid = m_switch->placeCall(spec);
        if (!QTest::qWaitFor([&] { return m_switch->channelData(uuid).value("Answer-State") == "answered"; }, 5000))
            qWarning() << "call not answered";
        return uuid;
    }

    std::unique_ptr<Sim::Switch> m_switch;
    std::unique_ptr<Sim::EventSocketServer> m_server;
};

QTEST_GUILESS_MAIN(TstSimValet)
#include "tst_simvalet.moc"
