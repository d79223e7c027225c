#pragma once
// Which switches the console watches, and connecting, disconnecting and reconnecting them while
// it runs: the saved connection profiles (ProfileStore), the demo switch beside them, and any
// server added to the hub some other way (a test's). The window shows and asks; this decides.
//
// An entry is a saved profile (connected in this session or not) or a server without a profile.
// Its status says what the operator can do: Connect (not connected, disconnected), Disconnect
// (anything under way), Reconnect now (down, failed, or live: drop and connect again). A server is
// "down" while its link waits out the backoff or has given up after having been up, or after its
// first attempt failed; downSince() says since when, counted here from connectionStateChanged.
//
// Passwords. A profile with no password stored (no keychain and the settings-file opt-in off, or
// never typed) is not connected with an empty one: the switch answers "-ERR invalid", which reads
// as a wrong password. The password prompt (injected: the window's dialog, a test's lambda) is
// asked instead, with the real cause, and its answer is used for this session only. Without a
// prompt or an answer the entry stays unconnected and problem() names the cause. A profile whose
// keychain read is still under way connects when the keychain answers.
//
// Colours. A server is marked by its profile's colour; one without (the demo, a profile saved
// with none) is given the first colour of Console::serverPalette() that no other server or
// profile looks like, and keeps it for the session.
//
// Saved profiles edited while connected are applied at once (the server is replaced: its
// ServerProfile cannot change); removed ones are disconnected and dropped from the hub.
//
// RabbitMQ (mod_amqp) profiles. Such a profile's entry stands for a broker connection
// (Monitor::BrokerConnection) and the switches it carries, each a server of the hub added by a
// Monitor::BrokerFleet as it is discovered (or expected), with a colour no other server has. The
// entry's Connect / Disconnect / Reconnect now act on the broker connection, so on all its
// switches at once; its status is the connection's. The switches are not entries of their own
// (switchesOf lists them; entryOfServer names their broker), and one can be hidden: its server
// goes, and it is shown again with its next message after showSwitch.
//
// Trust (serverconnectionstrust.cpp). A server whose transport needs the operator (an unknown or
// changed SSH host key or TLS certificate, Monitor::ServerMonitor::trustRequired) has failed;
// problem() says why, and the trust prompt (injected like the password prompt) is asked, after
// the signal has returned, one question at a time. Accepting an unknown SSH key writes it to
// known_hosts (Esl::acceptSshHostKey) and connects again; pinning an unknown certificate saves
// its key in the profile (tls.pinnedKey) and connects again. A change is only told, never
// offered for acceptance.
//
// Versions. When a server goes live it is asked `version` once, so that the warnings know a
// crashable switch before its first HEARTBEAT (switchVersion).

#include "console/profiles.h"
#include "console/trustquestion.h"

#include "monitor/brokerconnection.h"
#include "monitor/brokerfleet.h"
#include "monitor/hub.h"

#include <QColor>
#include <QHash>
#include <QObject>
#include <QSet>

#include <functional>
#include <map>
#include <memory>
#include <optional>

namespace Console {

enum class ServerStatus {
    NotConnected, // a saved profile not connected in this session
    Disconnected, // stopped by the operator
    Connecting,   // the first attempt, or the attempt after Connect / Reconnect now
    Live,         // live and in step
    Resyncing,    // live, re-reading the channel list
    Down,         // was up (or its first attempt failed); retrying with backoff
    Failed,       // given up (a refused login): only Reconnect now tries again
};

[[nodiscard]] bool canConnect(ServerStatus status);
[[nodiscard]] bool canDisconnect(ServerStatus status);
[[nodiscard]] bool canReconnect(ServerStatus status);

struct ServerEntry
{
    QString profileId;            // empty: not a saved profile (the demo, a test's server)
    Monitor::ServerId server = 0; // 0: not connected in this session
    QString name;
    QColor colour;
    // A RabbitMQ profile: the broker connection and all its switches (server stays 0).
    bool broker = false;
    // A switch of a RabbitMQ profile: that profile's id (profileId stays empty).
    QString brokerProfileId;

