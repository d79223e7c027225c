// The API console driven from the keyboard against the simulated switch: what is typed reaches
// the switch through the hub (and so the audit log) and its answer shows; fs_cli's function keys
// run their commands; history survives a restart and skips repeats; command names complete from
// the built-in list and from what the switch reports; a bgapi stays pending until its job ends;
// pasted multi-line text and failures are refused or shown as errors. Then the simulated
// switch's answers to those console commands, checked against FreeSWITCH's own shapes.

#include "support/uisim.h"

#include "esl/commands.h"
#include "ui/console/apiconsole.h"

#include <QAbstractButton>
#include <QAbstractItemView>
#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QCompleter>
#include <QLabel>
#include <QLineEdit>
#include <QMainWindow>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QSettings>
#include <QStandardPaths>
#include <QTextBlock>
#include <QTimer>
#include <QVBoxLayout>

using namespace Qt::Literals::StringLiterals;
using TestSupport::kWait;

namespace {

// Every command line the switch received, on any connection.
struct Received
{
    explicit Received(Sim::EventSocketServer *server)
    {
        QObject::connect(server, &Sim::EventSocketServer::commandReceived, &context,
                         [this](const Esl::wire::Command &c) { lines.append(c.line); });
    }
    [[nodiscard]] bool contains(const QByteArray &line) const { return lines.contains(line); }

    QObject context;
    QList<QByteArray> lines;
};

QString text(const Ui::ApiConsole &console)
{
    return console.output()->toPlainText();
}

// The colour of the first output line containing `part` (invalid when there is none).
QColor colourOf(const Ui::ApiConsole &console, const QString &part)
{
    for (QTextBlock b = console.output()->document()->begin(); b.isValid(); b = b.next()) {
        if (b.text().contains(part))
            return b.begin().fragment().charFormat().foreground().color();
    }
    return {};
}

const QColor kRed(0xb0, 0x2a, 0x37);

void enter(Ui::ApiConsole &console, const QString &line)
{
    console.commandLine()->setText(line);
    QTest::keyClick(console.commandLine(), Qt::Key_Return);
}

// The audit entry for `command` ("api status"), once its reply is in; null until then.
const Monitor::AuditEntry *audited(Monitor::Hub &hub, const QString &command)
{
    for (const Monitor::AuditEntry &e : hub.audit()->entries()) {
        if (e.command == command && e.finishedMs != 0)
            return &e;
    }
    return nullptr;
}

bool waitAudited(Monitor::Hub &hub, const QString &command)
{
    return QTest::qWaitFor([&] { return audited(hub, command) != nullptr; }, kWait);
}

// The console has asked the switch for its command names and learned them (a name only the
// simulated switch reports is offered).
bool waitLearned(Ui::ApiConsole &console)
{
    return QTest::qWaitFor(
        [&] {
            QCompleter *c = console.completer();
            c->setCompletionPrefix(QStringLiteral("switchname"));
            return c->currentCompletion() == u"switchname";
        },
        kWait);
}

// Answers the next question box the console asks with `button`, as soon as it shows.
void answerNextQuestion(QMessageBox::StandardButton button, bool *asked)
{
    auto *timer = new QTimer;
    QObject::connect(timer, &QTimer::timeout, timer, [timer, button, asked] {
        auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
        if (!box || !box->isVisible())
            return;
        *asked = true;
        box->button(button)->click();
        timer->deleteLater();
    });
    timer->start(10);
}

} // namespace

class TestApiConsole : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(u"Switchboard-tests"_s);
        QCoreApplication::setApplicationName(u"tst_apiconsole"_s);
    }
    void init() { QSettings().clear(); }

    // Happy flows.
    void typingACommandShowsTheSwitchsAnswer();
    void showChannelsAsJsonShowsTheRows();
    void theFunctionKeysAreFsClisDefaults();
    void everyFunctionKeyRunsItsCommand_data();
    void everyFunctionKeyRunsItsCommand();
    void functionKeysWinOverTheWindowsShortcuts();
    void pausingTheWholeSwitchWithF10AsksFirst();
    void historyRecallsPersistsAndSkipsRepeats();
    void historyKeepsTheLast500Lines();
    void completionOffersBuiltinAndLearnedNames();
    void tabCompletesTheCommandWordOnly();
    void aBgapiIsPendingUntilItsJobEnds();
    void everyCommandSentIsAudited();

    // Rainy days.
    void aLineWithControlCharactersIsRefused();
    void aSwitchErrorShowsInRed();
    void aServerThatIsNotLiveFailsInRed();

    // The simulated switch.
    void theSimAnswersConsoleCommands_data();
    void theSimAnswersConsoleCommands();
    void theSimListsItsApisAsJson();
    void theSimCountsCallsPerSofiaProfile();
};

