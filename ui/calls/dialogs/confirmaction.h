#pragma once
// The "are you sure?" question asked before a destructive call action, with "Don't ask again".

#include "console/appsettings.h"

#include <QString>

class QWidget;

namespace Ui {

// Returns true at once when settings.confirmDestructive is off; when the operator says Yes and
// ticks the box, turns it off and saves the settings.
[[nodiscard]] bool confirmAction(QWidget *parent, const QString &title, const QString &text,
                                 Console::AppSettings &settings);

} // namespace Ui
