#pragma once
// The form for one connection profile: its kind (Event Socket, or RabbitMQ for a fleet through
// mod_amqp), name, host, port and user (for a RabbitMQ profile: the broker's fields instead, see
// BrokerFields), password (masked, with a show toggle), colour, log level and auto-connect, with
// the plain-text-password warning shown under it whenever an Event Socket host is not this
// machine. It edits a copy; ProfilesDialog owns the list.
//
// An Event Socket profile also says how the switch is reached (ReachFields: direct, TLS or an
// SSH tunnel — then host and port are the Event Socket as the SSH server sees it) and whether it
// is watch-only (checked and fixed when the administrator made every profile so). The warnings
// are live as the operator types: the plain-text password with its fixes offered ("Use an SSH
// tunnel", "Use TLS"), and the default password ClueCon.

#include "console/profile.h"
#include "ui/servers/reachfields.h"

#include <QIcon>
#include <QWidget>

class QBoxLayout;
class QCheckBox;
class QComboBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QPushButton;
class QToolButton;

namespace Ui {

// A small rounded square in `colour` (an outline when none), for lists and buttons.
[[nodiscard]] QIcon profileSwatch(const QColor &colour, int size);

class BrokerFields;

class ProfileEditor : public QWidget
{
    Q_OBJECT

public:
    explicit ProfileEditor(QWidget *parent = nullptr);

    // Shows `profile`; `passwordPending`: the keychain has not answered yet.
    void setProfile(const Console::Profile &profile, bool passwordPending = false);
    // What the fields say now. A port that is not a number comes back as -1, for validation.
    [[nodiscard]] Console::Profile profile() const;
    [[nodiscard]] bool passwordEdited() const { return m_passwordEdited; }
    // Fills in a password the keychain delivered late, unless the operator typed one.
    void setPasswordFromKeychain(const QString &password);
    // The password and the SSH secrets, each unless the operator typed over it.
    void setSecretsFromKeychain(const Console::Profile &withSecrets);

    void focusField(Console::ProfileField field);
    // "Reach the switch" beside the form (a wide screen) or below it (a narrow one, where the
    // dialog scrolls instead).
    void setReachBeside(bool beside);
    [[nodiscard]] bool reachBeside() const;

    // The first and last widgets in the tab chain, to link the dialog's order through.
    [[nodiscard]] QWidget *firstField() const;
    [[nodiscard]] QWidget *lastField() const;

Q_SIGNALS:
    void edited(); // any field, by the operator
    // The plain-text-password warning appeared, went or changed, or the kind's fields changed:
    // the window may need to grow.
    void warningChanged();

private:
    void updateWarning();
    void onWayChanged();
    void showKind(Console::ProfileKind kind);
    void updateColourButton();
    void chooseColour();

    Console::Profile m_profile; // id and anything the form does not show
    QColor m_colour;
    bool m_passwordEdited = false;
    bool m_loading = false;
    // What the operator had in Host and Port before choosing the tunnel moved the host to the
    // SSH server: going back to Direct or TLS puts them back. Empty: nothing moved.
    QString m_hostBeforeTunnel;
    QString m_portBeforeTunnel;
    ReachFields::Way m_way = ReachFields::Way::Direct;

    QLineEdit *m_name;
    QLineEdit *m_host;
    QLineEdit *m_port;
    QLineEdit *m_user;
    QLineEdit *m_password;
    QToolButton *m_showPassword;
    QPushButton *m_colourButton;
    QComboBox *m_logLevel;
    QCheckBox *m_autoConnect;
    QLabel *m_warning;
    QWidget *m_fixes; // "Use an SSH tunnel" / "Use TLS", under the plain-text warning
    QLabel *m_defaultPassword;
    QCheckBox *m_watchOnly;
    ReachFields *m_reach;
    QComboBox *m_kind;
    QFormLayout *m_form;
    QBoxLayout *m_columns;
    BrokerFields *m_broker;
};

} // namespace Ui
