#include "alertexport.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>

namespace Monitor {

namespace {

constexpr qsizetype kMaxText = 1000;

QString csvField(const QString &text)
{
    // Quote what a spreadsheet would misread; a leading = + - @ is neutralised so that a message
    // from the wire cannot become a formula.
    QString t = text;
    if (!t.isEmpty() && QStringView(u"=+-@").contains(t.front()))
        t.prepend(u'\'');
    if (t.contains(u',') || t.contains(u'"') || t.contains(u'\n') || t.contains(u'\r')) {
        t.replace(u'"', QStringLiteral("\"\""));
        t = u'"' + t + u'"';
    }
    return t;
}

QString text(const QJsonObject &o, QStringView key)
{
    return o.value(key).toString().left(kMaxText);
}

} // namespace

QString alertStateName(AlertState state)
{
    switch (state) {
    case AlertState::Active:
        return QStringLiteral("active");
    case AlertState::Acknowledged:
        return QStringLiteral("acknowledged");
    case AlertState::Cleared:
        break;
    }
    return QStringLiteral("cleared");
}

bool alertStateFromName(QStringView name, AlertState *state)
{
    for (AlertState s : {AlertState::Active, AlertState::Acknowledged, AlertState::Cleared}) {
        if (name == alertStateName(s)) {
            *state = s;
            return true;
        }
    }
    return false;
}

QString alertTime(qint64 ms)
{
    if (ms <= 0)
        return {};
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs);
}

QJsonObject alertToJson(const Alert &a)
{
    QJsonArray records;
    for (Sequence seq : a.records)
        records.append(double(seq));
    QJsonObject o{
        {QStringLiteral("id"), double(a.id)},
        {QStringLiteral("rule"), a.ruleId},
        {QStringLiteral("kind"), alertKindName(a.kind)},
        {QStringLiteral("severity"), alertSeverityName(a.severity)},
        {QStringLiteral("state"), alertStateName(a.state)},
        {QStringLiteral("server"), int(a.server)},
        {QStringLiteral("serverName"), a.serverName},
        {QStringLiteral("subject"), a.subject},
        {QStringLiteral("message"), a.message},
        {QStringLiteral("count"), a.count},
        {QStringLiteral("silenced"), a.silenced},
        {QStringLiteral("fired"), alertTime(a.firedMs)},
        {QStringLiteral("firedMs"), double(a.firedMs)},
        {QStringLiteral("lastMs"), double(a.lastMs)},
        {QStringLiteral("records"), records},
    };
    if (a.clearedMs > 0) {
        o.insert(QStringLiteral("cleared"), alertTime(a.clearedMs));
        o.insert(QStringLiteral("clearedMs"), double(a.clearedMs));
    }
    if (a.acknowledgedMs > 0) {
        o.insert(QStringLiteral("acknowledged"), alertTime(a.acknowledgedMs));
        o.insert(QStringLiteral("acknowledgedMs"), double(a.acknowledgedMs));
    }
    QJsonObject target{{QStringLiteral("server"), int(a.target.server)}};
    if (!a.target.channelUuid.isEmpty())
        target.insert(QStringLiteral("channelUuid"), a.target.channelUuid);
    if (!a.target.queue.isEmpty())
        target.insert(QStringLiteral("queue"), a.target.queue);
    if (!a.target.gateway.isEmpty())
        target.insert(QStringLiteral("gateway"), a.target.gateway);
    o.insert(QStringLiteral("target"), target);
    if (!a.figures.isEmpty())
        o.insert(QStringLiteral("figures"), a.figures);
    return o;
}

bool alertFromJson(const QJsonObject &o, Alert *alert)
{
    Alert a;
    const double id = o.value(u"id").toDouble(-1);
    if (!(id >= 1 && id < 9e15) || !o.value(u"rule").isString())
        return false;
    a.id = quint64(id);
    a.ruleId = text(o, u"rule");
    if (!alertKindFromName(o.value(u"kind").toString(), &a.kind) ||
        !alertStateFromName(o.value(u"state").toString(), &a.state))
        return false;
    if (!alertSeverityFromName(o.value(u"severity").toString(), &a.severity))
        a.severity = AlertSeverity::Warning;
    const int server = o.value(u"server").toInt(-1);
    a.server = server >= 0 && server <= 0xffff ? ServerId(server) : kAllServers;
    a.serverName = text(o, u"serverName");
    a.subject = text(o, u"subject");
    a.message = text(o, u"message");
    a.count = std::max(1, o.value(u"count").toInt(1));
    a.silenced = o.value(u"silenced").toBool();
    auto ms = [&o](QStringView key) {
        const double v = o.value(key).toDouble(0);
        return v > 0 && v < 9e15 ? qint64(v) : qint64(0);
    };
    a.firedMs = ms(u"firedMs");
    a.lastMs = ms(u"lastMs");
    a.clearedMs = ms(u"clearedMs");
    a.acknowledgedMs = ms(u"acknowledgedMs");
    for (const QJsonValue &v : o.value(u"records").toArray()) {
        if (a.records.size() >= Alert::kMaxRecords)
            break;
        if (v.toDouble(-1) >= 0 && v.toDouble() < 9e15)
            a.records.append(Sequence(v.toDouble()));
    }
    const QJsonObject target = o.value(u"target").toObject();
    const int targetServer = target.value(u"server").toInt(0);
    a.target.server = targetServer >= 0 && targetServer <= 0xffff ? ServerId(targetServer) : 0;
    a.target.channelUuid = text(target, u"channelUuid");
    a.target.queue = text(target, u"queue");
    a.target.gateway = text(target, u"gateway");
    a.figures = o.value(u"figures").toObject();
    *alert = std::move(a);
    return true;
}

QByteArray alertsToCsv(const QList<Alert> &alerts)
{
    QString out = QStringLiteral("id,rule,kind,severity,state,server,subject,message,count,fired,"
                                 "last,cleared,acknowledged,silenced,records\r\n");
    for (const Alert &a : alerts) {
        QStringList records;
        for (Sequence seq : a.records)
            records.append(QString::number(seq));
        const QStringList row{QString::number(a.id),
                              csvField(a.ruleId),
                              alertKindName(a.kind),
                              alertSeverityName(a.severity),
                              alertStateName(a.state),
                              csvField(a.serverName),
                              csvField(a.subject),
                              csvField(a.message),
                              QString::number(a.count),
                              alertTime(a.firedMs),
                              alertTime(a.lastMs),
                              alertTime(a.clearedMs),
                              alertTime(a.acknowledgedMs),
                              a.silenced ? QStringLiteral("yes") : QStringLiteral("no"),
                              records.join(u' ')};
        out += row.join(u',') + QStringLiteral("\r\n");
    }
    return out.toUtf8();
}

QByteArray alertsToJson(const QList<Alert> &alerts)
{
    QJsonArray list;
    for (const Alert &a : alerts)
        list.append(alertToJson(a));
    return QJsonDocument(QJsonObject{{QStringLiteral("alerts"), list}}).toJson();
}

} // namespace Monitor
