// The TLS transport against Debian's stunnel4 in front of the simulated switch: the link itself.
// Client certificates (given, in one file, missing, refused), stunnel going away and coming back,
// and a flood of events arriving as over plain TCP.

#include "tlsrig.h"

#include <QFile>
#include <QSet>

using namespace Qt::Literals::StringLiterals;
using namespace TlsTest;

class TestTlsLink : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    // Happy flows.
    void goesLiveWithAClientCertificate();
    void goesLiveWithTheClientKeyInsideTheCertificateFile();
    void reconnectsWhenStunnelComesBack();
    void carriesAFloodOfEventsWhole();

    // Rainy days.
    void saysAClientCertificateMayBeMissing();
    void saysTheClientCertificateWasNotAccepted();

private:
    Rig m_rig;
};

void TestTlsLink::initTestCase()
{
    if (const QString why = TestSupport::Stunnel::probe(); !why.isEmpty())
        QSKIP(qPrintable(why));
    QString error;
    QVERIFY2(m_rig.setUp(&error), qPrintable(error));
}

void TestTlsLink::goesLiveWithAClientCertificate()
{
    TestSupport::Stunnel stunnel;
    QVERIFY(m_rig.startStunnel(stunnel, "server", m_rig.cert("client-ca.pem")));
    Esl::ConnectionOptions o = Rig::options(stunnel);
    o.tls.caFile = m_rig.cert("ca.pem");
    o.tls.certificateFile = m_rig.cert("client.pem");
    o.tls.keyFile = m_rig.cert("client.key");
    Watched w(o);
    w.client.connectToServer();
    QVERIFY2(w.reaches(InboundClient::State::Live), qPrintable(w.client.lastError().message));
}

void TestTlsLink::goesLiveWithTheClientKeyInsideTheCertificateFile()
{
    TestSupport::Stunnel stunnel;
    QVERIFY(m_rig.startStunnel(stunnel, "server", m_rig.cert("client-ca.pem")));
    QFile combined(m_rig.path(u"client-and-key.pem"_s));
    QFile certificate(m_rig.cert("client.pem"));
    QFile key(m_rig.cert("client.key"));
    QVERIFY(combined.open(QIODevice::WriteOnly) && certificate.open(QIODevice::ReadOnly) &&
            key.open(QIODevice::ReadOnly));
    combined.write(certificate.readAll() + key.readAll());
    combined.close();
    Esl::ConnectionOptions o = Rig::options(stunnel);
    o.tls.caFile = m_rig.cert("ca.pem");
    o.tls.certificateFile = combined.fileName();
    Watched w(o);
    w.client.connectToServer();
    QVERIFY2(w.reaches(InboundClient::State::Live), qPrintable(w.client.lastError().message));
}

void TestTlsLink::reconnectsWhenStunnelComesBack()
{
    TestSupport::Stunnel stunnel;
    QVERIFY(m_rig.startStunnel(stunnel));
    Esl::ConnectionOptions o = Rig::options(stunnel);
    o.tls.caFile = m_rig.cert("ca.pem");
    Watched w(o);
    w.client.connectToServer();
    QVERIFY(w.reaches(InboundClient::State::Live));
    stunnel.stop();
    QVERIFY(w.reaches(InboundClient::State::Reconnecting));
    QVERIFY(QTest::qWaitFor([&] { return w.attempts() >= 3; }, waitMs)); // refused: retried
    QVERIFY(w.requests.isEmpty());
    QVERIFY2(stunnel.restart(m_rig.cert("server.pem"), m_rig.cert("server.key")),
             qPrintable(stunnel.lastError()));
    QVERIFY2(w.reaches(InboundClient::State::Live), qPrintable(w.client.lastError().message));
}

