// SimValet's traffic for the demo: now and then a caller is parked in valet_parking_lot (the
// first free slot from 6001), and a parked call is later retrieved by a call to its slot or
// hangs up while it waits.

#include "simvalet.h"

#include "channel.h"
#include "simswitch.h"

namespace Sim {

namespace {

constexpr int kTickMs = 4000;
constexpr int kMostParked = 4;
constexpr qint64 kLeastParkedMs = 15000;

const char *const kCallers[] = {"Dana Park", "Lee Morgan", "Sam Okafor", "Ivy Chen",
                                "Raúl Ortega", "Mia Novak"};

} // namespace

void SimValet::startTraffic(quint32 seed)
{
    m_random.seed(seed);
    m_traffic.start(kTickMs);
}

void SimValet::stopTraffic()
{
    m_traffic.stop();
}

void SimValet::trafficTick()
{
    const QMap<QString, QString> now = parked();
    if (now.size() < kMostParked && m_random.bounded(100) < 45) {
        Switch::CallSpec spec;
        spec.callerName = QString::fromUtf8(kCallers[m_random.bounded(int(std::size(kCallers)))]);
        spec.callerNumber = QString::number(5000 + m_random.bounded(1000));
        spec.destination = QStringLiteral("6100");
        spec.bridge = false;
        spec.application = QStringLiteral("valet_park");
        spec.applicationArgument = QStringLiteral("valet_parking_lot auto in 6001 6099");
        sw()->placeCall(spec);
        return;
    }
    if (now.isEmpty() || m_random.bounded(100) >= 40)
        return;
    // The call parked longest, once it has waited a while.
    const qint64 nowMs = QDateTime::currentMSecsSinceEpoch();
    QString lotName;
    QString ext;
    qint64 since = nowMs;
    for (const auto &[name, lot] : m_lots) {
        for (auto it = lot.slots.cbegin(); it != lot.slots.cend(); ++it) {
            if (!it->bridged && it->startMs < since) {
                since = it->startMs;
                lotName = name;
                ext = it.key();
            }
        }
    }
    if (ext.isEmpty() || nowMs - since < kLeastParkedMs)
        return;
    if (m_random.bounded(2) == 0) {
        // Someone dials the slot: valet_park bridges them to the parked call; they talk a while.
        Switch::CallSpec spec;
        spec.callerName = QStringLiteral("Front Desk");
        spec.callerNumber = QStringLiteral("1001");
        spec.destination = ext;
        spec.bridge = false;
        spec.application = QStringLiteral("valet_park");
        spec.applicationArgument = lotName + u' ' + ext;
        spec.durationMs = 8000 + m_random.bounded(12000);
        sw()->placeCall(spec);
    } else {
        sw()->hangupChannel(m_lots[lotName].slots.value(ext).uuid,
                            QStringLiteral("NORMAL_CLEARING"));
    }
}

} // namespace Sim
