#pragma once
// The fields of a channel snapshot and where they live in a Channel, shared by the reader
// (channelsnapshot.cpp) and the writer (channelsnapshotwriter.cpp) so that they cannot drift
// apart. Not part of the library's face.

#include "channel.h"

namespace Monitor::SnapshotFields {

struct TextField
{
    const char *key;
    QString Channel::*member;
};
struct FlagField
{
    const char *key;
    bool Channel::*member;
};
struct TimeField
{
    const char *key;
    qint64 Channel::*member;
};

inline constexpr TextField kTexts[] = {
    {"uuid", &Channel::uuid},
    {"name", &Channel::name},
    {"direction", &Channel::direction},
    {"callerName", &Channel::callerName},
    {"callerNumber", &Channel::callerNumber},
    {"destination", &Channel::destination},
    {"calleeName", &Channel::calleeName},
    {"calleeNumber", &Channel::calleeNumber},
    {"context", &Channel::context},
    {"channelState", &Channel::channelState},
    {"callState", &Channel::callState},
    {"answerState", &Channel::answerState},
    {"readCodec", &Channel::readCodec},
    {"writeCodec", &Channel::writeCodec},
    {"application", &Channel::application},
    {"applicationData", &Channel::applicationData},
    {"callUuid", &Channel::callUuid},
    {"otherLeg", &Channel::otherLeg},
    {"otherType", &Channel::otherType},
    {"bridgedTo", &Channel::bridgedTo},
    {"hangupCause", &Channel::hangupCause},
    {"recordPath", &Channel::recordPath},
    {"loopbackPartner", &Channel::loopbackPartner},
};
inline constexpr FlagField kFlags[] = {
    {"bridgeA", &Channel::bridgeA}, {"held", &Channel::held},     {"parked", &Channel::parked},
    {"ended", &Channel::ended},     {"zombie", &Channel::zombie},
};
inline constexpr TimeField kTimes[] = {
    {"createdMs", &Channel::createdMs},     {"answeredMs", &Channel::answeredMs},
    {"hungUpMs", &Channel::hungUpMs},       {"goneMs", &Channel::goneMs},
    {"lastEventMs", &Channel::lastEventMs},
};

} // namespace Monitor::SnapshotFields
