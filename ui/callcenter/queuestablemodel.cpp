#include "ui/callcenter/queuestablemodel.h"

#include <QBrush>
#include <QGuiApplication>
#include <QHash>
#include <QPalette>

namespace Ui {

QueuesTableModel::QueuesTableModel(QStringList headers, QObject *parent)
    : QAbstractTableModel(parent), m_headers(std::move(headers))
{
}

int QueuesTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int QueuesTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_headers.size());
}

QVariant QueuesTableModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const Row &row = m_rows[index.row()];
    switch (role) {
    case Qt::DisplayRole:
        return row.cells.value(index.column());
    case KeyRole:
        return row.key;
    case Qt::ToolTipRole: {
        const QString text = row.cells.value(index.column());
        if (m_fullText.contains(index.column()) && !text.isEmpty())
            return row.tip.isEmpty() ? text : text + QStringLiteral("\n\n") + row.tip;
        return row.tip.isEmpty() ? QVariant() : QVariant(row.tip);
    }
    case Qt::DecorationRole:
        return index.column() == 0 && row.swatch.isValid() ? QVariant(row.swatch) : QVariant();
    case Qt::ForegroundRole:
        if (row.grey)
            return QBrush(QGuiApplication::palette().color(QPalette::Disabled, QPalette::Text));
        if (row.colour.isValid() && index.column() == row.colourColumn)
            return QBrush(row.colour);
        return {};
    default:
        return {};
    }
}

QVariant QueuesTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Horizontal && role == Qt::DisplayRole)
        return m_headers.value(section);
    return {};
}

void QueuesTableModel::update(const QList<Row> &rows)
{
    QHash<QString, int> wanted;
    for (int i = 0; i < rows.size(); ++i)
        wanted.insert(rows[i].key, i);
    // Gone: removed from the bottom up, in runs.
    for (int i = int(m_rows.size()) - 1; i >= 0;) {
        if (wanted.contains(m_rows[i].key)) {
            --i;
            continue;
        }
        int first = i;
        while (first > 0 && !wanted.contains(m_rows[first - 1].key))
            --first;
        beginRemoveRows({}, first, i);
        m_rows.remove(first, i - first + 1);
        endRemoveRows();
        i = first - 1;
    }
    // Staying: changed in place.
    QHash<QString, int> have;
    for (int i = 0; i < m_rows.size(); ++i) {
        have.insert(m_rows[i].key, i);
        const Row &next = rows[wanted.value(m_rows[i].key)];
        const Row &now = m_rows[i];
        if (now.cells != next.cells || now.grey != next.grey || now.colour != next.colour ||
            now.swatch != next.swatch || now.tip != next.tip) {
            m_rows[i] = next;
            Q_EMIT dataChanged(index(i, 0), index(i, columnCount() - 1));
        }
    }
    // New: appended in one batch, in the order given.
    QList<Row> added;
    for (const Row &r : rows) {
        if (!have.contains(r.key))
            added.append(r);
    }
    if (!added.isEmpty()) {
        beginInsertRows({}, int(m_rows.size()), int(m_rows.size() + added.size()) - 1);
        m_rows.append(added);
        endInsertRows();
    }
}

int QueuesTableModel::rowOf(const QString &key) const
{
    for (int i = 0; i < m_rows.size(); ++i) {
        if (m_rows[i].key == key)
            return i;
    }
    return -1;
}

QString QueuesTableModel::keyAt(int row) const
{
    return row >= 0 && row < m_rows.size() ? m_rows[row].key : QString();
}

} // namespace Ui
