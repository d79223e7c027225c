#pragma once
// The alerts of the engine (Monitor::AlertEngine), one row each: active and acknowledged ones
// first, then the cleared; newest first within each. Rows are merged in place on each reading
// (SteadyRows: no row moves under a resting pointer), so the panel reads the engine on a short
// timer after it changes rather than at each of its signals, which a storm sends by the hundred.
// "Active only" leaves the cleared out.

#include "monitor/alert.h"

#include <QAbstractTableModel>
#include <QColor>

namespace Monitor {
class AlertEngine;
class Hub;
} // namespace Monitor

namespace Ui {

class AlertsModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column {
        Severity,
        State,
        Rule,
        Server,
        Subject,
        Message,
        Count,
        Fired,
        Last,
        Cleared,
        ColumnCount
    };

    struct Row
    {
        Monitor::Alert alert;
        QString ruleName;
        QColor colour; // its server's; invalid when it has none (all servers, a server gone)
        bool gone = false; // removed while the pointer rested above it
        QString order;     // SteadyRows: cleared last, then newest first
        [[nodiscard]] QString key() const { return QString::number(alert.id); }
    };

    // `hub` (may be null) gives the servers' colours.
    AlertsModel(Monitor::AlertEngine *engine, Monitor::Hub *hub, QObject *parent = nullptr);

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] int columnCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role) const override;
    [[nodiscard]] QVariant headerData(int section, Qt::Orientation orientation,
                                      int role) const override;

    void setActiveOnly(bool on) { m_activeOnly = on; }
    [[nodiscard]] bool activeOnly() const { return m_activeOnly; }
    // Reads the engine again; the first `pinnedRows` rows stay where they are.
    void refresh(int pinnedRows = 0);
    [[nodiscard]] const Row *row(int index) const;
    [[nodiscard]] int rowOf(quint64 alertId) const;

    [[nodiscard]] static QString severityText(Monitor::AlertSeverity severity);
    [[nodiscard]] static QColor severityColour(Monitor::AlertSeverity severity);
    [[nodiscard]] static QString stateText(Monitor::AlertState state);

private:
    [[nodiscard]] QVariant display(const Row &r, int column) const;

    Monitor::AlertEngine *m_engine;
    Monitor::Hub *m_hub;
    QList<Row> m_rows;
    bool m_activeOnly = false;
};

} // namespace Ui
