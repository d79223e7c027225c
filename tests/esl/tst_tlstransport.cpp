// The TLS transport against Debian's stunnel4 in front of the simulated switch: whom it trusts.
// A CA file, the system's CAs, a pinned key; a peer nobody vouches for and a pinned key that
// changed (trust requests, no retry); a wrong peer name; files it cannot use.

#include "tlsrig.h"

using namespace Qt::Literals::StringLiterals;
using namespace TlsTest;

class TestTlsTransport : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    // Happy flows.
    void goesLiveWithTheRightCa();
    void goesLiveWithAPinnedKeyAndNoCa();

    // Rainy days.
    void refusesAServerTheCaFileDoesNotVerify();
    void refusesASelfSignedServerTheSystemDoesNotKnow();
    void refusesAWrongPeerName();
    void refusesAPinnedKeyThatChangedWithoutRetrying();
    void namesTheFilesItCannotUse();
    void saysAPlainEventSocketDoesNotSpeakTls();

private:
    Rig m_rig;
};

void TestTlsTransport::initTestCase()
{
    if (const QString why = TestSupport::Stunnel::probe(); !why.isEmpty())
        QSKIP(qPrintable(why));
    QString error;
    QVERIFY2(m_rig.setUp(&error), qPrintable(error));
}

void TestTlsTransport::goesLiveWithTheRightCa()
{
    TestSupport::Stunnel stunnel;
    QVERIFY(m_rig.startStunnel(stunnel));
    Esl::ConnectionOptions o = Rig::options(stunnel);
    o.tls.caFile = m_rig.cert("ca.pem");
    Watched w(o);
    w.client.connectToServer();
    QVERIFY2(w.reaches(InboundClient::State::Live), qPrintable(w.client.lastError().message));
    QCOMPARE(w.client.transportDescription(), u"TLS (TLSv1.3, CN=switch.test)"_s);

    Esl::Reply status;
    bool answered = false;
    w.client.api(u"status"_s).then(&w.client, [&](const Esl::Reply &reply) {
        status = reply;
        answered = true;
    });
    QVERIFY(QTest::qWaitFor([&] { return answered; }, waitMs));
    QVERIFY(status.ok());
    QVERIFY2(status.text().contains(u"UP "_s), qPrintable(status.text()));

    Sim::Switch::CallSpec call;
    call.callerName = u"Over TLS"_s;
    m_rig.simSwitch()->placeCall(call);
    QVERIFY(QTest::qWaitFor([&] { return w.events.contains(u"CHANNEL_CREATE"_s); }, waitMs));
    QVERIFY(w.requests.isEmpty());
}

void TestTlsTransport::goesLiveWithAPinnedKeyAndNoCa()
{
    TestSupport::Stunnel stunnel;
    QVERIFY(m_rig.startStunnel(stunnel));
    Esl::ConnectionOptions o = Rig::options(stunnel);
    o.tls.pinnedKey = m_rig.certs().opensslPin(m_rig.cert("server.pem"));
    QVERIFY2(!o.tls.pinnedKey.isEmpty(), qPrintable(m_rig.certs().lastError()));
    Watched w(o);
    w.client.connectToServer();
    QVERIFY2(w.reaches(InboundClient::State::Live), qPrintable(w.client.lastError().message));
    QVERIFY(w.requests.isEmpty());
}

void TestTlsTransport::refusesAServerTheCaFileDoesNotVerify()
{
    TestSupport::Stunnel stunnel;
    QVERIFY(m_rig.startStunnel(stunnel));
    Esl::ConnectionOptions o = Rig::options(stunnel);
    o.tls.caFile = m_rig.cert("other-ca.pem");
    Watched w(o);
    w.client.connectToServer();
    QVERIFY(w.reaches(InboundClient::State::Failed));
    const QString pin = m_rig.certs().opensslPin(m_rig.cert("server.pem"));
    QCOMPARE(w.client.lastError().code, Esl::Error::Code::Untrusted);
    const QString message = w.client.lastError().message;
    QVERIFY2(message.contains(u"the CA file "_s + o.tls.caFile + u" did not verify it"_s),
             qPrintable(message));
    QVERIFY2(message.contains(u"its key is "_s + pin), qPrintable(message));
    QCOMPARE(w.requests.size(), 1);
    const TrustRequest &request = w.requests.first();
    QCOMPARE(request.kind, TrustRequest::Kind::TlsCertificate);
    QCOMPARE(request.why, TrustRequest::Why::Unknown);
    QCOMPARE(request.host, u"127.0.0.1"_s);
    QCOMPARE(request.port, stunnel.port());
    QCOMPARE(request.fingerprint, pin);
    QCOMPARE(request.acceptData, pin.toLatin1());
    QVERIFY2(request.description.contains(u"CN=switch.test"_s), qPrintable(request.description));
    QVERIFY2(request.description.contains(u"issuer CN=Switchboard test CA"_s),
             qPrintable(request.description));
}

