#pragma once
// The Alerts tab: every alert of the engine (Monitor::AlertEngine) with its severity, state,
// rule, server, subject, message, count and times — active ones first, newest first — and what
// the operator does with them: Acknowledge (Space), Silence the rule for 15 min / 1 h / 4 h or
// until unsilenced, Go to what it is about (Enter or a double-click), Show the records that
// triggered it, Export (CSV or JSON, the engine's formats) and Clear cleared. "Active only"
// hides the cleared ones.
//
// The engine signals each change, and a storm is hundreds of them: the table reads the engine
// 200 ms after the first (coalesced), keeps the selection by alert id (when the selected alert
// goes, nothing is selected rather than its neighbour) and moves no row under a resting pointer
// (SteadyRows). The title carries the count of alerts not cleared and a ⚠ while one of them is
// unacknowledged: "&Alerts (2) ⚠".
//
// Going to a call, queue, gateway or server, and showing records, is the window's business: the
// panel says what was asked (goToRequested, showRecordsRequested).

#include "monitor/alert.h"

#include <QTimer>
#include <QWidget>

#include <optional>

class QAction;
class QComboBox;
class QMenu;
class QTableView;

namespace Monitor {
class AlertEngine;
class Hub;
} // namespace Monitor

namespace Ui {

class AlertsModel;

class AlertsPanel : public QWidget
{
    Q_OBJECT

public:
    static constexpr int kCoalesceMs = 200;

    AlertsPanel(Monitor::AlertEngine *engine, Monitor::Hub *hub, QWidget *parent = nullptr);
    ~AlertsPanel() override;

    [[nodiscard]] AlertsModel *model() const { return m_model; }
    [[nodiscard]] QTableView *view() const { return m_view; }
    [[nodiscard]] QString title() const { return m_title; }
    void setActiveOnly(bool on);

    // The selected alert as the engine has it now (nothing when none is selected or it went).
    [[nodiscard]] std::optional<Monitor::Alert> selectedAlert() const;
    void selectAlert(quint64 id);

    // The actions, on the selected alert (what the toolbar, the menu and the keys do).
    bool acknowledgeSelected();
    // For `durationMs` from the engine's now; 0: until unsilenced.
    void silenceSelectedRule(qint64 durationMs);
    void unsilenceSelectedRule();
    void goToSelected();
    void showRecordsOfSelected();
    // Writes the alerts shown (CSV, or JSON for a name ending in .json); false with `error`.
    bool exportTo(const QString &path, QString *error = nullptr) const;
    int clearCleared();
    // Reads the engine now rather than on the timer.
    void refresh();

Q_SIGNALS:
    void titleChanged(const QString &title);
    void goToRequested(const Monitor::Alert &alert);
    void showRecordsRequested(const Monitor::Alert &alert);
    // The operator silenced (untilMs > 0) or unsilenced (0) a rule: the window keeps it.
    void ruleSilenced(const QString &ruleId, qint64 untilMs);

private:
    void scheduleRefresh();
    void noteSelection();
    void restoreSelection();
    void updateActions();
    void updateTitle();
    void askExport();

    Monitor::AlertEngine *m_engine;
    AlertsModel *m_model;
    QTableView *m_view;
    QComboBox *m_filter;
    QMenu *m_menu;
    QMenu *m_silenceMenu;
    QAction *m_acknowledge;
    QAction *m_unsilence;
    QAction *m_goTo;
    QAction *m_records;
    QAction *m_export;
    QAction *m_clearCleared;
    QList<QAction *> m_silences;
    QTimer m_coalesce;
    QString m_title;
    quint64 m_selected = 0; // the alert the operator chose; 0: none
    bool m_refreshing = false;
};

} // namespace Ui
