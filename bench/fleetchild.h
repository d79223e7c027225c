#pragma once
// bench_fleet's other process: a fleet of simulated switches publishing as mod_amqp does
// (Sim::AmqpFleet), run by bench_fleet itself with --fleet-child so that the fleet's CPU and
// memory are not the console's. `eslcat sim --amqp` runs the same fleet but fixes its rate for
// its whole life; the benchmark changes the rate between steps without restarting the switches
// (a restart means new Core-UUIDs and a re-sync of 30,000 channels), so it drives the fleet
// through a line protocol on stdin/stdout instead:
//
//   child -> "per-call E"         events and log lines one call of the traffic's mix publishes
//   child -> "ready"              the fleet is connected; its initial calls are up
//   parent -> "rate R"            R events/s in all, spread over the switches (0: stop)
//   parent -> "count"             child -> "count EVENTS LOGS DROPPED_EVENTS DROPPED_LOGS
//                                             CHANNELS CPU_NS"
//   parent -> "quit"              the fleet stops and the process ends
//
// The traffic is bench_window's: short bridged calls (0.6 s on average) with holds, transfers
// and parks, so that a rate steadies within a second; the live channels come from each
// switch's initial calls, which are never hung up and whose past events are never published
// (the console finds them by syncing, `show channels as json` over TAP.Commands).

#include "sim/amqpfleet.h"
#include "sim/amqpformat.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QSocketNotifier>
#include <QThread>

#include <time.h>
#include <unistd.h>

#include <cstdio>
#include <memory>
#include <vector>

namespace Bench::FleetChild {

// Each initial call is four kinds in turn (bridged, held, parked, bridged): 7 channels per 4.
inline int initialCallsFor(int channels)
{
    return (channels * 4 + 6) / 7;
}

inline Sim::SwitchConfig switchConfig(int initialCalls)
{
    Sim::SwitchConfig config;
    config.initialCalls = initialCalls;
    config.ringMs = 50;
    config.answerDelayMs = 10;
    config.maxSessions = 1'000'000;
    return config;
}

inline Sim::TrafficProfile traffic(double callsPerSecond, quint32 seed)
{
    Sim::TrafficProfile profile; // the default mix of held, transferred and parked calls
    profile.callsPerSecond = callsPerSecond;
    profile.meanDurationMs = 600;
    profile.minDurationMs = 200;
    profile.maxConcurrentCalls = 1'000'000;
    profile.seed = seed;
    return profile;
}

// What one call of the mix makes the fleet publish: 300 calls on a switch of their own, counted
// as AmqpFleet publishes them (every event, log lines of the logging profile's levels).
inline double calibrate()
{
    constexpr int calls = 300;
    Sim::Switch sw(switchConfig(0));
    qint64 published = 0;
    QObject::connect(&sw, &Sim::Switch::eventFired, &sw, [&] { ++published; });
    QObject::connect(&sw, &Sim::Switch::logged, &sw, [&](const Sim::LogEntry &entry) {
        published += Sim::AmqpFormat::loggingProfileTakes(entry.level) ? 1 : 0;
    });
    Sim::TrafficGenerator generator(&sw, traffic(0, 7));
    for (int i = 0; i < calls; ++i)
        generator.placeCall();
    QElapsedTimer clock;
    clock.start();
    while (sw.channelCount() > 0 && clock.elapsed() < 20000)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
    return double(published) / calls;
}

inline qint64 processCpuNs()
{
    timespec t{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return qint64(t.tv_sec) * 1'000'000'000 + t.tv_nsec;
}

// bench_fleet --fleet-child URL SWITCHES CHANNELS_PER_SWITCH
inline int run(const QString &url, int switches, int channelsPerSwitch)
{
    QString error;
    const Amqp::ConnectionOptions options = Amqp::ConnectionOptions::fromUrl(url, &error);
    if (!error.isEmpty() || switches < 1) {
        std::fprintf(stderr, "fleet: bad arguments: %s\n", qPrintable(error));
        return 2;
    }
    const double perCall = calibrate();
    std::printf("per-call %.3f\n", perCall);
    std::fflush(stdout);

    Sim::FleetConfig config;
    config.switches = switches;
    config.switchConfig = switchConfig(initialCallsFor(channelsPerSwitch));
    // The fleet's own generators stay idle; ours below take rates while running.
    config.traffic = Sim::FleetConfig::noTraffic();
    Sim::AmqpFleet fleet(options, config);
    std::vector<std::unique_ptr<Sim::TrafficGenerator>> generators;
    for (int i = 0; i < switches; ++i)
        generators.push_back(
            std::make_unique<Sim::TrafficGenerator>(fleet.switchAt(i), traffic(0, quint32(i + 1))));
    QObject::connect(&fleet, &Sim::AmqpFleet::errorOccurred, &fleet, [](const QString &message) {
        std::fprintf(stderr, "fleet: %s\n", qPrintable(message));
    });
    QObject::connect(&fleet, &Sim::AmqpFleet::ready, &fleet, [] {
        std::printf("ready\n");
        std::fflush(stdout);
    });

    QByteArray pending;
    QSocketNotifier input(STDIN_FILENO, QSocketNotifier::Read);
    const auto command = [&](const QByteArray &line) {
        const QList<QByteArray> words = line.simplified().split(' ');
        if (words.first() == "rate" && words.size() == 2) {
            const double callsPerSwitch = words[1].toDouble() / perCall / switches;
            for (auto &g : generators) {
                g->setProfile(traffic(callsPerSwitch, g->profile().seed));
                if (callsPerSwitch > 0 && !g->isRunning())
                    g->start();
                else if (callsPerSwitch <= 0)
                    g->stop();
            }
            std::printf("ok\n");
        } else if (words.first() == "count") {
            const Sim::AmqpFleet::Counters c = fleet.totals();
            qint64 channels = 0;
            for (int i = 0; i < switches; ++i)
                channels += fleet.switchAt(i)->channelCount();
            std::printf("count %lld %lld %lld %lld %lld %lld\n", c.eventsPublished,
                        c.logLinesPublished, c.eventsDropped, c.logLinesDropped, channels,
                        processCpuNs());
        } else if (words.first() == "quit") {
            QCoreApplication::exit(0);
        } else {
            std::printf("error %s\n", line.constData());
        }
        std::fflush(stdout);
    };
    QObject::connect(&input, &QSocketNotifier::activated, &fleet, [&] {
        char buffer[4096];
        const ssize_t n = ::read(STDIN_FILENO, buffer, sizeof buffer);
        if (n <= 0) { // the benchmark went away
            QCoreApplication::exit(0);
            return;
        }
        pending.append(buffer, n);
        for (qsizetype end = pending.indexOf('\n'); end >= 0; end = pending.indexOf('\n')) {
            command(pending.left(end));
            pending.remove(0, end + 1);
        }
    });
    fleet.start();
    const int status = QCoreApplication::exec();
    for (auto &g : generators)
        g->stop();
    fleet.stop();
    return status;
}

} // namespace Bench::FleetChild
