// File → Export, driven from the window as an operator would: the export dialog is answered (a
// name and a format, or Cancel), and what lands on disk is read back. Happy flows: every record in
// the chosen format (a name without an extension gets the format's), only the filtered or the
// selected ones, one call's legs as a call bundle or in any other format, the audit log, and a CSV
// of the columns the event log shows (an added Hangup-Cause column among them). Rainy days: a
// cancelled dialog writes nothing, a name whose extension is another format's is refused with the
// reason, a path that cannot be written says why, and a long export shows its progress and stops
// when asked, leaving no file and no error behind. The export and open dialogs start in the
// folder last used, else Documents or home, never the working directory. Opening saved logs:
// tst_openedlogs.

#include "filedesk.h"

#include "monitor/openedlog.h"
#include "ui/window/exportdialog.h"

#include <QListWidget>

using namespace FileDesk;

namespace {

// The CSV columns the event log shows by default.
const QStringList kShownColumns{u"@time"_s,          u"@server"_s, u"@kind"_s,   u"@name"_s,
                                u"Event-Subclass"_s, u"@uuid"_s,   u"@caller"_s, u"@summary"_s};

// The chooser's ticked columns, in its order.
QStringList tickedColumns(QFileDialog *dialog)
{
    auto *chooser = dialog->findChild<QListWidget *>(u"csvColumns"_s);
    QStringList out;
    for (int i = 0; chooser && i < chooser->count(); ++i) {
        if (chooser->item(i)->checkState() == Qt::Checked)
            out.append(chooser->item(i)->data(Qt::UserRole).toString());
    }
    return out;
}

} // namespace

class TestFileCommands : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    // Happy flows
    void exportsEveryRecordInTheChosenFormat_data();
    void exportsEveryRecordInTheChosenFormat();
    void exportsOnlyWhatTheFilterShows();
    void exportsExactlyTheSelectedRows();
    void exportsTheSelectedCallWithItsLegsAndOnlyTheirRecords_data();
    void exportsTheSelectedCallWithItsLegsAndOnlyTheirRecords();
    void exportsTheAuditLogWithTheCommandsSent_data();
    void exportsTheAuditLogWithTheCommandsSent();
    void aCsvHasTheColumnsTheEventLogShowsAnAddedOneIncluded();
    void theDialogsStartInTheFolderLastUsed();

    // Rainy days
    void cancellingTheFileDialogWritesNothing_data();
    void cancellingTheFileDialogWritesNothing();
    void aNameWithAnotherFormatsExtensionIsRefusedSayingWhy_data();
    void aNameWithAnotherFormatsExtensionIsRefusedSayingWhy();
    void aPathThatCannotBeWrittenSaysWhyAndTheWindowStaysUsable_data();
    void aPathThatCannotBeWrittenSaysWhyAndTheWindowStaysUsable();
    void aLongExportShowsItsProgressAndCancelingLeavesNoFile();
};

void TestFileCommands::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(u"Switchboard-tests"_s);
    QCoreApplication::setApplicationName(u"tst_filecommands"_s);
    QSettings().clear();
    // Qt's own file dialog, whatever platform theme the environment names: a native one could
    // not be answered from here.
    QCoreApplication::setAttribute(Qt::AA_DontUseNativeDialogs);
}

