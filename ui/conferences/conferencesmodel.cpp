#include "ui/conferences/conferencesmodel.h"

#include "console/profile.h"
#include "monitor/conferencestore.h"
#include "monitor/servermonitor.h"
#include "monitor/supervisorpanels.h"

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

struct ConferencesModel::Listed
{
    Monitor::ServerId server;
    QString serverName;
    QColor colour;
    bool stale;
    qint64 staleSinceMs;
    const Monitor::Conference *conference;
};

bool ConferencesModel::refresh(qint64 nowMs, bool structure)
{
    m_nowMs = nowMs;
    QList<Listed> listed;
    QSet<Monitor::ServerId> servers;
    for (Monitor::ServerMonitor *s : m_hub->servers()) {
        const Monitor::ConferenceStore *store = s->panels()->conferences();
        const QColor chosen = QColor::fromString(s->profile().colour);
        const QColor colour = chosen.isValid() ? chosen : Console::profileColour(int(s->id()) - 1);
        for (const Monitor::Conference *c : store->conferences()) {
            listed.append({s->id(), s->name(), colour, store->isStale(), store->staleSinceMs(), c});
            servers.insert(s->id());
        }
    }
    m_servers = int(servers.size());
    const auto findListed = [&](Monitor::ServerId server, const QString &name) -> const Listed * {
        for (const Listed &l : listed) {
            if (l.server == server && l.conference->name == name)
                return &l;
        }
        return nullptr;
    };
    bool waiting = false;
    // Gone conferences, from the end so the rows before stay where they are.
    for (int i = int(m_rows.size()) - 1; i >= 0; --i) {
        if (findListed(m_rows[i].server, m_rows[i].conference.name))
            continue;
        if (!structure) {
            waiting = true;
            if (!m_rows[i].gone) {
                m_rows[i].gone = true;
                Q_EMIT dataChanged(index(i, 0), index(i, ColumnCount - 1));
            }
            continue;
        }
        beginRemoveRows({}, i, i);
        m_rows.removeAt(i);
        endRemoveRows();
    }
    // Those that stay: their members, then the row itself.
    for (int i = 0; i < m_rows.size(); ++i) {
        const Listed *l = findListed(m_rows[i].server, m_rows[i].conference.name);
        if (!l)
            continue; // gone, waiting
        m_rows[i].gone = false;
        waiting = updateMembers(i, *l->conference, structure) || waiting;
        m_rows[i].stale = l->stale;
        m_rows[i].staleSinceMs = l->staleSinceMs;
        m_rows[i].serverName = l->serverName;
        m_rows[i].colour = l->colour;
        Q_EMIT dataChanged(index(i, 0), index(i, ColumnCount - 1));
    }
    // New ones at the end.
    for (const Listed &l : listed) {
        if (find(l.server, l.conference->name).isValid())
            continue;
        if (!structure) {
            waiting = true;
            continue;
        }
        const int at = int(m_rows.size());
        beginInsertRows({}, at, at);
        m_rows.append(Row{m_nextKey++, l.server, l.serverName, l.colour, l.stale, l.staleSinceMs,
                          false, {}, *l.conference});
        endInsertRows();
    }
    return waiting;
}

bool ConferencesModel::updateMembers(int row, const Monitor::Conference &next, bool structure)
{
    Row &r = m_rows[row];
    const QModelIndex parent = index(row, 0);
    bool waiting = false;
    for (int i = int(r.conference.members.size()) - 1; i >= 0; --i) {
        const Monitor::ConferenceMember &m = r.conference.members[i];
        const Monitor::ConferenceMember *now = next.member(m.id);
        if (now && now->uuid == m.uuid)
            continue;
        if (!structure) {
            waiting = true;
            if (!r.goneMembers.contains(m.id)) {
                r.goneMembers.insert(m.id);
                Q_EMIT dataChanged(index(i, 0, parent), index(i, ColumnCount - 1, parent));
            }
            continue;
        }
        r.goneMembers.remove(m.id);
        beginRemoveRows(parent, i, i);
        r.conference.members.removeAt(i);
        endRemoveRows();
    }
    for (int i = 0; i < r.conference.members.size(); ++i) {
        const Monitor::ConferenceMember *now = next.member(r.conference.members[i].id);
        if (!now || now->uuid != r.conference.members[i].uuid)
            continue; // gone, waiting
        r.conference.members[i] = *now;
        Q_EMIT dataChanged(index(i, 0, parent), index(i, ColumnCount - 1, parent));
    }
    QList<Monitor::ConferenceMember> added;
    for (const Monitor::ConferenceMember &m : next.members) {
        // Linear: after a re-sync the model's order need not be the ids' order. A member that
        // left and one that came with its id (another uuid) are two rows.
        const bool known = std::any_of(r.conference.members.cbegin(), r.conference.members.cend(),
                                       [&](const Monitor::ConferenceMember &x) {
                                           return x.id == m.id && x.uuid == m.uuid;
                                       });
        if (!known)
            added.append(m);
    }
    // Everything but the members, then the new members at the end (ids grow as they join).
    QList<Monitor::ConferenceMember> members = std::move(r.conference.members);
    r.conference = next;
    r.conference.members = std::move(members);
    if (!added.isEmpty()) {
        if (!structure)
            return true;
        const int at = int(r.conference.members.size());
        beginInsertRows(parent, at, at + int(added.size()) - 1);
        r.conference.members.append(added);
        endInsertRows();
    }
    return waiting;
}

void ConferencesModel::tick(qint64 nowMs)
{
    m_nowMs = nowMs;
    for (int i = 0; i < m_rows.size(); ++i) {
        if (m_rows[i].stale)
            continue; // frozen at the moment the link went down
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

const ConferencesModel::Row *ConferencesModel::rowOf(const QModelIndex &index) const
{
    if (!index.isValid())
        return nullptr;
    const int row = index.internalId() ? rowOfKey(index.internalId()) : index.row();
    return row >= 0 && row < m_rows.size() ? &m_rows[row] : nullptr;
}

qint64 ConferencesModel::clockOf(const Row &row) const
{
    return row.stale && row.staleSinceMs > 0 ? std::min(row.staleSinceMs, m_nowMs) : m_nowMs;
}

const Monitor::Conference *ConferencesModel::conferenceAt(const QModelIndex &index) const
{
    const Row *row = rowOf(index);
    return row ? &row->conference : nullptr;
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

} // namespace Ui
