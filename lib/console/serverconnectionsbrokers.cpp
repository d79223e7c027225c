// ServerConnections and RabbitMQ (mod_amqp) profiles: one BrokerConnection and BrokerFleet per
// connected profile, its status for the window (the connection's), Connect / Disconnect /
// Reconnect now on the connection, and hiding one of its switches.

#include "console/serverconnections.h"

#include "console/brokerprofile.h"

#include "monitor/amqpswitchlink.h"

#include <algorithm>

namespace Console {

using Monitor::LinkState;

ServerConnections::Broker *ServerConnections::brokerOf(const QString &profileId) const
{
    const auto it = m_brokers.find(profileId);
    return it == m_brokers.end() ? nullptr : it->second.get();
}

QString ServerConnections::brokerOfServer(Monitor::ServerId id) const
{
    if (id == 0)
        return {};
    for (const auto &[profileId, broker] : m_brokers) {
        for (const QString &hostname : broker->fleet->hostnames()) {
            if (const Monitor::ServerMonitor *server = broker->fleet->server(hostname);
                server && server->id() == id)
                return profileId;
        }
    }
    return {};
}

bool ServerConnections::startBroker(const Profile &profile, const QString &password)
{
    Profile wanted = profile;
    wanted.password = password;
    if (Broker *broker = brokerOf(profile.id)) {
        if (broker->profile.broker == wanted.broker && broker->profile.password == password &&
            broker->profile.logLevel == wanted.logLevel) {
            if (broker->stopped) {
                broker->stopped = false;
                broker->connection->start();
            } else if (const Amqp::State s = broker->connection->state();
                       s == Amqp::State::Reconnecting || s == Amqp::State::Failed) {
                broker->connection->reconnectNow();
            }
            Q_EMIT statusChanged();
            return true;
        }
        dropBroker(profile.id);
    }
    auto broker = std::make_unique<Broker>();
    broker->profile = wanted;
    Monitor::BrokerOptions options = toBrokerOptions(wanted);
    if (m_reconnectMinMs >= 0)
        options.reconnectFirstMs = m_reconnectMinMs;
    if (m_reconnectMaxMs >= 0)
        options.reconnectMaxMs = m_reconnectMaxMs;
    broker->connection = std::make_unique<Monitor::BrokerConnection>(options);
    Monitor::BrokerFleetSettings settings;
    settings.logLevel = wanted.logLevel;
    // A colour nobody has: the fleet's own (a hash of the hostname) lets a few switches share one.
    settings.colour = [this](const QString &) {
        return unusedColour(coloursTaken()).name(QColor::HexRgb);
    };
    broker->fleet =
        std::make_unique<Monitor::BrokerFleet>(m_hub, broker->connection.get(), settings);
    const QString id = profile.id;
    connect(broker->connection.get(), &Monitor::BrokerConnection::stateChanged, this,
            [this, id](Amqp::State state) { onBrokerState(id, state); });
    connect(broker->connection.get(), &Monitor::BrokerConnection::ready, this,
            &ServerConnections::statusChanged);
    Monitor::BrokerConnection *connection = broker->connection.get();
    m_brokers[id] = std::move(broker);
    connection->start();
    Q_EMIT entriesChanged();
    Q_EMIT statusChanged();
    return true;
}

void ServerConnections::dropBroker(const QString &profileId)
{
    const auto it = m_brokers.find(profileId);
    if (it == m_brokers.end())
        return;
    std::unique_ptr<Broker> broker = std::move(it->second);
    m_brokers.erase(it);
    for (const QString &hostname : broker->fleet->hostnames()) {
        if (const Monitor::ServerMonitor *server = broker->fleet->server(hostname))
            m_hub->removeServer(server->id());
    }
    broker->fleet.reset();
    broker->connection.reset();
    Q_EMIT entriesChanged();
    Q_EMIT statusChanged();
}

void ServerConnections::applyBrokerEdit(const Profile &profile)
{
    const Broker *broker = brokerOf(profile.id);
    if (!broker)
        return;
    const QString password =
        profile.password.isEmpty() ? m_sessionPasswords.value(profile.id) : profile.password;
    if (broker->profile.broker == profile.broker && broker->profile.password == password &&
        broker->profile.logLevel == profile.logLevel)
        return; // renamed or recoloured: the entry says so, the switches keep theirs
    if (broker->stopped || password.isEmpty())
        dropBroker(profile.id);
    else
        startBroker(profile, password);
}

void ServerConnections::onBrokerState(const QString &profileId, Amqp::State state)
{
    Broker *broker = brokerOf(profileId);
    if (!broker)
        return;
    const qint64 now = Monitor::ServerMonitor::now();
    switch (state) {
    case Amqp::State::Live:
        broker->downSince = 0;
        broker->leftLiveAt = 0;
        break;
    case Amqp::State::Disconnected:
        if (broker->stopped) {
            broker->downSince = 0;
            broker->leftLiveAt = 0;
        }
        break;
    case Amqp::State::Reconnecting:
    case Amqp::State::Failed:
        if (broker->downSince == 0)
            broker->downSince = now;
        break;
    case Amqp::State::Connecting:
        break;
    }
    Q_EMIT statusChanged();
}

ServerStatus ServerConnections::brokerStatus(const QString &profileId) const
{
    const Broker *broker = brokerOf(profileId);
    if (!broker)
        return ServerStatus::NotConnected;
    if (broker->stopped)
        return ServerStatus::Disconnected;
    switch (broker->connection->state()) {
    case Amqp::State::Failed:
        return ServerStatus::Failed;
    case Amqp::State::Reconnecting:
        return ServerStatus::Down;
    case Amqp::State::Live:
        if (broker->connection->isReady())
            return ServerStatus::Live;
        break;
    case Amqp::State::Connecting:
    case Amqp::State::Disconnected:
        break;
    }
    return broker->downSince != 0 ? ServerStatus::Down : ServerStatus::Connecting;
}

QString ServerConnections::brokerProblem(const ServerEntry &entry) const
{
    const Broker *broker = brokerOf(entry.profileId);
    if (!broker)
        return m_problems.value(entry.profileId);
    const ServerStatus s = brokerStatus(entry.profileId);
    if (s != ServerStatus::Down && s != ServerStatus::Failed)
        return {};
    const QString error = broker->connection->lastError();
    if (s != ServerStatus::Failed || !m_profiles)
        return error;
    // Refused: the user or the password (or the vhost's permissions). Say which password went.
    const auto p = m_profiles->profile(entry.profileId);
    if (!p)
        return error;
    if (!p->password.isEmpty())
        return tr("%1. The password saved in the profile was sent.").arg(error);
    return tr("%1. The password typed at connect was sent. %2").arg(error, whyNoPassword(*p));
}

void ServerConnections::disconnectBroker(const QString &profileId)
{
    Broker *broker = brokerOf(profileId);
    if (!broker)
        return;
    broker->stopped = true;
    broker->downSince = 0;
    broker->leftLiveAt = 0;
    broker->connection->stop();
}

bool ServerConnections::reconnectBroker(const QString &profileId)
{
    Broker *broker = brokerOf(profileId);
    if (!broker)
        return connectProfile(profileId);
    const Amqp::State state = broker->connection->state();
    // A login refused with the password typed at connect: ask again rather than resend it.
    if (state == Amqp::State::Failed) {
        m_sessionPasswords.remove(profileId);
        return connectProfile(profileId);
    }
    if (!broker->stopped && state == Amqp::State::Live) {
        // Drop and connect again: every switch is re-synced when it publishes again.
        broker->connection->stop();
        broker->connection->start();
        Q_EMIT statusChanged();
        return true;
    }
    return connectProfile(profileId);
}

QList<ServerEntry> ServerConnections::switchesOf(const ServerEntry &entry) const
{
    QList<ServerEntry> out;
    const Broker *broker = brokerOf(entry.broker ? entry.profileId : entry.brokerProfileId);
    if (!broker)
        return out;
    for (const QString &hostname : broker->fleet->hostnames()) {
        if (const Monitor::ServerMonitor *server = broker->fleet->server(hostname))
            out.append(entryOfServer(server->id()));
    }
    return out;
}

QStringList ServerConnections::hiddenSwitchesOf(const ServerEntry &entry) const
{
    const Broker *broker = brokerOf(entry.broker ? entry.profileId : entry.brokerProfileId);
    return broker ? broker->hidden : QStringList();
}

Monitor::BrokerConnection *ServerConnections::brokerConnection(const ServerEntry &entry) const
{
    const Broker *broker = brokerOf(entry.broker ? entry.profileId : entry.brokerProfileId);
    return broker ? broker->connection.get() : nullptr;
}

void ServerConnections::hideSwitch(const ServerEntry &switchEntry)
{
    Broker *broker = brokerOf(switchEntry.brokerProfileId);
    const Monitor::ServerMonitor *server = m_hub->server(switchEntry.server);
    if (!broker || !server)
        return;
    const QString hostname = server->name();
    if (!broker->hidden.contains(hostname)) {
        broker->hidden.append(hostname);
        std::sort(broker->hidden.begin(), broker->hidden.end());
    }
    broker->fleet->hide(hostname); // removes the server: entriesChanged follows
    Q_EMIT statusChanged();
}

void ServerConnections::showSwitch(const ServerEntry &entry, const QString &hostname)
{
    Broker *broker = brokerOf(entry.broker ? entry.profileId : entry.brokerProfileId);
    if (!broker || !broker->hidden.removeOne(hostname))
        return;
    broker->fleet->show(hostname); // back with its next message
    Q_EMIT entriesChanged();
    Q_EMIT statusChanged();
}

} // namespace Console