void TestApiConsole::typingACommandShowsTheSwitchsAnswer()
{
    TestSupport::UiSim sim;
    Monitor::Hub hub;
    QVERIFY(sim.watch(hub, u"pbx"_s));
    Ui::ApiConsole console(&hub);
    QCOMPARE(console.serverChooser()->currentText(), u"pbx"_s);

    QTest::keyClicks(console.commandLine(), u"status"_s);
    QTest::keyClick(console.commandLine(), Qt::Key_Return);
    QVERIFY(console.commandLine()->text().isEmpty());
    QVERIFY(text(console).contains(u"pbx> status"_s));
    QVERIFY(QTest::qWaitFor([&] { return text(console).contains(u"is ready"_s); }, kWait));
    QVERIFY(text(console).contains(u"UP 0 years, "_s));
    QVERIFY(colourOf(console, u"is ready"_s) != kRed);
}

void TestApiConsole::showChannelsAsJsonShowsTheRows()
{
    TestSupport::UiSim sim;
    Monitor::Hub hub;
    QVERIFY(sim.watch(hub, u"pbx"_s));
    sim.call(u"Alice"_s);
    QVERIFY(QTest::qWaitFor([&] { return sim.sw->channelCount() == 2; }, kWait));
    Ui::ApiConsole console(&hub);

    enter(console, u"show channels as json"_s);
    QVERIFY(QTest::qWaitFor([&] { return text(console).contains(u"\"row_count\":2"_s); }, kWait));
    QVERIFY(text(console).contains(u"\"cid_name\":\"Alice\""_s));
}

void TestApiConsole::theFunctionKeysAreFsClisDefaults()
{
    // set_fn_keys() in FreeSWITCH's libs/esl/fs_cli.c.
    const QStringList expected{
        u"help"_s,         u"status"_s,       u"show channels"_s,
        u"show calls"_s,   u"sofia status"_s, u"reloadxml"_s,
        u"/log console"_s, u"/log debug"_s,   u"sofia status profile internal"_s,
        u"fsctl pause"_s,  u"fsctl resume"_s, u"version"_s};
    QCOMPARE(Ui::ApiConsole::functionKeyCommands(), expected);

    Monitor::Hub hub;
    Ui::ApiConsole console(&hub);
    QVERIFY(console.commandLine()->toolTip().contains(u"F9 sofia status profile internal"_s));
    auto *keys = console.findChild<QLabel *>(u"consoleKeys"_s);
    QVERIFY(keys);
    QVERIFY(keys->text().contains(u"F2 status"_s));
}

void TestApiConsole::everyFunctionKeyRunsItsCommand_data()
{
    QTest::addColumn<int>("key");
    QTest::addColumn<QString>("answer"); // a piece of what the output must show
    QTest::addColumn<bool>("sent");      // false: fs_cli's own /log command, explained, not sent
    // F10 and F11 (fsctl) ask first, since they change the whole switch: answered Yes here.

    QTest::newRow("F1 help") << 1 << u"Valid Commands:"_s << true;
    QTest::newRow("F2 status") << 2 << u"is ready"_s << true;
    QTest::newRow("F3 show channels") << 3 << u"0 total."_s << true;
    QTest::newRow("F4 show calls") << 4 << u"0 total."_s << true;
    QTest::newRow("F5 sofia status") << 5 << u"2 profiles 1 alias"_s << true;
    QTest::newRow("F6 reloadxml") << 6 << u"+OK [Success]"_s << true;
    QTest::newRow("F7 /log console") << 7 << u"/log console: fs_cli's own"_s << false;
    QTest::newRow("F8 /log debug") << 8 << u"/log debug: fs_cli's own"_s << false;
    QTest::newRow("F9 sofia status profile internal") << 9 << u"CODECS IN"_s << true;
    QTest::newRow("F10 fsctl pause") << 10 << u"+OK"_s << true;
    QTest::newRow("F11 fsctl resume") << 11 << u"+OK"_s << true;
    QTest::newRow("F12 version") << 12 << u"FreeSWITCH Version 1.10"_s << true;
}

