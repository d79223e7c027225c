// Amqp::Client over amqps:// against a real RabbitMQ with a TLS listener
// (RabbitBroker::sharedTls(): throw-away certificates made by openssl at start). Happy flows: the
// broker's CA, a client certificate, verify=verify_none. Rainy days: a CA that did not sign the
// broker's certificate, the machine's CAs when cacertfile= is left out, and a host name the
// certificate does not name, each refused (the client retrying) with a sentence that says what to
// fix. (amqps:// to the plain AMQP port is tst_amqpclient's tlsAgainstAPlainListenerFailsClearly.)
// Pinned keys (pin=sha256//..., issue #21): the broker's key decides whatever the CAs and names
// say; another key fails the client (no retry) naming both pins; a certificate nobody vouches
// for is refused with its pin, and that pin, put in the URL, then connects. The expected pins
// come from the openssl command line, not from the code under test.
#include "clienttesthelpers.h"
#include "support/rabbitbroker.h"

#include <QDir>
#include <QFileInfo>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>

using namespace Amqp;
using namespace AmqpClientTest;
using TestSupport::RabbitBroker;
using namespace Qt::StringLiterals;

namespace {
constexpr int brokerTimeoutMs = 20000;
// Short, so that a handshake that hung would show as a timeout message, not as a slow test.
const QString quickTimeout = QStringLiteral("connection_timeout=3000");

QString fileQuery(const char *key, const QString &path)
{
    return QLatin1String(key) + u'=' + QString::fromUtf8(QUrl::toPercentEncoding(path, "/"));
}

// The pin of a PEM certificate's key by the formula the README gives (curl's --pinnedpubkey);
// empty when openssl fails.
QString opensslPin(const QString &certificate)
{
    QProcess shell;
    shell.start(QStringLiteral("sh"),
                {QStringLiteral("-c"),
                 QStringLiteral("openssl x509 -pubkey -noout -in \"$1\" | openssl pkey -pubin "
                                "-outform der | openssl dgst -sha256 -binary | base64"),
                 QStringLiteral("sh"), certificate});
    if (!shell.waitForFinished(30000) || shell.exitCode() != 0)
        return {};
    const QString base64 = QString::fromLatin1(shell.readAllStandardOutput()).trimmed();
    return base64.size() == 44 ? QStringLiteral("sha256//") + base64 : QString();
}

// '+', '/' and '=' as they are: the URL parser takes them so (tst_amqpurl).
QString pinQuery(const QString &pin)
{
    return QStringLiteral("pin=") + pin;
}
} // namespace

class TestAmqpTls : public QObject
{
    Q_OBJECT

    RabbitBroker *m_broker = nullptr;

    [[nodiscard]] QString withCa(const QString &ca) const
    {
        return fileQuery("cacertfile", ca) + u'&' + quickTimeout;
    }

    // Starts a client on `url` with one queue on a fresh exchange and waits until it is live,
    // then checks that a message makes the round trip through the TLS connection.
    void expectRoundTrip(const QString &url)
    {
        const QByteArray exchange = unique("tst.tls.");
        Client client(optionsFor(url));
        QVERIFY(client.options().tls);
        client.setTopology(oneQueueOn(exchange));
        QSignalSpy ready(&client, &Client::ready);
        Received received(&client);
        client.start();
        QTRY_VERIFY2_WITH_TIMEOUT(ready.size() == 1, qPrintable(client.lastError()),
                                  brokerTimeoutMs);
        QCOMPARE(client.state(), State::Live);
        QVERIFY(client.publish(messageTo(exchange, "FreeSWITCH.vm.HEARTBEAT..", "over TLS")));
        QTRY_COMPARE_WITH_TIMEOUT(received.messages.size(), 1, brokerTimeoutMs);
        QCOMPARE(received.messages.first().body, QByteArray("over TLS"));
    }

    // Starts a client on `url` and returns its error once it has given up on the connection;
    // it must never have gone live.
    QString refusal(const QString &url)
    {
        Client client(optionsFor(url));
        client.setReconnectBackoff(1000, 1000);
        QSignalSpy ready(&client, &Client::ready);
        QSignalSpy errors(&client, &Client::errorOccurred);
        client.start();
        if (!QTest::qWaitFor([&] { return !errors.isEmpty(); }, brokerTimeoutMs))
            return QStringLiteral("(no error within %1 ms; state %2)")
                .arg(brokerTimeoutMs)
                .arg(stateName(client.state()));
        const QString error = client.lastError();
        qInfo("%s: %s", qPrintable(stateName(client.state())), qPrintable(error));
        m_lastState = client.state();
        m_wentLive = !ready.isEmpty();
        return error;
    }
    State m_lastState = State::Disconnected;
    bool m_wentLive = false;
    QString m_brokerPin; // of the broker's certificate
    QString m_otherPin;  // of the client certificate: a key the broker does not have

private Q_SLOTS:
    void initTestCase()
    {
        QSKIP_UNLESS_TLS_BROKER(broker);
        m_broker = broker;
        QVERIFY(m_broker->tlsPort() != 0);
        QVERIFY(m_broker->tlsPort() != m_broker->amqpPort());
        for (const QString &file : {m_broker->caFile(), m_broker->otherCaFile(),
                                    m_broker->clientCertFile(), m_broker->clientKeyFile()})
            QVERIFY2(QFileInfo(file).size() > 0, qPrintable(file));
        m_brokerPin = opensslPin(QDir(m_broker->dataDirectory()).filePath(u"tls/server.pem"_s));
        m_otherPin = opensslPin(m_broker->clientCertFile());
        QVERIFY(!m_brokerPin.isEmpty());
        QVERIFY(!m_otherPin.isEmpty());
        QVERIFY(m_brokerPin != m_otherPin);
    }

