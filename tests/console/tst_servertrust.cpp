// What the console does when a transport needs the operator: the trust prompt is asked (after
// the signal, one question at a time) with the fingerprint and what accepting does; accepting an
// unknown SSH host key writes it to the profile's known_hosts and connects again; trusting an
// unknown certificate pins its key in the saved profile and connects again; a changed key or
// certificate is told, never offered, and problem() says that someone may be intercepting.
// The request is emitted through the ServerMonitor, as the transport's would arrive; the
// switches are simulated on 127.0.0.1. Also: the switch's version asked at connect.

#include "console/profilekeychain.h"
#include "console/profiles.h"
#include "console/securitywarnings.h"
#include "console/serverconnections.h"

#include "support/uisim.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using Console::ServerStatus;
using Storage = Console::ProfileStore::PasswordStorage;
using TestSupport::kWait;
using Why = Esl::TrustRequest::Why;
using Kind = Esl::TrustRequest::Kind;

class TestServerTrust : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    Console::MemoryKeychain m_keychain;

    std::unique_ptr<Console::ProfileStore> storeWith(const Console::Profile &p)
    {
        auto store = std::make_unique<Console::ProfileStore>(
            m_dir.filePath(QLatin1String(QTest::currentTestFunction()) + u".ini"_s), &m_keychain);
        store->setProfiles({p});
        if (!QTest::qWaitFor([&] { return store->passwordStorage(p.id) == Storage::Keychain; },
                             kWait))
            return nullptr;
        return store;
    }
    static Console::Profile profileOn(quint16 port)
    {
        Console::Profile p;
        p.id = Console::Profile::newId();
        p.name = u"pbx1"_s;
        p.host = u"127.0.0.1"_s;
        p.port = port;
        p.password = u"ClueCon"_s;
        return p;
    }
    static Esl::TrustRequest request(Kind kind, Why why)
    {
        Esl::TrustRequest r;
        r.kind = kind;
        r.why = why;
        r.host = u"pbx1.example.com"_s;
        r.port = kind == Kind::SshHostKey ? 2222 : 8022;
        if (kind == Kind::SshHostKey) {
            r.fingerprint = u"SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU"_s;
            r.description = u"ED25519"_s;
            r.acceptData = "[pbx1.example.com]:2222 ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFake";
        } else {
            r.fingerprint = u"sha256//"_s + QString::fromLatin1(QByteArray(32, 'p').toBase64());
            r.description = u"subject CN=pbx1.example.com, issuer CN=pbx1.example.com; "
                            "errors: The certificate is self-signed, and untrusted"_s;
            r.acceptData = r.fingerprint.toLatin1();
        }
        return r;
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    // Happy flows

    void acceptingAnUnknownHostKeyRemembersItAndConnectsAgain()
    {
        TestSupport::UiSim sim;
        Console::Profile p = profileOn(sim.server->serverPort());
        p.ssh.knownHostsFile = m_dir.filePath(u"known_hosts_accept"_s);
        auto store = storeWith(p);
        QVERIFY(store);
        Monitor::Hub hub;
        Console::ServerConnections connections(&hub, store.get());
        QList<Console::TrustQuestion> asked;
        connections.setTrustPrompt([&](const Console::TrustQuestion &q) {
            asked.append(q);
            return true;
        });
        QVERIFY(connections.connectProfile(p.id));
        const Console::ServerEntry entry = connections.entryOfProfile(p.id);
        QVERIFY(QTest::qWaitFor(
            [&] { return connections.status(connections.entryOfProfile(p.id)) == ServerStatus::Live; },
            kWait));
        Monitor::ServerMonitor *server = hub.server(connections.entryOfProfile(p.id).server);
        QVERIFY(server);

        Q_EMIT server->trustRequired(request(Kind::SshHostKey, Why::Unknown));
        QVERIFY(asked.isEmpty()); // not inside the transport's signal
        QTRY_COMPARE(asked.size(), 1);
        const Console::TrustQuestion &q = asked.first();
        QCOMPARE(q.profileId, p.id);
        QVERIFY(q.canAccept());
        QCOMPARE(q.acceptLabel, u"Accept and connect"_s);
        QVERIFY2(q.text.startsWith(u"The SSH server pbx1.example.com:2222 is not known. Its key "
                                   "fingerprint is SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU "
                                   "(ED25519). Connect and remember it?"_s),
                 qPrintable(q.text));
        QFile known(p.ssh.knownHostsFile);
        QVERIFY(known.open(QIODevice::ReadOnly));
        QVERIFY(known.readAll().contains("[pbx1.example.com]:2222 ssh-ed25519"));
        QVERIFY(waitForLive(connections, p.id));
        QVERIFY(connections.problem(connections.entryOfProfile(p.id)).isEmpty());
        Q_UNUSED(entry);
    }

    void trustingAnUnknownCertificatePinsItInTheProfile()
    {
        TestSupport::UiSim sim;
        const Console::Profile p = profileOn(sim.server->serverPort());
        auto store = storeWith(p);
        QVERIFY(store);
        Monitor::Hub hub;
        Console::ServerConnections connections(&hub, store.get());
        QList<Console::TrustQuestion> asked;
        connections.setTrustPrompt([&](const Console::TrustQuestion &q) {
            asked.append(q);
            return true;
        });
        QVERIFY(connections.connectProfile(p.id));
        QVERIFY(waitForLive(connections, p.id));
        Monitor::ServerMonitor *server = hub.server(connections.entryOfProfile(p.id).server);
        const Esl::TrustRequest r = request(Kind::TlsCertificate, Why::Unknown);
        Q_EMIT server->trustRequired(r);
        QTRY_COMPARE(asked.size(), 1);
        QCOMPARE(asked.first().acceptLabel, u"Trust this certificate (pin it)"_s);
        QVERIFY(asked.first().text.contains(r.fingerprint));
        QVERIFY(asked.first().text.contains(u"self-signed"_s));
        QTRY_COMPARE(store->profile(p.id)->tls.pinnedKey, r.fingerprint);
        // The pinned profile replaced the server and connected again.
        QVERIFY(waitForLive(connections, p.id));
        QCOMPARE(hub.server(connections.entryOfProfile(p.id).server)->profile().connection.tls.pinnedKey,
                 r.fingerprint);
    }

    // Rainy days

    void aChangedKeyIsToldNeverAcceptedAndTheProblemSaysSo_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("advice");
        QTest::newRow("ssh host key") << int(Kind::SshHostKey) << u"known_hosts"_s;
        QTest::newRow("tls certificate") << int(Kind::TlsCertificate) << u"pinned key"_s;
    }
    void aChangedKeyIsToldNeverAcceptedAndTheProblemSaysSo()
    {
        QFETCH(int, kind);
        QFETCH(QString, advice);
        // A port with nobody on it: the server goes down, as a refused transport leaves it.
        TestSupport::UiSim sim;
        const quint16 port = sim.server->serverPort();
        sim.server->close();
        Console::Profile p = profileOn(port);
        p.ssh.knownHostsFile = m_dir.filePath(u"known_hosts_changed"_s);
        auto store = storeWith(p);
        QVERIFY(store);
        Monitor::Hub hub;
        Console::ServerConnections connections(&hub, store.get());
        connections.setReconnectDelays(60000, 60000);
        QList<Console::TrustQuestion> asked;
        connections.setTrustPrompt([&](const Console::TrustQuestion &q) {
            asked.append(q);
            return true; // "OK" on an error dialog must accept nothing
        });
        QVERIFY(connections.connectProfile(p.id));
        QVERIFY(QTest::qWaitFor(
            [&] {
                const auto s = connections.status(connections.entryOfProfile(p.id));
                return s == ServerStatus::Down || s == ServerStatus::Failed;
            },
            kWait));
        Monitor::ServerMonitor *server = hub.server(connections.entryOfProfile(p.id).server);
        Q_EMIT server->trustRequired(request(Kind(kind), Why::Changed));
        QTRY_COMPARE(asked.size(), 1);
        QVERIFY(!asked.first().canAccept());
        QVERIFY(asked.first().text.contains(u"Someone may be intercepting"_s));
        QVERIFY2(asked.first().text.contains(advice), qPrintable(asked.first().text));
        const QString problem = connections.problem(connections.entryOfProfile(p.id));
        QVERIFY2(problem.contains(u"intercepting"_s), qPrintable(problem));
        QVERIFY(!QFile::exists(p.ssh.knownHostsFile));
        QVERIFY(store->profile(p.id)->tls.pinnedKey.isEmpty());
    }

    void aDeclinedKeyLeavesTheServerWaitingWithItsReason()
    {
        TestSupport::UiSim sim;
        const quint16 port = sim.server->serverPort();
        sim.server->close();
        const Console::Profile p = profileOn(port);
        auto store = storeWith(p);
        QVERIFY(store);
        Monitor::Hub hub;
        Console::ServerConnections connections(&hub, store.get());
        connections.setReconnectDelays(60000, 60000);
        int asked = 0;
        connections.setTrustPrompt([&](const Console::TrustQuestion &) {
            ++asked;
            return false;
        });
        QVERIFY(connections.connectProfile(p.id));
        QVERIFY(QTest::qWaitFor(
            [&] {
                return connections.status(connections.entryOfProfile(p.id)) == ServerStatus::Down;
            },
            kWait));
        Monitor::ServerMonitor *server = hub.server(connections.entryOfProfile(p.id).server);
        Q_EMIT server->trustRequired(request(Kind::SshHostKey, Why::Unknown));
        QTRY_COMPARE(asked, 1);
        QVERIFY(connections.problem(connections.entryOfProfile(p.id)).contains(u"accept it"_s));
    }

    void asksTheSwitchItsVersionAtConnect()
    {
        TestSupport::UiSim sim;
        const Console::Profile p = profileOn(sim.server->serverPort());
        auto store = storeWith(p);
        QVERIFY(store);
        Monitor::Hub hub;
        Console::ServerConnections connections(&hub, store.get());
        QVERIFY(connections.connectProfile(p.id));
        QVERIFY(waitForLive(connections, p.id));
        // The simulated switch is 1.10.12 (no HEARTBEAT in this rig): known from `version`.
        QTRY_VERIFY(!connections.switchVersion(connections.entryOfProfile(p.id)).isEmpty());
        const QString version = connections.switchVersion(connections.entryOfProfile(p.id));
        QVERIFY2(version.contains(u"1.10.12"_s), qPrintable(version));
        QVERIFY(!Console::crashableVersionWarning(version).isEmpty());
    }

private:
    static bool waitForLive(const Console::ServerConnections &c, const QString &id)
    {
        return QTest::qWaitFor(
            [&] { return c.status(c.entryOfProfile(id)) == ServerStatus::Live; }, kWait);
    }
};

QTEST_MAIN(TestServerTrust)
#include "tst_servertrust.moc"
