#include "console/profileexchange.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

namespace Console {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("Console::ProfileExchange", text);
}

const QString Format = QStringLiteral("switchboard-profiles");
constexpr int Version = 1;
constexpr qint64 MaxFileBytes = 1 << 20; // far above any real list of profiles
constexpr int MaxProfiles = 1000;

QJsonArray toArray(const QStringList &names)
{
    return QJsonArray::fromStringList(names);
}

QStringList toStrings(const QJsonValue &value)
{
    QStringList out;
    for (const QJsonValue &v : value.toArray()) {
        if (v.isString())
            out.append(v.toString());
    }
    return out;
}

QJsonObject toJson(const Profile &p)
{
    QJsonObject o{{QStringLiteral("name"), p.name},
                  {QStringLiteral("colour"),
                   p.colour.isValid() ? p.colour.name(QColor::HexRgb) : QString()},
                  {QStringLiteral("logLevel"), p.logLevel},
                  {QStringLiteral("autoConnect"), p.autoConnect},
                  {QStringLiteral("watchOnly"), p.watchOnly},
                  {QStringLiteral("user"), p.user}};
    if (p.isBroker()) {
        o.insert(QStringLiteral("kind"), QStringLiteral("rabbitmq"));
        const BrokerSettings &b = p.broker;
        o.insert(QStringLiteral("broker"),
                 QJsonObject{{QStringLiteral("url"), b.url},
                             {QStringLiteral("caFile"), b.caFile},
                             {QStringLiteral("verifyPeer"), b.verifyPeer},
                             {QStringLiteral("hostnames"), toArray(b.hostnames)},
                             {QStringLiteral("expectedHostnames"), toArray(b.expectedHostnames)},
                             {QStringLiteral("eventNames"), toArray(b.eventNames)},
                             {QStringLiteral("commandKey"), b.commandKey}});
        return o;
    }
    o.insert(QStringLiteral("kind"), QStringLiteral("eventsocket"));
    o.insert(QStringLiteral("host"), p.host);
    o.insert(QStringLiteral("port"), p.port);
    o.insert(QStringLiteral("tls"),
             QJsonObject{{QStringLiteral("enabled"), p.tls.enabled},
                         {QStringLiteral("caFile"), p.tls.caFile},
                         {QStringLiteral("pinnedKey"), p.tls.pinnedKey},
                         {QStringLiteral("peerName"), p.tls.peerName},
                         {QStringLiteral("certificateFile"), p.tls.certificateFile},
                         {QStringLiteral("keyFile"), p.tls.keyFile}});
    // No password, no passphrase: secrets stay on this machine.
    o.insert(QStringLiteral("ssh"),
             QJsonObject{{QStringLiteral("enabled"), p.ssh.enabled},
                         {QStringLiteral("host"), p.ssh.host},
                         {QStringLiteral("port"), int(p.ssh.port)},
                         {QStringLiteral("user"), p.ssh.user},
                         {QStringLiteral("keyFile"), p.ssh.keyFile},
                         {QStringLiteral("knownHostsFile"), p.ssh.knownHostsFile},
                         {QStringLiteral("keepaliveSeconds"), p.ssh.keepaliveSeconds}});
    return o;
}

