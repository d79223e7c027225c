// ServerMonitor::refreshQuality: mediaStats for the channel the operator looks at (servermonitor.h).
#include "servermonitor.h"

#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace Monitor {

namespace {

// A uuid that can go into the JSON of an api line as it is: no quote or backslash (QJsonDocument
// would escape them, but a store uuid that needs escaping came from a hostile peer) and no
// control character (CR/LF would end the command line).
bool isPlainUuid(const QString &uuid)
{
    if (uuid.isEmpty() || uuid.size() > 256)
        return false;
    for (const QChar c : uuid) {
        if (c == u'"' || c == u'\\' || c.unicode() < 0x20 || c.unicode() == 0x7F)
            return false;
    }
    return true;
}

} // namespace

bool ServerMonitor::refreshQuality(const QString &uuid)
{
    if (!isPlainUuid(uuid) || !m_link->isLive() || !m_link->can(Capability::Api))
        return false;
    const Channel *channel = m_channels.channel(uuid);
    if (!channel || channel->ended || channel->zombie)
        return false;
    const qint64 t = now();
    constexpr qint64 kGiveUpMs = kQualityRefreshMs * 10;
    for (auto it = m_qualityInFlight.begin(); it != m_qualityInFlight.end();)
        it = t - *it >= kGiveUpMs ? m_qualityInFlight.erase(it) : std::next(it);
    if (m_qualityInFlight.contains(uuid))
        return false;
    const auto asked = m_qualityAskedMs.constFind(uuid);
    if (asked != m_qualityAskedMs.cend() && t - *asked < kQualityRefreshMs && t >= *asked)
        return false;
    // Bounded: forget what was asked long enough ago to be asked again anyway.
    for (auto it = m_qualityAskedMs.begin(); it != m_qualityAskedMs.end();)
        it = t - *it >= kQualityRefreshMs ? m_qualityAskedMs.erase(it) : std::next(it);
    m_qualityAskedMs.insert(uuid, t);
    m_qualityInFlight.insert(uuid, t);

    const QJsonObject request{{u"command"_s, u"mediaStats"_s},
                              {u"data"_s, QJsonObject{{u"uuid"_s, uuid}}}};
    const QString command =
        u"json "_s + QString::fromUtf8(QJsonDocument(request).toJson(QJsonDocument::Compact));
    m_link->api(command).then(this, [this, uuid, guard = std::weak_ptr<char>(m_qualityGuard)](
                                        const Esl::Reply &reply) {
        if (guard.expired())
            return;
        m_qualityInFlight.remove(uuid);
        if (reply.error()) {
            Q_EMIT qualityRefreshed(uuid, reply.errorText());
            return;
        }
        QString error;
        m_channels.applyMediaStats(uuid, reply.body(), now(), &error);
        Q_EMIT qualityRefreshed(uuid, error);
    });
    return true;
}

} // namespace Monitor
