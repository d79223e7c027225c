// Amqp::Client over amqps:// against a real RabbitMQ with a TLS listener
// (RabbitBroker::sharedTls(): throw-away certificates made by openssl at start). Happy flows: the
// broker's CA, a client certificate, verify=verify_none. Rainy days: a CA that did not sign the
// broker's certificate, the machine's CAs when cacertfile= is left out, and a host name the
// certificate does not name, each refused (the client retrying) with a sentence that says what to
// fix. (amqps:// to the plain AMQP port is tst_amqpclient's tlsAgainstAPlainListenerFailsClearly.)
#include "clienttesthelpers.h"
#include "support/rabbitbroker.h"

#include <QFileInfo>
#include <QSignalSpy>
#include <QTest>

using namespace Amqp;
using namespace AmqpClientTest;
using TestSupport::RabbitBroker;

namespace {
constexpr int brokerTimeoutMs = 20000;
// Short, so that a handshake that hung would show as a timeout message, not as a slow test.
const QString quickTimeout = QStringLiteral("connection_timeout=3000");

QString fileQuery(const char *key, const QString &path)
{
    return QLatin1String(key) + u'=' + QString::fromUtf8(QUrl::toPercentEncoding(path, "/"));
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

    // Rainy days

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
