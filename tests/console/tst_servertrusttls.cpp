// Trust through real TLS: Debian's stunnel4 in front of the simulated switch, with throw-away
// certificates. A profile reaching a self-signed certificate asks the operator with the key's
// pin; trusting it saves the pin in the profile and the profile goes live over TLS (the pin
// computed as openssl computes it); stunnel then presenting another key is refused, told as a
// possible interception with no accept offered, and the profile keeps its pin.

#include "console/profilekeychain.h"
#include "console/profiles.h"
#include "console/serverconnections.h"

#include "support/stunnel.h"
#include "support/tlscertificates.h"
#include "support/uisim.h"

#include <QTemporaryDir>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using Console::ServerStatus;
using TestSupport::kWait;
using Why = Esl::TrustRequest::Why;

class TestServerTrustTls : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void pinsATrustedCertificateAndRefusesAChangedOne()
    {
        for (const QString &why : {TestSupport::Stunnel::probe(), TestSupport::TlsCertificates::probe()}) {
            if (!why.isEmpty())
                QSKIP(qPrintable(why));
        }
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        TestSupport::TlsCertificates certificates;
        QVERIFY2(certificates.make(dir.path()), qPrintable(certificates.lastError()));
        TestSupport::UiSim sim;
        TestSupport::Stunnel stunnel;
        TestSupport::Stunnel::Options options;
        options.certificateFile = certificates.path(u"selfsigned.pem"_s);
        options.keyFile = certificates.path(u"selfsigned.key"_s);
        options.backendPort = sim.server->serverPort();
        QVERIFY2(stunnel.start(options), qPrintable(stunnel.lastError()));

        Console::Profile p;
        p.id = Console::Profile::newId();
        p.name = u"pbx-west"_s;
        p.host = u"127.0.0.1"_s;
        p.port = stunnel.port();
        p.password = u"ClueCon"_s;
        p.tls.enabled = true;
        p.tls.peerName = u"localhost"_s;
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
        const QString pin = certificates.opensslPin(certificates.path(u"selfsigned.pem"_s));
        QCOMPARE(asked[0].request.why, Why::Unknown);
        QCOMPARE(asked[0].request.fingerprint, pin);
        QCOMPARE(asked[0].acceptLabel, u"Trust this certificate (pin it)"_s);
        QTRY_COMPARE_WITH_TIMEOUT(store.profile(p.id)->tls.pinnedKey, pin, kWait);
        QTRY_COMPARE_WITH_TIMEOUT(status(), ServerStatus::Live, kWait);

        // Another certificate with another key: refused, told, never accepted.
        QVERIFY2(stunnel.restart(certificates.path(u"server2.pem"_s),
                                 certificates.path(u"server2.key"_s)),
                 qPrintable(stunnel.lastError()));
        QVERIFY(connections.reconnectServer(connections.entryOfProfile(p.id)));
        QTRY_COMPARE_WITH_TIMEOUT(asked.size(), 2, kWait);
        QCOMPARE(asked[1].request.why, Why::Changed);
        QVERIFY(!asked[1].canAccept());
        QVERIFY(asked[1].text.contains(u"pinned key"_s));
        QTRY_VERIFY_WITH_TIMEOUT(status() == ServerStatus::Failed || status() == ServerStatus::Down,
                                 kWait);
        const QString problem = connections.problem(connections.entryOfProfile(p.id));
        QVERIFY2(problem.contains(u"intercepting"_s), qPrintable(problem));
        QCOMPARE(store.profile(p.id)->tls.pinnedKey, pin);
    }
};

QTEST_MAIN(TestServerTrustTls)
#include "tst_servertrusttls.moc"
