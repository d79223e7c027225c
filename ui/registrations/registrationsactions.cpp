// RegistrationsPanel's actions (registrationspanel.h): each builds its command with
// Console::SofiaCommands (a bad name is refused, never sent) and goes through
// CallControl::serverCommand (audited, at most once, timed out); the outcome goes to the notice
// strip. A question (kill, flush) is about the row it was asked for: that one is acted on when
// the operator says Yes, or, if it went while the question was open, nothing is.

#include "ui/registrations/registrationspanel.h"

#include "ui/registrations/gatewaysmodel.h"
#include "ui/registrations/registrationsmodel.h"
#include "ui/window/noticebar.h"

#include "console/sofiacommands.h"
#include "esl/promise.h"
#include "monitor/bidi.h"
#include "monitor/gatewaystore.h"
#include "monitor/hub.h"
#include "monitor/registrationstore.h"
#include "monitor/servermonitor.h"
#include "monitor/supervisorpanels.h"

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

const GatewaysModel::Row *selectedGateway(QTableView *view, const GatewaysModel *model)
{
    const QModelIndexList rows = view->selectionModel()->selectedRows();
    const GatewaysModel::Row *row = rows.isEmpty() ? nullptr : model->row(rows.first().row());
    return row && !row->gone ? row : nullptr; // a struck-out row is only held in place
}

const RegistrationsModel::Row *selectedRegistration(QTableView *view,
                                                    const RegistrationsModel *model)
{
    const QModelIndexList rows = view->selectionModel()->selectedRows();
    const RegistrationsModel::Row *row = rows.isEmpty() ? nullptr : model->row(rows.first().row());
    return row && row->dropped.isEmpty() ? row : nullptr;
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
    QMessageBox box(QMessageBox::Question, tr("Registrations"), question,
                    QMessageBox::Yes | QMessageBox::No, const_cast<RegistrationsPanel *>(this));
    box.setObjectName(QStringLiteral("registrationsConfirm"));
    box.setDefaultButton(QMessageBox::No);
    box.setEscapeButton(QMessageBox::No);
    return box.exec() == QMessageBox::Yes;
}

QFuture<Console::ActionOutcome> RegistrationsPanel::refuse(const QString &action,
                                                           const QString &what, const QString &why)
{
    Console::ActionOutcome o;
    o.action = action;
    o.what = what;
    o.reply = why;
    if (m_context.notices)
        m_context.notices->post(o);
    return Esl::detail::readyFuture(o);
}

QFuture<Console::ActionOutcome> RegistrationsPanel::reregisterGateway()
{
    const auto *row = selectedGateway(m_gatewaysView, m_gateways);
    if (!row)
        return nothingSelected(tr("Re-register a gateway"));
    const auto &g = row->entry.gateway;
    return run(row->server, tr("Re-register"),
               tr("Re-register gateway %1").arg(Monitor::isolated(g.name)),
               Console::SofiaCommands::registerGateway(g.profile, g.name),
               Console::SofiaCommands::checkProfileReply);
}

QFuture<Console::ActionOutcome> RegistrationsPanel::killGateway()
{
    const auto *row = selectedGateway(m_gatewaysView, m_gateways);
    if (!row)
        return nothingSelected(tr("Kill a gateway"));
    // The target, taken now: the row may go or another be selected while the question is open.
    const Monitor::Sofia::Gateway g = row->entry.gateway;
    const Monitor::ServerId server = row->server;
    const QString serverName = Monitor::isolated(row->serverName);
    const QString name = Monitor::isolated(g.name);
    if (!confirm(tr("Kill gateway %1 (profile %2) on %3? It un-registers and is deleted until "
                    "the profile is rescanned.")
                     .arg(name, Monitor::isolated(g.profile), serverName)))
        return nothingSelected(tr("Kill a gateway"));
    const Monitor::ServerMonitor *monitor = m_context.hub->server(server);
    if (!monitor || !monitor->panels()->gateways()->find(g.name))
        return refuse(tr("Kill gateway"), tr("Kill gateway %1").arg(name),
                      tr("gateway %1 is gone from %2 — nothing sent").arg(name, serverName));
    return run(server, tr("Kill gateway"), tr("Kill gateway %1").arg(name),
               Console::SofiaCommands::killGateway(g.profile, g.name),
               Console::SofiaCommands::checkProfileReply);
}

QFuture<Console::ActionOutcome> RegistrationsPanel::rescanProfile()
{
    const auto *row = selectedGateway(m_gatewaysView, m_gateways);
    if (!row)
        return nothingSelected(tr("Rescan a profile"));
    const QString profile = row->entry.gateway.profile;
    return run(row->server, tr("Rescan"), tr("Rescan profile %1").arg(profile),
               Console::SofiaCommands::rescan(profile), Console::SofiaCommands::checkProfileReply);
}

QFuture<Console::ActionOutcome> RegistrationsPanel::flushRegistration(bool reboot)
{
    const auto *row = selectedRegistration(m_registrationsView, m_registrations);
    if (!row)
        return nothingSelected(tr("Flush a registration"));
    // The target, taken now (as killGateway does).
    const Monitor::Sofia::Registration r = row->registration;
    const Monitor::ServerId server = row->server;
    const QString serverName = Monitor::isolated(row->serverName);
    const QString phone = r.userAgent.isEmpty()
                              ? Monitor::isolated(r.aor())
                              : tr("%1 (%2)").arg(Monitor::isolated(r.aor()),
                                                  Monitor::isolated(r.userAgent));
    const QString question =
        reboot ? tr("Flush the registration of %1 on %2 and reboot the phone?")
               : tr("Flush the registration of %1 on %2? The phone must register again to get "
                    "calls.");
    if (!confirm(question.arg(phone, serverName)))
        return nothingSelected(tr("Flush a registration"));
    const QString what = tr("Flush registration of %1").arg(Monitor::isolated(r.aor()));
    const QString action = reboot ? tr("Flush and reboot") : tr("Flush registration");
    const Monitor::ServerMonitor *monitor = m_context.hub->server(server);
    if (!monitor || !monitor->panels()->registrations()->find(r.profile, r.callId))
        return refuse(action, what,
                      tr("%1 is no longer registered on %2 — nothing sent")
                          .arg(Monitor::isolated(r.aor()), serverName));
    return run(server, action, what,
               Console::SofiaCommands::flushRegistration(r.profile, r.callId, reboot),
               Console::SofiaCommands::checkProfileReply);
}

Monitor::ServerId RegistrationsPanel::statusServer() const
{
    if (const auto *g = selectedGateway(m_gatewaysView, m_gateways))
        return g->server;
    if (const auto *r = selectedRegistration(m_registrationsView, m_registrations))
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
