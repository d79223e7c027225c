// The simulated switch's core against the real switch: the events it fires carry the header
// names real FreeSWITCH 1.10.12 writes for the same event (variables aside, which depend on
// configuration), its `show ... as json` rows have the real keys, and its calls move through
// the real state machine.

#include "support/fixtures.h"

#include "esl/wire/event.h"
#include "sim/simswitch.h"
#include "sim/traffic.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::Literals::StringLiterals;

namespace {

using Shape = QList<QByteArray>;

// Header names in order, without variables (they depend on configuration) and without the
// two profile fields a channel only has once it was transferred (they depend on its history,
// not on the event).
Shape shapeOf(const Esl::Event &event)
{
    Shape shape;
    for (qsizetype i = 0; i < event.headers().size(); ++i) {
        const QByteArrayView name = event.headers().name(i);
        if (!name.startsWith("variable_") && name != "Caller-Transfer-Source" &&
            name != "Caller-RDNIS")
            shape.append(name.toByteArray());
    }
    return shape;
}

// Every shape each event name has in the real captures.
const QHash<QString, QSet<Shape>> &realShapes()
{
    static const QHash<QString, QSet<Shape>> shapes = [] {
        QHash<QString, QSet<Shape>> out;
        for (const QString &scenario : {u"inbound-plain"_s, u"outbound"_s, u"load"_s}) {
            for (const Esl::Message &m :
                 TestSupport::parseAll(TestSupport::readFixture(scenario, u".esl"_s))) {
                if (!m.isEvent())
                    continue;
                const auto event = Esl::Event::fromMessage(m);
                if (event)
                    out[event->name()].insert(shapeOf(*event));
            }
        }
        return out;
    }();
    return shapes;
}

QJsonObject firstRow(const QByteArray &body)
{
    return QJsonDocument::fromJson(body).object().value(u"rows"_s).toArray().first().toObject();
}

QStringList keysInOrder(const QByteArray &json)
{
    // QJsonObject sorts keys; scan the first row for them in document order.
    QStringList keys;
    const qsizetype rows = json.indexOf("\"rows\":[");
    if (rows < 0)
        return keys;
    int depth = 0;
    bool expectKey = false;
    for (qsizetype i = rows + 8; i < json.size(); ++i) {
        const char c = json[i];
        if (c == '"') {
            QByteArray text;
            for (++i; i < json.size() && json[i] != '"'; ++i) {
                if (json[i] == '\\')
                    ++i;
                text += json[i];
            }
            if (depth == 1 && expectKey)
                keys.append(QString::fromUtf8(text));
            expectKey = false;
        } else if (c == '{') {
            ++depth;
            expectKey = true;
        } else if (c == ',' && depth == 1) {
            expectKey = true;
        } else if (c == '}' && --depth == 0) {
            break;
        }
    }
    return keys;
}

} // namespace

class TestSimSwitch : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void aBridgedCallFiresTheRealEventSequence();
    void everyEventHasTheHeaderNamesOfTheRealSwitch();
    void showChannelsAndCallsHaveTheRealKeys();
    void showAnswersRowCountZeroWithoutRows();
    void theConnectReplyCarriesTheRealChannelBlocks();
    void apiErrorsAreWordedAsTheSwitchWordsThem_data();
    void apiErrorsAreWordedAsTheSwitchWordsThem();
    void executeReportsStartAndEveryLoopWithOurApplicationUuid();
    void unknownApplicationsNeverStart();
    void bgapiOriginateAnswersWhenTheCallIsUp();
    void holdParkTransferRecordAndDtmfFireTheirEvents();
    void killEndsBothLegsWithTheCause();
    void restartForgetsEverythingUnderANewCoreUuid();
    void trafficIsTheSameForTheSameSeed();

