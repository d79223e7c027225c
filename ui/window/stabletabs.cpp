#include "ui/window/stabletabs.h"

#include <QHelpEvent>
#include <QRegularExpression>
#include <QToolTip>

#include <algorithm>
#include <climits>
#include <vector>

namespace Ui {

StableTabBar::StableTabBar(QWidget *parent) : QTabBar(parent)
{
    setElideMode(Qt::ElideRight);
}

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
    hint.setWidth(std::min(widest, widthCap()));
    return hint;
}

int StableTabBar::widthCap() const
{
    const auto *tabs = qobject_cast<const QTabWidget *>(parentWidget());
    const int available = tabs ? tabs->width() : width();
    if (count() == 0 || available <= 0)
        return INT_MAX;
    std::vector<int> widths;
    widths.reserve(size_t(count()));
    qint64 total = 0;
    for (int i = 0; i < count(); ++i) {
        const auto it = m_widest.constFind(keyOf(i));
        const int w = std::max(it == m_widest.cend() ? 0 : *it, QTabBar::tabSizeHint(i).width());
        widths.push_back(w);
        total += w;
    }
    if (total <= available)
        return INT_MAX;
    // The largest cap with sum(min(width, cap)) <= available: the narrow tabs keep their width,
    // the wide ones share what is left equally.
    std::sort(widths.begin(), widths.end());
    qint64 below = 0; // the widths under the cap
    const int n = int(widths.size());
    for (int i = 0; i < n; ++i) {
        const qint64 cap = (available - below) / (n - i);
        if (cap <= widths[size_t(i)])
            return std::max(1, int(cap));
        below += widths[size_t(i)];
    }
    return INT_MAX;
}

bool StableTabBar::event(QEvent *event)
{
    // An elided title reads whole in its tooltip (a tab's own tooltip, when set, wins).
    if (event->type() == QEvent::ToolTip) {
        const auto *help = static_cast<QHelpEvent *>(event);
        const int index = tabAt(help->pos());
        if (index >= 0 && tabToolTip(index).isEmpty()) {
            QString title = tabText(index);
            title.replace(QStringLiteral("&&"), QStringLiteral("\x01"));
            title.remove(u'&');
            title.replace(QStringLiteral("\x01"), QStringLiteral("&"));
            QToolTip::showText(help->globalPos(), title, this, tabRect(index));
            return true;
        }
    }
    return QTabBar::event(event);
}

StableTabWidget::StableTabWidget(QWidget *parent) : QTabWidget(parent)
{
    setTabBar(new StableTabBar(this));
}

void StableTabWidget::resizeEvent(QResizeEvent *event)
{
    // Setting the icon size marks the bar's layout dirty (QTabBar has no other public way): its
    // size hint and its tabs' are asked again, against the new width.
    tabBar()->setIconSize(tabBar()->iconSize());
    QTabWidget::resizeEvent(event);
}

} // namespace Ui
