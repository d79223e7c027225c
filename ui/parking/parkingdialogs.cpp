#include "ui/parking/parkingdialogs.h"

#include "console/valetcommands.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace Ui {

namespace {

QLabel *problemLabel(QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setWordWrap(true);
    label->setObjectName(QStringLiteral("problem"));
    QPalette p = label->palette();
    p.setColor(QPalette::WindowText, QColor(0xb0, 0x20, 0x20));
    label->setPalette(p);
    return label;
}

} // namespace

RetrieveDialog::RetrieveDialog(const QString &what, QWidget *parent)
    : QDialog(parent), m_extension(new QLineEdit(this)), m_problem(problemLabel(this)),
      m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setWindowTitle(tr("Retrieve a parked call"));
    auto *layout = new QVBoxLayout(this);
    auto *intro = new QLabel(tr("Send %1 to an extension (uuid_transfer … XML default): the "
                                "dialplan rings it as any call to it.")
                                 .arg(what),
                             this);
    intro->setWordWrap(true);
    layout->addWidget(intro);
    auto *form = new QFormLayout;
    m_extension->setObjectName(QStringLiteral("extension"));
    m_extension->setPlaceholderText(tr("e.g. 1001"));
    form->addRow(tr("&Extension:"), m_extension);
    layout->addLayout(form);
    layout->addWidget(m_problem);
    layout->addWidget(m_buttons);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_extension, &QLineEdit::textChanged, this, &RetrieveDialog::check);
    check();
}

QString RetrieveDialog::extension() const
{
    return m_extension->text().trimmed();
}

QString RetrieveDialog::problem() const
{
    return m_problem->text();
}

void RetrieveDialog::check()
{
    const auto why = Console::ValetCommands::checkExtension(extension());
    m_problem->setText(m_extension->text().isEmpty() ? QString() : why.value_or(QString()));
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(!why);
}

ParkDialog::ParkDialog(const QString &what, const QStringList &lots, Taken taken,
                       FreeSlot freeSlot, QWidget *parent)
    : QDialog(parent), m_lot(new QComboBox(this)), m_slot(new QLineEdit(this)),
      m_problem(problemLabel(this)),
      m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this)),
      m_taken(std::move(taken)), m_freeSlot(std::move(freeSlot))
{
    setWindowTitle(tr("Park a call"));
    auto *layout = new QVBoxLayout(this);
    auto *intro = new QLabel(tr("Park %1 in a lot's slot (valet_park through the inline "
                                "dialplan). Callers reach it by dialling the slot.")
                                 .arg(what),
                             this);
    intro->setWordWrap(true);
    layout->addWidget(intro);
    auto *form = new QFormLayout;
    m_lot->setEditable(true);
    m_lot->setObjectName(QStringLiteral("lot"));
    m_lot->addItems(lots.isEmpty() ? QStringList{QStringLiteral("valet_parking_lot")} : lots);
    m_slot->setObjectName(QStringLiteral("slot"));
    form->addRow(tr("&Lot:"), m_lot);
    form->addRow(tr("&Slot:"), m_slot);
    layout->addLayout(form);
    layout->addWidget(m_problem);
    layout->addWidget(m_buttons);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_lot, &QComboBox::currentTextChanged, this, [this] {
        if (m_freeSlot)
            m_slot->setText(m_freeSlot(lot()));
        check();
    });
    connect(m_slot, &QLineEdit::textChanged, this, &ParkDialog::check);
    if (m_freeSlot)
        m_slot->setText(m_freeSlot(lot()));
    check();
}

QString ParkDialog::lot() const
{
    return m_lot->currentText().trimmed();
}

QString ParkDialog::slot() const
{
    return m_slot->text().trimmed();
}

QString ParkDialog::problem() const
{
    return m_problem->text();
}

void ParkDialog::check()
{
    std::optional<QString> why = Console::ValetCommands::checkLot(lot());
    if (!why)
        why = Console::ValetCommands::checkSlot(slot());
    if (!why && m_taken) {
        if (const auto who = m_taken(lot(), slot()))
            why = tr("Slot %1 of %2 is taken by %3: parking there would bridge to that call.")
                      .arg(slot(), lot(), *who);
    }
    m_problem->setText(why.value_or(QString()));
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(!why);
}

} // namespace Ui