private:
    QList<Esl::Event> takeEvents()
    {
        QList<Esl::Event> out;
        out.swap(m_events);
        return out;
    }
    QStringList names(const QList<Esl::Event> &events, const QString &uuid = {})
    {
        QStringList out;
        for (const Esl::Event &e : events) {
            if (uuid.isEmpty() || e.uniqueId() == uuid)
                out.append(e.name());
        }
        return out;
    }
    bool waitForEvent(const QString &name, const QString &uuid = {}, int timeoutMs = 5000)
    {
        return QTest::qWaitFor(
            [&] {
                for (const Esl::Event &e : std::as_const(m_events)) {
                    if (e.name() == name && (uuid.isEmpty() || e.uniqueId() == uuid))
                        return true;
                }
                return false;
            },
            timeoutMs);
    }
    QString bridgedCall()
    {
        Sim::Switch::CallSpec spec;
        spec.callerName = u"Søren Ærø"_s;
        spec.callerNumber = u"+4512345678"_s;
        spec.destination = u"1001"_s;
        const QString a = m_switch->placeCall(spec);
        if (!waitForEvent(u"CHANNEL_BRIDGE"_s, a))
            return {};
        return a;
    }

    std::unique_ptr<Sim::Switch> m_switch;
    QList<Esl::Event> m_events;
};

void TestSimSwitch::init()
{
    Sim::SwitchConfig config;
    config.heartbeatIntervalMs = 0;
    config.ringMs = 30;
    config.answerDelayMs = 10;
    m_switch = std::make_unique<Sim::Switch>(config);
    m_events.clear();
    // Events as a client receives them: serialized as the switch writes them, then decoded.
    connect(m_switch.get(), &Sim::Switch::eventFired, this, [this](const Sim::FiredEventPtr &e) {
        const QList<Esl::Message> messages =
            TestSupport::parseAll(e->bytes(Esl::Event::Format::Plain));
        QCOMPARE(messages.size(), 1);
        const auto decoded = Esl::Event::fromMessage(messages.first());
        QVERIFY(decoded);
        m_events.append(*decoded);
    });
}

void TestSimSwitch::cleanup()
{
    m_switch.reset();
}

void TestSimSwitch::aBridgedCallFiresTheRealEventSequence()
{
    const QString a = bridgedCall();
    QVERIFY(!a.isEmpty());
    const QList<Esl::Event> events = takeEvents();
    const QStringList aNames = names(events, a);
    QCOMPARE(aNames.first(), u"CHANNEL_CREATE"_s);
    QVERIFY(aNames.contains(u"CHANNEL_ANSWER"_s));
    QVERIFY(aNames.indexOf(u"CHANNEL_EXECUTE"_s) < aNames.indexOf(u"CHANNEL_BRIDGE"_s));
    // The B leg was created by the A leg, points back at it, and shares its call uuid.
    const auto bCreate = std::find_if(events.cbegin(), events.cend(), [&](const Esl::Event &e) {
        return e.name() == u"CHANNEL_CREATE" && e.uniqueId() != a;
    });
    QVERIFY(bCreate != events.cend());
    QCOMPARE(bCreate->otherLegUniqueId(), a);
    QCOMPARE(bCreate->text("Other-Type"), u"originator"_s);
    QCOMPARE(bCreate->channelCallUuid(), a);
    const auto bridge = std::find_if(events.cbegin(), events.cend(), [](const Esl::Event &e) {
        return e.name() == u"CHANNEL_BRIDGE";
    });
    QCOMPARE(bridge->text("Bridge-A-Unique-ID"), a);
    QCOMPARE(bridge->text("Bridge-B-Unique-ID"), bCreate->uniqueId());
    QCOMPARE(bridge->text("Caller-Caller-ID-Name"), u"Søren Ærø"_s);
    // Event-Sequence grows by one per event.
    for (qsizetype i = 1; i < events.size(); ++i)
        QCOMPARE(events[i].sequence(), events[i - 1].sequence() + 1);
}

