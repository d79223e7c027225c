#include "ui/window/detailsnames.h"

#include "ui/window/detailspanel.h"

#include <QApplication>
#include <QStyle>

namespace Ui {

QString shortenedName(const QString &name, const QFontMetrics &metrics, int width)
{
    if (metrics.horizontalAdvance(name) <= width)
        return name;
    // Words and the separators after them: "Channel-", "Read-", "Codec-", "Name".
    QStringList words;
    qsizetype start = 0;
    for (qsizetype i = 0; i < name.size(); ++i) {
        if (name[i] == u'-' || name[i] == u'_') {
            words.append(name.mid(start, i + 1 - start));
            start = i + 1;
        }
    }
    words.append(name.mid(start));
    for (qsizetype w = 0; w + 1 < words.size(); ++w) {
        QString &word = words[w];
        if (word.size() > 2) // a letter and its separator
            word = word.left(1) + word.right(1);
        const QString shorter = words.join(QString());
        if (metrics.horizontalAdvance(shorter) <= width)
            return shorter;
    }
    return metrics.elidedText(words.join(QString()), Qt::ElideRight, width);
}

void DetailsNameDelegate::initStyleOption(QStyleOptionViewItem *option,
                                          const QModelIndex &index) const
{
    QStyledItemDelegate::initStyleOption(option, index);
    if (index.data(DetailsPanel::kSectionRole).toBool())
        return; // a section's title spans the row
    const QStyle *style = option->widget ? option->widget->style() : QApplication::style();
    const int margin = style->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, option->widget) + 1;
    option->text = shortenedName(option->text, option->fontMetrics, option->rect.width() - 2 * margin);
    option->textElideMode = Qt::ElideRight;
}

QString DetailsNameDelegate::shownText(const QModelIndex &index, const QRect &rect) const
{
    QStyleOptionViewItem option;
    option.rect = rect;
    option.widget = qobject_cast<const QWidget *>(parent());
    if (option.widget) {
        option.font = option.widget->font();
        option.fontMetrics = option.widget->fontMetrics();
    }
    initStyleOption(&option, index);
    return option.text;
}

} // namespace Ui
