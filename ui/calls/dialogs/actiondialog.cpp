// The call-action dialogs' shared base and widget builders.
#include "ui/calls/dialogs/actiondialog.h"

#include "console/actionchoices.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

#include <algorithm>

namespace Ui {

ActionDialog::ActionDialog(QWidget *parent) : QDialog(parent) {}

void ActionDialog::finish(QLayout *content, const QString &okText)
{
    m_problem = DialogParts::named(new QLabel(this), "problem");
    m_problem->setStyleSheet(QStringLiteral("color: #b02a37;"));
    m_problem->setTextFormat(Qt::PlainText);
    m_problem->setWordWrap(true);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_buttons->button(QDialogButtonBox::Ok)->setText(okText);
    // Enter on a disabled OK does nothing, but a caller's click() must not slip through either.
    connect(m_buttons, &QDialogButtonBox::accepted, this, [this] {
        if (problem().isEmpty())
            accept();
    });
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(content);
    layout->addWidget(m_problem);
    layout->addStretch(1);
    layout->addWidget(m_buttons);
    validate();
    resize(std::max(sizeHint().width(), 460), sizeHint().height());
}

void ActionDialog::validate()
{
    if (!m_buttons)
        return; // an input changed while the dialog was being built; finish() validates
    const QString why = problem();
    m_problem->setText(why);
    m_problem->setVisible(!why.isEmpty());
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(why.isEmpty());
}

namespace DialogParts {

QLabel *heading(const QString &line, QWidget *parent)
{
    auto *label = new QLabel(line, parent);
    label->setTextFormat(Qt::PlainText);
    label->setWordWrap(true);
    return label;
}

QLineEdit *lineEdit(QWidget *parent, const char *name, const QString &value,
                    const QString &placeholder)
{
    auto *edit = named(new QLineEdit(value, parent), name);
    edit->setPlaceholderText(placeholder);
    return edit;
}

QComboBox *applicationCombo(QWidget *parent, const QStringList &recent)
{
    auto *combo = named(new QComboBox(parent), "application");
    combo->setEditable(true);
    combo->setInsertPolicy(QComboBox::NoInsert);
    combo->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    fillApplications(combo, Console::builtinApplicationChoices(recent));
    combo->setCurrentIndex(recent.isEmpty() ? -1 : 0);
    combo->lineEdit()->setPlaceholderText(ActionDialog::tr("e.g. playback"));
    return combo;
}

void fillApplications(QComboBox *combo, const Console::ApplicationChoices &choices)
{
    combo->clear();
    combo->addItems(choices.recent);
    if (!choices.recent.isEmpty())
        combo->insertSeparator(combo->count());
    combo->addItems(choices.rest);
}

void followApplication(QComboBox *application, QLineEdit *arguments)
{
    const auto update = [arguments](const QString &name) {
        const Console::KnownApplication *known = Console::knownApplication(name);
        if (!known)
            arguments->setPlaceholderText({});
        else if (*known->arguments == '\0')
            arguments->setPlaceholderText(ActionDialog::tr("none needed"));
        else
            arguments->setPlaceholderText(QLatin1StringView(known->arguments));
    };
    QObject::connect(application, &QComboBox::currentTextChanged, arguments, update);
    update(application->currentText());
}

} // namespace DialogParts

} // namespace Ui
