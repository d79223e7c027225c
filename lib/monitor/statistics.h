#pragma once
// Time series for the charts: per server and in total, once a second, the concurrent channels
// and calls, the calls started per second and the events received per second.

#include "eventstore.h"

#include <QHash>
#include <QObject>
#include <QTimer>

#include <deque>

namespace Monitor {

class ServerMonitor;

struct Sample
{
    qint64 timeMs = 0;
    int channels = 0;
    int calls = 0;
    double callsPerSecond = 0;
    double eventsPerSecond = 0;
};

class Statistics : public QObject
{
    Q_OBJECT

public:
    explicit Statistics(QObject *parent = nullptr);

    void setCapacity(int samples) { m_capacity = std::max(2, samples); }
    [[nodiscard]] int capacity() const { return m_capacity; }
    void watch(ServerMonitor *server);
    void unwatch(ServerId id);
    void start(int intervalMs = 1000);
    void stop() { m_timer.stop(); }
    // Takes one sample of every watched server now (the timer calls this).
    void sample(qint64 nowMs);

    [[nodiscard]] const std::deque<Sample> &series(ServerId id) const;
    [[nodiscard]] const std::deque<Sample> &total() const { return m_total; }
    [[nodiscard]] QList<ServerId> servers() const { return m_series.keys(); }

Q_SIGNALS:
    void sampled(qint64 timeMs);

private:
    struct Watched
    {
        ServerMonitor *server = nullptr;
        qint64 lastCalls = 0;
        qint64 lastEvents = 0;
        qint64 lastTimeMs = 0;
    };
    void push(std::deque<Sample> &series, const Sample &sample);

    QTimer m_timer;
    int m_capacity = 600;
    QHash<ServerId, Watched> m_watched;
    QHash<ServerId, std::deque<Sample>> m_series;
    std::deque<Sample> m_total;
};

} // namespace Monitor
