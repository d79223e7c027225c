#include "journalcodec.h"

#include <zlib.h>

namespace Monitor::detail {

std::optional<QByteArray> inflateBounded(QByteArrayView packed, qsizetype limit)
{
    if (packed.size() < 4)
        return std::nullopt;
    const auto *head = reinterpret_cast<const uchar *>(packed.data());
    const qint64 expected =
        (qint64(head[0]) << 24) | (qint64(head[1]) << 16) | (qint64(head[2]) << 8) | head[3];
    if (expected > limit)
        return std::nullopt;
    QByteArray out(qsizetype(expected), Qt::Uninitialized);
    z_stream stream{};
    if (inflateInit(&stream) != Z_OK)
        return std::nullopt;
    stream.next_in = const_cast<Bytef *>(head + 4);
    stream.avail_in = uInt(packed.size() - 4);
    stream.next_out = reinterpret_cast<Bytef *>(out.data());
    stream.avail_out = uInt(expected);
    const int result = inflate(&stream, Z_FINISH);
    const bool whole = result == Z_STREAM_END && stream.total_out == uLong(expected);
    inflateEnd(&stream);
    if (!whole)
        return std::nullopt;
    return out;
}

struct Deflater::State
{
    z_stream stream{};
    bool ready = false;
};

Deflater::Deflater() : m_state(std::make_unique<State>())
{
    // Level 1: about two thirds of level 6's gain at a third of its cost.
    m_state->ready = deflateInit(&m_state->stream, 1) == Z_OK;
}

Deflater::~Deflater()
{
    if (m_state->ready)
        deflateEnd(&m_state->stream);
}

QByteArray Deflater::pack(QByteArrayView raw)
{
    if (!m_state->ready || raw.size() > 0x7fffffff || deflateReset(&m_state->stream) != Z_OK)
        return {};
    z_stream &stream = m_state->stream;
    const uLong bound = deflateBound(&stream, uLong(raw.size()));
    QByteArray out(qsizetype(bound) + 4, Qt::Uninitialized);
    auto *head = reinterpret_cast<uchar *>(out.data());
    const auto size = quint32(raw.size());
    head[0] = uchar(size >> 24);
    head[1] = uchar(size >> 16);
    head[2] = uchar(size >> 8);
    head[3] = uchar(size);
    stream.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(raw.data()));
    stream.avail_in = uInt(raw.size());
    stream.next_out = head + 4;
    stream.avail_out = uInt(bound);
    if (deflate(&stream, Z_FINISH) != Z_STREAM_END)
        return {};
    out.truncate(qsizetype(stream.total_out) + 4);
    return out;
}

} // namespace Monitor::detail
