#pragma once
// Header names as small integers. Every header name the monitor ever sees gets one id for the
// life of the program, case-insensitively (Channel-Read-Codec-Name and channel-read-codec-name
// share one), so stored events keep 2-byte names and a compiled filter compares integers.

#include <QByteArray>
#include <QByteArrayView>
#include <QHash>
#include <QList>
#include <QReadWriteLock>

namespace Monitor {

using NameId = quint16;
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

private:
    HeaderNames() = default;
    static QByteArray folded(QByteArrayView name);

    mutable QReadWriteLock m_lock;
    QHash<QByteArray, NameId> m_ids; // lower-case name -> id
    QList<QByteArray> m_names;       // id -> name as first seen
};

} // namespace Monitor
