#include "headerlist.h"

#include "percent.h"

#include <QStringEncoder>

#include <algorithm>
#include <charconv>
#include <cstring>

namespace Esl {

bool equalsIgnoringCase(QByteArrayView a, QByteArrayView b)
{
    if (a.size() != b.size())
        return false;
    const char *pa = a.data();
    const char *pb = b.data();
    for (qsizetype i = 0; i < a.size(); ++i) {
        char ca = pa[i];
        char cb = pb[i];
        if (ca == cb)
            continue;
        if (ca >= 'A' && ca <= 'Z')
            ca += 'a' - 'A';
        if (cb >= 'A' && cb <= 'Z')
            cb += 'a' - 'A';
        if (ca != cb)
            return false;
    }
    return true;
}

qsizetype HeaderList::indexOf(QByteArrayView name, qsizetype from) const
{
    const char *base = m_storage.constData();
    const Entry *entries = m_entries.constData();
    for (qsizetype i = from; i < m_count; ++i) {
        const Entry &e = entries[i];
        if (e.nameSize == quint32(name.size()) &&
            equalsIgnoringCase(QByteArrayView(base + e.nameOffset, e.nameSize), name))
            return i;
    }
    return -1;
}

QByteArrayView HeaderList::value(QByteArrayView name) const
{
    const qsizetype i = indexOf(name);
    return i < 0 ? QByteArrayView() : value(i);
}

QString HeaderList::text(QByteArrayView name) const
{
    const qsizetype i = indexOf(name);
    if (i < 0)
        return {};
    const QByteArrayView v = value(i);
    return v.isEmpty() ? QStringLiteral("") : QString::fromUtf8(v);
}

QList<QByteArrayView> HeaderList::values(QByteArrayView name) const
{
    QList<QByteArrayView> out;
    for (qsizetype i = indexOf(name); i >= 0; i = indexOf(name, i + 1))
        out.append(value(i));
    return out;
}

void HeaderList::grow(qsizetype bytes)
{
    const qsizetype need = m_used + bytes;
    const qsizetype size = m_storage.size();
    // Detaches from a copy as well (resize copies shared data).
    m_storage.resize(need > size ? std::max({need, 2 * size, qsizetype(256)}) : size);
}

void HeaderList::appendEntrySlowly(Entry entry)
{
    if (m_count == m_entries.size())
        m_entries.resize(std::max(2 * m_count, qsizetype(16)));
    m_entries.data()[m_count++] = entry; // data() detaches a shared list
}

void HeaderList::append(QByteArrayView name, QByteArrayView value)
{
    char *out = room(name.size() + value.size());
    const auto nameOffset = quint32(m_used);
    const auto valueOffset = quint32(nameOffset + name.size());
    if (!name.isEmpty())
        std::memcpy(out, name.data(), size_t(name.size()));
    if (!value.isEmpty())
        std::memcpy(out + name.size(), value.data(), size_t(value.size()));
    m_used = valueOffset + value.size();
    appendEntry(Entry{nameOffset, quint32(name.size()), valueOffset, quint32(value.size())});
}

void HeaderList::appendText(QByteArrayView name, QStringView value)
{
    char *out = room(name.size() + 3 * value.size()); // UTF-8 takes at most 3 bytes per unit
    const auto nameOffset = quint32(m_used);
    const auto valueOffset = quint32(nameOffset + name.size());
    if (!name.isEmpty())
        std::memcpy(out, name.data(), size_t(name.size()));
    char *const begin = out + name.size();
    char *p = begin;
    const char16_t *in = value.utf16();
    qsizetype i = 0;
    for (; i < value.size() && in[i] < 0x80; ++i) // the common case: ASCII
        *p++ = char(in[i]);
    if (i < value.size()) {
        QStringEncoder encoder(QStringEncoder::Utf8);
        p = encoder.appendToBuffer(p, value.sliced(i));
    }
    const auto valueSize = quint32(p - begin);
    m_used = valueOffset + valueSize;
    appendEntry(Entry{nameOffset, quint32(name.size()), valueOffset, valueSize});
}

void HeaderList::appendNumber(QByteArrayView name, qint64 value)
{
    char digits[24];
    const auto [end, ec] = std::to_chars(digits, digits + sizeof digits, value);
    Q_UNUSED(ec);
    append(name, QByteArrayView(digits, end - digits));
}

QByteArrayView HeaderList::appendPercentDecoded(QByteArrayView name, QByteArrayView encodedValue)
{
    // Room for the encoded value: decoding only shrinks it.
    char *out = room(name.size() + encodedValue.size());
    const auto nameOffset = quint32(m_used);
    const auto valueOffset = quint32(nameOffset + name.size());
    if (!name.isEmpty())
        std::memcpy(out, name.data(), size_t(name.size()));
    char *const begin = out + name.size();
    const auto valueSize = quint32(wire::decodePercentInto(begin, encodedValue) - begin);
    m_used = valueOffset + valueSize;
    appendEntry(Entry{nameOffset, quint32(name.size()), valueOffset, valueSize});
    return QByteArrayView(begin, valueSize);
}

void HeaderList::removeAll(QByteArrayView name)
{
    for (qsizetype i = indexOf(name); i >= 0; i = indexOf(name, i)) {
        m_entries.removeAt(i);
        --m_count;
    }
}

void HeaderList::setValue(qsizetype i, QByteArrayView value)
{
    char *out = room(value.size());
    if (!value.isEmpty())
        std::memcpy(out, value.data(), size_t(value.size()));
    Entry &e = m_entries[i];
    e.valueOffset = quint32(m_used);
    e.valueSize = quint32(value.size());
    m_used += value.size();
}

void HeaderList::reserve(qsizetype entries, qsizetype bytes)
{
    if (m_entries.size() < entries)
        m_entries.resize(entries);
    if (m_storage.size() < bytes) {
        m_storage.reserve(bytes); // exactly; resize() alone would round the allocation up
        m_storage.resize(bytes);
    }
}

void HeaderList::clear()
{
    m_entries.clear();
    m_storage.clear();
    m_used = 0;
    m_count = 0;
}

bool operator==(const HeaderList &a, const HeaderList &b)
{
    if (a.size() != b.size())
        return false;
    for (qsizetype i = 0; i < a.size(); ++i) {
        if (a.name(i) != b.name(i) || a.value(i) != b.value(i))
            return false;
    }
    return true;
}

} // namespace Esl
