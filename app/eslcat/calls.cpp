#include "calls.h"

#include "connection.h"
#include "stopsignals.h"

#include "monitor/calltable.h"
#include "monitor/servermonitor.h"

#include <QDateTime>
#include <QEventLoop>
#include <QTimer>

namespace Eslcat {

namespace {

void printTable(FILE *out, const QString &server, const Monitor::ChannelStore &store)
{
    writeCallLines(out, server, store);
    std::fflush(out);
}

} // namespace

void writeCallLines(FILE *out, const QString &server, const Monitor::ChannelStore &store)
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    for (const Monitor::CallRow &call : Monitor::callTable(store)) {
        const QByteArray line = Monitor::callJson(server, call, now) + '\n';
        std::fwrite(line.constData(), 1, size_t(line.size()), out);
    }
}

int runCalls(const CallsOptions &options, FILE *out, FILE *err)
{
    Monitor::ServerProfile profile;
    profile.name =
        QStringLiteral("%1:%2").arg(options.connection.host).arg(options.connection.port);
    profile.connection = options.connection;
    profile.connection.autoReconnect = options.watch;
    profile.logLevel = -1;
    Monitor::EventStore store;
    Monitor::ServerMonitor monitor(1, profile, &store);

    QEventLoop loop;
    int status = ExitSuccess;
    bool done = false;
    bool synced = false;
    const auto finish = [&](int exitStatus, const QString &why = {}) {
        if (done)
            return;
        done = true;
        status = exitStatus;
        if (!why.isEmpty())
            printError(err, why);
        loop.exit();
    };

    // --watch: a change schedules one print a moment later, so that a burst (a bridge, a
    // transfer) prints one table, not one per event.
    QTimer reprint;
    reprint.setSingleShot(true);
    reprint.setInterval(250);
    QObject::connect(&reprint, &QTimer::timeout, &loop, [&] {
        std::fputs("\n", out);
        printTable(out, profile.name, *monitor.channels());
    });
    QTimer settle;
    settle.setSingleShot(true);
    QObject::connect(&settle, &QTimer::timeout, &loop, [&] {
        printTable(out, profile.name, *monitor.channels());
        if (!options.watch)
            finish(ExitSuccess);
    });
    QObject::connect(&monitor, &Monitor::ServerMonitor::outOfStepChanged, &loop,
                     [&](bool outOfStep) {
                         if (!outOfStep && !synced) {
                             synced = true;
                             settle.start(options.settleMs);
                         }
                     });
    const auto changed = [&] {
        if (options.watch && synced && !settle.isActive() && !reprint.isActive())
            reprint.start();
    };
    QObject::connect(monitor.channels(), &Monitor::ChannelStore::channelAdded, &loop, changed);
    QObject::connect(monitor.channels(), &Monitor::ChannelStore::channelChanged, &loop, changed);
    QObject::connect(monitor.channels(), &Monitor::ChannelStore::channelRemoved, &loop, changed);
    QObject::connect(&monitor, &Monitor::ServerMonitor::connectionStateChanged, &loop,
                     [&](Monitor::LinkState state) {
                         if (state == Monitor::LinkState::Failed ||
                             (state == Monitor::LinkState::Disconnected && !options.watch))
                             finish(ExitNoConnection, monitor.link()->lastError().toString());
                     });
    // --once gives the switch the connect time, the sync and the settling second.
    QTimer deadline;
    deadline.setSingleShot(true);
    QObject::connect(&deadline, &QTimer::timeout, &loop, [&] {
        if (!synced)
            finish(ExitNoConnection, QStringLiteral("no channel list from %1 within %2 ms")
                                         .arg(profile.name)
                                         .arg(deadline.interval()));
    });
    if (!options.watch)
        deadline.start(options.connection.connectTimeoutMs * 2 + 5000);

    StopSignals stopSignals;
    QObject::connect(&stopSignals, &StopSignals::stopRequested, &loop,
                     [&] { finish(ExitSuccess); });
    monitor.start();
    if (!done)
        loop.exec();
    monitor.stop();
    return status;
}

} // namespace Eslcat
