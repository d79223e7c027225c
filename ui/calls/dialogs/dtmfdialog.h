#pragma once
// The dialog behind "Send DTMF": digits for a channel, typed or from a phone-like keypad.

#include "ui/calls/dialogs/actiondialog.h"

class QLineEdit;

namespace Ui {

class DtmfDialog : public ActionDialog
{
    Q_OBJECT

public:
    explicit DtmfDialog(const QString &channel, QWidget *parent = nullptr);

    [[nodiscard]] QString digits() const;
    [[nodiscard]] QString problem() const override;

private:
    QLineEdit *m_digits;
};

} // namespace Ui
