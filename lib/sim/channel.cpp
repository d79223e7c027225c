#include "channel.h"

namespace Sim {

namespace {

QByteArray number(qint64 value)
{
    return QByteArray::number(value);
}

// The switch never writes an empty header (switch_event_add_header deletes it instead).
void add(Esl::HeaderList &headers, QByteArrayView name, const QString &value)
{
    if (!value.isEmpty())
        headers.append(name, value.toUtf8());
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
    headers.append("Channel-State-Number", number(stateNumber()));
    add(headers, "Channel-Name", name);
    add(headers, "Unique-ID", uuid);
    add(headers, "Call-Direction", direction);
    add(headers, "Presence-Call-Direction", direction);
    headers.append("Channel-HIT-Dialplan", hitDialplan ? "true" : "false");
    add(headers, "Channel-Call-UUID", callUuid.isEmpty() ? uuid : callUuid);
    add(headers, "Answer-State", answerState);
    if (!hangupCause.isEmpty())
        add(headers, "Hangup-Cause", hangupCause);
    const QByteArray rate = number(codecRate);
    const QByteArray bitRate = number(codecBitRate);
    add(headers, "Channel-Read-Codec-Name", codec);
    headers.append("Channel-Read-Codec-Rate", rate);
    headers.append("Channel-Read-Codec-Bit-Rate", bitRate);
    add(headers, "Channel-Write-Codec-Name", codec);
    headers.append("Channel-Write-Codec-Rate", rate);
    headers.append("Channel-Write-Codec-Bit-Rate", bitRate);

    appendProfile(headers, "Caller-");
}

void Channel::appendProfile(Esl::HeaderList &headers, QByteArrayView prefix) const
{
    const CallerProfile &p = profile;
    QByteArray name;
    auto key = [&](const char *field) -> QByteArrayView {
        name = prefix.toByteArray() + field;
        return name;
    };
    add(headers, key("Direction"), p.direction);
    add(headers, key("Logical-Direction"), p.logicalDirection);
    add(headers, key("Dialplan"), p.dialplan);
    add(headers, key("Caller-ID-Name"), p.callerIdName);
    add(headers, key("Caller-ID-Number"), p.callerIdNumber);
    add(headers, key("Orig-Caller-ID-Name"), p.origCallerIdName);
    add(headers, key("Orig-Caller-ID-Number"), p.origCallerIdNumber);
    add(headers, key("Callee-ID-Name"), p.calleeIdName);
    add(headers, key("Callee-ID-Number"), p.calleeIdNumber);
    add(headers, key("ANI"), p.ani);
    add(headers, key("Destination-Number"), p.destination);
    add(headers, key("Unique-ID"), p.uniqueId);
    add(headers, key("Source"), p.source);
    if (!p.transferSource.isEmpty())
        add(headers, key("Transfer-Source"), p.transferSource);
    add(headers, key("Context"), p.context);
    if (!p.transferSource.isEmpty())
        add(headers, key("RDNIS"), p.rdnis);
    add(headers, key("Channel-Name"), p.channelName);
    headers.append(key("Profile-Index"), number(p.profileIndex));
    headers.append(key("Profile-Created-Time"), number(p.createdTime));
    headers.append(key("Channel-Created-Time"), number(p.createdTime));
    headers.append(key("Channel-Answered-Time"), number(p.answeredTime));
    headers.append(key("Channel-Progress-Time"), number(p.progressTime));
    headers.append(key("Channel-Progress-Media-Time"), number(p.progressMediaTime));
    headers.append(key("Channel-Hangup-Time"), number(p.hangupTime));
    headers.append(key("Channel-Transfer-Time"), number(p.transferTime));
    headers.append(key("Channel-Resurrect-Time"), "0");
    headers.append(key("Channel-Bridged-Time"), number(p.bridgedTime));
    headers.append(key("Channel-Last-Hold"), number(p.lastHold));
    headers.append(key("Channel-Hold-Accum"), number(p.holdAccum));
    headers.append(key("Screen-Bit"), "true");
    headers.append(key("Privacy-Hide-Name"), "false");
    headers.append(key("Privacy-Hide-Number"), "false");
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
    headers.append("Other-Leg-Profile-Created-Time", number(p.createdTime));
    headers.append("Other-Leg-Channel-Created-Time", number(p.createdTime));
    headers.append("Other-Leg-Channel-Answered-Time", number(p.answeredTime));
    headers.append("Other-Leg-Channel-Progress-Time", number(p.progressTime));
    headers.append("Other-Leg-Channel-Progress-Media-Time", number(p.progressMediaTime));
    headers.append("Other-Leg-Channel-Hangup-Time", number(p.hangupTime));
    headers.append("Other-Leg-Channel-Transfer-Time", number(p.transferTime));
    headers.append("Other-Leg-Channel-Resurrect-Time", "0");
    headers.append("Other-Leg-Channel-Bridged-Time", number(p.bridgedTime));
    headers.append("Other-Leg-Channel-Last-Hold", number(p.lastHold));
    headers.append("Other-Leg-Channel-Hold-Accum", number(p.holdAccum));
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
        headers.append(name, value.toUtf8());
    }
}

} // namespace Sim
