#pragma once
// Edit → Preferences…: the calls view's retention of ended calls and the call-control
// settings (confirmations, the operator's own phone, the recording file template, transfer
// defaults, the command timeout), and whether alerts may play a sound. Values are checked as
// they are typed; OK stays disabled while one is unusable, with the reason shown.

#include "console/appsettings.h"

#include <QDialog>

class QCheckBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace Ui {

class SettingsDialog : public QDialog
{
    Q_OBJECT

public:
    explicit SettingsDialog(const Console::AppSettings &settings, QWidget *parent = nullptr);

    [[nodiscard]] Console::AppSettings settings() const;
    // Why the values cannot be used, or empty.
    [[nodiscard]] QString problem() const;
    // Alerts' global sound switch (kept with the alert settings, not in AppSettings).
    void setAlertSounds(bool on);
    [[nodiscard]] bool alertSounds() const;

private:
    void validate();

    QSpinBox *m_retention;
    QCheckBox *m_confirm;
    QLineEdit *m_endpoint;
    QLineEdit *m_template;
    QLineEdit *m_dialplan;
    QLineEdit *m_context;
    QSpinBox *m_timeout;
    QSpinBox *m_journalDays;
    QSpinBox *m_journalMegabytes;
    QCheckBox *m_alertSounds;
    QLabel *m_problem;
    QDialogButtonBox *m_buttons;
};

} // namespace Ui
