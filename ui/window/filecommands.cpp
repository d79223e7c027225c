#include "ui/window/filecommands.h"

#include "ui/logs/logpanels.h"
#include "ui/window/exportdialog.h"
#include "ui/window/journalsessionsdialog.h"
#include "ui/window/openedlogwindow.h"

#include "console/appsettings.h"
#include "monitor/openedlog.h"

#include <QApplication>
#include <QFileDialog>
#include <QFileInfo>
#include <QLocale>
#include <QMessageBox>
#include <QProgressDialog>
#include <QSettings>
#include <QStandardPaths>

namespace Ui {

namespace {

using Kind = Monitor::ExportFiles::Kind;

// A progress callback for the exporter/importer/journal: updates the dialog, lets the window
// paint, and cancels when the user asks.
std::function<bool(qint64, qint64)> progressOf(QProgressDialog &dialog)
{
    return [&dialog](qint64 done, qint64 total) {
        if (total > 0) {
            dialog.setMaximum(1000);
            dialog.setValue(int(done * 1000 / total));
        }
        QApplication::processEvents();
        return !dialog.wasCanceled();
    };
}

// Asks for the file and format; the dialog when accepted, else null.
std::unique_ptr<ExportDialog> askForFile(QWidget *parent, const QString &title,
                                         const QList<Kind> &kinds, const QString &name,
                                         const QStringList &shownColumns)
{
    auto dialog = std::make_unique<ExportDialog>(parent, title, kinds, name);
    dialog->setDirectory(fileDialogFolder());
    dialog->selectFile(name); // in that folder
    dialog->setShownCsvColumns(shownColumns);
    if (dialog->exec() != QDialog::Accepted || dialog->path().isEmpty())
        return nullptr;
    rememberFileDialogFolder(dialog->path());
    return dialog;
}

// Runs `write` under a progress dialog and reports its outcome.
template<typename Write>
void writeWithProgress(QWidget *parent, const QString &what, const QString &path, Write write,
                       const std::function<QString(qint64)> &done)
{
    QProgressDialog progress(QObject::tr("Exporting %1…").arg(what), QObject::tr("Cancel"), 0, 0,
                             parent);
    progress.setWindowModality(Qt::WindowModal);
    progress.setMinimumDuration(300);
    const Esl::Expected<Monitor::Exporter::Result> result = write(progressOf(progress));
    progress.reset();
    if (!result) {
        if (result.error().code != Esl::Error::Code::Canceled)
            QMessageBox::warning(parent, QObject::tr("Export failed"), result.error().message);
        return;
    }
    QMessageBox::information(parent, QObject::tr("Exported"),
                             done(result->records).arg(QFileInfo(path).fileName()));
}

QString recordsWritten(qint64 records)
{
    return QObject::tr("%n record(s) written to %1.", nullptr, int(records));
}

// Opens a window over what was read, saying how the reading went; null when nothing was read.
OpenedLogWindow *showOpened(QWidget *parent, std::unique_ptr<Monitor::OpenedLog> log,
                            qint64 records, const std::optional<Esl::Error> &error,
                            const QString &errorText)
{
    const bool canceled = error && error->code == Esl::Error::Code::Canceled;
    if (error && !canceled) {
        QMessageBox::warning(
            parent, QObject::tr("Could not read all of the log"),
            QObject::tr("%1\n\n%n record(s) before the fault were loaded.", nullptr, int(records))
                .arg(errorText));
    }
    // A call bundle of a call that was up before the monitor connected may hold its channels
    // and no record: its channels are worth a window.
    if (records == 0 && log->channels().isEmpty()) {
        if (!error) {
            QMessageBox::information(parent, QObject::tr("Nothing to show"),
                                     QObject::tr("%1 holds no events or log lines.")
                                         .arg(QFileInfo(log->path()).fileName()));
        }
        return nullptr;
    }
    QString outcome = QObject::tr("%n record(s)", nullptr, int(records));
    if (!log->channels().isEmpty())
        outcome += QObject::tr(" of a call of %n channel(s)", nullptr, int(log->channels().size()));
    if (canceled)
        outcome = QObject::tr("%1 — stopped when asked; the rest was not read").arg(outcome);
    else if (error)
        outcome = QObject::tr("%1 — stopped at a fault: %2").arg(outcome, errorText);
    auto *window = new OpenedLogWindow(std::move(log), outcome, parent);
    window->show();
    window->raise();
    return window;
}

const QString kFolderKey = QStringLiteral("files/lastFolder");

} // namespace

QString fileDialogFolder()
{
    // The program's working directory means nothing to an operator who started it from a menu.
    const QString last = QSettings().value(kFolderKey).toString();
    if (!last.isEmpty() && QFileInfo(last).isDir())
        return last;
    const QString documents =
        QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    if (!documents.isEmpty() && QFileInfo(documents).isDir())
        return documents;
    return QDir::homePath();
}

void rememberFileDialogFolder(const QString &filePath)
{
    if (filePath.isEmpty())
        return;
    QSettings settings;
    settings.setValue(kFolderKey, QFileInfo(filePath).absolutePath());
    Console::syncPrivately(settings);
}

RecordSource liveRecords(Monitor::Hub *hub)
{
    RecordSource source{hub->store(), {}};
    for (const Monitor::ServerMonitor *s : hub->servers())
        source.serverNames.insert(s->id(), s->name());
    return source;
}

void exportRecords(QWidget *parent, const RecordSource &source,
                   const Monitor::ExportSelection &selection, const QString &what,
                   const QStringList &shownColumns)
{
    const auto dialog = askForFile(parent, QObject::tr("Export %1").arg(what),
                                   {Kind::JsonLines, Kind::Csv, Kind::Raw},
                                   QStringLiteral("events.jsonl"), shownColumns);
    if (!dialog)
        return;
    Monitor::Exporter exporter(*source.store);
    exporter.setServerNames(source.serverNames);
    exporter.setCsvColumns(dialog->csvColumns());
    const QString path = dialog->path();
    const auto format = *Monitor::ExportFiles::exporterFormat(dialog->kind());
    writeWithProgress(
        parent, what, path,
        [&](const Monitor::Exporter::Progress &progress) {
            exporter.setProgress(progress);
            return exporter.write(path, format, selection);
        },
        recordsWritten);
}

void exportCall(QWidget *parent, Monitor::Hub *hub, Monitor::ServerId server,
                const QStringList &legs, const QStringList &shownColumns)
{
    const auto dialog = askForFile(parent, QObject::tr("Export this call"),
                                   {Kind::CallBundle, Kind::JsonLines, Kind::Csv, Kind::Raw},
                                   QStringLiteral("call.json"), shownColumns);
    if (!dialog)
        return;
    const RecordSource source = liveRecords(hub);
    Monitor::Exporter exporter(*source.store);
    exporter.setServerNames(source.serverNames);
    exporter.setCsvColumns(dialog->csvColumns());
    const QString path = dialog->path();
    const Kind kind = dialog->kind();
    const Monitor::ServerMonitor *monitor = hub->server(server);
    writeWithProgress(
        parent, QObject::tr("the call"), path,
        [&](const Monitor::Exporter::Progress &progress) {
            exporter.setProgress(progress);
            if (kind == Kind::CallBundle)
                return exporter.writeCallBundle(path, legs, monitor ? monitor->channels() : nullptr,
                                                server);
            return exporter.write(path, *Monitor::ExportFiles::exporterFormat(kind),
                                  Monitor::ExportSelection::channels(legs, server));
        },
        [](qint64 records) {
            return QObject::tr("The call (%n record(s)) was written to %1.", nullptr, int(records));
        });
}

OpenedLogWindow *openSavedLog(QWidget *parent)
{
    const QString path = QFileDialog::getOpenFileName(
        parent, QObject::tr("Open a saved log"), fileDialogFolder(),
        QObject::tr("Saved logs (*.jsonl *.csv *.esl *.json *.log);;All files (*)"));
    if (path.isEmpty())
        return nullptr;
    rememberFileDialogFolder(path);
    QProgressDialog progress(QObject::tr("Loading %1…").arg(QFileInfo(path).fileName()),
                             QObject::tr("Cancel"), 0, 0, parent);
    progress.setWindowModality(Qt::WindowModal);
    progress.setMinimumDuration(300);
    auto log = std::make_unique<Monitor::OpenedLog>();
    const Monitor::Importer::Result result = log->readFile(path, progressOf(progress));
    progress.reset();
    return showOpened(parent, std::move(log), result.records(), result.error, result.errorString());
}

OpenedLogWindow *openJournalSession(QWidget *parent, const QString &path)
{
    const auto sessions = Monitor::Journal::sessions(path);
    if (!sessions) {
        QMessageBox::warning(parent, QObject::tr("Could not read the journal"),
                             sessions.error().message);
        return nullptr;
    }
    JournalSessionsDialog dialog(path, *sessions, parent);
    if (dialog.exec() != QDialog::Accepted || dialog.session() <= 0)
        return nullptr;
    QProgressDialog progress(QObject::tr("Loading journal session %1…").arg(dialog.session()),
                             QObject::tr("Cancel"), 0, 0, parent);
    progress.setWindowModality(Qt::WindowModal);
    progress.setMinimumDuration(300);
    auto log = std::make_unique<Monitor::OpenedLog>();
    const auto loaded = log->readJournalSession(path, dialog.session(), progressOf(progress));
    progress.reset();
    const qint64 records = log->store().size();
    return showOpened(parent, std::move(log), records,
                      loaded ? std::nullopt : std::optional<Esl::Error>(loaded.error()),
                      loaded ? QString() : loaded.error().message);
}

QString journalPath()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) +
           QStringLiteral("/journal.sqlite");
}

} // namespace Ui
