#pragma once
// What tst_amqpclient's cases share: names unique to one run, a topology of one bound queue,
// messages to publish, and a collector of the batches a Client hands over.

#include "amqp/client.h"

#include <QList>
#include <QObject>
#include <QUuid>

namespace AmqpClientTest {

using namespace Amqp;

inline QByteArray unique(const char *prefix)
{
    return prefix + QUuid::createUuid().toByteArray(QUuid::WithoutBraces).left(8);
}

inline ConnectionOptions optionsFor(const QString &url)
{
    QString error;
    ConnectionOptions options = ConnectionOptions::fromUrl(url, &error);
    if (!error.isEmpty())
        qWarning("%s", qPrintable(error));
    return options;
}

// One topic exchange and one server-named queue bound to all of it.
inline Topology oneQueueOn(const QByteArray &exchange)
{
    Topology topology;
    topology.exchanges.append(ExchangeSpec{exchange, "topic", false, false});
    topology.queues.append(QueueSpec{});
    topology.bindings.append(Binding{exchange, "#", 0});
    return topology;
}

inline Message messageTo(const QByteArray &exchange, const QByteArray &key, const QByteArray &body)
{
    Message message;
    message.exchange = exchange;
    message.routingKey = key;
    message.body = body;
    return message;
}

// Collects every batch a client hands over.
struct Received
{
    explicit Received(Client *client)
    {
        QObject::connect(client, &Client::messagesReceived, client,
                         [this](int queueIndex, const QList<Message> &batch) {
                             ++batches;
                             for (const Message &m : batch) {
                                 messages.append(m);
                                 queues.append(queueIndex);
                             }
                         });
    }
    int batches = 0;
    QList<Message> messages;
    QList<int> queues;
};

} // namespace AmqpClientTest