void TestFileCommands::theDialogsStartInTheFolderLastUsed()
{
    Desk desk; // the working directory is the desk's scratch folder
    QVERIFY(desk.start());
    QSettings().remove(u"files"_s);
    const QString documents = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    const QString first =
        QFileInfo(documents).isDir() ? documents : QDir::homePath();
    QVERIFY(QDir(first) != QDir(desk.dir.path()));
    const auto folderOf = [](QFileDialog *dialog) { return dialog->directory().absolutePath(); };

    // A first export starts in Documents (or home), not where the program was started.
    QString seen;
    QDir(desk.dir.path()).mkpath(u"exports"_s);
    const QString chosen = desk.path(u"exports/all.jsonl"_s);
    desk.answers.willChoose(chosen, {}, [&](QFileDialog *d) { seen = folderOf(d); });
    QVERIFY(desk.run("exportAllAction"));
    QVERIFY(QTest::qWaitFor([&] { return QFile::exists(chosen); }, kWait));
    QVERIFY2(desk.answers.problems().isEmpty(), qPrintable(desk.answers.problems()));
    QCOMPARE(QDir(seen), QDir(first));

    // The next export, and File → Open saved log, start where that one went.
    desk.answers.clear();
    desk.answers.willCancelTheFileDialog([&](QFileDialog *d) { seen = folderOf(d); });
    QVERIFY(desk.run("exportAllAction"));
    QVERIFY(QTest::qWaitFor([&] { return desk.answers.fileDialogs().size() == 1; }, kWait));
    QCOMPARE(QDir(seen), QDir(desk.path(u"exports"_s)));
    desk.answers.clear();
    desk.answers.willCancelTheFileDialog([&](QFileDialog *d) { seen = folderOf(d); });
    QVERIFY(desk.run("openSavedLogAction"));
    QVERIFY(QTest::qWaitFor([&] { return desk.answers.fileDialogs().size() == 1; }, kWait));
    QCOMPARE(QDir(seen), QDir(desk.path(u"exports"_s)));
    QVERIFY2(desk.answers.problems().isEmpty(), qPrintable(desk.answers.problems()));
}

void TestFileCommands::exportsEveryRecordInTheChosenFormat_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("nameFilter"); // empty: leave the dialog's first one
    QTest::addColumn<QString>("written");    // the file's name on disk
    QTest::newRow("JSON Lines, the default") << u"all.jsonl"_s << QString() << u"all.jsonl"_s;
    QTest::newRow("CSV by its filter") << u"all.csv"_s << kCsvFilter << u"all.csv"_s;
    QTest::newRow("raw ESL by its filter") << u"all.esl"_s << kRawFilter << u"all.esl"_s;
    QTest::newRow("CSV, no extension") << u"all"_s << kCsvFilter << u"all.csv"_s;
    QTest::newRow("raw ESL, no extension") << u"all"_s << kRawFilter << u"all.esl"_s;
    QTest::newRow("JSON Lines, no extension") << u"all"_s << kJsonLinesFilter << u"all.jsonl"_s;
    QTest::newRow("JSON Lines, a dotted name")
        << u"pbx.2025-11-24"_s << QString() << u"pbx.2025-11-24.jsonl"_s;
}

