// File → Open saved log and File → Open journal session, driven from the window as an operator
// would. What is opened goes to a window of its own, titled with the file's name, over its own
// records: the live event log keeps its rows, and closing the window frees what it read. Happy
// flows: every format an export writes opens again (a call bundle with its channels); a journal
// session is chosen from the journal's list and opens with its servers' names; an opened log has
// its own filter and exports its own records. Rainy days: a file that is not a log says where it
// broke and opens what came before, if anything; a long import or journal load shows its progress
// and stops when asked, showing what it read without an error.

#include "filedesk.h"

#include "monitor/journal.h"
#include "ui/common/modelroles.h"
#include "ui/window/filecommands.h"
#include "ui/window/journalsessionsdialog.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QPointer>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTreeWidget>

using namespace FileDesk;

namespace {

// The rows of an opened window's event log, as the decode schema reads them.
QList<QByteArray> shownLines(Ui::OpenedLogWindow *window)
{
    QList<QByteArray> lines;
    Ui::EventLogModel *model = window->eventLogPanel()->model();
    for (int r = 0; r < model->rowCount(); ++r) {
        const auto record = model->recordAt(r);
        lines.append(Monitor::jsonLine(record->kind(), Monitor::eventOf(*record)));
    }
    return lines;
}

// A journal at `path` with two sessions of `first` and `second` events from "pbx-a" and
// "pbx-b", the second session's from both.
bool writeJournal(const QString &path, int first, int second)
{
    const QList<Esl::Event> events = captureEvents();
    Monitor::Journal journal;
    if (!journal.open(path, u"morning"_s))
        return false;
    for (int i = 0; i < first; ++i)
        journal.append(1, u"pbx-a"_s, events[i % events.size()], 1764000000000 + i);
    journal.close();
    if (!journal.open(path, u"afternoon"_s))
        return false;
    for (int i = 0; i < second; ++i)
        journal.append(i % 2 ? 2 : 1, i % 2 ? u"pbx-b"_s : u"pbx-a"_s, events[i % events.size()],
                       1764020000000 + i);
    journal.close();
    return true;
}

// Chooses the journal session whose note is `note` in the sessions dialog and opens it; notes
// what the dialog listed.
std::function<void(QDialog *)> chooseSession(const QString &note, QStringList *listed)
{
    return [note, listed](QDialog *dialog) {
        auto *sessions = qobject_cast<Ui::JournalSessionsDialog *>(dialog);
        if (!sessions) {
            dialog->reject();
            return;
        }
        QTreeWidget *list = sessions->list();
        for (int r = 0; r < list->topLevelItemCount(); ++r) {
            QTreeWidgetItem *item = list->topLevelItem(r);
            listed->append(QStringList{item->text(1), item->text(2), item->text(3)}.join(u" | "_s));
            if (item->text(1) == note)
                list->setCurrentItem(item);
        }
        auto *open = dialog->findChild<QDialogButtonBox *>();
        open->button(QDialogButtonBox::Open)->click();
    };
}

} // namespace

class TestOpenedLogs : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    // Happy flows
    void opensEveryExportInAWindowOfItsOwn_data();
    void opensEveryExportInAWindowOfItsOwn();
    void closingTheWindowFreesWhatItRead();
    void aCallBundleOpensWithItsChannels();
    void anOpenedLogHasItsOwnFilterAndExport();
    void opensAJournalSessionChosenFromTheList();

    // Rainy days
    void aFileThatIsNotALogSaysWhereItBroke_data();
    void aFileThatIsNotALogSaysWhereItBroke();
    void aLongImportShowsItsProgressAndCancelingShowsWhatItRead();
    void aLongJournalLoadCanBeCanceled();
    void aJournalThatIsNotThereSaysSo();
    void aBundleOfACallWithoutRecordsOpensWithItsChannels();
    void aFileWithNothingInItSaysSo();
};

