#include "callcenterstore.h"

namespace Monitor {

CallCenterStore::CallCenterStore(QObject *parent) : PanelStore(parent) {}

CallCenterStore::~CallCenterStore() = default;

QList<QJsonObject> CallCenterStore::rows(qint64) const
{
    return {};
}

int CallCenterStore::rowCount() const
{
    return 0;
}

void CallCenterStore::startSync(qint64 nowMs)
{
    finishSync(nowMs);
}

bool CallCenterStore::applyEvent(const Esl::Event &, qint64)
{
    return false;
}

void CallCenterStore::clearState() {}

} // namespace Monitor
