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
#include <QRegularExpression>
#include <QSet>
#include <QSignalSpy>
#include <QTest>
#include <QUuid>

#include <functional>

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
    void broadcastQueuesTheApplicationAndAnswersBeforeItRuns();
    void bgapiOriginateAnswersWhenTheCallIsUp();
    void holdParkTransferRecordAndDtmfFireTheirEvents();
    void killEndsBothLegsAsTheBridgeEnds_data();
    void killEndsBothLegsAsTheBridgeEnds();
    void killReadsTheCauseAsTheSwitchDoes_data();
    void killReadsTheCauseAsTheSwitchDoes();
    // att_xfer, as mod_dptools runs it.
    void attendedTransferHandsThePartnerToTheTargetWhenTheTransferorLeaves_data();
    void attendedTransferHandsThePartnerToTheTargetWhenTheTransferorLeaves();
    void attendedTransferLeavesThePartnerBridgedWhenTheTargetFails_data();
    void attendedTransferLeavesThePartnerBridgedWhenTheTargetFails();
    void attendedTransferGoesBackToThePartnerWhenTheTargetHangsUp();
    void attendedTransferEndsWithTheTargetWhenThePartnerLeftMeanwhile();
    // eavesdrop and three_way on a leg originated for the operator.
    void eavesdropListensToTheTargetUntilOneOfThemLeaves_data();
    void eavesdropListensToTheTargetUntilOneOfThemLeaves();
    void eavesdropOnAMissingChannelEndsAndTheLegHangsUp_data();
    void eavesdropOnAMissingChannelEndsAndTheLegHangsUp();
    // The uuid_* commands of the console, one by one.
    void holdAndUnholdShowTheHeldCallState();
    void parkEndsTheBridgeAndParksTheChannel();
    void uuidBridgeJoinsTwoParkedChannels();
    void recordStartsAndStopsWithTheRealHeaders();
    void sendDtmfFiresOneEventPerDigit();
    void transferOfTheBLegMovesItAndEndsTheALeg();
    void transferOfBothLegsSendsBothToTheDestination();
    void dumpShowsTheChannelAsItIsNow();
    void apiErrorsOnALiveCallAreWordedAsTheSwitchWordsThem();
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
    // The first event of `events` named `name` (of channel `uuid`, when given) that `match`
    // accepts, from index `from`; -1 when there is none.
    static qsizetype indexOf(const QList<Esl::Event> &events, const QString &name,
                             const QString &uuid = {},
                             const std::function<bool(const Esl::Event &)> &match = {},
                             qsizetype from = 0)
    {
        for (qsizetype i = from; i < events.size(); ++i) {
            const Esl::Event &e = events[i];
            if (e.name() == name && (uuid.isEmpty() || e.uniqueId() == uuid) &&
                (!match || match(e)))
                return i;
        }
        return -1;
    }
    static qsizetype bridgeIndex(const QList<Esl::Event> &events, const QString &name,
                                 const QString &a, const QString &b)
    {
        return indexOf(events, name, {}, [&](const Esl::Event &e) {
            return e.text("Bridge-A-Unique-ID") == a && e.text("Bridge-B-Unique-ID") == b;
        });
    }
    static QStringList callStates(const QList<Esl::Event> &events, const QString &uuid)
    {
        QStringList out;
        for (const Esl::Event &e : events)
            if (e.name() == u"CHANNEL_CALLSTATE" && e.uniqueId() == uuid)
                out.append(e.text("Channel-Call-State"));
        return out;
    }
    bool waitForMatch(const QString &name, const std::function<bool(const Esl::Event &)> &match,
                      int timeoutMs = 5000)
    {
        return QTest::qWaitFor([&] { return indexOf(m_events, name, {}, match) >= 0; }, timeoutMs);
    }
    bool waitForBridge(const QString &a, const QString &b)
    {
        return QTest::qWaitFor(
            [&] { return bridgeIndex(m_events, u"CHANNEL_BRIDGE"_s, a, b) >= 0; }, 5000);
    }
    bool waitForCompletion(const QString &applicationUuid)
    {
        return waitForMatch(u"CHANNEL_EXECUTE_COMPLETE"_s, [&](const Esl::Event &e) {
            return e.applicationUuid() == applicationUuid;
        });
    }
    QByteArray variable(const QString &uuid, const QString &name)
    {
        return m_switch->api(u"uuid_getvar "_s + uuid + u' ' + name);
    }
    QString bLegOf(const QString &a) { return QString::fromUtf8(variable(a, u"bridge_uuid"_s)); }
    // A lone channel as `originate <endpoint> &park()` leaves it: answered and parked.
    QString parkedChannel(const QString &endpoint)
    {
        const QByteArray reply = m_switch->api(u"originate "_s + endpoint + u" &park()"_s);
        const QString uuid = QString::fromUtf8(reply.mid(4).trimmed());
        if (!reply.startsWith("+OK ") || !waitForEvent(u"CHANNEL_PARK"_s, uuid))
            return {};
        return uuid;
    }
    // bgapi originate, as the console sends it for listen, whisper and barge.
    QString operatorLeg(const QString &application, const QString &target)
    {
        const QString job = QUuid::createUuid().toString(QUuid::WithoutBraces);
        m_switch->bgapi(
            u"originate {origination_caller_id_name=Listen,origination_caller_id_number="
            u"1000,eavesdrop_whisper_aleg=true}user/1000 &"_s +
                application + u'(' + target + u')',
            job);
        if (!waitForMatch(u"BACKGROUND_JOB"_s,
                          [&](const Esl::Event &e) { return e.jobUuid() == job; }))
            return {};
        const qsizetype i = indexOf(m_events, u"BACKGROUND_JOB"_s, {},
                                    [&](const Esl::Event &e) { return e.jobUuid() == job; });
        const QByteArray body = m_events[i].body();
        return body.startsWith("+OK ") ? QString::fromUtf8(body.mid(4).trimmed()) : QString();
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
    config.initialCalls = 0;
    config.staleRowMs = 0; // the listings as tidy as the events (tst_simlegs has the stale rows)
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
    // An attended transfer that completes, and an operator listening in.
    const QString second = bridgedCall();
    QVERIFY(!second.isEmpty());
    const QString transferor = bLegOf(second);
    m_switch->execute(transferor, u"att_xfer"_s, u"user/3000"_s, u"x1"_s, 1, false);
    QVERIFY(waitForMatch(u"CHANNEL_BRIDGE"_s, [&](const Esl::Event &e) {
        return e.text("Bridge-A-Unique-ID") == transferor;
    }));
    m_switch->hangup(transferor, {});
    QVERIFY(waitForMatch(u"CHANNEL_BRIDGE"_s, [&](const Esl::Event &e) {
        return e.text("Bridge-B-Unique-ID") == second;
    }));
    const QByteArray spy = m_switch->api(u"originate user/1000 &eavesdrop("_s + second + u')');
    QVERIFY(spy.startsWith("+OK "));
    QVERIFY(waitForEvent(u"MEDIA_BUG_START"_s, second));
    // The operator leaves first: the captures hold no media bug ending on a hung up channel.
    m_switch->api(u"uuid_kill "_s + QString::fromUtf8(spy.mid(4).trimmed()));
    QVERIFY(waitForEvent(u"MEDIA_BUG_STOP"_s, second));
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
    // switch_ivr_hold_uuid and switch_ivr_unhold_uuid succeed when the uuid is not found.
    QTest::newRow("hold a missing channel") << u"uuid_hold "_s + none << "+OK Success\n"_ba;
    QTest::newRow("unhold a missing channel") << u"uuid_hold off "_s + none << "+OK Success\n"_ba;
    QTest::newRow("hold without a uuid")
        << u"uuid_hold"_s << "-USAGE: [off|toggle] <uuid> [<display>]\n"_ba;
    QTest::newRow("transfer the b leg of a missing channel")
        << u"uuid_transfer "_s + none + u" -bleg 1000"_s << "-ERR No such channel!\n"_ba;
    QTest::newRow("transfer a missing channel without a destination")
        << u"uuid_transfer "_s + none + u" -bleg"_s << "-ERR No such channel!\n"_ba;
    QTest::newRow("transfer without a destination")
        << u"uuid_transfer "_s + none
        << "-USAGE: <uuid> [-bleg|-both] <dest-exten> [<dialplan>] [<context>]\n"_ba;
    QTest::newRow("park without a uuid") << u"uuid_park"_s << "-USAGE: <uuid>\n"_ba;
    // uuid_broadcast_function writes its usage for fewer than two words, and "+OK Message
    // Sent" otherwise, whether or not switch_ivr_broadcast found the channel.
    QTest::newRow("broadcast without arguments")
        << u"uuid_broadcast"_s << "-USAGE: <uuid> <path> [aleg|bleg|holdb|both]\n"_ba;
    QTest::newRow("broadcast without a path")
        << u"uuid_broadcast "_s + none << "-USAGE: <uuid> <path> [aleg|bleg|holdb|both]\n"_ba;
    QTest::newRow("broadcast to a missing channel")
        << u"uuid_broadcast "_s + none + u" park:: aleg"_s << "+OK Message Sent\n"_ba;
    QTest::newRow("bridge without the other uuid")
        << u"uuid_bridge "_s + none << "-USAGE: <uuid> <other_uuid>\n"_ba;
    QTest::newRow("record without a path")
        << u"uuid_record "_s + none + u" start"_s
        << "-USAGE: <uuid> [start|stop|mask|unmask] <path> [<limit>] [<recording_vars>]\n"_ba;
    QTest::newRow("stop recording a missing channel")
        << u"uuid_record "_s + none + u" stop all"_s << "-ERR Cannot locate session!\n"_ba;
    QTest::newRow("dtmf without digits")
        << u"uuid_send_dtmf "_s + none << "-USAGE: <uuid> <dtmf_data>\n"_ba;
    QTest::newRow("dump without a uuid") << u"uuid_dump"_s << "-USAGE: <uuid> [format]\n"_ba;
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

void TestSimSwitch::broadcastQueuesTheApplicationAndAnswersBeforeItRuns()
{
    const QString a = bridgedCall();
    QVERIFY(!a.isEmpty());
    takeEvents();
    // "<app>::<args>": the application, announced and closed as sendmsg execute's are; the
    // reply comes first, since the switch only queues it.
    QCOMPARE(m_switch->api(u"uuid_broadcast "_s + a + u" playback::tone_stream://%(100,0,440) aleg"_s),
             "+OK Message Sent\n");
    QVERIFY(!names(m_events, a).contains(u"CHANNEL_EXECUTE"_s));
    QVERIFY(waitForMatch(u"CHANNEL_EXECUTE_COMPLETE"_s, [&](const Esl::Event &e) {
        return e.uniqueId() == a && e.text("Application") == u"playback";
    }));
    QList<Esl::Event> events = takeEvents();
    const qsizetype started = indexOf(events, u"CHANNEL_EXECUTE"_s, a);
    QVERIFY(started >= 0);
    QCOMPARE(events[started].text("Application-Data"), u"tone_stream://%(100,0,440)"_s);
    // A plain path is played back.
    QCOMPARE(m_switch->api(u"uuid_broadcast "_s + a + u" /tmp/hello.wav"_s), "+OK Message Sent\n");
    QVERIFY(waitForMatch(u"CHANNEL_EXECUTE_COMPLETE"_s, [&](const Esl::Event &e) {
        return e.uniqueId() == a && e.text("Application-Data") == u"/tmp/hello.wav";
    }));
    // park without arguments ("park::") parks the channel.
    QCOMPARE(m_switch->api(u"uuid_broadcast "_s + a + u" park:: aleg"_s), "+OK Message Sent\n");
    QVERIFY(waitForEvent(u"CHANNEL_PARK"_s, a));
    events = takeEvents();
    const qsizetype park = indexOf(events, u"CHANNEL_EXECUTE"_s, a, [](const Esl::Event &e) {
        return e.text("Application") == u"park";
    });
    QVERIFY(park >= 0);
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

void TestSimSwitch::killEndsBothLegsAsTheBridgeEnds_data()
{
    QTest::addColumn<bool>("killALeg");
    QTest::addColumn<QString>("otherCause");
    // switch_ivr_bridge.c: the originatee of a bridge whose originator leaves hangs up
    // NORMAL_CLEARING; the originator follows its originatee with the same cause
    // (hangup_after_bridge).
    QTest::newRow("A leg killed: the B leg clears normally") << true << u"NORMAL_CLEARING"_s;
    QTest::newRow("B leg killed: the A leg follows with its cause") << false << u"USER_BUSY"_s;
}

void TestSimSwitch::killEndsBothLegsAsTheBridgeEnds()
{
    QFETCH(bool, killALeg);
    QFETCH(QString, otherCause);
    const QString a = bridgedCall();
    QVERIFY(!a.isEmpty());
    const QString b = bLegOf(a);
    const QString killed = killALeg ? a : b;
    const QString other = killALeg ? b : a;
    takeEvents();
    QCOMPARE(m_switch->api(u"uuid_kill "_s + killed + u" USER_BUSY"_s), "+OK\n");
    QVERIFY(QTest::qWaitFor([&] { return m_switch->channelCount() == 0; }, 5000));
    const QList<Esl::Event> events = takeEvents();
    const qsizetype killedHangup = indexOf(events, u"CHANNEL_HANGUP"_s, killed);
    const qsizetype otherHangup = indexOf(events, u"CHANNEL_HANGUP"_s, other);
    QVERIFY(killedHangup >= 0 && otherHangup >= 0);
    QCOMPARE(events[killedHangup].text("Hangup-Cause"), u"USER_BUSY"_s);
    QCOMPARE(events[otherHangup].text("Hangup-Cause"), otherCause);
    QCOMPARE(events[indexOf(events, u"CHANNEL_HANGUP_COMPLETE"_s, other)].text("Hangup-Cause"),
             otherCause);
    QCOMPARE(names(events).count(u"CHANNEL_DESTROY"_s), 2);
    // The A leg, which ran the bridge, reports its end, before anyone hangs up.
    const qsizetype unbridge = bridgeIndex(events, u"CHANNEL_UNBRIDGE"_s, a, b);
    QVERIFY(unbridge >= 0 && unbridge < killedHangup);
    const QStringList aNames = names(events, a);
    QVERIFY(aNames.indexOf(u"CHANNEL_HANGUP_COMPLETE"_s) < aNames.indexOf(u"CHANNEL_DESTROY"_s));
    QCOMPARE(aNames.last(), u"CHANNEL_DESTROY"_s);
}

void TestSimSwitch::killReadsTheCauseAsTheSwitchDoes_data()
{
    QTest::addColumn<QString>("given");
    QTest::addColumn<QString>("cause");
    // switch_channel_str2cause: names in any case, Q.850 numbers, NORMAL_CLEARING otherwise.
    QTest::newRow("name") << u"CALL_REJECTED"_s << u"CALL_REJECTED"_s;
    QTest::newRow("lower case") << u"user_busy"_s << u"USER_BUSY"_s;
    QTest::newRow("number") << u"17"_s << u"USER_BUSY"_s;
    QTest::newRow("number of no cause") << u"4"_s << u"UNKNOWN"_s;
    QTest::newRow("unknown name") << u"NO_SUCH_CAUSE"_s << u"NORMAL_CLEARING"_s;
    QTest::newRow("none given") << QString() << u"NORMAL_CLEARING"_s;
}

void TestSimSwitch::killReadsTheCauseAsTheSwitchDoes()
{
    QFETCH(QString, given);
    QFETCH(QString, cause);
    const QString uuid = parkedChannel(u"user/1000"_s);
    QVERIFY(!uuid.isEmpty());
    takeEvents();
    QCOMPARE(m_switch->api((u"uuid_kill "_s + uuid + u' ' + given).trimmed()), "+OK\n");
    QVERIFY(waitForEvent(u"CHANNEL_HANGUP"_s, uuid));
    const QList<Esl::Event> events = takeEvents();
    QCOMPARE(events[indexOf(events, u"CHANNEL_HANGUP"_s, uuid)].text("Hangup-Cause"), cause);
}

void TestSimSwitch::attendedTransferHandsThePartnerToTheTargetWhenTheTransferorLeaves_data()
{
    QTest::addColumn<bool>("transferorIsALeg");
    QTest::newRow("the callee transfers the caller") << false;
    QTest::newRow("the caller transfers the callee") << true;
}

void TestSimSwitch::attendedTransferHandsThePartnerToTheTargetWhenTheTransferorLeaves()
{
    QFETCH(bool, transferorIsALeg);
    const QString a = bridgedCall();
    QVERIFY(!a.isEmpty());
    const QString b = bLegOf(a);
    QVERIFY(!b.isEmpty());
    const QString transferor = transferorIsALeg ? a : b;
    const QString partner = transferorIsALeg ? b : a;
    takeEvents();

    // The console's attended transfer: sendmsg execute att_xfer <dial string>.
    QVERIFY(m_switch->execute(transferor, u"att_xfer"_s, u"loopback/3000/default"_s, u"xfer-1"_s, 1,
                              false));
    QVERIFY(waitForMatch(u"CHANNEL_BRIDGE"_s, [&](const Esl::Event &e) {
        return e.text("Bridge-A-Unique-ID") == transferor;
    }));
    QList<Esl::Event> events = takeEvents();
    const qsizetype execute = indexOf(events, u"CHANNEL_EXECUTE"_s, transferor);
    QVERIFY(execute >= 0);
    QCOMPARE(events[execute].text("Application"), u"att_xfer"_s);
    QCOMPARE(events[execute].text("Application-Data"), u"loopback/3000/default"_s);
    QCOMPARE(events[execute].applicationUuid(), u"xfer-1"_s);
    // A new outbound leg to the target, created by the transferor, rings and answers ...
    const qsizetype create = indexOf(events, u"CHANNEL_CREATE"_s);
    QVERIFY(create > execute);
    const QString target = events[create].uniqueId();
    QCOMPARE(events[create].otherLegUniqueId(), transferor);
    QCOMPARE(events[create].text("Call-Direction"), u"outbound"_s);
    QCOMPARE(events[create].text("Channel-Name"), u"loopback/3000-a"_s);
    QCOMPARE(events[create].text("Caller-Destination-Number"), u"3000"_s);
    for (const QString &name : {u"CHANNEL_OUTGOING"_s, u"CHANNEL_ORIGINATE"_s,
                                u"CHANNEL_PROGRESS"_s, u"CHANNEL_ANSWER"_s})
        QVERIFY2(names(events, target).contains(name), qPrintable(name));
    // ... and is bridged to the transferor, which waited for it in RING_WAIT.
    const qsizetype consult = bridgeIndex(events, u"CHANNEL_BRIDGE"_s, transferor, target);
    QVERIFY(consult > indexOf(events, u"CHANNEL_ANSWER"_s, target));
    QCOMPARE(callStates(events, transferor), (QStringList{u"RING_WAIT"_s, u"ACTIVE"_s}));
    // The partner's bridge is only suspended: nothing ends it yet, nobody hangs up.
    QVERIFY(!names(events).contains(u"CHANNEL_UNBRIDGE"_s));
    QVERIFY(!names(events).contains(u"CHANNEL_HANGUP"_s));
    QCOMPARE(variable(transferor, u"soft_holding_uuid"_s), partner.toUtf8());
    QCOMPARE(variable(transferor, u"DIALSTATUS"_s), "ANSWER");

    // The transferor hangs up: the partner is bridged to the target.
    QVERIFY(m_switch->hangup(transferor, {}));
    QVERIFY(waitForBridge(target, partner));
    QVERIFY(QTest::qWaitFor([&] { return !m_switch->hasChannel(transferor); }, 5000));
    events = takeEvents();
    const qsizetype handOver = bridgeIndex(events, u"CHANNEL_BRIDGE"_s, target, partner);
    const qsizetype consultEnds = bridgeIndex(events, u"CHANNEL_UNBRIDGE"_s, transferor, target);
    const qsizetype waitEnds = bridgeIndex(events, u"CHANNEL_UNBRIDGE"_s, a, b);
    QVERIFY(consultEnds >= 0 && consultEnds < handOver);
    QVERIFY(waitEnds >= 0 && waitEnds < handOver);
    const qsizetype done =
        indexOf(events, u"CHANNEL_EXECUTE_COMPLETE"_s, transferor,
                [](const Esl::Event &e) { return e.text("Application") == u"att_xfer"; });
    QVERIFY(done >= 0);
    QCOMPARE(events[done].text("Application-Response"), u"_none_"_s);
    QCOMPARE(events[done].text("Application-Data"), u"loopback/3000/default"_s);
    QCOMPARE(events[done].applicationUuid(), u"xfer-1"_s);
    // Only the transferor left.
    for (const Esl::Event &e : events)
        if (e.name() == u"CHANNEL_HANGUP")
            QCOMPARE(e.uniqueId(), transferor);
    QCOMPARE(m_switch->channelCount(), 2);
    QCOMPARE(variable(target, u"att_xfer_result"_s), "success");
    const QJsonObject call = firstRow(m_switch->api(u"show calls as json"_s));
    QCOMPARE(call.value(u"uuid"_s).toString(), target);
    QCOMPARE(call.value(u"b_uuid"_s).toString(), partner);
}

void TestSimSwitch::attendedTransferLeavesThePartnerBridgedWhenTheTargetFails_data()
{
    QTest::addColumn<QString>("dial");
    QTest::addColumn<bool>("rejectWhileRinging");
    QTest::addColumn<QString>("cause");
    QTest::addColumn<QString>("dialStatus");
    QTest::newRow("busy") << u"error/USER_BUSY"_s << false << u"USER_BUSY"_s << u"BUSY"_s;
    QTest::newRow("unknown endpoint")
        << u"gsm/3000"_s << false << u"CHAN_NOT_IMPLEMENTED"_s << u"CHAN_NOT_IMPLEMENTED"_s;
    QTest::newRow("empty dial string")
        << QString() << false << u"DESTINATION_OUT_OF_ORDER"_s << u"INVALIDARGS"_s;
    QTest::newRow("rejected while ringing")
        << u"user/3000"_s << true << u"CALL_REJECTED"_s << u"DONTCALL"_s;
}

void TestSimSwitch::attendedTransferLeavesThePartnerBridgedWhenTheTargetFails()
{
    QFETCH(QString, dial);
    QFETCH(bool, rejectWhileRinging);
    QFETCH(QString, cause);
    QFETCH(QString, dialStatus);
    const QString a = bridgedCall();
    QVERIFY(!a.isEmpty());
    const QString b = bLegOf(a);
    takeEvents();
    if (rejectWhileRinging) {
        // The target's phone turns the call down while it rings.
        connect(m_switch.get(), &Sim::Switch::eventFired, this,
                [this, b](const Sim::FiredEventPtr &fired) {
                    const Esl::Event &e = fired->event();
                    if (e.name() != u"CHANNEL_PROGRESS" || e.otherLegUniqueId() != b)
                        return;
                    const QString target = e.uniqueId();
                    QMetaObject::invokeMethod(
                        this,
                        [this, target] {
                            m_switch->api(u"uuid_kill "_s + target + u" CALL_REJECTED"_s);
                        },
                        Qt::QueuedConnection);
                });
    }
    QVERIFY(m_switch->execute(b, u"att_xfer"_s, dial, u"xfer-2"_s, 1, false));
    QVERIFY(waitForCompletion(u"xfer-2"_s));
    QVERIFY(QTest::qWaitFor([&] { return m_switch->channelCount() == 2; }, 5000));
    const QList<Esl::Event> events = takeEvents();
    const qsizetype done = indexOf(events, u"CHANNEL_EXECUTE_COMPLETE"_s, b);
    QCOMPARE(events[done].text("Application"), u"att_xfer"_s);
    QCOMPARE(events[done].text("Application-Response"), u"_none_"_s);
    // The suspended bridge simply resumes: nothing is unbridged or bridged again.
    QVERIFY(!names(events).contains(u"CHANNEL_BRIDGE"_s));
    QVERIFY(!names(events).contains(u"CHANNEL_UNBRIDGE"_s));
    QVERIFY(!names(events, a).contains(u"CHANNEL_HANGUP"_s));
    QVERIFY(!names(events, b).contains(u"CHANNEL_HANGUP"_s));
    if (rejectWhileRinging) {
        const qsizetype hangup = indexOf(events, u"CHANNEL_HANGUP"_s);
        QVERIFY(hangup >= 0 && hangup < done);
        QCOMPARE(events[hangup].text("Hangup-Cause"), cause);
        QCOMPARE(callStates(events, b), (QStringList{u"RING_WAIT"_s, u"ACTIVE"_s}));
    } else {
        QVERIFY(!names(events).contains(u"CHANNEL_CREATE"_s)); // no leg was ever made
    }
    QCOMPARE(variable(b, u"originate_disposition"_s), cause.toUtf8());
    QCOMPARE(variable(b, u"DIALSTATUS"_s), dialStatus.toUtf8());
    QCOMPARE(variable(b, u"soft_holding_uuid"_s), "_undef_");
    const QJsonObject call = firstRow(m_switch->api(u"show calls as json"_s));
    QCOMPARE(call.value(u"uuid"_s).toString(), a);
    QCOMPARE(call.value(u"b_uuid"_s).toString(), b);
}

void TestSimSwitch::attendedTransferGoesBackToThePartnerWhenTheTargetHangsUp()
{
    const QString a = bridgedCall();
    QVERIFY(!a.isEmpty());
    const QString b = bLegOf(a);
    takeEvents();
    QVERIFY(m_switch->execute(b, u"att_xfer"_s, u"user/3000"_s, u"xfer-3"_s, 1, false));
    QVERIFY(waitForMatch(u"CHANNEL_BRIDGE"_s,
                         [&](const Esl::Event &e) { return e.text("Bridge-A-Unique-ID") == b; }));
    QList<Esl::Event> events = takeEvents();
    const QString target = events[indexOf(events, u"CHANNEL_CREATE"_s)].uniqueId();
    QCOMPARE(events[indexOf(events, u"CHANNEL_CREATE"_s)].text("Channel-Name"),
             u"sofia/internal/3000@127.0.0.1"_s);

    // The target leaves the consultation: the transferor is bridged back to its partner.
    QCOMPARE(m_switch->api(u"uuid_kill "_s + target), "+OK\n");
    QVERIFY(waitForBridge(b, a));
    events = takeEvents();
    const qsizetype consultEnds = bridgeIndex(events, u"CHANNEL_UNBRIDGE"_s, b, target);
    const qsizetype done = indexOf(events, u"CHANNEL_EXECUTE_COMPLETE"_s, b);
    const qsizetype waitEnds = bridgeIndex(events, u"CHANNEL_UNBRIDGE"_s, a, b);
    const qsizetype back = bridgeIndex(events, u"CHANNEL_BRIDGE"_s, b, a);
    QVERIFY(consultEnds >= 0 && consultEnds < done);
    QVERIFY(done < waitEnds && waitEnds < back);
    QCOMPARE(events[done].applicationUuid(), u"xfer-3"_s);
    QCOMPARE(events[done].text("Application-Response"), u"_none_"_s);
    QCOMPARE(variable(b, u"att_xfer_result"_s), "success");
    for (const Esl::Event &e : events)
        if (e.name() == u"CHANNEL_HANGUP")
            QCOMPARE(e.uniqueId(), target);
    QVERIFY(QTest::qWaitFor([&] { return m_switch->channelCount() == 2; }, 5000));
    const QJsonObject call = firstRow(m_switch->api(u"show calls as json"_s));
    QCOMPARE(QSet<QString>({call.value(u"uuid"_s).toString(), call.value(u"b_uuid"_s).toString()}),
             QSet<QString>({a, b}));
}

void TestSimSwitch::attendedTransferEndsWithTheTargetWhenThePartnerLeftMeanwhile()
{
    const QString a = bridgedCall();
    QVERIFY(!a.isEmpty());
    const QString b = bLegOf(a);
    QVERIFY(m_switch->execute(b, u"att_xfer"_s, u"loopback/3000/default"_s, u"xfer-4"_s, 1, false));
    QVERIFY(waitForMatch(u"CHANNEL_BRIDGE"_s,
                         [&](const Esl::Event &e) { return e.text("Bridge-A-Unique-ID") == b; }));
    takeEvents();
    // The waiting caller gives up: only its suspended bridge ends.
    QCOMPARE(m_switch->api(u"uuid_kill "_s + a), "+OK\n");
    QVERIFY(waitForEvent(u"CHANNEL_HANGUP_COMPLETE"_s, a));
    QList<Esl::Event> events = takeEvents();
    QVERIFY(bridgeIndex(events, u"CHANNEL_UNBRIDGE"_s, a, b) >= 0);
    QCOMPARE(names(events).count(u"CHANNEL_HANGUP"_s), 1);
    QCOMPARE(m_switch->channelCount(), 3);
    // The transferor hangs up: nobody is left for the target, which clears too.
    QVERIFY(m_switch->hangup(b, {}));
    QVERIFY(QTest::qWaitFor([&] { return m_switch->channelCount() == 0; }, 5000));
    events = takeEvents();
    QVERIFY(!names(events).contains(u"CHANNEL_BRIDGE"_s));
    QCOMPARE(names(events).count(u"CHANNEL_HANGUP"_s), 2);
}

void TestSimSwitch::eavesdropListensToTheTargetUntilOneOfThemLeaves_data()
{
    QTest::addColumn<QString>("application");
    QTest::addColumn<bool>("targetLeaves");
    QTest::newRow("eavesdrop, the call ends") << u"eavesdrop"_s << true;
    QTest::newRow("eavesdrop, the operator hangs up") << u"eavesdrop"_s << false;
    QTest::newRow("three_way, the call ends") << u"three_way"_s << true;
    QTest::newRow("three_way, the operator hangs up") << u"three_way"_s << false;
}

void TestSimSwitch::eavesdropListensToTheTargetUntilOneOfThemLeaves()
{
    QFETCH(QString, application);
    QFETCH(bool, targetLeaves);
    const QString a = bridgedCall();
    QVERIFY(!a.isEmpty());
    takeEvents();
    const QString spy = operatorLeg(application, a);
    QVERIFY(!spy.isEmpty());
    QVERIFY(waitForEvent(u"MEDIA_BUG_START"_s, a));
    QList<Esl::Event> events = takeEvents();
    // The job ends once the operator's phone answered, and names the command it ran.
    const qsizetype job = indexOf(events, u"BACKGROUND_JOB"_s);
    QVERIFY(job > indexOf(events, u"CHANNEL_ANSWER"_s, spy));
    QCOMPARE(events[job].text("Job-Command"), u"originate"_s);
    QVERIFY(events[job].text("Job-Command-Arg").endsWith(u'&' + application + u'(' + a + u')'));
    // The operator's leg runs the application on the target's uuid ...
    const qsizetype execute = indexOf(events, u"CHANNEL_EXECUTE"_s, spy);
    QVERIFY(execute >= 0);
    QCOMPARE(events[execute].text("Application"), application);
    QCOMPARE(events[execute].text("Application-Data"), a);
    QCOMPARE(events[execute].text("Caller-Caller-ID-Name"), u"Listen"_s);
    QCOMPARE(events[execute].variable("eavesdrop_whisper_aleg"), u"true"_s);
    // ... and a media bug on the target listens.
    const qsizetype bug = indexOf(events, u"MEDIA_BUG_START"_s, a);
    QVERIFY(bug > execute);
    QCOMPARE(events[bug].text("Media-Bug-Function"), u"eavesdrop"_s);
    QCOMPARE(events[bug].text("Media-Bug-Target"), a);
    QVERIFY(!names(events, spy).contains(u"CHANNEL_EXECUTE_COMPLETE"_s));

    QCOMPARE(m_switch->api(u"uuid_kill "_s + (targetLeaves ? a : spy)), "+OK\n");
    QVERIFY(waitForEvent(u"CHANNEL_HANGUP_COMPLETE"_s, spy));
    QVERIFY(waitForEvent(u"MEDIA_BUG_STOP"_s, a));
    events = takeEvents();
    const qsizetype bugEnds = indexOf(events, u"MEDIA_BUG_STOP"_s, a);
    const qsizetype done = indexOf(events, u"CHANNEL_EXECUTE_COMPLETE"_s, spy);
    const qsizetype spyHangup = indexOf(events, u"CHANNEL_HANGUP"_s, spy);
    QCOMPARE(events[bugEnds].text("Media-Bug-Function"), u"eavesdrop"_s);
    QCOMPARE(events[done].text("Application"), application);
    QCOMPARE(events[done].text("Application-Response"), u"_none_"_s);
    QCOMPARE(events[spyHangup].text("Hangup-Cause"), u"NORMAL_CLEARING"_s);
    if (targetLeaves) {
        // The target's bug closes, the application ends, and the operator's leg, whose
        // whole extension it was, hangs up.
        QVERIFY(bugEnds < done && done < spyHangup);
    } else {
        // The operator's hangup ends the listening loop: the bug closes, the application ends;
        // the call goes on.
        QVERIFY(spyHangup < bugEnds && bugEnds < done);
        QVERIFY(m_switch->hasChannel(a));
        QVERIFY(!names(events, a).contains(u"CHANNEL_HANGUP"_s));
    }
}

void TestSimSwitch::eavesdropOnAMissingChannelEndsAndTheLegHangsUp_data()
{
    QTest::addColumn<QString>("application");
    QTest::newRow("eavesdrop") << u"eavesdrop"_s;
    QTest::newRow("three_way") << u"three_way"_s;
}

void TestSimSwitch::eavesdropOnAMissingChannelEndsAndTheLegHangsUp()
{
    QFETCH(QString, application);
    QList<Sim::LogEntry> logs;
    connect(m_switch.get(), &Sim::Switch::logged, this,
            [&](const Sim::LogEntry &l) { logs.append(l); });
    const QString none = u"00000000-0000-0000-0000-000000000000"_s;
    // The originate itself succeeds: the operator's phone answered.
    const QString spy = operatorLeg(application, none);
    QVERIFY(!spy.isEmpty());
    QVERIFY(waitForEvent(u"CHANNEL_HANGUP_COMPLETE"_s, spy));
    const QList<Esl::Event> events = takeEvents();
    const QStringList spyNames = names(events, spy);
    const qsizetype execute = spyNames.indexOf(u"CHANNEL_EXECUTE"_s);
    const qsizetype done = spyNames.indexOf(u"CHANNEL_EXECUTE_COMPLETE"_s);
    const qsizetype hangup = spyNames.indexOf(u"CHANNEL_HANGUP"_s);
    QVERIFY(execute >= 0 && execute < done && done < hangup);
    QCOMPARE(events[indexOf(events, u"CHANNEL_EXECUTE_COMPLETE"_s, spy)].text("Application-Data"),
             none);
    QCOMPARE(events[indexOf(events, u"CHANNEL_HANGUP"_s, spy)].text("Hangup-Cause"),
             u"NORMAL_CLEARING"_s);
    QVERIFY(!names(events).contains(u"MEDIA_BUG_START"_s));
    QVERIFY(std::any_of(logs.cbegin(), logs.cend(), [](const Sim::LogEntry &l) {
        return l.text.endsWith(" has executed the last dialplan instruction, hanging up.\n");
    }));
}

void TestSimSwitch::holdAndUnholdShowTheHeldCallState()
{
    const QString a = bridgedCall();
    QVERIFY(!a.isEmpty());
    takeEvents();
    QCOMPARE(m_switch->api(u"uuid_hold "_s + a), "+OK Success\n");
    QList<Esl::Event> events = takeEvents();
    QCOMPARE(names(events, a), (QStringList{u"CHANNEL_HOLD"_s, u"CHANNEL_CALLSTATE"_s}));
    QCOMPARE(events.last().text("Channel-Call-State"), u"HELD"_s);
    QCOMPARE(events.last().text("Original-Channel-Call-State"), u"ACTIVE"_s);
    QVERIFY(m_switch->api(u"uuid_dump "_s + a).contains("\nChannel-Call-State: HELD\n"));
    QCOMPARE(m_switch->api(u"uuid_hold "_s + a), "-ERR Operation failed\n");
    QCOMPARE(m_switch->api(u"uuid_hold toggle "_s + a), "+OK Success\n");
    events = takeEvents();
    QCOMPARE(names(events, a),
             (QStringList{u"CHANNEL_UNHOLD"_s, u"CHANNEL_CALLSTATE"_s, u"CHANNEL_CALLSTATE"_s}));
    QCOMPARE(callStates(events, a), (QStringList{u"UNHELD"_s, u"ACTIVE"_s}));
    QCOMPARE(m_switch->api(u"uuid_hold off "_s + a), "-ERR Operation failed\n");
    QCOMPARE(m_switch->api(u"uuid_hold toggle "_s + a), "+OK Success\n");
    QCOMPARE(callStates(takeEvents(), a), (QStringList{u"HELD"_s}));
    QCOMPARE(m_switch->api(u"uuid_hold off "_s + a), "+OK Success\n");
    QCOMPARE(callStates(takeEvents(), a), (QStringList{u"UNHELD"_s, u"ACTIVE"_s}));
}

void TestSimSwitch::parkEndsTheBridgeAndParksTheChannel()
{
    const QString a = bridgedCall();
    QVERIFY(!a.isEmpty());
    const QString b = bLegOf(a);
    takeEvents();
    QCOMPARE(m_switch->api(u"uuid_park "_s + a), "+OK\n");
    const QList<Esl::Event> events = takeEvents();
    const qsizetype unbridge = bridgeIndex(events, u"CHANNEL_UNBRIDGE"_s, a, b);
    const qsizetype park = indexOf(events, u"CHANNEL_PARK"_s, a);
    QVERIFY(unbridge >= 0 && unbridge < park);
    QCOMPARE(events[park].text("Channel-State"), u"CS_PARK"_s);
    QCOMPARE(events[indexOf(events, u"CHANNEL_HANGUP"_s, b)].text("Hangup-Cause"),
             u"NORMAL_CLEARING"_s);
    // The bridge application that held the call ended.
    const qsizetype bridgeDone = indexOf(events, u"CHANNEL_EXECUTE_COMPLETE"_s, a);
    QVERIFY(bridgeDone >= 0 && bridgeDone < park);
    QCOMPARE(events[bridgeDone].text("Application"), u"bridge"_s);
    QVERIFY(!names(events, a).contains(u"CHANNEL_HANGUP"_s));
}

void TestSimSwitch::uuidBridgeJoinsTwoParkedChannels()
{
    const QString x = parkedChannel(u"user/1000"_s);
    const QString y = parkedChannel(u"user/1001"_s);
    QVERIFY(!x.isEmpty() && !y.isEmpty());
    takeEvents();
    QCOMPARE(m_switch->api(u"uuid_bridge "_s + x + u' ' + y), "+OK "_ba + y.toUtf8() + '\n');
    const QList<Esl::Event> events = takeEvents();
    const qsizetype bridge = bridgeIndex(events, u"CHANNEL_BRIDGE"_s, x, y);
    QVERIFY(bridge >= 0);
    QCOMPARE(events[bridge].uniqueId(), x);
    QCOMPARE(events[bridge].otherLegUniqueId(), y);
    for (const QString &leg : {x, y}) {
        const qsizetype unpark = indexOf(events, u"CHANNEL_UNPARK"_s, leg);
        QVERIFY(unpark >= 0 && unpark < bridge);
    }
    const QJsonObject call = firstRow(m_switch->api(u"show calls as json"_s));
    QCOMPARE(call.value(u"uuid"_s).toString(), x);
    QCOMPARE(call.value(u"b_uuid"_s).toString(), y);
}

void TestSimSwitch::recordStartsAndStopsWithTheRealHeaders()
{
    const QString a = bridgedCall();
    QVERIFY(!a.isEmpty());
    takeEvents();
    QCOMPARE(m_switch->api(u"uuid_record "_s + a + u" start /tmp/call.wav"_s), "+OK Success\n");
    QList<Esl::Event> events = takeEvents();
    // The recording announces itself first, then its media bug (as in the captures).
    QCOMPARE(names(events, a), (QStringList{u"RECORD_START"_s, u"MEDIA_BUG_START"_s}));
    QCOMPARE(events[0].text("Record-File-Path"), u"/tmp/call.wav"_s);
    QCOMPARE(events[0].headers().name(events[0].headers().size() - 1), "Record-File-Path");
    QCOMPARE(events[1].text("Media-Bug-Function"), u"session_record"_s);
    QCOMPARE(events[1].text("Media-Bug-Target"), u"/tmp/call.wav"_s);

    // "all" stops it; the event names the file.
    QCOMPARE(m_switch->api(u"uuid_record "_s + a + u" stop all"_s), "+OK Success\n");
    events = takeEvents();
    QCOMPARE(names(events, a), (QStringList{u"RECORD_STOP"_s, u"MEDIA_BUG_STOP"_s}));
    QCOMPARE(events[0].text("Record-File-Path"), u"/tmp/call.wav"_s);
    QCOMPARE(events[0].text("Record-Completion-Cause"), u"success-maxtime"_s);
    QCOMPARE(events[0].variable("record_completion_cause"), u"success-maxtime"_s);
    QCOMPARE(m_switch->api(u"uuid_record "_s + a + u" stop all"_s),
             "-ERR Cannot stop record session!\n");

    // A recording still running when the call ends stops with it.
    QCOMPARE(m_switch->api(u"uuid_record "_s + a + u" start /tmp/second.wav"_s), "+OK Success\n");
    takeEvents();
    QCOMPARE(m_switch->api(u"uuid_kill "_s + a), "+OK\n");
    events = takeEvents();
    const qsizetype hangup = indexOf(events, u"CHANNEL_HANGUP"_s, a);
    const qsizetype stop = indexOf(events, u"RECORD_STOP"_s, a);
    QVERIFY(hangup >= 0 && hangup < stop);
    QCOMPARE(events[stop].text("Record-File-Path"), u"/tmp/second.wav"_s);
}

void TestSimSwitch::sendDtmfFiresOneEventPerDigit()
{
    const QString a = bridgedCall();
    QVERIFY(!a.isEmpty());
    takeEvents();
    QCOMPARE(m_switch->api(u"uuid_send_dtmf "_s + a + u" 1w2#"_s),
             "+OK "_ba + a.toUtf8() + " sent DTMF 1w2#.\n");
    QStringList digits;
    for (const Esl::Event &e : takeEvents()) {
        QCOMPARE(e.name(), u"DTMF"_s);
        QCOMPARE(e.uniqueId(), a);
        QCOMPARE(e.text("DTMF-Duration"), u"2000"_s);
        digits.append(e.text("DTMF-Digit"));
    }
    QCOMPARE(digits, (QStringList{u"1"_s, u"2"_s, u"#"_s}));
}

void TestSimSwitch::transferOfTheBLegMovesItAndEndsTheALeg()
{
    const QString a = bridgedCall();
    QVERIFY(!a.isEmpty());
    const QString b = bLegOf(a);
    takeEvents();
    QCOMPARE(m_switch->api(u"uuid_transfer "_s + a + u" -bleg 2001 XML sales"_s), "+OK\n");
    QVERIFY(waitForMatch(u"CHANNEL_BRIDGE"_s,
                         [&](const Esl::Event &e) { return e.text("Bridge-A-Unique-ID") == b; }));
    const QList<Esl::Event> events = takeEvents();
    QVERIFY(bridgeIndex(events, u"CHANNEL_UNBRIDGE"_s, a, b) >= 0);
    QCOMPARE(events[indexOf(events, u"CHANNEL_HANGUP"_s, a)].text("Hangup-Cause"),
             u"NORMAL_CLEARING"_s);
    QVERIFY(!names(events, b).contains(u"CHANNEL_HANGUP"_s));
    // The moved leg's new caller profile says where it came from.
    const Esl::Event &bridge = events[indexOf(events, u"CHANNEL_BRIDGE"_s, b)];
    QCOMPARE(bridge.text("Caller-Destination-Number"), u"2001"_s);
    QCOMPARE(bridge.text("Caller-Context"), u"sales"_s);
    QCOMPARE(bridge.text("Caller-RDNIS"), u"1001"_s);
    QCOMPARE(bridge.text("Caller-Profile-Index"), u"2"_s);
    static const QRegularExpression source(
        QStringLiteral("^\\d+:[0-9a-f-]{36}:bl_xfer:2001/sales/XML$"));
    QVERIFY2(source.match(bridge.text("Caller-Transfer-Source")).hasMatch(),
             qPrintable(bridge.text("Caller-Transfer-Source")));
    QCOMPARE(bridge.variable("transfer_source"), bridge.text("Caller-Transfer-Source"));
    QCOMPARE(bridge.variable("transfer_history"), bridge.text("Caller-Transfer-Source"));
}

void TestSimSwitch::transferOfBothLegsSendsBothToTheDestination()
{
    const QString a = bridgedCall();
    QVERIFY(!a.isEmpty());
    const QString b = bLegOf(a);
    takeEvents();
    QCOMPARE(m_switch->api(u"uuid_transfer "_s + a + u" -both park"_s), "+OK\n");
    const QList<Esl::Event> events = takeEvents();
    // mod_commands transfers the other leg first, then the named one; neither hangs up.
    QVERIFY(!names(events).contains(u"CHANNEL_HANGUP"_s));
    QVERIFY(names(events, a).contains(u"CHANNEL_PARK"_s));
    QVERIFY(names(events, b).contains(u"CHANNEL_PARK"_s));
}

void TestSimSwitch::dumpShowsTheChannelAsItIsNow()
{
    const QString a = bridgedCall();
    QVERIFY(!a.isEmpty());
    const QByteArray plain = m_switch->api(u"uuid_dump "_s + a);
    QVERIFY(plain.startsWith("Event-Name: CHANNEL_DATA\n"));
    QVERIFY(plain.contains("\nUnique-ID: "_ba + a.toUtf8() + '\n'));
    QVERIFY(plain.contains("\nOther-Leg-Unique-ID: "_ba + bLegOf(a).toUtf8() + '\n'));
    m_switch->api(u"uuid_park "_s + a);
    const QJsonObject json =
        QJsonDocument::fromJson(m_switch->api(u"uuid_dump "_s + a + u" json"_s)).object();
    QCOMPARE(json.value(u"Unique-ID"_s).toString(), a);
    QCOMPARE(json.value(u"Channel-State"_s).toString(), u"CS_PARK"_s);
}

void TestSimSwitch::apiErrorsOnALiveCallAreWordedAsTheSwitchWordsThem()
{
    const QString a = bridgedCall();
    QVERIFY(!a.isEmpty());
    const QString none = u"00000000-0000-0000-0000-000000000000"_s;
    QCOMPARE(m_switch->api(u"uuid_bridge "_s + a + u' ' + none), "-ERR Invalid uuid\n");
    QCOMPARE(m_switch->api(u"uuid_bridge "_s + none + u' ' + a), "-ERR Invalid uuid\n");
    QCOMPARE(m_switch->api(u"uuid_record "_s + a + u" stop /tmp/never.wav"_s),
             "-ERR Cannot stop record session!\n");
    QCOMPARE(m_switch->api(u"uuid_hold off "_s + a), "-ERR Operation failed\n");

    // Stopping a recording by another path than its own stops nothing.
    QCOMPARE(m_switch->api(u"uuid_record "_s + a + u" start /tmp/mine.wav"_s), "+OK Success\n");
    takeEvents();
    QCOMPARE(m_switch->api(u"uuid_record "_s + a + u" stop /tmp/other.wav"_s),
             "-ERR Cannot stop record session!\n");
    QVERIFY(!names(takeEvents()).contains(u"RECORD_STOP"_s));
    QCOMPARE(variable(a, u"current_record_path"_s), "/tmp/mine.wav");

    // -bleg on a channel without a bridged leg transfers the channel itself.
    const QString lone = parkedChannel(u"user/1000"_s);
    QVERIFY(!lone.isEmpty());
    QCOMPARE(m_switch->api(u"uuid_transfer "_s + lone + u" -bleg 2001"_s), "+OK\n");
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