void TestOpenedLogs::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(u"Switchboard-tests"_s);
    QCoreApplication::setApplicationName(u"tst_openedlogs"_s);
    QSettings().clear();
    // Qt's own file dialog, whatever platform theme the environment names: a native one could
    // not be answered from here.
    QCoreApplication::setAttribute(Qt::AA_DontUseNativeDialogs);
}

void TestOpenedLogs::opensEveryExportInAWindowOfItsOwn_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("nameFilter");
    QTest::newRow("JSON Lines") << u"saved.jsonl"_s << kJsonLinesFilter;
    QTest::newRow("raw ESL") << u"saved.esl"_s << kRawFilter;
    QTest::newRow("CSV") << u"saved.csv"_s << kCsvFilter;
}

void TestOpenedLogs::opensEveryExportInAWindowOfItsOwn()
{
    QFETCH(QString, name);
    QFETCH(QString, nameFilter);
    Desk desk;
    QVERIFY(desk.start());
    const Monitor::EventStore &store = *desk.hub.store();
    const QList<Sequence> original = everyRecord(store);
    desk.answers.willChoose(desk.path(name), nameFilter);
    QVERIFY(desk.run("exportAllAction"));
    QCOMPARE(desk.answers.boxes().size(), 1);
    desk.answers.clear();
    const int liveRows = desk.log()->rowCount();

    desk.answers.willChoose(desk.path(name));
    QVERIFY(desk.run("openSavedLogAction"));
    QVERIFY2(desk.answers.problems().isEmpty(), qPrintable(desk.answers.problems()));
    QCOMPARE(desk.answers.fileDialogs(), QStringList{u"Open a saved log"_s});
    QVERIFY2(desk.answers.boxes().isEmpty(), qPrintable(describe(desk.answers.boxes())));

    // A window of its own, named after the file; nothing was added to the live log.
    QCOMPARE(desk.opened().size(), 1);
    Ui::OpenedLogWindow *opened = desk.opened().first();
    QVERIFY(opened->isWindow());
    QVERIFY(opened->isVisible());
    QCOMPARE(opened->windowTitle(), name + u" — Switchboard"_s);
    QCOMPARE(store.size(), original.size());
    QTest::qWait(2 * desk.log()->batchInterval());
    QCOMPARE(desk.log()->rowCount(), liveRows);
    QCOMPARE(desk.hub.servers().size(), 1);

    // Every record, in its order; a CSV with what its columns hold.
    Ui::EventLogModel *model = opened->eventLogPanel()->model();
    QCOMPARE(model->rowCount(), original.size());
    if (name.endsWith(u".csv")) {
        for (int r = 0; r < model->rowCount(); ++r) {
            for (const int column :
                 {Ui::EventLogModel::Time, Ui::EventLogModel::Server, Ui::EventLogModel::Event,
                  Ui::EventLogModel::Channel, Ui::EventLogModel::Caller}) {
                QCOMPARE(model->index(r, column).data(),
                         desk.log()->index(desk.log()->rowOf(original[r]), column).data());
            }
        }
    } else if (name.endsWith(u".jsonl")) {
        QCOMPARE(shownLines(opened), jsonLinesOf(store, original));
        // Each record under the switch it came from, as its line names it.
        for (int r = 0; r < model->rowCount(); ++r) {
            QCOMPARE(model->index(r, Ui::EventLogModel::Server).data(),
                     desk.log()->index(desk.log()->rowOf(original[r]), Ui::EventLogModel::Server)
                         .data());
        }
        QCOMPARE(model->index(0, Ui::EventLogModel::Server).data().toString(), u"pbx"_s);
    } else {
        QCOMPARE(shownLines(opened), jsonLinesOf(store, original));
        // Raw ESL has nowhere to name its switch: filed under a server named after the file.
        QCOMPARE(model->index(0, Ui::EventLogModel::Server).data().toString(), name);
    }
}

