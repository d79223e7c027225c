#include "conferencestore.h"

namespace Monitor {

ConferenceStore::ConferenceStore(QObject *parent) : PanelStore(parent) {}

ConferenceStore::~ConferenceStore() = default;

QList<QJsonObject> ConferenceStore::rows(qint64) const
{
    return {};
}

int ConferenceStore::rowCount() const
{
    return 0;
}

void ConferenceStore::startSync(qint64 nowMs)
{
    finishSync(nowMs);
}

bool ConferenceStore::applyEvent(const Esl::Event &, qint64)
{
    return false;
}

void ConferenceStore::clearState() {}

} // namespace Monitor
