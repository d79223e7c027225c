#include "traffic.h"

#include "simswitch.h"

#include <QDateTime>

#include <cmath>

namespace Sim {

TrafficGenerator::TrafficGenerator(Switch *sw, TrafficProfile profile, QObject *parent)
    : QObject(parent), m_switch(sw), m_profile(profile), m_random(profile.seed),
      m_qualityRandom(profile.seed ^ 0x9e3779b9u)
{
    m_tick.setInterval(20);
    connect(&m_tick, &QTimer::timeout, this, &TrafficGenerator::tick);
}

const QStringList &TrafficGenerator::callerNames()
{
    static const QStringList names{
        QStringLiteral("Alice Johnson"),  QStringLiteral("Søren Kierkegaard"),
        QStringLiteral("Zoë Müller"),     QStringLiteral("José Álvarez"),
        QStringLiteral("Łukasz Żółć"),    QStringLiteral("山田太郎"),
        QStringLiteral("Дмитрий Иванов"), QStringLiteral("François Dupont"),
        QStringLiteral("Ngọc Anh Trần"),  QStringLiteral("Αλέξανδρος Παππάς"),
        QStringLiteral("Bob Smith"),      QStringLiteral("Ana Lúcia Ribeiro"),
        QStringLiteral("محمد العلي"),     QStringLiteral("Björk Guðmundsdóttir"),
        QStringLiteral("Priya Raman"),    QStringLiteral("Chidi Okafor"),
        QStringLiteral("Reception"),      QStringLiteral("Mette Frederiksen"),
        QStringLiteral("김민준"),         QStringLiteral("Carlos O'Brien"),
    };
    return names;
}

void TrafficGenerator::setProfile(const TrafficProfile &profile)
{
    m_profile = profile;
    m_random.seed(profile.seed);
    m_qualityRandom.seed(profile.seed ^ 0x9e3779b9u);
}

void TrafficGenerator::start()
{
    m_lastTickMs = QDateTime::currentMSecsSinceEpoch();
    m_tick.start();
    if (m_profile.supervisor)
        m_switch->startModuleTraffic(m_profile.seed);
}

void TrafficGenerator::stop()
{
    m_tick.stop();
    if (m_profile.supervisor)
        m_switch->stopModuleTraffic();
}

TrafficGenerator::PlannedCall TrafficGenerator::planCall()
{
    PlannedCall call;
    const QStringList &names = callerNames();
    call.callerName = names[int(m_random.bounded(quint32(names.size())))];
    call.callerNumber = QStringLiteral("+45%1").arg(20000000 + m_random.bounded(80000000u));
    call.destination = QString::number(1000 + m_random.bounded(100u));
    const double mean = std::max(1, m_profile.meanDurationMs);
    const double drawn = -mean * std::log(1.0 - m_random.generateDouble());
    call.durationMs = std::max(m_profile.minDurationMs, int(std::min(drawn, mean * 6)));
    const double roll = m_random.generateDouble();
    if (roll < m_profile.holdShare)
        call.action = PlannedCall::Action::Hold;
    else if (roll < m_profile.holdShare + m_profile.transferShare)
        call.action = PlannedCall::Action::Transfer;
    else if (roll < m_profile.holdShare + m_profile.transferShare + m_profile.parkShare)
        call.action = PlannedCall::Action::Park;
    call.actionAtMs = int(call.durationMs * (0.2 + 0.4 * m_random.generateDouble()));
    call.transferTo = QString::number(2000 + m_random.bounded(50u));
    // The same draws for every call, so a share changes which calls, not what comes after.
    const double rtcpRoll = m_qualityRandom.generateDouble();
    const double degradeRoll = m_qualityRandom.generateDouble();
    call.rtcp = rtcpRoll < m_profile.rtcpShare;
    call.degraded = degradeRoll < m_profile.degradedShare;
    call.lossPct = 5 + 10 * m_qualityRandom.generateDouble();
    call.jitterMs = 30 + 50 * m_qualityRandom.generateDouble();
    call.degradeAfterMs = 1000 + int(m_qualityRandom.bounded(7000u));
    call.degradeForMs = 10000 + int(m_qualityRandom.bounded(10001u));
    return call;
}

QString TrafficGenerator::placeCall()
{
    const PlannedCall call = planCall();
    Switch::CallSpec spec;
    spec.callerName = call.callerName;
    spec.callerNumber = call.callerNumber;
    spec.destination = call.destination;
    spec.durationMs = call.durationMs;
    spec.socketTarget = m_profile.socketTarget;
    if (call.rtcp) {
        spec.variables = {{"rtcp_audio_interval_msec", QString::number(m_profile.rtcpIntervalMs)},
                          {"fire_rtcp_events", QStringLiteral("true")}};
    }
    const QString uuid = m_switch->placeCall(spec);
    ++m_placed;
    // The caller's leg (a phone on a bad network) suffers; the carrier's stays clean.
    if (call.degraded)
        m_switch->degradeLeg(uuid, call.lossPct, call.jitterMs, call.degradeAfterMs,
                             call.degradeForMs);
    if (call.action == PlannedCall::Action::None)
        return uuid;
    const int at = m_switch->config().ringMs + call.actionAtMs;
    QTimer::singleShot(at, m_switch, [sw = m_switch, uuid, call] {
        if (!sw->hasChannel(uuid))
            return;
        switch (call.action) {
        case PlannedCall::Action::Hold:
            sw->api(QStringLiteral("uuid_hold %1").arg(uuid));
            QTimer::singleShot(std::max(500, call.durationMs / 5), sw, [sw, uuid] {
                if (sw->hasChannel(uuid))
                    sw->api(QStringLiteral("uuid_hold off %1").arg(uuid));
            });
            break;
        case PlannedCall::Action::Transfer:
            sw->api(QStringLiteral("uuid_transfer %1 %2 XML default").arg(uuid, call.transferTo));
            break;
        case PlannedCall::Action::Park:
            sw->api(QStringLiteral("uuid_park %1").arg(uuid));
            break;
        case PlannedCall::Action::None:
            break;
        }
    });
    return uuid;
}

void TrafficGenerator::tick()
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const qint64 elapsed = std::clamp<qint64>(now - m_lastTickMs, 0, 1000);
    m_lastTickMs = now;
    m_owed += m_profile.callsPerSecond * double(elapsed) / 1000.0;
    while (m_owed >= 1.0) {
        m_owed -= 1.0;
        // Count A legs only: a bridged call has two channels.
        if (m_switch->channelCount() / 2 >= m_profile.maxConcurrentCalls)
            continue;
        placeCall();
    }
}

} // namespace Sim