void TestApiConsole::everyFunctionKeyRunsItsCommand()
{
    QFETCH(int, key);
    QFETCH(QString, answer);
    QFETCH(bool, sent);
    TestSupport::UiSim sim;
    Monitor::Hub hub;
    QVERIFY(sim.watch(hub, u"pbx"_s));
    Received received(sim.server.get());
    Ui::ApiConsole console(&hub);
    QVERIFY(waitLearned(console)); // what the console asks by itself
    const QString command = Ui::ApiConsole::functionKeyCommands().at(key - 1);
    const int audits = hub.audit()->size();
    const bool asks = key == 10 || key == 11;
    bool asked = false;
    if (asks)
        answerNextQuestion(QMessageBox::Yes, &asked);

    QTest::keyClick(console.commandLine(), Qt::Key(Qt::Key_F1 + key - 1));
    QCOMPARE(asked, asks);
    QVERIFY(console.history().isEmpty()); // function keys are not typed lines
    if (sent) {
        QVERIFY(text(console).contains(u"pbx> "_s + command)); // shown as if typed
        QVERIFY(waitAudited(hub, u"api "_s + command));
        QVERIFY2(audited(hub, u"api "_s + command)->ok,
                 qPrintable(audited(hub, u"api "_s + command)->reply));
        QVERIFY(received.contains("api " + command.toUtf8()));
        QVERIFY(QTest::qWaitFor([&] { return text(console).contains(answer); }, kWait));
        QVERIFY(colourOf(console, answer) != kRed);
    } else {
        QVERIFY2(text(console).contains(answer), qPrintable(text(console)));
        QVERIFY(text(console).contains(u"(now: 7 Debug)"_s)); // the profile's level
        QCOMPARE(hub.audit()->size(), audits);
        // Nothing went out: a command sent after it arrives with nothing before it.
        received.lines.clear();
        enter(console, u"version"_s);
        QVERIFY(waitAudited(hub, u"api version"_s));
        QCOMPARE(received.lines, QList<QByteArray>{"api version"});
    }
}

void TestApiConsole::pausingTheWholeSwitchWithF10AsksFirst()
{
    TestSupport::UiSim sim;
    Monitor::Hub hub;
    QVERIFY(sim.watch(hub, u"pbx"_s));
    Received received(sim.server.get());
    Ui::ApiConsole console(&hub);
    QVERIFY(waitLearned(console));
    QVERIFY(!Ui::ApiConsole::functionKeyQuestion(10).isEmpty());
    QVERIFY(Ui::ApiConsole::functionKeyQuestion(2).isEmpty()); // status changes nothing

    // Cancelled: nothing goes out, and the console says so.
    bool asked = false;
    answerNextQuestion(QMessageBox::Cancel, &asked);
    QTest::keyClick(console.commandLine(), Qt::Key_F10);
    QVERIFY(asked);
    QVERIFY2(text(console).contains(u"Not sent: fsctl pause (F10)"_s), qPrintable(text(console)));
    received.lines.clear();
    enter(console, u"version"_s);
    QVERIFY(waitAudited(hub, u"api version"_s));
    QCOMPARE(received.lines, QList<QByteArray>{"api version"});
    QVERIFY(!audited(hub, u"api fsctl pause"_s));

    // Yes: sent.
    asked = false;
    answerNextQuestion(QMessageBox::Yes, &asked);
    QTest::keyClick(console.commandLine(), Qt::Key_F10);
    QVERIFY(asked);
    QVERIFY(waitAudited(hub, u"api fsctl pause"_s));
}

void TestApiConsole::functionKeysWinOverTheWindowsShortcuts()
{
    // The main window binds F5 (resync); with the focus in the console, F5 is fs_cli's.
    TestSupport::UiSim sim;
    Monitor::Hub hub;
    QVERIFY(sim.watch(hub, u"pbx"_s));
    QMainWindow window;
    auto *central = new QWidget(&window);
    auto *console = new Ui::ApiConsole(&hub, central);
    auto *elsewhere = new QLineEdit(central);
    auto *layout = new QVBoxLayout(central);
    layout->addWidget(console);
    layout->addWidget(elsewhere);
    window.setCentralWidget(central);
    int resyncs = 0;
    QAction *resync = window.addAction(u"Resync"_s);
    resync->setShortcut(QKeySequence(Qt::Key_F5));
    connect(resync, &QAction::triggered, this, [&] { ++resyncs; });
    window.show();
    window.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&window));

    console->commandLine()->setFocus();
    QVERIFY(QTest::qWaitFor([&] { return console->commandLine()->hasFocus(); }, kWait));
    QTest::keyClick(console->commandLine(), Qt::Key_F5);
    QVERIFY(waitAudited(hub, u"api sofia status"_s));
    QCOMPARE(resyncs, 0);

    // Outside the console the window's shortcut still works.
    elsewhere->setFocus();
    QVERIFY(QTest::qWaitFor([&] { return elsewhere->hasFocus(); }, kWait));
    QTest::keyClick(elsewhere, Qt::Key_F5);
    QCOMPARE(resyncs, 1);
}

