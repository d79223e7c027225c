// How the calls model changes its rows in few, large steps: removals bottom-up by runs (many
// scattered ones in one layout change), insertions where the start time puts them (appended in one
// signal, a few runs one by one, many in one layout change), and dataChanged in as few ranges as
// cover what changed.

#include "ui/calls/callsmodel.h"

#include <algorithm>
#include <unordered_set>

namespace Ui {

namespace {

constexpr int kMaxRuns = 16;       // more separate runs of changed rows than this: one span for all
constexpr int kMaxRemovedRuns = 8; // more separate runs of removed calls: one layout change
constexpr int kMaxInsertedRuns = 8; // more separate runs of inserted calls: one layout change

// Contiguous runs in rows sorted in descending order: (first, last) pairs, the highest first.
QList<std::pair<int, int>> runsDescending(QList<int> rows)
{
    std::sort(rows.begin(), rows.end(), std::greater<>());
    rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
    QList<std::pair<int, int>> runs;
    for (qsizetype i = 0; i < rows.size();) {
        const int last = rows[i];
        int first = last;
        while (++i < rows.size() && rows[i] == first - 1)
            first = rows[i];
        runs.append({first, last});
    }
    return runs;
}

template<typename Row> bool startsBefore(const Row *a, const Row *b)
{
    return a->startMs < b->startMs;
}

} // namespace

template<typename Row>
void CallsModel::removeTopRows(std::vector<Row *> &rows, QList<int> doomed, bool announce)
{
    const QList<std::pair<int, int>> runs = runsDescending(std::move(doomed));
    if (announce && runs.size() > kMaxRemovedRuns) {
        removeTopRowsInOneLayoutChange(rows, runs);
        return;
    }
    // Bottom-up, so the rows of the runs still to go stay where they are.
    for (const auto &[first, last] : runs) {
        if (announce)
            beginRemoveRows({}, first, last);
        rows.erase(rows.begin() + first, rows.begin() + last + 1);
        for (size_t r = size_t(first); r < rows.size(); ++r)
            rows[r]->row = int(r);
        if (announce)
            endRemoveRows();
    }
}

template<typename Row>
void CallsModel::removeTopRowsInOneLayoutChange(std::vector<Row *> &rows,
                                                const QList<std::pair<int, int>> &runs)
{
    // Each removal makes the proxy and the view renumber every row below it and every persistent
    // index there (one per expanded call): calls that ended together lie scattered among 5,000
    // live ones, and removing 50 of them run by run took 30 ms. Removed in one change of the
    // layout, as QSortFilterProxyModel::invalidate() removes what its filter drops, the work is
    // done once.
    Q_EMIT layoutAboutToBeChanged({}, QAbstractItemModel::NoLayoutChangeHint);
    std::vector<int> moved(rows.size()); // old row -> new row, -1 when it goes
    std::unordered_set<const void *> doomed;
    for (const auto &[first, last] : runs) {
        for (int r = first; r <= last; ++r) {
            moved[size_t(r)] = -1;
            doomed.insert(rows[size_t(r)]);
        }
    }
    size_t kept = 0;
    for (size_t r = 0; r < rows.size(); ++r) {
        if (moved[r] < 0)
            continue;
        moved[r] = int(kept);
        rows[kept] = rows[r];
        rows[kept]->row = int(kept);
        ++kept;
    }
    rows.resize(kept);
    const QModelIndexList from = persistentIndexList();
    QModelIndexList to;
    to.reserve(from.size());
    for (const QModelIndex &index : from) {
        if (index.internalPointer()) { // a leg: it stays as it is, unless its call went
            to.append(doomed.count(index.internalPointer()) ? QModelIndex() : index);
            continue;
        }
        const size_t old = size_t(index.row());
        const int row = old < moved.size() ? moved[old] : -1;
        to.append(row >= 0 ? createIndex(row, index.column(), nullptr) : QModelIndex());
    }
    changePersistentIndexList(from, to);
    Q_EMIT layoutChanged({}, QAbstractItemModel::NoLayoutChangeHint);
}

void CallsModel::removeLegsOf(Call *call, QList<int> rows)
{
    const bool tree = m_layout == Layout::Tree;
    const QModelIndex parent = tree ? createIndex(call->row, 0, nullptr) : QModelIndex();
    for (const auto &[first, last] : runsDescending(std::move(rows))) {
        if (tree)
            beginRemoveRows(parent, first, last);
        call->legs.remove(first, last - first + 1);
        if (tree)
            endRemoveRows();
    }
}

template<typename Row>
void CallsModel::insertInOrder(std::vector<Row *> &rows, std::vector<Row *> fresh, bool announce)
{
    if (fresh.empty())
        return;
    std::stable_sort(fresh.begin(), fresh.end(), startsBefore<Row>);
    if (!announce) { // the list the other layout keeps: in order, without a word
        rows.insert(rows.end(), fresh.begin(), fresh.end());
        std::stable_sort(rows.begin(), rows.end(), startsBefore<Row>);
        for (size_t r = 0; r < rows.size(); ++r)
            rows[r]->row = int(r);
        return;
    }
    // Where each goes: after every row that started no later than it (new calls come last).
    std::vector<std::pair<size_t, std::vector<Row *>>> runs;
    for (Row *row : fresh) {
        const size_t at = size_t(
            std::upper_bound(rows.begin(), rows.end(), row, startsBefore<Row>) - rows.begin());
        if (runs.empty() || runs.back().first != at)
            runs.push_back({at, {}});
        runs.back().second.push_back(row);
    }
    if (runs.size() > size_t(kMaxInsertedRuns)) {
        // A server with many calls connecting late: each inserted run would make the view
        // renumber every row below it. Appended in one signal, then put in order in one layout
        // change, as a sorting proxy does.
        const int first = int(rows.size());
        beginInsertRows({}, first, first + int(fresh.size()) - 1);
        for (Row *row : fresh) {
            row->row = int(rows.size());
            rows.push_back(row);
        }
        endInsertRows();
        Q_EMIT layoutAboutToBeChanged({}, QAbstractItemModel::VerticalSortHint);
        std::stable_sort(rows.begin(), rows.end(), startsBefore<Row>);
        std::vector<int> moved(rows.size()); // old row -> new row
        for (size_t r = 0; r < rows.size(); ++r) {
            moved[size_t(rows[r]->row)] = int(r);
            rows[r]->row = int(r);
        }
        const QModelIndexList from = persistentIndexList();
        QModelIndexList to;
        to.reserve(from.size());
        for (const QModelIndex &index : from) {
            to.append(index.internalPointer() || size_t(index.row()) >= moved.size()
                          ? index // a leg: its call's row is looked up when asked
                          : createIndex(moved[size_t(index.row())], index.column(), nullptr));
        }
        changePersistentIndexList(from, to);
        Q_EMIT layoutChanged({}, QAbstractItemModel::VerticalSortHint);
        return;
    }
    // Top-down: each run pushes the places of the runs after it down by its length.
    size_t shift = 0;
    for (auto &[at, run] : runs) {
        const int first = int(at + shift);
        beginInsertRows({}, first, first + int(run.size()) - 1);
        rows.insert(rows.begin() + first, run.begin(), run.end());
        for (size_t r = size_t(first); r < rows.size(); ++r)
            rows[r]->row = int(r);
        endInsertRows();
        shift += run.size();
    }
}

QList<std::pair<int, int>> CallsModel::announceRows(QList<int> rows, const QModelIndex &parent,
                                                    int firstColumn, int lastColumn,
                                                    const QList<int> &roles)
{
    if (rows.isEmpty())
        return {};
    const int count = rowCount(parent);
    QList<std::pair<int, int>> runs = runsDescending(std::move(rows));
    qsizetype changed = 0;
    for (const auto &[first, last] : runs)
        changed += last - first + 1;
    if (changed * 2 > count || runs.size() > kMaxRuns) {
        // Many rows: one signal. More than half: all of them, as the house style says.
        const int first = changed * 2 > count ? 0 : runs.last().first;
        const int last = changed * 2 > count ? count - 1 : runs.first().second;
        runs = {{first, last}};
    }
    for (const auto &[first, last] : runs)
        Q_EMIT dataChanged(index(first, firstColumn, parent), index(last, lastColumn, parent),
                           roles);
    return runs;
}

template void CallsModel::insertInOrder(std::vector<Call *> &, std::vector<Call *>, bool);
template void CallsModel::insertInOrder(std::vector<Leg *> &, std::vector<Leg *>, bool);
template void CallsModel::removeTopRows(std::vector<Call *> &, QList<int>, bool);
template void CallsModel::removeTopRows(std::vector<Leg *> &, QList<int>, bool);

} // namespace Ui
