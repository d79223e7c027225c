#include "bidielidedelegate.h"

#include "monitor/bidi.h"

#include <QApplication>
#include <QPainter>
#include <QStyle>

namespace Ui {

void BidiElideDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                              const QModelIndex &index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    const QWidget *widget = opt.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();
    if (!opt.text.isEmpty() && Monitor::needsIsolation(opt.text)) {
        // The style's own text margins (QCommonStyle: the focus frame margin plus one, each side).
        const int margin = style->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, widget) + 1;
        const QRect textRect = style->subElementRect(QStyle::SE_ItemViewItemText, &opt, widget);
        const int width = textRect.width() - 2 * margin;
        if (opt.fontMetrics.horizontalAdvance(opt.text) > width) {
            const QString elided = opt.fontMetrics.elidedText(opt.text, opt.textElideMode, width);
            opt.text = Monitor::keepIsolatesBalanced(opt.text, elided);
        }
    }
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget);
}

} // namespace Ui
