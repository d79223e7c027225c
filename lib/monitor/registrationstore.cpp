#include "registrationstore.h"

namespace Monitor {

RegistrationStore::RegistrationStore(QObject *parent) : PanelStore(parent) {}

RegistrationStore::~RegistrationStore() = default;

QList<QJsonObject> RegistrationStore::rows(qint64) const
{
    return {};
}

int RegistrationStore::rowCount() const
{
    return 0;
}

void RegistrationStore::startSync(qint64 nowMs)
{
    finishSync(nowMs);
}

bool RegistrationStore::applyEvent(const Esl::Event &, qint64)
{
    return false;
}

void RegistrationStore::clearState() {}

} // namespace Monitor
