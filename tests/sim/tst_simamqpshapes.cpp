// The simulated switch publishes what FreeSWITCH 1.10.12's mod_amqp published in the real
// capture (tests/fixtures/real-amqp, issue #18): the same routing keys, properties and bodies for
// events and log lines, and the same command handling and replies. No broker: the messages are
// built and compared as values.

#include "simamqpshapes.h"

#include "esl/wire/event.h"
#include "sim/amqpcommands.h"
#include "sim/amqpformat.h"
#include "sim/simswitch.h"

#include "amqp/routingkey.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QRegularExpression>
#include <QSet>
#include <QTest>

#include <ctime>

using namespace Qt::Literals::StringLiterals;
using TestSupport::CapturedMessage;

namespace {

Sim::SwitchConfig quickConfig()
{
    Sim::SwitchConfig config;
    config.hostname = u"sim-01"_s;
    config.initialCalls = 0;
    config.heartbeatIntervalMs = 0;
    config.ringMs = 20;
    config.answerDelayMs = 10;
    return config;
}

QString eventKind(const Esl::Event &e)
{
    return e.subclass().isEmpty() ? e.text("Event-Name") : e.name();
}

qint64 number(const Esl::Event &e, const char *variable)
{
    return e.variable(variable).toLongLong();
}

// What switch_channel_set_timestamps and the reporting state write, as relations between the
// values: the epochs are the microsecond times cut to seconds, the stamps their local time,
// the spans differences of truncated instants, the times those of the caller profile headers.
// The names of those that do not hold.
QStringList cdrProblems(const Esl::Event &e)
{
    const auto micros = [&](const char *name) { return number(e, name); };
    const auto stampOf = [](qint64 us) {
        return QDateTime::fromSecsSinceEpoch(us / 1000000).toString(u"yyyy-MM-dd HH:mm:ss"_s);
    };
    const qint64 start = micros("start_uepoch");
    const qint64 answer = micros("answer_uepoch");
    const qint64 end = micros("end_uepoch");
    const QList<std::pair<const char *, bool>> checks{
        {"start_uepoch", start > 0 && start == e.text("Caller-Channel-Created-Time").toLongLong()},
        {"answer_uepoch", answer == e.text("Caller-Channel-Answered-Time").toLongLong()},
        {"bridge_uepoch",
         micros("bridge_uepoch") == e.text("Caller-Channel-Bridged-Time").toLongLong()},
        {"end_uepoch", end >= start && end == e.text("Caller-Channel-Hangup-Time").toLongLong()},
        {"start_stamp", e.variable("start_stamp") == stampOf(start)},
        {"end_stamp", e.variable("end_stamp") == stampOf(end)},
        {"answer_stamp", e.hasHeader("variable_answer_stamp") == (answer != 0)},
        {"bridge_stamp", e.hasHeader("variable_bridge_stamp") == (micros("bridge_uepoch") != 0)},
        {"duration", number(e, "duration") == end / 1000000 - start / 1000000},
        {"mduration", number(e, "mduration") == end / 1000 - start / 1000},
        {"uduration", number(e, "uduration") == end - start},
        {"billsec", number(e, "billsec") == (answer ? end / 1000000 - answer / 1000000 : 0)},
        {"billmsec", number(e, "billmsec") == (answer ? end / 1000 - answer / 1000 : 0)},
        {"billusec", number(e, "billusec") == (answer ? end - answer : 0)},
        {"flow_billusec", number(e, "flow_billusec") == (answer ? end - start : 0)},
        {"answerusec", number(e, "answerusec") == (answer ? answer - start : 0)},
        {"hold_accum_ms", number(e, "hold_accum_ms") == number(e, "hold_accum_usec") / 1000},
        {"hangup_cause", e.variable("hangup_cause") == e.text("Hangup-Cause")},
        {"hangup_cause_q850", e.variable("hangup_cause_q850") == u"16"},
        {"caller_id",
         e.variable("caller_id") == u"\"%1\" <%2>"_s.arg(e.text("Caller-Caller-ID-Name"),
                                                         e.text("Caller-Caller-ID-Number"))},
        {"digits_dialed", e.variable("digits_dialed") == u"none"},
    };
    QStringList problems;
    for (const auto &[name, holds] : checks) {
        if (!holds)
            problems.append(QString::fromLatin1(name));
    }
    for (const char *prefix : {"start", "profile_start", "answer", "bridge", "last_hold",
                               "resurrect", "progress", "progress_media", "end"}) {
        const QByteArray name(prefix);
        if (number(e, name + "_epoch") != number(e, name + "_uepoch") / 1000000 ||
            !e.hasHeader("variable_" + name + "_uepoch"))
            problems.append(QString::fromLatin1(name + "_epoch"));
    }
    return problems;
}

// What originate and bridge write on loopback legs, as relations the capture shows.
QStringList originateProblems(const Esl::Event &e)
{
    QStringList problems;
    const QByteArrayView name = e.eventName();
    if (name == "CHANNEL_CREATE" && e.text("Call-Direction") == u"outbound") {
        if (e.variable("is_outbound") != u"true" ||
            e.variable("originate_endpoint") != u"loopback" ||
            e.variable("originate_early_media") != u"true")
            problems.append(u"how the outbound leg was originated"_s);
    }
    if (name == "CHANNEL_BRIDGE") {
        const QString peer = e.text("Bridge-B-Unique-ID");
        if (e.variable("DIALSTATUS") != u"SUCCESS" ||
            e.variable("originate_disposition") != u"SUCCESS" ||
            e.variable("originate_causes") != peer + u";NONE"_s ||
            !e.variable("originated_legs").startsWith(peer + u';'))
            problems.append(u"the originate's outcome on the bridging leg"_s);
    }
    if (name == "CALL_UPDATE" && e.variable("channel_cid_flipped") != u"yes")
        problems.append(u"the caller id flip"_s);
    // hupall hangs every leg up before the bridge ends: the bridging leg says so.
    if (name == "CHANNEL_UNBRIDGE" && (e.text("Hangup-Cause") != u"NORMAL_CLEARING" ||
                                       e.variable("bridge_hangup_cause") != u"NORMAL_CLEARING" ||
                                       e.variable("last_bridge_role") != u"originator"))
        problems.append(u"the end of the bridge in a hupall"_s);
    return problems;
}

// Every header the capture's events of one kind all carry.
QMap<QString, QSet<QByteArray>> commonHeaders(const QList<Esl::Event> &events)
{
    QMap<QString, QSet<QByteArray>> common;
    for (const Esl::Event &e : events) {
        QSet<QByteArray> names;
        for (qsizetype i = 0; i < e.headers().size(); ++i)
            names.insert(e.headers().name(i).toByteArray());
        const QString kind = eventKind(e);
        if (common.contains(kind))
            common[kind].intersect(names);
        else
            common.insert(kind, names);
    }
    return common;
}

bool hasRoutingKeyShape(const QByteArray &key, const Esl::Event &e)
{
    Amqp::EventKey parts;
    return Amqp::parseEventRoutingKey(key, &parts) && parts.prefix == "FreeSWITCH" &&
           parts.hostname == e.header("FreeSWITCH-Hostname") &&
           parts.eventName == e.header("Event-Name") &&
           parts.subclass == e.header("Event-Subclass") && parts.uniqueId == e.header("Unique-ID");
}

} // namespace

