#pragma once
// The calls tree view, which keeps the row under a resting pointer where it is on screen. Calls
// come, end and split while the operator aims at one; three clicks in an hour landed on the wrong
// row (a B leg, a column header, an ended call) because rows slid under the pointer. So:
//
//   - before a batch of changes the view notes the row under the pointer and its place on screen
//     (beginChanges()), and after it scrolls by as much as that row moved (endChanges());
//     it does the same when the view itself moves or is resized (a banner above it);
//   - when there is not enough to scroll (a short list, the end of the list), it lets the
//     scroll bar run past the last row for as long as the pointer rests on the view;
//   - rowsDownToPointer() names the rows from the top of the view to the pointer: the panel pins
//     their calls, so that nothing above the pointer that is on screen goes away (removals further
//     up are made up for by scrolling; insertions above by scrolling down).
//
// The pointer rests on the view while the widget under QCursor::pos() is the viewport; the
// viewport's mouse events (mouse tracking is on) and every batch of changes look again.

#include <QPersistentModelIndex>
#include <QTreeView>

namespace Ui {

class CallsView : public QTreeView
{
    Q_OBJECT

public:
    explicit CallsView(QWidget *parent = nullptr);

    [[nodiscard]] bool pointerRests() const { return m_resting; }
    // Where the pointer rests, in viewport coordinates (meaningful while pointerRests()).
    [[nodiscard]] QPoint pointer() const { return m_pointer; }
    // The rows (column 0) from the top of the viewport down to the one under the pointer, the
    // latter last; empty when the pointer rests on no row.
    [[nodiscard]] QModelIndexList rowsDownToPointer() const;
    // Looks where the pointer is now (the viewport's mouse events call it too).
    void updatePointer();
    // Notes which row is under the pointer and where it is on screen.
    void holdAnchor();
    // Scrolls so that the row noted by holdAnchor() is where it was; then notes it again.
    void restoreAnchor();
    // Around a batch of changes to the rows: updatePointer(), then restoreAnchor().
    void beginChanges();
    void endChanges();

Q_SIGNALS:
    // The pointer came, moved to another row, left, or the view scrolled under it: the rows
    // above it may be others.
    void pointerRowsChanged();

protected:
    bool viewportEvent(QEvent *event) override;
    void updateGeometries() override;
    void resizeEvent(QResizeEvent *event) override;
    void moveEvent(QMoveEvent *event) override;

private:
    [[nodiscard]] int screenTop(const QModelIndex &index) const;

    bool m_resting = false;
    QPoint m_pointer;
    QPersistentModelIndex m_anchor;  // the row under the pointer, column 0
    int m_anchorTop = 0;             // its top, in global coordinates
    QPersistentModelIndex m_lastRow; // the row pointerRowsChanged() was last sent for
    int m_reach = 0; // the scroll bar may go this far while the pointer rests (0: no further)
    bool m_scrolling = false; // restoreAnchor() is scrolling: not the operator
    bool m_changing = false;  // between beginChanges() and endChanges()
};

} // namespace Ui
