// The calls a store's channels make up: which channel is whose partner, which leg a call is
// known by (its first), the calls with their legs, and how many are live; loopback chains, and
// the bridges that must not be tried. (The table itself is kept in channelstore.cpp.)
//
// Grouping is worked out from the channels' current fields each time it is asked, never
// stored: after a transfer, bridge or unbridge the events change bridgedTo, Other-Leg and
// Call-UUID, and the legs regroup by themselves.

#include "channelstore.h"

#include <QSet>

#include <algorithm>

namespace Monitor {

namespace {
constexpr int kMaxChainHops = 8;
}

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
    // A loopback endpoint is a pipe: what is called into loopback/N-a comes out of
    // loopback/N-b, so the call on the B half continues the call its A half is in. A chain of
    // them is one call. (Bounded: the partner fields come from the switch.)
    QString key = pairKeyOf(c);
    const Channel *first = key == c.uuid ? &c : nullptr;
    for (int hop = 0; hop < kMaxChainHops; ++hop) {
        if (!first) {
            const auto it = m_channels.constFind(key);
            if (it == m_channels.cend())
                break;
            first = &*it;
        }
        if (first->loopbackPartner.isEmpty() || !first->isLoopbackB())
            break;
        const auto partner = m_channels.constFind(first->loopbackPartner);
        if (partner == m_channels.cend())
            break;
        QString next = pairKeyOf(*partner);
        if (next == key)
            break;
        key = std::move(next);
        first = nullptr;
    }
    return key;
}

QString ChannelStore::pairKeyOf(const Channel &c) const
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

QStringList ChannelStore::chainOf(const QString &uuid) const
{
    const auto it = m_channels.constFind(uuid);
    if (it == m_channels.cend())
        return {};
    const QString key = callKeyOf(*it);
    QStringList legs;
    bool loopback = false;
    for (const Channel &c : m_channels) {
        if (callKeyOf(c) == key) {
            legs.append(c.uuid);
            loopback |= c.isLoopback();
        }
    }
    if (!loopback)
        return {};
    std::sort(legs.begin(), legs.end(), [&](const QString &a, const QString &b) {
        if (a == key || b == key)
            return a == key;
        return m_channels.constFind(a)->createdMs < m_channels.constFind(b)->createdMs;
    });
    return legs;
}

QString ChannelStore::whyNotBridge(const QString &a, const QString &b) const
{
    if (a == b)
        return tr("a channel cannot be bridged to itself");
    const Channel *ca = channel(a);
    const Channel *cb = channel(b);
    if (!ca || !cb)
        return {};
    // Legs of different calls are of different chains: no scan of the table (a drag over the
    // calls view may ask for every row it passes).
    const QStringList chain = callKeyOf(*ca) == callKeyOf(*cb) ? chainOf(a) : QStringList();
    if (chain.contains(b)) {
        QStringList endpoints;
        for (const QString &leg : chain) {
            const QString endpoint = channel(leg)->loopbackEndpoint();
            if (!endpoint.isEmpty() && !endpoints.contains(endpoint))
                endpoints.append(endpoint);
        }
        endpoints.sort();
        return tr("both legs belong to one loopback chain (%1): bridging them crashes "
                  "FreeSWITCH 1.10")
            .arg(endpoints.join(u", "));
    }
    // A loopback half known from the lists alone may be the other end of the same pipe.
    for (const Channel *c : {ca, cb}) {
        if (c->isLoopback() && c->loopbackPartner.isEmpty() && !c->ended && !c->zombie)
            return tr("cannot tell yet whether %1 belongs to the same loopback chain as the "
                      "other leg (bridging two ends of one chain crashes FreeSWITCH 1.10): "
                      "select it to fetch its details, then try again")
                .arg(c->name);
    }
    return {};
}

} // namespace Monitor
