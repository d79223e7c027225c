#pragma once
// What the API console's Tab completes and how: only the command name (the first word, or the
// one after "bgapi"), from a built-in list of common api commands plus the names each switch
// reported in `show api as json`. One match is put in whole with a space after it; several that
// share more than was typed are completed to their common prefix (case-insensitively); otherwise
// the console pops the choices up.
//
// Widget-free: the console (ui/console/apiconsole) asks the switch, feeds its answer to learn(),
// keeps candidates() in the completer's model and applies what complete() decides.

#include "monitor/eventstore.h"

#include <QHash>
#include <QString>
#include <QStringList>

#include <optional>

namespace Console {

class ApiCompletion
{
public:
    // Command names offered before a switch has said which it has.
    [[nodiscard]] static QStringList builtinCommands();

    // The command names `server` reported, in place of any it reported before.
    void learn(Monitor::ServerId server, const QStringList &names);
    void forget(Monitor::ServerId server);
    // What completes for commands sent to `server`: the built-in names and those it reported,
    // sorted case-insensitively, each once.
    [[nodiscard]] QStringList candidates(Monitor::ServerId server) const;

    // The word of `line` that Tab at `cursor` completes: [start, end) and the part before the
    // cursor. Nothing when the cursor is in an argument.
    struct Word
    {
        int start = 0;
        int end = 0;
        QString typed;
    };
    [[nodiscard]] static std::optional<Word> commandWordAt(const QString &line, int cursor);

    // What Tab does with `typed`, given the names that can complete it.
    struct Completion
    {
        enum class Kind {
            Nothing,      // no name starts so
            Whole,        // one name does: text is it
            CommonPrefix, // several share more than was typed: text is what they share
            Choose,       // several, nothing to add: the operator picks one
        };
        Kind kind = Kind::Nothing;
        QString text;
    };
    [[nodiscard]] static Completion complete(const QStringList &candidates, const QString &typed);

    // A line with `replacement` in place of `word`, and where the cursor goes after it. A whole
    // name is followed by one space (an existing one is reused); a common prefix is not.
    struct Edit
    {
        QString line;
        int cursor = 0;
    };
    [[nodiscard]] static Edit insertName(const QString &line, const Word &word,
                                         const QString &name);
    [[nodiscard]] static Edit insertPrefix(const QString &line, const Word &word,
                                           const QString &prefix);

private:
    QHash<Monitor::ServerId, QStringList> m_learned;
};

} // namespace Console
