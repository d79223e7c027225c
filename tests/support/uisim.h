#pragma once
// A simulated switch on 127.0.0.1 and a hub watching it, and small helpers for the model tests.

#include "monitor/hub.h"
#include "sim/eventsocketserver.h"
#include "sim/simswitch.h"

#include <QAbstractItemModelTester>
#include <QTest>

#include <memory>

namespace TestSupport {

inline constexpr auto kTester = QAbstractItemModelTester::FailureReportingMode::QtTest;
inline constexpr int kWait = 10000; // ms; generous, for batch timers on a busy machine

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
