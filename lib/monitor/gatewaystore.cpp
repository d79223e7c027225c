#include "gatewaystore.h"

namespace Monitor {

GatewayStore::GatewayStore(QObject *parent) : PanelStore(parent) {}

GatewayStore::~GatewayStore() = default;

QList<QJsonObject> GatewayStore::rows(qint64) const
{
    return {};
}

int GatewayStore::rowCount() const
{
    return 0;
}

void GatewayStore::startSync(qint64 nowMs)
{
    finishSync(nowMs);
}

bool GatewayStore::applyEvent(const Esl::Event &, qint64)
{
    return false;
}

void GatewayStore::clearState() {}

} // namespace Monitor
