// Click to call: the new-call dialog.
#include "ui/calls/dialogs/originatedialog.h"

#include "console/actioninput.h"

#include <QButtonGroup>
#include <QComboBox>
#include <QFormLayout>
#include <QLineEdit>
#include <QRadioButton>
#include <QSpinBox>

namespace Ui {

namespace C = Esl::Commands;
using namespace DialogParts;

OriginateDialog::OriginateDialog(const QList<std::pair<Monitor::ServerId, QString>> &servers,
                                 const Console::AppSettings &settings, QWidget *parent)
    : ActionDialog(parent)
{
    setObjectName(QStringLiteral("originateDialog"));
    setWindowTitle(tr("New Call"));

    m_server = named(new QComboBox(this), "server");
    for (const auto &[id, name] : servers)
        m_server->addItem(name, QVariant::fromValue(id));
    m_endpoint = lineEdit(this, "endpoint", settings.operatorEndpoint, QStringLiteral("user/1000"));
    m_endpoint->setToolTip(tr("The phone rung first: user/1000, sofia/gateway/<gateway>/<number>, "
                              "loopback/<extension>/<context>"));
    m_toExtension = named(new QRadioButton(tr("Route to an e&xtension"), this), "toExtension");
    m_destination = lineEdit(this, "destination", {}, tr("e.g. 1001"));
    m_dialplan = lineEdit(this, "dialplan", settings.transferDialplan, QStringLiteral("XML"));
    m_context = lineEdit(this, "context", settings.transferContext, QStringLiteral("default"));
    m_toApplication = named(new QRadioButton(tr("Run an &application"), this), "toApplication");
    m_application = applicationCombo(this, {});
    m_arguments = lineEdit(this, "arguments", {});
    followApplication(m_application, m_arguments);
    m_callerIdName = lineEdit(this, "callerIdName", {}, tr("optional"));
    m_callerIdNumber = lineEdit(this, "callerIdNumber", {}, tr("optional"));
    m_timeout = named(new QSpinBox(this), "timeout");
    m_timeout->setRange(0, 600);
    m_timeout->setSuffix(tr(" s"));
    m_timeout->setSpecialValueText(tr("switch default"));
    m_timeout->setToolTip(tr("How long the endpoint may ring before the call fails"));

    auto *mode = new QButtonGroup(this);
    mode->addButton(m_toExtension);
    mode->addButton(m_toApplication);
    m_toExtension->setChecked(true);

    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    form->addRow(tr("&Server:"), m_server);
    form->addRow(tr("&Endpoint:"), m_endpoint);
    form->addRow(m_toExtension);
    form->addRow(tr("&Destination:"), m_destination);
    form->addRow(tr("Dial&plan:"), m_dialplan);
    form->addRow(tr("&Context:"), m_context);
    form->addRow(m_toApplication);
    form->addRow(tr("Appl&ication:"), m_application);
    form->addRow(tr("A&rguments:"), m_arguments);
    form->addRow(tr("Caller ID &name:"), m_callerIdName);
    form->addRow(tr("Caller ID n&umber:"), m_callerIdNumber);
    form->addRow(tr("&Timeout:"), m_timeout);

    connect(m_toExtension, &QRadioButton::toggled, this, &OriginateDialog::updateMode);
    connect(m_server, &QComboBox::currentIndexChanged, this, &OriginateDialog::validate);
    connect(m_application, &QComboBox::currentTextChanged, this, &OriginateDialog::validate);
    connect(m_timeout, &QSpinBox::valueChanged, this, &OriginateDialog::validate);
    for (QLineEdit *edit : {m_endpoint, m_destination, m_dialplan, m_context, m_arguments,
                            m_callerIdName, m_callerIdNumber})
        connect(edit, &QLineEdit::textChanged, this, &OriginateDialog::validate);
    updateMode();
    finish(form, tr("Ca&ll"));
}

void OriginateDialog::updateMode()
{
    const bool toExtension = m_toExtension->isChecked();
    for (QWidget *w : {static_cast<QWidget *>(m_destination), static_cast<QWidget *>(m_dialplan),
                       static_cast<QWidget *>(m_context)})
        w->setEnabled(toExtension);
    m_application->setEnabled(!toExtension);
    m_arguments->setEnabled(!toExtension);
    validate();
}

Monitor::ServerId OriginateDialog::server() const
{
    return m_server->currentData().value<Monitor::ServerId>();
}

C::Originate OriginateDialog::request() const
{
    C::Originate r;
    r.endpoint = m_endpoint->text();
    if (m_toExtension->isChecked()) {
        r.extension = m_destination->text();
        r.dialplan = m_dialplan->text();
        r.context = m_context->text();
    } else {
        r.application = m_application->currentText();
        r.applicationArgs = m_arguments->text();
    }
    r.callerIdName = m_callerIdName->text();
    r.callerIdNumber = m_callerIdNumber->text();
    r.timeoutSeconds = m_timeout->value();
    return r;
}

QString OriginateDialog::problem() const
{
    if (m_server->count() == 0)
        return tr("There is no server to call from; connect to one first.");
    return Console::ActionInput::originateProblem(request(), m_toExtension->isChecked());
}

} // namespace Ui