    // Happy flows

    void withTheBrokersCaItGoesLiveAndAMessageMakesTheRoundTrip()
    {
        expectRoundTrip(m_broker->tlsUrl(withCa(m_broker->caFile())));
    }

    void localhostIsANameTheCertificateNames()
    {
        expectRoundTrip(m_broker->tlsUrl(withCa(m_broker->caFile()), QStringLiteral("localhost")));
    }

    void verifyNoneGoesLiveWhateverSignedTheCertificate()
    {
        expectRoundTrip(m_broker->tlsUrl(withCa(m_broker->otherCaFile()) +
                                         QStringLiteral("&verify=verify_none")));
    }

    void aClientCertificateIsPresentedToTheBroker()
    {
        const QString url = m_broker->tlsUrl(
            withCa(m_broker->caFile()) + u'&' + fileQuery("certfile", m_broker->clientCertFile()) +
            u'&' + fileQuery("keyfile", m_broker->clientKeyFile()));
        Client client(optionsFor(url));
        QSignalSpy ready(&client, &Client::ready);
        client.start();
        QTRY_VERIFY2_WITH_TIMEOUT(ready.size() == 1, qPrintable(client.lastError()),
                                  brokerTimeoutMs);
        // The broker saw (and, as it verifies peers, checked) the certificate.
        const QString subjects = m_broker->ctl(
            {QStringLiteral("list_connections"), QStringLiteral("peer_cert_subject")});
        QVERIFY2(!subjects.isNull(), qPrintable(m_broker->lastError()));
        QVERIFY2(subjects.contains(u"switchboard-test-client"), qPrintable(subjects));
    }

    void aPinnedKeyIsTrustedWhoeverSignedItAndWhateverItNames_data()
    {
        QTest::addColumn<QString>("query");
        QTest::addColumn<QString>("host");
        const QString pin = pinQuery(m_brokerPin);
        QTest::newRow("a-ca-that-did-not-sign-it") << withCa(m_broker->otherCaFile()) + u'&' + pin << u"127.0.0.1"_s;
        QTest::newRow("the-machines-cas") << quickTimeout + u'&' + pin << u"127.0.0.1"_s;
        QTest::newRow("a-name-it-does-not-carry") << withCa(m_broker->otherCaFile()) + u'&' + pin << u"127.1"_s;
        QTest::newRow("the-brokers-ca") << withCa(m_broker->caFile()) + u'&' + pin << u"127.0.0.1"_s;
    }

    void aPinnedKeyIsTrustedWhoeverSignedItAndWhateverItNames()
    {
        QFETCH(QString, query);
        QFETCH(QString, host);
        expectRoundTrip(m_broker->tlsUrl(query, host));
    }

    // Trust on first use by hand: the refusal names the key, the operator pins it.
    void anUntrustedCertificateIsRefusedWithItsPinAndThatPinThenConnects_data()
    {
        QTest::addColumn<QString>("host");
        QTest::newRow("not-signed-by-the-ca") << u"127.0.0.1"_s;
        QTest::newRow("not-naming-the-host") << u"127.1"_s;
    }

    void anUntrustedCertificateIsRefusedWithItsPinAndThatPinThenConnects()
    {
        QFETCH(QString, host);
        const QString ca = host == u"127.1" ? m_broker->caFile() : m_broker->otherCaFile();
        const QString error = refusal(m_broker->tlsUrl(withCa(ca), host));
        QVERIFY(!m_wentLive);
        QCOMPARE(m_lastState, State::Reconnecting);
        static const QRegularExpression offered(
            QStringLiteral("add pin=(sha256//[A-Za-z0-9+/]{43}=) to the amqps URL"));
        const QRegularExpressionMatch match = offered.match(error);
        QVERIFY2(match.hasMatch(), qPrintable(error));
        QCOMPARE(match.captured(1), m_brokerPin);
        expectRoundTrip(m_broker->tlsUrl(withCa(ca) + u'&' + pinQuery(match.captured(1)), host));
    }

