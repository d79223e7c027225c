#include "amqpfleet.h"

#include "amqpformat.h"

#include "amqp/routingkey.h"

namespace Sim {

AmqpFleet::AmqpFleet(const Amqp::ConnectionOptions &options, FleetConfig config, QObject *parent)
    : QObject(parent), m_config(std::move(config)),
      m_client(std::make_unique<Amqp::Client>(options))
{
    const int count = std::max(0, m_config.switches);
    m_members.reserve(size_t(count));
    for (int i = 0; i < count; ++i) {
        auto member = std::make_unique<Member>();
        SwitchConfig switchConfig = m_config.switchConfig;
        switchConfig.hostname = hostnameOf(i, count);
        member->hostname = switchConfig.hostname.toUtf8();
        member->sw = std::make_unique<Switch>(switchConfig);
        TrafficProfile traffic = m_config.traffic;
        traffic.seed = m_config.traffic.seed + quint32(i);
        member->traffic = std::make_unique<TrafficGenerator>(member->sw.get(), traffic);
        member->commands = std::make_unique<AmqpCommands>(member->sw.get());
        Member *raw = member.get();
        connect(raw->sw.get(), &Switch::eventFired, this,
                [this, raw](const FiredEventPtr &event) { publishEvent(*raw, event); });
        // Listening to logged() makes a switch write its log lines at all; a fleet that does
        // not publish them spares that work.
        if (m_config.publishLogs)
            connect(raw->sw.get(), &Switch::logged, this,
                    [this, raw](const LogEntry &entry) { publishLog(*raw, entry); });
        m_switchByCommandKey.insert(Amqp::commandRoutingKey(member->hostname), i);
        m_members.push_back(std::move(member));
    }
    if (m_config.bindSampleCommandKey && count > 0)
        m_switchByCommandKey.insert(sampleCommandKey().toByteArray(), 0);

    // One connection carries every switch's producer and logging profile, so its publish queue
    // holds what theirs would together.
    m_client->setMaxQueuedPublishes(std::max(1, m_config.sendQueueSize) * 2 * std::max(1, count));
    m_client->setTopology(topology());
    connect(m_client.get(), &Amqp::Client::ready, this, &AmqpFleet::ready);
    connect(m_client.get(), &Amqp::Client::errorOccurred, this, &AmqpFleet::errorOccurred);
    connect(m_client.get(), &Amqp::Client::messagesReceived, this,
            [this](int, const QList<Amqp::Message> &batch) { takeCommands(batch); });
}

AmqpFleet::~AmqpFleet()
{
    stop();
    // The switches go first: what they fire while going must not reach a client half gone.
    for (auto &member : m_members) {
        member->traffic.reset();
        member->sw->disconnect(this);
    }
    m_members.clear();
}

QString AmqpFleet::hostnameOf(int index, int switches)
{
    const int width = switches >= 100 ? 3 : 2;
    return QStringLiteral("sim-%1").arg(index + 1, width, 10, QLatin1Char('0'));
}

Amqp::Topology AmqpFleet::topology() const
{
    // mod_amqp declares its exchanges itself (topic, durable, not auto-delete), and the command
    // profile a server-named, exclusive, auto-delete queue consumed without acks.
    Amqp::Topology topology;
    for (const QByteArrayView name : {AmqpFormat::eventsExchange, AmqpFormat::loggingExchange,
                                      AmqpFormat::commandsExchange})
        topology.exchanges.append({name.toByteArray(), "topic", true, false});
    Amqp::QueueSpec commandQueue;
    commandQueue.exclusive = true;
    commandQueue.autoDelete = true;
    commandQueue.noAck = true;
    topology.queues.append(commandQueue);
    for (const QByteArray &key : commandKeys())
        topology.bindings.append({AmqpFormat::commandsExchange.toByteArray(), key, 0});
    return topology;
}

QList<QByteArray> AmqpFleet::commandKeys() const
{
    QList<QByteArray> keys;
    for (const auto &member : m_members)
        keys.append(Amqp::commandRoutingKey(member->hostname));
    if (m_config.bindSampleCommandKey && !m_members.empty())
        keys.append(sampleCommandKey().toByteArray());
    return keys;
}

void AmqpFleet::start()
{
    m_client->start();
    for (auto &member : m_members) {
        if (member->traffic->profile().callsPerSecond > 0)
            member->traffic->start();
    }
}

void AmqpFleet::stop()
{
    for (auto &member : m_members) {
        if (member->traffic)
            member->traffic->stop();
    }
    m_client->stop();
}

Switch *AmqpFleet::switchAt(int index) const
{
    return index >= 0 && index < switchCount() ? m_members[size_t(index)]->sw.get() : nullptr;
}

QString AmqpFleet::hostname(int index) const
{
    return index >= 0 && index < switchCount()
               ? QString::fromUtf8(m_members[size_t(index)]->hostname)
               : QString();
}

AmqpFleet::Counters AmqpFleet::counters(int index) const
{
    return index >= 0 && index < switchCount() ? m_members[size_t(index)]->counters : Counters{};
}

AmqpFleet::Counters AmqpFleet::totals() const
{
    Counters sum;
    for (const auto &member : m_members) {
        const Counters &c = member->counters;
        sum.eventsPublished += c.eventsPublished;
        sum.eventsDropped += c.eventsDropped;
        sum.logLinesPublished += c.logLinesPublished;
        sum.logLinesDropped += c.logLinesDropped;
        sum.commandsExecuted += c.commandsExecuted;
        sum.commandsIgnored += c.commandsIgnored;
        sum.repliesSent += c.repliesSent;
    }
    return sum;
}

void AmqpFleet::publishEvent(Member &member, const FiredEventPtr &event)
{
    // mod_amqp_producer_event_handler: while the breaker is open every event is dropped; a
    // full queue drops the event and opens it.
    if (!member.breakerOpenUntil.hasExpired()) {
        ++member.counters.eventsDropped;
        return;
    }
    if (!m_client->publish(AmqpFormat::eventMessage(*event))) {
        ++member.counters.eventsDropped;
        member.breakerOpenUntil.setRemainingTime(m_config.circuitBreakerMs);
        return;
    }
    ++member.counters.eventsPublished;
}

void AmqpFleet::publishLog(Member &member, const LogEntry &entry)
{
    if (!AmqpFormat::loggingProfileTakes(entry.level))
        return;
    // mod_amqp_logging_recv has no breaker: a full queue drops that line only.
    if (m_client->publish(AmqpFormat::logMessage(entry, member.hostname)))
        ++member.counters.logLinesPublished;
    else
        ++member.counters.logLinesDropped;
}

void AmqpFleet::takeCommands(const QList<Amqp::Message> &batch)
{
    for (const Amqp::Message &message : batch) {
        // Each switch's command profile has a queue of its own bound with its own key; the
        // fleet shares one queue and tells them apart by the key the message was routed with.
        const auto found = m_switchByCommandKey.constFind(message.routingKey);
        if (found == m_switchByCommandKey.cend())
            continue;
        Member &member = *m_members[size_t(found.value())];
        AmqpCommands::Outcome outcome = member.commands->handle(message);
        if (!outcome.executed) {
            ++member.counters.commandsIgnored;
            continue;
        }
        ++member.counters.commandsExecuted;
        if (outcome.reply && m_client->publish(*outcome.reply))
            ++member.counters.repliesSent;
        Q_EMIT commandHandled(found.value(), outcome.command, outcome.output);
    }
}

} // namespace Sim

// Compiled here rather than in the library's moc collection, so that programs using the other
// parts of lib/sim do not pull in the broker client.
#include "moc_amqpfleet.cpp"