void TestTlsTransport::refusesASelfSignedServerTheSystemDoesNotKnow()
{
    TestSupport::Stunnel stunnel;
    QVERIFY(m_rig.startStunnel(stunnel, "selfsigned"));
    Watched w(Rig::options(stunnel)); // no CA file: the system's CAs
    w.client.connectToServer();
    QVERIFY(w.reaches(InboundClient::State::Failed));
    QCOMPARE(w.client.lastError().code, Esl::Error::Code::Untrusted);
    const QString pin = m_rig.certs().opensslPin(m_rig.cert("selfsigned.pem"));
    const QString message = w.client.lastError().message;
    QVERIFY2(message.startsWith(
                 u"the certificate of 127.0.0.1:%1 is not trusted ("_s.arg(stunnel.port())),
             qPrintable(message));
    QVERIFY2(message.contains(u"self-signed"_s), qPrintable(message));
    QVERIFY2(message.endsWith(pin + u" \u2014 trust it (pin) only if that is the switch's"_s),
             qPrintable(message));
    QCOMPARE(w.requests.size(), 1);
    QCOMPARE(w.requests.first().why, TrustRequest::Why::Unknown);
    QCOMPARE(w.requests.first().fingerprint, pin);

    // Accepting the request (pinning what it offered) lets the next attempt in.
    Esl::ConnectionOptions pinned = Rig::options(stunnel);
    pinned.tls.pinnedKey = QString::fromLatin1(w.requests.first().acceptData);
    Watched again(pinned);
    again.client.connectToServer();
    QVERIFY2(again.reaches(InboundClient::State::Live),
             qPrintable(again.client.lastError().message));
}

void TestTlsTransport::refusesAWrongPeerName()
{
    TestSupport::Stunnel stunnel;
    QVERIFY(m_rig.startStunnel(stunnel));
    Esl::ConnectionOptions o = Rig::options(stunnel);
    o.tls.caFile = m_rig.cert("ca.pem");
    o.tls.peerName = u"pbx.example.com"_s;
    Watched w(o);
    w.client.connectToServer();
    QVERIFY(w.reaches(InboundClient::State::Failed));
    QCOMPARE(w.client.lastError().code, Esl::Error::Code::Untrusted);
    QVERIFY2(w.client.lastError().message.startsWith(
                 u"the certificate of 127.0.0.1:%1 is not trusted: it is not for the name "
                 "pbx.example.com (The host name did not match"_s.arg(stunnel.port())),
             qPrintable(w.client.lastError().message));
    QCOMPARE(w.requests.size(), 1);
    QCOMPARE(w.requests.first().why, TrustRequest::Why::Unknown);
}

