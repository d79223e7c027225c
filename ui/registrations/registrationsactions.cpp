// RegistrationsPanel's actions (registrationspanel.h): each builds its command with
// Console::SofiaCommands (a bad name is refused, never sent) and goes through
// CallControl::serverCommand (audited, at most once, timed out); the outcome goes to the notice
// strip.

#include "ui/registrations/registrationspanel.h"

#include "ui/registrations/gatewaysmodel.h"
#include "ui/registrations/registrationsmodel.h"
#include "ui/window/noticebar.h"

#include "console/sofiacommands.h"
#include "esl/promise.h"
#include "monitor/hub.h"
#include "monitor/servermonitor.h"

#include <QDialog>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPointer>
#include <QTableView>
#include <QVBoxLayout>

namespace Ui {

namespace {

QFuture<Console::ActionOutcome> nothingSelected(const QString &what)
{
    Console::ActionOutcome o;
    o.what = what;
    o.reply = QObject::tr("Nothing selected");
    return Esl::detail::readyFuture(o);
}

template<typename Model>
const typename Model::Row *selected(QTableView *view, const Model *model)
{
    const QModelIndexList rows = view->selectionModel()->selectedRows();
    return rows.isEmpty() ? nullptr : model->row(rows.first().row());
}

} // namespace

QFuture<Console::ActionOutcome> RegistrationsPanel::run(Monitor::ServerId server,
                                                        const QString &action, const QString &what,
                                                        const Esl::Expected<QString> &command,
                                                        const Console::CallControl::ReplyCheck &check)
{
    QFuture<Console::ActionOutcome> future =
        m_context.control->serverCommand(server, action, what, command, check);
    // No context object: the panel may be gone when the switch answers.
    future.then([notices = QPointer(m_context.notices)](const Console::ActionOutcome &o) {
        if (notices)
            notices->post(o);
    });
    return future;
}

bool RegistrationsPanel::confirm(const QString &question) const
{
    if (!m_confirm)
        return true;
    return QMessageBox::question(const_cast<RegistrationsPanel *>(this), tr("Registrations"),
                                 question) == QMessageBox::Yes;
}

QFuture<Console::ActionOutcome> RegistrationsPanel::reregisterGateway()
{
    const auto *row = selected(m_gatewaysView, m_gateways);
    if (!row)
        return nothingSelected(tr("Re-register a gateway"));
    const auto &g = row->entry.gateway;
    return run(row->server, tr("Re-register"), tr("Re-register gateway %1").arg(g.name),
               Console::SofiaCommands::registerGateway(g.profile, g.name),
               Console::SofiaCommands::checkProfileReply);
}

QFuture<Console::ActionOutcome> RegistrationsPanel::killGateway()
{
    const auto *row = selected(m_gatewaysView, m_gateways);
    if (!row)
        return nothingSelected(tr("Kill a gateway"));
    const auto g = row->entry.gateway;
    const Monitor::ServerId server = row->server;
    if (!confirm(tr("Kill gateway %1 on %2? It un-registers and is deleted until the profile "
                    "is rescanned.")
                     .arg(g.name, row->serverName)))
        return nothingSelected(tr("Kill a gateway"));
    return run(server, tr("Kill gateway"), tr("Kill gateway %1").arg(g.name),
               Console::SofiaCommands::killGateway(g.profile, g.name),
               Console::SofiaCommands::checkProfileReply);
}

QFuture<Console::ActionOutcome> RegistrationsPanel::rescanProfile()
{
    const auto *row = selected(m_gatewaysView, m_gateways);
    if (!row)
        return nothingSelected(tr("Rescan a profile"));
    const QString profile = row->entry.gateway.profile;
    return run(row->server, tr("Rescan"), tr("Rescan profile %1").arg(profile),
               Console::SofiaCommands::rescan(profile), Console::SofiaCommands::checkProfileReply);
}

QFuture<Console::ActionOutcome> RegistrationsPanel::flushRegistration(bool reboot)
{
    const auto *row = selected(m_registrationsView, m_registrations);
    if (!row || !row->dropped.isEmpty())
        return nothingSelected(tr("Flush a registration"));
    const auto r = row->registration;
    const Monitor::ServerId server = row->server;
    const QString question = reboot ? tr("Flush the registration of %1 and reboot the phone?")
                                    : tr("Flush the registration of %1? The phone must register "
                                         "again to get calls.");
    if (!confirm(question.arg(r.aor())))
        return nothingSelected(tr("Flush a registration"));
    return run(server, reboot ? tr("Flush and reboot") : tr("Flush registration"),
               tr("Flush registration of %1").arg(r.aor()),
               Console::SofiaCommands::flushRegistration(r.profile, r.callId, reboot),
               Console::SofiaCommands::checkProfileReply);
}

Monitor::ServerId RegistrationsPanel::statusServer() const
{
    if (const auto *g = selected(m_gatewaysView, m_gateways))
        return g->server;
    if (const auto *r = selected(m_registrationsView, m_registrations))
        return r->server;
    const auto servers = m_context.hub->servers();
    return servers.isEmpty() ? Monitor::ServerId(0) : servers.first()->id();
}

QFuture<Console::ActionOutcome> RegistrationsPanel::showSofiaStatus()
{
    if (!m_context.hub || m_context.hub->servers().isEmpty())
        return nothingSelected(tr("sofia status"));
    const Monitor::ServerId server = statusServer();
    const Monitor::ServerMonitor *monitor = m_context.hub->server(server);
    const QString name = monitor ? monitor->name() : QString();
    QFuture<Console::ActionOutcome> future =
        run(server, tr("sofia status"), tr("sofia status on %1").arg(name),
            Console::SofiaCommands::status(), Console::SofiaCommands::checkStatusReply);
    future.then([self = QPointer(this), name](const Console::ActionOutcome &o) {
        if (!self || !o.ok)
            return; // the notice strip says why
        auto *dialog = new QDialog(self);
        dialog->setObjectName(QStringLiteral("sofiaStatusDialog"));
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->setWindowTitle(tr("sofia status — %1").arg(name));
        auto *layout = new QVBoxLayout(dialog);
        auto *text = new QPlainTextEdit(o.reply, dialog);
        text->setReadOnly(true);
        text->setLineWrapMode(QPlainTextEdit::NoWrap);
        text->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
        layout->addWidget(text);
        auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, dialog);
        connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::reject);
        layout->addWidget(buttons);
        dialog->resize(900, 300);
        self->m_lastStatus = text;
        dialog->show();
    });
    return future;
}

QString RegistrationsPanel::lastStatusText() const
{
    return m_lastStatus ? m_lastStatus->toPlainText() : QString();
}

} // namespace Ui
