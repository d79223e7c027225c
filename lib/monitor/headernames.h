#pragma once
// Header names as small integers, for the life of the program. A NameId is case-insensitive
// (Channel-Read-Codec-Name and channel-read-codec-name share one): filters and lookups use it.
// A SpellingId keeps the exact spelling, so a stored event comes back byte for byte.

#include <QByteArray>
#include <QByteArrayView>
#include <QHash>
#include <QList>
#include <QReadWriteLock>

namespace Monitor {

using NameId = quint16;
using SpellingId = quint16;
inline constexpr NameId kNoName = 0xffff;

class HeaderNames
{
public:
    static HeaderNames &instance();

    // The id of `name` (created on first sight); kNoName once the table is full.
    NameId intern(QByteArrayView name);
    // The id of `name` if it was ever seen, else kNoName.
    [[nodiscard]] NameId find(QByteArrayView name) const;
    // The name as first seen.
    [[nodiscard]] QByteArray name(NameId id) const;
    [[nodiscard]] int size() const;

    // The id of this exact spelling (created on first sight); kNoName once the table is full.
    SpellingId spell(QByteArrayView name);
    [[nodiscard]] QByteArray spelling(SpellingId id) const;
    [[nodiscard]] NameId nameOf(SpellingId id) const;

private:
    HeaderNames() = default;
    static QByteArray folded(QByteArrayView name);

    mutable QReadWriteLock m_lock;
    QHash<QByteArray, NameId> m_ids; // lower-case name -> id
    QList<QByteArray> m_names;       // id -> name as first seen
    QHash<QByteArray, SpellingId> m_spellingIds;
    QList<std::pair<QByteArray, NameId>> m_spellings; // spelling id -> (spelling, name id)
};

} // namespace Monitor
