// How the simulated switch's legs group into calls, as the real switch's events and listings say
// (issue 15): transfers that split a call, rows an attended transfer leaves in the listing after
// their channels are gone, and loopback pairs.

#include "support/fixtures.h"

#include "esl/wire/event.h"
#include "sim/simswitch.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Qt::Literals::StringLiterals;

class TestSimLegs : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void transferOfBothLegsMakesTwoSeparateCalls();
    void transferOfTheBLegSendsItToTheDialplanAndTheALegHangsUp();
    void anAttendedTransferLeavesRowsOfItsGoneLegsInTheListing();
    void staleRowsGoAfterTheirTime();
    void originateOfALoopbackMakesAPairThatNamesEachOther();
    void aLoopbackBridgedToALoopbackIsAChainOfFour();
    void bridgingTwoChannelsOfOneChainIsRefused();

private:
    QList<Esl::Event> takeEvents()
    {
        QList<Esl::Event> out;
        out.swap(m_events);
        return out;
    }
    static QList<Esl::Event> of(const QList<Esl::Event> &events, const QString &uuid,
                                const QString &name = {})
    {
        QList<Esl::Event> out;
        for (const Esl::Event &e : events) {
            if (e.uniqueId() == uuid && (name.isEmpty() || e.name() == name))
                out.append(e);
        }
        return out;
    }
    bool waitFor(const QString &name, const QString &uuid)
    {
        return QTest::qWaitFor([&] { return !of(m_events, uuid, name).isEmpty(); }, 5000);
    }
    QString bridgedCall()
    {
        Sim::Switch::CallSpec spec;
        spec.destination = u"1001"_s;
        const QString a = m_switch->placeCall(spec);
        return waitFor(u"CHANNEL_BRIDGE"_s, a) ? a : QString();
    }
    QString bridged(const QString &uuid)
    {
        return QString::fromUtf8(m_switch->api(u"uuid_getvar "_s + uuid + u" bridge_uuid"_s));
    }
    QStringList listed(const QString &what)
    {
        QStringList uuids;
        const QJsonArray rows = QJsonDocument::fromJson(m_switch->api(u"show "_s + what + u" as json"_s))
                                    .object()
                                    .value(u"rows"_s)
                                    .toArray();
        for (const QJsonValue &row : rows)
            uuids.append(row[u"uuid"_s].toString());
        return uuids;
    }
    std::unique_ptr<Sim::Switch> m_switch;
    QList<Esl::Event> m_events;
    int m_staleRowMs = 180000;
};

void TestSimLegs::init()
{
    Sim::SwitchConfig config;
    config.initialCalls = 0;
    config.heartbeatIntervalMs = 0;
    config.ringMs = 30;
    config.answerDelayMs = 10;
    config.staleRowMs = m_staleRowMs;
    m_switch = std::make_unique<Sim::Switch>(config);
    m_events.clear();
    connect(m_switch.get(), &Sim::Switch::eventFired, this, [this](const Sim::FiredEventPtr &e) {
        const auto decoded = Esl::Event::fromMessage(
            TestSupport::parseAll(e->bytes(Esl::Event::Format::Plain)).first());
        QVERIFY(decoded);
        m_events.append(*decoded);
    });
}

void TestSimLegs::cleanup()
{
    m_switch.reset();
}

void TestSimLegs::transferOfBothLegsMakesTwoSeparateCalls()
{
    const QString a = bridgedCall();
    QVERIFY(!a.isEmpty());
    const QString b = bridged(a);
    takeEvents();
    QCOMPARE(m_switch->api(u"uuid_transfer "_s + a + u" -both 2001"_s), "+OK\n");
    // Each leg runs the dialplan anew and bridges to a leg of its own.
    QVERIFY(QTest::qWaitFor([&] { return !of(m_events, a, u"CHANNEL_BRIDGE"_s).isEmpty() &&
                                         !of(m_events, b, u"CHANNEL_BRIDGE"_s).isEmpty(); }, 5000));
    const QList<Esl::Event> events = takeEvents();
    QCOMPARE(of(events, a, u"CHANNEL_UNBRIDGE"_s).size(), 1);
    QVERIFY(of(events, a, u"CHANNEL_HANGUP"_s).isEmpty());
    QVERIFY(of(events, b, u"CHANNEL_HANGUP"_s).isEmpty());
    for (const QString &leg : {a, b}) {
        // After the transfer and before its new bridge: its own call, no other leg.
        const Esl::Event routing = [&] {
            for (const Esl::Event &e : of(events, leg, u"CHANNEL_STATE"_s)) {
                if (e.text("Channel-State") == u"CS_ROUTING")
                    return e;
            }
            return Esl::Event();
        }();
        QCOMPARE(routing.text("Channel-Call-UUID"), leg);
        QVERIFY(routing.otherLegUniqueId().isEmpty());
        const Esl::Event bridge = of(events, leg, u"CHANNEL_BRIDGE"_s).first();
        QVERIFY(bridge.otherLegUniqueId() != a && bridge.otherLegUniqueId() != b);
        QCOMPARE(bridge.text("Channel-Call-UUID"), leg);
    }
    QVERIFY(bridged(a) != b && bridged(b) != a);
    QCOMPARE(listed(u"calls"_s).size(), 2);
}

