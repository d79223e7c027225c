// Seeds for fuzz_alerts (its input format is at the top of fuzz_alerts.cpp):
//  - every event of the captures of tests/fixtures/real2 and tests/fixtures, in plain form (json
//    and xml events rewritten by the library's own writer), in capture order, packed into seeds of
//    at most kMaxSeed bytes: the cap .ci/fuzz gives the target, past which libFuzzer would cut a
//    seed mid-event;
//  - the first event of each name in a capture alone: small inputs, which mutate fast;
//  - a real2 capture's first events of each name with link moves between them ('!': the link
//    drops and comes back, the switch comes back with the same and then another Core-UUID,
//    events are missed);
//  - rules files ('r'): the defaults as toJson writes them (indented as the window exports them,
//    and compact), tuned built-ins with custom rules, the example of alertrules.h, and a few the
//    reader must refuse.

#include "seeds.h"

#include "esl/wire/event.h"
#include "esl/wire/parser.h"
#include "monitor/alertrules.h"
#include "monitor/switchlink.h"

#include <QSet>

#include <cstdio>
#include <iterator>

namespace Seeds {

namespace {

constexpr qsizetype kMaxSeed = 16384;
constexpr char kSeparator = '\x1e';

// The event's body in plain form, as `event plain` would have sent it; empty when the message
// does not decode (fuzz_events covers those).
QByteArray plainBody(const Esl::Message &message)
{
    if (message.contentType() == Esl::ContentType::EventPlain)
        return message.body();
    const Esl::Expected<Esl::Event> event = Esl::Event::fromMessage(message);
    if (!event)
        return {};
    Esl::wire::Parser parser;
    parser.feed(event->toPlainMessage());
    return parser.hasMessage() ? parser.takeMessage().body() : QByteArray();
}

// fuzz_alerts' link moves: '!' and a byte whose value modulo 3 says what (0: a state, the byte
// divided by 3; 1: a Core-UUID, the 36 bytes after it; 2: events missed).
QByteArray linkState(Monitor::LinkState state)
{
    return QByteArray("!") + char(3 * int(state));
}

QByteArray coreUuid(QByteArrayView uuid)
{
    return QByteArray("!\x01") + uuid.toByteArray();
}

const QByteArray kEventsMissed = "!\x02";

struct Writer
{
    QDir dir;
    QString prefix; // "real2-callcenter"

