// The simulated switch's RTP statistics, second half (see tst_simquality.cpp): what mediaStats,
// uuid_set_media_stats and the hangup say, degraded legs, and the traffic's quality shares.

#include "simqualitytest.h"

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
