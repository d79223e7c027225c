// Transfer one channel, blind or attended.
#include "ui/calls/dialogs/transferdialog.h"

#include "console/actioninput.h"
#include "monitor/bidi.h"

#include <QCheckBox>
#include <QComboBox>
#include <QCompleter>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>

namespace Ui {

namespace C = Esl::Commands;
using namespace DialogParts;

TransferDialog::TransferDialog(const QString &channel, const Console::AppSettings &settings,
                               const QStringList &recentDestinations, QWidget *parent)
    : ActionDialog(parent)
{
    setObjectName(QStringLiteral("transferDialog"));
    setWindowTitle(tr("Transfer"));

    m_destination = named(new QComboBox(this), "destination");
    m_destination->setEditable(true);
    m_destination->setInsertPolicy(QComboBox::NoInsert);
    m_destination->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    m_destination->addItems(recentDestinations);
    m_destination->setCurrentIndex(-1);
    m_destination->lineEdit()->setPlaceholderText(tr("an extension (1001) or a dial string"));
    auto *completer = new QCompleter(recentDestinations, m_destination);
    completer->setCaseSensitivity(Qt::CaseInsensitive);
    completer->setCompletionMode(QCompleter::PopupCompletion);
    m_destination->setCompleter(completer);

    m_attended =
        named(new QCheckBox(tr("&Attended (consult the destination first)"), this), "attended");
    m_attended->setToolTip(tr("The channel calls the destination while its partner waits; "
                              "when the channel hangs up, the partner is connected to it"));
    m_leg = named(new QComboBox(this), "leg");
    m_leg->addItem(tr("A leg (this channel)"), int(C::Leg::A));
    m_leg->addItem(tr("B leg (the other party)"), int(C::Leg::B));
    m_leg->addItem(tr("Both legs"), int(C::Leg::Both));
    m_dialplan = lineEdit(this, "dialplan", settings.transferDialplan, QStringLiteral("XML"));
    m_context = lineEdit(this, "context", settings.transferContext, QStringLiteral("default"));

    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    // The one question a transfer from this dialog asks: what, where to, and the button says it.
    form->addRow(heading(tr("Transfer %1").arg(Monitor::isolated(channel)), this));
    form->addRow(tr("&Destination:"), m_destination);
    form->addRow(QString(), m_attended);
    form->addRow(tr("&Leg:"), m_leg);
    form->addRow(tr("Dial&plan:"), m_dialplan);
    form->addRow(tr("&Context:"), m_context);

    connect(m_attended, &QCheckBox::toggled, this, [this](bool attended) {
        m_leg->setEnabled(!attended);
        m_dialplan->setEnabled(!attended);
        validate();
    });
    connect(m_destination, &QComboBox::currentTextChanged, this, &TransferDialog::validate);
    connect(m_leg, &QComboBox::currentIndexChanged, this, &TransferDialog::validate);
    for (QLineEdit *edit : {m_dialplan, m_context})
        connect(edit, &QLineEdit::textChanged, this, &TransferDialog::validate);
    finish(form, tr("T&ransfer"));
}

QString TransferDialog::destination() const
{
    return m_destination->currentText();
}

C::Leg TransferDialog::leg() const
{
    return C::Leg(m_leg->currentData().toInt());
}

QString TransferDialog::dialplan() const
{
    return m_dialplan->text();
}

QString TransferDialog::context() const
{
    return m_context->text();
}

void TransferDialog::disableAttended(const QString &why)
{
    m_attended->setChecked(false);
    m_attended->setEnabled(false);
    m_attended->setToolTip(why);
}

bool TransferDialog::attended() const
{
    return m_attended->isChecked();
}

QString TransferDialog::problem() const
{
    return Console::ActionInput::transferProblem(
        {destination(), leg(), dialplan(), context(), attended()});
}

} // namespace Ui
