#include "ui/common/controlactions.h"

#include <QAction>
#include <QToolBar>

namespace Ui {

void offerControlActions(const QList<QAction *> &actions, bool offered)
{
    for (QAction *action : actions) {
        if (action && action->isVisible() != offered)
            action->setVisible(offered);
    }
}

void keepToolBarHeight(QToolBar *bar)
{
    bar->ensurePolished(); // the buttons' size follows the style and font they are polished with
    bar->setMinimumHeight(bar->sizeHint().height());
}

} // namespace Ui
