#pragma once
// The profile editor's "Reach the switch" section: Direct (TCP), TLS (to an stunnel or haproxy
// in front of the Event Socket) or an SSH tunnel, each with its fields — for TLS the CA file (or
// the system's CAs), a pinned key, the peer name, a client certificate and key; for SSH the
// server, port, user, how to log in (the agent, a key file and its passphrase, or a password),
// the known_hosts file and the keepalive. Edits a copy of Esl::TlsOptions and Esl::SshOptions;
// the editor owns the profile. Secrets typed here go where the profile's password goes.

#include "console/profile.h"

#include <QGroupBox>

class QComboBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QRadioButton;
class QSpinBox;
class QStackedWidget;

namespace Ui {

class ReachFields : public QGroupBox
{
    Q_OBJECT

public:
    enum class Way { Direct, Tls, Ssh };

    explicit ReachFields(QWidget *parent = nullptr);

    void setOptions(const Esl::TlsOptions &tls, const Esl::SshOptions &ssh);
    // The options as the fields say; the transport not chosen keeps its fields but is off.
    // A port that is not 1..65535 comes back as 0, for validation.
    [[nodiscard]] Esl::TlsOptions tls() const;
    [[nodiscard]] Esl::SshOptions ssh() const;
    [[nodiscard]] Way way() const;
    // As the operator's click would (the warning's "Use an SSH tunnel" / "Use TLS").
    void setWay(Way way);
    // A secret the keychain delivered late, unless the operator typed over it.
    void setSecretsFromKeychain(const QString &sshPassword, const QString &keyPassphrase);
    [[nodiscard]] bool secretsEdited() const { return m_secretsEdited; }
    // The Event Socket's port as the form says, for the TLS section's hint about 8021.
    void setEventSocketPort(int port);

    [[nodiscard]] QWidget *widgetOf(Console::ProfileField field) const;
    [[nodiscard]] QWidget *firstField() const;
    [[nodiscard]] QWidget *lastField() const;

Q_SIGNALS:
    void edited();
    void wayChanged(Ui::ReachFields::Way way);

private:
    QLineEdit *fileEdit(const QString &objectName, const QString &placeholder);
    // The edit with a Browse… button beside it, for a form row.
    QWidget *withBrowse(QLineEdit *edit, const QString &title);
    void showWay();
    void showAuthentication();
    void updateTlsPortHint();

    bool m_loading = false;
    bool m_secretsEdited = false;
    int m_eventSocketPort = 0;
    Esl::SshOptions m_ssh; // what the form does not show (acceptNewHostKey)
    QRadioButton *m_direct;
    QRadioButton *m_tlsRadio;
    QRadioButton *m_sshRadio;
    QStackedWidget *m_pages;
    // TLS
    QLineEdit *m_caFile;
    QLineEdit *m_pinnedKey;
    QLineEdit *m_peerName;
    QLineEdit *m_certificateFile;
    QLineEdit *m_keyFile;
    QLabel *m_tlsPortHint;
    // SSH
    QLineEdit *m_sshHost;
    QLineEdit *m_sshPort;
    QLineEdit *m_sshUser;
    QComboBox *m_authentication;
    QFormLayout *m_sshForm;
    QLineEdit *m_sshKeyFile;
    QWidget *m_sshKeyRow;
    QLineEdit *m_passphrase;
    QLineEdit *m_sshPassword;
    QLineEdit *m_knownHosts;
    QSpinBox *m_keepalive;
};

} // namespace Ui
