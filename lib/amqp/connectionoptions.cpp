// ConnectionOptions from and to an AMQP URI (https://www.rabbitmq.com/uri-spec.html and
// uri-query-parameters.html). Parsed by hand rather than through QUrl, which repairs what it
// does not understand: an operator who typed a wrong URL must be told what is wrong with it.
#include "client.h"

#include <QRegularExpression>
#include <QStringList>
#include <QUrl>

#include <algorithm>

namespace Amqp {

namespace {

QString urlError(const QString &what)
{
    return QStringLiteral("amqp URL: ") + what;
}

// Percent-decodes one component; false on a '%' not followed by two hex digits.
bool percentDecode(QStringView text, QString *out)
{
    const QByteArray raw = text.toUtf8();
    QByteArray bytes;
    bytes.reserve(raw.size());
    for (qsizetype i = 0; i < raw.size(); ++i) {
        const char c = raw[i];
        if (c != '%') {
            bytes += c;
            continue;
        }
        const auto hex = [](char h) {
            if (h >= '0' && h <= '9')
                return h - '0';
            if (h >= 'a' && h <= 'f')
                return h - 'a' + 10;
            if (h >= 'A' && h <= 'F')
                return h - 'A' + 10;
            return -1;
        };
        if (i + 2 >= raw.size() || hex(raw[i + 1]) < 0 || hex(raw[i + 2]) < 0)
            return false;
        bytes += char(hex(raw[i + 1]) * 16 + hex(raw[i + 2]));
        i += 2;
    }
    *out = QString::fromUtf8(bytes);
    return true;
}

bool decodePart(QStringView text, const QString &what, QString *out, QString *error)
{
    if (percentDecode(text, out))
        return true;
    *error = urlError(QStringLiteral("bad percent-encoding in the %1 (write %25 for a '%')").arg(what));
    return false;
}

// A whole number within [low, high]; the error names the parameter and the range.
bool parseNumber(const QString &text, const QString &what, qint64 low, qint64 high, qint64 *out,
                 QString *error)
{
    bool digits = !text.isEmpty() && text.size() <= 18;
    for (const QChar c : text)
        digits = digits && c.isDigit() && c.unicode() < 128;
    if (!digits) {
        const bool longNumber = !text.isEmpty() && text.size() > 18
                                && std::all_of(text.begin(), text.end(), [](QChar c) {
                                       return c.unicode() < 128 && c.isDigit();
                                   });
        *error = longNumber ? urlError(QStringLiteral("%1 %2 is out of range (%3–%4)")
                                           .arg(what, text)
                                           .arg(low)
                                           .arg(high))
                            : urlError(QStringLiteral("%1 \"%2\" is not a number").arg(what, text));
        return false;
    }
    const qint64 value = text.toLongLong();
    if (value < low || value > high) {
        *error = urlError(
            QStringLiteral("%1 %2 is out of range (%3–%4)").arg(what, text).arg(low).arg(high));
        return false;
    }
    *out = value;
    return true;
}

// The same form as eslcat's --pin: "sha256//" and 32 bytes in base64 (43 characters and '=').
bool isPin(const QString &text)
{
    static const QRegularExpression pin(QStringLiteral("^sha256//[A-Za-z0-9+/]{43}=$"));
    return pin.match(text).hasMatch();
}

bool applyQuery(const QString &query, ConnectionOptions *o, QString *error)
{
    bool hasCert = false, hasKey = false;
    for (const QString &pair : query.split(u'&', Qt::SkipEmptyParts)) {
        const qsizetype eq = pair.indexOf(u'=');
        QString key, value;
        if (!decodePart(QStringView(pair).left(eq < 0 ? pair.size() : eq),
                        QStringLiteral("query"), &key, error)
            || !decodePart(eq < 0 ? QStringView() : QStringView(pair).mid(eq + 1),
                           QStringLiteral("query"), &value, error))
            return false;
        qint64 number = 0;
        if (key == u"heartbeat") {
            if (!parseNumber(value, QStringLiteral("heartbeat"), 0, 65535, &number, error))
                return false;
            o->heartbeatSeconds = int(number);
        } else if (key == u"connection_timeout") {
            if (!parseNumber(value, QStringLiteral("connection_timeout"), 1, 3600000, &number,
                             error))
                return false;
            o->connectTimeoutMs = int(number);
        } else if (key == u"frame_max") {
            if (!parseNumber(value, QStringLiteral("frame_max"), 4096, 1048576, &number, error))
                return false;
            o->frameMax = int(number);
        } else if (key == u"cacertfile" || key == u"certfile" || key == u"keyfile") {
            if (!o->tls) {
                *error = urlError(QStringLiteral("%1= needs an amqps:// URL").arg(key));
                return false;
            }
            if (value.isEmpty()) {
                *error = urlError(QStringLiteral("%1= needs a file name").arg(key));
                return false;
            }
            if (key == u"cacertfile") {
                o->caFile = value;
            } else if (key == u"certfile") {
                o->certFile = value;
                hasCert = true;
            } else {
                o->keyFile = value;
                hasKey = true;
            }
        } else if (key == u"pin") {
            if (!o->tls) {
                *error = urlError(QStringLiteral("pin= needs an amqps:// URL"));
                return false;
            }
            if (!isPin(value)) {
                *error = urlError(
                    QStringLiteral("pin \"%1\" is not sha256// and the base64 of 32 bytes")
                        .arg(value));
                return false;
            }
            o->pinnedKey = value;
        } else if (key == u"verify") {
            if (value == u"verify_none") {
                o->verifyPeer = false;
                o->verifyHostname = false;
            } else if (value == u"verify_peer") {
                o->verifyPeer = true;
                o->verifyHostname = true;
            } else {
                *error = urlError(
                    QStringLiteral("verify must be verify_peer or verify_none, not \"%1\"").arg(value));
                return false;
            }
        } else if (key == u"auth_mechanism") {
            if (value.compare(u"plain", Qt::CaseInsensitive) != 0) {
                *error = urlError(
                    QStringLiteral("auth_mechanism \"%1\" is not supported (only PLAIN)").arg(value));
                return false;
            }
        } else if (key == u"server_name_indication" || key == u"channel_max") {
            // The host name is sent as SNI anyway; one channel set is all we open.
        } else {
            *error = urlError(QStringLiteral("unknown parameter \"%1\"").arg(key));
            return false;
        }
    }
    if (hasCert != hasKey) {
        *error = urlError(QStringLiteral("certfile= and keyfile= go together"));
        return false;
    }
    return true;
}

bool parseHostPort(QStringView hostPort, ConnectionOptions *o, QString *error)
{
    QStringView host = hostPort, port;
    if (hostPort.startsWith(u'[')) {
        const qsizetype close = hostPort.indexOf(u']');
        if (close < 0) {
            *error = urlError(QStringLiteral("the IPv6 address has no closing ']'"));
            return false;
        }
        host = hostPort.mid(1, close - 1);
        const QStringView after = hostPort.mid(close + 1);
        if (!after.isEmpty() && !after.startsWith(u':')) {
            *error = urlError(QStringLiteral("unexpected text after the IPv6 address"));
            return false;
        }
        port = after.mid(1);
    } else {
        const qsizetype colon = hostPort.indexOf(u':');
        if (colon >= 0) {
            if (hostPort.indexOf(u':', colon + 1) >= 0) {
                *error = urlError(QStringLiteral("write an IPv6 address in brackets: [::1]"));
                return false;
            }
            host = hostPort.left(colon);
            port = hostPort.mid(colon + 1);
        }
    }
    QString decodedHost;
    if (!decodePart(host, QStringLiteral("host"), &decodedHost, error))
        return false;
    if (!decodedHost.isEmpty())
        o->host = decodedHost;
    if (!port.isEmpty()) {
        qint64 number = 0;
        if (!parseNumber(port.toString(), QStringLiteral("port"), 1, 65535, &number, error))
            return false;
        o->port = quint16(number);
    }
    return true;
}

} // namespace

ConnectionOptions ConnectionOptions::fromUrl(const QString &url, QString *error)
{
    ConnectionOptions o;
    QString ignored;
    QString &err = error ? *error : ignored;
    err.clear();
    const QString text = url.trimmed();
    if (text.isEmpty()) {
        err = urlError(QStringLiteral("empty"));
        return o;
    }
    const qsizetype schemeEnd = text.indexOf(QStringLiteral("://"));
    const QString scheme = schemeEnd < 0 ? QString() : text.left(schemeEnd).toLower();
    if (scheme == u"amqp") {
        o.tls = false;
        o.port = 5672;
    } else if (scheme == u"amqps") {
        o.tls = true;
        o.port = 5671;
    } else {
        err = urlError(QStringLiteral("it must start with amqp:// or amqps:// (\"%1\")").arg(text));
        return o;
    }
    QStringView rest = QStringView(text).mid(schemeEnd + 3);
    if (rest.contains(u'#')) {
        err = urlError(QStringLiteral("a '#' must be written %23"));
        return o;
    }
    QStringView query;
    if (const qsizetype q = rest.indexOf(u'?'); q >= 0) {
        query = rest.mid(q + 1);
        rest = rest.left(q);
    }
    QStringView authority = rest, path;
    bool hasPath = false;
    if (const qsizetype slash = rest.indexOf(u'/'); slash >= 0) {
        authority = rest.left(slash);
        path = rest.mid(slash + 1);
        hasPath = true;
    }
    // The last '@' ends the user info: passwords with an unencoded '@' are common enough.
    if (const qsizetype at = authority.lastIndexOf(u'@'); at >= 0) {
        const QStringView userInfo = authority.left(at);
        const qsizetype colon = userInfo.indexOf(u':');
        if (!decodePart(colon < 0 ? userInfo : userInfo.left(colon), QStringLiteral("user"),
                        &o.user, &err))
            return o;
        if (colon >= 0
            && !decodePart(userInfo.mid(colon + 1), QStringLiteral("password"), &o.password, &err))
            return o;
        authority = authority.mid(at + 1);
    }
    if (!parseHostPort(authority, &o, &err))
        return o;
    if (hasPath && path.contains(u'/')) {
        err = urlError(QStringLiteral("the vhost is one path segment; write a '/' in it as %2F"));
        return o;
    }
    QString vhost;
    if (!decodePart(path, QStringLiteral("vhost"), &vhost, &err))
        return o;
    o.vhost = vhost.isEmpty() ? QStringLiteral("/") : vhost;
    if (!applyQuery(query.toString(), &o, &err))
        return o;
    return o;
}

QString ConnectionOptions::describe() const
{
    const ConnectionOptions defaults;
    QString url = tls ? QStringLiteral("amqps://") : QStringLiteral("amqp://");
    url += QString::fromUtf8(QUrl::toPercentEncoding(user)) + u'@';
    url += host.contains(u':') ? u'[' + host + u']' : QString::fromUtf8(QUrl::toPercentEncoding(host));
    url += u':' + QString::number(port) + u'/';
    if (vhost != u"/")
        url += QString::fromUtf8(QUrl::toPercentEncoding(vhost));
    QStringList query;
    if (heartbeatSeconds != defaults.heartbeatSeconds)
        query << QStringLiteral("heartbeat=%1").arg(heartbeatSeconds);
    if (connectTimeoutMs != defaults.connectTimeoutMs)
        query << QStringLiteral("connection_timeout=%1").arg(connectTimeoutMs);
    if (frameMax != defaults.frameMax)
        query << QStringLiteral("frame_max=%1").arg(frameMax);
    const auto file = [&query](const char *key, const QString &path) {
        if (!path.isEmpty())
            query << QString::fromLatin1(key) + u'=' + QString::fromUtf8(QUrl::toPercentEncoding(path, "/"));
    };
    file("cacertfile", caFile);
    file("certfile", certFile);
    file("keyfile", keyFile);
    if (tls && !verifyPeer)
        query << QStringLiteral("verify=verify_none");
    // Written as it is ('+', '/' and '=' unencoded), so an operator can compare it by eye.
    if (tls && !pinnedKey.isEmpty())
        query << QStringLiteral("pin=") + pinnedKey;
    if (!query.isEmpty())
        url += u'?' + query.join(u'&');
    return url;
}

} // namespace Amqp
