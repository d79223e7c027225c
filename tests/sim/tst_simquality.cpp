// The simulated switch's RTP statistics against a real FreeSWITCH 1.10.12 (fixtures/real2/
// sip-call-quality): RTCP events with the capture's headers in its order, the first SEND report's
// placeholder, RTCP only where the real switch has it, mediaStats and uuid_set_media_stats
// replies, the hangup's rtp_audio_* variables, degraded legs and the traffic's shares. Everything
// goes through a real Event Socket connection, as a console meets the switch.

#include "simclient.h"
#include "support/fixtures.h"

#include "sim/amqpformat.h"
#include "sim/eventsocketserver.h"
#include "sim/simrtp.h"
#include "sim/traffic.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTest>

using namespace SimTest;

namespace {

constexpr int kReportMs = 150;
const QString kScenario = QStringLiteral("real2/sip-call-quality");

QList<QByteArray> namesOf(const Esl::HeaderList &headers)
{
    QList<QByteArray> names;
    for (qsizetype i = 0; i < headers.size(); ++i)
        names.append(headers.name(i).toByteArray());
    return names;
}

// The keys of a JSON object's text at its top level, in the order written.
QList<QByteArray> keysInOrder(QByteArrayView json)
{
    QList<QByteArray> keys;
    int depth = 0;
    bool expectKey = false;
    for (qsizetype i = 0; i < json.size(); ++i) {
        const char c = json[i];
        if (c == '"') {
            const qsizetype end = json.indexOf('"', i + 1);
            if (depth == 1 && expectKey)
                keys.append(json.sliced(i + 1, end - i - 1).toByteArray());
            expectKey = false;
            i = end;
        } else if (c == '{' || c == '[') {
            ++depth;
            expectKey = depth == 1;
        } else if (c == '}' || c == ']') {
            --depth;
        } else if (c == ',' && depth == 1) {
            expectKey = true;
        }
    }
    return keys;
}

// The text of the object that follows `"key":` in `json`.
QByteArray objectAfter(const QByteArray &json, const QByteArray &key)
{
    const qsizetype start = json.indexOf('"' + key + "\":{");
    if (start < 0)
        return {};
    qsizetype i = start + key.size() + 3;
    int depth = 0;
    for (qsizetype j = i; j < json.size(); ++j) {
        depth += json[j] == '{' ? 1 : json[j] == '}' ? -1 : 0;
        if (depth == 0)
            return json.mid(i, j - i + 1);
    }
    return {};
}

Esl::Event captured(const QByteArray &name, const QByteArray &uuid = {})
{
    for (const Esl::Event &e : TestSupport::fixtureEvents(kScenario)) {
        if (e.name().toUtf8() == name && (uuid.isEmpty() || e.header("Unique-ID") == uuid))
            return e;
    }
    return Esl::Event();
}

QList<QByteArray> rtpAudioNames(const Esl::HeaderList &headers)
{
    QList<QByteArray> names;
    for (const QByteArray &name : namesOf(headers)) {
        // rtp_audio_recv_pt is media negotiation's, not set_stats'.
        if (name.startsWith("variable_rtp_audio_") && name != "variable_rtp_audio_recv_pt")
            names.append(name);
    }
    return names;
}

quint32 middle32(qint64 micros)
{
    const quint64 seconds = quint64(micros / 1000000) + 2208988800ULL;
    return quint32((seconds & 0xffff) << 16 | quint64(micros % 1000000) * 65536 / 1000000);
}

} // namespace

class TstSimQuality : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void rtcpEventsCarryTheCapturesHeadersInItsOrder();
    void theFirstSendReportIsAPlaceholderAndLaterOnesAnswerThePeer();
    void sendReportsNeedFireRtcpEvents();
    void noRtcpOnLoopbackLegsNorWithoutAnInterval();
    void reportsComeNoSoonerThanTheirCadence();
    void rtcpReachesJsonAndXmlSubscribersOfJustThoseEvents();
    void rtcpEventsReachAnAmqpConsumerAsMessages();
    void mediaStatsAnswersAsTheRealSwitch();
    void uuidSetMediaStatsWritesTheVariables();
    void hangupCarriesTheRtpAudioVariablesInTheCapturesOrder();
    void aDegradedLegShowsLossJitterRttAndALowerMos();
    void theTrafficsQualitySharesAreTheSameForTheSameSeed();

