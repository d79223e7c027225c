// The Quality column of the calls model: the MOS's colour by grade, and a call's row showing its
// worst leg (a call sounds as bad as its worst leg does to someone). A leg's own text, sort value
// and tooltip are in callsmodelcells.cpp, from qualitypresentation.h.

#include "ui/calls/callsmodel.h"

#include "ui/calls/callpresentation.h"
#include "ui/calls/qualitypresentation.h"

#include "monitor/bidi.h"

#include <QGuiApplication>

namespace Ui {

namespace Q = QualityPresentation;

QVariant CallsModel::qualityForeground(const Monitor::LegQuality &q, bool grey, qreal fade)
{
    if (grey)
        return CallPresentation::staleForeground();
    QColor colour = Q::gradeForeground(q.grade(), QGuiApplication::palette());
    if (!colour.isValid()) // good or unknown: the palette's text, faded as the row's other cells
        return fade < 1.0 ? QVariant(CallPresentation::fadedForeground(fade)) : QVariant();
    // An ended call keeps its MOS and its colour, fading with its row as the state does.
    colour.setAlphaF(float(0.3 + 0.7 * fade));
    return colour;
}

QVariant CallsModel::callQualityCell(const QList<const Monitor::Channel *> &legs, int role,
                                     bool grey, qreal fade) const
{
    const Monitor::Channel *worst = Q::worstLeg(legs);
    switch (role) {
    case Qt::DisplayRole:
        return worst ? Q::mosText(worst->quality) : QStringLiteral("—");
    case RawValueRole:
        return worst ? Q::sortValue(worst->quality) : QVariant();
    case Qt::ToolTipRole: {
        if (!worst)
            return {};
        const QString tip = Q::toolTip(worst->quality);
        int known = 0;
        for (const Monitor::Channel *leg : legs)
            known += leg && leg->quality.displayMos() >= 0;
        if (known < 2)
            return tip;
        return tr("Worst leg: %1\n%2")
            .arg(Monitor::isolated(worst->name.isEmpty() ? worst->uuid : worst->name), tip);
    }
    case Qt::ForegroundRole:
        return worst ? qualityForeground(worst->quality, grey, fade)
                     : qualityForeground({}, grey, fade);
    default:
        return {};
    }
}

} // namespace Ui
