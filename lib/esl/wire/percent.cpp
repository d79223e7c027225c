#include "percent.h"

#include <array>
#include <cstring>

namespace Esl::wire {

namespace {

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

constexpr bool needsEncoding(unsigned char c)
{
    constexpr char unsafe[] = "\r\n #%&+:;<=>?@[\\]^`{|}\"";
    if (c < 0x20 || c > 0x7e)
        return true;
    for (const char u : unsafe) {
        if (u != 0 && static_cast<unsigned char>(u) == c)
            return true;
    }
    return false;
}

} // namespace

char *decodePercentInto(char *out, QByteArrayView in)
{
    const char *p = in.data();
    const char *const end = p + in.size();
    while (p < end) {
        const auto *percent = static_cast<const char *>(std::memchr(p, '%', size_t(end - p)));
        if (!percent) {
            std::memcpy(out, p, size_t(end - p));
            return out + (end - p);
        }
        std::memcpy(out, p, size_t(percent - p));
        out += percent - p;
        if (end - percent >= 3) {
            const int hi = hexValue(percent[1]);
            const int lo = hexValue(percent[2]);
            if (hi >= 0 && lo >= 0) {
                *out++ = char(hi * 16 + lo);
                p = percent + 3;
                continue;
            }
        }
        *out++ = '%';
        p = percent + 1;
    }
    return out;
}

bool appendPercentDecoded(QByteArray &out, QByteArrayView in)
{
    const qsizetype start = out.size();
    out.resize(start + in.size());
    char *const begin = out.data() + start;
    const qsizetype written = decodePercentInto(begin, in) - begin;
    out.resize(start + written);
    return written != in.size(); // each decoded escape is two bytes shorter
}

QByteArray percentDecoded(QByteArrayView in)
{
    QByteArray out;
    out.reserve(in.size());
    appendPercentDecoded(out, in);
    return out;
}

void appendPercentEncoded(QByteArray &out, QByteArrayView in)
{
    // A table instead of a search per byte, and the output written in place after one resize
    // to the worst case: appending byte by byte was half of what the journal spent per record.
    static constexpr auto unsafe = [] {
        std::array<bool, 256> table{};
        for (int c = 0; c < 256; ++c)
            table[size_t(c)] = needsEncoding(static_cast<unsigned char>(c));
        return table;
    }();
    static constexpr char hex[] = "0123456789ABCDEF";
    const qsizetype start = out.size();
    out.resize(start + in.size() * 3);
    char *o = out.data() + start;
    for (const char ch : in) {
        const auto c = static_cast<unsigned char>(ch);
        if (unsafe[c]) {
            *o++ = '%';
            *o++ = hex[c >> 4];
            *o++ = hex[c & 0xf];
        } else {
            *o++ = ch;
        }
    }
    out.resize(o - out.constData());
}

QByteArray percentEncoded(QByteArrayView in)
{
    QByteArray out;
    out.reserve(in.size() + in.size() / 4);
    appendPercentEncoded(out, in);
    return out;
}

} // namespace Esl::wire
