#pragma once
// Edit → Alert rules…: every built-in rule and the custom ones in a list, the selected one's
// settings beside it (AlertRuleForm). Custom rules are added and removed here; a custom rule's
// filter expression is checked as it is typed (the error and its position under the box), and
// Save stays disabled while any rule does not check (Monitor::AlertRules::validate), with the
// reason shown. Import… and Export… read and write the rules file (the engine's format, what
// `eslcat alerts --rules FILE` reads). Nothing is applied until Save: the window then stores the
// settings and hands them to the engine.

#include "ui/alerts/alertsettings.h"

#include <QDialog>

class QDialogButtonBox;
class QLabel;
class QListWidget;
class QPushButton;

namespace Ui {

class AlertRuleForm;

class AlertRulesDialog : public QDialog
{
    Q_OBJECT

public:
    // `nowMs`: the engine's now, against which silences are shown.
    AlertRulesDialog(const AlertSettings &settings, qint64 nowMs, QWidget *parent = nullptr);

    [[nodiscard]] AlertSettings settings() const;
    [[nodiscard]] AlertRuleForm *form() const { return m_form; }
    [[nodiscard]] QListWidget *list() const { return m_list; }
    [[nodiscard]] QPushButton *saveButton() const;
    // Why Save is disabled, or empty.
    [[nodiscard]] QString problem() const;

    void selectRule(const QString &id);
    // Adds a custom rule (selected); returns its id.
    QString addCustomRule();
    // Removes the selected custom rule (built-ins cannot be removed).
    bool removeSelectedRule();
    bool importFrom(const QString &path, QString *error = nullptr);
    bool exportTo(const QString &path, QString *error = nullptr) const;

private:
    void fillList();
    void showSelected();
    void ruleEdited();
    void validate();
    [[nodiscard]] QString itemText(const Monitor::AlertRule &rule) const;
    [[nodiscard]] QString silenceText(const QString &ruleId) const;
    [[nodiscard]] int current() const;

    AlertSettings m_settings;
    qint64 m_nowMs;
    QListWidget *m_list;
    AlertRuleForm *m_form;
    QPushButton *m_remove;
    QLabel *m_problem;
    QDialogButtonBox *m_buttons;
};

} // namespace Ui
