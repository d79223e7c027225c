// What the switch says about a leg's audio, read into a LegQuality: RTCP events, mediaStats
// replies and the hangup variables. Everything here comes from the wire: every number is checked
// for range, and a bad one leaves its figure unknown rather than wrong.
#include "callquality.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>

#include <cmath>
#include <limits>
#include <optional>

using namespace Qt::StringLiterals;

namespace Monitor {

namespace {

constexpr qint64 kMaxUint32 = 0xFFFFFFFFLL;
// FreeSWITCH keeps at most MAX_REPORT_BLOCKS (5) report blocks per packet; a few more are read.
constexpr int kMaxReportBlocks = 8;
constexpr qint64 kNtpUnixOffsetSeconds = 2208988800LL; // 1900-01-01 to 1970-01-01
constexpr qsizetype kMaxMediaStatsReply = 1 << 20;

std::optional<qint64> integer(QByteArrayView text, qint64 min, qint64 max)
{
    bool ok = false;
    const qint64 v = text.trimmed().toLongLong(&ok);
    if (!ok || v < min || v > max)
        return std::nullopt;
    return v;
}

std::optional<double> real(QByteArrayView text, double min, double max)
{
    bool ok = false;
    const double v = text.trimmed().toDouble(&ok);
    if (!ok || !std::isfinite(v) || v < min || v > max)
        return std::nullopt;
    return v;
}

bool isValidRate(qint64 rate)
{
    return rate >= 1000 && rate <= 192000;
}

// The middle 32 bits of the NTP time of `us` microseconds since the Unix epoch: the unit of
// LSR and DLSR (1/65536 s). FreeSWITCH's calc_local_lsr_now() (switch_rtp.c) does the same.
quint32 ntpMiddle(qint64 us)
{
    const qint64 seconds = us / 1000000 + kNtpUnixOffsetSeconds;
    const qint64 fraction = (us % 1000000) * 65536 / 1000000;
    return quint32(((seconds & 0xFFFF) << 16) | fraction);
}

struct ReportBlock
{
    qint64 ssrc = -1;
    qint64 fraction = -1;
    qint64 lost = -1; // -2: present but not a 24-bit count
    qint64 highest = -1;
    qint64 jitter = -1;
    qint64 lsr = -1;
    qint64 dlsr = -1;
};

ReportBlock readBlock(const Esl::Event &event, const QByteArray &prefix)
{
    ReportBlock b;
    const auto field = [&](const char *name) { return event.header(prefix + name); };
    bool ok = false;
    const QByteArrayView ssrcText = field("SSRC").trimmed();
    const qint64 ssrc = ssrcText.size() <= 8 ? ssrcText.toLongLong(&ok, 16) : -1;
    b.ssrc = ok && ssrc >= 0 ? ssrc : -1;
    b.fraction = integer(field("Fraction"), 0, 255).value_or(-1);
    // Lost is a signed 24-bit count that FreeSWITCH sign-extends and prints as unsigned
    // (switch_send_rtcp_event, switch_core_media_read_frame): a negative count (duplicates)
    // reads as 4294967295 and below, and counts as 0 lost.
    if (const auto lost = integer(field("Lost"), -0x800000, kMaxUint32)) {
        const qint64 signedLost = *lost > 0x7FFFFFFF ? *lost - (kMaxUint32 + 1) : *lost;
        if (signedLost < 0)
            b.lost = signedLost >= -0x800000 ? 0 : -2;
        else
            b.lost = signedLost <= 0x7FFFFF ? signedLost : -2;
    }
    b.highest = integer(field("Highest-Sequence-Number-Received"), 0, kMaxUint32).value_or(-1);
    b.jitter = integer(field("Jitter"), 0, kMaxUint32).value_or(-1);
    b.lsr = integer(field("LSR"), 0, kMaxUint32).value_or(-1);
    b.dlsr = integer(field("DLSR"), 0, kMaxUint32).value_or(-1);
    return b;
}

// Takes one report block into a direction; false when it carried nothing usable.
bool takeBlock(DirectionQuality &d, const ReportBlock &b, int clockRate, bool baselineOnly)
{
    if (b.fraction < 0 && b.lost < 0 && b.jitter < 0 && b.highest < 0)
        return false;
    if (b.jitter >= 0)
        d.jitterMs = double(b.jitter) * 1000.0 / clockRate;
    if (b.lost >= 0)
        d.lost = b.lost;
    if (!baselineOnly && b.fraction >= 0)
        d.lossPct = b.fraction * 100.0 / 256.0; // RFC 3550 6.4.1: 8-bit fixed point
    if (b.highest >= 0) {
        // The extended highest sequence number only grows; going back (or a jump of more than
        // half its range: a new stream) starts the cumulative figure again.
        const qint64 since = d.baseHighest >= 0 ? b.highest - d.baseHighest : -1;
        if (d.baseHighest < 0 || since < 0 || since > 0x7FFFFFFF || d.baseLost < 0
            || (b.lost >= 0 && b.lost < d.baseLost)) {
            d.baseHighest = b.highest;
            d.baseLost = b.lost >= 0 ? b.lost : -1;
            d.cumulativeLossPct = -1;
        } else if (since > 0 && b.lost >= 0) {
            d.cumulativeLossPct =
                std::min(100.0, double(b.lost - d.baseLost) * 100.0 / double(since));
        }
        d.highest = b.highest;
    }
    ++d.reports;
    return true;
}

} // namespace

bool applyRtcp(LegQuality &q, const Esl::Event &event, int channelClockRate, qint64 nowMs)
{
    const QByteArrayView name = event.eventName();
    const bool sent = name == "SEND_RTCP_MESSAGE";
    if (!sent && name != "RECV_RTCP_MESSAGE")
        return false;

    // The clock rate for jitter: RECV reports carry RTP-Rate; SEND reports carry none, so the
    // channel's codec rate (from its headers, given by the caller), else the last rate learnt,
    // else 8000 Hz (G.711's, the commonest; a wide-band leg's jitter would then read too high).
    int rate = 0;
    if (const auto r = integer(event.header("RTP-Rate"), 0, kMaxUint32); r && isValidRate(*r))
        rate = int(*r);
    else if (isValidRate(channelClockRate))
        rate = channelClockRate;
    else if (isValidRate(q.clockRate))
        rate = q.clockRate;
    // A new rate alone is no news (no sample): it only scales what the reports say.
    if (rate != 0)
        q.clockRate = rate;
    if (rate == 0)
        rate = 8000;

    ReportBlock block;
    if (sent) {
        // Our own report about what we received. Source-SSRC is the peer's RTCP SSRC
        // (stats.rtcp.peer_ssrc), 00000000 until the far end's first report arrived: that first
        // report is a placeholder whose Lost 1 / Fraction 1 is FreeSWITCH's own off-by-one
        // (rtcp_stats() re-initialises on the second packet without counting it, and
        // rtcp_generate_report_block() counts it as expected). A block with SSRC 0 carries
        // nothing.
        block = readBlock(event, "Source-"_ba);
    } else {
        // The far end's report about what it received from us. FreeSWITCH lists up to
        // MAX_REPORT_BLOCKS blocks (Source0-, Source1-, ...); a peer that receives only us sends
        // one. Take the first block not about the sender's own stream (its SSRC differs from
        // the event's SSRC, which is the sender's); block 0 when none differs.
        bool ok = false;
        const qint64 senderSsrc = event.header("SSRC").trimmed().toLongLong(&ok, 16);
        for (int i = 0; i < kMaxReportBlocks; ++i) {
            const QByteArray prefix = "Source" + QByteArray::number(i) + '-';
            if (!event.hasHeader(prefix + "SSRC"))
                break;
            const ReportBlock b = readBlock(event, prefix);
            if (i == 0)
                block = b;
            if (b.ssrc > 0 && (!ok || b.ssrc != senderSsrc)) {
                block = b;
                break;
            }
        }
    }

    bool changed = false;
    DirectionQuality &d = sent ? q.in : q.out;
    if (block.ssrc > 0) {
        // A far end's first report with LSR 0 was sent before it had any sender report of ours:
        // from a FreeSWITCH peer it is the same placeholder as above, seen from this side. It
        // starts the cumulative figures and gives jitter, but its interval loss is not taken.
        const bool baselineOnly = !sent && d.reports == 0 && block.lsr == 0;
        changed = takeBlock(d, block, rate, baselineOnly) || changed;
    }

    if (!sent && block.ssrc > 0 && block.lsr > 0 && block.dlsr >= 0) {
        // RTT = A - LSR - DLSR (RFC 3550 6.4.1), with A the time the report was captured. The
        // switch computes the same at receipt (switch_rtp.c, rtcp processing in
        // read_rtp_packet: "RTT = A - DLSR - LSR") and smooths it into Rtt0-Avg (0.7/0.3). On the
        // loopback capture it reads ~20 ms and we ~25-30 ms: both are mostly the 20 ms packet
        // clock (the report is read on a ptime tick, and Capture-Time is taken later, when
        // switch_core_media_read_frame hands the frame up), not the network.
        const auto captured =
            integer(event.header("Capture-Time"), 1, std::numeric_limits<qint64>::max() / 2);
        if (captured) {
            const quint32 a = ntpMiddle(*captured);
            const qint32 diff = qint32(a - quint32(block.lsr) - quint32(block.dlsr));
            // Negative: clocks or wrap-around; over a minute: not a round trip.
            if (diff >= 0 && diff <= 60 * 65536) {
                q.rttMs = diff * 1000.0 / 65536.0;
                changed = true;
            }
        }
        if (const auto avg = real(event.header("Rtt0-Avg"), 0, 60); avg && *avg > 0) {
            q.fsRttMs = *avg * 1000.0;
            changed = true;
        }
    }

    if (!changed)
        return false;
    refreshEstimate(q);
    q.updatedMs = nowMs;
    appendSample(q, QualitySample{nowMs, float(q.displayMos()), float(q.worstLossPct()),
                                  float(q.worstJitterMs()), float(q.rttMs)});
    return true;
}

namespace {

// One of FreeSWITCH's statistics, by the name mediaStats gives it ("in_skip_packet_count"); the
// hangup variables are the same names behind "variable_rtp_audio_".
struct CounterReader
{
    virtual ~CounterReader() = default;
    [[nodiscard]] virtual std::optional<double> number(const char *name) const = 0;
};

// Reads every counter; true when at least one was there.
bool readCounters(LegQuality &q, const CounterReader &r)
{
    SwitchCounters c = q.counters;
    bool any = false;
    const auto takeCount = [&](qint64 &into, const char *name) {
        if (const auto v = r.number(name)) {
            into = *v >= 0 && *v <= 9e15 ? qint64(*v) : -1;
            any = true;
        }
    };
    const auto takeReal = [&](double &into, const char *name, double max) {
        if (const auto v = r.number(name)) {
            into = *v >= 0 && *v <= max ? *v : -1;
            any = true;
        }
    };
    takeCount(c.inPackets, "in_packet_count");
    takeCount(c.inMediaPackets, "in_media_packet_count");
    takeCount(c.inSkipPackets, "in_skip_packet_count");
    takeCount(c.inFlushPackets, "in_flush_packet_count");
    takeCount(c.inDtmfPackets, "in_dtmf_packet_count");
    takeCount(c.inCngPackets, "in_cng_packet_count");
    takeCount(c.inFlawTotal, "in_flaw_total");
    takeCount(c.outPackets, "out_packet_count");
    takeReal(c.inJitterMinVariance, "in_jitter_min_variance", 1e9);
    takeReal(c.inJitterMaxVariance, "in_jitter_max_variance", 1e9);
    takeReal(c.inQualityPct, "in_quality_percentage", 100);
    double fsMos = q.fsMos;
    // do_mos() (switch_rtp.c): R = (received - flaws) / received * 100 and the G.107 MOS of that
    // R; flaws include packets flushed for DTMF, so a call with many digits reads worse than
    // it sounded. Shown beside the counters, never used for our estimate.
    takeReal(fsMos, "in_mos", 4.5);
    if (fsMos >= 0 && fsMos < 1)
        fsMos = -1;
    if (!any)
        return false;
    q.counters = c;
    q.fsMos = fsMos;
    return true;
}

struct JsonCounters : CounterReader
{
    QJsonObject audio;
    std::optional<double> number(const char *name) const override
    {
        const QJsonValue v = audio.value(QLatin1StringView(name));
        if (!v.isDouble() || !std::isfinite(v.toDouble()))
            return std::nullopt;
        return v.toDouble();
    }
};

struct VariableCounters : CounterReader
{
    const Esl::HeaderList *headers = nullptr;
    std::optional<double> number(const char *name) const override
    {
        const QByteArrayView text = headers->value("variable_rtp_audio_"_ba + name);
        if (text.isNull())
            return std::nullopt;
        bool ok = false;
        const double v = text.trimmed().toDouble(&ok);
        if (!ok || !std::isfinite(v))
            return -1.0; // present, unreadable: the figure becomes unknown
        return v;
    }
};

Esl::Error mediaStatsError(const QString &what)
{
    return Esl::Error{Esl::Error::Code::Decode, u"mediaStats: "_s + what};
}

} // namespace

Esl::Expected<bool> applyMediaStats(LegQuality &q, QByteArrayView jsonReply, qint64 nowMs)
{
    if (jsonReply.size() > kMaxMediaStatsReply)
        return mediaStatsError(u"the reply is too large (%1 bytes)"_s.arg(jsonReply.size()));
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(jsonReply.toByteArray(), &parseError);
    if (!doc.isObject()) {
        // "-ERR ..." from a switch without the json api, or anything else: quote its start.
        const QString start = QString::fromUtf8(jsonReply.first(std::min<qsizetype>(jsonReply.size(), 80))).simplified();
        return mediaStatsError(u"the reply is not a JSON object: %1"_s.arg(start));
    }
    const QJsonObject reply = doc.object();
    const QString status = reply.value(u"status"_s).toString();
    if (status != u"success") {
        // {"status":"error","message":"The command returned an error",
        //  "response":{"response":"Session does not exist"}} (json_stats_function).
        QString why = reply.value(u"response"_s).toObject().value(u"response"_s).toString();
        if (why.isEmpty())
            why = reply.value(u"message"_s).toString();
        if (why.isEmpty())
            why = status.isEmpty() ? u"no status in the reply"_s : status;
        return mediaStatsError(why.left(200));
    }
    JsonCounters reader;
    reader.audio = reply.value(u"response"_s).toObject().value(u"audio"_s).toObject();
    if (reader.audio.isEmpty())
        return mediaStatsError(u"the reply has no audio statistics"_s);
    LegQuality next = q;
    if (!readCounters(next, reader))
        return mediaStatsError(u"the audio statistics have none of the known counters"_s);
    next.updatedMs = nowMs;
    if (!next.final)
        appendSample(next, QualitySample{nowMs, float(next.displayMos()),
                                         float(next.worstLossPct()), float(next.worstJitterMs()),
                                         float(next.rttMs)});
    q = std::move(next);
    return true;
}

bool applyHangupVariables(LegQuality &q, const Esl::HeaderList &headers, qint64 nowMs)
{
    VariableCounters reader;
    reader.headers = &headers;
    if (!readCounters(q, reader))
        return false;
    const QByteArrayView codec = headers.value("variable_rtp_use_codec_name");
    if (!codec.isEmpty() && codec.size() <= 32)
        q.codec = QString::fromUtf8(codec);
    if (q.clockRate == 0) {
        if (const auto rate = integer(headers.value("variable_rtp_use_codec_rate"), 0, kMaxUint32);
            rate && isValidRate(*rate))
            q.clockRate = int(*rate);
    }
    refreshEstimate(q);
    q.final = true;
    q.updatedMs = nowMs;
    return true;
}

} // namespace Monitor
