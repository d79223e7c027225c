#pragma once
// mod_sofia in the simulated switch: its two profiles (internal, external), a registrar that
// phones register to (with expiry, renewal, unregister, failed attempts) and gateways that go
// UNREGED -> TRYING -> REGISTER -> REGED, or FAILED -> FAIL_WAIT -> UNREGED -> TRYING when
// their far end does not answer, with their OPTIONS ping UP or DOWN. It answers the `sofia`
// api (status, xmlstatus, profile … register/killgw/rescan/flush_inbound_reg) and `show
// registrations [as json]` with FreeSWITCH 1.10.12's texts, and fires the sofia:: events with
// the header sets of tests/fixtures/real2/sofia-registrations (sofia::expire, not captured,
// after sofia_reg.c's sofia_reg_del_callback).
//
// Out of the box it has one gateway, external::carrier, REGED with its ping UP, and no
// registrations (as the switch the older tests know). With traffic on, phones register and
// drop, and a second gateway fails now and then and comes back.

#include "simmodule.h"

#include <QHash>
#include <QList>
#include <QRandomGenerator>
#include <QTimer>

namespace Esl {
class HeaderList;
}

namespace Sim {

class SimSofia : public Module
{
    Q_OBJECT

public:
    struct Registration
    {
        QString profile = QStringLiteral("internal");
        QString user;
        QString realm;
        QString callId;
        QString contact; // the contact URI: sip:1001@10.0.0.5:5060;transport=udp
        QString userAgent;
        QString networkIp;
        int networkPort = 5060;
        QString proto = QStringLiteral("udp");
        int expires = 3600;      // what the phone asked for
        qint64 expiresAtMs = 0;  // when the registrar drops it: reg time + expires + late margin
    };
    struct Gateway
    {
        QString name;
        QString profile = QStringLiteral("external");
        QString username = QStringLiteral("switchboard");
        QString realm;
        QString proxyHost; // "sip.carrier.example" or "127.0.0.1:5999"
        QString state = QStringLiteral("REGED");
        QString ping = QStringLiteral("UP");
        bool reachable = true;   // its far end answers REGISTER and OPTIONS
        bool reachedOnce = false; // it has had an answer: events carry Register-Network-*
        bool deleting = false;    // killgw: still listed until its delete fires
        int pingFreq = 10;
        int retrySeconds = 5;
        qint64 upSinceMs = 0;
        qint64 retryAtMs = 0;
        [[nodiscard]] QString to() const
        {
            return QStringLiteral("sip:%1@%2").arg(username, proxyHost);
        }
    };

    // The registrar adds this to what the phone asked (sip-expires-late-margin).
    static constexpr int kLateMarginSeconds = 60;

    explicit SimSofia(Switch *sw);
    ~SimSofia() override;

    [[nodiscard]] bool answersApi(QStringView command) const override { return command == u"sofia"; }
    QByteArray api(const QString &command, const QString &rest) override;
    void reset() override;
    void startTraffic(quint32 seed) override;
    void stopTraffic() override;

    // `show registrations [as json]` (mod_commands reads the core's registrations table).
    [[nodiscard]] QByteArray showRegistrations(bool json) const;

    // The registrar, as phones drive it (tests and traffic). registerPhone fires pre_register,
    // register_attempt and register; a renewal (same Call-ID) the same with RENEWED.
    void registerPhone(Registration registration);
    // A REGISTER with Expires 0: register_attempt, then unregister. False when unknown.
    bool unregisterPhone(const QString &callId);
    // A REGISTER whose credentials are wrong: register_attempt FORBIDDEN only.
    void failRegistration(const QString &user, const QString &realm, const QString &ip);
    [[nodiscard]] const QList<Registration> &registrations() const { return m_registrations; }

    // Gateways. addGateway puts it in the profile's configuration; rescan (or this, with
    // `announce`) brings it up: gateway_add, TRYING, and on to REGED or FAILED.
    void addGateway(Gateway gateway, bool announce = true);
    void removeFromConfiguration(const QString &name);
    // Its far end stops (or starts again) answering: the ping goes DOWN and the next
    // registration fails (or succeeds).
    void setReachable(const QString &name, bool reachable);
    [[nodiscard]] const Gateway *gateway(const QString &name) const;
    [[nodiscard]] const QList<Gateway> &gateways() const { return m_gateways; }
    // How long each step of a gateway's registration takes (ms); tests shorten it.
    void setStepMs(int ms) { m_stepMs = ms; }

private:
    // simsofiaapi.cpp: the api's texts.
    QByteArray status(const QStringList &args) const;
    QByteArray xmlStatus(const QStringList &args) const;
    QByteArray profileCommand(const QStringList &args);
    QByteArray gatewayText(const Gateway &g) const;
    QByteArray gatewayXml(const Gateway &g) const;
    QByteArray registrationsText(const QString &profile) const;
    QByteArray registrationsXml(const QString &profile) const;
    QByteArray profileText(const QString &name) const;
    [[nodiscard]] QString ip() const;
    [[nodiscard]] int profilePort(const QString &profile) const;
    [[nodiscard]] bool hasProfile(const QString &name) const;

    // simsofia.cpp: the events and the state machines.
    void fireSofia(const char *subclass, const char *function, int line, Esl::HeaderList body);
    void fireGatewayState(const Gateway &g, const QString &status = {},
                          const QString &phrase = {});
    Esl::HeaderList registerHeaders(const Registration &r, bool withCredentials) const;
    static void appendDirectory(Esl::HeaderList &h, const Registration &r);
    void registerGateway(const QString &name); // UNREGED -> TRYING -> ...
    void stepGateway(const QString &name);
    void killGateway(const QString &name);
    void rescan();
    int flush(const QString &profile, const QString &target);
    void expireDue();
    void trafficTick();
    Gateway *findGateway(const QString &name);
    [[nodiscard]] qint64 now() const;

    QList<Registration> m_registrations;
    QList<Gateway> m_gateways;        // live, in the order they were added
    QList<Gateway> m_configuration;   // what rescan brings up
    QTimer m_expiry;                  // drops registrations whose time is up
    QTimer m_traffic;
    QRandomGenerator m_random;
    int m_stepMs = 300;
    int m_nextPhone = 0;
};

} // namespace Sim
