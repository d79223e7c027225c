#pragma once
// A fleet of simulated FreeSWITCH switches that reach the world as FreeSWITCH 1.10.12 does
// through mod_amqp: every event and log line each switch fires is published to TAP.Events and
// TAP.Logging, and api commands are taken from TAP.Commands and answered. One broker connection
// (an Amqp::Client) carries all of them; each switch has its own hostname ("sim-01", ...) and
// Core-UUID, its own calls and traffic, and its HEARTBEAT every 20 s.
//
// What a switch sends is bounded as mod_amqp bounds it: each profile queues at most
// send_queue_size (5000) messages; beyond that a message is dropped, and the events profile then
// trips its circuit breaker and drops every event for circuit_breaker_ms (10 s). The real module
// only logs this; the fleet counts it.

#include "amqpcommands.h"
#include "simswitch.h"
#include "traffic.h"

#include "amqp/client.h"

#include <QDeadlineTimer>
#include <QHash>
#include <QObject>

#include <memory>
#include <vector>

namespace Sim {

struct FleetConfig
{
    [[nodiscard]] static TrafficProfile noTraffic()
    {
        TrafficProfile profile;
        profile.callsPerSecond = 0;
        return profile;
    }

    int switches = 3;
    // The template of every switch (heartbeat, initial calls, timings); the hostname is the
    // fleet's ("sim-01", ...).
    SwitchConfig switchConfig;
    // Each switch's traffic; callsPerSecond is per switch (none unless set). Seeds are seed,
    // seed+1, ...
    TrafficProfile traffic = noTraffic();
    bool publishLogs = true;
    // The sample amqp.conf.xml's command binding_key: also bound for the first switch, so a
    // client that follows the sample reaches it.
    bool bindSampleCommandKey = false;
    // mod_amqp's producer and logging profile parameters.
    int sendQueueSize = 5000;
    int circuitBreakerMs = 10000;
};

class AmqpFleet : public QObject
{
    Q_OBJECT

public:
    AmqpFleet(const Amqp::ConnectionOptions &options, FleetConfig config,
              QObject *parent = nullptr);
    ~AmqpFleet() override;

    // "sim-01" ... "sim-99", three digits from 100 switches on.
    [[nodiscard]] static QString hostnameOf(int index, int switches);
    [[nodiscard]] static constexpr QByteArrayView sampleCommandKey() { return "commandBindingKey"; }

    // Connects, declares the exchanges and the command queue, and starts the traffic.
    void start();
    void stop();

    [[nodiscard]] int switchCount() const { return int(m_members.size()); }
    [[nodiscard]] Switch *switchAt(int index) const;
    [[nodiscard]] QString hostname(int index) const;
    [[nodiscard]] Amqp::Client *client() const { return m_client.get(); }
    // The command queue's binding keys, in the order of the switches (the sample key last).
    [[nodiscard]] QList<QByteArray> commandKeys() const;

    // "Published": handed to the connection, which sends it once the broker is there (and the
    // broker drops it unless some queue is bound, as for the real module).
    struct Counters
    {
        qint64 eventsPublished = 0;
        qint64 eventsDropped = 0; // queue full, or while the circuit breaker was open
        qint64 logLinesPublished = 0;
        qint64 logLinesDropped = 0;
        qint64 commandsExecuted = 0;
        qint64 commandsIgnored = 0; // a content_type other than text/plain
        qint64 repliesSent = 0;
    };
    [[nodiscard]] Counters counters(int index) const;
    [[nodiscard]] Counters totals() const;

Q_SIGNALS:
    // The command queue is bound: commands published from now on reach the switches.
    void ready();
    void commandHandled(int switchIndex, const QByteArray &command, const QByteArray &output);
    void errorOccurred(const QString &message);

private:
    struct Member
    {
        std::unique_ptr<Switch> sw;
        std::unique_ptr<TrafficGenerator> traffic;
        std::unique_ptr<AmqpCommands> commands;
        QByteArray hostname;
        Counters counters;
        QDeadlineTimer breakerOpenUntil; // events dropped until it expires
    };
    [[nodiscard]] Amqp::Topology topology() const;
    void publishEvent(Member &member, const FiredEventPtr &event);
    void publishLog(Member &member, const LogEntry &entry);
    void takeCommands(const QList<Amqp::Message> &batch);

    FleetConfig m_config;
    std::vector<std::unique_ptr<Member>> m_members;
    QHash<QByteArray, int> m_switchByCommandKey;
    std::unique_ptr<Amqp::Client> m_client;
};

} // namespace Sim