void TestFileCommands::exportsEveryRecordInTheChosenFormat()
{
    QFETCH(QString, name);
    QFETCH(QString, nameFilter);
    QFETCH(QString, written);
    Desk desk;
    QVERIFY(desk.start());
    const Monitor::EventStore &store = *desk.hub.store();
    const qint64 records = store.size();
    QVERIFY(records > 20);

    desk.answers.willChoose(desk.path(name), nameFilter);
    QVERIFY(desk.run("exportAllAction"));
    QVERIFY2(desk.answers.problems().isEmpty(), qPrintable(desk.answers.problems()));
    QCOMPARE(desk.answers.fileDialogs(), QStringList{u"Export all events"_s});
    QCOMPARE(store.size(), records); // nothing arrived meanwhile: the file must hold them all
    QCOMPARE(desk.answers.boxes().size(), 1);
    QCOMPARE(desk.answers.boxes()[0].icon, QMessageBox::Information);
    QCOMPARE(desk.answers.boxes()[0].text,
             u"%1 record(s) written to %2."_s.arg(records).arg(written));
    QCOMPARE(desk.files(), QStringList{written});

    const QByteArray bytes = readAll(desk.path(written));
    const QList<Sequence> all = everyRecord(store);
    if (written.endsWith(u".jsonl")) {
        // One line per record, each a decode-schema object, in arrival order.
        const QList<QByteArray> lines = linesOf(bytes);
        QCOMPARE(lines.size(), records);
        const QList<QJsonObject> objects = objectsOf(lines);
        QCOMPARE(objects.size(), records);
        for (qsizetype i = 0; i < objects.size(); ++i) {
            const auto event = store.event(all[i]);
            QVERIFY(event);
            const QString expected = store.record(all[i])->kind() == Monitor::RecordKind::Log
                                         ? u"log/data"_s
                                         : u"text/event-plain"_s;
            QCOMPARE(objects[i][u"contentType"_s].toString(), expected);
            if (expected == u"text/event-plain")
                QCOMPARE(objects[i][u"event"_s][u"name"_s].toString(), event->name());
        }
        QCOMPARE(lines, exportedJsonLinesOf(desk.hub, all));
    } else if (written.endsWith(u".csv")) {
        // A header row of the columns the event log shows, then a row per record, which reads
        // back as the record it came from.
        const QList<QByteArray> rows = linesOf(bytes, "\r\n");
        QCOMPARE(QString::fromUtf8(rows[0]).split(u','), kShownColumns);
        Monitor::OpenedLog back;
        const Monitor::Importer::Result result = back.readFile(desk.path(written));
        QVERIFY2(result.ok(), qPrintable(result.errorString()));
        QCOMPARE(back.store().size(), records);
        for (qsizetype i = 0; i < records; ++i) {
            const auto record = store.record(all[i]);
            const auto row = back.store().record(Sequence(i));
            QCOMPARE(row->kind(), record->kind());
            QCOMPARE(back.serverName(row->server()), u"pbx"_s);
            if (record->kind() == Monitor::RecordKind::Event) {
                QCOMPARE(back.store().event(Sequence(i))->name(), store.event(all[i])->name());
                QCOMPARE(back.store().event(Sequence(i))->uniqueId(),
                         store.event(all[i])->uniqueId());
            }
        }
    } else {
        // The records as the switch sent them: the parser reads back one message each.
        Esl::wire::Parser parser;
        QVERIFY(parser.feed(bytes));
        QVERIFY(parser.finish());
        qint64 events = 0;
        qint64 logLines = 0;
        QByteArray expected;
        for (const Sequence s : all) {
            const auto record = store.record(s);
            expected += Monitor::wireBytes(record->kind(), Monitor::eventOf(*record));
            const Esl::Message m = parser.takeMessage();
            if (record->kind() == Monitor::RecordKind::Log) {
                QCOMPARE(m.contentType(), Esl::ContentType::LogData);
                ++logLines;
            } else {
                QVERIFY(m.isEvent());
                QCOMPARE(Esl::Event::fromMessage(m)->name(), store.event(s)->name());
                ++events;
            }
        }
        QVERIFY(!parser.hasMessage());
        QCOMPARE(events + logLines, records);
        QCOMPARE(bytes, expected);
    }
}

void TestFileCommands::exportsOnlyWhatTheFilterShows()
{
    Desk desk;
    QVERIFY(desk.start());
    QLineEdit *filter = desk.window->eventLogPanel()->filterEdit();
    filter->setFocus();
    QTest::keyClicks(filter, u"Event-Name == CHANNEL_ANSWER"_s);
    // Both legs of both calls were answered.
    QVERIFY(QTest::qWaitFor([&] { return desk.log()->rowCount() == 4; }, kWait));

    desk.answers.willChoose(desk.path(u"answered.jsonl"_s));
    QVERIFY(desk.run("exportFilteredAction"));
    QVERIFY2(desk.answers.problems().isEmpty(), qPrintable(desk.answers.problems()));
    QCOMPARE(desk.answers.fileDialogs(), QStringList{u"Export the filtered events"_s});
    QCOMPARE(desk.answers.boxes().size(), 1);
    QCOMPARE(desk.answers.boxes()[0].text, u"4 record(s) written to answered.jsonl."_s);

    const QList<QJsonObject> lines = objectsOf(linesOf(readAll(desk.path(u"answered.jsonl"_s))));
    QCOMPARE(lines.size(), desk.log()->rowCount());
    QSet<QString> channels;
    for (const QJsonObject &line : lines) {
        QCOMPARE(line[u"event"_s][u"name"_s].toString(), u"CHANNEL_ANSWER"_s);
        channels.insert(channelOf(line));
    }
    const Monitor::ChannelStore *live = desk.hub.server(1)->channels();
    QCOMPARE(channels, (QSet<QString>{desk.alice, live->channel(desk.alice)->otherLeg, desk.bob,
                                      live->channel(desk.bob)->otherLeg}));
}

