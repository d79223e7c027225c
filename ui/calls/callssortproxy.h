#pragma once
// The calls view's sorting and filtering proxy: QSortFilterProxyModel on RawValueRole, except
// that a Quality cell with no MOS yet (an invalid raw value) sorts after every known one in both
// orders. Sorted by quality the operator looks for the worst calls (ascending) or the best ones;
// calls nothing is known of are neither, and must not crowd the top in either order. Equal MOS
// keep the unsorted order, so rows do not swap at every report.

#include <QSortFilterProxyModel>

namespace Ui {

class CallsSortProxy : public QSortFilterProxyModel
{
    Q_OBJECT

public:
    using QSortFilterProxyModel::QSortFilterProxyModel;

protected:
    [[nodiscard]] bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;
};

} // namespace Ui