void TestSimLegs::transferOfTheBLegSendsItToTheDialplanAndTheALegHangsUp()
{
    const QString a = bridgedCall();
    QVERIFY(!a.isEmpty());
    const QString b = bridged(a);
    takeEvents();
    QCOMPARE(m_switch->api(u"uuid_transfer "_s + a + u" -bleg park"_s), "+OK\n");
    QVERIFY(waitFor(u"CHANNEL_PARK"_s, b));
    QVERIFY(QTest::qWaitFor([&] { return !m_switch->hasChannel(a); }, 5000));
    const QList<Esl::Event> events = takeEvents();
    // The A leg: out of the bridge, its `bridge` application done, its extension over.
    const QStringList aNames = [&] {
        QStringList out;
        for (const Esl::Event &e : of(events, a))
            out.append(e.name());
        return out;
    }();
    const qsizetype unbridge = aNames.indexOf(u"CHANNEL_UNBRIDGE"_s);
    const qsizetype complete = aNames.indexOf(u"CHANNEL_EXECUTE_COMPLETE"_s);
    const qsizetype hangup = aNames.indexOf(u"CHANNEL_HANGUP"_s);
    QVERIFY(unbridge >= 0 && unbridge < complete && complete < hangup);
    QCOMPARE(of(events, a, u"CHANNEL_HANGUP"_s).first().text("Hangup-Cause"), u"NORMAL_CLEARING"_s);
    // The B leg: a call of its own now, parked, no other leg.
    const Esl::Event park = of(events, b, u"CHANNEL_PARK"_s).first();
    QCOMPARE(park.text("Channel-Call-UUID"), b);
    QVERIFY(park.otherLegUniqueId().isEmpty());
    QVERIFY(of(events, b, u"CHANNEL_HANGUP"_s).isEmpty());
    QCOMPARE(listed(u"calls"_s), QStringList{b});
}

void TestSimLegs::anAttendedTransferLeavesRowsOfItsGoneLegsInTheListing()
{
    const QString a = bridgedCall();
    QVERIFY(!a.isEmpty());
    const QString b = bridged(a);
    QVERIFY(m_switch->execute(b, u"att_xfer"_s, u"user/1002"_s, u"xfer"_s, 1, false));
    QVERIFY(QTest::qWaitFor([&] { return of(m_events, b, u"CHANNEL_BRIDGE"_s).size() == 1 &&
                                         m_switch->channelCount() == 3; }, 5000));
    // The transferor leaves: the target gets the partner, the transferor is gone...
    QCOMPARE(m_switch->api(u"uuid_kill "_s + b), "+OK\n");
    QVERIFY(QTest::qWaitFor([&] { return !m_switch->hasChannel(b); }, 5000));
    QVERIFY(!of(m_events, b, u"CHANNEL_DESTROY"_s).isEmpty());
    QCOMPARE(m_switch->api(u"uuid_exists "_s + b), "false");
    QCOMPARE(m_switch->api(u"uuid_kill "_s + b), "-ERR No such channel!\n");
    QCOMPARE(m_switch->api(u"uuid_dump "_s + b), "-ERR No such channel!\n");
    // ...but the listings still show it, as it was before it hung up.
    QVERIFY(listed(u"channels"_s).contains(b));
    QVERIFY(listed(u"calls"_s).contains(b));
    const QJsonArray rows = QJsonDocument::fromJson(m_switch->api(u"show channels as json"_s))
                                .object()[u"rows"_s]
                                .toArray();
    for (const QJsonValue &row : rows) {
        if (row[u"uuid"_s].toString() == b)
            QCOMPARE(row[u"callstate"_s].toString(), u"ACTIVE"_s);
    }
    QCOMPARE(m_switch->api(u"show channels as json"_s),
             m_switch->api(u"show channels as json"_s)); // through every re-sync
}

