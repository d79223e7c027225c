#include "ui/calls/actiondialogs.h"

#include <QAction>
#include <QApplication>
#include <QButtonGroup>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QCompleter>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGridLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QRadioButton>
#include <QRegularExpression>
#include <QSpinBox>
#include <QTableWidget>
#include <QUrl>
#include <QVBoxLayout>

#include <algorithm>

namespace Ui {

namespace C = Esl::Commands;

namespace {

// The builders want a channel uuid; the dialogs check everything else against this one.
const QString &dummyUuid()
{
    static const QString uuid = QStringLiteral("00000000-0000-0000-0000-000000000000");
    return uuid;
}

QString text(const char *source)
{
    return QCoreApplication::translate("Ui::ActionDialog", source);
}

// What is wrong with the characters of a typed value, or empty. `subject` starts the sentence
// and carries its verb ("The destination contains").
QString characterProblem(const QString &value, const QString &subject)
{
    for (const QChar c : value) {
        if (c == u'\r' || c == u'\n' || c == QChar::LineSeparator || c == QChar::ParagraphSeparator)
            return text("%1 a line break; remove it.").arg(subject);
        if (c == QChar::Null)
            return text("%1 a NUL character; remove it.").arg(subject);
        if (c == u'\t')
            return text("%1 a tab; remove it.").arg(subject);
        if (c.category() == QChar::Other_Control)
            return text("%1 a control character; remove it.").arg(subject);
    }
    return {};
}

// The same for a value the switch takes as one word: no spaces either.
QString wordProblem(const QString &value, const QString &subject)
{
    if (QString why = characterProblem(value, subject); !why.isEmpty())
        return why;
    if (std::any_of(value.cbegin(), value.cend(), [](QChar c) { return c.isSpace(); }))
        return text("%1 a space; the switch would read it as two values. Remove it.").arg(subject);
    return {};
}

// A value that goes inside originate's {...} block or (...) arguments, where the switch cuts or
// strips some characters.
QString reservedProblem(const QString &value, const QString &subject, QStringView reserved)
{
    for (const QChar c : value) {
        if (reserved.contains(c))
            return text("%1 '%2', which the switch would cut or strip; remove it.").arg(subject, c);
    }
    return {};
}

// A builder's refusal as a sentence, or empty when it built the command. Its messages name the
// field at fault; the dialogs' own checks come first and catch the usual mistakes in plainer words.
QString refusal(const Esl::Expected<QString> &command)
{
    if (command)
        return {};
    QString message = command.error().message;
    if (!message.isEmpty())
        message[0] = message[0].toUpper();
    if (!message.endsWith(u'.'))
        message += u'.';
    return message;
}

QLabel *heading(const QString &line, QWidget *parent)
{
    auto *label = new QLabel(line, parent);
    label->setTextFormat(Qt::PlainText);
    label->setWordWrap(true);
    return label;
}

template<typename W> W *named(W *widget, const char *name)
{
    widget->setObjectName(QLatin1StringView(name));
    return widget;
}

QLineEdit *lineEdit(QWidget *parent, const char *name, const QString &value,
                    const QString &placeholder = {})
{
    auto *edit = named(new QLineEdit(value, parent), name);
    edit->setPlaceholderText(placeholder);
    return edit;
}

// Dialplan applications an operator commonly runs, with the shape of their arguments.
struct KnownApplication
{
    const char *name;
    const char *arguments;
};

constexpr KnownApplication kApplications[] = {
    {"answer", ""},
    {"pre_answer", ""},
    {"ring_ready", ""},
    {"playback", "<file>"},
    {"say", "<language> <type> <method> <text>"},
    {"speak", "<engine>|<voice>|<text>"},
    {"phrase", "<macro>,<data>"},
    {"gentones", "<tones>"},
    {"set", "<name>=<value>"},
    {"export", "<name>=<value>"},
    {"unset", "<name>"},
    {"bridge", "<dial string>"},
    {"transfer", "<extension> [<dialplan> <context>]"},
    {"att_xfer", "<dial string>"},
    {"park", ""},
    {"valet_park", "<lot> <slot>"},
    {"hangup", "[<cause>]"},
    {"sleep", "<milliseconds>"},
    {"record_session", "<path>"},
    {"stop_record_session", "<path>"},
    {"echo", ""},
    {"conference", "<name>[@<profile>]"},
    {"fifo", "<queue> in|out"},
    {"voicemail", "<profile> <domain> <user>"},
    {"send_dtmf", "<digits>"},
    {"eavesdrop", "<uuid>|all"},
    {"info", ""},
    {"log", "<level> <message>"},
    {"lua", "<script> [<arguments>]"},
};

QComboBox *applicationCombo(QWidget *parent, const QStringList &recent)
{
    auto *combo = named(new QComboBox(parent), "application");
    combo->setEditable(true);
    combo->setInsertPolicy(QComboBox::NoInsert);
    combo->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    combo->addItems(recent);
    if (!recent.isEmpty())
        combo->insertSeparator(combo->count());
    for (const KnownApplication &app : kApplications) {
        const QString name = QLatin1StringView(app.name);
        if (!recent.contains(name))
            combo->addItem(name);
    }
    combo->setCurrentIndex(recent.isEmpty() ? -1 : 0);
    combo->lineEdit()->setPlaceholderText(text("e.g. playback"));
    return combo;
}

// Shows what a known application takes as the arguments' placeholder.
void followApplication(QComboBox *application, QLineEdit *arguments)
{
    const auto update = [arguments](const QString &name) {
        const auto *known = std::find_if(
            std::begin(kApplications), std::end(kApplications),
            [&](const KnownApplication &a) { return name == QLatin1StringView(a.name); });
        if (known == std::end(kApplications))
            arguments->setPlaceholderText({});
        else if (*known->arguments == '\0')
            arguments->setPlaceholderText(text("none needed"));
        else
            arguments->setPlaceholderText(QLatin1StringView(known->arguments));
    };
    QObject::connect(application, &QComboBox::currentTextChanged, arguments, update);
    update(application->currentText());
}

QString applicationProblem(const QString &name, const QRegularExpression &pattern,
                           const QString &allowed)
{
    if (name.isEmpty())
        return text("Choose the application to run, like playback.");
    if (QString why = wordProblem(name, text("The application name contains")); !why.isEmpty())
        return why;
    if (!pattern.match(name).hasMatch())
        return text("The application name \"%1\" is not a name; use %2 only.").arg(name, allowed);
    return {};
}

} // namespace

// ---- ActionDialog ------------------------------------------------------------------------------

ActionDialog::ActionDialog(QWidget *parent) : QDialog(parent) {}

void ActionDialog::finish(QLayout *content, const QString &okText)
{
    m_problem = named(new QLabel(this), "problem");
    m_problem->setStyleSheet(QStringLiteral("color: #b02a37;"));
    m_problem->setTextFormat(Qt::PlainText);
    m_problem->setWordWrap(true);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_buttons->button(QDialogButtonBox::Ok)->setText(okText);
    // Enter on a disabled OK does nothing, but a caller's click() must not slip through either.
    connect(m_buttons, &QDialogButtonBox::accepted, this, [this] {
        if (problem().isEmpty())
            accept();
    });
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(content);
    layout->addWidget(m_problem);
    layout->addStretch(1);
    layout->addWidget(m_buttons);
    validate();
    resize(std::max(sizeHint().width(), 460), sizeHint().height());
}

void ActionDialog::validate()
{
    if (!m_buttons)
        return; // an input changed while the dialog was being built; finish() validates
    const QString why = problem();
    m_problem->setText(why);
    m_problem->setVisible(!why.isEmpty());
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(why.isEmpty());
}

// ---- HangupDialog ------------------------------------------------------------------------------

HangupDialog::HangupDialog(const QStringList &channels, QWidget *parent) : ActionDialog(parent)
{
    constexpr int kShown = 10;
    const qsizetype n = channels.size();
    setObjectName(QStringLiteral("hangupDialog"));
    setWindowTitle(n == 1 ? tr("Hang up 1 channel") : tr("Hang up %1 channels").arg(n));

    QStringList lines;
    for (qsizetype i = 0; i < std::min<qsizetype>(n, kShown); ++i)
        lines.append(QStringLiteral("• ") + channels[i]);
    if (n > kShown)
        lines.append(tr("and %1 more").arg(n - kShown));
    auto *list = named(heading(lines.join(u'\n'), this), "channels");
    list->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_cause = named(new QComboBox(this), "cause");
    m_cause->setEditable(true);
    m_cause->setInsertPolicy(QComboBox::NoInsert);
    m_cause->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    // Names from FreeSWITCH's cause table (switch_channel.c), the ones an operator picks.
    const std::pair<const char *, const char *> causes[] = {
        {"NORMAL_CLEARING", "The call ended normally"},
        {"USER_BUSY", "The called party is busy"},
        {"CALL_REJECTED", "The call was refused"},
        {"NO_ANSWER", "Nobody answered"},
        {"NO_USER_RESPONSE", "The phone did not respond"},
        {"NORMAL_TEMPORARY_FAILURE", "A temporary failure; the caller may try again"},
        {"ORIGINATOR_CANCEL", "The caller gave up"},
        {"MANAGER_REQUEST", "Ended by an operator or a manager command"},
        {"ALLOTTED_TIMEOUT", "The call ran out of its allotted time"},
        {"UNALLOCATED_NUMBER", "The number does not exist"},
        {"DESTINATION_OUT_OF_ORDER", "The destination cannot be reached"},
        {"SUBSCRIBER_ABSENT", "The called party is not available"},
        {"MEDIA_TIMEOUT", "No audio arrived"},
        {"SYSTEM_SHUTDOWN", "The switch is shutting down"},
    };
    for (const auto &[name, meaning] : causes) {
        m_cause->addItem(QLatin1StringView(name));
        m_cause->setItemData(m_cause->count() - 1, tr(meaning), Qt::ToolTipRole);
    }
    m_cause->setCurrentText(QStringLiteral("NORMAL_CLEARING"));
    m_cause->setToolTip(tr("Why the call ends, as the other side and the call records see it"));

    auto *form = new QFormLayout;
    form->addRow(heading(n == 1 ? tr("This channel will be hung up:")
                                : tr("These %1 channels will be hung up:").arg(n),
                         this));
    form->addRow(list);
    form->addRow(tr("Hangup &cause:"), m_cause);
    connect(m_cause, &QComboBox::currentTextChanged, this, &HangupDialog::validate);
    finish(form, tr("&Hang Up"));
}

QString HangupDialog::cause() const
{
    return m_cause->currentText();
}

QString HangupDialog::problem() const
{
    const QString c = cause();
    if (c.isEmpty())
        return tr("Choose a hangup cause, like NORMAL_CLEARING.");
    if (QString why = wordProblem(c, tr("The hangup cause contains")); !why.isEmpty())
        return why;
    if (!C::uuidKill(dummyUuid(), c))
        return tr("The hangup cause \"%1\" is not a cause name; use capital letters and '_', "
                  "like NORMAL_CLEARING.")
            .arg(c);
    return {};
}

// ---- TransferDialog ----------------------------------------------------------------------------

TransferDialog::TransferDialog(const QString &channel, const Console::AppSettings &settings,
                               const QStringList &recentDestinations, QWidget *parent)
    : ActionDialog(parent)
{
    setObjectName(QStringLiteral("transferDialog"));
    setWindowTitle(tr("Transfer"));

    m_destination = named(new QComboBox(this), "destination");
    m_destination->setEditable(true);
    m_destination->setInsertPolicy(QComboBox::NoInsert);
    m_destination->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    m_destination->addItems(recentDestinations);
    m_destination->setCurrentIndex(-1);
    m_destination->lineEdit()->setPlaceholderText(tr("an extension (1001) or a dial string"));
    auto *completer = new QCompleter(recentDestinations, m_destination);
    completer->setCaseSensitivity(Qt::CaseInsensitive);
    completer->setCompletionMode(QCompleter::PopupCompletion);
    m_destination->setCompleter(completer);

    m_attended =
        named(new QCheckBox(tr("&Attended (consult the destination first)"), this), "attended");
    m_attended->setToolTip(tr("The channel calls the destination while its partner waits; "
                              "when the channel hangs up, the partner is connected to it"));
    m_leg = named(new QComboBox(this), "leg");
    m_leg->addItem(tr("A leg (this channel)"), int(C::Leg::A));
    m_leg->addItem(tr("B leg (the other party)"), int(C::Leg::B));
    m_leg->addItem(tr("Both legs"), int(C::Leg::Both));
    m_dialplan = lineEdit(this, "dialplan", settings.transferDialplan, QStringLiteral("XML"));
    m_context = lineEdit(this, "context", settings.transferContext, QStringLiteral("default"));

    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    form->addRow(heading(tr("Transfer %1").arg(channel), this));
    form->addRow(tr("&Destination:"), m_destination);
    form->addRow(QString(), m_attended);
    form->addRow(tr("&Leg:"), m_leg);
    form->addRow(tr("Dial&plan:"), m_dialplan);
    form->addRow(tr("&Context:"), m_context);

    connect(m_attended, &QCheckBox::toggled, this, [this](bool attended) {
        m_leg->setEnabled(!attended);
        m_dialplan->setEnabled(!attended);
        validate();
    });
    connect(m_destination, &QComboBox::currentTextChanged, this, &TransferDialog::validate);
    connect(m_leg, &QComboBox::currentIndexChanged, this, &TransferDialog::validate);
    for (QLineEdit *edit : {m_dialplan, m_context})
        connect(edit, &QLineEdit::textChanged, this, &TransferDialog::validate);
    finish(form, tr("T&ransfer"));
}

QString TransferDialog::destination() const
{
    return m_destination->currentText();
}

C::Leg TransferDialog::leg() const
{
    return C::Leg(m_leg->currentData().toInt());
}

QString TransferDialog::dialplan() const
{
    return m_dialplan->text();
}

QString TransferDialog::context() const
{
    return m_context->text();
}

bool TransferDialog::attended() const
{
    return m_attended->isChecked();
}

QString TransferDialog::problem() const
{
    const QString to = destination();
    if (to.isEmpty())
        return tr("Enter the destination to transfer to, like 1001.");
    if (QString why = wordProblem(to, tr("The destination contains")); !why.isEmpty())
        return why;
    if (QString why = wordProblem(context(), tr("The context contains")); !why.isEmpty())
        return why;
    if (attended()) {
        // A bare extension is dialled through loopback in the context (CallControl).
        if (!to.contains(u'/') && context().isEmpty())
            return tr("Enter the context to dial the destination in, like default.");
        return refusal(
            C::uuidTransfer(dummyUuid(), to, C::Leg::A, QStringLiteral("XML"), context()));
    }
    if (QString why = wordProblem(dialplan(), tr("The dialplan contains")); !why.isEmpty())
        return why;
    return refusal(C::uuidTransfer(dummyUuid(), to, leg(), dialplan(), context()));
}

// ---- OriginateDialog ---------------------------------------------------------------------------

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
    const C::Originate r = request();
    if (r.endpoint.isEmpty())
        return tr("Enter the endpoint to ring, like user/1000.");
    if (QString why = wordProblem(r.endpoint, tr("The endpoint contains")); !why.isEmpty())
        return why;
    if (m_toExtension->isChecked()) {
        if (r.extension.isEmpty())
            return tr("Enter the destination extension, like 1001.");
        const std::pair<const QString &, QString> words[] = {
            {r.extension, tr("The destination contains")},
            {r.dialplan, tr("The dialplan contains")},
            {r.context, tr("The context contains")},
        };
        for (const auto &[value, subject] : words) {
            if (QString why = wordProblem(value, subject); !why.isEmpty())
                return why;
        }
    } else {
        static const QRegularExpression name(QStringLiteral("^[A-Za-z0-9_]+$"));
        if (QString why = applicationProblem(r.application, name, tr("letters, digits and '_'"));
            !why.isEmpty())
            return why;
        const QString subject = tr("The arguments contain");
        if (QString why = characterProblem(r.applicationArgs, subject); !why.isEmpty())
            return why;
        if (QString why = reservedProblem(r.applicationArgs, subject, u")'\\"); !why.isEmpty())
            return why;
    }
    const std::pair<const QString &, QString> callerId[] = {
        {r.callerIdName, tr("The caller ID name contains")},
        {r.callerIdNumber, tr("The caller ID number contains")},
    };
    for (const auto &[value, subject] : callerId) {
        if (QString why = characterProblem(value, subject); !why.isEmpty())
            return why;
        if (QString why = reservedProblem(value, subject, u",{}'\\"); !why.isEmpty())
            return why;
    }
    return refusal(C::originate(r));
}

