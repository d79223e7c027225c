// Call quality per leg (callquality.h) on the real capture of FreeSWITCH 1.10 (real2/
// sip-call-quality: a PCMU call over loopback, A = 04574684 the gateway leg, B = 4a14700d the
// echo leg, RTCP every ~4 s on both): the RTCP events replayed through a ChannelStore, the
// mediaStats replies, the hangup variables; the E-model's known points; hostile values.

#include "support/fixtures.h"

#include "monitor/callquality.h"
#include "monitor/calltable.h"
#include "monitor/channelsnapshot.h"
#include "monitor/channelstore.h"
#include "monitor/eventstore.h"
#include "monitor/exporter.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <cmath>

using namespace Qt::Literals::StringLiterals;
using Monitor::ChannelStore;
using Monitor::LegQuality;

namespace {

const QString kA = u"04574684-98de-4c8f-ba18-a6470db769c1"_s;
const QString kB = u"4a14700d-dcd5-43ba-bd03-9932430298b6"_s;

qint64 msOf(const Esl::Event &e)
{
    return e.timestamp() / 1000;
}

// The api bodies of the capture that answer mediaStats, in order (A, B, the unknown uuid).
QList<QByteArray> mediaStatsReplies()
{
    QList<QByteArray> out;
    const auto messages = TestSupport::parseAll(
        TestSupport::readFixture(u"real2/sip-call-quality"_s, u".esl"_s));
    for (const Esl::Message &m : messages) {
        if (m.contentType() == "api/response" && m.body().contains("\"mediaStats\""))
            out.append(m.body());
    }
    return out;
}

Esl::Event rtcpEvent(const QList<std::pair<QByteArray, QByteArray>> &headers)
{
    Esl::HeaderList list;
    for (const auto &[name, value] : headers)
        list.append(name, value);
    return Esl::Event(list, {}, false);
}

bool sane(double v, double min, double max)
{
    return std::isfinite(v) && (v == -1 || (v >= min && v <= max));
}

void checkSane(const LegQuality &q)
{
    QVERIFY(sane(q.mos, 1, 4.5));
    QVERIFY(sane(q.fsMos, 1, 4.5));
    QVERIFY(sane(q.in.lossPct, 0, 100));
    QVERIFY(sane(q.out.lossPct, 0, 100));
    QVERIFY(sane(q.in.cumulativeLossPct, 0, 100));
    QVERIFY(sane(q.out.cumulativeLossPct, 0, 100));
    QVERIFY(sane(q.in.jitterMs, 0, 1e12));
    QVERIFY(sane(q.out.jitterMs, 0, 1e12));
    QVERIFY(sane(q.rttMs, 0, 60000));
    QVERIFY(q.history.size() <= LegQuality::kMaxHistory);
    for (const Monitor::QualitySample &s : q.history) {
        QVERIFY(sane(s.mos, 1, 4.5));
        QVERIFY(std::isfinite(s.lossPct) && std::isfinite(s.jitterMs) && std::isfinite(s.rttMs));
    }
}

} // namespace

class TestCallQuality : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // Happy flows, on the capture.
    void followsTheCapturesReportsLegByLeg();
    void takesTheCapturesMediaStatsReplies();
    void keepsTheHangupFiguresAsFinal();
    void rtcpNeverCreatesAChannelNorChangesItsOtherFacts();
    void callJsonCarriesTheQualityOnceKnown();
    void aSnapshotKeepsEveryFigureAndTheHistory();
    void anEndedCallsBundleKeepsItsMosAndTheHangupFigures();
    // The estimate.
    void eModelKnownPoints();
    void gradeAndWorstFigure();
    // Rainy days.
    void mediaStatsErrorsLeaveTheLegUntouched_data();
    void mediaStatsErrorsLeaveTheLegUntouched();
    void historyStaysBoundedOverTenThousandReports();
    void hostileReportsNeverGiveNaNOrAMosOutOfRange_data();
    void hostileReportsNeverGiveNaNOrAMosOutOfRange();
    void aSnapshotWithATooLongHistoryOrBadFiguresReadsSafely();
};

