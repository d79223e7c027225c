#pragma once
// Control actions on a watch-only server are absent, not greyed: a window that must never change
// a call or the switch offers nothing the library would refuse. Console::isWatchOnly and friends
// (console/watchonlysetting.h) say where control is allowed; this shows or removes the actions.

#include <QList>

class QAction;
class QToolBar;

namespace Ui {

// Shows or removes `actions`. A removed action is hidden, which also takes it out of every menu
// and toolbar it is in and turns its keyboard shortcut off (Qt never enables a hidden action).
void offerControlActions(const QList<QAction *> &actions, bool offered);

// Keeps `bar` at the height it has now, with its actions shown, when they are all removed: a
// toolbar that emptied for a watch-only selection would collapse and move the list below it by
// a row under the pointer, and back again for the next server's row. Call it once the actions
// are in the bar and before any is removed.
void keepToolBarHeight(QToolBar *bar);

} // namespace Ui
