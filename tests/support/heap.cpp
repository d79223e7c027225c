#include "heap.h"

#include <malloc.h>

#if defined(__SANITIZE_ADDRESS__)
#define SWITCHBOARD_HEAP_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SWITCHBOARD_HEAP_ASAN 1
#endif
#endif
#ifdef SWITCHBOARD_HEAP_ASAN
// From the runtime's public <sanitizer/allocator_interface.h>, which GCC 12 does not install.
extern "C" size_t __sanitizer_get_current_allocated_bytes();
#endif

namespace TestSupport {

qint64 heapInUse()
{
#ifdef SWITCHBOARD_HEAP_ASAN
    return qint64(__sanitizer_get_current_allocated_bytes());
#else
    const struct mallinfo2 info = mallinfo2();
    return qint64(info.uordblks + info.hblkhd);
#endif
}

const char *heapMeasure()
{
#ifdef SWITCHBOARD_HEAP_ASAN
    return "heap in use (AddressSanitizer)";
#else
    return "heap in use (glibc)";
#endif
}

HeapPeak::HeapPeak(int intervalMs) : m_start(heapInUse()), m_peak(m_start)
{
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &HeapPeak::sample);
    m_timer.start(intervalMs);
}

void HeapPeak::sample()
{
    m_peak = std::max(m_peak, heapInUse());
}

qint64 HeapPeak::peak()
{
    sample();
    return m_peak;
}

HeapWatch::HeapWatch() : m_start(heapInUse()), m_peak(m_start)
{
    m_thread = std::thread([this] {
        while (!m_stop.load()) {
            const qint64 now = heapInUse();
            if (now > m_peak.load())
                m_peak.store(now);
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
    });
}

HeapWatch::~HeapWatch()
{
    m_stop.store(true);
    m_thread.join();
}

} // namespace TestSupport