private:
    // An authenticated client of the switch with `setup` sent.
    std::unique_ptr<RawClient> open(const QList<QByteArray> &setup);
    // A call with RTCP on (and SEND events when `fireSend`); the A leg's uuid.
    QString rtcpCall(bool fireSend = true, const QString &interval = QStringLiteral("4000"));
    // Events read until `done` holds for what was read, or a timeout.
    QList<Esl::Event> eventsUntil(RawClient &client,
                                  const std::function<bool(const QList<Esl::Event> &)> &done,
                                  int timeoutMs = 10000);
    QByteArray api(RawClient &client, const QByteArray &command);
    static int count(const QList<Esl::Event> &events, const QByteArray &name,
                     const QString &uuid = {});

    std::unique_ptr<Sim::Switch> m_switch;
    std::unique_ptr<Sim::EventSocketServer> m_server;
};

void TstSimQuality::init()
{
    Sim::SwitchConfig config;
    config.initialCalls = 0;
    config.heartbeatIntervalMs = 0;
    config.ringMs = 20;
    config.answerDelayMs = 10;
    config.rtcpReportMs = kReportMs;
    m_switch = std::make_unique<Sim::Switch>(config);
    m_server = std::make_unique<Sim::EventSocketServer>(m_switch.get());
    QVERIFY(m_server->listen(QHostAddress::LocalHost, 0));
}

void TstSimQuality::cleanup()
{
    m_server.reset();
    m_switch.reset();
}

std::unique_ptr<RawClient> TstSimQuality::open(const QList<QByteArray> &setup)
{
    auto client = std::make_unique<RawClient>();
    if (!client->connectTo(m_server->serverPort()) || !client->next())
        return nullptr;
    for (const QByteArray &command : QList<QByteArray>{"auth ClueCon"} + setup) {
        client->send(command + "\n\n");
        const auto reply = client->nextReply();
        if (!reply || !reply->header("Reply-Text").startsWith("+OK"))
            return nullptr;
    }
    return client;
}

QString TstSimQuality::rtcpCall(bool fireSend, const QString &interval)
{
    Sim::Switch::CallSpec spec;
    spec.callerName = QStringLiteral("Quality");
    spec.callerNumber = QStringLiteral("1000");
    spec.destination = QStringLiteral("9296");
    spec.variables = {{"rtcp_audio_interval_msec", interval}};
    if (fireSend)
        spec.variables.append({"fire_rtcp_events", QStringLiteral("true")});
    return m_switch->placeCall(spec);
}

QList<Esl::Event>
TstSimQuality::eventsUntil(RawClient &client,
                           const std::function<bool(const QList<Esl::Event> &)> &done,
                           int timeoutMs)
{
    QList<Esl::Event> events;
    QElapsedTimer timer;
    timer.start();
    while (!done(events) && timer.elapsed() < timeoutMs) {
        const auto message = client.next(int(std::max<qint64>(1, timeoutMs - timer.elapsed())));
        if (!message)
            break;
        if (message->isEvent()) {
            if (auto event = Esl::Event::fromMessage(*message))
                events.append(*event);
        }
    }
    return events;
}

QByteArray TstSimQuality::api(RawClient &client, const QByteArray &command)
{
    client.send("api " + command + "\n\n");
    const auto reply = client.nextReply();
    return reply ? reply->body() : QByteArray("(no reply)");
}

int TstSimQuality::count(const QList<Esl::Event> &events, const QByteArray &name,
                         const QString &uuid)
{
    return int(std::count_if(events.cbegin(), events.cend(), [&](const Esl::Event &e) {
        return e.name().toUtf8() == name && (uuid.isEmpty() || e.header("Unique-ID") == uuid.toUtf8());
    }));
}

