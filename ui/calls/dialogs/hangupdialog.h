#pragma once
// The dialog behind "Hang up": lists the channels about to be hung up and asks for the cause,
// offering the common ones (console/actionchoices.h) with NORMAL_CLEARING chosen.

#include "ui/calls/dialogs/actiondialog.h"

class QComboBox;

namespace Ui {

class HangupDialog : public ActionDialog
{
    Q_OBJECT

public:
    // `channels`: how each channel is described to people (CallControl::describe).
    explicit HangupDialog(const QStringList &channels, QWidget *parent = nullptr);

    [[nodiscard]] QString cause() const;
    [[nodiscard]] QString problem() const override;

private:
    QComboBox *m_cause;
};

} // namespace Ui
