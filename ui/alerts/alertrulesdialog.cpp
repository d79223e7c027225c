#include "ui/alerts/alertrulesdialog.h"

#include "ui/alerts/alertruleform.h"

#include <QDateTime>
#include <QDialogButtonBox>
#include <QFile>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QRegularExpression>
#include <QSaveFile>
#include <QScrollArea>
#include <QVBoxLayout>

namespace Ui {

AlertRulesDialog::AlertRulesDialog(const AlertSettings &settings, qint64 nowMs, QWidget *parent)
    : QDialog(parent), m_settings(settings), m_nowMs(nowMs)
{
    setObjectName(QStringLiteral("alertRulesDialog"));
    setWindowTitle(tr("Alert rules"));
    m_settings.forgetEndedSilences(nowMs);

    m_list = new QListWidget(this);
    m_list->setObjectName(QStringLiteral("alertRulesList"));
    m_form = new AlertRuleForm(this);
    auto *scroll = new QScrollArea(this);
    scroll->setWidget(m_form);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);

    auto *add = new QPushButton(tr("&Add custom rule"), this);
    add->setObjectName(QStringLiteral("addCustomRule"));
    connect(add, &QPushButton::clicked, this, [this] { addCustomRule(); });
    m_remove = new QPushButton(tr("Re&move"), this);
    m_remove->setObjectName(QStringLiteral("removeRule"));
    connect(m_remove, &QPushButton::clicked, this, [this] { removeSelectedRule(); });
    auto *importButton = new QPushButton(tr("&Import…"), this);
    connect(importButton, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Import alert rules"), {},
                                                          tr("Alert rules (*.json);;All files (*)"));
        QString error;
        if (!path.isEmpty() && !importFrom(path, &error))
            QMessageBox::warning(this, tr("Import alert rules"), error);
    });
    auto *exportButton = new QPushButton(tr("E&xport…"), this);
    connect(exportButton, &QPushButton::clicked, this, [this] {
        QString path = QFileDialog::getSaveFileName(this, tr("Export alert rules"),
                                                    QStringLiteral("alert-rules.json"),
                                                    tr("Alert rules (*.json)"));
        QString error;
        if (!path.isEmpty() && !exportTo(path, &error))
            QMessageBox::warning(this, tr("Export alert rules"), error);
    });

    m_problem = new QLabel(this);
    m_problem->setObjectName(QStringLiteral("alertRulesProblem"));
    m_problem->setStyleSheet(QStringLiteral("color: #b02a37;"));
    m_problem->setWordWrap(true);
    m_buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *left = new QVBoxLayout;
    left->addWidget(m_list, 1);
    auto *listButtons = new QHBoxLayout;
    listButtons->addWidget(add);
    listButtons->addWidget(m_remove);
    left->addLayout(listButtons);
    auto *files = new QHBoxLayout;
    files->addWidget(importButton);
    files->addWidget(exportButton);
    left->addLayout(files);
    auto *columns = new QHBoxLayout;
    columns->addLayout(left, 2);
    columns->addWidget(scroll, 3);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(columns, 1);
    layout->addWidget(m_problem);
    layout->addWidget(m_buttons);

    connect(m_list, &QListWidget::currentRowChanged, this, &AlertRulesDialog::showSelected);
    connect(m_form, &AlertRuleForm::edited, this, &AlertRulesDialog::ruleEdited);
    connect(m_form, &AlertRuleForm::unsilenceRequested, this, [this] {
        if (const int i = current(); i >= 0) {
            m_settings.silencedUntil.remove(m_settings.rules[i].id);
            m_form->showSilence({});
            m_list->item(i)->setText(itemText(m_settings.rules[i]));
        }
    });
    fillList();
    m_list->setCurrentRow(0);
    validate();
    resize(760, 480);
}

AlertSettings AlertRulesDialog::settings() const
{
    return m_settings;
}

QPushButton *AlertRulesDialog::saveButton() const
{
    return m_buttons->button(QDialogButtonBox::Save);
}

QString AlertRulesDialog::problem() const
{
    return m_problem->text();
}

int AlertRulesDialog::current() const
{
    const int row = m_list->currentRow();
    return row >= 0 && row < m_settings.rules.size() ? row : -1;
}

QString AlertRulesDialog::silenceText(const QString &ruleId) const
{
    const qint64 until = m_settings.silencedUntil.value(ruleId, 0);
    if (until <= m_nowMs)
        return {};
    if (until == AlertSettings::kUntilUnsilenced)
        return tr("until you unsilence it");
    return tr("until %1").arg(QDateTime::fromMSecsSinceEpoch(until).toString(
        QStringLiteral("yyyy-MM-dd HH:mm")));
}

