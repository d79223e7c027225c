// File → Export and File → Open saved log, driven from the window as an operator would: the
// command's file dialog is answered (a name and a filter, or Cancel), and what lands on disk is
// read back. Happy flows: every record in the chosen format, only the filtered or the selected
// ones, one call's legs, the audit log, a saved log opened into the event log. Rainy days: a
// cancelled dialog writes nothing, a path that cannot be written says why, a file that is not a
// log says where it broke, and a long export or import shows its progress and stops when asked,
// leaving no file and no error behind.

#include "support/uisim.h"

#include "support/fixtures.h"

#include "esl/wire/parser.h"
#include "monitor/exporter.h"
#include "monitor/recordwire.h"
#include "ui/calls/callspanel.h"
#include "ui/logs/logpanels.h"
#include "ui/window/mainwindow.h"

#include <QAction>
#include <QApplication>
#include <QDir>
#include <QFileDialog>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMessageBox>
#include <QProgressDialog>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QThread>
#include <QTreeView>

#include <algorithm>

using namespace Qt::Literals::StringLiterals;
using Monitor::Sequence;
using TestSupport::kWait;

namespace {

const QString kJsonLinesFilter = u"JSON Lines (*.jsonl)"_s;
const QString kCsvFilter = u"CSV (*.csv)"_s;
const QString kRawFilter = u"Raw ESL, readable by eslcat decode (*.esl)"_s;

// Answers the window's modal dialogs from a timer, as an operator would: the next file dialog
// with a file and a name filter (or Cancel), every message box by reading and closing it, a
// progress dialog by pressing its Cancel button when told to. A file dialog nobody prepared an
// answer for is cancelled and noted, so a test never hangs on one.
class Operator : public QObject
{
public:
    struct Box
    {
        QMessageBox::Icon icon = QMessageBox::NoIcon;
        QString title;
        QString text;
    };

    Operator()
    {
        connect(&m_poll, &QTimer::timeout, this, &Operator::answer);
        m_poll.start(5);
    }

    // The next file dialog: choose `path`, under `nameFilter` when one is given.
    void willChoose(const QString &path, const QString &nameFilter = {})
    {
        m_expectingFileDialog = true;
        m_cancelFileDialog = false;
        m_path = path;
        m_nameFilter = nameFilter;
    }
    void willCancelTheFileDialog()
    {
        m_expectingFileDialog = true;
        m_cancelFileDialog = true;
    }
    // Presses Cancel on the next progress dialog, and plays a slow disk until it shows.
    void willCancelTheProgress() { m_cancelProgress = true; }
    // Forgets what was seen (between two commands of one test).
    void clear()
    {
        m_boxes.clear();
        m_fileDialogs.clear();
        m_problems.clear();
        m_sawProgress = false;
    }

    [[nodiscard]] const QList<Box> &boxes() const { return m_boxes; }
    // The titles of the file dialogs answered.
    [[nodiscard]] const QStringList &fileDialogs() const { return m_fileDialogs; }
    [[nodiscard]] bool sawProgress() const { return m_sawProgress; }
    // What could not be answered as prepared (empty when all went to plan).
    [[nodiscard]] QString problems() const { return m_problems.join(u"; "_s); }

private:
    void answer()
    {
        QWidget *modal = QApplication::activeModalWidget();
        if (auto *dialog = qobject_cast<QFileDialog *>(modal))
            answerFileDialog(dialog);
        else if (auto *box = qobject_cast<QMessageBox *>(modal))
            readAndClose(box);
        const QWidgetList windows = QApplication::topLevelWidgets();
        for (QWidget *window : windows) {
            auto *progress = qobject_cast<QProgressDialog *>(window);
            if (!progress || !progress->isVisible())
                continue;
            m_sawProgress = true;
            if (m_cancelProgress) {
                m_cancelProgress = false;
                auto *cancel = progress->findChild<QPushButton *>();
                if (cancel)
                    cancel->click();
                else
                    m_problems.append(u"the progress dialog has no Cancel button"_s);
            }
        }
        // A progress dialog shows once the work has taken longer than its minimum duration;
        // until then, answering takes a while (a slow disk), so that a fast build gets there too.
        if (m_cancelProgress)
            QThread::msleep(10);
    }

