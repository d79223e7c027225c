#pragma once
// An item delegate that elides like the view (middle or right) but keeps Unicode isolates
// balanced across the ellipsis: a middle-elided "محمد العلي <4561902704>" would otherwise lose
// the isolate's end and draw "<4561902704…محمد" (Monitor::keepIsolatesBalanced).

#include <QStyledItemDelegate>

namespace Ui {

class BidiElideDelegate : public QStyledItemDelegate
{
    Q_OBJECT

public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
};

} // namespace Ui