void TstSimQuality::rtcpEventsCarryTheCapturesHeadersInItsOrder()
{
    auto client = open({"event plain ALL"});
    QVERIFY(client);
    rtcpCall();
    const auto events = eventsUntil(*client, [](const QList<Esl::Event> &e) {
        return count(e, "SEND_RTCP_MESSAGE") >= 4 && count(e, "RECV_RTCP_MESSAGE") >= 4;
    });
    for (const QByteArray &name : {QByteArray("SEND_RTCP_MESSAGE"), QByteArray("RECV_RTCP_MESSAGE")}) {
        const QList<QByteArray> expected = namesOf(captured(name).headers());
        QVERIFY(!expected.isEmpty());
        int seen = 0;
        for (const Esl::Event &e : events) {
            if (e.name().toUtf8() != name)
                continue;
            ++seen;
            QCOMPARE(namesOf(e.headers()), expected);
            // No channel headers besides Unique-ID; the RTP clock only on what was received.
            QVERIFY(!e.headers().contains("Channel-Name"));
            QCOMPARE(e.headers().contains("RTP-Rate"), name == "RECV_RTCP_MESSAGE");
        }
        QVERIFY(seen >= 4);
    }
}

void TstSimQuality::theFirstSendReportIsAPlaceholderAndLaterOnesAnswerThePeer()
{
    auto client = open({"event plain SEND_RTCP_MESSAGE RECV_RTCP_MESSAGE"});
    QVERIFY(client);
    const QString a = rtcpCall();
    const auto events = eventsUntil(*client, [a](const QList<Esl::Event> &e) {
        return count(e, "SEND_RTCP_MESSAGE", a) >= 2 && count(e, "RECV_RTCP_MESSAGE", a) >= 2;
    });
    QList<Esl::Event> sends, recvs;
    for (const Esl::Event &e : events) {
        if (e.header("Unique-ID") == a.toUtf8())
            (e.name() == u"SEND_RTCP_MESSAGE" ? sends : recvs).append(e);
    }
    QVERIFY(sends.size() >= 2 && recvs.size() >= 2);
    const Esl::Event real = captured("SEND_RTCP_MESSAGE");
    for (const char *h : {"Source-SSRC", "Source-Fraction", "Source-Lost", "Source-LSR",
                          "Source-DLSR"})
        QCOMPARE(sends[0].header(h), real.header(h));
    QCOMPARE(recvs[0].header("Source0-LSR"), QByteArrayView("0"));
    QCOMPARE(recvs[0].header("Rtt0-Avg"), QByteArrayView("0.000000"));
    // The second report names the peer and its report: LSR = the middle of its NTP time.
    QCOMPARE(sends[1].header("Source-SSRC"), recvs[0].header("SSRC"));
    const quint32 msw = recvs[0].header("NTP-Most-Significant-Word").toUInt();
    const quint32 lsw = recvs[0].header("NTP-Least-Significant-Word").toUInt();
    QCOMPARE(sends[1].header("Source-LSR").toUInt(), (msw & 0xffff) << 16 | lsw >> 16);
    QCOMPARE(sends[1].header("Source-Lost"), QByteArrayView("1")); // a clean line since
    QCOMPARE(sends[1].header("Source-Fraction"), QByteArrayView("0"));
    // The NTP time is the event's own.
    const qint64 stamp = sends[1].header("Event-Date-Timestamp").toLongLong();
    QCOMPARE(sends[1].header("NTP-Most-Significant-Word").toLongLong(),
             stamp / 1000000 + 2208988800LL);
}

void TstSimQuality::sendReportsNeedFireRtcpEvents()
{
    auto client = open({"event plain ALL"});
    QVERIFY(client);
    rtcpCall(false);
    const auto events = eventsUntil(*client, [](const QList<Esl::Event> &e) {
        return count(e, "RECV_RTCP_MESSAGE") >= 6;
    });
    QCOMPARE(count(events, "RECV_RTCP_MESSAGE") >= 6, true);
    QCOMPARE(count(events, "SEND_RTCP_MESSAGE"), 0);
}