// ---- ExecuteDialog -----------------------------------------------------------------------------

ExecuteDialog::ExecuteDialog(const QString &channel, const QStringList &recentApplications,
                             QWidget *parent)
    : ActionDialog(parent)
{
    setObjectName(QStringLiteral("executeDialog"));
    setWindowTitle(tr("Run Application"));

    m_recent = recentApplications;
    m_application = applicationCombo(this, recentApplications);
    m_application->setCurrentIndex(-1);
    m_application->clearEditText();
    if (!recentApplications.isEmpty())
        m_application->lineEdit()->setPlaceholderText(
            tr("last: %1").arg(recentApplications.first()));
    m_arguments = lineEdit(this, "arguments", {});
    followApplication(m_application, m_arguments);
    m_eventLock =
        named(new QCheckBox(tr("&Event lock (finish before the next queued command)"), this),
              "eventLock");
    m_eventLock->setToolTip(tr("The switch runs the application to its end before it takes the "
                               "next command queued for this channel"));

    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    form->addRow(heading(tr("Run an application on %1").arg(channel), this));
    form->addRow(tr("&Application:"), m_application);
    form->addRow(tr("Ar&guments:"), m_arguments);
    form->addRow(QString(), m_eventLock);

    connect(m_application, &QComboBox::currentTextChanged, this, &ExecuteDialog::validate);
    connect(m_arguments, &QLineEdit::textChanged, this, &ExecuteDialog::validate);
    finish(form, tr("&Run"));
}

