// The API console's command history, kept in QSettings.
#include "console/commandhistory.h"

#include "console/appsettings.h"

#include <QSettings>

#include <algorithm>

namespace Console {

namespace {

const QString &settingsKey()
{
    static const QString key = QStringLiteral("console/history");
    return key;
}

} // namespace

CommandHistory::CommandHistory()
    : m_lines(QSettings().value(settingsKey()).toStringList()), m_position(int(m_lines.size()))
{}

void CommandHistory::remember(const QString &line)
{
    QSettings settings;
    QStringList history = settings.value(settingsKey()).toStringList();
    if (history.isEmpty() || history.constLast() != line)
        history.append(line);
    if (history.size() > kLimit)
        history.remove(0, history.size() - kLimit);
    settings.setValue(settingsKey(), history);
    syncPrivately(settings);
    m_lines = history;
    m_position = int(m_lines.size());
    m_draft.clear();
}

std::optional<QString> CommandHistory::recall(int step, const QString &typed)
{
    if (m_lines.isEmpty())
        return std::nullopt;
    if (m_position == m_lines.size())
        m_draft = typed;
    const int position = std::clamp(m_position + step, 0, int(m_lines.size()));
    if (position == m_position)
        return std::nullopt;
    m_position = position;
    return position == m_lines.size() ? m_draft : m_lines.at(position);
}

void CommandHistory::restart()
{
    m_position = int(m_lines.size());
}

} // namespace Console
