#pragma once
// The dialog behind "New Call" (click to call): ring an endpoint on a chosen server and route the
// answered call to an extension or to a dialplan application.

#include "ui/calls/dialogs/actiondialog.h"

#include "console/appsettings.h"

#include "esl/commands.h"
#include "monitor/eventstore.h"

#include <QList>

#include <utility>

class QComboBox;
class QLineEdit;
class QRadioButton;
class QSpinBox;

namespace Ui {

class OriginateDialog : public ActionDialog
{
    Q_OBJECT

public:
    OriginateDialog(const QList<std::pair<Monitor::ServerId, QString>> &servers,
                    const Console::AppSettings &settings, QWidget *parent = nullptr);

    [[nodiscard]] Monitor::ServerId server() const;
    // The call as typed: an extension with its dialplan and context, or an application with its
    // arguments, never both.
    [[nodiscard]] Esl::Commands::Originate request() const;
    [[nodiscard]] QString problem() const override;

private:
    void updateMode();

    QComboBox *m_server;
    QLineEdit *m_endpoint;
    QRadioButton *m_toExtension;
    QRadioButton *m_toApplication;
    QLineEdit *m_destination;
    QLineEdit *m_dialplan;
    QLineEdit *m_context;
    QComboBox *m_application;
    QLineEdit *m_arguments;
    QLineEdit *m_callerIdName;
    QLineEdit *m_callerIdNumber;
    QSpinBox *m_timeout;
};

} // namespace Ui
