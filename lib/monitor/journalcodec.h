#pragma once
// How the journal packs its records' bytes: zlib streams in qCompress's layout (the inflated
// size in four big-endian bytes, then the stream), written through one reused deflate state and
// read back with a bound on what they may claim. A block (journal format 3) packs many records
// together: compressing 64 KiB of similar events at once costs a quarter of compressing them one
// by one and takes a quarter of the room.

#include "esl/wire/parser.h"

#include <QByteArray>
#include <QByteArrayView>

#include <memory>
#include <optional>

namespace Monitor::detail {

// A stored record is one message as the parser took it: never more than its limits allow.
inline constexpr qsizetype kMaxRecordBytes =
    Esl::wire::Parser::Limits{}.maxBodySize + Esl::wire::Parser::Limits{}.maxHeaderBlockSize + 64;
// A block closes once its records reach this many bytes (a larger record makes a block alone).
inline constexpr qsizetype kBlockBytes = 64 * 1024;
// What a block read back may hold: the most a writer ever puts in one, and no more.
inline constexpr qsizetype kMaxBlockBytes = kBlockBytes + kMaxRecordBytes;

// Inflates qCompress's layout into exactly the size it claims, when that is at most `limit`;
// nothing for anything else (a corrupt size, a stream that ends early or runs on). qUncompress
// trusts the claimed size (a 23-byte corrupt record made it allocate 4 GiB, found by
// fuzz_journal) and grows its buffer for as long as the data inflates.
[[nodiscard]] std::optional<QByteArray> inflateBounded(QByteArrayView packed, qsizetype limit);

// Deflates at zlib's level 1 into qCompress's layout, one deflate state for every call:
// qCompress sets up (and clears) 256 KiB of state per call, a third of its cost on a 3 KB event.
class Deflater
{
public:
    Deflater();
    ~Deflater();
    Deflater(const Deflater &) = delete;
    Deflater &operator=(const Deflater &) = delete;

    // Empty when zlib failed (out of memory).
    [[nodiscard]] QByteArray pack(QByteArrayView raw);

private:
    struct State;
    std::unique_ptr<State> m_state;
};

} // namespace Monitor::detail