void ExecuteDialog::setApplications(const QStringList &names)
{
    if (names.isEmpty())
        return; // the switch could not say: the built-in list stays, and the switch decides
    m_switchApplications = names;
    QStringList sorted = names;
    sorted.sort(Qt::CaseInsensitive);
    QStringList recent;
    for (const QString &name : std::as_const(m_recent)) {
        if (names.contains(name))
            recent.append(name);
    }
    const QString typed = m_application->currentText();
    const QSignalBlocker quiet(m_application);
    m_application->clear();
    m_application->addItems(recent);
    if (!recent.isEmpty())
        m_application->insertSeparator(m_application->count());
    for (const QString &name : std::as_const(sorted)) {
        if (!recent.contains(name))
            m_application->addItem(name);
    }
    m_application->setCurrentIndex(-1);
    m_application->setEditText(typed);
    m_application->setToolTip(tr("The applications this switch has"));
    validate();
}

QString ExecuteDialog::application() const
{
    return m_application->currentText();
}

QString ExecuteDialog::arguments() const
{
    return m_arguments->text();
}

bool ExecuteDialog::eventLock() const
{
    return m_eventLock->isChecked();
}

QString ExecuteDialog::problem() const
{
    // CallControl::execute takes '-' too (sendmsg has no argument list to confuse).
    static const QRegularExpression name(QStringLiteral("^[A-Za-z0-9_-]+$"));
    if (QString why = applicationProblem(application(), name, tr("letters, digits, '_' and '-'"));
        !why.isEmpty())
        return why;
    if (!m_switchApplications.isEmpty() && !m_switchApplications.contains(application()))
        return tr("The switch has no application \"%1\"; choose one from the list.")
            .arg(application());
    return characterProblem(arguments(), tr("The arguments contain"));
}

