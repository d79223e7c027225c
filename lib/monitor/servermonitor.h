#pragma once
// Everything the console knows about one server: its link (a SwitchLink: the Event Socket today),
// its channels (a ChannelStore, reconciled after every (re)connect, on a Core-UUID change and on
// a timer), what its HEARTBEATs say, and the records it sends into the shared EventStore.
//
// While the channel table is not trusted — connecting, reconnecting, or re-reading the switch's
// channel list — the monitor is "out of step", and the window says so.
//
// Every re-sync reads `show channels as json` and `show calls as json` (the bridged partners),
// then probes a few rows no event has vouched for (uuid_exists; uuid_getvar for a loopback half
// of unknown partner), at most kMaxProbesPerResync, and is in step once they answer: a real
// switch lists channels that hung up minutes ago. What the lists lack (answer time, variables) is
// fetched with uuid_dump only for the channel the operator looks at (refreshChannel).

#include "channelstore.h"
#include "eventstore.h"
#include "supervisorpanels.h"
#include "switchlink.h"

// Esl::ConnectionOptions: how a profile reaches a switch's Event Socket.
#include "esl/inboundclient.h"

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <memory>

namespace Monitor {

struct ServerProfile
{
    QString name; // shown in the window
    // The colour that marks the server's rows in the window, "#rrggbb" (empty: none chosen). A
    // name, not a QColor: the monitor and eslcat do without QtGui.
    QString colour;
    Esl::ConnectionOptions connection;
    int logLevel = 6; // `log <level>`; -1: no log lines
    int reconcileIntervalMs = 60000;
    qint64 endedRetentionMs = 10000;
};

// The link a profile describes: its Event Socket (profile.connection), subscribed to every event
// and to log lines at profile.logLevel.
[[nodiscard]] std::unique_ptr<SwitchLink> makeSwitchLink(const ServerProfile &profile);

struct SwitchHealth // from HEARTBEAT
{
    qint64 uptimeMs = -1;
    int sessions = -1;
    int maxSessions = -1;
    int sessionsPerSecond = -1;
    double idleCpu = -1;
    qint64 receivedMs = 0;
    QString version;
};

class ServerMonitor : public QObject
{
    Q_OBJECT

public:
    // Watches the switch through `link` (owned; it becomes a child of this monitor).
    ServerMonitor(ServerId id, ServerProfile profile, EventStore *store,
                  std::unique_ptr<SwitchLink> link, QObject *parent = nullptr);
    // Through makeSwitchLink(profile).
    ServerMonitor(ServerId id, ServerProfile profile, EventStore *store, QObject *parent = nullptr);
    ~ServerMonitor() override;

    [[nodiscard]] ServerId id() const { return m_id; }
    [[nodiscard]] const ServerProfile &profile() const { return m_profile; }
    [[nodiscard]] QString name() const { return m_profile.name; }

    void start();
    void stop();
    // Re-reads `show channels as json` and `show calls as json` now.
    void resync();
    // Asks the switch for everything about one channel (`uuid_dump <uuid> json`: the answer
    // time, every variable, the loopback partner) and applies it to the store; for the channel
    // the operator looks at. Sent at most once per kRefreshIntervalMs for a channel; false when
    // not sent (too soon, already asked, not live, not a channel uuid, a link without
    // Capability::ChannelDump).
    bool refreshChannel(const QString &uuid);
    static constexpr qint64 kRefreshIntervalMs = 5000;
    // Asks the switch for the live RTP statistics of one channel (`json {"command":"mediaStats",
    // "data":{"uuid":...}}`) and applies them to its quality (ChannelStore::applyMediaStats); for
    // the channel the operator looks at, never for every channel. Sent at most once per
    // kQualityRefreshMs for a channel and never while an answer for it is awaited; false when not
    // sent (too soon, in flight, not live, a link without Capability::Api, not a live channel
    // of the store, a uuid with a quote, backslash or control character).
    bool refreshQuality(const QString &uuid);
    static constexpr qint64 kQualityRefreshMs = 3000;

    // The switch answered "-ERR No such channel!" to an action on `uuid`: whatever its lists
    // say, the channel is gone. It becomes a ghost (ChannelStore::markGhost).
    void noSuchChannel(const QString &uuid);
    // Whether a reply is the switch's "-ERR No such channel!".
    [[nodiscard]] static bool saysNoSuchChannel(const Esl::Reply &reply);
    static constexpr int kMaxProbesPerResync = 20;

