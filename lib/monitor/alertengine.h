#pragma once
// The alert rule engine: evaluates the rules (alertrules.h) over what the monitor already knows
// and keeps the alerts (alert.h) — de-duplicated, bounded, acknowledged, silenced, journaled —
// and decides when the operator is to be notified. No widgets and no switch commands: it never
// asks a switch anything (alerts follow the stores and the records, so no polling storms).
//
// WHAT IT WATCHES
//  - Hub::alerts() watches every server the hub has (watch()): each record stored
//    (processRecord), the link's state, Core-UUID and eventsMayHaveBeenMissed, and on a 1 s
//    tick the server's stores: gateways, call-center queues, channels (and their quality).
//  - Standalone (eslcat alerts, benchmarks, tests): addServer() with whatever stores there are
//    (any may be null: the rules that need them are then silent), processRecord() for each
//    record, the link* calls, and tick(nowMs) once a second. setClock() replaces the clock.
//  Event rules (registrations-drop, custom, and gateway changes) run per record: O(#rules)
//  cheap work, the built-ins checking Event-Name / Event-Subclass first, custom rules running
//  their compiled Filter on the stored record itself; nothing is allocated for a record that
//  matches nothing. Counting windows use the records' received times; everything else the clock.
//
// ALERTS
//  - The same rule + server + subject while not cleared is one alert. An occurrence (a matching
//    record beyond the threshold, a restart, ...) raises its count; a condition that merely
//    still holds (a gateway still FAILED) keeps it as it is, updating its message.
//  - Cleared and firing again within kReopenMs: the same alert reopens (count + 1): a flapping
//    gateway is one alert with a count.
//  - At most maxAlerts() are kept: the oldest cleared go first. Alerts still active are never
//    dropped; a new one that finds no room is not kept, and droppedCount() counts it.
//  - acknowledge(): Acknowledged until it clears (then it is Cleared). Reopening within
//    kReopenMs keeps it Acknowledged (count + 1, no notice): a flap is not news; cleared for
//    longer, it fires again as a new Active alert. Silencing a rule or a server: its alerts are
//    still recorded (silenced), never notified; the alerts already up are marked silenced at
//    once (alertChanged), and unmarked when it is lifted or runs out (checked on the tick).
//
// NOTIFYING (the window delivers: tray, sound; the tests assert the decision)
//  notify() is emitted for a new or reopened alert whose rule notifies and that is not silenced,
//  at most noticeLimit() (5) per minute in all; beyond that, one summary notice at the end of
//  the minute ("12 more alerts", count 12). A count going up never notifies again.
//
// FOR THE PANEL: alertRaised / alertChanged / alertCleared / alertsRemoved carry the alert (or
// ids); alertChanged fires on every count increase, so a storm emits it often: coalesce (the
// models' 100 ms timers). alerts() lists them oldest first; activeCount(server) feeds the
// wallboard. The journal (setJournal) keeps their history across restarts; loadJournal() reads it.

#include "alert.h"
#include "alertwindow.h"
#include "eventstore.h"
#include "filter.h"
#include "switchlink.h"

#include <QHash>
#include <QObject>
#include <QSet>
#include <QTimer>

#include <functional>
#include <map>
#include <memory>
#include <vector>

namespace Monitor {

class AlertJournal;
class CallCenterStore;
class ChannelStore;
class GatewayStore;
class ServerMonitor;

// What the engine reads of one server on its tick; any may be null.
struct AlertSources
{
    const GatewayStore *gateways = nullptr;
    const CallCenterStore *callCenter = nullptr;
    const ChannelStore *channels = nullptr;
};

class AlertEngine : public QObject
{
    Q_OBJECT

public:
    using Clock = std::function<qint64()>;
    static constexpr qint64 kReopenMs = 60'000;
    static constexpr qint64 kNoticeWindowMs = 60'000;
    static constexpr int kDefaultMaxAlerts = 2000;
    static constexpr int kDefaultNoticeLimit = 5;
    static constexpr qint64 kTickMs = 1000;

    // `store`: where processRecord's records come from when watching servers (the hub's).
    explicit AlertEngine(EventStore *store = nullptr, QObject *parent = nullptr);
    ~AlertEngine() override;