// ---- DtmfDialog --------------------------------------------------------------------------------

DtmfDialog::DtmfDialog(const QString &channel, QWidget *parent) : ActionDialog(parent)
{
    setObjectName(QStringLiteral("dtmfDialog"));
    setWindowTitle(tr("Send DTMF"));

    m_digits = lineEdit(this, "digits", {}, tr("e.g. 1234#"));
    m_digits->setToolTip(tr("0-9 * # A-D; w pauses half a second, W a second; end with @<ms> to "
                            "set the tone length"));

    // Like a phone's keypad. The buttons take no focus: typing goes to the digits field.
    auto *keypad = new QGridLayout;
    const char *const keys[4][4] = {
        {"1", "2", "3", "A"}, {"4", "5", "6", "B"}, {"7", "8", "9", "C"}, {"*", "0", "#", "D"}};
    for (int row = 0; row < 4; ++row) {
        for (int column = 0; column < 4; ++column) {
            const QString key = QLatin1StringView(keys[row][column]);
            auto *button = new QPushButton(key, this);
            button->setObjectName(QStringLiteral("key") + (key == u"*"   ? QStringLiteral("Star")
                                                           : key == u"#" ? QStringLiteral("Hash")
                                                                         : key));
            button->setAutoDefault(false);
            button->setFocusPolicy(Qt::NoFocus);
            button->setFixedSize(56, 40);
            connect(button, &QPushButton::clicked, this,
                    [this, key] { m_digits->setText(m_digits->text() + key); });
            keypad->addWidget(button, row, column);
        }
    }

    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    form->addRow(heading(tr("Send tones to %1").arg(channel), this));
    form->addRow(tr("&Digits:"), m_digits);
    keypad->setColumnStretch(4, 1);
    form->addRow(QString(), keypad);

    connect(m_digits, &QLineEdit::textChanged, this, &DtmfDialog::validate);
    finish(form, tr("&Send"));
}