void TestOpenedLogs::closingTheWindowFreesWhatItRead()
{
    Desk desk;
    QVERIFY(desk.start());
    desk.answers.willChoose(desk.path(u"saved.jsonl"_s));
    QVERIFY(desk.run("exportAllAction"));
    desk.answers.willChoose(desk.path(u"saved.jsonl"_s));
    QVERIFY(desk.run("openSavedLogAction"));
    QCOMPARE(desk.opened().size(), 1);
    QPointer<Ui::OpenedLogWindow> opened = desk.opened().first();
    QVERIFY(QTest::qWaitForWindowExposed(opened.data()));
    QSignalSpy destroyed(opened.data(), &QObject::destroyed);

    // File → Close in the opened window.
    auto *close = opened->findChild<QAction *>(u"closeOpenedLogAction"_s);
    QVERIFY(close);
    close->trigger();
    QVERIFY(QTest::qWaitFor([&] { return opened.isNull(); }, kWait));
    QCOMPARE(destroyed.size(), 1);
    QVERIFY(desk.opened().isEmpty());
    QVERIFY(desk.window->isVisible()); // the live window stays
}

void TestOpenedLogs::aCallBundleOpensWithItsChannels()
{
    Desk desk;
    QVERIFY(desk.start());
    QTreeView *calls = desk.window->callsPanel()->view();
    QVERIFY(QTest::qWaitFor([&] { return callRow(calls, u"Alice"_s).isValid(); }, kWait));
    calls->setCurrentIndex(callRow(calls, u"Alice"_s));
    const QStringList legs = desk.window->callsPanel()->currentCallLegs();
    QList<Sequence> expected;
    for (const QString &leg : legs)
        expected += desk.hub.store()->recordsOfChannel(leg.toUtf8());
    std::sort(expected.begin(), expected.end());
    desk.answers.willChoose(desk.path(u"alice.json"_s));
    QVERIFY(desk.run("exportCallAction"));
    QCOMPARE(desk.answers.boxes().size(), 1);

    desk.answers.clear();
    desk.answers.willChoose(desk.path(u"alice.json"_s));
    QVERIFY(desk.run("openSavedLogAction"));
    QVERIFY2(desk.answers.boxes().isEmpty(), qPrintable(describe(desk.answers.boxes())));
    QCOMPARE(desk.opened().size(), 1);
    Ui::OpenedLogWindow *opened = desk.opened().first();
    QCOMPARE(shownLines(opened), jsonLinesOf(*desk.hub.store(), expected));
    // The call's legs above its records, Alice's first.
    QTableWidget *channels = opened->channelsTable();
    QVERIFY(channels);
    QCOMPARE(channels->rowCount(), 2);
    QCOMPARE(channels->item(0, 0)->toolTip(), legs[0]);
    QVERIFY2(channels->item(0, 1)->text().startsWith(u"Alice"_s),
             qPrintable(channels->item(0, 1)->text()));
    QCOMPARE(opened->eventLogPanel()->model()->index(0, Ui::EventLogModel::Server).data(),
             QVariant(u"pbx"_s));
    // Choosing a leg narrows the records to its own.
    channels->setCurrentCell(1, 0);
    Ui::EventLogModel *model = opened->eventLogPanel()->model();
    QCOMPARE(model->rowCount(), int(desk.hub.store()->recordsOfChannel(legs[1].toUtf8()).size()));
}

