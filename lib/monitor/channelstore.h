#pragma once
// The live channels of one server, kept current by channel events and checked against the
// switch's own `show channels as json` (see "Events that keep a channel table current" in the
// protocol notes). Legs are grouped into calls; a call's legs change as bridges and transfers
// happen.
//
// Events get lost (the switch drops them for slow readers; a reconnect misses some), so the
// store is reconciled after every (re)connect, on a Core-UUID change and on a timer: what is
// missing is added, what the switch no longer has becomes a zombie (shown, not silently
// dropped), and the drift is counted. A channel that hung up stays visible as "ended" with its
// cause for a while.
//
// The switch's lists are not the truth either: after an attended transfer a real FreeSWITCH
// 1.10 kept rows in `show channels` for channels that had hung up, for minutes. So a channel
// seen ending is remembered (a bounded set of tombstones) and no listing row brings it back; a
// row the switch disowns (uuid_exists false, "-ERR No such channel!") marks its channel a ghost;
// and rows no event has vouched for are "doubtful" until a probe confirms them.
//
// channelstore.cpp keeps the table from the events; channelstorelisting.cpp compares it with the
// switch's lists (reconcile, tombstones, ghosts, uuid_dump); channelstorecalls.cpp groups its
// channels into calls and loopback chains.

#include "channel.h"

#include "esl/wire/event.h"

#include <QHash>
#include <QList>
#include <QSet>
#include <QObject>

#include <deque>
#include <utility>

namespace Monitor {

// One row of `show channels as json`, keys in the switch's order.
using ShowRow = QList<std::pair<QString, QString>>;

// What the switch lists: `show channels as json`, and `show calls as json` when it was read
// (its rows pair a bridge's A leg, `uuid`, with its B leg, `b_uuid`).
struct Listing
{
    QList<ShowRow> channels;
    QList<ShowRow> calls;
    bool hasCalls = false;
};

struct ReconcileResult
{
    int added = 0;     // the switch has them; we did not
    int zombies = 0;   // we had them; the switch does not
    int corrected = 0; // both have them; their state differed
    int stale = 0;     // listed, but seen ending (or disowned by the switch): left alone
    [[nodiscard]] int drift() const { return added + zombies + corrected; }
};

class ChannelStore : public QObject
{
    Q_OBJECT

public:
    explicit ChannelStore(QObject *parent = nullptr);

    // How long an ended or zombie channel stays visible (ms).
    void setEndedRetention(qint64 ms) { m_retentionMs = ms; }
    [[nodiscard]] qint64 endedRetention() const { return m_retentionMs; }

    // Applies one event; returns true when it concerned a channel.
    bool apply(const Esl::Event &event, qint64 nowMs);
    // Compares with the switch's lists and corrects the store: adds what is missing with every
    // fact a row gives (created_epoch, callstate, application, call_uuid; the bridged partner
    // from show calls), marks zombies, and never brings back a channel seen ending.
    ReconcileResult reconcile(const Listing &listing, qint64 nowMs);
    ReconcileResult reconcile(const QList<ShowRow> &channelRows, qint64 nowMs);
    // `uuid_dump <uuid> json` decoded as an event (CHANNEL_DATA): what the lists lack, the
    // answer time and every variable. False when the channel is not in the store.
    bool applyDump(const Esl::Event &dump, qint64 nowMs);

    // The reply to `json {"command":"mediaStats","data":{"uuid":...}}` for a channel of the store:
    // its live counters and FreeSWITCH's MOS (see callquality.h). False, with *error set, when
    // the store has no such channel or the reply is an error ("Session does not exist") or not
    // understood; the channel is left as it was then.
    bool applyMediaStats(const QString &uuid, QByteArrayView reply, qint64 nowMs,
                         QString *error = nullptr);

