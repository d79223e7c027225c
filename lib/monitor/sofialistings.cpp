#include "sofialistings.h"

#include "panelstore.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QXmlStreamReader>

namespace Monitor::Sofia {

namespace {

Esl::Error unreadable(const QString &what)
{
    return Esl::Error{Esl::Error::Code::Decode, what, -1};
}

// What a switch said instead of a listing, for the sync's reason ("Invalid Profile!").
QString firstLine(QByteArrayView body)
{
    QByteArrayView line = body.trimmed();
    if (const qsizetype nl = line.indexOf('\n'); nl >= 0)
        line = line.first(nl);
    return QString::fromUtf8(line.first(std::min<qsizetype>(line.size(), 120))).trimmed();
}

std::optional<Esl::Error> checkSize(QByteArrayView body, QStringView what)
{
    if (body.size() > kMaxListingBytes) {
        return unreadable(QStringLiteral("%1 is %2 bytes, more than the %3 a listing may be")
                              .arg(what)
                              .arg(body.size())
                              .arg(kMaxListingBytes));
    }
    return std::nullopt;
}

QString tooMany(QStringView what)
{
    return QStringLiteral("more than %1 %2 in one listing").arg(PanelStore::kMaxRows).arg(what);
}

} // namespace

QString protoOfStatus(const QString &status)
{
    const qsizetype open = status.indexOf(u'(');
    const qsizetype close = status.indexOf(u')', open + 1);
    if (open < 0 || close < 0)
        return {};
    return status.mid(open + 1, close - open - 1).toLower();
}

QString bareContact(const QString &contact)
{
    const qsizetype open = contact.indexOf(u'<');
    const qsizetype close = contact.lastIndexOf(u'>');
    if (open >= 0 && close > open)
        return contact.mid(open + 1, close - open - 1);
    return contact.trimmed();
}

bool isPlainName(QStringView name)
{
    if (name.isEmpty() || name.size() > 128)
        return false;
    for (const QChar c : name) {
        if (c.unicode() <= 0x20 || c.unicode() == 0x7f || c.unicode() > 0x7e)
            return false;
    }
    return true;
}

Esl::Expected<QList<Registration>> parseRegistrationsJson(QByteArrayView body)
{
    if (auto error = checkSize(body, u"the registrations listing"))
        return *error;
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(body.toByteArray(), &parseError);
    if (!doc.isObject()) {
        const QString said = firstLine(body);
        return unreadable(parseError.error != QJsonParseError::NoError && said.startsWith(u'{')
                              ? QStringLiteral("the registrations listing is not JSON: %1 at %2")
                                    .arg(parseError.errorString())
                                    .arg(parseError.offset)
                              : QStringLiteral("show registrations answered \"%1\"").arg(said));
    }
    const QJsonObject top = doc.object();
    if (!top.value(u"row_count").isDouble())
        return unreadable(QStringLiteral("the registrations listing has no row_count"));
    const double count = top.value(u"row_count").toDouble();
    const QJsonArray rows = top.value(u"rows").toArray();
    if (count < 0 || count > PanelStore::kMaxRows || rows.size() > PanelStore::kMaxRows)
        return unreadable(tooMany(u"registrations"));
    if (qsizetype(count) != rows.size()) {
        return unreadable(QStringLiteral("the registrations listing says row_count %1 but has %2 "
                                         "rows")
                              .arg(qint64(count))
                              .arg(rows.size()));
    }
    QList<Registration> out;
    out.reserve(rows.size());
    for (const QJsonValue &value : rows) {
        if (!value.isObject())
            return unreadable(QStringLiteral("a registration row is not an object"));
        const QJsonObject row = value.toObject();
        Registration r;
        r.user = row.value(u"reg_user").toString();
        r.realm = row.value(u"realm").toString();
        r.callId = row.value(u"token").toString();
        // "sofia/internal/sip:1000@10.0.0.5:5060": the profile, then the contact.
        const QString url = row.value(u"url").toString();
        if (url.startsWith(u"sofia/")) {
            const qsizetype slash = url.indexOf(u'/', 6);
            r.profile = url.mid(6, slash < 0 ? -1 : slash - 6);
            r.contact = slash < 0 ? QString() : bareContact(url.mid(slash + 1));
        } else {
            r.contact = bareContact(url);
        }
        bool ok = false;
        const qint64 expires = row.value(u"expires").toString().toLongLong(&ok);
        r.expiresAtMs = ok && expires > 0 ? expires * 1000 : 0;
        r.networkIp = row.value(u"network_ip").toString();
        r.networkPort = row.value(u"network_port").toString();
        r.networkProto = row.value(u"network_proto").toString().toLower();
        r.hostname = row.value(u"hostname").toString();
        if (!r.networkProto.isEmpty())
            r.status = QStringLiteral("Registered(%1)").arg(r.networkProto.toUpper());
        if (r.callId.isEmpty())
            return unreadable(QStringLiteral("a registration row has no token (Call-ID)"));
        out.append(std::move(r));
    }
    return out;
}

Esl::Expected<QList<Registration>> parseProfileRegistrationsXml(QByteArrayView body,
                                                                const QString &profile,
                                                                qint64 nowMs)
{
    if (auto error = checkSize(body, u"the profile's registrations"))
        return *error;
    if (!body.trimmed().startsWith('<')) {
        return unreadable(QStringLiteral("sofia xmlstatus profile %1 reg answered \"%2\"")
                              .arg(profile, firstLine(body)));
    }
    static const QRegularExpression expsecs(QStringLiteral("expsecs\\((-?\\d+)\\)"));
    QXmlStreamReader xml(body.toByteArray());
    QList<Registration> out;
    bool inside = false;
    Registration r;
    while (!xml.atEnd()) {
        const auto token = xml.readNext();
        if (token == QXmlStreamReader::StartElement) {
            const QStringView name = xml.name();
            if (name == u"registration") {
                if (out.size() >= PanelStore::kMaxRows)
                    return unreadable(tooMany(u"registrations"));
                inside = true;
                r = Registration{};
                r.profile = profile;
                continue;
            }
            if (!inside)
                continue;
            const QString field = name.toString();
            const QString text =
                xml.readElementText(QXmlStreamReader::SkipChildElements).trimmed();
            if (field == u"call-id") {
                r.callId = text;
            } else if (field == u"user") {
                const qsizetype at = text.lastIndexOf(u'@');
                r.user = at < 0 ? text : text.left(at);
                r.realm = at < 0 ? QString() : text.mid(at + 1);
            } else if (field == u"contact") {
                r.contact = bareContact(text);
            } else if (field == u"agent") {
                r.userAgent = text;
            } else if (field == u"status") {
                // "Registered(UDP)(unknown) exp(…) expsecs(104)": the status, then the rpid.
                const qsizetype close = text.indexOf(u')');
                r.status = close < 0 ? text.section(u' ', 0, 0) : text.left(close + 1);
                r.networkProto = protoOfStatus(r.status);
                if (const auto m = expsecs.match(text); m.hasMatch())
                    r.expiresAtMs = nowMs + m.captured(1).toLongLong() * 1000;
            } else if (field == u"ping-status") {
                r.pingStatus = text;
            } else if (field == u"host") {
                r.hostname = text;
            } else if (field == u"network-ip") {
                r.networkIp = text;
            } else if (field == u"network-port") {
                r.networkPort = text;
            }
        } else if (token == QXmlStreamReader::EndElement && xml.name() == u"registration") {
            inside = false;
            if (r.callId.isEmpty())
                return unreadable(QStringLiteral("a registration of %1 has no call-id").arg(profile));
            out.append(std::move(r));
        }
    }
    if (xml.hasError()) {
        return unreadable(QStringLiteral("the registrations of %1 are not XML: %2 (line %3)")
                              .arg(profile, xml.errorString())
                              .arg(xml.lineNumber()));
    }
    return out;
}

Esl::Expected<QList<Gateway>> parseGatewaysXml(QByteArrayView body, qint64 nowMs)
{
    if (auto error = checkSize(body, u"the gateways listing"))
        return *error;
    if (!body.trimmed().startsWith('<'))
        return unreadable(QStringLiteral("sofia xmlstatus gateway answered \"%1\"").arg(firstLine(body)));
    QXmlStreamReader xml(body.toByteArray());
    QList<Gateway> out;
    int depth = 0;
    int gatewayDepth = -1; // the depth of the <gateway> being read, or -1
    Gateway g;
    while (!xml.atEnd()) {
        const auto token = xml.readNext();
        if (token == QXmlStreamReader::StartElement) {
            ++depth;
            const QStringView name = xml.name();
            if (gatewayDepth < 0) {
                if (name == u"gateway") {
                    if (out.size() >= PanelStore::kMaxRows)
                        return unreadable(tooMany(u"gateways"));
                    gatewayDepth = depth;
                    g = Gateway{};
                } else if (name != u"gateways") {
                    return unreadable(QStringLiteral("the gateways listing has <%1> where a "
                                                     "gateway was expected")
                                          .arg(name.left(40)));
                }
                continue;
            }
            const QString field = name.toString();
            const QString text = xml.readElementText(QXmlStreamReader::SkipChildElements).trimmed();
            --depth; // readElementText consumed the end element
            const int number = text.toInt();
            if (field == u"name")
                g.name = text;
            else if (field == u"profile")
                g.profile = text;
            else if (field == u"proxy")
                g.proxy = text;
            else if (field == u"to")
                g.to = text;
            else if (field == u"username")
                g.username = text;
            else if (field == u"realm")
                g.realm = text;
            else if (field == u"state")
                g.state = text;
            else if (field == u"status")
                g.pingStatus = text.section(u' ', 0, 0); // older switches add " (ping)"
            else if (field == u"pingtime")
                g.pingTime = text;
            else if (field == u"retry")
                g.retry = text;
            else if (field == u"uptime-usec" && text.toLongLong() > 0)
                g.upSinceMs = nowMs - text.toLongLong() / 1000;
            else if (field == u"calls-in")
                g.callsIn = number;
            else if (field == u"calls-out")
                g.callsOut = number;
            else if (field == u"failed-calls-in")
                g.failedCallsIn = number;
            else if (field == u"failed-calls-out")
                g.failedCallsOut = number;
        } else if (token == QXmlStreamReader::EndElement) {
            if (depth == gatewayDepth) {
                gatewayDepth = -1;
                if (g.name.isEmpty())
                    return unreadable(QStringLiteral("a gateway in the listing has no name"));
                out.append(std::move(g));
            }
            --depth;
        }
    }
    if (xml.hasError()) {
        return unreadable(QStringLiteral("the gateways listing is not XML: %1 (line %2)")
                              .arg(xml.errorString())
                              .arg(xml.lineNumber()));
    }
    return out;
}

} // namespace Monitor::Sofia
