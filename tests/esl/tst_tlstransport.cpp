// The TLS transport against Debian's stunnel4 in front of the simulated switch, as an operator
// puts stunnel in front of a real one: trusted by a CA file, by a pin, or not at all; a pinned
// key that changes; a client certificate; stunnel going away and coming back.

#include "esl/inboundclient.h"
#include "sim/eventsocketserver.h"
#include "sim/simswitch.h"
#include "support/stunnel.h"
#include "support/tlscertificates.h"

#include <QFile>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Qt::Literals::StringLiterals;
using Esl::InboundClient;
using Esl::TrustRequest;

namespace {

constexpr int waitMs = 15000;

// One client and what it said.
struct Watched
{
    explicit Watched(const Esl::ConnectionOptions &options) : client(options)
    {
        QObject::connect(&client, &InboundClient::trustRequired, &client,
                         [this](const TrustRequest &request) { requests.append(request); });
        QObject::connect(&client, &InboundClient::stateChanged, &client,
                         [this](InboundClient::State state) { states.append(state); });
        QObject::connect(&client, &InboundClient::eventReceived, &client,
                         [this](const Esl::Event &event) { events.append(event.name()); });
    }
    bool reaches(InboundClient::State state)
    {
        return QTest::qWaitFor([&] { return client.state() == state; }, waitMs);
    }
    // `api status` answered: whatever the client sent before it has reached the switch.
    bool roundTrip()
    {
        bool answered = false;
        client.api(u"status"_s).then(&client, [&](const Esl::Reply &) { answered = true; });
        return QTest::qWaitFor([&] { return answered; }, waitMs);
    }
    [[nodiscard]] qsizetype attempts() const { return states.count(InboundClient::State::Connecting); }

    InboundClient client;
    QList<TrustRequest> requests;
    QList<InboundClient::State> states;
    QStringList events;
};

} // namespace

class TestTlsTransport : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    // Happy flows.
    void goesLiveWithTheRightCa();
    void goesLiveWithAPinnedKeyAndNoCa();
    void goesLiveWithAClientCertificate();
    void goesLiveWithTheClientKeyInsideTheCertificateFile();
    void reconnectsWhenStunnelComesBack();
    void carriesAFloodOfEventsWhole();

    // Rainy days.
    void refusesAServerTheCaFileDoesNotVerify();
    void refusesASelfSignedServerTheSystemDoesNotKnow();
    void refusesAWrongPeerName();
    void refusesAPinnedKeyThatChangedWithoutRetrying();
    void saysAClientCertificateMayBeMissing();
    void namesACaFileItCannotRead();

private:
    [[nodiscard]] QString cert(const char *name) const { return m_certs.path(QLatin1String(name)); }
    [[nodiscard]] Esl::ConnectionOptions options(const TestSupport::Stunnel &stunnel) const;
    bool startStunnel(TestSupport::Stunnel &stunnel, const char *server = "server",
                      const QString &clientCa = {});

    QTemporaryDir m_dir;
    TestSupport::TlsCertificates m_certs;
    std::unique_ptr<Sim::Switch> m_switch;
    std::unique_ptr<Sim::EventSocketServer> m_server;
};

void TestTlsTransport::initTestCase()
{
    if (const QString why = TestSupport::Stunnel::probe(); !why.isEmpty())
        QSKIP(qPrintable(why));
    QVERIFY(m_dir.isValid());
    QVERIFY2(m_certs.make(m_dir.path()), qPrintable(m_certs.lastError()));
    Sim::SwitchConfig config;
    config.initialCalls = 0;
    config.heartbeatIntervalMs = 0;
    config.ringMs = 20;
    config.answerDelayMs = 10;
    m_switch = std::make_unique<Sim::Switch>(config);
    m_server = std::make_unique<Sim::EventSocketServer>(m_switch.get());
    QVERIFY(m_server->listen(QHostAddress::LocalHost, 0));
}

Esl::ConnectionOptions TestTlsTransport::options(const TestSupport::Stunnel &stunnel) const
{
    Esl::ConnectionOptions options;
    options.port = stunnel.port();
    options.reconnectMinMs = 50;
    options.reconnectMaxMs = 200;
    options.stableAfterMs = 0;
    options.tls.enabled = true;
    return options;
}

bool TestTlsTransport::startStunnel(TestSupport::Stunnel &stunnel, const char *server,
                                    const QString &clientCa)
{
    TestSupport::Stunnel::Options options;
    options.certificateFile = cert(server) + u".pem"_s;
    options.keyFile = cert(server) + u".key"_s;
    options.backendPort = m_server->serverPort();
    options.clientCaFile = clientCa;
    if (!stunnel.start(options)) {
        qWarning("%s", qPrintable(stunnel.lastError()));
        return false;
    }
    return true;
}

