#pragma once
// File → Open saved log and File → Export: the monitor's importer and exporter behind file
// dialogs, with a progress dialog that can cancel and keeps the window painting.

#include "monitor/exporter.h"
#include "monitor/hub.h"

#include <QWidget>

namespace Ui {

class RecordListModel;

// Asks for a file and a format, exports `selection`; reports the outcome in a message box.
void exportRecords(QWidget *parent, Monitor::Hub *hub, const Monitor::ExportSelection &selection,
                   const QString &what);
// Asks for a call bundle file and writes the call's records and its legs' snapshots.
void exportCallBundle(QWidget *parent, Monitor::Hub *hub, Monitor::ServerId server,
                      const QStringList &legs);
// Asks for a saved log (raw ESL or JSON Lines) and loads it into the hub's store for offline
// analysis, filed under a server named after the file; `log` picks the records up.
void openSavedLog(QWidget *parent, Monitor::Hub *hub, RecordListModel *log);

} // namespace Ui
