#include "channel.h"

namespace Sim {

namespace {

// The switch never writes an empty header (switch_event_add_header deletes it instead).
void add(Esl::HeaderList &headers, QByteArrayView name, const QString &value)
{
    if (!value.isEmpty())
        headers.appendText(name, value);
}

} // namespace

int Channel::stateNumber() const
{
    static const char *const states[] = {"CS_NEW",          "CS_INIT",          "CS_ROUTING",
                                         "CS_SOFT_EXECUTE", "CS_EXECUTE",       "CS_EXCHANGE_MEDIA",
                                         "CS_PARK",         "CS_CONSUME_MEDIA", "CS_HIBERNATE",
                                         "CS_RESET",        "CS_HANGUP",        "CS_REPORTING",
                                         "CS_DESTROY",      "CS_NONE"};
    for (int i = 0; i < int(std::size(states)); ++i) {
        if (state == QLatin1StringView(states[i]))
            return i;
    }
    return 13;
}

int Channel::callStateNumber(const QString &callState)
{
    static const char *const states[] = {"DOWN", "DIALING",   "RINGING", "EARLY", "ACTIVE",
                                         "HELD", "RING_WAIT", "HANGUP",  "UNHELD"};
    for (int i = 0; i < int(std::size(states)); ++i) {
        if (callState == QLatin1StringView(states[i]))
            return i;
    }
    return 0;
}

void Channel::setVariable(const QByteArray &name, const QString &value)
{
    for (auto &[key, existing] : m_variables) {
        if (key == name) {
            existing = value;
            return;
        }
    }
    m_variables.append({name, value});
}

QString Channel::variable(const QByteArray &name) const
{
    for (const auto &[key, value] : m_variables) {
        if (key == name)
            return value;
    }
    return {};
}

void Channel::removeVariable(const QByteArray &name)
{
    m_variables.removeIf([&](const auto &entry) { return entry.first == name; });
}

void Channel::appendChannelData(Esl::HeaderList &headers) const
{
    add(headers, "Channel-State", state);
    add(headers, "Channel-Call-State", callState);
    headers.appendNumber("Channel-State-Number", stateNumber());
    add(headers, "Channel-Name", name);
    add(headers, "Unique-ID", uuid);
    add(headers, "Call-Direction", direction);
    add(headers, "Presence-Call-Direction", direction);
    headers.append("Channel-HIT-Dialplan", hitDialplan ? "true" : "false");
    add(headers, "Channel-Call-UUID", callUuid.isEmpty() ? uuid : callUuid);
    add(headers, "Answer-State", answerState);
    if (!hangupCause.isEmpty())
        add(headers, "Hangup-Cause", hangupCause);
    const QByteArray rate = QByteArray::number(codecRate);
    const QByteArray bitRate = QByteArray::number(codecBitRate);
    add(headers, "Channel-Read-Codec-Name", codec);
    headers.append("Channel-Read-Codec-Rate", rate);
    headers.append("Channel-Read-Codec-Bit-Rate", bitRate);
    add(headers, "Channel-Write-Codec-Name", codec);
    headers.append("Channel-Write-Codec-Rate", rate);
    headers.append("Channel-Write-Codec-Bit-Rate", bitRate);

    appendProfile(headers, "Caller-");
}

namespace {

// The caller profile's header names under one prefix, built once per prefix.
struct ProfileNames
{
    explicit ProfileNames(QByteArrayView prefix)
    {
        static constexpr const char *fields[] = {"Direction",
                                                 "Logical-Direction",
                                                 "Dialplan",
                                                 "Caller-ID-Name",
                                                 "Caller-ID-Number",
                                                 "Orig-Caller-ID-Name",
                                                 "Orig-Caller-ID-Number",
                                                 "Callee-ID-Name",
                                                 "Callee-ID-Number",
                                                 "ANI",
                                                 "Destination-Number",
                                                 "Unique-ID",
                                                 "Source",
                                                 "Transfer-Source",
                                                 "Context",
                                                 "RDNIS",
                                                 "Channel-Name",
                                                 "Profile-Index",
                                                 "Profile-Created-Time",
                                                 "Channel-Created-Time",
                                                 "Channel-Answered-Time",
                                                 "Channel-Progress-Time",
                                                 "Channel-Progress-Media-Time",
                                                 "Channel-Hangup-Time",
                                                 "Channel-Transfer-Time",
                                                 "Channel-Resurrect-Time",
                                                 "Channel-Bridged-Time",
                                                 "Channel-Last-Hold",
                                                 "Channel-Hold-Accum",
                                                 "Screen-Bit",
                                                 "Privacy-Hide-Name",
                                                 "Privacy-Hide-Number"};
        for (const char *field : fields)
            names.append(prefix.toByteArray() + field);
    }
    QList<QByteArray> names;
};

const ProfileNames &profileNames(QByteArrayView prefix)
{
    static const ProfileNames caller("Caller-");
    static const ProfileNames channel("Channel-");
    return prefix == "Channel-" ? channel : caller;
}

} // namespace

void Channel::appendProfile(Esl::HeaderList &headers, QByteArrayView prefix) const
{
    const CallerProfile &p = profile;
    const QList<QByteArray> &n = profileNames(prefix).names;
    add(headers, n[0], p.direction);
    add(headers, n[1], p.logicalDirection);
    add(headers, n[2], p.dialplan);
    add(headers, n[3], p.callerIdName);
    add(headers, n[4], p.callerIdNumber);
    add(headers, n[5], p.origCallerIdName);
    add(headers, n[6], p.origCallerIdNumber);
    add(headers, n[7], p.calleeIdName);
    add(headers, n[8], p.calleeIdNumber);
    add(headers, n[9], p.ani);
    add(headers, n[10], p.destination);
    add(headers, n[11], p.uniqueId);
    add(headers, n[12], p.source);
    if (!p.transferSource.isEmpty())
        add(headers, n[13], p.transferSource);
    add(headers, n[14], p.context);
    if (!p.transferSource.isEmpty())
        add(headers, n[15], p.rdnis);
    add(headers, n[16], p.channelName);
    headers.appendNumber(n[17], p.profileIndex);
    headers.appendNumber(n[18], p.createdTime);
    headers.appendNumber(n[19], p.createdTime);
    headers.appendNumber(n[20], p.answeredTime);
    headers.appendNumber(n[21], p.progressTime);
    headers.appendNumber(n[22], p.progressMediaTime);
    headers.appendNumber(n[23], p.hangupTime);
    headers.appendNumber(n[24], p.transferTime);
    headers.append(n[25], "0");
    headers.appendNumber(n[26], p.bridgedTime);
    headers.appendNumber(n[27], p.lastHold);
    headers.appendNumber(n[28], p.holdAccum);
    headers.append(n[29], "true");
    headers.append(n[30], "false");
    headers.append(n[31], "false");
}

void Channel::appendOtherLeg(Esl::HeaderList &headers, const Channel &other) const
{
    const CallerProfile &p = other.profile;
    add(headers, "Other-Type", otherType.isEmpty() ? QStringLiteral("originatee") : otherType);
    add(headers, "Other-Leg-Direction", p.direction);
    add(headers, "Other-Leg-Logical-Direction", p.logicalDirection);
    add(headers, "Other-Leg-Dialplan", p.dialplan);
    add(headers, "Other-Leg-Caller-ID-Name", p.callerIdName);
    add(headers, "Other-Leg-Caller-ID-Number", p.callerIdNumber);
    add(headers, "Other-Leg-Orig-Caller-ID-Name", p.origCallerIdName);
    add(headers, "Other-Leg-Orig-Caller-ID-Number", p.origCallerIdNumber);
    add(headers, "Other-Leg-Callee-ID-Name", p.calleeIdName);
    add(headers, "Other-Leg-Callee-ID-Number", p.calleeIdNumber);
    add(headers, "Other-Leg-ANI", p.ani);
    add(headers, "Other-Leg-Destination-Number", p.destination);
    add(headers, "Other-Leg-Unique-ID", other.uuid);
    add(headers, "Other-Leg-Source", p.source);
    add(headers, "Other-Leg-Context", p.context);
    add(headers, "Other-Leg-Channel-Name", p.channelName);
    headers.appendNumber("Other-Leg-Profile-Created-Time", p.createdTime);
    headers.appendNumber("Other-Leg-Channel-Created-Time", p.createdTime);
    headers.appendNumber("Other-Leg-Channel-Answered-Time", p.answeredTime);
    headers.appendNumber("Other-Leg-Channel-Progress-Time", p.progressTime);
    headers.appendNumber("Other-Leg-Channel-Progress-Media-Time", p.progressMediaTime);
    headers.appendNumber("Other-Leg-Channel-Hangup-Time", p.hangupTime);
    headers.appendNumber("Other-Leg-Channel-Transfer-Time", p.transferTime);
    headers.append("Other-Leg-Channel-Resurrect-Time", "0");
    headers.appendNumber("Other-Leg-Channel-Bridged-Time", p.bridgedTime);
    headers.appendNumber("Other-Leg-Channel-Last-Hold", p.lastHold);
    headers.appendNumber("Other-Leg-Channel-Hold-Accum", p.holdAccum);
    headers.append("Other-Leg-Screen-Bit", "true");
    headers.append("Other-Leg-Privacy-Hide-Name", "false");
    headers.append("Other-Leg-Privacy-Hide-Number", "false");
}

void Channel::appendVariables(Esl::HeaderList &headers) const
{
    QByteArray name;
    for (const auto &[key, value] : m_variables) {
        if (value.isEmpty())
            continue;
        name = "variable_" + key;
        headers.appendText(name, value);
    }
}

} // namespace Sim
