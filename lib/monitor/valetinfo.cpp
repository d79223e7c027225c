#include "valetinfo.h"

#include <QSet>
#include <QXmlStreamReader>

namespace Monitor {

namespace {

Esl::Error bad(const QString &why)
{
    return Esl::decodeError(QStringLiteral("valet_info: %1").arg(why));
}

// What a reply that is not XML at all starts with, for the reason ("-ERR …").
QString firstLine(const QByteArray &body)
{
    const QByteArray line = body.left(body.indexOf('\n') < 0 ? 80 : body.indexOf('\n')).left(80);
    return QString::fromUtf8(line).trimmed();
}

} // namespace

Esl::Expected<QList<ValetListedLot>> parseValetInfo(const QByteArray &body, int maxLots,
                                                    int maxSlots)
{
    const QByteArray trimmed = body.trimmed();
    if (trimmed.isEmpty())
        return bad(QStringLiteral("empty reply"));
    if (!trimmed.startsWith('<'))
        return bad(QStringLiteral("not XML: %1").arg(firstLine(trimmed)));

    QXmlStreamReader xml(trimmed);
    QList<ValetListedLot> lots;
    QSet<QString> lotNames;
    QSet<QString> slotNames;
    int depth = 0;
    bool sawRoot = false;
    while (!xml.atEnd()) {
        const QXmlStreamReader::TokenType token = xml.readNext();
        switch (token) {
        case QXmlStreamReader::DTD:
        case QXmlStreamReader::EntityReference:
            return bad(QStringLiteral("unexpected DTD or entity"));
        case QXmlStreamReader::StartElement: {
            ++depth;
            const QStringView name = xml.name();
            if (depth == 1) {
                if (name != u"lots" || sawRoot)
                    return bad(QStringLiteral("expected <lots>, found <%1>").arg(name));
                sawRoot = true;
            } else if (depth == 2) {
                if (name != u"lot")
                    return bad(QStringLiteral("expected <lot>, found <%1>").arg(name));
                if (lots.size() >= maxLots)
                    return bad(QStringLiteral("more than %1 lots").arg(maxLots));
                const QString lotName = xml.attributes().value(QLatin1String("name")).toString();
                if (lotName.isEmpty())
                    return bad(QStringLiteral("a <lot> without a name"));
                if (lotNames.contains(lotName))
                    return bad(QStringLiteral("lot %1 listed twice").arg(lotName));
                lotNames.insert(lotName);
                slotNames.clear();
                lots.append(ValetListedLot{lotName, {}});
            } else if (depth == 3) {
                if (name != u"extension")
                    return bad(QStringLiteral("expected <extension>, found <%1>").arg(name));
                ValetListedLot &lot = lots.last();
                if (lot.slots.size() >= maxSlots)
                    return bad(QStringLiteral("more than %1 parked calls in lot %2")
                                   .arg(maxSlots)
                                   .arg(lot.name));
                const QString uuid = xml.attributes().value(QLatin1String("uuid")).toString();
                const QString extension =
                    xml.readElementText(QXmlStreamReader::ErrorOnUnexpectedElement).trimmed();
                --depth; // readElementText consumed the end element
                if (xml.hasError())
                    break;
                if (uuid.isEmpty() || extension.isEmpty())
                    return bad(QStringLiteral("an <extension> without a uuid or a number in lot %1")
                                   .arg(lot.name));
                if (slotNames.contains(extension))
                    return bad(QStringLiteral("slot %1 of lot %2 listed twice")
                                   .arg(extension, lot.name));
                slotNames.insert(extension);
                lot.slots.append(ValetListedSlot{extension, uuid});
            } else {
                return bad(QStringLiteral("nested too deep at <%1>").arg(name));
            }
            break;
        }
        case QXmlStreamReader::EndElement:
            --depth;
            break;
        case QXmlStreamReader::Characters:
            if (!xml.isWhitespace())
                return bad(QStringLiteral("unexpected text \"%1\"")
                               .arg(xml.text().left(40).toString()));
            break;
        default:
            break;
        }
    }
    if (xml.hasError())
        return bad(QStringLiteral("%1 (line %2)").arg(xml.errorString()).arg(xml.lineNumber()));
    if (!sawRoot)
        return bad(QStringLiteral("no <lots>"));
    return lots;
}

} // namespace Monitor
