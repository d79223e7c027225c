#include "ui/calls/callsmodel.h"

namespace Ui {

CallsModel::CallsModel(Monitor::Hub *hub, QObject *parent) : QAbstractItemModel(parent), m_hub(hub)
{
    // Precise timers: coarse ones of a second (or half of one) are aligned by Qt to fire in the
    // same wake-up, and the batch, the tick, the statistics and the charts together stalled the
    // window for 40-50 ms once a second at 10,000 channels.
    m_batch.setTimerType(Qt::PreciseTimer);
    m_batch.setSingleShot(true);
    m_batch.setInterval(100);
    connect(&m_batch, &QTimer::timeout, this, &CallsModel::flush);
    m_tick.setTimerType(Qt::PreciseTimer);
    m_tick.setInterval(1000);
    connect(&m_tick, &QTimer::timeout, this, &CallsModel::tick);
    m_tick.start();
    for (Monitor::ServerMonitor *server : hub->servers())
        watch(server);
    connect(hub, &Monitor::Hub::serverAdded, this, &CallsModel::watch);
    connect(hub, &Monitor::Hub::serverRemoved, this, &CallsModel::forget);
    flush(); // start with the channels the stores already have
}

CallsModel::~CallsModel() = default;

void CallsModel::setLayout(Layout layout)
{
    if (layout == m_layout)
        return;
    beginResetModel();
    m_layout = layout;
    endResetModel();
}

// --- drag and drop ---

Qt::ItemFlags CallsModel::flags(const QModelIndex &index) const
{
    // The tree view asks this of every row each time it lays them out (10,000 rows after any
    // insertion or removal): pointers only, no copies.
    Qt::ItemFlags f = QAbstractItemModel::flags(index);
    if (!index.isValid())
        return f;
    const Call *call = index.internalPointer() ? nullptr : callAt(index); // a call row's
    if (legAt(index) || (call && !call->legs.isEmpty()))
        f |= Qt::ItemIsDragEnabled | Qt::ItemIsDropEnabled;
    if (m_layout == Layout::Flat || index.internalPointer())
        f |= Qt::ItemNeverHasChildren; // a leg
    return f;
}

QStringList CallsModel::mimeTypes() const
{
    return {QLatin1StringView(kMimeType)};
}

Qt::DropActions CallsModel::supportedDragActions() const
{
    return Qt::LinkAction | Qt::CopyAction;
}

QMimeData *CallsModel::mimeData(const QModelIndexList &indexes) const
{
    QByteArray lines;
    QSet<Monitor::ChannelKey> seen;
    for (const QModelIndex &i : indexes) {
        const Monitor::ChannelKey key = channelAt(i);
        if (!key.isValid() || seen.contains(key))
            continue;
        seen.insert(key);
        lines += QByteArray::number(key.server) + ' ' + key.uuid.toUtf8() + '\n';
    }
    if (lines.isEmpty())
        return nullptr;
    auto *mime = new QMimeData;
    mime->setData(QLatin1StringView(kMimeType), lines);
    mime->setText(QString::fromUtf8(lines).trimmed());
    return mime;
}

QList<Monitor::ChannelKey> CallsModel::channelsFromMime(const QMimeData *mime)
{
    QList<Monitor::ChannelKey> keys;
    if (!mime || !mime->hasFormat(QLatin1StringView(kMimeType)))
        return keys;
    for (const QByteArray &line : mime->data(QLatin1StringView(kMimeType)).split('\n')) {
        const QList<QByteArray> parts = line.trimmed().split(' ');
        bool ok = false;
        const Monitor::ServerId server = parts.value(0).toUShort(&ok);
        if (ok && parts.size() == 2 && !parts[1].isEmpty())
            keys.append({server, QString::fromUtf8(parts[1])});
    }
    return keys;
}

// --- rows ---

QModelIndex CallsModel::index(int row, int column, const QModelIndex &parent) const
{
    if (row < 0 || column < 0 || column >= columnCount())
        return {};
    if (!parent.isValid()) {
        const size_t rows = m_layout == Layout::Tree ? m_callRows.size() : m_legRows.size();
        return size_t(row) < rows ? createIndex(row, column, nullptr) : QModelIndex();
    }
    const Call *call = callAt(parent);
    if (m_layout != Layout::Tree || parent.internalPointer() || parent.column() != 0 || !call ||
        row >= call->legs.size())
        return {};
    return createIndex(row, column, const_cast<Call *>(call));
}

QModelIndex CallsModel::parent(const QModelIndex &child) const
{
    if (!child.isValid() || !child.internalPointer())
        return {};
    return createIndex(static_cast<const Call *>(child.internalPointer())->row, 0, nullptr);
}

int CallsModel::rowCount(const QModelIndex &parent) const
{
    if (!parent.isValid())
        return int(m_layout == Layout::Tree ? m_callRows.size() : m_legRows.size());
    if (m_layout != Layout::Tree || parent.internalPointer() || parent.column() != 0)
        return 0;
    const Call *call = callAt(parent);
    return call ? int(call->legs.size()) : 0;
}

int CallsModel::columnCount(const QModelIndex &) const
{
    return FirstHeaderColumn + int(m_headerColumns.size());
}

const CallsModel::Leg *CallsModel::legAt(const QModelIndex &index) const
{
    if (!index.isValid())
        return nullptr;
    if (const auto *call = static_cast<const Call *>(index.internalPointer()))
        return index.row() < call->legs.size() ? call->legs.at(index.row()) : nullptr;
    if (m_layout == Layout::Flat)
        return size_t(index.row()) < m_legRows.size() ? m_legRows[size_t(index.row())] : nullptr;
    return nullptr; // a call row
}

const CallsModel::Call *CallsModel::callAt(const QModelIndex &index) const
{
    if (!index.isValid())
        return nullptr;
    if (const auto *call = static_cast<const Call *>(index.internalPointer()))
        return call;
    if (m_layout == Layout::Flat) {
        const Leg *leg = legAt(index);
        return leg ? leg->call : nullptr;
    }
    return size_t(index.row()) < m_callRows.size() ? m_callRows[size_t(index.row())] : nullptr;
}

const CallsModel::Leg *CallsModel::firstLegOf(const Call *call)
{
    if (!call || call->legs.isEmpty())
        return nullptr;
    for (const Leg *leg : call->legs) {
        if (leg->key.uuid == call->key)
            return leg;
    }
    return call->legs.first();
}

const Monitor::Channel *CallsModel::channelOf(const Leg *leg) const
{
    if (!leg)
        return nullptr;
    const auto it = m_servers.find(leg->key.server);
    if (it == m_servers.end())
        return nullptr;
    if (const Monitor::Channel *c = it->second.store->channel(leg->key.uuid))
        return c;
    // A pinned call's leg the store dropped: as it was last seen.
    const auto copy = it->second.copies.constFind(leg->key.uuid);
    return copy == it->second.copies.cend() ? nullptr : &*copy;
}

QList<const Monitor::Channel *> CallsModel::channelsOf(const Call *call) const
{
    QList<const Monitor::Channel *> out;
    for (const Leg *leg : call->legs)
        out.append(channelOf(leg));
    return out;
}

qint64 CallsModel::retentionOf(Monitor::ServerId id) const
{
    const auto it = m_servers.find(id);
    return it == m_servers.end() ? 0 : it->second.store->endedRetention();
}

qint64 CallsModel::staleSince(Monitor::ServerId id) const
{
    const auto it = m_servers.find(id);
    return it == m_servers.end() ? 0 : it->second.staleSinceMs;
}

const CallsModel::Leg *CallsModel::findLeg(const Monitor::ChannelKey &key) const
{
    const auto server = m_servers.find(key.server);
    if (server == m_servers.end())
        return nullptr;
    const auto it = server->second.legs.find(key.uuid);
    return it == server->second.legs.end() ? nullptr : it->second.get();
}

QModelIndex CallsModel::indexOfCall(const Call *call, int column) const
{
    if (!call)
        return {};
    if (m_layout == Layout::Flat)
        return indexOfLeg(firstLegOf(call), column);
    return createIndex(call->row, column, nullptr);
}

QModelIndex CallsModel::indexOfLeg(const Leg *leg, int column) const
{
    if (!leg || !leg->call)
        return {};
    if (m_layout == Layout::Flat)
        return createIndex(leg->row, column, nullptr);
    return createIndex(int(leg->call->legs.indexOf(leg)), column, leg->call);
}

QModelIndex CallsModel::indexOf(const Monitor::ChannelKey &key, int column) const
{
    return indexOfLeg(findLeg(key), column);
}

QModelIndex CallsModel::callIndexOf(const Monitor::ChannelKey &leg, int column) const
{
    const Leg *found = findLeg(leg);
    return found ? indexOfCall(found->call, column) : QModelIndex();
}

Monitor::ChannelKey CallsModel::channelAt(const QModelIndex &index) const
{
    const Leg *leg = legAt(index);
    if (!leg && index.isValid() && !index.internalPointer())
        leg = firstLegOf(callAt(index));
    return leg ? leg->key : Monitor::ChannelKey{};
}

QStringList CallsModel::legsOfCall(const QModelIndex &index) const
{
    const Call *call = callAt(index);
    if (!call)
        return {};
    QStringList out;
    if (const Leg *first = firstLegOf(call))
        out.append(first->key.uuid);
    for (const Leg *leg : call->legs) {
        if (leg->key.uuid != out.first())
            out.append(leg->key.uuid);
    }
    return out;
}

const Monitor::Channel *CallsModel::channel(const QModelIndex &index) const
{
    const Monitor::ChannelKey key = channelAt(index);
    return channelOf(findLeg(key));
}

// --- columns ---

bool CallsModel::addHeaderColumn(const QString &name)
{
    if (name.isEmpty() || headerColumns().contains(name, Qt::CaseInsensitive))
        return false;
    const int column = columnCount();
    beginInsertColumns({}, column, column);
    m_headerColumns.append({name, name.toUtf8()});
    endInsertColumns();
    return true;
}

bool CallsModel::removeHeaderColumn(const QString &name)
{
    for (qsizetype i = 0; i < m_headerColumns.size(); ++i) {
        if (m_headerColumns[i].name.compare(name, Qt::CaseInsensitive) != 0)
            continue;
        const int column = FirstHeaderColumn + int(i);
        beginRemoveColumns({}, column, column);
        m_headerColumns.removeAt(i);
        endRemoveColumns();
        return true;
    }
    return false;
}

QStringList CallsModel::headerColumns() const
{
    QStringList out;
    for (const HeaderColumn &c : m_headerColumns)
        out.append(c.name);
    return out;
}

} // namespace Ui
