#include "ui/conferences/conferenceaskdialog.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>

namespace Ui {

ConferenceAskDialog::ConferenceAskDialog(const QString &title, const QString &target,
                                         QWidget *parent)
    : QDialog(parent)
{
    setObjectName(QStringLiteral("conferenceAskDialog"));
    setWindowTitle(title);
    auto *heading = new QLabel(target, this);
    heading->setObjectName(QStringLiteral("conferenceAskTarget"));
    heading->setWordWrap(true);
    QFont bold = heading->font();
    bold.setBold(true);
    heading->setFont(bold);
    m_problem = new QLabel(this);
    m_problem->setObjectName(QStringLiteral("conferenceAskProblem"));
    m_problem->setWordWrap(true);
    m_problem->setStyleSheet(QStringLiteral("color: palette(highlight)"));
    m_problem->hide();
    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    // Return presses OK, and does nothing while OK is off (never Cancel in its place).
    m_buttons->button(QDialogButtonBox::Ok)->setDefault(true);
    m_buttons->button(QDialogButtonBox::Cancel)->setAutoDefault(false);
    connect(m_buttons, &QDialogButtonBox::accepted, this, [this] {
        if (acceptable())
            accept();
    });
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    m_form = new QFormLayout(this);
    m_form->addRow(heading);
    m_form->addRow(m_problem);
    m_form->addRow(m_buttons);
    setMinimumWidth(420);
}

QLineEdit *ConferenceAskDialog::addText(const QString &label, const QString &start)
{
    auto *edit = new QLineEdit(start, this);
    edit->setObjectName(QStringLiteral("conferenceAskText"));
    edit->setMinimumWidth(240);
    connect(edit, &QLineEdit::textChanged, this, &ConferenceAskDialog::recheck);
    m_form->insertRow(m_form->rowCount() - 2, label, edit);
    return edit;
}

QSpinBox *ConferenceAskDialog::addNumber(const QString &label, int value, int min, int max, int step)
{
    auto *spin = new QSpinBox(this);
    spin->setObjectName(QStringLiteral("conferenceAskNumber"));
    spin->setRange(min, max);
    spin->setSingleStep(step);
    spin->setValue(value);
    connect(spin, &QSpinBox::valueChanged, this, &ConferenceAskDialog::recheck);
    m_form->insertRow(m_form->rowCount() - 2, label, spin);
    return spin;
}

void ConferenceAskDialog::addRow(QWidget *label, QWidget *field)
{
    m_form->insertRow(m_form->rowCount() - 2, label, field);
}

void ConferenceAskDialog::setCheck(std::function<QString()> check)
{
    m_check = std::move(check);
    recheck();
}

QString ConferenceAskDialog::problem() const
{
    return m_check ? m_check() : QString();
}

bool ConferenceAskDialog::acceptable() const
{
    return problem().isEmpty();
}

void ConferenceAskDialog::recheck()
{
    const QString why = problem();
    m_problem->setText(why);
    m_problem->setVisible(!why.isEmpty());
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(why.isEmpty());
}

} // namespace Ui
