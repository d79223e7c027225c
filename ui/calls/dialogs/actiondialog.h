#pragma once
// What the call-action input dialogs share: the ActionDialog base (a "problem" label and
// OK/Cancel, kept in step with problem(): while something is wrong OK stays disabled and the label
// says what) and the small widget builders several dialogs use. What counts as a problem is
// decided in console/actioninput.h; the dialogs only collect what the operator types.

#include <QDialog>
#include <QLatin1StringView>
#include <QString>
#include <QStringList>

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLayout;
class QLineEdit;

namespace Console {
struct ApplicationChoices;
}

namespace Ui {

class ActionDialog : public QDialog
{
    Q_OBJECT

public:
    // Why the values cannot be used, in plain words, or empty when they can.
    [[nodiscard]] virtual QString problem() const = 0;

protected:
    explicit ActionDialog(QWidget *parent);
    // Lays out `content`, the problem label and the buttons; OK is labelled `okText`.
    void finish(QLayout *content, const QString &okText);
    // Shows problem() and enables OK when it is empty; connect inputs' change signals here.
    void validate();

private:
    QLabel *m_problem = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
};

namespace DialogParts {

// Tests and CallActions find the fields by object name.
template<typename W> W *named(W *widget, const char *name)
{
    widget->setObjectName(QLatin1StringView(name));
    return widget;
}

// A word-wrapped plain-text line above the fields.
[[nodiscard]] QLabel *heading(const QString &line, QWidget *parent);
[[nodiscard]] QLineEdit *lineEdit(QWidget *parent, const char *name, const QString &value,
                                  const QString &placeholder = {});

// An editable list of dialplan applications ("application"), offering the recent ones first
// and then the known ones (console/actionchoices.h); the first recent one is chosen.
[[nodiscard]] QComboBox *applicationCombo(QWidget *parent, const QStringList &recent);
// Replaces the list's entries with `choices`, a separator after the recent ones.
void fillApplications(QComboBox *combo, const Console::ApplicationChoices &choices);
// Shows what a known application takes as the arguments' placeholder.
void followApplication(QComboBox *application, QLineEdit *arguments);

} // namespace DialogParts

} // namespace Ui
