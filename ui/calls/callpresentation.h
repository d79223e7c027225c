#pragma once
// How a channel and a call read in the calls view: the state an operator sees (a call's is the
// most telling of its live legs' states), its colours, the live duration, how far an ended row
// has faded. Pure functions over Monitor::Channel, so the model only wires them to roles.
//
// State colours, on a light background (foreground / background):
//     ringing  #8a5a00 / #fff1c2     early   #6a3ab2 / #eee5fa     active  #1b6e2f / #dcf2e1
//     held     #0b4f8a / #dbe8f6     parked  #00696b / #d6f0f0     ended   #6b7075 / #ececec
// A zombie keeps its last state's colours, in italics, with "(zombie)" after the state.

#include "monitor/channel.h"

#include <QColor>
#include <QList>
#include <QString>

namespace Ui::CallPresentation {

enum class State { Ringing, Early, Active, Held, Parked, Ended };

[[nodiscard]] State stateOf(const Monitor::Channel &channel);
// A call's state from its legs' (null legs are gone already): held, parked, ringing, early,
// active in that order of precedence among the live legs; ended when none is live. A zombie
// leg counts as live for the state (the switch lost it; we did not see it end).
[[nodiscard]] State callStateOf(const QList<const Monitor::Channel *> &legs);
[[nodiscard]] QString stateName(State state);
// A rank to sort on: ringing first, ended last.
[[nodiscard]] constexpr int stateRank(State state)
{
    return int(state);
}
[[nodiscard]] QColor stateForeground(State state);
[[nodiscard]] QColor stateBackground(State state);

// It answered: an answer time, or (read from the switch's lists, which lack it) an answered state.
[[nodiscard]] bool hasAnswered(const Monitor::Channel &channel);

// Gone: hung up, or a zombie; a gone row fades and expires after the store's retention.
[[nodiscard]] inline bool isGone(const Monitor::Channel &c)
{
    return c.ended || c.zombie;
}
// 1 while live, then down to 0 over the retention time after the channel went.
[[nodiscard]] qreal fade(const Monitor::Channel &channel, qint64 retentionMs, qint64 nowMs);
// Text colour for the other cells of a gone row: grey, more transparent as it fades.
[[nodiscard]] QColor fadedForeground(qreal fade);

// Since answered, else since created; frozen once the channel is gone.
[[nodiscard]] qint64 durationMs(const Monitor::Channel &channel, qint64 nowMs);

// A live row of a server that is not live: what the switch does with it now is unknown.
// "unknown since 14:03:27" (local time); grey, whatever its state was.
[[nodiscard]] QString staleText(qint64 sinceMs);
// "14:03:27": a time of day, local.
[[nodiscard]] QString clockTime(qint64 ms);
[[nodiscard]] QColor staleForeground();
[[nodiscard]] QColor staleBackground();
// "zombie", or "ghost" for a channel the switch disowned: short, so that it is not cut off.
[[nodiscard]] QString goneMark(const Monitor::Channel &channel);
// What a zombie or a ghost is, for its tooltip.
[[nodiscard]] QString zombieNote(const Monitor::Channel &channel);
// "m:ss", or "h:mm:ss" from an hour on.
[[nodiscard]] QString durationText(qint64 ms);

// Whom a bridged channel talks to, from its partner: an inbound partner's caller id; for an
// outbound partner (a leg this side originated, which carries our own caller id) whom it called.
[[nodiscard]] QString partyText(const Monitor::Channel &partner);

// The operator's own phone on a listen, whisper or barge: CallControl::eavesdrop rings the
// operator endpoint (e.g. user/1000) and, once answered, runs eavesdrop (whisper: with
// eavesdrop_whisper_aleg) or three_way on it. A leg is theirs when its destination, callee,
// channel name or dialed_user is the endpoint's user, and it runs one of those (or, still
// ringing, carries the caller id name CallControl gives it: Listen, Whisper, Barge).
enum class OwnLeg { None, Listening, Whispering, Barging };
[[nodiscard]] OwnLeg ownLegOf(const Monitor::Channel &channel, const QString &operatorEndpoint);
// "You, listening", "You, whispering", "You, barging in".
[[nodiscard]] QString ownLegText(OwnLeg leg);
// "1000" for user/1000, user/1000@example.com, sofia/internal/1000@10.0.0.1:5060.
[[nodiscard]] QString endpointUser(const QString &endpoint);

// "PCMU", or "PCMU/PCMA" when reading and writing differ.
[[nodiscard]] QString codecText(const Monitor::Channel &channel);
// What the channel runs now: "park" while parked (uuid_park leaves the application it ran before,
// a bridge, in its events), else its application.
[[nodiscard]] QString applicationName(const Monitor::Channel &channel);
// "playback(/tmp/x.wav)": the application with its data.
[[nodiscard]] QString applicationText(const Monitor::Channel &channel);
// "ended · NORMAL_CLEARING": the state with the hangup cause, when there is one. The cause is
// what tells one ended row from another; the State column is wide enough for this one whole.
[[nodiscard]] QString endedText(const Monitor::Channel &channel);

} // namespace Ui::CallPresentation