    bool operator()(const char *what, int n, const QByteArray &bytes) const
    {
        return writeFile(dir.filePath(QStringLiteral("%1-%2-%3")
                                          .arg(prefix, QLatin1String(what))
                                          .arg(n, 3, 10, QLatin1Char('0'))),
                         bytes);
    }
};

// One capture's seeds; `withMoves` adds the link-move seed.
bool writeCaptureSeeds(const QString &path, const QString &label, bool withMoves, const QDir &dir)
{
    Capture capture;
    if (!parseCapture(path, capture))
        return false;
    const Writer write{dir, label + u'-' + capture.stem};
    QByteArray packed;
    int packs = 0;
    QSet<QString> seen;
    QList<QByteArray> firsts; // the first event of each name, each ended by the separator
    QByteArray core;
    for (const Esl::Message &message : capture.messages) {
        if (!message.isEvent())
            continue;
        const QByteArray part = plainBody(message) + kSeparator;
        if (part.size() == 1 || part.size() > kMaxSeed)
            continue;
        if (packed.size() + part.size() > kMaxSeed) {
            if (!write("events", packs++, packed))
                return false;
            packed.clear();
        }
        packed += part;
        const Esl::Expected<Esl::Event> event = Esl::Event::fromPlain(part.chopped(1));
        if (!event)
            continue;
        if (core.isEmpty())
            core = event->header("Core-UUID").toByteArray();
        if (!seen.contains(event->name())) {
            seen.insert(event->name());
            if (!write("first", int(firsts.size()), part))
                return false;
            firsts.append(part);
        }
    }
    if (!packed.isEmpty() && !write("events", packs, packed))
        return false;
    if (!withMoves || firsts.isEmpty())
        return true;

    // A third of the events, the link lost and back, a third, the switch back with the same
    // Core-UUID and then another (a restart), a third, events missed.
    using Monitor::LinkState;
    const QByteArray other = "00000000" + core.mid(8);
    const QList<QByteArray> moves[] = {
        {linkState(LinkState::Disconnected), linkState(LinkState::Reconnecting),
         linkState(LinkState::Connecting), linkState(LinkState::Authenticating),
         linkState(LinkState::Live)},
        {coreUuid(core), coreUuid(other), linkState(LinkState::Failed), linkState(LinkState::Live)},
        {kEventsMissed, kEventsMissed},
    };
    QByteArray seed;
    const qsizetype third = (firsts.size() + 2) / 3;
    qsizetype group = 0;
    const auto addMoves = [&] {
        for (const QByteArray &move : moves[group++])
            seed += move + kSeparator;
    };
    for (qsizetype i = 0; i < firsts.size(); ++i) {
        // An event that would not fit is left out; the moves always fit (they take < 200 bytes).
        if (seed.size() + firsts[i].size() <= kMaxSeed - 256)
            seed += firsts[i];
        if ((i + 1) % third == 0 && group < qsizetype(std::size(moves)))
            addMoves();
    }
    while (group < qsizetype(std::size(moves)))
        addMoves();
    return write("moves", 0, seed);
}

// `rules` written by toJson (the window's export) behind the target's 'r'.
QByteArray rulesSeed(const QList<Monitor::AlertRule> &rules, bool indented)
{
    return 'r' + Monitor::AlertRules::toJson(rules, indented);
}

bool writeRulesSeeds(const QDir &dir)
{
    using namespace Monitor;
    QList<AlertRule> tuned = AlertRules::defaults();
    for (AlertRule &rule : tuned) {
        switch (rule.kind) {
        case AlertKind::QueueWaiting:
            rule.params[QStringLiteral("waiting")] = 0;
            rule.params[QStringLiteral("waitSeconds")] = 30;
            rule.sound = true;
            break;
        case AlertKind::Quality:
            rule.params[QStringLiteral("mos")] = 4.2;
            rule.params[QStringLiteral("lossPct")] = 0.5;
            rule.severity = AlertSeverity::Critical;
            break;
        case AlertKind::LongCall:
            rule.params[QStringLiteral("hours")] = 0.001;
            rule.notify = false;
            break;
        case AlertKind::GatewayDown:
            rule.params[QStringLiteral("ping")] = 0;
            break;
        case AlertKind::EventsLost:
            rule.enabled = false;
            break;
        default:
            break;
        }
    }
    tuned.append(AlertRules::custom(1, QStringLiteral("Hangup-Cause == NO_ROUTE_DESTINATION"),
                                    QStringLiteral("No route")));
    tuned.append(AlertRules::custom(
        2, QStringLiteral("Event-Name == CUSTOM && Event-Subclass == \"sofia::unregister\"")));
    tuned.last().params[QStringLiteral("perServer")] = 0;
    tuned.append(AlertRules::custom(17,
                                    QStringLiteral("Event-Name == CHANNEL_HANGUP_COMPLETE && "
                                                   "variable_rtp_audio_in_mos < 3.6"),
                                    QStringLiteral("Poor calls (FreeSWITCH's MOS)")));
    tuned.last().params[QStringLiteral("count")] = 1;
    tuned.last().params[QStringLiteral("windowSeconds")] = 86400;
    for (const AlertRule &rule : std::as_const(tuned)) {
        if (const std::optional<AlertRulesError> e = AlertRules::validate(rule)) {
            std::fprintf(stderr, "fuzz_make_seeds: a tuned rule is refused: %s\n",
                         qPrintable(e->toString()));
            return false;
        }
    }
    const std::pair<const char *, QByteArray> seeds[] = {
        {"rules-defaults", rulesSeed(AlertRules::defaults(), true)},
        {"rules-defaults-compact", rulesSeed(AlertRules::defaults(), false)},
        {"rules-tuned", rulesSeed(tuned, true)},
        {"rules-empty", R"(r{"version": 1, "rules": []})"},
        // The example at the top of alertrules.h.
        {"rules-example",
         R"(r{"version": 1, "rules": [)"
         R"({"id": "queue-waiting", "kind": "queue-waiting", "enabled": true, )"
         R"("severity": "warning", "params": {"waiting": 5, "waitSeconds": 120}, )"
         R"("notify": true, "sound": false}, )"
         R"({"id": "custom-1", "kind": "custom", "name": "No route", "severity": "warning", )"
         R"("expression": "Hangup-Cause == NO_ROUTE_DESTINATION", )"
         R"("params": {"count": 5, "windowSeconds": 60, "perServer": true}}]})"},
        // Refused: an unknown kind, an expression that does not parse, a number out of range,
        // a custom rule without an expression.
        {"rules-bad-kind", R"(r{"version": 1, "rules": [{"id": "x", "kind": "gateway-up"}]})"},
        {"rules-bad-expression",
         R"(r{"version": 1, "rules": [{"id": "custom-1", "kind": "custom", )"
         R"("expression": "(Hangup-Cause == "}]})"},
        {"rules-bad-number",
         R"(r{"version": 1, "rules": [{"id": "long-call", "kind": "long-call", )"
         R"("params": {"hours": 1e9}}]})"},
        {"rules-no-expression",
         R"(r{"version": 1, "rules": [{"id": "custom-3", "kind": "custom"}]})"},
    };
    for (const auto &[name, bytes] : seeds) {
        if (!writeFile(dir.filePath(QString::fromLatin1(name)), bytes))
            return false;
    }
    return true;
}

} // namespace

bool writeAlertSeeds(const QString &fixtures, const QDir &dir)
{
    for (const bool real2 : {true, false}) {
        const QDir captures(real2 ? fixtures + QStringLiteral("/real2") : fixtures);
        const QStringList names =
            captures.entryList({QStringLiteral("*.esl")}, QDir::Files, QDir::Name);
        if (names.isEmpty()) {
            std::fprintf(stderr, "fuzz_make_seeds: no captures in %s\n",
                         qPrintable(captures.path()));
            return false;
        }
        for (const QString &name : names) {
            if (!writeCaptureSeeds(captures.filePath(name),
                                   real2 ? QStringLiteral("real2") : QStringLiteral("real"), real2,
                                   dir))
                return false;
        }
    }
    return writeRulesSeeds(dir);
}

} // namespace Seeds
