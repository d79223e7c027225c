#pragma once
// The records that triggered an alert, listed in a small window of their own (time, server,
// event, channel, what it says) when the event log cannot show them all: its filter hides some,
// or the store has dropped them (they are then named as no longer stored).

#include "monitor/alert.h"

class QDialog;
class QWidget;

namespace Monitor {
class Hub;
}

namespace Ui {

// Opens it (not modal, deleted on close) and returns it; objectName "alertRecordsDialog".
QDialog *showAlertRecords(QWidget *parent, Monitor::Hub *hub, const Monitor::Alert &alert);

} // namespace Ui