void TestOpenedLogs::anOpenedLogHasItsOwnFilterAndExport()
{
    Desk desk;
    QVERIFY(desk.start());
    desk.answers.willChoose(desk.path(u"saved.jsonl"_s));
    QVERIFY(desk.run("exportAllAction"));
    desk.answers.willChoose(desk.path(u"saved.jsonl"_s));
    QVERIFY(desk.run("openSavedLogAction"));
    Ui::OpenedLogWindow *opened = desk.opened().first();
    const int liveRows = desk.log()->rowCount();

    QLineEdit *filter = opened->eventLogPanel()->filterEdit();
    QTest::keyClicks(filter, u"Event-Name == CHANNEL_ANSWER"_s);
    Ui::EventLogModel *model = opened->eventLogPanel()->model();
    QVERIFY(QTest::qWaitFor([&] { return model->rowCount() == 4; }, kWait));
    QCOMPARE(desk.log()->rowCount(), liveRows); // the live log's filter is its own

    desk.answers.clear();
    desk.answers.willChoose(desk.path(u"answered.jsonl"_s));
    auto *exportFiltered = opened->findChild<QAction *>(u"openedExportFilteredAction"_s);
    QVERIFY(exportFiltered);
    exportFiltered->trigger();
    QVERIFY2(desk.answers.problems().isEmpty(), qPrintable(desk.answers.problems()));
    QCOMPARE(desk.answers.boxes().size(), 1);
    QCOMPARE(desk.answers.boxes()[0].text, u"4 record(s) written to answered.jsonl."_s);
    const QList<QJsonObject> lines = objectsOf(linesOf(readAll(desk.path(u"answered.jsonl"_s))));
    QCOMPARE(lines.size(), 4);
    for (const QJsonObject &line : lines)
        QCOMPARE(line[u"event"_s][u"name"_s].toString(), u"CHANNEL_ANSWER"_s);
}

void TestOpenedLogs::opensAJournalSessionChosenFromTheList()
{
    Desk desk;
    QVERIFY(desk.start());
    const QString journal = Ui::journalPath();
    QVERIFY(QDir().mkpath(QFileInfo(journal).path()));
    QFile::remove(journal);
    QVERIFY(writeJournal(journal, 30, 40));
    const qint64 live = desk.hub.store()->size();
    const int liveRows = desk.log()->rowCount();

    QStringList listed;
    desk.answers.willAnswer(chooseSession(u"morning"_s, &listed));
    QVERIFY(desk.run("openJournalSessionAction"));
    QVERIFY2(desk.answers.problems().isEmpty(), qPrintable(desk.answers.problems()));
    QVERIFY2(desk.answers.boxes().isEmpty(), qPrintable(describe(desk.answers.boxes())));
    // Newest first: its note, its records, its servers.
    QCOMPARE(listed, (QStringList{u"afternoon | 40 | pbx-a, pbx-b"_s, u"morning | 30 | pbx-a"_s}));

    QCOMPARE(desk.opened().size(), 1);
    Ui::OpenedLogWindow *opened = desk.opened().first();
    QVERIFY2(opened->windowTitle().startsWith(u"Journal session 1 ("_s),
             qPrintable(opened->windowTitle()));
    Ui::EventLogModel *model = opened->eventLogPanel()->model();
    QCOMPARE(model->rowCount(), 30);
    QCOMPARE(model->index(0, Ui::EventLogModel::Server).data().toString(), u"pbx-a"_s);
    QCOMPARE(model->index(0, Ui::EventLogModel::Time).data(Ui::RawValueRole).toLongLong(),
             1764000000000);
    QCOMPARE(desk.hub.store()->size(), live);
    QCOMPARE(desk.log()->rowCount(), liveRows);

    // The other session, in a second window, with both servers' names.
    listed.clear();
    desk.answers.willAnswer(chooseSession(u"afternoon"_s, &listed));
    QVERIFY(desk.run("openJournalSessionAction"));
    QCOMPARE(desk.opened().size(), 2);
    Ui::OpenedLogWindow *second = desk.opened().last();
    Ui::EventLogModel *afternoon = second->eventLogPanel()->model();
    QCOMPARE(afternoon->rowCount(), 40);
    QCOMPARE(afternoon->index(1, Ui::EventLogModel::Server).data().toString(), u"pbx-b"_s);
}

void TestOpenedLogs::aFileThatIsNotALogSaysWhereItBroke_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<int>("loaded"); // records before the fault
    QTest::addColumn<QString>("where");
    QTest::newRow("text") << QByteArray("Shopping list\n- milk\n- eggs\n\n") << 0 << u"byte"_s;
    // The first 24 bytes of a PNG file (a 16x16 image): signature, then the IHDR chunk's
    // length, type, width and height. sizeof - 1: the bytes hold NULs, and the literal's own
    // terminating one is not part of the file.
    static const char png[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10\0\0\0\x10";
    static_assert(sizeof png - 1 == 24);
    QTest::newRow("an image") << QByteArray(png, sizeof png - 1) << 0 << u"byte"_s;
    QTest::newRow("other JSON") << QByteArray("{\"name\": \"Alice\"}\n") << 0 << u"line 1"_s;
    // A saved log whose third line was cut off.
    QTest::newRow("a log cut short") << QByteArray() << 2 << u"line 3"_s;
}

