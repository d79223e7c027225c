// Run a dialplan application on a channel.
#include "ui/calls/dialogs/executedialog.h"

#include "console/actionchoices.h"
#include "console/actioninput.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSignalBlocker>

namespace Ui {

using namespace DialogParts;

ExecuteDialog::ExecuteDialog(const QString &channel, const QStringList &recentApplications,
                             QWidget *parent)
    : ActionDialog(parent)
{
    setObjectName(QStringLiteral("executeDialog"));
    setWindowTitle(tr("Run Application"));

    m_recent = recentApplications;
    m_application = applicationCombo(this, recentApplications);
    m_application->setCurrentIndex(-1);
    m_application->clearEditText();
    if (!recentApplications.isEmpty())
        m_application->lineEdit()->setPlaceholderText(
            tr("last: %1").arg(recentApplications.first()));
    m_arguments = lineEdit(this, "arguments", {});
    followApplication(m_application, m_arguments);
    m_eventLock =
        named(new QCheckBox(tr("&Event lock (finish before the next queued command)"), this),
              "eventLock");
    m_eventLock->setToolTip(tr("The switch runs the application to its end before it takes the "
                               "next command queued for this channel"));

    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    form->addRow(heading(tr("Run an application on %1").arg(channel), this));
    form->addRow(tr("&Application:"), m_application);
    form->addRow(tr("Ar&guments:"), m_arguments);
    form->addRow(QString(), m_eventLock);

    connect(m_application, &QComboBox::currentTextChanged, this, &ExecuteDialog::validate);
    connect(m_arguments, &QLineEdit::textChanged, this, &ExecuteDialog::validate);
    finish(form, tr("&Run"));
}

void ExecuteDialog::setApplications(const QStringList &names)
{
    if (names.isEmpty())
        return; // the switch could not say: the built-in list stays, and the switch decides
    m_switchApplications = names;
    const QString typed = m_application->currentText();
    const QSignalBlocker quiet(m_application);
    fillApplications(m_application, Console::switchApplicationChoices(m_recent, names));
    m_application->setCurrentIndex(-1);
    m_application->setEditText(typed);
    m_application->setToolTip(tr("The applications this switch has"));
    validate();
}

QString ExecuteDialog::application() const
{
    return m_application->currentText();
}

QString ExecuteDialog::arguments() const
{
    return m_arguments->text();
}

bool ExecuteDialog::eventLock() const
{
    return m_eventLock->isChecked();
}

QString ExecuteDialog::problem() const
{
    return Console::ActionInput::executeProblem(application(), arguments(), m_switchApplications);
}

} // namespace Ui
