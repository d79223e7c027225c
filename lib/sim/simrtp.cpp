// The simulated RTP sessions: their counters as time passes and the RTCP events they fire. What
// the switch writes from the counters (variables, mediaStats) is in simrtpstats.cpp.

#include "simrtp.h"

#include "channel.h"
#include "simswitch.h"

#include <QDateTime>

#include <algorithm>
#include <cmath>

namespace Sim {

namespace {

constexpr int kPacketMs = 20;        // ptime 20
constexpr qint64 kPayloadBytes = 160; // PCMU at 8000 Hz, 20 ms
// Seconds from 1900 (NTP) to 1970 (switch_rtp.c NTP_TIME_OFFSET).
constexpr quint64 kNtpOffset = 2208988800ULL;

qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

quint32 ntpMsw(qint64 micros)
{
    return quint32(quint64(micros / 1000000) + kNtpOffset);
}

// rtcp_generate_sender_info: the microseconds as a fraction of 2^32.
quint32 ntpLsw(qint64 micros)
{
    return quint32(double(micros % 1000000) * 4294967296.0 * 1.0e-6);
}

// The middle 32 bits of the NTP time a sender report carries (process_rtcp_report's LSR).
quint32 lsrOf(quint32 msw, quint32 lsw)
{
    return (lsw & 0xffff0000u) >> 16 | (msw & 0x0000ffffu) << 16;
}

// calc_local_lsr_now: the same middle bits of the local clock at `micros`.
quint32 localLsr(qint64 micros)
{
    const quint32 usec = quint32(micros % 1000000);
    return quint32(usec * 0.065536) | (ntpMsw(micros) & 0x0000ffffu) << 16;
}

QByteArray hex8(quint32 value)
{
    return QByteArray::number(value, 16).rightJustified(8, '0');
}

bool switchTrue(const QString &value)
{
    // switch_true: yes, on, true, t, enabled, active, allow, or a number other than 0.
    static const QStringList words{QStringLiteral("yes"),     QStringLiteral("on"),
                                   QStringLiteral("true"),    QStringLiteral("t"),
                                   QStringLiteral("enabled"), QStringLiteral("active"),
                                   QStringLiteral("allow")};
    const QString v = value.trimmed().toLower();
    return words.contains(v) || v.toLongLong() != 0;
}

} // namespace

SimRtp::SimRtp(Switch *sw) : QObject(sw), m_switch(sw)
{
    connect(&m_sweep, &QTimer::timeout, this, &SimRtp::sweep);
}

SimRtp::~SimRtp() = default;

bool SimRtp::carriesMedia(const QString &channelName)
{
    return channelName.startsWith(QStringLiteral("sofia/"));
}

void SimRtp::start(Channel &channel, qint64 startedMs)
{
    if (!carriesMedia(channel.name) || m_legs.contains(channel.uuid))
        return;
    Leg leg;
    leg.uuid = channel.uuid;
    leg.rate = channel.codecRate > 0 ? channel.codecRate : 8000;
    leg.startMs = startedMs > 0 ? startedMs : nowMs();
    leg.accountedMs = leg.startMs;
    // Each leg's own stream of numbers: the same for the nth leg of every run.
    leg.random.seed(0x5157a7u ^ quint32(++m_started * 2654435761u));
    leg.ssrc = leg.random.generate();
    leg.peerSsrc = leg.random.generate();
    leg.peerSeqBase = leg.random.bounded(65536u);
    leg.ourSeqBase = leg.random.bounded(65536u);
    leg.peerTsBase = leg.random.generate();
    leg.baseRttMs = 2 + 18 * leg.random.generateDouble();
    leg.baseJitterMs = 0.3 + 1.5 * leg.random.generateDouble();
    // The capture's A leg flushed one packet as its media started.
    leg.flushed = leg.random.bounded(2);

    // switch_core_media_activate_rtp: RTCP with the channel's interval (100..500000 ms, else
    // 5000 with an error logged; "passthru" relays the far end's RTCP and reports nothing).
    const QString interval = channel.variable("rtcp_audio_interval_msec");
    if (!interval.isEmpty() && interval.compare(u"passthru", Qt::CaseInsensitive) != 0) {
        const int ms = interval.toInt();
        leg.rtcp = true;
        leg.intervalMs = ms < 100 || ms > 500000 ? 5000 : ms;
        leg.fireSend = switchTrue(channel.variable("fire_rtcp_events"));
        leg.nextReportMs = leg.startMs + std::max(10, m_switch->config().rtcpReportMs);
    }
    // What media negotiation leaves on the channel (the capture's order).
    channel.setVariable("rtp_audio_recv_pt", channel.codec == u"PCMA" ? QStringLiteral("8")
                                                                       : QStringLiteral("0"));
    channel.setVariable("rtp_use_codec_name", channel.codec);
    channel.setVariable("rtp_use_codec_rate", QString::number(channel.codecRate));
    channel.setVariable("rtp_use_codec_ptime", QStringLiteral("20"));
    channel.setVariable("rtp_use_codec_channels", QStringLiteral("1"));
    channel.setVariable("rtp_use_ssrc", QString::number(leg.ssrc));

    if (const auto plan = m_plans.constFind(channel.uuid); plan != m_plans.cend()) {
        const qint64 from = leg.startMs + plan->afterMs;
        leg.impairments.push_back(
            Impairment{from, plan->forMs < 0 ? -1 : from + plan->forMs, plan->lossPct,
                       plan->jitterMs});
        m_plans.erase(plan);
    }
    const bool rtcp = leg.rtcp;
    m_legs.insert(channel.uuid, std::move(leg));
    if (rtcp) {
        m_rtcpLegs.append(channel.uuid);
        scheduleSweep();
    }
}

void SimRtp::hangup(Channel &channel)
{
    const auto it = m_legs.find(channel.uuid);
    if (it == m_legs.end())
        return;
    advance(*it, nowMs());
    it->ended = true; // the RTP session closes: no more packets, no more reports
    setStats(channel);
}

void SimRtp::forget(const QString &uuid)
{
    m_legs.remove(uuid);
    m_plans.remove(uuid);
    // m_rtcpLegs drops it on the next sweep.
}

void SimRtp::clear()
{
    m_legs.clear();
    m_plans.clear();
    m_rtcpLegs.clear();
    m_sweep.stop();
}

bool SimRtp::degrade(const QString &uuid, double lossPct, double jitterMs, int afterMs, int forMs,
                     bool pending)
{
    lossPct = std::clamp(lossPct, 0.0, 100.0);
    jitterMs = std::clamp(jitterMs, 0.0, 10000.0);
    afterMs = std::max(0, afterMs);
    const auto it = m_legs.find(uuid);
    if (it == m_legs.end()) {
        // Kept until the leg answers or is destroyed; bounded, as anything a caller can grow.
        if (!pending || (m_plans.size() >= 100000 && !m_plans.contains(uuid)))
            return false;
        m_plans.insert(uuid, Plan{lossPct, jitterMs, afterMs, forMs});
        return true;
    }
    const qint64 now = nowMs();
    advance(*it, now); // what happened so far happened without it
    const qint64 from = now + afterMs;
    it->impairments.push_back(Impairment{from, forMs < 0 ? -1 : from + forMs, lossPct, jitterMs});
    return true;
}

SimRtp::Impairment SimRtp::impairmentAt(const Leg &leg, qint64 ms) const
{
    Impairment worst;
    for (const Impairment &i : leg.impairments) {
        if (ms >= i.fromMs && (i.toMs < 0 || ms < i.toMs)) {
            worst.lossPct = std::max(worst.lossPct, i.lossPct);
            worst.jitterMs = std::max(worst.jitterMs, i.jitterMs);
        }
    }
    return worst;
}

void SimRtp::advance(Leg &leg, qint64 now)
{
    if (leg.ended)
        return;
    // A second at a time, so that an impairment starts and stops where it says.
    while (now - leg.accountedMs >= kPacketMs) {
        const qint64 packets = std::min<qint64>((now - leg.accountedMs) / kPacketMs, 50);
        const Impairment impairment = impairmentAt(leg, leg.accountedMs + packets * kPacketMs / 2);
        leg.sent += packets;
        receive(leg, leg.in, packets, impairment, true);
        receive(leg, leg.far, packets, impairment, false);
        leg.accountedMs += packets * kPacketMs;
    }
}

void SimRtp::receive(Leg &leg, Reception &r, qint64 packets, const Impairment &impairment,
                     bool switchSide)
{
    // Loss: the expected share, rounded up or down at random so small shares add up.
    const double expectedLoss = double(packets) * impairment.lossPct / 100.0;
    qint64 lost = qint64(expectedLoss);
    if (leg.random.generateDouble() < expectedLoss - double(lost))
        ++lost;
    lost = std::min(lost, packets);
    // Gaps of one or two packets, each on its own (check_jitter sees one gap at a time).
    const qint64 gaps = lost == 0 ? 0 : std::max<qint64>(1, (lost + 1) / 2);
    r.expected += packets;
    r.received += packets - lost;
    r.lost += lost;
    r.lossEvents += gaps;
    // RFC 3550's J += (|D| - J) / 16 per packet, towards what the network does now.
    const double jitterMs = std::max(leg.baseJitterMs, impairment.jitterMs);
    const double target = jitterMs * 8.0 * (0.8 + 0.4 * leg.random.generateDouble());
    r.jitterTs = target + (r.jitterTs - target) * std::pow(15.0 / 16.0, double(packets));
    if (!switchSide)
        return;

    // switch_rtp.c check_jitter/do_mos: a gap adds its lost packets to the flaws, and the
    // packet after it (the flaw count still differs from last_flaw) a penalty of 2.
    leg.flaws += lost + 2 * gaps;
    const double skips = double(packets) * 0.01 * leg.random.generateDouble();
    leg.skipped += qint64(skips) + (leg.random.generateDouble() < skips - std::floor(skips));
    // The variance of the arrival intervals (ms^2): ~14..55 on a quiet line, J^2 and more when
    // the network jitters.
    const double variance =
        12 + 4 * jitterMs * jitterMs * (0.6 + 0.8 * leg.random.generateDouble()) +
        30 * leg.random.generateDouble();
    if (leg.minVariance == 0 || variance < leg.minVariance)
        leg.minVariance = variance;
    leg.maxVariance = std::max(leg.maxVariance, variance);
    // do_mos: more flaws than packets resets them; R is a whole percentage, 100 when out of
    // range; MOS = 1 + 0.035 R + 0.000007 R (R - 60) (100 - R).
    if (leg.flaws > r.received)
        leg.flaws = 0;
    if (r.received > 0) {
        int quality = int(double(r.received - leg.flaws) / double(r.received) * 100.0);
        if (quality < 0 || quality > 100)
            quality = 100;
        leg.quality = quality;
        leg.mos = 1 + 0.035 * quality + 0.000007 * quality * (quality - 60) * (100 - quality);
    }
}

void SimRtp::scheduleSweep()
{
    if (m_sweep.isActive())
        return;
    const int reportMs = std::max(10, m_switch->config().rtcpReportMs);
    m_sweep.start(std::clamp(reportMs / 8, 5, 250));
}

void SimRtp::sweep()
{
    const qint64 now = nowMs();
    // One pass over the RTCP legs: those due report, those gone leave the list.
    QList<QString> live;
    live.reserve(m_rtcpLegs.size());
    for (const QString &uuid : std::as_const(m_rtcpLegs)) {
        const auto it = m_legs.find(uuid);
        if (it == m_legs.end() || it->ended)
            continue;
        live.append(uuid);
        if (now >= it->nextReportMs)
            report(*it, now);
    }
    m_rtcpLegs = std::move(live);
    if (m_rtcpLegs.isEmpty())
        m_sweep.stop();
}

void SimRtp::report(Leg &leg, qint64 now)
{
    advance(leg, now);
    ++leg.reports;
    fireSend(leg);
    fireRecv(leg, now);
    // check_rtcp_and_ice: 4 s while fewer than four reports went out, then the interval.
    const int reportMs = std::max(10, m_switch->config().rtcpReportMs);
    const int step = leg.reports < 4
                         ? reportMs
                         : std::max(10, int(qint64(leg.intervalMs) * reportMs / 4000));
    leg.nextReportMs += step;
    if (leg.nextReportMs <= now)
        leg.nextReportMs = now + step; // the sweep fell behind: no burst of reports
}

SimRtp::Block SimRtp::takeBlock(Reception &r, quint32 seqBase)
{
    Block block;
    const qint64 expected = r.expected - r.expectedAtReport;
    const qint64 lost = r.lost - r.lostAtReport;
    if (expected > 0 && lost > 0)
        block.fraction = lost >= expected ? 255 : quint32(std::min<qint64>(255, lost * 256 / expected));
    // rtcp_generate_report_block's first report counts one packet more than arrived: the
    // capture's first reports say Fraction 1 (one in its 4 s, 200 packets), Lost 1 on a clean
    // line, and the one stays in the cumulative count.
    if (!r.reported)
        block.fraction = std::min<quint32>(255, block.fraction + 1);
    block.lost = quint32((r.lost + 1) & 0x7fffff);
    block.highest = quint32(seqBase + quint64(std::max<qint64>(r.expected, 1) - 1));
    block.jitter = quint32(r.jitterTs);
    r.expectedAtReport = r.expected;
    r.lostAtReport = r.lost;
    r.reported = true;
    return block;
}

double SimRtp::rttMsNow(const Leg &leg, qint64 ms) const
{
    // Degraded paths are slower too: tens of milliseconds more.
    const Impairment impairment = impairmentAt(leg, ms);
    return leg.baseRttMs + (impairment.jitterMs > 0 ? 20 + impairment.jitterMs * 0.8 : 0);
}

void SimRtp::fireSend(Leg &leg)
{
    // The switch's sender report about what it received; its own state changes whether or not
    // the event is fired.
    const qint64 t = QDateTime::currentMSecsSinceEpoch() * 1000;
    Esl::HeaderList h;
    qint64 at = t;
    if (leg.fireSend) {
        h = m_switch->eventBase("SEND_RTCP_MESSAGE", "switch_rtp.c", "switch_send_rtcp_event",
                                2068);
        at = h.value("Event-Date-Timestamp").toLongLong();
    }
    const quint32 msw = ntpMsw(at);
    const quint32 lsw = ntpLsw(at);
    const Block block = takeBlock(leg.in, leg.peerSeqBase);
    quint32 dlsr = 0;
    if (leg.peerSrSeen) {
        const quint32 nowLsr = localLsr(at);
        const quint32 then = localLsr(leg.peerSrRecvMicros);
        if (nowLsr > then)
            dlsr = nowLsr - then;
    }
    leg.prevOurLsr = leg.ourLsr;
    leg.prevOurSrMicros = leg.ourSrMicros;
    leg.ourLsr = lsrOf(msw, lsw);
    leg.ourSrMicros = at;
    if (!leg.fireSend)
        return;
    const quint32 timestamp = quint32((leg.sent + 1) * kPayloadBytes);
    h.append("Unique-ID", leg.uuid.toUtf8());
    h.append("SSRC", hex8(leg.ssrc));
    h.appendNumber("NTP-Most-Significant-Word", msw);
    h.appendNumber("NTP-Least-Significant-Word", lsw);
    h.appendNumber("RTP-Timestamp", timestamp);
    h.appendNumber("Sender-Packet-Count", quint32(leg.sent));
    h.appendNumber("Octect-Packet-Count", quint32(leg.sent * kPayloadBytes));
    h.appendNumber("Last-RTP-Timestamp", timestamp);
    h.appendNumber("Capture-Time", at + 100 + leg.random.bounded(800));
    // switch_send_rtcp_event prints the peer's SSRC as learnt from its sender reports: none yet
    // in the first one.
    h.append("Source-SSRC", hex8(leg.peerSrSeen ? leg.peerSsrc : 0));
    h.appendNumber("Source-Fraction", block.fraction);
    h.appendNumber("Source-Lost", block.lost);
    h.appendNumber("Source-Highest-Sequence-Number-Received", block.highest);
    h.appendNumber("Source-Jitter", block.jitter);
    h.appendNumber("Source-LSR", leg.peerSrSeen ? leg.peerLsr : 0);
    h.appendNumber("Source-DLSR", dlsr);
    m_switch->fire(Esl::Event(std::move(h), {}, false));
}

void SimRtp::fireRecv(Leg &leg, qint64 now)
{
    Esl::HeaderList h = m_switch->eventBase("RECV_RTCP_MESSAGE", "switch_core_media.c",
                                            "switch_core_media_read_frame", 2945);
    const qint64 at = h.value("Event-Date-Timestamp").toLongLong();
    const qint64 captured = at + 100 + leg.random.bounded(800);
    // The far end sent its report one way's delay ago, about what it received from the switch.
    const qint64 oneWay = qint64(rttMsNow(leg, now) * 500.0);
    const qint64 sentAt = captured - oneWay;
    const quint32 msw = ntpMsw(sentAt);
    const quint32 lsw = ntpLsw(sentAt);
    const qint64 packets = leg.in.expected;
    const quint32 timestamp = quint32(leg.peerTsBase + quint64(packets + 1) * kPayloadBytes);
    const Block block = takeBlock(leg.far, leg.ourSeqBase);
    // It has not seen the switch's report of this round yet (that one is still on its way): LSR
    // names the one before, DLSR how long the far end held it.
    quint32 lsr = 0;
    quint32 dlsr = 0;
    if (leg.prevOurLsr != 0) {
        lsr = leg.prevOurLsr;
        const qint64 heldMicros = sentAt - (leg.prevOurSrMicros + oneWay);
        dlsr = quint32(std::max<qint64>(0, heldMicros) * 65536 / 1000000);
    }
    // process_rtcp_report: the loss average in percent and the RTT, both smoothed (0.7/0.3).
    const quint32 percent = block.fraction * 100 / 255;
    leg.lossAvg = leg.lossAvg == 0 ? percent : quint32(float(leg.lossAvg) * .7f + float(percent) * .3f);
    if (lsr != 0) {
        const quint32 arrived = localLsr(captured);
        if (quint64(arrived) > quint64(dlsr) + lsr) {
            const double rtt = double(qint64(arrived) - dlsr - lsr) / 65536;
            leg.rttAvg = leg.rttAvg == 0 ? rtt : leg.rttAvg * .7 + rtt * .3;
        }
    }
    leg.peerSrSeen = true;
    leg.peerLsr = lsrOf(msw, lsw);
    leg.peerSrRecvMicros = captured;
    leg.peerPacketCount = packets;
    leg.peerOctetCount = packets * kPayloadBytes;

    h.append("Unique-ID", leg.uuid.toUtf8());
    h.append("SSRC", hex8(leg.peerSsrc));
    h.appendNumber("NTP-Most-Significant-Word", msw);
    h.appendNumber("NTP-Least-Significant-Word", lsw);
    h.appendNumber("RTP-Timestamp", timestamp);
    h.appendNumber("Sender-Packet-Count", quint32(packets));
    h.appendNumber("Octect-Packet-Count", quint32(leg.peerOctetCount));
    // The timestamp of the last frame the switch read: one packet on.
    h.appendNumber("Last-RTP-Timestamp", quint32(timestamp + kPayloadBytes));
    h.appendNumber("RTP-Rate", leg.rate);
    h.appendNumber("Capture-Time", captured);
    h.append("Source0-SSRC", hex8(leg.ssrc));
    h.appendNumber("Source0-Fraction", block.fraction);
    h.appendNumber("Source0-Lost", block.lost);
    h.appendNumber("Source0-Loss-Avg", leg.lossAvg);
    h.appendNumber("Source0-Highest-Sequence-Number-Received", block.highest);
    h.appendNumber("Source0-Jitter", block.jitter);
    h.appendNumber("Source0-LSR", lsr);
    h.appendNumber("Source0-DLSR", dlsr);
    h.append("Rtt0-Avg", QByteArray::number(leg.rttAvg, 'f', 6));
    m_switch->fire(Esl::Event(std::move(h), {}, false));
}

} // namespace Sim