void TestOpenedLogs::aFileThatIsNotALogSaysWhereItBroke()
{
    QFETCH(QByteArray, content);
    QFETCH(int, loaded);
    QFETCH(QString, where);
    Desk desk;
    QVERIFY(desk.start());
    if (content.isEmpty()) {
        const QList<QByteArray> lines =
            jsonLinesOf(*desk.hub.store(), everyRecord(*desk.hub.store()));
        content = lines[0] + '\n' + lines[1] + '\n' + lines[2].left(lines[2].size() / 2) + '\n';
    }
    QFile file(desk.path(u"notes.log"_s));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(content);
    file.close();
    const qint64 records = desk.hub.store()->size();

    desk.answers.willChoose(file.fileName());
    QVERIFY(desk.run("openSavedLogAction"));
    QVERIFY2(desk.answers.problems().isEmpty(), qPrintable(desk.answers.problems()));
    QCOMPARE(desk.answers.boxes().size(), 1);
    const Operator::Box box = desk.answers.boxes()[0];
    QCOMPARE(box.icon, QMessageBox::Warning);
    QCOMPARE(box.title, u"Could not read all of the log"_s);
    QVERIFY2(box.text.contains(where), qPrintable(box.text));
    QVERIFY2(box.text.endsWith(u"%1 record(s) before the fault were loaded."_s.arg(loaded)),
             qPrintable(box.text));
    QCOMPARE(desk.hub.store()->size(), records);
    QCOMPARE(desk.hub.servers().size(), 1);
    // What came before the fault, in a window saying where it stopped; nothing: no window.
    QCOMPARE(desk.opened().size(), loaded > 0 ? 1 : 0);
    if (loaded > 0) {
        Ui::OpenedLogWindow *opened = desk.opened().first();
        QCOMPARE(opened->eventLogPanel()->model()->rowCount(), loaded);
        const QString outcome = opened->findChild<QLabel *>(u"openedLogOutcome"_s)->text();
        QVERIFY2(outcome.contains(where), qPrintable(outcome));
    }
}

