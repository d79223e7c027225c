#include "ui/logs/recordlistmodel.h"

#include "ui/logs/recordtext.h"

#include <algorithm>

namespace Ui {

using Monitor::EventStore;
using Monitor::Sequence;

RecordListModel::RecordListModel(Monitor::Hub *hub, QObject *parent)
    : QAbstractTableModel(parent), m_hub(hub), m_store(hub->store())
{
    setUp();
    for (Monitor::ServerMonitor *server : hub->servers())
        watch(server);
    connect(hub, &Monitor::Hub::serverAdded, this, &RecordListModel::watch);
    // The server's records stay in the store (and in the rows); only its name goes.
    connect(hub, &Monitor::Hub::serverRemoved, this, [this] {
        if (rowCount() > 0)
            Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, columnCount() - 1));
    });
}

RecordListModel::RecordListModel(Monitor::OpenedLog *log, QObject *parent)
    : QAbstractTableModel(parent), m_opened(log), m_store(&log->store())
{
    setUp();
}

void RecordListModel::setUp()
{
    m_batch.setSingleShot(true);
    m_batch.setInterval(100);
    connect(&m_batch, &QTimer::timeout, this, &RecordListModel::flush);
    // Subclasses with tests of their own call rebuild() once constructed.
    m_first = m_store->firstSequence();
    m_end = m_store->endSequence();
}

QString RecordListModel::serverName(Monitor::ServerId server) const
{
    return m_hub ? m_hub->serverName(server) : m_opened->serverName(server);
}

void RecordListModel::watch(Monitor::ServerMonitor *server)
{
    connect(server, &Monitor::ServerMonitor::recordStored, this, &RecordListModel::scheduleFlush);
}

void RecordListModel::scheduleFlush()
{
    if (!m_batch.isActive())
        m_batch.start();
}

int RecordListModel::rowCount(const QModelIndex &parent) const
{
    if (parent.isValid())
        return 0;
    return m_direct ? int(m_end - m_first) : int(m_rows.size());
}

void RecordListModel::setFilter(const Monitor::Filter &filter)
{
    m_filter = filter;
    rebuild();
}

std::optional<Monitor::FilterError> RecordListModel::setFilterText(const QString &expression)
{
    if (expression.trimmed().isEmpty()) {
        setFilter({});
        return std::nullopt;
    }
    const Monitor::FilterResult result = Monitor::Filter::compile(expression);
    if (!result)
        return result.error();
    setFilter(result.filter());
    return std::nullopt;
}

void RecordListModel::followChannels(const QSet<QString> &uuids)
{
    m_followed.clear();
    for (const QString &uuid : uuids) {
        if (!uuid.isEmpty())
            m_followed.append(uuid.toUtf8());
    }
    rebuild();
}

QSet<QString> RecordListModel::followedChannels() const
{
    QSet<QString> out;
    for (const QByteArray &uuid : m_followed)
        out.insert(QString::fromUtf8(uuid));
    return out;
}

bool RecordListModel::isFollowed(const EventStore::Record &record) const
{
    const RecordText::Names &n = RecordText::names();
    const QByteArrayView channel =
        record.value(record.kind() == Monitor::RecordKind::Log ? n.userData : n.uniqueId);
    return std::any_of(m_followed.cbegin(), m_followed.cend(),
                       [&](const QByteArray &uuid) { return uuid == channel; });
}

bool RecordListModel::accepts(const EventStore::Record &record) const
{
    if (!m_followed.isEmpty() && !isFollowed(record))
        return false;
    return m_filter.matches(record);
}

bool RecordListModel::acceptsAll() const
{
    return m_filter.isEmpty() && m_followed.isEmpty();
}

void RecordListModel::rebuild()
{
    m_batch.stop();
    beginResetModel();
    const EventStore *s = store();
    m_direct = acceptsAll();
    m_first = s->firstSequence();
    m_end = s->endSequence();
    std::deque<Sequence>().swap(m_rows);
    if (!m_direct && !m_followed.isEmpty()) {
        // The channel index names the candidates; no pass over the whole store.
        std::vector<Sequence> candidates;
        for (const QByteArray &uuid : std::as_const(m_followed)) {
            const QList<Sequence> records = s->recordsOfChannel(uuid);
            candidates.insert(candidates.end(), records.cbegin(), records.cend());
        }
        std::sort(candidates.begin(), candidates.end());
        candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
        for (const Sequence seq : candidates) {
            if (const auto r = s->record(seq); r && accepts(*r))
                m_rows.push_back(seq);
        }
    } else if (!m_direct) {
        s->forEach(m_first, m_end, [this](const EventStore::Record &r) {
            if (accepts(r))
                m_rows.push_back(r.sequence());
            return true;
        });
    }
    endResetModel();
}

void RecordListModel::flush()
{
    m_batch.stop();
    const EventStore *s = store();
    removeDropped(s->firstSequence());
    appendArrived(s->firstSequence(), s->endSequence());
}

void RecordListModel::removeDropped(Sequence first)
{
    if (m_direct) {
        const Sequence keep = std::clamp(first, m_first, m_end);
        if (keep > m_first) {
            beginRemoveRows({}, 0, int(keep - m_first) - 1);
            m_first = keep;
            endRemoveRows();
        }
        if (m_first == m_end && m_end < first)
            m_first = m_end = first; // everything shown went, and more: start afresh
        return;
    }
    const auto keep = std::lower_bound(m_rows.begin(), m_rows.end(), first);
    if (keep != m_rows.begin()) {
        beginRemoveRows({}, 0, int(keep - m_rows.begin()) - 1);
        m_rows.erase(m_rows.begin(), keep);
        endRemoveRows();
    }
}

void RecordListModel::appendArrived(Sequence first, Sequence end)
{
    const Sequence from = std::max(m_end, first);
    if (end <= from) {
        m_end = std::max(m_end, end);
        return;
    }
    const int rows = rowCount();
    if (m_direct) {
        beginInsertRows({}, rows, rows + int(end - m_end) - 1);
        m_end = end;
        endInsertRows();
        return;
    }
    std::vector<Sequence> arrived;
    store()->forEach(from, end, [&](const EventStore::Record &r) {
        if (accepts(r))
            arrived.push_back(r.sequence());
        return true;
    });
    m_end = end;
    if (arrived.empty())
        return;
    beginInsertRows({}, rows, rows + int(arrived.size()) - 1);
    m_rows.insert(m_rows.end(), arrived.cbegin(), arrived.cend());
    endInsertRows();
}

Sequence RecordListModel::sequenceAt(int row) const
{
    if (row < 0 || row >= rowCount())
        return kNoSequence;
    return m_direct ? m_first + Sequence(row) : m_rows[size_t(row)];
}

int RecordListModel::rowOf(Sequence seq) const
{
    if (m_direct)
        return seq >= m_first && seq < m_end ? int(seq - m_first) : -1;
    const auto it = std::lower_bound(m_rows.cbegin(), m_rows.cend(), seq);
    return it != m_rows.cend() && *it == seq ? int(it - m_rows.cbegin()) : -1;
}

std::optional<EventStore::Record> RecordListModel::recordAt(int row) const
{
    const Sequence seq = sequenceAt(row);
    return seq == kNoSequence ? std::nullopt : store()->record(seq);
}

qint64 RecordListModel::rowIndexBytes() const
{
    return m_direct ? 0 : qint64(m_rows.size() * sizeof(Sequence));
}

} // namespace Ui
