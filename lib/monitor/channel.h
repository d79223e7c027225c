#pragma once
// One channel as the console shows it: what the channel events say about it, kept current.

#include "callquality.h"

#include "esl/wire/headerlist.h"

#include <QString>

namespace Monitor {

struct Channel
{
    QString uuid;
    QString name;      // Channel-Name
    QString direction; // inbound | outbound
    QString callerName;
    QString callerNumber;
    QString destination;
    QString calleeName;
    QString calleeNumber;
    QString context;
    QString channelState; // CS_EXECUTE ...
    QString callState;    // RINGING, EARLY, ACTIVE, HELD, HANGUP ...
    QString answerState;  // ringing, early, answered, hangup
    QString readCodec;
    QString writeCodec;
    QString application;
    QString applicationData;
    QString callUuid;     // Channel-Call-UUID
    QString otherLeg;     // Other-Leg-Unique-ID
    QString otherType;    // what the other leg is to this one: originator | originatee
    QString bridgedTo;    // set between CHANNEL_BRIDGE and CHANNEL_UNBRIDGE
    bool bridgeA = false; // this channel was Bridge-A of its bridge
    QString hangupCause;
    QString recordPath; // non-empty while recording
    bool held = false;
    bool parked = false;
    qint64 createdMs = 0;
    qint64 answeredMs = 0;
    qint64 hungUpMs = 0;
    bool ended = false;  // hung up; shown as ended until it expires
    bool zombie = false; // the switch no longer has it, though no event said so
    // The switch lists it but has no such channel (uuid_exists said false, or an action got
    // "-ERR No such channel!"): a stale row of its channel table. A ghost is a zombie too.
    bool ghost = false;
    bool confirmed = false; // uuid_exists (or uuid_getvar) said the switch has it
    // The other half of a loopback pair (loopback/N-a <-> loopback/N-b), from the variable
    // other_loopback_leg_uuid; empty when not a loopback channel or not known yet.
    QString loopbackPartner;
    qint64 goneMs = 0; // when it ended or became a zombie
    qint64 lastEventMs = 0;
    // The newest full header set seen (the detail pane shows every header and variable).
    Esl::HeaderList headers;
    // Its audio quality: RTCP reports, mediaStats answers and the hangup figures (kept after it
    // ended, so an ended call keeps its MOS).
    LegQuality quality;

    [[nodiscard]] bool isRecording() const { return !recordPath.isEmpty(); }
    [[nodiscard]] bool isLoopback() const { return name.startsWith(u"loopback/"); }
    // The B half of a loopback pair (loopback/N-b): the half its A half called into.
    [[nodiscard]] bool isLoopbackB() const { return isLoopback() && name.endsWith(u"-b"); }
    // "loopback/9196" for loopback/9196-a and -b; empty for other channels.
    [[nodiscard]] QString loopbackEndpoint() const;
    // The state an operator reads: ringing, early, active, held, parked, ended. Parked is
    // uuid_park's park and also a valet_park slot (its current application).
    [[nodiscard]] QString displayState() const;
};

} // namespace Monitor