QString DtmfDialog::digits() const
{
    return m_digits->text();
}

QString DtmfDialog::problem() const
{
    const QString d = digits();
    if (d.isEmpty())
        return tr("Enter the digits to send, like 1234#.");
    if (QString why = wordProblem(d, tr("The digits contain")); !why.isEmpty())
        return why;
    static const QString allowed = QStringLiteral("0123456789*#ABCDabcdwW");
    const qsizetype at = d.indexOf(u'@');
    for (const QChar c : QStringView(d).left(at < 0 ? d.size() : at)) {
        if (!allowed.contains(c))
            return tr("The digits hold '%1'; only 0-9, *, #, A-D and w or W (a pause) can be "
                      "sent.")
                .arg(c);
    }
    return refusal(C::uuidSendDtmf(dummyUuid(), d));
}

// ---- RecordDialog ------------------------------------------------------------------------------

RecordDialog::RecordDialog(const QString &channel, const QString &path, QWidget *parent)
    : ActionDialog(parent)
{
    setObjectName(QStringLiteral("recordDialog"));
    setWindowTitle(tr("Record"));

    m_path = lineEdit(this, "path", path, QStringLiteral("/var/lib/freeswitch/recordings/…"));
    m_path->setToolTip(tr("Where the switch writes the recording, on its own disk"));
    m_path->setMinimumWidth(m_path->fontMetrics().horizontalAdvance(path) + 24);

    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    form->addRow(heading(tr("Record %1").arg(channel), this));
    form->addRow(tr("&File on the switch:"), m_path);

    connect(m_path, &QLineEdit::textChanged, this, &RecordDialog::validate);
    finish(form, tr("&Record"));
}

