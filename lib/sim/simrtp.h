#pragma once
// The RTP side of the simulated switch's SIP legs: what FreeSWITCH 1.10.12's switch_rtp.c counts
// for a leg's audio from its answer to its hangup, and the RTCP events it fires on the way
// (tests/fixtures/real2/sip-call-quality.*).
//
// - Every sofia/* leg gets an RTP session as it answers (PCMU, 20 ms, 8000 Hz: 50 packets a
//   second each way), with its SSRC, sequence numbers and the far end's. loopback/* legs get none:
//   mod_loopback's channels have no media handle (switch_core_media_get_stats returns NULL), so
//   no RTCP, no rtp_audio_* variables and an empty mediaStats response.
// - RTCP is on when the channel variable rtcp_audio_interval_msec is set as the session starts
//   (switch_core_media.c activates it then); RECV_RTCP_MESSAGE comes with each sender report the
//   far end sends, SEND_RTCP_MESSAGE with each one the switch sends, only when fire_rtcp_events
//   was true at the start (SWITCH_RTP_FLAG_AUDIO_FIRE_SEND_RTCP_EVENT).
// - The cadence is switch_rtp.c check_rtcp_and_ice's: the first four reports 4 s apart
//   (SwitchConfig::rtcpReportMs, which tests shorten), then the channel's interval (scaled by the
//   same factor). One timer sweeps the legs that are due; no leg has a timer of its own.
// - A leg can be degraded (loss and jitter for a while): RTCP fraction/lost/jitter, mediaStats and
//   the hangup variables all show it, with in_mos derived from flaws as switch_rtp.c do_mos does.

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QObject>
#include <QRandomGenerator>
#include <QString>
#include <QTimer>

#include <vector>

namespace Sim {

class Channel;
class Switch;

class SimRtp : public QObject
{
    Q_OBJECT

public:
    explicit SimRtp(Switch *sw);
    ~SimRtp() override;

    // Whether a channel of this name has an RTP session once answered (sofia/*).
    [[nodiscard]] static bool carriesMedia(const QString &channelName);
    // The RTP session starts (answer), its first packets `sinceMs` ago (0: now). Sets the
    // rtp_* variables media negotiation writes. Nothing for a channel that carries no media.
    void start(Channel &channel, qint64 startedMs = 0);
    // The channel hangs up: the counters stop, no more RTCP; set_stats writes the variables.
    void hangup(Channel &channel);
    // The channel is destroyed: everything about it goes.
    void forget(const QString &uuid);
    void clear(); // restart(): every session gone, nothing fired
    [[nodiscard]] bool hasSession(const QString &uuid) const { return m_legs.contains(uuid); }
    [[nodiscard]] int sessionCount() const { return int(m_legs.size()); }
    [[nodiscard]] int rtcpSessionCount() const { return int(m_rtcpLegs.size()); }

    // switch_core_media_set_stats: the rtp_audio_* variables of the leg, in the switch's order,
    // each appended anew (switch_channel_set_variable deletes and appends). Nothing for a leg
    // without an RTP session.
    void setStats(Channel &channel);
    // mediaStats' "audio" object as cJSON prints it (compact); empty: the leg has no session.
    [[nodiscard]] QByteArray audioJson(const QString &uuid);

