#pragma once
// The event log (every event, filtered with the expression language, with a detail pane; the live
// one, or an opened log's in a window of its own) and
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
#include <QTimer>
#include <QWidget>

namespace Ui {

// Keeps a view scrolled to the bottom while rows arrive, unless the user scrolled up.
void followNewRows(QTableView *view);

// The filter applies a moment after the operator stops typing (kFilterDelayMs), so that the
// half-typed expressions on the way to a whole one ("Event-Name", a word nothing contains) do not
// empty the log at every key. An expression that does not compile leaves the last one that did
// applied, and says what is wrong, where, and what is still shown, beside the box. A valid one
// that shows nothing says why when a typo is the likely reason (filterhint.h). The message keeps
// its share of the line while hidden, so the box never narrows.
class EventLogPanel : public QWidget
{
    Q_OBJECT

public:
    // The live event log: the hub's records, as they arrive.
    explicit EventLogPanel(Monitor::Hub *hub, QWidget *parent = nullptr);
    // An opened log's records (not owned; it outlives the panel).
    explicit EventLogPanel(Monitor::OpenedLog *log, QWidget *parent = nullptr);

    [[nodiscard]] EventLogModel *model() { return &m_model; }
    [[nodiscard]] QTableView *view() { return m_view; }
    [[nodiscard]] QLineEdit *filterEdit() { return m_filter; }
    // The filter text the rows follow (the box may hold a newer one, still being typed or wrong).
    [[nodiscard]] QString appliedFilterText() const { return m_appliedText; }
    // The CSV columns of what the log shows: its visible columns, in the order they are shown.
    [[nodiscard]] QStringList shownCsvColumns() const;
    void followCall(const QStringList &uuids);

    static constexpr int kFilterDelayMs = 250;

private:
    void build();
    void checkFilter();
    void applyFilter();
    void showDetails();
    // Beside the box: an error (red) or a hint (quiet); empty hides it.
    void showMessage(const QString &text, bool error);

    EventLogModel m_model;
    QLineEdit *m_filter = nullptr;
    QLabel *m_filterError = nullptr;
    QLabel *m_following = nullptr;
    QTableView *m_view = nullptr;
    QPlainTextEdit *m_details = nullptr;
    QTimer m_filterDelay;
    std::optional<Monitor::Filter> m_typed; // the box's text compiled, when it compiles
    QString m_typedText;
    QString m_appliedText;
    bool m_hinting = false; // the message is a hint about the applied filter
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