void TestSimSwitch::everyEventHasTheHeaderNamesOfTheRealSwitch()
{
    // A call that does everything, then every event it fired compared with the captures.
    const QString a = bridgedCall();
    QVERIFY(!a.isEmpty());
    m_switch->api(u"uuid_hold "_s + a);
    m_switch->api(u"uuid_hold off "_s + a);
    m_switch->api(u"uuid_send_dtmf "_s + a + u" 12"_s);
    m_switch->api(u"uuid_record "_s + a + u" start /tmp/x.wav"_s);
    m_switch->api(u"uuid_record "_s + a + u" stop /tmp/x.wav"_s);
    m_switch->execute(a, u"playback"_s, u"tone_stream://%(500,0,440)"_s, u"e1"_s, 1, true);
    QVERIFY(waitForEvent(u"CHANNEL_EXECUTE_COMPLETE"_s, a));
    m_switch->api(u"uuid_park "_s + a);
    m_switch->api(u"uuid_transfer "_s + a + u" 2001 XML default"_s);
    QVERIFY(waitForEvent(u"CHANNEL_BRIDGE"_s));
    m_switch->api(u"hupall"_s);
    QVERIFY(QTest::qWaitFor([&] { return m_switch->channelCount() == 0; }, 5000));
    QTest::qWait(20);
    m_switch->bgapi(u"echo hello"_s, u"job-1"_s);
    QVERIFY(waitForEvent(u"BACKGROUND_JOB"_s));

    const QHash<QString, QSet<Shape>> &real = realShapes();
    QSet<QString> compared;
    QStringList notInCaptures;
    for (const Esl::Event &event : takeEvents()) {
        const QString name = event.name();
        if (!real.contains(name)) {
            if (!notInCaptures.contains(name))
                notInCaptures.append(name);
            continue;
        }
        compared.insert(name);
        const Shape shape = shapeOf(event);
        if (!real[name].contains(shape)) {
            QString closest;
            for (const Shape &candidate : real[name]) {
                QStringList diff;
                for (const QByteArray &n : shape)
                    if (!candidate.contains(n))
                        diff.append(u"+"_s + QString::fromUtf8(n));
                for (const QByteArray &n : candidate)
                    if (!shape.contains(n))
                        diff.append(u"-"_s + QString::fromUtf8(n));
                if (closest.isEmpty() || diff.join(u' ').size() < closest.size())
                    closest = diff.isEmpty() ? u"(same names, other order)"_s : diff.join(u' ');
            }
            QFAIL(qPrintable(u"%1 differs from the real switch: %2"_s.arg(name, closest)));
        }
    }
    // The events an operator console lives on were all compared.
    for (const char *name : {"CHANNEL_CREATE",
                             "CHANNEL_ANSWER",
                             "CHANNEL_BRIDGE",
                             "CHANNEL_UNBRIDGE",
                             "CHANNEL_HANGUP",
                             "CHANNEL_HANGUP_COMPLETE",
                             "CHANNEL_DESTROY",
                             "CHANNEL_STATE",
                             "CHANNEL_CALLSTATE",
                             "CHANNEL_EXECUTE",
                             "CHANNEL_EXECUTE_COMPLETE",
                             "CHANNEL_HOLD",
                             "CHANNEL_PARK",
                             "RECORD_START",
                             "RECORD_STOP",
                             "DTMF",
                             "API",
                             "BACKGROUND_JOB",
                             "CHANNEL_ORIGINATE",
                             "CHANNEL_OUTGOING",
                             "CALL_UPDATE"})
        QVERIFY2(compared.contains(QString::fromLatin1(name)), name);
    qInfo("compared %lld event names; not in the captures: %s", qint64(compared.size()),
          qPrintable(notInCaptures.join(u", ")));
}