void TestApiConsole::historyRecallsPersistsAndSkipsRepeats()
{
    TestSupport::UiSim sim;
    Monitor::Hub hub;
    QVERIFY(sim.watch(hub, u"pbx"_s));
    {
        Ui::ApiConsole console(&hub);
        enter(console, u"status"_s);
        enter(console, u"status"_s); // a repeat: kept once
        enter(console, u"version"_s);
        enter(console, u"   "_s);       // blank: not sent, not kept
        enter(console, u"  status "_s); // kept trimmed
        QCOMPARE(console.history(), (QStringList{u"status"_s, u"version"_s, u"status"_s}));

        QLineEdit *line = console.commandLine();
        QTest::keyClicks(line, u"hos"_s); // a draft, given back after walking the history
        QTest::keyClick(line, Qt::Key_Up);
        QCOMPARE(line->text(), u"status"_s);
        QTest::keyClick(line, Qt::Key_Up);
        QCOMPARE(line->text(), u"version"_s);
        QTest::keyClick(line, Qt::Key_Up);
        QCOMPARE(line->text(), u"status"_s);
        QTest::keyClick(line, Qt::Key_Up); // the oldest: stays
        QCOMPARE(line->text(), u"status"_s);
        QTest::keyClick(line, Qt::Key_Down);
        QCOMPARE(line->text(), u"version"_s);
        QTest::keyClick(line, Qt::Key_Down);
        QTest::keyClick(line, Qt::Key_Down);
        QCOMPARE(line->text(), u"hos"_s);
        QTest::keyClick(line, Qt::Key_Down);
        QCOMPARE(line->text(), u"hos"_s);
        // A recalled line runs as typed.
        QTest::keyClick(line, Qt::Key_Up);
        QTest::keyClick(line, Qt::Key_Up);
        QTest::keyClick(line, Qt::Key_Return);
        QCOMPARE(console.history().constLast(), u"version"_s);
        QVERIFY(waitAudited(hub, u"api version"_s));
    }
    QCOMPARE(QSettings().value(u"console/history"_s).toStringList(),
             (QStringList{u"status"_s, u"version"_s, u"status"_s, u"version"_s}));
    // A new console (as after a restart) has it.
    Ui::ApiConsole again(&hub);
    QCOMPARE(again.history(), (QStringList{u"status"_s, u"version"_s, u"status"_s, u"version"_s}));
    QTest::keyClick(again.commandLine(), Qt::Key_Up);
    QCOMPARE(again.commandLine()->text(), u"version"_s);
}

void TestApiConsole::historyKeepsTheLast500Lines()
{
    Monitor::Hub hub; // no server: nothing is sent, but typed lines are still remembered
    Ui::ApiConsole console(&hub);
    for (int i = 0; i < Ui::ApiConsole::kHistoryLimit + 5; ++i)
        enter(console, u"echo %1"_s.arg(i));
    QCOMPARE(console.history().size(), Ui::ApiConsole::kHistoryLimit);
    QCOMPARE(console.history().constFirst(), u"echo 5"_s);
    QCOMPARE(console.history().constLast(), u"echo 504"_s);
    QVERIFY(text(console).contains(u"Not sent: no server"_s));
    QCOMPARE(hub.audit()->size(), 0);
}

