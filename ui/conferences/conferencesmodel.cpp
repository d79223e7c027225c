#include "ui/conferences/conferencesmodel.h"

#include "monitor/conferencestore.h"
#include "monitor/servermonitor.h"
#include "monitor/supervisorpanels.h"

#include <QBrush>
#include <QFont>
#include <QPalette>

namespace Ui {

QString conferenceDuration(qint64 ms)
{
    const qint64 s = std::max<qint64>(0, ms / 1000);
    if (s >= 3600)
        return QStringLiteral("%1:%2:%3")
            .arg(s / 3600)
            .arg(s / 60 % 60, 2, 10, QLatin1Char('0'))
            .arg(s % 60, 2, 10, QLatin1Char('0'));
    return QStringLiteral("%1:%2").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
}

ConferencesModel::ConferencesModel(Monitor::Hub *hub, QObject *parent)
    : QAbstractItemModel(parent), m_hub(hub)
{
}

int ConferencesModel::rowOfKey(quintptr key) const
{
    for (int i = 0; i < m_rows.size(); ++i) {
        if (m_rows[i].key == key)
            return i;
    }
    return -1;
}

void ConferencesModel::refresh(qint64 nowMs)
{
    m_nowMs = nowMs;
    struct Listed
    {
        Monitor::ServerId server;
        QString serverName;
        bool stale;
        const Monitor::Conference *conference;
    };
    QList<Listed> listed;
    for (Monitor::ServerMonitor *s : m_hub->servers()) {
        const Monitor::ConferenceStore *store = s->panels()->conferences();
        for (const Monitor::Conference *c : store->conferences())
            listed.append({s->id(), s->name(), store->isStale(), c});
    }
    const auto findListed = [&](Monitor::ServerId server, const QString &name) -> const Listed * {
        for (const Listed &l : listed) {
            if (l.server == server && l.conference->name == name)
                return &l;
        }
        return nullptr;
    };
    // Gone conferences, from the end so the rows before stay where they are.
    for (int i = int(m_rows.size()) - 1; i >= 0; --i) {
        if (!findListed(m_rows[i].server, m_rows[i].conference.name)) {
            beginRemoveRows({}, i, i);
            m_rows.removeAt(i);
            endRemoveRows();
        }
    }
    // Those that stay: their members, then the row itself.
    for (int i = 0; i < m_rows.size(); ++i) {
        const Listed *l = findListed(m_rows[i].server, m_rows[i].conference.name);
        updateMembers(i, *l->conference);
        m_rows[i].stale = l->stale;
        m_rows[i].serverName = l->serverName;
        Q_EMIT dataChanged(index(i, 0), index(i, ColumnCount - 1));
    }
    // New ones at the end.
    for (const Listed &l : listed) {
        if (find(l.server, l.conference->name).isValid())
            continue;
        const int at = int(m_rows.size());
        beginInsertRows({}, at, at);
        m_rows.append(Row{m_nextKey++, l.server, l.serverName, l.stale, *l.conference});
        endInsertRows();
    }
}

void ConferencesModel::updateMembers(int row, const Monitor::Conference &next)
{
    Row &r = m_rows[row];
    const QModelIndex parent = index(row, 0);
    for (int i = int(r.conference.members.size()) - 1; i >= 0; --i) {
        const Monitor::ConferenceMember &m = r.conference.members[i];
        const Monitor::ConferenceMember *now = next.member(m.id);
        if (!now || now->uuid != m.uuid) {
            beginRemoveRows(parent, i, i);
            r.conference.members.removeAt(i);
            endRemoveRows();
        }
    }
    for (int i = 0; i < r.conference.members.size(); ++i) {
        r.conference.members[i] = *next.member(r.conference.members[i].id);
        Q_EMIT dataChanged(index(i, 0, parent), index(i, ColumnCount - 1, parent));
    }
    QList<Monitor::ConferenceMember> added;
    for (const Monitor::ConferenceMember &m : next.members) {
        // Linear: after a re-sync the model's order need not be the ids' order.
        const bool known = std::any_of(r.conference.members.cbegin(), r.conference.members.cend(),
                                       [&](const Monitor::ConferenceMember &x) { return x.id == m.id; });
        if (!known)
            added.append(m);
    }
    // Everything but the members, then the new members at the end (ids grow as they join).
    QList<Monitor::ConferenceMember> members = std::move(r.conference.members);
    r.conference = next;
    r.conference.members = std::move(members);
    if (!added.isEmpty()) {
        const int at = int(r.conference.members.size());
        beginInsertRows(parent, at, at + int(added.size()) - 1);
        r.conference.members.append(added);
        endInsertRows();
    }
}

void ConferencesModel::tick(qint64 nowMs)
{
    m_nowMs = nowMs;
    for (int i = 0; i < m_rows.size(); ++i) {
        Q_EMIT dataChanged(index(i, TimeColumn), index(i, TimeColumn));
        const QModelIndex parent = index(i, 0);
        const int n = int(m_rows[i].conference.members.size());
        if (n > 0)
            Q_EMIT dataChanged(index(0, TimeColumn, parent), index(n - 1, TimeColumn, parent));
    }
}

QModelIndex ConferencesModel::find(Monitor::ServerId server, const QString &conference,
                                   int memberId) const
{
    for (int i = 0; i < m_rows.size(); ++i) {
        const Row &r = m_rows[i];
        if (r.server != server || r.conference.name != conference)
            continue;
        if (memberId <= 0)
            return index(i, 0);
        for (int j = 0; j < r.conference.members.size(); ++j) {
            if (r.conference.members[j].id == memberId)
                return index(j, 0, index(i, 0));
        }
        return {};
    }
    return {};
}

const Monitor::Conference *ConferencesModel::conferenceAt(const QModelIndex &index) const
{
    if (!index.isValid())
        return nullptr;
    const int row = index.internalId() ? rowOfKey(index.internalId()) : index.row();
    return row >= 0 && row < m_rows.size() ? &m_rows[row].conference : nullptr;
}

const Monitor::ConferenceMember *ConferencesModel::memberAt(const QModelIndex &index) const
{
    if (!index.isValid() || index.internalId() == 0)
        return nullptr;
    const Monitor::Conference *c = conferenceAt(index);
    return c && index.row() < c->members.size() ? &c->members[index.row()] : nullptr;
}

QModelIndex ConferencesModel::index(int row, int column, const QModelIndex &parent) const
{
    if (row < 0 || column < 0 || column >= ColumnCount)
        return {};
    if (!parent.isValid())
        return row < m_rows.size() ? createIndex(row, column, quintptr(0)) : QModelIndex();
    if (parent.internalId() != 0 || parent.row() >= m_rows.size())
        return {};
    const Row &r = m_rows[parent.row()];
    return row < r.conference.members.size() ? createIndex(row, column, r.key) : QModelIndex();
}

QModelIndex ConferencesModel::parent(const QModelIndex &child) const
{
    if (!child.isValid() || child.internalId() == 0)
        return {};
    const int row = rowOfKey(child.internalId());
    return row < 0 ? QModelIndex() : createIndex(row, 0, quintptr(0));
}

int ConferencesModel::rowCount(const QModelIndex &parent) const
{
    if (!parent.isValid())
        return int(m_rows.size());
    if (parent.internalId() != 0 || parent.column() != 0 || parent.row() >= m_rows.size())
        return 0;
    return int(m_rows[parent.row()].conference.members.size());
}

int ConferencesModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
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
        return tr("Volume in/out");
    case TimeColumn:
        return tr("Time");
    case ServerColumn:
        return tr("Server");
    }
    return {};
}

