// The rules file: AlertRules::fromJson and toJson (the format is at the top of alertrules.h).

#include "alertrules.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>

namespace Monitor {

namespace {

AlertRulesResult failure(const QString &rule, const QString &field, const QString &message,
                         qsizetype position = -1)
{
    AlertRulesResult r;
    r.error = AlertRulesError{rule, field, message, position};
    return r;
}

// Reads one rule object into `rule`; an error names the field.
std::optional<AlertRulesError> readRule(const QJsonObject &o, const QString &label,
                                        AlertRule *rule)
{
    auto error = [&label](const QString &field, const QString &message) {
        return std::optional(AlertRulesError{label, field, message, -1});
    };
    const QJsonValue id = o.value(u"id");
    if (!id.isString() || id.toString().isEmpty())
        return error(QStringLiteral("id"), QStringLiteral("is missing or not a string"));
    const QJsonValue kindValue = o.value(u"kind");
    AlertKind kind = AlertKind::Custom;
    if (!kindValue.isString())
        return error(QStringLiteral("kind"), QStringLiteral("is missing or not a string"));
    if (!alertKindFromName(kindValue.toString(), &kind))
        return error(QStringLiteral("kind"),
                     QStringLiteral("unknown kind \"%1\"").arg(kindValue.toString().left(40)));
    *rule = AlertRules::builtIn(kind);
    rule->id = id.toString();
    if (kind == AlertKind::Custom)
        rule->name.clear();

    auto readBool = [&o, &error](const char16_t *field, bool *out) {
        const QJsonValue v = o.value(QStringView(field));
        if (v.isUndefined() || v.isNull())
            return std::optional<AlertRulesError>();
        if (!v.isBool())
            return error(QString::fromUtf16(field), QStringLiteral("must be true or false"));
        *out = v.toBool();
        return std::optional<AlertRulesError>();
    };
    for (auto [field, out] : {std::pair{u"enabled", &rule->enabled},
                              std::pair{u"notify", &rule->notify},
                              std::pair{u"sound", &rule->sound}}) {
        if (auto e = readBool(field, out))
            return e;
    }
    if (const QJsonValue v = o.value(u"name"); !v.isUndefined() && !v.isNull()) {
        if (!v.isString())
            return error(QStringLiteral("name"), QStringLiteral("must be a string"));
        if (!v.toString().trimmed().isEmpty())
            rule->name = v.toString();
    }
    if (const QJsonValue v = o.value(u"severity"); !v.isUndefined() && !v.isNull()) {
        if (!v.isString() || !alertSeverityFromName(v.toString(), &rule->severity))
            return error(QStringLiteral("severity"),
                         QStringLiteral("must be \"critical\", \"warning\" or \"info\""));
    }
    if (const QJsonValue v = o.value(u"params"); !v.isUndefined() && !v.isNull()) {
        if (!v.isObject())
            return error(QStringLiteral("params"), QStringLiteral("must be an object"));
        const QJsonObject params = v.toObject();
        for (const AlertParamSpec &spec : AlertRules::paramSpecs(kind)) {
            const QJsonValue p = params.value(spec.name);
            if (p.isUndefined() || p.isNull())
                continue;
            const QString field = QStringLiteral("params.") + spec.name;
            if (spec.boolean && p.isBool())
                rule->params.insert(spec.name, p.toBool() ? 1 : 0);
            else if (!spec.boolean && p.isDouble())
                rule->params.insert(spec.name, p.toDouble());
            else
                return error(field, spec.boolean ? QStringLiteral("must be true or false")
                                                 : QStringLiteral("must be a number"));
        }
    }
    if (kind == AlertKind::Custom) {
        const QJsonValue v = o.value(u"expression");
        if (!v.isString())
            return error(QStringLiteral("expression"), QStringLiteral("is missing or not a string"));
        rule->expression = v.toString();
        // Files written before "count" existed take the default.
        if (const QJsonValue c = o.value(u"count"); !c.isUndefined() && !c.isNull()) {
            if (!c.isString() || !alertCountingFromName(c.toString(), &rule->count))
                return error(QStringLiteral("count"),
                             QStringLiteral("must be \"channels\" or \"records\""));
        }
        if (rule->name.isEmpty())
            rule->name = rule->expression.left(AlertRules::kMaxNameLength);
    }
    return AlertRules::validate(*rule);
}

} // namespace

AlertRulesResult AlertRules::fromJson(QByteArrayView json)
{
    if (json.size() > kMaxFileBytes)
        return failure({}, {}, QStringLiteral("larger than %1 bytes").arg(kMaxFileBytes));
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json.toByteArray(), &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return failure({}, {}, QStringLiteral("not JSON (%1)").arg(parseError.errorString()),
                       parseError.offset);
    if (!doc.isObject())
        return failure({}, {}, QStringLiteral("not a JSON object"));
    const QJsonObject top = doc.object();
    if (top.value(u"version").toDouble(-1) != 1)
        return failure({}, QStringLiteral("version"), QStringLiteral("must be 1"));
    const QJsonValue rulesValue = top.value(u"rules");
    if (!rulesValue.isArray())
        return failure({}, QStringLiteral("rules"), QStringLiteral("is missing or not a list"));
    const QJsonArray list = rulesValue.toArray();
    if (list.size() > kMaxRules)
        return failure({}, QStringLiteral("rules"),
                       QStringLiteral("more than %1 rules").arg(kMaxRules));

    QList<AlertRule> builtIns = defaults();
    QList<AlertRule> customs;
    QSet<QString> seen;
    for (qsizetype i = 0; i < list.size(); ++i) {
        const QString label = list[i].isObject()
                                  ? list[i].toObject().value(u"id").toString()
                                  : QString();
        const QString shown = label.isEmpty() ? QStringLiteral("#%1").arg(i + 1) : label.left(60);
        if (!list[i].isObject())
            return failure(shown, {}, QStringLiteral("not a JSON object"));
        AlertRule rule;
        if (auto e = readRule(list[i].toObject(), shown, &rule))
            return failure(shown, e->field, e->message, e->position);
        if (seen.contains(rule.id))
            return failure(shown, QStringLiteral("id"), QStringLiteral("used twice"));
        seen.insert(rule.id);
        if (rule.isBuiltIn())
            builtIns[int(rule.kind)] = rule;
        else
            customs.append(rule);
    }
    AlertRulesResult r;
    r.ok = true;
    r.rules = builtIns + customs;
    return r;
}

QByteArray AlertRules::toJson(const QList<AlertRule> &rules, bool indented)
{
    QJsonArray list;
    for (const AlertRule &rule : rules) {
        QJsonObject params;
        for (const AlertParamSpec &spec : paramSpecs(rule.kind)) {
            const double v = rule.param(spec.name);
            if (spec.boolean)
                params.insert(spec.name, v != 0);
            else
                params.insert(spec.name, v);
        }
        QJsonObject o{
            {QStringLiteral("id"), rule.id},
            {QStringLiteral("kind"), alertKindName(rule.kind)},
            {QStringLiteral("name"), rule.name},
            {QStringLiteral("enabled"), rule.enabled},
            {QStringLiteral("severity"), alertSeverityName(rule.severity)},
            {QStringLiteral("params"), params},
            {QStringLiteral("notify"), rule.notify},
            {QStringLiteral("sound"), rule.sound},
        };
        if (!rule.isBuiltIn()) {
            o.insert(QStringLiteral("expression"), rule.expression);
            o.insert(QStringLiteral("count"), alertCountingName(rule.count));
        }
        list.append(o);
    }
    const QJsonObject top{{QStringLiteral("version"), 1}, {QStringLiteral("rules"), list}};
    return QJsonDocument(top).toJson(indented ? QJsonDocument::Indented : QJsonDocument::Compact);
}

} // namespace Monitor
