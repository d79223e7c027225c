#pragma once
// The audio quality of one leg as the switch reports it while the call runs: packet loss and
// interarrival jitter in each direction, round-trip time, an estimated MOS (ITU-T G.107's
// E-model, simplified) and FreeSWITCH's own counters and loss-only MOS, with a short history.
//
// Three sources feed it, all plain data (no QObject, so the store, the table, snapshots and the
// fuzzer share one copy of the rules):
// - RTCP events (applyRtcp): SEND_RTCP_MESSAGE is a report the switch sent about what it RECEIVED
//   from the leg's far end (-> `in`); RECV_RTCP_MESSAGE is a report the far end sent about what it
//   received from the switch (-> `out`), and gives RTT.
// - `json {"command":"mediaStats",...}` replies (applyMediaStats): live counters and `in_mos`.
// - CHANNEL_HANGUP_COMPLETE's variable_rtp_audio_* (applyHangupVariables): the final figures.
//
// -1 means "not known" in every figure; nothing here is ever NaN or infinite.

#include "esl/wire/error.h"
#include "esl/wire/event.h"
#include "esl/wire/headerlist.h"

#include <QByteArrayView>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QString>
#include <QStringView>

#include <optional>

namespace Monitor {

// One point of a leg's time series; -1: not known at that time.
struct QualitySample
{
    qint64 ms = 0; // when (ms since the epoch, the store's clock)
    float mos = -1;
    float lossPct = -1;  // the worse direction's interval loss
    float jitterMs = -1; // the worse direction's jitter
    float rttMs = -1;

    friend bool operator==(const QualitySample &, const QualitySample &) = default;
};

// What one side received, from RTCP report blocks (RFC 3550 6.4.1).
struct DirectionQuality
{
    double lossPct = -1;           // in the last report interval, from the 8-bit fraction lost
    qint64 lost = -1;              // cumulative packets lost, as the report says (never < 0)
    double cumulativeLossPct = -1; // lost / expected since the first real report of the call
    double jitterMs = -1;          // interarrival jitter, timestamp units over the clock rate
    qint64 reports = 0;            // real report blocks taken (placeholders are not counted)
    // Where the cumulative figure starts: the first real report's lost count and extended
    // highest sequence number; highest is the newest report's.
    qint64 baseLost = -1;
    qint64 baseHighest = -1;
    qint64 highest = -1;

    [[nodiscard]] bool known() const { return reports > 0; }
    friend bool operator==(const DirectionQuality &, const DirectionQuality &) = default;
};

// FreeSWITCH's own statistics of the leg's incoming audio (and a count of what it sent), from
// mediaStats or the hangup variables. -1: not known.
struct SwitchCounters
{
    qint64 inPackets = -1;
    qint64 inMediaPackets = -1;
    qint64 inSkipPackets = -1;  // gaps its jitter logic skipped
    qint64 inFlushPackets = -1; // dropped by a flush (DTMF, re-sync): counted as lost by its MOS
    qint64 inDtmfPackets = -1;
    qint64 inCngPackets = -1;
    double inJitterMinVariance = -1;
    double inJitterMaxVariance = -1;
    qint64 inFlawTotal = -1;
    double inQualityPct = -1;
    qint64 outPackets = -1;

    friend bool operator==(const SwitchCounters &, const SwitchCounters &) = default;
};

struct LegQuality
{
    static constexpr int kMaxHistory = 120;

    DirectionQuality in;  // what the switch receives from this leg's far end
    DirectionQuality out; // what the far end receives from the switch
    double rttMs = -1;    // from the far end's LSR/DLSR against the report's Capture-Time
    double fsRttMs = -1;  // FreeSWITCH's own smoothed figure (Rtt0-Avg), for comparison
    double mos = -1;      // estimated (E-model) from the worse direction
    double fsMos = -1;    // FreeSWITCH's loss-only rtp_audio_in_mos (mediaStats in_mos; hangup)
    SwitchCounters counters;
    QString codec;     // the codec the MOS estimate assumes (PCMU, G729, ...); empty: G.711
    int clockRate = 0; // the RTP clock rate used for jitter (0: not known yet)
    qint64 updatedMs = 0;
    bool final = false; // the figures are the hangup's
    QList<QualitySample> history; // at most kMaxHistory points over the whole call
    // How many updates each point of the history stands for (1, 2, 4, ...: it doubles at each
    // merge), and how many the newest point holds so far (it takes updates until it has as many).
    qint64 historyStride = 1;
    qint64 historyPending = 0;

