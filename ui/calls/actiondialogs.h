#pragma once
// The dialogs behind the call-control actions: hang up, transfer, originate, run an application,
// send DTMF, record, show a uuid_dump, and the "are you sure?" question. They only collect and
// check what the operator types; CallControl sends it.
//
// Each input dialog checks its values as they are typed by running the Esl::Commands builder the
// action will use (with a dummy channel uuid), so the argument rules live in one place, and adds
// the checks a builder lacks (an empty field, a control character anywhere). While something is
// wrong OK stays disabled and the "problem" label says what, in the operator's words.

#include "console/appsettings.h"

#include "esl/commands.h"
#include "monitor/eventstore.h"

#include <QDialog>
#include <QList>
#include <QString>
#include <QStringList>

#include <utility>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QRadioButton;
class QSpinBox;
class QTableWidget;

namespace Ui {

// What the input dialogs share: the problem label and OK/Cancel, kept in step with problem().
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

// Hang up one or more channels with a chosen cause.
class HangupDialog : public ActionDialog
{
    Q_OBJECT

public:
    // `channels`: how each channel is described to people (CallControl::describe).
    explicit HangupDialog(const QStringList &channels, QWidget *parent = nullptr);

    [[nodiscard]] QString cause() const;
    [[nodiscard]] QString problem() const override;

private:
    QComboBox *m_cause;
};

// Blind transfer (uuid_transfer) or attended transfer (att_xfer) of one channel.
class TransferDialog : public ActionDialog
{
    Q_OBJECT

public:
    TransferDialog(const QString &channel, const Console::AppSettings &settings,
                   const QStringList &recentDestinations, QWidget *parent = nullptr);

    [[nodiscard]] QString destination() const;
    // leg() and dialplan() apply to a blind transfer only; attended() says which one it is.
    [[nodiscard]] Esl::Commands::Leg leg() const;
    [[nodiscard]] QString dialplan() const;
    [[nodiscard]] QString context() const;
    [[nodiscard]] bool attended() const;
    [[nodiscard]] QString problem() const override;

private:
    QComboBox *m_destination;
    QLineEdit *m_dialplan;
    QLineEdit *m_context;
    QComboBox *m_leg;
    QCheckBox *m_attended;
};

// Click to call: ring an endpoint and route the answered call to an extension or an application.
class OriginateDialog : public ActionDialog
{
    Q_OBJECT

public:
    OriginateDialog(const QList<std::pair<Monitor::ServerId, QString>> &servers,
                    const Console::AppSettings &settings, QWidget *parent = nullptr);

    [[nodiscard]] Monitor::ServerId server() const;
    // The call as typed: an extension with its dialplan and context, or an application with its
    // arguments, never both.
    [[nodiscard]] Esl::Commands::Originate request() const;
    [[nodiscard]] QString problem() const override;

private:
    void updateMode();

    QComboBox *m_server;
    QLineEdit *m_endpoint;
    QRadioButton *m_toExtension;
    QRadioButton *m_toApplication;
    QLineEdit *m_destination;
    QLineEdit *m_dialplan;
    QLineEdit *m_context;
    QComboBox *m_application;
    QLineEdit *m_arguments;
    QLineEdit *m_callerIdName;
    QLineEdit *m_callerIdNumber;
    QSpinBox *m_timeout;
};

// Run a dialplan application on a channel (sendmsg execute). The name starts empty, with the
// recent ones first in the list: text kept from the last time would have what is typed appended
// to it, and the switch hangs the caller up on a name it does not have.
class ExecuteDialog : public ActionDialog
{
    Q_OBJECT

public:
    ExecuteDialog(const QString &channel, const QStringList &recentApplications,
                  QWidget *parent = nullptr);

    // The switch's own applications (`show application as json`): the list offers them instead
    // of the built-in one, and a name that is not among them is refused.
    void setApplications(const QStringList &names);
    [[nodiscard]] QString application() const;
    [[nodiscard]] QString arguments() const;
    [[nodiscard]] bool eventLock() const;
    [[nodiscard]] QString problem() const override;

private:
    QComboBox *m_application;
    QLineEdit *m_arguments;
    QCheckBox *m_eventLock;
    QStringList m_recent;
    QStringList m_switchApplications; // empty while the switch has not said
};

// Send DTMF digits to a channel, typed or from a keypad.
class DtmfDialog : public ActionDialog
{
    Q_OBJECT

public:
    explicit DtmfDialog(const QString &channel, QWidget *parent = nullptr);

    [[nodiscard]] QString digits() const;
    [[nodiscard]] QString problem() const override;

private:
    QLineEdit *m_digits;
};

// Start recording a channel to a file on the switch.
class RecordDialog : public ActionDialog
{
    Q_OBJECT

public:
    // `path`: the suggestion, already expanded from the recording template.
    RecordDialog(const QString &channel, const QString &path, QWidget *parent = nullptr);

    [[nodiscard]] QString path() const;
    [[nodiscard]] QString problem() const override;

private:
    QLineEdit *m_path;
};

// A channel's uuid_dump as a table of "Name: value" lines, values percent-decoded, with a filter.
// Not modal by itself: show() it to keep it open beside the window.
class DumpDialog : public QDialog
{
    Q_OBJECT

public:
    DumpDialog(const QString &title, const QString &dumpText, QWidget *parent = nullptr);

    // The dump exactly as the switch sent it.
    [[nodiscard]] const QString &rawText() const { return m_raw; }
    // The selected visible rows as "Name: value" lines, values decoded, each ending in '\n'.
    [[nodiscard]] QString selectedText() const;
    void copyAll() const;
    void copySelection() const;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void applyFilter(const QString &text);

    QString m_raw;
    QLineEdit *m_filter;
    QTableWidget *m_table;
};

// Asks "are you sure?" before a destructive action, with "Don't ask again". Returns true at once
// when settings.confirmDestructive is off; when the operator says Yes and ticks the box, turns
// it off and saves the settings.
[[nodiscard]] bool confirmAction(QWidget *parent, const QString &title, const QString &text,
                                 Console::AppSettings &settings);

} // namespace Ui
