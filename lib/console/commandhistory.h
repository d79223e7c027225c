#pragma once
// The API console's command history: the lines an operator typed, oldest first, kept in
// QSettings ("console/history") between runs and shared by every console of the program, and the
// walk through them with Up and Down that gives back the half-typed line at the end. A line that
// repeats the last one is kept once; only the last kLimit lines are kept.
//
// Widget-free: the console (ui/console/apiconsole) hands it the line being edited and shows what
// it answers.

#include <QString>
#include <QStringList>

#include <optional>

namespace Console {

class CommandHistory
{
public:
    static constexpr int kLimit = 500;

    // Reads the saved history.
    CommandHistory();

    // Oldest first, as saved.
    [[nodiscard]] const QStringList &lines() const { return m_lines; }

    // Adds `line` unless it repeats the last one, saves, and ends any walk. Reads the saved
    // history first: another console may have added lines since.
    void remember(const QString &line);

    // One step of the walk: -1 towards older lines, +1 back towards the line being typed.
    // `typed` is the text being edited; the step that starts a walk keeps it as the draft, and
    // stepping past the newest line gives it back. Returns the text to show, or nothing when the
    // step leads nowhere (no history, already at the oldest line or at the draft).
    [[nodiscard]] std::optional<QString> recall(int step, const QString &typed);

    // Ends any walk without adding a line: the next Up starts from the newest line again.
    void restart();

private:
    QStringList m_lines;
    int m_position = 0; // m_lines.size(): the line being typed
    QString m_draft;    // what was typed before the walk began
};

} // namespace Console