void TestSimAmqpShapes::initTestCase()
{
    // The capture's switch ran on UTC: its local timestamps are UTC ones.
    qputenv("TZ", "UTC");
    tzset();
    m_events = TestSupport::capturedMessages(u"events.jsonl"_s);
    m_logLines = TestSupport::capturedMessages(u"logging.jsonl"_s);
    QCOMPARE(m_events.size(), 413);
    QCOMPARE(m_logLines.size(), 1763);

    Sim::Switch sw(quickConfig());
    connect(&sw, &Sim::Switch::eventFired, this,
            [this](const Sim::FiredEventPtr &e) { m_simEvents.append(e); });
    connect(&sw, &Sim::Switch::logged, this,
            [this](const Sim::LogEntry &entry) { m_simLog.append(entry); });
    // What the capture's driver did (driver-log.jsonl), as far as the simulated switch has it:
    // two parked calls, a bridged one, two conference members, a call that plays a tone, one
    // uuid_kill, a bgapi of its own, and hupall.
    Sim::AmqpCommands commands(&sw);
    const QList<QByteArray> driver{
        "bgapi originate {origination_uuid=cc8e98f0-f326-4bd9-b916-68ed73ce5426,"
        "origination_caller_id_name=Amqp1,origination_caller_id_number=6601}"
        "loopback/9197/default &park()",
        "bgapi originate {origination_uuid=ff73ad5a-d46b-4b9e-9e30-e036ec119a41,"
        "origination_caller_id_name=Amqp2,origination_caller_id_number=6602}"
        "loopback/9196/default &park()",
        "bgapi originate {origination_uuid=7672ce38-d057-44d8-876b-0a0d5064da4d,"
        "origination_caller_id_name=AmqpBridge,origination_caller_id_number=6603}"
        "loopback/9197/default &bridge({origination_uuid=2cb8227f-c4ab-462e-bb96-8119c07a121f}"
        "loopback/9196/default)",
        "bgapi originate {origination_uuid=f7dee9a1-a892-4c89-8ab2-7747e2221d7d,"
        "origination_caller_id_name=AmqpConf1}loopback/9197/default &conference(amqp@default)",
        "bgapi originate {origination_uuid=021cd14b-a22a-42f3-9668-6856c94a5043,"
        "origination_caller_id_name=AmqpConf2}loopback/9196/default &conference(amqp@default)",
        "bgapi originate {origination_uuid=8a8225d0-823b-4cd8-b6ae-c4a6ac4d3bcd,"
        "origination_caller_id_name=AmqpMember,origination_caller_id_number=6604}"
        "loopback/7100/default &endless_playback(tone_stream://%(1000,0,440))",
    };
    int status = -1;
    // The capture's queue offered its one member to no agent (14 channels in all): the
    // simulated queue's agents are logged out first.
    for (const char *agent : {"agent1", "agent2", "agent3", "agent4"}) {
        QCOMPARE(commands.execute(QByteArray("callcenter_config agent set status ") + agent +
                                      "@default 'Logged Out'",
                                  &status),
                 QByteArray("+OK\n"));
    }
    for (const QByteArray &line : driver) {
        QVERIFY(commands.execute(line, &status).startsWith("+OK Job-UUID: "));
        QCOMPARE(status, 0);
    }
    QTRY_VERIFY(sw.hasChannel(u"2cb8227f-c4ab-462e-bb96-8119c07a121f"_s));
    QTest::qWait(300); // rung, answered, bridged
    commands.execute("bgapi status", &status);
    commands.execute("uuid_kill 8a8225d0-823b-4cd8-b6ae-c4a6ac4d3bcd", &status);
    QCOMPARE(status, 0);
    QTest::qWait(100);
    commands.execute("hupall NORMAL_CLEARING", &status);
    QTRY_COMPARE(sw.channelCount(), 0);
    Sim::LogEntry line;
    line.level = 5;
    line.file = u"switch_cpp.cpp"_s;
    line.function = u"consoleLog"_s;
    line.line = 1183;
    line.text = "a line from the \"console\"\twith a tab\n";
    sw.log(line);
    QTest::qWait(50);
    QVERIFY(!m_simEvents.isEmpty());
    QVERIFY(!m_simLog.isEmpty());
}

