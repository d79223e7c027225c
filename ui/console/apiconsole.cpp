#include "ui/console/apiconsole.h"

#include "console/appsettings.h"
#include "console/profile.h"
#include "console/switchfacts.h"

#include "esl/commands.h"

#include <QAbstractItemView>
#include <QComboBox>
#include <QCompleter>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPointer>
#include <QScrollBar>
#include <QSettings>
#include <QStringListModel>
#include <QTextBlock>
#include <QTextCursor>
#include <QVBoxLayout>

#include <functional>

using namespace Qt::Literals::StringLiterals;

namespace Ui {

namespace {

const QString kHistoryKey = QStringLiteral("console/history");

// F1..F12 without modifiers: 1..12; anything else 0.
int functionKey(const QKeyEvent *event)
{
    const Qt::KeyboardModifiers mods = event->modifiers() & ~Qt::KeypadModifier;
    if (mods != Qt::NoModifier || event->key() < Qt::Key_F1 || event->key() > Qt::Key_F12)
        return 0;
    return event->key() - Qt::Key_F1 + 1;
}

bool hasControl(const QString &text)
{
    return std::any_of(text.cbegin(), text.cend(), [](QChar c) {
        return c.category() == QChar::Other_Control || c == QChar::LineSeparator ||
               c == QChar::ParagraphSeparator;
    });
}

// The line edit hands its keys to the console first. While the completion popup is open, Tab,
// Enter and Escape are left to the completer (it forwards them here before acting on them).
class CommandLine : public QLineEdit
{
public:
    using QLineEdit::QLineEdit;

