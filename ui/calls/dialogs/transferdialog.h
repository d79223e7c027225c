#pragma once
// The dialog behind "Transfer": a blind transfer (uuid_transfer) or an attended one (att_xfer)
// of one channel, the destination completed from the recently used ones. It is the only question
// the action asks: no "are you sure?" follows its Transfer button.

#include "ui/calls/dialogs/actiondialog.h"

#include "console/appsettings.h"

#include "esl/commands.h"

class QCheckBox;
class QComboBox;
class QLineEdit;

namespace Ui {

class TransferDialog : public ActionDialog
{
    Q_OBJECT

public:
    TransferDialog(const QString &channel, const Console::AppSettings &settings,
                   const QStringList &recentDestinations, QWidget *parent = nullptr);

    [[nodiscard]] QString destination() const;
    // leg() and dialplan() apply to a blind transfer only; attended() says which one it is.
    [[nodiscard]] Esl::Commands::Leg leg() const;
    [[nodiscard]] QString dialplan() const;
    [[nodiscard]] QString context() const;
    [[nodiscard]] bool attended() const;
    [[nodiscard]] QString problem() const override;
    // The switch's link cannot run att_xfer (no sendmsg over a broker): the attended choice is
    // unticked and disabled, `why` in its tooltip.
    void disableAttended(const QString &why);

private:
    QComboBox *m_destination;
    QLineEdit *m_dialplan;
    QLineEdit *m_context;
    QComboBox *m_leg;
    QCheckBox *m_attended;
};

} // namespace Ui
