// The channel table against the switch's own lists: reconcile with `show channels` and
// `show calls`, what `uuid_dump` adds, and the channels that are gone — ended, zombies, ghosts
// and the tombstones that keep stale listing rows from bringing them back. (The table is kept
// from the events in channelstore.cpp.)

#include "channelstore.h"

#include <QSet>

#include <algorithm>
#include <utility>

namespace Monitor {

namespace {

QString rowValue(const ShowRow &row, QLatin1StringView key)
{
    for (const auto &[k, v] : row) {
        if (k == key)
            return v;
    }
    return {};
}

// `show channels` has no column for it: a channel in CS_PARK (uuid_park) or running the park
// application is parked.
bool rowSaysParked(const ShowRow &row)
{
    return rowValue(row, QLatin1StringView("state")) == u"CS_PARK" ||
           rowValue(row, QLatin1StringView("application")) == u"park";
}

// Returns whether anything changed.
bool applyRow(Channel &c, const ShowRow &row)
{
    bool changed = false;
    auto set = [&](QString &field, QLatin1StringView key) {
        const QString value = rowValue(row, key);
        if (!value.isEmpty() && value != field) {
            field = value;
            changed = true;
        }
    };
    set(c.name, QLatin1StringView("name"));
    set(c.direction, QLatin1StringView("direction"));
    set(c.callerName, QLatin1StringView("cid_name"));
    set(c.callerNumber, QLatin1StringView("cid_num"));
    set(c.destination, QLatin1StringView("dest"));
    set(c.calleeName, QLatin1StringView("callee_name"));
    set(c.calleeNumber, QLatin1StringView("callee_num"));
    set(c.context, QLatin1StringView("context"));
    set(c.channelState, QLatin1StringView("state"));
    set(c.callState, QLatin1StringView("callstate"));
    set(c.readCodec, QLatin1StringView("read_codec"));
    set(c.writeCodec, QLatin1StringView("write_codec"));
    set(c.application, QLatin1StringView("application"));
    set(c.applicationData, QLatin1StringView("application_data"));
    set(c.callUuid, QLatin1StringView("call_uuid"));
    if (c.callState == u"ACTIVE" || c.callState == u"HELD")
        c.answerState = QStringLiteral("answered");
    const bool held = c.callState == u"HELD";
    const bool parked = rowSaysParked(row);
    changed |= held != c.held || parked != c.parked;
    c.held = held;
    c.parked = parked;
    return changed;
}

// created_epoch is whole seconds: it corrects a creation time only when it proves the channel
// older than believed (an event that named a channel first was taken as its creation).
bool applyCreated(Channel &c, const ShowRow &row)
{
    const qint64 epoch = rowValue(row, QLatin1StringView("created_epoch")).toLongLong();
    if (epoch <= 0 || (c.createdMs > 0 && epoch * 1000 + 999 >= c.createdMs))
        return false;
    c.createdMs = epoch * 1000;
    return true;
}

} // namespace

ReconcileResult ChannelStore::reconcile(const QList<ShowRow> &channelRows, qint64 nowMs)
{
    Listing listing;
    listing.channels = channelRows;
    return reconcile(listing, nowMs);
}

ReconcileResult ChannelStore::reconcile(const Listing &listing, qint64 nowMs)
{
    ReconcileResult result;
    QSet<QString> present;
    QSet<QString> added;
    for (const ShowRow &row : listing.channels) {
        const QString uuid = rowValue(row, QLatin1StringView("uuid"));
        if (uuid.isEmpty())
            continue;
        present.insert(uuid);
        auto it = m_channels.find(uuid);
        if (it == m_channels.end()) {
            // A real switch lists channels that hung up, for minutes: seen ending, it stays so.
            if (isTombstoned(uuid)) {
                ++result.stale;
                continue;
            }
            it = m_channels.insert(uuid, Channel{});
            it->uuid = uuid;
            applyRow(*it, row);
            applyCreated(*it, row);
            if (it->createdMs == 0)
                it->createdMs = nowMs;
            added.insert(uuid);
            ++result.added;
            Q_EMIT channelAdded(uuid);
            continue;
        }
        Channel &c = *it;
        if (c.ended || c.ghost) {
            ++result.stale;
            continue;
        }
        const QString state = rowValue(row, QLatin1StringView("callstate"));
        bool changed = applyCreated(c, row);
        if (c.zombie || (!state.isEmpty() && state != c.callState)) {
            // The switch has it, in another state than we believed.
            c.zombie = false;
            c.goneMs = 0;
            applyRow(c, row);
            ++result.corrected;
            changed = true;
        } else if (c.lastEventMs == 0) {
            // Known from the lists alone: they are all there is to go by.
            changed |= applyRow(c, row);
        }
        if (changed)
            Q_EMIT channelChanged(uuid);
    }
    if (listing.hasCalls)
        reconcileBridges(listing.calls, added, &result);
    for (auto it = m_channels.begin(); it != m_channels.end(); ++it) {
        if (present.contains(it.key()) || it->ended || it->zombie)
            continue;
        it->zombie = true;
        it->goneMs = nowMs;
        ++result.zombies;
        Q_EMIT channelChanged(it.key());
    }
    m_totalDrift += result.drift();
    Q_EMIT reconciled(result);
    return result;
}

void ChannelStore::reconcileBridges(const QList<ShowRow> &callRows, const QSet<QString> &added,
                                    ReconcileResult *result)
{
    // The events know better than the lists (the switch writes its tables a moment after it
    // says what happened), so a bridge from the lists is taken only where the events said
    // nothing: for legs not bridged to anybody, or known from the lists alone.
    auto live = [this](const QString &uuid) -> Channel * {
        auto it = m_channels.find(uuid);
        return it == m_channels.end() || it->ended || it->zombie || it->ghost ? nullptr : &*it;
    };
    QSet<QString> listed;
    for (const ShowRow &row : callRows) {
        Channel *a = live(rowValue(row, QLatin1StringView("uuid")));
        Channel *b = live(rowValue(row, QLatin1StringView("b_uuid")));
        if (!a || !b || a == b)
            continue;
        listed.insert(a->uuid);
        listed.insert(b->uuid);
        if (a->bridgedTo == b->uuid && b->bridgedTo == a->uuid)
            continue;
        const bool aFree = a->bridgedTo.isEmpty() || a->lastEventMs == 0;
        const bool bFree = b->bridgedTo.isEmpty() || b->lastEventMs == 0;
        if (!aFree || !bFree)
            continue;
        bridge(*a, *b);
        if (!added.contains(a->uuid) || !added.contains(b->uuid))
            ++result->corrected;
        Q_EMIT channelChanged(a->uuid);
        Q_EMIT channelChanged(b->uuid);
    }
    for (Channel &c : m_channels) {
        if (c.lastEventMs == 0 && !c.bridgedTo.isEmpty() && !listed.contains(c.uuid)) {
            c.bridgedTo.clear();
            Q_EMIT channelChanged(c.uuid);
        }
    }
}

bool ChannelStore::applyDump(const Esl::Event &dump, qint64 nowMs)
{
    Q_UNUSED(nowMs);
    const QString uuid = dump.uniqueId();
    const auto it = m_channels.find(uuid);
    if (it == m_channels.end())
        return false;
    Channel &c = *it;
    updateFromHeaders(c, dump);
    c.confirmed = true;
    if (!c.ended) {
        c.held = c.callState == u"HELD";
        if (const QString app = dump.text("variable_current_application"); !app.isEmpty()) {
            c.application = app;
            c.applicationData = dump.text("variable_current_application_data");
        }
    }
    Q_EMIT channelChanged(uuid);
    if (!c.loopbackPartner.isEmpty())
        setLoopbackPartner(c.loopbackPartner, uuid);
    return true;
}

bool ChannelStore::markGhost(const QString &uuid, qint64 nowMs)
{
    tombstone(uuid, nowMs);
    const auto it = m_channels.find(uuid);
    if (it == m_channels.end())
        return false;
    Channel &c = *it;
    if (c.ghost)
        return true;
    c.ghost = true;
    if (!c.ended && !c.zombie) {
        c.zombie = true;
        c.goneMs = nowMs;
    }
    const QString partner = std::exchange(c.bridgedTo, QString());
    Q_EMIT channelChanged(uuid);
    if (auto p = m_channels.find(partner); p != m_channels.end() && p->bridgedTo == uuid) {
        p->bridgedTo.clear();
        Q_EMIT channelChanged(partner);
    }
    return true;
}

void ChannelStore::markConfirmed(const QString &uuid)
{
    if (const auto it = m_channels.find(uuid); it != m_channels.end())
        it->confirmed = true;
}

void ChannelStore::setLoopbackPartner(const QString &uuid, const QString &partner)
{
    const auto it = m_channels.find(uuid);
    if (it == m_channels.end() || partner.isEmpty() || it->loopbackPartner == partner)
        return;
    it->loopbackPartner = partner;
    Q_EMIT channelChanged(uuid);
    // The pair is symmetric: the other half learns it too.
    const auto other = m_channels.find(partner);
    if (other != m_channels.end() && other->loopbackPartner.isEmpty()) {
        other->loopbackPartner = uuid;
        Q_EMIT channelChanged(partner);
    }
}

QStringList ChannelStore::doubtful(int max) const
{
    QList<const Channel *> found;
    for (const Channel &c : m_channels) {
        if (c.ended || c.zombie || c.confirmed)
            continue;
        if (c.lastEventMs == 0 || (c.isLoopback() && c.loopbackPartner.isEmpty()))
            found.append(&c);
    }
    // A loopback half of unknown partner first: until it is known, a bridge that crashes the
    // switch cannot be refused.
    std::sort(found.begin(), found.end(), [](const Channel *a, const Channel *b) {
        const bool aLoop = a->isLoopback() && a->loopbackPartner.isEmpty();
        const bool bLoop = b->isLoopback() && b->loopbackPartner.isEmpty();
        if (aLoop != bLoop)
            return aLoop;
        return a->createdMs != b->createdMs ? a->createdMs < b->createdMs : a->uuid < b->uuid;
    });
    QStringList out;
    for (qsizetype i = 0; i < found.size() && i < max; ++i)
        out.append(found[i]->uuid);
    return out;
}

bool ChannelStore::isTombstoned(const QString &uuid) const
{
    return m_tombstones.contains(uuid);
}

void ChannelStore::setTombstoneLimits(qint64 ms, int count)
{
    m_tombstoneMs = ms;
    m_tombstoneMax = std::max(0, count);
    if (!m_tombstoneOrder.empty())
        pruneTombstones(m_tombstoneOrder.back().first);
}

void ChannelStore::tombstone(const QString &uuid, qint64 nowMs)
{
    if (m_tombstones.contains(uuid))
        return;
    m_tombstones.insert(uuid, nowMs);
    m_tombstoneOrder.emplace_back(nowMs, uuid);
    pruneTombstones(nowMs);
}

void ChannelStore::pruneTombstones(qint64 nowMs)
{
    while (!m_tombstoneOrder.empty() && (qsizetype(m_tombstoneOrder.size()) > m_tombstoneMax ||
                                         nowMs - m_tombstoneOrder.front().first >= m_tombstoneMs)) {
        m_tombstones.remove(m_tombstoneOrder.front().second);
        m_tombstoneOrder.pop_front();
    }
}

int ChannelStore::expire(qint64 nowMs)
{
    QStringList gone;
    for (auto it = m_channels.cbegin(); it != m_channels.cend(); ++it) {
        if ((it->ended || it->zombie) && nowMs - it->goneMs >= m_retentionMs)
            gone.append(it.key());
    }
    for (const QString &uuid : std::as_const(gone)) {
        m_channels.remove(uuid);
        Q_EMIT channelRemoved(uuid);
    }
    pruneTombstones(nowMs);
    return int(gone.size());
}

void ChannelStore::markAllZombies(qint64 nowMs)
{
    for (auto it = m_channels.begin(); it != m_channels.end(); ++it) {
        if (it->ended || it->zombie)
            continue;
        it->zombie = true;
        it->goneMs = nowMs;
        Q_EMIT channelChanged(it.key());
    }
}

} // namespace Monitor