void TestTlsTransport::refusesAPinnedKeyThatChangedWithoutRetrying()
{
    TestSupport::Stunnel stunnel;
    QVERIFY(m_rig.startStunnel(stunnel));
    Esl::ConnectionOptions o = Rig::options(stunnel);
    const QString before = m_rig.certs().opensslPin(m_rig.cert("server.pem"));
    const QString after = m_rig.certs().opensslPin(m_rig.cert("server2.pem"));
    QVERIFY(before != after);
    o.tls.pinnedKey = before;
    // The CA vouches for the new certificate too: the pin wins all the same.
    o.tls.caFile = m_rig.cert("ca.pem");
    Watched w(o);
    w.client.connectToServer();
    QVERIFY(w.reaches(InboundClient::State::Live));

    QVERIFY2(stunnel.restart(m_rig.cert("server2.pem"), m_rig.cert("server2.key")),
             qPrintable(stunnel.lastError()));
    QVERIFY(w.reaches(InboundClient::State::Failed));
    QCOMPARE(w.client.lastError().code, Esl::Error::Code::Untrusted);
    QCOMPARE(w.client.lastError().message,
             u"the certificate of 127.0.0.1:%1 changed: expected %2, got %3 \u2014 if the "
             "switch's certificate was replaced on purpose, update the pin"_s.arg(stunnel.port())
                 .arg(before, after));
    QCOMPARE(w.requests.size(), 1);
    const TrustRequest &request = w.requests.first();
    QCOMPARE(request.why, TrustRequest::Why::Changed);
    QCOMPARE(request.fingerprint, after);
    QCOMPARE(request.acceptData, after.toLatin1());

    // No retry loop: no new attempt, no new connection at stunnel, while a loop would have made
    // dozens at a 50-200 ms backoff.
    const qsizetype attempts = w.attempts();
    QTest::qWait(1000);
    const int connections = stunnel.acceptedConnections();
    QTest::qWait(2000);
    QCOMPARE(w.client.state(), InboundClient::State::Failed);
    QCOMPARE(w.attempts(), attempts);
    QCOMPARE(stunnel.acceptedConnections(), connections);
    QCOMPARE(w.requests.size(), 1);
}

void TestTlsTransport::namesTheFilesItCannotUse()
{
    TestSupport::Stunnel stunnel;
    QVERIFY(m_rig.startStunnel(stunnel));
    Esl::ConnectionOptions o = Rig::options(stunnel);
    o.tls.caFile = m_rig.path(u"no-such-ca.pem"_s);
    Watched w(o);
    w.client.connectToServer();
    QVERIFY(w.reaches(InboundClient::State::Failed));
    QVERIFY2(w.client.lastError().message.startsWith(u"cannot read the CA file "_s + o.tls.caFile),
             qPrintable(w.client.lastError().message));
    QCOMPARE(w.attempts(), 1);

    // A file that is there but holds no certificate is named too.
    o.tls.caFile = m_rig.cert("server.key");
    Watched empty(o);
    empty.client.connectToServer();
    QVERIFY(empty.reaches(InboundClient::State::Failed));
    QCOMPARE(empty.client.lastError().message,
             u"the CA file %1 holds no PEM certificate"_s.arg(o.tls.caFile));

    // A client certificate without its key, and a key file that holds none.
    o.tls.caFile = m_rig.cert("ca.pem");
    o.tls.certificateFile = m_rig.cert("client.pem");
    Watched keyless(o);
    keyless.client.connectToServer();
    QVERIFY(keyless.reaches(InboundClient::State::Failed));
    QVERIFY2(
        keyless.client.lastError().message.startsWith(
            u"the client certificate file %1 holds no private key"_s.arg(o.tls.certificateFile)),
        qPrintable(keyless.client.lastError().message));
    o.tls.keyFile = m_rig.cert("ca.pem");
    Watched notAKey(o);
    notAKey.client.connectToServer();
    QVERIFY(notAKey.reaches(InboundClient::State::Failed));
    QCOMPARE(notAKey.client.lastError().message,
             u"the client key file %1 holds no PEM private key"_s.arg(o.tls.keyFile));
    QCOMPARE(stunnel.acceptedConnections(), 0); // all refused before connecting
}

// TLS straight to mod_event_socket (the proxy's port mistaken for the switch's): its plain
// "Content-Type: auth/request" is no TLS record.
void TestTlsTransport::saysAPlainEventSocketDoesNotSpeakTls()
{
    Esl::ConnectionOptions o;
    o.port = m_rig.switchPort();
    o.tls.enabled = true;
    Watched w(o);
    w.client.connectToServer();
    QVERIFY(w.reaches(InboundClient::State::Failed));
    QVERIFY2(w.client.lastError().message.startsWith(
                 u"127.0.0.1:%1 does not speak TLS ("_s.arg(m_rig.switchPort())),
             qPrintable(w.client.lastError().message));
    QVERIFY(w.requests.isEmpty());
    QCOMPARE(w.attempts(), 1);
}

QTEST_MAIN(TestTlsTransport)
#include "tst_tlstransport.moc"
