// What the switch writes from a leg's RTP counters: switch_core_media.c set_stats (the
// rtp_audio_* channel variables, at hangup and for uuid_set_media_stats and mediaStats) and
// mod_commands.c jsonify_stats (mediaStats' "audio" object). Both list the same figures in the
// same order: counts as integers; set_stats prints the doubles "%0.2f", cJSON its numbers.

#include "simrtp.h"

#include "amqpformat.h"
#include "channel.h"

#include <QDateTime>

namespace Sim {

namespace {

// RTP header (12 bytes) and payload: what raw_bytes counts per packet.
constexpr qint64 kPacketBytes = 172;

} // namespace

// The figures of switch_rtp_stats_t, in set_stats' (and jsonify_stats') order.
QList<SimRtp::Figure> SimRtp::figures(const Figures &f)
{
    return {
        {"in_raw_bytes", f.received * kPacketBytes, false},
        {"in_media_bytes", f.received * kPacketBytes, false},
        {"in_packet_count", f.received, false},
        {"in_media_packet_count", f.received, false},
        {"in_skip_packet_count", f.skipped, false},
        {"in_jitter_packet_count", 0, false},
        {"in_dtmf_packet_count", 0, false},
        {"in_cng_packet_count", 0, false},
        {"in_flush_packet_count", f.flushed, false},
        {"in_largest_jb_size", 0, false},
        {"in_jitter_min_variance", f.minVariance, true},
        {"in_jitter_max_variance", f.maxVariance, true},
        {"in_jitter_loss_rate", f.lossRate, true},
        {"in_jitter_burst_rate", f.burstRate, true},
        {"in_mean_interval", f.meanInterval, true},
        {"in_flaw_total", f.flaws, false},
        {"in_quality_percentage", f.quality, true},
        {"in_mos", f.mos, true},
        {"out_raw_bytes", f.sent * kPacketBytes, false},
        {"out_media_bytes", f.sent * kPacketBytes, false},
        {"out_packet_count", f.sent, false},
        {"out_media_packet_count", f.sent, false},
        {"out_skip_packet_count", 0, false},
        {"out_dtmf_packet_count", 0, false},
        {"out_cng_packet_count", 0, false},
        {"rtcp_packet_count", f.rtcpPackets, false},
        {"rtcp_octet_count", f.rtcpOctets, false},
    };
}

SimRtp::Figures SimRtp::figuresNow(Leg &leg)
{
    advance(leg, QDateTime::currentMSecsSinceEpoch());
    Figures f;
    const Reception &in = leg.in;
    f.received = double(in.received);
    f.skipped = double(leg.skipped);
    f.flushed = double(leg.flushed);
    f.minVariance = leg.minVariance;
    f.maxVariance = leg.maxVariance;
    // burstr_calculate over isolated gaps (loss[1] holds every lost packet): the loss rate is
    // lost / received, the burst rate 1 - that.
    if (in.received > 0) {
        f.lossRate = double(in.lost) / double(in.received);
        f.burstRate = in.lost > 0 ? 1.0 - f.lossRate : 0;
        // The mean gap between the packets that arrived, in ms.
        f.meanInterval = 20.0 * double(in.expected) / double(in.received);
    }
    f.flaws = double(leg.flaws);
    f.quality = leg.quality;
    f.mos = leg.mos;
    f.sent = double(leg.sent);
    f.rtcpPackets = double(leg.peerPacketCount);
    f.rtcpOctets = double(leg.peerOctetCount);
    return f;
}

void SimRtp::setStats(Channel &channel)
{
    const auto it = m_legs.find(channel.uuid);
    if (it == m_legs.end())
        return; // no media handle, or no RTP session yet: switch_core_media_get_stats is NULL
    for (const Figure &f : figures(figuresNow(*it))) {
        const QByteArray name = QByteArray("rtp_audio_") + f.name;
        // switch_channel_set_variable deletes the variable and appends it anew.
        channel.removeVariable(name);
        channel.setVariable(name, f.isDouble ? QString::number(f.value, 'f', 2)
                                             : QString::number(qint64(f.value)));
    }
}

QByteArray SimRtp::audioJson(const QString &uuid)
{
    const auto it = m_legs.find(uuid);
    if (it == m_legs.end())
        return {};
    QByteArray out = "{";
    for (const Figure &f : figures(figuresNow(*it))) {
        if (out.size() > 1)
            out += ',';
        out += '"' + QByteArray(f.name) + "\":" + AmqpFormat::cjsonNumber(f.value);
    }
    out += '}';
    return out;
}

} // namespace Sim
