#pragma once
// One chunk of the EventStore: a few thousand records, the shapes of their header lists and the
// pool of their values, with what it takes to add a record and to close the chunk. Private to the
// store: eventstore.cpp writes chunks, eventstorerecord.cpp reads them, nothing else includes this.
// Everything is inline, as the store calls it for every header it stores or reads.

#include "arena.h"
#include "eventstore.h"
#include "idtable.h"

#include <algorithm>
#include <unordered_map>
#include <utility>
#include <vector>

namespace Monitor {

constexpr quint32 kChunkRecords = 4096;
// Slots are 16-bit ids into the chunk's value pool; a chunk is sealed before the pool fills.
using Slot = quint16;
constexpr Slot kNoBody = 0xffff;
constexpr quint32 kMaxEntries = 0xfff0;
constexpr quint32 kMaxInterned = 256; // longer values are stored as they come
// A chunk closes when its pool holds chunkBytes(): a sixteenth of maxBytes, so that dropping one
// gives back a small part of the store; at least 1 MiB, so that small records still fill a chunk
// by the thousand (4,096 load events take 57 KiB of pool); at most 256 MiB (see Arena).
constexpr qint64 kMinChunkBytes = qint64(1) << 20;
constexpr qint64 kMaxChunkBytes = qint64(256) << 20;
static_assert(quint64(kMaxChunkBytes) < Arena::kMaxBytes / 8, "a chunk closes far below 4 GiB");

struct ShapeHash
{
    size_t operator()(const std::vector<NameId> &names) const noexcept
    {
        size_t h = 1469598103934665603ull;
        for (const NameId n : names)
            h = (h ^ n) * 1099511628211ull;
        return h;
    }
};

// One chunk: its records, their shapes and their values.
struct EventStore::Chunk
{
    struct Shape
    {
        std::vector<SpellingId> spellings;              // in order, exactly as received
        std::vector<NameId> names;                      // the same, case-folded
        std::vector<std::pair<NameId, quint16>> sorted; // name -> first position
    };

    Sequence firstSeq = 0;
    // Per record: where its words start in `words` ([shape][body][slot...]), and its metadata.
    std::vector<quint32> offsets;
    std::vector<qint64> received;
    std::vector<ServerId> servers;
    std::vector<RecordKind> kinds;
    std::vector<Slot> words;

    std::vector<Shape> shapes;
    std::unordered_map<std::vector<SpellingId>, Slot, ShapeHash> shapeIds;

    // The value pool: every value is an id into `entries` (offset, size into `arena`).
    std::vector<std::pair<quint32, quint32>> entries;
    Arena arena{64 * 1024};
    IdTable interned; // deduplicated values: entry ids, keyed by their bytes in `arena`
    std::vector<QByteArray> channels; // the UUIDs this chunk indexed, for pruning
    qint64 shapeBytes = 0;
    bool sealed = false;     // takes no more records; its bytes() are in EventStore::m_bytes
    bool overflowed = false; // a value found no room in `arena`: the record is not kept

    // Whether a record of `headers` headers and a body of `bodyBytes` still fits the 16-bit
    // slots and the byte cap. A record over the cap gets a chunk of its own.
    [[nodiscard]] bool hasRoomFor(qsizetype headers, qint64 bodyBytes, qint64 chunkBytes) const
    {
        return !sealed && count() < kChunkRecords &&
               entries.size() + size_t(headers) + 2 < kMaxEntries &&
               shapes.size() + 1 < kMaxEntries && arena.size() + bodyBytes < chunkBytes;
    }

    [[nodiscard]] quint32 count() const { return quint32(offsets.size()); }

    [[nodiscard]] QByteArrayView valueOf(quint32 id) const
    {
        const auto &[offset, size] = entries[id];
        return QByteArrayView(arena.data() + offset, size);
    }

    Slot addValue(QByteArrayView value, bool dedupe)
    {
        quint64 hash = 0;
        if (dedupe) {
            hash = hashBytes(value);
            const quint32 found =
                interned.find(value, hash, [this](quint32 id) { return valueOf(id); });
            if (found != IdTable::kMissing)
                return Slot(found);
        }
        const quint32 offset = arena.size();
        if (!arena.append(value)) [[unlikely]] {
            overflowed = true; // the store drops the record, so the empty value is never read
            value = {};
        }
        const auto id = Slot(entries.size());
        entries.emplace_back(offset, quint32(value.size()));
        if (dedupe)
            interned.insert(hash, id);
        return id;
    }

    Slot shapeOf(std::vector<SpellingId> &&spellings)
    {
        const auto it = shapeIds.find(spellings);
        if (it != shapeIds.end())
            return it->second;
        HeaderNames &table = HeaderNames::instance();
        Shape shape;
        shape.spellings = spellings;
        for (quint16 i = 0; i < quint16(spellings.size()); ++i) {
            const NameId name = table.nameOf(spellings[i]);
            shape.names.push_back(name);
            shape.sorted.emplace_back(name, i);
        }
        std::stable_sort(shape.sorted.begin(), shape.sorted.end(),
                         [](const auto &a, const auto &b) { return a.first < b.first; });
        // Keep the first position of each name only.
        shape.sorted.erase(
            std::unique(shape.sorted.begin(), shape.sorted.end(),
                        [](const auto &a, const auto &b) { return a.first == b.first; }),
            shape.sorted.end());
        const auto id = Slot(shapes.size());
        shapeBytes +=
            qint64(shape.names.capacity() * sizeof(NameId) * 3 + shape.sorted.capacity() * 4 + 160);
        shapes.push_back(std::move(shape));
        shapeIds.emplace(std::move(spellings), id);
        return id;
    }

    // No more records will come: give back what only writing needed.
    void seal()
    {
        sealed = true;
        interned.release();
        std::unordered_map<std::vector<SpellingId>, Slot, ShapeHash>().swap(shapeIds);
        arena.shrinkToFit();
        words.shrink_to_fit();
        entries.shrink_to_fit();
        channels.shrink_to_fit();
    }

    [[nodiscard]] qint64 bytes() const
    {
        qint64 total = qint64(sizeof(Chunk));
        total +=
            qint64(offsets.capacity() * sizeof(quint32) + received.capacity() * sizeof(qint64) +
                   servers.capacity() * sizeof(ServerId) + kinds.capacity() +
                   words.capacity() * sizeof(Slot));
        total += qint64(entries.capacity() * sizeof(entries[0]) + arena.capacity());
        total += interned.memoryBytes();
        total += shapeBytes + qint64(shapeIds.bucket_count() * sizeof(void *));
        total += qint64(channels.capacity() * sizeof(QByteArray));
        return total;
    }
};

} // namespace Monitor
