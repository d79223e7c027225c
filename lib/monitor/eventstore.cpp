// Appending to the store and keeping it within its limits. The chunk it appends to is in
// eventstorechunk.h; reading records back is in eventstorerecord.cpp.

#include "eventstore.h"

#include "eventstorechunk.h"
#include "recordwire.h"

#include <algorithm>
#include <iterator>

namespace Monitor {

namespace {

constexpr qint64 kIndexEntryBytes = 96; // a QHash node with its key and vector headers

qint64 chunkBytesFor(qint64 maxBytes)
{
    return std::clamp(maxBytes / 16, kMinChunkBytes, kMaxChunkBytes);
}

} // namespace

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

} // namespace Monitor
