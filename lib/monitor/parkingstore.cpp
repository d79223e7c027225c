#include "parkingstore.h"

namespace Monitor {

ParkingStore::ParkingStore(QObject *parent) : PanelStore(parent) {}

ParkingStore::~ParkingStore() = default;

QList<QJsonObject> ParkingStore::rows(qint64) const
{
    return {};
}

int ParkingStore::rowCount() const
{
    return 0;
}

void ParkingStore::startSync(qint64 nowMs)
{
    finishSync(nowMs);
}

bool ParkingStore::applyEvent(const Esl::Event &, qint64)
{
    return false;
}

void ParkingStore::clearState() {}

} // namespace Monitor
