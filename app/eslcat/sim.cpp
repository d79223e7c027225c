#include "sim.h"

#include "connection.h"

#include "stopsignals.h"

#include "sim/amqpfleet.h"
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

// Call quality (issue #20): the share of calls whose legs report RTCP, and of calls whose
// caller's audio degrades for a while.
constexpr double kRtcpShare = 0.6;
constexpr double kDegradedShare = 0.1;

struct AmqpSimOptions
{
    bool moduleTraffic = true;
    bool rtcp = true;
    QString url;
    int switches = 1;
    double totalCallsPerSecond = 1;
    int meanDurationMs = 30000;
    quint32 seed = 1;
    int heartbeatMs = 20000;
    int maxCallsPerSwitch = 200;
    int initialCallsPerSwitch = 4;
    bool sampleCommandKey = false;
};

int runAmqpFleet(const AmqpSimOptions &o)
{
    QString error;
    const Amqp::ConnectionOptions connection = Amqp::ConnectionOptions::fromUrl(o.url, &error);
    if (!error.isEmpty()) {
        std::fprintf(stderr, "eslcat sim: --amqp: %s\n", qPrintable(error));
        return 2;
    }
    Sim::FleetConfig config;
    config.switches = o.switches;
    config.switchConfig.heartbeatIntervalMs = o.heartbeatMs;
    config.switchConfig.initialCalls = o.initialCallsPerSwitch;
    config.traffic.callsPerSecond = o.totalCallsPerSecond / o.switches;
    config.traffic.meanDurationMs = o.meanDurationMs;
    config.traffic.seed = o.seed;
    config.traffic.maxConcurrentCalls = o.maxCallsPerSwitch;
    config.traffic.supervisor = o.moduleTraffic;
    config.traffic.rtcpShare = o.rtcp ? kRtcpShare : 0;
    config.traffic.degradedShare = kDegradedShare;
    config.bindSampleCommandKey = o.sampleCommandKey;
    Sim::AmqpFleet fleet(connection, config);
    QObject::connect(&fleet, &Sim::AmqpFleet::errorOccurred, &fleet, [](const QString &message) {
        std::fprintf(stderr, "eslcat sim: %s\n", qPrintable(message));
        std::fflush(stderr);
    });
    QObject::connect(&fleet, &Sim::AmqpFleet::ready, &fleet, [] {
        std::printf("eslcat sim: connected; commands reach the switches\n");
        std::fflush(stdout);
    });
    fleet.start();
    std::printf("eslcat sim: %d switch%s (%s .. %s) through %s\n"
                "            %g calls/s in all (seed %u), HEARTBEAT every %g s\n"
                "            events on TAP.Events, log lines on TAP.Logging, commands from "
                "TAP.Commands\n"
                "            with the key switchboard.<hostname>.api%s\n",
                o.switches, o.switches == 1 ? "" : "es", qPrintable(fleet.hostname(0)),
                qPrintable(fleet.hostname(o.switches - 1)), qPrintable(connection.describe()),
                o.totalCallsPerSecond, o.seed, o.heartbeatMs / 1000.0,
                o.sampleCommandKey ? " (and commandBindingKey for the first)" : "");
    std::fflush(stdout);

    StopSignals stop;
    QObject::connect(&stop, &StopSignals::stopRequested, qApp, [] { QCoreApplication::exit(0); });
    const int status = QCoreApplication::exec();
    fleet.stop();
    const Sim::AmqpFleet::Counters total = fleet.totals();
    std::printf("eslcat sim: published %lld events and %lld log lines (dropped %lld and %lld), "
                "ran %lld commands\n",
                total.eventsPublished, total.logLinesPublished, total.eventsDropped,
                total.logLinesDropped, total.commandsExecuted);
    return status;
}

} // namespace

