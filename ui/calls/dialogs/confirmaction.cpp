// Ask before a destructive call action, unless the operator said not to.
#include "ui/calls/dialogs/confirmaction.h"

#include "ui/calls/dialogs/actiondialog.h"

#include <QCheckBox>
#include <QMessageBox>

namespace Ui {

bool confirmAction(QWidget *parent, const QString &title, const QString &question,
                   Console::AppSettings &settings)
{
    if (!settings.confirmDestructive)
        return true;
    QMessageBox box(QMessageBox::Question, title, question, QMessageBox::Yes | QMessageBox::No,
                    parent);
    box.setDefaultButton(QMessageBox::No);
    box.setEscapeButton(QMessageBox::No);
    auto *dontAsk = DialogParts::named(new QCheckBox(ActionDialog::tr("&Don't ask again"), &box),
                                       "dontAskAgain");
    dontAsk->setToolTip(ActionDialog::tr("Turn the question back on in Edit → Preferences"));
    box.setCheckBox(dontAsk);
    if (box.exec() != QMessageBox::Yes)
        return false;
    if (dontAsk->isChecked()) {
        settings.confirmDestructive = false;
        settings.save();
    }
    return true;
}

} // namespace Ui