void TestSimAmqpShapes::rebuildsEveryCapturedEventByteForByte()
{
    // The Event Socket's JSON writer is switch_event_serialize_json, which is what mod_amqp
    // publishes: read each captured body and write it again.
    for (const CapturedMessage &captured : std::as_const(m_events)) {
        const Esl::Expected<Esl::Event> event = Esl::Event::fromJson(captured.message.body);
        QVERIFY(event.ok());
        const Amqp::Message rebuilt = Sim::AmqpFormat::eventMessage(*event);
        QCOMPARE(rebuilt.body, captured.message.body);
        QCOMPARE(rebuilt.routingKey, captured.message.routingKey);
        QCOMPARE(rebuilt.exchange, captured.message.exchange);
        QCOMPARE(rebuilt.contentType, captured.message.contentType);
        QCOMPARE(rebuilt.headers.size(), 1);
        QCOMPARE(rebuilt.headers.front().name, captured.message.headers.front().name);
        // The switch stamps the second it sends in; the event's own second is at most one off.
        QVERIFY(qAbs(rebuilt.timestamp - captured.message.timestamp) <= 1);
        QCOMPARE(rebuilt.headers.front().timestamp, rebuilt.timestamp);
    }
}

void TestSimAmqpShapes::simulatedCallPublishesTheCapturesKeysAndProperties()
{
    // What the capture's messages have, so the simulated ones can be held to it.
    for (const CapturedMessage &captured : std::as_const(m_events)) {
        QCOMPARE(captured.properties.keys(),
                 (QStringList{u"content_type"_s, u"headers"_s, u"timestamp"_s}));
        QCOMPARE(captured.message.routingKey.count('.'), 4);
        QVERIFY(captured.message.routingKey.startsWith("FreeSWITCH.vm."));
        QCOMPARE(captured.message.headers.size(), 1);
        QVERIFY(captured.message.headers.front().isTimestamp());
    }
    for (const Sim::FiredEventPtr &fired : std::as_const(m_simEvents)) {
        const Amqp::Message m = Sim::AmqpFormat::eventMessage(*fired);
        QCOMPARE(m.exchange, "TAP.Events");
        QCOMPARE(m.contentType, "text/json");
        QVERIFY(m.timestamp > 1700000000);
        // Exactly one header, the timestamp-typed x_Liquid_MessageSentTimeStamp; the model
        // has no delivery_mode or message_id to set, as mod_amqp sets none.
        QCOMPARE(m.headers.size(), 1);
        QCOMPARE(m.headers.front().name, "x_Liquid_MessageSentTimeStamp");
        QVERIFY(m.headers.front().isTimestamp());
        QCOMPARE(m.headers.front().timestamp, m.timestamp);
        QCOMPARE(m.routingKey.count('.'), 4);
        QVERIFY2(m.routingKey.startsWith("FreeSWITCH.sim-01."), m.routingKey.constData());
        QVERIFY2(hasRoutingKeyShape(m.routingKey, fired->event()), m.routingKey.constData());
        // The body is the compact JSON the capture has: it reads back as the same event.
        QVERIFY(m.body.startsWith("{\"Event-Name\":\""));
        const Esl::Expected<Esl::Event> back = Esl::Event::fromJson(m.body);
        QVERIFY(back.ok());
        const Esl::Event &sent = fired->event();
        if (!sent.hasHeader("Event-Subclass")) {
            QVERIFY(back->isEquivalent(sent));
            continue;
        }
        // A CUSTOM event: the same headers, its Event-Subclass right after Event-Sequence as in
        // the capture's bodies (first on the Event Socket).
        const Esl::HeaderList &h = back->headers();
        QCOMPARE(h.size(), sent.headers().size());
        for (qsizetype i = 0; i < h.size(); ++i)
            QCOMPARE(sent.header(h.name(i)), h.value(i));
        QCOMPARE(h.indexOf("Event-Subclass"), h.indexOf("Event-Sequence") + 1);
        QCOMPARE(back->body(), sent.body());
    }
}

