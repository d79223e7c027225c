#include "statistics.h"

#include "servermonitor.h"

#include <QElapsedTimer>

namespace Monitor {

Statistics::Statistics(QObject *parent) : QObject(parent)
{
    connect(&m_timer, &QTimer::timeout, this, [this] { sample(ServerMonitor::now()); });
}

void Statistics::watch(ServerMonitor *server)
{
    Watched w;
    w.server = server;
    w.lastCalls = server->callsStarted();
    w.lastEvents = server->eventsReceived();
    m_watched.insert(server->id(), w);
    m_series[server->id()];
}

void Statistics::unwatch(ServerId id)
{
    m_watched.remove(id);
    m_series.remove(id);
}

void Statistics::start(int intervalMs)
{
    m_timer.start(intervalMs);
}

void Statistics::push(std::deque<Sample> &series, const Sample &sample)
{
    series.push_back(sample);
    while (int(series.size()) > m_capacity)
        series.pop_front();
}

int Statistics::callsInWindow(Watched &w, qint64 nowMs, qint64 startedNow)
{
    // The base is the newest entry at or before the window's start: drop the ones before it.
    while (w.started.size() > 1 && w.started[1].first <= nowMs - kRateWindowMs)
        w.started.pop_front();
    // Before the first sample, the count when the server was first watched.
    const qint64 base = w.started.empty() ? w.lastCalls : w.started.front().second;
    w.started.emplace_back(nowMs, startedNow);
    return int(std::max<qint64>(0, startedNow - base));
}

void Statistics::sample(qint64 nowMs)
{
    Sample total;
    total.timeMs = nowMs;
    // Which servers get their calls counted this tick: in turn, from m_countFrom, within budget.
    const QList<ServerId> ids = m_watched.keys();
    QElapsedTimer budget;
    budget.start();
    qsizetype nextFrom = -1;
    int countedNow = 0;
    for (qsizetype i = 0; i < ids.size(); ++i) {
        const qsizetype at = (m_countFrom + i) % ids.size();
        Watched &w = m_watched[ids[at]];
        if (!w.counted || countedNow == 0 || budget.elapsed() < m_countBudgetMs) {
            w.liveCalls = w.server->channels()->liveCallCount();
            w.counted = true;
            ++countedNow;
        } else if (nextFrom < 0) {
            nextFrom = at;
        }
    }
    m_countFrom = nextFrom < 0 ? 0 : nextFrom;
    for (auto it = m_watched.begin(); it != m_watched.end(); ++it) {
        Watched &w = it.value();
        const ChannelStore *channels = w.server->channels();
        Sample s;
        s.timeMs = nowMs;
        s.channels = channels->liveCount();
        s.calls = w.liveCalls;
        const double seconds = w.lastTimeMs > 0 ? double(nowMs - w.lastTimeMs) / 1000.0 : 0;
        if (seconds > 0) {
            s.callsPerSecond = double(w.server->callsStarted() - w.lastCalls) / seconds;
            s.eventsPerSecond = double(w.server->eventsReceived() - w.lastEvents) / seconds;
        }
        s.callsLastMinute = callsInWindow(w, nowMs, w.server->callsStarted());
        s.live = w.server->link()->isLive() && !w.server->isOutOfStep();
        w.lastCalls = w.server->callsStarted();
        w.lastEvents = w.server->eventsReceived();
        w.lastTimeMs = nowMs;
        push(m_series[it.key()], s);
        total.channels += s.channels;
        total.calls += s.calls;
        total.callsPerSecond += s.callsPerSecond;
        total.eventsPerSecond += s.eventsPerSecond;
        total.callsLastMinute += s.callsLastMinute;
        total.live = total.live || s.live;
    }
    push(m_total, total);
    Q_EMIT sampled(nowMs);
}

const std::deque<Sample> &Statistics::series(ServerId id) const
{
    static const std::deque<Sample> empty;
    const auto it = m_series.constFind(id);
    return it == m_series.cend() ? empty : *it;
}

} // namespace Monitor
