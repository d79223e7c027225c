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
// channelstore.cpp keeps the table; channelstorecalls.cpp groups its channels into calls.

#include "channel.h"

#include "esl/wire/event.h"

#include <QHash>
#include <QList>
#include <QObject>

#include <utility>

namespace Monitor {

// One row of `show channels as json`, keys in the switch's order.
using ShowRow = QList<std::pair<QString, QString>>;

struct ReconcileResult
{
    int added = 0;     // the switch has them; we did not
    int zombies = 0;   // we had them; the switch does not
    int corrected = 0; // both have them; their state differed
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
    // Compares with the switch's list and corrects the store.
    ReconcileResult reconcile(const QList<ShowRow> &rows, qint64 nowMs);
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

    [[nodiscard]] qint64 totalDrift() const { return m_totalDrift; }

Q_SIGNALS:
    void channelAdded(const QString &uuid);
    void channelChanged(const QString &uuid);
    void channelRemoved(const QString &uuid);
    void reconciled(const Monitor::ReconcileResult &result);

private:
    Channel &upsert(const QString &uuid, qint64 nowMs, bool *created);
    void updateFromHeaders(Channel &channel, const Esl::Event &event);
    void applyRow(Channel &channel, const ShowRow &row);
    void end(Channel &channel, const QString &cause, qint64 nowMs);
    [[nodiscard]] const Channel *partnerChannelOf(const Channel &channel) const;

    QHash<QString, Channel> m_channels;
    qint64 m_retentionMs = 10000;
    qint64 m_totalDrift = 0;
};

} // namespace Monitor
