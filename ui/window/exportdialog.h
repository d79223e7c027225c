#pragma once
// The export dialog: Qt's own file dialog (so that it can hold more than a file name), whose name
// filters are the formats offered, with a line saying how the chosen format opens again and, while
// CSV is chosen, the columns to write: the event log's shown columns first and ticked, then
// every other pseudo-column, any header added by name; dragged into the order wanted.
//
// A name that ends in another format's extension is refused with a message saying why, and the
// dialog stays open; a name without an extension gets the format's (Monitor::ExportFiles).

#include "monitor/exportfiles.h"

#include <QFileDialog>

class QLabel;
class QLineEdit;
class QListWidget;

namespace Ui {

class ExportDialog : public QFileDialog
{
    Q_OBJECT

public:
    using Kind = Monitor::ExportFiles::Kind;

    // `kinds` in the order offered, the first chosen; `name` the suggested file name (its
    // extension follows the format chosen).
    ExportDialog(QWidget *parent, const QString &title, const QList<Kind> &kinds,
                 const QString &name);

    // The CSV columns shown in the log: ticked, first, in this order.
    void setShownCsvColumns(const QStringList &columns);

    [[nodiscard]] Kind kind() const;
    // After accept(): the file to write.
    [[nodiscard]] QString path() const { return m_path; }
    // The ticked CSV columns, in the chooser's order.
    [[nodiscard]] QStringList csvColumns() const;
    [[nodiscard]] QListWidget *csvChooser() const { return m_columns; }

    void accept() override;

private:
    void formatChosen();
    void addHeaderColumn();
    void addColumn(const QString &column, bool ticked);

    QWidget *m_csvPanel = nullptr;
    QListWidget *m_columns = nullptr;
    QLineEdit *m_header = nullptr;
    QLabel *m_note = nullptr;
    QString m_path;
};

} // namespace Ui
