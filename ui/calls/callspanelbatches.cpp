// What the calls panel keeps in place around each batch of changes to the rows: the selection
// (by channel), the row under a resting pointer (CallsView), the selected row in view, and the
// pins on the calls the operator may be about to click.

#include "ui/calls/callspanel.h"

#include "ui/common/modelroles.h"

#include <QScrollBar>

namespace Ui {

QModelIndex CallsPanel::viewRowOf(const Monitor::ChannelKey &key, bool call) const
{
    const auto toView = [this](const QModelIndex &source) {
        return m_view->model() == &m_proxy ? m_proxy.mapFromSource(source) : source;
    };
    if (call) {
        if (const QModelIndex row = toView(m_model.callIndexOf(key));
            row.isValid() && channelAt(row) == key)
            return row;
    }
    return toView(m_model.indexOf(key));
}

void CallsPanel::beforeChanges()
{
    m_view->beginChanges(); // notes the row under the pointer
    beginAdjusting();
    const QModelIndex current = m_view->currentIndex();
    m_currentWasVisible =
        current.isValid() && m_view->viewport()->rect().intersects(m_view->visualRect(current));
}

void CallsPanel::afterChanges()
{
    const bool currentWasVisible = std::exchange(m_currentWasVisible, false);
    endAdjusting();
    m_view->endChanges();
    // The selected call stays in view (the toolbar acts on it), unless that would move the row
    // under the operator's pointer.
    const QModelIndex current = m_view->currentIndex();
    if (currentWasVisible && current.isValid() && !m_view->pointerRests() &&
        !m_view->viewport()->rect().intersects(m_view->visualRect(current)))
        m_view->scrollTo(current);
    updatePins();
}

void CallsPanel::noteChoice()
{
    m_chosen.clear();
    const QModelIndexList rows = m_view->selectionModel()->selectedRows();
    for (const QModelIndex &row : rows)
        m_chosen.append({channelAt(row), row.data(IsCallRole).toBool()});
    const QModelIndex current = m_view->currentIndex();
    m_chosenCurrent = {channelAt(current), current.data(IsCallRole).toBool()};
    if (m_chosenCurrent.first != m_shown) {
        m_shown = m_chosenCurrent.first;
        Q_EMIT currentChannelChanged(m_shown);
    }
    Q_EMIT selectionChanged();
}

void CallsPanel::beginAdjusting()
{
    if (m_adjusting++ > 0)
        return;
    m_selectionTouched = false;
    m_currentWasShown = m_view->currentIndex().isValid();
}

void CallsPanel::endAdjusting()
{
    if (--m_adjusting > 0)
        return;
    ++m_adjusting; // what is done here is not the operator's doing either
    // A chosen row removed and inserted again (its leg moved to a new call: a transfer, a park
    // that split the call), or filtered out and back, is the same channel: selected again.
    QItemSelectionModel *selection = m_view->selectionModel();
    const int lastColumn = m_view->model()->columnCount() - 1;
    QItemSelection lost;
    for (const auto &[key, call] : std::as_const(m_chosen)) {
        const QModelIndex row = viewRowOf(key, call);
        if (row.isValid() && !selection->isRowSelected(row.row(), row.parent()))
            lost.select(row, row.siblingAtColumn(lastColumn));
    }
    if (!lost.isEmpty())
        selection->select(lost, QItemSelectionModel::Select);
    // The current row: the chosen one where it shows, else none. Qt moves the current row to a
    // neighbour of a removed one, which would have the toolbar and Channel details act on a call
    // the operator never picked.
    const QModelIndex current = viewRowOf(m_chosenCurrent.first, m_chosenCurrent.second);
    const QModelIndex now = m_view->currentIndex();
    if (current.isValid() && current.siblingAtColumn(0) != now.siblingAtColumn(0))
        selection->setCurrentIndex(current, QItemSelectionModel::NoUpdate);
    else if (!current.isValid() && now.isValid())
        selection->setCurrentIndex(QModelIndex(), QItemSelectionModel::NoUpdate);
    // Anything selected on Qt's own initiative (a neighbour of a removed row) goes.
    QItemSelection stray;
    if (m_selectionTouched) {
        QSet<std::pair<Monitor::ChannelKey, bool>> chosen(m_chosen.cbegin(), m_chosen.cend());
        for (const QModelIndex &row : selection->selectedRows()) {
            if (!chosen.contains({channelAt(row), row.data(IsCallRole).toBool()}))
                stray.select(row, row.siblingAtColumn(lastColumn));
        }
    }
    if (!stray.isEmpty())
        selection->select(stray, QItemSelectionModel::Deselect);
    --m_adjusting;
    // Channel details follow the chosen channel: another when a split gave the call another
    // first leg, the same again when its row went (it says the channel ended or is gone).
    const Monitor::ChannelKey shown =
        current.isValid() ? channelAt(current) : m_chosenCurrent.first;
    const bool rowWent = m_currentWasShown && !current.isValid();
    if (shown != m_shown || rowWent) {
        m_shown = shown;
        Q_EMIT currentChannelChanged(shown);
    }
    if (std::exchange(m_selectionTouched, false) || !lost.isEmpty() || !stray.isEmpty())
        Q_EMIT selectionChanged();
}

void CallsPanel::updatePins()
{
    QSet<Monitor::ChannelKey> pins;
    QSet<Monitor::ChannelKey> held;
    if (m_menuCall.isValid())
        pins.insert(m_menuCall);
    // A row that goes above the pointer is made up for by scrolling up by its height, which the
    // list can do only as far as it is scrolled down: the topmost rows may go once their time is
    // up (CallsModel::pinLimit()), as far as that room goes; the others stay for as long as the
    // pointer rests, or the row under it would move (with the list at its top, always).
    const QModelIndexList rows = m_view->rowsDownToPointer();
    int room = m_view->verticalScrollBar()->value();
    for (qsizetype i = 0; i < rows.size(); ++i) {
        const Monitor::ChannelKey call{Monitor::ServerId(rows[i].data(ServerIdRole).toInt()),
                                       rows[i].data(CallKeyRole).toString()};
        pins.insert(call);
        if (i + 1 == rows.size())
            break; // the row under the pointer itself goes when its time is up
        const int height = m_view->visualRect(rows[i]).height();
        if (room >= height)
            room -= height;
        else
            held.insert(call);
    }
    m_model.setPinnedCalls(pins, held);
}

} // namespace Ui