void TestSimSwitch::showChannelsAndCallsHaveTheRealKeys()
{
    QVERIFY(!bridgedCall().isEmpty());
    // The real bodies from api-bodies.esl.
    QByteArray realChannels, realCalls;
    for (const Esl::Message &m :
         TestSupport::parseAll(TestSupport::readFixture(u"api-bodies"_s, u".esl"_s))) {
        if (m.contentType() != "api/response" || !m.body().startsWith("{\"row_count\":"))
            continue;
        if (realChannels.isEmpty())
            realChannels = m.body();
        else if (realCalls.isEmpty())
            realCalls = m.body();
    }
    const QByteArray channels = m_switch->api(u"show channels as json"_s);
    const QByteArray calls = m_switch->api(u"show calls as json"_s);
    QCOMPARE(keysInOrder(channels), keysInOrder(realChannels));
    QCOMPARE(keysInOrder(calls), keysInOrder(realCalls));
    QCOMPARE(QJsonDocument::fromJson(channels).object().value(u"row_count"_s).toInt(), 2);
    QCOMPARE(QJsonDocument::fromJson(calls).object().value(u"row_count"_s).toInt(), 1);
    const QJsonObject call = firstRow(calls);
    QVERIFY(!call.value(u"b_uuid"_s).toString().isEmpty());
    QCOMPARE(call.value(u"callstate"_s).toString(), u"ACTIVE"_s);
    QCOMPARE(call.value(u"cid_name"_s).toString(), u"Søren Ærø"_s);
}

void TestSimSwitch::theConnectReplyCarriesTheRealChannelBlocks()
{
    // A lone channel, like the capture's outbound socket leg (which has no other leg).
    const QByteArray reply = m_switch->api(u"originate user/1000 &park()"_s);
    QVERIFY(reply.startsWith("+OK "));
    const QString uuid = QString::fromUtf8(reply.mid(4).trimmed());
    // The real connect reply: outbound.esl's first message, after its 13 event-base headers.
    const Esl::Message real =
        TestSupport::parseAll(TestSupport::readFixture(u"outbound"_s, u".esl"_s)).first();
    auto names = [](const Esl::HeaderList &h, qsizetype from) {
        Shape out;
        for (qsizetype i = from; i < h.size(); ++i) {
            const QByteArrayView n = h.name(i);
            if (!n.startsWith("variable_") && n != "Content-Type" && n != "Reply-Text" &&
                n != "Socket-Mode" && n != "Control")
                out.append(n.toByteArray());
        }
        return out;
    };
    QCOMPARE(names(m_switch->channelData(uuid), 0), names(real.headers(), 13));
}

void TestSimSwitch::showAnswersRowCountZeroWithoutRows()
{
    QCOMPARE(m_switch->api(u"show channels as json"_s), "{\"row_count\": 0}\n");
    QCOMPARE(m_switch->api(u"show calls as json"_s), "{\"row_count\": 0}\n");
    QVERIFY(m_switch->api(u"show channels"_s).endsWith("\n0 total.\n"));
}

void TestSimSwitch::apiErrorsAreWordedAsTheSwitchWordsThem_data()
{
    QTest::addColumn<QString>("command");
    QTest::addColumn<QByteArray>("reply");
    const QString none = u"00000000-0000-0000-0000-000000000000"_s;
    QTest::newRow("unknown command")
        << u"nosuchcommand"_s << "-ERR nosuchcommand Command not found!\n"_ba;
    QTest::newRow("kill a missing channel")
        << u"uuid_kill "_s + none << "-ERR No such channel!\n"_ba;
    QTest::newRow("transfer a missing channel")
        << u"uuid_transfer "_s + none + u" 1000"_s << "-ERR No such channel!\n"_ba;
    QTest::newRow("hold a missing channel")
        << u"uuid_hold "_s + none << "-ERR Operation failed\n"_ba;
    QTest::newRow("park a missing channel")
        << u"uuid_park "_s + none << "-ERR No such channel!\n"_ba;
    QTest::newRow("bridge missing channels")
        << u"uuid_bridge "_s + none + u" "_s + none << "-ERR Invalid uuid\n"_ba;
    QTest::newRow("record a missing channel")
        << u"uuid_record "_s + none + u" start /tmp/a.wav"_s << "-ERR Cannot locate session!\n"_ba;
    QTest::newRow("dtmf to a missing channel")
        << u"uuid_send_dtmf "_s + none + u" 1"_s << "-ERR Cannot locate session!\n"_ba;
    QTest::newRow("dump a missing channel")
        << u"uuid_dump "_s + none << "-ERR No such channel!\n"_ba;
    QTest::newRow("getvar on a missing channel")
        << u"uuid_getvar "_s + none + u" x"_s << "-ERR No such channel!\n"_ba;
    QTest::newRow("exists") << u"uuid_exists "_s + none << "false"_ba;
    QTest::newRow("kill without arguments") << u"uuid_kill"_s << "-USAGE: <uuid> [cause]\n"_ba;
    QTest::newRow("originate to a busy user")
        << u"originate error/USER_BUSY 1000"_s << "-ERR USER_BUSY\n"_ba;
    QTest::newRow("originate to an unknown endpoint")
        << u"originate foo/bar 1000"_s << "-ERR CHAN_NOT_IMPLEMENTED\n"_ba;
    QTest::newRow("hupall") << u"hupall"_s
                            << "+OK hangup all channels with cause NORMAL_CLEARING\n"_ba;
}

