// The estimated MOS, the history and how a leg's quality is shown (tooltip, JSON). What the
// switch's reports say is read in callqualityinputs.cpp.
#include "callquality.h"

#include <QJsonValue>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace Monitor {

namespace {

// A figure is known when it is >= 0 (every input path refuses NaN and infinities).
bool isKnown(double v)
{
    return v >= 0;
}

double worse(double a, double b)
{
    return std::max(a, b); // -1 (unknown) loses against any known figure
}

double rounded(double v, int decimals)
{
    const double scale = std::pow(10.0, decimals);
    return std::round(v * scale) / scale;
}

// Equipment impairment Ie and packet-loss robustness Bpl per codec, from ITU-T G.113
// Appendix I (G.711 with packet loss concealment; G.729A with VAD). Anything else is taken as
// G.711: the codecs FreeSWITCH negotiates most (PCMU, PCMA) are, and for wide-band codecs (G722,
// OPUS) the narrow-band E-model has no figures to give, so the estimate is only a guide there.
struct Impairment
{
    double ie;
    double bpl;
};

Impairment impairmentOf(QStringView codec)
{
    if (codec.startsWith(u"G729", Qt::CaseInsensitive))
        return {11.0, 19.0};
    return {0.0, 25.1};
}

QString number(double v, int decimals)
{
    return QString::number(v, 'f', decimals);
}

QString percentText(double v)
{
    return number(v, v < 10 ? 1 : 0) + u" %"_s;
}

QString directionLine(const QString &title, const DirectionQuality &d)
{
    if (!d.known())
        return title + u": no report yet"_s;
    QStringList parts;
    if (isKnown(d.lossPct))
        parts << u"loss %1 in the last report"_s.arg(percentText(d.lossPct));
    if (isKnown(d.cumulativeLossPct))
        parts << u"%1 over the call"_s.arg(percentText(d.cumulativeLossPct));
    if (d.lost >= 0)
        parts << u"%1 packets lost"_s.arg(d.lost);
    if (isKnown(d.jitterMs))
        parts << u"jitter %1 ms"_s.arg(number(d.jitterMs, 0));
    return title + u": "_s + parts.join(u", "_s);
}

} // namespace

bool LegQuality::known() const
{
    return in.known() || out.known() || isKnown(rttMs) || isKnown(fsMos) || final
           || counters.inPackets >= 0;
}

double LegQuality::worstLossPct() const
{
    return worse(in.lossPct, out.lossPct);
}

double LegQuality::worstJitterMs() const
{
    return worse(in.jitterMs, out.jitterMs);
}

double LegQuality::displayMos() const
{
    if (isKnown(mos))
        return mos;
    return isKnown(fsMos) ? fsMos : -1;
}

LegQuality::Grade LegQuality::grade() const
{
    const double m = displayMos();
    if (!isKnown(m))
        return Grade::Unknown;
    if (m >= 4.0)
        return Grade::Good;
    if (m >= 3.6)
        return Grade::Fair;
    return Grade::Poor;
}

QString LegQuality::worstFigure() const
{
    // Each figure against where it starts to hurt (G.107: ~5 % loss, a 50 ms jitter buffer
    // budget, 300 ms of round trip); the largest share is the one an operator should see.
    struct Candidate
    {
        double share;
        QString text;
    };
    QList<Candidate> candidates;
    const auto addLoss = [&](const DirectionQuality &d, QStringView where) {
        if (isKnown(d.lossPct))
            candidates.append({d.lossPct / 5.0, u"loss %1 %2"_s.arg(percentText(d.lossPct), where)});
    };
    const auto addJitter = [&](const DirectionQuality &d, QStringView where) {
        if (isKnown(d.jitterMs))
            candidates.append(
                {d.jitterMs / 50.0, u"jitter %1 ms %2"_s.arg(number(d.jitterMs, 0), where)});
    };
    addLoss(in, u"in");
    addLoss(out, u"out");
    addJitter(in, u"in");
    addJitter(out, u"out");
    if (isKnown(rttMs))
        candidates.append({rttMs / 300.0, u"RTT %1 ms"_s.arg(number(rttMs, 0))});
    if (candidates.isEmpty())
        return {};
    const auto it = std::max_element(candidates.cbegin(), candidates.cend(),
                                     [](const Candidate &a, const Candidate &b) {
                                         return a.share < b.share;
                                     });
    return it->text;
}

QString LegQuality::tooltip() const
{
    QStringList lines;
    if (isKnown(mos))
        lines << u"MOS %1 (estimated from loss, jitter and delay: ITU-T G.107 E-model)"_s.arg(
            number(mos, 2));
    if (isKnown(fsMos))
        lines << u"FreeSWITCH MOS %1 (loss only; it counts DTMF-flushed and skipped packets as "
                 u"lost, a known upstream issue: see the counters)"_s.arg(number(fsMos, 2));
    lines << directionLine(u"In (what the switch receives)"_s, in);
    lines << directionLine(u"Out (what the far end receives)"_s, out);
    if (isKnown(rttMs) || isKnown(fsRttMs)) {
        QString rtt = u"RTT "_s + (isKnown(rttMs) ? number(rttMs, 0) + u" ms"_s : u"?"_s);
        if (isKnown(fsRttMs))
            rtt += u" (FreeSWITCH's average %1 ms)"_s.arg(number(fsRttMs, 0));
        lines << rtt;
    }
    const SwitchCounters &c = counters;
    if (c.inPackets >= 0 || c.outPackets >= 0) {
        const auto n = [](qint64 v) { return v >= 0 ? QString::number(v) : u"?"_s; };
        QString line = u"FreeSWITCH counters: in %1 packets (%2 media), skip %3, flush %4, "
                       u"DTMF %5, CNG %6, flaws %7"_s.arg(n(c.inPackets), n(c.inMediaPackets),
                                                          n(c.inSkipPackets), n(c.inFlushPackets),
                                                          n(c.inDtmfPackets), n(c.inCngPackets),
                                                          n(c.inFlawTotal));
        if (isKnown(c.inQualityPct))
            line += u", quality %1 %"_s.arg(number(c.inQualityPct, 0));
        if (isKnown(c.inJitterMinVariance) && isKnown(c.inJitterMaxVariance))
            line += u", jitter variance %1–%2"_s.arg(number(c.inJitterMinVariance, 2),
                                                      number(c.inJitterMaxVariance, 2));
        line += u"; out %1 packets"_s.arg(n(c.outPackets));
        lines << line;
    }
    if (final)
        lines << u"Final figures (from the hangup)"_s;
    return lines.join(u'\n');
}

