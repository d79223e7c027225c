#pragma once
// The desk the File command tests work at: the window over a hub watching a simulated switch,
// in a scratch directory, with an Operator answering the dialogs the commands open; and small
// readers of what they wrote. Shared by tst_filecommands (exports) and tst_openedlogs (saved logs
// and journal sessions opened in windows of their own).

#include "support/uisim.h"

#include "support/fixtures.h"

#include "esl/wire/parser.h"
#include "monitor/exporter.h"
#include "monitor/recordwire.h"
#include "ui/calls/callspanel.h"
#include "ui/logs/logpanels.h"
#include "ui/window/mainwindow.h"
#include "ui/window/openedlogwindow.h"

#include <QAction>
#include <QApplication>
#include <QDir>
#include <QFileDialog>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMessageBox>
#include <QPointer>
#include <QProgressDialog>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QThread>
#include <QTreeView>

#include <algorithm>
#include <functional>

using namespace Qt::Literals::StringLiterals;
using Monitor::Sequence;
using TestSupport::kWait;

namespace FileDesk {

inline const QString kJsonLinesFilter = u"JSON Lines (*.jsonl)"_s;
inline const QString kCsvFilter = u"CSV (*.csv)"_s;
inline const QString kRawFilter = u"Raw ESL, readable by eslcat decode (*.esl)"_s;
inline const QString kBundleFilter = u"Call bundle (*.json)"_s;

// Answers the window's modal dialogs from a timer, as an operator would: each file dialog with
// the next prepared answer (a file and a name filter, or Cancel; a look at the dialog first when
// asked), every message box by reading and closing it, another dialog through the handler given
// for it, and a progress dialog by pressing its Cancel button when told to. A file dialog nobody
// prepared an answer for is cancelled and noted, so a test never hangs on one.
class Operator : public QObject
{
public:
    struct Box
    {
        QMessageBox::Icon icon = QMessageBox::NoIcon;
        QString title;
        QString text;
    };
    using Look = std::function<void(QFileDialog *)>;

    Operator()
    {
        connect(&m_poll, &QTimer::timeout, this, &Operator::answer);
        m_poll.start(5);
    }

    // The next file dialog: look at it, then choose `path`, under `nameFilter` when one is given.
    void willChoose(const QString &path, const QString &nameFilter = {}, Look look = {})
    {
        m_answers.append({false, path, nameFilter, std::move(look)});
    }
    void willCancelTheFileDialog(Look look = {})
    {
        m_answers.append({true, {}, {}, std::move(look)});
    }
    // Another modal dialog (not a file dialog, message box or progress dialog): `handle` answers
    // it.
    void willAnswer(std::function<void(QDialog *)> handle) { m_handler = std::move(handle); }
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
    struct Answer
    {
        bool cancel = false;
        QString path;
        QString nameFilter;
        Look look;
    };

