#pragma once
// How Channel details writes a name too long for its column: so that two names still read apart.
// Cut in the middle, "Channel-Read-Codec-Name" and "Channel-Write-Codec-Name" both read
// "Channe…c-Name"; cut at the right, "current_application" and "current_application_data" both
// read "current_appli…". Instead the words before the last are shortened to their first letters,
// from the first on, until the name fits ("C-R-Codec-Name", "C-W-Codec-Name", "c_application",
// "c_application_data"); only a name that still does not fit is cut at the right. The tooltip has
// the whole name. Values keep the middle elision of Ui::BidiElideDelegate.

#include <QFontMetrics>
#include <QStyledItemDelegate>

namespace Ui {

// `name` within `width` pixels of `metrics`, shortened as above.
[[nodiscard]] QString shortenedName(const QString &name, const QFontMetrics &metrics, int width);

class DetailsNameDelegate : public QStyledItemDelegate
{
    Q_OBJECT

public:
    using QStyledItemDelegate::QStyledItemDelegate;

    // The text the name at `index` is drawn with in `view`, as painted now.
    [[nodiscard]] QString shownText(const QModelIndex &index, const QRect &rect) const;

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override;
};

} // namespace Ui
