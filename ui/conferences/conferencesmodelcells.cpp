// What a cell of the conferences tree shows: text, the server's colour, greyed or struck-out
// rows, tooltips with the full text. Plain text and the fonts' own symbols only (● ♪ ▶ are in
// every font a desktop has; an emoji such as the padlock is an empty box without an emoji font).

#include "ui/conferences/conferencesmodel.h"

#include "monitor/bidi.h"
#include "monitor/channelstore.h"
#include "monitor/servermonitor.h"

#include <QBrush>
#include <QFont>
#include <QPalette>
#include <QPixmap>

namespace Ui {

namespace {

QString withNumber(const QString &name, const QString &number)
{
    if (name.isEmpty() || name == number)
        return Monitor::isolated(number);
    if (number.isEmpty())
        return Monitor::isolated(name);
    return QStringLiteral("%1 (%2)").arg(Monitor::isolated(name), Monitor::isolated(number));
}

} // namespace

QString ConferencesModel::serverName(Monitor::ServerId server) const
{
    const Monitor::ServerMonitor *s = m_hub ? m_hub->server(server) : nullptr;
    return s ? Monitor::isolated(s->name()) : QString();
}

QString ConferencesModel::memberName(Monitor::ServerId server,
                                     const Monitor::ConferenceMember &m) const
{
    // A member known from json_list only (no event since the sync) has no direction: the
    // channel table may know the leg.
    const Monitor::ServerMonitor *s = m_hub ? m_hub->server(server) : nullptr;
    const Monitor::Channel *leg = s ? s->channels()->channel(m.uuid) : nullptr;
    const bool invited = m.invited() || (m.direction.isEmpty() && leg && leg->direction == u"outbound");
    if (invited) {
        // Its caller id is the conference's own ("Conference", 0000000000): whom it dialled is
        // its callee, or its destination.
        QString number = m.calleeIdNumber;
        QString name = m.calleeIdName;
        if (leg && number.isEmpty()) {
            number = leg->calleeNumber;
            name = leg->calleeName;
        }
        if (number.isEmpty())
            number = !m.destination.isEmpty() ? m.destination : leg ? leg->destination : QString();
        if (!number.isEmpty())
            return withNumber(name, number);
    }
    return withNumber(m.callerIdName, m.callerIdNumber);
}

QVariant ConferencesModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn:
        return tr("Conference / member");
    case StateColumn:
        return tr("State");
    case TalkingColumn:
        return tr("Talking");
    case EnergyColumn:
        return tr("Energy");
    case VolumeColumn:
        return tr("Vol in/out");
    case TimeColumn:
        return tr("Time");
    case ServerColumn:
        return tr("Server");
    }
    return {};
}

QVariant ConferencesModel::data(const QModelIndex &index, int role) const
{
    const Row *r = rowOf(index);
    if (!r)
        return {};
    const Monitor::Conference *c = &r->conference;
    const bool isMember = index.internalId() != 0;
    if (isMember && index.row() >= c->members.size())
        return {};
    const Monitor::ConferenceMember *m = isMember ? &c->members[index.row()] : nullptr;
    const bool gone = r->gone || (m && r->goneMembers.contains(m->id));
    switch (role) {
    case ServerRole:
        return QVariant::fromValue(r->server);
    case ConferenceRole:
        return c->name;
    case MemberIdRole:
        return m ? m->id : 0;
    case MemberUuidRole:
        return m ? m->uuid : QString();
    case StaleRole:
        return r->stale;
    case GoneRole:
        return gone;
    default:
        break;
    }
    const QVariant common = commonData(*r, gone, index.column(), role);
    if (common.isValid())
        return common;
    return m ? memberData(*r, *m, index.column(), role) : conferenceData(*r, index.column(), role);
}

QVariant ConferencesModel::commonData(const Row &r, bool gone, int column, int role) const
{
    switch (role) {
    case Qt::ForegroundRole:
        if (r.stale || gone)
            return QBrush(QPalette().color(QPalette::Disabled, QPalette::Text));
        return {};
    case Qt::DecorationRole:
        // The server's colour as a swatch beside its name, and as a bar before each row's
        // name once two servers share the tree.
        if (column == ServerColumn && r.colour.isValid())
            return r.colour;
        if (column == NameColumn && m_servers > 1 && r.colour.isValid()) {
            QPixmap bar(4, 14);
            bar.fill(r.colour);
            return bar;
        }
        return {};
    case Qt::DisplayRole:
        if (column == ServerColumn)
            return Monitor::isolated(r.serverName);
        return {};
    default:
        return {};
    }
}

