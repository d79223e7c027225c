#include "ui/alerts/alertruleform.h"

#include "ui/alerts/alertsmodel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>

namespace Ui {

namespace {

const QList<Monitor::AlertSeverity> kSeverities{
    Monitor::AlertSeverity::Critical, Monitor::AlertSeverity::Warning, Monitor::AlertSeverity::Info};

// A value with the decimals it needs: "5 %", "0.5 %", "3.6", never "5.000 %" (the box still
// accepts as many decimals as its spec allows).
class TrimmedSpinBox : public QDoubleSpinBox
{
public:
    using QDoubleSpinBox::QDoubleSpinBox;

protected:
    [[nodiscard]] QString textFromValue(double value) const override
    {
        QString text = locale().toString(value, 'f', decimals());
        const QChar point = locale().decimalPoint().at(0);
        if (text.contains(point)) {
            while (text.endsWith(u'0'))
                text.chop(1);
            if (text.endsWith(point))
                text.chop(1);
        }
        return text;
    }
};

} // namespace

QString AlertRuleForm::aboutOf(Monitor::AlertKind kind)
{
    using K = Monitor::AlertKind;
    switch (kind) {
    case K::GatewayDown:
        return tr("A gateway not REGED, or its OPTIONS ping DOWN; clears when REGED with ping UP.");
    case K::RegistrationsDrop:
        return tr("Many registrations unregistered or expired on a server within a few minutes; "
                  "clears when the window holds no more than the threshold.");
    case K::SwitchDisconnected:
        return tr("The link to a switch not live for longer than the grace; clears when live again.");
    case K::SwitchRestarted:
        return tr("A switch's Core-UUID changed (it restarted); clears after a while without another.");
    case K::EventsLost:
        return tr("The link says events may have been missed while live; clears after a while "
                  "without another.");
    case K::QueueWaiting:
        return tr("A queue with too many callers waiting, or one waiting too long; clears when "
                  "both are back under.");
    case K::Quality:
        return tr("A live leg's estimated MOS too low or its loss too high for reports in a row; "
                  "clears after good reports in a row, or when the leg ends.");
    case K::LongCall:
        return tr("A call older than the threshold; clears when it ends.");
    case K::CallsPerSecond:
        return tr("New calls per second, over a window, above the rate; clears when back under.");
    case K::Custom:
        return tr("Calls (or events) matching a filter expression, counted over a window.");
    }
    return {};
}

QString AlertRuleForm::labelOf(const QString &param)
{
    static const QHash<QString, QString> labels{
        {QStringLiteral("ping"), tr("Also when its ping is DOWN")},
        {QStringLiteral("count"), tr("More than")},
        {QStringLiteral("minutes"), tr("Within")},
        {QStringLiteral("graceSeconds"), tr("Down for more than")},
        {QStringLiteral("clearAfterSeconds"), tr("Clears after")},
        {QStringLiteral("waiting"), tr("Callers waiting above")},
        {QStringLiteral("waitSeconds"), tr("Or a wait longer than")},
        {QStringLiteral("mos"), tr("MOS below")},
        {QStringLiteral("lossPct"), tr("Or loss above")},
        {QStringLiteral("reports"), tr("Reports in a row")},
        {QStringLiteral("hours"), tr("Longer than")},
        {QStringLiteral("rate"), tr("Calls per second above")},
        {QStringLiteral("windowSeconds"), tr("Within")},
        {QStringLiteral("perServer"), tr("Counted per server")}};
    return labels.value(param, param);
}

QString AlertRuleForm::unitOf(const QString &param)
{
    if (param.endsWith(QStringLiteral("Seconds")))
        return tr(" s");
    if (param == u"minutes")
        return tr(" min");
    if (param == u"hours")
        return tr(" h");
    if (param == u"lossPct")
        return tr(" %");
    if (param == u"rate")
        return tr(" /s");
    if (param == u"count")
        return tr(" records");
    return {};
}

QString AlertRuleForm::countingNote(Monitor::AlertCounting counting)
{
    return counting == Monitor::AlertCounting::Channels
               ? tr("A call counts once however many of its events match.")
               : tr("Every matching event counts: one hangup alone is several events.");
}

AlertRuleForm::AlertRuleForm(QWidget *parent) : QWidget(parent)
{
    m_name = new QLineEdit(this);
    m_name->setObjectName(QStringLiteral("ruleName"));
    m_name->setMaxLength(Monitor::AlertRules::kMaxNameLength);
    m_enabled = new QCheckBox(tr("&Enabled"), this);
    m_enabled->setObjectName(QStringLiteral("ruleEnabled"));
    m_severity = new QComboBox(this);
    m_severity->setObjectName(QStringLiteral("ruleSeverity"));
    for (Monitor::AlertSeverity s : kSeverities)
        m_severity->addItem(AlertsModel::severityText(s));
    m_notify = new QCheckBox(tr("&Notify (tray message)"), this);
    m_notify->setObjectName(QStringLiteral("ruleNotify"));
    m_sound = new QCheckBox(tr("&Sound"), this);
    m_sound->setObjectName(QStringLiteral("ruleSound"));
    m_silence = new QLabel(this);
    m_silence->setObjectName(QStringLiteral("ruleSilence"));
    auto *unsilence = new QPushButton(tr("&Unsilence"), this);
    unsilence->setObjectName(QStringLiteral("ruleUnsilence"));
    m_unsilence = unsilence;
    connect(unsilence, &QPushButton::clicked, this, &AlertRuleForm::unsilenceRequested);
    m_expression = new QLineEdit(this);
    m_expression->setObjectName(QStringLiteral("ruleExpression"));
    // An example that means what it says whichever way the rule counts: one event per call.
    m_expression->setPlaceholderText(QStringLiteral(
        "Event-Name == CHANNEL_HANGUP_COMPLETE and Hangup-Cause == NO_ROUTE_DESTINATION"));
    m_expression->setMaxLength(Monitor::AlertRules::kMaxExpressionLength);
    m_expression->setToolTip(tr("A filter expression, as in the event log's filter box"));
    m_expressionError = new QLabel(this);
    m_expressionError->setObjectName(QStringLiteral("ruleExpressionError"));
    m_expressionError->setStyleSheet(QStringLiteral("color: #b02a37;"));
    m_expressionError->setWordWrap(true);
    // Its two lines are always there, empty while the expression is valid: the fields below must
    // not move up under the pointer when the error goes (a click meant for "More than" landed on
    // "Within").
    m_expressionError->setFixedHeight(2 * m_expressionError->fontMetrics().lineSpacing());
    m_expressionError->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    m_about = new QLabel(this);
    m_about->setObjectName(QStringLiteral("ruleAbout"));
    m_about->setWordWrap(true);
    m_params = new QWidget(this);
    m_paramsForm = new QFormLayout(m_params);
    m_paramsForm->setContentsMargins(0, 0, 0, 0);

    auto *form = new QFormLayout(this);
    form->addRow(tr("Name:"), m_name);
    form->addRow(m_about);
    form->addRow(m_enabled);
    form->addRow(tr("Se&verity:"), m_severity);
    form->addRow(m_notify);
    form->addRow(m_sound);
    auto *silenceRow = new QHBoxLayout;
    silenceRow->addWidget(m_silence, 1);
    silenceRow->addWidget(unsilence);
    form->addRow(tr("Silenced:"), silenceRow);
    m_expressionLabel = new QLabel(tr("E&xpression:"), this);
    m_expressionLabel->setBuddy(m_expression);
    form->addRow(m_expressionLabel, m_expression);
    form->addRow(QString(), m_expressionError);
    form->addRow(m_params);

    const auto edited = [this] {
        if (m_loading)
            return;
        m_rule.name = m_rule.isBuiltIn() ? m_rule.name : m_name->text();
        m_rule.enabled = m_enabled->isChecked();
        m_rule.severity = kSeverities.value(m_severity->currentIndex());
        m_rule.notify = m_notify->isChecked();
        m_rule.sound = m_sound->isChecked();
        if (!m_rule.isBuiltIn())
            m_rule.expression = m_expression->text();
        Q_EMIT this->edited();
    };
    connect(m_name, &QLineEdit::textEdited, this, edited);
    connect(m_expression, &QLineEdit::textChanged, this, edited);
    for (QCheckBox *box : {m_enabled, m_notify, m_sound})
        connect(box, &QCheckBox::toggled, this, edited);
    connect(m_severity, &QComboBox::currentIndexChanged, this, edited);
}

void AlertRuleForm::setRule(const Monitor::AlertRule &rule)
{
    m_loading = true;
    m_rule = rule;
    m_name->setText(rule.name);
    m_name->setReadOnly(rule.isBuiltIn());
    m_enabled->setChecked(rule.enabled);
    m_severity->setCurrentIndex(int(kSeverities.indexOf(rule.severity)));
    m_notify->setChecked(rule.notify);
    m_sound->setChecked(rule.sound);
    m_expressionLabel->setVisible(!rule.isBuiltIn());
    m_expression->setVisible(!rule.isBuiltIn());
    m_expressionError->setVisible(!rule.isBuiltIn());
    m_about->setText(aboutOf(rule.kind));
    if (m_expression->text() != rule.expression)
        m_expression->setText(rule.expression);
    rebuildParams();
    m_loading = false;
}

void AlertRuleForm::rebuildParams()
{
    while (m_paramsForm->rowCount() > 0)
        m_paramsForm->removeRow(0);
    for (const Monitor::AlertParamSpec &spec : Monitor::AlertRules::paramSpecs(m_rule.kind)) {
        const QString name = spec.name;
        QWidget *field = nullptr;
        if (spec.boolean) {
            auto *box = new QCheckBox(labelOf(name), m_params);
            box->setChecked(m_rule.param(name) != 0);
            connect(box, &QCheckBox::toggled, this, [this, name](bool on) {
                m_rule.params.insert(name, on ? 1 : 0);
                Q_EMIT edited();
            });
            field = box;
            m_paramsForm->addRow(box);
        } else {
            auto *spin = new TrimmedSpinBox(m_params);
            spin->setDecimals(spec.integer ? 0 : spec.min < 0.01 ? 3 : 1);
            spin->setRange(spec.min, spec.max);
            spin->setSuffix(unitOf(name));
            spin->setValue(m_rule.param(name));
            connect(spin, &QDoubleSpinBox::valueChanged, this, [this, name](double v) {
                m_rule.params.insert(name, v);
                Q_EMIT edited();
            });
            field = spin;
            if (m_rule.kind == Monitor::AlertKind::Custom && name == u"count") {
                addCounting(spin);
            } else {
                m_paramsForm->addRow(labelOf(name) + u':', spin);
            }
        }
        field->setObjectName(QStringLiteral("param_") + name);
        field->setToolTip(spec.meaning);
    }
}

void AlertRuleForm::addCounting(QDoubleSpinBox *spin)
{
    // "More than [3] [calls ▾]": what the threshold counts, chosen beside it.
    spin->setSuffix({});
    auto *counting = new QComboBox(m_params);
    counting->setObjectName(QStringLiteral("ruleCounting"));
    counting->addItem(tr("calls"));
    counting->addItem(tr("events"));
    counting->setCurrentIndex(m_rule.count == Monitor::AlertCounting::Channels ? 0 : 1);
    auto *note = new QLabel(countingNote(m_rule.count), m_params);
    note->setObjectName(QStringLiteral("ruleCountingNote"));
    note->setWordWrap(true);
    connect(counting, &QComboBox::currentIndexChanged, this, [this, note](int index) {
        m_rule.count = index == 0 ? Monitor::AlertCounting::Channels : Monitor::AlertCounting::Records;
        note->setText(countingNote(m_rule.count));
        Q_EMIT edited();
    });
    auto *row = new QHBoxLayout;
    row->addWidget(spin, 1);
    row->addWidget(counting);
    m_paramsForm->addRow(labelOf(QStringLiteral("count")) + u':', row);
    m_paramsForm->addRow(QString(), note);
}

void AlertRuleForm::showExpressionError(const QString &text, qsizetype position)
{
    m_expressionError->setText(text);
    if (!text.isEmpty() && position >= 0 && !m_expression->hasFocus())
        m_expression->setCursorPosition(int(position));
}

QString AlertRuleForm::expressionError() const
{
    return m_expressionError->text();
}

void AlertRuleForm::showSilence(const QString &text)
{
    m_silence->setText(text.isEmpty() ? tr("no") : text);
    m_unsilence->setEnabled(!text.isEmpty());
}

} // namespace Ui
