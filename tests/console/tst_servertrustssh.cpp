// Trust through a real SSH tunnel: Debian's sshd of the tests' own (support/sshd.h) in front of
// the simulated switch. A profile reaching it with a known_hosts file that does not know the
// host key asks the operator with the key's fingerprint; accepting remembers it and the profile
// goes live through the tunnel; the server then showing another host key is refused, told as a
// possible interception with no accept offered, and known_hosts keeps the old key.

#include "console/profilekeychain.h"
#include "console/profiles.h"
#include "console/serverconnections.h"

#include "support/sshd.h"
#include "support/uisim.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using Console::ServerStatus;
using TestSupport::kWait;
using Why = Esl::TrustRequest::Why;

class TestServerTrustSsh : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void asksAboutAnUnknownKeyAcceptsItAndRefusesAChangedOne()
    {
        if (const QString why = TestSupport::Sshd::probe(); !why.isEmpty())
            QSKIP(qPrintable(why));
        TestSupport::Sshd sshd;
        QVERIFY2(sshd.start(), qPrintable(sshd.log()));
        TestSupport::UiSim sim;
        QTemporaryDir dir;
        QVERIFY(dir.isValid());

        Console::Profile p;
        p.id = Console::Profile::newId();
        p.name = u"pbx-east"_s;
        p.host = u"127.0.0.1"_s; // the Event Socket as the SSH server sees it
        p.port = sim.server->serverPort();
        p.password = u"ClueCon"_s;
        p.ssh.enabled = true;
        p.ssh.host = u"127.0.0.1"_s;
        p.ssh.port = sshd.port();
        p.ssh.user = TestSupport::Sshd::currentUser();
        p.ssh.keyFile = sshd.userKey();
        p.ssh.knownHostsFile = dir.filePath(u"known_hosts"_s);
        Console::MemoryKeychain keychain;
        Console::ProfileStore store(dir.filePath(u"profiles.ini"_s), &keychain);
        store.setProfiles({p});
        QTRY_VERIFY(!store.isPasswordPending(p.id));

        Monitor::Hub hub;
        Console::ServerConnections connections(&hub, &store);
        connections.setReconnectDelays(50, 200);
        QList<Console::TrustQuestion> asked;
        connections.setTrustPrompt([&](const Console::TrustQuestion &q) {
            asked.append(q);
            return true;
        });
        const auto status = [&] { return connections.status(connections.entryOfProfile(p.id)); };

        QVERIFY(connections.connectProfile(p.id));
        QTRY_COMPARE_WITH_TIMEOUT(asked.size(), 1, kWait);
        QCOMPARE(asked[0].request.why, Why::Unknown);
        QCOMPARE(asked[0].request.fingerprint, sshd.hostKeyFingerprint());
        QVERIFY2(asked[0].text.contains(sshd.hostKeyFingerprint()), qPrintable(asked[0].text));
        QVERIFY(asked[0].canAccept());
        QTRY_COMPARE_WITH_TIMEOUT(status(), ServerStatus::Live, kWait);
        QFile known(p.ssh.knownHostsFile);
        QVERIFY(known.open(QIODevice::ReadOnly));
        const QByteArray remembered = known.readAll();
        known.close();
        QVERIFY(remembered.contains(sshd.knownHostsLine().trimmed()));

        // The server comes back with another host key: refused, told, never accepted.
        QVERIFY2(sshd.restartWithNewHostKey(), qPrintable(sshd.log()));
        QVERIFY(connections.reconnectServer(connections.entryOfProfile(p.id)));
        QTRY_COMPARE_WITH_TIMEOUT(asked.size(), 2, kWait);
        QCOMPARE(asked[1].request.why, Why::Changed);
        QVERIFY(!asked[1].canAccept());
        QTRY_VERIFY_WITH_TIMEOUT(status() == ServerStatus::Failed || status() == ServerStatus::Down,
                                 kWait);
        const QString problem = connections.problem(connections.entryOfProfile(p.id));
        QVERIFY2(problem.contains(u"intercepting"_s), qPrintable(problem));
        QVERIFY(known.open(QIODevice::ReadOnly));
        QCOMPARE(known.readAll(), remembered);
    }
};

QTEST_MAIN(TestServerTrustSsh)
#include "tst_servertrustssh.moc"