QString RecordDialog::path() const
{
    return m_path->text();
}

QString RecordDialog::problem() const
{
    const QString p = path();
    if (p.isEmpty())
        return tr("Enter the path of the recording file on the switch.");
    if (QString why = wordProblem(p, tr("The recording path contains")); !why.isEmpty())
        return why;
    return refusal(C::uuidRecord(dummyUuid(), C::RecordAction::Start, p));
}

// ---- DumpDialog --------------------------------------------------------------------------------

DumpDialog::DumpDialog(const QString &title, const QString &dumpText, QWidget *parent)
    : QDialog(parent), m_raw(dumpText)
{
    setObjectName(QStringLiteral("dumpDialog"));
    setWindowTitle(title);

    m_filter = lineEdit(this, "dumpFilter", {}, tr("Show only headers or values containing…"));
    m_filter->setClearButtonEnabled(true);

    m_table = named(new QTableWidget(0, 2, this), "dumpTable");
    m_table->setHorizontalHeaderLabels({tr("Header"), tr("Value")});
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setWordWrap(false);
    // uuid_dump plain: one "Name: value" line per header, values URL-encoded.
    for (QStringView line : QStringView(dumpText).split(u'\n')) {
        if (line.endsWith(u'\r'))
            line.chop(1);
        if (line.isEmpty())
            continue;
        const qsizetype colon = line.indexOf(u':');
        const QStringView name = colon < 0 ? line : line.left(colon);
        QStringView value = colon < 0 ? QStringView() : line.mid(colon + 1);
        if (value.startsWith(u' '))
            value = value.mid(1);
        const int row = m_table->rowCount();
        m_table->insertRow(row);
        m_table->setItem(row, 0, new QTableWidgetItem(name.toString()));
        auto *item = new QTableWidgetItem(QUrl::fromPercentEncoding(value.toUtf8()));
        item->setToolTip(item->text());
        m_table->setItem(row, 1, item);
    }
    m_table->resizeColumnToContents(0);
    m_table->installEventFilter(this);

    auto *copyRows = new QAction(tr("&Copy"), m_table);
    copyRows->setShortcut(QKeySequence::Copy);
    copyRows->setShortcutContext(Qt::WidgetShortcut); // the event filter handles the key
    connect(copyRows, &QAction::triggered, this, &DumpDialog::copySelection);
    m_table->addAction(copyRows);
    m_table->setContextMenuPolicy(Qt::ActionsContextMenu);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    QPushButton *copy = buttons->addButton(tr("Copy &All"), QDialogButtonBox::ActionRole);
    copy->setObjectName(QStringLiteral("copyAll"));
    copy->setAutoDefault(false);
    connect(copy, &QPushButton::clicked, this, &DumpDialog::copyAll);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *filterRow = new QFormLayout;
    filterRow->addRow(tr("&Filter:"), m_filter);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(filterRow);
    layout->addWidget(m_table, 1);
    layout->addWidget(buttons);

    connect(m_filter, &QLineEdit::textChanged, this, &DumpDialog::applyFilter);
    resize(720, 600);
}

