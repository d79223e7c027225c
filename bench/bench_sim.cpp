// bench_sim: how many events per second the simulated switch can push — fired by its core, and
// delivered over a loopback socket to an InboundClient subscribed to everything.
//
//     bench_sim [--calls-per-second R] [--seconds S] [--socket]

#include "esl/inboundclient.h"
#include "sim/eventsocketserver.h"
#include "sim/simswitch.h"
#include "sim/traffic.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTimer>

#include <cstdio>

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addOption({QStringLiteral("calls-per-second"), QStringLiteral("Call arrival rate."),
                      QStringLiteral("R"), QStringLiteral("2000")});
    parser.addOption({QStringLiteral("seconds"), QStringLiteral("How long to run."),
                      QStringLiteral("S"), QStringLiteral("5")});
    parser.addOption(
        {QStringLiteral("socket"),
         QStringLiteral("Also deliver every event to an InboundClient over loopback.")});
    parser.process(app);

    Sim::SwitchConfig config;
    config.initialCalls = 0;
    config.heartbeatIntervalMs = 0;
    config.ringMs = 50;
    config.answerDelayMs = 10;
    config.maxSessions = 1000000;
    Sim::Switch sw(config);
    qint64 fired = 0;
    QObject::connect(&sw, &Sim::Switch::eventFired, &sw, [&fired] { ++fired; });

    Sim::EventSocketServer server(&sw);
    server.listen(QHostAddress::LocalHost, 0);
    qint64 delivered = 0;
    std::unique_ptr<Esl::InboundClient> client;
    if (parser.isSet(QStringLiteral("socket"))) {
        Esl::ConnectionOptions options;
        options.port = server.serverPort();
        client = std::make_unique<Esl::InboundClient>(options);
        QObject::connect(client.get(), &Esl::InboundClient::eventReceived, client.get(),
                         [&delivered] { ++delivered; });
        client->connectToServer();
        while (!client->isLive())
            QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 100);
    }

    Sim::TrafficProfile profile;
    profile.callsPerSecond = parser.value(QStringLiteral("calls-per-second")).toDouble();
    profile.meanDurationMs = 1000;
    profile.minDurationMs = 200;
    profile.holdShare = profile.transferShare = profile.parkShare = 0.0;
    profile.maxConcurrentCalls = 1000000;
    Sim::TrafficGenerator traffic(&sw, profile);
    traffic.start();

    const double seconds = parser.value(QStringLiteral("seconds")).toDouble();
    QElapsedTimer timer;
    timer.start();
    QTimer::singleShot(int(seconds * 1000), &app, &QCoreApplication::quit);
    app.exec();
    const double elapsed = double(timer.nsecsElapsed()) / 1e9;
    std::printf("calls placed %lld, events fired %lld in %.2f s = %.0f events/s",
                static_cast<long long>(traffic.callsPlaced()), static_cast<long long>(fired),
                elapsed, double(fired) / elapsed);
    if (client)
        std::printf("; delivered over loopback %lld = %.0f events/s",
                    static_cast<long long>(delivered), double(delivered) / elapsed);
    std::printf("\n");
    return 0;
}
