#pragma once
// One include for every call-action dialog, for code that opens several of them (CallActions):
// hang up, transfer, originate, run an application, send DTMF, record, show a uuid_dump, and the
// "are you sure?" question. Each lives in its own file pair under ui/calls/dialogs/; what they
// share is in dialogs/actiondialog.h, and what makes typed values acceptable is in
// console/actioninput.h. They only collect and check what the operator types; CallControl sends
// it.

#include "ui/calls/dialogs/actiondialog.h"
#include "ui/calls/dialogs/confirmaction.h"
#include "ui/calls/dialogs/dtmfdialog.h"
#include "ui/calls/dialogs/dumpdialog.h"
#include "ui/calls/dialogs/executedialog.h"
#include "ui/calls/dialogs/hangupdialog.h"
#include "ui/calls/dialogs/originatedialog.h"
#include "ui/calls/dialogs/recorddialog.h"
#include "ui/calls/dialogs/transferdialog.h"
