// The calls a store's channels make up: which channel is whose partner, which leg a call is
// known by (its first), the calls with their legs, and how many are live. (The table itself is
// kept in channelstore.cpp.)

#include "channelstore.h"

#include <QSet>

#include <algorithm>

namespace Monitor {

const Channel *ChannelStore::partnerChannelOf(const Channel &c) const
{
    // Bridge-A/B ids first, then Other-Leg-Unique-ID (which originator/originatee explains).
    if (!c.bridgedTo.isEmpty()) {
        if (const auto bridged = m_channels.constFind(c.bridgedTo); bridged != m_channels.cend())
            return &*bridged;
    }
    // An other leg that is bridged to somebody else now (after a transfer) is no partner.
    if (!c.otherLeg.isEmpty()) {
        const auto other = m_channels.constFind(c.otherLeg);
        if (other != m_channels.cend() &&
            (other->bridgedTo.isEmpty() || other->bridgedTo == c.uuid))
            return &*other;
    }
    return nullptr;
}

QString ChannelStore::callKeyOf(const QString &uuid) const
{
    const auto it = m_channels.constFind(uuid);
    return it == m_channels.cend() ? QString() : callKeyOf(*it);
}

QString ChannelStore::callKeyOf(const Channel &c) const
{
    // The calls view asks this of every channel ten times a second: lookups only, no copies.
    if (const Channel *partner = partnerChannelOf(c)) {
        const Channel &p = *partner;
        // Which of the two is the call's first leg.
        bool mineFirst;
        if (c.bridgedTo == p.uuid && (c.bridgeA || p.bridgeA))
            mineFirst = c.bridgeA;
        else if (c.otherType == u"originatee" || p.otherType == u"originator")
            mineFirst = true; // the other leg was originated by this one
        else if (c.otherType == u"originator" || p.otherType == u"originatee")
            mineFirst = false;
        else
            mineFirst = c.createdMs != p.createdMs ? c.createdMs < p.createdMs : c.uuid < p.uuid;
        return mineFirst ? c.uuid : p.uuid;
    }
    // Channel-Call-UUID names the call's first leg (show channels' call_uuid too), unless that
    // leg has moved on to somebody else.
    if (!c.callUuid.isEmpty() && c.callUuid != c.uuid) {
        const auto first = m_channels.constFind(c.callUuid);
        if (first != m_channels.cend() &&
            (first->bridgedTo.isEmpty() || first->bridgedTo == c.uuid))
            return c.callUuid;
    }
    return c.uuid;
}

QHash<QString, QStringList> ChannelStore::calls() const
{
    QHash<QString, QStringList> out;
    for (auto it = m_channels.cbegin(); it != m_channels.cend(); ++it)
        out[callKeyOf(it.key())].append(it.key());
    for (auto it = out.begin(); it != out.end(); ++it) {
        const QString key = it.key();
        std::sort(it->begin(), it->end(), [&](const QString &a, const QString &b) {
            if (a == key || b == key)
                return a == key;
            return m_channels.constFind(a)->createdMs < m_channels.constFind(b)->createdMs;
        });
    }
    return out;
}

int ChannelStore::liveCallCount() const
{
    // The statistics ask every second: with 10,000 channels a set of every live channel's key
    // cost the window 15 ms each time. A call whose first leg is live and first of its own call
    // is counted by that leg; only the rest (a first leg that ended while another leg is up)
    // need a set.
    int counted = 0;
    QSet<QString> others;
    for (const Channel &c : m_channels) {
        if (c.ended || c.zombie)
            continue;
        QString key = callKeyOf(c);
        if (key == c.uuid) {
            ++counted;
            continue;
        }
        const auto first = m_channels.constFind(key);
        if (first == m_channels.cend() || first->ended || first->zombie || callKeyOf(*first) != key)
            others.insert(std::move(key));
    }
    return counted + int(others.size());
}

} // namespace Monitor
