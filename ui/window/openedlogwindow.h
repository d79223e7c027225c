#pragma once
// A saved log or a journal session, opened: a window of its own over the records read (its own
// store, so the live event log never mixes with them), titled with the file's name, with the event
// log's filter and detail pane, its own File → Export of what it holds, and, for a call bundle,
// the call's channels above the records. Closing it frees the records.

#include "monitor/openedlog.h"

#include <QMainWindow>

#include <memory>

class QTableWidget;

namespace Ui {

class EventLogPanel;

class OpenedLogWindow : public QMainWindow
{
    Q_OBJECT

public:
    // `outcome`: how the reading ended, for the status bar ("9,031 records", "Stopped at line
    // 12: …"). A separate top-level window, deleted when closed and with its `parent`.
    OpenedLogWindow(std::unique_ptr<Monitor::OpenedLog> log, const QString &outcome,
                    QWidget *parent);
    ~OpenedLogWindow() override;

    [[nodiscard]] Monitor::OpenedLog *log() const { return m_log.get(); }
    [[nodiscard]] EventLogPanel *eventLogPanel() const { return m_panel; }
    // A call bundle's channels (null for other logs).
    [[nodiscard]] QTableWidget *channelsTable() const { return m_channels; }

private:
    void buildMenus();
    void addColumnMenu();
    QTableWidget *channelsView();

    std::unique_ptr<Monitor::OpenedLog> m_log;
    EventLogPanel *m_panel = nullptr;
    QTableWidget *m_channels = nullptr;
};

} // namespace Ui
