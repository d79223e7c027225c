#include "ui/window/qualityfacts.h"

#include "ui/calls/qualitypresentation.h"

#include <QCoreApplication>
#include <QDateTime>

namespace Ui {

namespace {

QString tr(const char *text, const char *disambiguation = nullptr, int n = -1)
{
    return QCoreApplication::translate("Ui::QualityFacts", text, disambiguation, n);
}

bool known(double v)
{
    return v >= 0;
}

QString fixed(double v, int decimals)
{
    return QString::number(v, 'f', decimals);
}

QString percent(double v)
{
    return fixed(v, v < 10 ? 1 : 0) + QStringLiteral(" %");
}

QString ms(double v)
{
    return fixed(v, 0) + QStringLiteral(" ms");
}

void direction(QList<ChannelFact> &out, const Monitor::DirectionQuality &d, const QString &where)
{
    if (!d.known())
        return;
    if (known(d.lossPct))
        out.append({tr("Loss %1").arg(where), percent(d.lossPct),
                    tr("Lost in the last RTCP report interval (its fraction lost)")});
    // FreeSWITCH counts one packet lost at the start of a clean call (its own off-by-one): a
    // count of 1 says nothing, so only a count above it is shown.
    const bool lostSays = d.lost > 1;
    if (known(d.cumulativeLossPct) || lostSays) {
        QString text = known(d.cumulativeLossPct) ? percent(d.cumulativeLossPct) : QString();
        if (lostSays)
            text += (text.isEmpty() ? QString() : QStringLiteral(" · ")) +
                    tr("%n packet(s)", nullptr, int(std::min<qint64>(d.lost, INT_MAX)));
        out.append({tr("Cumulative loss %1").arg(where), text,
                    tr("Lost since the first report of the call")});
    }
    if (known(d.jitterMs))
        out.append({tr("Jitter %1").arg(where), ms(d.jitterMs), {}});
}

QString count(qint64 v)
{
    return QString::number(v);
}

} // namespace

QList<ChannelFact> qualityFacts(const Monitor::LegQuality &q, qint64 nowMs)
{
    namespace QP = QualityPresentation;
    QList<ChannelFact> out;
    if (!q.known())
        return out;
    if (known(q.mos))
        out.append({tr("MOS (estimated)"),
                    tr("%1 · %2").arg(fixed(q.mos, 2), QP::gradeName(q.grade())),
                    tr("ITU-T G.107 E-model, simplified: from loss, jitter and delay")});
    if (known(q.fsMos))
        out.append({tr("FreeSWITCH MOS"), tr("%1 (loss only)").arg(fixed(q.fsMos, 2)),
                    tr("FreeSWITCH's rtp_audio_in_mos counts DTMF-flushed and skipped packets "
                       "as lost (a known upstream issue): see Flushed and DTMF below")});
    if (const QString worst = q.worstFigure(); !worst.isEmpty())
        out.append({tr("Worst figure"), worst, {}});
    direction(out, q.in, tr("in"));
    direction(out, q.out, tr("out"));
    if (known(q.rttMs) || known(q.fsRttMs)) {
        QString text = known(q.rttMs) ? ms(q.rttMs) : QStringLiteral("?");
        if (known(q.fsRttMs))
            text += tr(" (FreeSWITCH's average %1)").arg(ms(q.fsRttMs));
        out.append({tr("RTT"), text, tr("Round-trip time, from the far end's LSR/DLSR")});
    }
    const Monitor::SwitchCounters &c = q.counters;
    if (c.inPackets >= 0) {
        QString text = count(c.inPackets);
        if (c.inMediaPackets >= 0)
            text += tr(" (%1 media)").arg(count(c.inMediaPackets));
        out.append({tr("Packets in"), text, {}});
    }
    if (c.outPackets >= 0)
        out.append({tr("Packets out"), count(c.outPackets), {}});
    const std::pair<const char *, qint64> counts[] = {
        {QT_TRANSLATE_NOOP("Ui::QualityFacts", "Skipped"), c.inSkipPackets},
        {QT_TRANSLATE_NOOP("Ui::QualityFacts", "Flushed"), c.inFlushPackets},
        {QT_TRANSLATE_NOOP("Ui::QualityFacts", "DTMF packets"), c.inDtmfPackets},
        {QT_TRANSLATE_NOOP("Ui::QualityFacts", "CNG packets"), c.inCngPackets},
        {QT_TRANSLATE_NOOP("Ui::QualityFacts", "Flaws"), c.inFlawTotal},
    };
    for (const auto &[name, value] : counts) {
        if (value >= 0)
            out.append({tr(name), count(value), {}});
    }
    if (known(c.inQualityPct))
        out.append({tr("Quality %"), percent(c.inQualityPct),
                    tr("FreeSWITCH's own quality figure (the R its MOS is from)")});
    if (known(c.inJitterMinVariance) && known(c.inJitterMaxVariance))
        out.append({tr("Jitter variance"),
                    tr("%1 – %2").arg(fixed(c.inJitterMinVariance, 2),
                                      fixed(c.inJitterMaxVariance, 2)),
                    {}});
    if (!q.codec.isEmpty() || q.clockRate > 0) {
        QStringList parts;
        if (!q.codec.isEmpty())
            parts << q.codec;
        if (q.clockRate > 0)
            parts << tr("%1 Hz").arg(q.clockRate);
        out.append({tr("Codec (for MOS)"), parts.join(QStringLiteral(" · ")), {}});
    }
    if (q.final) {
        out.append({tr("Figures"), tr("final, from the hangup"), {}});
    } else if (q.updatedMs > 0) {
        const qint64 age = std::max<qint64>(0, nowMs - q.updatedMs) / 1000;
        out.append({tr("Figures"),
                    tr("live, %1 (%2 s ago)")
                        .arg(QDateTime::fromMSecsSinceEpoch(q.updatedMs)
                                 .toString(QStringLiteral("hh:mm:ss")))
                        .arg(age),
                    {}});
    }
    return out;
}

} // namespace Ui
