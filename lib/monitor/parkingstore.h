#pragma once
// Valet parking lots (mod_valet_parking) of one switch and who is parked in which slot, for the
// Parking panel and `eslcat parking`.
//
// Synced from `valet_info` (every lot the module has seen, empty ones too; see valetinfo.h),
// then it follows valet_parking::info events (mod_valet_parking.c, valet_parking_function):
//   - Action hold: a call entered a slot (the parked channel's data: its caller id);
//   - Action bridge: someone dialled a taken slot; the parked channel (the event's Unique-ID)
//     is about to be bridged to Bridge-To-UUID; it still holds the slot until its exit;
//   - Action exit: the parked channel left its slot: retrieved, transferred, or hung up (the
//     event then carries Hangup-Cause). The slot is free from then on.
// Lots are never removed by the module; only a sync forgets one.
//
// `valet_info` tells no caller and no time: a call first seen in a listing keeps the caller id
// the store learned from its hold event, if any, and is "parked since at least" the listing.
// For a call the store never saw park, the sync asks `uuid_dump <uuid> json` once (bounded).

#include "panelstore.h"

#include <QHash>

namespace Monitor {

struct ParkedCall
{
    QString extension; // the slot: "6001"
    QString uuid;      // the parked channel
    QString callerName;
    QString callerNumber;
    qint64 parkedSinceMs = 0; // when it was parked (ms since the epoch)
    // Only a listing has seen it: it was parked at parkedSinceMs or earlier.
    bool sinceListing = false;
    // Someone dialled its slot (Action bridge): the channel it is being bridged to.
    QString retrievedBy;
};

struct ParkingLot
{
    QString name;
    QList<ParkedCall> slots; // in slot order (numerically where the slots are numbers)
};

class ParkingStore : public PanelStore
{
    Q_OBJECT

public:
    explicit ParkingStore(QObject *parent = nullptr);
    ~ParkingStore() override;

    [[nodiscard]] QString kind() const override { return QStringLiteral("parking"); }
    [[nodiscard]] QString module() const override { return QStringLiteral("mod_valet_parking"); }
    [[nodiscard]] QByteArrayList subclasses() const override { return {"valet_parking::info"}; }
    // One object per lot: {"lot", "parked", "slots": [{"extension", "uuid", "callerName",
    // "callerNumber", "parkedSinceMs", "parkedSeconds", "parkedAtLeastSeconds", "sinceListing",
    // "retrievedBy"}]}. "parkedSeconds" is null for a call only a listing saw (sinceListing):
    // its time is a lower bound, "parkedAtLeastSeconds". While the store is stale both stop at
    // staleSinceMs().
    [[nodiscard]] QList<QJsonObject> rows(qint64 nowMs) const override;
    [[nodiscard]] int rowCount() const override { return int(m_lots.size()); }

    // The lots in name order.
    [[nodiscard]] const QList<ParkingLot> &lots() const { return m_lots; }
    [[nodiscard]] const ParkingLot *lot(const QString &name) const;
    [[nodiscard]] const ParkedCall *slot(const QString &lot, const QString &extension) const;
    // The slot a channel is parked in, and its lot's name; null when it is not parked.
    [[nodiscard]] const ParkedCall *findParked(const QString &uuid, QString *lotName = nullptr) const;
    [[nodiscard]] int parkedCount() const;

    // How slots are ordered: numbers by value, then anything else by text.
    [[nodiscard]] static bool slotBefore(const QString &a, const QString &b);

protected:
    void startSync(qint64 nowMs) override;
    bool applyEvent(const Esl::Event &event, qint64 nowMs) override;
    void clearState() override;

private:
    // At most this many `uuid_dump <uuid> json` a sync sends for callers it does not know.
    static constexpr int kMaxCallerLookups = 200;
    static constexpr int kMaxDumpBytes = 1 << 20;
    void fillCaller(const QString &uuid, const QByteArray &dump);
    ParkingLot &lotNamed(const QString &name);
    ParkedCall *slotIn(ParkingLot &lot, const QString &extension);
    bool applyHold(const Esl::Event &event, const QString &lot, const QString &ext, qint64 nowMs);
    bool applyBridge(const Esl::Event &event, const QString &lot, const QString &ext);
    bool applyExit(const Esl::Event &event, const QString &lot, const QString &ext);

    QList<ParkingLot> m_lots;
};

} // namespace Monitor
