#include "ui/window/settingsdialog.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QSystemTrayIcon>
#include <QVBoxLayout>

namespace Ui {

namespace {

// One token for the switch: no spaces, no control characters (mod_commands splits at spaces;
// CR/LF would end the command line).
bool isToken(const QString &text)
{
    return std::none_of(text.cbegin(), text.cend(), [](QChar c) {
        return c.isSpace() || c.category() == QChar::Other_Control;
    });
}

QLineEdit *lineEdit(QWidget *parent, const char *name, const QString &text, const QString &hint)
{
    auto *edit = new QLineEdit(text, parent);
    edit->setObjectName(QLatin1StringView(name));
    edit->setPlaceholderText(hint);
    return edit;
}

} // namespace

SettingsDialog::SettingsDialog(const Console::AppSettings &s, QWidget *parent) : QDialog(parent)
{
    setObjectName(QStringLiteral("settingsDialog"));
    setWindowTitle(tr("Preferences"));

    m_retention = new QSpinBox(this);
    m_retention->setObjectName(QStringLiteral("endedRetention"));
    m_retention->setRange(0, 3600);
    m_retention->setSuffix(tr(" s"));
    m_retention->setSpecialValueText(tr("remove at once"));
    m_retention->setValue(s.endedRetentionSeconds);
    m_retention->setToolTip(tr("How long an ended call stays in the calls view, fading out"));

    m_confirm = new QCheckBox(tr("Ask before hanging up or transferring calls"), this);
    m_confirm->setObjectName(QStringLiteral("confirmDestructive"));
    m_confirm->setChecked(s.confirmDestructive);
    m_endpoint = lineEdit(this, "operatorEndpoint", s.operatorEndpoint, tr("e.g. user/1000"));
    m_endpoint->setToolTip(tr("Your own phone: listen, whisper and barge ring it first"));
    m_template = lineEdit(this, "recordTemplate", s.recordTemplate, {});
    m_template->setToolTip(tr("A path on the switch. {recordings_dir} (the switch's own) {uuid} "
                              "{date} {time} {caller} {destination} {server} are filled in."));
    m_dialplan = lineEdit(this, "transferDialplan", s.transferDialplan, QStringLiteral("XML"));
    m_context = lineEdit(this, "transferContext", s.transferContext, QStringLiteral("default"));
    m_timeout = new QSpinBox(this);
    m_timeout->setObjectName(QStringLiteral("commandTimeout"));
    m_timeout->setRange(1, 600);
    m_timeout->setSuffix(tr(" s"));
    m_timeout->setValue(s.commandTimeoutSeconds);
    m_journalDays = new QSpinBox(this);
    m_journalDays->setObjectName(QStringLiteral("journalKeepDays"));
    m_journalDays->setRange(0, 3650);
    m_journalDays->setSuffix(tr(" days"));
    m_journalDays->setSpecialValueText(tr("no limit"));
    m_journalDays->setValue(s.journalKeepDays);
    m_journalDays->setToolTip(tr("Sessions of the journal older than this are deleted"));
    m_journalMegabytes = new QSpinBox(this);
    m_journalMegabytes->setObjectName(QStringLiteral("journalMaxMegabytes"));
    m_journalMegabytes->setRange(0, 1 << 20);
    m_journalMegabytes->setSingleStep(64);
    m_journalMegabytes->setSuffix(tr(" MiB"));
    m_journalMegabytes->setSpecialValueText(tr("no limit"));
    m_journalMegabytes->setValue(s.journalMaxMegabytes);
    m_journalMegabytes->setToolTip(
        tr("Past this size the oldest sessions of the journal are deleted, then the oldest "
           "records of the current one"));

    auto *calls = new QGroupBox(tr("Calls view"), this);
    auto *callsForm = new QFormLayout(calls);
    callsForm->addRow(tr("Ended calls &stay for:"), m_retention);

    auto *control = new QGroupBox(tr("Call control"), this);
    auto *controlForm = new QFormLayout(control);
    controlForm->addRow(m_confirm);
    controlForm->addRow(tr("&Operator endpoint:"), m_endpoint);
    controlForm->addRow(tr("&Recording file:"), m_template);
    controlForm->addRow(tr("Transfer &dialplan:"), m_dialplan);
    controlForm->addRow(tr("Transfer &context:"), m_context);
    controlForm->addRow(tr("Command &timeout:"), m_timeout);

    auto *journal = new QGroupBox(tr("Journal (everything received, kept on disk)"), this);
    auto *journalForm = new QFormLayout(journal);
    journalForm->addRow(tr("&Keep sessions for:"), m_journalDays);
    journalForm->addRow(tr("&Largest size:"), m_journalMegabytes);

    m_alertSounds = new QCheckBox(tr("Play a sound for alerts whose rule asks for one"), this);
    m_alertSounds->setObjectName(QStringLiteral("alertSounds"));
    m_alertSounds->setChecked(true);
    auto *alerts = new QGroupBox(tr("Alerts"), this);
    auto *alertsForm = new QFormLayout(alerts);
    alertsForm->addRow(m_alertSounds);
    // Where notices go, said plainly: many Linux desktops have no tray, and nothing else tells.
    auto *tray = new QLabel(QSystemTrayIcon::isSystemTrayAvailable()
                                ? tr("Notices show in the system tray.")
                                : tr("No system tray on this desktop: notices show in the window "
                                     "title and its notice strip."),
                            this);
    tray->setObjectName(QStringLiteral("alertTray"));
    tray->setWordWrap(true);
    alertsForm->addRow(tray);

    m_problem = new QLabel(this);
    m_problem->setObjectName(QStringLiteral("settingsProblem"));
    m_problem->setStyleSheet(QStringLiteral("color: #b02a37;"));
    m_problem->setWordWrap(true);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(calls);
    layout->addWidget(control);
    layout->addWidget(journal);
    layout->addWidget(alerts);
    layout->addWidget(m_problem);
    layout->addWidget(m_buttons);

    for (QLineEdit *edit : {m_endpoint, m_template, m_dialplan, m_context})
        connect(edit, &QLineEdit::textChanged, this, &SettingsDialog::validate);
    validate();
    resize(520, sizeHint().height());
}

Console::AppSettings SettingsDialog::settings() const
{
    Console::AppSettings s;
    s.endedRetentionSeconds = m_retention->value();
    s.confirmDestructive = m_confirm->isChecked();
    s.operatorEndpoint = m_endpoint->text().trimmed();
    s.recordTemplate = m_template->text().trimmed();
    s.transferDialplan = m_dialplan->text().trimmed();
    s.transferContext = m_context->text().trimmed();
    s.commandTimeoutSeconds = m_timeout->value();
    s.journalKeepDays = m_journalDays->value();
    s.journalMaxMegabytes = m_journalMegabytes->value();
    return s;
}

void SettingsDialog::setAlertSounds(bool on)
{
    m_alertSounds->setChecked(on);
}

bool SettingsDialog::alertSounds() const
{
    return m_alertSounds->isChecked();
}

QString SettingsDialog::problem() const
{
    const Console::AppSettings s = settings();
    if (!isToken(s.operatorEndpoint))
        return tr("The operator endpoint must be one word, like user/1000, without spaces or "
                  "control characters.");
    if (s.recordTemplate.isEmpty())
        return tr("The recording file needs a path.");
    if (!isToken(s.recordTemplate))
        return tr("The recording file must not contain spaces or control characters.");
    if (s.transferDialplan.isEmpty() || !isToken(s.transferDialplan))
        return tr("The transfer dialplan must be one word, like XML.");
    if (s.transferContext.isEmpty() || !isToken(s.transferContext))
        return tr("The transfer context must be one word, like default.");
    return {};
}

void SettingsDialog::validate()
{
    const QString why = problem();
    m_problem->setText(why);
    m_problem->setVisible(!why.isEmpty());
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(why.isEmpty());
}

} // namespace Ui
