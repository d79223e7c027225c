// The simulated switch's RTP statistics against a real FreeSWITCH 1.10.12 (fixtures/real2/
// sip-call-quality), through a real Event Socket connection as a console meets the switch. This
// half: the RTCP events (headers, placeholder, where they come and when, the formats and AMQP);
// tst_simquality_stats.cpp: mediaStats, uuid_set_media_stats, the hangup variables, degraded legs
// and the traffic's shares.

#include "simqualitytest.h"

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

QTEST_GUILESS_MAIN(TstSimQuality)