void TestCallQuality::followsTheCapturesReportsLegByLeg()
{
    // Each RTCP event of the capture, by Event-Sequence, and what the leg reads after it.
    // in = the leg's SEND reports (what the switch received), out = its RECV reports (what the
    // far end received). Loss is the last interval's (Fraction/256), cumulative since the first
    // real report; RTT = Capture-Time's NTP middle bits - LSR - DLSR.
    struct Step
    {
        int sequence;
        QString uuid;
        bool changes;
        double inLoss, inCumulative, outLoss, outCumulative, rtt, mos;
    };
    const double r = 100.0 / 256; // one 256th: 0.390625 %
    const QList<Step> steps = {
        // SEND placeholders (Source-SSRC 00000000, Lost 1): nothing taken.
        {761, kB, false, -1, -1, -1, -1, -1, -1},
        {762, kA, false, -1, -1, -1, -1, -1, -1},
        // The far end's first reports (LSR 0): jitter 0 and the baseline, no interval loss;
        // MOS of no loss, no jitter, no RTT: R = 93.2 - 0.024 * 10 = 92.96 -> 4.4046.
        {763, kA, true, -1, -1, -1, -1, -1, 4.4046},
        {764, kB, true, -1, -1, -1, -1, -1, 4.4046},
        // B's first real SEND report: Fraction 0. A's: Fraction 1 (one 256th lost).
        {780, kB, true, 0, -1, -1, -1, -1, 4.4046},
        // loss 0.390625 %: Ie,eff = 95 * 0.39 / (0.39 + 25.1) = 1.456; R = 91.504 -> 4.3741
        {781, kA, true, r, -1, -1, -1, -1, 4.3741},
        // A's RECV: Fraction 0, 201 expected since the baseline, none lost; RTT 30.04 ms
        // (d = 25.02 ms: Id = 0.60; R = 91.144 -> 4.3660).
        {782, kA, true, r, -1, 0, 0, 30.0446, 4.3660},
        // B's RECV: Fraction 1, Lost 1 -> 2 over 201: 0.4975 %; RTT 25.63 ms -> 4.3672.
        {783, kB, true, 0, -1, r, 100.0 / 201, 25.6348, 4.3672},
        {788, kB, true, 0, 0, r, 100.0 / 201, 25.6348, 4.3672},
        // A's in: Fraction 0 now, so the worse interval loss is 0: R = 92.60 -> 4.3974.
        {789, kA, true, 0, 0, 0, 0, 30.0446, 4.3974},
        {790, kA, true, 0, 0, 0, 0, 30.1666, 4.3973},
        // B's out: 1 lost over 402 since the baseline: 0.2488 %; RTT 25.65 ms -> 4.3984.
        {791, kB, true, 0, 0, 0, 100.0 / 402, 25.6500, 4.3984},
    };

    ChannelStore store;
    QSignalSpy changed(&store, &ChannelStore::channelChanged);
    int step = 0;
    for (const Esl::Event &e : TestSupport::fixtureEvents(u"real2/sip-call-quality"_s)) {
        const QByteArrayView name = e.eventName();
        if (name == "CHANNEL_HANGUP_COMPLETE")
            break;
        changed.clear();
        const bool applied = store.apply(e, msOf(e));
        if (name != "RECV_RTCP_MESSAGE" && name != "SEND_RTCP_MESSAGE")
            continue;
        QVERIFY(step < steps.size());
        const Step &s = steps.at(step++);
        QCOMPARE(e.sequence(), s.sequence);
        QCOMPARE(e.uniqueId(), s.uuid);
        QCOMPARE(applied, s.changes);
        QCOMPARE(changed.size(), s.changes ? 1 : 0);
        const LegQuality &q = store.channel(s.uuid)->quality;
        const auto near = [](double have, double want) {
            return want < 0 ? have == -1 : std::abs(have - want) < 0.0005;
        };
        QVERIFY2(near(q.in.lossPct, s.inLoss), qPrintable(QString::number(q.in.lossPct)));
        QVERIFY2(near(q.in.cumulativeLossPct, s.inCumulative),
                 qPrintable(QString::number(q.in.cumulativeLossPct)));
        QVERIFY2(near(q.out.lossPct, s.outLoss), qPrintable(QString::number(q.out.lossPct)));
        QVERIFY2(near(q.out.cumulativeLossPct, s.outCumulative),
                 qPrintable(QString::number(q.out.cumulativeLossPct)));
        QVERIFY2(near(q.rttMs, s.rtt), qPrintable(QString::number(q.rttMs, 'f', 4)));
        QVERIFY2(near(q.mos, s.mos), qPrintable(QString::number(q.mos, 'f', 4)));
        // Jitter 0 in every report of the capture; PCMU's 8000 Hz taken from the channel.
        if (q.in.known())
            QCOMPARE(q.in.jitterMs, 0.0);
        if (q.out.known())
            QCOMPARE(q.out.jitterMs, 0.0);
        QCOMPARE(q.clockRate, 8000);
        QCOMPARE(q.codec, u"PCMU"_s);
        checkSane(q);
    }
    QCOMPARE(step, steps.size());

    // The placeholder counted nowhere: B's in has two real reports, its out two and a baseline.
    const LegQuality &b = store.channel(kB)->quality;
    QCOMPARE(b.in.reports, 2);
    QCOMPARE(b.in.lost, 1); // the switch's count, its off-by-one included
    QCOMPARE(b.out.reports, 3);
    QCOMPARE(b.out.lost, 2);
    // FreeSWITCH's own smoothed RTT beside ours (20 ms: its 20 ms packet clock, see applyRtcp).
    QVERIFY(std::abs(b.fsRttMs - 20.0) < 0.01);
    QCOMPARE(b.history.size(), 5);
    QCOMPARE(b.worstFigure(), u"RTT 26 ms"_s);
}