    void answer()
    {
        QWidget *modal = QApplication::activeModalWidget();
        if (auto *dialog = qobject_cast<QFileDialog *>(modal))
            answerFileDialog(dialog);
        else if (auto *box = qobject_cast<QMessageBox *>(modal))
            readAndClose(box);
        else if (auto *other = qobject_cast<QDialog *>(modal);
                 other && !qobject_cast<QProgressDialog *>(modal) && m_handler)
            std::exchange(m_handler, {})(other);
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
        if (dialog == m_accepting)
            return;
        if (m_answers.isEmpty()) {
            m_problems.append(u"unexpected file dialog: "_s + dialog->windowTitle());
            dialog->reject();
            return;
        }
        const Answer answer = m_answers.takeFirst();
        m_fileDialogs.append(dialog->windowTitle());
        if (answer.look)
            answer.look(dialog);
        if (answer.cancel) {
            dialog->reject();
            return;
        }
        // The filter first: choosing one rewrites the extension of the name already typed.
        if (!answer.nameFilter.isEmpty()) {
            if (!dialog->nameFilters().contains(answer.nameFilter)) {
                m_problems.append(u"no filter \"%1\" in %2"_s.arg(
                    answer.nameFilter, dialog->nameFilters().join(u" | "_s)));
                dialog->reject();
                return;
            }
            dialog->selectNameFilter(answer.nameFilter);
            Q_EMIT dialog->filterSelected(answer.nameFilter); // as a click on it does
        }
        dialog->selectFile(answer.path);
        if (dialog->selectedFiles() != QStringList{answer.path}) {
            m_problems.append(u"the dialog took %1 for %2"_s.arg(
                dialog->selectedFiles().join(u", "_s), answer.path));
            dialog->reject();
            return;
        }
        // What its Save or Open button does; from the event loop, not from this timer's slot: a
        // dialog may refuse the name with a message box, whose answer needs the timer again (a
        // timer does not fire inside its own slot).
        m_accepting = dialog;
        QTimer::singleShot(0, dialog, [this, dialog] {
            static_cast<QDialog *>(dialog)->accept();
            m_accepting = nullptr;
        });
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
    QList<Answer> m_answers;
    QPointer<QFileDialog> m_accepting; // accepted, and still up while it decides
    std::function<void(QDialog *)> m_handler;
    bool m_cancelProgress = false;
    QList<Box> m_boxes;
    QStringList m_fileDialogs;
    QStringList m_problems;
    bool m_sawProgress = false;
};

// The window over a hub, with a scratch directory that is also the current one and the folder
// last used (where a file dialog starts, and so where a stray file would land). start() adds a simulated switch with
// two bridged calls, Alice's and Bob's, and waits until all their records are in the event log;
// the switch is quiet after that (no heartbeats, the calls stay up).
struct Desk
{
    Desk() : m_previousDirectory(QDir::currentPath())
    {
        QDir::setCurrent(dir.path());
        // The file dialogs start in the folder last used: this one.
        QSettings().setValue(u"files/lastFolder"_s, dir.path());
    }
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
    // The saved logs and journal sessions open in windows of their own.
    [[nodiscard]] QList<Ui::OpenedLogWindow *> opened() const
    {
        return window->findChildren<Ui::OpenedLogWindow *>();
    }
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

inline QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

inline QList<QByteArray> linesOf(const QByteArray &text, QByteArrayView end = "\n")
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
inline QList<QByteArray> jsonLinesOf(const Monitor::EventStore &store,
                                     const QList<Sequence> &records)
{
    QList<QByteArray> lines;
    for (const Sequence s : records) {
        const auto record = store.record(s);
        lines.append(record ? Monitor::jsonLine(record->kind(), Monitor::eventOf(*record))
                            : QByteArray("<dropped>"));
    }
    return lines;
}

// The lines a JSON Lines export from the window holds: each record's decode-schema line with the
// name of its server as one more key (the window's exports know the servers' names).
inline QList<QByteArray> exportedJsonLinesOf(Monitor::Hub &hub,
                                             const QList<Sequence> &records)
{
    QList<QByteArray> lines = jsonLinesOf(*hub.store(), records);
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const auto record = hub.store()->record(records[i]);
        if (!record)
            continue;
        QByteArray &line = lines[i];
        line.chop(1);
        line += ", \"server\": \"" + hub.serverName(record->server()).toUtf8() + "\"}";
    }
    return lines;
}

inline QList<Sequence> everyRecord(const Monitor::EventStore &store)
{
    QList<Sequence> all;
    for (Sequence s = store.firstSequence(); s < store.endSequence(); ++s)
        all.append(s);
    return all;
}

// Each line as a JSON object; an empty list when a line is not one.
inline QList<QJsonObject> objectsOf(const QList<QByteArray> &lines)
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
inline QString headerOf(const QJsonArray &headers, const QString &name)
{
    for (const QJsonValue &header : headers) {
        if (header[0].toString() == name)
            return header[1].toString();
    }
    return {};
}

// The channel a decode-schema message is about: an event's Unique-ID, a log line's User-Data.
inline QString channelOf(const QJsonObject &message)
{
    const QJsonObject event = message[u"event"_s].toObject();
    return event.isEmpty() ? headerOf(message[u"headers"_s].toArray(), u"User-Data"_s)
                           : headerOf(event[u"headers"_s].toArray(), u"Unique-ID"_s);
}

inline QString describe(const QList<Operator::Box> &boxes)
{
    QStringList out;
    for (const Operator::Box &box : boxes)
        out.append(box.title + u": "_s + box.text);
    return out.join(u" | "_s);
}

// The row of the calls view whose caller name is `name`.
inline QModelIndex callRow(QTreeView *view, const QString &name)
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
inline QList<Esl::Event> captureEvents()
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
inline void fill(Monitor::EventStore &store, Monitor::ServerId server, qint64 count)
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

} // namespace FileDesk