void TestApiConsole::completionOffersBuiltinAndLearnedNames()
{
    TestSupport::UiSim sim;
    Monitor::Hub hub;
    QVERIFY(sim.watch(hub, u"pbx"_s));
    // What the switch has that the built-in list does not.
    const auto table = Esl::ShowResult::fromJson(sim.sw->api(u"show api as json"_s));
    QVERIFY(table);
    QStringList onlyTheSwitch;
    for (qsizetype i = 0; i < table->rows.size(); ++i) {
        const QString name = table->rowHash(i).value(u"name"_s);
        if (!Ui::ApiConsole::builtinCommands().contains(name))
            onlyTheSwitch.append(name);
    }
    QVERIFY(onlyTheSwitch.contains(u"switchname"_s));

    Ui::ApiConsole console(&hub);
    QCompleter *completer = console.completer();
    completer->setCompletionPrefix(u"uuid_k"_s);
    QCOMPARE(completer->completionCount(), 1);
    QCOMPARE(completer->currentCompletion(), u"uuid_kill"_s);

    // Learned from `show api as json`, asked by the console itself: not an operator's command,
    // so not in the audit log.
    QVERIFY(waitLearned(console));
    QVERIFY(!audited(hub, u"api show api as json"_s));
    auto offered = [&](const QString &name) {
        completer->setCompletionPrefix(name);
        return completer->currentCompletion() == name;
    };
    QVERIFY(QTest::qWaitFor([&] { return offered(u"switchname"_s); }, kWait));
    for (const QString &name : std::as_const(onlyTheSwitch))
        QVERIFY2(offered(name), qPrintable(name));
    QTest::keyClicks(console.commandLine(), u"switchn"_s);
    QTest::keyClick(console.commandLine(), Qt::Key_Tab);
    QCOMPARE(console.commandLine()->text(), u"switchname "_s);
}

void TestApiConsole::tabCompletesTheCommandWordOnly()
{
    Monitor::Hub hub;
    Ui::ApiConsole console(&hub);
    console.show();
    console.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&console));
    QLineEdit *line = console.commandLine();
    line->setFocus();
    QVERIFY(QTest::qWaitFor([&] { return line->hasFocus(); }, kWait));

    QTest::keyClicks(line, u"uuid_k"_s);
    QTest::keyClick(line, Qt::Key_Tab);
    QCOMPARE(line->text(), u"uuid_kill "_s); // one match: the name and a space
    QVERIFY(line->hasFocus());               // Tab completes, it does not move the focus on

    line->setText(u"bgapi orig"_s);
    QTest::keyClick(line, Qt::Key_Tab);
    QCOMPARE(line->text(), u"bgapi originate "_s); // the word after bgapi is a command too

    line->setText(u"uuid_kill uuid_k"_s); // an argument: left alone
    QTest::keyClick(line, Qt::Key_Tab);
    QCOMPARE(line->text(), u"uuid_kill uuid_k"_s);

    line->setText(u"uuid_setv"_s); // uuid_setvar, uuid_setvar_multi: their common prefix
    QTest::keyClick(line, Qt::Key_Tab);
    QCOMPARE(line->text(), u"uuid_setvar"_s);
    QVERIFY(!console.completer()->popup()->isVisible());

    // Nothing to add: the choices pop up; Enter picks one and sends nothing.
    line->setText(u"uuid_s"_s);
    QTest::keyClick(line, Qt::Key_Tab);
    QAbstractItemView *popup = console.completer()->popup();
    QVERIFY(QTest::qWaitFor([&] { return popup->isVisible(); }, kWait));
    QVERIFY(console.completer()->completionCount() > 1);
    popup->setCurrentIndex(console.completer()->completionModel()->index(0, 0));
    const QString first = popup->currentIndex().data().toString();
    QVERIFY(first.startsWith(u"uuid_s"_s));
    QTest::keyClick(popup, Qt::Key_Return);
    QCOMPARE(line->text(), first + u' ');
    QVERIFY(!popup->isVisible());
    QVERIFY(!text(console).contains(u"Not sent"_s)); // Enter picked, it did not run the line
    QVERIFY(console.history().isEmpty());
}

void TestApiConsole::aBgapiIsPendingUntilItsJobEnds()
{
    TestSupport::UiSim sim;
    Monitor::Hub hub;
    QVERIFY(sim.watch(hub, u"pbx"_s));
    Received received(sim.server.get());
    Ui::ApiConsole console(&hub);
    sim.server->stallAll(60000); // the switch runs it, but its answers wait

    enter(console, u"bgapi status"_s);
    QCOMPARE(console.pendingCount(), 1);
    QVERIFY(text(console).contains(u"pbx> bgapi status"_s));
    QVERIFY(text(console).contains(u"⏳ pending"_s));
    QVERIFY(QTest::qWaitFor([&] { return received.contains("bgapi status"); }, kWait));
    QCOMPARE(console.pendingCount(), 1);
    QVERIFY(!text(console).contains(u"is ready"_s));

    for (Sim::Listener *l : sim.server->listeners())
        l->resume();
    QVERIFY(QTest::qWaitFor([&] { return console.pendingCount() == 0; }, kWait));
    QVERIFY(text(console).contains(u"is ready"_s));
    QVERIFY(!text(console).contains(u"⏳"_s)); // the pending line is marked done
    QVERIFY(text(console).contains(u"✓ done (job "_s));
    const Monitor::AuditEntry *entry = audited(hub, u"bgapi status"_s);
    QVERIFY(entry);
    QVERIFY(entry->ok);
    // The result is headed with its job.
    QVERIFY(text(console).contains(u"pbx> bgapi status → job "_s));
}

