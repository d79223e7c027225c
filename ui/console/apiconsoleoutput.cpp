// The API console's output pane: what ApiConsole appends (echoes of the commands sent, replies,
// bgapi job results, notes and errors) and how each kind looks. A part of ApiConsole kept apart
// from apiconsole.cpp so that each file reads in one sitting; the class is declared in
// apiconsole.h.
#include "ui/console/apiconsole.h"

#include "esl/watchonly.h"

#include <QPlainTextEdit>
#include <QScrollBar>
#include <QTextBlock>
#include <QTextCursor>

namespace Ui {

// ---- replies ------------------------------------------------------------------------------------

void ApiConsole::showJobResult(int id, const QString &server, const QString &command,
                               const Esl::JobResult &r)
{
    m_pending.remove(id);
    const QString job = r.jobUuid().isEmpty() ? tr("no job") : tr("job %1").arg(r.jobUuid());
    markDone(id, (r.ok() ? tr("✓ done (%1)") : tr("✗ failed (%1)")).arg(job), Style::Done);
    const Echo e = echo(server, QStringLiteral("bgapi %1 → %2").arg(command, job));
    QString text = r.error() || !r.ack().ok() ? tr("Error: %1").arg(r.errorText()) : r.text();
    if ((r.error() && r.error()->code == Esl::Error::Code::Forbidden) ||
        Esl::isPermissionDenied(r.ack())) {
        QString user; // the login the job went out under (the server by its name)
        for (const Monitor::ServerMonitor *monitor : m_hub->servers()) {
            if (monitor->name() == server)
                user = monitor->profile().connection.user;
        }
        text = r.error() && r.error()->code == Esl::Error::Code::Forbidden
                   ? r.error()->message
                   : Esl::permissionRefusal(QStringLiteral("bgapi ") + command, user);
    }
    showReply(e, text, r.ok());
}

void ApiConsole::showReply(const Echo &echo, const QString &text, bool ok)
{
    if (m_serial != echo.serial) // other output came in between: say what this answers
        append(tr("%1> %2 (reply)").arg(echo.server, echo.command), Style::Echo);
    QString body = text;
    if (body.endsWith(u'\n'))
        body.chop(1);
    if (body.isEmpty() && !ok)
        body = tr("Error: an empty reply");
    if (!body.isEmpty())
        append(body, ok ? Style::Text : Style::Error);
}

// ---- output -------------------------------------------------------------------------------------

ApiConsole::Echo ApiConsole::echo(const QString &server, const QString &command)
{
    append(QStringLiteral("%1> %2").arg(server, command), Style::Echo);
    return Echo{server, command, m_serial};
}

QTextCharFormat ApiConsole::format(Style style) const
{
    QTextCharFormat f;
    switch (style) {
    case Style::Echo:
        f.setFontWeight(QFont::Bold);
        break;
    case Style::Text:
        break;
    case Style::Error:
        f.setForeground(QColor(0xb0, 0x2a, 0x37));
        break;
    case Style::Note:
        f.setForeground(QColor(0x6c, 0x75, 0x7d));
        f.setFontItalic(true);
        break;
    case Style::Pending:
    case Style::Done:
        f.setForeground(QColor(0x6c, 0x75, 0x7d));
        break;
    }
    return f;
}

void ApiConsole::append(const QString &text, Style style, int state)
{
    QScrollBar *bar = m_output->verticalScrollBar();
    const bool follow = bar->value() >= bar->maximum() - 2;
    QTextDocument *doc = m_output->document();
    QTextCursor cursor(doc);
    cursor.movePosition(QTextCursor::End);
    if (!doc->isEmpty())
        cursor.insertBlock(QTextBlockFormat(), format(style));
    cursor.insertText(text, format(style));
    if (state >= 0)
        cursor.block().setUserState(state);
    ++m_serial;
    if (follow)
        bar->setValue(bar->maximum());
}

void ApiConsole::markDone(int pendingId, const QString &text, Style style)
{
    // The pending line may have scrolled out of the capped pane: then there is nothing to mark.
    for (QTextBlock b = m_output->document()->lastBlock(); b.isValid(); b = b.previous()) {
        if (b.userState() != pendingId)
            continue;
        QTextCursor cursor(b);
        cursor.movePosition(QTextCursor::EndOfBlock, QTextCursor::KeepAnchor);
        cursor.insertText(text, format(style));
        cursor.block().setUserState(-1);
        return;
    }
}

} // namespace Ui
