// eslcat alerts: the loop. A Hub as the window has one (its AlertEngine watches every server the
// hub gets), fed by one Event Socket or by a broker's fleet; once every server is in step and
// the stores the rules read (gateways, queues) have answered, either the active alerts are
// printed once, or every transition is printed as it happens.

#include "alerts.h"

#include "connection.h"
#include "stopsignals.h"

#include "monitor/brokerfleet.h"
#include "monitor/hub.h"
#include "monitor/panelstore.h"
#include "monitor/supervisorpanels.h"

#include <QEventLoop>
#include <QHash>
#include <QMap>
#include <QTimer>

#include <memory>

namespace Eslcat {

namespace {

// The log level asked of the switch: none unless a custom rule may be about log lines (the
// window's default level then, so that a rule sees what it would see in the window).
int logLevelFor(const QList<Monitor::AlertRule> &rules)
{
    for (const Monitor::AlertRule &rule : rules) {
        if (rule.enabled && !rule.isBuiltIn())
            return 6;
    }
    return -1;
}

// In step, and the panels the state rules read have answered (or found their module missing).
bool readyForRules(const Monitor::ServerMonitor &server)
{
    if (server.isOutOfStep())
        return false;
    for (const QStringView kind : {QStringView(u"gateways"), QStringView(u"queues")}) {
        if (const Monitor::PanelStore *store = server.panels()->store(kind)) {
            const Monitor::PanelSyncState state = store->syncState();
            if (state == Monitor::PanelSyncState::NotSynced ||
                state == Monitor::PanelSyncState::Syncing)
                return false;
        }
    }
    return true;
}

void write(FILE *out, const QByteArray &line)
{
    std::fwrite(line.constData(), 1, size_t(line.size()), out);
}

} // namespace

int runAlerts(const AlertsOptions &options, FILE *out, FILE *err)
{
    Monitor::Hub hub;
    Monitor::AlertEngine *engine = hub.alerts();
    engine->setRules(options.rules);
    const int logLevel = logLevelFor(options.rules);

    // The servers: one Event Socket, or every switch publishing to the broker.
    std::unique_ptr<Monitor::BrokerConnection> broker;
    std::unique_ptr<Monitor::BrokerFleet> fleet;
    Monitor::ServerMonitor *single = nullptr;
    if (options.amqp) {
        Monitor::BrokerOptions brokerSettings = brokerOptions(*options.amqp);
        brokerSettings.logLines = logLevel >= 0;
        broker = std::make_unique<Monitor::BrokerConnection>(brokerSettings);
        Monitor::BrokerFleetSettings settings;
        settings.logLevel = logLevel;
        fleet = std::make_unique<Monitor::BrokerFleet>(&hub, broker.get(), settings);
    } else {
        Monitor::ServerProfile profile;
        profile.name =
            QStringLiteral("%1:%2").arg(options.connection.host).arg(options.connection.port);
        profile.connection = options.connection;
        profile.connection.autoReconnect = options.watch;
        profile.logLevel = logLevel;
        single = hub.addServer(profile);
    }

    QEventLoop loop;
    int status = ExitSuccess;
    bool done = false;
    const auto finish = [&](int exitStatus, const QString &why = {}) {
        if (done)
            return;
        done = true;
        status = exitStatus;
        if (!why.isEmpty())
            printError(err, why);
        loop.exit();
    };

    // --watch: every transition as it happens; "changed" held a moment per alert, so that a
    // storm (a count going up at every matching event) is one line a second.
    // A "changed" line only when something a person reads moved (Monitor::alertIsNews): the
    // last line printed of each alert not cleared (at most the engine's bound) is kept to tell.
    QMap<quint64, Monitor::Alert> held;
    QHash<quint64, Monitor::Alert> printed;
    QTimer flushHeld;
    flushHeld.setSingleShot(true);
    flushHeld.setInterval(options.changedHoldMs);
    const auto print = [&](const char *event, const Monitor::Alert &alert) {
        write(out, alertLine(QString::fromLatin1(event), alert, hub.store()));
        std::fflush(out);
    };
    const auto printChanged = [&](const Monitor::Alert &alert) {
        const auto last = printed.constFind(alert.id);
        if (last != printed.cend() && !Monitor::alertIsNews(*last, alert))
            return;
        printed.insert(alert.id, alert);
        write(out, alertLine(QStringLiteral("changed"), alert, hub.store()));
    };
    if (options.watch) {
        QObject::connect(&flushHeld, &QTimer::timeout, &loop, [&] {
            const QMap<quint64, Monitor::Alert> lines = std::exchange(held, {});
            for (const Monitor::Alert &alert : lines)
                printChanged(alert);
            std::fflush(out);
        });
        QObject::connect(engine, &Monitor::AlertEngine::alertRaised, &loop,
                         [&](const Monitor::Alert &alert) {
                             held.remove(alert.id);
                             printed.insert(alert.id, alert);
                             print("fired", alert);
                         });
        QObject::connect(engine, &Monitor::AlertEngine::alertChanged, &loop,
                         [&](const Monitor::Alert &alert) {
                             held.insert(alert.id, alert);
                             if (!flushHeld.isActive())
                                 flushHeld.start();
                         });
        QObject::connect(engine, &Monitor::AlertEngine::alertCleared, &loop,
                         [&](const Monitor::Alert &alert) {
                             held.remove(alert.id); // the cleared line has the latest figures
                             printed.remove(alert.id);
                             print("cleared", alert);
                         });
    }

    // Once: after every server is ready, the state rules are evaluated once and what is active
    // is printed.
    bool listened = !options.amqp; // a broker's switches: after listening for them
    const auto allReady = [&] {
        const QList<Monitor::ServerMonitor *> servers = hub.servers();
        if (servers.isEmpty())
            return false;
        for (const Monitor::ServerMonitor *server : servers) {
            if (!readyForRules(*server))
                return false;
        }
        return true;
    };
    const auto printActive = [&] {
        engine->tick(engine->now());
        for (const Monitor::Alert &alert : engine->alerts()) {
            if (alert.isActive())
                write(out, alertLine(QStringLiteral("active"), alert, hub.store()));
        }
        std::fflush(out);
    };
    const std::function<void()> checkReady = [&] {
        if (options.watch || done || !listened || !allReady())
            return;
        printActive();
        finish(ExitSuccess);
    };
    const auto watchServer = [&](Monitor::ServerMonitor *server) {
        QObject::connect(server, &Monitor::ServerMonitor::outOfStepChanged, &loop, checkReady);
        for (const QStringView kind : {QStringView(u"gateways"), QStringView(u"queues")}) {
            if (Monitor::PanelStore *store = server->panels()->store(kind))
                QObject::connect(store, &Monitor::PanelStore::syncStateChanged, &loop,
                                 checkReady);
        }
    };

    QTimer listening; // a broker: how long to listen for switches before the first check
    listening.setSingleShot(true);
    QTimer deadline;
    deadline.setSingleShot(true);
    const auto lateServers = [&] {
        QStringList late;
        for (const Monitor::ServerMonitor *server : hub.servers()) {
            if (!readyForRules(*server))
                late << server->name();
        }
        return late.join(u", ");
    };
    if (single) {
        watchServer(single);
        QObject::connect(single, &Monitor::ServerMonitor::connectionStateChanged, &loop,
                         [&](Monitor::LinkState state) {
                             if (state == Monitor::LinkState::Failed ||
                                 (state == Monitor::LinkState::Disconnected && !options.watch))
                                 finish(ExitNoConnection, failureText(single->link()->lastError()));
                         });
        QObject::connect(&deadline, &QTimer::timeout, &loop, [&] {
            finish(ExitNoConnection,
                   QStringLiteral("%1 did not sync within %2 ms").arg(lateServers()).arg(
                       deadline.interval()));
        });
        if (!options.watch)
            deadline.start(options.connection.connectTimeoutMs * 2 + 10000);
    } else {
        const AmqpOptions &amqp = *options.amqp;
        QObject::connect(fleet.get(), &Monitor::BrokerFleet::serverAdded, &loop,
                         [&](const QString &, Monitor::ServerMonitor *server) {
                             watchServer(server);
                         });
        for (Monitor::ServerMonitor *server : hub.servers())
            watchServer(server); // expected (--switch) ones, added at once
        QObject::connect(broker.get(), &Monitor::BrokerConnection::stateChanged, &loop,
                         [&](Amqp::State state) {
                             if (state == Amqp::State::Failed)
                                 finish(ExitNoConnection, broker->lastError());
                         });
        QObject::connect(&listening, &QTimer::timeout, &loop, [&] {
            listened = true;
            if (hub.servers().isEmpty() && !options.watch) {
                finish(broker->isReady() ? ExitSuccess : ExitNoConnection,
                       broker->isReady() ? QStringLiteral("no switch published to %1 within %2 s")
                                               .arg(broker->describe())
                                               .arg(amqp.waitMs / 1000.0)
                                         : QStringLiteral("could not reach %1: %2")
                                               .arg(broker->describe(), broker->lastError()));
                return;
            }
            checkReady();
        });
        QObject::connect(broker.get(), &Monitor::BrokerConnection::ready, &loop, [&] {
            if (!listening.isActive() && !listened)
                listening.start(amqp.switches.isEmpty() ? amqp.waitMs : 0);
        });
        QObject::connect(&deadline, &QTimer::timeout, &loop, [&] {
            if (!broker->isReady()) {
                finish(ExitNoConnection, QStringLiteral("could not reach %1: %2")
                                             .arg(broker->describe(), broker->lastError()));
                return;
            }
            finish(ExitNoConnection, QStringLiteral("%1 did not sync in time").arg(lateServers()));
        });
        if (!options.watch)
            deadline.start(amqp.connection.connectTimeoutMs + amqp.waitMs +
                           2 * std::max(amqp.timeoutMs, 1000) + 10000);
    }

    StopSignals stopSignals;
    QObject::connect(&stopSignals, &StopSignals::stopRequested, &loop,
                     [&] { finish(ExitSuccess); });
    if (single)
        single->start();
    else
        broker->start();
    if (!done)
        loop.exec();
    // The servers go with the hub: their alerts clearing then is no transition to print.
    QObject::disconnect(engine, nullptr, &loop, nullptr);
    if (options.watch && !held.isEmpty()) {
        for (const Monitor::Alert &alert : std::as_const(held))
            printChanged(alert);
        std::fflush(out);
    }
    if (single)
        single->stop();
    return status;
}

} // namespace Eslcat
