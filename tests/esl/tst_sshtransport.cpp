// The built-in SSH tunnel against a real OpenSSH sshd (tests/support/sshd.h) with the simulated
// switch behind it on 127.0.0.1: key, agent and passphrase logins; unknown, accepted and changed
// host keys; a tunnel that drops or goes silent; several clients over one SSH connection; a
// remote port where nothing listens.

#include "support/sshd.h"

#include "esl/inboundclient.h"
#include "esl/sshtunnel.h"
#include "sim/eventsocketserver.h"
#include "sim/simswitch.h"

#include <QFile>
#include <QFileInfo>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>

#include <memory>

using namespace Qt::Literals::StringLiterals;
using Esl::InboundClient;

class TestSshTransport : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    // Happy flows.
    void logsInWithAKeyAndCarriesTheEventSocket();
    void logsInThroughTheAgent();
    void logsInWithAnEncryptedKeyAndItsPassphrase();
    void carriesTwoClientsOverOneSshConnection();
    void acceptsANewHostKeyWhenAskedTo();
    void anAcceptedUnknownHostKeyLetsTheNextAttemptIn();

    // Rainy days.
    void aRefusedKeyFailsWithoutRetrying();
    void anUnreachableSshServerIsRetried();
    void saysSoWhenNothingListensAtTheRemotePort();
    void aDroppedTunnelReconnectsOnItsOwn();
    void aFrozenServerDropsTheLinkByKeepalive();
    void aChangedHostKeyIsRefusedLoudly();

private:
    [[nodiscard]] Esl::SshOptions sshOptions(const QString &knownHosts) const;
    [[nodiscard]] Esl::ConnectionOptions options(const Esl::SshOptions &ssh) const;
    [[nodiscard]] QString knownHosts(const QString &name) const
    {
        return m_sshd->writeKnownHosts(name);
    }

    std::unique_ptr<TestSupport::Sshd> m_sshd;
    std::unique_ptr<Sim::Switch> m_switch;
    std::unique_ptr<Sim::EventSocketServer> m_server;
};

Esl::SshOptions TestSshTransport::sshOptions(const QString &knownHosts) const
{
    Esl::SshOptions ssh;
    ssh.enabled = true;
    ssh.host = u"127.0.0.1"_s;
    ssh.port = m_sshd->port();
    ssh.user = TestSupport::Sshd::currentUser();
    ssh.keyFile = m_sshd->userKey();
    ssh.knownHostsFile = knownHosts; // each test its own: never ~/.ssh, never a shared connection
    return ssh;
}

Esl::ConnectionOptions TestSshTransport::options(const Esl::SshOptions &ssh) const
{
    Esl::ConnectionOptions o;
    o.host = u"127.0.0.1"_s;
    o.port = m_server->serverPort();
    o.ssh = ssh;
    o.connectTimeoutMs = 15000;
    o.reconnectMinMs = 100;
    o.reconnectMaxMs = 500;
    o.stableAfterMs = 0;
    return o;
}

void TestSshTransport::initTestCase()
{
    if (const QString why = TestSupport::Sshd::probe(); !why.isEmpty())
        QSKIP(qPrintable(why));
    m_sshd = std::make_unique<TestSupport::Sshd>();
    QVERIFY2(m_sshd->start(), qPrintable(m_sshd->log()));
}

void TestSshTransport::init()
{
    Sim::SwitchConfig config;
    config.initialCalls = 0;
    config.heartbeatIntervalMs = 0;
    config.ringMs = 20;
    config.answerDelayMs = 10;
    m_switch = std::make_unique<Sim::Switch>(config);
    m_server = std::make_unique<Sim::EventSocketServer>(m_switch.get());
    QVERIFY(m_server->listen(QHostAddress::LocalHost, 0));
}

void TestSshTransport::cleanup()
{
    m_sshd->freezeSessions(false);
    m_server.reset();
    m_switch.reset();
}

void TestSshTransport::logsInWithAKeyAndCarriesTheEventSocket()
{
    InboundClient client(options(sshOptions(knownHosts(u"known_key"_s))));
    QSignalSpy events(&client, &InboundClient::eventReceived);
    client.connectToServer();
    QTRY_VERIFY_WITH_TIMEOUT(client.isLive(), 20000);
    QCOMPARE(client.transportDescription(),
             u"SSH via %1@127.0.0.1:%2"_s.arg(TestSupport::Sshd::currentUser()).arg(m_sshd->port()));

    auto status = client.api(u"status"_s);
    QTRY_VERIFY_WITH_TIMEOUT(status.isFinished(), 10000);
    QVERIFY2(status.result().ok(), qPrintable(status.result().errorText()));
    QVERIFY(status.result().text().contains(u"UP"_s));

    Sim::Switch::CallSpec call;
    call.destination = u"2000"_s;
    const QString uuid = m_switch->placeCall(call);
    QTRY_VERIFY_WITH_TIMEOUT(std::any_of(events.cbegin(), events.cend(),
                                         [&](const QList<QVariant> &args) {
                                             return args.at(0).value<Esl::Event>().uniqueId() == uuid;
                                         }),
                             10000);
    client.disconnectFromServer();
}

