#pragma once
// How the operator arranged the wallboard: what a tile stands for (the grouping), which numbers
// a tile shows, how many columns (0: as many as fit best), how large the type is, dark or light.
// Kept in the application's QSettings under "wallboard/" and restored when the board opens again.
// No widgets: the board and its tests read and write the same value.

#include "monitor/wallboardfigures.h"

#include <QList>

namespace Ui {

struct WallboardLayout
{
    Monitor::WallboardGrouping grouping = Monitor::WallboardGrouping::Servers;
    // Shown in this order (the order of WallboardFigure), never empty.
    QList<Monitor::WallboardFigure> figures = allFigures();
    int columns = 0; // 0: auto
    double fontScale = 1.0;
    bool dark = true;

    static constexpr int kMaxColumns = 8;
    static constexpr double kMinFontScale = 0.6;
    static constexpr double kMaxFontScale = 1.6;

    [[nodiscard]] bool shows(Monitor::WallboardFigure figure) const
    {
        return figures.contains(figure);
    }
    // Shows or hides one figure, keeping the order and at least one figure.
    void setShown(Monitor::WallboardFigure figure, bool shown);

    [[nodiscard]] static QList<Monitor::WallboardFigure> allFigures();
    [[nodiscard]] static WallboardLayout load();
    void save() const;

    friend bool operator==(const WallboardLayout &, const WallboardLayout &) = default;
};

} // namespace Ui
