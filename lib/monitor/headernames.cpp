#include "headernames.h"

namespace Monitor {

HeaderNames &HeaderNames::instance()
{
    static HeaderNames names;
    return names;
}

QByteArray HeaderNames::folded(QByteArrayView name)
{
    QByteArray out(name.data(), name.size());
    for (char &c : out) {
        if (c >= 'A' && c <= 'Z')
            c = char(c + ('a' - 'A'));
    }
    return out;
}

NameId HeaderNames::intern(QByteArrayView name)
{
    const QByteArray key = folded(name);
    {
        QReadLocker lock(&m_lock);
        const auto it = m_ids.constFind(key);
        if (it != m_ids.cend())
            return *it;
    }
    QWriteLocker lock(&m_lock);
    const auto it = m_ids.constFind(key);
    if (it != m_ids.cend())
        return *it;
    if (m_names.size() >= kNoName)
        return kNoName;
    const auto id = NameId(m_names.size());
    m_names.append(QByteArray(name.data(), name.size()));
    m_ids.insert(key, id);
    return id;
}

NameId HeaderNames::find(QByteArrayView name) const
{
    const QByteArray key = folded(name);
    QReadLocker lock(&m_lock);
    return m_ids.value(key, kNoName);
}

QByteArray HeaderNames::name(NameId id) const
{
    QReadLocker lock(&m_lock);
    return id < m_names.size() ? m_names[id] : QByteArray();
}

SpellingId HeaderNames::spell(QByteArrayView name)
{
    const QByteArray key(name.data(), name.size());
    {
        QReadLocker lock(&m_lock);
        const auto it = m_spellingIds.constFind(key);
        if (it != m_spellingIds.cend())
            return *it;
    }
    const NameId folded = intern(name);
    QWriteLocker lock(&m_lock);
    const auto it = m_spellingIds.constFind(key);
    if (it != m_spellingIds.cend())
        return *it;
    if (folded == kNoName || m_spellings.size() >= kNoName)
        return kNoName;
    const auto id = SpellingId(m_spellings.size());
    m_spellings.append({key, folded});
    m_spellingIds.insert(key, id);
    return id;
}

QByteArray HeaderNames::spelling(SpellingId id) const
{
    QReadLocker lock(&m_lock);
    return id < m_spellings.size() ? m_spellings[id].first : QByteArray();
}

NameId HeaderNames::nameOf(SpellingId id) const
{
    QReadLocker lock(&m_lock);
    return id < m_spellings.size() ? m_spellings[id].second : kNoName;
}

int HeaderNames::size() const
{
    QReadLocker lock(&m_lock);
    return int(m_names.size());
}

} // namespace Monitor