void TstSimQuality::noRtcpOnLoopbackLegsNorWithoutAnInterval()
{
    auto client = open({"event plain ALL"});
    QVERIFY(client);
    const QByteArray loop = api(*client,
                                "originate {rtcp_audio_interval_msec=1000,fire_rtcp_events=true}"
                                "loopback/9196/default &park()");
    QVERIFY2(loop.startsWith("+OK "), loop.constData());
    const QString loopUuid = QString::fromUtf8(loop.mid(4).trimmed());
    Sim::Switch::CallSpec plain;
    const QString silent = m_switch->placeCall(plain);
    const QString clock = rtcpCall(); // reports on this one show the time has passed
    const auto events = eventsUntil(*client, [clock](const QList<Esl::Event> &e) {
        return count(e, "RECV_RTCP_MESSAGE", clock) >= 3;
    });
    QVERIFY(count(events, "RECV_RTCP_MESSAGE", clock) >= 3);
    // Only SIP legs whose RTP session started with the interval set report.
    for (const Esl::Event &e : events) {
        if (!e.name().endsWith(u"_RTCP_MESSAGE"))
            continue;
        const QString uuid = QString::fromUtf8(e.header("Unique-ID"));
        const Esl::HeaderList data = m_switch->channelData(uuid);
        QVERIFY2(data.text("Channel-Name").startsWith(u"sofia/"), qPrintable(uuid));
        QVERIFY(!data.text("variable_rtcp_audio_interval_msec").isEmpty());
        QVERIFY(uuid != loopUuid && uuid != silent);
    }
    // A loopback leg has no RTP session: an empty mediaStats response, no variables.
    QCOMPARE(api(*client, R"(json {"command":"mediaStats","data":{"uuid":")" + loopUuid.toUtf8() +
                              R"("}})"),
             R"({"command":"mediaStats","data":{"uuid":")" + loopUuid.toUtf8() +
                 R"("},"status":"success","response":{}})"
                 "\n");
    QCOMPARE(api(*client, "uuid_set_media_stats " + loopUuid.toUtf8()), QByteArray("+OK:\n"));
    QCOMPARE(api(*client, "uuid_getvar " + loopUuid.toUtf8() + " rtp_audio_in_mos"),
             QByteArray("_undef_"));
}

void TstSimQuality::reportsComeNoSoonerThanTheirCadence()
{
    auto client = open({"event plain CHANNEL_ANSWER RECV_RTCP_MESSAGE"});
    QVERIFY(client);
    // After four reports at rtcpReportMs the channel's interval takes over, scaled by the
    // same factor: 2000 ms is half of the switch's 4 s.
    const QString a = rtcpCall(true, QStringLiteral("2000"));
    const auto events = eventsUntil(*client, [a](const QList<Esl::Event> &e) {
        return count(e, "RECV_RTCP_MESSAGE", a) >= 6;
    });
    qint64 answered = 0;
    QList<qint64> reports;
    for (const Esl::Event &e : events) {
        if (e.header("Unique-ID") != a.toUtf8())
            continue;
        const qint64 ms = e.header("Event-Date-Timestamp").toLongLong() / 1000;
        if (e.name() == u"CHANNEL_ANSWER")
            answered = ms;
        else
            reports.append(ms);
    }
    QVERIFY(answered > 0);
    QCOMPARE(reports.size() >= 6, true);
    // Report k is due at answer + its cadence; a busy machine makes it later, never sooner.
    qint64 due = answered;
    for (int k = 0; k < reports.size(); ++k) {
        due += k < 4 ? kReportMs : kReportMs / 2;
        QVERIFY2(reports[k] >= due - 2, qPrintable(QStringLiteral("report %1 at +%2 ms, due +%3")
                                                       .arg(k + 1)
                                                       .arg(reports[k] - answered)
                                                       .arg(due - answered)));
    }
}

void TstSimQuality::rtcpReachesJsonAndXmlSubscribersOfJustThoseEvents()
{
    auto json = open({"event json RECV_RTCP_MESSAGE SEND_RTCP_MESSAGE"});
    auto xml = open({"event xml RECV_RTCP_MESSAGE"});
    QVERIFY(json && xml);
    rtcpCall();
    for (RawClient *client : {json.get(), xml.get()}) {
        const auto events = eventsUntil(*client, [](const QList<Esl::Event> &e) {
            return count(e, "RECV_RTCP_MESSAGE") >= 2;
        });
        QVERIFY(count(events, "RECV_RTCP_MESSAGE") >= 2);
        for (const Esl::Event &e : events) {
            QVERIFY(e.name().endsWith(u"_RTCP_MESSAGE"));
            QVERIFY(e.headers().contains("Source0-SSRC") || e.headers().contains("Source-SSRC"));
        }
        if (client == xml.get())
            QCOMPARE(count(events, "SEND_RTCP_MESSAGE"), 0);
    }
}

