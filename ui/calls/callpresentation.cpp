#include "ui/calls/callpresentation.h"

#include "ui/logs/recordtext.h"

#include "monitor/calltable.h"

#include <QDateTime>
#include <QObject>

#include <algorithm>

namespace Ui::CallPresentation {

State stateOf(const Monitor::Channel &c)
{
    const QString s = c.displayState();
    if (s == u"ended")
        return State::Ended;
    if (s == u"parked")
        return State::Parked;
    if (s == u"held")
        return State::Held;
    if (s == u"active")
        return State::Active;
    if (s == u"early")
        return State::Early;
    return State::Ringing;
}

State callStateOf(const QList<const Monitor::Channel *> &legs)
{
    // Lower is more telling: a held or parked leg says more about the call than an active one,
    // and a leg still ringing means the call is not up yet.
    static constexpr State precedence[] = {State::Held, State::Parked, State::Ringing, State::Early,
                                           State::Active};
    int best = int(std::size(precedence));
    for (const Monitor::Channel *leg : legs) {
        if (!leg || leg->ended)
            continue;
        const State s = stateOf(*leg);
        const auto at = std::find(std::begin(precedence), std::end(precedence), s);
        best = std::min(best, int(at - std::begin(precedence)));
    }
    return best < int(std::size(precedence)) ? precedence[best] : State::Ended;
}

QString stateName(State state)
{
    switch (state) {
    case State::Ringing:
        return QStringLiteral("ringing");
    case State::Early:
        return QStringLiteral("early");
    case State::Active:
        return QStringLiteral("active");
    case State::Held:
        return QStringLiteral("held");
    case State::Parked:
        return QStringLiteral("parked");
    case State::Ended:
        return QStringLiteral("ended");
    }
    return {};
}

QColor stateForeground(State state)
{
    switch (state) {
    case State::Ringing:
        return QColor(0x8a, 0x5a, 0x00);
    case State::Early:
        return QColor(0x6a, 0x3a, 0xb2);
    case State::Active:
        return QColor(0x1b, 0x6e, 0x2f);
    case State::Held:
        return QColor(0x0b, 0x4f, 0x8a);
    case State::Parked:
        return QColor(0x00, 0x69, 0x6b);
    case State::Ended:
        return QColor(0x6b, 0x70, 0x75);
    }
    return {};
}

QColor stateBackground(State state)
{
    switch (state) {
    case State::Ringing:
        return QColor(0xff, 0xf1, 0xc2);
    case State::Early:
        return QColor(0xee, 0xe5, 0xfa);
    case State::Active:
        return QColor(0xdc, 0xf2, 0xe1);
    case State::Held:
        return QColor(0xdb, 0xe8, 0xf6);
    case State::Parked:
        return QColor(0xd6, 0xf0, 0xf0);
    case State::Ended:
        return QColor(0xec, 0xec, 0xec);
    }
    return {};
}

bool hasAnswered(const Monitor::Channel &c)
{
    if (c.answeredMs > 0 || c.answerState == u"answered")
        return true;
    const State s = stateOf(c);
    return s == State::Active || s == State::Held || s == State::Parked;
}

qreal fade(const Monitor::Channel &c, qint64 retentionMs, qint64 nowMs)
{
    if (!isGone(c))
        return 1.0;
    if (retentionMs <= 0)
        return 0.0;
    return std::clamp(1.0 - qreal(nowMs - c.goneMs) / qreal(retentionMs), 0.0, 1.0);
}

QColor fadedForeground(qreal fade)
{
    QColor grey(0x6b, 0x70, 0x75);
    grey.setAlphaF(float(0.3 + 0.7 * std::clamp(fade, 0.0, 1.0)));
    return grey;
}

qint64 durationMs(const Monitor::Channel &c, qint64 nowMs)
{
    return Monitor::legDurationMs(c, nowMs); // what `eslcat calls` prints too
}

QString clockTime(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms).toString(QStringLiteral("HH:mm:ss"));
}

QString staleText(qint64 sinceMs)
{
    return QObject::tr("unknown since %1").arg(clockTime(sinceMs));
}

QColor staleForeground()
{
    return QColor(0x6b, 0x70, 0x75);
}

