#pragma once
// The api commands the console sends, built from typed arguments. Every builder checks its
// arguments before anything can reach the wire and returns the command text (without the "api "
// prefix) or an InvalidArgument error naming the field at fault. What is refused, and why:
//
//  - CR, LF and NUL anywhere: they would end the command line early and let an operator-typed
//    value smuggle a second command onto the socket.
//  - A channel uuid that does not look like one (8-4-4-4-12 hex digits): mod_commands splits its
//    arguments at spaces, so "abc def" would silently shift every later argument.
//  - Empty or whitespace-holding destinations, dialplans, contexts, paths and endpoints, for the
//    same reason: each is one space-separated token to the switch.
//  - Hangup causes that are not upper-case cause names (NORMAL_CLEARING, USER_BUSY, ...).
//  - Originate channel variables whose values hold ',', '{', '}', a single quote or a
//    backslash: inside "{k=v,...}" the switch splits at commas, ends the block at the first
//    '}', and strips quotes and backslash escapes in two passes, so no single quoting survives
//    both. Such values are refused rather than half-escaped. A value with spaces is written in
//    single quotes ('John Doe'), which the switch's tokenizer keeps as one token and removes.
//
// Results of `show channels|calls as json` parse into a ShowResult that keeps the switch's column
// order (the calls view shows the columns as the switch lists them; QJsonObject would sort them).

#include "inboundclient.h"
#include "promise.h"
#include "reply.h"
#include "session.h"

#include <QHash>
#include <QList>
#include <QString>

#include <concepts>
#include <utility>

namespace Esl {

// A `show ... as json` body: {"row_count": N, "rows": [{column: value, ...}, ...]}; with no rows
// the switch writes {"row_count": 0} and no "rows" key at all.
struct ShowResult
{
    using Row = QList<std::pair<QString, QString>>; // columns in the switch's order

    int rowCount = 0;
    QList<Row> rows;

    // A Decode error for anything but that shape: malformed JSON, not an object, a missing or
    // non-integer row_count, a row that is not a flat object, row_count differing from the rows.
    // Row values are strings in practice; a number, true/false or null is kept as its JSON text
    // (null as an empty string).
    [[nodiscard]] static Expected<ShowResult> fromJson(QByteArrayView body);

    // The column names of the first row, in order (empty when there are no rows).
    [[nodiscard]] QStringList columns() const;
    // Row `index` keyed by column; a repeated column keeps its first value.
    [[nodiscard]] QHash<QString, QString> rowHash(qsizetype index) const;
    [[nodiscard]] static QHash<QString, QString> toHash(const Row &row);
};

// The first lines of `status`: how long the switch has been up and how busy it is. Fields the
// text does not carry stay -1.
struct SwitchStatus
{
    qint64 uptimeMs = -1;
    qint64 sessionsSinceStartup = -1;
    int sessions = -1;
    int sessionsPeak = -1;
    int maxSessions = -1;
    bool ready = false;

