// What a cell of the calls model shows: text, raw sortable values, colours, fonts, tooltips.
// A leg's row reads its channel; a call's row (callsmodelcallrow.cpp) sums its legs up and reads
// the rest from its first leg.

#include "ui/calls/callsmodel.h"

#include "ui/calls/callpresentation.h"
#include "ui/calls/qualitypresentation.h"

#include "ui/logs/recordtext.h"

#include "monitor/bidi.h"

#include <QFont>

namespace Ui {

namespace P = CallPresentation;

QVariant CallsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole || section < 0 ||
        section >= columnCount())
        return QAbstractItemModel::headerData(section, orientation, role);
    static const char *const titles[] = {
        QT_TR_NOOP("State"),       QT_TR_NOOP("Duration"),    QT_TR_NOOP("Caller"),
        QT_TR_NOOP("Destination"), QT_TR_NOOP("Answered by"), QT_TR_NOOP("Number"),
        QT_TR_NOOP("Server"),      QT_TR_NOOP("Direction"),   QT_TR_NOOP("Codec"),
        QT_TR_NOOP("Application"), QT_TR_NOOP("Bridged to"),  QT_TR_NOOP("Rec"),
        QT_TR_NOOP("Quality")};
    static_assert(std::size(titles) == FirstHeaderColumn);
    if (section < FirstHeaderColumn)
        return tr(titles[section]);
    return m_headerColumns.at(section - FirstHeaderColumn).name;
}

QVariant CallsModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || !checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const bool callRow = m_layout == Layout::Tree && !index.internalPointer();
    const Call *call = callAt(index);
    const Leg *leg = callRow ? firstLegOf(call) : legAt(index);
    if (!leg)
        return {};
    switch (role) {
    case ServerIdRole:
        return int(leg->key.server);
    case UuidRole:
        return leg->key.uuid;
    case CallKeyRole:
        return call ? call->key : QString();
    case IsCallRole:
        return callRow;
    default:
        break;
    }
    const Monitor::Channel *c = channelOf(leg);
    if (!c)
        return {}; // expired since the last flush
    return callRow ? callCell(call, *c, index.column(), role)
                   : cell(*c, leg->key.server, index.column(), role);
}

QVariant CallsModel::cell(const Monitor::Channel &c, Monitor::ServerId server, int column,
                          int role) const
{
    const qint64 staleMs = staleSince(server);
    const bool stale = staleMs > 0 && !P::isGone(c);
    switch (role) {
    case Qt::DisplayRole:
        return text(c, server, column);
    case RawValueRole:
        return raw(c, server, column);
    case IsStaleRole:
        return stale;
    case IsOwnLegRole:
        return ownLeg(c) != P::OwnLeg::None;
    case Qt::ToolTipRole: {
        QString tip = toolTip(c, column);
        if (column == CallerName || column == Application) {
            if (const P::OwnLeg own = ownLeg(c); own != P::OwnLeg::None) {
                tip = tr("Your own phone (%1): %2")
                          .arg(Monitor::isolated(m_settings->operatorEndpoint),
                               text(c, server, Application));
            }
        }
        if (stale && column == State) {
            const Monitor::ServerMonitor *monitor = m_hub->server(server);
            tip = tr("State unknown since %1: %2 is not live, so what the switch did with this "
                     "call since then is not known.\nWhen last seen: %3")
                      .arg(P::clockTime(staleMs),
                           Monitor::isolated(monitor ? monitor->name() : QString()),
                           P::stateName(P::stateOf(c)));
        }
        if (!c.zombie)
            return tip.isEmpty() ? QVariant() : QVariant(tip);
        const QString zombie = P::zombieNote(c);
        return tip.isEmpty() ? zombie : zombie + u'\n' + tip;
    }
    case IsZombieRole:
        return c.zombie;
    case IsEndedRole:
        return c.ended;
    case FadeRole:
        return P::fade(c, retentionOf(server), Monitor::ServerMonitor::now());
    case Qt::FontRole: {
        const bool own = ownLeg(c) != P::OwnLeg::None;
        if (!c.zombie && !own)
            return {};
        QFont font;
        font.setItalic(c.zombie);
        font.setBold(own); // theirs, at a glance
        return font;
    }
    case Qt::ForegroundRole:
    case Qt::BackgroundRole: {
        const qreal fade = P::fade(c, retentionOf(server), Monitor::ServerMonitor::now());
        if (column == Quality && role == Qt::ForegroundRole)
            return qualityForeground(c.quality, stale, fade);
        if (stale || c.zombie) {
            if (column == State)
                return role == Qt::ForegroundRole ? P::staleForeground() : P::staleBackground();
            return role == Qt::ForegroundRole && stale ? QVariant(P::staleForeground())
                   : role == Qt::ForegroundRole        ? QVariant(P::fadedForeground(fade))
                                                       : QVariant();
        }
        if (column == State) {
            const P::State state = P::stateOf(c);
            QColor color =
                role == Qt::ForegroundRole ? P::stateForeground(state) : P::stateBackground(state);
            color.setAlphaF(float(0.3 + 0.7 * fade));
            return color;
        }
        return role == Qt::ForegroundRole && P::isGone(c) ? QVariant(P::fadedForeground(fade))
                                                          : QVariant();
    }
    case Qt::DecorationRole:
        // The server's colour as a swatch, not as text colours that could be unreadable.
        if (column == Server)
            return serverColour(server);
        if (column == State && m_servers.size() > 1)
            return serverBar(server);
        return {};
    case Qt::TextAlignmentRole:
        if (column == Duration)
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        if (column == Recording || column == Quality)
            return QVariant(Qt::AlignCenter);
        return {};
    default:
        return {};
    }
}

