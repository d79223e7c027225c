#include "watchonly.h"

#include "reply.h"
#include "wire/headerlist.h"
#include "wire/message.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <array>

// What the switch reads, and so what this must read the same way (mod_event_socket.c,
// parse_command): the command word is matched without regard to case; `api <cmd> <arg>` splits
// at the first space after "api "; a module then splits its argument at single spaces
// (switch_separate_string, which also groups quoted text); and any line holding both "unload"
// (or "reload") and "mod_event_socket" is turned into `api bgapi unload mod_event_socket`.
// Everything here is stricter than that: a form the switch might read differently (odd spacing,
// tabs, quotes, backslashes) is refused rather than guessed at.

namespace Esl {
namespace {

constexpr qsizetype kMaxShownName = 60;

// Commands of the event socket itself that change nothing but this connection.
constexpr std::array<QByteArrayView, 13> kConnectionCommands = {
    "auth",   "userauth", "event", "nixevent", "noevents", "myevents", "divert_events",
    "filter", "log",      "nolog", "linger",   "nolinger", "exit"};

// Api commands that only read, whatever their arguments.
constexpr std::array<QByteArrayView, 10> kReadOnlyApi = {
    "global_getvar", "status",      "version",     "hostname",   "uptime",
    "show",          "uuid_dump",   "uuid_exists", "uuid_getvar", "valet_info"};

bool sameWord(QByteArrayView a, QByteArrayView b)
{
    return equalsIgnoringCase(a, b);
}

template <typename Words>
bool isOneOf(QByteArrayView word, const Words &words)
{
    return std::any_of(std::begin(words), std::end(words),
                       [&](QByteArrayView w) { return sameWord(word, w); });
}

bool isOneOf(QByteArrayView word, std::initializer_list<QByteArrayView> words)
{
    return isOneOf<std::initializer_list<QByteArrayView>>(word, words);
}

bool holdsControl(QByteArrayView text)
{
    return std::any_of(text.begin(), text.end(),
                       [](char c) { return static_cast<uchar>(c) < 0x20 || c == 0x7f; });
}

bool containsIgnoringCase(QByteArrayView text, QByteArrayView word)
{
    return QByteArray(text.data(), text.size()).toLower().contains(QByteArray(word.data(), word.size()));
}

// The words of an api command split at single spaces; empty when the spacing is odd (a leading,
// trailing or doubled space) or a word holds what the switch's splitter treats specially.
QList<QByteArrayView> plainWords(QByteArrayView text)
{
    QList<QByteArrayView> words;
    qsizetype start = 0;
    for (qsizetype i = 0; i <= text.size(); ++i) {
        if (i < text.size() && text[i] != ' ') {
            const char c = text[i];
            if (c == '\'' || c == '"' || c == '`' || c == '\\')
                return {};
            continue;
        }
        if (i == start)
            return {}; // an empty word: odd spacing
        words.append(text.sliced(start, i - start));
        start = i + 1;
    }
    return words;
}

QString shown(QByteArrayView text)
{
    QString out = QString::fromUtf8(text.first(std::min(text.size(), kMaxShownName)));
    for (QChar &c : out) {
        if (c.unicode() < 0x20 || c.unicode() == 0x7f)
            c = u'?';
    }
    return text.size() > kMaxShownName ? out + u'…' : out;
}

QString refusal(const QString &name)
{
    return QStringLiteral("watch-only: \"%1\" would change a call or the switch; only read-only "
                          "commands are sent (%2)")
        .arg(name, readOnlyApiCommands().join(QStringLiteral(", ")));
}

// A spelling the switch might read otherwise than this does: saying that "status  " would change
// the switch would be wrong, and saying that it is fine would be a guess. The operator is told
// what to change.
QString spellingRefusal(QByteArrayView spelled)
{
    return QStringLiteral("watch-only: \"%1\" is refused: extra spaces, tabs, quotes or "
                          "backslashes could be read differently by the switch; write it plainly")
        .arg(shown(spelled));
}

// Whether an api command's first word (up to the first space) may begin a read-only command.
// A word that cannot (uuid_kill, originate) is named as a change whatever follows it.
bool mayRead(QByteArrayView word)
{
    return isOneOf(word, kReadOnlyApi) ||
           isOneOf(word, {"sofia", "conference", "callcenter_config", "json"});
}

// The text up to the first space or control character: what the switch cannot read as anything
// but the start of the command word.
QByteArrayView leadingWord(QByteArrayView text)
{
    const auto end = std::find_if(text.begin(), text.end(), [](char c) {
        return c == ' ' || static_cast<uchar>(c) < 0x20 || c == 0x7f;
    });
    return text.first(end - text.begin());
}

// Whether `word` is a plain word: not empty, no control characters, nothing the switch's
// splitter treats specially.
bool isPlainWord(QByteArrayView word)
{
    return !word.isEmpty() && !holdsControl(word) &&
           std::none_of(word.begin(), word.end(),
                        [](char c) { return c == '\'' || c == '"' || c == '`' || c == '\\'; });
}

// `json {"command":"mediaStats",...}`: one key that cJSON (case-insensitive, first match) and Qt
// both read as "command", naming mediaStats. Backslashes are refused so no key can spell
// "command" with escapes that one parser decodes and the other does not.
bool isMediaStatsRequest(QByteArrayView json)
{
    if (json.contains('\\'))
        return false;
    const QByteArray lower = QByteArray(json.data(), json.size()).toLower();
    if (lower.count("\"command\"") != 1)
        return false;
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(QByteArray(json.data(), json.size()), &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        return false;
    const QJsonObject object = document.object();
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (it.key().compare(u"command", Qt::CaseInsensitive) == 0)
            return it.value().toString().compare(u"mediaStats", Qt::CaseInsensitive) == 0;
    }
    return false;
}

// Empty when the api command (without "api ") only reads; otherwise the sentence to show.
std::optional<QString> apiRefusal(QByteArrayView command)
{
    if (command.isEmpty())
        return refusal(QStringLiteral("api"));
    const qsizetype space = command.indexOf(' ');
    const QByteArrayView name = space < 0 ? command : command.first(space);
    // A plain first word that never reads is a change, however the rest is spelled.
    if (const QByteArrayView lead = leadingWord(command); isPlainWord(lead) && !mayRead(lead))
        return refusal(shown(lead));
    if (holdsControl(command))
        return spellingRefusal(command);
    if (sameWord(name, "json")) {
        if (space > 0 && isMediaStatsRequest(command.sliced(space + 1)))
            return std::nullopt;
        return refusal(QStringLiteral("json"));
    }
    const QList<QByteArrayView> words = plainWords(command);
    if (words.isEmpty()) // odd spacing or quoting around a command that may only read
        return spellingRefusal(command);
    const QByteArrayView word = words.first();
    if (isOneOf(word, kReadOnlyApi))
        return std::nullopt;
    const auto named = [&](qsizetype count) {
        const qsizetype n = std::min(count, words.size());
        const QByteArrayView last = words[n - 1];
        return refusal(shown(command.first(last.data() + last.size() - command.data())));
    };
    if (sameWord(word, "sofia")) {
        if (words.size() >= 2 && isOneOf(words[1], {"status", "xmlstatus"}))
            return std::nullopt;
        return named(3);
    }
    if (sameWord(word, "conference")) {
        // mod_conference first looks the first word up as a conference name, so "list" there
        // only lists when no conference has that name: the second word decides.
        const bool listsAll = words.size() == 2 && isOneOf(words[1], {"list", "json_list"});
        const bool listsOne = words.size() >= 3 && isOneOf(words[2], {"list", "json_list"});
        if (listsAll || listsOne)
            return std::nullopt;
        return named(3);
    }
    if (sameWord(word, "callcenter_config")) {
        if (words.size() >= 3 && isOneOf(words[1], {"queue", "agent", "tier", "member"}) &&
            isOneOf(words[2], {"list", "count"}))
            return std::nullopt;
        return named(4);
    }
    return refusal(shown(word));
}

} // namespace

std::optional<QString> watchOnlyRefusal(QByteArrayView commandLine)
{
    if (commandLine.isEmpty())
        return refusal(QString());
    // parse_command's "cheat": such a line becomes `api bgapi unload mod_event_socket`.
    if (containsIgnoringCase(commandLine, "mod_event_socket") &&
        (containsIgnoringCase(commandLine, "unload") || containsIgnoringCase(commandLine, "reload")))
        return refusal(QStringLiteral("unload mod_event_socket"));
    const qsizetype space = commandLine.indexOf(' ');
    const QByteArrayView word = space < 0 ? commandLine : commandLine.first(space);
    if (sameWord(word, "api") || sameWord(word, "bgapi")) {
        if (space < 0)
            return refusal(shown(word));
        return apiRefusal(commandLine.sliced(space + 1));
    }
    // Control characters never belong on a command line, and a tab is not a separator to the
    // switch; a leading space makes an empty command word. Refuse rather than guess how the
    // switch would read it, unless the first word already says it changes something.
    if (holdsControl(commandLine) || word.isEmpty()) {
        const QByteArrayView lead = leadingWord(commandLine);
        const bool mayBeAllowed =
            isOneOf(lead, {"api", "bgapi"}) || isOneOf(lead, kConnectionCommands);
        if (isPlainWord(lead) && !mayBeAllowed)
            return refusal(shown(lead));
        return spellingRefusal(commandLine);
    }
    if (isOneOf(word, kConnectionCommands))
        return std::nullopt;
    return refusal(shown(word));
}

bool isReadOnlyApi(QStringView apiCommand)
{
    const QByteArray bytes = apiCommand.toUtf8();
    if (bytes.isEmpty())
        return false;
    if (containsIgnoringCase(bytes, "mod_event_socket") &&
        (containsIgnoringCase(bytes, "unload") || containsIgnoringCase(bytes, "reload")))
        return false;
    return !apiRefusal(bytes).has_value();
}

QStringList readOnlyApiCommands()
{
    return {QStringLiteral("global_getvar"),     QStringLiteral("status"),
            QStringLiteral("version"),           QStringLiteral("hostname"),
            QStringLiteral("uptime"),            QStringLiteral("show …"),
            QStringLiteral("uuid_dump"),         QStringLiteral("uuid_exists"),
            QStringLiteral("uuid_getvar"),       QStringLiteral("sofia status …"),
            QStringLiteral("sofia xmlstatus …"), QStringLiteral("conference [name] list"),
            QStringLiteral("conference [name] json_list"),
            QStringLiteral("callcenter_config queue|agent|tier|member list|count …"),
            QStringLiteral("valet_info"),        QStringLiteral("json mediaStats")};
}

bool isPermissionDenied(const Reply &reply)
{
    return !reply.error() && reply.contentType() == ContentType::CommandReply &&
           reply.header("Reply-Text").trimmed() == "-ERR permission denied";
}

QString permissionRefusal(QStringView command, const QString &user)
{
    const QStringView line = command.trimmed();
    const auto firstWord = [](QStringView text) {
        const qsizetype space = text.indexOf(u' ');
        return space < 0 ? text : text.first(space);
    };
    QStringView word = firstWord(line);
    QString named = word.toString();
    QString list = QStringLiteral("its esl-allowed-api does not include it");
    if (word.compare(u"api", Qt::CaseInsensitive) == 0 ||
        word.compare(u"bgapi", Qt::CaseInsensitive) == 0) {
        named = firstWord(line.sliced(word.size()).trimmed()).toString();
    } else if (word.compare(u"event", Qt::CaseInsensitive) == 0 ||
               word.compare(u"myevents", Qt::CaseInsensitive) == 0) {
        named = line.toString();
        list = QStringLiteral("its esl-allowed-events does not include them");
    } else if (word.compare(u"log", Qt::CaseInsensitive) == 0) {
        list = QStringLiteral("its esl-allowed-log is false");
    }
    if (named.size() > kMaxShownName)
        named = named.left(kMaxShownName) + u'…';
    const QString login = user.isEmpty() ? QStringLiteral("auth") : QStringLiteral("userauth ") + user;
    return QStringLiteral("the switch refused \"%1\" for this login (%2): permission denied — %3")
        .arg(named, login, list);
}

} // namespace Esl
