// ServerConnections and the operator's trust: a server whose transport stopped at an unknown or
// changed SSH host key or TLS certificate, the question asked (one at a time, after the signal
// has returned: a modal dialog must not run inside the client's state change), and what
// accepting does. Also the `version` asked of a server as it goes live, for the warnings.

#include "console/serverconnections.h"

#include "monitor/switchlink.h"

#include <QPointer>
#include <QTimer>

namespace Console {

void ServerConnections::onTrustRequired(Monitor::ServerId id, const Esl::TrustRequest &request)
{
    const Monitor::ServerMonitor *server = m_hub->server(id);
    if (!server)
        return;
    m_trustProblems.insert(id, trustProblem(request, server->profile().connection.ssh.knownHostsFile));
    Q_EMIT statusChanged();
    QTimer::singleShot(0, this, [this, id, request] { askTrust(id, request); });
}

void ServerConnections::askTrust(Monitor::ServerId id, const Esl::TrustRequest &request)
{
    Monitor::ServerMonitor *server = m_hub->server(id);
    if (!server || !m_trustPrompt)
        return;
    if (m_askingTrust) {
        // One dialog at a time: asked when the open one is answered (the link stays failed).
        QTimer::singleShot(200, this, [this, id, request] { askTrust(id, request); });
        return;
    }
    const ServerEntry entry = entryOfServer(id);
    const bool canPin = !entry.profileId.isEmpty() && m_profiles;
    TrustQuestion question = trustQuestion(
        request, entry.name, server->profile().connection.ssh.knownHostsFile, canPin);
    question.profileId = entry.profileId;
    m_askingTrust = true;
    const bool accepted = m_trustPrompt(question);
    m_askingTrust = false;
    if (accepted && question.canAccept())
        acceptTrust(id, question);
}

void ServerConnections::acceptTrust(Monitor::ServerId id, const TrustQuestion &question)
{
    Monitor::ServerMonitor *server = m_hub->server(id);
    if (!server)
        return;
    const Esl::TrustRequest &request = question.request;
    if (request.kind == Esl::TrustRequest::Kind::SshHostKey) {
        if (const auto error = Esl::acceptSshHostKey(server->profile().connection.ssh, request)) {
            m_trustProblems.insert(
                id, tr("The host key could not be remembered: %1").arg(error->message));
            Q_EMIT statusChanged();
            return;
        }
        m_trustProblems.remove(id);
        if (!question.profileId.isEmpty())
            connectProfile(question.profileId);
        else
            server->link()->reconnectNow();
        Q_EMIT statusChanged();
        return;
    }
    // A certificate: its key pinned in the profile, saved; the edited profile replaces the
    // server (its connection changed) and connects.
    auto profile = m_profiles ? m_profiles->profile(question.profileId) : std::nullopt;
    if (!profile)
        return;
    m_trustProblems.remove(id);
    QList<Profile> list = m_profiles->profiles();
    for (Profile &p : list) {
        if (p.id == profile->id)
            p.tls.pinnedKey = QString::fromLatin1(request.acceptData);
    }
    m_profiles->setProfiles(list);
    connectProfile(profile->id);
}

void ServerConnections::askVersion(Monitor::ServerId id)
{
    Monitor::ServerMonitor *server = m_hub->server(id);
    if (!server || !server->link()->can(Monitor::Capability::Api))
        return;
    // No context object: Qt 6.4 asserts when a continuation's context goes before its future,
    // and the hub (whose link cancels it) may outlive this. The link finishes it on this thread.
    server->link()->api(QStringLiteral("version")).then([self = QPointer(this), id](const Esl::Reply &reply) {
        if (!self || !reply.ok() || !self->m_tracked.contains(id))
            return;
        // "FreeSWITCH Version 1.10.12-release+git~… (git a88d069 … 64bit)": one line, bounded.
        self->m_versions.insert(id, QString::fromUtf8(reply.body().left(200)).trimmed());
        Q_EMIT self->statusChanged();
    });
}

QString ServerConnections::switchVersion(const ServerEntry &entry) const
{
    const Monitor::ServerMonitor *server = serverOf(entry);
    if (!server)
        return {};
    if (const QString v = m_versions.value(server->id()); !v.isEmpty())
        return v;
    return server->health().version;
}

} // namespace Console
