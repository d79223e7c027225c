#pragma once
// The event log (every event, filtered with the expression language, with a detail pane) and
// the console log (log/data lines coloured by level like fs_cli). Both follow the newest record
// until the operator scrolls up. While the console log has no rows, a hint over it says what log
// level each server was asked for: a switch sends no lines above it, and none at all to a profile
// that asked for none.

#include "ui/logs/consolelogmodel.h"
#include "ui/logs/eventlogmodel.h"

#include <QComboBox>
#include <QFontDatabase>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QTableView>
#include <QWidget>

namespace Ui {

// Keeps a view scrolled to the bottom while rows arrive, unless the user scrolled up.
void followNewRows(QTableView *view);

class EventLogPanel : public QWidget
{
    Q_OBJECT

public:
    explicit EventLogPanel(Monitor::Hub *hub, QWidget *parent = nullptr);

    [[nodiscard]] EventLogModel *model() { return &m_model; }
    [[nodiscard]] QTableView *view() { return m_view; }
    [[nodiscard]] QLineEdit *filterEdit() { return m_filter; }
    void followCall(const QStringList &uuids);

private:
    void applyFilter();
    void showDetails();

    Monitor::Hub *m_hub;
    EventLogModel m_model;
    QLineEdit *m_filter;
    QLabel *m_filterError;
    QLabel *m_following;
    QTableView *m_view;
    QPlainTextEdit *m_details;
};

class ConsoleLogPanel : public QWidget
{
    Q_OBJECT

public:
    explicit ConsoleLogPanel(Monitor::Hub *hub, QWidget *parent = nullptr);
    [[nodiscard]] ConsoleLogModel *model() { return &m_model; }
    [[nodiscard]] QTableView *view() { return m_view; }
    // The hint shown over the view while it has no rows.
    [[nodiscard]] QLabel *emptyHint() { return m_hint; }

private:
    void updateHint();

    Monitor::Hub *m_hub;
    ConsoleLogModel m_model;
    QTableView *m_view;
    QLabel *m_hint;
};

} // namespace Ui
