#include "sim.h"

#include "connection.h"

#include "stopsignals.h"

#include "sim/eventsocketserver.h"
#include "sim/simswitch.h"
#include "sim/traffic.h"

#include <QCommandLineParser>
#include <QCoreApplication>

#include <cstdio>

namespace Eslcat {

namespace {

QCommandLineOption option(const char *name, const char *help, const char *value,
                          const char *fallback)
{
    return {QString::fromLatin1(name), QString::fromLatin1(help), QString::fromLatin1(value),
            QString::fromLatin1(fallback)};
}

} // namespace

int runSim(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Runs a simulated FreeSWITCH whose Event Socket behaves like the real one: point fs_cli,\n"
        "a libesl program or switchboard at it. Calls arrive at the given rate; some are held,\n"
        "transferred or parked. Ends on Ctrl+C."));
    parser.addHelpOption();
    parser.addOption(option("host", "Address to listen on.", "HOST", "127.0.0.1"));
    parser.addOption(option("port", "Port to listen on (0: any free port).", "PORT", "8021"));
    parser.addOption(
        option("password", "The password clients authenticate with.", "PASSWORD", "ClueCon"));
    parser.addOption(option("calls-per-second", "New calls per second (0: none).", "R", "1"));
    parser.addOption(option("mean-duration", "Mean call duration in seconds.", "S", "30"));
    parser.addOption(
        option("seed", "Seed of the call sequence (same seed, same calls).", "S", "1"));
    parser.addOption(option("heartbeat", "Seconds between HEARTBEAT events.", "S", "20"));
    parser.addOption(option("max-calls", "No new calls while this many are up.", "N", "200"));
    parser.addOption(option("initial-calls",
                            "Calls already up at the start (bridged, held, parked; their past "
                            "events are never sent: a client finds them by syncing).",
                            "N", "4"));
    parser.addOption({QStringLiteral("outbound"),
                      QStringLiteral("Route every call's second leg to an outbound socket server "
                                     "(`socket HOST:PORT async full`)."),
                      QStringLiteral("HOST:PORT")});
    if (const std::optional<int> exit =
            Eslcat::parseArguments(parser, arguments, QStringLiteral("sim")))
        return *exit;

    bool ok = true;
    auto number = [&](const char *name) {
        bool good = false;
        const double value = parser.value(QString::fromLatin1(name)).toDouble(&good);
        ok = ok && good && value >= 0;
        return value;
    };
    const double rate = number("calls-per-second");
    const double meanSeconds = number("mean-duration");
    const double heartbeat = number("heartbeat");
    const double maxCalls = number("max-calls");
    const double initialCalls = number("initial-calls");
    const double port = number("port");
    const double seed = number("seed");
    const QString outbound = parser.value(QStringLiteral("outbound"));
    if (!ok || port > 65535 || initialCalls > 100000 ||
        (!outbound.isEmpty() && !outbound.contains(u':'))) {
        std::fprintf(stderr, "eslcat sim: bad arguments (see eslcat sim --help)\n");
        return 2;
    }

    Sim::SwitchConfig config;
    config.heartbeatIntervalMs = int(heartbeat * 1000);
    config.initialCalls = int(initialCalls);
    Sim::Switch sw(config);
    Sim::ServerOptions options;
    options.listener.password = parser.value(QStringLiteral("password"));
    Sim::EventSocketServer server(&sw, options);
    const QString host = parser.value(QStringLiteral("host"));
    if (!server.listen(QHostAddress(host), quint16(port))) {
        std::fprintf(stderr, "eslcat sim: cannot listen on %s:%d: %s\n", qPrintable(host),
                     int(port), qPrintable(server.errorString()));
        return 2;
    }

    Sim::TrafficProfile profile;
    profile.callsPerSecond = rate;
    profile.meanDurationMs = int(meanSeconds * 1000);
    profile.seed = quint32(seed);
    profile.maxConcurrentCalls = int(maxCalls);
    profile.socketTarget = outbound;
    Sim::TrafficGenerator traffic(&sw, profile);
    if (rate > 0)
        traffic.start();

    std::printf("eslcat sim: listening on %s:%d, password %s, Core-UUID %s\n"
                "            %g calls/s (seed %u)%s%s\n",
                qPrintable(host), int(server.serverPort()), qPrintable(options.listener.password),
                qPrintable(sw.coreUuid()), rate, profile.seed,
                outbound.isEmpty() ? "" : ", second legs to outbound socket ",
                qPrintable(outbound));
    std::printf("            try: fs_cli -H %s -P %d -p %s\n", qPrintable(host),
                int(server.serverPort()), qPrintable(options.listener.password));
    std::fflush(stdout);

    StopSignals stop;
    QObject::connect(&stop, &StopSignals::stopRequested, qApp, [] { QCoreApplication::exit(0); });
    const int status = QCoreApplication::exec();
    traffic.stop();
    server.close();
    return status;
}

} // namespace Eslcat
