#include "ui/common/controlactions.h"

#include <QAction>

namespace Ui {

void offerControlActions(const QList<QAction *> &actions, bool offered)
{
    for (QAction *action : actions) {
        if (action && action->isVisible() != offered)
            action->setVisible(offered);
    }
}

} // namespace Ui