P::OwnLeg CallsModel::ownLeg(const Monitor::Channel &c) const
{
    if (!m_settings || m_settings->operatorEndpoint.isEmpty())
        return P::OwnLeg::None;
    return P::ownLegOf(c, m_settings->operatorEndpoint);
}

qint64 CallsModel::durationClock(Monitor::ServerId server) const
{
    // While the server is not live, durations stop where it went: nobody knows how they went on.
    const qint64 now = Monitor::ServerMonitor::now();
    const qint64 since = staleSince(server);
    return since > 0 ? std::min(now, since) : now;
}

const Monitor::Channel *CallsModel::partnerOf(const Monitor::Channel &c,
                                              Monitor::ServerId server) const
{
    if (c.bridgedTo.isEmpty())
        return nullptr;
    const auto it = m_servers.find(server);
    return it == m_servers.end() ? nullptr : it->second.store->channel(c.bridgedTo);
}

QString CallsModel::text(const Monitor::Channel &c, Monitor::ServerId server, int column) const
{
    switch (column) {
    case Server:
        return m_hub->serverName(server);
    case Direction:
        return c.direction;
    case CallerName:
        if (const P::OwnLeg own = ownLeg(c); own != P::OwnLeg::None)
            return P::ownLegText(own);
        return c.callerName.isEmpty() ? c.callerNumber : c.callerName;
    case AnsweredBy: {
        // A leg that answered was answered by whoever is on it; an inbound leg by its partner.
        if (c.direction == u"outbound")
            return P::hasAnswered(c) ? P::partyText(c) : QString();
        const Monitor::Channel *partner = partnerOf(c, server);
        return partner && P::hasAnswered(*partner) ? P::partyText(*partner) : QString();
    }
    case CallerNumber:
        return c.callerNumber;
    case Destination:
        return c.destination;
    case State:
        if (c.zombie)
            return P::goneMark(c);
        if (c.ended)
            return P::endedText(c);
        if (const qint64 since = staleSince(server); since > 0)
            return P::staleText(since);
        return P::stateName(P::stateOf(c));
    case Duration:
        return P::durationText(durationOf(c, server));
    case Codec:
        return P::codecText(c);
    case Application: {
        const P::OwnLeg own = ownLeg(c);
        if (own == P::OwnLeg::None)
            return P::applicationName(c);
        // Whom they listen to: the caller on the channel the application names.
        const auto it = m_servers.find(server);
        const Monitor::Channel *target =
            it == m_servers.end() ? nullptr : it->second.store->channel(c.applicationData);
        const QString whom = target ? RecordText::caller(target->callerName, target->callerNumber)
                                    : Monitor::isolated(c.applicationData);
        return own == P::OwnLeg::Listening    ? tr("listening to %1").arg(whom)
               : own == P::OwnLeg::Whispering ? tr("whispering to %1").arg(whom)
                                              : tr("barging into %1").arg(whom);
    }
    case BridgedParty: {
        const Monitor::Channel *partner = partnerOf(c, server);
        return partner ? P::partyText(*partner) : QString();
    }
    case Recording:
        return c.isRecording() ? QStringLiteral("●") : QString();
    case Quality:
        return QualityPresentation::mosText(c.quality);
    default:
        if (column - FirstHeaderColumn < m_headerColumns.size())
            return c.headers.text(m_headerColumns.at(column - FirstHeaderColumn).header);
        return {};
    }
}

QVariant CallsModel::raw(const Monitor::Channel &c, Monitor::ServerId server, int column) const
{
    switch (column) {
    case Server:
        return int(server);
    case State:
        return P::stateRank(P::stateOf(c));
    case Duration:
        return durationOf(c, server);
    case Recording:
        return c.isRecording();
    case Quality:
        return QualityPresentation::sortValue(c.quality); // unknown: invalid, sorted last
    default:
        return text(c, server, column);
    }
}

QString CallsModel::toolTip(const Monitor::Channel &c, int column) const
{
    switch (column) {
    case State:
        if (c.ended)
            return c.hangupCause.isEmpty() ? tr("ended") : tr("ended: %1").arg(c.hangupCause);
        return c.channelState + u' ' + c.callState;
    case Codec:
        return tr("read %1, write %2").arg(c.readCodec, c.writeCodec);
    case Application:
        return P::applicationText(c);
    case BridgedParty:
        return c.bridgedTo;
    case Recording:
        return c.recordPath;
    case Quality:
        return QualityPresentation::toolTip(c.quality);
    default:
        return {};
    }
}

} // namespace Ui
