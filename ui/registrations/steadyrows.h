#pragma once
// How the Registrations tab's two tables take a new reading of the stores without a row moving
// under a resting pointer. Rows are kept in order (server, profile, user or gateway name); a new
// row goes to its place. But an operator aiming at a row saw it slide up as struck-out rows above
// it went, and a click landed on the next one. So the first `pinned` rows (everything from the
// top down to the row under a resting pointer) neither go nor let a row in above them: a row that
// went stays in its place, marked gone, and a row that belongs above waits; both settle once the
// pointer leaves (the next reading after it).
//
// A Row has key() (its identity: server and profile and Call-ID, or server and gateway) and a
// member `order` (the sort key the merge keeps the rows sorted by); `markGone(Row &)` marks a
// pinned row whose thing went.

#include <QAbstractItemModel>
#include <QHash>
#include <QList>
#include <QSet>
#include <QString>

#include <algorithm>
#include <functional>

namespace Ui::SteadyRows {

// The model's protected row signals, handed over by the model that owns the rows.
struct Signals
{
    std::function<void(int first, int last)> beginRemove;
    std::function<void()> endRemove;
    std::function<void(int first, int last)> beginInsert;
    std::function<void()> endInsert;
};

// Merges `fresh` (any order) into `rows` (sorted by `order`); `pinned` rows from the top stay put.
template<typename Row, typename MarkGone>
void merge(QList<Row> &rows, const QList<Row> &fresh, int pinned, const Signals &s,
           MarkGone markGone)
{
    pinned = std::clamp(pinned, 0, int(rows.size()));
    QHash<QString, qsizetype> freshIndex;
    for (qsizetype i = 0; i < fresh.size(); ++i) {
        if (!freshIndex.contains(fresh[i].key())) // a key listed twice is shown once
            freshIndex.insert(fresh[i].key(), i);
    }
    QSet<QString> kept;
    // Bottom up, so that a removal never shifts a row still to be looked at.
    for (qsizetype i = rows.size() - 1; i >= 0; --i) {
        const QString key = rows[i].key();
        const auto it = freshIndex.constFind(key);
        const bool inPlace = i < pinned;
        if (it == freshIndex.cend() || (!inPlace && fresh[*it].order != rows[i].order)) {
            if (inPlace) {
                markGone(rows[i]);
                kept.insert(key);
                continue;
            }
            // Gone, or its place changed (it comes back below at the right one).
            s.beginRemove(int(i), int(i));
            rows.removeAt(i);
            s.endRemove();
            continue;
        }
        const QString order = rows[i].order; // a pinned row keeps its place even if renamed
        rows[i] = fresh[*it];
        rows[i].order = order;
        kept.insert(key);
    }
    for (const Row &r : fresh) {
        if (kept.contains(r.key()))
            continue;
        const auto at = std::lower_bound(rows.cbegin(), rows.cend(), r.order,
                                         [](const Row &x, const QString &o) { return x.order < o; });
        const int pos = int(at - rows.cbegin());
        if (pos < pinned)
            continue; // above the pointer: it waits until the pointer leaves
        kept.insert(r.key());
        s.beginInsert(pos, pos);
        rows.insert(pos, r);
        s.endInsert();
    }
}

// One sort key from several fields, compared field by field (U+0001 sorts below any text).
inline QString orderOf(const QStringList &fields)
{
    return fields.join(QChar(1)).toCaseFolded();
}

} // namespace Ui::SteadyRows
