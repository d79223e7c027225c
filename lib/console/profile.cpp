#include "console/profile.h"

#include "console/brokerprofile.h"
#include "console/profiletransport.h"
#include "console/watchonlysetting.h"

#include <QCoreApplication>
#include <QHostAddress>
#include <QUuid>

#include <algorithm>
#include <cmath>

namespace Console {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("Ui::Profile", text);
}

QString fieldName(ProfileField field)
{
    switch (field) {
    case ProfileField::Name:
        return tr("name");
    case ProfileField::Host:
        return tr("host");
    case ProfileField::Port:
        return tr("port");
    case ProfileField::User:
        return tr("user");
    case ProfileField::Password:
        return tr("password");
    case ProfileField::LogLevel:
        return tr("log level");
    case ProfileField::BrokerUrl:
        return tr("broker URL");
    case ProfileField::CaFile:
        return tr("CA file");
    case ProfileField::Hostnames:
        return tr("switches to watch");
    case ProfileField::ExpectedHostnames:
        return tr("expected switches");
    case ProfileField::EventNames:
        return tr("events to watch");
    case ProfileField::CommandKey:
        return tr("command key");
    default:
        return transportFieldName(field);
    }
    return {};
}

bool containsSpace(QStringView text)
{
    for (QChar c : text) {
        if (c.isSpace())
            return true;
    }
    return false;
}

} // namespace

QString Profile::newId()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

bool containsControlCharacters(QStringView text)
{
    for (QChar c : text) {
        // Cc covers C0 (CR, LF, NUL, TAB…), DEL and C1; U+2028/2029 end lines too.
        if (c.category() == QChar::Other_Control || c == QChar::LineSeparator ||
            c == QChar::ParagraphSeparator)
            return true;
    }
    return false;
}

QList<ProfileProblem> validateProfile(const Profile &profile)
{
    QList<ProfileProblem> problems;
    const auto refuseControls = [&](ProfileField field, const QString &text) {
        if (!containsControlCharacters(text))
            return false;
        problems.append({field, tr("The %1 contains a line break or another control character; "
                                   "remove it.")
                                    .arg(fieldName(field))});
        return true;
    };

    if (!refuseControls(ProfileField::Name, profile.name) && profile.name.trimmed().isEmpty())
        problems.append({ProfileField::Name, tr("Give the profile a name.")});

    if (profile.isBroker()) {
        refuseControls(ProfileField::Password, profile.password);
        problems.append(validateBrokerSettings(profile.broker));
        if (profile.logLevel < -1 || profile.logLevel > 7)
            problems.append(
                {ProfileField::LogLevel, tr("Choose a log level from 0 to 7, or none.")});
        return problems;
    }

    if (!refuseControls(ProfileField::Host, profile.host)) {
        if (profile.host.trimmed().isEmpty())
            problems.append({ProfileField::Host, tr("Enter the switch's host name or address.")});
        else if (containsSpace(profile.host))
            problems.append({ProfileField::Host, tr("The host must not contain spaces.")});
    }

    if (profile.port < 1 || profile.port > 65535)
        problems.append({ProfileField::Port, tr("The port must be a number from 1 to 65535 "
                                                "(the Event Socket listens on 8021 by default).")});

    if (!refuseControls(ProfileField::User, profile.user) && !profile.user.isEmpty()) {
        // mod_event_socket splits `userauth user@domain:password` at the first '@' and ':'.
        const qsizetype at = profile.user.indexOf(u'@');
        if (at <= 0 || at == profile.user.size() - 1 || profile.user.contains(u':') ||
            containsSpace(profile.user))
            problems.append({ProfileField::User,
                             tr("The user must look like user@domain (for userauth), without "
                                "spaces or colons; leave it empty to log in with the password "
                                "alone.")});
    }

    refuseControls(ProfileField::Password, profile.password);

    if (profile.logLevel < -1 || profile.logLevel > 7)
        problems.append({ProfileField::LogLevel, tr("Choose a log level from 0 to 7, or none.")});
    problems.append(validateTransport(profile));
    return problems;
}

bool isLoopbackHost(const QString &host)
{
    QString h = host.trimmed();
    if (h.startsWith(u'[') && h.endsWith(u']'))
        h = h.mid(1, h.size() - 2);
    if (h.endsWith(u'.'))
        h.chop(1);
    if (h.compare(u"localhost", Qt::CaseInsensitive) == 0 ||
        h.endsWith(u".localhost", Qt::CaseInsensitive))
        return true;
    QHostAddress address;
    if (!address.setAddress(h))
        return false; // a name: not resolved here (that would block, and could change later)
    bool isV4 = false;
    const quint32 v4 = address.toIPv4Address(&isV4); // also unwraps ::ffff:127.0.0.1
    if (isV4)
        return QHostAddress(v4).isLoopback();
    return address.isLoopback();
}

