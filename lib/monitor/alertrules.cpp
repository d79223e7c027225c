#include "alertrules.h"

#include "filter.h"

#include <QRegularExpression>

#include <cmath>

namespace Monitor {

namespace {

struct KindInfo
{
    AlertKind kind;
    const char16_t *name;
    const char16_t *title;
    AlertSeverity severity;
    bool sound;
};

constexpr KindInfo kKinds[] = {
    {AlertKind::GatewayDown, u"gateway-down", u"Gateway down", AlertSeverity::Critical, true},
    {AlertKind::RegistrationsDrop, u"registrations-drop", u"Registrations dropping",
     AlertSeverity::Warning, false},
    {AlertKind::SwitchDisconnected, u"switch-disconnected", u"Switch disconnected",
     AlertSeverity::Critical, true},
    {AlertKind::SwitchRestarted, u"switch-restarted", u"Switch restarted", AlertSeverity::Warning,
     false},
    {AlertKind::EventsLost, u"events-lost", u"Events lost", AlertSeverity::Warning, false},
    {AlertKind::QueueWaiting, u"queue-waiting", u"Queue waiting", AlertSeverity::Warning, false},
    {AlertKind::Quality, u"quality", u"Poor call quality", AlertSeverity::Warning, false},
    {AlertKind::LongCall, u"long-call", u"Long call", AlertSeverity::Info, false},
    {AlertKind::CallsPerSecond, u"calls-per-second", u"Call rate", AlertSeverity::Warning, false},
    {AlertKind::Custom, u"custom", u"Custom rule", AlertSeverity::Warning, false},
};

const KindInfo &info(AlertKind kind)
{
    return kKinds[int(kind)];
}

AlertParamSpec number(const char16_t *name, double value, double min, double max, bool integer,
                      const char16_t *meaning)
{
    return AlertParamSpec{QString::fromUtf16(name), value, min, max, integer, false,
                          QString::fromUtf16(meaning)};
}

AlertParamSpec flag(const char16_t *name, bool value, const char16_t *meaning)
{
    return AlertParamSpec{QString::fromUtf16(name), value ? 1.0 : 0.0, 0, 1, true, true,
                          QString::fromUtf16(meaning)};
}

QList<QList<AlertParamSpec>> makeSpecs()
{
    const auto clearAfter = number(u"clearAfterSeconds", 300, 1, 86400, true,
                                   u"seconds after which the alert clears by itself");
    return {
        {flag(u"ping", true, u"also when the gateway's OPTIONS ping goes DOWN")},
        {number(u"count", 10, 1, 100000, true, u"more than this many registrations lost..."),
         number(u"minutes", 5, 1, 1440, true, u"...within this many minutes")},
        {number(u"graceSeconds", 10, 0, 3600, true,
                u"seconds the link may be down before it is an alert")},
        {clearAfter},
        {clearAfter},
        {number(u"waiting", 5, 0, 100000, true, u"more than this many callers waiting"),
         number(u"waitSeconds", 120, 1, 86400, true, u"or one waiting longer than this")},
        {number(u"mos", 3.6, 1, 5, false, u"estimated MOS below this"),
         number(u"lossPct", 5, 0, 100, false, u"or packet loss above this percentage"),
         number(u"reports", 2, 1, 100, true, u"for this many reports in a row"),
         number(u"clearReports", 2, 1, 100, true,
                u"clears after this many good reports in a row (or when the call ends)")},
        {number(u"hours", 4, 0.001, 720, false, u"calls longer than this many hours")},
        {number(u"rate", 30, 0.1, 100000, false, u"calls started per second above this"),
         number(u"windowSeconds", 10, 1, 300, true, u"averaged over this many seconds")},
        {number(u"count", 5, 1, 10000, true, u"more than this many matching calls (or records)..."),
         number(u"windowSeconds", 60, 1, 86400, true, u"...within this many seconds"),
         flag(u"perServer", true, u"counted per server (else across all servers)")},
    };
}

} // namespace

QString alertKindName(AlertKind kind)
{
    return QString::fromUtf16(info(kind).name);
}

bool alertKindFromName(QStringView name, AlertKind *kind)
{
    for (const KindInfo &k : kKinds) {
        if (name == QStringView(k.name)) {
            *kind = k.kind;
            return true;
        }
    }
    return false;
}

QString alertSeverityName(AlertSeverity severity)
{
    switch (severity) {
    case AlertSeverity::Critical:
        return QStringLiteral("critical");
    case AlertSeverity::Warning:
        return QStringLiteral("warning");
    case AlertSeverity::Info:
        break;
    }
    return QStringLiteral("info");
}

bool alertSeverityFromName(QStringView name, AlertSeverity *severity)
{
    for (AlertSeverity s : {AlertSeverity::Critical, AlertSeverity::Warning, AlertSeverity::Info}) {
        if (name == alertSeverityName(s)) {
            *severity = s;
            return true;
        }
    }
    return false;
}

QString alertCountingName(AlertCounting counting)
{
    return counting == AlertCounting::Records ? QStringLiteral("records")
                                              : QStringLiteral("channels");
}

bool alertCountingFromName(QStringView name, AlertCounting *counting)
{
    for (AlertCounting c : {AlertCounting::Channels, AlertCounting::Records}) {
        if (name == alertCountingName(c)) {
            *counting = c;
            return true;
        }
    }
    return false;
}

double AlertRule::param(const QString &name) const
{
    if (const auto it = params.constFind(name); it != params.cend())
        return *it;
    for (const AlertParamSpec &spec : AlertRules::paramSpecs(kind)) {
        if (spec.name == name)
            return spec.defaultValue;
    }
    return 0;
}

QString AlertRulesError::toString() const
{
    QString where = QStringLiteral("rule \"%1\"").arg(rule);
    if (rule.isEmpty())
        where = QStringLiteral("rules file");
    if (!field.isEmpty())
        where += QStringLiteral(", %1").arg(field);
    QString text = QStringLiteral("%1: %2").arg(where, message);
    if (position >= 0)
        text += QStringLiteral(" at %1").arg(position);
    return text;
}

QList<AlertKind> AlertRules::builtInKinds()
{
    QList<AlertKind> out;
    for (const KindInfo &k : kKinds) {
        if (k.kind != AlertKind::Custom)
            out.append(k.kind);
    }
    return out;
}

const QList<AlertParamSpec> &AlertRules::paramSpecs(AlertKind kind)
{
    static const QList<QList<AlertParamSpec>> specs = makeSpecs();
    return specs[int(kind)];
}

AlertRule AlertRules::builtIn(AlertKind kind)
{
    AlertRule rule;
    rule.id = alertKindName(kind);
    rule.kind = kind;
    rule.name = QString::fromUtf16(info(kind).title);
    rule.severity = info(kind).severity;
    rule.sound = info(kind).sound;
    for (const AlertParamSpec &spec : paramSpecs(kind))
        rule.params.insert(spec.name, spec.defaultValue);
    return rule;
}

AlertRule AlertRules::custom(int n, const QString &expression, const QString &name)
{
    AlertRule rule = builtIn(AlertKind::Custom);
    rule.id = QStringLiteral("custom-%1").arg(n);
    rule.name = name.isEmpty() ? QStringLiteral("Custom rule %1").arg(n) : name;
    rule.expression = expression;
    return rule;
}

QList<AlertRule> AlertRules::defaults()
{
    QList<AlertRule> out;
    for (AlertKind kind : builtInKinds())
        out.append(builtIn(kind));
    return out;
}

std::optional<AlertRulesError> AlertRules::validate(const AlertRule &rule)
{
    static const QRegularExpression customId(QStringLiteral("^custom-[1-9][0-9]{0,5}$"));
    auto error = [&rule](const QString &field, const QString &message, qsizetype position = -1) {
        return std::optional(AlertRulesError{rule.id, field, message, position});
    };
    if (rule.isBuiltIn() && rule.id != alertKindName(rule.kind))
        return error(QStringLiteral("id"),
                     QStringLiteral("a %1 rule's id must be \"%1\"").arg(alertKindName(rule.kind)));
    if (!rule.isBuiltIn() && !customId.match(rule.id).hasMatch())
        return error(QStringLiteral("id"), QStringLiteral("a custom rule's id is custom-<n>"));
    if (rule.name.size() > kMaxNameLength)
        return error(QStringLiteral("name"),
                     QStringLiteral("longer than %1 characters").arg(kMaxNameLength));
    for (const AlertParamSpec &spec : paramSpecs(rule.kind)) {
        const double v = rule.param(spec.name);
        const bool whole = std::isfinite(v) && v == std::floor(v);
        if (!std::isfinite(v) || v < spec.min || v > spec.max || (spec.integer && !whole)) {
            const QString field = QStringLiteral("params.") + spec.name;
            if (spec.boolean)
                return error(field, QStringLiteral("must be true or false"));
            return error(field, QStringLiteral("must be a %1 between %2 and %3")
                                    .arg(spec.integer ? u"whole number" : u"number")
                                    .arg(spec.min)
                                    .arg(spec.max));
        }
    }
    if (!rule.isBuiltIn()) {
        if (rule.expression.trimmed().isEmpty())
            return error(QStringLiteral("expression"), QStringLiteral("is missing"));
        if (rule.expression.size() > kMaxExpressionLength)
            return error(QStringLiteral("expression"),
                         QStringLiteral("longer than %1 characters").arg(kMaxExpressionLength));
        const FilterResult compiled = Filter::compile(rule.expression);
        if (!compiled)
            return error(QStringLiteral("expression"), compiled.error().message,
                         compiled.error().position);
    }
    return std::nullopt;
}

} // namespace Monitor
