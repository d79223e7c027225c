// eslcat through a real RabbitMQ (issue #18): `calls --amqp URL --switch HOST --once` prints the
// switch's calls without waiting for a HEARTBEAT, `api --amqp` runs a command on one switch
// (and says -ERR and timeouts as over the Event Socket), `events --amqp` streams the fleet's
// events as JSON lines. The fleet runs in this test program; eslcat is started as a process and
// the test keeps its event loop turning while eslcat runs, so the fleet can answer.
#include "sim/amqpfleet.h"
#include "sim/simswitch.h"

#include "support/rabbitbroker.h"

#include "amqp/routingkey.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QTest>

namespace {

struct Run
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

// Runs eslcat until it exits (or `stopAfterMs`, then SIGTERM), turning this event loop.
Run eslcat(const QStringList &arguments, int stopAfterMs = -1)
{
    QProcess process;
    process.start(QStringLiteral(ESLCAT_PATH), arguments);
    if (!process.waitForStarted(5000))
        return {};
    QElapsedTimer clock;
    clock.start();
    bool stopped = false;
    while (process.state() != QProcess::NotRunning && clock.elapsed() < 90000) {
        QTest::qWait(50);
        if (stopAfterMs >= 0 && !stopped && clock.elapsed() > stopAfterMs) {
            process.terminate();
            stopped = true;
        }
    }
    if (process.state() != QProcess::NotRunning) {
        process.kill();
        process.waitForFinished(5000);
    }
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
            process.readAllStandardOutput(), process.readAllStandardError()};
}

std::unique_ptr<Sim::AmqpFleet> startFleet(const TestSupport::RabbitBroker &broker, int switches)
{
    QString error;
    Sim::FleetConfig config;
    config.switches = switches;
    config.switchConfig.initialCalls = 2;
    config.switchConfig.heartbeatIntervalMs = 500;
    config.publishLogs = false;
    auto fleet = std::make_unique<Sim::AmqpFleet>(
        Amqp::ConnectionOptions::fromUrl(broker.url(), &error), config);
    QSignalSpy ready(fleet.get(), &Sim::AmqpFleet::ready);
    fleet->start();
    ready.wait(20000);
    return fleet;
}

} // namespace

class TestEslcatAmqp : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void callsOnceWithASwitchPrintsItsCalls()
    {
        QSKIP_UNLESS_BROKER(broker);
        const auto fleet = startFleet(*broker, 2);
        const Run run = eslcat({QStringLiteral("calls"), QStringLiteral("--amqp"), broker->url(),
                                QStringLiteral("--switch"), fleet->hostname(1),
                                QStringLiteral("--once")});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const QList<QByteArray> lines = run.out.trimmed().split('\n');
        QCOMPARE(lines.size(), 2); // the two initial calls of that switch alone
        QSet<QString> legs;
        for (const QByteArray &line : lines) {
            const QJsonObject call = QJsonDocument::fromJson(line).object();
            QCOMPARE(call.value(u"server").toString(), fleet->hostname(1));
            for (const auto &leg : call.value(u"legs").toArray())
                legs.insert(leg.toObject().value(u"uuid").toString());
        }
        const QStringList uuids = fleet->switchAt(1)->channelUuids();
        QCOMPARE(legs, QSet<QString>(uuids.cbegin(), uuids.cend()));
    }

    void callsOnceWithoutASwitchWaitsAndPrintsEverySwitch()
    {
        QSKIP_UNLESS_BROKER(broker);
        const auto fleet = startFleet(*broker, 3);
        const Run run = eslcat({QStringLiteral("calls"), QStringLiteral("--amqp"), broker->url(),
                                QStringLiteral("--once"), QStringLiteral("--wait"),
                                QStringLiteral("2")});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        QSet<QString> servers;
        for (const QByteArray &line : run.out.trimmed().split('\n'))
            servers.insert(QJsonDocument::fromJson(line).object().value(u"server").toString());
        QCOMPARE(servers.size(), 3);
    }

    void apiRunsOnOneSwitchAndReportsFailures()
    {
        QSKIP_UNLESS_BROKER(broker);
        const auto fleet = startFleet(*broker, 2);
        const Run run = eslcat({QStringLiteral("api"), QStringLiteral("--amqp"), broker->url(),
                                QStringLiteral("--switch"), fleet->hostname(0),
                                QStringLiteral("global_getvar hostname"),
                                QStringLiteral("uuid_kill 00000000-0000-0000-0000-000000000000")});
        QCOMPARE(run.exitCode, 1); // the second answered -ERR
        QVERIFY2(run.out.startsWith(fleet->hostname(0).toUtf8()), run.out.constData());
        QVERIFY2(run.err.contains("No such channel"), run.err.constData());

        const Run timeout = eslcat({QStringLiteral("api"), QStringLiteral("--amqp"),
                                    broker->url(), QStringLiteral("--switch"),
                                    QStringLiteral("nobody"), QStringLiteral("--timeout"),
                                    QStringLiteral("1000"), QStringLiteral("status")});
        QCOMPARE(timeout.exitCode, 2);
        QVERIFY2(timeout.err.contains("no reply"), timeout.err.constData());

        const Run overridden = eslcat({QStringLiteral("api"), QStringLiteral("--amqp"),
                                       broker->url(), QStringLiteral("--switch"),
                                       QStringLiteral("anything"), QStringLiteral("--command-key"),
                                       QString::fromUtf8(Amqp::commandRoutingKey(
                                           fleet->hostname(1).toUtf8())),
                                       QStringLiteral("global_getvar hostname")});
        QVERIFY2(overridden.exitCode == 0, overridden.err.constData());
        QVERIFY(overridden.out.startsWith(fleet->hostname(1).toUtf8()));
    }

    void eventsStreamsTheFleetsEvents()
    {
        QSKIP_UNLESS_BROKER(broker);
        const auto fleet = startFleet(*broker, 2);
        const Run run = eslcat({QStringLiteral("events"), QStringLiteral("--amqp"), broker->url(),
                                QStringLiteral("--switch"), fleet->hostname(1),
                                QStringLiteral("HEARTBEAT")},
                               4000);
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const QList<QByteArray> lines = run.out.trimmed().split('\n');
        QVERIFY2(lines.size() >= 2, run.out.constData());
        for (const QByteArray &line : lines) {
            const QJsonObject event = QJsonDocument::fromJson(line).object();
            QVERIFY2(line.contains("HEARTBEAT"), line.constData());
            QVERIFY2(line.contains(fleet->hostname(1).toUtf8()), line.constData());
            QVERIFY(!line.contains(fleet->hostname(0).toUtf8()));
            QVERIFY(!event.isEmpty());
        }
    }
};

QTEST_GUILESS_MAIN(TestEslcatAmqp)
#include "tst_eslcatamqp.moc"
