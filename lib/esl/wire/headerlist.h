#pragma once
// An ordered list of "Name: value" pairs as the switch wrote them: repeated names are kept, and
// names are looked up without regard to case (CODEC events carry both Channel-Read-Codec-Name and
// channel-read-codec-name). All text lives in one byte array; entries are offsets into it, so a
// list of a hundred headers costs two allocations and copies share both (implicit sharing).

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QString>

namespace Esl {

class HeaderList
{
public:
    [[nodiscard]] qsizetype size() const { return m_entries.size(); }
    [[nodiscard]] bool isEmpty() const { return m_entries.isEmpty(); }

    [[nodiscard]] QByteArrayView name(qsizetype i) const;
    [[nodiscard]] QByteArrayView value(qsizetype i) const;

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
    void appendPercentDecoded(QByteArrayView name, QByteArrayView encodedValue);
    // Drops every entry named `name` (their bytes stay in the storage until the list is rebuilt).
    void removeAll(QByteArrayView name);
    void removeLast() { m_entries.removeLast(); }
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
    QByteArray m_storage;
    QList<Entry> m_entries;
};

// ASCII case-insensitive equality, the way the switch compares header names.
[[nodiscard]] bool equalsIgnoringCase(QByteArrayView a, QByteArrayView b);

} // namespace Esl