void TestFileCommands::exportsExactlyTheSelectedRows()
{
    Desk desk;
    QVERIFY(desk.start());
    QTableView *view = desk.window->eventLogPanel()->view();
    // Three events, picked out of order with other rows between them.
    QList<int> events;
    for (int r = 0; r < desk.log()->rowCount(); ++r) {
        if (desk.log()->recordAt(r)->kind() == Monitor::RecordKind::Event)
            events.append(r);
    }
    QVERIFY(events.size() > 12);
    const QList<int> picked{events[9], events[2], events[5]};
    QList<Sequence> expected;
    for (const int row : picked) {
        view->selectionModel()->select(desk.log()->index(row, 0),
                                       QItemSelectionModel::Select | QItemSelectionModel::Rows);
        expected.append(desk.log()->sequenceAt(row));
    }
    std::sort(expected.begin(), expected.end());
    QCOMPARE(view->selectionModel()->selectedRows().size(), 3);

    desk.answers.willChoose(desk.path(u"selected.jsonl"_s));
    QVERIFY(desk.run("exportSelectedAction"));
    QVERIFY2(desk.answers.problems().isEmpty(), qPrintable(desk.answers.problems()));
    QCOMPARE(desk.answers.boxes().size(), 1);
    QCOMPARE(desk.answers.boxes()[0].text, u"3 record(s) written to selected.jsonl."_s);

    // Those three records, in arrival order; each line is one record's alone (events carry
    // their own Event-Sequence), so the lines name the sequences.
    const QList<QByteArray> lines = linesOf(readAll(desk.path(u"selected.jsonl"_s)));
    const QList<QByteArray> expectedLines = exportedJsonLinesOf(desk.hub, expected);
    QCOMPARE(lines, expectedLines);
    const QList<QByteArray> every = exportedJsonLinesOf(desk.hub, everyRecord(*desk.hub.store()));
    for (const QByteArray &line : expectedLines)
        QCOMPARE(every.count(line), 1);
}

void TestFileCommands::exportsTheSelectedCallWithItsLegsAndOnlyTheirRecords_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("nameFilter");
    QTest::newRow("a call bundle, the default") << u"alice.json"_s << QString();
    QTest::newRow("JSON Lines") << u"alice.jsonl"_s << kJsonLinesFilter;
}

