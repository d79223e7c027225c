#include "json.h"

namespace Esl::wire {

namespace {

bool readHex4(const char *&p, const char *end, uint &out)
{
    if (end - p < 4)
        return false;
    out = 0;
    for (int i = 0; i < 4; ++i) {
        const char c = *p++;
        out <<= 4;
        if (c >= '0' && c <= '9')
            out |= uint(c - '0');
        else if (c >= 'a' && c <= 'f')
            out |= uint(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F')
            out |= uint(c - 'A' + 10);
        else
            return false;
    }
    return true;
}

void appendUtf8(QByteArray &out, uint cp)
{
    if (cp < 0x80) {
        out.append(char(cp));
    } else if (cp < 0x800) {
        out.append(char(0xC0 | (cp >> 6)));
        out.append(char(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        out.append(char(0xE0 | (cp >> 12)));
        out.append(char(0x80 | ((cp >> 6) & 0x3F)));
        out.append(char(0x80 | (cp & 0x3F)));
    } else {
        out.append(char(0xF0 | (cp >> 18)));
        out.append(char(0x80 | ((cp >> 12) & 0x3F)));
        out.append(char(0x80 | ((cp >> 6) & 0x3F)));
        out.append(char(0x80 | (cp & 0x3F)));
    }
}

} // namespace

void appendJsonString(QByteArray &out, QByteArrayView text)
{
    static constexpr char hex[] = "0123456789abcdef";
    out.append('"');
    const char *p = text.data();
    const char *const end = p + text.size();
    while (p < end) {
        const char *run = p;
        while (p < end && static_cast<unsigned char>(*p) >= 0x20 && *p != '"' && *p != '\\')
            ++p;
        out.append(run, p - run);
        if (p == end)
            break;
        const auto c = static_cast<unsigned char>(*p++);
        switch (c) {
        case '"':
            out.append("\\\"");
            break;
        case '\\':
            out.append("\\\\");
            break;
        case '\n':
            out.append("\\n");
            break;
        case '\r':
            out.append("\\r");
            break;
        case '\t':
            out.append("\\t");
            break;
        case '\b':
            out.append("\\b");
            break;
        case '\f':
            out.append("\\f");
            break;
        default:
            out.append("\\u00");
            out.append(hex[c >> 4]);
            out.append(hex[c & 0xf]);
        }
    }
    out.append('"');
}

bool readJsonString(const char *&p, const char *end, QByteArray &out, QString &error)
{
    if (p >= end || *p != '"') {
        error = QStringLiteral("expected a string");
        return false;
    }
    ++p;
    for (;;) {
        const char *run = p;
        while (p < end && *p != '"' && *p != '\\')
            ++p;
        out.append(run, p - run);
        if (p >= end) {
            error = QStringLiteral("unterminated string");
            return false;
        }
        if (*p == '"') {
            ++p;
            return true;
        }
        ++p; // the backslash
        if (p >= end) {
            error = QStringLiteral("unterminated escape");
            return false;
        }
        const char c = *p++;
        switch (c) {
        case '"':
        case '\\':
        case '/':
            out.append(c);
            break;
        case 'b':
            out.append('\b');
            break;
        case 'f':
            out.append('\f');
            break;
        case 'n':
            out.append('\n');
            break;
        case 'r':
            out.append('\r');
            break;
        case 't':
            out.append('\t');
            break;
        case 'u': {
            uint cp = 0;
            if (!readHex4(p, end, cp)) {
                error = QStringLiteral("bad \\u escape");
                return false;
            }
            if (cp >= 0xD800 && cp < 0xDC00) {
                uint low = 0;
                const char *save = p;
                if (end - p >= 6 && p[0] == '\\' && p[1] == 'u') {
                    p += 2;
                    if (readHex4(p, end, low) && low >= 0xDC00 && low < 0xE000) {
                        cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                    } else {
                        p = save;
                        cp = 0xFFFD;
                    }
                } else {
                    cp = 0xFFFD;
                }
            } else if (cp >= 0xDC00 && cp < 0xE000) {
                cp = 0xFFFD;
            }
            appendUtf8(out, cp);
            break;
        }
        default:
            --p;
            error = QStringLiteral("bad escape \\%1").arg(QChar::fromLatin1(c));
            return false;
        }
    }
}

} // namespace Esl::wire