void TestSimAmqpShapes::simulatedEventsCarryEveryHeaderTheCapturesEventsOfTheirKindCarry()
{
    QList<Esl::Event> captured;
    for (const CapturedMessage &c : std::as_const(m_events))
        captured.append(*Esl::Event::fromJson(c.message.body));
    QList<Esl::Event> simulated;
    for (const Sim::FiredEventPtr &fired : std::as_const(m_simEvents))
        simulated.append(*Esl::Event::fromJson(Sim::AmqpFormat::eventMessage(*fired).body));
    const QMap<QString, QSet<QByteArray>> real = commonHeaders(captured);
    QMap<QString, QSet<QByteArray>> sim;
    for (const Esl::Event &e : std::as_const(simulated)) {
        for (qsizetype i = 0; i < e.headers().size(); ++i)
            sim[eventKind(e)].insert(e.headers().name(i).toByteArray());
    }
    QStringList missing;
    int compared = 0;
    for (auto it = real.cbegin(); it != real.cend(); ++it) {
        if (!sim.contains(it.key()))
            continue;
        ++compared;
        for (const QByteArray &name : it.value()) {
            const QString where = it.key() + u' ' + QString::fromUtf8(name);
            if (!sim[it.key()].contains(name))
                missing.append(where);
        }
    }
    missing.sort();
    for (const QString &where : std::as_const(missing))
        qWarning("the simulated switch lacks %s", qPrintable(where));
    QVERIFY2(compared >= 15, qPrintable(QString::number(compared)));
    QVERIFY2(missing.isEmpty(), qPrintable(missing.join(u'\n')));
}