int runSim(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Runs a simulated FreeSWITCH whose Event Socket behaves like the real one: point fs_cli,\n"
        "a libesl program or switchboard at it. Calls arrive at the given rate; some are held,\n"
        "transferred or parked. Ends on Ctrl+C.\n"
        "With --amqp, runs a fleet of --switches simulated switches (sim-01, sim-02, ...) that\n"
        "publish to a RabbitMQ broker and take api commands from it as FreeSWITCH's mod_amqp\n"
        "does: events on TAP.Events, log lines on TAP.Logging, commands from TAP.Commands with\n"
        "the routing key switchboard.<hostname>.api. No Event Socket then."));
    parser.addHelpOption();
    parser.addOption(option("host", "Address to listen on.", "HOST", "127.0.0.1"));
    parser.addOption(option("port", "Port to listen on (0: any free port).", "PORT", "8021"));
    parser.addOption(
        option("password", "The password clients authenticate with.", "PASSWORD", "ClueCon"));
    parser.addOption(option("calls-per-second",
                            "New calls per second (0: none); with --amqp, the total of the fleet, "
                            "spread evenly over its switches.",
                            "R", "1"));
    parser.addOption(option("mean-duration", "Mean call duration in seconds.", "S", "30"));
    parser.addOption(
        option("seed", "Seed of the call sequence (same seed, same calls).", "S", "1"));
    parser.addOption(option("heartbeat", "Seconds between HEARTBEAT events.", "S", "20"));
    parser.addOption(option("max-calls", "No new calls while this many are up (per switch).", "N",
                            "200"));
    parser.addOption(option("initial-calls",
                            "Calls already up at the start (bridged, held, parked; their past "
                            "events are never sent: a client finds them by syncing), per switch.",
                            "N", "4"));
    parser.addOption({QStringLiteral("amqp"),
                      QStringLiteral("Publish through this RabbitMQ broker as mod_amqp does "
                                     "(amqp[s]://user:password@host:port/vhost) instead of "
                                     "serving an Event Socket."),
                      QStringLiteral("URL")});
    parser.addOption(option("switches", "With --amqp: how many switches.", "N", "1"));
    parser.addOption({QStringLiteral("sample-command-key"),
                      QStringLiteral("With --amqp: the first switch also takes commands sent "
                                     "with the sample amqp.conf.xml's key, commandBindingKey.")});
    parser.addOption({QStringLiteral("no-module-traffic"),
                      QStringLiteral("Only calls: no conference members coming and going, no "
                                     "callers queueing, no phones registering, no gateway "
                                     "failing, no parked calls.")});
    parser.addOption({QStringLiteral("no-rtcp"),
                      QStringLiteral("No RTCP events: no call sets rtcp_audio_interval_msec "
                                     "(60 % do otherwise).")});
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
    const double switches = number("switches");
    if (!ok || port > 65535 || initialCalls > 100000 ||
        (!outbound.isEmpty() && !outbound.contains(u':')) || switches < 1 || switches > 1000) {
        std::fprintf(stderr, "eslcat sim: bad arguments (see eslcat sim --help)\n");
        return 2;
    }
    if (parser.isSet(QStringLiteral("amqp"))) {
        AmqpSimOptions fleet;
        fleet.url = parser.value(QStringLiteral("amqp"));
        fleet.switches = int(switches);
        fleet.totalCallsPerSecond = rate;
        fleet.meanDurationMs = int(meanSeconds * 1000);
        fleet.seed = quint32(seed);
        fleet.heartbeatMs = int(heartbeat * 1000);
        fleet.maxCallsPerSwitch = int(maxCalls);
        fleet.initialCallsPerSwitch = int(initialCalls);
        fleet.sampleCommandKey = parser.isSet(QStringLiteral("sample-command-key"));
        fleet.moduleTraffic = !parser.isSet(QStringLiteral("no-module-traffic"));
        fleet.rtcp = !parser.isSet(QStringLiteral("no-rtcp"));
        return runAmqpFleet(fleet);
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
    profile.supervisor = !parser.isSet(QStringLiteral("no-module-traffic"));
    profile.rtcpShare = parser.isSet(QStringLiteral("no-rtcp")) ? 0 : kRtcpShare;
    profile.degradedShare = kDegradedShare;
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
