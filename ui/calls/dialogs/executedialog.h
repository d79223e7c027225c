#pragma once
// The dialog behind "Run Application": run a dialplan application on a channel (sendmsg
// execute). The name starts empty, with the recent ones first in the list: text kept from the
// last time would have what is typed appended to it, and the switch hangs the caller up on a name
// it does not have.

#include "ui/calls/dialogs/actiondialog.h"

class QCheckBox;
class QComboBox;
class QLineEdit;

namespace Ui {

class ExecuteDialog : public ActionDialog
{
    Q_OBJECT

public:
    ExecuteDialog(const QString &channel, const QStringList &recentApplications,
                  QWidget *parent = nullptr);

    // The switch's own applications (`show application as json`): the list offers them instead
    // of the built-in one, and a name that is not among them is refused.
    void setApplications(const QStringList &names);
    [[nodiscard]] QString application() const;
    [[nodiscard]] QString arguments() const;
    [[nodiscard]] bool eventLock() const;
    [[nodiscard]] QString problem() const override;

private:
    QComboBox *m_application;
    QLineEdit *m_arguments;
    QCheckBox *m_eventLock;
    QStringList m_recent;
    QStringList m_switchApplications; // empty while the switch has not said
};

} // namespace Ui
