#pragma once
// The heap in use by this process, for tests that bound what hostile input may cost: allocated
// and not yet freed, in bytes. Under AddressSanitizer (.ci/sanitize) that is the allocator's own
// count (its quarantine of freed blocks not included, which would swamp RSS); elsewhere glibc's
// mallinfo2(), small blocks and mmapped ones. Neither depends on what the kernel decided to keep
// resident, so a bound on it is a bound on what the code holds.

#include <QObject>
#include <QTimer>

#include <atomic>
#include <thread>

namespace TestSupport {

[[nodiscard]] qint64 heapInUse();
// "heap in use (AddressSanitizer)" or "heap in use (glibc)": what heapInUse() measures.
[[nodiscard]] const char *heapMeasure();

// The highest heapInUse() seen while the event loop runs (sampled every few milliseconds, and
// at every peak() call).
class HeapPeak : public QObject
{
public:
    explicit HeapPeak(int intervalMs = 5);
    [[nodiscard]] qint64 peak();
    [[nodiscard]] qint64 start() const { return m_start; }
    // The peak above where it started.
    [[nodiscard]] qint64 growth() { return peak() - m_start; }

private:
    void sample();
    QTimer m_timer;
    qint64 m_start = 0;
    qint64 m_peak = 0;
};

// The same from a thread of its own, every millisecond: for work that holds the event loop (a
// synchronous load) and allocates for only a moment.
class HeapWatch
{
public:
    HeapWatch();
    ~HeapWatch();
    // The peak above where it started.
    [[nodiscard]] qint64 growth() const { return m_peak.load() - m_start; }

private:
    qint64 m_start = 0;
    std::atomic<qint64> m_peak = 0;
    std::atomic<bool> m_stop = false;
    std::thread m_thread;
};

} // namespace TestSupport