QString DumpDialog::selectedText() const
{
    QString out;
    const QItemSelectionModel *selection = m_table->selectionModel();
    for (int row = 0; row < m_table->rowCount(); ++row) {
        if (m_table->isRowHidden(row) || !selection->isRowSelected(row, {}))
            continue;
        out += m_table->item(row, 0)->text() + QStringLiteral(": ") +
               m_table->item(row, 1)->text() + u'\n';
    }
    return out;
}

void DumpDialog::copyAll() const
{
    QGuiApplication::clipboard()->setText(m_raw);
}

void DumpDialog::copySelection() const
{
    const QString selected = selectedText();
    if (!selected.isEmpty())
        QGuiApplication::clipboard()->setText(selected);
}

bool DumpDialog::eventFilter(QObject *watched, QEvent *event)
{
    // The table's own Ctrl+C copies one cell; this copies whole rows.
    if (watched == m_table &&
        (event->type() == QEvent::KeyPress || event->type() == QEvent::ShortcutOverride) &&
        static_cast<QKeyEvent *>(event)->matches(QKeySequence::Copy)) {
        event->accept();
        if (event->type() == QEvent::KeyPress)
            copySelection();
        return true;
    }
    return QDialog::eventFilter(watched, event);
}

void DumpDialog::applyFilter(const QString &filter)
{
    for (int row = 0; row < m_table->rowCount(); ++row) {
        const bool shown = filter.isEmpty() ||
                           m_table->item(row, 0)->text().contains(filter, Qt::CaseInsensitive) ||
                           m_table->item(row, 1)->text().contains(filter, Qt::CaseInsensitive);
        m_table->setRowHidden(row, !shown);
    }
}

// ---- confirmAction -----------------------------------------------------------------------------

bool confirmAction(QWidget *parent, const QString &title, const QString &question,
                   Console::AppSettings &settings)
{
    if (!settings.confirmDestructive)
        return true;
    QMessageBox box(QMessageBox::Question, title, question, QMessageBox::Yes | QMessageBox::No,
                    parent);
    box.setDefaultButton(QMessageBox::No);
    box.setEscapeButton(QMessageBox::No);
    auto *dontAsk = named(new QCheckBox(text("&Don't ask again"), &box), "dontAskAgain");
    dontAsk->setToolTip(text("Turn the question back on in Edit → Preferences"));
    box.setCheckBox(dontAsk);
    if (box.exec() != QMessageBox::Yes)
        return false;
    if (dontAsk->isChecked()) {
        settings.confirmDestructive = false;
        settings.save();
    }
    return true;
}

} // namespace Ui