void TestOpenedLogs::aLongImportShowsItsProgressAndCancelingShowsWhatItRead()
{
    Desk desk;
    // A saved log of 50,000 events: a capture's, over and over.
    QByteArray capture;
    for (const Esl::Event &event : captureEvents())
        capture += Monitor::jsonLine(Monitor::RecordKind::Event, event) + '\n';
    const qsizetype perCapture = capture.count('\n');
    QFile big(desk.path(u"big.jsonl"_s));
    QVERIFY(big.open(QIODevice::WriteOnly));
    for (qsizetype lines = 0; lines < 50'000; lines += perCapture)
        big.write(capture);
    big.close();
    QVERIFY(desk.open());

    desk.answers.willChoose(desk.path(u"big.jsonl"_s));
    desk.answers.willCancelTheProgress();
    QVERIFY(desk.run("openSavedLogAction"));
    QVERIFY2(desk.answers.problems().isEmpty(), qPrintable(desk.answers.problems()));
    QVERIFY(desk.answers.sawProgress());
    QVERIFY2(desk.answers.boxes().isEmpty(), qPrintable(describe(desk.answers.boxes())));
    // It stopped part way; what it read is in a window of its own, which says so.
    QCOMPARE(desk.hub.store()->size(), 0);
    QCOMPARE(desk.opened().size(), 1);
    const int rows = desk.opened().first()->eventLogPanel()->model()->rowCount();
    QVERIFY(rows > 0 && rows < 50'000);
    QVERIFY(desk.opened()
                .first()
                ->findChild<QLabel *>(u"openedLogOutcome"_s)
                ->text()
                .contains(u"stopped when asked"_s));
}

void TestOpenedLogs::aLongJournalLoadCanBeCanceled()
{
    Desk desk;
    const QString journal = Ui::journalPath();
    QVERIFY(QDir().mkpath(QFileInfo(journal).path()));
    QFile::remove(journal);
    QVERIFY(writeJournal(journal, 10, 60'000));
    QVERIFY(desk.open());

    QStringList listed;
    desk.answers.willAnswer(chooseSession(u"afternoon"_s, &listed));
    desk.answers.willCancelTheProgress();
    QVERIFY(desk.run("openJournalSessionAction"));
    QVERIFY2(desk.answers.problems().isEmpty(), qPrintable(desk.answers.problems()));
    QVERIFY(desk.answers.sawProgress());
    QVERIFY2(desk.answers.boxes().isEmpty(), qPrintable(describe(desk.answers.boxes())));
    // Stopped part way: what was read, if anything, and never more.
    for (Ui::OpenedLogWindow *opened : desk.opened())
        QVERIFY(opened->eventLogPanel()->model()->rowCount() < 60'000);
    QCOMPARE(QApplication::activeModalWidget(), nullptr);
}

void TestOpenedLogs::aJournalThatIsNotThereSaysSo()
{
    Desk desk;
    QFile::remove(Ui::journalPath());
    QVERIFY(desk.open());
    QVERIFY(desk.run("openJournalSessionAction"));
    QCOMPARE(desk.answers.boxes().size(), 1);
    QCOMPARE(desk.answers.boxes()[0].title, u"Could not read the journal"_s);
    QVERIFY2(desk.answers.boxes()[0].text.contains(u"no such file"_s),
             qPrintable(desk.answers.boxes()[0].text));
    QVERIFY(desk.opened().isEmpty());
}

void TestOpenedLogs::aBundleOfACallWithoutRecordsOpensWithItsChannels()
{
    // A call up before the monitor connected, exported before any event about it came: its
    // channel, as the switch's lists told it, and no record.
    Desk desk;
    QFile file(desk.path(u"early.json"_s));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("{\"format\": \"switchboard-call-bundle\", \"version\": 1, \"uuids\": [\"u-1\"], "
               "\"channels\": [{\"uuid\": \"u-1\", \"name\": \"sofia/internal/1001\", "
               "\"callerName\": \"Early Bird\", \"callerNumber\": \"1001\", \"callState\": "
               "\"ACTIVE\"}], \"records\": []}\n");
    file.close();
    QVERIFY(desk.open());
    desk.answers.willChoose(file.fileName());
    QVERIFY(desk.run("openSavedLogAction"));
    QVERIFY2(desk.answers.boxes().isEmpty(), qPrintable(describe(desk.answers.boxes())));
    QCOMPARE(desk.opened().size(), 1);
    QTableWidget *channels = desk.opened().first()->channelsTable();
    QVERIFY(channels);
    QCOMPARE(channels->rowCount(), 1);
    QCOMPARE(channels->item(0, 1)->text(), u"Early Bird <1001>"_s);
    QCOMPARE(desk.opened().first()->eventLogPanel()->model()->rowCount(), 0);
}

void TestOpenedLogs::aFileWithNothingInItSaysSo()
{
    Desk desk;
    QFile file(desk.path(u"empty.jsonl"_s));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.close();
    QVERIFY(desk.open());
    desk.answers.willChoose(file.fileName());
    QVERIFY(desk.run("openSavedLogAction"));
    QCOMPARE(desk.answers.boxes().size(), 1);
    QCOMPARE(desk.answers.boxes()[0].title, u"Nothing to show"_s);
    QCOMPARE(desk.answers.boxes()[0].text, u"empty.jsonl holds no events or log lines."_s);
    QVERIFY(desk.opened().isEmpty());
}

QTEST_MAIN(TestOpenedLogs)
#include "tst_openedlogs.moc"
