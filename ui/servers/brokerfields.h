#pragma once
// The fields a RabbitMQ (mod_amqp) profile adds to the profile form: the broker's URL (checked as
// it is typed, its problem beside it), the CA file and verification for amqps://, the switches
// and events to watch, the switches expected at connect, and the command key. They are rows of
// the editor's form, shown only while the profile's kind is RabbitMQ.

#include "console/profile.h"

#include <QObject>

class QCheckBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QPushButton;
class QWidget;

namespace Ui {

class BrokerFields : public QObject
{
    Q_OBJECT

public:
    // Makes the widgets (children of `parent`) and inserts their rows into `form` from `row` on.
    BrokerFields(QFormLayout *form, int row, QWidget *parent);

    void setSettings(const Console::BrokerSettings &settings);
    [[nodiscard]] Console::BrokerSettings settings() const;
    void setRowsVisible(bool visible);
    // The widget of a broker field (for focusField), or null.
    [[nodiscard]] QWidget *widgetOf(Console::ProfileField field) const;
    [[nodiscard]] QWidget *firstField() const;
    [[nodiscard]] QWidget *lastField() const;
    // The URL's problem as shown beside it; empty when the URL is fine.
    [[nodiscard]] QString urlProblem() const;

Q_SIGNALS:
    void edited();
    void urlProblemChanged(); // the window may need to grow

private:
    void updateUrl();
    void chooseCaFile();

    QFormLayout *m_form;
    QWidget *m_parent;
    QLineEdit *m_url;
    QLabel *m_urlProblem;
    QLineEdit *m_caFile;
    QPushButton *m_browse;
    QWidget *m_caRow;
    QCheckBox *m_verify;
    QLineEdit *m_hostnames;
    QLineEdit *m_expected;
    QLineEdit *m_events;
    QLineEdit *m_commandKey;
    QList<QWidget *> m_rows; // the field of each row, to show or hide it
};

} // namespace Ui
