#pragma once
// The alert rules an operator switches on, tunes and silences: the built-in ones (one of each
// kind, with stable ids such as "gateway-down") and custom ones ("custom-<n>": a filter
// expression counted over a time window). Plain values, no QObject: the engine evaluates them
// (alertengine.h), the window edits and stores them, `eslcat alerts --rules FILE` reads them.
//
// The rules file (and the window's QSettings value: the same JSON text) is
//
//     {"version": 1, "rules": [
//       {"id": "queue-waiting", "kind": "queue-waiting", "enabled": true, "severity": "warning",
//        "params": {"waiting": 5, "waitSeconds": 120}, "notify": true, "sound": false},
//       {"id": "custom-1", "kind": "custom", "name": "No route", "severity": "warning",
//        "expression": "Hangup-Cause == NO_ROUTE_DESTINATION", "count": "channels",
//        "params": {"count": 5, "windowSeconds": 60, "perServer": true}}]}
//
// A custom rule's "count" says what it counts (AlertRule::count): "channels" (the default, also
// for files written before it existed) counts a channel once per window however many of its
// records match — a hangup carries Hangup-Cause on some seven events, and an operator asking
// for "more than 3 NORMAL_CLEARING in 60 s" means calls; records without a channel (no
// Unique-ID, or a log line without a User-Data uuid) count one each. "records" counts every
// matching record. Any other value fails the file. (It sits beside "params" because
// params.count is the rule's threshold.)
//
// Reading is strict about what it understands and lenient about the rest: a wrong kind, id,
// severity, number or expression fails the whole file with an error naming the rule and the
// field (an expression's error carries its position); unknown fields are ignored, and built-in
// rules the file does not mention are added with their defaults. Bounds: the file at most
// kMaxFileBytes, at most kMaxRules rules, an expression at most kMaxExpressionLength characters.
// Every parameter has a default and a range (paramSpecs()); a missing one takes its default.

#include <QByteArrayView>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

#include <optional>

namespace Monitor {

enum class AlertKind {
    GatewayDown,        // a gateway left REGED, is failing, or its ping went DOWN; clears
                        // when REGED with its ping UP (or never pinged), not at REGISTER
    RegistrationsDrop,  // more than `count` unregister/expire in `minutes`, per server
    SwitchDisconnected, // the link left Live for more than `graceSeconds`
    SwitchRestarted,    // the Core-UUID changed
    EventsLost,         // the link says events may have been missed while it was live
    QueueWaiting,       // a queue has more than `waiting` callers or one waiting > `waitSeconds`
    Quality,            // a live leg's MOS below `mos` or loss above `lossPct` for `reports`
                        // reports; clears after `clearReports` good ones or when it ends
    LongCall,           // a call longer than `hours`
    CallsPerSecond,     // calls started per second over `windowSeconds` above `rate`
    Custom,             // more than `count` channels (or records) matching `expression` in
                        // `windowSeconds`
};

enum class AlertSeverity { Critical, Warning, Info };

// What a custom rule counts: each channel once per window, or every matching record.
enum class AlertCounting { Channels, Records };

// "gateway-down", ..., "custom": a rule file's `kind`, and the id of the built-in rule.
[[nodiscard]] QString alertKindName(AlertKind kind);
[[nodiscard]] bool alertKindFromName(QStringView name, AlertKind *kind);
[[nodiscard]] QString alertSeverityName(AlertSeverity severity);
[[nodiscard]] bool alertSeverityFromName(QStringView name, AlertSeverity *severity);
[[nodiscard]] QString alertCountingName(AlertCounting counting); // "channels", "records"
[[nodiscard]] bool alertCountingFromName(QStringView name, AlertCounting *counting);

// One tunable figure of a kind of rule.
struct AlertParamSpec
{
    QString name;        // as in the file's "params"
    double defaultValue = 0;
    double min = 0;
    double max = 0;
    bool integer = false; // whole numbers only
    bool boolean = false; // true/false (stored as 1/0)
    QString meaning;      // for the rule editor's tooltip
};

struct AlertRule
{
    QString id; // "gateway-down" ... for built-ins (the kind's name), "custom-<n>" for custom
    AlertKind kind = AlertKind::Custom;
    QString name; // shown; a built-in's default is its description
    bool enabled = true;
    AlertSeverity severity = AlertSeverity::Warning;
    QMap<QString, double> params; // by AlertParamSpec::name; missing ones take the default
    QString expression;           // custom rules only: a Monitor::Filter expression
    // Custom rules only: the file's "count" ("channels" | "records"), see the top of this file.
    AlertCounting count = AlertCounting::Channels;
    bool notify = true;           // a desktop notification when it fires
    bool sound = false;           // and a sound

    // The parameter's value, or its default when unset (0 for a name the kind does not have).
    [[nodiscard]] double param(const QString &name) const;
    [[nodiscard]] bool isBuiltIn() const { return kind != AlertKind::Custom; }
    friend bool operator==(const AlertRule &, const AlertRule &) = default;
};

// Why a rules file was refused: which rule (its id, or "#3" when it has none), which field
// ("params.count", "expression"), what; `position` is the expression's error position (-1
// otherwise).
struct AlertRulesError
{
    QString rule;
    QString field;
    QString message;
    qsizetype position = -1;

    [[nodiscard]] QString toString() const;
};

struct AlertRulesResult
{
    bool ok = false;
    QList<AlertRule> rules; // built-ins first (in kind order), then custom ones as written
    AlertRulesError error;
};

class AlertRules
{
public:
    static constexpr qsizetype kMaxFileBytes = 1024 * 1024;
    static constexpr int kMaxRules = 200;
    static constexpr int kMaxExpressionLength = 4096;
    static constexpr int kMaxNameLength = 200;

    // Every built-in kind, in order (Custom excluded).
    [[nodiscard]] static QList<AlertKind> builtInKinds();
    [[nodiscard]] static const QList<AlertParamSpec> &paramSpecs(AlertKind kind);
    // The built-in rule of `kind` with its defaults (enabled).
    [[nodiscard]] static AlertRule builtIn(AlertKind kind);
    // A custom rule "custom-<n>" with default parameters.
    [[nodiscard]] static AlertRule custom(int n, const QString &expression,
                                          const QString &name = {});
    // Every built-in rule with its defaults.
    [[nodiscard]] static QList<AlertRule> defaults();

    // Reads a rules file (see the top of this header).
    [[nodiscard]] static AlertRulesResult fromJson(QByteArrayView json);
    // Writes one: every rule, every parameter (defaults included), compact or indented.
    [[nodiscard]] static QByteArray toJson(const QList<AlertRule> &rules, bool indented = true);
    // Checks one rule as fromJson does (kind and id agree, numbers in range, the expression
    // compiles): empty on success.
    [[nodiscard]] static std::optional<AlertRulesError> validate(const AlertRule &rule);
};

} // namespace Monitor