QVariant ConferencesModel::data(const QModelIndex &index, int role) const
{
    const Monitor::Conference *c = conferenceAt(index);
    if (!c)
        return {};
    const int row = index.internalId() ? rowOfKey(index.internalId()) : index.row();
    const Row &r = m_rows[row];
    switch (role) {
    case ServerRole:
        return QVariant::fromValue(r.server);
    case ConferenceRole:
        return c->name;
    case MemberIdRole:
        return index.internalId() ? c->members[index.row()].id : 0;
    case MemberUuidRole:
        return index.internalId() ? c->members[index.row()].uuid : QString();
    case StaleRole:
        return r.stale;
    case Qt::ForegroundRole:
        if (r.stale)
            return QBrush(QPalette().color(QPalette::Disabled, QPalette::Text));
        return {};
    default:
        break;
    }
    if (index.internalId())
        return memberData(r, c->members[index.row()], index.column(), role);
    return conferenceData(r, index.column(), role);
}

QVariant ConferencesModel::conferenceData(const Row &r, int column, int role) const
{
    const Monitor::Conference &c = r.conference;
    if (role == Qt::FontRole && column == NameColumn) {
        QFont f;
        f.setBold(true);
        return f;
    }
    if (role == Qt::ToolTipRole) {
        QString tip = tr("%1 on %2 (profile %3, %n member(s))", nullptr, int(c.members.size()))
                          .arg(c.name, r.serverName, c.profile.isEmpty() ? tr("unknown") : c.profile);
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
        return tr("%1 (%n)", nullptr, int(c.members.size())).arg(c.name);
    case StateColumn: {
        QStringList s;
        if (c.locked)
            s.append(tr("🔒 locked"));
        if (c.isRecording())
            s.append(tr("● REC"));
        if (!c.playing.isEmpty())
            s.append(tr("♪ playing"));
        return s.join(u' ');
    }
    case TimeColumn:
        return c.startedAtMs > 0 ? conferenceDuration(m_nowMs - c.startedAtMs) : QString();
    case ServerColumn:
        return r.serverName;
    default:
        return {};
    }
}

QVariant ConferencesModel::memberData(const Row &r, const Monitor::ConferenceMember &m,
                                      int column, int role) const
{
    if (role == Qt::ToolTipRole) {
        return tr("Member %1, %2\nChannel %3\n%4")
            .arg(m.id)
            .arg(m.uuid, m.channelName.isEmpty() ? tr("(not seen yet)") : m.channelName,
                 m.hold ? tr("on hold") : QString());
    }
    if (role == Qt::FontRole && column == TalkingColumn && m.talking) {
        QFont f;
        f.setBold(true);
        return f;
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (column) {
    case NameColumn: {
        const QString who = m.callerIdName.isEmpty() ? m.callerIdNumber
                            : m.callerIdNumber.isEmpty()
                                ? m.callerIdName
                                : QStringLiteral("%1 (%2)").arg(m.callerIdName, m.callerIdNumber);
        return QStringLiteral("#%1 %2").arg(m.id).arg(who);
    }
    case StateColumn: {
        QStringList s;
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
        return s.join(QStringLiteral(", "));
    }
    case TalkingColumn:
        return m.talking ? tr("▶ talking") : QString();
    case EnergyColumn:
        return m.energy;
    case VolumeColumn:
        return QStringLiteral("%1 / %2").arg(m.volumeIn).arg(m.volumeOut);
    case TimeColumn:
        return m.joinedAtMs > 0 ? conferenceDuration(m_nowMs - m.joinedAtMs) : QString();
    case ServerColumn:
        return r.serverName;
    default:
        return {};
    }
}

} // namespace Ui