    [[nodiscard]] SwitchLink *link() { return m_link.get(); }
    [[nodiscard]] const SwitchLink *link() const { return m_link.get(); }
    [[nodiscard]] ChannelStore *channels() { return &m_channels; }
    [[nodiscard]] const ChannelStore *channels() const { return &m_channels; }
    // The supervisor panels' stores (conferences, queues, registrations, gateways, parking):
    // synced with the channel table at every re-sync, following their events in between.
    [[nodiscard]] SupervisorPanels *panels() { return &m_panels; }
    [[nodiscard]] const SupervisorPanels *panels() const { return &m_panels; }

    [[nodiscard]] LinkState connectionState() const { return m_link->state(); }
    [[nodiscard]] bool isOutOfStep() const { return m_outOfStep; }
    [[nodiscard]] const SwitchHealth &health() const { return m_health; }
    [[nodiscard]] qint64 eventsReceived() const { return m_eventsReceived; }
    [[nodiscard]] qint64 logLinesReceived() const { return m_logsReceived; }
    [[nodiscard]] qint64 callsStarted() const { return m_callsStarted; }
    [[nodiscard]] const ReconcileResult &lastReconcile() const { return m_lastReconcile; }
    [[nodiscard]] qint64 lastReconcileMs() const { return m_lastReconcileMs; }

    // Milliseconds since the epoch; tests may replace the clock.
    static qint64 now();

Q_SIGNALS:
    void connectionStateChanged(Monitor::LinkState state);
    void outOfStepChanged(bool outOfStep);
    void healthChanged();
    void recordStored(Monitor::Sequence seq);
    // Every event and log line as it arrives (the journal listens).
    void eventArrived(const Esl::Event &event, qint64 receivedMs);
    void logArrived(const Esl::LogLine &line, qint64 receivedMs);
    void reconciled(const Monitor::ReconcileResult &result);
    // A refreshChannel() answered: `error` is empty when the dump was applied.
    void channelRefreshed(const QString &uuid, const QString &error);
    // A refreshQuality() answered: `error` is empty when the statistics were applied, else the
    // reason ("mediaStats: Session does not exist", a transport error, ...).
    void qualityRefreshed(const QString &uuid, const QString &error);
    void errorOccurred(const Esl::Error &error);
    // Its link cannot go on without the operator (an Event Socket link's transport: an unknown
    // or changed SSH host key or TLS certificate). The link has failed; accepting and
    // reconnecting is the caller's business (Console::ServerConnections).
    void trustRequired(const Esl::TrustRequest &request);

private:
    void setOutOfStep(bool outOfStep);
    void onEvent(const Esl::Event &event);
    void onLog(const Esl::LogLine &line);
    void onHeartbeat(const Esl::Event &event);
    void finishResync(const Listing &listing);
    void probeDoubtful();
    void probesSettled();

    ServerId m_id;
    ServerProfile m_profile;
    EventStore *m_store;
    std::unique_ptr<SwitchLink> m_link;
    ChannelStore m_channels;
    SupervisorPanels m_panels;
    QTimer m_reconcileTimer;
    QTimer m_expireTimer;
    bool m_outOfStep = true;
    bool m_resyncing = false;
    SwitchHealth m_health;
    qint64 m_eventsReceived = 0;
    qint64 m_logsReceived = 0;
    qint64 m_callsStarted = 0;
    ReconcileResult m_lastReconcile;
    qint64 m_lastReconcileMs = 0;
    int m_probesInFlight = 0;
    QHash<QString, qint64> m_refreshedMs; // uuid -> when refreshChannel last sent uuid_dump
    QHash<QString, qint64> m_qualityAskedMs; // uuid -> when refreshQuality last sent mediaStats
    // mediaStats sent, not answered yet -> when; an answer that never comes (a canceled future)
    // stops blocking its uuid after kQualityRefreshMs * 10.
    QHash<QString, qint64> m_qualityInFlight;
    // Declared last, so gone first: a mediaStats answer failed while the monitor is destroyed
    // (its link goes after its other members) finds it expired and touches nothing.
    std::shared_ptr<char> m_qualityGuard = std::make_shared<char>();
};

} // namespace Monitor