Profile fromJson(const QJsonObject &o)
{
    Profile p;
    p.id = Profile::newId();
    const auto text = [](const QJsonObject &obj, const char *key, const QString &fallback) {
        const QJsonValue v = obj.value(QLatin1StringView(key));
        return v.isString() ? v.toString() : fallback;
    };
    p.name = text(o, "name", QString());
    p.colour = QColor::fromString(text(o, "colour", QString()));
    p.logLevel = o.value(QStringLiteral("logLevel")).toInt(p.logLevel);
    p.autoConnect = o.value(QStringLiteral("autoConnect")).toBool(p.autoConnect);
    p.watchOnly = o.value(QStringLiteral("watchOnly")).toBool(false);
    p.user = text(o, "user", QString());
    if (o.value(QStringLiteral("kind")).toString() == u"rabbitmq") {
        p.kind = ProfileKind::Broker;
        const QJsonObject b = o.value(QStringLiteral("broker")).toObject();
        p.broker.url = text(b, "url", p.broker.url);
        p.broker.caFile = text(b, "caFile", QString());
        p.broker.verifyPeer = b.value(QStringLiteral("verifyPeer")).toBool(true);
        p.broker.hostnames = toStrings(b.value(QStringLiteral("hostnames")));
        p.broker.expectedHostnames = toStrings(b.value(QStringLiteral("expectedHostnames")));
        p.broker.eventNames = toStrings(b.value(QStringLiteral("eventNames")));
        p.broker.commandKey = text(b, "commandKey", p.broker.commandKey);
        return p;
    }
    p.host = text(o, "host", p.host);
    p.port = o.value(QStringLiteral("port")).toInt(p.port);
    const QJsonObject tls = o.value(QStringLiteral("tls")).toObject();
    p.tls.enabled = tls.value(QStringLiteral("enabled")).toBool(false);
    p.tls.caFile = text(tls, "caFile", QString());
    p.tls.pinnedKey = text(tls, "pinnedKey", QString());
    p.tls.peerName = text(tls, "peerName", QString());
    p.tls.certificateFile = text(tls, "certificateFile", QString());
    p.tls.keyFile = text(tls, "keyFile", QString());
    const QJsonObject ssh = o.value(QStringLiteral("ssh")).toObject();
    p.ssh.enabled = ssh.value(QStringLiteral("enabled")).toBool(false);
    p.ssh.host = text(ssh, "host", QString());
    const int port = ssh.value(QStringLiteral("port")).toInt(22);
    p.ssh.port = port >= 1 && port <= 65535 ? quint16(port) : quint16(0); // 0: validation says
    p.ssh.user = text(ssh, "user", QString());
    p.ssh.keyFile = text(ssh, "keyFile", QString());
    p.ssh.knownHostsFile = text(ssh, "knownHostsFile", QString());
    p.ssh.keepaliveSeconds =
        ssh.value(QStringLiteral("keepaliveSeconds")).toInt(p.ssh.keepaliveSeconds);
    return p;
}

} // namespace

QByteArray exportProfiles(const QList<Profile> &profiles)
{
    QJsonArray list;
    for (const Profile &p : profiles)
        list.append(toJson(p));
    const QJsonObject root{{QStringLiteral("format"), Format},
                           {QStringLiteral("version"), Version},
                           {QStringLiteral("profiles"), list}};
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

ProfileExchange importProfiles(QByteArrayView json)
{
    ProfileExchange out;
    if (json.size() > MaxFileBytes) {
        out.error = tr("the file is larger than 1 MiB: not a list of profiles");
        return out;
    }
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json.toByteArray(), &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        out.error = tr("not JSON (%1 at byte %2)")
                        .arg(parseError.errorString())
                        .arg(parseError.offset);
        return out;
    }
    const QJsonObject root = doc.object();
    if (root.value(QStringLiteral("format")).toString() != Format) {
        out.error = tr("not a Switchboard profiles file (exported with Export…)");
        return out;
    }
    if (root.value(QStringLiteral("version")).toInt() > Version) {
        out.error = tr("written by a newer Switchboard (version %1 of the format)")
                        .arg(root.value(QStringLiteral("version")).toInt());
        return out;
    }
    const QJsonArray list = root.value(QStringLiteral("profiles")).toArray();
    if (list.size() > MaxProfiles) {
        out.error = tr("more than %1 profiles").arg(MaxProfiles);
        return out;
    }
    for (const QJsonValue &v : list) {
        if (v.isObject())
            out.profiles.append(fromJson(v.toObject()));
    }
    return out;
}

QString writeProfilesFile(const QString &path, const QList<Profile> &profiles)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return file.errorString();
    file.write(exportProfiles(profiles));
    if (!file.commit())
        return file.errorString();
    return {};
}

ProfileExchange readProfilesFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {{}, file.errorString()};
    return importProfiles(file.read(MaxFileBytes + 1));
}

} // namespace Console
