#pragma once
// The API console: an fs_cli-like command line for the watched servers. Every command goes
// through the hub (Hub::api, Hub::bgapi), so it lands in the audit log, and its reply is
// appended to the output when it comes — nothing waits. A bgapi shows as pending until its
// BACKGROUND_JOB arrives. History is kept in QSettings between runs (Console::CommandHistory);
// command names complete from a built-in list and from what each switch reports in `show api as
// json` (Console::ApiCompletion decides what Tab does; this widget asks the switch and shows it);
// F1–F12 run fs_cli's default bindings (Console::FunctionKeys), caught by the CommandLine.

#include "console/apicompletion.h"
#include "console/commandhistory.h"

#include "monitor/hub.h"

#include <QHash>
#include <QSet>
#include <QWidget>

class QComboBox;
class QCompleter;
class QKeyEvent;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QStringListModel;
class QTextCharFormat;

namespace Ui {

class ApiConsole : public QWidget
{
    Q_OBJECT

public:
    explicit ApiConsole(Monitor::Hub *hub, QWidget *parent = nullptr);
    ~ApiConsole() override;

    [[nodiscard]] QLineEdit *commandLine() const { return m_line; }
    [[nodiscard]] QPlainTextEdit *output() const { return m_output; }
    [[nodiscard]] QComboBox *serverChooser() const { return m_servers; }
    [[nodiscard]] QCompleter *completer() const { return m_completer; }
    // Oldest first, as kept in QSettings.
    [[nodiscard]] QStringList history() const { return m_history.lines(); }
    // bgapi commands whose result has not come yet.
    [[nodiscard]] int pendingCount() const { return int(m_pending.size()); }
    // The server commands go to; 0 when there is none.
    [[nodiscard]] Monitor::ServerId currentServer() const;

    // fs_cli's default function keys; index 0 is F1 (Console::FunctionKeys::commands).
    [[nodiscard]] static QStringList functionKeyCommands();
    // The question asked before a function key's command runs, or empty
    // (Console::FunctionKeys::question).
    [[nodiscard]] static QString functionKeyQuestion(int key);
    // Command names offered before a switch has said which it has
    // (Console::ApiCompletion::builtinCommands).
    [[nodiscard]] static QStringList builtinCommands();

    static constexpr int kHistoryLimit = Console::CommandHistory::kLimit;
    static constexpr int kOutputBlockLimit = 5000;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    enum class Style { Echo, Text, Error, Note, Pending, Done };
    struct Echo
    {
        QString server;
        QString command;
        qint64 serial = 0; // the output's serial right after the echo
    };

    bool handleKey(QKeyEvent *event);
    void runFunctionKey(int key);
    void submit();
    void execute(const QString &line);
    bool runLocal(const QString &line);
    void runApi(Monitor::ServerId server, const QString &command);
    void runBgapi(Monitor::ServerId server, const QString &command);
    void showJobResult(int id, const QString &server, const QString &command,
                       const Esl::JobResult &result);
    void showReply(const Echo &echo, const QString &text, bool ok);
    void recall(int step);

    void completeCommand();
    void insertCompletion(const QString &name);
    void applyEdit(const Console::ApiCompletion::Edit &edit);
    void rebuildCompletions();
    void learnCommands(Monitor::ServerId server);
    void learned(Monitor::ServerId server, const Esl::Reply &reply);

    void addServer(Monitor::ServerMonitor *server);
    // The command line says "watch-only: read-only commands" while the chosen server is one.
    void updateWatchOnlyNote();
    // What a failed reply shows: the library's watch-only refusal and the switch's permission
    // refusal as such, anything else as "Error: …".
    [[nodiscard]] QString failureText(Monitor::ServerId server, const QString &command,
                                      const Esl::Reply &reply) const;
    void removeServer(Monitor::ServerId id);

    Echo echo(const QString &server, const QString &command);
    void append(const QString &text, Style style, int state = -1);
    void markDone(int pendingId, const QString &text, Style style);
    [[nodiscard]] QTextCharFormat format(Style style) const;

    Monitor::Hub *m_hub = nullptr;
    QComboBox *m_servers = nullptr;
    QPlainTextEdit *m_output = nullptr;
    QLineEdit *m_line = nullptr;
    QLabel *m_keysHelp = nullptr;
    QCompleter *m_completer = nullptr;
    QStringListModel *m_names = nullptr;

    Console::CommandHistory m_history;

    Console::ApiCompletion m_completion;
    Console::ApiCompletion::Word m_word; // the command word Tab is completing
    QSet<Monitor::ServerId> m_learning;

    QHash<int, QString> m_pending; // pending id -> the bgapi command
    int m_nextPending = 1;
    qint64 m_serial = 0; // counts appends: tells whether a reply still follows its echo
};

} // namespace Ui