double rFactor(double lossPct, double jitterMs, double rttMs, QStringView codec)
{
    // Simplified ITU-T G.107 E-model: R = 93.2 - Id - Ie,eff (Ro - Is at their defaults, A = 0).
    // Negative or NaN inputs count as 0; huge ones are capped so the arithmetic stays finite.
    const auto clean = [](double v, double cap) { return v > 0 ? std::min(v, cap) : 0.0; };
    const double loss = clean(lossPct, 100.0);
    const double jitter = clean(jitterMs, 1e6);
    const double rtt = clean(rttMs, 1e6);
    // One-way mouth-to-ear delay: half the round trip, a jitter buffer of twice the jitter, and
    // 10 ms for the codec's frame and look-ahead (G.711 packetised at 20 ms has none of its own;
    // the buffer term already covers the packet wait).
    const double d = rtt / 2 + 2 * jitter + 10;
    // Cole & Rosenbluth's fit of G.107's delay impairment.
    const double id = 0.024 * d + (d > 177.3 ? 0.11 * (d - 177.3) : 0.0);
    // G.107's effective equipment impairment with random loss (BurstR = 1).
    const Impairment imp = impairmentOf(codec);
    const double ieEff = imp.ie + (95 - imp.ie) * loss / (loss + imp.bpl);
    return 93.2 - id - ieEff;
}

double mosFromR(double r)
{
    if (!(r > 0)) // also NaN
        return 1.0;
    if (r >= 100)
        return 4.5;
    return std::clamp(1 + 0.035 * r + 7e-6 * r * (r - 60) * (100 - r), 1.0, 4.5);
}

double estimateMos(double lossPct, double jitterMs, double rttMs, QStringView codec)
{
    return mosFromR(rFactor(lossPct, jitterMs, rttMs, codec));
}

void refreshEstimate(LegQuality &q)
{
    const bool reported = isKnown(q.worstLossPct()) || isKnown(q.worstJitterMs());
    q.mos = reported ? estimateMos(q.worstLossPct(), q.worstJitterMs(), q.rttMs, q.codec) : -1;
}

namespace {

// Two neighbouring points as one: the earlier time and the worse of each figure, so a bad moment
// never merges away.
QualitySample merged(const QualitySample &a, const QualitySample &b)
{
    const auto lower = [](float x, float y) { return x < 0 ? y : (y < 0 ? x : std::min(x, y)); };
    return QualitySample{std::min(a.ms, b.ms), lower(a.mos, b.mos), std::max(a.lossPct, b.lossPct),
                         std::max(a.jitterMs, b.jitterMs), std::max(a.rttMs, b.rttMs)};
}

} // namespace

void appendSample(LegQuality &q, const QualitySample &sample)
{
    QList<QualitySample> &h = q.history;
    if (q.historyStride < 1)
        q.historyStride = 1;
    if (!h.isEmpty() && q.historyPending > 0 && q.historyPending < q.historyStride) {
        h.last() = merged(h.last(), sample);
        ++q.historyPending;
        return;
    }
    if (h.capacity() < LegQuality::kMaxHistory)
        h.reserve(LegQuality::kMaxHistory);
    if (h.size() >= LegQuality::kMaxHistory) {
        // Every pair of neighbours becomes one point (in place: no allocation).
        const qsizetype pairs = h.size() / 2;
        for (qsizetype i = 0; i < pairs; ++i)
            h[i] = merged(h.at(2 * i), h.at(2 * i + 1));
        if (h.size() % 2)
            h[pairs] = h.at(h.size() - 1);
        h.resize(pairs + h.size() % 2);
        if (q.historyStride < (qint64(1) << 40))
            q.historyStride *= 2;
    }
    h.append(sample);
    q.historyPending = 1;
}

QJsonObject qualityJson(const LegQuality &q)
{
    QJsonObject o;
    if (isKnown(q.mos))
        o.insert(u"mos"_s, rounded(q.mos, 2));
    if (isKnown(q.worstLossPct()))
        o.insert(u"lossPct"_s, rounded(q.worstLossPct(), 2));
    if (isKnown(q.worstJitterMs()))
        o.insert(u"jitterMs"_s, rounded(q.worstJitterMs(), 1));
    if (isKnown(q.rttMs))
        o.insert(u"rttMs"_s, rounded(q.rttMs, 1));
    if (isKnown(q.fsMos))
        o.insert(u"fsMos"_s, rounded(q.fsMos, 2));
    if (q.final)
        o.insert(u"final"_s, true);
    return o;
}

} // namespace Monitor