void TestSshTransport::logsInThroughTheAgent()
{
    const QString socket = m_sshd->startAgent();
    QVERIFY2(!socket.isEmpty(), "ssh-agent did not start or would not take the key");
    const QByteArray before = qgetenv("SSH_AUTH_SOCK");
    qputenv("SSH_AUTH_SOCK", QFile::encodeName(socket));
    Esl::SshOptions ssh = sshOptions(knownHosts(u"known_agent"_s));
    ssh.keyFile.clear();
    InboundClient client(options(ssh));
    client.connectToServer();
    QTRY_VERIFY_WITH_TIMEOUT(client.state() == InboundClient::State::Live
                                 || client.state() == InboundClient::State::Failed,
                             20000);
    if (before.isEmpty())
        qunsetenv("SSH_AUTH_SOCK");
    else
        qputenv("SSH_AUTH_SOCK", before);
    QVERIFY2(client.isLive(), qPrintable(client.lastError().message));
    client.disconnectFromServer();
}

void TestSshTransport::logsInWithAnEncryptedKeyAndItsPassphrase()
{
    Esl::SshOptions ssh = sshOptions(knownHosts(u"known_passphrase"_s));
    ssh.keyFile = m_sshd->encryptedUserKey();
    ssh.keyPassphrase = TestSupport::Sshd::passphrase();
    InboundClient client(options(ssh));
    client.connectToServer();
    QTRY_VERIFY_WITH_TIMEOUT(client.isLive() || client.state() == InboundClient::State::Failed, 20000);
    QVERIFY2(client.isLive(), qPrintable(client.lastError().message));
    client.disconnectFromServer();

    // Without it the key cannot even be read: an Auth failure that says so, not a retry loop.
    ssh.keyPassphrase.clear();
    ssh.knownHostsFile = knownHosts(u"known_passphrase2"_s);
    InboundClient without(options(ssh));
    without.connectToServer();
    QTRY_COMPARE_WITH_TIMEOUT(without.state(), InboundClient::State::Failed, 20000);
    QCOMPARE(without.lastError().code, Esl::Error::Code::Auth);
    QVERIFY2(without.lastError().message.contains(m_sshd->encryptedUserKey()),
             qPrintable(without.lastError().message));
}

void TestSshTransport::carriesTwoClientsOverOneSshConnection()
{
    const Esl::SshOptions ssh = sshOptions(knownHosts(u"known_shared"_s));
    const int made = Esl::SshTunnelPool::instance().connectionsMade();
    const int logins = m_sshd->acceptedLogins();
    InboundClient first(options(ssh));
    InboundClient second(options(ssh));
    first.connectToServer();
    second.connectToServer();
    QTRY_VERIFY_WITH_TIMEOUT(first.isLive() && second.isLive(), 20000);
    QCOMPARE(m_server->connectionCount(), 2);
    QCOMPARE(Esl::SshTunnelPool::instance().connectionsMade(), made + 1);
    QCOMPARE(m_sshd->acceptedLogins(), logins + 1);

    auto a = first.api(u"status"_s);
    auto b = second.api(u"version"_s);
    QTRY_VERIFY_WITH_TIMEOUT(a.isFinished() && b.isFinished(), 10000);
    QVERIFY(a.result().ok());
    QVERIFY(b.result().ok());
    first.disconnectFromServer();
    second.disconnectFromServer();
}

void TestSshTransport::acceptsANewHostKeyWhenAskedTo()
{
    Esl::SshOptions ssh = sshOptions(m_sshd->path(u"known_accept_new"_s));
    ssh.acceptNewHostKey = true;
    QVERIFY(!QFileInfo::exists(ssh.knownHostsFile));
    InboundClient client(options(ssh));
    QSignalSpy trust(&client, &InboundClient::trustRequired);
    client.connectToServer();
    QTRY_VERIFY_WITH_TIMEOUT(client.isLive() || client.state() == InboundClient::State::Failed, 20000);
    QVERIFY2(client.isLive(), qPrintable(client.lastError().message));
    QCOMPARE(trust.count(), 0);
    QFile file(ssh.knownHostsFile);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll().trimmed(), m_sshd->knownHostsLine());
    client.disconnectFromServer();
}

