#include "ui/servers/reachfields.h"

#include "console/securitywarnings.h"

#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSpinBox>
#include <QStackedWidget>
#include <QVBoxLayout>

namespace Ui {

namespace {

enum Authentication { Agent, KeyFile, Password };

} // namespace

ReachFields::ReachFields(QWidget *parent)
    : QGroupBox(tr("Reach the switch"), parent), m_direct(new QRadioButton(tr("Direct (TCP)"), this)),
      m_tlsRadio(new QRadioButton(tr("TLS"), this)),
      m_sshRadio(new QRadioButton(tr("SSH tunnel"), this)), m_pages(new QStackedWidget(this)),
      m_caFile(fileEdit(QStringLiteral("tlsCaFileEdit"), tr("System CAs"))),
      m_pinnedKey(new QLineEdit(this)), m_peerName(new QLineEdit(this)),
      m_certificateFile(fileEdit(QStringLiteral("tlsCertificateEdit"), tr("None"))),
      m_keyFile(fileEdit(QStringLiteral("tlsKeyEdit"), tr("In the certificate file"))),
      m_tlsPortHint(new QLabel(this)),
      m_sshHost(new QLineEdit(this)), m_sshPort(new QLineEdit(this)),
      m_sshUser(new QLineEdit(this)), m_authentication(new QComboBox(this)),
      m_sshForm(new QFormLayout),
      m_sshKeyFile(fileEdit(QStringLiteral("sshKeyFileEdit"), tr("Private key, e.g. ~/.ssh/id_ed25519"))),
      m_passphrase(new QLineEdit(this)), m_sshPassword(new QLineEdit(this)),
      m_knownHosts(fileEdit(QStringLiteral("knownHostsEdit"), QStringLiteral("~/.ssh/known_hosts"))),
      m_keepalive(new QSpinBox(this))
{
    setObjectName(QStringLiteral("reachGroup"));
    m_direct->setObjectName(QStringLiteral("directRadio"));
    m_tlsRadio->setObjectName(QStringLiteral("tlsRadio"));
    m_sshRadio->setObjectName(QStringLiteral("sshRadio"));
    m_direct->setToolTip(tr("Plain TCP to the Event Socket: fine on this machine or a trusted "
                            "network; elsewhere the password crosses the network in clear"));
    m_tlsRadio->setToolTip(tr("TLS to an stunnel or haproxy in front of the Event Socket"));
    m_sshRadio->setToolTip(tr("Through an SSH connection to the switch's host, like ssh -L"));
    m_pinnedKey->setObjectName(QStringLiteral("tlsPinEdit"));
    m_pinnedKey->setPlaceholderText(tr("sha256//… (optional: trusts this key whatever the CAs say)"));
    m_peerName->setObjectName(QStringLiteral("tlsPeerNameEdit"));
    m_peerName->setPlaceholderText(tr("The host"));
    m_tlsPortHint->setObjectName(QStringLiteral("tlsPortHint"));
    m_tlsPortHint->setTextFormat(Qt::PlainText);
    m_tlsPortHint->setWordWrap(true); // one sentence; wrapped, it never widens the dialog
    m_tlsPortHint->setVisible(false);
    {
        QPalette palette = m_tlsPortHint->palette();
        palette.setColor(QPalette::WindowText, QColor(0x99, 0x74, 0x04)); // amber: a hint
        m_tlsPortHint->setPalette(palette);
    }
    m_sshHost->setObjectName(QStringLiteral("sshHostEdit"));
    m_sshHost->setPlaceholderText(tr("The switch's host, e.g. pbx1.example.com"));
    m_sshPort->setObjectName(QStringLiteral("sshPortEdit"));
    m_sshPort->setPlaceholderText(QStringLiteral("22"));
    m_sshPort->setMaxLength(6);
    m_sshPort->setMaximumWidth(m_sshPort->fontMetrics().horizontalAdvance(u'0') * 9);
    m_sshUser->setObjectName(QStringLiteral("sshUserEdit"));
    m_sshUser->setPlaceholderText(QDir::home().dirName());
    m_authentication->setObjectName(QStringLiteral("sshAuthenticationCombo"));
    m_authentication->addItem(tr("ssh-agent (or ~/.ssh's keys)"), Agent);
    m_authentication->addItem(tr("Key file"), KeyFile);
    m_authentication->addItem(tr("Password"), Password);
    for (QLineEdit *secret : {m_passphrase, m_sshPassword})
        secret->setEchoMode(QLineEdit::Password);
    m_passphrase->setObjectName(QStringLiteral("sshPassphraseEdit"));
    m_passphrase->setPlaceholderText(tr("If the key is encrypted"));
    m_sshPassword->setObjectName(QStringLiteral("sshPasswordEdit"));
    m_keepalive->setObjectName(QStringLiteral("sshKeepaliveSpin"));
    m_keepalive->setRange(0, 3600);
    m_keepalive->setSuffix(tr(" s"));
    m_keepalive->setSpecialValueText(tr("None"));
    m_keepalive->setToolTip(tr("A server silent for three of these drops the tunnel (and it "
                               "reconnects)"));

    auto *ways = new QHBoxLayout;
    ways->addWidget(m_direct);
    ways->addWidget(m_tlsRadio);
    ways->addWidget(m_sshRadio);
    ways->addStretch(1);

    auto *direct = new QWidget(m_pages);
    auto *tls = new QWidget(m_pages);
    auto *tlsForm = new QFormLayout(tls);
    tlsForm->setContentsMargins(0, 0, 0, 0);
    tlsForm->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    tlsForm->addRow(tr("CA file:"), withBrowse(m_caFile, tr("CA certificates (PEM)")));
    tlsForm->addRow(tr("Pinned key:"), m_pinnedKey);
    tlsForm->addRow(tr("Peer name:"), m_peerName);
    tlsForm->addRow(tr("Client certificate:"), withBrowse(m_certificateFile, tr("Client certificate (PEM)")));
    tlsForm->addRow(tr("Client key:"), withBrowse(m_keyFile, tr("Client key (PEM)")));
    tlsForm->addRow(m_tlsPortHint);
    auto *ssh = new QWidget(m_pages);
    ssh->setLayout(m_sshForm);
    m_sshForm->setContentsMargins(0, 0, 0, 0);
    m_sshForm->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    auto *hostRow = new QHBoxLayout;
    hostRow->setContentsMargins(0, 0, 0, 0);
    hostRow->addWidget(m_sshHost, 1);
    hostRow->addWidget(new QLabel(tr("port"), ssh));
    hostRow->addWidget(m_sshPort);
    m_sshForm->addRow(tr("SSH server:"), hostRow);
    m_sshForm->addRow(tr("SSH user:"), m_sshUser);
    m_sshForm->addRow(tr("Log in with:"), m_authentication);
    m_sshKeyRow = withBrowse(m_sshKeyFile, tr("SSH private key"));
    m_sshForm->addRow(tr("Key file:"), m_sshKeyRow);
    m_sshForm->addRow(tr("Passphrase:"), m_passphrase);
    m_sshForm->addRow(tr("SSH password:"), m_sshPassword);
    m_sshForm->addRow(tr("known_hosts:"), withBrowse(m_knownHosts, tr("known_hosts file")));
    m_sshForm->addRow(tr("Keepalive:"), m_keepalive);
    m_pages->addWidget(direct);
    m_pages->addWidget(tls);
    m_pages->addWidget(ssh);

    auto *column = new QVBoxLayout(this);
    column->addLayout(ways);
    column->addWidget(m_pages);

    const auto changed = [this] {
        if (!m_loading)
            Q_EMIT edited();
    };
    for (QRadioButton *radio : {m_direct, m_tlsRadio, m_sshRadio}) {
        connect(radio, &QRadioButton::toggled, this, [this, changed](bool on) {
            if (!on)
                return;
            showWay();
            changed();
            Q_EMIT wayChanged(way());
        });
    }
    for (QLineEdit *edit : {m_caFile, m_pinnedKey, m_peerName, m_certificateFile, m_keyFile,
                            m_sshHost, m_sshPort, m_sshUser, m_sshKeyFile, m_knownHosts}) {
        connect(edit, &QLineEdit::textChanged, this, changed);
        // A long path or pin is wider than its field: the whole of it on hover.
        connect(edit, &QLineEdit::textChanged, edit, &QLineEdit::setToolTip);
    }
    setMinimumWidth(fontMetrics().horizontalAdvance(u'M') * 34);
    for (QLineEdit *secret : {m_passphrase, m_sshPassword}) {
        connect(secret, &QLineEdit::textChanged, this, [this, changed] {
            if (!m_loading)
                m_secretsEdited = true;
            changed();
        });
    }
    connect(m_keepalive, &QSpinBox::valueChanged, this, changed);
    connect(m_authentication, &QComboBox::currentIndexChanged, this, [this, changed] {
        showAuthentication();
        changed();
    });
    m_direct->setChecked(true);
    showWay();
    showAuthentication();
}

QLineEdit *ReachFields::fileEdit(const QString &objectName, const QString &placeholder)
{
    auto *edit = new QLineEdit(this);
    edit->setObjectName(objectName);
    edit->setPlaceholderText(placeholder);
    return edit;
}

QWidget *ReachFields::withBrowse(QLineEdit *edit, const QString &title)
{
    auto *row = new QWidget(this);
    auto *layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(edit, 1);
    auto *browse = new QPushButton(tr("Browse…"), row);
    browse->setObjectName(edit->objectName() + QStringLiteral("Browse"));
    browse->setAutoDefault(false);
    layout->addWidget(browse);
    connect(browse, &QPushButton::clicked, this, [this, edit, title] {
        const QString start = edit->text().isEmpty() ? QDir::homePath() + QStringLiteral("/.ssh")
                                                     : edit->text();
        const QString path = QFileDialog::getOpenFileName(this, title, start);
        if (!path.isEmpty())
            edit->setText(path);
    });
    return row;
}

void ReachFields::setOptions(const Esl::TlsOptions &tls, const Esl::SshOptions &ssh)
{
    m_loading = true;
    m_secretsEdited = false;
    m_ssh = ssh;
    m_caFile->setText(tls.caFile);
    m_pinnedKey->setText(tls.pinnedKey);
    m_peerName->setText(tls.peerName);
    m_certificateFile->setText(tls.certificateFile);
    m_keyFile->setText(tls.keyFile);
    m_sshHost->setText(ssh.host);
    m_sshPort->setText(QString::number(ssh.port));
    m_sshUser->setText(ssh.user);
    m_sshKeyFile->setText(ssh.keyFile);
    m_passphrase->setText(ssh.keyPassphrase);
    m_sshPassword->setText(ssh.password);
    m_knownHosts->setText(ssh.knownHostsFile);
    m_keepalive->setValue(ssh.keepaliveSeconds);
    // Long paths and pins read from their start, as typed.
    for (QLineEdit *edit : findChildren<QLineEdit *>())
        edit->setCursorPosition(0);
    const int auth = !ssh.keyFile.isEmpty() ? KeyFile : !ssh.password.isEmpty() ? Password : Agent;
    m_authentication->setCurrentIndex(m_authentication->findData(auth));
    (ssh.enabled ? m_sshRadio : tls.enabled ? m_tlsRadio : m_direct)->setChecked(true);
    showWay();
    showAuthentication();
    m_loading = false;
}

Esl::TlsOptions ReachFields::tls() const
{
    Esl::TlsOptions tls;
    tls.enabled = way() == Way::Tls;
    tls.caFile = m_caFile->text().trimmed();
    tls.pinnedKey = m_pinnedKey->text().trimmed();
    tls.peerName = m_peerName->text().trimmed();
    tls.certificateFile = m_certificateFile->text().trimmed();
    tls.keyFile = m_keyFile->text().trimmed();
    return tls;
}

Esl::SshOptions ReachFields::ssh() const
{
    Esl::SshOptions ssh = m_ssh;
    ssh.enabled = way() == Way::Ssh;
    ssh.host = m_sshHost->text().trimmed();
    bool ok = false;
    const int port = m_sshPort->text().trimmed().toInt(&ok);
    ssh.port = ok && port >= 1 && port <= 65535 ? quint16(port) : quint16(0);
    ssh.user = m_sshUser->text();
    const int auth = m_authentication->currentData().toInt();
    ssh.keyFile = auth == KeyFile ? m_sshKeyFile->text().trimmed() : QString();
    ssh.keyPassphrase = auth == KeyFile ? m_passphrase->text() : QString();
    ssh.password = auth == Password ? m_sshPassword->text() : QString();
    ssh.knownHostsFile = m_knownHosts->text().trimmed();
    ssh.keepaliveSeconds = m_keepalive->value();
    return ssh;
}

ReachFields::Way ReachFields::way() const
{
    return m_sshRadio->isChecked() ? Way::Ssh : m_tlsRadio->isChecked() ? Way::Tls : Way::Direct;
}

void ReachFields::setWay(Way way)
{
    (way == Way::Ssh ? m_sshRadio : way == Way::Tls ? m_tlsRadio : m_direct)->setChecked(true);
}

void ReachFields::setSecretsFromKeychain(const QString &sshPassword, const QString &keyPassphrase)
{
    if (m_secretsEdited)
        return;
    m_loading = true;
    m_ssh.password = sshPassword;
    m_ssh.keyPassphrase = keyPassphrase;
    m_sshPassword->setText(sshPassword);
    m_passphrase->setText(keyPassphrase);
    if (!sshPassword.isEmpty() && m_sshKeyFile->text().isEmpty())
        m_authentication->setCurrentIndex(m_authentication->findData(Password));
    m_loading = false;
}

void ReachFields::setEventSocketPort(int port)
{
    m_eventSocketPort = port;
    updateTlsPortHint();
}

void ReachFields::updateTlsPortHint()
{
    const QString hint = Console::tlsOnEventSocketPortHint(way() == Way::Tls, m_eventSocketPort);
    m_tlsPortHint->setText(hint);
    m_tlsPortHint->setVisible(!hint.isEmpty());
}

void ReachFields::showWay()
{
    updateTlsPortHint();
    m_pages->setCurrentIndex(int(way()));
    // A hidden page must not keep the group as tall as the tallest one.
    for (int i = 0; i < m_pages->count(); ++i)
        m_pages->widget(i)->setSizePolicy(QSizePolicy::Preferred, i == m_pages->currentIndex()
                                                                      ? QSizePolicy::Preferred
                                                                      : QSizePolicy::Ignored);
    // Its width still counts (Preferred across): the dialog opens as wide as the widest way
    // needs, rather than growing sideways when SSH is chosen.
    m_pages->updateGeometry();
}

void ReachFields::showAuthentication()
{
    const int auth = m_authentication->currentData().toInt();
    m_sshForm->setRowVisible(m_sshKeyRow, auth == KeyFile);
    m_sshForm->setRowVisible(m_passphrase, auth == KeyFile);
    m_sshForm->setRowVisible(m_sshPassword, auth == Password);
}

QWidget *ReachFields::widgetOf(Console::ProfileField field) const
{
    switch (field) {
    case Console::ProfileField::TlsCaFile:
        return m_caFile;
    case Console::ProfileField::TlsPinnedKey:
        return m_pinnedKey;
    case Console::ProfileField::TlsPeerName:
        return m_peerName;
    case Console::ProfileField::TlsCertificateFile:
        return m_certificateFile;
    case Console::ProfileField::TlsKeyFile:
        return m_keyFile;
    case Console::ProfileField::SshHost:
        return m_sshHost;
    case Console::ProfileField::SshPort:
        return m_sshPort;
    case Console::ProfileField::SshUser:
        return m_sshUser;
    case Console::ProfileField::SshKeyFile:
        return m_sshKeyFile;
    case Console::ProfileField::SshPassword:
        return m_authentication->currentData().toInt() == KeyFile ? m_passphrase : m_sshPassword;
    case Console::ProfileField::SshKnownHostsFile:
        return m_knownHosts;
    case Console::ProfileField::SshKeepalive:
        return m_keepalive;
    default:
        return nullptr;
    }
}

QWidget *ReachFields::firstField() const
{
    return m_direct;
}

QWidget *ReachFields::lastField() const
{
    return m_keepalive;
}

} // namespace Ui
