#include "ui/servers/profileeditor.h"

#include "console/brokerprofile.h"
#include "ui/servers/brokerfields.h"

#include "console/watchonlysetting.h"

#include <QCheckBox>
#include <QColorDialog>
#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPainter>
#include <QPixmap>
#include <QPushButton>
#include <QStyle>
#include <QToolButton>
#include <QVBoxLayout>

namespace Ui {

QIcon profileSwatch(const QColor &colour, int size)
{
    QPixmap pixmap(size, size);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(QPen(colour.isValid() ? colour.darker(150) : QColor(Qt::gray), 1));
    painter.setBrush(colour.isValid() ? QBrush(colour) : QBrush(Qt::NoBrush));
    painter.drawRoundedRect(QRectF(0.5, 0.5, size - 1, size - 1), 3, 3);
    return QIcon(pixmap);
}

ProfileEditor::ProfileEditor(QWidget *parent)
    : QWidget(parent), m_name(new QLineEdit(this)), m_host(new QLineEdit(this)),
      m_port(new QLineEdit(this)), m_user(new QLineEdit(this)), m_password(new QLineEdit(this)),
      m_showPassword(new QToolButton(this)), m_colourButton(new QPushButton(this)),
      m_logLevel(new QComboBox(this)), m_autoConnect(new QCheckBox(this)),
      m_warning(new QLabel(this)), m_fixes(new QWidget(this)), m_defaultPassword(new QLabel(this)),
      m_watchOnly(new QCheckBox(this)), m_reach(new ReachFields(this)), m_kind(new QComboBox(this)),
      m_form(new QFormLayout)
{
    m_kind->setObjectName(QStringLiteral("kindCombo"));
    for (const auto kind : {Console::ProfileKind::EventSocket, Console::ProfileKind::Broker})
        m_kind->addItem(Console::profileKindName(kind), int(kind));
    m_kind->setToolTip(tr("Event Socket: one switch. RabbitMQ (mod_amqp): every switch that "
                          "publishes to a broker"));
    m_name->setObjectName(QStringLiteral("nameEdit"));
    m_name->setPlaceholderText(tr("Shown in the window, e.g. “pbx1”"));
    m_host->setObjectName(QStringLiteral("hostEdit"));
    m_host->setPlaceholderText(tr("Host name or address"));
    m_port->setObjectName(QStringLiteral("portEdit"));
    m_port->setPlaceholderText(QStringLiteral("8021"));
    m_port->setInputMethodHints(Qt::ImhDigitsOnly);
    m_port->setMaxLength(6);
    m_port->setMaximumWidth(m_port->fontMetrics().horizontalAdvance(u'0') * 9);
    m_user->setObjectName(QStringLiteral("userEdit"));
    m_user->setPlaceholderText(tr("user@domain for userauth (optional)"));
    m_password->setObjectName(QStringLiteral("passwordEdit"));
    m_password->setEchoMode(QLineEdit::Password);
    m_showPassword->setObjectName(QStringLiteral("showPasswordButton"));
    m_showPassword->setText(tr("&Show"));
    m_showPassword->setCheckable(true);
    m_showPassword->setFocusPolicy(Qt::StrongFocus);
    m_showPassword->setToolTip(tr("Show the password as you type it"));
    m_colourButton->setObjectName(QStringLiteral("colourButton"));
    m_colourButton->setAutoDefault(false);
    m_colourButton->setToolTip(tr("The colour that marks this server in the window"));
    m_logLevel->setObjectName(QStringLiteral("logLevelCombo"));
    for (int level = -1; level <= 7; ++level)
        m_logLevel->addItem(Console::logLevelName(level), level);
    m_logLevel->setToolTip(tr("The switch's log lines up to this level are shown (`log <level>`)"));
    m_autoConnect->setObjectName(QStringLiteral("autoConnectCheck"));
    m_autoConnect->setText(tr("Conn&ect when Switchboard starts"));
    // The form's field column may be narrower than the sentence: never cut it.
    m_autoConnect->setMinimumWidth(m_autoConnect->sizeHint().width());
    m_warning->setObjectName(QStringLiteral("warningLabel"));
    m_warning->setWordWrap(true);
    m_warning->setTextFormat(Qt::PlainText);
    m_warning->setVisible(false);
    m_warning->setForegroundRole(QPalette::BrightText);
    m_warning->setAutoFillBackground(true);
    m_warning->setMargin(6);
    {
        QPalette palette = m_warning->palette();
        palette.setColor(QPalette::Window, QColor(0xe5, 0xa5, 0x0a)); // amber: attention
        palette.setColor(QPalette::BrightText, Qt::black);
        m_warning->setPalette(palette);
    }

    m_defaultPassword->setObjectName(QStringLiteral("defaultPasswordWarning"));
    m_defaultPassword->setWordWrap(true);
    m_defaultPassword->setTextFormat(Qt::PlainText);
    m_defaultPassword->setVisible(false);
    m_defaultPassword->setAutoFillBackground(true);
    m_defaultPassword->setMargin(6);
    m_defaultPassword->setPalette(m_warning->palette());
    m_defaultPassword->setForegroundRole(QPalette::BrightText);
    // The fix, not only the complaint: one click switches the section below.
    m_fixes->setObjectName(QStringLiteral("plainTextFixes"));
    auto *useSsh = new QPushButton(tr("Use an SSH tunnel"), m_fixes);
    useSsh->setObjectName(QStringLiteral("useSshButton"));
    useSsh->setAutoDefault(false);
    auto *useTls = new QPushButton(tr("Use TLS"), m_fixes);
    useTls->setObjectName(QStringLiteral("useTlsButton"));
    useTls->setAutoDefault(false);
    auto *fixRow = new QHBoxLayout(m_fixes);
    fixRow->setContentsMargins(0, 0, 0, 0);
    fixRow->addWidget(useSsh);
    fixRow->addWidget(useTls);
    fixRow->addStretch(1);
    m_fixes->setVisible(false);
    connect(useSsh, &QPushButton::clicked, this, [this] {
        m_reach->setWay(ReachFields::Way::Ssh);
        m_reach->widgetOf(Console::ProfileField::SshHost)->setFocus(Qt::OtherFocusReason);
    });
    connect(useTls, &QPushButton::clicked, this, [this] {
        m_reach->setWay(ReachFields::Way::Tls);
        m_reach->widgetOf(Console::ProfileField::TlsCaFile)->setFocus(Qt::OtherFocusReason);
    });
    m_watchOnly->setObjectName(QStringLiteral("watchOnlyCheck"));
    m_watchOnly->setText(tr("Watch-only (never send anything that changes a call or the switch)"));
    m_watchOnly->setToolTip(tr("Watch calls, logs and panels; every control action is absent, "
                               "and the library refuses any other command before the wire"));
    if (Console::systemWatchOnly()) {
        m_watchOnly->setText(tr("Watch-only: set by the administrator for every profile"));
        m_watchOnly->setToolTip(tr("watchOnly=true in the system-wide settings file"));
    }
    m_watchOnly->setMinimumWidth(m_watchOnly->sizeHint().width());

    auto *passwordRow = new QHBoxLayout;
    passwordRow->setContentsMargins(0, 0, 0, 0);
    passwordRow->addWidget(m_password, 1);
    passwordRow->addWidget(m_showPassword);

    auto *colourRow = new QHBoxLayout;
    colourRow->setContentsMargins(0, 0, 0, 0);
    colourRow->addWidget(m_colourButton);
    colourRow->addStretch(1);

    QFormLayout *form = m_form;
    form->setContentsMargins(0, 0, 0, 0);
    form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    form->addRow(tr("&Kind:"), m_kind);
    form->addRow(tr("&Name:"), m_name);
    form->addRow(tr("&Host:"), m_host);
    form->addRow(tr("&Port:"), m_port);
    form->addRow(tr("&User:"), m_user);
    form->addRow(tr("Pass&word:"), passwordRow);
    form->addRow(tr("&Colour:"), colourRow);
    form->addRow(tr("&Log level:"), m_logLevel);
    form->addRow(m_autoConnect); // the whole width: the field column alone cut its sentence
    form->addRow(m_watchOnly);
    m_broker = new BrokerFields(form, 5, this); // after the user's row
    m_broker->setRowsVisible(false);
    // Below the form rather than in it: a box layout grows for a wrapped label's height.
    auto *column = new QVBoxLayout;
    column->setContentsMargins(0, 0, 0, 0);
    column->addLayout(form);
    column->addWidget(m_warning);
    column->addWidget(m_fixes);
    column->addWidget(m_defaultPassword);
    column->addStretch(1);
    // How the switch is reached sits beside the form where the screen is wide enough: under it,
    // the SSH fields made the dialog taller than a laptop's screen. Where it is not, under it,
    // and the dialog scrolls (ProfilesDialog chooses).
    auto *reachColumn = new QVBoxLayout;
    reachColumn->setContentsMargins(0, 0, 0, 0);
    reachColumn->addWidget(m_reach);
    reachColumn->addStretch(1);
    m_columns = new QBoxLayout(QBoxLayout::LeftToRight, this);
    m_columns->setContentsMargins(0, 0, 0, 0);
    m_columns->addLayout(column, 1);
    m_columns->addLayout(reachColumn, 1);
    // The password row is a layout: its label needs a buddy by hand.
    if (auto *label = qobject_cast<QLabel *>(form->labelForField(passwordRow)))
        label->setBuddy(m_password);
    if (auto *label = qobject_cast<QLabel *>(form->labelForField(colourRow)))
        label->setBuddy(m_colourButton);

    setTabOrder(m_kind, m_name);
    setTabOrder(m_name, m_host);
    setTabOrder(m_host, m_port);
    setTabOrder(m_port, m_user);
    setTabOrder(m_user, m_broker->firstField());
    setTabOrder(m_broker->lastField(), m_password);
    setTabOrder(m_password, m_showPassword);
    setTabOrder(m_showPassword, m_colourButton);
    setTabOrder(m_colourButton, m_logLevel);
    setTabOrder(m_logLevel, m_autoConnect);
    setTabOrder(m_autoConnect, m_watchOnly);
    setTabOrder(m_watchOnly, m_reach->firstField());

    const auto changed = [this] {
        if (!m_loading)
            Q_EMIT edited();
    };
    for (QLineEdit *edit : {m_name, m_host, m_port, m_user})
        connect(edit, &QLineEdit::textChanged, this, changed);
    connect(m_host, &QLineEdit::textChanged, this, &ProfileEditor::updateWarning);
    connect(m_port, &QLineEdit::textChanged, this, [this](const QString &port) {
        m_reach->setEventSocketPort(port.trimmed().toInt());
    });
    connect(m_password, &QLineEdit::textChanged, this, [this, changed] {
        if (!m_loading)
            m_passwordEdited = true;
        m_password->setPlaceholderText(QString());
        changed();
    });
    connect(m_showPassword, &QToolButton::toggled, this, [this](bool show) {
        m_password->setEchoMode(show ? QLineEdit::Normal : QLineEdit::Password);
    });
    connect(m_colourButton, &QPushButton::clicked, this, &ProfileEditor::chooseColour);
    connect(m_logLevel, &QComboBox::currentIndexChanged, this, changed);
    connect(m_autoConnect, &QCheckBox::toggled, this, changed);
    connect(m_watchOnly, &QCheckBox::toggled, this, changed);
    connect(m_password, &QLineEdit::textChanged, this, &ProfileEditor::updateWarning);
    connect(m_reach, &ReachFields::edited, this, changed);
    connect(m_reach, &ReachFields::wayChanged, this, &ProfileEditor::onWayChanged);
    connect(m_broker, &BrokerFields::edited, this, changed);
    connect(m_broker, &BrokerFields::urlProblemChanged, this, &ProfileEditor::warningChanged);
    connect(m_kind, &QComboBox::currentIndexChanged, this, [this, changed] {
        showKind(Console::ProfileKind(m_kind->currentData().toInt()));
        changed();
    });
    updateColourButton();
}

void ProfileEditor::setProfile(const Console::Profile &profile, bool passwordPending)
{
    m_loading = true;
    m_profile = profile;
    m_colour = profile.colour;
    m_passwordEdited = false;
    m_name->setText(profile.name);
    m_host->setText(profile.host);
    m_port->setText(QString::number(profile.port));
    m_user->setText(profile.user);
    m_password->setText(profile.password);
    m_password->setPlaceholderText(passwordPending ? tr("Reading from the keychain…") : QString());
    m_showPassword->setChecked(false);
    const int index = m_logLevel->findData(profile.logLevel);
    m_logLevel->setCurrentIndex(index >= 0 ? index : m_logLevel->findData(6));
    m_autoConnect->setChecked(profile.autoConnect);
    m_watchOnly->setChecked(profile.watchOnly || Console::systemWatchOnly());
    m_watchOnly->setEnabled(!Console::systemWatchOnly());
    m_reach->setOptions(profile.tls, profile.ssh);
    m_reach->setEventSocketPort(profile.port);
    m_way = m_reach->way();
    m_hostBeforeTunnel.clear();
    m_portBeforeTunnel.clear();
    m_broker->setSettings(profile.broker);
    m_kind->setCurrentIndex(m_kind->findData(int(profile.kind)));
    showKind(profile.kind);
    onWayChanged();
    updateColourButton();
    updateWarning();
    m_loading = false;
}

Console::Profile ProfileEditor::profile() const
{
    Console::Profile p = m_profile;
    p.name = m_name->text();
    p.host = m_host->text();
    bool ok = false;
    const int port = m_port->text().trimmed().toInt(&ok);
    p.port = ok ? port : -1;
    p.user = m_user->text();
    p.password = m_password->text();
    p.colour = m_colour;
    p.logLevel = m_logLevel->currentData().toInt();
    p.autoConnect = m_autoConnect->isChecked();
    p.kind = Console::ProfileKind(m_kind->currentData().toInt());
    p.broker = m_broker->settings();
    p.tls = m_reach->tls();
    p.ssh = m_reach->ssh();
    // The administrator's setting is not the profile's: saving must not copy it in.
    p.watchOnly = Console::systemWatchOnly() ? m_profile.watchOnly : m_watchOnly->isChecked();
    return p;
}

void ProfileEditor::setPasswordFromKeychain(const QString &password)
{
    if (m_passwordEdited)
        return;
    m_loading = true;
    m_profile.password = password;
    m_password->setText(password);
    m_password->setPlaceholderText(QString());
    m_loading = false;
}

void ProfileEditor::focusField(Console::ProfileField field)
{
    QWidget *widget = m_name;
    switch (field) {
    case Console::ProfileField::Name:
        widget = m_name;
        break;
    case Console::ProfileField::Host:
        widget = m_host;
        break;
    case Console::ProfileField::Port:
        widget = m_port;
        break;
    case Console::ProfileField::User:
        widget = m_user;
        break;
    case Console::ProfileField::Password:
        widget = m_password;
        break;
    case Console::ProfileField::LogLevel:
        widget = m_logLevel;
        break;
    default:
        widget = m_broker->widgetOf(field);
        if (!widget)
            widget = m_reach->widgetOf(field);
        break;
    }
    if (!widget)
        widget = m_name;
    widget->setFocus(Qt::OtherFocusReason);
    if (auto *edit = qobject_cast<QLineEdit *>(widget))
        edit->selectAll();
}

void ProfileEditor::setReachBeside(bool beside)
{
    m_columns->setDirection(beside ? QBoxLayout::LeftToRight : QBoxLayout::TopToBottom);
}

bool ProfileEditor::reachBeside() const
{
    return m_columns->direction() == QBoxLayout::LeftToRight;
}

QWidget *ProfileEditor::firstField() const
{
    return m_kind;
}

QWidget *ProfileEditor::lastField() const
{
    return m_reach->lastField();
}

void ProfileEditor::showKind(Console::ProfileKind kind)
{
    const bool broker = kind == Console::ProfileKind::Broker;
    for (QWidget *field : {static_cast<QWidget *>(m_host), static_cast<QWidget *>(m_port),
                           static_cast<QWidget *>(m_user)})
        m_form->setRowVisible(field, !broker);
    m_broker->setRowsVisible(broker);
    m_reach->setVisible(!broker);
    m_logLevel->setToolTip(broker ? tr("The switches' log lines up to this level are shown "
                                       "(mod_amqp publishes the levels its logging profile names)")
                                  : tr("The switch's log lines up to this level are shown "
                                       "(`log <level>`)"));
    updateWarning();
    Q_EMIT warningChanged();
}

void ProfileEditor::updateColourButton()
{
    const int size = m_colourButton->style()->pixelMetric(QStyle::PM_ButtonIconSize);
    m_colourButton->setIcon(profileSwatch(m_colour, size));
    m_colourButton->setText(m_colour.isValid() ? m_colour.name() : tr("None"));
}

void ProfileEditor::chooseColour()
{
    const QColor chosen = QColorDialog::getColor(m_colour.isValid() ? m_colour : Qt::gray, this,
                                                 tr("Colour for %1").arg(m_name->text()));
    if (!chosen.isValid())
        return; // cancelled
    m_colour = chosen;
    updateColourButton();
    Q_EMIT edited();
}

} // namespace Ui
