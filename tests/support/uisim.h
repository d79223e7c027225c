#pragma once
// A simulated switch on 127.0.0.1 and a hub watching it, and small helpers for the model tests.

#include "monitor/hub.h"
#include "sim/eventsocketserver.h"
#include "sim/simswitch.h"

#include <QAbstractItemModelTester>
#include <QEventLoop>
#include <QTest>
#include <QTimer>

#include <memory>

namespace TestSupport {

inline constexpr auto kTester = QAbstractItemModelTester::FailureReportingMode::QtTest;
inline constexpr int kWait = 10000; // ms; generous, for batch timers on a busy machine

// Runs the event loop, as the application does, until `done()` holds or `timeoutMs` has passed;
// returns done(). QTest::qWait and qWaitFor sleep 10 ms between their passes over the events, and
// a simulated switch and the monitor reading it in the same thread then move only a few events
// per pass: here 1,100 events queued at the switch took 6.7 s to reach the monitor under qWaitFor
// and 1.8 s in this loop, most of it the time ended calls stay shown. Use it where a test depends
// on a backlog being worked through.
template <typename Predicate>
bool runUntil(Predicate done, int timeoutMs)
{
    if (done())
        return true;
    QEventLoop loop;
    QTimer poll;
    poll.setInterval(5);
    QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
        if (done())
            loop.quit();
    });
    QTimer deadline;
    deadline.setSingleShot(true);
    QObject::connect(&deadline, &QTimer::timeout, &loop, &QEventLoop::quit);
    poll.start();
    deadline.start(timeoutMs);
    loop.exec();
    return done();
}

// Runs the event loop for `ms`, as the application does (see runUntil).
inline void runFor(int ms)
{
    QEventLoop loop;
    QTimer::singleShot(ms, &loop, &QEventLoop::quit);
    loop.exec();
}

inline QVariant cell(const QAbstractItemModel &model, const QModelIndex &row, int column,
                     int role = Qt::DisplayRole)
{
    return model.data(row.siblingAtColumn(column), role);
}

struct UiSim
{
    // `withoutModules`: the modules the switch has not loaded (SwitchConfig::withoutModules).
    explicit UiSim(int ringMs = 20, const QStringList &withoutModules = {})
    {
        Sim::SwitchConfig config;
        config.withoutModules = withoutModules;
        config.initialCalls = 0;
        config.heartbeatIntervalMs = 0;
        config.ringMs = ringMs;
        config.answerDelayMs = 10;
        sw = std::make_unique<Sim::Switch>(config);
        server = std::make_unique<Sim::EventSocketServer>(sw.get());
        server->listen(QHostAddress::LocalHost, 0);
    }
    [[nodiscard]] Monitor::ServerProfile profile(const QString &name,
                                                 qint64 retentionMs = 60000) const
    {
        Monitor::ServerProfile p;
        p.name = name;
        p.connection.port = server->serverPort();
        p.connection.reconnectMinMs = 50;
        p.connection.reconnectMaxMs = 200;
        p.logLevel = 7;
        p.endedRetentionMs = retentionMs;
        return p;
    }
    // Adds the switch to the hub and waits until the monitor is live and in step.
    Monitor::ServerMonitor *watch(Monitor::Hub &hub, const QString &name,
                                  qint64 retentionMs = 60000) const
    {
        Monitor::ServerMonitor *m = hub.addServer(profile(name, retentionMs));
        m->start();
        if (!QTest::qWaitFor([m] { return m->link()->isLive() && !m->isOutOfStep(); }, 10000))
            return nullptr;
        return m;
    }
    QString call(const QString &callerName, const QString &number = QStringLiteral("1000"),
                 const QString &destination = QStringLiteral("2000"))
    {
        Sim::Switch::CallSpec spec;
        spec.callerName = callerName;
        spec.callerNumber = number;
        spec.destination = destination;
        return sw->placeCall(spec);
    }

    std::unique_ptr<Sim::Switch> sw;
    std::unique_ptr<Sim::EventSocketServer> server;
};

} // namespace TestSupport
