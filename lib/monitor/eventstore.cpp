#include "eventstore.h"

#include "recordwire.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>

namespace Monitor {

namespace {

constexpr quint32 kChunkRecords = 4096;
// Slots are 16-bit ids into the chunk's value pool; a chunk is sealed before the pool fills.
using Slot = quint16;
constexpr Slot kNoBody = 0xffff;
constexpr quint32 kMaxEntries = 0xfff0;
constexpr quint32 kMaxInterned = 256;   // longer values are stored as they come
constexpr qint64 kIndexEntryBytes = 96; // a QHash node with its key and vector headers
// A chunk closes when its pool holds chunkBytes(): a sixteenth of maxBytes, so that dropping one
// gives back a small part of the store; at least 1 MiB, so that small records still fill a chunk
// by the thousand (4,096 load events take 57 KiB of pool); at most 256 MiB (see Arena).
constexpr qint64 kMinChunkBytes = qint64(1) << 20;
constexpr qint64 kMaxChunkBytes = qint64(256) << 20;

// Hashes a byte string from its length and at most three 8-byte words: the first, the middle
// and the last (overlapping for short strings, so up to 24 bytes every byte counts). Header
// names and values differ at their ends (UUIDs, numbers, times, name suffixes); a collision
// costs a comparison, not a wrong answer. std::hash and qHash read every byte and cost more
// than the rest of storing a header.
quint64 hashBytes(QByteArrayView bytes)
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

bool sameBytes(QByteArrayView a, QByteArrayView b)
{
    return a.size() == b.size() &&
           (a.isEmpty() || std::memcmp(a.data(), b.data(), size_t(a.size())) == 0);
}

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

// A chunk's value pool: bytes addressed by 32-bit offsets. A chunk takes a record only while its
// pool and the record's body stay under chunkBytes() (at most kMaxChunkBytes), and a body over
// maxBytes is never copied, so a pool nears 4 GiB only through one record's gigabytes of header
// values. grow() refuses to pass 4 GiB, and the store then drops that record: no offset can wrap
// and read another value. realloc() rather than new[]: a large pool grows and shrinks by
// remapping its pages, not by copying them.
class Arena
{
public:
    static constexpr quint64 kMaxBytes = 0xffffffff;
    static_assert(quint64(kMaxChunkBytes) < kMaxBytes / 8, "a chunk closes far below 4 GiB");

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

qint64 chunkBytesFor(qint64 maxBytes)
{
    return std::clamp(maxBytes / 16, kMinChunkBytes, kMaxChunkBytes);
}

} // namespace

// A hash set of ids whose keys (byte strings) live elsewhere: it holds (hash, id) pairs and asks
// keyOf(id) for the bytes to compare. Open addressing, linear probing, at most half full. Keys
// are never copied, so the bytes they point into may move (the value pool's arena grows).
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

// --- Record ---

QByteArrayView EventStore::Record::value(NameId name) const
{
    const auto *chunk = static_cast<const Chunk *>(m_chunk);
    const Slot *words = chunk->words.data() + chunk->offsets[m_index];
    const Chunk::Shape &shape = chunk->shapes[words[0]];
    const auto it = std::lower_bound(shape.sorted.cbegin(), shape.sorted.cend(), name,
                                     [](const auto &entry, NameId n) { return entry.first < n; });
    if (it == shape.sorted.cend() || it->first != name)
        return {};
    const QByteArrayView found = chunk->valueOf(words[2 + it->second]);
    return found.isEmpty() ? QByteArrayView("", 0) : found; // present, even when empty
}

void EventStore::Record::forEachHeader(
    const std::function<bool(NameId, QByteArrayView)> &visit) const
{
    const auto *chunk = static_cast<const Chunk *>(m_chunk);
    const Slot *words = chunk->words.data() + chunk->offsets[m_index];
    const Chunk::Shape &shape = chunk->shapes[words[0]];
    for (size_t i = 0; i < shape.names.size(); ++i) {
        if (!visit(shape.names[i], chunk->valueOf(words[2 + i])))
            return;
    }
}

void EventStore::Record::forEachSpelledHeader(
    const std::function<bool(QByteArrayView, QByteArrayView)> &visit) const
{
    const auto *chunk = static_cast<const Chunk *>(m_chunk);
    const Slot *words = chunk->words.data() + chunk->offsets[m_index];
    const Chunk::Shape &shape = chunk->shapes[words[0]];
    HeaderNames &names = HeaderNames::instance();
    for (size_t i = 0; i < shape.spellings.size(); ++i) {
        if (!visit(names.spelling(shape.spellings[i]), chunk->valueOf(words[2 + i])))
            return;
    }
}

QByteArrayView EventStore::Record::body() const
{
    const auto *chunk = static_cast<const Chunk *>(m_chunk);
    const Slot ref = chunk->words[chunk->offsets[m_index] + 1];
    return ref == kNoBody ? QByteArrayView() : chunk->valueOf(ref);
}

ServerId EventStore::Record::server() const
{
    return static_cast<const Chunk *>(m_chunk)->servers[m_index];
}

qint64 EventStore::Record::receivedMs() const
{
    return static_cast<const Chunk *>(m_chunk)->received[m_index];
}

RecordKind EventStore::Record::kind() const
{
    return static_cast<const Chunk *>(m_chunk)->kinds[m_index];
}

int EventStore::Record::headerCount() const
{
    const auto *chunk = static_cast<const Chunk *>(m_chunk);
    return int(chunk->shapes[chunk->words[chunk->offsets[m_index]]].names.size());
}

// --- EventStore ---

EventStore::EventStore() : EventStore(Limits{}) {}

EventStore::EventStore(Limits limits)
    : m_limits(limits), m_chunkBytes(chunkBytesFor(limits.maxBytes)),
      m_spelledIds(std::make_unique<IdTable>())
{}

EventStore::~EventStore() = default;

void EventStore::setLimits(Limits limits)
{
    m_limits = limits;
    m_chunkBytes = chunkBytesFor(limits.maxBytes);
    enforceLimits();
}

void EventStore::clear()
{
    m_dropped += size();
    m_chunks.clear();
    m_byChannel.clear();
    m_firstSequence = m_nextSequence;
    m_bytes = 0;
    m_indexBytes = 0;
}

EventStore::Chunk &EventStore::writableChunk(qsizetype headers, qint64 bodyBytes)
{
    if (m_chunks.empty() || !m_chunks.back()->hasRoomFor(headers, bodyBytes, m_chunkBytes)) {
        sealOpenChunk();
        auto chunk = std::make_unique<Chunk>();
        ++m_chunkSerial;
        chunk->firstSeq = m_nextSequence;
        chunk->offsets.reserve(kChunkRecords);
        chunk->received.reserve(kChunkRecords);
        chunk->servers.reserve(kChunkRecords);
        chunk->kinds.reserve(kChunkRecords);
        chunk->words.reserve(size_t(kChunkRecords) * 64);
        m_chunks.push_back(std::move(chunk));
    }
    return *m_chunks.back();
}

void EventStore::sealOpenChunk()
{
    if (m_chunks.empty() || m_chunks.back()->sealed)
        return;
    m_chunks.back()->seal();
    m_bytes += m_chunks.back()->bytes();
}

Sequence EventStore::store(ServerId server, RecordKind kind, qint64 receivedMs,
                           QByteArrayView channel, const Esl::HeaderList &headers,
                           const QByteArray *body)
{
    const qint64 bodyBytes = body ? body->size() : 0;
    if (bodyBytes > m_limits.maxBytes) [[unlikely]]
        return dropUnkeepable(); // before copying it
    const qsizetype n = std::min<qsizetype>(headers.size(), kMaxEntries / 2);
    Chunk &chunk = writableChunk(n, bodyBytes);
    std::vector<SpellingId> shape;
    shape.reserve(size_t(n));
    const size_t start = chunk.words.size();
    chunk.words.push_back(0); // shape, filled below
    chunk.words.push_back(body ? chunk.addValue(*body, false) : kNoBody);
    quint32 previous = IdTable::kMissing;
    for (qsizetype i = 0; i < n; ++i) {
        const quint32 known = spelled(headers.name(i), previous);
        previous = known;
        const SpellingId spelling = m_spelled[known].spellingId;
        const NameId id = m_spelled[known].nameId;
        shape.push_back(spelling);
        const QByteArrayView value = headers.value(i);
        if (id >= m_nameStats.size())
            m_nameStats.resize(size_t(id) + 64);
        NameStats &stats = m_nameStats[id];
        bool dedupe = !stats.unique && value.size() <= qsizetype(kMaxInterned);
        if (dedupe) {
            // Most repeated values repeat the header's value in the previous event (states,
            // host names, caller ids): compare with that before hashing.
            Slot slot;
            if (stats.lastChunk == m_chunkSerial &&
                sameBytes(chunk.valueOf(stats.lastValue), value)) {
                slot = stats.lastValue;
                ++stats.repeated;
            } else {
                const size_t before = chunk.entries.size();
                slot = chunk.addValue(value, true);
                if (chunk.entries.size() == before)
                    ++stats.repeated;
                stats.lastValue = slot;
                stats.lastChunk = m_chunkSerial;
            }
            chunk.words.push_back(slot);
            ++stats.seen;
            // A name whose values almost never repeat is not worth a dedupe table entry.
            if (stats.seen >= 512 && stats.repeated * 20 < stats.seen)
                stats.unique = true;
        } else {
            chunk.words.push_back(chunk.addValue(value, false));
        }
    }
    if (chunk.overflowed) [[unlikely]]
        return dropUnkeepable(); // its chunk with it: nothing reads the values that found no room
    chunk.words[start] = chunk.shapeOf(std::move(shape));
    chunk.offsets.push_back(quint32(start));
    chunk.received.push_back(receivedMs);
    chunk.servers.push_back(server);
    chunk.kinds.push_back(kind);

    const Sequence seq = m_nextSequence++;
    if (!channel.isEmpty()) {
        const QByteArray key = channel.toByteArray();
        auto it = m_byChannel.find(key);
        if (it == m_byChannel.end()) {
            it = m_byChannel.insert(key, {});
            chunk.channels.push_back(key);
            m_indexBytes += kIndexEntryBytes + key.size();
        } else if (it->empty() || it->back() < chunk.firstSeq) {
            chunk.channels.push_back(key);
        }
        it->push_back(seq);
        m_indexBytes += qint64(sizeof(Sequence));
    }
    if (chunk.arena.size() >= m_chunkBytes)
        sealOpenChunk(); // full: its spare room goes now, before it is measured
    // Measured after every record, since one may be megabytes: memoryBytes() reads a dozen
    // capacities, about 60 instructions against some 20,000 to store a load event.
    enforceLimits();
    return seq;
}

Sequence EventStore::dropUnkeepable()
{
    // The store keeps an unbroken run of the newest records, and this is the newest: a record
    // that cannot be kept within the limits is numbered and dropped with everything before it.
    const Sequence seq = m_nextSequence++;
    clear();
    return seq;
}

quint32 EventStore::spelled(QByteArrayView name, quint32 previous)
{
    // HeaderNames is shared by every thread: each lookup there builds a key and takes its lock
    // twice, which was half the cost of storing an event. The store remembers what it asked,
    // and which name followed which: events of a kind list their headers in the same order, so
    // the name after the previous one is nearly always the one that followed it last time.
    quint32 &guess = previous == IdTable::kMissing ? m_firstSpelled : m_spelled[previous].next;
    if (guess != IdTable::kMissing && sameBytes(m_spelled[guess].spelling, name))
        return guess;
    const quint64 hash = hashBytes(name);
    quint32 known = m_spelledIds->find(
        name, hash, [this](quint32 i) { return QByteArrayView(m_spelled[i].spelling); });
    if (known == IdTable::kMissing) {
        HeaderNames &names = HeaderNames::instance();
        SpelledName entry;
        entry.spellingId = names.spell(name);
        entry.nameId = names.nameOf(entry.spellingId);
        entry.spelling = name.toByteArray();
        known = quint32(m_spelled.size());
        m_spelledIds->insert(hash, known);
        m_spelled.push_back(entry); // `guess` may dangle from here on
        (previous == IdTable::kMissing ? m_firstSpelled : m_spelled[previous].next) = known;
        return known;
    }
    guess = known;
    return known;
}

Sequence EventStore::append(ServerId server, const Esl::Event &event, qint64 receivedMs)
{
    return store(server, RecordKind::Event, receivedMs, event.header("Unique-ID"), event.headers(),
                 event.hasBody() ? &event.body() : nullptr);
}

Sequence EventStore::appendLog(ServerId server, const Esl::LogLine &line, qint64 receivedMs)
{
    const Esl::HeaderList headers = logHeaders(line);
    const QByteArray text = line.text.toUtf8();
    return store(server, RecordKind::Log, receivedMs, headers.value("User-Data"), headers, &text);
}

qint64 EventStore::memoryBytes() const
{
    qint64 total = m_bytes + m_indexBytes + qint64(sizeof(*this));
    if (!m_chunks.empty() && !m_chunks.back()->sealed)
        total += m_chunks.back()->bytes();
    return total;
}

void EventStore::enforceLimits()
{
    // The oldest chunk first. Over the byte limit the last one goes too (a record nearly as
    // large as the limit, or a limit below a chunk's own bookkeeping): the limit holds whatever
    // the sizes. The record limit never empties the store.
    while (!m_chunks.empty() && (memoryBytes() > m_limits.maxBytes ||
                                 (size() > m_limits.maxRecords && m_chunks.size() > 1)))
        dropOldestChunk();
}

void EventStore::dropOldestChunk()
{
    std::unique_ptr<Chunk> oldest = std::move(m_chunks.front());
    m_chunks.pop_front();
    const Sequence end = oldest->firstSeq + oldest->count();
    if (oldest->sealed)
        m_bytes -= oldest->bytes();
    m_dropped += qint64(end - m_firstSequence);
    m_firstSequence = end;
    for (const QByteArray &channel : oldest->channels) {
        auto it = m_byChannel.find(channel);
        if (it == m_byChannel.end())
            continue;
        const auto keep = std::lower_bound(it->begin(), it->end(), end);
        m_indexBytes -= qint64(std::distance(it->begin(), keep)) * qint64(sizeof(Sequence));
        it->erase(it->begin(), keep);
        if (it->empty()) {
            m_indexBytes -= kIndexEntryBytes + channel.size();
            m_byChannel.erase(it);
        }
    }
}

const EventStore::Chunk *EventStore::chunkOf(Sequence seq, quint32 *index) const
{
    if (!contains(seq))
        return nullptr;
    // The last chunk whose first record is at or before `seq`.
    const auto it = std::upper_bound(
        m_chunks.cbegin(), m_chunks.cend(), seq,
        [](Sequence s, const std::unique_ptr<Chunk> &c) { return s < c->firstSeq; });
    const Chunk *chunk = std::prev(it)->get();
    *index = quint32(seq - chunk->firstSeq);
    return chunk;
}

std::optional<EventStore::Record> EventStore::record(Sequence seq) const
{
    quint32 index = 0;
    const Chunk *chunk = chunkOf(seq, &index);
    if (!chunk)
        return std::nullopt;
    Record r;
    r.m_chunk = chunk;
    r.m_index = index;
    r.m_seq = seq;
    return r;
}

std::optional<Esl::Event> EventStore::event(Sequence seq) const
{
    const std::optional<Record> r = record(seq);
    if (!r)
        return std::nullopt;
    Esl::HeaderList headers;
    r->forEachSpelledHeader([&](QByteArrayView name, QByteArrayView value) {
        headers.append(name, value);
        return true;
    });
    const QByteArrayView body = r->body();
    return Esl::Event(std::move(headers), body.toByteArray(), !body.isNull());
}

void EventStore::forEach(Sequence from, Sequence to,
                         const std::function<bool(const Record &)> &visit) const
{
    from = std::max(from, m_firstSequence);
    to = std::min(to, m_nextSequence);
    Record r;
    for (Sequence seq = from; seq < to;) {
        quint32 index = 0;
        const Chunk *chunk = chunkOf(seq, &index);
        r.m_chunk = chunk;
        const quint32 last = std::min<quint32>(chunk->count(), quint32(index + (to - seq)));
        for (; index < last; ++index, ++seq) {
            r.m_index = index;
            r.m_seq = seq;
            if (!visit(r))
                return;
        }
    }
}

QList<Sequence> EventStore::recordsOfChannel(QByteArrayView uuid) const
{
    const auto it = m_byChannel.constFind(uuid.toByteArray());
    if (it == m_byChannel.cend())
        return {};
    QList<Sequence> out;
    out.reserve(qsizetype(it->size()));
    for (const Sequence seq : *it) {
        if (seq >= m_firstSequence)
            out.append(seq);
    }
    return out;
}

} // namespace Monitor
