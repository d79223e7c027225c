#pragma once
// What one supervisor panel knows of one switch: its conferences, call-center queues,
// registrations, gateways or parking lots. Widgets-free: the window's panels, eslcat's
// `conferences`/`queues`/`registrations`/`gateways`/`parking` and the tests read the same store.
//
// A store is event-driven. It is filled from the switch's own listing commands when the link
// comes up and after every re-sync (the channel table's moments: a reconnect, a Core-UUID
// change, the reconcile timer), then follows the module's events only. It never sends a
// command because an event arrived: a product that polled `conference json_list` on every event
// hung its Event Socket. A listing replaces what the store had (it is the switch's word, later
// than every event before its reply); events after it apply on top.
//
// While the link is not live the store keeps what it had, marked stale since that moment (the
// window greys it), until the next sync replaces it. A switch without the module ("-ERR
// conference Command not found!") leaves the store empty with ModuleMissing: not an error.
//
// Everything from the wire is hostile: parsers are bounded (kMaxRows rows per listing,
// kMaxItems members/agents/slots per row, no recursion driven by input), and a reply that does
// not parse fails the sync with the reason, keeping what the store had.

#include "esl/reply.h"
#include "esl/wire/event.h"

#include <QFuture>
#include <QJsonObject>
#include <QList>
#include <QObject>

#include <functional>

namespace Monitor {

enum class PanelSyncState {
    NotSynced,     // nothing asked yet
    Syncing,       // the listing commands are out
    Synced,        // the listing answered; events follow
    ModuleMissing, // the switch has not loaded the module (its command is not found)
    Failed,        // a listing failed or did not parse (syncError() says why)
};

class PanelStore : public QObject
{
    Q_OBJECT

public:
    // How a store sends its listing commands (the server's link, or a test's stand-in).
    using Api = std::function<QFuture<Esl::Reply>(const QString &command)>;

    static constexpr int kMaxRows = 10000;  // conferences, queues, registrations, gateways, lots
    static constexpr int kMaxItems = 10000; // members, agents, tiers, slots within one row

    explicit PanelStore(QObject *parent = nullptr);
    ~PanelStore() override;

    // "conferences", "queues", "registrations", "gateways", "parking": eslcat's command.
    [[nodiscard]] virtual QString kind() const = 0;
    // "mod_conference": named when the module is missing.
    [[nodiscard]] virtual QString module() const = 0;
    // The CUSTOM subclasses whose events it follows ("conference::maintenance").
    [[nodiscard]] virtual QByteArrayList subclasses() const = 0;
    // Other events it follows, by Event-Name (CHANNEL_HANGUP_COMPLETE, say); none by default.
    [[nodiscard]] virtual QByteArrayList eventNames() const { return {}; }

    // Applies one event it follows (SupervisorPanels routes them); true when anything changed,
    // and then it has emitted changed(). `nowMs`: when it arrived (ms since the epoch).
    bool apply(const Esl::Event &event, qint64 nowMs);

    // Sends the listing commands through `api` and replaces the state with their answers. A
    // sync started while one is out supersedes it: the older answers are dropped.
    void sync(const Api &api, qint64 nowMs);
    // The link went down (or came back without a sync yet): what the store has is last known.
    void markStale(qint64 sinceMs);
    // Forgets everything (the server was removed).
    void clear();

    // One JSON object per row, for eslcat and the tests: a conference with its `members`, a
    // queue with its `agents` and `members`, a registration, a gateway, a lot with its `slots`.
    // Times are absolute (ms since the epoch) and also relative to `nowMs` where a person
    // reads them so ("waitSeconds", "expiresInSeconds").
    [[nodiscard]] virtual QList<QJsonObject> rows(qint64 nowMs) const = 0;
    [[nodiscard]] virtual int rowCount() const = 0;

    [[nodiscard]] PanelSyncState syncState() const { return m_syncState; }
    [[nodiscard]] QString syncError() const { return m_syncError; }
    [[nodiscard]] qint64 syncedAtMs() const { return m_syncedAtMs; }
    // Since when the state is last known only (link down); 0 while live and synced.
    [[nodiscard]] qint64 staleSinceMs() const { return m_staleSinceMs; }
    [[nodiscard]] bool isStale() const { return m_staleSinceMs > 0; }
    // Events applied and events that referred to something the store did not know (a member
    // of a conference never listed): drift the next sync corrects.
    [[nodiscard]] qint64 eventsApplied() const { return m_eventsApplied; }
    [[nodiscard]] qint64 eventsUnmatched() const { return m_eventsUnmatched; }

    // Whether an api reply says the command does not exist ("-ERR conference Command not
    // found!"): the module is not loaded.
    [[nodiscard]] static bool saysCommandNotFound(const Esl::Reply &reply);

Q_SIGNALS:
    // The state changed (coalesce: a burst of events emits one per event).
    void changed();
    void syncStateChanged(Monitor::PanelSyncState state);

protected:
    // The subclass's half of sync(): send the listing with request() and, with its answers,
    // replace the state and call finishSync(), or failSync(). `nowMs` as sync() had it.
    virtual void startSync(qint64 nowMs) = 0;
    // The subclass's half of apply(); true when anything changed.
    virtual bool applyEvent(const Esl::Event &event, qint64 nowMs) = 0;
    // Drops everything (clear(), and a sync that finds the module missing).
    virtual void clearState() = 0;

    // Sends `commands` in order; `done` gets their replies in the same order, once all are in,
    // unless a later sync (or clear()) superseded this one. A reply saying the command is not
    // found ends the sync as ModuleMissing without calling `done`; a transport failure (link
    // lost, timeout) ends it as Failed, keeping the state.
    using Replies = QList<Esl::Reply>;
    void request(const QStringList &commands, std::function<void(const Replies &)> done);
    // One command, for multi-step listings (profiles first, then each profile's registrations).
    void request(const QString &command, std::function<void(const Esl::Reply &)> done);
    // Asks, once a sync has finished, for what its listing lacks (a parked caller's name): the
    // answers, failed ones included, reach `done` unless a later sync or the link's loss came
    // first. It never changes the sync's state: what the listing said stands either way.
    void followUp(const QStringList &commands, std::function<void(const Replies &)> done);
    void finishSync(qint64 nowMs);
    void failSync(const QString &why);
    // Counts an event that referred to something unknown (see eventsUnmatched()).
    void countUnmatched() { ++m_eventsUnmatched; }
    void notifyChanged() { Q_EMIT changed(); }

private:
    void setSyncState(PanelSyncState state);

    Api m_api;
    int m_generation = 0;
    PanelSyncState m_syncState = PanelSyncState::NotSynced;
    QString m_syncError;
    qint64 m_syncedAtMs = 0;
    qint64 m_staleSinceMs = 0;
    qint64 m_eventsApplied = 0;
    qint64 m_eventsUnmatched = 0;
};

[[nodiscard]] QString panelSyncStateName(PanelSyncState state);

} // namespace Monitor