void TestCallQuality::takesTheCapturesMediaStatsReplies()
{
    const QList<QByteArray> replies = mediaStatsReplies();
    QCOMPARE(replies.size(), 3);
    LegQuality a;
    const auto applied = Monitor::applyMediaStats(a, replies.at(0), 1000);
    QVERIFY2(applied.ok(), qPrintable(applied.ok() ? QString() : applied.error().message));
    QCOMPARE(a.fsMos, 4.5);
    QCOMPARE(a.counters.inPackets, 346);
    QCOMPARE(a.counters.inMediaPackets, 345);
    QCOMPARE(a.counters.inSkipPackets, 9);
    QCOMPARE(a.counters.inFlushPackets, 1);
    QCOMPARE(a.counters.inDtmfPackets, 0);
    QCOMPARE(a.counters.inFlawTotal, 0);
    QCOMPARE(a.counters.inQualityPct, 100.0);
    QVERIFY(std::abs(a.counters.inJitterMaxVariance - 51.5747) < 0.001);
    QCOMPARE(a.counters.outPackets, 351);
    QVERIFY(!a.final);
    QCOMPARE(a.mos, -1.0); // no RTCP: no estimate, only FreeSWITCH's MOS
    QCOMPARE(a.displayMos(), 4.5);
    QCOMPARE(a.grade(), LegQuality::Grade::Good);
    QCOMPARE(a.updatedMs, 1000);
    QCOMPARE(a.history.size(), 1);
    QCOMPARE(Monitor::qualityJson(a), (QJsonObject{{u"fsMos"_s, 4.5}}));
    QVERIFY(a.tooltip().contains(u"DTMF"_s));
    QVERIFY(a.tooltip().contains(u"flush 1"_s));

    LegQuality b;
    QVERIFY(Monitor::applyMediaStats(b, replies.at(1), 1000).ok());
    QCOMPARE(b.counters.inPackets, 350);
    QCOMPARE(b.counters.inSkipPackets, 2);

    // Through the store, for a channel it has; the unknown uuid's reply is an error.
    ChannelStore store;
    for (const Esl::Event &e : TestSupport::fixtureEvents(u"real2/sip-call-quality"_s)) {
        if (e.eventName() == "CHANNEL_ANSWER")
            store.apply(e, msOf(e));
    }
    QSignalSpy changed(&store, &ChannelStore::channelChanged);
    QString error;
    QVERIFY(store.applyMediaStats(kA, replies.at(0), 2000, &error));
    QVERIFY(error.isEmpty());
    QCOMPARE(changed.size(), 1);
    QCOMPARE(store.channel(kA)->quality.fsMos, 4.5);
    QVERIFY(!store.applyMediaStats(kB, replies.at(2), 2000, &error));
    QVERIFY2(error.contains(u"Session does not exist"_s), qPrintable(error));
    QVERIFY(!store.applyMediaStats(u"no-such-uuid"_s, replies.at(0), 2000, &error));
    QCOMPARE(changed.size(), 1);
}