void TestSimSwitch::apiErrorsAreWordedAsTheSwitchWordsThem()
{
    QFETCH(QString, command);
    QFETCH(QByteArray, reply);
    QCOMPARE(m_switch->api(command), reply);
}

void TestSimSwitch::executeReportsStartAndEveryLoopWithOurApplicationUuid()
{
    const QString a = bridgedCall();
    QVERIFY(!a.isEmpty());
    takeEvents();
    QVERIFY(
        m_switch->execute(a, u"playback"_s, u"tone_stream://%(100,0,440)"_s, u"app-1"_s, 2, true));
    QVERIFY(!m_switch->execute(u"no-such-channel"_s, u"playback"_s, {}, u"app-2"_s, 1, false));
    QVERIFY(QTest::qWaitFor(
        [&] {
            return std::count_if(m_events.cbegin(), m_events.cend(), [](const Esl::Event &e) {
                       return e.name() == u"CHANNEL_EXECUTE_COMPLETE" &&
                              e.applicationUuid() == u"app-1";
                   }) == 2;
        },
        5000));
    const QList<Esl::Event> events = takeEvents();
    const QStringList mine = [&] {
        QStringList out;
        for (const Esl::Event &e : events)
            if (e.applicationUuid() == u"app-1")
                out.append(e.name());
        return out;
    }();
    QCOMPARE(mine, (QStringList{u"CHANNEL_EXECUTE"_s, u"CHANNEL_EXECUTE_COMPLETE"_s,
                                u"CHANNEL_EXECUTE"_s, u"CHANNEL_EXECUTE_COMPLETE"_s}));
    const auto done = std::find_if(events.crbegin(), events.crend(), [](const Esl::Event &e) {
        return e.name() == u"CHANNEL_EXECUTE_COMPLETE";
    });
    QCOMPARE(done->text("Application-Response"), u"FILE PLAYED"_s);
    QCOMPARE(done->text("Application"), u"playback"_s);
}

void TestSimSwitch::unknownApplicationsNeverStart()
{
    const QString a = bridgedCall();
    QVERIFY(!a.isEmpty());
    QList<Sim::LogEntry> logs;
    connect(m_switch.get(), &Sim::Switch::logged, this,
            [&](const Sim::LogEntry &l) { logs.append(l); });
    takeEvents();
    QVERIFY(m_switch->execute(a, u"no_such_app"_s, {}, u"app-x"_s, 1, false));
    QVERIFY(QTest::qWaitFor([&] { return !logs.isEmpty(); }, 2000));
    QCOMPARE(logs.first().text, "Invalid Application no_such_app\n");
    QCOMPARE(logs.first().uuid, a);
    for (const Esl::Event &e : takeEvents())
        QVERIFY(e.applicationUuid() != u"app-x");
}