    std::function<bool(QKeyEvent *)> onKey; // true: handled
    QCompleter *completer = nullptr;

protected:
    bool event(QEvent *event) override
    {
        if (event->type() == QEvent::ShortcutOverride &&
            functionKey(static_cast<QKeyEvent *>(event))) {
            event->accept(); // ours, not a window shortcut's (F5 resyncs there)
            return true;
        }
        if (event->type() == QEvent::KeyPress) {
            auto *key = static_cast<QKeyEvent *>(event);
            if (key->key() == Qt::Key_Tab && key->modifiers() == Qt::NoModifier) {
                if (popupVisible())
                    event->ignore();
                else
                    onKey(key);
                return true;
            }
        }
        return QLineEdit::event(event);
    }
    void keyPressEvent(QKeyEvent *event) override
    {
        if (popupVisible()) {
            if (event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter ||
                event->key() == Qt::Key_Escape) {
                event->ignore();
                return;
            }
        } else if (onKey(event)) {
            return;
        }
        QLineEdit::keyPressEvent(event);
    }

private:
    [[nodiscard]] bool popupVisible() const
    {
        return completer && completer->popup() && completer->popup()->isVisible();
    }
};

QString functionKeyHelp()
{
    QStringList keys;
    const QStringList commands = ApiConsole::functionKeyCommands();
    for (int i = 0; i < commands.size(); ++i)
        keys.append(QStringLiteral("F%1 %2").arg(i + 1).arg(commands[i]));
    return keys.join(QStringLiteral(" · "));
}

} // namespace

ApiConsole::ApiConsole(Monitor::Hub *hub, QWidget *parent)
    : QWidget(parent), m_hub(hub), m_servers(new QComboBox(this)),
      m_output(new QPlainTextEdit(this)), m_keysHelp(new QLabel(this)),
      m_completer(new QCompleter(this)), m_names(new QStringListModel(this))
{
    auto *line = new CommandLine(this);
    line->onKey = [this](QKeyEvent *event) { return handleKey(event); };
    line->completer = m_completer;
    m_line = line;
    m_line->setObjectName(QStringLiteral("consoleCommandLine"));
    m_line->setPlaceholderText(tr("api command, or bgapi <command> — Tab completes, ↑↓ history"));
    m_line->setToolTip(tr("Function keys (fs_cli's defaults):\n%1")
                           .arg(functionKeyHelp().replace(QStringLiteral(" · "), u"\n"_s)));

    m_servers->setObjectName(QStringLiteral("consoleServer"));
    m_servers->setToolTip(tr("The server commands go to"));
    m_servers->setSizeAdjustPolicy(QComboBox::AdjustToContents);

    m_output->setObjectName(QStringLiteral("consoleOutput"));
    m_output->setReadOnly(true);
    m_output->setMaximumBlockCount(kOutputBlockLimit);
    m_output->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_output->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_output->setTabStopDistance(m_output->fontMetrics().horizontalAdvance(u' ') * 8);
    m_output->installEventFilter(this);
    m_line->setFont(m_output->font());

    m_keysHelp->setObjectName(QStringLiteral("consoleKeys"));
    m_keysHelp->setText(functionKeyHelp());
    m_keysHelp->setWordWrap(true);
    m_keysHelp->setStyleSheet(QStringLiteral("color: #6c757d;"));

    m_completer->setModel(m_names);
    m_completer->setCompletionMode(QCompleter::PopupCompletion);
    m_completer->setCaseSensitivity(Qt::CaseInsensitive);
    m_completer->setModelSorting(QCompleter::CaseInsensitivelySortedModel);
    m_completer->setWidget(m_line);
    connect(m_completer, qOverload<const QString &>(&QCompleter::activated), this,
            &ApiConsole::insertCompletion);

    auto *prompt = new QHBoxLayout;
    prompt->addWidget(m_servers);
    prompt->addWidget(m_line, 1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->addWidget(m_output, 1);
    layout->addLayout(prompt);
    layout->addWidget(m_keysHelp);

    m_history = QSettings().value(kHistoryKey).toStringList();
    m_historyPos = int(m_history.size());

    connect(m_line, &QLineEdit::returnPressed, this, &ApiConsole::submit);
    connect(m_servers, &QComboBox::currentIndexChanged, this, [this] {
        rebuildCompletions();
        learnCommands(currentServer());
    });
    connect(m_hub, &Monitor::Hub::serverAdded, this, &ApiConsole::addServer);
    connect(m_hub, &Monitor::Hub::serverRemoved, this, &ApiConsole::removeServer);
    for (Monitor::ServerMonitor *server : m_hub->servers())
        addServer(server);
    rebuildCompletions();
}

ApiConsole::~ApiConsole() = default;

Monitor::ServerId ApiConsole::currentServer() const
{
    return m_servers->currentData().value<Monitor::ServerId>();
}

QStringList ApiConsole::functionKeyCommands()
{
    return {QStringLiteral("help"),
            QStringLiteral("status"),
            QStringLiteral("show channels"),
            QStringLiteral("show calls"),
            QStringLiteral("sofia status"),
            QStringLiteral("reloadxml"),
            QStringLiteral("/log console"),
            QStringLiteral("/log debug"),
            QStringLiteral("sofia status profile internal"),
            QStringLiteral("fsctl pause"),
            QStringLiteral("fsctl resume"),
            QStringLiteral("version")};
}

QString ApiConsole::functionKeyQuestion(int key)
{
    // fs_cli runs these at a touch; here they change every call of the switch, so they ask.
    const QString command = functionKeyCommands().value(key - 1);
    if (command == u"fsctl pause")
        return tr("F10 sends \"fsctl pause\": the switch refuses every new call until it is "
                  "resumed (F11). Calls up now go on.");
    if (command.startsWith(u"fsctl ") || command.startsWith(u"shutdown"))
        return tr("F%1 sends \"%2\", which changes the whole switch.").arg(key).arg(command);
    return {};
}

void ApiConsole::runFunctionKey(int key)
{
    const QString command = functionKeyCommands().value(key - 1);
    if (const QString question = functionKeyQuestion(key); !question.isEmpty()) {
        const QString server = m_servers->currentText();
        QMessageBox box(QMessageBox::Warning, tr("Run %1 on %2?").arg(command, server),
                        question + u"\n\n"_s + tr("Run it on %1?").arg(server),
                        QMessageBox::Yes | QMessageBox::Cancel, this);
        box.setObjectName(QStringLiteral("functionKeyQuestion"));
        box.setDefaultButton(QMessageBox::Cancel);
        if (box.exec() != QMessageBox::Yes) {
            append(tr("Not sent: %1 (F%2), as you chose.").arg(command).arg(key), Style::Note);
            return;
        }
    }
    execute(command);
}

QStringList ApiConsole::builtinCommands()
{
    // Real api commands of mod_commands and the usual modules (mod_sofia, mod_conference,
    // mod_callcenter, mod_fifo, mod_db, mod_console, mod_valet_parking): what operators type most.
    static const QStringList names =
        QStringLiteral(
            "acl bgapi break callcenter_config conference console create_uuid db domain_exists "
            "echo eval expand fifo fsctl global_getvar global_setvar group_call help hostname "
            "hupall list_users load log module_exists originate pause regex reload reloadacl "
            "reloadxml sched_api sched_hangup sched_transfer show shutdown sofia sofia_contact "
            "status unload unsched_api uptime user_data user_exists uuid_answer uuid_audio "
            "uuid_break uuid_bridge uuid_broadcast uuid_buglist uuid_chat uuid_debug_media "
            "uuid_deflect uuid_displace uuid_display uuid_dump uuid_exists uuid_flush_dtmf "
            "uuid_getvar uuid_hold uuid_kill uuid_media uuid_park uuid_pre_answer uuid_record "
            "uuid_recv_dtmf uuid_send_dtmf uuid_session_heartbeat uuid_setvar uuid_setvar_multi "
            "uuid_simplify uuid_transfer valet_info version xml_locate")
            .split(u' ');
    return names;
}

// ---- keys, history ------------------------------------------------------------------------------

bool ApiConsole::handleKey(QKeyEvent *event)
{
    if (const int n = functionKey(event)) {
        runFunctionKey(n);
        return true;
    }
    if ((event->modifiers() & ~Qt::KeypadModifier) != Qt::NoModifier)
        return false;
    switch (event->key()) {
    case Qt::Key_Up:
        recall(-1);
        return true;
    case Qt::Key_Down:
        recall(+1);
        return true;
    case Qt::Key_Tab:
        completeCommand();
        return true;
    default:
        return false;
    }
}

bool ApiConsole::eventFilter(QObject *watched, QEvent *event)
{
    // F-keys work while the output has the focus too.
    if (watched == m_output &&
        (event->type() == QEvent::ShortcutOverride || event->type() == QEvent::KeyPress)) {
        auto *key = static_cast<QKeyEvent *>(event);
        if (const int n = functionKey(key)) {
            key->accept();
            if (event->type() == QEvent::KeyPress)
                runFunctionKey(n);
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

void ApiConsole::recall(int step)
{
    if (m_history.isEmpty())
        return;
    if (m_historyPos == m_history.size())
        m_draft = m_line->text();
    const int pos = std::clamp(m_historyPos + step, 0, int(m_history.size()));
    if (pos == m_historyPos)
        return;
    m_historyPos = pos;
    m_line->setText(pos == m_history.size() ? m_draft : m_history.at(pos));
}

void ApiConsole::remember(const QString &line)
{
    // Re-read first: another console may have added lines since.
    QSettings settings;
    QStringList history = settings.value(kHistoryKey).toStringList();
    if (history.isEmpty() || history.constLast() != line)
        history.append(line);
    if (history.size() > kHistoryLimit)
        history.remove(0, history.size() - kHistoryLimit);
    settings.setValue(kHistoryKey, history);
    Console::syncPrivately(settings);
    m_history = history;
    m_historyPos = int(m_history.size());
    m_draft.clear();
}

// ---- running commands ---------------------------------------------------------------------------

void ApiConsole::submit()
{
    const QString raw = m_line->text();
    if (hasControl(raw)) {
        append(tr("Not sent: the line holds a line break or another control character (pasted "
                  "text?). A command is one line."),
               Style::Error);
        return;
    }
    const QString line = raw.trimmed();
    m_line->clear();
    m_historyPos = int(m_history.size());
    if (line.isEmpty())
        return;
    remember(line);
    execute(line);
}

void ApiConsole::execute(const QString &line)
{
    if (runLocal(line))
        return;
    const Monitor::ServerId server = currentServer();
    if (server == 0) {
        append(tr("Not sent: no server to send it to. Add one under Servers → Connection "
                  "profiles…"),
               Style::Error);
        return;
    }
    static const QString bgapi = QStringLiteral("bgapi");
    if (line == bgapi || line.startsWith(bgapi + u' ')) {
        const QString command = line.mid(bgapi.size()).trimmed();
        if (command.isEmpty()) {
            append(tr("Not sent: bgapi needs a command — bgapi <command> [<args>]"), Style::Error);
            return;
        }
        runBgapi(server, command);
        return;
    }
    runApi(server, line);
}

bool ApiConsole::runLocal(const QString &line)
{
    if (!line.startsWith(u'/'))
        return false;
    const QString word = line.section(u' ', 0, 0).toLower();
    if (word == u"/clear") {
        m_output->clear();
        return true;
    }
    if (word == u"/help") {
        append(tr("Console commands: /clear empties this pane, /help shows this.\n"
                  "Anything else is sent as an api command; \"bgapi <command>\" runs it in the "
                  "background.\nFunction keys: %1")
                   .arg(functionKeyHelp()),
               Style::Note);
        return true;
    }
    if (word == u"/log" || word == u"/nolog") {
        // fs_cli sends `log <level>` on its own connection. Here the log level belongs to the
        // server's profile (the monitor re-applies it after every reconnect, and changing it
        // means resubscribing, which could lose events), so say where it is set instead.
        const Monitor::ServerMonitor *server = m_hub->server(currentServer());
        append(tr("%1: fs_cli's own log-level command, not sent.\nThe console log shows this "
                  "server's log lines at the level its profile sets (now: %2);\nchange it under "
                  "Servers → Connection profiles… → Log level.")
                   .arg(line, Console::logLevelName(server ? server->profile().logLevel : -1)),
               Style::Note);
        return true;
    }
    append(tr("Unknown console command [%1]: /help lists them.").arg(line), Style::Error);
    return true;
}

void ApiConsole::runApi(Monitor::ServerId server, const QString &command)
{
    const Echo e = echo(m_hub->serverName(server), command);
    // No timeout of our own: like fs_cli, wait for the switch (a dropped link fails it).
    // The hub, not this console, is the continuation's context: Qt 6.4 asserts when the context
    // is gone by the time the future finishes, and a reply may outlive the console. The hub's
    // servers finish these futures, so it is alive then; the QPointer skips a closed console.
    m_hub->api(server, command).then(m_hub, [self = QPointer(this), e](const Esl::Reply &r) {
        if (self)
            self->showReply(e, r.error() ? tr("Error: %1").arg(r.errorText()) : r.text(), r.ok());
    });
}

void ApiConsole::runBgapi(Monitor::ServerId server, const QString &command)
{
    const QString name = m_hub->serverName(server);
    echo(name, QStringLiteral("bgapi ") + command);
    const int id = m_nextPending++;
    m_pending.insert(id, command);
    append(tr("⏳ pending: the result shows below when the job ends"), Style::Pending, id);
    // A not-live server fails at once: the continuation may run before then() returns.
    m_hub->bgapi(server, command)
        .then(m_hub, [self = QPointer(this), id, name, command](const Esl::JobResult &r) {
            if (self)
                self->showJobResult(id, name, command, r);
        });
}

void ApiConsole::showJobResult(int id, const QString &server, const QString &command,
                               const Esl::JobResult &r)
{
    m_pending.remove(id);
    const QString job = r.jobUuid().isEmpty() ? tr("no job") : tr("job %1").arg(r.jobUuid());
    markDone(id, (r.ok() ? tr("✓ done (%1)") : tr("✗ failed (%1)")).arg(job), Style::Done);
    const Echo e = echo(server, QStringLiteral("bgapi %1 → %2").arg(command, job));
    showReply(e, r.error() || !r.ack().ok() ? tr("Error: %1").arg(r.errorText()) : r.text(),
              r.ok());
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

// ---- completion ---------------------------------------------------------------------------------

void ApiConsole::completeCommand()
{
    // Only the command name completes: the first word, or the one after "bgapi".
    const QString text = m_line->text();
    const int cursor = m_line->cursorPosition();
    const int start = int(text.lastIndexOf(u' ', cursor - 1)) + 1;
    const QString before = text.left(start).trimmed();
    if (!before.isEmpty() && before != u"bgapi")
        return;
    int end = int(text.indexOf(u' ', cursor));
    if (end < 0)
        end = int(text.size());
    const QString word = text.mid(start, cursor - start);

    QStringList matches;
    for (const QString &name : m_names->stringList()) {
        if (name.startsWith(word, Qt::CaseInsensitive))
            matches.append(name);
    }
    if (matches.isEmpty())
        return;
    QString common = matches.first();
    for (const QString &m : std::as_const(matches)) {
        qsizetype n = 0;
        while (n < common.size() && n < m.size() &&
               common.at(n).toCaseFolded() == m.at(n).toCaseFolded())
            ++n;
        common.truncate(n);
    }
    m_wordStart = start;
    m_wordEnd = end;
    if (matches.size() == 1) {
        insertCompletion(matches.first());
    } else if (common.size() > word.size()) {
        m_line->setText(text.left(start) + common + text.mid(end));
        m_line->setCursorPosition(start + int(common.size()));
    } else {
        m_completer->setCompletionPrefix(word);
        m_completer->complete(); // under the command line
    }
}

void ApiConsole::insertCompletion(const QString &name)
{
    const QString text = m_line->text();
    QString rest = text.mid(m_wordEnd);
    if (!rest.startsWith(u' '))
        rest.prepend(u' ');
    m_line->setText(text.left(m_wordStart) + name + rest);
    m_line->setCursorPosition(m_wordStart + int(name.size()) + 1);
}

void ApiConsole::rebuildCompletions()
{
    QStringList names = builtinCommands() + m_learned.value(currentServer());
    names.sort(Qt::CaseInsensitive);
    names.removeDuplicates();
    m_names->setStringList(names);
}

void ApiConsole::learnCommands(Monitor::ServerId id)
{
    Monitor::ServerMonitor *server = m_hub->server(id);
    if (!server || !server->client()->isLive() || m_learning.contains(id))
        return;
    m_learning.insert(id);
    // Not an operator's command: sent straight through the client, so the audit log keeps only
    // what people did.
    server->client()
        ->api(QStringLiteral("show api as json"))
        .then(m_hub, [self = QPointer(this), id](const Esl::Reply &r) {
            if (self)
                self->learned(id, r);
        });
}

void ApiConsole::learned(Monitor::ServerId id, const Esl::Reply &reply)
{
    m_learning.remove(id);
    if (!reply.ok())
        return; // completion keeps the built-in names
    // The same reading as the Run application dialog's list of the switch's applications.
    const QStringList names = Console::SwitchFacts::namesFromShow(reply);
    if (names.isEmpty())
        return;
    m_learned.insert(id, names);
    if (id == currentServer())
        rebuildCompletions();
}

// ---- servers ------------------------------------------------------------------------------------

void ApiConsole::addServer(Monitor::ServerMonitor *server)
{
    const Monitor::ServerId id = server->id();
    m_servers->addItem(server->name(), QVariant::fromValue(id));
    // Each (re)connect may bring a different switch: ask it again what it has.
    connect(server, &Monitor::ServerMonitor::connectionStateChanged, this,
            [this, id](Esl::InboundClient::State state) {
                if (state == Esl::InboundClient::State::Live)
                    learnCommands(id);
            });
    learnCommands(id);
}

void ApiConsole::removeServer(Monitor::ServerId id)
{
    const int index = m_servers->findData(QVariant::fromValue(id));
    if (index >= 0)
        m_servers->removeItem(index);
    m_learned.remove(id);
    m_learning.remove(id);
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