void TestSimAmqpShapes::hangupEventsCarryTheCdrVariablesAsTheCaptureHasThem()
{
    // The relations hold in the capture (so they are the real switch's), then in the
    // simulated switch's events.
    int real = 0;
    int simulated = 0;
    for (const CapturedMessage &c : std::as_const(m_events)) {
        const Esl::Event e = *Esl::Event::fromJson(c.message.body);
        if (e.eventName() != "CHANNEL_HANGUP_COMPLETE" && e.eventName() != "CHANNEL_DESTROY")
            continue;
        ++real;
        QVERIFY2(cdrProblems(e).isEmpty(), qPrintable(cdrProblems(e).join(u", ")));
    }
    for (const Sim::FiredEventPtr &fired : std::as_const(m_simEvents)) {
        const Esl::Event &e = fired->event();
        if (e.eventName() != "CHANNEL_HANGUP_COMPLETE" && e.eventName() != "CHANNEL_DESTROY")
            continue;
        ++simulated;
        QVERIFY2(cdrProblems(e).isEmpty(),
                 qPrintable(e.uniqueId() + u": "_s + cdrProblems(e).join(u", ")));
    }
    QCOMPARE(real, 28);
    QCOMPARE(simulated, 28); // 14 channels, as in the capture
}

void TestSimAmqpShapes::originateAndBridgeVariablesAreThoseOfTheCapture()
{
    QSet<QByteArray> realKinds;
    for (const CapturedMessage &c : std::as_const(m_events)) {
        const Esl::Event e = *Esl::Event::fromJson(c.message.body);
        QVERIFY2(originateProblems(e).isEmpty(), qPrintable(originateProblems(e).join(u", ")));
        realKinds.insert(e.eventName().toByteArray());
    }
    QSet<QByteArray> simulatedKinds;
    for (const Sim::FiredEventPtr &fired : std::as_const(m_simEvents)) {
        const Esl::Event &e = fired->event();
        QVERIFY2(originateProblems(e).isEmpty(),
                 qPrintable(e.name() + u' ' + e.uniqueId() + u": "_s +
                            originateProblems(e).join(u", ")));
        simulatedKinds.insert(e.eventName().toByteArray());
    }
    for (const QByteArray kind :
         {"CHANNEL_CREATE", "CHANNEL_BRIDGE", "CALL_UPDATE", "CHANNEL_UNBRIDGE"}) {
        QVERIFY2(realKinds.contains(kind), kind.constData());
        QVERIFY2(simulatedKinds.contains(kind), kind.constData());
    }
}

void TestSimAmqpShapes::customSubclassesAreEscapedInTheKeyAsTheSwitchDoes()
{
    Sim::Switch sw(quickConfig());
    Sim::FiredEventPtr fired;
    connect(&sw, &Sim::Switch::eventFired, this, [&](const Sim::FiredEventPtr &e) { fired = e; });
    Esl::HeaderList headers =
        sw.eventBase("CUSTOM", "mod_conference.c", "send_conference_notify", 1);
    headers.append("Event-Subclass", "conference::maintenance");
    headers.append("Unique-ID", "f7dee9a1-a892-4c89-8ab2-7747e2221d7d");
    headers.append("Conference-Name", "amqp.example com");
    sw.fire(Esl::Event(headers, {}, false));
    QVERIFY(fired);
    const Amqp::Message m = Sim::AmqpFormat::eventMessage(*fired);
    QCOMPARE(m.routingKey, "FreeSWITCH.sim-01.CUSTOM.conference%3A%3Amaintenance."
                           "f7dee9a1-a892-4c89-8ab2-7747e2221d7d");
    // The capture's own keys for the same subclass.
    bool seen = false;
    for (const CapturedMessage &c : std::as_const(m_events))
        seen = seen ||
               c.message.routingKey.startsWith("FreeSWITCH.vm.CUSTOM.conference%3A%3Amaintenance.");
    QVERIFY(seen);
    // A hostname with a dot or a space is escaped the same way.
    Sim::SwitchConfig dotted = quickConfig();
    dotted.hostname = u"pbx.example com"_s;
    Sim::Switch other(dotted);
    connect(&other, &Sim::Switch::eventFired, this,
            [&](const Sim::FiredEventPtr &e) { fired = e; });
    other.fire(
        Esl::Event(other.eventBase("HEARTBEAT", "switch_core.c", "send_heartbeat", 1), {}, false));
    QCOMPARE(Sim::AmqpFormat::eventMessage(*fired).routingKey,
             "FreeSWITCH.pbx%2Eexample+com.HEARTBEAT..");
}

QTEST_GUILESS_MAIN(TestSimAmqpShapes)