void TestSshTransport::anAcceptedUnknownHostKeyLetsTheNextAttemptIn()
{
    // known_hosts in a folder that does not exist yet: accepting makes both, private.
    const QString folder = m_sshd->path(u"home/.ssh"_s);
    Esl::SshOptions ssh = sshOptions(folder + u"/known_hosts"_s);
    InboundClient client(options(ssh));
    QSignalSpy trust(&client, &InboundClient::trustRequired);
    client.connectToServer();
    QTRY_COMPARE_WITH_TIMEOUT(client.state(), InboundClient::State::Failed, 20000);
    QCOMPARE(client.lastError().code, Esl::Error::Code::Untrusted);
    QCOMPARE(trust.count(), 1);
    const auto request = trust.at(0).at(0).value<Esl::TrustRequest>();
    QCOMPARE(request.kind, Esl::TrustRequest::Kind::SshHostKey);
    QCOMPARE(request.why, Esl::TrustRequest::Why::Unknown);
    QCOMPARE(request.fingerprint, m_sshd->hostKeyFingerprint());
    QCOMPARE(request.description, u"ED25519"_s);
    QCOMPARE(request.port, m_sshd->port());
    QVERIFY2(client.lastError().message.contains(request.fingerprint),
             qPrintable(client.lastError().message));
    // No retry loop: it stays failed until the operator decides.
    QTest::qWait(700);
    QCOMPARE(client.state(), InboundClient::State::Failed);
    QCOMPARE(trust.count(), 1);

    QVERIFY(!Esl::acceptSshHostKey(ssh, request).has_value());
    QCOMPARE(QFileInfo(ssh.knownHostsFile).permissions() & 0x0077, QFileDevice::Permissions{});
    QCOMPARE(QFileInfo(folder).permissions() & 0x0077, QFileDevice::Permissions{});
    client.connectToServer();
    QTRY_VERIFY_WITH_TIMEOUT(client.isLive() || client.state() == InboundClient::State::Failed, 20000);
    QVERIFY2(client.isLive(), qPrintable(client.lastError().message));
    client.disconnectFromServer();

    // A request that is not for an unknown host key is never written.
    Esl::TrustRequest changed = request;
    changed.why = Esl::TrustRequest::Why::Changed;
    QVERIFY(Esl::acceptSshHostKey(ssh, changed).has_value());
}

void TestSshTransport::aRefusedKeyFailsWithoutRetrying()
{
    Esl::SshOptions ssh = sshOptions(knownHosts(u"known_stranger"_s));
    ssh.keyFile = m_sshd->strangerKey();
    InboundClient client(options(ssh));
    QSignalSpy states(&client, &InboundClient::stateChanged);
    client.connectToServer();
    QTRY_COMPARE_WITH_TIMEOUT(client.state(), InboundClient::State::Failed, 20000);
    QCOMPARE(client.lastError().code, Esl::Error::Code::Auth);
    const QString message = client.lastError().message;
    QVERIFY2(message.contains(TestSupport::Sshd::currentUser()) && message.contains(u"publickey"_s)
                 && message.contains(u"127.0.0.1:%1"_s.arg(m_sshd->port())),
             qPrintable(message));
    QTest::qWait(700);
    QCOMPARE(client.state(), InboundClient::State::Failed);
    for (const QList<QVariant> &args : std::as_const(states))
        QVERIFY(args.at(0).value<InboundClient::State>() != InboundClient::State::Reconnecting);
}

void TestSshTransport::anUnreachableSshServerIsRetried()
{
    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
    Esl::SshOptions ssh = sshOptions(knownHosts(u"known_unreachable"_s));
    ssh.port = probe.serverPort();
    probe.close();
    InboundClient client(options(ssh));
    client.connectToServer();
    QTRY_COMPARE_WITH_TIMEOUT(client.state(), InboundClient::State::Reconnecting, 20000);
    QCOMPARE(client.lastError().code, Esl::Error::Code::Transport);
    QVERIFY2(client.lastError().message.contains(u"cannot reach the SSH server"_s),
             qPrintable(client.lastError().message));
    client.disconnectFromServer();
}

