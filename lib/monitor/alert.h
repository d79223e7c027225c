#pragma once
// One alert as the operator sees it: a rule that fired for one subject (a gateway, a queue, a
// call, the switch itself) on one server, de-duplicated (repeats while it is active raise its
// count), with its times, the records that triggered it and where "one click" takes the
// operator. The engine (alertengine.h) owns them; the panel, the journal and the exports read
// copies.

#include "alertrules.h"
#include "eventstore.h"

#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QString>

namespace Monitor {

enum class AlertState { Active, Acknowledged, Cleared };

[[nodiscard]] QString alertStateName(AlertState state); // "active", "acknowledged", "cleared"
[[nodiscard]] bool alertStateFromName(QStringView name, AlertState *state);

// Alerts counted across every server (a custom rule with perServer off) name this server id.
inline constexpr ServerId kAllServers = 0;

// Where the panel's "one click" goes: the server, and the call (a channel uuid), queue or
// gateway when the alert is about one.
struct AlertTarget
{
    ServerId server = kAllServers;
    QString channelUuid;
    QString queue;
    QString gateway;

    friend bool operator==(const AlertTarget &, const AlertTarget &) = default;
};

struct Alert
{
    static constexpr int kMaxRecords = 20; // triggering records kept, the newest

    quint64 id = 0; // never reused, also across a journal reloaded after a restart
    QString ruleId;
    AlertKind kind = AlertKind::Custom;
    AlertSeverity severity = AlertSeverity::Warning;
    ServerId server = kAllServers;
    QString serverName;
    // What it is about: a gateway's or queue's name, a call's first leg uuid, "switch" for the
    // link rules; empty for counts over a window (registrations, custom rules, call rate).
    QString subject;
    QString message; // a few words for a human; the latest (a gateway FAILED then FAIL_WAIT)
    AlertState state = AlertState::Active;
    bool silenced = false; // its rule or server is silenced (while it is up): no notice, no sound
    qint64 firedMs = 0;    // first fired (ms since the epoch)
    qint64 lastMs = 0;     // last fired again (a repeat, a reopening)
    qint64 clearedMs = 0;  // 0 while not cleared
    qint64 acknowledgedMs = 0;
    int count = 1;             // times it fired while active, reopenings included
    QList<Sequence> records;   // EventStore sequences that triggered it, at most kMaxRecords
    AlertTarget target;
    QJsonObject figures; // what it measured (a call's MOS and loss; a queue's waiting), if any

    [[nodiscard]] bool isActive() const { return state != AlertState::Cleared; }
    friend bool operator==(const Alert &, const Alert &) = default;
};

// Whether `after` says something new to a person next to `before` (the same alert printed
// earlier): its count, message, state (acknowledged), silenced or severity. Its records and
// figures moving alone are no news (`eslcat alerts --watch` printed ten "changed" lines a
// minute that differed only in them).
[[nodiscard]] inline bool alertIsNews(const Alert &before, const Alert &after)
{
    return before.count != after.count || before.message != after.message ||
           before.state != after.state || before.silenced != after.silenced ||
           before.severity != after.severity;
}

// What the window shows (tray) and plays: the engine's decision to notify.
struct AlertNotice
{
    QString title; // "Gateway down (critical)" or "12 more alerts"
    QString text;  // the alert's message
    bool sound = false;
    // A summary stands for `count` alerts the rate limit held back (`alert` is the last of them).
    bool summary = false;
    int count = 1;
};

} // namespace Monitor

Q_DECLARE_METATYPE(Monitor::Alert)
Q_DECLARE_METATYPE(Monitor::AlertNotice)