QVariant ConferencesModel::conferenceData(const Row &r, int column, int role) const
{
    const Monitor::Conference &c = r.conference;
    if (role == Qt::FontRole && column == NameColumn) {
        QFont f;
        f.setBold(true);
        f.setStrikeOut(r.gone);
        return f;
    }
    if (role == Qt::ToolTipRole) {
        QString tip = tr("Conference %1 on %2 (profile %3, %n member(s))", nullptr,
                         int(c.members.size()))
                          .arg(Monitor::isolated(c.name), Monitor::isolated(r.serverName),
                               c.profile.isEmpty() ? tr("unknown") : c.profile);
        if (r.gone)
            tip += u'\n' + tr("Ended");
        if (r.stale)
            tip += u'\n' + tr("Last known: the link to %1 is down").arg(Monitor::isolated(r.serverName));
        if (c.locked)
            tip += u'\n' + tr("Locked: callers are kept out; invited legs still come in");
        if (!c.recordings.isEmpty())
            tip += u'\n' + tr("Recording to %1").arg(c.recordings.join(QStringLiteral(", ")));
        if (!c.playing.isEmpty())
            tip += u'\n' + tr("Playing %1").arg(c.playing);
        if (!c.flags.isEmpty())
            tip += u'\n' + tr("Flags: %1").arg(c.flags.join(QStringLiteral(", ")));
        return tip;
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (column) {
    case NameColumn:
        return tr("%1 (%n)", nullptr, int(c.members.size())).arg(Monitor::isolated(c.name));
    case StateColumn: {
        QStringList s;
        if (r.gone)
            s.append(tr("ended"));
        if (c.locked)
            s.append(tr("locked"));
        if (c.isRecording())
            s.append(tr("● REC"));
        if (!c.playing.isEmpty() && !r.stale)
            s.append(tr("♪ playing"));
        return s.join(QStringLiteral(", "));
    }
    case TimeColumn:
        return c.startedAtMs > 0 ? conferenceDuration(clockOf(r) - c.startedAtMs) : QString();
    default:
        return {};
    }
}

QVariant ConferencesModel::memberData(const Row &r, const Monitor::ConferenceMember &m,
                                      int column, int role) const
{
    const bool gone = r.gone || r.goneMembers.contains(m.id);
    const bool live = !r.stale && !gone;
    const QString who = memberName(r.server, m);
    if (role == Qt::ToolTipRole) {
        QStringList tip{tr("#%1 %2 in conference %3 on %4")
                            .arg(m.id)
                            .arg(who, Monitor::isolated(r.conference.name),
                                 Monitor::isolated(r.serverName))};
        if (gone)
            tip.append(tr("Left the conference"));
        else if (r.stale)
            tip.append(tr("Last known: the link to %1 is down").arg(Monitor::isolated(r.serverName)));
        if (m.invited())
            tip.append(tr("Invited: dialled by the switch (its caller id is the conference's, %1)")
                           .arg(withNumber(m.callerIdName, m.callerIdNumber)));
        tip.append(tr("Channel %1").arg(m.channelName.isEmpty() ? tr("(not seen yet)")
                                                               : Monitor::isolated(m.channelName)));
        tip.append(tr("UUID %1").arg(m.uuid));
        if (m.hold)
            tip.append(tr("On hold"));
        return tip.join(u'\n');
    }
    if (role == Qt::FontRole) {
        QFont f;
        f.setStrikeOut(gone && column == NameColumn);
        f.setBold(column == TalkingColumn && m.talking && live);
        return f;
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (column) {
    case NameColumn:
        return QStringLiteral("#%1 %2").arg(m.id).arg(who);
    case StateColumn: {
        QStringList s;
        if (gone)
            s.append(tr("left"));
        if (m.floor)
            s.append(tr("floor"));
        if (!m.canSpeak)
            s.append(tr("muted"));
        if (!m.canHear)
            s.append(tr("deaf"));
        if (m.hold)
            s.append(tr("held"));
        if (m.moderator)
            s.append(tr("moderator"));
        if (m.invited())
            s.append(tr("invited"));
        return s.join(QStringLiteral(", "));
    }
    case TalkingColumn:
        // Only what is live: a stale link's last "talking" may long be over.
        return m.talking && live ? tr("▶ talking") : QString();
    case EnergyColumn:
        return m.energy;
    case VolumeColumn:
        return QStringLiteral("%1 / %2").arg(m.volumeIn).arg(m.volumeOut);
    case TimeColumn:
        return m.joinedAtMs > 0 ? conferenceDuration(clockOf(r) - m.joinedAtMs) : QString();
    default:
        return {};
    }
}

} // namespace Ui
