#include "ui/window/channelfacts.h"

#include "monitor/recordsummary.h"

#include <QCoreApplication>
#include <QDateTime>

namespace Ui {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("Ui::ChannelFacts", text);
}

// The time of day for today's (the dock is narrow), with the date otherwise.
QString timeText(qint64 ms, qint64 nowMs)
{
    const QDateTime time = QDateTime::fromMSecsSinceEpoch(ms);
    const bool today = time.date() == QDateTime::fromMSecsSinceEpoch(nowMs).date();
    return time.toString(today ? QStringLiteral("hh:mm:ss") : QStringLiteral("yyyy-MM-dd hh:mm"));
}

QString durationText(qint64 ms)
{
    const qint64 s = std::max<qint64>(ms, 0) / 1000;
    return s >= 3600 ? QStringLiteral("%1:%2:%3")
                           .arg(s / 3600)
                           .arg(s / 60 % 60, 2, 10, QLatin1Char('0'))
                           .arg(s % 60, 2, 10, QLatin1Char('0'))
                     : QStringLiteral("%1:%2").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
}

QString stateText(const Monitor::Channel &c)
{
    QStringList parts{c.displayState()};
    if (!c.channelState.isEmpty())
        parts.append(c.channelState);
    if (!c.callState.isEmpty() && c.callState.compare(c.displayState(), Qt::CaseInsensitive) != 0)
        parts.append(c.callState);
    QString text = parts.first();
    if (parts.size() > 1)
        text += QStringLiteral(" (%1)").arg(parts.mid(1).join(QStringLiteral(", ")));
    return text;
}

// "sofia/internal/1001 · active · Alice <1001>": one leg in a line.
QString legText(const Monitor::Channel &leg)
{
    QStringList parts{leg.name.isEmpty() ? leg.uuid : leg.name, leg.displayState()};
    const QString caller = Monitor::RecordSummary::caller(leg.callerName, leg.callerNumber);
    if (!caller.isEmpty())
        parts.append(caller);
    return parts.join(QStringLiteral(" · "));
}

} // namespace

QList<ChannelFact> channelFacts(const Monitor::Channel &c, const Monitor::ChannelStore &channels,
                                const QString &serverName, qint64 nowMs)
{
    QList<ChannelFact> facts;
    const auto add = [&](const QString &name, const QString &value, const QString &tip = {}) {
        if (!value.isEmpty())
            facts.append({name, value, tip});
    };
    add(tr("Caller"), Monitor::RecordSummary::caller(c.callerName, c.callerNumber));
    const QString callee = Monitor::RecordSummary::caller(c.calleeName, c.calleeNumber);
    add(tr("Callee"), callee.isEmpty() ? c.destination : callee);
    if (!callee.isEmpty() && callee != c.destination)
        add(tr("Destination"), c.destination);
    // Held and parked when the state does not say so already (a held call that rings again).
    const QString shown = c.displayState();
    add(tr("State"), stateText(c) + (c.held && shown != u"held" ? tr(", on hold") : QString()) +
                         (c.parked && shown != u"parked" ? tr(", parked") : QString()));
    add(tr("Hangup cause"), c.hangupCause);
    add(tr("Direction"), c.direction);
    if (c.createdMs > 0)
        add(tr("Created"), timeText(c.createdMs, nowMs));
    if (c.answeredMs > 0) {
        add(tr("Answered"), timeText(c.answeredMs, nowMs));
        const qint64 end = c.hungUpMs > 0 ? c.hungUpMs : nowMs;
        add(tr("Talking for"), durationText(end - c.answeredMs));
    }
    if (c.hungUpMs > 0)
        add(tr("Hung up"), timeText(c.hungUpMs, nowMs));
    add(tr("Codec"), c.readCodec == c.writeCodec || c.writeCodec.isEmpty()
                         ? c.readCodec
                         : tr("%1 in, %2 out").arg(c.readCodec, c.writeCodec));
    add(tr("Application"), c.applicationData.isEmpty()
                               ? c.application
                               : QStringLiteral("%1(%2)").arg(c.application, c.applicationData));
    add(tr("Recording"), c.recordPath);
    // The call's other legs, the one it is bridged to first.
    QStringList legs = channels.calls().value(channels.callKeyOf(c));
    legs.removeAll(c.uuid);
    if (!c.bridgedTo.isEmpty() && legs.removeAll(c.bridgedTo) > 0)
        legs.prepend(c.bridgedTo);
    for (const QString &uuid : std::as_const(legs)) {
        const Monitor::Channel *leg = channels.channel(uuid);
        add(uuid == c.bridgedTo ? tr("Bridged to") : tr("Other leg"), leg ? legText(*leg) : uuid,
            uuid);
    }
    add(tr("Channel"), c.name);
    add(tr("UUID"), c.uuid);
    add(tr("Server"), serverName);
    add(tr("Context"), c.context);
    return facts;
}

} // namespace Ui
