#pragma once
// Every event and log line received, from every server, in arrival order — compactly, so that a
// million of them fit in a few hundred megabytes and can be filtered in a fraction of a second.
//
// Records live in chunks of a few thousand. Inside a chunk, a record is a "shape" (the list of
// its header name ids, shared by every record with the same headers in the same order) and one
// 2-byte slot per header pointing into the chunk's value pool, where repeated values (states,
// names, UUIDs, caller ids, variables) are stored once. A chunk also closes when its pool's bytes
// reach chunkBytes(), so a few huge records fill a chunk as a few thousand small ones do.
//
// After every append, memoryBytes() <= maxBytes: the oldest chunk goes first, with its shapes and
// pool, and the drop is counted. A record too large to keep within the limit goes too, with
// everything before it (the store holds an unbroken run of the newest records).
//
// Records are numbered by a sequence that never repeats; a number below firstSequence() was
// dropped. An index by channel UUID (Unique-ID, or User-Data for log lines) answers "everything
// about this channel" without a scan.
//
// eventstore.cpp appends and keeps the limits; eventstorerecord.cpp reads records back. A chunk is
// in eventstorechunk.h, its value pool in arena.h (the bytes) and idtable.h (the dedupe table).

#include "eventview.h"

#include "esl/logline.h"
#include "esl/wire/event.h"

#include <QHash>
#include <QList>

#include <deque>
#include <memory>
#include <optional>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace Monitor {

using ServerId = quint16;
using Sequence = quint64;

enum class RecordKind : quint8 { Event, Log };

class IdTable;

class EventStore
{
    struct Chunk;

public:
    struct Limits
    {
        qint64 maxRecords = 1'000'000;
        qint64 maxBytes = qint64(768) * 1024 * 1024;
    };

    EventStore();
    explicit EventStore(Limits limits);
    ~EventStore();
    EventStore(const EventStore &) = delete;
    EventStore &operator=(const EventStore &) = delete;

    void setLimits(Limits limits);
    [[nodiscard]] const Limits &limits() const { return m_limits; }

    Sequence append(ServerId server, const Esl::Event &event, qint64 receivedMs);
    Sequence appendLog(ServerId server, const Esl::LogLine &line, qint64 receivedMs);

    [[nodiscard]] Sequence firstSequence() const { return m_firstSequence; }
    [[nodiscard]] Sequence endSequence() const { return m_nextSequence; } // one past the last
    [[nodiscard]] qint64 size() const { return qint64(m_nextSequence - m_firstSequence); }
    [[nodiscard]] bool contains(Sequence seq) const
    {
        return seq >= m_firstSequence && seq < m_nextSequence;
    }
    // Records dropped for the limits or by clear(): every number below firstSequence().
    [[nodiscard]] qint64 droppedCount() const { return m_dropped; }
    // What the records take in memory, indexes included (an estimate within a few percent).
    [[nodiscard]] qint64 memoryBytes() const;
    // The pool bytes at which a chunk closes: maxBytes / 16, within [1 MiB, 256 MiB]. A record
    // joins a chunk only while the pool and its body stay below this; a larger one gets a chunk
    // of its own. Pool offsets are 32-bit: a record that would take a pool past 4 GiB is dropped.
    [[nodiscard]] qint64 chunkBytes() const { return m_chunkBytes; }

    // A view of one record; valid until the next append (which may evict its chunk).
    class Record final : public EventView
    {
    public:
        [[nodiscard]] QByteArrayView value(NameId name) const override;
        void forEachHeader(const std::function<bool(NameId, QByteArrayView)> &visit) const override;
        [[nodiscard]] QByteArrayView body() const override;
        // Every header with its name spelled exactly as received.
        void forEachSpelledHeader(
            const std::function<bool(QByteArrayView, QByteArrayView)> &visit) const;

        [[nodiscard]] Sequence sequence() const { return m_seq; }
        [[nodiscard]] ServerId server() const;
        [[nodiscard]] qint64 receivedMs() const;
        [[nodiscard]] RecordKind kind() const;
        [[nodiscard]] int headerCount() const;

    private:
        friend class EventStore;
        const void *m_chunk = nullptr; // EventStore::Chunk
        quint32 m_index = 0;
        Sequence m_seq = 0;
    };

    // The record, or nothing when it was dropped or never existed.
    [[nodiscard]] std::optional<Record> record(Sequence seq) const;
    // The record rebuilt as an Esl::Event (log lines too, with their log/data headers).
    [[nodiscard]] std::optional<Esl::Event> event(Sequence seq) const;

    // Visits records [from, to) in order; stops when `visit` returns false.
    void forEach(Sequence from, Sequence to,
                 const std::function<bool(const Record &)> &visit) const;
    // The records about one channel, oldest first (those still stored).
    [[nodiscard]] QList<Sequence> recordsOfChannel(QByteArrayView uuid) const;

    void clear();

private:
    Chunk &writableChunk(qsizetype headers, qint64 bodyBytes);
    void sealOpenChunk();
    Sequence store(ServerId server, RecordKind kind, qint64 receivedMs, QByteArrayView channel,
                   const Esl::HeaderList &headers, const QByteArray *body);
    Sequence dropUnkeepable();
    void enforceLimits();
    void dropOldestChunk();
    const Chunk *chunkOf(Sequence seq, quint32 *index) const;
    // The index in m_spelled of a header name as received; `previous` is the index of the
    // header before it in the same event (IdTable's kMissing for the first).
    quint32 spelled(QByteArrayView name, quint32 previous);

    Limits m_limits;
    qint64 m_chunkBytes = 0; // from m_limits
    std::deque<std::unique_ptr<Chunk>> m_chunks;
    Sequence m_firstSequence = 0;
    Sequence m_nextSequence = 0;
    qint64 m_dropped = 0;
    qint64 m_bytes = 0;      // of the sealed chunks; the open one (if any) is measured on demand
    qint64 m_indexBytes = 0; // of m_byChannel
    // Channel UUID -> record numbers (pruned from the front as chunks go).
    QHash<QByteArray, std::vector<Sequence>> m_byChannel;
    // Header names whose values rarely repeat (dates, sequence numbers): kept out of the
    // dedupe tables. Indexed by NameId.
    struct NameStats
    {
        quint32 seen = 0;
        quint32 repeated = 0;
        bool unique = false;
        quint16 lastValue = 0;  // the value slot of this name's last deduplicated value...
        quint64 lastChunk = 0;  // ...in the chunk of this serial number
    };
    std::vector<NameStats> m_nameStats;
    quint64 m_chunkSerial = 0; // counts the chunks opened
    // Header names as received, with their HeaderNames ids (spell and nameOf), remembered.
    struct SpelledName
    {
        QByteArray spelling;
        SpellingId spellingId = kNoName;
        NameId nameId = kNoName;
        quint32 next = 0xffffffff; // the name that followed this one last time
    };
    std::vector<SpelledName> m_spelled;
    std::unique_ptr<IdTable> m_spelledIds; // indexes m_spelled by spelling
    quint32 m_firstSpelled = 0xffffffff;   // the first name of the last event
};

} // namespace Monitor
