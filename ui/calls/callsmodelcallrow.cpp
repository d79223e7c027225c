// What a call's row shows in the calls model: the call summed up from its legs — the most telling
// state, why it ended, who answered, a recording on any leg, "caller → callee" — and, for the
// rest, its first leg's cells; the servers' colours. (A leg's cells: callsmodelcells.cpp.)

#include "ui/calls/callsmodel.h"

#include "ui/calls/callpresentation.h"
#include "ui/logs/recordtext.h"

#include "console/profile.h"

#include "monitor/bidi.h"

namespace Ui {

namespace P = CallPresentation;

QVariant CallsModel::callCell(const Call *call, const Monitor::Channel &first, int column,
                              int role) const
{
    const QList<const Monitor::Channel *> legs = channelsOf(call);
    const qint64 now = Monitor::ServerMonitor::now();
    const qint64 retention = retentionOf(call->server);
    bool live = false;
    bool zombie = false;
    qreal fade = 0;
    for (const Monitor::Channel *leg : legs) {
        if (!leg)
            continue;
        live |= !P::isGone(*leg);
        zombie |= leg->zombie;
        fade = std::max(fade, P::fade(*leg, retention, now));
    }
    zombie = zombie && !live; // a call is a zombie when nothing of it is live but a zombie
    if (live)
        fade = 1.0;
    const P::State state = P::callStateOf(legs);
    const qint64 staleMs = staleSince(call->server);
    bool recording = false;
    for (const Monitor::Channel *leg : legs)
        recording |= leg && leg->isRecording();
    const bool stale = live && staleMs > 0;
    if (column == Quality && (role == Qt::DisplayRole || role == RawValueRole ||
                              role == Qt::ToolTipRole || role == Qt::ForegroundRole))
        return callQualityCell(legs, role, stale, fade);
    switch (role) {
    case IsZombieRole:
        return zombie;
    case IsEndedRole:
        return !live && !zombie;
    case IsStaleRole:
        return stale;
    case FadeRole:
        return fade;
    case Qt::DisplayRole:
    case RawValueRole:
        if (column == AnsweredBy)
            return answeredBy(call);
        if (column == Recording) // any leg: the call is being recorded
            return role == RawValueRole ? QVariant(recording)
                                        : QVariant(recording ? QStringLiteral("●") : QString());
        if (column != State)
            break;
        if (role == RawValueRole)
            return P::stateRank(state);
        if (stale)
            return P::staleText(staleMs);
        if (zombie)
            return P::goneMark(first);
        if (state == P::State::Ended) {
            // Why it ended: the first leg's cause, else the first one a leg gives.
            const Monitor::Channel *why = &first;
            for (const Monitor::Channel *leg : legs) {
                if (why->hangupCause.isEmpty() && leg)
                    why = leg;
            }
            return P::endedText(*why);
        }
        return P::stateName(state);
    case Qt::ForegroundRole:
    case Qt::BackgroundRole:
        if (stale || zombie) {
            // Grey, whatever the state was: green "active" for a call nobody can vouch for
            // would be a lie.
            if (column == State)
                return role == Qt::ForegroundRole ? P::staleForeground() : P::staleBackground();
            return role == Qt::ForegroundRole && stale ? QVariant(P::staleForeground())
                   : role == Qt::ForegroundRole        ? QVariant(P::fadedForeground(fade))
                                                       : QVariant();
        }
        if (column == State) {
            QColor color =
                role == Qt::ForegroundRole ? P::stateForeground(state) : P::stateBackground(state);
            color.setAlphaF(float(0.3 + 0.7 * fade));
            return color;
        }
        return role == Qt::ForegroundRole && !live ? QVariant(P::fadedForeground(fade))
                                                   : QVariant();
    case Qt::FontRole:
    case Qt::ToolTipRole: {
        Monitor::Channel marked = first; // zombie marks follow the call, not its first leg
        marked.zombie = zombie;
        if (column == State && !live)
            marked.ended = !zombie;
        if (role == Qt::ToolTipRole &&
            (column == CallerNumber || column == Destination || column == AnsweredBy ||
             (column == CallerName && ownLeg(first) == P::OwnLeg::None)))
            return zombie ? P::zombieNote(marked) + u'\n' + summary(call, first)
                          : summary(call, first);
        if (column == State && role == Qt::ToolTipRole && (stale || zombie)) {
            // What it was when last seen: the cell itself no longer says.
            const QString tip = cell(marked, call->server, column, role).toString();
            return tip + tr("\nWhen last seen: %1").arg(P::stateName(state));
        }
        return cell(marked, call->server, column, role);
    }
    default:
        break;
    }
    return cell(first, call->server, column, role);
}

QString CallsModel::answeredBy(const Call *call) const
{
    const Leg *firstLeg = firstLegOf(call);
    if (const Monitor::Channel *first = channelOf(firstLeg)) {
        if (const Monitor::Channel *partner = partnerOf(*first, call->server);
            partner && P::hasAnswered(*partner))
            return P::partyText(*partner);
    }
    for (const Leg *leg : call->legs) {
        const Monitor::Channel *c = leg == firstLeg ? nullptr : channelOf(leg);
        if (c && P::hasAnswered(*c))
            return P::partyText(*c);
    }
    return {};
}

QString CallsModel::summary(const Call *call, const Monitor::Channel &first) const
{
    // "caller → callee": whoever answered, else whom the caller dialled. Names are isolated
    // (RecordText::caller and partyText do it): a right-to-left caller must not carry the arrow
    // and the callee to the wrong side.
    QString caller = RecordText::caller(first.callerName, first.callerNumber);
    if (caller.isEmpty())
        caller = Monitor::isolated(first.name);
    const QString dialled = Monitor::isolated(first.destination);
    const QString answered = answeredBy(call);
    if (answered.isEmpty())
        return caller + QStringLiteral(" → ") + dialled;
    QString line = caller + QStringLiteral(" → ") + answered;
    if (!first.destination.isEmpty() && !answered.contains(first.destination))
        line += tr(" (dialled %1)").arg(dialled);
    return line;
}

qint64 CallsModel::besideStart(const ServerRows &server, const Monitor::Channel &c) const
{
    if (c.application != u"eavesdrop" && c.application != u"three_way")
        return 0;
    if (ownLeg(c) == P::OwnLeg::None)
        return 0;
    const auto target = server.legs.find(c.applicationData.trimmed());
    if (target == server.legs.end() || !target->second->call ||
        target->second->call->key == server.store->callKeyOf(c))
        return 0;
    return target->second->call->startMs;
}

QColor CallsModel::serverColour(Monitor::ServerId id) const
{
    const Monitor::ServerMonitor *server = m_hub->server(id);
    const QColor chosen =
        server ? QColor::fromString(server->profile().colour) : QColor(); // invalid when empty
    return chosen.isValid() ? chosen : Console::profileColour(int(id) - 1);
}

QPixmap CallsModel::serverBar(Monitor::ServerId id) const
{
    auto it = m_serverBars.find(id);
    if (it == m_serverBars.end()) {
        QPixmap bar(4, 14);
        bar.fill(serverColour(id));
        it = m_serverBars.insert(id, bar);
    }
    return *it;
}

} // namespace Ui