QString plainTextPasswordWarning(const QString &host)
{
    if (host.trimmed().isEmpty() || isLoopbackHost(host))
        return {};
    return tr("The Event Socket sends the password to %1 unencrypted: anyone on the network "
              "between here and the switch can read it. Reach remote switches through an SSH "
              "tunnel or a VPN.")
        .arg(host.trimmed());
}

QString plainTextPasswordWarning(const Profile &profile)
{
    if (profile.isBroker() || profile.tls.enabled || profile.ssh.enabled)
        return {};
    return plainTextPasswordWarning(profile.host);
}

Monitor::ServerProfile toServerProfile(const Profile &profile)
{
    Monitor::ServerProfile server;
    server.name = profile.name;
    server.colour = profile.colour.isValid() ? profile.colour.name(QColor::HexRgb) : QString();
    server.connection.host = profile.host.trimmed();
    server.connection.port = quint16(profile.port);
    server.connection.password = profile.password;
    server.connection.user = profile.user;
    server.connection.tls = profile.tls;
    server.connection.ssh = profile.ssh;
    server.connection.watchOnly = profile.watchOnly || systemWatchOnly();
    server.logLevel = profile.logLevel;
    return server;
}

QString logLevelName(int level)
{
    switch (level) {
    case -1:
        return tr("None (no log lines)");
    case 0:
        return tr("0 Console");
    case 1:
        return tr("1 Alert");
    case 2:
        return tr("2 Critical");
    case 3:
        return tr("3 Error");
    case 4:
        return tr("4 Warning");
    case 5:
        return tr("5 Notice");
    case 6:
        return tr("6 Info");
    case 7:
        return tr("7 Debug");
    }
    return QString::number(level);
}

QColor profileColour(int n)
{
    // The palette in turn; after it, darker and then lighter rounds of it.
    const QList<QColor> palette = serverPalette();
    const int m = qAbs(n);
    const QColor colour = palette.at(m % palette.size());
    switch ((m / palette.size()) % 3) {
    case 1:
        return colour.darker(150);
    case 2:
        return colour.lighter(140);
    default:
        return colour;
    }
}

QList<QColor> serverPalette()
{
    return {QColor(0x1f, 0x77, 0xb4), QColor(0xff, 0x7f, 0x0e), QColor(0x2c, 0xa0, 0x2c),
            QColor(0x94, 0x67, 0xbd), QColor(0x17, 0xbe, 0xcf), QColor(0x8c, 0x56, 0x4b),
            QColor(0xe3, 0x77, 0xc2), QColor(0xbc, 0xbd, 0x22)};
}

bool coloursLookAlike(const QColor &a, const QColor &b)
{
    // The "redmean" weighting of RGB differences: cheap, and close enough to what eyes see to
    // tell a blue from a cyan (about 150) and #296eb3 from #1f77b4 (about 25).
    if (!a.isValid() || !b.isValid())
        return false;
    const QColor x = a.toRgb();
    const QColor y = b.toRgb();
    const double meanRed = (x.red() + y.red()) / 2.0;
    const int dr = x.red() - y.red();
    const int dg = x.green() - y.green();
    const int db = x.blue() - y.blue();
    const double distance = std::sqrt((2 + meanRed / 256) * dr * dr + 4 * dg * dg +
                                      (2 + (255 - meanRed) / 256) * db * db);
    return distance < 100;
}

QColor unusedColour(const QList<QColor> &taken)
{
    QList<QColor> candidates = serverPalette();
    for (const QColor &c : serverPalette())
        candidates.append(c.darker(150));
    for (const QColor &c : serverPalette())
        candidates.append(c.lighter(140));
    const auto free = [&taken](const QColor &c) {
        return std::none_of(taken.cbegin(), taken.cend(),
                            [&c](const QColor &t) { return coloursLookAlike(c, t); });
    };
    for (const QColor &c : candidates) {
        if (free(c))
            return c;
    }
    // More servers than distinct colours: the candidate least like its nearest neighbour.
    const auto nearest = [&taken](const QColor &c) {
        double best = 1e9;
        for (const QColor &t : taken) {
            if (!t.isValid())
                continue;
            const int dr = c.red() - t.red(), dg = c.green() - t.green(), db = c.blue() - t.blue();
            best = std::min(best, double(dr * dr + dg * dg + db * db));
        }
        return best;
    };
    return *std::max_element(candidates.cbegin(), candidates.cend(),
                             [&](const QColor &l, const QColor &r) {
                                 return nearest(l) < nearest(r);
                             });
}

} // namespace Console
