// The API console's command history without a window: lines are kept oldest first, a line that
// repeats the last one is kept once, only the last 500 stay; they survive a restart in a settings
// file only the operator can read, and a console that remembers a line also picks up what another
// console added meanwhile. Walking with Up and Down stops at the oldest line and gives back the
// half-typed draft past the newest.

#include "console/commandhistory.h"

#include <QFile>
#include <QSettings>
#include <QStandardPaths>
#include <QTest>

#include <sys/stat.h>

using Console::CommandHistory;
using namespace Qt::Literals::StringLiterals;

namespace {

int modeOf(const QString &path)
{
    struct stat st
    {};
    return ::stat(QFile::encodeName(path).constData(), &st) == 0 ? int(st.st_mode & 07777) : -1;
}

} // namespace

class TestCommandHistory : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(u"Switchboard-tests"_s);
        QCoreApplication::setApplicationName(u"tst_commandhistory"_s);
    }
    void init() { QSettings().clear(); }
    void cleanupTestCase() { QSettings().clear(); }

    // Happy flows.
    void keepsLinesOldestFirstAndARepeatOnce();
    void keepsOnlyTheLast500Lines();
    void survivesARestartInAPrivateFile();
    void picksUpWhatAnotherConsoleAdded();
    void walkingStopsAtTheOldestAndGivesBackTheDraft();
    void rememberingALineEndsTheWalk();
    void restartingStartsTheNextWalkAtTheNewest();

    // Rainy days.
    void anEmptyHistoryRecallsNothing();
};

void TestCommandHistory::keepsLinesOldestFirstAndARepeatOnce()
{
    CommandHistory history;
    QVERIFY(history.lines().isEmpty());
    for (const QString &line : {u"status"_s, u"status"_s, u"version"_s, u"status"_s})
        history.remember(line);
    // Only an immediate repeat is dropped: "status" again after "version" is a new line.
    QCOMPARE(history.lines(), (QStringList{u"status"_s, u"version"_s, u"status"_s}));
}

void TestCommandHistory::keepsOnlyTheLast500Lines()
{
    QCOMPARE(CommandHistory::kLimit, 500);
    CommandHistory history;
    for (int i = 0; i < CommandHistory::kLimit + 5; ++i)
        history.remember(u"echo %1"_s.arg(i));
    QCOMPARE(history.lines().size(), CommandHistory::kLimit);
    QCOMPARE(history.lines().constFirst(), u"echo 5"_s);
    QCOMPARE(history.lines().constLast(), u"echo 504"_s);
    QCOMPARE(QSettings().value(u"console/history"_s).toStringList(), history.lines());
}

void TestCommandHistory::survivesARestartInAPrivateFile()
{
    {
        CommandHistory history;
        history.remember(u"status"_s);
        history.remember(u"sofia status"_s);
    }
    const QStringList expected{u"status"_s, u"sofia status"_s};
    QCOMPARE(QSettings().value(u"console/history"_s).toStringList(), expected);
    QCOMPARE(modeOf(QSettings().fileName()), 0600); // typed commands are the operator's alone
    CommandHistory again;
    QCOMPARE(again.lines(), expected);
    QCOMPARE(again.recall(-1, {}), u"sofia status"_s);
}

void TestCommandHistory::picksUpWhatAnotherConsoleAdded()
{
    CommandHistory first;
    CommandHistory second;
    first.remember(u"status"_s);
    QVERIFY(second.lines().isEmpty()); // read when it remembers, not behind its back
    second.remember(u"version"_s);
    QCOMPARE(second.lines(), (QStringList{u"status"_s, u"version"_s}));
    // The repeat check is against the saved last line, whoever typed it.
    first.remember(u"version"_s);
    QCOMPARE(first.lines(), (QStringList{u"status"_s, u"version"_s}));
}

void TestCommandHistory::walkingStopsAtTheOldestAndGivesBackTheDraft()
{
    CommandHistory history;
    history.remember(u"status"_s);
    history.remember(u"version"_s);

    QCOMPARE(history.recall(-1, u"hos"_s), u"version"_s);
    QCOMPARE(history.recall(-1, u"version"_s), u"status"_s);
    QCOMPARE(history.recall(-1, u"status"_s), std::nullopt); // the oldest: stays
    QCOMPARE(history.recall(+1, u"status"_s), u"version"_s);
    QCOMPARE(history.recall(+1, u"version"_s), u"hos"_s); // past the newest: the draft
    QCOMPARE(history.recall(+1, u"hos"_s), std::nullopt);
    // A new walk keeps what is typed now as its draft.
    QCOMPARE(history.recall(-1, u"host"_s), u"version"_s);
    QCOMPARE(history.recall(+1, u"version"_s), u"host"_s);
}

void TestCommandHistory::rememberingALineEndsTheWalk()
{
    CommandHistory history;
    history.remember(u"status"_s);
    history.remember(u"version"_s);
    QCOMPARE(history.recall(-1, u"draft"_s), u"version"_s);
    QCOMPARE(history.recall(-1, u"version"_s), u"status"_s);
    history.remember(u"status"_s); // a recalled line, run
    QCOMPARE(history.recall(-1, {}), u"status"_s);
    QCOMPARE(history.recall(+1, u"status"_s), QString()); // the draft went with the walk
}

void TestCommandHistory::restartingStartsTheNextWalkAtTheNewest()
{
    CommandHistory history;
    history.remember(u"status"_s);
    history.remember(u"version"_s);
    QCOMPARE(history.recall(-1, {}), u"version"_s);
    QCOMPARE(history.recall(-1, u"version"_s), u"status"_s);
    history.restart(); // a blank line was entered
    QCOMPARE(history.recall(-1, {}), u"version"_s);
    QCOMPARE(history.lines(), (QStringList{u"status"_s, u"version"_s}));
}

void TestCommandHistory::anEmptyHistoryRecallsNothing()
{
    CommandHistory history;
    QCOMPARE(history.recall(-1, u"typed"_s), std::nullopt);
    QCOMPARE(history.recall(+1, u"typed"_s), std::nullopt);
}

QTEST_GUILESS_MAIN(TestCommandHistory)
#include "tst_commandhistory.moc"
