#include "ui/logs/eventlogmodel.h"

#include "ui/common/modelroles.h"
#include "ui/logs/recordtext.h"

#include <algorithm>

namespace Ui {

using Monitor::EventStore;

EventLogModel::EventLogModel(Monitor::Hub *hub, QObject *parent) : RecordListModel(hub, parent) {}

EventLogModel::EventLogModel(Monitor::OpenedLog *log, QObject *parent)
    : RecordListModel(log, parent)
{}

int EventLogModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : FirstHeaderColumn + int(m_headerColumns.size());
}

QVariant EventLogModel::display(const EventStore::Record &r, int column) const
{
    switch (column) {
    case Time:
        return RecordText::timeOfDay(r.receivedMs());
    case Server:
        return serverName(r.server());
    case Event:
        return RecordText::eventNameOf(r);
    case Subclass:
        return RecordText::text(r, RecordText::names().subclass);
    case Channel:
        return RecordText::shortUuid(RecordText::channelOf(r));
    case Caller:
        return RecordText::callerOf(r);
    case Summary:
        return RecordText::summaryOf(r);
    default:
        return RecordText::text(r, m_headerColumns.at(column - FirstHeaderColumn).id);
    }
}

QVariant EventLogModel::raw(const EventStore::Record &r, int column) const
{
    switch (column) {
    case Time:
        return r.receivedMs();
    case Server:
        return int(r.server());
    case Channel:
        return RecordText::channelOf(r);
    default:
        return display(r, column);
    }
}

QVariant EventLogModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() ||
        !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const auto r = recordAt(index.row());
    if (!r)
        return {};
    const int column = index.column();
    switch (role) {
    case Qt::DisplayRole:
        return display(*r, column);
    case RawValueRole:
        return raw(*r, column);
    case Qt::ToolTipRole:
        if (column == Time)
            return RecordText::fullTime(r->receivedMs());
        if (column == Channel)
            return RecordText::channelOf(*r);
        if (column == Summary)
            return RecordText::summaryOf(*r);
        return {};
    case ServerIdRole:
        return int(r->server());
    case UuidRole:
        return RecordText::channelOf(*r);
    case SequenceRole:
        return r->sequence();
    case LogLevelRole:
        return r->kind() == Monitor::RecordKind::Log
                   ? RecordText::text(*r, RecordText::names().logLevel).toInt()
                   : -1;
    default:
        return {};
    }
}

QVariant EventLogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole || section < 0 ||
        section >= columnCount())
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Time:
        return tr("Time");
    case Server:
        return tr("Server");
    case Event:
        return tr("Event");
    case Subclass:
        return tr("Subclass");
    case Channel:
        return tr("Channel");
    case Caller:
        return tr("Caller");
    case Summary:
        return tr("Summary");
    default:
        return m_headerColumns.at(section - FirstHeaderColumn).name;
    }
}

bool EventLogModel::addHeaderColumn(const QString &name)
{
    if (name.isEmpty() || headerColumns().contains(name, Qt::CaseInsensitive))
        return false;
    const Monitor::NameId id = Monitor::HeaderNames::instance().intern(name.toUtf8());
    if (id == Monitor::kNoName)
        return false;
    const int column = columnCount();
    beginInsertColumns({}, column, column);
    m_headerColumns.append({name, id});
    endInsertColumns();
    return true;
}

bool EventLogModel::removeHeaderColumn(const QString &name)
{
    const auto it =
        std::find_if(m_headerColumns.cbegin(), m_headerColumns.cend(), [&](const HeaderColumn &c) {
            return c.name.compare(name, Qt::CaseInsensitive) == 0;
        });
    if (it == m_headerColumns.cend())
        return false;
    const qsizetype i = it - m_headerColumns.cbegin();
    const int column = FirstHeaderColumn + int(i);
    beginRemoveColumns({}, column, column);
    m_headerColumns.removeAt(i);
    endRemoveColumns();
    return true;
}

QStringList EventLogModel::csvColumnsOf(int column) const
{
    switch (column) {
    case Time:
        return {QStringLiteral("@time")};
    case Server:
        return {QStringLiteral("@server")};
    case Event:
        return {QStringLiteral("@kind"), QStringLiteral("@name")};
    case Subclass:
        return {QStringLiteral("Event-Subclass")};
    case Channel:
        return {QStringLiteral("@uuid")};
    case Caller:
        return {QStringLiteral("@caller")};
    case Summary:
        return {QStringLiteral("@summary")};
    default:
        if (column >= FirstHeaderColumn && column < columnCount())
            return {m_headerColumns.at(column - FirstHeaderColumn).name};
        return {};
    }
}

QStringList EventLogModel::headerColumns() const
{
    QStringList out;
    for (const HeaderColumn &c : m_headerColumns)
        out.append(c.name);
    return out;
}

} // namespace Ui
