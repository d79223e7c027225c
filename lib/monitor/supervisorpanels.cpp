#include "supervisorpanels.h"

#include "callcenterstore.h"
#include "conferencestore.h"
#include "gatewaystore.h"
#include "parkingstore.h"
#include "registrationstore.h"

namespace Monitor {

SupervisorPanels::SupervisorPanels(QObject *parent)
    : QObject(parent), m_conferences(new ConferenceStore(this)),
      m_callCenter(new CallCenterStore(this)), m_registrations(new RegistrationStore(this)),
      m_gateways(new GatewayStore(this)), m_parking(new ParkingStore(this)),
      m_stores{m_conferences, m_callCenter, m_registrations, m_gateways, m_parking}
{
    for (PanelStore *s : std::as_const(m_stores)) {
        for (const QByteArray &subclass : s->subclasses())
            m_bySubclass[subclass].append(s);
        for (const QByteArray &name : s->eventNames())
            m_byName[name].append(s);
    }
}

SupervisorPanels::~SupervisorPanels() = default;

PanelStore *SupervisorPanels::store(QStringView kind) const
{
    for (PanelStore *s : m_stores) {
        if (s->kind() == kind)
            return s;
    }
    return nullptr;
}

QStringList SupervisorPanels::kinds()
{
    return {QStringLiteral("conferences"), QStringLiteral("queues"),
            QStringLiteral("registrations"), QStringLiteral("gateways"),
            QStringLiteral("parking")};
}

void SupervisorPanels::sync(const PanelStore::Api &api, qint64 nowMs)
{
    for (PanelStore *s : std::as_const(m_stores))
        s->sync(api, nowMs);
}

void SupervisorPanels::onEvent(const Esl::Event &event, qint64 nowMs)
{
    const QByteArrayView name = event.eventName();
    if (name == "CUSTOM") {
        const auto it = m_bySubclass.constFind(event.subclass().toByteArray());
        if (it != m_bySubclass.cend()) {
            for (PanelStore *s : *it)
                s->apply(event, nowMs);
        }
        return;
    }
    if (m_byName.isEmpty())
        return;
    const auto it = m_byName.constFind(name.toByteArray());
    if (it != m_byName.cend()) {
        for (PanelStore *s : *it)
            s->apply(event, nowMs);
    }
}

void SupervisorPanels::markStale(qint64 sinceMs)
{
    for (PanelStore *s : std::as_const(m_stores))
        s->markStale(sinceMs);
}

void SupervisorPanels::clear()
{
    for (PanelStore *s : std::as_const(m_stores))
        s->clear();
}

} // namespace Monitor