void TestSimSwitch::bgapiOriginateAnswersWhenTheCallIsUp()
{
    m_switch->bgapi(
        u"originate {origination_uuid=11111111-2222-3333-4444-555555555555}user/1000 &park()"_s,
        u"job-7"_s);
    QVERIFY(waitForEvent(u"BACKGROUND_JOB"_s));
    const QList<Esl::Event> events = takeEvents();
    const auto job = std::find_if(events.cbegin(), events.cend(), [](const Esl::Event &e) {
        return e.name() == u"BACKGROUND_JOB";
    });
    QCOMPARE(job->jobUuid(), u"job-7"_s);
    QCOMPARE(job->body(), "+OK 11111111-2222-3333-4444-555555555555\n");
    // It came after the answer, not when the command was read.
    const auto answer = std::find_if(events.cbegin(), events.cend(), [](const Esl::Event &e) {
        return e.name() == u"CHANNEL_ANSWER";
    });
    QVERIFY(answer != events.cend());
    QVERIFY(answer->sequence() < job->sequence());
    QVERIFY(m_switch->hasChannel(u"11111111-2222-3333-4444-555555555555"_s));

    m_switch->bgapi(u"originate error/NO_ANSWER 1000"_s, u"job-8"_s);
    QVERIFY(waitForEvent(u"BACKGROUND_JOB"_s));
    QCOMPARE(takeEvents().last().body(), "-ERR NO_ANSWER\n");
}

void TestSimSwitch::holdParkTransferRecordAndDtmfFireTheirEvents()
{
    const QString a = bridgedCall();
    QVERIFY(!a.isEmpty());
    takeEvents();
    QCOMPARE(m_switch->api(u"uuid_hold "_s + a), "+OK Success\n");
    QCOMPARE(m_switch->api(u"uuid_hold "_s + a), "-ERR Operation failed\n"); // already held
    QCOMPARE(m_switch->api(u"uuid_hold off "_s + a), "+OK Success\n");
    QCOMPARE(m_switch->api(u"uuid_send_dtmf "_s + a + u" 1234"_s),
             "+OK "_ba + a.toUtf8() + " sent DTMF 1234.\n");
    QCOMPARE(m_switch->api(u"uuid_record "_s + a + u" start /tmp/r.wav"_s), "+OK Success\n");
    QCOMPARE(m_switch->api(u"uuid_record "_s + a + u" stop /tmp/r.wav"_s), "+OK Success\n");
    QCOMPARE(m_switch->api(u"uuid_setvar "_s + a + u" foo bar baz"_s), "+OK\n");
    QCOMPARE(m_switch->api(u"uuid_getvar "_s + a + u" foo"_s), "bar baz");
    QCOMPARE(m_switch->api(u"uuid_getvar "_s + a + u" nothing"_s), "_undef_");
    QCOMPARE(m_switch->api(u"uuid_exists "_s + a), "true");
    QVERIFY(m_switch->api(u"uuid_dump "_s + a).contains("Event-Name: CHANNEL_DATA\n"));
    QVERIFY(m_switch->api(u"uuid_dump "_s + a + u" json"_s)
                .startsWith("{\"Event-Name\":\"CHANNEL_DATA\""));
    QCOMPARE(m_switch->api(u"uuid_park "_s + a), "+OK\n");
    QCOMPARE(m_switch->api(u"uuid_transfer "_s + a + u" 2001 XML default"_s), "+OK\n");
    QVERIFY(waitForEvent(u"CHANNEL_BRIDGE"_s, a));
    const QList<Esl::Event> events = takeEvents();
    const QStringList aNames = names(events, a);
    for (const QString &name :
         {u"CHANNEL_HOLD"_s, u"CHANNEL_UNHOLD"_s, u"DTMF"_s, u"RECORD_START"_s, u"RECORD_STOP"_s,
          u"CHANNEL_PARK"_s, u"CHANNEL_UNPARK"_s, u"CALL_UPDATE"_s, u"CHANNEL_BRIDGE"_s})
        QVERIFY2(aNames.contains(name), qPrintable(name));
    QCOMPARE(aNames.count(u"DTMF"_s), 4);
    // The call states an operator sees go by.
    QStringList callStates;
    for (const Esl::Event &e : events)
        if (e.name() == u"CHANNEL_CALLSTATE" && e.uniqueId() == a)
            callStates.append(e.text("Channel-Call-State"));
    QVERIFY2(callStates.mid(0, 3) == (QStringList{u"HELD"_s, u"UNHELD"_s, u"ACTIVE"_s}),
             qPrintable(callStates.join(u',')));
    // After the transfer the A leg talks to a new B leg for 2001.
    const auto update = std::find_if(events.cbegin(), events.cend(), [](const Esl::Event &e) {
        return e.name() == u"CALL_UPDATE";
    });
    QCOMPARE(update->text("Caller-Destination-Number"), u"2001"_s);
    const QJsonObject call = firstRow(m_switch->api(u"show calls as json"_s));
    QCOMPARE(call.value(u"b_dest"_s).toString(), u"2001"_s);
}

