// The simulated RTP sessions' RTCP: the report blocks and the SEND_RTCP_MESSAGE /
// RECV_RTCP_MESSAGE events, header for header as tests/fixtures/real2/sip-call-quality shows them
// (switch_rtp.c switch_send_rtcp_event, switch_core_media.c switch_core_media_read_frame).

#include "simrtp.h"

#include "simswitch.h"

#include <QDateTime>

#include <algorithm>

namespace Sim {

namespace {

constexpr qint64 kPayloadBytes = 160; // PCMU at 8000 Hz, 20 ms
// Seconds from 1900 (NTP) to 1970 (switch_rtp.c NTP_TIME_OFFSET).
constexpr quint64 kNtpOffset = 2208988800ULL;

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

} // namespace

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