void TestFileCommands::exportsTheSelectedCallWithItsLegsAndOnlyTheirRecords()
{
    QFETCH(QString, name);
    QFETCH(QString, nameFilter);
    Desk desk;
    QVERIFY(desk.start());
    QTreeView *calls = desk.window->callsPanel()->view();
    QVERIFY(QTest::qWaitFor([&] { return callRow(calls, u"Alice"_s).isValid(); }, kWait));
    calls->setCurrentIndex(callRow(calls, u"Alice"_s));
    const QStringList legs = desk.window->callsPanel()->currentCallLegs();
    QCOMPARE(legs.size(), 2);
    QCOMPARE(legs[0], desk.alice);
    QList<Sequence> expected;
    for (const QString &leg : legs)
        expected += desk.hub.store()->recordsOfChannel(leg.toUtf8());
    std::sort(expected.begin(), expected.end());
    QVERIFY(expected.size() > 10);

    // The call's dialog offers every format, a call bundle first.
    QStringList offered;
    desk.answers.willChoose(desk.path(name), nameFilter,
                            [&](QFileDialog *dialog) { offered = dialog->nameFilters(); });
    QVERIFY(desk.run("exportCallAction"));
    QVERIFY2(desk.answers.problems().isEmpty(), qPrintable(desk.answers.problems()));
    QCOMPARE(desk.answers.fileDialogs(), QStringList{u"Export this call"_s});
    QCOMPARE(offered, (QStringList{kBundleFilter, kJsonLinesFilter, kCsvFilter, kRawFilter}));
    QCOMPARE(desk.answers.boxes().size(), 1);
    QCOMPARE(desk.answers.boxes()[0].icon, QMessageBox::Information);
    QCOMPARE(desk.answers.boxes()[0].text,
             u"The call (%1 record(s)) was written to %2."_s.arg(expected.size()).arg(name));

    if (name.endsWith(u".jsonl")) {
        QCOMPARE(linesOf(readAll(desk.path(name))), exportedJsonLinesOf(desk.hub, expected));
        return;
    }
    QJsonParseError error;
    const QJsonObject bundle = QJsonDocument::fromJson(readAll(desk.path(name)), &error).object();
    QCOMPARE(error.error, QJsonParseError::NoError);
    QCOMPARE(bundle[u"format"_s].toString(), u"switchboard-call-bundle"_s);
    QCOMPARE(bundle[u"uuids"_s].toVariant().toStringList(), legs);
    const QJsonArray snapshots = bundle[u"channels"_s].toArray();
    QCOMPARE(snapshots.size(), 2);
    QCOMPARE(snapshots[0][u"uuid"_s].toString(), legs[0]);
    QCOMPARE(snapshots[0][u"callerName"_s].toString(), u"Alice"_s);
    QCOMPARE(snapshots[1][u"uuid"_s].toString(), legs[1]);
    const QJsonArray records = bundle[u"records"_s].toArray();
    QCOMPARE(records.size(), expected.size());
    for (qsizetype i = 0; i < records.size(); ++i) {
        const QJsonObject record = records[i].toObject();
        QCOMPARE(Sequence(record[u"seq"_s].toInteger()), expected[i]);
        QCOMPARE(record[u"server"_s].toString(), u"pbx"_s);
        QVERIFY2(legs.contains(channelOf(record[u"message"_s].toObject())),
                 qPrintable(channelOf(record[u"message"_s].toObject())));
    }
}

void TestFileCommands::exportsTheAuditLogWithTheCommandsSent_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("nameFilter");
    QTest::addColumn<QString>("format");
    QTest::newRow("CSV, the default") << u"audit.csv"_s << QString() << u"csv"_s;
    QTest::newRow("JSON Lines by its filter") << u"audit.jsonl"_s << kJsonLinesFilter << u"jsonl"_s;
    QTest::newRow("JSON Lines by its filter, no extension")
        << u"audit"_s << kJsonLinesFilter << u"jsonl"_s;
}

