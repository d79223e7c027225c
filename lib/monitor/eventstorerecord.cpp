// Reading the store back: a Record is a view into its chunk's words and value pool
// (eventstorechunk.h), found by its number (a binary search over the chunks) or through the
// channel index. Appending is in eventstore.cpp.

#include "eventstore.h"

#include "eventstorechunk.h"

#include <algorithm>
#include <iterator>

namespace Monitor {

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

// --- Finding records ---

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
