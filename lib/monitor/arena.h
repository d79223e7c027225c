#pragma once
// A chunk's value pool: bytes addressed by 32-bit offsets. A chunk takes a record only while its
// pool and the record's body stay under chunkBytes() (at most kMaxChunkBytes, 256 MiB, in
// eventstorechunk.h), and a body over maxBytes is never copied, so a pool nears 4 GiB only
// through one record's gigabytes of header values. grow() refuses to pass 4 GiB, and the store
// then drops that record: no offset can wrap and read another value. realloc() rather than
// new[]: a large pool grows and shrinks by remapping its pages, not by copying them.
//
// The event store's chunks keep their values here (eventstorechunk.h), and append() runs for every
// header stored: it stays inline.

#include <QByteArrayView>
#include <QtGlobal>

#include <algorithm>
#include <cstdlib>
#include <cstring>

namespace Monitor {

class Arena
{
public:
    static constexpr quint64 kMaxBytes = 0xffffffff;

    explicit Arena(quint32 capacity) { reallocate(capacity); }
    Arena(const Arena &) = delete;
    Arena &operator=(const Arena &) = delete;
    ~Arena() { std::free(m_data); }

    [[nodiscard]] const char *data() const { return m_data; }
    [[nodiscard]] quint32 size() const { return m_size; }
    [[nodiscard]] quint32 capacity() const { return m_capacity; }

    // Copies `bytes` to the end; false, copying nothing, when that would pass kMaxBytes. The one
    // comparison here replaces std::string::append's own.
    bool append(QByteArrayView bytes)
    {
        const auto n = quint64(bytes.size());
        if (n > m_capacity - m_size && !grow(n)) [[unlikely]]
            return false;
        if (n > 0)
            std::memcpy(m_data + m_size, bytes.data(), n);
        m_size += quint32(n);
        return true;
    }

    void shrinkToFit() { reallocate(m_size); }

private:
    bool grow(quint64 more)
    {
        const quint64 need = m_size + more;
        if (need > kMaxBytes)
            return false;
        reallocate(std::min(std::max(need, 2 * quint64(m_capacity)), kMaxBytes));
        return true;
    }

    void reallocate(quint64 capacity)
    {
        Q_ASSERT(capacity >= m_size && capacity <= kMaxBytes);
        auto *data = static_cast<char *>(std::realloc(m_data, std::max<quint64>(capacity, 1)));
        Q_CHECK_PTR(data);
        m_data = data;
        m_capacity = quint32(capacity);
    }

    char *m_data = nullptr;
    quint32 m_size = 0;
    quint32 m_capacity = 0;
};

} // namespace Monitor
