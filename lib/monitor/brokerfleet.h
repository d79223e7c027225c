#pragma once
// The switches of one broker as servers of a Hub: every switch the BrokerConnection discovers
// (or expects) gets a ServerMonitor through Hub::addServer(profile, link), named after its
// hostname, with a colour of its own from a fixed palette (the same hostname, the same colour,
// on every run and every console), started at once. A switch can be hidden: its monitor goes,
// and the connection drops its messages until it is shown again.
//
// The monitors are the Hub's; the fleet only remembers which hostname is which server.

#include "servermonitor.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QStringList>

#include <functional>

namespace Monitor {

class BrokerConnection;
class Hub;

struct BrokerFleetSettings
{
    int logLevel = 6; // log lines at or below this level are kept (-1: none)
    int reconcileIntervalMs = 60000;
    qint64 endedRetentionMs = 10000;
    // The colour of a new switch's server, "#rrggbb"; empty: colourFor(hostname). The window
    // passes one that no other server has, so that a few switches never share one by chance.
    std::function<QString(const QString &hostname)> colour;
};

class BrokerFleet : public QObject
{
    Q_OBJECT

public:
    // Adds a server for every switch `connection` knows already and every one it discovers.
    BrokerFleet(Hub *hub, BrokerConnection *connection, BrokerFleetSettings settings = {},
                QObject *parent = nullptr);
    ~BrokerFleet() override;

    [[nodiscard]] BrokerConnection *connection() const { return m_connection; }
    [[nodiscard]] ServerMonitor *server(const QString &hostname) const;
    // The hostnames shown, sorted.
    [[nodiscard]] QStringList hostnames() const;

    // Removes the switch's server and ignores its messages until show().
    void hide(const QString &hostname);
    // Shows a hidden switch again: it comes back with its next message.
    void show(const QString &hostname);

    // "#rrggbb" from a fixed palette, by a stable hash of the hostname.
    [[nodiscard]] static QString colourFor(const QString &hostname);

Q_SIGNALS:
    void serverAdded(const QString &hostname, Monitor::ServerMonitor *server);
    void serverHidden(const QString &hostname);

private:
    void add(const QString &hostname);

    Hub *m_hub;
    QPointer<BrokerConnection> m_connection;
    BrokerFleetSettings m_settings;
    QHash<QString, ServerId> m_servers; // hostname -> its server in the hub
};

} // namespace Monitor