void TestFileCommands::exportsTheAuditLogWithTheCommandsSent()
{
    QFETCH(QString, name);
    QFETCH(QString, nameFilter);
    QFETCH(QString, format);
    Desk desk;
    QVERIFY(desk.start());
    QFuture<Esl::Reply> reply = desk.hub.api(1, u"show calls count"_s);
    QVERIFY(QTest::qWaitFor([&] { return reply.isFinished(); }, kWait));
    QVERIFY(reply.result().ok());

    desk.answers.willChoose(desk.path(name), nameFilter);
    QVERIFY(desk.run("exportAuditAction"));
    QVERIFY2(desk.answers.problems().isEmpty(), qPrintable(desk.answers.problems()));
    QCOMPARE(desk.answers.fileDialogs(), QStringList{u"Export the audit log"_s});
    QVERIFY2(desk.answers.boxes().isEmpty(), qPrintable(describe(desk.answers.boxes())));
    const QByteArray written = readAll(desk.path(name));
    if (format == u"csv") {
        const QList<QByteArray> rows = linesOf(written, "\r\n");
        QCOMPARE(rows.size(), 2);
        QCOMPARE(rows[0], "time,server,command,ok,reply");
        QVERIFY2(rows[1].contains(",pbx,api show calls count,yes,"), rows[1].constData());
    } else {
        const QList<QJsonObject> entries = objectsOf(linesOf(written));
        QCOMPARE(entries.size(), 1);
        QCOMPARE(entries[0][u"server"_s].toString(), u"pbx"_s);
        QCOMPARE(entries[0][u"command"_s].toString(), u"api show calls count"_s);
        QCOMPARE(entries[0][u"ok"_s].toBool(), true);
    }
}

void TestFileCommands::aCsvHasTheColumnsTheEventLogShowsAnAddedOneIncluded()
{
    Desk desk;
    QVERIFY(desk.start());
    // The operator adds a Hangup-Cause column, then hangs Bob up, so that it has a value.
    QVERIFY(desk.log()->addHeaderColumn(u"Hangup-Cause"_s));
    desk.sim.sw->hangup(desk.bob, u"USER_BUSY"_s);
    QVERIFY(QTest::qWaitFor(
        [&] {
            const Monitor::Channel *bob = desk.hub.server(1)->channels()->channel(desk.bob);
            return bob && bob->ended && desk.isShown();
        },
        kWait));

    // The chooser ticks what the log shows, in its order; the other pseudo-columns are there to
    // tick, unticked.
    QStringList ticked;
    QStringList offered;
    bool notedHowItOpens = false;
    desk.answers.willChoose(desk.path(u"shown.csv"_s), kCsvFilter, [&](QFileDialog *dialog) {
        // As a click on the CSV filter would, before the columns are looked at.
        dialog->selectNameFilter(kCsvFilter);
        Q_EMIT dialog->filterSelected(kCsvFilter);
        ticked = tickedColumns(dialog);
        auto *chooser = dialog->findChild<QListWidget *>(u"csvColumns"_s);
        for (int i = 0; i < chooser->count(); ++i)
            offered.append(chooser->item(i)->data(Qt::UserRole).toString());
        notedHowItOpens =
            chooser->isVisibleTo(dialog) &&
            dialog->findChild<QLabel *>(u"exportNote"_s)->text().contains(u"columns"_s);
    });
    QVERIFY(desk.run("exportAllAction"));
    QVERIFY2(desk.answers.problems().isEmpty(), qPrintable(desk.answers.problems()));
    const QStringList shown = kShownColumns + QStringList{u"Hangup-Cause"_s};
    QCOMPARE(ticked, shown);
    QVERIFY(offered.contains(u"@body"_s) && offered.contains(u"@ms"_s));
    QVERIFY(notedHowItOpens);

    const QList<QByteArray> rows = linesOf(readAll(desk.path(u"shown.csv"_s)), "\r\n");
    QCOMPARE(QString::fromUtf8(rows[0]).split(u','), shown);
    int busy = 0;
    for (qsizetype i = 1; i < rows.size(); ++i)
        busy += rows[i].endsWith(",USER_BUSY") ? 1 : 0;
    QVERIFY(busy >= 2); // CHANNEL_HANGUP and CHANNEL_HANGUP_COMPLETE, at least
}

void TestFileCommands::cancellingTheFileDialogWritesNothing_data()
{
    QTest::addColumn<QString>("action");
    QTest::newRow("all events") << u"exportAllAction"_s;
    QTest::newRow("filtered events") << u"exportFilteredAction"_s;
    QTest::newRow("selected events") << u"exportSelectedAction"_s;
    QTest::newRow("this call") << u"exportCallAction"_s;
    QTest::newRow("audit log") << u"exportAuditAction"_s;
}