// The Session bounds the socket's read buffer (Session::kSocketReadBuffer) and reads in slices;
// over TLS that buffer holds decrypted bytes, and megabytes of events must still all come through
// in order, none stuck in the TLS layer: the TLS client sees what a plain TCP client sees.
void TestTlsLink::carriesAFloodOfEventsWhole()
{
    TestSupport::Stunnel stunnel;
    QVERIFY(m_rig.startStunnel(stunnel));
    Esl::ConnectionOptions o = Rig::options(stunnel);
    o.tls.caFile = m_rig.cert("ca.pem");
    Watched tls(o);
    Esl::ConnectionOptions plain = o;
    plain.tls = {};
    plain.port = m_rig.switchPort();
    Watched tcp(plain);
    tls.client.connectToServer();
    tcp.client.connectToServer();
    QVERIFY(tls.reaches(InboundClient::State::Live));
    QVERIFY(tcp.reaches(InboundClient::State::Live));
    // The subscriptions went out before this command: once it is answered, both are in place.
    QVERIFY(tls.roundTrip());
    QVERIFY(tcp.roundTrip());
    constexpr int calls = 300;
    QSet<QString> placed;
    for (int i = 0; i < calls; ++i) {
        Sim::Switch::CallSpec call;
        call.callerName = u"Flood %1"_s.arg(i);
        call.durationMs = 1;
        placed.insert(m_rig.simSwitch()->placeCall(call));
    }
    QStringList tlsSeen;
    QStringList tcpSeen;
    const auto record = [&](QStringList *seen) {
        return [&placed, seen](const Esl::Event &e) {
            if (placed.contains(e.uniqueId()))
                seen->append(e.name() + u' ' + e.uniqueId());
        };
    };
    QObject::connect(&tls.client, &InboundClient::eventReceived, &tls.client, record(&tlsSeen));
    QObject::connect(&tcp.client, &InboundClient::eventReceived, &tcp.client, record(&tcpSeen));
    const auto creates = [](const QStringList &seen) {
        return seen.filter(QStringLiteral("CHANNEL_CREATE ")).size();
    };
    QVERIFY2(
        QTest::qWaitFor([&] { return creates(tlsSeen) == calls && creates(tcpSeen) == calls; },
                        60000),
        qPrintable(
            u"created: %1 over TLS, %2 over TCP"_s.arg(creates(tlsSeen)).arg(creates(tcpSeen))));
    QVERIFY(QTest::qWaitFor([&] { return tlsSeen.size() == tcpSeen.size(); }, 60000));
    QCOMPARE(tlsSeen, tcpSeen);
    QVERIFY(tlsSeen.size() > 3 * calls);
    QCOMPARE(tls.client.state(), InboundClient::State::Live);
}

void TestTlsLink::saysAClientCertificateMayBeMissing()
{
    TestSupport::Stunnel stunnel;
    QVERIFY(m_rig.startStunnel(stunnel, "server", m_rig.cert("client-ca.pem")));
    Esl::ConnectionOptions o = Rig::options(stunnel);
    o.tls.caFile = m_rig.cert("ca.pem");
    Watched w(o);
    w.client.connectToServer();
    QVERIFY(w.reaches(InboundClient::State::Failed));
    QCOMPARE(w.client.lastError().code, Esl::Error::Code::Transport);
    QVERIFY2(w.client.lastError().message.startsWith(
                 u"the TLS peer 127.0.0.1:%1 refused the connection: it may require a client "
                 "certificate ("_s.arg(stunnel.port())),
             qPrintable(w.client.lastError().message));
    QVERIFY(!w.states.contains(InboundClient::State::Live));
    QVERIFY(w.requests.isEmpty());
}

void TestTlsLink::saysTheClientCertificateWasNotAccepted()
{
    TestSupport::Stunnel stunnel;
    QVERIFY(m_rig.startStunnel(stunnel, "server", m_rig.cert("client-ca.pem")));
    Esl::ConnectionOptions o = Rig::options(stunnel);
    o.tls.caFile = m_rig.cert("ca.pem");
    // Signed by the servers' CA, not the clients': stunnel's verifyChain refuses it.
    o.tls.certificateFile = m_rig.cert("server2.pem");
    o.tls.keyFile = m_rig.cert("server2.key");
    Watched w(o);
    w.client.connectToServer();
    QVERIFY(w.reaches(InboundClient::State::Failed));
    QVERIFY2(w.client.lastError().message.startsWith(
                 u"the TLS peer 127.0.0.1:%1 refused the connection: it may not accept the client "
                 "certificate %2 ("_s.arg(stunnel.port())
                     .arg(o.tls.certificateFile)),
             qPrintable(w.client.lastError().message));
    QVERIFY(!w.states.contains(InboundClient::State::Live));
}

QTEST_MAIN(TestTlsLink)
#include "tst_tlslink.moc"
