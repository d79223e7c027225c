#pragma once
// One simulated channel: what switch_channel_event_set_data() writes about it. The header order
// of every block below is the order FreeSWITCH 1.10.12 writes (see tests/fixtures).

#include "esl/wire/headerlist.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <utility>

namespace Sim {

struct CallerProfile
{
    QString direction; // "inbound" | "outbound"
    QString logicalDirection;
    QString dialplan = QStringLiteral("XML");
    QString callerIdName;
    QString callerIdNumber;
    QString origCallerIdName;
    QString origCallerIdNumber;
    QString calleeIdName;
    QString calleeIdNumber;
    QString ani;
    QString destination;
    QString uniqueId;
    QString source = QStringLiteral("mod_sofia");
    QString transferSource; // set once the channel was transferred
    QString rdnis;          // the destination it was transferred away from
    QString context = QStringLiteral("default");
    QString channelName;
    int profileIndex = 1;
    qint64 createdTime = 0; // microseconds since the epoch; 0: not yet
    qint64 answeredTime = 0;
    qint64 progressTime = 0;
    qint64 progressMediaTime = 0;
    qint64 hangupTime = 0;
    qint64 transferTime = 0;
    qint64 bridgedTime = 0;
    qint64 lastHold = 0;
    qint64 holdAccum = 0;
};

class Channel
{
public:
    QString uuid;
    QString name;
    QString direction; // Call-Direction
    QString callUuid;  // Channel-Call-UUID
    QString state = QStringLiteral("CS_NEW");
    QString callState = QStringLiteral("DOWN");
    QString answerState = QStringLiteral("ringing");
    bool hitDialplan = false;
    QString codec = QStringLiteral("PCMU");
    int codecRate = 8000;
    int codecBitRate = 64000;
    CallerProfile profile;
    QString otherUuid;   // the leg it is linked to (originator/originatee, or bridged)
    QString otherType;   // "originator" | "originatee" (what the other leg is to this one)
    QString bridgedUuid; // set while bridged
    QString hangupCause;
    QString application;
    QString applicationData;
    bool held = false;
    bool parked = false;
    QString recordPath;
    // The DTMF digits the channel received, for digits_dialed at hangup; the switch keeps
    // SWITCH_DTMF_LOG_LEN (128) of them.
    QString dtmfLog;
    static constexpr qsizetype dtmfLogLength = 128;
    qint64 createdEpochMs = 0;

    [[nodiscard]] int stateNumber() const;
    [[nodiscard]] int callStateNumber() const { return callStateNumber(callState); }
    [[nodiscard]] static int callStateNumber(const QString &callState);

    void setVariable(const QByteArray &name, const QString &value);
    [[nodiscard]] QString variable(const QByteArray &name) const;
    void removeVariable(const QByteArray &name);
    [[nodiscard]] const QList<std::pair<QByteArray, QString>> &variables() const
    {
        return m_variables;
    }

    // Channel-State ... Answer-State[, Hangup-Cause], the codecs, the Caller-* profile.
    void appendChannelData(Esl::HeaderList &headers) const;
    // The caller profile with a prefix: "Caller-" in events, "Channel-" in the outbound connect
    // reply (switch_caller_profile_event_set_data).
    void appendProfile(Esl::HeaderList &headers, QByteArrayView prefix) const;
    // Other-Type and the Other-Leg-* profile of `other` (this channel's partner).
    void appendOtherLeg(Esl::HeaderList &headers, const Channel &other) const;
    // variable_* for every channel variable.
    void appendVariables(Esl::HeaderList &headers) const;

private:
    QList<std::pair<QByteArray, QString>> m_variables;
};

} // namespace Sim