QString AlertRulesDialog::itemText(const Monitor::AlertRule &rule) const
{
    QString text = rule.name.isEmpty() ? rule.id : rule.name;
    if (!rule.enabled)
        text += tr(" (off)");
    if (!silenceText(rule.id).isEmpty())
        text += tr(" (silenced)");
    return text;
}

void AlertRulesDialog::fillList()
{
    const QSignalBlocker quiet(m_list);
    m_list->clear();
    for (const Monitor::AlertRule &rule : std::as_const(m_settings.rules)) {
        auto *item = new QListWidgetItem(itemText(rule), m_list);
        item->setData(Qt::UserRole, rule.id);
        item->setToolTip(rule.id);
    }
}

void AlertRulesDialog::selectRule(const QString &id)
{
    for (int i = 0; i < m_list->count(); ++i) {
        if (m_list->item(i)->data(Qt::UserRole).toString() == id) {
            m_list->setCurrentRow(i);
            return;
        }
    }
}

void AlertRulesDialog::showSelected()
{
    const int i = current();
    m_form->setEnabled(i >= 0);
    m_remove->setEnabled(i >= 0 && !m_settings.rules[i].isBuiltIn());
    if (i < 0)
        return;
    m_form->setRule(m_settings.rules[i]);
    m_form->showSilence(silenceText(m_settings.rules[i].id));
    validate();
}

void AlertRulesDialog::ruleEdited()
{
    const int i = current();
    if (i < 0)
        return;
    m_settings.rules[i] = m_form->rule();
    m_list->item(i)->setText(itemText(m_settings.rules[i]));
    validate();
}

void AlertRulesDialog::validate()
{
    QString why;
    for (const Monitor::AlertRule &rule : std::as_const(m_settings.rules)) {
        if (const std::optional<Monitor::AlertRulesError> e = Monitor::AlertRules::validate(rule)) {
            const QString name = rule.name.isEmpty() ? rule.id : rule.name;
            why = e->position >= 0
                      ? tr("%1: %2 (at character %3)").arg(name, e->message).arg(e->position + 1)
                      : tr("%1: %2 %3").arg(name, e->field, e->message);
            break;
        }
    }
    if (const int i = current(); i >= 0) {
        const std::optional<Monitor::AlertRulesError> e =
            Monitor::AlertRules::validate(m_settings.rules[i]);
        if (e && e->field == u"expression")
            m_form->showExpressionError(
                e->position >= 0 ? tr("%1 (at character %2)").arg(e->message).arg(e->position + 1)
                                 : tr("The expression %1").arg(e->message),
                e->position);
        else
            m_form->showExpressionError({}, -1);
    }
    m_problem->setText(why);
    m_problem->setVisible(!why.isEmpty());
    saveButton()->setEnabled(why.isEmpty());
}

QString AlertRulesDialog::addCustomRule()
{
    static const QRegularExpression number(QStringLiteral("^custom-([0-9]+)$"));
    int n = 0;
    for (const Monitor::AlertRule &rule : std::as_const(m_settings.rules)) {
        if (const QRegularExpressionMatch m = number.match(rule.id); m.hasMatch())
            n = std::max(n, m.captured(1).toInt());
    }
    if (m_settings.rules.size() >= Monitor::AlertRules::kMaxRules)
        return {};
    const Monitor::AlertRule rule = Monitor::AlertRules::custom(n + 1, {}, tr("New rule"));
    m_settings.rules.append(rule);
    fillList();
    selectRule(rule.id);
    validate();
    return rule.id;
}

bool AlertRulesDialog::removeSelectedRule()
{
    const int i = current();
    if (i < 0 || m_settings.rules[i].isBuiltIn())
        return false;
    m_settings.silencedUntil.remove(m_settings.rules[i].id);
    m_settings.rules.removeAt(i);
    fillList();
    m_list->setCurrentRow(std::min(i, int(m_settings.rules.size()) - 1));
    validate();
    return true;
}

bool AlertRulesDialog::importFrom(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        if (error)
            *error = tr("Could not read %1: %2").arg(path, file.errorString());
        return false;
    }
    // One byte past the bound is enough to know the file is too large: fromJson refuses it.
    const QByteArray text = file.read(Monitor::AlertRules::kMaxFileBytes + 1);
    const Monitor::AlertRulesResult read = Monitor::AlertRules::fromJson(text);
    if (!read.ok) {
        if (error)
            *error = tr("%1 was not imported: %2").arg(path, read.error.toString());
        return false;
    }
    m_settings.rules = read.rules;
    fillList();
    m_list->setCurrentRow(0);
    validate();
    return true;
}

bool AlertRulesDialog::exportTo(const QString &path, QString *error) const
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) ||
        file.write(Monitor::AlertRules::toJson(m_settings.rules)) < 0 || !file.commit()) {
        if (error)
            *error = tr("Could not write %1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

} // namespace Ui