void TestCallQuality::keepsTheHangupFiguresAsFinal()
{
    ChannelStore store;
    store.setEndedRetention(1'000'000'000);
    for (const Esl::Event &e : TestSupport::fixtureEvents(u"real2/sip-call-quality"_s))
        store.apply(e, msOf(e));
    const LegQuality &a = store.channel(kA)->quality;
    QVERIFY(store.channel(kA)->ended);
    QVERIFY(a.final);
    QCOMPARE(a.fsMos, 4.5);
    QCOMPARE(a.counters.inPackets, 743);
    QCOMPARE(a.counters.inSkipPackets, 15);
    QCOMPARE(a.counters.inFlushPackets, 1);
    QCOMPARE(a.counters.outPackets, 751);
    QCOMPARE(a.counters.inJitterMaxVariance, 55.23);
    // The last estimate stays: no loss in the last reports, RTT 30.17 ms.
    QVERIFY(std::abs(a.mos - 4.3973) < 0.0005);
    const QJsonObject json = Monitor::qualityJson(a);
    QCOMPARE(json.value(u"final"_s).toBool(), true);
    QCOMPARE(json.value(u"fsMos"_s).toDouble(), 4.5);
    QCOMPARE(json.value(u"mos"_s).toDouble(), 4.4);
    QCOMPARE(json.value(u"lossPct"_s).toDouble(), 0.0);
    QCOMPARE(json.value(u"jitterMs"_s).toDouble(), 0.0);
    QCOMPARE(json.value(u"rttMs"_s).toDouble(), 30.2);
    QVERIFY(a.tooltip().contains(u"skip 15, flush 1"_s));
    QVERIFY(a.tooltip().contains(u"Final figures"_s));

    const LegQuality &b = store.channel(kB)->quality;
    QVERIFY(b.final);
    QCOMPARE(b.counters.inSkipPackets, 3);
    QCOMPARE(b.counters.inFlushPackets, 0);

    // A late report after the hangup changes nothing.
    const Esl::Event late = rtcpEvent({{"Event-Name", "SEND_RTCP_MESSAGE"},
                                       {"Unique-ID", kA.toUtf8()},
                                       {"Source-SSRC", "0000abcd"},
                                       {"Source-Fraction", "255"}});
    QVERIFY(!store.apply(late, 1));
    QVERIFY(std::abs(store.channel(kA)->quality.mos - 4.3973) < 0.0005);
}

void TestCallQuality::rtcpNeverCreatesAChannelNorChangesItsOtherFacts()
{
    ChannelStore store;
    QSignalSpy added(&store, &ChannelStore::channelAdded);
    QList<Esl::Event> rtcp;
    for (const Esl::Event &e : TestSupport::fixtureEvents(u"real2/sip-call-quality"_s)) {
        if (e.eventName() == "RECV_RTCP_MESSAGE" || e.eventName() == "SEND_RTCP_MESSAGE")
            rtcp.append(e);
    }
    QCOMPARE(rtcp.size(), 12);
    for (const Esl::Event &e : rtcp)
        QVERIFY(!store.apply(e, msOf(e)));
    QCOMPARE(store.size(), 0);
    QCOMPARE(added.size(), 0);

    for (const Esl::Event &e : TestSupport::fixtureEvents(u"real2/sip-call-quality"_s)) {
        if (e.sequence() >= 761)
            break;
        store.apply(e, msOf(e));
    }
    const Monitor::Channel before = *store.channel(kA);
    for (const Esl::Event &e : rtcp)
        store.apply(e, msOf(e));
    const Monitor::Channel &after = *store.channel(kA);
    QCOMPARE(after.headers, before.headers);
    QCOMPARE(after.callState, before.callState);
    QCOMPARE(after.lastEventMs, before.lastEventMs);
    QCOMPARE(after.name, before.name);
    QVERIFY(after.quality.known());
}

void TestCallQuality::callJsonCarriesTheQualityOnceKnown()
{
    ChannelStore store;
    store.setEndedRetention(1'000'000'000);
    bool sawUnknown = false;
    for (const Esl::Event &e : TestSupport::fixtureEvents(u"real2/sip-call-quality"_s)) {
        if (e.sequence() == 761) {
            // Before any report: no "quality" member.
            for (const Monitor::CallRow &row : Monitor::callTable(store))
                QVERIFY(!Monitor::callJson(u"vm"_s, row, 0).contains("quality"));
            sawUnknown = true;
        }
        store.apply(e, msOf(e));
    }
    QVERIFY(sawUnknown);
    // The two legs are two calls (A left through the gateway, B came in from it).
    const QList<Monitor::CallRow> rows = Monitor::callTable(store);
    QCOMPARE(rows.size(), 2);
    const auto row = std::find_if(rows.cbegin(), rows.cend(),
                                  [](const Monitor::CallRow &r) { return r.key == kA; });
    QVERIFY(row != rows.cend());
    const QByteArray line = Monitor::callJson(u"vm"_s, *row, 0);
    const QJsonDocument doc = QJsonDocument::fromJson(line);
    QVERIFY(doc.isObject());
    const QJsonArray legs = doc.object().value(u"legs"_s).toArray();
    QCOMPARE(legs.size(), 1);
    const QJsonObject a = legs.at(0).toObject().value(u"quality"_s).toObject();
    QCOMPARE(legs.at(0).toObject().value(u"uuid"_s).toString(), kA);
    QCOMPARE(a.keys(), (QStringList{u"final"_s, u"fsMos"_s, u"jitterMs"_s, u"lossPct"_s,
                                    u"mos"_s, u"rttMs"_s}));
    QCOMPARE(a.value(u"mos"_s).toDouble(), 4.4);
    QCOMPARE(a.value(u"lossPct"_s).toDouble(), 0.0);
    QCOMPARE(a.value(u"rttMs"_s).toDouble(), 30.2);
    QCOMPARE(a.value(u"final"_s).toBool(), true);
    // In the order the README lists them, separated as json.dumps does.
    QVERIFY2(line.contains(R"("quality": {"mos": 4.4, "lossPct": 0, "jitterMs": 0, "rttMs": 30.2, )"
                           R"("fsMos": 4.5, "final": true})"),
             line.constData());
}

void TestCallQuality::aSnapshotKeepsEveryFigureAndTheHistory()
{
    ChannelStore store;
    store.setEndedRetention(1'000'000'000);
    for (const Esl::Event &e : TestSupport::fixtureEvents(u"real2/sip-call-quality"_s))
        store.apply(e, msOf(e));
    const Monitor::Channel &a = *store.channel(kA);
    const QJsonObject snapshot = Monitor::snapshotOf(a);
    QVERIFY(snapshot.value(u"quality"_s).isObject());
    // Through text, as a bundle file carries it.
    const QJsonObject reread = QJsonDocument::fromJson(QJsonDocument(snapshot).toJson()).object();
    const std::optional<Monitor::Channel> back = Monitor::channelOfSnapshot(reread);
    QVERIFY(back);
    QCOMPARE(back->quality, a.quality);
    QCOMPARE(back->quality.history.size(), 5);

    // A channel with nothing known carries no "quality".
    Monitor::Channel plain;
    plain.uuid = u"x"_s;
    QVERIFY(!Monitor::snapshotOf(plain).contains(u"quality"_s));
}

void TestCallQuality::anEndedCallsBundleKeepsItsMosAndTheHangupFigures()
{
    // The live store let the call go: the bundle rebuilds the leg from its records, RTCP
    // events and hangup variables included.
    Monitor::EventStore records;
    for (const Esl::Event &e : TestSupport::fixtureEvents(u"real2/sip-call-quality"_s))
        records.append(1, e, msOf(e));
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"call.json"_s);
    const auto written = Monitor::Exporter(records).writeCallBundle(path, {kA}, nullptr);
    QVERIFY(written.ok());
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QJsonObject bundle = QJsonDocument::fromJson(file.readAll()).object();
    const QJsonObject snapshot = bundle.value(u"channels"_s).toArray().at(0).toObject();
    const std::optional<Monitor::Channel> leg = Monitor::channelOfSnapshot(snapshot);
    QVERIFY(leg);
    QVERIFY(leg->quality.final);
    QCOMPARE(leg->quality.fsMos, 4.5);
    QVERIFY(std::abs(leg->quality.mos - 4.3973) < 0.0005);
    QCOMPARE(leg->quality.counters.inSkipPackets, 15);
    // The hangup event itself, with every rtp_audio variable, is among the records.
    bool sawHangup = false;
    for (const QJsonValue &r : bundle.value(u"records"_s).toArray()) {
        const QByteArray message = QJsonDocument(r.toObject().value(u"message"_s).toObject())
                                       .toJson(QJsonDocument::Compact);
        if (message.contains("CHANNEL_HANGUP_COMPLETE")) {
            QVERIFY(message.contains("variable_rtp_audio_in_mos"));
            QVERIFY(message.contains("variable_rtp_audio_in_skip_packet_count"));
            QVERIFY(message.contains("variable_rtp_audio_in_jitter_max_variance"));
            sawHangup = true;
        }
    }
    QVERIFY(sawHangup);
}

void TestCallQuality::eModelKnownPoints()
{
    // R = 93.2 with nothing impaired maps to 4.41; our floor of 10 ms codec delay costs 0.24.
    QVERIFY(std::abs(Monitor::mosFromR(93.2) - 4.4093) < 0.0005);
    QVERIFY(std::abs(Monitor::rFactor(0, 0, 0, u"PCMU") - 92.96) < 1e-9);
    QVERIFY(std::abs(Monitor::estimateMos(0, 0, 0, u"PCMU") - 4.4046) < 0.0005);
    // 5 % random loss, G.711 with PLC: Ie,eff = 95 * 5 / (5 + 25.1) = 15.781;
    // R = 92.96 - 15.781 = 77.179; MOS = 1 + 0.035 R + 7e-6 R (R - 60)(100 - R) = 3.9131.
    QVERIFY(std::abs(Monitor::estimateMos(5, 0, 0, u"PCMA") - 3.9131) < 0.0005);
    // 400 ms one way (RTT 780 ms + 10 ms): Id = 0.024 * 400 + 0.11 * (400 - 177.3) = 34.097;
    // R = 59.103 -> 3.0534.
    QVERIFY(std::abs(Monitor::estimateMos(0, 0, 780, u"PCMU") - 3.0534) < 0.0005);
    // Jitter counts twice (the buffer): 20 ms of jitter is 40 ms more delay.
    QVERIFY(std::abs(Monitor::rFactor(0, 20, 0, {}) - (93.2 - 0.024 * 50)) < 1e-9);
    // G.729: Ie 11 -> R = 81.96 -> 4.0959; with 5 % loss Bpl 19: Ie,eff = 11 + 84 * 5 / 24.
    QVERIFY(std::abs(Monitor::estimateMos(0, 0, 0, u"G729") - 4.0959) < 0.0005);
    QVERIFY(std::abs(Monitor::rFactor(5, 0, 0, u"G729") - (92.96 - 11 - 84.0 * 5 / 24)) < 1e-9);
    // Codecs without figures are taken as G.711.
    QCOMPARE(Monitor::estimateMos(3, 10, 50, u"OPUS"), Monitor::estimateMos(3, 10, 50, u"PCMU"));
    // The ends: total loss, absurd delay -> 1; R beyond 100 -> 4.5.
    QCOMPARE(Monitor::estimateMos(100, 1e9, 1e9, u"PCMU"), 1.0);
    QCOMPARE(Monitor::mosFromR(-5), 1.0);
    QCOMPARE(Monitor::mosFromR(120), 4.5);
    QCOMPARE(Monitor::mosFromR(std::nan("")), 1.0);
    QCOMPARE(Monitor::estimateMos(std::nan(""), std::nan(""), std::nan(""), u"PCMU"),
             Monitor::estimateMos(0, 0, 0, u"PCMU"));
}

void TestCallQuality::gradeAndWorstFigure()
{
    LegQuality q;
    QCOMPARE(q.grade(), LegQuality::Grade::Unknown);
    QVERIFY(!q.known());
    QVERIFY(q.worstFigure().isEmpty());
    q.mos = 4.0;
    QCOMPARE(q.grade(), LegQuality::Grade::Good);
    q.mos = 3.99;
    QCOMPARE(q.grade(), LegQuality::Grade::Fair);
    q.mos = 3.6;
    QCOMPARE(q.grade(), LegQuality::Grade::Fair);
    q.mos = 3.59;
    QCOMPARE(q.grade(), LegQuality::Grade::Poor);

    q.in.reports = q.out.reports = 1;
    q.in.lossPct = 3.1;   // 0.62 of 5 %
    q.out.jitterMs = 48;  // 0.96 of 50 ms
    q.rttMs = 210;        // 0.70 of 300 ms
    QCOMPARE(q.worstFigure(), u"jitter 48 ms out"_s);
    q.in.lossPct = 6;
    QCOMPARE(q.worstFigure(), u"loss 6.0 % in"_s);
    q.in.lossPct = 0;
    q.out.jitterMs = 0;
    QCOMPARE(q.worstFigure(), u"RTT 210 ms"_s);
}

void TestCallQuality::mediaStatsErrorsLeaveTheLegUntouched_data()
{
    QTest::addColumn<QByteArray>("reply");
    QTest::addColumn<QString>("error");
    QTest::newRow("session does not exist")
        << QByteArray(R"({"command":"mediaStats","data":{"uuid":"x"},"status":"error","message":)"
                      R"("The command returned an error","response":{"response":"Session does not exist"}})")
        << u"Session does not exist"_s;
    QTest::newRow("-ERR text") << QByteArray("-ERR no such command\n") << u"not a JSON object"_s;
    QTest::newRow("empty") << QByteArray() << u"not a JSON object"_s;
    QTest::newRow("truncated") << QByteArray(R"({"status":"success","response":{"audio":{"in_m)")
                               << u"not a JSON object"_s;
    QTest::newRow("array") << QByteArray("[1,2]") << u"not a JSON object"_s;
    QTest::newRow("no audio") << QByteArray(R"({"status":"success","response":{}})")
                              << u"no audio"_s;
    QTest::newRow("no counters")
        << QByteArray(R"({"status":"success","response":{"audio":{"colour":"blue"}}})")
        << u"none of the known counters"_s;
    QTest::newRow("no status") << QByteArray(R"({"response":{"audio":{"in_mos":4}}})")
                               << u"no status"_s;
    QTest::newRow("huge") << QByteArray(2 << 20, ' ') << u"too large"_s;
}

void TestCallQuality::mediaStatsErrorsLeaveTheLegUntouched()
{
    QFETCH(QByteArray, reply);
    QFETCH(QString, error);
    LegQuality q;
    q.fsMos = 3.0;
    q.counters.inPackets = 7;
    const LegQuality before = q;
    const auto result = Monitor::applyMediaStats(q, reply, 5);
    QVERIFY(!result.ok());
    QVERIFY2(result.error().message.contains(error), qPrintable(result.error().message));
    QVERIFY(result.error().message.startsWith(u"mediaStats: "_s));
    QCOMPARE(q, before);
}

void TestCallQuality::historyStaysBoundedOverTenThousandReports()
{
    LegQuality q;
    for (int i = 0; i < 10000; ++i) {
        const QByteArray fraction = QByteArray::number(i == 5000 ? 128 : 0);
        const Esl::Event e = rtcpEvent({{"Event-Name", "SEND_RTCP_MESSAGE"},
                                        {"Unique-ID", "u"},
                                        {"Source-SSRC", "0000abcd"},
                                        {"Source-Fraction", fraction},
                                        {"Source-Lost", "0"},
                                        {"Source-Highest-Sequence-Number-Received",
                                         QByteArray::number(1000 + 200 * i)},
                                        {"Source-Jitter", "80"},
                                        {"Source-LSR", "0"},
                                        {"Source-DLSR", "0"}});
        QVERIFY(Monitor::applyRtcp(q, e, 8000, 1000LL * i));
        QVERIFY(q.history.size() <= LegQuality::kMaxHistory);
    }
    QCOMPARE(q.in.reports, 10000);
    QCOMPARE(q.in.jitterMs, 10.0); // 80 / 8000 Hz
    // The whole call at a coarser resolution: from the first report to the last, in order, and
    // the one bad report (50 % lost) survived every merge.
    QVERIFY(q.history.size() >= LegQuality::kMaxHistory / 2);
    QCOMPARE(q.history.first().ms, 0);
    // The newest point began with the report the newest historyPending reports began with.
    QCOMPARE(q.history.last().ms, (10000 - q.historyPending) * 1000);
    bool sawBad = false;
    for (qsizetype i = 1; i < q.history.size(); ++i) {
        QVERIFY(q.history.at(i - 1).ms < q.history.at(i).ms);
        sawBad = sawBad || q.history.at(i).lossPct == 50.0f;
    }
    QVERIFY(sawBad);
    // Evenly: every point but the newest stands for the same number of reports.
    QCOMPARE(q.history.size() * q.historyStride - (q.historyStride - q.historyPending), 10000);
    const qint64 span = q.history.at(1).ms - q.history.at(0).ms;
    for (qsizetype i = 1; i < q.history.size(); ++i)
        QCOMPARE(q.history.at(i).ms - q.history.at(i - 1).ms, span);
    checkSane(q);
}

void TestCallQuality::hostileReportsNeverGiveNaNOrAMosOutOfRange_data()
{
    QTest::addColumn<QByteArray>("name");
    QTest::addColumn<QByteArray>("value");
    for (const QByteArray &name :
         {QByteArray("Fraction"), QByteArray("Lost"), QByteArray("Jitter"), QByteArray("LSR"),
          QByteArray("DLSR"), QByteArray("Highest-Sequence-Number-Received"), QByteArray("SSRC"),
          QByteArray("RTP-Rate"), QByteArray("Capture-Time"), QByteArray("Rtt0-Avg")}) {
        for (const QByteArray &value :
             {QByteArray("99999999999999999999999"), QByteArray("-1"), QByteArray("-8388608"),
              QByteArray("4294967295"), QByteArray("nan"), QByteArray("NaN"), QByteArray("inf"),
              QByteArray("-inf"), QByteArray("1e308"), QByteArray("abc"), QByteArray(""),
              QByteArray("0"), QByteArray("00000000"), QByteArray("0x10"), QByteArray(" 7 ")}) {
            QTest::addRow("%s=%s", name.constData(), value.constData()) << name << value;
        }
    }
}

void TestCallQuality::hostileReportsNeverGiveNaNOrAMosOutOfRange()
{
    QFETCH(QByteArray, name);
    QFETCH(QByteArray, value);
    LegQuality q;
    const auto header = [&](const QByteArray &field, const QByteArray &normal) {
        return field.endsWith(name) ? value : normal;
    };
    for (const QByteArray &event :
         {QByteArray("SEND_RTCP_MESSAGE"), QByteArray("RECV_RTCP_MESSAGE")}) {
        const QByteArray p = event.startsWith("SEND") ? "Source-" : "Source0-";
        for (int round = 0; round < 3; ++round) {
            const Esl::Event e = rtcpEvent(
                {{"Event-Name", event},
                 {"Unique-ID", "u"},
                 {"SSRC", "0000beef"},
                 {"RTP-Rate", header("RTP-Rate", "8000")},
                 {"Capture-Time", header("Capture-Time", "1796578768563636")},
                 {p + "SSRC", header(p + "SSRC", "0000abcd")},
                 {p + "Fraction", header(p + "Fraction", "12")},
                 {p + "Lost", header(p + "Lost", QByteArray::number(3 + round))},
                 {p + "Highest-Sequence-Number-Received",
                  header(p + "Highest-Sequence-Number-Received", QByteArray::number(200 * round))},
                 {p + "Jitter", header(p + "Jitter", "40")},
                 {p + "LSR", header(p + "LSR", "474777753")},
                 {p + "DLSR", header(p + "DLSR", "262144")},
                 {"Rtt0-Avg", header("Rtt0-Avg", "0.02")}});
            Monitor::applyRtcp(q, e, 8000, round);
            checkSane(q);
        }
    }
    // The same value in the hangup variables and a mediaStats reply.
    Esl::HeaderList vars;
    for (const char *v : {"variable_rtp_audio_in_mos", "variable_rtp_audio_in_packet_count",
                          "variable_rtp_audio_in_quality_percentage",
                          "variable_rtp_audio_in_jitter_max_variance"})
        vars.append(v, value);
    Monitor::applyHangupVariables(q, vars, 9);
    checkSane(q);
    const QByteArray reply = R"({"status":"success","response":{"audio":{"in_mos":)" +
                             (value.isEmpty() ? QByteArray("null") : value) +
                             R"(,"in_packet_count":)" + (value.isEmpty() ? "1" : value) + "}}}";
    (void)Monitor::applyMediaStats(q, reply, 10);
    checkSane(q);
    QVERIFY(std::isfinite(Monitor::qualityJson(q).value(u"mos"_s).toDouble()));
}

void TestCallQuality::aSnapshotWithATooLongHistoryOrBadFiguresReadsSafely()
{
    QJsonArray history;
    for (int i = 0; i < LegQuality::kMaxHistory + 1; ++i)
        history.append(QJsonArray{i, 4.0, 0, 0, 0});
    const QJsonObject tooLong{{u"mos"_s, 9.0}, {u"fsMos"_s, -3}, {u"rttMs"_s, u"x"_s},
                              {u"history"_s, history}, {u"in"_s, QJsonObject{{u"lossPct"_s, 1e300}}}};
    const auto q = Monitor::qualityOfSnapshot(tooLong);
    QVERIFY(q);
    QVERIFY(q->history.isEmpty());
    QCOMPARE(q->mos, -1.0);
    QCOMPARE(q->fsMos, -1.0);
    QCOMPARE(q->rttMs, -1.0);
    QCOMPARE(q->in.lossPct, -1.0);
    QVERIFY(!Monitor::qualityOfSnapshot(QJsonValue(u"text"_s)));

    // A channel snapshot whose "quality" is not an object is refused as a whole, as a field of
    // the wrong type is.
    QJsonObject channel{{u"uuid"_s, u"x"_s}, {u"quality"_s, 3}};
    QVERIFY(!Monitor::channelOfSnapshot(channel));
    history.removeLast();
    history[0] = QJsonArray{u"bad"_s, 7.0, -1, 1e40, 2};
    channel.insert(u"quality"_s, QJsonObject{{u"history"_s, history}});
    const auto read = Monitor::channelOfSnapshot(channel);
    QVERIFY(read);
    QCOMPARE(read->quality.history.size(), LegQuality::kMaxHistory);
    checkSane(read->quality);
}

QTEST_GUILESS_MAIN(TestCallQuality)
#include "tst_callquality.moc"
