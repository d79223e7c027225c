#include "ui/calls/callssortproxy.h"

#include "ui/calls/callsmodel.h"

namespace Ui {

bool CallsSortProxy::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    if (left.column() != CallsModel::Quality)
        return QSortFilterProxyModel::lessThan(left, right);
    const QVariant l = left.data(sortRole());
    const QVariant r = right.data(sortRole());
    if (l.isValid() == r.isValid()) {
        if (l.isValid() && l.toDouble() != r.toDouble())
            return l.toDouble() < r.toDouble();
        // A tie (the same MOS as shown, or both unknown) keeps the unsorted order, the order the
        // calls started, in both directions: a report that changes nothing shown must not swap
        // two "4.3" rows (a re-sort after dataChanged re-inserts a row by lessThan alone, so
        // "stable" needs the tie broken here). Descending asks lessThan(right, left).
        const bool earlier = left.row() < right.row();
        return sortOrder() == Qt::AscendingOrder ? earlier : !earlier && left.row() != right.row();
    }
    // Descending sorts with lessThan(right, left): an unknown must then be the "lesser" one to
    // come last.
    const bool unknownLast = sortOrder() == Qt::AscendingOrder;
    return unknownLast ? l.isValid() : r.isValid();
}

} // namespace Ui