void TestFileCommands::cancellingTheFileDialogWritesNothing()
{
    QFETCH(QString, action);
    Desk desk;
    QVERIFY(desk.start());
    QTreeView *calls = desk.window->callsPanel()->view();
    QVERIFY(QTest::qWaitFor([&] { return callRow(calls, u"Alice"_s).isValid(); }, kWait));
    calls->setCurrentIndex(callRow(calls, u"Alice"_s)); // so that "This call" asks for a file
    desk.window->eventLogPanel()->view()->selectRow(3);
    const qint64 records = desk.hub.store()->size();

    desk.answers.willCancelTheFileDialog();
    QVERIFY(desk.run(action.toLatin1().constData()));
    QVERIFY2(desk.answers.problems().isEmpty(), qPrintable(desk.answers.problems()));
    QCOMPARE(desk.answers.fileDialogs().size(), 1);
    QVERIFY2(desk.answers.boxes().isEmpty(), qPrintable(describe(desk.answers.boxes())));
    QCOMPARE(desk.files(), QStringList());
    QCOMPARE(desk.hub.store()->size(), records);
    QCOMPARE(desk.hub.servers().size(), 1);
    QCOMPARE(QApplication::activeModalWidget(), nullptr);
}

void TestFileCommands::aNameWithAnotherFormatsExtensionIsRefusedSayingWhy_data()
{
    QTest::addColumn<QString>("action");
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("nameFilter");
    QTest::addColumn<QString>("says");
    // The file of the issue: a call bundle named call.esl.
    QTest::newRow("a call bundle named .esl")
        << u"exportCallAction"_s << u"call.esl"_s << kBundleFilter
        << u"“call.esl” ends in .esl, the extension of raw ESL files, but the format chosen is "
           "call bundle. Name it “call.json”, or choose raw ESL."_s;
    QTest::newRow("JSON Lines named .csv")
        << u"exportAllAction"_s << u"all.csv"_s << QString() << u"Name it “all.jsonl”"_s;
    QTest::newRow("raw ESL named .jsonl")
        << u"exportFilteredAction"_s << u"some.jsonl"_s << QString() << u"Name it “some.esl”"_s;
}

void TestFileCommands::aNameWithAnotherFormatsExtensionIsRefusedSayingWhy()
{
    QFETCH(QString, action);
    QFETCH(QString, name);
    QFETCH(QString, nameFilter);
    QFETCH(QString, says);
    Desk desk;
    QVERIFY(desk.start());
    QTreeView *calls = desk.window->callsPanel()->view();
    QVERIFY(QTest::qWaitFor([&] { return callRow(calls, u"Alice"_s).isValid(); }, kWait));
    calls->setCurrentIndex(callRow(calls, u"Alice"_s));

    // The name is refused and the dialog stays; then the operator gives up.
    QString filter = nameFilter;
    if (action == u"exportFilteredAction")
        filter = kRawFilter;
    desk.answers.willChoose(desk.path(name), filter);
    desk.answers.willCancelTheFileDialog();
    QVERIFY(desk.run(action.toLatin1().constData()));
    QVERIFY2(desk.answers.problems().isEmpty(), qPrintable(desk.answers.problems()));
    QCOMPARE(desk.answers.fileDialogs().size(), 2); // the same dialog, answered twice
    QCOMPARE(desk.answers.boxes().size(), 1);
    QCOMPARE(desk.answers.boxes()[0].icon, QMessageBox::Warning);
    QCOMPARE(desk.answers.boxes()[0].title, u"The name does not match the format"_s);
    QVERIFY2(desk.answers.boxes()[0].text.contains(says), qPrintable(desk.answers.boxes()[0].text));
    QCOMPARE(desk.files(), QStringList());
    QCOMPARE(QApplication::activeModalWidget(), nullptr);
}

