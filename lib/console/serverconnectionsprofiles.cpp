// ServerConnections and the saved profiles: the password a profile connects with (stored, typed
// at connect, or asked for, with why none is stored), and what saving the profiles changes
// (new ones offered, edited ones applied, removed ones dropped).

#include "console/serverconnections.h"

#include "console/brokerprofile.h"

#include <QTimer>

namespace Console {

QString ServerConnections::whyNoPassword(const Profile &profile) const
{
    if (m_profiles->keychainState() == ProfileStore::KeychainState::Unavailable &&
        !m_profiles->storePasswordsInSettings()) {
        const QString problem = m_profiles->keychainProblem();
        return tr("No password is stored for “%1”: no desktop keychain is available%2, and "
                  "passwords go to the settings file only if you opt in.")
            .arg(profile.name, problem.isEmpty() ? QString() : tr(" (%1)").arg(problem));
    }
    return tr("No password is stored for “%1”.").arg(profile.name);
}

std::optional<QString> ServerConnections::passwordFor(const Profile &profile)
{
    if (!profile.password.isEmpty())
        return profile.password;
    if (const auto it = m_sessionPasswords.constFind(profile.id); it != m_sessionPasswords.cend())
        return *it;
    const QString why = whyNoPassword(profile);
    if (!m_prompt) {
        m_problems.insert(profile.id, tr("Not connected. %1").arg(why));
        return std::nullopt;
    }
    if (m_prompting) {
        // One question at a time: asked again when the open one is answered.
        if (!m_promptQueue.contains(profile.id))
            m_promptQueue.append(profile.id);
        return std::nullopt;
    }
    m_prompting = true;
    QString address = QStringLiteral("%1:%2").arg(profile.host.trimmed()).arg(profile.port);
    if (profile.isBroker()) {
        QString error;
        address = Amqp::ConnectionOptions::fromUrl(profile.broker.url, &error).describe();
    }
    const std::optional<QString> answer =
        m_prompt({profile.id, profile.name, address, why, profile.kind});
    m_prompting = false;
    if (!m_promptQueue.isEmpty()) {
        QTimer::singleShot(0, this, [this] {
            const QList<QString> queued = std::exchange(m_promptQueue, {});
            for (const QString &id : queued)
                connectProfile(id);
        });
    }
    if (!answer || answer->isEmpty()) {
        m_problems.insert(profile.id, tr("Not connected: no password was given. %1").arg(why));
        return std::nullopt;
    }
    m_sessionPasswords.insert(profile.id, *answer);
    return answer;
}

void ServerConnections::onPasswordReady(const QString &profileId)
{
    if (m_waitingForPassword.remove(profileId))
        connectProfile(profileId);
}

void ServerConnections::onProfilesChanged()
{
    assignColours();
    QStringList added;
    QSet<QString> now;
    for (const Profile &p : m_profiles->profiles()) {
        now.insert(p.id);
        if (!m_knownProfiles.contains(p.id)) {
            added.append(p.id);
            continue;
        }
        if (p.isBroker() || brokerOf(p.id)) {
            // Its kind changed: what was connected for the other kind goes; Connect starts anew.
            if (!p.isBroker()) {
                dropBroker(p.id);
                continue;
            }
            if (Monitor::ServerMonitor *server = m_hub->server(m_serverOfProfile.value(p.id)))
                m_hub->removeServer(server->id());
            applyBrokerEdit(p);
            continue;
        }
        Monitor::ServerMonitor *server = m_hub->server(m_serverOfProfile.value(p.id));
        if (!server)
            continue;
        // Edited while connected: applied now, with the password it has (typed at connect if
        // none is stored).
        const QString password = p.password.isEmpty() ? m_sessionPasswords.value(p.id) : p.password;
        if (sameConnection(server->profile(), serverProfile(p, password)))
            continue;
        if (server->connectionState() == Monitor::LinkState::Disconnected || password.isEmpty())
            m_hub->removeServer(server->id());
        else
            startProfile(p, password);
    }
    for (const QString &id : std::as_const(m_knownProfiles)) {
        if (now.contains(id))
            continue;
        if (Monitor::ServerMonitor *server = m_hub->server(m_serverOfProfile.value(id)))
            m_hub->removeServer(server->id());
        dropBroker(id);
        m_sessionPasswords.remove(id);
        m_problems.remove(id);
        m_waitingForPassword.remove(id);
        m_givenColours.remove(id);
    }
    m_knownProfiles = now;
    Q_EMIT entriesChanged();
    Q_EMIT statusChanged();
    if (!added.isEmpty())
        Q_EMIT profilesAdded(added);
}

} // namespace Console