void TstSimQuality::rtcpEventsReachAnAmqpConsumerAsMessages()
{
    QList<Sim::FiredEventPtr> fired;
    QObject::connect(m_switch.get(), &Sim::Switch::eventFired, this,
                     [&fired](const Sim::FiredEventPtr &e) {
                         if (e->event().name().endsWith(u"_RTCP_MESSAGE"))
                             fired.append(e);
                     });
    const QString a = rtcpCall();
    QVERIFY(QTest::qWaitFor([&fired] { return fired.size() >= 4; }, 10000));
    for (const Sim::FiredEventPtr &e : fired) {
        const Amqp::Message message = Sim::AmqpFormat::eventMessage(*e);
        QVERIFY(message.routingKey.contains(e->event().name().toUtf8()));
        const QJsonObject body = QJsonDocument::fromJson(message.body).object();
        QCOMPARE(body.value(u"Event-Name").toString(), e->event().name());
        QVERIFY(!body.value(u"SSRC").toString().isEmpty());
    }
    QVERIFY(!a.isEmpty());
}

void TstSimQuality::mediaStatsAnswersAsTheRealSwitch()
{
    auto client = open({});
    QVERIFY(client);
    const QString a = rtcpCall();
    QVERIFY(QTest::qWaitFor([&] { return m_switch->media()->hasSession(a); }, 5000));
    // The capture's three requests and replies, in order (A, B, an unknown uuid).
    const QList<SentCommand> sent = readSent(kScenario);
    QList<QByteArray> realReplies;
    for (const Esl::Message &m : replies(TestSupport::parseAll(TestSupport::readFixture(kScenario, QStringLiteral(".esl"))))) {
        if (m.body().startsWith(R"({"command":"mediaStats")"))
            realReplies.append(m.body());
    }
    QCOMPARE(realReplies.size(), 3);
    const QByteArray ours = api(*client, R"(json {"command":"mediaStats","data":{"uuid":")" +
                                             a.toUtf8() + R"("}})");
    QCOMPARE(keysInOrder(ours), keysInOrder(realReplies[0]));
    QCOMPARE(keysInOrder(objectAfter(ours, "response")), QList<QByteArray>{"audio"});
    QCOMPARE(keysInOrder(objectAfter(ours, "audio")), keysInOrder(objectAfter(realReplies[0], "audio")));
    QVERIFY(ours.endsWith("}}}\n"));
    QCOMPARE(QJsonDocument::fromJson(objectAfter(ours, "audio")).object().value(u"in_mos").toDouble(), 4.5);
    // The unknown uuid, byte for byte as the capture's request was sent.
    for (const SentCommand &c : sent) {
        if (c.bytes.contains("00000000-0000-0000-0000-000000000000"))
            QCOMPARE(api(*client, c.firstLine().mid(4)), realReplies[2]);
    }
    // What mod_commands answers to what is not a request.
    QCOMPARE(api(*client, "json {not json"), QByteArray("-ERR Parse error.\n"));
    QCOMPARE(api(*client, "json"), QByteArray("-ERR No JSON supplied.\n"));
    QCOMPARE(api(*client, R"(json {"command":"mediaStats"})"),
             QByteArray(R"({"command":"mediaStats","status":"error","message":"Invalid request or non-existant command","response":null})"
                        "\n"));
    QCOMPARE(api(*client, R"(json {"command":"mediaStats","data":{}})"),
             QByteArray(R"({"command":"mediaStats","data":{},"status":"error","message":"The command returned an error","response":{"response":"INVALID INPUT"}})"
                        "\n"));
}

