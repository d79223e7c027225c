#pragma once
// File → Open saved log, File → Open journal session and File → Export: the monitor's importer,
// journal and exporter behind file dialogs, with a progress dialog that can cancel and keeps the
// window painting. What is opened goes to a window of its own (OpenedLogWindow), never into the
// live event log.

#include "monitor/exporter.h"
#include "monitor/hub.h"

#include <QWidget>

namespace Ui {

class OpenedLogWindow;
class RecordListModel;

// What an export writes from: a store and the names of the servers its records came from.
struct RecordSource
{
    const Monitor::EventStore *store = nullptr;
    QHash<Monitor::ServerId, QString> serverNames;
};
// The hub's store and its servers' names.
[[nodiscard]] RecordSource liveRecords(Monitor::Hub *hub);

// Asks for a file and a format (JSON Lines, CSV, raw ESL), exports `selection`, and reports the
// outcome in a message box. A CSV's columns are chosen in the dialog, `shownColumns` ticked.
void exportRecords(QWidget *parent, const RecordSource &source,
                   const Monitor::ExportSelection &selection, const QString &what,
                   const QStringList &shownColumns);
// Asks for a file and a format for one call: a call bundle (its records and its legs' channels),
// or its records in any other format.
void exportCall(QWidget *parent, Monitor::Hub *hub, Monitor::ServerId server,
                const QStringList &legs, const QStringList &shownColumns);
// Asks for a saved log of any kind the exporter writes (or a capture) and opens it in a window
// of its own, a child of `parent`; null when nothing was opened.
OpenedLogWindow *openSavedLog(QWidget *parent);
// Lists the sessions of the journal at `journalPath` and opens the one chosen in a window of its
// own; null when nothing was opened.
OpenedLogWindow *openJournalSession(QWidget *parent, const QString &journalPath);
// Where the export and open dialogs start: the folder last used (remembered in the settings),
// else the user's Documents, else home — never the program's working directory.
[[nodiscard]] QString fileDialogFolder();
// Remembers the folder of `filePath` for the next dialog.
void rememberFileDialogFolder(const QString &filePath);
// Where switchboard keeps its journal (app/switchboard/main.cpp).
[[nodiscard]] QString journalPath();

} // namespace Ui