    [[nodiscard]] bool isValid() const { return server != 0 || !profileId.isEmpty(); }
    friend bool operator==(const ServerEntry &, const ServerEntry &) = default;
};

struct PasswordRequest
{
    QString profileId;
    QString name;    // the profile's
    QString address; // host:port, or a broker's URL (without the password)
    QString why;     // one or two sentences: why it is asked (nothing stored, and why not)
    ProfileKind kind = ProfileKind::EventSocket;
};
// The password to use for this session, or nothing (the operator cancelled).
using PasswordPrompt = std::function<std::optional<QString>(const PasswordRequest &)>;
// Whether the operator accepted (always false for a question that cannot be accepted).
using TrustPrompt = std::function<bool(const TrustQuestion &)>;

class ServerConnections : public QObject
{
    Q_OBJECT

public:
    // `profiles` may be null (no saved profiles: the servers in the hub only). Load the profiles
    // before: what is there now is not offered as new.
    explicit ServerConnections(Monitor::Hub *hub, ProfileStore *profiles = nullptr,
                               QObject *parent = nullptr);
    ~ServerConnections() override;

    [[nodiscard]] Monitor::Hub *hub() const { return m_hub; }
    [[nodiscard]] ProfileStore *profiles() const { return m_profiles; }

    void setPasswordPrompt(PasswordPrompt prompt) { m_prompt = std::move(prompt); }
    void setTrustPrompt(TrustPrompt prompt) { m_trustPrompt = std::move(prompt); }
    // For profiles connected from now on (tests: a short or a long backoff). Negative: the
    // connection's defaults.
    void setReconnectDelays(int minMs, int maxMs);

    // Every profile marked "connect at start", each as soon as its password is read.
    void connectAtStart();
    // A server that is no saved profile (the demo switch): added to the hub and started. Without
    // a colour of its own it gets one no other server or profile has.
    Monitor::ServerMonitor *addUnsavedServer(const Monitor::ServerProfile &profile);

    // The saved profiles in their order, then the hub's other servers in theirs.
    [[nodiscard]] QList<ServerEntry> entries() const;
    [[nodiscard]] ServerEntry entryOfProfile(const QString &profileId) const;
    [[nodiscard]] ServerEntry entryOfServer(Monitor::ServerId id) const;

    [[nodiscard]] ServerStatus status(const ServerEntry &entry) const;
    // When the server went down (ms since the epoch); 0 unless Down or Failed.
    [[nodiscard]] qint64 downSince(const ServerEntry &entry) const;
    // Why the entry is not live, in the operator's words; empty when nothing is wrong.
    [[nodiscard]] QString problem(const ServerEntry &entry) const;
    // What the switch says of its version: the `version` reply at connect, else HEARTBEAT's;
    // empty until known.
    [[nodiscard]] QString switchVersion(const ServerEntry &entry) const;

    // Connect / Disconnect / Reconnect now. Connecting a profile without a stored password
    // asks the prompt first; false when nothing was started (declined, no prompt, unknown).
    bool connectProfile(const QString &profileId);
    bool connectServer(const ServerEntry &entry);
    void disconnectServer(const ServerEntry &entry);
    // Skips the backoff (down), tries again after giving up (failed), or drops and connects
    // again (live); a disconnected entry is connected.
    bool reconnectServer(const ServerEntry &entry);
    // Every entry that is down or failed, now (F5).
    void retryDown();

    // The switches of a RabbitMQ profile's entry shown now (sorted by hostname), each with its
    // server; and those hidden by the operator.
    [[nodiscard]] QList<ServerEntry> switchesOf(const ServerEntry &broker) const;
    [[nodiscard]] QStringList hiddenSwitchesOf(const ServerEntry &broker) const;
    // The broker connection of a RabbitMQ profile's entry (or of one of its switches); null when
    // not connected in this session.
    [[nodiscard]] Monitor::BrokerConnection *brokerConnection(const ServerEntry &entry) const;
    // Hides a broker's switch (its server and calls go) until showSwitch.
    void hideSwitch(const ServerEntry &switchEntry);
    void showSwitch(const ServerEntry &broker, const QString &hostname);

Q_SIGNALS:
    // Entries came, went, were renamed or recoloured, or got a server.
    void entriesChanged();
    // Any entry's status or problem may have changed.
    void statusChanged();
    // New profiles were saved: the window offers to connect them at once.
    void profilesAdded(const QStringList &profileIds);
    // A saved password is kept for this session only (no keychain, no opt-in): the window says
    // so, with `why`.
    void passwordNotKept(const QString &profileId, const QString &why);

private:
    // One RabbitMQ profile's connection, its fleet of servers, and its state for the window.
    struct Broker
    {
        std::unique_ptr<Monitor::BrokerConnection> connection;
        std::unique_ptr<Monitor::BrokerFleet> fleet;
        Profile profile; // as connected, with the password used
        QStringList hidden;
        bool stopped = false; // by the operator
        qint64 downSince = 0;
        qint64 leftLiveAt = 0;
    };

