// The calls a simulated switch already has when it starts (SwitchConfig::initialCalls). A console
// that connects to a real switch meets calls that began before it: it learns of them only from
// `show channels|calls` and `uuid_dump`, never from their past events. So these calls are built
// in their present state, created and answered seconds to minutes ago, and nothing is fired.

#include "channel.h"
#include "simids.h"
#include "simswitch.h"

#include <QUuid>

namespace Sim {

namespace {

enum class Kind { Bridged, Held, Parked };

struct InitialCall
{
    const char *callerName;
    const char *callerNumber;
    const char *destination;
    int ageSeconds;    // created this long before the switch's start
    int ringSeconds;   // answered this long after it was created
    Kind kind;
};

// clang-format off
constexpr InitialCall kCalls[] = {
    {"Søren Kierkegaard", "+4533123456", "1001", 187, 6, Kind::Bridged},
    {"山田太郎", "+81312345678", "1002", 95, 4, Kind::Held},
    {"Дмитрий Иванов", "+74951234567", "5000", 52, 1, Kind::Parked},
    {"Amara Okafor", "+2348031234567", "1003", 24, 3, Kind::Bridged},
};
// clang-format on

// A channel as it was created `createdMs` ago and answered `answeredMs`.
void backdate(Channel &c, qint64 createdMs, qint64 answeredMs)
{
    c.createdEpochMs = createdMs;
    c.profile.createdTime = createdMs * 1000;
    c.profile.answeredTime = answeredMs * 1000;
    c.callState = QStringLiteral("ACTIVE");
    c.answerState = QStringLiteral("answered");
    c.hitDialplan = true;
}

} // namespace

void Switch::createInitialCalls()
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    constexpr int kinds = int(std::size(kCalls));
    for (int i = 0; i < m_config.initialCalls; ++i) {
        const InitialCall &seed = kCalls[i % kinds];
        // Past the first round, the same callers again, older, with other numbers.
        const int round = i / kinds;
        const qint64 createdMs = now - (qint64(seed.ageSeconds) + round * 41) * 1000 - i * 137;
        const qint64 answeredMs = createdMs + seed.ringSeconds * 1000 + 250;
        CallSpec spec;
        spec.callerName = QString::fromUtf8(seed.callerName);
        spec.callerNumber =
            QString::fromLatin1(seed.callerNumber) + (round ? QString::number(round) : QString());
        spec.destination = QString::fromLatin1(seed.destination);
        const auto a = newInboundChannel(spec);
        backdate(*a, createdMs, answeredMs);
        if (seed.kind == Kind::Parked) {
            // Answered by the switch and parked, waiting for an operator.
            a->state = QStringLiteral("CS_PARK");
            a->parked = true;
            a->application = QStringLiteral("park");
            continue;
        }
        a->state = QStringLiteral("CS_EXECUTE");
        a->application = QStringLiteral("bridge");
        a->applicationData = QStringLiteral("sofia/external/%1").arg(spec.destination);
        a->setVariable("current_application", a->application);
        a->setVariable("current_application_data", a->applicationData);
        m_backgroundApp.insert(a->uuid,
                               PendingApp{a->application, a->applicationData, freshUuid(), 1});
        const auto b =
            newOutboundChannel(*a, a->applicationData, spec.destination, QString());
        backdate(*b, createdMs + 20, answeredMs - 10);
        b->state = QStringLiteral("CS_EXCHANGE_MEDIA");
        linkBridge(*a, *b, answeredMs * 1000);
        if (seed.kind == Kind::Held) {
            // Held by the caller's phone (a SIP re-INVITE): the call state says HELD.
            a->held = true;
            a->callState = QStringLiteral("HELD");
            a->profile.lastHold = (now - 20000) * 1000;
        }
    }
}

} // namespace Sim
