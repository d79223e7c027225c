#include "console/serverconnections.h"

#include "console/watchonlysetting.h"

namespace Console {

using Monitor::LinkState;

bool canConnect(ServerStatus status)
{
    return status == ServerStatus::NotConnected || status == ServerStatus::Disconnected;
}

bool canDisconnect(ServerStatus status)
{
    return !canConnect(status);
}

bool canReconnect(ServerStatus status)
{
    return status == ServerStatus::Down || status == ServerStatus::Failed ||
           status == ServerStatus::Live || status == ServerStatus::Resyncing;
}

ServerConnections::ServerConnections(Monitor::Hub *hub, ProfileStore *profiles, QObject *parent)
    : QObject(parent), m_hub(hub), m_profiles(profiles)
{
    for (Monitor::ServerMonitor *server : hub->servers())
        track(server);
    connect(hub, &Monitor::Hub::serverAdded, this, [this](Monitor::ServerMonitor *server) {
        if (!m_adding.isEmpty())
            m_serverOfProfile.insert(m_adding, server->id());
        track(server);
        Q_EMIT entriesChanged();
    });
    connect(hub, &Monitor::Hub::serverRemoved, this, [this](Monitor::ServerId id) {
        m_tracked.remove(id);
        m_trustProblems.remove(id);
        m_versions.remove(id);
        for (auto it = m_serverOfProfile.begin(); it != m_serverOfProfile.end();) {
            if (it.value() == id)
                it = m_serverOfProfile.erase(it);
            else
                ++it;
        }
        Q_EMIT entriesChanged();
    });
    if (!profiles)
        return;
    for (const Profile &p : profiles->profiles())
        m_knownProfiles.insert(p.id);
    assignColours();
    connect(profiles, &ProfileStore::profilesChanged, this, &ServerConnections::onProfilesChanged);
    connect(profiles, &ProfileStore::passwordReady, this, &ServerConnections::onPasswordReady);
    connect(profiles, &ProfileStore::passwordStorageChanged, this,
            [this](const QString &id, ProfileStore::PasswordStorage storage) {
                if (storage != ProfileStore::PasswordStorage::SessionOnly)
                    return;
                const auto p = m_profiles->profile(id);
                if (!p)
                    return;
                const QString problem = m_profiles->keychainProblem();
                Q_EMIT passwordNotKept(
                    id,
                    tr("The password of “%1” is kept only until Switchboard quits: no "
                       "desktop keychain took it%2. To keep it, tick “Store passwords in the "
                       "settings file” in Servers → Connection profiles (it is stored "
                       "unencrypted there).")
                        .arg(p->name, problem.isEmpty() ? QString() : tr(" (%1)").arg(problem)));
            });
}

ServerConnections::~ServerConnections()
{
    // The brokers' links leave their states as they go: nobody listens any more.
    blockSignals(true);
    m_brokers.clear();
}

// The parts of a ServerProfile a profile sets: when one differs, the server must be replaced.
bool ServerConnections::sameConnection(const Monitor::ServerProfile &a,
                                       const Monitor::ServerProfile &b)
{
    return a.name == b.name && a.connection.host == b.connection.host &&
           a.connection.port == b.connection.port && a.connection.user == b.connection.user &&
           a.connection.password == b.connection.password && a.logLevel == b.logLevel &&
           a.colour == b.colour && a.connection.tls == b.connection.tls &&
           a.connection.ssh == b.connection.ssh &&
           a.connection.watchOnly == b.connection.watchOnly;
}

void ServerConnections::setReconnectDelays(int minMs, int maxMs)
{
    m_reconnectMinMs = minMs;
    m_reconnectMaxMs = maxMs;
}

void ServerConnections::track(Monitor::ServerMonitor *server)
{
    const Monitor::ServerId id = server->id();
    Tracked &t = m_tracked[id];
    t.last = server->connectionState();
    connect(server, &Monitor::ServerMonitor::connectionStateChanged, this,
            [this, id](LinkState state) { onStateChanged(id, state); });
    connect(server, &Monitor::ServerMonitor::outOfStepChanged, this,
            &ServerConnections::statusChanged);
    connect(server, &Monitor::ServerMonitor::trustRequired, this,
            [this, id](const Esl::TrustRequest &request) { onTrustRequired(id, request); });
    connect(server, &Monitor::ServerMonitor::healthChanged, this,
            &ServerConnections::statusChanged);
}

void ServerConnections::onStateChanged(Monitor::ServerId id, LinkState state)
{
    const auto it = m_tracked.find(id);
    if (it == m_tracked.end())
        return;
    Tracked &t = *it;
    const qint64 now = Monitor::ServerMonitor::now();
    if (t.last == LinkState::Live && state != LinkState::Live)
        t.leftLiveAt = now;
    t.last = state;
    switch (state) {
    case LinkState::Live:
        t.downSince = 0;
        t.leftLiveAt = 0;
        m_trustProblems.remove(id);
        askVersion(id);
        break;
    case LinkState::Disconnected:
        t.downSince = 0;
        t.leftLiveAt = 0;
        break;
    case LinkState::Reconnecting:
    case LinkState::Failed:
        if (t.downSince == 0)
            t.downSince = t.leftLiveAt != 0 ? t.leftLiveAt : now;
        break;
    default:
        break;
    }
    Q_EMIT statusChanged();
}

void ServerConnections::assignColours()
{
    if (!m_profiles)
        return;
    for (const Profile &p : m_profiles->profiles()) {
        if (p.colour.isValid())
            m_givenColours.remove(p.id); // chosen since
        else if (!m_givenColours.contains(p.id))
            m_givenColours.insert(p.id, unusedColour(coloursTaken()));
    }
}

QList<QColor> ServerConnections::coloursTaken() const
{
    QList<QColor> taken;
    if (m_profiles) {
        for (const Profile &p : m_profiles->profiles())
            taken.append(p.colour);
    }
    taken.append(m_givenColours.values());
    for (const Monitor::ServerMonitor *server : m_hub->servers())
        taken.append(QColor::fromString(server->profile().colour));
    return taken;
}

Monitor::ServerMonitor *ServerConnections::addUnsavedServer(const Monitor::ServerProfile &wanted)
{
    Monitor::ServerProfile profile = wanted;
    if (!QColor::fromString(profile.colour).isValid())
        profile.colour = unusedColour(coloursTaken()).name(QColor::HexRgb);
    if (systemWatchOnly())
        profile.connection.watchOnly = true;
    Monitor::ServerMonitor *server = m_hub->addServer(profile);
    server->start();
    return server;
}

void ServerConnections::connectAtStart()
{
    if (!m_profiles)
        return;
    for (const Profile &p : m_profiles->profiles()) {
        m_knownProfiles.insert(p.id);
        if (p.autoConnect)
            connectProfile(p.id);
    }
}

QList<ServerEntry> ServerConnections::entries() const
{
    QList<ServerEntry> out;
    if (m_profiles) {
        for (const Profile &p : m_profiles->profiles())
            out.append(entryOfProfile(p.id));
    }
    for (Monitor::ServerMonitor *server : m_hub->servers()) {
        const ServerEntry e = entryOfServer(server->id());
        if (e.profileId.isEmpty() && e.brokerProfileId.isEmpty()) // a broker's: under its entry
            out.append(e);
    }
    return out;
}

ServerEntry ServerConnections::entryOfProfile(const QString &profileId) const
{
    ServerEntry e;
    const auto p = m_profiles ? m_profiles->profile(profileId) : std::nullopt;
    if (!p)
        return e;
    e.profileId = p->id;
    e.name = p->name;
    e.colour = p->colour.isValid() ? p->colour : m_givenColours.value(p->id);
    e.broker = p->isBroker();
    if (e.broker)
        return e;
    if (Monitor::ServerMonitor *server = m_hub->server(m_serverOfProfile.value(profileId)))
        e.server = server->id();
    return e;
}

ServerEntry ServerConnections::entryOfServer(Monitor::ServerId id) const
{
    for (auto it = m_serverOfProfile.cbegin(); it != m_serverOfProfile.cend(); ++it) {
        if (it.value() == id)
            return entryOfProfile(it.key());
    }
    ServerEntry e;
    if (const Monitor::ServerMonitor *server = m_hub->server(id)) {
        e.server = id;
        e.name = server->name();
        e.colour = QColor(server->profile().colour); // invalid when none was chosen
        e.brokerProfileId = brokerOfServer(id);
    }
    return e;
}

Monitor::ServerMonitor *ServerConnections::serverOf(const ServerEntry &entry) const
{
    if (!entry.profileId.isEmpty())
        return m_hub->server(m_serverOfProfile.value(entry.profileId));
    return m_hub->server(entry.server);
}

ServerStatus ServerConnections::status(const ServerEntry &entry) const
{
    if (entry.broker)
        return brokerStatus(entry.profileId);
    const Monitor::ServerMonitor *server = serverOf(entry);
    if (!server)
        return ServerStatus::NotConnected;
    switch (server->connectionState()) {
    case LinkState::Disconnected:
        return ServerStatus::Disconnected;
    case LinkState::Live:
        return server->isOutOfStep() ? ServerStatus::Resyncing : ServerStatus::Live;
    case LinkState::Reconnecting:
        return ServerStatus::Down;
    case LinkState::Failed:
        return ServerStatus::Failed;
    case LinkState::Connecting:
    case LinkState::Authenticating:
        break;
    }
    return downSince(entry) != 0 ? ServerStatus::Down : ServerStatus::Connecting;
}

qint64 ServerConnections::downSince(const ServerEntry &entry) const
{
    if (entry.broker) {
        const Broker *broker = brokerOf(entry.profileId);
        const ServerStatus s = brokerStatus(entry.profileId);
        return broker && (s == ServerStatus::Down || s == ServerStatus::Failed) ? broker->downSince
                                                                                  : 0;
    }
    const Monitor::ServerMonitor *server = serverOf(entry);
    return server ? m_tracked.value(server->id()).downSince : 0;
}

QString ServerConnections::problem(const ServerEntry &entry) const
{
    if (entry.broker)
        return brokerProblem(entry);
    const Monitor::ServerMonitor *server = serverOf(entry);
    if (!server)
        return m_problems.value(entry.profileId);
    const ServerStatus s = status(entry);
    if (s != ServerStatus::Down && s != ServerStatus::Failed)
        return {};
    if (const auto trust = m_trustProblems.constFind(server->id()); trust != m_trustProblems.cend())
        return *trust;
    const Esl::Error error = server->link()->lastError();
    QString text = error.message;
    if (error.code != Esl::Error::Code::Auth || entry.profileId.isEmpty() || !m_profiles)
        return text;
    // A refused login: say which password was sent, and why it was that one.
    const auto p = m_profiles->profile(entry.profileId);
    if (!p)
        return text;
    if (!p->password.isEmpty())
        return tr("%1. The password saved in the profile was sent.").arg(text);
    return tr("%1. The password typed at connect was sent. %2").arg(text, whyNoPassword(*p));
}

Monitor::ServerProfile ServerConnections::serverProfile(const Profile &profile,
                                                        const QString &password) const
{
    Profile withPassword = profile;
    withPassword.password = password;
    if (!withPassword.colour.isValid())
        withPassword.colour = m_givenColours.value(profile.id);
    Monitor::ServerProfile server = toServerProfile(withPassword);
    if (m_reconnectMinMs >= 0)
        server.connection.reconnectMinMs = m_reconnectMinMs;
    if (m_reconnectMaxMs >= 0)
        server.connection.reconnectMaxMs = m_reconnectMaxMs;
    return server;
}

bool ServerConnections::startProfile(const Profile &profile, const QString &password)
{
    const Monitor::ServerProfile wanted = serverProfile(profile, password);
    if (Monitor::ServerMonitor *server = m_hub->server(m_serverOfProfile.value(profile.id))) {
        if (sameConnection(server->profile(), wanted)) {
            switch (server->connectionState()) {
            case LinkState::Disconnected:
                server->start();
                break;
            case LinkState::Reconnecting:
            case LinkState::Failed:
                server->link()->reconnectNow();
                break;
            default:
                break; // up, or on its way
            }
            Q_EMIT statusChanged();
            return true;
        }
        m_hub->removeServer(server->id());
    }
    m_adding = profile.id;
    Monitor::ServerMonitor *server = m_hub->addServer(wanted);
    m_adding.clear();
    server->start();
    Q_EMIT statusChanged();
    return true;
}

bool ServerConnections::connectProfile(const QString &profileId)
{
    const auto p = m_profiles ? m_profiles->profile(profileId) : std::nullopt;
    if (!p)
        return false;
    m_problems.remove(profileId);
    if (m_profiles->isPasswordPending(profileId)) {
        m_waitingForPassword.insert(profileId);
        m_problems.insert(profileId, tr("Waiting for the keychain to give the password."));
        Q_EMIT statusChanged();
        return true;
    }
    const std::optional<QString> password = passwordFor(*p);
    if (!password) {
        Q_EMIT statusChanged();
        return false;
    }
    return p->isBroker() ? startBroker(*p, *password) : startProfile(*p, *password);
}

bool ServerConnections::connectServer(const ServerEntry &entry)
{
    if (!entry.profileId.isEmpty())
        return connectProfile(entry.profileId);
    Monitor::ServerMonitor *server = serverOf(entry);
    if (!server)
        return false;
    if (server->connectionState() == LinkState::Disconnected)
        server->start();
    else
        server->link()->reconnectNow();
    return true;
}

void ServerConnections::disconnectServer(const ServerEntry &entry)
{
    m_waitingForPassword.remove(entry.profileId);
    if (entry.broker)
        disconnectBroker(entry.profileId);
    else if (Monitor::ServerMonitor *server = serverOf(entry))
        server->stop();
    Q_EMIT statusChanged();
}

bool ServerConnections::reconnectServer(const ServerEntry &entry)
{
    if (entry.broker)
        return reconnectBroker(entry.profileId);
    Monitor::ServerMonitor *server = serverOf(entry);
    const LinkState state = server ? server->connectionState() : LinkState::Disconnected;
    if (state == LinkState::Live)
        server->stop(); // drop, then connect again below
    if (entry.profileId.isEmpty()) {
        if (!server)
            return false;
        if (state == LinkState::Reconnecting || state == LinkState::Failed)
            server->link()->reconnectNow();
        else
            server->start();
        return true;
    }
    // A login refused with the password typed at connect: ask again rather than resend it.
    if (state == LinkState::Failed && server->link()->lastError().code == Esl::Error::Code::Auth)
        m_sessionPasswords.remove(entry.profileId);
    return connectProfile(entry.profileId);
}

void ServerConnections::retryDown()
{
    for (const ServerEntry &e : entries()) {
        const ServerStatus s = status(e);
        if (s == ServerStatus::Down || s == ServerStatus::Failed)
            reconnectServer(e);
    }
}

} // namespace Console