void TestApiConsole::everyCommandSentIsAudited()
{
    TestSupport::UiSim sim;
    Monitor::Hub hub;
    QVERIFY(sim.watch(hub, u"pbx"_s));
    Received received(sim.server.get());
    Ui::ApiConsole console(&hub);
    enter(console, u"version"_s);
    enter(console, u"bgapi hostname"_s);
    QTest::keyClick(console.commandLine(), Qt::Key_F6);
    enter(console, u"bogus_cmd"_s);
    enter(console, u"/clear"_s); // local: not sent
    const QStringList sent{u"api version"_s, u"bgapi hostname"_s, u"api reloadxml"_s,
                           u"api bogus_cmd"_s};
    for (const QString &command : sent) {
        QVERIFY2(waitAudited(hub, command), qPrintable(command));
        QCOMPARE(audited(hub, command)->server, u"pbx"_s);
        QVERIFY(received.contains(command.toUtf8()));
    }
    QVERIFY(QTest::qWaitFor([&] { return console.pendingCount() == 0; }, kWait));
    QVERIFY(!received.contains("api /clear"));
}

void TestApiConsole::aLineWithControlCharactersIsRefused()
{
    TestSupport::UiSim sim;
    Monitor::Hub hub;
    QVERIFY(sim.watch(hub, u"pbx"_s));
    Received received(sim.server.get());
    Ui::ApiConsole console(&hub);
    QVERIFY(waitLearned(console)); // what the console asks by itself
    const int audits = hub.audit()->size();

    for (const QString &pasted : {u"status\r\napi fsctl shutdown"_s, u"status\nhelp"_s,
                                  u"status\u0000"_s, u"bgapi status\r"_s}) {
        enter(console, pasted);
        QCOMPARE(console.commandLine()->text(), pasted); // kept, to be fixed
        console.commandLine()->clear();
    }
    QVERIFY(text(console).contains(u"Not sent: the line holds a line break"_s));
    QCOMPARE(colourOf(console, u"Not sent"_s), kRed);
    QCOMPARE(hub.audit()->size(), audits);
    QCOMPARE(console.pendingCount(), 0);
    QVERIFY(console.history().isEmpty());
    // A clean line sent afterwards is the first thing the switch gets from the console.
    received.lines.clear();
    enter(console, u"version"_s);
    QVERIFY(waitAudited(hub, u"api version"_s));
    QCOMPARE(received.lines, QList<QByteArray>{"api version"});
}

void TestApiConsole::aSwitchErrorShowsInRed()
{
    TestSupport::UiSim sim;
    Monitor::Hub hub;
    QVERIFY(sim.watch(hub, u"pbx"_s));
    Ui::ApiConsole console(&hub);

    enter(console, u"bogus_cmd"_s);
    QVERIFY(QTest::qWaitFor(
        [&] { return text(console).contains(u"-ERR bogus_cmd Command not found!"_s); }, kWait));
    QCOMPARE(colourOf(console, u"-ERR bogus_cmd"_s), kRed);
    QVERIFY(!audited(hub, u"api bogus_cmd"_s)->ok);

    enter(console, u"bgapi bogus_cmd"_s);
    QVERIFY(QTest::qWaitFor([&] { return console.pendingCount() == 0; }, kWait));
    QVERIFY(text(console).contains(u"✗ failed (job "_s));
    QVERIFY(!audited(hub, u"bgapi bogus_cmd"_s)->ok);

    enter(console, u"/nosuch"_s);
    QCOMPARE(colourOf(console, u"Unknown console command [/nosuch]"_s), kRed);
}

