// Send DTMF digits to a channel.
#include "ui/calls/dialogs/dtmfdialog.h"

#include "console/actioninput.h"

#include <QFormLayout>
#include <QLabel>
#include <QGridLayout>
#include <QLineEdit>
#include <QPushButton>

namespace Ui {

using namespace DialogParts;

DtmfDialog::DtmfDialog(const QString &channel, QWidget *parent) : ActionDialog(parent)
{
    setObjectName(QStringLiteral("dtmfDialog"));
    setWindowTitle(tr("Send DTMF"));

    m_digits = lineEdit(this, "digits", {}, tr("e.g. 1234#"));
    m_digits->setToolTip(tr("0-9 * # A-D; w pauses half a second, W a second; end with @<ms> to "
                            "set the tone length"));

    // Like a phone's keypad. The buttons take no focus: typing goes to the digits field.
    auto *keypad = new QGridLayout;
    const char *const keys[4][4] = {
        {"1", "2", "3", "A"}, {"4", "5", "6", "B"}, {"7", "8", "9", "C"}, {"*", "0", "#", "D"}};
    for (int row = 0; row < 4; ++row) {
        for (int column = 0; column < 4; ++column) {
            const QString key = QLatin1StringView(keys[row][column]);
            auto *button = new QPushButton(key, this);
            button->setObjectName(QStringLiteral("key") + (key == u"*"   ? QStringLiteral("Star")
                                                           : key == u"#" ? QStringLiteral("Hash")
                                                                         : key));
            button->setAutoDefault(false);
            button->setFocusPolicy(Qt::NoFocus);
            button->setFixedSize(56, 40);
            connect(button, &QPushButton::clicked, this,
                    [this, key] { m_digits->setText(m_digits->text() + key); });
            keypad->addWidget(button, row, column);
        }
    }

    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    form->addRow(heading(tr("Send tones to %1").arg(channel), this));
    form->addRow(tr("&Digits:"), m_digits);
    keypad->setColumnStretch(4, 1);
    form->addRow(QString(), keypad);

    connect(m_digits, &QLineEdit::textChanged, this, &DtmfDialog::validate);
    finish(form, tr("&Send"));
}

QString DtmfDialog::digits() const
{
    return m_digits->text();
}

QString DtmfDialog::problem() const
{
    return Console::ActionInput::dtmfProblem(digits());
}

} // namespace Ui
