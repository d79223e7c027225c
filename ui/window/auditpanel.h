#pragma once
// The audit log as a dock: every command the console sent for the operator, with its time,
// server, exact text, the switch's reply and whether it worked, and every action it refused
// without sending anything ("refused", with the reason), newest at the bottom; exportable as CSV
// or JSON Lines.

#include "monitor/auditlog.h"

#include <QAbstractTableModel>
#include <QWidget>

class QTableView;

namespace Ui {

class AuditModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { Time, Server, Command, Result, Reply, ColumnCount };
    explicit AuditModel(Monitor::AuditLog *log, QObject *parent = nullptr);

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] int columnCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role) const override;
    [[nodiscard]] QVariant headerData(int section, Qt::Orientation orientation,
                                      int role) const override;

private:
    Monitor::AuditLog *m_log;
    int m_rows = 0;
};

class AuditPanel : public QWidget
{
    Q_OBJECT

public:
    explicit AuditPanel(Monitor::AuditLog *log, QWidget *parent = nullptr);
    [[nodiscard]] QTableView *view() { return m_view; }
    [[nodiscard]] AuditModel *model() { return &m_model; }
    // Asks for a file and writes the log there; an error is shown in a message box.
    void exportLog();

private:
    Monitor::AuditLog *m_log;
    AuditModel m_model;
    QTableView *m_view;
};

} // namespace Ui