void TstSimQuality::uuidSetMediaStatsWritesTheVariables()
{
    auto client = open({});
    QVERIFY(client);
    const QString a = rtcpCall();
    QVERIFY(QTest::qWaitFor([&] { return m_switch->media()->hasSession(a); }, 5000));
    QCOMPARE(api(*client, "uuid_getvar " + a.toUtf8() + " rtp_audio_in_mos"), QByteArray("_undef_"));
    QCOMPARE(api(*client, "uuid_set_media_stats " + a.toUtf8()), QByteArray("+OK:\n"));
    QCOMPARE(api(*client, "uuid_getvar " + a.toUtf8() + " rtp_audio_in_mos"), QByteArray("4.50"));
    QCOMPARE(api(*client, "uuid_set_media_stats nosuch"), QByteArray("-ERR No such channel nosuch!\n"));
    QCOMPARE(api(*client, "uuid_set_media_stats"), QByteArray("-USAGE: <uuid>\n"));
}

void TstSimQuality::hangupCarriesTheRtpAudioVariablesInTheCapturesOrder()
{
    auto client = open({"event plain CHANNEL_HANGUP_COMPLETE"});
    QVERIFY(client);
    const QString a = rtcpCall();
    QVERIFY(QTest::qWaitFor([&] { return m_switch->media()->sessionCount() == 2; }, 5000));
    QTest::qWait(kReportMs * 2);
    QCOMPARE(api(*client, "uuid_kill " + a.toUtf8()), QByteArray("+OK\n"));
    const auto events = eventsUntil(*client, [](const QList<Esl::Event> &e) { return e.size() >= 2; });
    QCOMPARE(events.size(), 2);
    const QList<QByteArray> expected = rtpAudioNames(captured("CHANNEL_HANGUP_COMPLETE").headers());
    QCOMPARE(expected.size(), 27);
    static const QRegularExpression integer(QStringLiteral("^[0-9]+$"));
    static const QRegularExpression twoPlaces(QStringLiteral("^[0-9]+\\.[0-9][0-9]$"));
    for (const Esl::Event &e : events) {
        const QList<QByteArray> names = namesOf(e.headers());
        QCOMPARE(rtpAudioNames(e.headers()), expected);
        // They come last, after the timestamps, as set_stats runs after them.
        QCOMPARE(names.last(), expected.last());
        QCOMPARE(e.header("variable_rtp_audio_in_mos"), QByteArrayView("4.50"));
        QCOMPARE(e.header("variable_rtp_use_codec_rate"), QByteArrayView("8000"));
        QCOMPARE(e.header("variable_rtp_audio_recv_pt"), QByteArrayView("0"));
        QVERIFY(e.header("variable_rtp_audio_in_packet_count").toInt() > 0);
        for (const QByteArray &name : expected) {
            const QString value = e.headers().text(name);
            const bool isDouble = name.contains("variance") || name.contains("rate") ||
                                  name.contains("interval") || name.contains("percentage") ||
                                  name.endsWith("_mos");
            QVERIFY2((isDouble ? twoPlaces : integer).match(value).hasMatch(),
                     qPrintable(QString::fromUtf8(name) + u'=' + value));
        }
    }
}