    // Rainy days

    // The CAs may vouch for it, verify=verify_none may wave it through: a pin names one key.
    void anotherKeyThanThePinnedOneFailsNamingBothPinsAndIsNotRetried_data()
    {
        QTest::addColumn<QString>("query");
        QTest::newRow("a-ca-that-did-not-sign-it") << withCa(m_broker->otherCaFile());
        QTest::newRow("the-brokers-ca") << withCa(m_broker->caFile());
        QTest::newRow("verify-none") << withCa(m_broker->caFile()) + u"&verify=verify_none"_s;
    }

    void anotherKeyThanThePinnedOneFailsNamingBothPinsAndIsNotRetried()
    {
        QFETCH(QString, query);
        // Before the client: its destructor still reports a state change to the lambda below.
        QList<State> states;
        Client client(optionsFor(m_broker->tlsUrl(query + u'&' + pinQuery(m_otherPin))));
        QCOMPARE(client.options().pinnedKey, m_otherPin);
        client.setReconnectBackoff(50, 50);
        QSignalSpy ready(&client, &Client::ready);
        QSignalSpy errors(&client, &Client::errorOccurred);
        connect(&client, &Client::stateChanged, &client,
                [&states](State state) { states.append(state); });
        client.start();
        QTRY_COMPARE_WITH_TIMEOUT(client.state(), State::Failed, brokerTimeoutMs);
        const QString error = client.lastError();
        qInfo("%s", qPrintable(error));
        QVERIFY2(error.contains(QStringLiteral("the broker's certificate changed: expected ") +
                                m_otherPin + QStringLiteral(", got ") + m_brokerPin),
                 qPrintable(error));
        QVERIFY2(error.contains(QString::number(m_broker->tlsPort())), qPrintable(error));
        // With a backoff of 50 ms, a client that retried would have tried many times by now.
        QTest::qWait(1000);
        QCOMPARE(client.state(), State::Failed);
        QCOMPARE(states, QList<State>({State::Connecting, State::Failed}));
        QVERIFY(ready.isEmpty());
        // Asked to, it tries once more, and fails the same way.
        client.reconnectNow();
        QTRY_COMPARE_WITH_TIMEOUT(states.size(), 4, brokerTimeoutMs);
        QCOMPARE(states.mid(2), QList<State>({State::Connecting, State::Failed}));
        QVERIFY(ready.isEmpty());
    }


    void aCaThatDidNotSignTheBrokerIsRefusedNamingTheCaFile()
    {
        const QString error = refusal(m_broker->tlsUrl(withCa(m_broker->otherCaFile())));
        QVERIFY(!m_wentLive);
        QVERIFY2(error.contains(u"certificate"), qPrintable(error));
        QVERIFY2(
            error.contains(QStringLiteral("is not signed by a CA in ") + m_broker->otherCaFile()),
            qPrintable(error));
        QVERIFY2(error.contains(u"issued by \"Switchboard test CA\""), qPrintable(error));
        QVERIFY2(error.contains(QString::number(m_broker->tlsPort())), qPrintable(error));
        QVERIFY2(!error.contains(u"refused") && !error.contains(u"no answer"), qPrintable(error));
        // Nothing the operator can fix by waiting, but nothing lost by trying again either:
        // the client keeps retrying with backoff, as for an unreachable broker.
        QCOMPARE(m_lastState, State::Reconnecting);
    }

    void aNameTheCertificateDoesNotNameIsRefusedSayingSo()
    {
        // "127.1" is 127.0.0.1 to the resolver, but not a name in the certificate.
        const QString error =
            refusal(m_broker->tlsUrl(withCa(m_broker->caFile()), QStringLiteral("127.1")));
        QVERIFY(!m_wentLive);
        QVERIFY2(error.contains(u"certificate does not name 127.1"), qPrintable(error));
        QVERIFY2(error.contains(u"it names localhost, 127.0.0.1"), qPrintable(error));
        QVERIFY2(!error.contains(u"not signed by"), qPrintable(error));
        QCOMPARE(m_lastState, State::Reconnecting);
    }

    void withoutCacertfileTheMachinesCasDecideAndTheErrorSaysSo()
    {
        const QString bundle = QStringLiteral("/etc/ssl/certs/ca-certificates.crt");
        if (!QFileInfo::exists(bundle))
            QSKIP("no /etc/ssl/certs/ca-certificates.crt (apt-get install ca-certificates)");
        const QString error = refusal(m_broker->tlsUrl(quickTimeout));
        QVERIFY(!m_wentLive);
        QVERIFY2(error.contains(QStringLiteral("is not signed by a CA this machine trusts (") +
                                bundle + u')'),
                 qPrintable(error));
        QVERIFY2(error.contains(u"cacertfile="), qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(TestAmqpTls)
#include "tst_amqptls.moc"