    // Makes the leg lose `lossPct` % of its packets (both directions) with `jitterMs` of jitter,
    // from `afterMs` after now (or after its answer, if it has not answered yet) for `forMs`
    // (-1: until it hangs up). False when the channel is unknown here and `pending` is false.
    bool degrade(const QString &uuid, double lossPct, double jitterMs, int afterMs = 0,
                 int forMs = -1, bool pending = true);

private:
    struct Impairment
    {
        qint64 fromMs = 0;
        qint64 toMs = -1; // -1: open-ended
        double lossPct = 0;
        double jitterMs = 0;
    };
    struct Plan
    {
        double lossPct = 0;
        double jitterMs = 0;
        int afterMs = 0;
        int forMs = -1;
    };
    // What one side has received of the other's stream.
    struct Reception
    {
        qint64 expected = 0; // packets the sender sent that are accounted for
        qint64 received = 0;
        qint64 lost = 0;
        qint64 lossEvents = 0;
        double jitterTs = 0; // RFC 3550 interarrival jitter, timestamp units
        // At the last report: for the fraction lost of the interval.
        qint64 expectedAtReport = 0;
        qint64 lostAtReport = 0;
        bool reported = false;
    };
    // One RTCP report block (RFC 3550 6.4.1) as the events print it.
    struct Block
    {
        quint32 fraction = 0;
        quint32 lost = 0;
        quint32 highest = 0;
        quint32 jitter = 0;
    };
    struct Leg
    {
        QString uuid;
        int rate = 8000; // the codec's clock
        qint64 startMs = 0;
        qint64 accountedMs = 0; // advanced up to here
        bool ended = false;
        quint32 ssrc = 0;
        quint32 peerSsrc = 0;
        quint32 peerSeqBase = 0;
        quint32 ourSeqBase = 0;
        quint32 peerTsBase = 0;
        double baseRttMs = 2;
        double baseJitterMs = 1;
        QRandomGenerator random;
        std::vector<Impairment> impairments;

        // Counters of the switch's side (switch_rtp_stats_t).
        qint64 sent = 0;
        Reception in;  // what the switch received from the far end
        Reception far; // what the far end received from the switch
        qint64 flaws = 0;
        qint64 skipped = 0;
        qint64 flushed = 0;
        double minVariance = 0;
        double maxVariance = 0;
        double quality = 100; // switch_rtp.c do_mos: R
        double mos = 4.5;

        // RTCP.
        bool rtcp = false;
        bool fireSend = false;
        int intervalMs = 5000;
        int reports = 0;
        qint64 nextReportMs = 0;
        quint32 ourLsr = 0;     // middle 32 bits of our last sender report's NTP time
        qint64 ourSrMicros = 0; // when we sent it
        quint32 prevOurLsr = 0; // the one before (what the far end has seen by now)
        qint64 prevOurSrMicros = 0;
        bool peerSrSeen = false;
        quint32 peerLsr = 0;
        qint64 peerSrRecvMicros = 0;
        qint64 peerPacketCount = 0; // its last sender report's counts (mediaStats rtcp_*)
        qint64 peerOctetCount = 0;
        quint32 lossAvg = 0;
        double rttAvg = 0;
    };

    // What set_stats and jsonify_stats print, as of now.
    struct Figures
    {
        double received = 0, skipped = 0, flushed = 0;
        double minVariance = 0, maxVariance = 0, lossRate = 0, burstRate = 0, meanInterval = 0;
        double flaws = 0, quality = 100, mos = 4.5;
        double sent = 0, rtcpPackets = 0, rtcpOctets = 0;
    };
    struct Figure
    {
        const char *name;
        double value;
        bool isDouble; // add_stat_double in set_stats: "%0.2f"
    };
    Figures figuresNow(Leg &leg);
    [[nodiscard]] static QList<Figure> figures(const Figures &f);

    void advance(Leg &leg, qint64 nowMs);
    void receive(Leg &leg, Reception &r, qint64 packets, const Impairment &now, bool switchSide);
    [[nodiscard]] Impairment impairmentAt(const Leg &leg, qint64 ms) const;
    [[nodiscard]] double rttMsNow(const Leg &leg, qint64 ms) const;
    // The next report block about `r` (the interval since the last one, the totals).
    static Block takeBlock(Reception &r, quint32 seqBase);
    void sweep();
    void report(Leg &leg, qint64 nowMs);
    void fireSend(Leg &leg);
    void fireRecv(Leg &leg, qint64 nowMs);
    void scheduleSweep();

    Switch *m_switch;
    QHash<QString, Leg> m_legs;
    QList<QString> m_rtcpLegs; // the legs with RTCP on, swept by m_sweep
    QHash<QString, Plan> m_plans; // degrade() for legs not answered yet
    QTimer m_sweep;
    quint64 m_started = 0; // legs started so far: each one's random stream is the nth
};

} // namespace Sim
