#include "ui/window/filecommands.h"

#include "ui/logs/recordlistmodel.h"

#include "monitor/importer.h"

#include <QApplication>
#include <QFileDialog>
#include <QFileInfo>
#include <QMessageBox>
#include <QProgressDialog>

namespace Ui {

namespace {

// A progress callback for the exporter/importer: updates the dialog, lets the window paint,
// and cancels when the user asks.
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

QHash<Monitor::ServerId, QString> serverNames(const Monitor::Hub *hub)
{
    QHash<Monitor::ServerId, QString> names;
    for (const Monitor::ServerMonitor *s : hub->servers())
        names.insert(s->id(), s->name());
    return names;
}

} // namespace

void exportRecords(QWidget *parent, Monitor::Hub *hub, const Monitor::ExportSelection &selection,
                   const QString &what)
{
    QString chosen;
    const QString path = QFileDialog::getSaveFileName(
        parent, QObject::tr("Export %1").arg(what), QStringLiteral("events.jsonl"),
        QObject::tr(
            "JSON Lines (*.jsonl);;CSV (*.csv);;Raw ESL, readable by eslcat decode (*.esl)"),
        &chosen);
    if (path.isEmpty())
        return;
    Monitor::Exporter::Format format = Monitor::Exporter::Format::JsonLines;
    if (chosen.contains(QStringLiteral("*.csv")) || path.endsWith(QStringLiteral(".csv")))
        format = Monitor::Exporter::Format::Csv;
    else if (chosen.contains(QStringLiteral("*.esl")) || path.endsWith(QStringLiteral(".esl")))
        format = Monitor::Exporter::Format::Raw;

    QProgressDialog progress(QObject::tr("Exporting %1…").arg(what), QObject::tr("Cancel"), 0, 0,
                             parent);
    progress.setWindowModality(Qt::WindowModal);
    progress.setMinimumDuration(300);
    Monitor::Exporter exporter(*hub->store());
    exporter.setServerNames(serverNames(hub));
    exporter.setProgress(progressOf(progress));
    const auto result = exporter.write(path, format, selection);
    progress.reset();
    if (!result) {
        if (result.error().code != Esl::Error::Code::Canceled)
            QMessageBox::warning(parent, QObject::tr("Export failed"), result.error().message);
        return;
    }
    QMessageBox::information(
        parent, QObject::tr("Exported"),
        QObject::tr("%n record(s) written to %1.", nullptr, int(result->records))
            .arg(QFileInfo(path).fileName()));
}

void exportCallBundle(QWidget *parent, Monitor::Hub *hub, Monitor::ServerId server,
                      const QStringList &legs)
{
    const QString path = QFileDialog::getSaveFileName(parent, QObject::tr("Export this call"),
                                                      QStringLiteral("call.json"),
                                                      QObject::tr("Call bundle (*.json)"));
    if (path.isEmpty())
        return;
    Monitor::Exporter exporter(*hub->store());
    exporter.setServerNames(serverNames(hub));
    const Monitor::ServerMonitor *monitor = hub->server(server);
    const auto result =
        exporter.writeCallBundle(path, legs, monitor ? monitor->channels() : nullptr, server);
    if (!result)
        QMessageBox::warning(parent, QObject::tr("Export failed"), result.error().message);
    else
        QMessageBox::information(
            parent, QObject::tr("Exported"),
            QObject::tr("The call (%n record(s)) was written to %1.", nullptr, int(result->records))
                .arg(QFileInfo(path).fileName()));
}

void openSavedLog(QWidget *parent, Monitor::Hub *hub, RecordListModel *log)
{
    const QString path = QFileDialog::getOpenFileName(
        parent, QObject::tr("Open a saved log"), {},
        QObject::tr("Saved logs (*.esl *.jsonl *.json *.log);;All files (*)"));
    if (path.isEmpty())
        return;
    QProgressDialog progress(QObject::tr("Loading %1…").arg(QFileInfo(path).fileName()),
                             QObject::tr("Cancel"), 0, 0, parent);
    progress.setWindowModality(Qt::WindowModal);
    progress.setMinimumDuration(300);
    Monitor::Importer importer;
    // Records of a file are filed under a source of their own, named after the file.
    importer.setServer(hub->addOfflineSource(QFileInfo(path).fileName()));
    importer.setProgress(progressOf(progress));
    const Monitor::Importer::Result result = importer.importFile(path, *hub->store());
    progress.reset();
    log->scheduleFlush();
    // Cancelling is no fault: what was read so far stays, as the rows in the log show.
    if (!result.ok() && result.error->code != Esl::Error::Code::Canceled) {
        QMessageBox::warning(parent, QObject::tr("Could not read all of the log"),
                             QObject::tr("%1\n\n%n record(s) before the fault were loaded.",
                                         nullptr, int(result.records()))
                                 .arg(result.errorString()));
    }
}

} // namespace Ui
