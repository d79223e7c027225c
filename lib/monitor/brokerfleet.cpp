#include "brokerfleet.h"

#include "amqpswitchlink.h"
#include "brokerconnection.h"
#include "hub.h"

#include <algorithm>

namespace Monitor {

BrokerFleet::BrokerFleet(Hub *hub, BrokerConnection *connection, BrokerFleetSettings settings,
                         QObject *parent)
    : QObject(parent), m_hub(hub), m_connection(connection), m_settings(settings)
{
    connect(connection, &BrokerConnection::switchDiscovered, this, &BrokerFleet::add);
    connect(hub, &Hub::serverRemoved, this, [this](ServerId id) {
        for (auto it = m_servers.begin(); it != m_servers.end(); ++it) {
            if (*it == id) {
                m_servers.erase(it);
                return;
            }
        }
    });
    for (const QString &hostname : connection->hostnames())
        add(hostname);
}

BrokerFleet::~BrokerFleet() = default;

QString BrokerFleet::colourFor(const QString &hostname)
{
    // Distinct at a glance on light and dark rows; qHash is seeded per run, so FNV-1a instead.
    static const char *const palette[] = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728",
                                          "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
                                          "#bcbd22", "#17becf", "#3366cc", "#dc3912"};
    quint32 hash = 2166136261u;
    for (const char c : hostname.toUtf8()) {
        hash ^= quint8(c);
        hash *= 16777619u;
    }
    return QString::fromLatin1(palette[hash % std::size(palette)]);
}

void BrokerFleet::add(const QString &hostname)
{
    if (!m_connection || m_servers.contains(hostname) || m_connection->isHidden(hostname))
        return;
    AmqpSwitchLink *amqpLink = m_connection->link(hostname);
    std::unique_ptr<SwitchLink> link = m_connection->takeLink(hostname);
    if (!link)
        return; // owned elsewhere already
    amqpLink->setLogLevel(m_settings.logLevel);
    ServerProfile profile;
    profile.name = hostname;
    profile.colour = m_settings.colour ? m_settings.colour(hostname) : colourFor(hostname);
    profile.logLevel = m_settings.logLevel;
    profile.reconcileIntervalMs = m_settings.reconcileIntervalMs;
    profile.endedRetentionMs = m_settings.endedRetentionMs;
    ServerMonitor *server = m_hub->addServer(profile, std::move(link));
    m_servers.insert(hostname, server->id());
    server->start();
    Q_EMIT serverAdded(hostname, server);
}

ServerMonitor *BrokerFleet::server(const QString &hostname) const
{
    const auto found = m_servers.constFind(hostname);
    return found == m_servers.cend() ? nullptr : m_hub->server(*found);
}

QStringList BrokerFleet::hostnames() const
{
    QStringList names = m_servers.keys();
    std::sort(names.begin(), names.end());
    return names;
}

void BrokerFleet::hide(const QString &hostname)
{
    if (m_connection) {
        m_connection->hideSwitch(hostname);
        m_connection->forgetSwitch(hostname);
    }
    const auto found = m_servers.constFind(hostname);
    if (found != m_servers.cend()) {
        const ServerId id = *found;
        m_servers.erase(found);
        m_hub->removeServer(id);
    }
    Q_EMIT serverHidden(hostname);
}

void BrokerFleet::show(const QString &hostname)
{
    if (m_connection)
        m_connection->showSwitch(hostname);
}

} // namespace Monitor