    void setClock(Clock clock);
    [[nodiscard]] qint64 now() const;

    // Replaces the rules (validated ones: AlertRules::fromJson or validate()); a rule that is
    // now off or gone clears its alerts. Default: AlertRules::defaults().
    void setRules(const QList<AlertRule> &rules);
    [[nodiscard]] const QList<AlertRule> &rules() const { return m_ruleList; }

    // --- what it watches ---
    // A hub's server: its records, link and stores; the 1 s tick starts.
    void watch(ServerMonitor *server);
    void addServer(ServerId id, const QString &name, AlertSources sources = {});
    // Forgets the server's state; its alerts clear.
    void removeServer(ServerId id);
    void processRecord(const EventStore::Record &record);
    void tick(qint64 nowMs);
    void linkStateChanged(ServerId id, LinkState state, qint64 nowMs);
    void linkCoreUuidChanged(ServerId id, const QString &coreUuid, qint64 nowMs);
    void linkEventsMissed(ServerId id, qint64 nowMs);

    // --- what the operator does ---
    bool acknowledge(quint64 id);
    // Until untilMs (ms since the epoch; 0 lifts it).
    void silence(const QString &ruleId, qint64 untilMs);
    void unsilence(const QString &ruleId) { silence(ruleId, 0); }
    void silenceServer(ServerId id, qint64 untilMs);
    void unsilenceServer(ServerId id) { silenceServer(id, 0); }
    [[nodiscard]] bool isSilenced(const QString &ruleId, ServerId server, qint64 nowMs) const;
    // Drops every cleared alert; returns how many.
    int removeCleared();

    // --- what the panel reads ---
    [[nodiscard]] const Alert *alert(quint64 id) const;
    [[nodiscard]] QList<Alert> alerts() const; // oldest first
    [[nodiscard]] int size() const { return int(m_alerts.size()); }
    [[nodiscard]] int activeCount() const;
    [[nodiscard]] int activeCount(ServerId server) const;
    [[nodiscard]] qint64 droppedCount() const { return m_dropped; }
    void setMaxAlerts(int max) { m_maxAlerts = std::max(1, max); }
    [[nodiscard]] int maxAlerts() const { return m_maxAlerts; }
    void setNoticeLimit(int perMinute) { m_noticeLimit = std::max(1, perMinute); }
    [[nodiscard]] int noticeLimit() const { return m_noticeLimit; }

    // --- journal ---
    // Appends every alert's fired/reopened/changed/cleared/acknowledged to `path` as JSON lines
    // (rotated to path.1 at maxBytes); an empty path stops. False (and journalError()) when it
    // cannot be opened.
    bool setJournal(const QString &path, qint64 maxBytes = 5 * 1024 * 1024);
    [[nodiscard]] QString journalError() const;
    // Past alerts from a journal (path.1, then path): the last word on each, newest kept; those
    // not cleared when written are taken as cleared at their last time. Ids continue after them.
    int loadJournal(const QString &path);

Q_SIGNALS:
    void alertRaised(const Monitor::Alert &alert);   // new, or reopened
    void alertChanged(const Monitor::Alert &alert);  // count, message, acknowledged, silenced
    void alertCleared(const Monitor::Alert &alert);
    void alertsRemoved(const QList<quint64> &ids);   // dropped for the bound, removeCleared
    void notify(const Monitor::Alert &alert, Monitor::AlertNotice notice);

private:
    struct CompiledRule
    {
        AlertRule rule;
        Filter filter;
        QHash<ServerId, TimeWindow> windows; // custom: per server (kAllServers when across)
    };
    struct QualityTrack
    {
        qint64 reportsSeen = 0; // the leg's RTCP report blocks taken, in and out, when last read
        int badReports = 0;
        int goodReports = 0; // in a row, since the last bad one
        bool seen = false; // this tick
    };
    struct ServerState
    {
        QString name;
        AlertSources sources;
        bool linkKnown = false;
        LinkState link = LinkState::Disconnected;
        bool wasLive = false;
        qint64 leftLiveMs = 0;
        qint64 liveSinceMs = 0;
        qint64 restartMs = 0;
        QString coreUuid;
        TimeWindow drops;        // registrations-drop
        SecondBuckets starts;    // calls-per-second
        QHash<QString, QualityTrack> quality; // leg uuid
    };
    // How a firing treats an alert that is already active.
    enum class Repeat { Count, Hold };
    struct Firing
    {
        const CompiledRule *rule = nullptr;
        ServerId server = kAllServers;
        QString subject;
        QString message;
        AlertTarget target;
        QList<Sequence> records;
        QJsonObject figures;
        Repeat repeat = Repeat::Count;
    };

