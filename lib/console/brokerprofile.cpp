#include "console/brokerprofile.h"
#include "console/watchonlysetting.h"

#include <QCoreApplication>
#include <QRegularExpression>

namespace Console {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("Ui::Profile", text);
}

// Whether the user info of an amqp[s]:// URL holds a password (user:password@host).
bool urlHoldsPassword(const QString &url)
{
    const qsizetype schemeEnd = url.indexOf(QStringLiteral("://"));
    QStringView rest = QStringView(url).mid(schemeEnd < 0 ? 0 : schemeEnd + 3);
    for (const QChar end : {u'/', u'?'}) {
        if (const qsizetype cut = rest.indexOf(end); cut >= 0)
            rest = rest.left(cut);
    }
    const qsizetype at = rest.lastIndexOf(u'@');
    return at >= 0 && rest.left(at).contains(u':');
}

bool hasControlOrSpace(const QString &text)
{
    if (containsControlCharacters(text))
        return true;
    for (const QChar c : text) {
        if (c.isSpace())
            return true;
    }
    return false;
}

} // namespace

QString profileKindName(ProfileKind kind)
{
    switch (kind) {
    case ProfileKind::EventSocket:
        return tr("Event Socket");
    case ProfileKind::Broker:
        return tr("RabbitMQ (mod_amqp)");
    }
    return {};
}

QString brokerUrlProblem(const QString &url)
{
    if (containsControlCharacters(url))
        return tr("The broker URL contains a line break or another control character; remove it.");
    QString error;
    (void)Amqp::ConnectionOptions::fromUrl(url, &error);
    if (!error.isEmpty())
        return error;
    if (urlHoldsPassword(url.trimmed()))
        return tr("Leave the password out of the URL (amqp://user@host/vhost) and type it in the "
                  "Password field: it is kept in the keychain there, not in the settings file.");
    return {};
}

QList<ProfileProblem> validateBrokerSettings(const BrokerSettings &broker)
{
    QList<ProfileProblem> problems;
    if (const QString why = brokerUrlProblem(broker.url); !why.isEmpty())
        problems.append({ProfileField::BrokerUrl, why});
    if (containsControlCharacters(broker.caFile))
        problems.append({ProfileField::CaFile, tr("The CA file contains a line break or another "
                                                  "control character; remove it.")});
    const auto checkNames = [&problems](ProfileField field, const QStringList &names,
                                        const QString &what) {
        for (const QString &name : names) {
            if (hasControlOrSpace(name) || name.toUtf8().size() > 200) {
                problems.append({field, tr("“%1” is not a %2: one word without control "
                                           "characters, at most 200 bytes.")
                                            .arg(name.left(40), what)});
                return;
            }
        }
    };
    checkNames(ProfileField::Hostnames, broker.hostnames, tr("hostname"));
    checkNames(ProfileField::ExpectedHostnames, broker.expectedHostnames, tr("hostname"));
    static const QRegularExpression eventName(QStringLiteral("^[A-Za-z0-9_]+$"));
    for (const QString &name : broker.eventNames) {
        if (!eventName.match(name).hasMatch()) {
            problems.append({ProfileField::EventNames,
                             tr("“%1” is not an event name (letters, digits and _ only, e.g. "
                                "CHANNEL_CREATE; CUSTOM for custom events).")
                                 .arg(name.left(40))});
            break;
        }
    }
    const QString key = broker.commandKey.trimmed();
    if (key.isEmpty() || hasControlOrSpace(key) || key.toUtf8().size() > 200)
        problems.append({ProfileField::CommandKey,
                         tr("The command key is the routing key of each switch's mod_amqp "
                            "command profile, one word such as switchboard.<hostname>.api.")});
    return problems;
}

Monitor::BrokerOptions toBrokerOptions(const Profile &profile)
{
    Monitor::BrokerOptions options;
    QString error;
    options.connection = Amqp::ConnectionOptions::fromUrl(profile.broker.url, &error);
    options.connection.password = profile.password;
    if (!profile.broker.caFile.trimmed().isEmpty())
        options.connection.caFile = profile.broker.caFile.trimmed();
    options.connection.verifyPeer = profile.broker.verifyPeer;
    options.connection.verifyHostname = profile.broker.verifyPeer;
    options.hostnames = profile.broker.hostnames;
    options.expectedHostnames = profile.broker.expectedHostnames;
    options.eventNames = profile.broker.eventNames;
    options.logLines = profile.logLevel >= 0;
    options.commandKeyTemplate = profile.broker.commandKey.trimmed();
    options.watchOnly = profile.watchOnly || systemWatchOnly();
    return options;
}

QString joinNames(const QStringList &names)
{
    return names.join(QStringLiteral(", "));
}

QStringList splitNames(const QString &text)
{
    static const QRegularExpression separators(QStringLiteral("[,\\s]+"));
    QStringList names;
    for (const QString &name : text.split(separators, Qt::SkipEmptyParts)) {
        if (!names.contains(name))
            names.append(name);
    }
    return names;
}

} // namespace Console
