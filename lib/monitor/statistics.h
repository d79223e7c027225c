#pragma once
// Time series for the charts: per server and in total, once a second, the concurrent channels
// and calls, the calls started per second and the events received per second, the calls started
// over the last minute, and whether the server was live.
//
// Calls per second, sampled each second, is 0 or 1 at the rates a switch sees (a comb on a chart,
// a flicker in a status bar); callsLastMinute counts the calls started in the trailing
// kRateWindowMs instead, a rate that moves smoothly. A sample taken while a server is not live and
// in step says so (`live`): what it counts is then not what the switch does, and the charts leave
// a gap.

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
    // Calls started in the last kRateWindowMs (fewer while the series is younger than that).
    int callsLastMinute = 0;
    // The server was live and in step when sampled (its channel list trusted: not while it
    // re-reads it after a connect); in the total: at least one server was.
    bool live = false;
};

class Statistics : public QObject
{
    Q_OBJECT

public:
    explicit Statistics(QObject *parent = nullptr);

    static constexpr qint64 kRateWindowMs = 60000;

    void setCapacity(int samples) { m_capacity = std::max(2, samples); }
    [[nodiscard]] int capacity() const { return m_capacity; }
    void watch(ServerMonitor *server);
    void unwatch(ServerId id);
    void start(int intervalMs = 1000);
    void stop() { m_timer.stop(); }
    // Takes one sample of every watched server now (the timer calls this). Live calls are
    // counted within a time budget (see m_countBudgetMs); tests may set it.
    void setCountBudgetMs(qint64 ms) { m_countBudgetMs = ms; }
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
        // (time, calls started) at each sample of the last kRateWindowMs, and the one before it.
        std::deque<std::pair<qint64, qint64>> started;
        int liveCalls = 0; // as last counted
        bool counted = false;
    };
    // Calls started in the trailing window, from `w.started` (trimmed on the way).
    [[nodiscard]] static int callsInWindow(Watched &w, qint64 nowMs, qint64 startedNow);
    void push(std::deque<Sample> &series, const Sample &sample);

    QTimer m_timer;
    int m_capacity = 600;
    // Counting a server's live calls walks its channels (30,000 in a fleet of a hundred switches
    // took the GUI thread 15 ms or more each second). A tick counts servers, in turn from where
    // the last one stopped, until the budget (4 ms) is spent, and at least one; the rest keep the
    // count they had, a few seconds old under heavy load. A server never counted is counted at
    // once.
    qint64 m_countBudgetMs = 4;
    qsizetype m_countFrom = 0;
    QHash<ServerId, Watched> m_watched;
    QHash<ServerId, std::deque<Sample>> m_series;
    std::deque<Sample> m_total;
};

} // namespace Monitor