void TstSimQuality::aDegradedLegShowsLossJitterRttAndALowerMos()
{
    auto client = open({"event plain SEND_RTCP_MESSAGE RECV_RTCP_MESSAGE CHANNEL_HANGUP_COMPLETE"});
    QVERIFY(client);
    const QString a = rtcpCall();
    QVERIFY(m_switch->degradeLeg(a, 20, 60));
    QVERIFY(!m_switch->degradeLeg(QStringLiteral("nosuch"), 20, 60));
    auto events = eventsUntil(*client, [a](const QList<Esl::Event> &e) {
        return count(e, "SEND_RTCP_MESSAGE", a) >= 3 && count(e, "RECV_RTCP_MESSAGE", a) >= 3;
    });
    Esl::Event send, recv;
    for (const Esl::Event &e : events) {
        if (e.header("Unique-ID") == a.toUtf8())
            (e.name() == u"SEND_RTCP_MESSAGE" ? send : recv) = e;
    }
    QVERIFY(send.header("Source-Fraction").toInt() > 0);
    QVERIFY(send.header("Source-Lost").toInt() > 1);
    QVERIFY(send.header("Source-Jitter").toInt() > 8 * 30); // > 30 ms at 8000 Hz
    QVERIFY(recv.header("Source0-Fraction").toInt() > 0);
    QVERIFY(recv.header("Source0-Jitter").toInt() > 8 * 30);
    // RTT from LSR/DLSR against the report's Capture-Time: tens of ms on a degraded path.
    const quint32 arrived = middle32(recv.header("Capture-Time").toLongLong());
    const double rttMs = double(arrived - recv.header("Source0-LSR").toUInt() -
                                recv.header("Source0-DLSR").toUInt()) * 1000.0 / 65536;
    QVERIFY2(rttMs > 20 && rttMs < 200, qPrintable(QString::number(rttMs)));
    QVERIFY(recv.header("Rtt0-Avg").toDouble() > 0.02);

    const QByteArray stats = api(*client, R"(json {"command":"mediaStats","data":{"uuid":")" +
                                              a.toUtf8() + R"("}})");
    const QJsonObject audio = QJsonDocument::fromJson(objectAfter(stats, "audio")).object();
    QVERIFY(audio.value(u"in_mos").toDouble() < 4.5);
    QVERIFY(audio.value(u"in_flaw_total").toDouble() > 0);
    QVERIFY(audio.value(u"in_quality_percentage").toDouble() < 100);
    QVERIFY(audio.value(u"in_jitter_max_variance").toDouble() > 100);
    QCOMPARE(api(*client, "uuid_kill " + a.toUtf8()), QByteArray("+OK\n"));
    events = eventsUntil(*client, [](const QList<Esl::Event> &e) {
        return count(e, "CHANNEL_HANGUP_COMPLETE") >= 2;
    });
    for (const Esl::Event &e : events) {
        if (e.name() != u"CHANNEL_HANGUP_COMPLETE")
            continue;
        const double mos = e.header("variable_rtp_audio_in_mos").toDouble();
        // The caller's leg degraded; the carrier's stayed clean.
        QVERIFY2(e.header("Unique-ID") == a.toUtf8() ? mos < 4.5 : mos == 4.5, qPrintable(QString::number(mos)));
    }
}

void TstSimQuality::theTrafficsQualitySharesAreTheSameForTheSameSeed()
{
    Sim::TrafficProfile profile;
    profile.seed = 42;
    profile.rtcpShare = 0.6;
    profile.degradedShare = 0.1;
    Sim::TrafficGenerator first(m_switch.get(), profile);
    Sim::TrafficGenerator second(m_switch.get(), profile);
    Sim::TrafficProfile without = profile;
    without.rtcpShare = without.degradedShare = 0;
    Sim::TrafficGenerator plain(m_switch.get(), without);
    int rtcp = 0, degraded = 0;
    for (int i = 0; i < 1000; ++i) {
        const auto x = first.planCall();
        const auto y = second.planCall();
        const auto z = plain.planCall();
        QCOMPARE(x.rtcp, y.rtcp);
        QCOMPARE(x.degraded, y.degraded);
        QCOMPARE(x.lossPct, y.lossPct);
        QCOMPARE(x.degradeForMs, y.degradeForMs);
        // The shares choose which calls; the calls are the same.
        QCOMPARE(x.callerName, z.callerName);
        QCOMPARE(x.durationMs, z.durationMs);
        QVERIFY(!z.rtcp && !z.degraded);
        if (x.degraded) {
            QVERIFY(x.lossPct >= 5 && x.lossPct <= 15 && x.jitterMs >= 30 && x.jitterMs <= 80);
            QVERIFY(x.degradeForMs >= 10000 && x.degradeForMs <= 20000);
        }
        rtcp += x.rtcp;
        degraded += x.degraded;
    }
    QVERIFY2(rtcp > 540 && rtcp < 660, qPrintable(QString::number(rtcp)));
    QVERIFY2(degraded > 60 && degraded < 140, qPrintable(QString::number(degraded)));
}

QTEST_GUILESS_MAIN(TstSimQuality)
#include "tst_simquality.moc"
