// The quality rule: a live leg whose estimated MOS is below the threshold or whose loss is above
// one, for `reports` reports in a row (one bad report is a blip, not an alert). It reads each
// leg's LegQuality (callquality.h) as the channel store keeps it; a new report is one its report
// counts show (not its update time: two reports within a millisecond are two, and a mediaStats
// answer is no report). The alert clears after `clearReports` good reports in a row (hysteresis: one
// good report between bad ones cleared it 4-6 s after firing, before the operator could go to
// the call), or when the leg ends (the alert keeps the last figures).

#include "alertengine.h"

#include "callquality.h"
#include "channelstore.h"

namespace Monitor {

void AlertEngine::evaluateQuality(ServerId id, ServerState &s, qint64 nowMs)
{
    const CompiledRule *rule = builtIn(AlertKind::Quality);
    const ChannelStore *channels = s.sources.channels;
    if (!rule || !channels) {
        s.quality.clear();
        return;
    }
    const double mosLimit = rule->rule.param(QStringLiteral("mos"));
    const double lossLimit = rule->rule.param(QStringLiteral("lossPct"));
    const int reports = int(rule->rule.param(QStringLiteral("reports")));
    const int clearReports = int(rule->rule.param(QStringLiteral("clearReports")));
    QSet<QString> firing;
    for (const Channel *c : channels->channels()) {
        const LegQuality &q = c->quality;
        if (c->ended || c->zombie || q.final || !q.known())
            continue;
        QualityTrack &track = s.quality[c->uuid];
        track.seen = true;
        if (const qint64 taken = q.in.reports + q.out.reports; taken != track.reportsSeen) {
            track.reportsSeen = taken;
            const double loss = q.worstLossPct();
            const bool bad = (q.mos >= 0 && q.mos < mosLimit) || loss > lossLimit;
            track.badReports = bad ? std::min(track.badReports + 1, 1000) : 0;
            track.goodReports = bad ? 0 : std::min(track.goodReports + 1, 1000);
        }
        if (track.badReports < reports) {
            // Up and not yet `clearReports` good reports: held as it is, its last bad figures.
            if (track.goodReports < clearReports && activeAlert(rule->rule.id, id, c->uuid))
                firing.insert(c->uuid);
            continue;
        }
        firing.insert(c->uuid);
        QStringList figures;
        if (q.mos >= 0)
            figures.append(QStringLiteral("MOS %1").arg(q.mos, 0, 'f', 1));
        if (q.worstLossPct() >= 0)
            figures.append(QStringLiteral("loss %1 %").arg(q.worstLossPct(), 0, 'f', 1));
        if (q.worstJitterMs() >= 0)
            figures.append(QStringLiteral("jitter %1 ms").arg(q.worstJitterMs(), 0, 'f', 0));
        const QString who = c->callerNumber.isEmpty() ? c->name : c->callerNumber;
        Firing f;
        f.rule = rule;
        f.server = id;
        f.subject = c->uuid;
        f.message = QStringLiteral("Poor audio on %1: %2 → %3, %4")
                        .arg(s.name, who, c->destination, figures.join(QStringLiteral(", ")));
        f.target.server = id;
        f.target.channelUuid = c->uuid;
        f.figures = qualityJson(q);
        f.repeat = Repeat::Hold;
        fire(std::move(f), nowMs);
    }
    for (auto it = s.quality.begin(); it != s.quality.end();) {
        if (!it->seen) {
            it = s.quality.erase(it);
            continue;
        }
        it->seen = false;
        ++it;
    }
    clearOthers(rule, id, firing, nowMs);
}

} // namespace Monitor