void TestTlsTransport::goesLiveWithTheRightCa()
{
    TestSupport::Stunnel stunnel;
    QVERIFY(startStunnel(stunnel));
    Esl::ConnectionOptions o = options(stunnel);
    o.tls.caFile = cert("ca.pem");
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
    m_switch->placeCall(call);
    QVERIFY(QTest::qWaitFor([&] { return w.events.contains(u"CHANNEL_CREATE"_s); }, waitMs));
    QVERIFY(w.requests.isEmpty());
}

void TestTlsTransport::goesLiveWithAPinnedKeyAndNoCa()
{
    TestSupport::Stunnel stunnel;
    QVERIFY(startStunnel(stunnel));
    Esl::ConnectionOptions o = options(stunnel);
    o.tls.pinnedKey = m_certs.opensslPin(cert("server.pem"));
    QVERIFY2(!o.tls.pinnedKey.isEmpty(), qPrintable(m_certs.lastError()));
    Watched w(o);
    w.client.connectToServer();
    QVERIFY2(w.reaches(InboundClient::State::Live), qPrintable(w.client.lastError().message));
    QVERIFY(w.requests.isEmpty());
}

void TestTlsTransport::goesLiveWithAClientCertificate()
{
    TestSupport::Stunnel stunnel;
    QVERIFY(startStunnel(stunnel, "server", cert("client-ca.pem")));
    Esl::ConnectionOptions o = options(stunnel);
    o.tls.caFile = cert("ca.pem");
    o.tls.certificateFile = cert("client.pem");
    o.tls.keyFile = cert("client.key");
    Watched w(o);
    w.client.connectToServer();
    QVERIFY2(w.reaches(InboundClient::State::Live), qPrintable(w.client.lastError().message));
}

void TestTlsTransport::goesLiveWithTheClientKeyInsideTheCertificateFile()
{
    TestSupport::Stunnel stunnel;
    QVERIFY(startStunnel(stunnel, "server", cert("client-ca.pem")));
    QFile combined(m_dir.filePath(u"client-and-key.pem"_s));
    QFile certificate(cert("client.pem"));
    QFile key(cert("client.key"));
    QVERIFY(combined.open(QIODevice::WriteOnly) && certificate.open(QIODevice::ReadOnly) &&
            key.open(QIODevice::ReadOnly));
    combined.write(certificate.readAll() + key.readAll());
    combined.close();
    Esl::ConnectionOptions o = options(stunnel);
    o.tls.caFile = cert("ca.pem");
    o.tls.certificateFile = combined.fileName();
    Watched w(o);
    w.client.connectToServer();
    QVERIFY2(w.reaches(InboundClient::State::Live), qPrintable(w.client.lastError().message));
}

void TestTlsTransport::reconnectsWhenStunnelComesBack()
{
    TestSupport::Stunnel stunnel;
    QVERIFY(startStunnel(stunnel));
    Esl::ConnectionOptions o = options(stunnel);
    o.tls.caFile = cert("ca.pem");
    Watched w(o);
    w.client.connectToServer();
    QVERIFY(w.reaches(InboundClient::State::Live));
    stunnel.stop();
    QVERIFY(w.reaches(InboundClient::State::Reconnecting));
    QVERIFY(QTest::qWaitFor([&] { return w.attempts() >= 3; }, waitMs)); // refused: retried
    QVERIFY(w.requests.isEmpty());
    QVERIFY2(stunnel.restart(cert("server.pem"), cert("server.key")),
             qPrintable(stunnel.lastError()));
    QVERIFY2(w.reaches(InboundClient::State::Live), qPrintable(w.client.lastError().message));
}

// The Session bounds the socket's read buffer (Session::kSocketReadBuffer) and reads in slices;
// over TLS that buffer holds decrypted bytes, and megabytes of events must still all come through
// in order, none stuck in the TLS layer: the TLS client sees what a plain TCP client sees.
void TestTlsTransport::carriesAFloodOfEventsWhole()
{
    TestSupport::Stunnel stunnel;
    QVERIFY(startStunnel(stunnel));
    Esl::ConnectionOptions o = options(stunnel);
    o.tls.caFile = cert("ca.pem");
    Watched tls(o);
    Esl::ConnectionOptions plain = o;
    plain.tls = {};
    plain.port = m_server->serverPort();
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
        placed.insert(m_switch->placeCall(call));
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
    QVERIFY2(QTest::qWaitFor([&] { return creates(tlsSeen) == calls && creates(tcpSeen) == calls; },
                             60000),
             qPrintable(u"created: %1 over TLS, %2 over TCP"_s.arg(creates(tlsSeen))
                            .arg(creates(tcpSeen))));
    QVERIFY(QTest::qWaitFor([&] { return tlsSeen.size() == tcpSeen.size(); }, 60000));
    QCOMPARE(tlsSeen, tcpSeen);
    QVERIFY(tlsSeen.size() > 3 * calls);
    QCOMPARE(tls.client.state(), InboundClient::State::Live);
}