    // A Decode error when the text does not start with the "UP ..." line.
    [[nodiscard]] static Expected<SwitchStatus> fromText(const QString &text);
};

namespace Commands {

enum class Leg { A, B, Both };                  // uuid_transfer: "", "-bleg", "-both"
enum class HoldAction { Hold, Unhold, Toggle }; // uuid_hold: "", "off", "toggle"
enum class RecordAction { Start, Stop };
enum class DumpFormat { Plain, Json };

// originate <endpoint> <extension>|&<application>(<arguments>) [<dialplan> [<context>]], with
// the caller id, the timeout and the variables in one leading "{k=v,...}" block. Send it with
// bgapi: api originate holds the socket until the call is answered or fails.
struct Originate
{
    QString endpoint;        // "user/1000", "sofia/gateway/gw/5551234", "loopback/9197/default"
    QString extension;       // route the answered leg through the dialplan to this extension,
    QString application;     // or run this application on it ("park", "bridge", "eavesdrop")
    QString applicationArgs; // its argument, without parentheses; no ')', quote, backslash
    QString dialplan;        // optional, with an extension only ("XML")
    QString context;         // optional, needs a dialplan ("default")
    QString callerIdName;    // origination_caller_id_name
    QString callerIdNumber;  // origination_caller_id_number
    int timeoutSeconds = 0;  // originate_timeout; 0: the switch's default
    QList<std::pair<QString, QString>> variables; // in order, after the three above
};

[[nodiscard]] Expected<QString> uuidKill(const QString &uuid, const QString &cause = {});
[[nodiscard]] Expected<QString> uuidTransfer(const QString &uuid, const QString &destination,
                                             Leg leg = Leg::A, const QString &dialplan = {},
                                             const QString &context = {});
[[nodiscard]] Expected<QString> uuidHold(const QString &uuid, HoldAction action = HoldAction::Hold);
[[nodiscard]] Expected<QString> uuidPark(const QString &uuid);
[[nodiscard]] Expected<QString> uuidBridge(const QString &uuid, const QString &otherUuid);
// `limitSeconds` (0: none) only with Start. Stop takes the path recording or "all".
[[nodiscard]] Expected<QString> uuidRecord(const QString &uuid, RecordAction action,
                                           const QString &path, int limitSeconds = 0);
// Digits 0-9 * # A-D (or a-d), w / W for a half / whole second pause, optionally "@<ms>" for
// the tone duration: "1234#", "12w34@200".
[[nodiscard]] Expected<QString> uuidSendDtmf(const QString &uuid, const QString &digits);
[[nodiscard]] Expected<QString> uuidDump(const QString &uuid,
                                         DumpFormat format = DumpFormat::Plain);
[[nodiscard]] Expected<QString> uuidExists(const QString &uuid);
// uuid_broadcast <uuid> <application>::<arguments> aleg: runs a dialplan application on the
// channel through the api, for a link that has no sendmsg (a broker). The switch answers
// "+OK Message Sent" once the application is queued, not when it has run. mod_commands splits
// this line at spaces (unquoting quotes and backslashes on the way), so arguments holding
// whitespace, a quote or a backslash are refused: they cannot reach the application intact.
[[nodiscard]] Expected<QString> uuidBroadcast(const QString &uuid, const QString &application,
                                              const QString &arguments = {});
[[nodiscard]] Expected<QString> originate(const Originate &request);
[[nodiscard]] Expected<QString> showChannels();
[[nodiscard]] Expected<QString> showCalls();
[[nodiscard]] Expected<QString> status();

// Sends a built command, or returns an already failed future carrying the builder's refusal:
// a refused command is never written.
QFuture<Reply> api(Session &session, const Expected<QString> &command, int timeoutMs = -1);
QFuture<Reply> api(InboundClient &client, const Expected<QString> &command, int timeoutMs = -1);
QFuture<JobResult> bgapi(Session &session, const Expected<QString> &command, int timeoutMs = -1);
QFuture<JobResult> bgapi(InboundClient &client, const Expected<QString> &command,
                         int timeoutMs = -1);

// The same commands sent at once: Commands::uuidKill(client, uuid) validates and sends
// "api uuid_kill <uuid>". originate goes through bgapi (see Originate).
template<typename T>
concept Target = std::same_as<T, Session> || std::same_as<T, InboundClient>;

template<Target T> QFuture<Reply> uuidKill(T &to, const QString &uuid, const QString &cause = {})
{
    return api(to, uuidKill(uuid, cause));
}
template<Target T>
QFuture<Reply> uuidTransfer(T &to, const QString &uuid, const QString &destination,
                            Leg leg = Leg::A, const QString &dialplan = {},
                            const QString &context = {})
{
    return api(to, uuidTransfer(uuid, destination, leg, dialplan, context));
}
template<Target T>
QFuture<Reply> uuidHold(T &to, const QString &uuid, HoldAction action = HoldAction::Hold)
{
    return api(to, uuidHold(uuid, action));
}
template<Target T> QFuture<Reply> uuidPark(T &to, const QString &uuid)
{
    return api(to, uuidPark(uuid));
}
template<Target T> QFuture<Reply> uuidBridge(T &to, const QString &uuid, const QString &otherUuid)
{
    return api(to, uuidBridge(uuid, otherUuid));
}
template<Target T>
QFuture<Reply> uuidRecord(T &to, const QString &uuid, RecordAction action, const QString &path,
                          int limitSeconds = 0)
{
    return api(to, uuidRecord(uuid, action, path, limitSeconds));
}
template<Target T> QFuture<Reply> uuidSendDtmf(T &to, const QString &uuid, const QString &digits)
{
    return api(to, uuidSendDtmf(uuid, digits));
}
template<Target T>
QFuture<Reply> uuidDump(T &to, const QString &uuid, DumpFormat format = DumpFormat::Plain)
{
    return api(to, uuidDump(uuid, format));
}
template<Target T> QFuture<Reply> uuidExists(T &to, const QString &uuid)
{
    return api(to, uuidExists(uuid));
}
template<Target T>
QFuture<Reply> uuidBroadcast(T &to, const QString &uuid, const QString &application,
                             const QString &arguments = {})
{
    return api(to, uuidBroadcast(uuid, application, arguments));
}
template<Target T> QFuture<JobResult> originate(T &to, const Originate &request)
{
    return bgapi(to, originate(request));
}
template<Target T> QFuture<Reply> showChannels(T &to)
{
    return api(to, showChannels());
}
template<Target T> QFuture<Reply> showCalls(T &to)
{
    return api(to, showCalls());
}
template<Target T> QFuture<Reply> status(T &to)
{
    return api(to, status());
}

} // namespace Commands

} // namespace Esl
