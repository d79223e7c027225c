#include "console/profile.h"

#include <QCoreApplication>
#include <QHostAddress>
#include <QUuid>

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
    // Hues that stay apart on light and dark themes; after eight, the lightness shifts.
    static constexpr int hues[] = {210, 20, 120, 280, 50, 180, 330, 90};
    const int count = int(std::size(hues));
    const int m = qAbs(n);
    return QColor::fromHsl(hues[m % count], 160, 110 + 30 * ((m / count) % 3));
}

} // namespace Console
