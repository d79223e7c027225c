#include "ui/window/exportdialog.h"

#include <QFileInfo>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QVBoxLayout>

namespace Ui {

namespace ExportFiles = Monitor::ExportFiles;

ExportDialog::ExportDialog(QWidget *parent, const QString &title, const QList<Kind> &kinds,
                           const QString &name)
    : QFileDialog(parent, title)
{
    setObjectName(QStringLiteral("exportDialog"));
    // The columns and the note live in the dialog's own layout, which a native dialog has not.
    setOption(QFileDialog::DontUseNativeDialog);
    setAcceptMode(QFileDialog::AcceptSave);
    setFileMode(QFileDialog::AnyFile);
    QStringList filters;
    for (const Kind kind : kinds)
        filters.append(ExportFiles::nameFilterOf(kind));
    setNameFilters(filters);
    selectFile(name);

    m_note = new QLabel(this);
    m_note->setObjectName(QStringLiteral("exportNote"));
    m_note->setWordWrap(true);

    m_csvPanel = new QWidget(this);
    m_columns = new QListWidget(m_csvPanel);
    m_columns->setObjectName(QStringLiteral("csvColumns"));
    m_columns->setDragDropMode(QAbstractItemView::InternalMove);
    m_columns->setToolTip(tr("Tick the columns to write; drag them into the order wanted."));
    m_columns->setMinimumHeight(m_columns->fontMetrics().height() * 7);
    m_columns->setMaximumHeight(m_columns->fontMetrics().height() * 10);
    m_header = new QLineEdit(m_csvPanel);
    m_header->setObjectName(QStringLiteral("csvHeaderColumn"));
    m_header->setPlaceholderText(tr("Another header, e.g. variable_sip_user_agent"));
    auto *add = new QPushButton(tr("Add column"), m_csvPanel);
    add->setAutoDefault(false);
    connect(add, &QPushButton::clicked, this, &ExportDialog::addHeaderColumn);
    connect(m_header, &QLineEdit::returnPressed, this, &ExportDialog::addHeaderColumn);
    auto *addRow = new QHBoxLayout;
    addRow->addWidget(m_header, 1);
    addRow->addWidget(add);
    auto *csv = new QVBoxLayout(m_csvPanel);
    csv->setContentsMargins(0, 0, 0, 0);
    csv->addWidget(new QLabel(tr("CSV columns:"), m_csvPanel));
    csv->addWidget(m_columns);
    csv->addLayout(addRow);

    if (auto *grid = qobject_cast<QGridLayout *>(layout())) {
        const int row = grid->rowCount();
        grid->addWidget(m_note, row, 0, 1, grid->columnCount());
        grid->addWidget(m_csvPanel, row + 1, 0, 1, grid->columnCount());
    }
    setShownCsvColumns({});
    connect(this, &QFileDialog::filterSelected, this, &ExportDialog::formatChosen);
    formatChosen();
}

void ExportDialog::setShownCsvColumns(const QStringList &columns)
{
    m_columns->clear();
    const QStringList choices = ExportFiles::csvChoices(columns);
    for (const QString &column : choices)
        addColumn(column, columns.contains(column));
}

void ExportDialog::addColumn(const QString &column, bool ticked)
{
    const QString label = ExportFiles::describeCsvColumn(column);
    auto *item = new QListWidgetItem(
        label == column ? column : QStringLiteral("%1  (%2)").arg(label, column), m_columns);
    item->setData(Qt::UserRole, column);
    item->setFlags(item->flags() | Qt::ItemIsUserCheckable | Qt::ItemIsDragEnabled);
    item->setFlags(item->flags() & ~Qt::ItemIsDropEnabled);
    item->setCheckState(ticked ? Qt::Checked : Qt::Unchecked);
}

void ExportDialog::addHeaderColumn()
{
    const QString name = m_header->text().trimmed();
    if (name.isEmpty())
        return;
    m_header->clear();
    for (int i = 0; i < m_columns->count(); ++i) {
        QListWidgetItem *item = m_columns->item(i);
        if (item->data(Qt::UserRole).toString().compare(name, Qt::CaseInsensitive) == 0) {
            item->setCheckState(Qt::Checked);
            return;
        }
    }
    addColumn(name, true);
}

ExportDialog::Kind ExportDialog::kind() const
{
    return ExportFiles::kindOfNameFilter(selectedNameFilter()).value_or(Kind::JsonLines);
}

QStringList ExportDialog::csvColumns() const
{
    QStringList out;
    for (int i = 0; i < m_columns->count(); ++i) {
        if (m_columns->item(i)->checkState() == Qt::Checked)
            out.append(m_columns->item(i)->data(Qt::UserRole).toString());
    }
    return out;
}

void ExportDialog::formatChosen()
{
    const bool csv = kind() == Kind::Csv;
    m_note->setText(ExportFiles::howItOpensAgain(kind()));
    if (csv == m_csvPanel->isVisibleTo(this))
        return;
    // The columns take room of their own rather than the file list's.
    const int extra = m_csvPanel->sizeHint().height() + layout()->spacing();
    m_csvPanel->setVisible(csv);
    if (isVisible())
        resize(width(), height() + (csv ? extra : -extra));
}

void ExportDialog::accept()
{
    const QStringList files = selectedFiles();
    if (files.isEmpty() || files.first().isEmpty())
        return;
    if (QFileInfo(files.first()).isDir()) {
        QFileDialog::accept(); // into the folder
        return;
    }
    const ExportFiles::NameCheck check = ExportFiles::checkFileName(files.first(), kind());
    if (!check.ok()) {
        QMessageBox::warning(this, tr("The name does not match the format"), check.problem);
        return;
    }
    if (kind() == Kind::Csv && csvColumns().isEmpty()) {
        QMessageBox::warning(this, tr("No columns chosen"),
                             tr("Tick at least one column for the CSV file."));
        return;
    }
    m_path = check.path;
    // The name with its extension, so that the question about replacing a file is about the
    // file that will be written.
    if (m_path != files.first())
        selectFile(m_path);
    QFileDialog::accept();
}

} // namespace Ui
