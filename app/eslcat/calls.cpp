#include "calls.h"

#include "connection.h"
#include "monitorview.h"
#include "stopsignals.h"

#include "monitor/calltable.h"
#include "monitor/servermonitor.h"

#include <QDateTime>
#include <QEventLoop>
#include <QTimer>

namespace Eslcat {

void writeCallLines(FILE *out, const QString &server, const Monitor::ChannelStore &store)
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    for (const Monitor::CallRow &call : Monitor::callTable(store)) {
        const QByteArray line = Monitor::callJson(server, call, now) + '\n';
        std::fwrite(line.constData(), 1, size_t(line.size()), out);
    }
}

int runCalls(const CallsOptions &options, FILE *out, FILE *err, const MonitorView &view)
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
    const auto printTable = [&] {
        view.write(out, profile.name, monitor);
        std::fflush(out);
    };
    QTimer reprint;
    reprint.setSingleShot(true);
    reprint.setInterval(250);
    QObject::connect(&reprint, &QTimer::timeout, &loop, [&] {
        std::fputs("\n", out);
        printTable();
    });
    QTimer settle;
    settle.setSingleShot(true);
    QObject::connect(&settle, &QTimer::timeout, &loop, [&] {
        printTable();
        if (view.note) {
            if (const QString note = view.note(profile.name, monitor); !note.isEmpty())
                printError(err, note);
        }
        if (!options.watch)
            finish(ExitSuccess);
    });
    // Synced: in step, and (a panel) its store answered.
    const auto checkSynced = [&] {
        if (synced || monitor.isOutOfStep() || (view.ready && !view.ready(monitor)))
            return;
        synced = true;
        settle.start(options.settleMs);
    };
    QObject::connect(&monitor, &Monitor::ServerMonitor::outOfStepChanged, &loop, checkSynced);
    const std::function<void()> changed = [&] {
        checkSynced();
        if (options.watch && synced && !settle.isActive() && !reprint.isActive())
            reprint.start();
    };
    view.watch(&monitor, &loop, changed);
    QObject::connect(&monitor, &Monitor::ServerMonitor::connectionStateChanged, &loop,
                     [&](Monitor::LinkState state) {
                         if (state == Monitor::LinkState::Failed ||
                             (state == Monitor::LinkState::Disconnected && !options.watch))
                             finish(ExitNoConnection, failureText(monitor.link()->lastError()));
                     });
    // --once gives the switch the connect time, the sync and the settling second.
    QTimer deadline;
    deadline.setSingleShot(true);
    QObject::connect(&deadline, &QTimer::timeout, &loop, [&] {
        if (!synced)
            finish(ExitNoConnection, QStringLiteral("no %1 from %2 within %3 ms")
                                         .arg(view.what, profile.name)
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
