#pragma once
// The Conferences panel's questions before an action (a level, a file, a destination, an
// endpoint). Each names what it acts on in its first line ("Invite into conference 3100 on
// demo-pbx"), checks its answer as it is typed with the command's own builder, and keeps OK off
// with the reason shown below while the answer would be refused: no modal box after OK.

#include <QDialog>

#include <functional>

class QDialogButtonBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace Ui {

class ConferenceAskDialog : public QDialog
{
    Q_OBJECT

public:
    ConferenceAskDialog(const QString &title, const QString &target, QWidget *parent = nullptr);

    // A line of text ("conferenceAskText").
    QLineEdit *addText(const QString &label, const QString &start);
    // A number in [min, max] ("conferenceAskNumber").
    QSpinBox *addNumber(const QString &label, int value, int min, int max, int step = 1);
    // Any other input, in the form.
    void addRow(QWidget *label, QWidget *field);
    // Why the answer would be refused, or empty when it is fine; asked at every change.
    void setCheck(std::function<QString()> check);
    // Asks again (an input outside the ones added here changed).
    void recheck();

    [[nodiscard]] QString problem() const;
    [[nodiscard]] bool acceptable() const;

private:
    QFormLayout *m_form = nullptr;
    QLabel *m_problem = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
    std::function<QString()> m_check;
};

} // namespace Ui
