// What the calls panel keeps in place around each batch of changes to the rows: the selection
// (by channel), the row under a resting pointer (CallsView), the selected row in view, and the
// pins on the calls the operator may be about to click.

#include "ui/calls/callspanel.h"

#include "ui/common/modelroles.h"

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
    m_selectedBefore.clear();
    const QModelIndexList rows = m_view->selectionModel()->selectedRows();
    for (const QModelIndex &row : rows)
        m_selectedBefore.append({channelAt(row), row.data(IsCallRole).toBool()});
    const QModelIndex current = m_view->currentIndex();
    m_currentBefore = {channelAt(current), current.data(IsCallRole).toBool()};
    m_currentWasVisible =
        current.isValid() && m_view->viewport()->rect().intersects(m_view->visualRect(current));
}

void CallsPanel::afterChanges()
{
    // A selected row removed and inserted again (its leg moved to a new call: a transfer, a
    // park that split the call) is the same channel: it stays selected, and current.
    QItemSelectionModel *selection = m_view->selectionModel();
    QItemSelection lost;
    for (const auto &[key, call] : std::as_const(m_selectedBefore)) {
        const QModelIndex row = viewRowOf(key, call);
        if (row.isValid() && !selection->isRowSelected(row.row(), row.parent()))
            lost.select(row, row.siblingAtColumn(m_view->model()->columnCount() - 1));
    }
    if (!lost.isEmpty())
        selection->select(lost, QItemSelectionModel::Select);
    const QModelIndex current = viewRowOf(m_currentBefore.first, m_currentBefore.second);
    if (m_currentBefore.first.isValid() && current.isValid() &&
        current.siblingAtColumn(0) != m_view->currentIndex().siblingAtColumn(0))
        selection->setCurrentIndex(current, QItemSelectionModel::NoUpdate);
    m_view->endChanges();
    // The selected call stays in view (the toolbar acts on it), unless that would move the row
    // under the operator's pointer.
    if (m_currentWasVisible && current.isValid() && !m_view->pointerRests() &&
        !m_view->viewport()->rect().intersects(m_view->visualRect(current)))
        m_view->scrollTo(current);
    m_selectedBefore.clear();
    updatePins();
}

void CallsPanel::updatePins()
{
    QSet<Monitor::ChannelKey> pins;
    if (m_menuCall.isValid())
        pins.insert(m_menuCall);
    for (const QModelIndex &row : m_view->rowsDownToPointer())
        pins.insert(
            {Monitor::ServerId(row.data(ServerIdRole).toInt()), row.data(CallKeyRole).toString()});
    m_model.setPinnedCalls(pins);
}

} // namespace Ui
