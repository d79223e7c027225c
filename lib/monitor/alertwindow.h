#pragma once
// The small counters behind the alert rules that count over time, sized once per rule so that
// counting a record allocates nothing once they are full:
//  - TimeWindow: "more than N in W": a ring of the last N+1 times (with the records' sequences);
//    more than N happened within W exactly when the oldest of the ring is within W.
//    Custom rules counting channels push with the channel's uuid: a channel already in the ring
//    within W is not pushed again, so the ring holds distinct channels and stays N+1 long; an
//    index of the uuids in the ring (bounded by it, never more than N+1 keys) finds them.
//  - SecondBuckets: events per second over the last kSeconds seconds (the call rate).

#include "eventstore.h"

#include <QByteArray>
#include <QHash>
#include <QList>

#include <vector>

namespace Monitor {

class TimeWindow
{
public:
    // Forgets everything and keeps the last `capacity` (N+1) entries from now on.
    void reset(int capacity)
    {
        m_capacity = std::max(1, capacity);
        m_ring.clear();
        m_channels.clear();
        m_head = 0;
    }
    void push(qint64 ms, Sequence seq, const QByteArray &channel = {})
    {
        if (!channel.isEmpty()) {
            Seen &seen = m_channels[channel];
            ++seen.entries;
            seen.newestMs = std::max(seen.newestMs, ms);
        }
        if (int(m_ring.size()) < m_capacity) {
            m_ring.push_back(Entry{ms, seq, channel});
            return;
        }
        Entry &oldest = m_ring[size_t(m_head)];
        if (!oldest.channel.isEmpty()) {
            const auto it = m_channels.find(oldest.channel);
            if (it != m_channels.end() && --it->entries <= 0)
                m_channels.erase(it);
        }
        oldest = Entry{ms, seq, channel};
        m_head = (m_head + 1) % m_capacity;
    }
    // Pushes a record of `channel` unless that channel is in the ring already within the
    // window (empty: always pushed). True when it was pushed (counted).
    bool pushChannel(qint64 ms, Sequence seq, const QByteArray &channel, qint64 windowMs)
    {
        if (!channel.isEmpty()) {
            const auto it = m_channels.constFind(channel);
            if (it != m_channels.cend() && it->newestMs > ms - windowMs)
                return false;
        }
        push(ms, seq, channel);
        return true;
    }
    // All `capacity` entries happened after nowMs - windowMs.
    [[nodiscard]] bool exceeded(qint64 nowMs, qint64 windowMs) const
    {
        return int(m_ring.size()) == m_capacity && m_ring[size_t(m_head)].ms > nowMs - windowMs;
    }
    // The sequences of the newest `n` entries, oldest first.
    [[nodiscard]] QList<Sequence> newest(int n) const
    {
        QList<Sequence> out;
        const int size = int(m_ring.size());
        for (int i = std::max(0, size - n); i < size; ++i)
            out.append(m_ring[size_t((m_head + i) % size)].seq);
        return out;
    }
    [[nodiscard]] int capacity() const { return m_capacity; }

private:
    struct Entry
    {
        qint64 ms = 0;
        Sequence seq = 0;
        QByteArray channel; // counting channels: its uuid (empty otherwise)
    };
    struct Seen
    {
        int entries = 0;     // of the ring
        qint64 newestMs = 0; // the newest of them
    };
    std::vector<Entry> m_ring; // grows to m_capacity, then wraps at m_head (the oldest)
    QHash<QByteArray, Seen> m_channels; // the uuids in m_ring: at most m_capacity keys
    int m_capacity = 1;
    int m_head = 0;
};

class SecondBuckets
{
public:
    static constexpr int kSeconds = 300;

    void add(qint64 ms)
    {
        const qint64 second = ms / 1000;
        Bucket &b = m_buckets[size_t(second % kSeconds)];
        if (b.second != second)
            b = Bucket{second, 0};
        ++b.count;
    }
    // Events in the `seconds` seconds up to and including nowMs's second.
    [[nodiscard]] qint64 countOver(qint64 nowMs, int seconds) const
    {
        const qint64 now = nowMs / 1000;
        qint64 total = 0;
        for (const Bucket &b : m_buckets) {
            if (b.second <= now && b.second > now - std::min(seconds, kSeconds))
                total += b.count;
        }
        return total;
    }

private:
    struct Bucket
    {
        qint64 second = -1;
        qint64 count = 0;
    };
    std::vector<Bucket> m_buckets = std::vector<Bucket>(kSeconds);
};

} // namespace Monitor
