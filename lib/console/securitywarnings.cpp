#include "console/securitywarnings.h"

#include <QCoreApplication>
#include <QRegularExpression>

namespace Console {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("Console::SecurityWarnings", text);
}

// mod_event_socket's fix for a Content-Length that allocates without bound came in 1.11.2.
constexpr SwitchVersion FixedIn{1, 11, 2};

} // namespace

std::optional<SwitchVersion> parseSwitchVersion(QStringView text)
{
    // Bounded: a version string is short, whatever a hostile peer sends.
    static const QRegularExpression version(QStringLiteral("(?<![\\d.])(\\d{1,4})\\.(\\d{1,4})\\.(\\d{1,4})"));
    const QRegularExpressionMatch m = version.match(text.left(512));
    if (!m.hasMatch())
        return std::nullopt;
    return SwitchVersion{m.captured(1).toInt(), m.captured(2).toInt(), m.captured(3).toInt()};
}

bool isDefaultPassword(const QString &password)
{
    // mod_event_socket compares the password exactly; only this spelling opens the default.
    return password == u"ClueCon";
}

QString tlsOnEventSocketPortHint(bool tls, int port)
{
    if (!tls || port != 8021)
        return {};
    return tr("8021 is the Event Socket itself, which has no TLS: use the port your "
              "stunnel/haproxy listens on.");
}

QString defaultPasswordWarning(const QString &password)
{
    if (!isDefaultPassword(password))
        return {};
    return tr("The default password ClueCon is in use — set event_socket.conf.xml's password.");
}

QString crashableVersionWarning(const QString &version)
{
    const auto v = parseSwitchVersion(version);
    if (!v || *v >= FixedIn)
        return {};
    return tr("FreeSWITCH %1.%2.%3 can be crashed by a client announcing a huge Content-Length "
              "(fixed in 1.11.2): upgrade, and keep the Event Socket on loopback.")
        .arg(v->major)
        .arg(v->minor)
        .arg(v->patch);
}

QList<SecurityWarning> profileWarnings(const Profile &profile)
{
    QList<SecurityWarning> out;
    if (profile.isBroker())
        return out;
    if (const QString w = plainTextPasswordWarning(profile); !w.isEmpty())
        out.append({SecurityWarning::Kind::PlainTextPassword, w});
    if (const QString w = defaultPasswordWarning(profile.password); !w.isEmpty())
        out.append({SecurityWarning::Kind::DefaultPassword, w});
    return out;
}

QList<SecurityWarning> serverWarnings(const Monitor::ServerProfile &server,
                                      const QString &switchVersion)
{
    QList<SecurityWarning> out;
    const Esl::ConnectionOptions &c = server.connection;
    if (!c.tls.enabled && !c.ssh.enabled) {
        if (const QString w = plainTextPasswordWarning(c.host); !w.isEmpty())
            out.append({SecurityWarning::Kind::PlainTextPassword, w});
    }
    if (const QString w = defaultPasswordWarning(c.password); !w.isEmpty())
        out.append({SecurityWarning::Kind::DefaultPassword, w});
    if (const QString w = crashableVersionWarning(switchVersion); !w.isEmpty())
        out.append({SecurityWarning::Kind::CrashableVersion, w});
    return out;
}

} // namespace Console
