#include "headerlist.h"

#include "percent.h"

#include <QStringEncoder>

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

QByteArrayView HeaderList::name(qsizetype i) const
{
    const Entry &e = m_entries[i];
    return QByteArrayView(m_storage.constData() + e.nameOffset, e.nameSize);
}

QByteArrayView HeaderList::value(qsizetype i) const
{
    const Entry &e = m_entries[i];
    return QByteArrayView(m_storage.constData() + e.valueOffset, e.valueSize);
}

qsizetype HeaderList::indexOf(QByteArrayView name, qsizetype from) const
{
    const char *base = m_storage.constData();
    for (qsizetype i = from; i < m_entries.size(); ++i) {
        const Entry &e = m_entries[i];
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

void HeaderList::append(QByteArrayView name, QByteArrayView value)
{
    // One resize and two copies: QByteArray::append is an out-of-line insert in Qt 6.4, and
    // this is on every hot path (the parser, the decoders, the simulated switch).
    const auto nameOffset = quint32(m_storage.size());
    const auto valueOffset = quint32(nameOffset + name.size());
    m_storage.resize(valueOffset + value.size());
    char *out = m_storage.data();
    if (!name.isEmpty())
        std::memcpy(out + nameOffset, name.data(), size_t(name.size()));
    if (!value.isEmpty())
        std::memcpy(out + valueOffset, value.data(), size_t(value.size()));
    m_entries.append(Entry{nameOffset, quint32(name.size()), valueOffset, quint32(value.size())});
}

void HeaderList::appendText(QByteArrayView name, QStringView value)
{
    const auto nameOffset = quint32(m_storage.size());
    const auto valueOffset = quint32(nameOffset + name.size());
    m_storage.resize(valueOffset + 3 * value.size()); // UTF-8 takes at most 3 bytes per unit
    char *out = m_storage.data();
    if (!name.isEmpty())
        std::memcpy(out + nameOffset, name.data(), size_t(name.size()));
    char *p = out + valueOffset;
    const char16_t *in = value.utf16();
    qsizetype i = 0;
    for (; i < value.size() && in[i] < 0x80; ++i) // the common case: ASCII
        *p++ = char(in[i]);
    if (i < value.size()) {
        QStringEncoder encoder(QStringEncoder::Utf8);
        p = encoder.appendToBuffer(p, value.sliced(i));
    }
    const auto valueSize = quint32(p - (out + valueOffset));
    m_storage.resize(valueOffset + valueSize);
    m_entries.append(Entry{nameOffset, quint32(name.size()), valueOffset, valueSize});
}

void HeaderList::appendNumber(QByteArrayView name, qint64 value)
{
    char digits[24];
    const auto [end, ec] = std::to_chars(digits, digits + sizeof digits, value);
    Q_UNUSED(ec);
    append(name, QByteArrayView(digits, end - digits));
}

void HeaderList::appendPercentDecoded(QByteArrayView name, QByteArrayView encodedValue)
{
    const auto nameOffset = quint32(m_storage.size());
    m_storage.append(name.data(), name.size());
    const auto valueOffset = quint32(m_storage.size());
    wire::appendPercentDecoded(m_storage, encodedValue);
    m_entries.append(Entry{nameOffset, quint32(name.size()), valueOffset,
                           quint32(m_storage.size()) - valueOffset});
}

void HeaderList::removeAll(QByteArrayView name)
{
    for (qsizetype i = indexOf(name); i >= 0; i = indexOf(name, i))
        m_entries.removeAt(i);
}

void HeaderList::setValue(qsizetype i, QByteArrayView value)
{
    Entry &e = m_entries[i];
    e.valueOffset = quint32(m_storage.size());
    e.valueSize = quint32(value.size());
    m_storage.append(value.data(), value.size());
}

void HeaderList::reserve(qsizetype entries, qsizetype bytes)
{
    m_entries.reserve(entries);
    m_storage.reserve(bytes);
}

void HeaderList::clear()
{
    m_entries.clear();
    m_storage.clear();
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