void TestSimLegs::staleRowsGoAfterTheirTime()
{
    m_staleRowMs = 300;
    init();
    const QString a = bridgedCall();
    QVERIFY(!a.isEmpty());
    const QString b = bridged(a);
    QVERIFY(m_switch->execute(b, u"att_xfer"_s, u"user/1002"_s, u"xfer"_s, 1, false));
    QVERIFY(QTest::qWaitFor([&] { return m_switch->channelCount() == 3; }, 5000));
    QTest::qWait(100);
    QCOMPARE(m_switch->api(u"uuid_kill "_s + b), "+OK\n");
    QVERIFY(QTest::qWaitFor([&] { return !m_switch->hasChannel(b); }, 5000));
    QVERIFY(listed(u"channels"_s).contains(b));
    QVERIFY(QTest::qWaitFor([&] { return !listed(u"channels"_s).contains(b); }, 2000));
    QVERIFY(!listed(u"calls"_s).contains(b));
    // Without att_xfer, a gone channel's row goes with it.
    m_staleRowMs = 180000;
    init();
    const QString c = bridgedCall();
    QCOMPARE(m_switch->api(u"uuid_kill "_s + c), "+OK\n");
    QVERIFY(QTest::qWaitFor([&] { return m_switch->channelCount() == 0; }, 5000));
    QCOMPARE(m_switch->api(u"show channels as json"_s), "{\"row_count\": 0}\n");
}

void TestSimLegs::originateOfALoopbackMakesAPairThatNamesEachOther()
{
    const QByteArray reply =
        m_switch->api(u"originate {origination_caller_id_name=Alice}loopback/9196/default &park()"_s);
    QVERIFY(reply.startsWith("+OK "));
    const QString a = QString::fromUtf8(reply.mid(4).trimmed());
    QVERIFY(waitFor(u"CHANNEL_PARK"_s, a));
    QCOMPARE(m_switch->channelCount(), 2);
    const QString b = QString::fromUtf8(
        m_switch->api(u"uuid_getvar "_s + a + u" other_loopback_leg_uuid"_s));
    QVERIFY(m_switch->hasChannel(b));
    QCOMPARE(m_switch->api(u"uuid_getvar "_s + b + u" other_loopback_leg_uuid"_s), a.toUtf8());
    QCOMPARE(m_switch->api(u"uuid_getvar "_s + a + u" loopback_leg"_s), "A");
    QCOMPARE(m_switch->api(u"uuid_getvar "_s + b + u" loopback_leg"_s), "B");
    const Esl::Event createA = of(m_events, a, u"CHANNEL_CREATE"_s).first();
    const Esl::Event createB = of(m_events, b, u"CHANNEL_CREATE"_s).first();
    QCOMPARE(createA.text("Channel-Name"), u"loopback/9196-a"_s);
    QCOMPARE(createA.text("Call-Direction"), u"outbound"_s);
    QCOMPARE(createA.variable("other_loopback_leg_uuid"), b);
    QCOMPARE(createB.text("Channel-Name"), u"loopback/9196-b"_s);
    QCOMPARE(createB.text("Call-Direction"), u"inbound"_s);
    QCOMPARE(createB.text("Caller-Caller-ID-Name"), u"Alice"_s);
    QCOMPARE(createB.variable("loopback_leg"), u"B"_s);
    // No Other-Leg between the two halves: only a bridge gives a loopback leg one.
    QVERIFY(createA.otherLegUniqueId().isEmpty() && createB.otherLegUniqueId().isEmpty());
    // The -b leg runs the extension: it answers (answering the -a leg first) and echoes.
    QVERIFY(of(m_events, a, u"CHANNEL_PROGRESS"_s).isEmpty());
    const QStringList rows = listed(u"channels"_s);
    QVERIFY(rows.contains(a) && rows.contains(b));
    QVERIFY(m_switch->api(u"uuid_dump "_s + b).contains("\nvariable_other_loopback_leg_uuid: "_ba + a.toUtf8() + '\n'));
    // One half hangs up: the other follows, with the same cause.
    QCOMPARE(m_switch->api(u"uuid_kill "_s + b + u" USER_BUSY"_s), "+OK\n");
    QVERIFY(waitFor(u"CHANNEL_HANGUP"_s, a));
    QCOMPARE(of(m_events, a, u"CHANNEL_HANGUP"_s).first().text("Hangup-Cause"), u"USER_BUSY"_s);
    QCOMPARE(of(m_events, a, u"CHANNEL_HANGUP_COMPLETE"_s).first().variable("is_loopback"), u"1"_s);
}

