#pragma once
// Reading a command line the way mod_event_socket does: case-insensitive prefixes, words split
// at single spaces, C's atoi and FreeSWITCH's switch_true. For the Listener's command files only.

#include "esl/wire/headerlist.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>

#include <algorithm>
#include <climits>
#include <optional>
#include <utility>

namespace Sim::CommandText {

inline bool startsWithCI(QByteArrayView text, QByteArrayView prefix)
{
    return text.size() >= prefix.size() &&
           Esl::equalsIgnoringCase(text.first(prefix.size()), prefix);
}

inline bool containsCI(const QByteArray &text, QByteArrayView needle)
{
    return text.toLower().contains(needle.toByteArray().toLower());
}

inline QByteArray skipSpaces(QByteArray text)
{
    qsizetype i = 0;
    while (i < text.size() && text[i] == ' ')
        ++i;
    return text.mid(i);
}

// Splits at the first space: "a b c" -> ("a", "b c"); no space -> ("a", nullopt).
inline std::pair<QByteArray, std::optional<QByteArray>> splitFirst(const QByteArray &text)
{
    const qsizetype space = text.indexOf(' ');
    if (space < 0)
        return {text, std::nullopt};
    return {text.left(space), text.mid(space + 1)};
}

// C's atoi: leading blanks, a sign, digits; whatever follows is ignored.
inline int cAtoi(QByteArrayView text)
{
    qsizetype i = 0;
    while (i < text.size() && (text[i] == ' ' || text[i] == '\t'))
        ++i;
    bool negative = false;
    if (i < text.size() && (text[i] == '-' || text[i] == '+'))
        negative = text[i++] == '-';
    qint64 value = 0;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9' && value < 100000000000LL)
        value = value * 10 + (text[i++] - '0');
    value = negative ? -value : value;
    return int(std::clamp<qint64>(value, INT_MIN, INT_MAX));
}

// switch_true.
inline bool isTrue(QByteArrayView value)
{
    if (value.isEmpty())
        return false;
    for (const char *word : {"yes", "on", "true", "t", "enabled", "active", "allow"}) {
        if (Esl::equalsIgnoringCase(value, word))
            return true;
    }
    return cAtoi(value) != 0;
}

// switch_log_str2level: a number (clamped) or a level name; 64 (SWITCH_LOG_INVALID) otherwise.

// The words after the command word: the switch splits at the first space after `skip`
// characters, then at every single space.
inline QList<QByteArray> keywords(const QByteArray &line, qsizetype skip)
{
    const qsizetype space = line.indexOf(' ', skip);
    if (space < 0)
        return {};
    return line.mid(space + 1).split(' ');
}

} // namespace Sim::CommandText
