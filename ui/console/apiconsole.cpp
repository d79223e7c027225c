#include "ui/console/apiconsole.h"

#include "ui/console/commandline.h"

#include "console/functionkeys.h"
#include "console/profile.h"
#include "console/switchfacts.h"
#include "console/watchonlysetting.h"

#include "esl/commands.h"
#include "esl/watchonly.h"

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
#include <QStringListModel>
#include <QVBoxLayout>

#include <algorithm>

using namespace Qt::Literals::StringLiterals;

namespace Ui {

namespace {

bool hasControl(const QString &text)
{
    return std::any_of(text.cbegin(), text.cend(), [](QChar c) {
        return c.category() == QChar::Other_Control || c == QChar::LineSeparator ||
               c == QChar::ParagraphSeparator;
    });
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
    // Its placeholder and tooltip depend on the server chosen (updateWatchOnlyNote).

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
    m_keysHelp->setText(Console::FunctionKeys::help());
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

    connect(m_line, &QLineEdit::returnPressed, this, &ApiConsole::submit);
    connect(m_servers, &QComboBox::currentIndexChanged, this, [this] {
        rebuildCompletions();
        learnCommands(currentServer());
        updateWatchOnlyNote();
    });
    connect(m_hub, &Monitor::Hub::serverAdded, this, &ApiConsole::addServer);
    connect(m_hub, &Monitor::Hub::serverRemoved, this, &ApiConsole::removeServer);
    for (Monitor::ServerMonitor *server : m_hub->servers())
        addServer(server);
    rebuildCompletions();
    updateWatchOnlyNote();
}

void ApiConsole::updateWatchOnlyNote()
{
    const Monitor::ServerId server = currentServer();
    const bool watchOnly =
        server != 0 ? Console::isWatchOnly(m_hub, server) : Console::systemWatchOnly();
    m_line->setPlaceholderText(
        watchOnly ? tr("watch-only: read-only commands (status, show …) — Tab completes, ↑↓ history")
                  : tr("api command, or bgapi <command> — Tab completes, ↑↓ history"));
    m_line->setProperty("watchOnly", watchOnly);
    // A watch-only server's keys line offers only the keys that run there.
    const QString keys =
        watchOnly ? Console::FunctionKeys::watchOnlyHelp() : Console::FunctionKeys::help();
    m_keysHelp->setText(keys);
    m_line->setToolTip(
        (watchOnly ? tr("Watch-only: only these are sent: %1\n\n")
                         .arg(Esl::readOnlyApiCommands().join(QStringLiteral(", ")))
                   : QString()) +
        tr("Function keys (fs_cli's defaults):\n%1")
            .arg(QString(keys).replace(QStringLiteral(" · "), u"\n"_s)));
}

QString ApiConsole::failureText(Monitor::ServerId server, const QString &command,
                                const Esl::Reply &reply) const
{
    if (reply.error() && reply.error()->code == Esl::Error::Code::Forbidden)
        return reply.error()->message; // "watch-only: "uuid_kill" would change …"
    if (Esl::isPermissionDenied(reply)) {
        const Monitor::ServerMonitor *monitor = m_hub->server(server);
        return Esl::permissionRefusal(command,
                                      monitor ? monitor->profile().connection.user : QString());
    }
    return tr("Error: %1").arg(reply.errorText());
}

ApiConsole::~ApiConsole() = default;

Monitor::ServerId ApiConsole::currentServer() const
{
    return m_servers->currentData().value<Monitor::ServerId>();
}

QStringList ApiConsole::functionKeyCommands()
{
    return Console::FunctionKeys::commands();
}

QString ApiConsole::functionKeyQuestion(int key)
{
    return Console::FunctionKeys::question(key);
}

void ApiConsole::runFunctionKey(int key)
{
    const QString command = functionKeyCommands().value(key - 1);
    // On a watch-only server a key that would change the switch is refused here, before its
    // question: asking "Run fsctl pause?" only to refuse it after Yes would be a false choice.
    if (const Monitor::ServerId server = currentServer();
        server != 0 && Console::isWatchOnly(m_hub, server)) {
        if (const std::optional<QString> why = Console::FunctionKeys::watchOnlyRefusal(key)) {
            echo(m_servers->currentText(), command);
            append(tr("%1 (F%2, not sent)").arg(*why).arg(key), Style::Error);
            return;
        }
    }
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
    return Console::ApiCompletion::builtinCommands();
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
    if (const std::optional<QString> line = m_history.recall(step, m_line->text()))
        m_line->setText(*line);
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
    m_history.restart();
    if (line.isEmpty())
        return;
    m_history.remember(line);
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
                   .arg(Console::FunctionKeys::help()),
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
    m_hub->api(server, command)
        .then(m_hub, [self = QPointer(this), e, server, command](const Esl::Reply &r) {
            if (!self)
                return;
            const bool refused = (r.error() && r.error()->code == Esl::Error::Code::Forbidden) ||
                                 Esl::isPermissionDenied(r);
            self->showReply(e, r.error() || refused ? self->failureText(server, command, r) : r.text(),
                            r.ok());
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

// ---- completion ---------------------------------------------------------------------------------

void ApiConsole::completeCommand()
{
    using Completion = Console::ApiCompletion::Completion;
    const std::optional<Console::ApiCompletion::Word> word =
        Console::ApiCompletion::commandWordAt(m_line->text(), m_line->cursorPosition());
    if (!word)
        return;
    const Completion completion =
        Console::ApiCompletion::complete(m_names->stringList(), word->typed);
    if (completion.kind == Completion::Kind::Nothing)
        return;
    m_word = *word;
    switch (completion.kind) {
    case Completion::Kind::Nothing:
        break;
    case Completion::Kind::Whole:
        insertCompletion(completion.text);
        break;
    case Completion::Kind::CommonPrefix:
        applyEdit(Console::ApiCompletion::insertPrefix(m_line->text(), m_word, completion.text));
        break;
    case Completion::Kind::Choose:
        m_completer->setCompletionPrefix(word->typed);
        m_completer->complete(); // under the command line
        break;
    }
}

void ApiConsole::insertCompletion(const QString &name)
{
    applyEdit(Console::ApiCompletion::insertName(m_line->text(), m_word, name));
}

void ApiConsole::applyEdit(const Console::ApiCompletion::Edit &edit)
{
    m_line->setText(edit.line);
    m_line->setCursorPosition(edit.cursor);
}

void ApiConsole::rebuildCompletions()
{
    m_names->setStringList(m_completion.candidates(currentServer()));
}

void ApiConsole::learnCommands(Monitor::ServerId id)
{
    Monitor::ServerMonitor *server = m_hub->server(id);
    if (!server || !server->link()->isLive() || m_learning.contains(id))
        return;
    m_learning.insert(id);
    // Not an operator's command: sent straight through the client, so the audit log keeps only
    // what people did.
    server->link()
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
    m_completion.learn(id, names);
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
            [this, id](Monitor::LinkState state) {
                if (state == Monitor::LinkState::Live)
                    learnCommands(id);
            });
    learnCommands(id);
}

void ApiConsole::removeServer(Monitor::ServerId id)
{
    const int index = m_servers->findData(QVariant::fromValue(id));
    if (index >= 0)
        m_servers->removeItem(index);
    m_completion.forget(id);
    m_learning.remove(id);
}

} // namespace Ui