void TestSimLegs::aLoopbackBridgedToALoopbackIsAChainOfFour()
{
    const QByteArray reply = m_switch->api(
        u"originate loopback/9196/default &bridge(loopback/9197/default)"_s);
    QVERIFY(reply.startsWith("+OK "));
    const QString a = QString::fromUtf8(reply.mid(4).trimmed());
    QVERIFY(waitFor(u"CHANNEL_BRIDGE"_s, a));
    QCOMPARE(m_switch->channelCount(), 4);
    const QString x = bridged(a); // loopback/9197-a
    const Esl::Event bridge = of(m_events, a, u"CHANNEL_BRIDGE"_s).first();
    QCOMPARE(bridge.text("Bridge-B-Unique-ID"), x);
    QCOMPARE(bridge.otherLegUniqueId(), x);
    const Esl::Event createX = of(m_events, x, u"CHANNEL_CREATE"_s).first();
    QCOMPARE(createX.text("Channel-Name"), u"loopback/9197-a"_s);
    QCOMPARE(createX.otherLegUniqueId(), a);
    QCOMPARE(createX.text("Other-Type"), u"originator"_s);
    QCOMPARE(createX.variable("loopback_from_uuid"), a);
    const QString y = createX.variable("other_loopback_leg_uuid");
    QCOMPARE(of(m_events, y, u"CHANNEL_CREATE"_s).first().variable("other_loopback_from_uuid"), a);
    QCOMPARE(of(m_events, y, u"CHANNEL_CREATE"_s).first().text("Channel-Name"), u"loopback/9197-b"_s);
    // The -a leg waited for the ring in RING_WAIT, as an answered originator does.
    QStringList states;
    for (const Esl::Event &e : of(m_events, a, u"CHANNEL_CALLSTATE"_s))
        states.append(e.text("Channel-Call-State"));
    QCOMPARE(states, (QStringList{u"ACTIVE"_s, u"RING_WAIT"_s, u"ACTIVE"_s}));
    // show calls: the bridge, and the two -b legs alone.
    QCOMPARE(listed(u"calls"_s).size(), 3);
    // Killing one end takes the whole chain down.
    const QString b = QString::fromUtf8(m_switch->api(u"uuid_getvar "_s + a + u" other_loopback_leg_uuid"_s));
    QCOMPARE(m_switch->api(u"uuid_kill "_s + b), "+OK\n");
    QVERIFY(QTest::qWaitFor([&] { return m_switch->channelCount() == 0; }, 5000));
}

void TestSimLegs::bridgingTwoChannelsOfOneChainIsRefused()
{
    QList<Sim::LogEntry> logs;
    // The errors; every call also logs its NOTICE, INFO and DEBUG lines.
    connect(m_switch.get(), &Sim::Switch::logged, this, [&](const Sim::LogEntry &l) {
        if (l.level <= 3)
            logs.append(l);
    });
    const QByteArray reply = m_switch->api(
        u"originate loopback/9196/default &bridge(loopback/9197/default)"_s);
    const QString a = QString::fromUtf8(reply.mid(4).trimmed());
    QVERIFY(waitFor(u"CHANNEL_BRIDGE"_s, a));
    const QString b = QString::fromUtf8(m_switch->api(u"uuid_getvar "_s + a + u" other_loopback_leg_uuid"_s));
    const QString x = bridged(a);
    const QString y = QString::fromUtf8(m_switch->api(u"uuid_getvar "_s + x + u" other_loopback_leg_uuid"_s));
    takeEvents();
    // The real switch crashed here; the sim refuses, says why, and changes nothing.
    QCOMPARE(m_switch->api(u"uuid_bridge "_s + b + u' ' + y),
             "-ERR Cannot bridge two channels of one loopback chain\n");
    QCOMPARE(logs.size(), 1);
    QCOMPARE(logs[0].uuid, b);
    QVERIFY(logs[0].text.contains("loopback/9196-b and loopback/9197-b"));
    QTest::qWait(20);
    for (const Esl::Event &e : takeEvents())
        QCOMPARE(e.name(), u"API"_s);
    QCOMPARE(m_switch->channelCount(), 4);
    // Two channels of different chains bridge as before.
    const QString lone = QString::fromUtf8(m_switch->api(u"originate user/1000 &park()"_s).mid(4).trimmed());
    QVERIFY(waitFor(u"CHANNEL_PARK"_s, lone));
    QCOMPARE(m_switch->api(u"uuid_bridge "_s + lone + u' ' + y), "+OK "_ba + y.toUtf8() + '\n');
}

QTEST_GUILESS_MAIN(TestSimLegs)
#include "tst_simlegs.moc"
