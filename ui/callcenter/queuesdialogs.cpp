// QueuesPanel: what the toolbar and menus ask before they act (queuespanel.h). Each question
// captures its target as it opens and names it (server, queue, agent or caller); OK acts on
// that target, whatever is selected by then (QueuesPanel::logIn … refuse it, unsent, if it
// went). Hang up asks first as the calls view's Hang up does (confirmAction).

#include "ui/callcenter/queuespanel.h"

#include "ui/calls/dialogs/confirmaction.h"

#include "console/appsettings.h"
#include "console/callcentercommands.h"
#include "monitor/bidi.h"
#include "monitor/callcenterstore.h"
#include "monitor/hub.h"
#include "monitor/servermonitor.h"

#include <QCheckBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>

namespace Ui {

namespace CC = Console::CallCenterCommands;

namespace {

QDialogButtonBox *okCancel(QDialog *dialog, QFormLayout *form)
{
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, dialog);
    QObject::connect(buttons, &QDialogButtonBox::accepted, dialog, &QDialog::accept);
    QObject::connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::reject);
    form->addRow(buttons);
    return buttons;
}

QLabel *heading(const QString &text, QDialog *dialog)
{
    auto *label = new QLabel(text, dialog);
    label->setObjectName(QStringLiteral("target"));
    label->setWordWrap(true);
    return label;
}

} // namespace

void QueuesPanel::askLogIn()
{
    const Target target = agentTarget();
    if (target.isEmpty())
        return;
    const Monitor::CallCenterStore *store = storeOf(target.server);
    const QString status = store ? store->agents().value(target.agent).status : QString();
    QDialog dialog(this);
    dialog.setObjectName(QStringLiteral("queuesLogInDialog"));
    dialog.setWindowTitle(tr("Log in to queue"));
    auto *form = new QFormLayout(&dialog);
    form->addRow(heading(tr("Log %1 into %2 on %3")
                             .arg(target.who, Monitor::isolated(target.queue), target.serverName),
                         &dialog));
    auto *level = new QSpinBox(&dialog);
    level->setObjectName(QStringLiteral("level"));
    level->setRange(1, 1000);
    level->setToolTip(tr("Lower levels are offered calls first."));
    auto *position = new QSpinBox(&dialog);
    position->setObjectName(QStringLiteral("position"));
    position->setRange(1, 1000);
    // After the last agent of the queue by default.
    if (store) {
        for (const Monitor::CallCenterTier &t : store->tiers(target.queue))
            position->setValue(std::max(position->value(), t.position + 1));
    }
    form->addRow(tr("&Level:"), level);
    form->addRow(tr("&Position:"), position);
    // In a tier, a Logged Out agent is still offered no call: offered, and ticked for one.
    auto *available = new QCheckBox(tr("and set the agent &Available (now %1)")
                                        .arg(status.isEmpty() ? tr("unknown") : status),
                                    &dialog);
    available->setObjectName(QStringLiteral("setAvailable"));
    available->setChecked(status == u"Logged Out");
    available->setToolTip(tr("Sends callcenter_config agent set status %1 'Available' once the "
                             "tier is added")
                              .arg(target.agent));
    form->addRow(available);
    okCancel(&dialog, form);
    if (dialog.exec() == QDialog::Accepted)
        logIn(target, level->value(), position->value(), available->isChecked());
}

void QueuesPanel::askLogOut()
{
    const Target target = agentTarget();
    if (target.isEmpty())
        return;
    QDialog dialog(this);
    dialog.setObjectName(QStringLiteral("queuesLogOutDialog"));
    dialog.setWindowTitle(tr("Log out of queue"));
    auto *form = new QFormLayout(&dialog);
    form->addRow(heading(tr("Log %1 out of %2 on %3")
                             .arg(target.who, Monitor::isolated(target.queue), target.serverName),
                         &dialog));
    // An agent in other queues stays available to them; one in none is offered to log off.
    auto *loggedOut = new QCheckBox(tr("and set the agent &Logged Out (it is in no other queue)"),
                                    &dialog);
    loggedOut->setObjectName(QStringLiteral("setLoggedOut"));
    loggedOut->setChecked(true);
    if (inOtherQueue(target))
        loggedOut->hide();
    form->addRow(loggedOut);
    okCancel(&dialog, form);
    if (dialog.exec() == QDialog::Accepted)
        logOut(target, !loggedOut->isHidden() && loggedOut->isChecked());
}

void QueuesPanel::askPick()
{
    const Target target = memberTarget();
    if (target.isEmpty())
        return;
    QDialog dialog(this);
    dialog.setObjectName(QStringLiteral("queuesPickDialog"));
    dialog.setWindowTitle(tr("Pick a caller"));
    auto *form = new QFormLayout(&dialog);
    form->addRow(heading(tr("Pick %1 waiting in %2 on %3")
                             .arg(target.who, Monitor::isolated(target.queue), target.serverName),
                         &dialog));
    form->addRow(new QLabel(tr("The caller leaves the queue and is sent to this extension of "
                               "the XML dialplan (uuid_transfer)."),
                            &dialog));
    auto *extension = new QLineEdit(&dialog);
    extension->setObjectName(QStringLiteral("pickExtension"));
    auto *context = new QLineEdit(QStringLiteral("default"), &dialog);
    context->setObjectName(QStringLiteral("pickContext"));
    form->addRow(tr("&Extension:"), extension);
    form->addRow(tr("&Context:"), context);
    auto *error = new QLabel(&dialog);
    form->addRow(error);
    QDialogButtonBox *buttons = okCancel(&dialog, form);
    // Checked as it is typed: OK only for what would be sent.
    const auto check = [=] {
        const auto command = CC::pickMember(target.session, extension->text(), context->text());
        error->setText(command || extension->text().isEmpty() ? QString()
                                                              : command.error().message);
        buttons->button(QDialogButtonBox::Ok)->setEnabled(command.ok());
    };
    connect(extension, &QLineEdit::textChanged, &dialog, check);
    connect(context, &QLineEdit::textChanged, &dialog, check);
    check();
    if (dialog.exec() == QDialog::Accepted)
        pick(target, extension->text(), context->text());
}

void QueuesPanel::askHangUp()
{
    const Target target = memberTarget();
    if (target.isEmpty())
        return;
    Console::AppSettings settings = Console::AppSettings::load();
    if (!confirmAction(this, tr("Hang up"),
                       tr("Hang up %1 waiting in %2 on %3?")
                           .arg(target.who, Monitor::isolated(target.queue), target.serverName),
                       settings))
        return;
    hangUp(target);
}

} // namespace Ui