void TestFileCommands::aPathThatCannotBeWrittenSaysWhyAndTheWindowStaysUsable_data()
{
    QTest::addColumn<QString>("action");
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("namesThePath");
    QTest::newRow("all events") << u"exportAllAction"_s << u"all.jsonl"_s << true;
    QTest::newRow("this call") << u"exportCallAction"_s << u"call.json"_s << true;
    // The audit log's message is the system's reason alone.
    QTest::newRow("audit log") << u"exportAuditAction"_s << u"audit.csv"_s << false;
}

void TestFileCommands::aPathThatCannotBeWrittenSaysWhyAndTheWindowStaysUsable()
{
    QFETCH(QString, action);
    QFETCH(QString, name);
    QFETCH(bool, namesThePath);
    Desk desk;
    QVERIFY(desk.start());
    QTreeView *calls = desk.window->callsPanel()->view();
    QVERIFY(QTest::qWaitFor([&] { return callRow(calls, u"Alice"_s).isValid(); }, kWait));
    calls->setCurrentIndex(callRow(calls, u"Alice"_s));

    const QString nowhere = desk.path(u"no such folder/"_s + name);
    desk.answers.willChoose(nowhere);
    QVERIFY(desk.run(action.toLatin1().constData()));
    QVERIFY2(desk.answers.problems().isEmpty(), qPrintable(desk.answers.problems()));
    QCOMPARE(desk.answers.boxes().size(), 1);
    const Operator::Box box = desk.answers.boxes()[0];
    QCOMPARE(box.icon, QMessageBox::Warning);
    QCOMPARE(box.title, u"Export failed"_s);
    // The reason, after the path when the message names it.
    QString reason = box.text;
    if (namesThePath) {
        QVERIFY2(box.text.startsWith(nowhere + u": "_s), qPrintable(box.text));
        reason = box.text.mid(nowhere.size() + 2);
    }
    QVERIFY2(reason.size() > 3, qPrintable(box.text));
    QCOMPARE(desk.files(), QStringList());

    // Nothing is left open, and the same command works with a good path.
    QCOMPARE(QApplication::activeModalWidget(), nullptr);
    QVERIFY(desk.window->isEnabled());
    desk.answers.clear();
    desk.answers.willChoose(desk.path(name));
    QVERIFY(desk.run(action.toLatin1().constData()));
    QVERIFY2(desk.answers.problems().isEmpty(), qPrintable(desk.answers.problems()));
    QVERIFY(desk.answers.boxes().isEmpty() ||
            desk.answers.boxes()[0].icon == QMessageBox::Information);
    QCOMPARE(desk.files(), QStringList{name});
}

void TestFileCommands::aLongExportShowsItsProgressAndCancelingLeavesNoFile()
{
    Desk desk;
    fill(*desk.hub.store(), 1, 200'000);
    QVERIFY(desk.open());
    QVERIFY(QTest::qWaitFor([&] { return desk.isShown(); }, kWait));

    desk.answers.willChoose(desk.path(u"everything.jsonl"_s));
    desk.answers.willCancelTheProgress();
    QVERIFY(desk.run("exportAllAction"));
    QVERIFY2(desk.answers.problems().isEmpty(), qPrintable(desk.answers.problems()));
    QVERIFY(desk.answers.sawProgress());
    QVERIFY2(desk.answers.boxes().isEmpty(), qPrintable(describe(desk.answers.boxes())));
    // Neither the file nor QSaveFile's temporary one.
    QCOMPARE(desk.files(), QStringList());
    QCOMPARE(QApplication::activeModalWidget(), nullptr);
    const QList<QProgressDialog *> progress = desk.window->findChildren<QProgressDialog *>();
    QVERIFY(std::none_of(progress.begin(), progress.end(),
                         [](QProgressDialog *p) { return p->isVisible(); }));
}

QTEST_MAIN(TestFileCommands)
#include "tst_filecommands.moc"