    // Anything at all is known (a report, a mediaStats answer or the hangup figures).
    [[nodiscard]] bool known() const;
    // The worse direction's interval loss / jitter (-1 when neither is known).
    [[nodiscard]] double worstLossPct() const;
    [[nodiscard]] double worstJitterMs() const;
    // The figure furthest from good, for a tooltip: "loss 3.1 % in", "jitter 48 ms out",
    // "RTT 210 ms"; empty when nothing is known.
    [[nodiscard]] QString worstFigure() const;
    // Every figure, FreeSWITCH's counters included, one per line.
    [[nodiscard]] QString tooltip() const;

    // MOS >= 4.0 good (users satisfied, G.107's R >= 80), >= 3.6 fair (some users dissatisfied,
    // R >= 70), else poor; Unknown without a MOS (estimated, else FreeSWITCH's).
    enum class Grade { Unknown, Good, Fair, Poor };
    [[nodiscard]] Grade grade() const;
    // The MOS the grade is from: the estimate when known, else fsMos, else -1.
    [[nodiscard]] double displayMos() const;

    friend bool operator==(const LegQuality &, const LegQuality &) = default;
};

// An RTCP event (RECV_RTCP_MESSAGE or SEND_RTCP_MESSAGE) of this leg. channelClockRate is the
// channel's codec rate (SEND reports carry none); 0 when unknown (8000 is assumed then).
// Returns whether anything changed.
bool applyRtcp(LegQuality &q, const Esl::Event &event, int channelClockRate, qint64 nowMs);
// The whole reply to `api json {"command":"mediaStats","data":{"uuid":...}}`. True when applied;
// an error naming the switch's answer ("Session does not exist") or the fault (not JSON, no
// audio object); q is left untouched on error.
Esl::Expected<bool> applyMediaStats(LegQuality &q, QByteArrayView jsonReply, qint64 nowMs);
// CHANNEL_HANGUP_COMPLETE's variable_rtp_audio_* (and rtp_use_codec_*): the final figures.
// False when the headers carry none.
bool applyHangupVariables(LegQuality &q, const Esl::HeaderList &headers, qint64 nowMs);

// The E-model's R factor (simplified G.107, see callquality.cpp) and the MOS it maps to, in
// [1, 4.5]. lossPct in percent, jitterMs and rttMs in ms (negative: taken as 0); codec names the
// equipment impairment (G.711 when empty or unknown).
[[nodiscard]] double rFactor(double lossPct, double jitterMs, double rttMs, QStringView codec);
[[nodiscard]] double mosFromR(double r);
[[nodiscard]] double estimateMos(double lossPct, double jitterMs, double rttMs, QStringView codec);

// Recomputes q.mos from the current figures (the worse direction's interval loss and jitter,
// the RTT when known); -1 while no direction has reported.
void refreshEstimate(LegQuality &q);
// Appends a point, keeping at most kMaxHistory: when full, neighbouring pairs merge (the earlier
// time, the worse figures), so the series covers the whole call at half the resolution, and
// later updates fold into the newest point until it stands for as many as the others.
void appendSample(LegQuality &q, const QualitySample &sample);

// {"mos","lossPct","jitterMs","rttMs"} (only the known ones), "fsMos" when known and
// "final": true once the hangup figures are in: what `eslcat calls` legs carry as "quality".
[[nodiscard]] QJsonObject qualityJson(const LegQuality &q);

// Every figure, the counters and the history, for a channel snapshot (channelsnapshot.h), and
// back. Reading is forgiving and bounded: a figure out of range or of the wrong type is unknown,
// a history longer than kMaxHistory is dropped; nothing when `snapshot` is not an object.
[[nodiscard]] QJsonObject qualitySnapshot(const LegQuality &q);
[[nodiscard]] std::optional<LegQuality> qualityOfSnapshot(const QJsonValue &snapshot);

} // namespace Monitor
