#pragma once
// What the broker-link tests share: a simulated fleet on the test's RabbitMQ, and a console
// (a Hub fed by a BrokerConnection through a BrokerFleet) watching it, with the checks that say
// a console shows exactly what the switches have.

#include "monitor/amqpswitchlink.h"
#include "monitor/brokerconnection.h"
#include "monitor/brokerfleet.h"
#include "monitor/hub.h"

#include "sim/amqpfleet.h"
#include "sim/simswitch.h"

#include "support/rabbitbroker.h"

#include <QSet>
#include <QSignalSpy>
#include <QTest>

#include <memory>

namespace TestSupport {

inline Amqp::ConnectionOptions brokerOptions(const RabbitBroker &broker)
{
    QString error;
    Amqp::ConnectionOptions options = Amqp::ConnectionOptions::fromUrl(broker.url(), &error);
    if (!error.isEmpty())
        qFatal("bad broker url %s: %s", qPrintable(broker.url()), qPrintable(error));
    return options;
}

// A fleet with calls up when it starts (found only by a sync), HEARTBEATs twice a second and no
// traffic unless asked; reconnecting quickly after a broker restart.
inline std::unique_ptr<Sim::AmqpFleet> startFleet(const RabbitBroker &broker, int switches,
                                                  int initialCalls = 3, bool logs = false)
{
    Sim::FleetConfig config;
    config.switches = switches;
    config.switchConfig.initialCalls = initialCalls;
    config.switchConfig.heartbeatIntervalMs = 500;
    config.publishLogs = logs;
    auto fleet = std::make_unique<Sim::AmqpFleet>(brokerOptions(broker), config);
    fleet->client()->setReconnectBackoff(200, 1000);
    QSignalSpy ready(fleet.get(), &Sim::AmqpFleet::ready);
    fleet->start();
    if (!ready.wait(20000))
        qWarning("the simulated fleet did not get ready: %s",
                 qPrintable(fleet->client()->lastError()));
    return fleet;
}

struct Console
{
    explicit Console(const RabbitBroker &broker, Monitor::BrokerOptions options = {})
    {
        options.connection = brokerOptions(broker);
        options.reconnectFirstMs = 200;
        options.reconnectMaxMs = 1000;
        connection = std::make_unique<Monitor::BrokerConnection>(options);
        fleet = std::make_unique<Monitor::BrokerFleet>(&hub, connection.get());
        connection->start();
    }
    ~Console()
    {
        fleet.reset();
        connection.reset();
    }

    [[nodiscard]] Monitor::ServerMonitor *server(const QString &hostname) const
    {
        return fleet->server(hostname);
    }

    Monitor::Hub hub;
    std::unique_ptr<Monitor::BrokerConnection> connection;
    std::unique_ptr<Monitor::BrokerFleet> fleet;
};

inline QSet<QString> liveChannels(const Monitor::ServerMonitor *server)
{
    QSet<QString> uuids;
    if (!server)
        return uuids;
    for (const Monitor::Channel *c : server->channels()->channels()) {
        if (!c->ended)
            uuids.insert(c->uuid);
    }
    return uuids;
}

inline QSet<QString> simChannels(const Sim::Switch *sw)
{
    const QStringList uuids = sw->channelUuids();
    return QSet<QString>(uuids.cbegin(), uuids.cend());
}

// The console shows every switch of the fleet, in step, with exactly its channels.
inline bool showsEveryChannel(const Console &console, const Sim::AmqpFleet &fleet)
{
    for (int i = 0; i < fleet.switchCount(); ++i) {
        const Monitor::ServerMonitor *server = console.server(fleet.hostname(i));
        if (!server || server->isOutOfStep() || !server->link()->isLive() ||
            liveChannels(server) != simChannels(fleet.switchAt(i)))
            return false;
    }
    return true;
}

// What is missing, for a failure message.
inline QString whatIsMissing(const Console &console, const Sim::AmqpFleet &fleet)
{
    QStringList out;
    for (int i = 0; i < fleet.switchCount(); ++i) {
        const Monitor::ServerMonitor *server = console.server(fleet.hostname(i));
        if (!server) {
            out << fleet.hostname(i) + QStringLiteral(": no server");
            continue;
        }
        out << QStringLiteral("%1: %2, %3, %4 of %5 channels")
                   .arg(fleet.hostname(i),
                        Monitor::SwitchLink::stateName(server->link()->state()),
                        server->isOutOfStep() ? QStringLiteral("out of step")
                                              : QStringLiteral("in step"))
                   .arg(liveChannels(server).size())
                   .arg(fleet.switchAt(i)->channelCount());
    }
    return out.join(u'\n');
}

} // namespace TestSupport
