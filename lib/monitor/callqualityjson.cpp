// A leg's quality in a channel snapshot and back (callquality.h): what call bundles and exports
// keep of an ended call. A snapshot may come from anyone's file: every figure is checked.
#include "callquality.h"

#include <QJsonArray>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace Monitor {

namespace {

void putDirection(QJsonObject &out, const DirectionQuality &d)
{
    out.insert(u"lossPct"_s, d.lossPct);
    out.insert(u"lost"_s, d.lost);
    out.insert(u"cumulativeLossPct"_s, d.cumulativeLossPct);
    out.insert(u"jitterMs"_s, d.jitterMs);
    out.insert(u"reports"_s, d.reports);
    out.insert(u"baseLost"_s, d.baseLost);
    out.insert(u"baseHighest"_s, d.baseHighest);
    out.insert(u"highest"_s, d.highest);
}

// A figure in [0, max], else -1 (unknown): NaN, infinities and wrong types included.
double real(const QJsonObject &o, const char *key, double max)
{
    const QJsonValue v = o.value(QLatin1StringView(key));
    const double d = v.isDouble() ? v.toDouble() : -1;
    return std::isfinite(d) && d >= 0 && d <= max ? d : -1;
}

qint64 integer(const QJsonObject &o, const char *key, qint64 max)
{
    const double d = real(o, key, double(max));
    return d >= 0 ? qint64(d) : -1;
}

DirectionQuality takeDirection(const QJsonObject &o)
{
    DirectionQuality d;
    d.lossPct = real(o, "lossPct", 100);
    d.lost = integer(o, "lost", 0x7FFFFF);
    d.cumulativeLossPct = real(o, "cumulativeLossPct", 100);
    d.jitterMs = real(o, "jitterMs", 1e10);
    d.reports = std::max<qint64>(0, integer(o, "reports", qint64(1) << 40));
    d.baseLost = integer(o, "baseLost", 0x7FFFFF);
    d.baseHighest = integer(o, "baseHighest", 0xFFFFFFFFLL);
    d.highest = integer(o, "highest", 0xFFFFFFFFLL);
    return d;
}

constexpr double kMaxCount = 9e15;

} // namespace

QJsonObject qualitySnapshot(const LegQuality &q)
{
    QJsonObject in;
    QJsonObject out;
    putDirection(in, q.in);
    putDirection(out, q.out);
    const SwitchCounters &c = q.counters;
    const QJsonObject counters{
        {u"inPackets"_s, c.inPackets},
        {u"inMediaPackets"_s, c.inMediaPackets},
        {u"inSkipPackets"_s, c.inSkipPackets},
        {u"inFlushPackets"_s, c.inFlushPackets},
        {u"inDtmfPackets"_s, c.inDtmfPackets},
        {u"inCngPackets"_s, c.inCngPackets},
        {u"inJitterMinVariance"_s, c.inJitterMinVariance},
        {u"inJitterMaxVariance"_s, c.inJitterMaxVariance},
        {u"inFlawTotal"_s, c.inFlawTotal},
        {u"inQualityPct"_s, c.inQualityPct},
        {u"outPackets"_s, c.outPackets},
    };
    QJsonArray history;
    for (const QualitySample &s : q.history)
        history.append(QJsonArray{s.ms, s.mos, s.lossPct, s.jitterMs, s.rttMs});
    return QJsonObject{
        {u"in"_s, in},
        {u"out"_s, out},
        {u"rttMs"_s, q.rttMs},
        {u"fsRttMs"_s, q.fsRttMs},
        {u"mos"_s, q.mos},
        {u"fsMos"_s, q.fsMos},
        {u"counters"_s, counters},
        {u"codec"_s, q.codec},
        {u"clockRate"_s, q.clockRate},
        {u"updatedMs"_s, q.updatedMs},
        {u"final"_s, q.final},
        {u"history"_s, history},
        {u"historyStride"_s, q.historyStride},
        {u"historyPending"_s, q.historyPending},
    };
}

std::optional<LegQuality> qualityOfSnapshot(const QJsonValue &snapshot)
{
    if (!snapshot.isObject())
        return std::nullopt;
    const QJsonObject o = snapshot.toObject();
    LegQuality q;
    q.in = takeDirection(o.value(u"in"_s).toObject());
    q.out = takeDirection(o.value(u"out"_s).toObject());
    q.rttMs = real(o, "rttMs", 60000);
    q.fsRttMs = real(o, "fsRttMs", 60000);
    q.mos = real(o, "mos", 4.5);
    if (q.mos >= 0 && q.mos < 1)
        q.mos = -1;
    q.fsMos = real(o, "fsMos", 4.5);
    if (q.fsMos >= 0 && q.fsMos < 1)
        q.fsMos = -1;
    const QJsonObject c = o.value(u"counters"_s).toObject();
    SwitchCounters &k = q.counters;
    k.inPackets = integer(c, "inPackets", qint64(kMaxCount));
    k.inMediaPackets = integer(c, "inMediaPackets", qint64(kMaxCount));
    k.inSkipPackets = integer(c, "inSkipPackets", qint64(kMaxCount));
    k.inFlushPackets = integer(c, "inFlushPackets", qint64(kMaxCount));
    k.inDtmfPackets = integer(c, "inDtmfPackets", qint64(kMaxCount));
    k.inCngPackets = integer(c, "inCngPackets", qint64(kMaxCount));
    k.inJitterMinVariance = real(c, "inJitterMinVariance", 1e9);
    k.inJitterMaxVariance = real(c, "inJitterMaxVariance", 1e9);
    k.inFlawTotal = integer(c, "inFlawTotal", qint64(kMaxCount));
    k.inQualityPct = real(c, "inQualityPct", 100);
    k.outPackets = integer(c, "outPackets", qint64(kMaxCount));
    q.codec = o.value(u"codec"_s).toString().left(32);
    const qint64 rate = integer(o, "clockRate", 192000);
    q.clockRate = rate >= 1000 ? int(rate) : 0;
    q.updatedMs = std::max<qint64>(0, integer(o, "updatedMs", qint64(kMaxCount)));
    q.final = o.value(u"final"_s).toBool();
    const QJsonArray history = o.value(u"history"_s).toArray();
    if (history.size() <= LegQuality::kMaxHistory) {
        q.history.reserve(LegQuality::kMaxHistory);
        for (const QJsonValue &point : history) {
            const QJsonArray p = point.toArray();
            if (p.size() != 5)
                continue;
            const auto figure = [&](int i, double max) {
                const double v = p.at(i).isDouble() ? p.at(i).toDouble() : -1;
                return float(std::isfinite(v) && v >= 0 && v <= max ? v : -1);
            };
            QualitySample s;
            const double ms = p.at(0).toDouble();
            s.ms = std::isfinite(ms) && ms > 0 ? qint64(std::min(ms, kMaxCount)) : 0;
            s.mos = figure(1, 4.5);
            if (s.mos >= 0 && s.mos < 1)
                s.mos = -1;
            s.lossPct = figure(2, 100);
            s.jitterMs = figure(3, 1e10);
            s.rttMs = figure(4, 60000);
            q.history.append(s);
        }
    }
    q.historyStride = std::max<qint64>(1, integer(o, "historyStride", qint64(1) << 40));
    q.historyPending = std::clamp<qint64>(integer(o, "historyPending", q.historyStride), 0,
                                          q.historyStride);
    if (q.history.isEmpty())
        q.historyPending = 0;
    return q;
}

} // namespace Monitor
