#include "watchonlysetting.h"

#include "monitor/amqpswitchlink.h"
#include "monitor/brokerconnection.h"
#include "monitor/hub.h"
#include "monitor/servermonitor.h"

#include <QCoreApplication>
#include <QSettings>

#include <algorithm>

namespace Console {

bool systemWatchOnly()
{
    // Read afresh each time: an administrator's change applies to the next server connected
    // without restarting, and the file is small.
    const QSettings system(QSettings::SystemScope, QCoreApplication::organizationName(),
                           QCoreApplication::applicationName());
    return system.value(QStringLiteral("watchOnly"), false).toBool();
}

bool isWatchOnly(const Monitor::ServerProfile &profile)
{
    return profile.connection.watchOnly || systemWatchOnly();
}

namespace {

bool saysWatchOnly(const Monitor::ServerMonitor &server)
{
    if (server.profile().connection.watchOnly)
        return true;
    const auto *broker = qobject_cast<const Monitor::AmqpSwitchLink *>(server.link());
    return broker && broker->connection() && broker->connection()->options().watchOnly;
}

} // namespace

bool isWatchOnly(const Monitor::ServerMonitor &server)
{
    return saysWatchOnly(server) || systemWatchOnly();
}

bool isWatchOnly(const Monitor::Hub *hub, Monitor::ServerId server)
{
    if (systemWatchOnly())
        return true;
    const Monitor::ServerMonitor *monitor = hub ? hub->server(server) : nullptr;
    return monitor && saysWatchOnly(*monitor);
}

bool anyWatchOnly(const Monitor::Hub *hub, const QList<Monitor::ServerId> &servers)
{
    if (systemWatchOnly())
        return true;
    return std::any_of(servers.begin(), servers.end(),
                       [&](Monitor::ServerId id) { return isWatchOnly(hub, id); });
}

bool anyServerTakesControl(const Monitor::Hub *hub)
{
    if (systemWatchOnly())
        return false;
    if (!hub || hub->servers().isEmpty())
        return true;
    const QList<Monitor::ServerMonitor *> servers = hub->servers();
    return std::any_of(servers.begin(), servers.end(),
                       [](const Monitor::ServerMonitor *s) { return !saysWatchOnly(*s); });
}

} // namespace Console
