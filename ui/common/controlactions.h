#pragma once
// Control actions on a watch-only server are absent, not greyed: a window that must never change
// a call or the switch offers nothing the library would refuse. Console::isWatchOnly and friends
// (console/watchonlysetting.h) say where control is allowed; this shows or removes the actions.

#include <QList>

class QAction;

namespace Ui {

// Shows or removes `actions`. A removed action is hidden, which also takes it out of every menu
// and toolbar it is in and turns its keyboard shortcut off (Qt never enables a hidden action).
void offerControlActions(const QList<QAction *> &actions, bool offered);

} // namespace Ui