    // alertengine.cpp: keeping alerts.
    void fire(Firing firing, qint64 nowMs);
    void clear(const QString &ruleId, ServerId server, const QString &subject, qint64 nowMs);
    Alert *activeAlert(const QString &ruleId, ServerId server, const QString &subject);
    void clearAlert(Alert &alert, qint64 nowMs);
    bool makeRoom();
    void considerNotice(const Alert &alert, const CompiledRule &rule, qint64 nowMs);
    // Forgets silences that ran out and marks every alert not cleared as silenced or not.
    void markSilenced(qint64 nowMs);
    void flushNotices(qint64 nowMs, bool force);
    void journal(const char *what, const Alert &alert, qint64 atMs);
    [[nodiscard]] static QString keyOf(const QString &ruleId, ServerId server,
                                       const QString &subject);
    [[nodiscard]] QString serverName(ServerId id) const;
    ServerState &serverState(ServerId id);
    [[nodiscard]] const CompiledRule *builtIn(AlertKind kind) const;
    [[nodiscard]] const CompiledRule *ruleById(const QString &id) const;

    // alertstaterules.cpp: the rules evaluated on the tick and on store changes.
    void evaluateLink(ServerId id, ServerState &s, qint64 nowMs);
    void evaluateGateways(ServerId id, ServerState &s, qint64 nowMs, const QString &only = {},
                          Sequence seq = 0, bool fromRecord = false);
    void evaluateQueues(ServerId id, ServerState &s, qint64 nowMs);
    void evaluateCalls(ServerId id, ServerState &s, qint64 nowMs);
    void evaluateQuality(ServerId id, ServerState &s, qint64 nowMs);
    void evaluateRate(ServerId id, ServerState &s, qint64 nowMs);
    void expireWindowsAndHeld(qint64 nowMs);
    // Clears the rule's active alerts on `server` whose subject is not in `firing`.
    void clearOthers(const CompiledRule *rule, ServerId server, const QSet<QString> &firing,
                     qint64 nowMs);
    [[nodiscard]] bool storesUsable(const ServerState &s) const;

    // alertrecordrules.cpp: the rules evaluated per record.
    void countRegistrationDrop(ServerId id, ServerState &s, const EventStore::Record &record);
    void countCustom(CompiledRule &rule, ServerId id, const EventStore::Record &record);

    EventStore *m_store;
    Clock m_clock;
    QTimer m_ticker;
    std::vector<CompiledRule> m_rules; // stable while setRules is not called
    QList<AlertRule> m_ruleList;
    std::vector<int> m_builtIn;   // AlertKind -> index in m_rules of the enabled rule, or -1
    std::vector<int> m_customs;   // indexes of the enabled custom rules
    QHash<ServerId, ServerState> m_servers;
    QHash<ServerId, QList<QMetaObject::Connection>> m_connections;

    std::map<quint64, Alert> m_alerts; // by id: oldest first
    QHash<QString, quint64> m_byKey;   // rule+server+subject -> its latest alert
    quint64 m_nextId = 1;
    qint64 m_dropped = 0;
    int m_maxAlerts = kDefaultMaxAlerts;

    QHash<QString, qint64> m_silencedRules;
    QHash<ServerId, qint64> m_silencedServers;

    int m_noticeLimit = kDefaultNoticeLimit;
    qint64 m_noticeWindowStart = -1;
    int m_noticesInWindow = 0;
    int m_heldBack = 0;
    bool m_heldBackSound = false;
    quint64 m_lastHeldBack = 0;

    std::unique_ptr<AlertJournal> m_journal;
};

} // namespace Monitor
