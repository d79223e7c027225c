// Start recording a channel to a file on the switch.
#include "ui/calls/dialogs/recorddialog.h"

#include "console/actioninput.h"

#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>

namespace Ui {

using namespace DialogParts;

RecordDialog::RecordDialog(const QString &channel, const QString &path, QWidget *parent)
    : ActionDialog(parent)
{
    setObjectName(QStringLiteral("recordDialog"));
    setWindowTitle(tr("Record"));

    m_path = lineEdit(this, "path", path, QStringLiteral("/var/lib/freeswitch/recordings/…"));
    m_path->setToolTip(tr("Where the switch writes the recording, on its own disk"));
    m_path->setMinimumWidth(m_path->fontMetrics().horizontalAdvance(path) + 24);

    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    form->addRow(heading(tr("Record %1").arg(channel), this));
    form->addRow(tr("&File on the switch:"), m_path);

    connect(m_path, &QLineEdit::textChanged, this, &RecordDialog::validate);
    finish(form, tr("&Record"));
}

QString RecordDialog::path() const
{
    return m_path->text();
}

QString RecordDialog::problem() const
{
    return Console::ActionInput::recordPathProblem(path());
}

} // namespace Ui
