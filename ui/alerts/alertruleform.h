#pragma once
// The right-hand side of the rule editor: one rule's settings — enabled, severity, notify,
// sound, its parameters as spin boxes with their units (the ranges and meanings of
// Monitor::AlertRules::paramSpecs), and for a custom rule its name, filter expression, count and
// window — "More than N [calls ▾ | events]", since a call's hangup is several events. Each rule
// says in one line what it watches. The expression's error line keeps its height when empty,
// so nothing moves under the pointer as it comes and goes. It edits a copy and says when it changed (edited()); the dialog checks and keeps it.

#include "monitor/alertrules.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QFormLayout;
class QLabel;
class QLineEdit;

namespace Ui {

class AlertRuleForm : public QWidget
{
    Q_OBJECT

public:
    explicit AlertRuleForm(QWidget *parent = nullptr);

    // Shows `rule` (rebuilding the parameters' fields for its kind).
    void setRule(const Monitor::AlertRule &rule);
    [[nodiscard]] const Monitor::AlertRule &rule() const { return m_rule; }
    // The expression's error under its box ("" hides it); the box's cursor goes to `position`.
    void showExpressionError(const QString &text, qsizetype position);
    [[nodiscard]] QString expressionError() const;
    // "Silenced until 15:30", with an Unsilence button; empty: not silenced.
    void showSilence(const QString &text);

    // The parameter's label and unit ("Grace", " s"), from its name.
    [[nodiscard]] static QString labelOf(const QString &param);
    [[nodiscard]] static QString unitOf(const QString &param);
    // One line of what a kind of rule watches and when it clears (alertrules.h, the README).
    [[nodiscard]] static QString aboutOf(Monitor::AlertKind kind);
    // What "calls" or "events" means under a custom rule's threshold.
    [[nodiscard]] static QString countingNote(Monitor::AlertCounting counting);

Q_SIGNALS:
    void edited();
    void unsilenceRequested();

private:
    void rebuildParams();
    void addCounting(QDoubleSpinBox *spin);

    Monitor::AlertRule m_rule;
    QLineEdit *m_name;
    QCheckBox *m_enabled;
    QComboBox *m_severity;
    QCheckBox *m_notify;
    QCheckBox *m_sound;
    QLabel *m_silence;
    QWidget *m_unsilence;
    QLabel *m_expressionLabel;
    QLineEdit *m_expression;
    QLabel *m_expressionError;
    QLabel *m_about;
    QWidget *m_params;
    QFormLayout *m_paramsForm;
    bool m_loading = false;
};

} // namespace Ui
