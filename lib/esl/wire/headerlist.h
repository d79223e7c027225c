#pragma once
// An ordered list of "Name: value" pairs as the switch wrote them: repeated names are kept, and
// names are looked up without regard to case (CODEC events carry both Channel-Read-Codec-Name and
// channel-read-codec-name). All text lives in one byte array; entries are offsets into it, so a
// list of a hundred headers costs two allocations and copies share both (implicit sharing).

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QString>

#include <utility>

namespace Esl {

class HeaderList
{
public:
    HeaderList() = default;
    HeaderList(const HeaderList &) = default;
    HeaderList &operator=(const HeaderList &) = default;
    // A moved-from list is empty, as a moved-from QList is.
    HeaderList(HeaderList &&other) noexcept
        : m_storage(std::move(other.m_storage)), m_entries(std::move(other.m_entries)),
          m_used(std::exchange(other.m_used, 0)), m_count(std::exchange(other.m_count, 0))
    {}
    HeaderList &operator=(HeaderList &&other) noexcept
    {
        HeaderList moved(std::move(other));
        swap(moved);
        return *this;
    }
    void swap(HeaderList &other) noexcept
    {
        m_storage.swap(other.m_storage);
        m_entries.swap(other.m_entries);
        std::swap(m_used, other.m_used);
        std::swap(m_count, other.m_count);
    }

    [[nodiscard]] qsizetype size() const { return m_count; }
    [[nodiscard]] bool isEmpty() const { return m_count == 0; }

    // Inline: every loop over a list's headers calls these.
    [[nodiscard]] QByteArrayView name(qsizetype i) const
    {
        Q_ASSERT(i >= 0 && i < m_count);
        const Entry &e = m_entries.constData()[i];
        return QByteArrayView(m_storage.constData() + e.nameOffset, e.nameSize);
    }
    [[nodiscard]] QByteArrayView value(qsizetype i) const
    {
        Q_ASSERT(i >= 0 && i < m_count);
        const Entry &e = m_entries.constData()[i];
        return QByteArrayView(m_storage.constData() + e.valueOffset, e.valueSize);
    }

    // Index of the first entry at or after `from` named `name` (ASCII case-insensitive), or -1.
    [[nodiscard]] qsizetype indexOf(QByteArrayView name, qsizetype from = 0) const;
    [[nodiscard]] bool contains(QByteArrayView name) const { return indexOf(name) >= 0; }
    // The first value named `name`; a null view when there is none.
    [[nodiscard]] QByteArrayView value(QByteArrayView name) const;
    // The same as text (invalid UTF-8 becomes U+FFFD); a null QString when there is none.
    [[nodiscard]] QString text(QByteArrayView name) const;
    // Every value named `name`, in order.
    [[nodiscard]] QList<QByteArrayView> values(QByteArrayView name) const;

    void append(QByteArrayView name, QByteArrayView value);
    // The same, converting UTF-16 text or a number straight into the storage (no temporaries).
    void appendText(QByteArrayView name, QStringView value);
    void appendNumber(QByteArrayView name, qint64 value);
    // Appends name and a value given in percent-encoded form, decoding it on the way in.
    // Returns the decoded value as stored (valid until the list is next changed).
    QByteArrayView appendPercentDecoded(QByteArrayView name, QByteArrayView encodedValue);
    // Drops every entry named `name` (their bytes stay in the storage until the list is rebuilt).
    void removeAll(QByteArrayView name);
    void removeLast() { --m_count; }
    // Points entry i at a new value (the old bytes stay in the storage).
    void setValue(qsizetype i, QByteArrayView value);
    void reserve(qsizetype entries, qsizetype bytes);
    void clear();

    // Header-by-header equality (names compared exactly, order included).
    friend bool operator==(const HeaderList &a, const HeaderList &b);
    friend bool operator!=(const HeaderList &a, const HeaderList &b) { return !(a == b); }

private:
    struct Entry
    {
        quint32 nameOffset;
        quint32 nameSize;
        quint32 valueOffset;
        quint32 valueSize;
    };
    // Room for `bytes` more after the bytes in use, in storage this list alone holds; returns
    // where they go. The caller sets m_used.
    char *room(qsizetype bytes)
    {
        if (m_used + bytes > m_storage.size() || !m_storage.isDetached())
            grow(bytes);
        return m_storage.data() + m_used;
    }
    void grow(qsizetype bytes);
    void appendEntry(Entry entry)
    {
        if (m_count < m_entries.size() && m_entries.isDetached()) {
            // Ours alone, so writing through constData() is safe and skips data()'s detach.
            const_cast<Entry *>(m_entries.constData())[m_count++] = entry;
            return;
        }
        appendEntrySlowly(entry);
    }
    void appendEntrySlowly(Entry entry);

    // Both arrays are used up to m_used and m_count and sized beyond that, so that an append
    // is a copy into room already there rather than a QByteArray::resize and a QList::append
    // (both out-of-line and costlier than the copy itself; every header line of every event
    // comes through here). Copies share both arrays until one of them is written to.
    QByteArray m_storage;
    QList<Entry> m_entries;
    qsizetype m_used = 0;
    qsizetype m_count = 0;
};

// ASCII case-insensitive equality, the way the switch compares header names.
[[nodiscard]] bool equalsIgnoringCase(QByteArrayView a, QByteArrayView b);

} // namespace Esl
