#include "ui/window/auditpanel.h"

#include "ui/window/filecommands.h"

#include <QDateTime>
#include <QDir>
#include <QFileDialog>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QMessageBox>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace Ui {

AuditModel::AuditModel(Monitor::AuditLog *log, QObject *parent)
    : QAbstractTableModel(parent), m_log(log), m_rows(log->rowCount())
{
    connect(log, &Monitor::AuditLog::rowAdded, this, [this](int) {
        const int size = m_log->rowCount();
        if (size <= m_rows)
            return;
        beginInsertRows({}, m_rows, size - 1);
        m_rows = size;
        endInsertRows();
    });
    connect(log, &Monitor::AuditLog::rowFinished, this, [this](int index) {
        if (index < m_rows)
            Q_EMIT dataChanged(this->index(index, 0), this->index(index, ColumnCount - 1));
    });
}

int AuditModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_rows;
}

int AuditModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant AuditModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Monitor::AuditEntry &e = m_log->row(index.row());
    const bool pending = e.finishedMs == 0;
    if (role == Qt::DisplayRole || role == Qt::ToolTipRole) {
        switch (index.column()) {
        case Time:
            return QDateTime::fromMSecsSinceEpoch(e.timeMs).toString(
                QStringLiteral("HH:mm:ss.zzz"));
        case Server:
            return e.server;
        case Command:
            if (e.refused) // the action, since no command was made
                return role == Qt::ToolTipRole ? tr("Not sent: %1").arg(e.command)
                                               : tr("(not sent) %1").arg(e.command);
            return role == Qt::ToolTipRole
                       ? e.command
                       : QString(e.command).replace(u'\n', QStringLiteral(" ⏎ "));
        case Result:
            return e.refused ? tr("refused")
                   : pending ? tr("waiting")
                   : e.ok    ? tr("ok")
                             : tr("failed");
        case Reply:
            return role == Qt::ToolTipRole ? e.reply : e.reply.section(u'\n', 0, 0);
        }
    }
    if (role == Qt::ForegroundRole && index.column() == Result && !pending)
        return e.ok ? QColor(0x19, 0x87, 0x54) : QColor(0xb0, 0x2a, 0x37);
    return {};
}

QVariant AuditModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Time:
        return tr("Time");
    case Server:
        return tr("Server");
    case Command:
        return tr("Command");
    case Result:
        return tr("Result");
    case Reply:
        return tr("Reply");
    }
    return {};
}

AuditPanel::AuditPanel(Monitor::AuditLog *log, QWidget *parent)
    : QWidget(parent), m_log(log), m_model(log)
{
    m_view = new QTableView(this);
    m_view->setObjectName(QStringLiteral("auditView"));
    m_view->setModel(&m_model);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setAlternatingRowColors(true);
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 6);
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->setWordWrap(false);
    m_view->setColumnWidth(AuditModel::Time, 95);
    m_view->setColumnWidth(AuditModel::Server, 90);
    m_view->setColumnWidth(AuditModel::Command, 320);
    m_view->setColumnWidth(AuditModel::Result, 60);
    connect(&m_model, &QAbstractItemModel::rowsInserted, m_view,
            [this] { m_view->scrollToBottom(); });

    auto *exportButton = new QPushButton(tr("&Export…"), this);
    exportButton->setObjectName(QStringLiteral("exportAudit"));
    connect(exportButton, &QPushButton::clicked, this, &AuditPanel::exportLog);
    auto *bar = new QHBoxLayout;
    bar->setContentsMargins(0, 0, 0, 0);
    bar->addStretch(1);
    bar->addWidget(exportButton);
    auto *column = new QVBoxLayout(this);
    column->setContentsMargins(0, 0, 0, 0);
    column->addWidget(m_view, 1);
    column->addLayout(bar);
}

void AuditPanel::exportLog()
{
    QString chosen;
    const QString path =
        QFileDialog::getSaveFileName(this, tr("Export the audit log"),
                                     QDir(fileDialogFolder()).filePath(QStringLiteral("audit.csv")),
                                     tr("CSV (*.csv);;JSON Lines (*.jsonl)"), &chosen);
    if (path.isEmpty())
        return;
    rememberFileDialogFolder(path);
    // The extension decides; without one, the chosen filter does.
    const bool jsonLines =
        path.endsWith(QStringLiteral(".jsonl")) ||
        (!path.endsWith(QStringLiteral(".csv")) && chosen.contains(QStringLiteral("*.jsonl")));
    const QString error = jsonLines ? m_log->exportJsonLines(path) : m_log->exportCsv(path);
    if (!error.isEmpty())
        QMessageBox::warning(this, tr("Export failed"), error);
}

} // namespace Ui
