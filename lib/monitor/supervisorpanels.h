#pragma once
// The supervisor panels' stores of one server (ServerMonitor owns it): conferences
// (mod_conference), call-center queues and agents (mod_callcenter), registrations and gateways
// (mod_sofia), parking lots (mod_valet_parking). It routes the events they follow to them and
// syncs them from the listing commands when the ServerMonitor re-syncs; between syncs they
// follow events only (see PanelStore).
//
// Cost per event for the rest: one header compare (Event-Name), and for CUSTOM events one hash
// lookup of the subclass.

#include "panelstore.h"

#include <QHash>
#include <QObject>

namespace Monitor {

class CallCenterStore;
class ConferenceStore;
class GatewayStore;
class ParkingStore;
class RegistrationStore;

class SupervisorPanels : public QObject
{
    Q_OBJECT

public:
    explicit SupervisorPanels(QObject *parent = nullptr);
    ~SupervisorPanels() override;

    [[nodiscard]] ConferenceStore *conferences() const { return m_conferences; }
    [[nodiscard]] CallCenterStore *callCenter() const { return m_callCenter; }
    [[nodiscard]] RegistrationStore *registrations() const { return m_registrations; }
    [[nodiscard]] GatewayStore *gateways() const { return m_gateways; }
    [[nodiscard]] ParkingStore *parking() const { return m_parking; }
    [[nodiscard]] const QList<PanelStore *> &stores() const { return m_stores; }
    // By PanelStore::kind() ("conferences", "queues", "registrations", "gateways", "parking").
    [[nodiscard]] PanelStore *store(QStringView kind) const;
    [[nodiscard]] static QStringList kinds();

    // Syncs every store through `api`.
    void sync(const PanelStore::Api &api, qint64 nowMs);
    // Hands the event to the stores that follow it.
    void onEvent(const Esl::Event &event, qint64 nowMs);
    void markStale(qint64 sinceMs);
    void clear();

private:
    ConferenceStore *m_conferences;
    CallCenterStore *m_callCenter;
    RegistrationStore *m_registrations;
    GatewayStore *m_gateways;
    ParkingStore *m_parking;
    QList<PanelStore *> m_stores;
    QHash<QByteArray, QList<PanelStore *>> m_bySubclass;
    QHash<QByteArray, QList<PanelStore *>> m_byName;
};

} // namespace Monitor
