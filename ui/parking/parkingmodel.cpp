#include "ui/parking/parkingmodel.h"

#include "console/profile.h"
#include "monitor/bidi.h"
#include "monitor/hub.h"
#include "monitor/parkingstore.h"
#include "monitor/servermonitor.h"

#include <QBrush>
#include <QGuiApplication>
#include <QPalette>

#include <algorithm>

namespace Ui {

namespace {

// Internal ids: 0 for a lot row; lot row + 1 for a slot row (its parent's row).
constexpr quintptr kLotRow = 0;

bool sameLot(const ParkingModel::Lot &a, const ParkingModel::Lot &b)
{
    return a.server == b.server && a.name == b.name;
}

bool lotBefore(const ParkingModel::Lot &a, const ParkingModel::Lot &b)
{
    return a.server != b.server ? a.server < b.server : a.name < b.name;
}

// The server's colour as the calls list shows it (ui/calls: its profile's, else the n-th).
QColor colourOf(const Monitor::ServerMonitor *server)
{
    const QColor chosen = QColor::fromString(server->profile().colour);
    return chosen.isValid() ? chosen : Console::profileColour(int(server->id()) - 1);
}

} // namespace

ParkingModel::ParkingModel(Monitor::Hub *hub, QObject *parent)
    : QAbstractItemModel(parent), m_hub(hub)
{}

QString ParkingModel::callerText(const QString &name, const QString &number)
{
    if (number.isEmpty())
        return Monitor::isolated(name);
    if (name.isEmpty())
        return Monitor::isolated(number);
    return QStringLiteral("%1 (%2)").arg(Monitor::isolated(name), Monitor::isolated(number));
}

QList<ParkingModel::Lot> ParkingModel::fromStores() const
{
    QList<Lot> out;
    if (!m_hub)
        return out;
    for (Monitor::ServerMonitor *server : m_hub->servers()) {
        const Monitor::ParkingStore *store = server->panels()->parking();
        for (const Monitor::ParkingLot &l : store->lots()) {
            Lot lot{server->id(),     server->name(),         l.name, colourOf(server),
                    store->isStale(), store->staleSinceMs(), {}};
            for (const Monitor::ParkedCall &p : l.slots) {
                QString caller = callerText(p.callerName, p.callerNumber);
                if (caller.isEmpty()) {
                    // Seen in a listing only: the channel table may know who it is.
                    if (const Monitor::Channel *c = server->channels()->channel(p.uuid))
                        caller = callerText(c->callerName, c->callerNumber);
                }
                lot.slots.append(Slot{p.extension, p.uuid, caller, p.parkedSinceMs, p.sinceListing,
                                      !p.retrievedBy.isEmpty()});
            }
            out.append(lot);
        }
    }
    std::stable_sort(out.begin(), out.end(), lotBefore);
    return out;
}

void ParkingModel::refresh()
{
    const QList<Lot> now = fromStores();
    // Lots: walk both sorted lists, removing the gone and inserting the new.
    int row = 0;
    for (const Lot &lot : now) {
        while (row < m_lots.size() && lotBefore(m_lots[row], lot)) {
            beginRemoveRows({}, row, row);
            m_lots.removeAt(row);
            endRemoveRows();
        }
        if (row < m_lots.size() && sameLot(m_lots[row], lot)) {
            applyLot(row, lot);
        } else {
            beginInsertRows({}, row, row);
            m_lots.insert(row, lot);
            endInsertRows();
        }
        ++row;
    }
    if (row < m_lots.size()) {
        beginRemoveRows({}, row, int(m_lots.size()) - 1);
        m_lots.erase(m_lots.begin() + row, m_lots.end());
        endRemoveRows();
    }
}

void ParkingModel::applyLot(int lotRow, const Lot &now)
{
    Lot &shown = m_lots[lotRow];
    const QModelIndex parentIndex = index(lotRow, 0);
    const bool headerChanged = shown.stale != now.stale || shown.staleSinceMs != now.staleSinceMs ||
                               shown.slots.size() != now.slots.size() ||
                               shown.serverName != now.serverName || shown.colour != now.colour;
    shown.stale = now.stale;
    shown.staleSinceMs = now.staleSinceMs;
    shown.serverName = now.serverName;
    shown.colour = now.colour;
    int row = 0;
    for (const Slot &slot : now.slots) {
        // A slot gone, or moved to another call, is removed; the rest keep their rows.
        while (row < shown.slots.size() &&
               Monitor::ParkingStore::slotBefore(shown.slots[row].extension, slot.extension)) {
            beginRemoveRows(parentIndex, row, row);
            shown.slots.removeAt(row);
            endRemoveRows();
        }
        if (row < shown.slots.size() && shown.slots[row].extension == slot.extension &&
            shown.slots[row].uuid == slot.uuid) {
            Slot &s = shown.slots[row];
            if (s.caller != slot.caller || s.retrieving != slot.retrieving ||
                s.parkedSinceMs != slot.parkedSinceMs || s.sinceListing != slot.sinceListing) {
                s = slot;
                Q_EMIT dataChanged(index(row, 0, parentIndex), index(row, ColumnCount - 1, parentIndex));
            }
        } else {
            if (row < shown.slots.size() && shown.slots[row].extension == slot.extension) {
                beginRemoveRows(parentIndex, row, row); // the same slot, another call
                shown.slots.removeAt(row);
                endRemoveRows();
            }
            beginInsertRows(parentIndex, row, row);
            shown.slots.insert(row, slot);
            endInsertRows();
        }
        ++row;
    }
    if (row < shown.slots.size()) {
        beginRemoveRows(parentIndex, row, int(shown.slots.size()) - 1);
        shown.slots.erase(shown.slots.begin() + row, shown.slots.end());
        endRemoveRows();
    }
    if (headerChanged)
        Q_EMIT dataChanged(parentIndex, index(lotRow, ColumnCount - 1));
    if (headerChanged && !shown.slots.isEmpty())
        Q_EMIT dataChanged(index(0, 0, parentIndex),
                           index(int(shown.slots.size()) - 1, ColumnCount - 1, parentIndex));
}

void ParkingModel::tick(qint64 nowMs)
{
    m_nowMs = nowMs;
    for (int r = 0; r < m_lots.size(); ++r) {
        if (m_lots[r].slots.isEmpty() || m_lots[r].stale)
            continue;
        const QModelIndex p = index(r, 0);
        Q_EMIT dataChanged(index(0, ParkedForColumn, p),
                           index(int(m_lots[r].slots.size()) - 1, ParkedForColumn, p),
                           {Qt::DisplayRole});
    }
}

const ParkingModel::Lot *ParkingModel::lotAt(const QModelIndex &index) const
{
    if (!index.isValid())
        return nullptr;
    const int row = index.internalId() == kLotRow ? index.row() : int(index.internalId()) - 1;
    return row >= 0 && row < m_lots.size() ? &m_lots[row] : nullptr;
}

const ParkingModel::Slot *ParkingModel::slotAt(const QModelIndex &index) const
{
    if (!index.isValid() || index.internalId() == kLotRow)
        return nullptr;
    const Lot *lot = lotAt(index);
    return lot && index.row() < lot->slots.size() ? &lot->slots[index.row()] : nullptr;
}

QModelIndex ParkingModel::indexOfLot(Monitor::ServerId server, const QString &lot) const
{
    for (int r = 0; r < m_lots.size(); ++r) {
        if (m_lots[r].server == server && m_lots[r].name == lot)
            return index(r, 0);
    }
    return {};
}

QModelIndex ParkingModel::indexOfSlot(Monitor::ServerId server, const QString &lot,
                                      const QString &extension) const
{
    const QModelIndex parentIndex = indexOfLot(server, lot);
    if (!parentIndex.isValid())
        return {};
    const QList<Slot> &slots = m_lots[parentIndex.row()].slots;
    for (int r = 0; r < slots.size(); ++r) {
        if (slots[r].extension == extension)
            return index(r, 0, parentIndex);
    }
    return {};
}

QModelIndex ParkingModel::indexOfCall(Monitor::ServerId server, const QString &uuid) const
{
    for (int r = 0; r < m_lots.size(); ++r) {
        if (m_lots[r].server != server)
            continue;
        const QList<Slot> &slots = m_lots[r].slots;
        for (int s = 0; s < slots.size(); ++s) {
            if (slots[s].uuid == uuid)
                return index(s, 0, index(r, 0));
        }
    }
    return {};
}

int ParkingModel::parkedCount() const
{
    int n = 0;
    for (const Lot &l : m_lots)
        n += int(l.slots.size());
    return n;
}

int ParkingModel::liveParkedCount() const
{
    int n = 0;
    for (const Lot &l : m_lots) {
        if (!l.stale)
            n += int(l.slots.size());
    }
    return n;
}

QString ParkingModel::duration(qint64 ms)
{
    const qint64 s = std::max<qint64>(0, ms / 1000);
    if (s >= 3600)
        return QStringLiteral("%1:%2:%3")
            .arg(s / 3600)
            .arg(s / 60 % 60, 2, 10, QLatin1Char('0'))
            .arg(s % 60, 2, 10, QLatin1Char('0'));
    return QStringLiteral("%1:%2").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
}

QString ParkingModel::parkedFor(const Lot &lot, const Slot &slot) const
{
    // A stale server's clock stops when its link went down: what happened since is unknown.
    const qint64 at = lot.stale ? std::min(m_nowMs, lot.staleSinceMs) : m_nowMs;
    const QString d = duration(at - slot.parkedSinceMs);
    return slot.sinceListing ? QStringLiteral("≥ ") + d : d;
}

QString ParkingModel::staleText(const Lot &lot) const
{
    return tr("unknown since %1")
        .arg(QDateTime::fromMSecsSinceEpoch(lot.staleSinceMs).toString(QStringLiteral("HH:mm:ss")));
}

QPixmap ParkingModel::serverBar(const QColor &colour) const
{
    QPixmap bar(4, 14);
    bar.fill(colour);
    return bar;
}

QModelIndex ParkingModel::index(int row, int column, const QModelIndex &parentIndex) const
{
    if (row < 0 || column < 0 || column >= ColumnCount)
        return {};
    if (!parentIndex.isValid())
        return row < m_lots.size() ? createIndex(row, column, kLotRow) : QModelIndex();
    if (parentIndex.internalId() != kLotRow || parentIndex.row() >= m_lots.size())
        return {};
    if (row >= m_lots[parentIndex.row()].slots.size())
        return {};
    return createIndex(row, column, quintptr(parentIndex.row()) + 1);
}

QModelIndex ParkingModel::parent(const QModelIndex &child) const
{
    if (!child.isValid() || child.internalId() == kLotRow)
        return {};
    return createIndex(int(child.internalId()) - 1, 0, kLotRow);
}

int ParkingModel::rowCount(const QModelIndex &parentIndex) const
{
    if (!parentIndex.isValid())
        return int(m_lots.size());
    if (parentIndex.internalId() != kLotRow || parentIndex.column() != 0 ||
        parentIndex.row() >= m_lots.size())
        return 0;
    return int(m_lots[parentIndex.row()].slots.size());
}

int ParkingModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

QVariant ParkingModel::data(const QModelIndex &index, int role) const
{
    const Lot *lot = lotAt(index);
    if (!lot)
        return {};
    const bool greyed = lot->stale;
    if (role == Qt::ForegroundRole && greyed)
        return QGuiApplication::palette().brush(QPalette::Disabled, QPalette::Text);
    const Slot *slot = slotAt(index);
    if (role == Qt::DecorationRole) {
        // The server's colour: a swatch beside its name, and with several servers a bar on
        // every row, so two switches' lots of the same name are told apart.
        if (!slot && index.column() == ChannelColumn)
            return lot->colour;
        if (index.column() == SlotColumn && m_hub && m_hub->servers().size() > 1)
            return serverBar(lot->colour);
        return {};
    }
    if (!slot) {
        if (role != Qt::DisplayRole && role != Qt::ToolTipRole)
            return {};
        switch (index.column()) {
        case SlotColumn:
            return lot->name;
        case CallerColumn:
            return lot->slots.isEmpty() ? tr("empty") : tr("%n parked", nullptr, int(lot->slots.size()));
        case ParkedForColumn:
            return greyed ? staleText(*lot) : QString();
        case ChannelColumn:
            return lot->serverName;
        }
        return {};
    }
    if (role == Qt::UserRole)
        return slot->uuid;
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole)
        return {};
    switch (index.column()) {
    case SlotColumn:
        return slot->extension;
    case CallerColumn:
        // Last known only while stale: a retrieval then in progress is not shown as happening.
        return slot->retrieving && !greyed ? tr("%1 — being retrieved").arg(slot->caller)
                                           : slot->caller;
    case ParkedForColumn:
        if (greyed && role == Qt::ToolTipRole)
            return tr("Parked for %1 when the link to %2 went down; unknown since %3")
                .arg(parkedFor(*lot, *slot), lot->serverName,
                     QDateTime::fromMSecsSinceEpoch(lot->staleSinceMs).toString(QStringLiteral("HH:mm:ss")));
        if (greyed)
            return staleText(*lot) + QStringLiteral(" · ") + parkedFor(*lot, *slot);
        if (role == Qt::ToolTipRole && slot->sinceListing)
            return tr("Parked for at least %1: it was parked before Switchboard listed the lot")
                .arg(duration(m_nowMs - slot->parkedSinceMs));
        return parkedFor(*lot, *slot);
    case ChannelColumn:
        if (role == Qt::ToolTipRole)
            return tr("%1 on %2").arg(slot->uuid, lot->serverName);
        return slot->uuid;
    }
    return {};
}

QVariant ParkingModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case SlotColumn:
        return tr("Lot / slot");
    case CallerColumn:
        return tr("Caller");
    case ParkedForColumn:
        return tr("Parked for");
    case ChannelColumn:
        return tr("Channel / server");
    }
    return {};
}

} // namespace Ui
