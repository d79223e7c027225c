// SimSofia's api: mod_sofia.c's sofia_function (cmd_status, cmd_xml_status, cmd_profile) and
// mod_commands' `show registrations`, with FreeSWITCH 1.10.12's texts (the bodies of
// tests/fixtures/real2/sofia-registrations; the rest after the source).

#include "simsofia.h"

#include "channel.h"
#include "simswitch.h"

#include <QDateTime>

namespace Sim {

namespace {

const QByteArray kLine = QByteArray(97, '=');
const QByteArray kXmlHeader = "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n";
const QStringList kProfiles{QStringLiteral("external"), QStringLiteral("internal")};

QByteArray usage()
{
    return "USAGE:\n"
           "--------------------------------------------------------------------------------\n"
           "sofia global siptrace <on|off>\n"
           "sofia        capture  <on|off>\n"
           "             watchdog <on|off>\n\n"
           "sofia profile <name> [start | stop | restart | rescan] [wait]\n"
           "                     flush_inbound_reg [<call_id> | <[user]@domain>] [reboot]\n"
           "                     check_sync [<call_id> | <[user]@domain>]\n"
           "                     [register | unregister] [<gateway name> | all]\n"
           "                     killgw <gateway name>\n"
           "                     [stun-auto-disable | stun-enabled] [true | false]]\n"
           "                     siptrace <on|off>\n"
           "                     capture  <on|off>\n"
           "                     watchdog <on|off>\n\n"
           "sofia <status|xmlstatus> profile <name> [reg [<contact str>]] | [pres <pres str>] | "
           "[user <user@domain>]\n"
           "sofia <status|xmlstatus> gateway <name>\n\n"
           "sofia loglevel <all|default|tport|iptsec|nea|nta|nth_client|nth_server|nua|soa|sresolv|"
           "stun> [0-9]\n"
           "sofia tracelevel <console|alert|crit|err|warning|notice|info|debug>\n\n"
           "sofia help\n"
           "--------------------------------------------------------------------------------\n";
}

// switch_amp_encode.
QString amp(QString text)
{
    text.replace(u'&', QStringLiteral("&amp;"));
    text.replace(u'<', QStringLiteral("&lt;"));
    text.replace(u'>', QStringLiteral("&gt;"));
    text.replace(u'"', QStringLiteral("&quot;"));
    text.replace(u'\'', QStringLiteral("&apos;"));
    return text;
}

QByteArray jsonString(const QString &text)
{
    QByteArray out = "\"";
    for (const char c : text.toUtf8()) {
        if (c == '"' || c == '\\')
            out += '\\';
        if (uchar(c) < 0x20) {
            out += "\\u00" + QByteArray::number(uchar(c), 16).rightJustified(2, '0');
            continue;
        }
        out += c;
    }
    return out + '"';
}

bool retrying(const SimSofia::Gateway &g)
{
    return g.state == u"FAILED" || g.state == u"FAIL_WAIT" || g.state == u"TRYING";
}

} // namespace

QString SimSofia::ip() const
{
    return sw()->config().ipv4;
}

int SimSofia::profilePort(const QString &profile) const
{
    return profile == u"internal" ? 5060 : 5080;
}

bool SimSofia::hasProfile(const QString &name) const
{
    return kProfiles.contains(name) || name == ip(); // the switch's address aliases internal
}

QByteArray SimSofia::api(const QString &, const QString &rest)
{
    const QStringList args = rest.split(u' ', Qt::SkipEmptyParts);
    if (args.isEmpty() || args[0] == u"help")
        return usage();
    if (args[0] == u"status")
        return status(args.mid(1));
    if (args[0] == u"xmlstatus")
        return xmlStatus(args.mid(1));
    if (args[0] == u"profile")
        return profileCommand(args.mid(1));
    return "Unknown Command [" + args[0].toUtf8() + "]\n";
}

QByteArray SimSofia::status(const QStringList &args) const
{
    auto row = [](const QString &name, const char *type, const QString &data,
                  const QString &state) {
        return QString::asprintf("%25s\t%s\t  %40s\t%s\n", qPrintable(name), type,
                                 qPrintable(data), qPrintable(state))
            .toUtf8();
    };
    if (args.isEmpty()) {
        QByteArray out =
            row(QStringLiteral("Name"), "   Type", QStringLiteral("Data"), QStringLiteral("State"));
        out += kLine + '\n';
        const qint64 t = QDateTime::currentMSecsSinceEpoch();
        for (const QString &p : kProfiles) {
            // RUNNING (n): the profile's channels in use.
            int inUse = 0;
            for (const auto &c : std::as_const(sw()->m_channels))
                inUse += c->name.startsWith(QStringLiteral("sofia/%1/").arg(p)) ? 1 : 0;
            if (p == u"internal")
                out += row(ip(), "  alias", p, QStringLiteral("ALIASED"));
            out += row(p, "profile", QStringLiteral("sip:mod_sofia@%1:%2").arg(ip()).arg(profilePort(p)),
                       QStringLiteral("RUNNING (%1)").arg(inUse));
            QList<const Gateway *> mine;
            for (const Gateway &g : m_gateways) {
                if (g.profile == p)
                    mine.append(&g);
            }
            std::sort(mine.begin(), mine.end(),
                      [](const Gateway *a, const Gateway *b) { return a->name < b->name; });
            for (const Gateway *g : std::as_const(mine)) {
                QString state = g->state;
                if (retrying(*g))
                    state += QStringLiteral(" (retry: %1s)").arg(std::max<qint64>(0, (g->retryAtMs - t) / 1000));
                out += row(p + QStringLiteral("::") + g->name, "gateway", g->to(), state);
            }
        }
        return out + kLine + '\n' + QByteArray::number(kProfiles.size()) + " profiles 1 alias\n";
    }
    if (args[0] == u"gateway") {
        if (args.size() < 2) {
            QByteArray out = QString::asprintf("%25s\t%32s\t%s\t%9s\t%s\t%s\n", "Profile::Gateway-Name",
                                               "    Data    ", "State", "Ping Time",
                                               "IB Calls(F/T)", "OB Calls(F/T)")
                                 .toUtf8();
            out += kLine + '\n';
            for (const Gateway &g : m_gateways) {
                out += QString::asprintf("%25s\t%32s\t%s\t%6.2f\t0/0\t0/0\n",
                                         qPrintable(g.profile + QStringLiteral("::") + g.name), qPrintable(g.to()),
                                         qPrintable(g.state), g.ping == u"UP" ? 1.5 : 0.0)
                           .toUtf8();
            }
            return out + kLine + '\n' + QByteArray::number(m_gateways.size()) +
                   (m_gateways.size() == 1 ? " gateway" : " gateways") +
                   ": Inbound(Failed/Total): 0/0,Outbound(Failed/Total):0/0\n";
        }
        const Gateway *g = gateway(args[1]);
        return g ? gatewayText(*g) : QByteArray("Invalid Gateway!\n");
    }
    if (args.size() < 2 || args[0] != u"profile")
        return "Invalid Syntax!\n";
    if (!hasProfile(args[1]))
        return "Invalid Profile!\n";
    const QString profile = args[1] == ip() ? QStringLiteral("internal") : args[1];
    if (args.value(2) == u"reg")
        return registrationsText(profile);
    return profileText(profile);
}

QByteArray SimSofia::profileText(const QString &name) const
{
    const bool internal = name == u"internal";
    const QString url = QStringLiteral("sip:mod_sofia@%1:%2").arg(ip()).arg(profilePort(name));
    int in = 0;
    int out = 0;
    for (const auto &c : std::as_const(sw()->m_channels)) {
        if (c->name.startsWith(QStringLiteral("sofia/%1/").arg(name)))
            ++(c->direction == u"inbound" ? in : out);
    }
    int registrations = 0;
    for (const Registration &r : m_registrations)
        registrations += r.profile == name ? 1 : 0;
    const QString codecs = QStringLiteral("OPUS,G722,PCMU,PCMA,H264,VP8");
    const QList<std::pair<const char *, QString>> fields = {
        {"Name", name},
        {"Domain Name", QStringLiteral("N/A")},
        {"Auto-NAT", QStringLiteral("false")},
        {"DBName", QStringLiteral("sofia_reg_") + name},
        {"Pres Hosts", internal ? ip() + u',' + ip() : QString()},
        {"Dialplan", QStringLiteral("XML")},
        {"Context", QStringLiteral("public")},
        {"Challenge Realm", QStringLiteral("auto_from")},
        {"RTP-IP", ip()},
        {"SIP-IP", ip()},
        {"URL", url},
        {"BIND-URL", url + QStringLiteral(";maddr=") + ip()},
        {"HOLD-MUSIC", QStringLiteral("local_stream://moh")},
        {"OUTBOUND-PROXY", QStringLiteral("N/A")},
        {"CODECS IN", codecs},
        {"CODECS OUT", codecs},
        {"TEL-EVENT", QStringLiteral("101")},
        {"DTMF-MODE", QStringLiteral("rfc2833")},
        {"CNG", QStringLiteral("13")},
        {"SESSION-TO", QStringLiteral("0")},
        {"MAX-DIALOG", QStringLiteral("0")},
        {"MAX-RECV-RPS", QStringLiteral("0")},
        {"NOMEDIA", QStringLiteral("false")},
        {"LATE-NEG", QStringLiteral("true")},
        {"PROXY-MEDIA", QStringLiteral("false")},
        {"AGGRESSIVENAT", QStringLiteral("false")},
        {"CALLS-IN", QString::number(in)},
        {"FAILED-CALLS-IN", QStringLiteral("0")},
        {"CALLS-OUT", QString::number(out)},
        {"FAILED-CALLS-OUT", QStringLiteral("0")},
        {"REGISTRATIONS", QString::number(registrations)}};
    QByteArray text = kLine + '\n';
    for (const auto &[field, value] : fields)
        text += QByteArray(field).leftJustified(17, ' ') + '\t' + value.toUtf8() + '\n';
    return text;
}

QByteArray SimSofia::gatewayText(const Gateway &g) const
{
    const qint64 t = QDateTime::currentMSecsSinceEpoch();
    const bool up = g.ping == u"UP";
    QByteArray out = kLine + '\n';
    const QList<std::pair<const char *, QString>> fields = {
        {"Name    ", g.name},
        {"Profile ", g.profile},
        {"Scheme  ", QStringLiteral("Digest")},
        {"Realm   ", g.realm},
        {"Username", g.username},
        {"Password", QStringLiteral("yes")},
        {"From    ", QStringLiteral("<sip:%1@%2>").arg(g.username, g.realm)},
        {"Contact ", QStringLiteral("<sip:gw+%1@%2:%3;transport=udp;gw=%1>")
                         .arg(g.name, ip())
                         .arg(profilePort(g.profile))},
        {"Exten   ", g.username},
        {"To      ", g.to()},
        {"Proxy   ", QStringLiteral("sip:") + g.proxyHost},
        {"Context ", QStringLiteral("public")},
        {"Expires ", QStringLiteral("60")},
        {"Freq    ", QStringLiteral("60")},
        {"Ping    ", QString::number(t / 1000 + g.pingFreq)},
        {"PingFreq", QString::number(g.pingFreq)},
        {"PingTime", up ? QStringLiteral("1.50") : QStringLiteral("0.00")},
        {"PingState", up ? QStringLiteral("1/1/1") : QStringLiteral("1/0/1")},
        {"State   ", g.state},
        {"Status  ", g.ping},
        {"Uptime  ", QStringLiteral("%1s").arg(up && g.upSinceMs > 0 ? (t - g.upSinceMs) / 1000 : 0)},
        {"CallsIN ", QStringLiteral("0")},
        {"CallsOUT", QStringLiteral("0")},
        {"FailedCallsIN", QStringLiteral("0")},
        {"FailedCallsOUT", QStringLiteral("0")}};
    for (const auto &[field, value] : fields)
        out += QByteArray(field) + '\t' + value.toUtf8() + '\n';
    return out + kLine + '\n';
}

QByteArray SimSofia::gatewayXml(const Gateway &g) const
{
    const qint64 t = QDateTime::currentMSecsSinceEpoch();
    const bool up = g.ping == u"UP";
    const QString contact = QStringLiteral("<sip:gw+%1@%2:%3;transport=udp;gw=%1>")
                                .arg(g.name, ip())
                                .arg(profilePort(g.profile));
    QString x = QStringLiteral("  <gateway>\n");
    auto field = [&x](const char *name, const QString &value) {
        x += QStringLiteral("    <%1>%2</%1>\n").arg(QLatin1String(name), value);
    };
    field("name", g.name);
    field("profile", g.profile);
    field("scheme", QStringLiteral("Digest"));
    field("realm", g.realm);
    field("username", g.username);
    field("password", QStringLiteral("yes"));
    field("from", amp(QStringLiteral("<sip:%1@%2>").arg(g.username, g.realm)));
    field("contact", amp(contact));
    field("exten", g.username);
    field("to", g.to());
    field("proxy", QStringLiteral("sip:") + g.proxyHost);
    field("context", QStringLiteral("public"));
    field("expires", QStringLiteral("60"));
    field("freq", QStringLiteral("60"));
    field("ping", QString::number(t / 1000 + g.pingFreq));
    field("pingfreq", QString::number(g.pingFreq));
    field("pingmin", QStringLiteral("1"));
    field("pingcount", up ? QStringLiteral("1") : QStringLiteral("0"));
    field("pingmax", QStringLiteral("1"));
    field("pingtime", up ? QStringLiteral("1.50") : QStringLiteral("0.00"));
    field("pinging", QStringLiteral("0"));
    field("state", g.state);
    field("status", g.ping);
    field("uptime-usec", QString::number(up && g.upSinceMs > 0 ? (t - g.upSinceMs) * 1000 : 0));
    field("calls-in", QStringLiteral("0"));
    field("calls-out", QStringLiteral("0"));
    field("failed-calls-in", QStringLiteral("0"));
    field("failed-calls-out", QStringLiteral("0"));
    if (retrying(g)) {
        field("retry", g.retryAtMs >= t ? QStringLiteral("%1s").arg((g.retryAtMs - t) / 1000)
                                        : QStringLiteral("NEVER"));
    }
    x += QStringLiteral("  </gateway>\n");
    return x.toUtf8();
}

QByteArray SimSofia::registrationsText(const QString &profile) const
{
    const qint64 t = QDateTime::currentMSecsSinceEpoch();
    QByteArray out = "\nRegistrations:\n" + kLine + '\n';
    int n = 0;
    for (const Registration &r : m_registrations) {
        if (r.profile != profile)
            continue;
        ++n;
        const QString exp = QDateTime::fromMSecsSinceEpoch(r.expiresAtMs).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
        out += "Call-ID:    \t" + r.callId.toUtf8() + '\n';
        out += "User:       \t" + (r.user + u'@' + r.realm).toUtf8() + '\n';
        out += "Contact:    \t\"\" <" + r.contact.toUtf8() + ">\n";
        out += "Agent:      \t" + r.userAgent.toUtf8() + '\n';
        out += QStringLiteral("Status:     \tRegistered(%1)(unknown) EXP(%2) EXPSECS(%3)\n")
                   .arg(r.proto.toUpper(), exp)
                   .arg((r.expiresAtMs - t) / 1000)
                   .toUtf8();
        out += "Ping-Status:\tReachable\nPing-Time:\t0.00\n";
        out += "Host:       \t" + sw()->config().hostname.toUtf8() + '\n';
        out += "IP:         \t" + r.networkIp.toUtf8() + '\n';
        out += "Port:       \t" + QByteArray::number(r.networkPort) + '\n';
        out += "Auth-User:  \t" + r.user.toUtf8() + '\n';
        out += "Auth-Realm: \t" + r.realm.toUtf8() + '\n';
        out += "MWI-Account:\t" + (r.user + u'@' + r.realm).toUtf8() + "\n\n";
    }
    return out + "Total items returned: " + QByteArray::number(n) + '\n' + kLine + '\n';
}

QByteArray SimSofia::registrationsXml(const QString &profile) const
{
    // show_reg_callback_xml.
    const qint64 t = QDateTime::currentMSecsSinceEpoch();
    QString x = QStringLiteral("  <registrations>\n");
    for (const Registration &r : m_registrations) {
        if (r.profile != profile)
            continue;
        const QString exp = QDateTime::fromMSecsSinceEpoch(r.expiresAtMs).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
        x += QStringLiteral("    <registration>\n");
        auto field = [&x](const char *name, const QString &value) {
            x += QStringLiteral("        <%1>%2</%1>\n").arg(QLatin1String(name), value);
        };
        field("call-id", r.callId);
        field("user", r.user + u'@' + r.realm);
        field("contact", amp(QStringLiteral("\"\" <%1>").arg(r.contact)));
        field("agent", amp(r.userAgent));
        field("status", QStringLiteral("Registered(%1)(unknown) exp(%2) expsecs(%3)")
                            .arg(r.proto.toUpper(), exp)
                            .arg((r.expiresAtMs - t) / 1000));
        field("ping-status", QStringLiteral("Reachable"));
        field("ping-time", QStringLiteral("0.00"));
        field("host", sw()->config().hostname);
        field("network-ip", r.networkIp);
        field("network-port", QString::number(r.networkPort));
        field("sip-auth-user", r.user);
        field("sip-auth-realm", r.realm);
        field("mwi-account", r.user + u'@' + r.realm);
        x += QStringLiteral("    </registration>\n");
    }
    x += QStringLiteral("  </registrations>\n");
    return x.toUtf8();
}

QByteArray SimSofia::xmlStatus(const QStringList &args) const
{
    if (args.isEmpty()) {
        QByteArray out = kXmlHeader + "<profiles>\n";
        for (const QString &p : kProfiles) {
            if (p == u"internal") {
                out += "<alias>\n<name>" + ip().toUtf8() +
                       "</name>\n<type>alias</type>\n<data>internal</data>\n<state>ALIASED</state>\n</alias>\n";
            }
            out += QStringLiteral("<profile>\n<name>%1</name>\n<type>profile</type>\n<data>sip:mod_sofia@%2:%3</data>\n<state>RUNNING (0)</state>\n</profile>\n")
                       .arg(p, ip())
                       .arg(profilePort(p))
                       .toUtf8();
            for (const Gateway &g : m_gateways) {
                if (g.profile == p) {
                    out += QStringLiteral("<gateway>\n<name>%1</name>\n<type>gateway</type>\n<data>%2</data>\n<state>%3</state>\n</gateway>\n\n")
                               .arg(g.name, g.to(), g.state)
                               .toUtf8();
                }
            }
        }
        return out + "</profiles>\n";
    }
    if (args[0] == u"gateway") {
        if (args.size() == 1) {
            QByteArray out = kXmlHeader + "<gateways>\n";
            for (const Gateway &g : m_gateways)
                out += gatewayXml(g);
            return out + "</gateways>\n";
        }
        const Gateway *g = gateway(args[1]);
        return g ? kXmlHeader + gatewayXml(*g) : QByteArray("Invalid Gateway!\n");
    }
    if (args[0] != u"profile" || args.size() < 2)
        return "Invalid Syntax!\n";
    if (!hasProfile(args[1]))
        return "Invalid Profile!\n";
    const QString profile = args[1] == ip() ? QStringLiteral("internal") : args[1];
    QByteArray out = kXmlHeader + "<profile>\n";
    if (args.value(2) != u"reg") {
        out += "  <profile-info>\n    <name>" + args[1].toUtf8() + "</name>\n";
        int n = 0;
        for (const Registration &r : m_registrations)
            n += r.profile == profile ? 1 : 0;
        out += "    <registrations>" + QByteArray::number(n) + "</registrations>\n  </profile-info>\n";
        return out + "</profile>\n";
    }
    return out + registrationsXml(profile) + "</profile>\n";
}

QByteArray SimSofia::profileCommand(const QStringList &args)
{
    // cmd_profile.
    if (args.size() < 2)
        return "Invalid Args!\n";
    if (!hasProfile(args[0]))
        return "Invalid Profile [" + args[0].toUtf8() + "]";
    const QString profile = args[0] == ip() ? QStringLiteral("internal") : args[0];
    const QString verb = args[1].toLower();
    if (verb == u"killgw") {
        if (args.size() < 3)
            return "-ERR missing gw name\n";
        const Gateway *g = gateway(args[2]);
        if (!g)
            return "-ERR no such gateway.\n";
        killGateway(g->name);
        return "+OK gateway marked for deletion.\n";
    }
    if (verb == u"rescan") {
        QTimer::singleShot(0, this, [this] { rescan(); });
        return "Reload XML [Success]\n+OK scan complete\n";
    }
    if (verb == u"flush_inbound_reg") {
        bool reboot = false;
        QString target = args.value(2);
        if (target.compare(u"reboot", Qt::CaseInsensitive) == 0) {
            reboot = true;
            target.clear();
        } else if (args.value(3).compare(u"reboot", Qt::CaseInsensitive) == 0) {
            reboot = true;
        }
        QTimer::singleShot(0, this, [this, profile, target] { flush(profile, target); });
        const QByteArray how = reboot ? "rebooting" : "flushing";
        return target.isEmpty() ? "+OK " + how + " all registrations\n"
                                : "+OK " + how + " all registrations matching specified call_id\n";
    }
    if (verb == u"register") {
        if (args.size() < 3)
            return "No gateway name provided!\n";
        if (args[2].compare(u"all", Qt::CaseInsensitive) == 0) {
            for (const Gateway &g : std::as_const(m_gateways)) {
                if (g.profile == profile)
                    registerGateway(g.name);
            }
            return "+OK\n";
        }
        if (!gateway(args[2]))
            return "Invalid gateway!\n";
        registerGateway(args[2]);
        return "+OK\n";
    }
    return "-ERR Unknown command!\n";
}

QByteArray SimSofia::showRegistrations(bool json) const
{
    if (m_registrations.isEmpty()) {
        // As the real switch answers: a space after the colon, no "rows" key.
        return json ? QByteArray("{\"row_count\": 0}\n") : QByteArray("\n0 total.\n");
    }
    const QString host = sw()->config().hostname;
    if (!json) {
        QByteArray out = "reg_user,realm,token,url,expires,network_ip,network_port,network_proto,"
                         "hostname,metadata\n";
        for (const Registration &r : m_registrations) {
            out += QStringLiteral("%1,%2,%3,sofia/%4/%5,%6,%7,%8,%9,%10,\n")
                       .arg(r.user, r.realm, r.callId, r.profile, r.contact)
                       .arg(r.expiresAtMs / 1000)
                       .arg(r.networkIp)
                       .arg(r.networkPort)
                       .arg(r.proto, host)
                       .toUtf8();
        }
        return out + '\n' + QByteArray::number(m_registrations.size()) + " total.\n";
    }
    // Compact, with no newline after it.
    QByteArray out = "{\"row_count\":" + QByteArray::number(m_registrations.size()) + ",\"rows\":[";
    for (qsizetype i = 0; i < m_registrations.size(); ++i) {
        const Registration &r = m_registrations[i];
        if (i > 0)
            out += ',';
        out += "{\"reg_user\":" + jsonString(r.user) + ",\"realm\":" + jsonString(r.realm) +
               ",\"token\":" + jsonString(r.callId) +
               ",\"url\":" + jsonString(QStringLiteral("sofia/%1/%2").arg(r.profile, r.contact)) +
               ",\"expires\":\"" + QByteArray::number(r.expiresAtMs / 1000) +
               "\",\"network_ip\":" + jsonString(r.networkIp) + ",\"network_port\":\"" +
               QByteArray::number(r.networkPort) + "\",\"network_proto\":" + jsonString(r.proto) +
               ",\"hostname\":" + jsonString(host) + ",\"metadata\":\"\"}";
    }
    return out + "]}";
}

} // namespace Sim
