// SimSofia's state and events: the registrar, the gateways' registration state machine, the
// traffic. The api texts are in simsofiaapi.cpp.

#include "simsofia.h"

#include "simswitch.h"

#include "esl/wire/event.h"

#include <QDateTime>
#include <QUuid>

namespace Sim {

namespace {

SimSofia::Gateway defaultCarrier(qint64 nowMs)
{
    SimSofia::Gateway g;
    g.name = QStringLiteral("carrier");
    g.realm = QStringLiteral("sip.carrier.example");
    g.proxyHost = QStringLiteral("sip.carrier.example");
    g.reachedOnce = true;
    g.upSinceMs = nowMs;
    return g;
}

const char *const kAgents[] = {"Yealink SIP-T46U 108.86.0.75", "Grandstream GXP2170 1.0.11.64",
                               "Linphone/5.2.5 (belle-sip/5.2.4)", "Zoiper rv2.10.20.3",
                               "PolycomVVX-VVX_450-UA/6.4.6.2396", "Cisco/SPA504G-7.6.2c"};

} // namespace

SimSofia::SimSofia(Switch *sw) : Module(sw)
{
    const Gateway carrier = defaultCarrier(now());
    m_configuration.append(carrier);
    m_gateways.append(carrier);
    m_expiry.setInterval(1000);
    connect(&m_expiry, &QTimer::timeout, this, &SimSofia::expireDue);
    m_traffic.setInterval(1500);
    connect(&m_traffic, &QTimer::timeout, this, &SimSofia::trafficTick);
}

SimSofia::~SimSofia() = default;

qint64 SimSofia::now() const
{
    return QDateTime::currentMSecsSinceEpoch();
}

void SimSofia::reset()
{
    m_registrations.clear();
    m_gateways.clear();
    m_configuration.clear();
    const Gateway carrier = defaultCarrier(now());
    m_configuration.append(carrier);
    m_gateways.append(carrier);
    m_expiry.stop();
}

// ---- events ----------------------------------------------------------------------------------

void SimSofia::fireSofia(const char *subclass, const char *function, int line, Esl::HeaderList body)
{
    // A CUSTOM event's subclass comes first, before the 13 headers every event has.
    Esl::HeaderList h;
    h.append("Event-Subclass", subclass);
    const Esl::HeaderList base = sw()->eventBase("CUSTOM", "sofia_reg.c", function, line);
    for (qsizetype i = 0; i < base.size(); ++i)
        h.append(base.name(i), base.value(i));
    for (qsizetype i = 0; i < body.size(); ++i)
        h.append(body.name(i), body.value(i));
    sw()->fire(Esl::Event(std::move(h), {}, false));
}

void SimSofia::fireGatewayState(const Gateway &g, const QString &status, const QString &phrase)
{
    // sofia_reg_fire_custom_gateway_state_event: Register-Network-* once the registrar has
    // answered, Phrase and Status after a REGISTER's answer.
    Esl::HeaderList h;
    h.appendText("Gateway", g.name);
    h.appendText("State", g.state);
    h.appendText("Ping-Status", g.ping);
    if (g.reachedOnce) {
        const QString host = g.proxyHost.section(u':', 0, 0);
        h.appendText("Register-Network-IP", host.front().isDigit() ? host : QStringLiteral("192.0.2.10"));
        h.appendText("Register-Network-Port", g.proxyHost.contains(u':') ? g.proxyHost.section(u':', 1)
                                                                        : QStringLiteral("5060"));
    }
    if (!status.isEmpty()) {
        h.appendText("Phrase", phrase);
        h.appendText("Status", status);
    }
    fireSofia("sofia::gateway_state", "sofia_reg_fire_custom_gateway_state_event", 156, std::move(h));
}

void SimSofia::appendDirectory(Esl::HeaderList &h, const Registration &r)
{
    // The user's directory entry (vanilla conf/directory/default/1000.xml's params and
    // variables), as mod_sofia adds them to register and unregister.
    h.appendText("sip_number_alias", r.user);
    h.appendText("sip_auth_username", r.user);
    h.appendText("sip_auth_realm", r.realm);
    h.appendText("number_alias", r.user);
    h.appendText("user_name", r.user);
    h.appendText("domain_name", r.realm);
    h.append("record_stereo", "true");
    h.append("default_gateway", "example.com");
    h.append("default_areacode", "918");
    h.append("transfer_fallback_extension", "operator");
    h.append("toll_allow", "domestic,international,local");
    h.appendText("accountcode", r.user);
    h.append("user_context", "default");
    h.appendText("effective_caller_id_name", QStringLiteral("Extension ") + r.user);
    h.appendText("effective_caller_id_number", r.user);
    h.append("outbound_caller_id_name", "FreeSWITCH");
    h.append("outbound_caller_id_number", "0000000000");
    h.append("callgroup", "techsupport");
}

Esl::HeaderList SimSofia::registerHeaders(const Registration &r, bool withCredentials) const
{
    // pre_register and register_attempt (sofia_reg_handle_register_token): the REGISTER as it
    // came; the attempt adds the credentials it was checked with.
    Esl::HeaderList h;
    h.appendText("profile-name", r.profile);
    h.appendText("from-user", r.user);
    h.appendText("from-host", r.realm);
    h.appendText("contact", QStringLiteral("\"\" <%1>").arg(r.contact));
    h.appendText("call-id", r.callId);
    h.append("rpid", "unknown");
    h.appendText("status", QStringLiteral("Registered(%1)").arg(r.proto.toUpper()));
    h.appendNumber("expires", r.expires);
    h.appendText("to-user", r.user);
    h.appendText("to-host", r.realm);
    h.appendText("network-ip", r.networkIp);
    h.appendNumber("network-port", r.networkPort);
    if (withCredentials) {
        h.appendText("username", r.user);
        h.appendText("realm", r.realm);
    }
    h.appendText("user-agent", r.userAgent);
    return h;
}

// ---- the registrar ---------------------------------------------------------------------------

void SimSofia::registerPhone(Registration r)
{
    if (r.callId.isEmpty())
        r.callId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    if (r.realm.isEmpty())
        r.realm = ip();
    const auto it = std::find_if(m_registrations.begin(), m_registrations.end(),
                                 [&](const Registration &x) { return x.callId == r.callId; });
    const bool renewal = it != m_registrations.end();
    r.expiresAtMs = now() + (qint64(r.expires) + kLateMarginSeconds) * 1000;
    fireSofia("sofia::pre_register", "sofia_reg_handle_register_token", 1810,
              registerHeaders(r, false));
    Esl::HeaderList attempt = registerHeaders(r, true);
    attempt.append("auth-result", renewal ? "RENEWED" : "SUCCESS");
    fireSofia("sofia::register_attempt", "sofia_reg_handle_register_token", 1606,
              std::move(attempt));
    // sofia::register: presence-hosts after from-host, the credentials, the directory.
    Esl::HeaderList h;
    const Esl::HeaderList base = registerHeaders(r, true);
    for (qsizetype i = 0; i < base.size(); ++i) {
        h.append(base.name(i), base.value(i));
        if (base.name(i) == "from-host")
            h.appendText("presence-hosts", ip() + u',' + ip());
    }
    appendDirectory(h, r);
    fireSofia("sofia::register", "sofia_reg_handle_register_token", 2059, std::move(h));
    if (renewal)
        *it = std::move(r);
    else
        m_registrations.append(std::move(r));
    if (!m_expiry.isActive())
        m_expiry.start();
}

bool SimSofia::unregisterPhone(const QString &callId)
{
    const auto it = std::find_if(m_registrations.begin(), m_registrations.end(),
                                 [&](const Registration &x) { return x.callId == callId; });
    if (it == m_registrations.end())
        return false;
    Registration r = *it;
    m_registrations.erase(it);
    r.expires = 0;
    Esl::HeaderList attempt = registerHeaders(r, true);
    attempt.append("auth-result", "RENEWED");
    fireSofia("sofia::register_attempt", "sofia_reg_handle_register_token", 1606,
              std::move(attempt));
    Esl::HeaderList h;
    h.appendText("profile-name", r.profile);
    h.appendText("username", r.user);
    h.appendText("from-user", r.user);
    h.appendText("from-host", r.realm);
    h.appendText("contact", QStringLiteral("\"\" <%1>").arg(r.contact));
    h.appendText("call-id", r.callId);
    h.append("rpid", "unknown");
    h.appendText("realm", r.realm);
    h.appendText("network-ip", r.networkIp);
    h.appendNumber("network-port", r.networkPort);
    h.appendText("user-agent", r.userAgent);
    h.append("expires", "0");
    appendDirectory(h, r);
    fireSofia("sofia::unregister", "sofia_reg_handle_register_token", 2213, std::move(h));
    return true;
}

void SimSofia::failRegistration(const QString &user, const QString &realm, const QString &ip)
{
    Registration r;
    r.user = user;
    r.realm = realm;
    r.callId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    r.contact = QStringLiteral("sip:%1@%2:5060").arg(user, ip);
    r.networkIp = ip;
    r.userAgent = QString::fromLatin1(kAgents[0]);
    Esl::HeaderList attempt = registerHeaders(r, true);
    attempt.append("auth-result", "FORBIDDEN");
    fireSofia("sofia::register_attempt", "sofia_reg_handle_register_token", 1606,
              std::move(attempt));
}

int SimSofia::flush(const QString &profile, const QString &target)
{
    // sofia_reg_expire_call_id / sofia_reg_check_expire: each goes through
    // sofia_reg_del_callback, which fires sofia::expire.
    int n = 0;
    for (qsizetype i = m_registrations.size() - 1; i >= 0; --i) {
        const Registration r = m_registrations[i];
        const bool matches = r.profile == profile &&
                             (target.isEmpty() || r.callId == target ||
                              target == r.user + u'@' + r.realm ||
                              (target.startsWith(u'@') && target.mid(1) == r.realm));
        if (!matches)
            continue;
        m_registrations.removeAt(i);
        Esl::HeaderList h;
        h.appendText("profile-name", r.profile);
        h.appendText("call-id", r.callId);
        h.appendText("user", r.user);
        h.appendText("username", r.user);
        h.appendText("host", r.realm);
        h.appendText("contact", QStringLiteral("\"\" <%1>").arg(r.contact));
        h.appendNumber("expires", r.expiresAtMs / 1000);
        h.appendText("user-agent", r.userAgent);
        h.appendText("realm", r.realm);
        h.appendText("network-ip", r.networkIp);
        h.appendNumber("network-port", r.networkPort);
        fireSofia("sofia::expire", "sofia_reg_del_callback", 738, std::move(h));
        ++n;
    }
    return n;
}

void SimSofia::expireDue()
{
    const qint64 t = now();
    QStringList due;
    for (const Registration &r : std::as_const(m_registrations)) {
        if (r.expiresAtMs <= t)
            due.append(r.callId);
    }
    for (const QString &callId : std::as_const(due)) {
        const auto it = std::find_if(m_registrations.cbegin(), m_registrations.cend(),
                                     [&](const Registration &x) { return x.callId == callId; });
        if (it != m_registrations.cend())
            flush(it->profile, callId);
    }
    if (m_registrations.isEmpty())
        m_expiry.stop();
}

// ---- gateways --------------------------------------------------------------------------------

SimSofia::Gateway *SimSofia::findGateway(const QString &name)
{
    for (Gateway &g : m_gateways) {
        if (g.name == name)
            return &g;
    }
    return nullptr;
}

const SimSofia::Gateway *SimSofia::gateway(const QString &name) const
{
    for (const Gateway &g : m_gateways) {
        if (g.name == name)
            return &g;
    }
    return nullptr;
}

void SimSofia::addGateway(Gateway gateway, bool announce)
{
    m_configuration.removeIf([&](const Gateway &g) { return g.name == gateway.name; });
    m_configuration.append(gateway);
    if (!announce) {
        m_gateways.removeIf([&](const Gateway &g) { return g.name == gateway.name; });
        m_gateways.append(gateway);
        return;
    }
    if (findGateway(gateway.name))
        return;
    gateway.state = QStringLiteral("UNREGED");
    gateway.ping = QStringLiteral("DOWN");
    gateway.reachedOnce = false;
    gateway.upSinceMs = 0;
    m_gateways.append(gateway);
    Esl::HeaderList h;
    h.appendText("Gateway", gateway.name);
    h.appendText("profile-name", gateway.profile);
    fireSofia("sofia::gateway_add", "sofia_reg_add_gateway", 3723, std::move(h));
    registerGateway(gateway.name);
}

void SimSofia::removeFromConfiguration(const QString &name)
{
    m_configuration.removeIf([&](const Gateway &g) { return g.name == name; });
}

void SimSofia::setReachable(const QString &name, bool reachable)
{
    for (Gateway &c : m_configuration) {
        if (c.name == name)
            c.reachable = reachable;
    }
    Gateway *g = findGateway(name);
    if (!g || g->reachable == reachable || g->deleting)
        return;
    g->reachable = reachable;
    if (!reachable && g->state == u"REGED") {
        // The OPTIONS ping fails first, then the re-registration.
        g->ping = QStringLiteral("DOWN");
        g->upSinceMs = 0;
        fireGatewayState(*g);
        g->state = QStringLiteral("UNREGED");
        registerGateway(name);
    }
}

void SimSofia::registerGateway(const QString &name)
{
    // `sofia profile P register GW` sets state UNREGED and retry 0 (no event); the gateway's
    // thread then starts a REGISTER (TRYING).
    Gateway *g = findGateway(name);
    if (!g)
        return;
    g->state = QStringLiteral("UNREGED");
    QTimer::singleShot(m_stepMs, this, [this, name] { stepGateway(name); });
}

void SimSofia::stepGateway(const QString &name)
{
    Gateway *g = findGateway(name);
    if (!g || g->deleting)
        return;
    int nextMs = m_stepMs;
    if (g->state == u"UNREGED") {
        g->state = QStringLiteral("TRYING");
        fireGatewayState(*g);
    } else if (g->state == u"TRYING") {
        if (g->reachable) {
            g->reachedOnce = true;
            g->state = QStringLiteral("REGISTER");
            fireGatewayState(*g, QStringLiteral("200"), QStringLiteral("OK"));
        } else {
            // No SIP server there: sofia-sip answers 503 itself.
            g->state = QStringLiteral("FAILED");
            g->ping = QStringLiteral("DOWN");
            g->upSinceMs = 0;
            g->retryAtMs = now() + g->retrySeconds * 1000;
            fireGatewayState(*g, QStringLiteral("503"), QStringLiteral("Service Unavailable"));
        }
    } else if (g->state == u"REGISTER") {
        g->state = QStringLiteral("REGED");
        if (g->ping != u"UP")
            g->upSinceMs = now();
        g->ping = QStringLiteral("UP");
        g->retryAtMs = 0;
        fireGatewayState(*g);
        return;
    } else if (g->state == u"FAILED") {
        g->state = QStringLiteral("FAIL_WAIT");
        fireGatewayState(*g);
        nextMs = m_stepMs * 10; // retry-seconds
    } else if (g->state == u"FAIL_WAIT") {
        g->state = QStringLiteral("UNREGED");
        fireGatewayState(*g);
    } else {
        return;
    }
    QTimer::singleShot(nextMs, this, [this, name] { stepGateway(name); });
}

void SimSofia::killGateway(const QString &name)
{
    // sofia_glue_del_gateway marks it; the gateway thread un-registers it (State DOWN) and
    // sofia_reg_check_gateway deletes it a moment later (gateway_delete).
    Gateway *g = findGateway(name);
    if (!g || g->deleting)
        return;
    g->deleting = true;
    QTimer::singleShot(m_stepMs, this, [this, name] {
        Gateway *gone = findGateway(name);
        if (!gone)
            return;
        gone->state = QStringLiteral("DOWN");
        gone->ping = QStringLiteral("DOWN");
        fireGatewayState(*gone);
        QTimer::singleShot(m_stepMs, this, [this, name] {
            Gateway *last = findGateway(name);
            if (!last)
                return;
            Esl::HeaderList h;
            h.appendText("profile-name", last->profile);
            h.appendText("Gateway", last->name);
            m_gateways.removeIf([&](const Gateway &x) { return x.name == name; });
            fireSofia("sofia::gateway_delete", "sofia_reg_check_gateway", 343, std::move(h));
        });
    });
}

void SimSofia::rescan()
{
    // reconfig_sofia reloads the XML (RELOADXML) and adds the configured gateways it lacks.
    sw()->fire(Esl::Event(sw()->eventBase("RELOADXML", "switch_xml.c", "switch_xml_open_root", 2385),
                          {}, false));
    const QList<Gateway> configured = m_configuration;
    for (const Gateway &c : configured) {
        if (!findGateway(c.name))
            addGateway(c, true);
    }
}

// ---- traffic ---------------------------------------------------------------------------------

void SimSofia::startTraffic(quint32 seed)
{
    m_random.seed(seed);
    for (int i = 0; i < 4; ++i)
        trafficTick();
    Gateway backup;
    backup.name = QStringLiteral("backup");
    backup.realm = QStringLiteral("sip.backup.example");
    backup.proxyHost = QStringLiteral("sip.backup.example");
    backup.pingFreq = 5;
    addGateway(backup, true);
    m_traffic.start();
}

void SimSofia::stopTraffic()
{
    m_traffic.stop();
}

void SimSofia::trafficTick()
{
    const int roll = int(m_random.bounded(100));
    if (roll < 35 || m_registrations.size() < 3) {
        if (m_registrations.size() >= 12)
            return;
        Registration r;
        const int n = 1001 + (m_nextPhone++ % 12);
        r.user = QString::number(n);
        r.networkIp = QStringLiteral("10.0.0.%1").arg(20 + n % 100);
        r.networkPort = 5060 + int(m_random.bounded(3));
        r.contact = QStringLiteral("sip:%1@%2:%3").arg(r.user, r.networkIp).arg(r.networkPort);
        r.userAgent = QString::fromLatin1(kAgents[m_random.bounded(int(std::size(kAgents)))]);
        // Some phones ask for a short registration and then vanish: the registrar expires them.
        r.expires = m_random.bounded(4) == 0 ? 20 : 600;
        registerPhone(r);
    } else if (roll < 60) {
        Registration r = m_registrations[m_random.bounded(int(m_registrations.size()))];
        if (r.expires > 60)
            registerPhone(r); // a renewal
    } else if (roll < 72) {
        unregisterPhone(m_registrations[m_random.bounded(int(m_registrations.size()))].callId);
    } else if (roll < 77) {
        failRegistration(QStringLiteral("1%1").arg(m_random.bounded(900) + 100), ip(),
                         QStringLiteral("203.0.113.%1").arg(m_random.bounded(250) + 1));
    } else if (roll < 83) {
        if (const Gateway *backup = gateway(QStringLiteral("backup")))
            setReachable(backup->name, !backup->reachable);
    }
}

} // namespace Sim
