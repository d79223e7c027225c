// The simulated RTP sessions: their counters as time passes and the sweep that makes them report.
// The RTCP events are in simrtcp.cpp; what the switch writes from the counters (variables,
// mediaStats) in simrtpstats.cpp.

#include "simrtp.h"

#include "channel.h"
#include "simswitch.h"

#include <QDateTime>

#include <algorithm>
#include <cmath>

namespace Sim {

namespace {

constexpr int kPacketMs = 20;        // ptime 20

qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
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

} // namespace Sim
