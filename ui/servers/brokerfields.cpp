#include "ui/servers/brokerfields.h"

#include "console/brokerprofile.h"

#include <QCheckBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>

using namespace Qt::Literals::StringLiterals;

namespace Ui {

BrokerFields::BrokerFields(QFormLayout *form, int row, QWidget *parent)
    : QObject(parent), m_form(form), m_parent(parent), m_url(new QLineEdit(parent)),
      m_urlProblem(new QLabel(parent)), m_caFile(new QLineEdit(parent)),
      m_browse(new QPushButton(tr("Browse…"), parent)), m_caRow(new QWidget(parent)),
      m_verify(new QCheckBox(tr("Verif&y the broker's certificate"), parent)),
      m_hostnames(new QLineEdit(parent)), m_expected(new QLineEdit(parent)),
      m_events(new QLineEdit(parent)), m_commandKey(new QLineEdit(parent))
{
    m_url->setObjectName(QStringLiteral("brokerUrlEdit"));
    m_url->setPlaceholderText(QStringLiteral("amqp://user@broker.example.net:5672/vhost"));
    m_url->setToolTip(tr("amqp:// or amqps:// (TLS), the user, host, port and vhost; the "
                         "password goes in the Password field, not here"));
    // Room for a whole URL: the form is as wide as its widest field needs, and a URL read in
    // pieces is easy to get wrong.
    m_url->setMinimumWidth(
        m_url->fontMetrics().horizontalAdvance(u"amqps://switchboard@broker.example.net:5671/fleet"_s));
    m_urlProblem->setObjectName(QStringLiteral("brokerUrlProblem"));
    m_urlProblem->setWordWrap(true);
    m_urlProblem->setTextFormat(Qt::PlainText);
    m_urlProblem->setVisible(false);
    // The form grows only Expanding fields: a Preferred label would wrap at its hint's width.
    m_urlProblem->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    {
        QPalette palette = m_urlProblem->palette();
        palette.setColor(QPalette::WindowText, QColor(0xc0, 0x1c, 0x28));
        m_urlProblem->setPalette(palette);
    }
    m_caFile->setObjectName(QStringLiteral("caFileEdit"));
    m_caFile->setPlaceholderText(tr("The system's certificates"));
    m_browse->setObjectName(QStringLiteral("caFileBrowseButton"));
    m_browse->setAutoDefault(false);
    auto *caLayout = new QHBoxLayout(m_caRow);
    caLayout->setContentsMargins(0, 0, 0, 0);
    caLayout->addWidget(m_caFile, 1);
    caLayout->addWidget(m_browse);
    m_verify->setObjectName(QStringLiteral("verifyPeerCheck"));
    m_hostnames->setObjectName(QStringLiteral("hostnamesEdit"));
    m_hostnames->setPlaceholderText(tr("All switches (or: vm1, vm2)"));
    m_hostnames->setToolTip(tr("The FreeSWITCH-Hostname of each switch to watch, separated by "
                               "commas; empty: every switch that publishes to the broker"));
    m_expected->setObjectName(QStringLiteral("expectedHostnamesEdit"));
    m_expected->setPlaceholderText(tr("None (or: vm1, vm2)"));
    m_expected->setToolTip(tr("Switches shown and synced as soon as the broker is up, without "
                              "waiting for their first event"));
    m_events->setObjectName(QStringLiteral("eventNamesEdit"));
    m_events->setPlaceholderText(tr("All events (or: CHANNEL_CREATE, CHANNEL_HANGUP)"));
    m_events->setToolTip(tr("The Event-Names to watch; HEARTBEAT and BACKGROUND_JOB always come. "
                            "With a filter, a gap in Event-Sequence no longer means a loss"));
    m_commandKey->setObjectName(QStringLiteral("commandKeyEdit"));
    m_commandKey->setToolTip(tr("The routing key of each switch's mod_amqp command profile "
                                "(binding_key); <hostname> is replaced by the switch's"));

    const auto insert = [this, &row](const QString &label, QWidget *field) {
        m_form->insertRow(row++, label, field);
        m_rows.append(field);
    };
    insert(tr("&Broker URL:"), m_url);
    insert(QString(), m_urlProblem);
    insert(tr("CA &file:"), m_caRow);
    insert(QString(), m_verify);
    insert(tr("Watch hostna&mes:"), m_hostnames);
    insert(tr("E&xpected hostnames:"), m_expected);
    insert(tr("Watch e&vents:"), m_events);
    insert(tr("Command routin&g key:"), m_commandKey);
    if (auto *label = qobject_cast<QLabel *>(m_form->labelForField(m_caRow)))
        label->setBuddy(m_caFile);

    const auto changed = [this] { Q_EMIT edited(); };
    for (QLineEdit *edit : {m_url, m_caFile, m_hostnames, m_expected, m_events, m_commandKey})
        connect(edit, &QLineEdit::textEdited, this, changed);
    connect(m_verify, &QCheckBox::clicked, this, changed);
    connect(m_url, &QLineEdit::textChanged, this, &BrokerFields::updateUrl);
    connect(m_browse, &QPushButton::clicked, this, &BrokerFields::chooseCaFile);
}

void BrokerFields::setSettings(const Console::BrokerSettings &settings)
{
    m_url->setText(settings.url);
    m_caFile->setText(settings.caFile);
    m_verify->setChecked(settings.verifyPeer);
    m_hostnames->setText(Console::joinNames(settings.hostnames));
    m_expected->setText(Console::joinNames(settings.expectedHostnames));
    m_events->setText(Console::joinNames(settings.eventNames));
    m_commandKey->setText(settings.commandKey);
    updateUrl();
}

Console::BrokerSettings BrokerFields::settings() const
{
    Console::BrokerSettings s;
    s.url = m_url->text().trimmed();
    s.caFile = m_caFile->text().trimmed();
    s.verifyPeer = m_verify->isChecked();
    s.hostnames = Console::splitNames(m_hostnames->text());
    s.expectedHostnames = Console::splitNames(m_expected->text());
    s.eventNames = Console::splitNames(m_events->text());
    s.commandKey = m_commandKey->text().trimmed();
    return s;
}

void BrokerFields::setRowsVisible(bool visible)
{
    for (QWidget *field : std::as_const(m_rows)) {
        const bool show = visible && (field != m_urlProblem || !m_urlProblem->text().isEmpty());
        m_form->setRowVisible(field, show);
    }
}

QWidget *BrokerFields::widgetOf(Console::ProfileField field) const
{
    switch (field) {
    case Console::ProfileField::BrokerUrl:
        return m_url;
    case Console::ProfileField::CaFile:
        return m_caFile;
    case Console::ProfileField::Hostnames:
        return m_hostnames;
    case Console::ProfileField::ExpectedHostnames:
        return m_expected;
    case Console::ProfileField::EventNames:
        return m_events;
    case Console::ProfileField::CommandKey:
        return m_commandKey;
    default:
        return nullptr;
    }
}

QWidget *BrokerFields::firstField() const
{
    return m_url;
}

QWidget *BrokerFields::lastField() const
{
    return m_commandKey;
}

QString BrokerFields::urlProblem() const
{
    return m_urlProblem->text();
}

void BrokerFields::updateUrl()
{
    const QString problem = Console::brokerUrlProblem(m_url->text());
    const bool tls = m_url->text().trimmed().startsWith(u"amqps://", Qt::CaseInsensitive);
    m_caRow->setEnabled(tls);
    m_verify->setEnabled(tls);
    if (problem == m_urlProblem->text())
        return;
    m_urlProblem->setText(problem);
    // A wrapped label in a form gets the height of its hint's lines, not of the lines it needs at
    // the field's width: ask for those.
    if (!problem.isEmpty())
        m_urlProblem->setMinimumHeight(
            m_urlProblem->heightForWidth(qMax(m_url->width(), m_url->minimumWidth())));
    if (m_form->isRowVisible(m_url))
        m_form->setRowVisible(m_urlProblem, !problem.isEmpty());
    Q_EMIT urlProblemChanged();
}

void BrokerFields::chooseCaFile()
{
    const QString file = QFileDialog::getOpenFileName(
        m_parent, tr("The CA certificates to verify the broker with"), m_caFile->text(),
        tr("PEM certificates (*.pem *.crt);;All files (*)"));
    if (file.isEmpty())
        return;
    m_caFile->setText(file);
    Q_EMIT edited();
}

} // namespace Ui
