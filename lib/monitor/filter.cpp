#include "filter.h"

#include "filterparser.h"

#include <QStringDecoder>

#include <charconv>
#include <cmath>
#include <cstring>

using namespace Qt::Literals::StringLiterals;

namespace Monitor {

namespace {

constexpr std::array<uchar, 256> kAsciiFold = [] {
    std::array<uchar, 256> table{};
    for (int c = 0; c < 256; ++c)
        table[c] = uchar(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
    return table;
}();

char32_t foldCode(char32_t code)
{
    return code < 0x80 ? kAsciiFold[code] : QChar::toCaseFolded(code);
}

// One code point of UTF-8 at `p`, which moves past it; a malformed byte reads as U+FFFD and
// moves one byte, so any input terminates.
char32_t nextCodePoint(const uchar *&p, const uchar *end)
{
    const uchar lead = *p++;
    if (lead < 0x80)
        return lead;
    int extra = 0;
    char32_t code = 0;
    if ((lead & 0xe0) == 0xc0) {
        extra = 1;
        code = lead & 0x1f;
    } else if ((lead & 0xf0) == 0xe0) {
        extra = 2;
        code = lead & 0x0f;
    } else if ((lead & 0xf8) == 0xf0) {
        extra = 3;
        code = lead & 0x07;
    } else {
        return 0xfffd;
    }
    if (end - p < extra)
        return 0xfffd;
    for (int i = 0; i < extra; ++i) {
        if ((p[i] & 0xc0) != 0x80)
            return 0xfffd;
        code = (code << 6) | (p[i] & 0x3f);
    }
    p += extra;
    return code;
}

bool sameBytes(QByteArrayView a, const QByteArray &b)
{
    return a.size() == b.size() && std::memcmp(a.data(), b.constData(), size_t(a.size())) == 0;
}

} // namespace

FoldedNeedle::FoldedNeedle(const QString &text) : m_text(text)
{
    for (const QChar c : text) {
        if (c.unicode() >= 0x80)
            m_ascii = false;
    }
    if (!m_ascii) {
        for (const char32_t code : text.toUcs4())
            m_codes.push_back(foldCode(code));
        return;
    }
    m_folded = text.toLatin1();
    for (char &c : m_folded)
        c = char(kAsciiFold[uchar(c)]);
    const qsizetype length = m_folded.size();
    m_skip.fill(quint8(qMin<qsizetype>(length, 255)));
    for (qsizetype i = 0; i + 1 < length; ++i)
        m_skip[uchar(m_folded[i])] = quint8(qMin<qsizetype>(length - 1 - i, 255));
}

bool FoldedNeedle::foundIn(QByteArrayView haystack) const
{
    return m_ascii ? foundInAscii(haystack) : foundInUnicode(haystack);
}

// Horspool over case-folded bytes. A UTF-8 sequence never contains an ASCII byte, so comparing
// bytes is exact for an ASCII needle.
bool FoldedNeedle::foundInAscii(QByteArrayView haystack) const
{
    const qsizetype m = m_folded.size();
    const qsizetype n = haystack.size();
    if (m == 0)
        return true;
    if (n < m)
        return false;
    const auto *hay = reinterpret_cast<const uchar *>(haystack.data());
    const auto *needle = reinterpret_cast<const uchar *>(m_folded.constData());
    const uchar last = needle[m - 1];
    for (qsizetype i = 0; i <= n - m;) {
        const uchar c = kAsciiFold[hay[i + m - 1]];
        if (c == last) {
            qsizetype j = m - 2;
            while (j >= 0 && kAsciiFold[hay[i + j]] == needle[j])
                --j;
            if (j < 0)
                return true;
        }
        i += m_skip[c];
    }
    return false;
}

bool FoldedNeedle::foundInUnicode(QByteArrayView haystack) const
{
    const auto *p = reinterpret_cast<const uchar *>(haystack.data());
    const auto *end = p + haystack.size();
    const size_t m = m_codes.size();
    const char32_t first = m_codes.front();
    while (p < end) {
        // Only a non-ASCII code point folds to a non-ASCII one: skip ASCII runs outright.
        if (first >= 0x80) {
            while (p < end && *p < 0x80)
                ++p;
            if (p == end)
                return false;
        }
        if (foldCode(nextCodePoint(p, end)) != first)
            continue;
        const uchar *q = p;
        size_t k = 1;
        while (k < m && q < end && foldCode(nextCodePoint(q, end)) == m_codes[k])
            ++k;
        if (k == m)
            return true;
    }
    return false;
}

FilterResult Filter::compile(const QString &expression)
{
    return FilterParser(expression).parse();
}

Filter Filter::textSearch(const QString &text)
{
    Filter filter;
    qsizetype i = 0;
    while (i < text.size()) {
        while (i < text.size() && text[i].isSpace())
            ++i;
        const qsizetype start = i;
        while (i < text.size() && !text[i].isSpace())
            ++i;
        if (i == start)
            break;
        filter.m_needles.emplace_back(text.mid(start, i - start));
        filter.m_nodes.push_back({Op::Text, kNoName, qint32(filter.m_needles.size() - 1), -1});
        filter.m_operands.push_back(qint32(filter.m_nodes.size() - 1));
    }
    // One And over every word, however many were pasted.
    if (filter.m_nodes.size() > 1)
        filter.m_nodes.push_back({Op::And, kNoName, 0, qint32(filter.m_operands.size())});
    else
        filter.m_operands.clear();
    return filter;
}

QList<NameId> Filter::headers() const
{
    QList<NameId> names;
    for (const Node &node : m_nodes) {
        if (node.name != kNoName && !names.contains(node.name))
            names.append(node.name);
    }
    return names;
}

bool Filter::matches(const EventView &record) const
{
    return m_nodes.empty() || evaluate(qint32(m_nodes.size() - 1), record);
}

bool Filter::evaluate(qint32 index, const EventView &record) const
{
    const Node &node = m_nodes[size_t(index)];
    switch (node.op) {
    // A chain is a loop, not a recursion: only brackets and negations (at most MaxNesting)
    // make evaluate() go deeper.
    case Op::And:
        for (qint32 i = node.a; i < node.a + node.b; ++i) {
            if (!evaluate(m_operands[size_t(i)], record))
                return false;
        }
        return true;
    case Op::Or:
        for (qint32 i = node.a; i < node.a + node.b; ++i) {
            if (evaluate(m_operands[size_t(i)], record))
                return true;
        }
        return false;
    case Op::Not:
        return !evaluate(node.a, record);
    case Op::Text:
        return searchEverywhere(m_needles[size_t(node.a)], record);
    default:
        break;
    }
    const QByteArrayView value = record.value(node.name);
    if (value.isNull())
        return false;
    switch (node.op) {
    case Op::Exists:
        return true;
    case Op::Equal:
        return sameBytes(value, m_values[node.a]);
    case Op::NotEqual:
        return !sameBytes(value, m_values[node.a]);
    case Op::In:
        for (qint32 i = node.a; i < node.a + node.b; ++i) {
            if (sameBytes(value, m_values[i]))
                return true;
        }
        return false;
    case Op::Contains:
        return m_needles[size_t(node.a)].foundIn(value);
    case Op::Matches:
        return matchesRegex(m_regexes[node.a], value);
    case Op::Less:
    case Op::LessEqual:
    case Op::Greater:
    case Op::GreaterEqual:
        return compareNumber(node, value);
    case Op::And:
    case Op::Or:
    case Op::Not:
    case Op::Text:
        break;
    }
    return false;
}

bool Filter::parseNumber(QByteArrayView text, Number &number)
{
    const char *begin = text.data();
    const char *end = begin + text.size();
    if (begin != end && *begin == '+')
        ++begin;
    if (begin == end)
        return false;
    const auto integer = std::from_chars(begin, end, number.integer);
    if (integer.ec == std::errc() && integer.ptr == end) {
        number.isInteger = true;
        number.real = double(number.integer);
        return true;
    }
    const auto real = std::from_chars(begin, end, number.real);
    number.isInteger = false;
    return real.ec == std::errc() && real.ptr == end && std::isfinite(number.real);
}

bool Filter::compareNumber(const Node &node, QByteArrayView value) const
{
    Number number;
    if (!parseNumber(value, number))
        return false;
    const Number &literal = m_numbers[size_t(node.a)];
    int order = 0;
    if (number.isInteger && literal.isInteger)
        order = (number.integer > literal.integer) - (number.integer < literal.integer);
    else
        order = (number.real > literal.real) - (number.real < literal.real);
    switch (node.op) {
    case Op::Less:
        return order < 0;
    case Op::LessEqual:
        return order <= 0;
    case Op::Greater:
        return order > 0;
    default:
        return order >= 0;
    }
}

bool Filter::searchEverywhere(const FoldedNeedle &needle, const EventView &record) const
{
    if (needle.foundIn(record.body()))
        return true;
    bool found = false;
    // Captures one pointer, so std::function keeps it inline rather than on the heap.
    struct Search
    {
        const FoldedNeedle *needle;
        bool *found;
    } search{&needle, &found};
    record.forEachHeader([s = &search](NameId, QByteArrayView value) {
        *s->found = s->needle->foundIn(value);
        return !*s->found;
    });
    return found;
}

// QRegularExpression wants UTF-16: decode into a per-thread buffer that keeps its capacity.
bool Filter::matchesRegex(const QRegularExpression &regex, QByteArrayView value) const
{
    thread_local QString buffer;
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    buffer.resize(decoder.requiredSpace(value.size()));
    const QChar *end = decoder.appendToBuffer(buffer.data(), value);
    return regex.match(QStringView(buffer.constData(), end)).hasMatch();
}

QString Filter::toString() const
{
    QString out;
    if (!m_nodes.empty())
        write(qint32(m_nodes.size() - 1), 0, out);
    return out;
}

void Filter::write(qint32 index, int parentPrecedence, QString &out) const
{
    const Node &node = m_nodes[size_t(index)];
    switch (node.op) {
    case Op::And:
    case Op::Or: {
        const int precedence = node.op == Op::Or ? 1 : 2;
        const bool parenthesise = parentPrecedence > precedence;
        if (parenthesise)
            out += u'(';
        for (qint32 i = 0; i < node.b; ++i) {
            if (i > 0)
                out += node.op == Op::Or ? u" || "_s : u" && "_s;
            // A chain inside a later operand was bracketed: a || (b || c) stays as it is.
            write(m_operands[size_t(node.a + i)], i == 0 ? precedence : precedence + 1, out);
        }
        if (parenthesise)
            out += u')';
        return;
    }
    case Op::Not: {
        // !(A == b) rather than !A == b, which means the same but reads as if ! took only A.
        const Op child = m_nodes[size_t(node.a)].op;
        const bool comparison = child != Op::And && child != Op::Or && child != Op::Not &&
                                child != Op::Text && child != Op::Exists;
        out += comparison ? u"!("_s : u"!"_s;
        write(node.a, 3, out);
        if (comparison)
            out += u')';
        return;
    }
    case Op::Text:
        out += FilterParser::quoted(m_needles[size_t(node.a)].text());
        return;
    case Op::Exists:
        out += u"exists "_s + QString::fromUtf8(HeaderNames::instance().name(node.name));
        return;
    default:
        break;
    }
    out += QString::fromUtf8(HeaderNames::instance().name(node.name));
    switch (node.op) {
    case Op::Equal:
    case Op::NotEqual:
        out += node.op == Op::Equal ? u" == "_s : u" != "_s;
        out += FilterParser::quoted(QString::fromUtf8(m_values[node.a]));
        return;
    case Op::In:
        out += u" in {"_s;
        for (qint32 i = node.a; i < node.a + node.b; ++i) {
            out += i == node.a ? u""_s : u", "_s;
            out += FilterParser::quoted(QString::fromUtf8(m_values[i]));
        }
        out += u'}';
        return;
    case Op::Contains:
        out += u" contains "_s + FilterParser::quoted(m_needles[size_t(node.a)].text());
        return;
    case Op::Matches:
        out += u" ~ "_s + FilterParser::quoted(m_regexes[node.a].pattern());
        return;
    default:
        break;
    }
    static constexpr const char16_t *symbols[] = {u" < ", u" <= ", u" > ", u" >= "};
    out += QStringView(symbols[int(node.op) - int(Op::Less)]);
    out += m_numbers[size_t(node.a)].text;
}

} // namespace Monitor
