#pragma once
// The dialog behind "Record": where on the switch's disk a channel's recording goes, suggested
// from the recording template.

#include "ui/calls/dialogs/actiondialog.h"

class QLineEdit;

namespace Ui {

class RecordDialog : public ActionDialog
{
    Q_OBJECT

public:
    // `path`: the suggestion, already expanded from the recording template.
    RecordDialog(const QString &channel, const QString &path, QWidget *parent = nullptr);

    [[nodiscard]] QString path() const;
    [[nodiscard]] QString problem() const override;

private:
    QLineEdit *m_path;
};

} // namespace Ui
