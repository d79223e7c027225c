#pragma once
// One tile of the wallboard: a title bar (the server's, fleet's or queue's name, marked with the
// server's colour) over a fixed grid of big numbers, each with a small label under it. Painted,
// not laid out from labels: its geometry depends on its size and on which figures it shows,
// never on the numbers, so nothing moves when a number changes. Digits are set right-aligned in
// a box sized for three digits (a wait: 8:88), so a count going from 9 to 10 grows to the left
// and the units stay put.
//
// Type sizes come from the tile's size (times the layout's font scale): a 1920×1080 wall gets
// numbers readable from across a room, a 1024×700 window still gets every number in.

#include "monitor/wallboardfigures.h"

#include <QWidget>

namespace Ui {

class WallboardTileView : public QWidget
{
    Q_OBJECT

public:
    // How a number reads against its thresholds.
    enum class Level { Normal, Warning, Critical, Unknown };

    // Waiting longer than this is critical.
    static constexpr qint64 kLongWaitMs = 2 * 60 * 1000;
    // MOS below these reads poor (critical) or fair (warning): LegQuality::grade()'s bands, so
    // the wall and the calls view's quality column agree (G.107: R 70 and R 80).
    static constexpr double kPoorMos = 3.6;
    static constexpr double kFairMos = 4.0;

    explicit WallboardTileView(QWidget *parent = nullptr);

    void setTile(const Monitor::WallboardTile &tile, qint64 nowMs);
    void setFigures(const QList<Monitor::WallboardFigure> &figures);
    void setDark(bool dark);
    void setFontScale(double scale);

    [[nodiscard]] const Monitor::WallboardTile &tile() const { return m_tile; }
    // The figures this tile shows: the layout's, less those that mean nothing on it.
    [[nodiscard]] QList<Monitor::WallboardFigure> shownFigures() const;
    // What the tile shows for `figure` ("—" when unknown or stale), and how it is coloured.
    [[nodiscard]] QString text(Monitor::WallboardFigure figure) const;
    [[nodiscard]] Level level(Monitor::WallboardFigure figure) const;
    // The line under the title: the subtitle (a queue's server, a fleet's count, a server's
    // link). Kept when stale, so two queues of the same name on different servers still differ.
    [[nodiscard]] QString subtitleLine() const;
    // The line under that while the numbers are unknown: "unknown since 14:03:12 (0:42 ago)";
    // empty while they are current.
    [[nodiscard]] QString statusLine() const;

    // The number size this tile's geometry and the layout's font scale give; the board caps every
    // tile at the smallest so that a number reads the same size everywhere on the wall.
    [[nodiscard]] double naturalNumberSize() const;
    void setNumberSizeCap(double pixels);
    [[nodiscard]] double numberSizeCap() const { return m_sizeCap; }

    [[nodiscard]] static QString valueText(const Monitor::WallboardTile &tile,
                                           Monitor::WallboardFigure figure);
    [[nodiscard]] static Level levelOf(const Monitor::WallboardTile &tile,
                                       Monitor::WallboardFigure figure);
    // "0:42", "12:05", "1h05": a wait as a wall reads it.
    [[nodiscard]] static QString waitText(qint64 ms);

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    static constexpr double kLabelShare = 0.3; // a label's size per pixel of the numbers'
    struct Grid
    {
        double margin = 0;
        QRectF card;
        double titleHeight = 0; // the bar the fonts are sized from
        double nameHeight = 0;  // the title's line in it
        double lineHeight = 0;  // a small line's (the subtitle's, the status line's)
        QRectF body;
        int columns = 1;
        int rows = 1;
        double cellWidth = 0;
        double cellHeight = 0;
    };
    [[nodiscard]] Grid grid() const;
    // The largest number size at which every cell holds its widest value.
    [[nodiscard]] double fitNumberSize() const;
    [[nodiscard]] QColor colourFor(Level level) const;
    [[nodiscard]] QFont titleFont(double titleHeight) const;
    [[nodiscard]] QFont smallFont(double titleHeight) const;
    // The status line as it fits `width`: the time kept, the words dropped first.
    [[nodiscard]] QString fittedStatusLine(const QFontMetricsF &metrics, double width) const;

    Monitor::WallboardTile m_tile;
    QList<Monitor::WallboardFigure> m_figures;
    qint64 m_nowMs = 0;
    bool m_dark = true;
    double m_fontScale = 1.0;
    double m_sizeCap = 0; // 0: none
};

} // namespace Ui
