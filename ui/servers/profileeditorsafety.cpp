// ProfileEditor's secure side: the warnings as the operator types (the plain-text password with
// its fixes, ClueCon), what choosing the SSH tunnel does to the Event Socket's host, and the
// SSH secrets the keychain delivers late. Split from profileeditor.cpp, which lays out the form.

#include "ui/servers/profileeditor.h"

#include "console/securitywarnings.h"
#include "ui/servers/reachfields.h"

#include <QComboBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>

namespace Ui {

void ProfileEditor::updateWarning()
{
    // RabbitMQ: amqps:// is the broker's business; the Event Socket's warning does not apply.
    const bool broker = Console::ProfileKind(m_kind->currentData().toInt()) ==
                        Console::ProfileKind::Broker;
    const Console::Profile p = profile();
    const QString warning = broker ? QString() : Console::plainTextPasswordWarning(p);
    const QString clueCon = broker ? QString() : Console::defaultPasswordWarning(p.password);
    if (warning == m_warning->text() && clueCon == m_defaultPassword->text())
        return;
    m_warning->setText(warning);
    m_warning->setVisible(!warning.isEmpty());
    m_fixes->setVisible(!warning.isEmpty());
    m_defaultPassword->setText(clueCon);
    m_defaultPassword->setVisible(!clueCon.isEmpty());
    Q_EMIT warningChanged();
}

void ProfileEditor::onWayChanged()
{
    const bool ssh = m_reach->way() == ReachFields::Way::Ssh;
    if (auto *label = qobject_cast<QLabel *>(m_form->labelForField(m_host)))
        label->setText(ssh ? tr("&Host (as the SSH server sees it):") : tr("&Host:"));
    if (auto *label = qobject_cast<QLabel *>(m_form->labelForField(m_port)))
        label->setText(ssh ? tr("&Port (as the SSH server sees it):") : tr("&Port:"));
    m_host->setPlaceholderText(ssh ? QStringLiteral("127.0.0.1") : tr("Host name or address"));
    const ReachFields::Way was = m_way;
    m_way = m_reach->way();
    // Choosing the tunnel for a remote switch: that host is the SSH server, and the Event Socket
    // is on its loopback, where it belongs.
    if (ssh && !m_loading && !Console::isLoopbackHost(m_host->text())) {
        QLineEdit *sshHost = qobject_cast<QLineEdit *>(
            m_reach->widgetOf(Console::ProfileField::SshHost));
        if (sshHost && sshHost->text().trimmed().isEmpty())
            sshHost->setText(m_host->text().trimmed());
        m_hostBeforeTunnel = m_host->text();
        m_portBeforeTunnel = m_port->text();
        m_host->setText(QStringLiteral("127.0.0.1"));
    } else if (!ssh && was == ReachFields::Way::Ssh && !m_loading &&
               !m_hostBeforeTunnel.isEmpty()) {
        // Back from the tunnel: 127.0.0.1 would now mean this machine, silently. Unless the
        // operator typed another host meanwhile, the one they had comes back.
        if (Console::isLoopbackHost(m_host->text())) {
            m_host->setText(m_hostBeforeTunnel);
            m_port->setText(m_portBeforeTunnel);
        }
        m_hostBeforeTunnel.clear();
        m_portBeforeTunnel.clear();
    }
    updateWarning();
    Q_EMIT warningChanged();
}

void ProfileEditor::setSecretsFromKeychain(const Console::Profile &withSecrets)
{
    setPasswordFromKeychain(withSecrets.password);
    m_profile.ssh.password = withSecrets.ssh.password;
    m_profile.ssh.keyPassphrase = withSecrets.ssh.keyPassphrase;
    m_reach->setSecretsFromKeychain(withSecrets.ssh.password, withSecrets.ssh.keyPassphrase);
}

} // namespace Ui
