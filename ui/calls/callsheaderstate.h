#pragma once
// Puts the calls view's columns back as the operator left them (QHeaderView::saveState in the
// settings), also from a layout saved before the Quality column existed.
//
// A header's state is by logical column. Quality came in as the last built-in column, so the
// header columns the operator added (from CallsModel::FirstHeaderColumn on) moved one place to the
// right: restored as it is, an old layout would give the first added column's width and place to
// Quality and drop the last one's. Such a layout is known by its count of sections (one short of
// the model's); its columns are moved to their new places, Quality shown right after "Answered by"
// as it comes by default.

#include <QByteArray>
#include <QHeaderView>

namespace Ui {

// Restores `state` into the calls view's `header` (its model: a CallsModel, or a proxy of one,
// with the saved header columns added already). False when the state is not usable.
bool restoreCallsHeader(QHeaderView *header, const QByteArray &state);

// How many sections a saved header state holds; -1 when it is not one.
[[nodiscard]] int savedSectionCount(const QByteArray &state);

} // namespace Ui
