#include "ui/calls/callsheaderstate.h"

#include "ui/calls/callsmodel.h"

#include <QBitArray>
#include <QDataStream>
#include <QHash>
#include <QList>
#include <QStandardItemModel>

namespace Ui {

int savedSectionCount(const QByteArray &state)
{
    // QHeaderView::saveState's layout (unchanged since Qt 4.3): a marker, a version, then the
    // orientation, the sort indicator, the visual and logical orders, the hidden sections, their
    // sizes, the total length and the count of sections.
    QDataStream in(state);
    in.setVersion(QDataStream::Qt_5_0);
    int marker = 0;
    int version = -1;
    in >> marker >> version;
    if (in.status() != QDataStream::Ok || marker != 0xff || version != 0)
        return -1;
    int orientation = 0;
    int order = 0;
    int sortSection = 0;
    bool sortShown = false;
    QList<int> visual;
    QList<int> logical;
    QBitArray hidden;
    QHash<int, int> hiddenSizes;
    int length = 0;
    int count = -1;
    in >> orientation >> order >> sortSection >> sortShown >> visual >> logical >> hidden >>
        hiddenSizes >> length >> count;
    if (in.status() != QDataStream::Ok || count < 0 || count > 100000)
        return -1;
    return count;
}

bool restoreCallsHeader(QHeaderView *header, const QByteArray &state)
{
    const int columns = header->count();
    const int saved = savedSectionCount(state);
    // One short: saved before Quality (the header columns are saved with the layout).
    if (saved < 0 || saved != columns - 1 || columns <= CallsModel::Quality)
        return header->restoreState(state);

    // Read the old layout through a header of its own size...
    QStandardItemModel oldModel(0, saved);
    QHeaderView old(header->orientation());
    old.setModel(&oldModel);
    if (!old.restoreState(state))
        return false;
    const int qualityWidth = header->sectionSize(CallsModel::Quality);
    // ...restore it as it is (resize modes, stretch, default sizes: what is not per column)...
    if (!header->restoreState(state))
        return false;
    // ...then put each old column at its new logical place.
    const auto moved = [](int logical) {
        return logical < CallsModel::Quality ? logical : logical + 1;
    };
    for (int logical = 0; logical < saved; ++logical) {
        header->resizeSection(moved(logical), old.sectionSize(logical));
        header->setSectionHidden(moved(logical), old.isSectionHidden(logical));
    }
    header->resizeSection(CallsModel::Quality, qualityWidth);
    header->setSectionHidden(CallsModel::Quality, false);
    // The visual order: the old one, with Quality right after "Answered by", as it comes by
    // default (callspanel.cpp).
    QList<int> order;
    for (int visual = 0; visual < saved; ++visual) {
        const int logical = old.logicalIndex(visual);
        order.append(moved(logical));
        if (logical == CallsModel::AnsweredBy)
            order.append(CallsModel::Quality);
    }
    if (!order.contains(CallsModel::Quality))
        order.append(CallsModel::Quality);
    for (int visual = 0; visual < order.size(); ++visual) {
        const int from = header->visualIndex(order.at(visual));
        if (from != visual && from >= 0)
            header->moveSection(from, visual);
    }
    const int sorted = old.sortIndicatorSection();
    header->setSortIndicator(sorted >= 0 && sorted < saved ? moved(sorted) : -1,
                             old.sortIndicatorOrder());
    return true;
}

} // namespace Ui
