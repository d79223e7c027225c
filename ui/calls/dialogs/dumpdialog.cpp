// Show a channel's uuid_dump as a filterable table.
#include "ui/calls/dialogs/dumpdialog.h"

#include "ui/calls/dialogs/actiondialog.h"

#include "console/channeldump.h"

#include <QAction>
#include <QClipboard>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGuiApplication>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLineEdit>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace Ui {

using namespace DialogParts;

DumpDialog::DumpDialog(const QString &title, const QString &dumpText, QWidget *parent)
    : QDialog(parent), m_raw(dumpText)
{
    setObjectName(QStringLiteral("dumpDialog"));
    setWindowTitle(title);

    m_filter = lineEdit(this, "dumpFilter", {}, tr("Show only headers or values containing…"));
    m_filter->setClearButtonEnabled(true);

    m_table = named(new QTableWidget(0, 2, this), "dumpTable");
    m_table->setHorizontalHeaderLabels({tr("Header"), tr("Value")});
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setWordWrap(false);
    for (const Console::DumpLine &line : Console::readChannelDump(dumpText)) {
        const int row = m_table->rowCount();
        m_table->insertRow(row);
        m_table->setItem(row, 0, new QTableWidgetItem(line.name));
        auto *item = new QTableWidgetItem(line.value);
        item->setToolTip(item->text());
        m_table->setItem(row, 1, item);
    }
    m_table->resizeColumnToContents(0);
    m_table->installEventFilter(this);

    auto *copyRows = new QAction(tr("&Copy"), m_table);
    copyRows->setShortcut(QKeySequence::Copy);
    copyRows->setShortcutContext(Qt::WidgetShortcut); // the event filter handles the key
    connect(copyRows, &QAction::triggered, this, &DumpDialog::copySelection);
    m_table->addAction(copyRows);
    m_table->setContextMenuPolicy(Qt::ActionsContextMenu);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    QPushButton *copy = buttons->addButton(tr("Copy &All"), QDialogButtonBox::ActionRole);
    copy->setObjectName(QStringLiteral("copyAll"));
    copy->setAutoDefault(false);
    connect(copy, &QPushButton::clicked, this, &DumpDialog::copyAll);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *filterRow = new QFormLayout;
    filterRow->addRow(tr("&Filter:"), m_filter);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(filterRow);
    layout->addWidget(m_table, 1);
    layout->addWidget(buttons);

    connect(m_filter, &QLineEdit::textChanged, this, &DumpDialog::applyFilter);
    resize(720, 600);
}

QString DumpDialog::selectedText() const
{
    QString out;
    const QItemSelectionModel *selection = m_table->selectionModel();
    for (int row = 0; row < m_table->rowCount(); ++row) {
        if (m_table->isRowHidden(row) || !selection->isRowSelected(row, {}))
            continue;
        out += m_table->item(row, 0)->text() + QStringLiteral(": ") +
               m_table->item(row, 1)->text() + u'\n';
    }
    return out;
}

void DumpDialog::copyAll() const
{
    QGuiApplication::clipboard()->setText(m_raw);
}

void DumpDialog::copySelection() const
{
    const QString selected = selectedText();
    if (!selected.isEmpty())
        QGuiApplication::clipboard()->setText(selected);
}

bool DumpDialog::eventFilter(QObject *watched, QEvent *event)
{
    // The table's own Ctrl+C copies one cell; this copies whole rows.
    if (watched == m_table &&
        (event->type() == QEvent::KeyPress || event->type() == QEvent::ShortcutOverride) &&
        static_cast<QKeyEvent *>(event)->matches(QKeySequence::Copy)) {
        event->accept();
        if (event->type() == QEvent::KeyPress)
            copySelection();
        return true;
    }
    return QDialog::eventFilter(watched, event);
}

void DumpDialog::applyFilter(const QString &filter)
{
    for (int row = 0; row < m_table->rowCount(); ++row) {
        const bool shown = filter.isEmpty() ||
                           m_table->item(row, 0)->text().contains(filter, Qt::CaseInsensitive) ||
                           m_table->item(row, 1)->text().contains(filter, Qt::CaseInsensitive);
        m_table->setRowHidden(row, !shown);
    }
}

} // namespace Ui