void TestTlsTransport::refusesAServerTheCaFileDoesNotVerify()
{
    TestSupport::Stunnel stunnel;
    QVERIFY(startStunnel(stunnel));
    Esl::ConnectionOptions o = options(stunnel);
    o.tls.caFile = cert("other-ca.pem");
    Watched w(o);
    w.client.connectToServer();
    QVERIFY(w.reaches(InboundClient::State::Failed));
    const QString pin = m_certs.opensslPin(cert("server.pem"));
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
    QVERIFY(startStunnel(stunnel, "selfsigned"));
    Watched w(options(stunnel)); // no CA file: the system's CAs
    w.client.connectToServer();
    QVERIFY(w.reaches(InboundClient::State::Failed));
    QCOMPARE(w.client.lastError().code, Esl::Error::Code::Untrusted);
    const QString pin = m_certs.opensslPin(cert("selfsigned.pem"));
    const QString message = w.client.lastError().message;
    QVERIFY2(message.startsWith(u"the certificate of 127.0.0.1:%1 is not trusted ("_s.arg(stunnel.port())),
             qPrintable(message));
    QVERIFY2(message.contains(u"self-signed"_s), qPrintable(message));
    QVERIFY2(message.endsWith(pin + u" \u2014 trust it (pin) only if that is the switch's"_s),
             qPrintable(message));
    QCOMPARE(w.requests.size(), 1);
    QCOMPARE(w.requests.first().why, TrustRequest::Why::Unknown);
    QCOMPARE(w.requests.first().fingerprint, pin);

    // Accepting the request (pinning what it offered) lets the next attempt in.
    Esl::ConnectionOptions pinned = options(stunnel);
    pinned.tls.pinnedKey = QString::fromLatin1(w.requests.first().acceptData);
    Watched again(pinned);
    again.client.connectToServer();
    QVERIFY2(again.reaches(InboundClient::State::Live), qPrintable(again.client.lastError().message));
}

void TestTlsTransport::refusesAWrongPeerName()
{
    TestSupport::Stunnel stunnel;
    QVERIFY(startStunnel(stunnel));
    Esl::ConnectionOptions o = options(stunnel);
    o.tls.caFile = cert("ca.pem");
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
    QVERIFY(startStunnel(stunnel));
    Esl::ConnectionOptions o = options(stunnel);
    const QString before = m_certs.opensslPin(cert("server.pem"));
    const QString after = m_certs.opensslPin(cert("server2.pem"));
    QVERIFY(before != after);
    o.tls.pinnedKey = before;
    // The CA vouches for the new certificate too: the pin wins all the same.
    o.tls.caFile = cert("ca.pem");
    Watched w(o);
    w.client.connectToServer();
    QVERIFY(w.reaches(InboundClient::State::Live));

    QVERIFY2(stunnel.restart(cert("server2.pem"), cert("server2.key")),
             qPrintable(stunnel.lastError()));
    QVERIFY(w.reaches(InboundClient::State::Failed));
    QCOMPARE(w.client.lastError().code, Esl::Error::Code::Untrusted);
    QCOMPARE(w.client.lastError().message,
             u"the certificate of 127.0.0.1:%1 changed: expected %2, got %3 \u2014 if the "
             "switch's certificate was replaced on purpose, update the pin"_s
                 .arg(stunnel.port())
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

void TestTlsTransport::saysAClientCertificateMayBeMissing()
{
    TestSupport::Stunnel stunnel;
    QVERIFY(startStunnel(stunnel, "server", cert("client-ca.pem")));
    Esl::ConnectionOptions o = options(stunnel);
    o.tls.caFile = cert("ca.pem");
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

void TestTlsTransport::namesACaFileItCannotRead()
{
    TestSupport::Stunnel stunnel;
    QVERIFY(startStunnel(stunnel));
    Esl::ConnectionOptions o = options(stunnel);
    o.tls.caFile = m_dir.filePath(u"no-such-ca.pem"_s);
    Watched w(o);
    w.client.connectToServer();
    QVERIFY(w.reaches(InboundClient::State::Failed));
    QVERIFY2(w.client.lastError().message.startsWith(u"cannot read the CA file "_s + o.tls.caFile),
             qPrintable(w.client.lastError().message));
    QCOMPARE(w.attempts(), 1);

    // A file that is there but holds no certificate is named too.
    o.tls.caFile = cert("server.key");
    Watched empty(o);
    empty.client.connectToServer();
    QVERIFY(empty.reaches(InboundClient::State::Failed));
    QCOMPARE(empty.client.lastError().message,
             u"the CA file %1 holds no PEM certificate"_s.arg(o.tls.caFile));
}

QTEST_MAIN(TestTlsTransport)
#include "tst_tlstransport.moc"
