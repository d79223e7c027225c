#include "ui/calls/callssortproxy.h"

#include "ui/calls/callsmodel.h"

namespace Ui {

bool CallsSortProxy::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    if (left.column() != CallsModel::Quality)
        return QSortFilterProxyModel::lessThan(left, right);
    const QVariant l = left.data(sortRole());
    const QVariant r = right.data(sortRole());
    if (l.isValid() && r.isValid())
        return l.toDouble() < r.toDouble();
    if (l.isValid() == r.isValid())
        return false; // both unknown: their order stays (the sort is stable)
    // Descending sorts with lessThan(right, left): an unknown must then be the "lesser" one to
    // come last.
    const bool unknownLast = sortOrder() == Qt::AscendingOrder;
    return unknownLast ? l.isValid() : r.isValid();
}

} // namespace Ui
