#pragma once
// Steady, plausible call traffic for the simulated switch: calls arrive at a given rate, last a
// random time, and some are held, transferred or parked on the way, by callers from around the
// world (non-ASCII names included). The sequence of calls is the same for the same seed.

#include <QObject>
#include <QRandomGenerator>
#include <QTimer>

namespace Sim {

class Switch;

struct TrafficProfile
{
    double callsPerSecond = 1.0;
    int meanDurationMs = 30000; // exponential around the mean, never under minDurationMs
    int minDurationMs = 2000;
    double holdShare = 0.15;
    double transferShare = 0.10;
    double parkShare = 0.05;
    int maxConcurrentCalls = 200; // no new calls while this many are up
    quint32 seed = 1;
    QString socketTarget;         // "host:port": every call's B leg runs `socket ... async full`
    // The modules' own traffic too (Switch::startModuleTraffic): conferences, the queue,
    // registrations and gateways, parked calls. The demo and `eslcat sim` turn it on.
    bool supervisor = false;
    // Call quality (issue #20). The share of calls whose legs run RTCP (the dialplan sets
    // rtcp_audio_interval_msec and fire_rtcp_events on them), and the share whose caller's leg
    // degrades for a while (loss and jitter bursts). Drawn from a stream of their own, so the
    // calls themselves are the same for a seed whatever these say. The demo turns them on.
    double rtcpShare = 0.0;
    double degradedShare = 0.0;
    int rtcpIntervalMs = 5000; // the rtcp_audio_interval_msec the dialplan sets
};

class TrafficGenerator : public QObject
{
    Q_OBJECT

public:
    explicit TrafficGenerator(Switch *sw, TrafficProfile profile = {}, QObject *parent = nullptr);

    void start();
    void stop();
    [[nodiscard]] bool isRunning() const { return m_tick.isActive(); }
    void setProfile(const TrafficProfile &profile);
    [[nodiscard]] const TrafficProfile &profile() const { return m_profile; }

    // The next call's details, as the generator would place it (advances the sequence).
    struct PlannedCall
    {
        QString callerName;
        QString callerNumber;
        QString destination;
        int durationMs = 0;
        enum class Action { None, Hold, Transfer, Park } action = Action::None;
        int actionAtMs = 0;
        QString transferTo;
        // Quality (from the profile's shares).
        bool rtcp = false;
        bool degraded = false;
        double lossPct = 0;  // while degraded
        double jitterMs = 0;
        int degradeAfterMs = 0; // after the answer
        int degradeForMs = 0;
    };
    PlannedCall planCall();
    // Places one call now; returns the A leg's uuid.
    QString placeCall();

    [[nodiscard]] qint64 callsPlaced() const { return m_placed; }

    [[nodiscard]] static const QStringList &callerNames();

private:
    void tick();

    Switch *m_switch;
    TrafficProfile m_profile;
    QRandomGenerator m_random;
    QRandomGenerator m_qualityRandom; // rtcpShare / degradedShare draws
    QTimer m_tick;
    double m_owed = 0; // calls due but not yet placed
    qint64 m_placed = 0;
    qint64 m_lastTickMs = 0;
};

} // namespace Sim