    struct Tracked
    {
        qint64 downSince = 0;  // when it went down; 0 while not down
        qint64 leftLiveAt = 0; // when it was last live, as it left that state
        Monitor::LinkState last = Monitor::LinkState::Disconnected;
    };

    void track(Monitor::ServerMonitor *server);
    // Trust and versions (serverconnectionstrust.cpp).
    void onTrustRequired(Monitor::ServerId id, const Esl::TrustRequest &request);
    void askTrust(Monitor::ServerId id, const Esl::TrustRequest &request);
    void acceptTrust(Monitor::ServerId id, const TrustQuestion &question);
    void askVersion(Monitor::ServerId id);
    void onStateChanged(Monitor::ServerId id, Monitor::LinkState state);
    void onProfilesChanged();
    void onPasswordReady(const QString &profileId);
    // The password to connect `profile` with: stored, typed at connect, or asked now.
    [[nodiscard]] std::optional<QString> passwordFor(const Profile &profile);
    [[nodiscard]] QString whyNoPassword(const Profile &profile) const;
    [[nodiscard]] Monitor::ServerProfile serverProfile(const Profile &profile,
                                                       const QString &password) const;
    // Starts `profile`'s server, replacing one that no longer matches it.
    bool startProfile(const Profile &profile, const QString &password);
    [[nodiscard]] Monitor::ServerMonitor *serverOf(const ServerEntry &entry) const;
    // The parts of a ServerProfile a profile sets: when one differs, the server is replaced.
    // Gives every saved profile without a colour one that nobody else has.
    void assignColours();
    // Every colour that marks a server or a profile now, chosen or given.
    [[nodiscard]] QList<QColor> coloursTaken() const;
    [[nodiscard]] static bool sameConnection(const Monitor::ServerProfile &a,
                                             const Monitor::ServerProfile &b);

    // RabbitMQ profiles (serverconnectionsbrokers.cpp).
    bool startBroker(const Profile &profile, const QString &password);
    void dropBroker(const QString &profileId);
    void applyBrokerEdit(const Profile &profile);
    void onBrokerState(const QString &profileId, Amqp::State state);
    [[nodiscard]] Broker *brokerOf(const QString &profileId) const;
    [[nodiscard]] QString brokerOfServer(Monitor::ServerId id) const;
    [[nodiscard]] ServerStatus brokerStatus(const QString &profileId) const;
    [[nodiscard]] QString brokerProblem(const ServerEntry &entry) const;
    void disconnectBroker(const QString &profileId);
    bool reconnectBroker(const QString &profileId);

    Monitor::Hub *m_hub;
    ProfileStore *m_profiles;
    PasswordPrompt m_prompt;
    TrustPrompt m_trustPrompt;
    QHash<Monitor::ServerId, QString> m_trustProblems; // why it waits for the operator
    QHash<Monitor::ServerId, QString> m_versions;      // the `version` reply at connect
    bool m_askingTrust = false;
    int m_reconnectMinMs = -1;
    int m_reconnectMaxMs = -1;
    QHash<QString, Monitor::ServerId> m_serverOfProfile;
    QHash<Monitor::ServerId, Tracked> m_tracked;
    QHash<QString, QString> m_sessionPasswords; // typed at connect; never stored
    QHash<QString, QString> m_problems;         // profile id -> why it is not connected
    QHash<QString, QColor> m_givenColours;      // profile id -> colour given for want of one
    QSet<QString> m_knownProfiles;              // to tell new profiles from edited ones
    QSet<QString> m_waitingForPassword;         // connect when the keychain answers
    std::map<QString, std::unique_ptr<Broker>> m_brokers; // profile id -> its broker connection
    QList<QString> m_promptQueue;               // asked while another prompt was open
    QString m_adding;                           // the profile whose server Hub::addServer is adding
    bool m_prompting = false;
};

} // namespace Console
