// What a BrokerConnection declares and where it sends commands: the exchanges, its three queues
// and the bindings that follow from what the operator watches (see brokerconnection.h).
#include "brokerconnection.h"

#include "amqp/routingkey.h"

#include <algorithm>

namespace Monitor {

namespace {

// The queues of the topology, by index (the worker's handler tells them apart by it).
constexpr int kEventsQueue = 0;
constexpr int kRepliesQueue = 1;
constexpr int kOverflowQueue = 2;
// The overflow queue is consumed as it fills; its own bound only matters while this console is
// too busy to read it, and then the count is a lower bound.
constexpr qint64 kOverflowQueueLength = 100000;

} // namespace

Amqp::Topology BrokerConnection::topology() const
{
    Amqp::Topology topology;
    // As mod_amqp declares them (topic, durable): declaring them again is harmless, and binding
    // to them works before the first switch has connected.
    for (const QByteArrayView name : {eventsExchange, loggingExchange, commandsExchange})
        topology.exchanges.append({name.toByteArray(), "topic", true, false});
    topology.exchanges.append({repliesExchange.toByteArray(), "topic", true, false});
    topology.exchanges.append({overflowExchange.toByteArray(), "topic", true, false});

    Amqp::QueueSpec events;
    events.maxLength = std::max<qint64>(1, m_options.maxQueueLength);
    events.overflowDropHead = true;
    events.deadLetterExchange = overflowExchange.toByteArray();
    events.deadLetterRoutingKey = m_consoleId;
    events.prefetch = std::max(1, m_options.prefetch);
    Amqp::QueueSpec replies;
    replies.noAck = true;
    Amqp::QueueSpec overflow;
    overflow.noAck = true;
    overflow.maxLength = kOverflowQueueLength;
    topology.queues = {events, replies, overflow};

    QList<QByteArray> hosts;
    for (const QString &host : m_options.hostnames)
        hosts.append(host.toUtf8());
    if (hosts.isEmpty())
        hosts.append(QByteArray());
    QList<QByteArray> names;
    for (const QString &name : m_options.eventNames)
        names.append(name.toUtf8());
    if (!names.isEmpty()) {
        // Liveness and bgapi results need these whatever the operator watches.
        for (const char *name : {"HEARTBEAT", "BACKGROUND_JOB"}) {
            if (!names.contains(QByteArrayView(name)))
                names.append(QByteArray(name));
        }
    } else {
        names.append(QByteArray());
    }
    for (const QByteArray &host : hosts) {
        for (const QByteArray &name : names)
            topology.bindings.append(
                {eventsExchange.toByteArray(), Amqp::eventBindingKey(host, name), kEventsQueue});
        if (m_options.logLines)
            topology.bindings.append(
                {loggingExchange.toByteArray(), Amqp::logBindingKey(host), kEventsQueue});
    }
    topology.bindings.append({repliesExchange.toByteArray(), m_consoleId + ".#", kRepliesQueue});
    topology.bindings.append({overflowExchange.toByteArray(), m_consoleId, kOverflowQueue});
    return topology;
}

QByteArray BrokerConnection::commandKey(const QString &hostname) const
{
    const auto override = m_options.commandKeys.constFind(hostname);
    if (override != m_options.commandKeys.cend())
        return override->toUtf8();
    QByteArray key = m_options.commandKeyTemplate.toUtf8();
    key.replace("<hostname>", Amqp::escapeKeyPart(hostname.toUtf8()));
    return key;
}

} // namespace Monitor
