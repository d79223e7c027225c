#pragma once
// What the TLS tests share: the simulated switch on a loopback port, the certificates the openssl
// CLI makes for them, stunnel in front of the switch, and a client that records what it says
// (its states, its trust requests, the events it receives).

#include "esl/inboundclient.h"
#include "sim/eventsocketserver.h"
#include "sim/simswitch.h"
#include "support/stunnel.h"
#include "support/tlscertificates.h"

#include <QTemporaryDir>
#include <QTest>

#include <memory>

namespace TlsTest {

using Esl::InboundClient;
using Esl::TrustRequest;

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
        client.api(QStringLiteral("status")).then(&client, [&](const Esl::Reply &) {
            answered = true;
        });
        return QTest::qWaitFor([&] { return answered; }, waitMs);
    }
    [[nodiscard]] qsizetype attempts() const
    {
        return states.count(InboundClient::State::Connecting);
    }

    InboundClient client;
    QList<TrustRequest> requests;
    QList<InboundClient::State> states;
    QStringList events;
};

class Rig
{
public:
    // The certificates and the switch; false with `error` set. (Skip first when
    // TestSupport::Stunnel::probe() says stunnel is missing.)
    bool setUp(QString *error)
    {
        if (!m_dir.isValid() || !m_certs.make(m_dir.path())) {
            *error = m_certs.lastError();
            return false;
        }
        Sim::SwitchConfig config;
        config.initialCalls = 0;
        config.heartbeatIntervalMs = 0;
        config.ringMs = 20;
        config.answerDelayMs = 10;
        m_switch = std::make_unique<Sim::Switch>(config);
        m_server = std::make_unique<Sim::EventSocketServer>(m_switch.get());
        if (!m_server->listen(QHostAddress::LocalHost, 0)) {
            *error = m_server->errorString();
            return false;
        }
        return true;
    }

    // "ca.pem", "server.key", ... (tlscertificates.h).
    [[nodiscard]] QString cert(const char *name) const { return m_certs.path(QLatin1String(name)); }
    [[nodiscard]] TestSupport::TlsCertificates &certs() { return m_certs; }
    [[nodiscard]] QString path(const QString &name) const { return m_dir.filePath(name); }
    [[nodiscard]] Sim::Switch *simSwitch() const { return m_switch.get(); }
    [[nodiscard]] quint16 switchPort() const { return m_server->serverPort(); }

    // TLS to stunnel, nothing trusted yet; quick reconnects, so a retry loop would show.
    [[nodiscard]] static Esl::ConnectionOptions options(const TestSupport::Stunnel &stunnel)
    {
        Esl::ConnectionOptions options;
        options.port = stunnel.port();
        options.reconnectMinMs = 50;
        options.reconnectMaxMs = 200;
        options.stableAfterMs = 0;
        options.tls.enabled = true;
        return options;
    }

    // stunnel with <server>.pem/.key in front of the switch; requiring a client certificate
    // that chains to `clientCa` when one is given.
    bool startStunnel(TestSupport::Stunnel &stunnel, const char *server = "server",
                      const QString &clientCa = {}) const
    {
        TestSupport::Stunnel::Options options;
        options.certificateFile = cert(server) + QStringLiteral(".pem");
        options.keyFile = cert(server) + QStringLiteral(".key");
        options.backendPort = switchPort();
        options.clientCaFile = clientCa;
        if (!stunnel.start(options)) {
            qWarning("%s", qPrintable(stunnel.lastError()));
            return false;
        }
        return true;
    }

private:
    QTemporaryDir m_dir;
    TestSupport::TlsCertificates m_certs;
    std::unique_ptr<Sim::Switch> m_switch;
    std::unique_ptr<Sim::EventSocketServer> m_server;
};

} // namespace TlsTest