void TestApiConsole::aServerThatIsNotLiveFailsInRed()
{
    TestSupport::UiSim sim;
    Monitor::Hub hub;
    QVERIFY(sim.watch(hub, u"pbx"_s));
    Monitor::ServerProfile dead = sim.profile(u"dead"_s);
    hub.addServer(dead); // never started
    Ui::ApiConsole console(&hub);
    QCOMPARE(console.serverChooser()->count(), 2);
    console.serverChooser()->setCurrentIndex(1);
    QCOMPARE(console.currentServer(), Monitor::ServerId(2));

    enter(console, u"status"_s);
    QVERIFY(QTest::qWaitFor([&] { return audited(hub, u"api status"_s) != nullptr; }, kWait));
    const Monitor::AuditEntry *entry = audited(hub, u"api status"_s);
    QCOMPARE(entry->server, u"dead"_s);
    QVERIFY(!entry->ok);
    QVERIFY(
        QTest::qWaitFor([&] { return text(console).contains(u"Error: not connected"_s); }, kWait));
    QCOMPARE(colourOf(console, u"Error: not connected"_s), kRed);
    QVERIFY(text(console).contains(u"dead> status"_s));

    enter(console, u"bgapi status"_s);
    QCOMPARE(console.pendingCount(), 0); // failed at once
    QVERIFY(text(console).contains(u"✗ failed (no job)"_s));

    // The server goes: it leaves the chooser, and the other one takes the commands.
    hub.removeServer(2);
    QCOMPARE(console.serverChooser()->count(), 1);
    QCOMPARE(console.currentServer(), Monitor::ServerId(1));
}

// ---- the simulated switch ----------------------------------------------------------------------

void TestApiConsole::theSimAnswersConsoleCommands_data()
{
    QTest::addColumn<QString>("command");
    QTest::addColumn<QByteArray>("starts");
    QTest::addColumn<QByteArray>("contains");
    QTest::addColumn<QByteArray>("ends");

    // mod_commands' help_function: show_function("help"), name,syntax,description,ikey rows
    // with no title and no total.
    QTest::newRow("help") << u"help"_s << "\nValid Commands:\n\n"_ba
                          << "\nuuid_kill,<uuid> [cause],Kill channel,mod_commands\n"_ba
                          << "version,[short],Version,mod_commands\n"_ba;
    QTest::newRow("help with a name lists them all") << u"help uuid_kill"_s
                                                     << "callcenter_config,<target> <args>,"_ba
                                                     << "\nstatus,,Show current status,"_ba
                                                     << ",mod_commands\n"_ba;
    QTest::newRow("show api") << u"show api"_s
                              << "name,description,syntax,ikey\ncallcenter_config,Config of "
                                 "callcenter,"_ba
                              << "\nsofia,Sofia Controls,<cmd> <args>,mod_sofia\n"_ba
                              << "\n\n30 total.\n"_ba;
    QTest::newRow("show api one") << u"show api uuid_kill"_s
                                  << "name,description,syntax,ikey\n"
                                     "uuid_kill,Kill channel,<uuid> [cause],mod_commands\n"_ba
                                  << ""_ba
                                  << "\n\n1 total.\n"_ba;
    QTest::newRow("reloadxml") << u"reloadxml"_s << "+OK [Success]\n"_ba
                               << ""_ba
                               << ""_ba;
    QTest::newRow("fsctl pause") << u"fsctl pause"_s << "+OK\n"_ba
                                 << ""_ba
                                 << "+OK\n"_ba;
    QTest::newRow("fsctl resume inbound") << u"fsctl resume inbound"_s << "+OK\n"_ba
                                          << ""_ba
                                          << "+OK\n"_ba;
    QTest::newRow("fsctl alone") << u"fsctl"_s << "-USAGE: [api_expansion [on|off]|"_ba
                                 << "|pause [inbound|outbound]|"_ba
                                 << "]\n"_ba;
    QTest::newRow("fsctl bogus") << u"fsctl bogus"_s << "-ERR Invalid command\nUSAGE: fsctl ["_ba
                                 << ""_ba
                                 << "]\n"_ba;
    QTest::newRow("sofia status") << u"sofia status"_s
                                  << QByteArray(21, ' ') + "Name\t   Type\t  " +
                                         QByteArray(36, ' ') + "Data\tState\n"
                                  << "\n" + QByteArray(17, ' ') + "internal\tprofile\t" +
                                         QByteArray(14, ' ') +
                                         "sip:mod_sofia@127.0.0.1:5060\tRUNNING (0)\n"
                                  << "\n" + QByteArray(97, '=') + "\n2 profiles 1 alias\n";
    QTest::newRow("sofia status gateway row")
        << u"sofia status"_s << ""_ba
        << QByteArray(8, ' ') + "external::carrier\tgateway\t" + QByteArray(7, ' ') +
               "sip:switchboard@sip.carrier.example\tREGED\n"
        << ""_ba;
    QTest::newRow("sofia status profile internal")
        << u"sofia status profile internal"_s
        << QByteArray(97, '=') + "\nName             \tinternal\nDomain Name      \tN/A\n"
        << "\nCODECS IN        \tOPUS,G722,PCMU,PCMA,H264,VP8\n"_ba
        << "\nREGISTRATIONS    \t0\n"_ba;
    QTest::newRow("sofia status profile nope")
        << u"sofia status profile nope"_s << "Invalid Profile!\n"_ba
        << ""_ba
        << "Invalid Profile!\n"_ba;
    QTest::newRow("sofia alone") << u"sofia"_s << "USAGE:\n-----"_ba
                                 << "\nsofia <status|xmlstatus> gateway <name>\n"_ba
                                 << "sofia help\n" + QByteArray(80, '-') + '\n';
    QTest::newRow("sofia bogus") << u"sofia bogus"_s << "Unknown Command [bogus]\n"_ba
                                 << ""_ba
                                 << ""_ba;
    QTest::newRow("unknown command") << u"bogus_cmd"_s << "-ERR bogus_cmd Command not found!\n"_ba
                                     << ""_ba
                                     << ""_ba;
}

