#pragma once
// The Parking panel's tree: one row per lot of every server (its name, the server, how many are
// parked), and under it one row per parked call (slot, caller, parked for, the channel). Built
// from each server's Monitor::ParkingStore; refresh() diffs what the stores say now against the
// rows shown, removing, inserting and changing rows one by one, so the rows an operator looks
// at stay where they are and the selection keeps its call. Rows are in the store's order (lots
// by name, slots by number), which an event never reshuffles.
//
// A server whose link is down keeps its rows greyed as last known, their clocks stopped when it
// went down ("unknown since 05:37:33 · 0:52"), and its calls are not counted as parked now. With
// several servers every row carries its server's colour.

#include "monitor/eventstore.h"

#include <QAbstractItemModel>
#include <QColor>
#include <QDateTime>
#include <QList>
#include <QPixmap>

namespace Monitor {
class Hub;
}

namespace Ui {

class ParkingModel : public QAbstractItemModel
{
    Q_OBJECT

public:
    enum Column { SlotColumn, CallerColumn, ParkedForColumn, ChannelColumn, ColumnCount };

    struct Slot
    {
        QString extension;
        QString uuid;
        QString caller; // "Name (number)", each part isolated (Monitor::isolated)
        qint64 parkedSinceMs = 0;
        bool sinceListing = false;
        bool retrieving = false;
    };
    struct Lot
    {
        Monitor::ServerId server = 0;
        QString serverName;
        QString name;
        QColor colour; // the server's
        bool stale = false;
        qint64 staleSinceMs = 0;
        QList<Slot> slots;
    };

    explicit ParkingModel(Monitor::Hub *hub, QObject *parent = nullptr);

    // Reads every server's store again and applies the differences.
    void refresh();
    // Parked-for counts up: the column changes every second.
    void tick(qint64 nowMs);

    [[nodiscard]] const QList<Lot> &lots() const { return m_lots; }
    // The lot of a lot row, or of a slot row's parent; null for an invalid index.
    [[nodiscard]] const Lot *lotAt(const QModelIndex &index) const;
    // The slot of a slot row; null for a lot row.
    [[nodiscard]] const Slot *slotAt(const QModelIndex &index) const;
    [[nodiscard]] QModelIndex indexOfSlot(Monitor::ServerId server, const QString &lot,
                                          const QString &extension) const;
    [[nodiscard]] QModelIndex indexOfLot(Monitor::ServerId server, const QString &lot) const;
    [[nodiscard]] QModelIndex indexOfCall(Monitor::ServerId server, const QString &uuid) const;
    [[nodiscard]] int parkedCount() const;
    // The calls parked on servers whose link is up: what the tab's title counts.
    [[nodiscard]] int liveParkedCount() const;
    // "1:05", "12:00:03": how long, counting up; "≥ 1:05" when only a listing saw it park.
    [[nodiscard]] static QString duration(qint64 ms);
    // "Name (number)", each part isolated (Monitor::isolated): an Arabic name beside its number
    // must not reorder it, nor the text around it.
    [[nodiscard]] static QString callerText(const QString &name, const QString &number);
    // How long a slot's call has been parked, as the Parked for column says it: counting up to
    // now, or stopped when its server's link went down; "≥ " first when only a listing saw it.
    [[nodiscard]] QString parkedFor(const Lot &lot, const Slot &slot) const;

    [[nodiscard]] QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    [[nodiscard]] QModelIndex parent(const QModelIndex &child) const override;
    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] int columnCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role) const override;
    [[nodiscard]] QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    [[nodiscard]] QList<Lot> fromStores() const;
    void applyLot(int row, const Lot &now);
    [[nodiscard]] QPixmap serverBar(const QColor &colour) const;
    [[nodiscard]] QString staleText(const Lot &lot) const;

    Monitor::Hub *m_hub;
    QList<Lot> m_lots;
    qint64 m_nowMs = QDateTime::currentMSecsSinceEpoch();
};

} // namespace Ui
