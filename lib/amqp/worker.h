#pragma once
// The loop that owns a broker connection on the Client's thread of its own: connect, declare,
// serve (read deliveries into batches, publish, answer depth questions, apply topology changes),
// and on loss reconnect with capped exponential backoff. A refused login stops in Failed until
// reconnectNow(): hammering a broker with a wrong password helps no one.
//
// Everything it tells the owner goes through one queued call per event (per batch for
// messages) on the Client; `generation` lets the owner ignore what a stopped worker said late.

#include "brokersession.h"
#include "workershared.h"

#include <QElapsedTimer>

#include <memory>

namespace Amqp::Detail {

class Worker
{
public:
    Worker(Client *client, ConnectionOptions options, Shared *shared, int generation);
    ~Worker();
    void run();

private:
    enum class Outcome { Continue, Stopped, Lost, Restart };

    // worker.cpp: the connection's life
    bool connectSession(QString *error, bool *refused);
    Outcome serve(QString *error);
    Outcome serviceRequests(QString *error, bool *morePublishes);
    Outcome applyTopology(const Topology &topology, QString *error);
    bool publishQueued(std::deque<Message> &messages, QString *error);
    // Waits for `ms` or a request; false when stop was asked.
    bool pause(int ms, bool *reconnectAsked);
    void settle(State state, const QString &error);

    // deliveries.cpp: frames into messages into batches
    bool readAvailable(QString *error, bool *drained);
    bool handleFrame(const amqp_frame_t &frame, QString *error);
    bool handleMethod(const amqp_frame_t &frame, QString *error);
    bool completeDelivery(QString *error);
    bool flushBatch(QString *error, bool ack = true);
    [[nodiscard]] int batchWaitLeftMs() const;

    // Queued calls to the owner.
    void postState(State state, const QString &error);
    void postError(const QString &error);
    void postDeclared(const QList<QByteArray> &names);
    void postDepth(int queueIndex, qint64 messages, qint64 consumers);
    void postPublishFailed(const Message &message, const QString &error);
    void postBatch(int queueIndex, QList<Message> &&batch);

    Client *m_client;
    ConnectionOptions m_options;
    Shared *m_shared;
    int m_generation;
    Settings m_settings;          // as they were at the last (re)connect
    Topology m_topology;          // what is declared on the broker now
    QList<QByteArray> m_names;    // the queues' names, by index
    std::unique_ptr<BrokerSession> m_session;
    State m_state = State::Disconnected;

    struct Incoming
    {
        bool active = false;
        bool headerSeen = false;
        bool dropping = false; // larger than the limit: read and forgotten
        int queueIndex = -1;
        quint64 bodySize = 0;
        quint64 received = 0;
        Message message;
    } m_incoming;

    struct Batch
    {
        int queueIndex = -1; // -1: no batch open
        bool ack = false;
        quint64 lastTag = 0;
        QList<Message> messages;
        QElapsedTimer started;
    } m_batch;
};

} // namespace Amqp::Detail