    void answerFileDialog(QFileDialog *dialog)
    {
        if (!m_expectingFileDialog) {
            m_problems.append(u"unexpected file dialog: "_s + dialog->windowTitle());
            dialog->reject();
            return;
        }
        m_expectingFileDialog = false;
        m_fileDialogs.append(dialog->windowTitle());
        if (m_cancelFileDialog) {
            dialog->reject();
            return;
        }
        // The filter first: choosing one rewrites the extension of the name already typed.
        if (!m_nameFilter.isEmpty()) {
            if (!dialog->nameFilters().contains(m_nameFilter)) {
                m_problems.append(u"no filter \"%1\" in %2"_s.arg(
                    m_nameFilter, dialog->nameFilters().join(u" | "_s)));
                dialog->reject();
                return;
            }
            dialog->selectNameFilter(m_nameFilter);
        }
        dialog->selectFile(m_path);
        if (dialog->selectedFiles() != QStringList{m_path}) {
            m_problems.append(
                u"the dialog took %1 for %2"_s.arg(dialog->selectedFiles().join(u", "_s), m_path));
            dialog->reject();
            return;
        }
        static_cast<QDialog *>(dialog)->accept(); // what its Save or Open button does
    }

    void readAndClose(QMessageBox *box)
    {
        m_boxes.append({box->icon(), box->windowTitle(), box->text()});
        if (QAbstractButton *ok = box->button(QMessageBox::Ok))
            ok->click();
        else
            box->reject();
    }

    QTimer m_poll;
    bool m_expectingFileDialog = false;
    bool m_cancelFileDialog = false;
    bool m_cancelProgress = false;
    QString m_path;
    QString m_nameFilter;
    QList<Box> m_boxes;
    QStringList m_fileDialogs;
    QStringList m_problems;
    bool m_sawProgress = false;
};

// The window over a hub, with a scratch directory that is also the current one (where a file
// dialog starts, and so where a stray file would land). start() adds a simulated switch with
// two bridged calls, Alice's and Bob's, and waits until all their records are in the event log;
// the switch is quiet after that (no heartbeats, the calls stay up).
struct Desk
{
    Desk() : m_previousDirectory(QDir::currentPath()) { QDir::setCurrent(dir.path()); }
    ~Desk() { QDir::setCurrent(m_previousDirectory); }
    Desk(const Desk &) = delete;
    Desk &operator=(const Desk &) = delete;

    [[nodiscard]] bool open()
    {
        window = std::make_unique<Ui::MainWindow>(&hub);
        window->show();
        return QTest::qWaitForWindowExposed(window.get());
    }
    [[nodiscard]] bool start()
    {
        if (!sim.watch(hub, u"pbx"_s) || !open())
            return false;
        alice = sim.call(u"Alice"_s);
        bob = sim.call(u"Bob"_s);
        return QTest::qWaitFor([this] { return isBridged(alice) && isBridged(bob) && isShown(); },
                               kWait);
    }
    // The B leg's move to CS_EXCHANGE_MEDIA is the last event of a bridge.
    [[nodiscard]] bool isBridged(const QString &aLeg)
    {
        const Monitor::ChannelStore *channels = hub.server(1)->channels();
        const Monitor::Channel *a = channels->channel(aLeg);
        const Monitor::Channel *b = a ? channels->channel(a->otherLeg) : nullptr;
        return b && b->channelState == u"CS_EXCHANGE_MEDIA";
    }
    // Whether the event log shows every stored record.
    [[nodiscard]] bool isShown() { return log()->rowCount() == hub.store()->size(); }

    [[nodiscard]] Ui::EventLogModel *log() const { return window->eventLogPanel()->model(); }
    [[nodiscard]] QString path(const QString &name) const { return dir.filePath(name); }
    // The files in the scratch directory, hidden ones (QSaveFile's) included.
    [[nodiscard]] QStringList files() const
    {
        return QDir(dir.path()).entryList(QDir::Files | QDir::Hidden | QDir::NoDotAndDotDot);
    }
    // Runs File → Open saved log or a File → Export command (by the action's object name);
    // `answers` has been told how to answer what it opens. False when there is no such action.
    [[nodiscard]] bool run(const char *action) const
    {
        auto *command = window->findChild<QAction *>(QLatin1StringView(action));
        if (!command)
            return false;
        command->trigger();
        return true;
    }

