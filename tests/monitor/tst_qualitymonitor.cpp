// ServerMonitor::refreshQuality against a link the test plays (FakeSwitchLink): mediaStats goes
// out only for a live channel the operator looks at, once per kQualityRefreshMs and never twice
// in flight; the answer lands in the channel's quality, an error comes back as an error, and a
// uuid that would need escaping never reaches the wire.

#include "support/fakeswitchlink.h"

#include "monitor/hub.h"

#include <QSignalSpy>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using TestSupport::FakeSwitchLink;

namespace {

constexpr int kWait = 5000;
const QString kUuid = u"04574684-98de-4c8f-ba18-a6470db769c1"_s;

// The request for kUuid, exactly as it goes on the wire.
const QString kRequest =
    u"api json {\"command\":\"mediaStats\",\"data\":{\"uuid\":\"04574684-98de-4c8f-ba18-a6470db769c1\"}}"_s;
// The capture's answer for that channel (real2/sip-call-quality), shortened to what is read.
const QByteArray kSuccess =
    R"({"command":"mediaStats","data":{"uuid":"04574684-98de-4c8f-ba18-a6470db769c1"},"status":"success","response":{"audio":{"in_packet_count":346,"in_media_packet_count":345,"in_skip_packet_count":9,"in_flush_packet_count":1,"in_dtmf_packet_count":0,"in_flaw_total":0,"in_quality_percentage":100,"in_mos":4.5,"out_packet_count":351}}})";
const QByteArray kNoSession =
    R"({"command":"mediaStats","data":{"uuid":"04574684-98de-4c8f-ba18-a6470db769c1"},"status":"error","message":"The command returned an error","response":{"response":"Session does not exist"}})";

Esl::Event channelEvent(const QByteArray &name, const QString &uuid)
{
    Esl::HeaderList h;
    h.append("Event-Name", name);
    h.appendText("Unique-ID", uuid);
    h.append("Channel-Name", "sofia/external/9296");
    h.append("Channel-Read-Codec-Name", "PCMU");
    h.append("Channel-Read-Codec-Rate", "8000");
    h.append("Answer-State", "answered");
    return Esl::Event(h, {}, false);
}

struct Rig
{
    explicit Rig(Monitor::Capabilities capabilities = FakeSwitchLink::kBroker)
    {
        Monitor::ServerProfile profile;
        profile.name = u"pbx"_s;
        auto owned = std::make_unique<FakeSwitchLink>(capabilities);
        link = owned.get();
        link->apiAnswers.insert(u"show channels as json"_s, R"({"row_count":0})");
        link->apiAnswers.insert(u"show calls as json"_s, R"({"row_count":0})");
        monitor = hub.addServer(profile, std::move(owned));
        monitor->start();
    }
    bool liveWithAChannel(const QString &uuid = kUuid, bool inStep = true)
    {
        link->goLive();
        if (inStep && !QTest::qWaitFor([this] { return !monitor->isOutOfStep(); }, kWait))
            return false;
        link->deliver(channelEvent("CHANNEL_CREATE", uuid));
        return monitor->channels()->channel(uuid) != nullptr;
    }
    [[nodiscard]] QStringList mediaStatsSent() const
    {
        QStringList out;
        for (const QString &s : link->sent) {
            if (s.contains(u"mediaStats"_s))
                out.append(s);
        }
        return out;
    }

    Monitor::Hub hub;
    FakeSwitchLink *link = nullptr;
    Monitor::ServerMonitor *monitor = nullptr;
};

} // namespace

class TestQualityMonitor : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void asksOncePerIntervalAndAppliesTheAnswer();
    void neverTwiceInFlightForOneChannel();
    void anErrorComesBackAsAnError();
    void aLostLinkIsAnErrorAndAllowsAskingAgain();
    void notForUnknownEndedOrZombieChannels();
    void notWithoutApiOrALiveLink();
    void aUuidWithAQuoteIsRefusedBeforeTheWire();
};

void TestQualityMonitor::asksOncePerIntervalAndAppliesTheAnswer()
{
    Rig rig;
    QVERIFY(rig.liveWithAChannel());
    QSignalSpy refreshed(rig.monitor, &Monitor::ServerMonitor::qualityRefreshed);
    QSignalSpy changed(rig.monitor->channels(), &Monitor::ChannelStore::channelChanged);
    rig.link->apiAnswers.insert(kRequest.mid(4), kSuccess);
    QVERIFY(rig.monitor->refreshQuality(kUuid));
    QCOMPARE(rig.mediaStatsSent(), QStringList{kRequest});
    QVERIFY(refreshed.wait(kWait));
    QCOMPARE(refreshed.first().at(0).toString(), kUuid);
    QCOMPARE(refreshed.first().at(1).toString(), QString());
    QVERIFY(!changed.isEmpty());
    const Monitor::LegQuality &q = rig.monitor->channels()->channel(kUuid)->quality;
    QCOMPARE(q.fsMos, 4.5);
    QCOMPARE(q.counters.inSkipPackets, 9);
    QCOMPARE(q.counters.inFlushPackets, 1);

    // Answered, but asked less than kQualityRefreshMs ago: not again yet.
    QVERIFY(!rig.monitor->refreshQuality(kUuid));
    QCOMPARE(rig.mediaStatsSent().size(), 1);
    // After the interval, once more.
    QTest::qWait(int(Monitor::ServerMonitor::kQualityRefreshMs) + 100);
    QVERIFY(rig.monitor->refreshQuality(kUuid));
    QCOMPARE(rig.mediaStatsSent().size(), 2);
    QVERIFY(refreshed.wait(kWait));
}

