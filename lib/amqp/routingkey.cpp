#include "routingkey.h"

#include <QList>

namespace Amqp {

namespace {

bool keySafe(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-'
           || c == '~' || c == '_';
}

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

QByteArray cut(QByteArray key)
{
    if (key.size() > maxRoutingKeyLength)
        key.truncate(maxRoutingKeyLength);
    return key;
}

} // namespace

QByteArray escapeKeyPart(QByteArrayView value)
{
    if (value == "#" || value == "*")
        return value.toByteArray();
    static constexpr char hex[] = "0123456789ABCDEF";
    QByteArray out;
    out.reserve(value.size());
    for (const char c : value) {
        if (keySafe(c)) {
            out += c;
        } else if (c == '.') {
            out += "%2E";
        } else if (c == ' ') {
            out += '+';
        } else {
            const auto byte = static_cast<unsigned char>(c);
            out += '%';
            out += hex[byte >> 4];
            out += hex[byte & 0x0f];
        }
    }
    return out;
}

QByteArray unescapeKeyPart(QByteArrayView part)
{
    QByteArray out;
    out.reserve(part.size());
    for (qsizetype i = 0; i < part.size(); ++i) {
        const char c = part[i];
        if (c == '+') {
            out += ' ';
        } else if (c == '%' && i + 2 < part.size() && hexValue(part[i + 1]) >= 0
                   && hexValue(part[i + 2]) >= 0) {
            out += char(hexValue(part[i + 1]) * 16 + hexValue(part[i + 2]));
            i += 2;
        } else {
            out += c;
        }
    }
    return out;
}

QByteArray eventRoutingKey(QByteArrayView hostname, QByteArrayView eventName,
                           QByteArrayView subclass, QByteArrayView uniqueId)
{
    QByteArray key("FreeSWITCH.");
    key += escapeKeyPart(hostname);
    key += '.';
    key += escapeKeyPart(eventName);
    key += '.';
    key += escapeKeyPart(subclass);
    key += '.';
    key += escapeKeyPart(uniqueId);
    return cut(std::move(key));
}

bool parseEventRoutingKey(QByteArrayView key, EventKey *out)
{
    const QList<QByteArray> parts = key.toByteArray().split('.');
    if (parts.size() != 5)
        return false;
    out->prefix = parts[0];
    out->hostname = unescapeKeyPart(parts[1]);
    out->eventName = unescapeKeyPart(parts[2]);
    out->subclass = unescapeKeyPart(parts[3]);
    out->uniqueId = unescapeKeyPart(parts[4]);
    return true;
}

QByteArray eventBindingKey(QByteArrayView hostname, QByteArrayView eventName)
{
    QByteArray key("FreeSWITCH.");
    key += hostname.isEmpty() ? QByteArray("*") : escapeKeyPart(hostname);
    key += '.';
    key += eventName.isEmpty() ? QByteArray("#") : escapeKeyPart(eventName) + ".#";
    return key;
}

QByteArray logRoutingKey(QByteArrayView hostname, QByteArrayView uuid, QByteArrayView level,
                         QByteArrayView file)
{
    QByteArray key = hostname.toByteArray();
    key += '.';
    key += uuid.isEmpty() ? QByteArray("(null)") : uuid.toByteArray();
    key += '.';
    key += level;
    key += '.';
    key += file.toByteArray().replace('.', '_');
    return cut(std::move(key));
}

QByteArray logBindingKey(QByteArrayView hostname)
{
    if (hostname.isEmpty())
        return "#";
    return hostname.toByteArray() + ".#";
}

QByteArray commandRoutingKey(QByteArrayView hostname)
{
    return "switchboard." + escapeKeyPart(hostname) + ".api";
}

} // namespace Amqp