    QTemporaryDir dir;
    TestSupport::UiSim sim;
    Monitor::Hub hub;
    std::unique_ptr<Ui::MainWindow> window;
    Operator answers;
    QString alice; // the calls' A legs
    QString bob;

private:
    QString m_previousDirectory;
};

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

QList<QByteArray> linesOf(const QByteArray &text, QByteArrayView end = "\n")
{
    QList<QByteArray> lines;
    qsizetype from = 0;
    for (qsizetype at = text.indexOf(end); at >= 0; at = text.indexOf(end, from)) {
        lines.append(text.mid(from, at - from));
        from = at + end.size();
    }
    if (from < text.size())
        lines.append(text.mid(from));
    return lines;
}

// The `eslcat decode` lines of these records, as a JSON Lines export writes them.
QList<QByteArray> jsonLinesOf(const Monitor::EventStore &store, const QList<Sequence> &records)
{
    QList<QByteArray> lines;
    for (const Sequence s : records) {
        const auto record = store.record(s);
        lines.append(record ? Monitor::jsonLine(record->kind(), Monitor::eventOf(*record))
                            : QByteArray("<dropped>"));
    }
    return lines;
}

QList<Sequence> everyRecord(const Monitor::EventStore &store)
{
    QList<Sequence> all;
    for (Sequence s = store.firstSequence(); s < store.endSequence(); ++s)
        all.append(s);
    return all;
}

// Each line as a JSON object; an empty list when a line is not one.
QList<QJsonObject> objectsOf(const QList<QByteArray> &lines)
{
    QList<QJsonObject> objects;
    for (const QByteArray &line : lines) {
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(line, &error);
        if (error.error != QJsonParseError::NoError || !doc.isObject())
            return {};
        objects.append(doc.object());
    }
    return objects;
}

// A header's value in a decode-schema header list ([[name, value], ...]).
QString headerOf(const QJsonArray &headers, const QString &name)
{
    for (const QJsonValue &header : headers) {
        if (header[0].toString() == name)
            return header[1].toString();
    }
    return {};
}

// The channel a decode-schema message is about: an event's Unique-ID, a log line's User-Data.
QString channelOf(const QJsonObject &message)
{
    const QJsonObject event = message[u"event"_s].toObject();
    return event.isEmpty() ? headerOf(message[u"headers"_s].toArray(), u"User-Data"_s)
                           : headerOf(event[u"headers"_s].toArray(), u"Unique-ID"_s);
}

QString describe(const QList<Operator::Box> &boxes)
{
    QStringList out;
    for (const Operator::Box &box : boxes)
        out.append(box.title + u": "_s + box.text);
    return out.join(u" | "_s);
}

// The row of the calls view whose caller name is `name`.
QModelIndex callRow(QTreeView *view, const QString &name)
{
    QAbstractItemModel *model = view->model();
    for (int r = 0; r < model->rowCount(); ++r) {
        const QModelIndex i = model->index(r, Ui::CallsModel::CallerName);
        if (i.data().toString() == name)
            return i;
    }
    return {};
}

// The events of a capture.
QList<Esl::Event> captureEvents()
{
    QList<Esl::Event> events;
    for (const Esl::Message &m :
         TestSupport::parseAll(TestSupport::readFixture(u"inbound-plain"_s, u".esl"_s))) {
        if (m.isEvent())
            events.append(*Esl::Event::fromMessage(m));
    }
    return events;
}

// Fills the store with `count` small events (a few headers each: the count is what matters).
void fill(Monitor::EventStore &store, Monitor::ServerId server, qint64 count)
{
    QList<Esl::Event> events;
    for (int i = 0; i < 64; ++i) {
        const QByteArray n = QByteArray::number(i);
        events.append(*Esl::Event::fromPlain(
            "Event-Name: CHANNEL_STATE\nCore-UUID: 0f9a4e2c-sim\nEvent-Sequence: " + n +
            "\nUnique-ID: leg-" + n + "\nChannel-State: CS_EXECUTE\n\n"));
    }
    for (qint64 n = 0; n < count; ++n)
        store.append(server, events[n % events.size()], 1000 + n);
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
    void exportsTheSelectedCallWithItsLegsAndOnlyTheirRecords();
    void exportsTheAuditLogWithTheCommandsSent_data();
    void exportsTheAuditLogWithTheCommandsSent();
    void opensASavedLogIntoTheEventLog_data();
    void opensASavedLogIntoTheEventLog();

    // Rainy days
    void cancellingTheFileDialogWritesNothing_data();
    void cancellingTheFileDialogWritesNothing();
    void aPathThatCannotBeWrittenSaysWhyAndTheWindowStaysUsable_data();
    void aPathThatCannotBeWrittenSaysWhyAndTheWindowStaysUsable();
    void aFileThatIsNotALogSaysWhereItBroke_data();
    void aFileThatIsNotALogSaysWhereItBroke();
    void aLongExportShowsItsProgressAndCancelingLeavesNoFile();
    void aLongImportShowsItsProgressAndCancelingShowsNoError();
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

void TestFileCommands::exportsEveryRecordInTheChosenFormat_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("nameFilter"); // empty: leave the dialog's first one
    QTest::addColumn<QString>("format");
    QTest::newRow("JSON Lines, the default") << u"all.jsonl"_s << QString() << u"jsonl"_s;
    QTest::newRow("CSV by its filter") << u"all.csv"_s << kCsvFilter << u"csv"_s;
    QTest::newRow("raw ESL by its filter") << u"all.esl"_s << kRawFilter << u"esl"_s;
    QTest::newRow("CSV by its filter, no extension") << u"all"_s << kCsvFilter << u"csv"_s;
    QTest::newRow("raw ESL by its filter, no extension") << u"all"_s << kRawFilter << u"esl"_s;
    QTest::newRow("JSON Lines by its filter, no extension")
        << u"all"_s << kJsonLinesFilter << u"jsonl"_s;
    QTest::newRow("CSV by its extension") << u"all.csv"_s << QString() << u"csv"_s;
    QTest::newRow("raw ESL by its extension") << u"all.esl"_s << QString() << u"esl"_s;
}

void TestFileCommands::exportsEveryRecordInTheChosenFormat()
{
    QFETCH(QString, name);
    QFETCH(QString, nameFilter);
    QFETCH(QString, format);
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
    QCOMPARE(desk.answers.boxes()[0].text, u"%1 record(s) written to %2."_s.arg(records).arg(name));
    QCOMPARE(desk.files(), QStringList{name});

    const QByteArray written = readAll(desk.path(name));
    const QList<Sequence> all = everyRecord(store);
    if (format == u"jsonl") {
        // One line per record, each a decode-schema object, in arrival order.
        const QList<QByteArray> lines = linesOf(written);
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
        QCOMPARE(lines, jsonLinesOf(store, all));
    } else if (format == u"csv") {
        // A header row, then a row per record: the default columns.
        const QList<QByteArray> rows = linesOf(written, "\r\n");
        QCOMPARE(rows.size(), records + 1);
        QCOMPARE(rows[0], "@time,@server,@kind,@name,@uuid");
        for (qsizetype i = 0; i < records; ++i) {
            const QList<QByteArray> fields = rows[i + 1].split(',');
            QCOMPARE(fields.size(), 5);
            QCOMPARE(fields[1], "pbx");
            const auto record = store.record(all[i]);
            if (record->kind() == Monitor::RecordKind::Log) {
                QCOMPARE(fields[2], "log");
            } else {
                QCOMPARE(fields[2], "event");
                QCOMPARE(QString::fromUtf8(fields[3]), store.event(all[i])->name());
                QCOMPARE(QString::fromUtf8(fields[4]), store.event(all[i])->uniqueId());
            }
        }
    } else {
        // The records as the switch sent them: the parser reads back one message each.
        Esl::wire::Parser parser;
        QVERIFY(parser.feed(written));
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
        QCOMPARE(written, expected);
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
    const QList<QByteArray> expectedLines = jsonLinesOf(*desk.hub.store(), expected);
    QCOMPARE(lines, expectedLines);
    const QList<QByteArray> every = jsonLinesOf(*desk.hub.store(), everyRecord(*desk.hub.store()));
    for (const QByteArray &line : expectedLines)
        QCOMPARE(every.count(line), 1);
}

void TestFileCommands::exportsTheSelectedCallWithItsLegsAndOnlyTheirRecords()
{
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

    desk.answers.willChoose(desk.path(u"alice.json"_s));
    QVERIFY(desk.run("exportCallAction"));
    QVERIFY2(desk.answers.problems().isEmpty(), qPrintable(desk.answers.problems()));
    QCOMPARE(desk.answers.fileDialogs(), QStringList{u"Export this call"_s});
    QCOMPARE(desk.answers.boxes().size(), 1);
    QCOMPARE(desk.answers.boxes()[0].icon, QMessageBox::Information);
    QCOMPARE(desk.answers.boxes()[0].text,
             u"The call (%1 record(s)) was written to alice.json."_s.arg(expected.size()));

    QJsonParseError error;
    const QJsonObject bundle =
        QJsonDocument::fromJson(readAll(desk.path(u"alice.json"_s)), &error).object();
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

void TestFileCommands::opensASavedLogIntoTheEventLog_data()
{
    QTest::addColumn<QString>("name");
    QTest::newRow("JSON Lines") << u"saved.jsonl"_s;
    QTest::newRow("raw ESL") << u"saved.esl"_s;
}

void TestFileCommands::opensASavedLogIntoTheEventLog()
{
    QFETCH(QString, name);
    Desk desk;
    QVERIFY(desk.start());
    const Monitor::EventStore &store = *desk.hub.store();
    const QList<Sequence> original = everyRecord(store);
    desk.answers.willChoose(desk.path(name));
    QVERIFY(desk.run("exportAllAction"));
    QCOMPARE(desk.answers.boxes().size(), 1);
    desk.answers.clear();

    desk.answers.willChoose(desk.path(name));
    QVERIFY(desk.run("openSavedLogAction"));
    QVERIFY2(desk.answers.problems().isEmpty(), qPrintable(desk.answers.problems()));
    QCOMPARE(desk.answers.fileDialogs(), QStringList{u"Open a saved log"_s});
    QVERIFY2(desk.answers.boxes().isEmpty(), qPrintable(describe(desk.answers.boxes())));

    // Every record again, after the live ones, and in the event log.
    QCOMPARE(store.size(), 2 * original.size());
    QVERIFY(QTest::qWaitFor([&] { return desk.isShown(); }, kWait));
    QList<Sequence> loaded;
    for (Sequence s = original.last() + 1; s < store.endSequence(); ++s)
        loaded.append(s);
    QCOMPARE(jsonLinesOf(store, loaded), jsonLinesOf(store, original));
    // Filed apart from the live server's records.
    const Monitor::ServerId server = store.record(loaded[0])->server();
    QVERIFY(server != desk.hub.server(1)->id());
    for (const Sequence s : loaded)
        QCOMPARE(store.record(s)->server(), server);
    const int row = desk.log()->rowOf(loaded[0]);
    QVERIFY(row >= 0);
    QCOMPARE(desk.log()->index(row, Ui::EventLogModel::Server).data().toString(), name);
}

void TestFileCommands::cancellingTheFileDialogWritesNothing_data()
{
    QTest::addColumn<QString>("action");
    QTest::newRow("all events") << u"exportAllAction"_s;
    QTest::newRow("filtered events") << u"exportFilteredAction"_s;
    QTest::newRow("selected events") << u"exportSelectedAction"_s;
    QTest::newRow("this call") << u"exportCallAction"_s;
    QTest::newRow("audit log") << u"exportAuditAction"_s;
    QTest::newRow("open saved log") << u"openSavedLogAction"_s;
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

void TestFileCommands::aFileThatIsNotALogSaysWhereItBroke_data()
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

void TestFileCommands::aFileThatIsNotALogSaysWhereItBroke()
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
    QCOMPARE(desk.hub.store()->size(), records + loaded);
    QVERIFY(QTest::qWaitFor([&] { return desk.isShown(); }, kWait));
    QCOMPARE(desk.hub.servers().size(), 1);
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

void TestFileCommands::aLongImportShowsItsProgressAndCancelingShowsNoError()
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
    // It stopped part way; what it read is in the event log.
    QVERIFY(desk.hub.store()->size() < 50'000);
    QVERIFY(QTest::qWaitFor([&] { return desk.isShown(); }, kWait));
}

QTEST_MAIN(TestFileCommands)
#include "tst_filecommands.moc"