void TestSshTransport::saysSoWhenNothingListensAtTheRemotePort()
{
    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
    Esl::ConnectionOptions o = options(sshOptions(knownHosts(u"known_nothing"_s)));
    o.port = probe.serverPort();
    o.autoReconnect = false;
    probe.close();
    InboundClient client(o);
    client.connectToServer();
    QTRY_VERIFY_WITH_TIMEOUT(client.state() == InboundClient::State::Failed
                                 || client.state() == InboundClient::State::Disconnected,
                             20000);
    QCOMPARE(client.lastError().code, Esl::Error::Code::Transport);
    QVERIFY2(client.lastError().message.contains(
                 u"could not open a channel to 127.0.0.1:%1"_s.arg(o.port)),
             qPrintable(client.lastError().message));
}

void TestSshTransport::aDroppedTunnelReconnectsOnItsOwn()
{
    InboundClient client(options(sshOptions(knownHosts(u"known_drop"_s))));
    QSignalSpy states(&client, &InboundClient::stateChanged);
    client.connectToServer();
    QTRY_VERIFY_WITH_TIMEOUT(client.isLive(), 20000);
    const int logins = m_sshd->acceptedLogins();
    states.clear();
    m_sshd->killSessions();
    QTRY_VERIFY_WITH_TIMEOUT(states.contains({QVariant::fromValue(InboundClient::State::Reconnecting)}),
                             20000);
    QTRY_VERIFY_WITH_TIMEOUT(client.isLive(), 20000);
    QCOMPARE(m_sshd->acceptedLogins(), logins + 1); // over a new SSH connection
    auto status = client.api(u"status"_s);
    QTRY_VERIFY_WITH_TIMEOUT(status.isFinished(), 10000);
    QVERIFY(status.result().ok());
    client.disconnectFromServer();
}

void TestSshTransport::aFrozenServerDropsTheLinkByKeepalive()
{
    Esl::SshOptions ssh = sshOptions(knownHosts(u"known_frozen"_s));
    ssh.keepaliveSeconds = 1;
    Esl::ConnectionOptions o = options(ssh);
    o.livenessMs = 0; // the Event Socket's own probe must not be what notices
    InboundClient client(o);
    QSignalSpy states(&client, &InboundClient::stateChanged);
    client.connectToServer();
    QTRY_VERIFY_WITH_TIMEOUT(client.isLive(), 20000);
    states.clear();
    QSignalSpy errors(&client, &InboundClient::errorOccurred);
    m_sshd->freezeSessions(true);
    QTRY_VERIFY_WITH_TIMEOUT(states.contains({QVariant::fromValue(InboundClient::State::Reconnecting)}),
                             30000);
    // The operator is told why: the tunnel's reason, not only "the switch closed the connection".
    QVERIFY(!errors.isEmpty());
    const auto first = errors.first().first().value<Esl::Error>();
    QVERIFY2(first.message.contains(u"has not answered"_s), qPrintable(first.message));
    QCOMPARE(first.code, Esl::Error::Code::Timeout);
    m_sshd->freezeSessions(false);
    client.disconnectFromServer();
}

void TestSshTransport::aChangedHostKeyIsRefusedLoudly()
{
    const QString known = knownHosts(u"known_changed"_s);
    QVERIFY2(m_sshd->restartWithNewHostKey(), qPrintable(m_sshd->log()));
    InboundClient client(options(sshOptions(known)));
    QSignalSpy trust(&client, &InboundClient::trustRequired);
    client.connectToServer();
    QTRY_COMPARE_WITH_TIMEOUT(client.state(), InboundClient::State::Failed, 20000);
    QCOMPARE(client.lastError().code, Esl::Error::Code::Untrusted);
    QVERIFY2(client.lastError().message.contains(u"CHANGED"_s)
                 && client.lastError().message.contains(known),
             qPrintable(client.lastError().message));
    // The command that removes the old line, for a server on a port other than 22.
    QVERIFY2(client.lastError().message.contains(
                 u"ssh-keygen -R '[127.0.0.1]:%1' -f '%2'"_s.arg(m_sshd->port()).arg(known)),
             qPrintable(client.lastError().message));
    QCOMPARE(trust.count(), 1);
    const auto request = trust.at(0).at(0).value<Esl::TrustRequest>();
    QCOMPARE(request.why, Esl::TrustRequest::Why::Changed);
    QCOMPARE(request.fingerprint, m_sshd->hostKeyFingerprint());
    QVERIFY(Esl::acceptSshHostKey(sshOptions(known), request).has_value());
    QTest::qWait(700);
    QCOMPARE(client.state(), InboundClient::State::Failed);
}

QTEST_MAIN(TestSshTransport)
#include "tst_sshtransport.moc"
