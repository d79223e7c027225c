// eslcat calls --amqp: every switch's calls through a broker, with the window's own monitor (one
// ServerMonitor per switch, synced over mod_amqp's command exchange) and call table.
#include "amqp.h"

#include "calls.h"
#include "connection.h"
#include "monitorview.h"
#include "stopsignals.h"

#include "monitor/brokerfleet.h"
#include "monitor/calltable.h"
#include "monitor/hub.h"

#include <QDateTime>
#include <QEventLoop>
#include <QTimer>

namespace Eslcat {

namespace {

void printTables(FILE *out, FILE *err, const Monitor::BrokerFleet &fleet,
                 const MonitorView &view, bool notes)
{
    for (const QString &hostname : fleet.hostnames()) {
        if (const Monitor::ServerMonitor *server = fleet.server(hostname)) {
            view.write(out, hostname, *server);
            if (notes && view.note) {
                if (const QString note = view.note(hostname, *server); !note.isEmpty())
                    printError(err, note);
            }
        }
    }
    std::fflush(out);
}

} // namespace

int runAmqpCalls(const AmqpOptions &options, FILE *out, FILE *err, const MonitorView &view)
{
    Monitor::Hub hub;
    Monitor::BrokerConnection connection(brokerOptions(options));
    Monitor::BrokerFleetSettings settings;
    settings.logLevel = -1;
    Monitor::BrokerFleet fleet(&hub, &connection, settings);

    QEventLoop loop;
    int status = ExitSuccess;
    bool done = false;
    bool printed = false;
    const auto finish = [&](int exitStatus, const QString &why = {}) {
        if (done)
            return;
        done = true;
        status = exitStatus;
        if (!why.isEmpty())
            printError(err, why);
        loop.exit();
    };
    QObject::connect(&connection, &Monitor::BrokerConnection::stateChanged, &loop,
                     [&](Amqp::State state) {
                         if (state == Amqp::State::Failed)
                             finish(ExitNoConnection, connection.lastError());
                     });

    // Listening is over (--switch: at once; else after --wait): print once every switch heard
    // of is in step, or at the deadline with what there is.
    bool listened = false;
    QTimer settle; // a second of events after the sync, as over the Event Socket
    settle.setSingleShot(true);
    QObject::connect(&settle, &QTimer::timeout, &loop, [&] {
        printTables(out, err, fleet, view, true);
        printed = true;
        if (!options.watch)
            finish(ExitSuccess);
    });
    const auto allInStep = [&] {
        const QStringList hosts = fleet.hostnames();
        if (hosts.isEmpty())
            return false;
        for (const QString &host : hosts) {
            const Monitor::ServerMonitor *server = fleet.server(host);
            if (server->isOutOfStep() || (view.ready && !view.ready(*server)))
                return false;
        }
        return true;
    };
    const auto maybeSettle = [&] {
        if (listened && !printed && !settle.isActive() && allInStep())
            settle.start(1000);
    };
    QTimer reprint; // --watch: one table per burst of changes
    reprint.setSingleShot(true);
    reprint.setInterval(250);
    QObject::connect(&reprint, &QTimer::timeout, &loop, [&] {
        std::fputs("\n", out);
        printTables(out, err, fleet, view, false);
    });
    const std::function<void()> changed = [&] {
        maybeSettle();
        if (options.watch && printed && !reprint.isActive())
            reprint.start();
    };
    QObject::connect(&fleet, &Monitor::BrokerFleet::serverAdded, &loop,
                     [&](const QString &, Monitor::ServerMonitor *server) {
                         QObject::connect(server, &Monitor::ServerMonitor::outOfStepChanged,
                                          &loop, maybeSettle);
                         view.watch(server, &loop, changed);
                     });
    QTimer listening;
    listening.setSingleShot(true);
    QObject::connect(&listening, &QTimer::timeout, &loop, [&] {
        listened = true;
        if (fleet.hostnames().isEmpty() && !options.watch) {
            finish(connection.isReady() ? ExitSuccess : ExitNoConnection,
                   connection.isReady()
                       ? QStringLiteral("no switch published to %1 within %2 s")
                             .arg(connection.describe())
                             .arg(options.waitMs / 1000.0)
                       : QStringLiteral("could not reach %1: %2")
                             .arg(connection.describe(), connection.lastError()));
            return;
        }
        maybeSettle();
    });
    QObject::connect(&connection, &Monitor::BrokerConnection::ready, &loop, [&] {
        if (!listening.isActive() && !listened)
            listening.start(options.switches.isEmpty() ? options.waitMs : 0);
    });
    // --once gives the broker its connect time, the listening, the syncs and the settling.
    QTimer deadline;
    deadline.setSingleShot(true);
    QObject::connect(&deadline, &QTimer::timeout, &loop, [&] {
        if (printed)
            return;
        if (!connection.isReady()) {
            finish(ExitNoConnection, QStringLiteral("could not reach %1: %2")
                                         .arg(connection.describe(), connection.lastError()));
            return;
        }
        QStringList late;
        for (const QString &host : fleet.hostnames()) {
            const Monitor::ServerMonitor *server = fleet.server(host);
            if (server->isOutOfStep() || (view.ready && !view.ready(*server)))
                late << host;
        }
        printTables(out, err, fleet, view, false);
        finish(ExitNoConnection,
               QStringLiteral("no %1 from %2 in time").arg(view.what, late.join(u", ")));
    });
    if (!options.watch)
        deadline.start(options.connection.connectTimeoutMs + options.waitMs +
                       2 * std::max(options.timeoutMs, 1000) + 5000);

    StopSignals stopSignals;
    QObject::connect(&stopSignals, &StopSignals::stopRequested, &loop,
                     [&] { finish(ExitSuccess); });
    connection.start();
    if (!done)
        loop.exec();
    return status;
}

} // namespace Eslcat