    // The switch has no such channel, whatever its lists say ("-ERR No such channel!" to an
    // action, uuid_exists false): the channel becomes a ghost (and a zombie), expires as
    // zombies do, and no listing row brings it back. False when the store never had it.
    bool markGhost(const QString &uuid, qint64 nowMs);
    // uuid_exists said true: the channel is no longer doubtful.
    void markConfirmed(const QString &uuid);
    // Learnt from `uuid_getvar <uuid> other_loopback_leg_uuid`.
    void setLoopbackPartner(const QString &uuid, const QString &partner);
    // Live channels only the lists vouch for (no event since the store had them, no probe):
    // loopback halves whose partner is unknown first, then the oldest; at most `max`.
    [[nodiscard]] QStringList doubtful(int max) const;
    // Seen ending (or disowned) within the tombstone time: listing rows for it are stale.
    [[nodiscard]] bool isTombstoned(const QString &uuid) const;
    // Tombstones kept: at most `count`, for at most `ms` (defaults: 20,000 for 30 minutes).
    void setTombstoneLimits(qint64 ms, int count);
    [[nodiscard]] int tombstoneCount() const { return int(m_tombstones.size()); }
    // Removes ended and zombie channels older than the retention time.
    int expire(qint64 nowMs);
    // Everything is gone (a restart of the switch): every channel becomes a zombie.
    void markAllZombies(qint64 nowMs);
    void clear();

    [[nodiscard]] const Channel *channel(const QString &uuid) const;
    [[nodiscard]] QList<const Channel *> channels() const;
    [[nodiscard]] int size() const { return int(m_channels.size()); }
    [[nodiscard]] int liveCount() const;

    // The call a channel belongs to: the uuid of its first leg (see callKeyOf).
    [[nodiscard]] QString callKeyOf(const QString &uuid) const;
    // The same for a channel of this store.
    [[nodiscard]] QString callKeyOf(const Channel &channel) const;
    // Calls: call key -> its legs' uuids, first leg first.
    [[nodiscard]] QHash<QString, QStringList> calls() const;
    [[nodiscard]] int liveCallCount() const;

    // The loopback chain a channel is in: the legs of its call when one of them is a loopback
    // channel (loopback/N-a and -b are two ends of one pipe, so a call through loopback/9196
    // and loopback/9197 is one call of four legs); empty otherwise. First leg first.
    [[nodiscard]] QStringList chainOf(const QString &uuid) const;
    // Why bridging `a` and `b` must not be tried, or an empty string: bridging two channels of
    // one loopback chain crashes FreeSWITCH 1.10 (segfault after uuid_bridge).
    [[nodiscard]] QString whyNotBridge(const QString &a, const QString &b) const;

    [[nodiscard]] qint64 totalDrift() const { return m_totalDrift; }

Q_SIGNALS:
    void channelAdded(const QString &uuid);
    void channelChanged(const QString &uuid);
    void channelRemoved(const QString &uuid);
    void reconciled(const Monitor::ReconcileResult &result);

private:
    Channel &upsert(const QString &uuid, qint64 nowMs, bool *created);
    void updateFromHeaders(Channel &channel, const Esl::Event &event);
    void end(Channel &channel, const QString &cause, qint64 nowMs);
    // RECV_RTCP_MESSAGE / SEND_RTCP_MESSAGE (channelstorequality.cpp): the quality of a channel
    // the store has; they never create one nor touch its other facts.
    bool applyRtcpEvent(const Esl::Event &event, qint64 nowMs);
    [[nodiscard]] const Channel *partnerChannelOf(const Channel &channel) const;
    // The call key from the channel's own partner and Call-UUID, before loopback chains join.
    [[nodiscard]] QString pairKeyOf(const Channel &channel) const;
    void bridge(Channel &aLeg, Channel &bLeg);
    void reconcileBridges(const QList<ShowRow> &callRows, const QSet<QString> &added,
                          ReconcileResult *result);
    void tombstone(const QString &uuid, qint64 nowMs);
    void pruneTombstones(qint64 nowMs);

    QHash<QString, Channel> m_channels;
    qint64 m_retentionMs = 10000;
    qint64 m_totalDrift = 0;
    // uuid -> when it was seen ending; m_tombstoneOrder is the same uuids, oldest first.
    QHash<QString, qint64> m_tombstones;
    std::deque<std::pair<qint64, QString>> m_tombstoneOrder;
    qint64 m_tombstoneMs = 30 * 60 * 1000;
    int m_tombstoneMax = 20000;
};

} // namespace Monitor
