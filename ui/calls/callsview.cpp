#include "ui/calls/callsview.h"

#include <QApplication>
#include <QScrollBar>

#include <algorithm>
#include <climits>

namespace Ui {

CallsView::CallsView(QWidget *parent) : QTreeView(parent)
{
    // By pixel: a banner above the view moves the rows by a height that is no row's.
    setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    viewport()->setMouseTracking(true);
    connect(verticalScrollBar(), &QScrollBar::valueChanged, this, [this] {
        if (m_scrolling || !m_resting)
            return;
        holdAnchor(); // the operator scrolled: another row is under the pointer now
        Q_EMIT pointerRowsChanged();
    });
    // The operator opened or closed a call: the rows under the pointer are others now. (Not
    // while a batch of changes is applied: a new call opened then must not become the anchor.)
    connect(this, &QTreeView::expanded, this, [this] {
        if (!m_changing)
            holdAnchor();
    });
    connect(this, &QTreeView::collapsed, this, [this] {
        if (!m_changing)
            holdAnchor();
    });
}

int CallsView::screenTop(const QModelIndex &index) const
{
    const QRect rect = visualRect(index);
    return rect.isValid() ? viewport()->mapToGlobal(rect.topLeft()).y() : INT_MIN;
}

void CallsView::holdAnchor()
{
    if (!m_resting) {
        m_anchor = QPersistentModelIndex();
        return;
    }
    const QModelIndex under = indexAt(m_pointer);
    m_anchor = under.isValid() ? under.siblingAtColumn(0) : QModelIndex();
    m_anchorTop = m_anchor.isValid() ? screenTop(m_anchor) : 0;
}

void CallsView::beginChanges()
{
    updatePointer();
    m_changing = true;
}

void CallsView::endChanges()
{
    m_changing = false;
    restoreAnchor();
}

void CallsView::restoreAnchor()
{
    if (!m_resting)
        return;
    if (m_anchor.isValid()) {
        const int top = screenTop(m_anchor);
        const int moved = top == INT_MIN ? 0 : top - m_anchorTop;
        if (moved != 0) {
            QScrollBar *bar = verticalScrollBar();
            const int wanted = std::max(0, bar->value() + moved);
            if (wanted > bar->maximum()) {
                // Past the last row, for as long as the pointer rests here.
                m_reach = wanted;
                bar->setMaximum(wanted);
            }
            m_scrolling = true;
            bar->setValue(wanted);
            m_scrolling = false;
        }
    }
    holdAnchor();
    if (QModelIndex(m_lastRow) != QModelIndex(m_anchor)) {
        m_lastRow = m_anchor;
        Q_EMIT pointerRowsChanged();
    }
}

void CallsView::updateGeometries()
{
    QTreeView::updateGeometries();
    if (m_reach > verticalScrollBar()->maximum())
        verticalScrollBar()->setMaximum(m_reach);
}

void CallsView::resizeEvent(QResizeEvent *event)
{
    QTreeView::resizeEvent(event);
    restoreAnchor();
}

void CallsView::moveEvent(QMoveEvent *event)
{
    QTreeView::moveEvent(event);
    restoreAnchor();
}

bool CallsView::viewportEvent(QEvent *event)
{
    switch (event->type()) {
    case QEvent::MouseMove:
    case QEvent::MouseButtonPress: // a click with no move before it (xdotool, a touchpad tap)
    case QEvent::MouseButtonRelease:
    case QEvent::HoverMove:
    case QEvent::HoverEnter:
    case QEvent::HoverLeave:
    case QEvent::Enter:
    case QEvent::Leave:
        updatePointer();
        break;
    default:
        break;
    }
    return QTreeView::viewportEvent(event);
}

void CallsView::updatePointer()
{
    // Where the pointer is, not where the last event said: a Leave may never come (another window
    // popping up over the view, a test moving the cursor), so the panel asks again at each batch.
    const QPoint global = QCursor::pos();
    const bool resting = isVisible() && QApplication::widgetAt(global) == viewport();
    const bool came = resting && !m_resting;
    if (resting)
        m_pointer = viewport()->mapFromGlobal(global);
    if (!resting) {
        if (!m_resting)
            return;
        m_resting = false;
        m_anchor = QPersistentModelIndex();
        m_lastRow = QPersistentModelIndex();
        if (m_reach > 0) {
            // The room past the last row goes with the pointer; the list may settle now.
            m_reach = 0;
            updateGeometries();
        }
        Q_EMIT pointerRowsChanged();
        return;
    }
    m_resting = true;
    holdAnchor();
    if (came || QModelIndex(m_lastRow) != QModelIndex(m_anchor)) {
        m_lastRow = m_anchor;
        Q_EMIT pointerRowsChanged();
    }
}

QModelIndexList CallsView::rowsDownToPointer() const
{
    QModelIndexList rows;
    if (!m_resting)
        return rows;
    QModelIndex row = indexAt(m_pointer);
    while (row.isValid() && visualRect(row).bottom() >= 0) {
        rows.prepend(row.siblingAtColumn(0));
        row = indexAbove(row);
    }
    return rows;
}

} // namespace Ui
