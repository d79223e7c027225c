#include "ui/window/stabletabs.h"

#include <QRegularExpression>

#include <algorithm>

namespace Ui {

StableTabBar::StableTabBar(QWidget *parent) : QTabBar(parent) {}

const void *StableTabBar::keyOf(int index) const
{
    // A tab is known by its page: indexes shift when tabs are inserted or moved.
    const auto *tabs = qobject_cast<const QTabWidget *>(parentWidget());
    return tabs ? static_cast<const void *>(tabs->widget(index)) : nullptr;
}

void StableTabBar::tabInserted(int index)
{
    QTabBar::tabInserted(index);
    // Room for a three-digit count from the start: "Queues" is as wide as "Queues (888)".
    QString title = tabText(index);
    static const QRegularExpression count(QStringLiteral(" \\(\\d+\\)"));
    title.remove(count);
    const int reserved = fontMetrics().horizontalAdvance(title + QStringLiteral(" (888)")) -
                         fontMetrics().horizontalAdvance(tabText(index));
    const QSize hint = QTabBar::tabSizeHint(index);
    m_widest[keyOf(index)] = hint.width() + std::max(0, reserved);
}

QSize StableTabBar::tabSizeHint(int index) const
{
    QSize hint = QTabBar::tabSizeHint(index);
    int &widest = m_widest[keyOf(index)];
    widest = std::max(widest, hint.width());
    hint.setWidth(widest);
    return hint;
}

StableTabWidget::StableTabWidget(QWidget *parent) : QTabWidget(parent)
{
    setTabBar(new StableTabBar(this));
}

} // namespace Ui