void TestApiConsole::theSimAnswersConsoleCommands()
{
    QFETCH(QString, command);
    QFETCH(QByteArray, starts);
    QFETCH(QByteArray, contains);
    QFETCH(QByteArray, ends);
    Sim::Switch sw(Sim::SwitchConfig{.initialCalls = 0});
    const QByteArray reply = sw.api(command);
    QVERIFY2(reply.startsWith(starts), reply.constData());
    QVERIFY2(reply.contains(contains), reply.constData());
    QVERIFY2(reply.endsWith(ends), reply.constData());
    if (command == u"help uuid_kill")
        QVERIFY(!reply.contains("Valid Commands"));
}

void TestApiConsole::theSimListsItsApisAsJson()
{
    Sim::Switch sw(Sim::SwitchConfig{.initialCalls = 0});
    const QByteArray body = sw.api(u"show api as json"_s);
    QVERIFY(body.startsWith("{\"row_count\":30,\"rows\":[{\"name\":\"callcenter_config\","
                            "\"description\":\"Config of callcenter\",\"syntax\":\"<target> "
                            "<args>\",\"ikey\":\"mod_callcenter\"},"));
    const auto table = Esl::ShowResult::fromJson(body);
    QVERIFY(table);
    QCOMPARE(table->rowCount, 30);
    QCOMPARE(table->columns(), (QStringList{u"name"_s, u"description"_s, u"syntax"_s, u"ikey"_s}));
    // Every command it lists, it answers.
    for (qsizetype i = 0; i < table->rows.size(); ++i) {
        const QString name = table->rowHash(i).value(u"name"_s);
        QVERIFY2(!sw.api(name).contains("Command not found"), qPrintable(name));
    }
    const auto one = Esl::ShowResult::fromJson(sw.api(u"show api status as json"_s));
    QVERIFY(one);
    QCOMPARE(one->rowCount, 1);
    QCOMPARE(one->rowHash(0).value(u"description"_s), u"Show current status"_s);
    QCOMPARE(sw.api(u"show api nosuch as json"_s), "{\"row_count\": 0}\n"_ba);
}

void TestApiConsole::theSimCountsCallsPerSofiaProfile()
{
    TestSupport::UiSim sim;
    sim.call(u"Alice"_s); // sofia/internal/... in, bridged to sofia/external/... out
    QVERIFY(QTest::qWaitFor([&] { return sim.sw->channelCount() == 2; }, kWait));
    const QByteArray status = sim.sw->api(u"sofia status"_s);
    QVERIFY2(status.contains("internal\tprofile\t" + QByteArray(14, ' ') +
                             "sip:mod_sofia@127.0.0.1:5060\tRUNNING (1)\n"),
             status.constData());
    QVERIFY(status.contains("sip:mod_sofia@127.0.0.1:5080\tRUNNING (1)\n"));
    const QByteArray internal = sim.sw->api(u"sofia status profile internal"_s);
    QVERIFY(internal.contains("\nCALLS-IN         \t1\n"));
    QVERIFY(internal.contains("\nCALLS-OUT        \t0\n"));
    const QByteArray external = sim.sw->api(u"sofia status profile external"_s);
    QVERIFY(external.contains("\nCALLS-OUT        \t1\n"));
}

QTEST_MAIN(TestApiConsole)
#include "tst_apiconsole.moc"