void TestQualityMonitor::neverTwiceInFlightForOneChannel()
{
    Rig rig;
    QVERIFY(rig.liveWithAChannel());
    const QString other = u"4a14700d-dcd5-43ba-bd03-9932430298b6"_s;
    rig.link->deliver(channelEvent("CHANNEL_CREATE", other));
    QSignalSpy refreshed(rig.monitor, &Monitor::ServerMonitor::qualityRefreshed);
    // No answer scripted: the request waits.
    QVERIFY(rig.monitor->refreshQuality(kUuid));
    QVERIFY(!rig.monitor->refreshQuality(kUuid));
    // Another channel is another question.
    QVERIFY(rig.monitor->refreshQuality(other));
    QCOMPARE(rig.mediaStatsSent().size(), 2);
    // The answer is handled as the promise finishes (a same-thread continuation).
    QVERIFY(rig.link->answerApi(kRequest.mid(4), kSuccess));
    QVERIFY(refreshed.count() == 1 || refreshed.wait(kWait));
    QCOMPARE(refreshed.first().at(0).toString(), kUuid);
}

void TestQualityMonitor::anErrorComesBackAsAnError()
{
    Rig rig;
    QVERIFY(rig.liveWithAChannel());
    QSignalSpy refreshed(rig.monitor, &Monitor::ServerMonitor::qualityRefreshed);
    rig.link->apiAnswers.insert(kRequest.mid(4), kNoSession);
    QVERIFY(rig.monitor->refreshQuality(kUuid));
    QVERIFY(refreshed.wait(kWait));
    QCOMPARE(refreshed.first().at(0).toString(), kUuid);
    QVERIFY2(refreshed.first().at(1).toString().contains(u"Session does not exist"_s),
             qPrintable(refreshed.first().at(1).toString()));
    QVERIFY(!rig.monitor->channels()->channel(kUuid)->quality.known());

    // Garbage is an error too, and leaves the quality as it was.
    refreshed.clear();
    QTest::qWait(int(Monitor::ServerMonitor::kQualityRefreshMs) + 100);
    rig.link->apiAnswers.insert(kRequest.mid(4), "-ERR json api unavailable\n");
    QVERIFY(rig.monitor->refreshQuality(kUuid));
    QVERIFY(refreshed.wait(kWait));
    QVERIFY(refreshed.first().at(1).toString().contains(u"not a JSON object"_s));
    QVERIFY(!rig.monitor->channels()->channel(kUuid)->quality.known());
}

void TestQualityMonitor::aLostLinkIsAnErrorAndAllowsAskingAgain()
{
    Rig rig;
    QVERIFY(rig.liveWithAChannel());
    QSignalSpy refreshed(rig.monitor, &Monitor::ServerMonitor::qualityRefreshed);
    QVERIFY(rig.monitor->refreshQuality(kUuid));
    rig.link->setState(Monitor::LinkState::Disconnected); // fails what waits
    QVERIFY(refreshed.count() == 1 || refreshed.wait(kWait));
    QVERIFY(!refreshed.first().at(1).toString().isEmpty());
    QVERIFY(!rig.monitor->refreshQuality(kUuid)); // not live
}

void TestQualityMonitor::notForUnknownEndedOrZombieChannels()
{
    Rig rig;
    QVERIFY(rig.liveWithAChannel());
    QVERIFY(!rig.monitor->refreshQuality(u"4a14700d-dcd5-43ba-bd03-9932430298b6"_s));
    QVERIFY(!rig.monitor->refreshQuality(QString()));
    rig.link->deliver(channelEvent("CHANNEL_HANGUP_COMPLETE", kUuid));
    QVERIFY(rig.monitor->channels()->channel(kUuid)->ended);
    QVERIFY(!rig.monitor->refreshQuality(kUuid));

    const QString zombie = u"5b0a4e1c-0000-4000-8000-000000000001"_s;
    rig.link->deliver(channelEvent("CHANNEL_CREATE", zombie));
    rig.monitor->channels()->markAllZombies(Monitor::ServerMonitor::now());
    QVERIFY(!rig.monitor->refreshQuality(zombie));
    QVERIFY(rig.mediaStatsSent().isEmpty());
}

void TestQualityMonitor::notWithoutApiOrALiveLink()
{
    Rig noApi(Monitor::Capabilities(Monitor::Capability::LogLines));
    // Without api the channel list cannot be read: live, never in step.
    QVERIFY(noApi.liveWithAChannel(kUuid, false));
    QVERIFY(!noApi.monitor->refreshQuality(kUuid));
    QVERIFY(noApi.mediaStatsSent().isEmpty());

    Rig rig;
    QVERIFY(rig.liveWithAChannel());
    rig.link->setState(Monitor::LinkState::Reconnecting);
    QVERIFY(!rig.monitor->refreshQuality(kUuid));
    QVERIFY(rig.mediaStatsSent().isEmpty());
}

void TestQualityMonitor::aUuidWithAQuoteIsRefusedBeforeTheWire()
{
    Rig rig;
    QVERIFY(rig.liveWithAChannel());
    // Channels with such uuids exist in the store (the wire is hostile), and are still refused.
    for (const QString &bad : {u"x\",\"command\":\"status"_s, u"x\\"_s, u"a\r\nlog 7"_s,
                               u"a\nb"_s}) {
        rig.link->deliver(channelEvent("CHANNEL_CREATE", bad));
        QVERIFY(rig.monitor->channels()->channel(bad));
        QVERIFY(!rig.monitor->refreshQuality(bad));
    }
    QVERIFY(rig.mediaStatsSent().isEmpty());
}

QTEST_GUILESS_MAIN(TestQualityMonitor)
#include "tst_qualitymonitor.moc"
