#pragma once
// A hash set of ids whose keys (byte strings) live elsewhere: it holds (hash, id) pairs and asks
// keyOf(id) for the bytes to compare. Open addressing, linear probing, at most half full. Keys
// are never copied, so the bytes they point into may move (the value pool's arena grows).
//
// The event store looks up every header it stores here (the name as spelled, and in the chunk's
// value pool the value), so the table and its hash are inline: a call per header into another
// file would cost more than the lookup.

#include <QByteArrayView>
#include <QtGlobal>

#include <algorithm>
#include <cstring>
#include <vector>

namespace Monitor {

// Hashes a byte string from its length and at most three 8-byte words: the first, the middle
// and the last (overlapping for short strings, so up to 24 bytes every byte counts). Header
// names and values differ at their ends (UUIDs, numbers, times, name suffixes); a collision
// costs a comparison, not a wrong answer. std::hash and qHash read every byte and cost more
// than the rest of storing a header.
inline quint64 hashBytes(QByteArrayView bytes)
{
    const char *p = bytes.data();
    const size_t n = size_t(bytes.size());
    quint64 h = 0x9e3779b97f4a7c15ull ^ (n * 0xff51afd7ed558ccdull);
    auto mix = [&h](quint64 w) {
        h = (h ^ w) * 0xc4ceb9fe1a85ec53ull;
        h ^= h >> 29;
    };
    auto word = [](const char *at) {
        quint64 w;
        std::memcpy(&w, at, 8);
        return w;
    };
    if (n >= 8) {
        mix(word(p));
        if (n > 16)
            mix(word(p + n / 2 - 4));
        mix(word(p + n - 8));
    } else if (n >= 4) {
        quint32 a;
        quint32 b;
        std::memcpy(&a, p, 4);
        std::memcpy(&b, p + n - 4, 4);
        mix(quint64(a) << 32 | b);
    } else if (n > 0) {
        mix(quint64(quint8(p[0])) << 16 | quint64(quint8(p[n / 2])) << 8 | quint8(p[n - 1]));
    }
    return h ^ (h >> 32);
}

inline bool sameBytes(QByteArrayView a, QByteArrayView b)
{
    return a.size() == b.size() &&
           (a.isEmpty() || std::memcmp(a.data(), b.data(), size_t(a.size())) == 0);
}

class IdTable
{
public:
    static constexpr quint32 kMissing = 0xffffffff;

    template<typename KeyOf>
    [[nodiscard]] quint32 find(QByteArrayView key, quint64 hash, KeyOf keyOf) const
    {
        if (m_slots.empty())
            return kMissing;
        const size_t mask = m_slots.size() - 1;
        for (size_t i = size_t(hash) & mask;; i = (i + 1) & mask) {
            const Entry &e = m_slots[i];
            if (e.id == kMissing)
                return kMissing;
            if (e.hash == quint32(hash >> 32) && sameBytes(keyOf(e.id), key))
                return e.id;
        }
    }

    void insert(quint64 hash, quint32 id)
    {
        if (2 * (m_size + 1) > m_slots.size())
            grow();
        place(Entry{quint32(hash >> 32), id, quint32(hash)});
        ++m_size;
    }

    void release() { std::vector<Entry>().swap(m_slots), m_size = 0; }
    [[nodiscard]] size_t size() const { return m_size; }
    [[nodiscard]] qint64 memoryBytes() const { return qint64(m_slots.capacity() * sizeof(Entry)); }

private:
    struct Entry
    {
        quint32 hash; // the high half, to compare
        quint32 id = kMissing;
        quint32 low; // the low half, to place
    };

    void place(Entry entry)
    {
        const size_t mask = m_slots.size() - 1;
        size_t i = entry.low & mask;
        while (m_slots[i].id != kMissing)
            i = (i + 1) & mask;
        m_slots[i] = entry;
    }

    void grow()
    {
        std::vector<Entry> old(std::max<size_t>(m_slots.size() * 2, 64));
        old.swap(m_slots);
        for (const Entry &e : old) {
            if (e.id != kMissing)
                place(e);
        }
    }

    std::vector<Entry> m_slots;
    size_t m_size = 0;
};

} // namespace Monitor
