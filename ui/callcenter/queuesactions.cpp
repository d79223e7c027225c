// QueuesPanel: the actions, their menus and dialogs (queuespanel.h). Every command is built
// and checked by Console::CallCenterCommands and sent through CallControl::serverCommand
// (audited, at most once, timed out); the outcome goes to the notice strip.

#include "ui/callcenter/queuespanel.h"

#include "ui/callcenter/queuestablemodel.h"
#include "ui/window/noticebar.h"

#include "console/callcentercommands.h"
#include "console/callcontrol.h"
#include "monitor/callcenterstore.h"
#include "monitor/hub.h"
#include "monitor/servermonitor.h"

#include <QDateTime>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPushButton>
#include <QSpinBox>
#include <QTableView>

namespace Ui {

namespace CC = Console::CallCenterCommands;

void QueuesPanel::send(const QString &action, const QString &what,
                       const Esl::Expected<QString> &command, bool resyncAfter)
{
    Monitor::ServerMonitor *server = selectedServer();
    if (!m_context.control || !server)
        return;
    QFuture<Console::ActionOutcome> f =
        m_context.control->serverCommand(server->id(), action, what, command, CC::replyCheck());
    // No context object for the continuation: the panel may be gone when the switch answers.
    f.then([self = QPointer(this), notices = QPointer(m_context.notices),
            monitor = QPointer(server), resyncAfter](const Console::ActionOutcome &o) {
        if (notices)
            notices->post(o);
        // mod_callcenter fires no event for a tier added or deleted: the store lists again.
        if (o.ok && resyncAfter && self && monitor) {
            Monitor::SwitchLink *link = monitor->link();
            monitor->panels()->callCenter()->sync(
                [link](const QString &c) { return link->api(c); },
                QDateTime::currentMSecsSinceEpoch());
        }
    });
}

void QueuesPanel::setSelectedAgentStatus(const QString &status)
{
    const QString agent = selectedAgent();
    send(tr("Agent status"), tr("Set %1 %2").arg(agent, status), CC::setAgentStatus(agent, status),
         false);
}

void QueuesPanel::logInSelectedAgent(int level, int position)
{
    const QString agent = selectedAgent();
    const QString queue = m_queue.section(u' ', 1);
    send(tr("Log in to queue"), tr("Log %1 in to %2").arg(agent, queue),
         CC::addTier(queue, agent, level, position), true);
}

void QueuesPanel::logOutSelectedAgent()
{
    const QString agent = selectedAgent();
    const QString queue = m_queue.section(u' ', 1);
    send(tr("Log out of queue"), tr("Log %1 out of %2").arg(agent, queue),
         CC::deleteTier(queue, agent), true);
}

void QueuesPanel::pickSelectedMember(const QString &extension, const QString &context)
{
    const Monitor::CallCenterMember *m = member(selectedMember());
    const QString session = m ? m->sessionUuid : QString();
    const QString who = m ? (m->cidName.isEmpty() ? m->cidNumber : m->cidName) : tr("a member");
    send(tr("Pick member"), tr("Pick %1 to %2").arg(who, extension),
         CC::pickMember(session, extension, context), false);
}

void QueuesPanel::hangUpSelectedMember()
{
    const Monitor::CallCenterMember *m = member(selectedMember());
    const QString session = m ? m->sessionUuid : QString();
    const QString who = m ? (m->cidName.isEmpty() ? m->cidNumber : m->cidName) : tr("a member");
    send(tr("Hang up member"), tr("Hang up %1 waiting in %2").arg(who, m_queue.section(u' ', 1)),
         CC::hangupMember(session), false);
}

void QueuesPanel::showMemberMenu(const QPoint &pos)
{
    const QModelIndex index = m_memberView->indexAt(pos);
    if (!index.isValid())
        return;
    m_memberView->setCurrentIndex(index);
    QMenu menu(this);
    menu.addAction(m_pickAction);
    menu.addAction(m_hangUpAction);
    menu.exec(m_memberView->viewport()->mapToGlobal(pos));
}

void QueuesPanel::showAgentMenu(const QPoint &pos)
{
    const QModelIndex index = m_agentView->indexAt(pos);
    if (!index.isValid())
        return;
    m_agentView->setCurrentIndex(index);
    QMenu menu(this);
    menu.addMenu(m_statusMenu);
    menu.addAction(m_logInAction);
    menu.addAction(m_logOutAction);
    menu.exec(m_agentView->viewport()->mapToGlobal(pos));
}

void QueuesPanel::askLogIn()
{
    const QString agent = selectedAgent();
    const QString queue = m_queue.section(u' ', 1);
    QDialog dialog(this);
    dialog.setWindowTitle(tr("Log %1 in to %2").arg(agent, queue));
    auto *form = new QFormLayout(&dialog);
    auto *level = new QSpinBox(&dialog);
    level->setRange(1, 1000);
    level->setToolTip(tr("Lower levels are offered calls first."));
    auto *position = new QSpinBox(&dialog);
    position->setRange(1, 1000);
    // After the last agent of the queue by default.
    if (const Monitor::CallCenterStore *store = selectedStore()) {
        for (const Monitor::CallCenterTier &t : store->tiers(queue))
            position->setValue(std::max(position->value(), t.position + 1));
    }
    form->addRow(tr("&Level:"), level);
    form->addRow(tr("&Position:"), position);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
    connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    form->addRow(buttons);
    if (dialog.exec() == QDialog::Accepted)
        logInSelectedAgent(level->value(), position->value());
}

void QueuesPanel::askPick()
{
    const Monitor::CallCenterMember *m = member(selectedMember());
    if (!m)
        return;
    const QString session = m->sessionUuid;
    QDialog dialog(this);
    dialog.setWindowTitle(tr("Pick %1").arg(m->cidName.isEmpty() ? m->cidNumber : m->cidName));
    auto *form = new QFormLayout(&dialog);
    form->addRow(new QLabel(tr("The caller leaves the queue and is sent to this extension of "
                               "the XML dialplan (uuid_transfer)."),
                            &dialog));
    auto *extension = new QLineEdit(&dialog);
    extension->setObjectName(QStringLiteral("pickExtension"));
    auto *context = new QLineEdit(QStringLiteral("default"), &dialog);
    form->addRow(tr("&Extension:"), extension);
    form->addRow(tr("&Context:"), context);
    auto *error = new QLabel(&dialog);
    form->addRow(error);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
    connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    form->addRow(buttons);
    // Checked as it is typed: OK only for what would be sent.
    const auto check = [=] {
        const auto command = CC::pickMember(session, extension->text(), context->text());
        error->setText(command || extension->text().isEmpty() ? QString()
                                                              : command.error().message);
        buttons->button(QDialogButtonBox::Ok)->setEnabled(command.ok());
    };
    connect(extension, &QLineEdit::textChanged, &dialog, check);
    connect(context, &QLineEdit::textChanged, &dialog, check);
    check();
    if (dialog.exec() == QDialog::Accepted)
        pickSelectedMember(extension->text(), context->text());
}

} // namespace Ui
