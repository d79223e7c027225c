#pragma once
// What the Client (owner thread) and its worker share: requests under one mutex (publishes,
// topology, depth questions, stop, reconnect), the settings the worker applies on each
// (re)connect, and a wake-up the worker polls beside its socket so that a request never waits
// for a read timeout. Internal to lib/amqp.

#include "client.h"

#include <QList>
#include <QMutex>

#include <atomic>
#include <deque>

namespace Amqp::Detail {

// An eventfd: the owner signals, the worker polls it beside the broker's socket.
class Wakeup
{
public:
    Wakeup();
    ~Wakeup();
    Wakeup(const Wakeup &) = delete;
    Wakeup &operator=(const Wakeup &) = delete;
    void signal();
    void clear();
    [[nodiscard]] int fd() const { return m_fd; }
    // Waits for the wake-up or, when socketFd >= 0, for the socket to be readable; false on
    // timeout. Returns true when woken or readable.
    bool wait(int socketFd, int timeoutMs);

private:
    int m_fd = -1;
};

struct Settings
{
    Client::BatchHandler handler;
    int maxBatchMessages = 512;
    int maxBatchWaitMs = 5;
    int backoffFirstMs = 1000;
    int backoffMaxMs = 30000;
    int maxQueuedPublishes = 10000;
    qint64 maxMessageBytes = 64 * 1024 * 1024;
};

// Batches posted to the owner and not yet delivered there; past this the worker stops reading
// the socket, so a slow owner holds messages in the broker (where the queue's bound applies),
// not in the event loop.
inline constexpr int maxBatchesInFlight = 16;
inline constexpr int maxDepthRequests = 64;

struct Shared
{
    QMutex mutex;
    Settings settings;
    Topology topology;
    bool topologyChanged = false;
    std::deque<Message> publishes;
    QList<int> depthRequests;
    bool stopRequested = false;
    bool reconnectRequested = false;

    // Touched only on the owner's thread (by the Client and the calls the worker queues there).
    int generation = 0; // which start() the worker's queued calls belong to
    State ownerState = State::Disconnected;
    QString ownerLastError;

    Wakeup wakeup;
    std::atomic<int> batchesInFlight{0};
    std::atomic<quint64> droppedMessages{0};
};

} // namespace Amqp::Detail
