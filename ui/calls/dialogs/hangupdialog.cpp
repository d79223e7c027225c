// Hang up one or more channels with a chosen cause.
#include "ui/calls/dialogs/hangupdialog.h"

#include "console/actionchoices.h"
#include "console/actioninput.h"

#include <QComboBox>
#include <QFormLayout>
#include <QLabel>

#include <algorithm>

namespace Ui {

using namespace DialogParts;

HangupDialog::HangupDialog(const QStringList &channels, QWidget *parent) : ActionDialog(parent)
{
    constexpr int kShown = 10;
    const qsizetype n = channels.size();
    setObjectName(QStringLiteral("hangupDialog"));
    setWindowTitle(n == 1 ? tr("Hang up 1 channel") : tr("Hang up %1 channels").arg(n));

    QStringList lines;
    for (qsizetype i = 0; i < std::min<qsizetype>(n, kShown); ++i)
        lines.append(QStringLiteral("• ") + channels[i]);
    if (n > kShown)
        lines.append(tr("and %1 more").arg(n - kShown));
    auto *list = named(heading(lines.join(u'\n'), this), "channels");
    list->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_cause = named(new QComboBox(this), "cause");
    m_cause->setEditable(true);
    m_cause->setInsertPolicy(QComboBox::NoInsert);
    m_cause->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    for (const Console::HangupCause &cause : Console::hangupCauses()) {
        m_cause->addItem(QLatin1StringView(cause.name));
        m_cause->setItemData(m_cause->count() - 1, tr(cause.meaning), Qt::ToolTipRole);
    }
    m_cause->setCurrentText(QStringLiteral("NORMAL_CLEARING"));
    m_cause->setToolTip(tr("Why the call ends, as the other side and the call records see it"));

    auto *form = new QFormLayout;
    form->addRow(heading(n == 1 ? tr("This channel will be hung up:")
                                : tr("These %1 channels will be hung up:").arg(n),
                         this));
    form->addRow(list);
    form->addRow(tr("Hangup &cause:"), m_cause);
    connect(m_cause, &QComboBox::currentTextChanged, this, &HangupDialog::validate);
    finish(form, tr("&Hang Up"));
}

QString HangupDialog::cause() const
{
    return m_cause->currentText();
}

QString HangupDialog::problem() const
{
    return Console::ActionInput::hangupCauseProblem(cause());
}

} // namespace Ui