QColor staleBackground()
{
    return QColor(0xe2, 0xe3, 0xe5);
}

QString goneMark(const Monitor::Channel &c)
{
    return c.ghost ? QStringLiteral("ghost") : QStringLiteral("zombie");
}

QString zombieNote(const Monitor::Channel &c)
{
    return c.ghost ? QObject::tr("ghost: the switch still lists this channel but has no such "
                                 "channel (uuid_exists false, or \"-ERR No such channel!\")")
                   : QObject::tr("zombie: the switch no longer lists this channel, though no "
                                 "event said it ended");
}

QString durationText(qint64 ms)
{
    const qint64 s = ms / 1000;
    if (s >= 3600) {
        return QStringLiteral("%1:%2:%3")
            .arg(s / 3600)
            .arg(s / 60 % 60, 2, 10, QLatin1Char('0'))
            .arg(s % 60, 2, 10, QLatin1Char('0'));
    }
    return QStringLiteral("%1:%2").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
}

QString partyText(const Monitor::Channel &partner)
{
    if (partner.direction == u"outbound") {
        const QString callee = RecordText::caller(partner.calleeName, partner.calleeNumber);
        return callee.isEmpty() ? partner.destination : callee;
    }
    return RecordText::caller(partner.callerName, partner.callerNumber);
}

QString codecText(const Monitor::Channel &c)
{
    if (c.writeCodec.isEmpty() || c.writeCodec == c.readCodec)
        return c.readCodec;
    if (c.readCodec.isEmpty())
        return c.writeCodec;
    return c.readCodec + u'/' + c.writeCodec;
}

QString applicationName(const Monitor::Channel &c)
{
    return c.parked ? QStringLiteral("park") : c.application;
}

QString applicationText(const Monitor::Channel &c)
{
    if (c.parked)
        return QObject::tr("park (uuid_park: the channel waits, with nothing to do)");
    if (c.applicationData.isEmpty())
        return c.application;
    return QStringLiteral("%1(%2)").arg(c.application, c.applicationData);
}

QString endedText(const Monitor::Channel &c)
{
    return c.hangupCause.isEmpty()
               ? stateName(State::Ended)
               : QStringLiteral("%1 · %2").arg(stateName(State::Ended), c.hangupCause);
}

QString endpointUser(const QString &endpoint)
{
    QString e = endpoint.trimmed();
    if (e.startsWith(u'{')) // {var=value,...}user/1000
        e = e.section(u'}', 1);
    return e.section(u'/', -1).section(u'@', 0, 0).trimmed();
}

OwnLeg ownLegOf(const Monitor::Channel &c, const QString &operatorEndpoint)
{
    OwnLeg mode = OwnLeg::None;
    if (c.application == u"three_way")
        mode = OwnLeg::Barging;
    else if (c.application == u"eavesdrop")
        mode = c.callerName == u"Whisper" ||
                       c.headers.text("variable_eavesdrop_whisper_aleg") == u"true"
                   ? OwnLeg::Whispering
                   : OwnLeg::Listening;
    else if (c.direction == u"outbound" && c.application.isEmpty()) // ringing, not running yet
        mode = c.callerName == u"Listen"    ? OwnLeg::Listening
               : c.callerName == u"Whisper" ? OwnLeg::Whispering
               : c.callerName == u"Barge"   ? OwnLeg::Barging
                                            : OwnLeg::None;
    if (mode == OwnLeg::None)
        return mode;
    const QString user = endpointUser(operatorEndpoint);
    if (user.isEmpty())
        return OwnLeg::None;
    const bool theirs = c.destination == user || c.calleeNumber == user ||
                        endpointUser(c.name) == user ||
                        c.headers.text("variable_dialed_user") == user;
    return theirs ? mode : OwnLeg::None;
}

QString ownLegText(OwnLeg leg)
{
    switch (leg) {
    case OwnLeg::Listening:
        return QObject::tr("You, listening");
    case OwnLeg::Whispering:
        return QObject::tr("You, whispering");
    case OwnLeg::Barging:
        return QObject::tr("You, barging in");
    case OwnLeg::None:
        break;
    }
    return {};
}

} // namespace Ui::CallPresentation