void TestSimSwitch::killEndsBothLegsWithTheCause()
{
    const QString a = bridgedCall();
    QVERIFY(!a.isEmpty());
    takeEvents();
    QCOMPARE(m_switch->api(u"uuid_kill "_s + a + u" USER_BUSY"_s), "+OK\n");
    QVERIFY(QTest::qWaitFor([&] { return m_switch->channelCount() == 0; }, 5000));
    const QList<Esl::Event> events = takeEvents();
    int destroyed = 0;
    for (const Esl::Event &e : events) {
        if (e.name() == u"CHANNEL_HANGUP")
            QCOMPARE(e.text("Hangup-Cause"), u"USER_BUSY"_s);
        destroyed += e.name() == u"CHANNEL_DESTROY";
    }
    QCOMPARE(destroyed, 2);
    const QStringList aNames = names(events, a);
    QVERIFY(aNames.indexOf(u"CHANNEL_UNBRIDGE"_s) < aNames.indexOf(u"CHANNEL_HANGUP"_s));
    QVERIFY(aNames.indexOf(u"CHANNEL_HANGUP_COMPLETE"_s) < aNames.indexOf(u"CHANNEL_DESTROY"_s));
    QCOMPARE(aNames.last(), u"CHANNEL_DESTROY"_s);
}

void TestSimSwitch::restartForgetsEverythingUnderANewCoreUuid()
{
    QVERIFY(!bridgedCall().isEmpty());
    const QString before = m_switch->coreUuid();
    QSignalSpy restarted(m_switch.get(), &Sim::Switch::restarted);
    takeEvents();
    m_switch->restart();
    QCOMPARE(restarted.size(), 1);
    QVERIFY(m_switch->coreUuid() != before);
    QCOMPARE(m_switch->channelCount(), 0);
    QCOMPARE(m_switch->api(u"global_getvar core_uuid"_s), m_switch->coreUuid().toUtf8());
    QCOMPARE(m_switch->api(u"show channels as json"_s), "{\"row_count\": 0}\n");
    QTest::qWait(50);
    for (const Esl::Event &e : takeEvents())
        QVERIFY(e.name() == u"API"); // nothing about the lost channels
}

void TestSimSwitch::trafficIsTheSameForTheSameSeed()
{
    Sim::TrafficProfile profile;
    profile.seed = 42;
    profile.holdShare = profile.transferShare = profile.parkShare = 0.2;
    Sim::TrafficGenerator one(m_switch.get(), profile);
    Sim::TrafficGenerator two(m_switch.get(), profile);
    profile.seed = 43;
    Sim::TrafficGenerator other(m_switch.get(), profile);
    bool anyDifference = false;
    bool nonAscii = false;
    QSet<int> actions;
    for (int i = 0; i < 200; ++i) {
        const auto a = one.planCall();
        const auto b = two.planCall();
        const auto c = other.planCall();
        QCOMPARE(a.callerName, b.callerName);
        QCOMPARE(a.callerNumber, b.callerNumber);
        QCOMPARE(a.durationMs, b.durationMs);
        QCOMPARE(int(a.action), int(b.action));
        anyDifference |= a.callerNumber != c.callerNumber;
        for (const QChar ch : a.callerName)
            nonAscii |= ch.unicode() > 127;
        actions.insert(int(a.action));
        QVERIFY(a.durationMs >= profile.minDurationMs);
    }
    QVERIFY(anyDifference);
    QVERIFY(nonAscii);
    QCOMPARE(actions.size(), 4); // none, hold, transfer, park all occur
}

QTEST_GUILESS_MAIN(TestSimSwitch)
#include "tst_simswitch.moc"
